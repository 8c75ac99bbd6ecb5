/* gen_capture.c - write the benchmark's capture: what one interface of a
 * one-armed MASQUERADE router sees.  LAN clients (10.0.0.0/16) talk to
 * servers on the internet through the router (10.0.0.1 and 198.51.100.1
 * on eth0, default via 198.51.100.254); both directions of every flow
 * arrive on eth0, the replies addressed to the masqueraded address
 * 198.51.100.1 and the client's port (MASQUERADE keeps a free port).
 *
 *   gen_capture [-6] PACKETS FLOWS SECONDS [PER_FLOW] > capture.pcap
 *
 * -6: the same flows over IPv6 through a router without NAT (fd00::1 and
 * 2001:db8::1 on eth0): clients in fd00::/64, servers in 2001:db8:93::/48,
 * replies addressed to the client itself; ICMPv6 echo for ICMP.
 *
 * Flows are 80% TCP, 12% UDP, 8% ICMP echo (by packets: every flow has
 * about the same number of packets); a pool of flows runs at once, each
 * sending its next packet in turn, so flows interleave as on a real link.
 * PER_FLOW cuts every flow to its first packets (1: a SYN, a query or a
 * ping each, for a table of many live connections).  Time runs evenly
 * over SECONDS.  LINKTYPE_RAW, deterministic.  Never a
 * committed file: make bench writes it into the build tree. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { POOL = 2048 };

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

struct flow {
	uint8_t proto; /* 6, 17, 1 */
	uint32_t client, server;
	uint16_t cport, sport;
	int step, steps;
	uint32_t cseq, sseq;
};

static const uint32_t ROUTER_WAN = 0xc6336401u; /* 198.51.100.1 */

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, (uint16_t)(v >> 16));
	put16(b + 2, (uint16_t)v);
}

static uint32_t sum16(const uint8_t *b, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static bool ipv6; /* -6 */

/* The transport header at h, its checksum over the pseudo header's sum
 * (ICMP: none; ICMPv6 has one). */
static void fill_l4(uint8_t *h, const struct flow *f, bool reply, uint8_t tcp_flags, size_t l4,
		    size_t payload, uint32_t pseudo)
{
	uint16_t sp = reply ? f->sport : f->cport, dp = reply ? f->cport : f->sport;
	if (f->proto == 6) {
		put16(h, sp);
		put16(h + 2, dp);
		put32(h + 4, reply ? f->sseq : f->cseq);
		put32(h + 8, tcp_flags & 0x10 ? (reply ? f->cseq : f->sseq) : 0);
		h[12] = 5 << 4;
		h[13] = tcp_flags;
		put16(h + 14, 64240);
		put16(h + 16, fold(sum16(h, l4 + payload, pseudo)));
	} else if (f->proto == 17) {
		put16(h, sp);
		put16(h + 2, dp);
		put16(h + 4, (uint16_t)(8 + payload));
		put16(h + 6, fold(sum16(h, l4 + payload, pseudo)));
	} else { /* echo request / reply */
		h[0] = ipv6 ? (reply ? 129 : 128) : (reply ? 0 : 8);
		put16(h + 4, f->cport);
		put16(h + 6, (uint16_t)f->step);
		put16(h + 2, fold(sum16(h, l4 + payload, ipv6 ? pseudo : 0)));
	}
}

/* One IPv4 datagram into b; returns its length. */
static size_t build4(uint8_t *b, const struct flow *f, bool reply, uint8_t tcp_flags,
		     size_t payload)
{
	uint32_t src = reply ? f->server : f->client;
	uint32_t dst = reply ? ROUTER_WAN : f->server;
	size_t l4 = f->proto == 6 ? 20 : 8, len = 20 + l4 + payload;
	memset(b, 0, len);
	b[0] = 0x45;
	put16(b + 2, (uint16_t)len);
	put16(b + 4, (uint16_t)rnd());
	b[6] = 0x40; /* DF */
	b[8] = reply ? 52 : 64;
	b[9] = f->proto;
	put32(b + 12, src);
	put32(b + 16, dst);
	put16(b + 10, fold(sum16(b, 20, 0)));
	uint32_t pseudo = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
			  f->proto + (uint32_t)(l4 + payload);
	fill_l4(b + 20, f, reply, tcp_flags, l4, payload, pseudo);
	return len;
}

/* A client's address (fd00::/64) or a server's (2001:db8:93::/48). */
static void put_addr6(uint8_t *a, bool server, uint32_t low)
{
	static const uint8_t client_net[8] = {0xfd, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t server_net[8] = {0x20, 0x01, 0x0d, 0xb8, 0x00, 0x93, 0, 0};
	memcpy(a, server ? server_net : client_net, 8);
	memset(a + 8, 0, 4);
	put32(a + 12, low);
}

/* One IPv6 packet into b (no extension headers); returns its length. */
static size_t build6(uint8_t *b, const struct flow *f, bool reply, uint8_t tcp_flags,
		     size_t payload)
{
	size_t l4 = f->proto == 6 ? 20 : 8, len = 40 + l4 + payload;
	uint8_t next = f->proto == 1 ? 58 : f->proto;
	memset(b, 0, len);
	b[0] = 0x60;
	put16(b + 4, (uint16_t)(l4 + payload));
	b[6] = next;
	b[7] = reply ? 52 : 64;
	put_addr6(b + 8, reply, reply ? f->server : f->client);
	put_addr6(b + 24, !reply, reply ? f->client : f->server);
	uint32_t pseudo = sum16(b + 8, 32, 0) + (uint32_t)(l4 + payload) + next;
	fill_l4(b + 40, f, reply, tcp_flags, l4, payload, pseudo);
	return len;
}

static size_t build(uint8_t *b, const struct flow *f, bool reply, uint8_t tcp_flags,
		    size_t payload)
{
	return ipv6 ? build6(b, f, reply, tcp_flags, payload)
		    : build4(b, f, reply, tcp_flags, payload);
}

/* The flow's next packet; returns its length (0: the flow is over). */
static size_t next_packet(struct flow *f, uint8_t *b)
{
	static const struct {
		bool reply;
		uint8_t flags;
		size_t payload;
	} tcp[] = {
		{false, 0x02, 0},   {true, 0x12, 0},    {false, 0x10, 0},  {false, 0x18, 120},
		{true, 0x18, 900},  {false, 0x10, 0},   {true, 0x18, 600}, {false, 0x11, 0},
		{true, 0x11, 0},    {false, 0x10, 0},
	};
	if (f->step >= f->steps)
		return 0;
	size_t n;
	if (f->proto == 6) {
		int k = f->step % 10;
		n = build(b, f, tcp[k].reply, tcp[k].flags, tcp[k].payload);
		if (tcp[k].reply)
			f->sseq += (uint32_t)(tcp[k].payload + (tcp[k].flags & 0x03 ? 1 : 0));
		else
			f->cseq += (uint32_t)(tcp[k].payload + (tcp[k].flags & 0x03 ? 1 : 0));
	} else {
		n = build(b, f, f->step & 1, 0, f->proto == 17 ? 64 : 56);
	}
	f->step++;
	return n;
}

static int per_flow;

static void new_flow(struct flow *f, uint32_t i)
{
	uint32_t r = rnd() % 100;
	f->proto = r < 80 ? 6 : r < 92 ? 17 : 1;
	f->client = 0x0a000000u | (2 + i % 65000);             /* 10.0.0.2 .. */
	f->server = 0x5d000000u | ((i * 2654435761u) & 0xffffff); /* 93.x.y.z */
	f->cport = (uint16_t)(1024 + (i * 7919u) % 60000);
	f->sport = f->proto == 6 ? 443 : 53;
	f->step = 0;
	f->steps = f->proto == 6 ? 10 : 8 + (int)(rnd() % 5);
	if (per_flow > 0 && f->steps > per_flow)
		f->steps = per_flow;
	f->cseq = rnd();
	f->sseq = rnd();
}

static void put_le32(FILE *out, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	fwrite(b, 1, 4, out);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "-6") == 0) {
		ipv6 = true;
		argc--;
		argv++;
	}
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: gen_capture [-6] PACKETS FLOWS SECONDS [PER_FLOW] > FILE.pcap\n");
		return 2;
	}
	per_flow = argc == 5 ? atoi(argv[4]) : 0;
	unsigned long n = strtoul(argv[1], NULL, 10), nflows = strtoul(argv[2], NULL, 10);
	double secs = strtod(argv[3], NULL);
	FILE *out = stdout;
	put_le32(out, 0xa1b2c3d4u);
	put_le32(out, 2 | 4u << 16); /* version 2.4 */
	put_le32(out, 0);
	put_le32(out, 0);
	put_le32(out, 65535);
	put_le32(out, 101); /* LINKTYPE_RAW */
	static struct flow pool[POOL];
	uint32_t started = 0;
	int live = 0;
	unsigned long written = 0;
	uint8_t b[2048];
	/* flows start until nflows have; each then runs to its end */
	while (written < n) {
		while (live < POOL && started < nflows)
			new_flow(&pool[live++], started++);
		if (live == 0) /* every flow is over: start them again */
			started = 0;
		if (live == 0)
			continue;
		int k = (int)(rnd() % (uint32_t)live);
		size_t len = next_packet(&pool[k], b);
		if (!len) {
			pool[k] = pool[--live];
			continue;
		}
		double t = secs * (double)written / (double)n;
		uint32_t sec = (uint32_t)t, usec = (uint32_t)((t - sec) * 1e6);
		put_le32(out, 1700000000u + sec);
		put_le32(out, usec);
		put_le32(out, (uint32_t)len);
		put_le32(out, (uint32_t)len);
		fwrite(b, 1, len, out);
		written++;
	}
	return fclose(out) == 0 ? 0 : 1;
}
