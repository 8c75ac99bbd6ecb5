/* test_nft_stateful.c - the nftables forms that keep state or make
 * values (issue 11): jhash against values the kernel gave (Linux 6.18,
 * nft 1.0.6, a namespace: `meta mark set jhash ... ; add @seen { ip daddr
 * . meta mark }`, then the set listed) and against lookup3's published
 * vector; numgen inc as the kernel counts (0 first); numgen random
 * repeating; data maps; add/update with timeouts and an element's limit
 * (5 of 8 back-to-back packets pass `limit rate over 2/second`, as the
 * kernel let them); byte limits (25 of 40-byte packets in 1 kbytes/second,
 * as the kernel); payload writes keeping checksums; named objects; meta
 * time/day/hour; fib oifname; queue. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nft/nft.h"
#include "engine/nft/nft_eval.h"
#include "tests/tap.h"

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

uint32_t nft_jhash(const void *key, uint32_t length, uint32_t initval);

static struct netconf net;
static struct conntrack ct;

/* eth0 192.0.2.1/24 (default route, MTU 1400), eth1 10.0.0.1/24 */
static void host(void)
{
	static const struct {
		const char *name, *a4;
	} ifs[] = {{"eth0", "192.0.2.1"}, {"eth1", "10.0.0.1"}};
	struct nf_error err = {.col = -1};
	netconf_init(&net);
	conntrack_init(&ct);
	for (size_t i = 0; i < ARRAY_SIZE(ifs); i++) {
		struct iface ifc = {.naddr = 1, .mtu = i == 0 ? 1400 : 0};
		snprintf(ifc.name, sizeof(ifc.name), "%s", ifs[i].name);
		addr_parse(ifs[i].a4, &ifc.addr[0]);
		ifc.plen[0] = 24;
		if (netconf_add_iface(&net, &ifc, &err))
			diag("iface %s: %s", ifs[i].name, err.msg);
	}
	if (netconf_add_route(&net, "default via 192.0.2.254 dev eth0", &err))
		diag("route: %s", err.msg);
}

/* A ruleset and the state its rules keep from packet to packet. */
struct rig {
	struct nft_ruleset rs;
	struct nft_states st;
	bool ok;
};

static void rig_load(struct rig *r, const char *table_body)
{
	char text[4096];
	snprintf(text, sizeof(text), "table ip t {\n%s\n}\n", table_body);
	struct nf_error err = {.col = -1};
	*r = (struct rig){0};
	r->ok = !nft_load_text(text, "t", NULL, &r->rs, &err) && !nft_check(&r->rs, &err);
	if (!r->ok)
		diag("%d:%d: %s", err.line, err.col, err.msg);
}

static void rig_free(struct rig *r)
{
	nft_states_free(&r->st);
	nft_ruleset_free(&r->rs);
}

/* The packet through chain c's rules until one decides; the verdict. */
static enum nft_verdict_kind walk(struct rig *r, struct packet *p, const char *out)
{
	const struct nft_table *t = &r->rs.tables[0];
	const struct nft_chain *c = &t->chains[0];
	struct nft_ctx x = {.p = p, .net = &net, .ct = &ct, .states = &r->st, .table = t,
			    .hook = out ? HOOK_FORWARD : HOOK_INPUT, .in = p->iif, .out = out};
	for (size_t i = 0; i < c->nrules; i++) {
		struct nft_test res[NFT_MAX_TESTS];
		int n = 0;
		struct nft_verdict v;
		bool m = nft_rule_eval(&c->rules[i], &x, res, NFT_MAX_TESTS, &n, &v);
		for (int k = 0; k < n; k++)
			diag("  rule %zu %s %s", i + 1, res[k].ok ? "+" : "-", res[k].text);
		if (m && v.kind != NFTV_CONTINUE)
			return v.kind;
	}
	return NFTV_CONTINUE;
}

static struct packet *udp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, double t)
{
	struct pkt_spec s = {.proto = 17, .src.ip = src, .dst.ip = dst, .sport = sport, .dport = dport, .ttl = 64,
			     .payload = 12};
	struct packet *p = packet_build(&s);
	strcpy(p->iif, "eth1");
	p->t = t;
	return p;
}

static struct packet *tcp(uint16_t dport, uint8_t tos, uint16_t mss)
{
	struct pkt_spec s = {.proto = 6, .src.ip = 0x0a000002, .dst.ip = 0xc0000201, .sport = 40000,
			     .dport = dport, .tcp_flags = 0x02, .ttl = 64, .tos = tos, .mss = mss};
	struct packet *p = packet_build(&s);
	strcpy(p->iif, "eth1");
	return p;
}

/* Do the packet's checksums hold (a copy with them recomputed is the same)? */
static bool sums_ok(const struct packet *p)
{
	struct packet *q = packet_clone(p);
	packet_fix_checksums(q);
	bool same = q->len == p->len && !memcmp(q->data, p->data, p->len);
	packet_free(q);
	return same;
}

static void jhash_vectors(void)
{
	ok(nft_jhash("", 0, 0) == 0xdeadbeef, "jhash of nothing is its initial value");
	/* lookup3.c's driver5: hashlittle("Four score and seven years ago", 30, 0 / 1) */
	ok(nft_jhash("Four score and seven years ago", 30, 0) == 0x17770551, "jhash: lookup3's vector, seed 0");
	ok(nft_jhash("Four score and seven years ago", 30, 1) == 0xcd628161, "jhash: lookup3's vector, seed 1");

	/* the kernel's answers: 10.9.0.1 -> 198.51.100.i:5000+i, UDP */
	static const unsigned by_daddr[8] = {4, 6, 0, 1, 1, 6, 5, 1};
	static const unsigned by_pair[8] = {62, 185, 484, 339, 92, 643, 737, 326};
	static const unsigned by_port[8] = {38, 28, 38, 45, 42, 40, 9, 47};
	static const struct {
		const char *rule;
		const unsigned *want;
	} cases[] = {
		{"meta mark set jhash ip daddr mod 16 seed 0xdead", by_daddr},
		{"meta mark set jhash ip daddr . udp dport mod 1000 seed 0x1", by_pair},
		{"meta mark set jhash udp dport mod 50 seed 3", by_port},
	};
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		char body[256];
		snprintf(body, sizeof(body), "chain c {\n%s\n}", cases[c].rule);
		struct rig r;
		rig_load(&r, body);
		int same = 0;
		for (unsigned i = 1; i <= 8 && r.ok; i++) {
			struct packet *p = udp(0x0a090001, 0xc6336400 + i, 40000, (uint16_t)(5000 + i), 0);
			walk(&r, p, NULL);
			same += p->mark == cases[c].want[i - 1];
			if (p->mark != cases[c].want[i - 1])
				diag("198.51.100.%u: %u, the kernel %u", i, p->mark, cases[c].want[i - 1]);
			packet_free(p);
		}
		ok(same == 8, "%s: the kernel's value for 8 of 8 packets (%d)", cases[c].rule, same);
		rig_free(&r);
	}
}

static void numgen(void)
{
	struct rig r;
	rig_load(&r, "chain c {\nmeta mark set numgen inc mod 3 offset 10\n}");
	unsigned got[5];
	for (int i = 0; i < 5 && r.ok; i++) {
		struct packet *p = udp(0x0a000002, 0xc0000201, 1, 2, 0);
		walk(&r, p, NULL);
		got[i] = p->mark;
		packet_free(p);
	}
	ok(r.ok && got[0] == 10 && got[1] == 11 && got[2] == 12 && got[3] == 10 && got[4] == 11,
	   "numgen inc mod 3 offset 10: 10, 11, 12, 10, 11 (the kernel's first is 0 + offset)");
	rig_free(&r);

	unsigned seq[2][6];
	bool in_range = true;
	for (int run = 0; run < 2; run++) {
		rig_load(&r, "chain c {\nmeta mark set numgen random mod 10\n}");
		for (int i = 0; i < 6 && r.ok; i++) {
			struct packet *p = udp(0x0a000002, 0xc0000201, 1, 2, 0);
			walk(&r, p, NULL);
			seq[run][i] = p->mark;
			in_range &= p->mark < 10;
			packet_free(p);
		}
		rig_free(&r);
	}
	ok(in_range && !memcmp(seq[0], seq[1], sizeof(seq[0])) &&
		   !(seq[0][0] == seq[0][1] && seq[0][1] == seq[0][2] && seq[0][2] == seq[0][3]),
	   "numgen random mod 10: in range, varied, the same sequence every run (fixed seed)");
}

static void maps(void)
{
	struct rig r;
	rig_load(&r, "map m { type inet_service : mark; elements = { 22 : 0x1, 80 : 0x2 } }\n"
		     "chain c {\nmeta mark set tcp dport map { 22 : 7, 443 : 9 } counter\n"
		     "ct mark set tcp dport map @m\n"
		     "meta mark set jhash tcp dport mod 2 map { 0 : 100, 1 : 200 } accept\n}");
	struct packet *p = tcp(22, 0, 0);
	enum nft_verdict_kind v = r.ok ? walk(&r, p, NULL) : NFTV_CONTINUE;
	ok(r.ok && p->mark >= 100 && v == NFTV_ACCEPT, "a map's value from an anonymous map, keyed by jhash (%u)",
	   p->mark);
	packet_free(p);
	rig_free(&r);

	rig_load(&r, "chain c {\nmeta mark set tcp dport map { 22 : 7, 443 : 9 } accept\n}");
	p = tcp(22, 0, 0);
	v = walk(&r, p, NULL);
	ok(p->mark == 7 && v == NFTV_ACCEPT, "meta mark set tcp dport map { 22 : 7 }: 7");
	packet_free(p);
	p = tcp(25, 0, 0);
	v = walk(&r, p, NULL);
	ok(p->mark == 0 && v == NFTV_CONTINUE, "no element for the key: the rule ends there, nothing set");
	packet_free(p);
	rig_free(&r);

	rig_load(&r, "map m { type ipv4_addr . inet_service : mark; elements = { 10.0.0.2 . 40000 : 0x5 } }\n"
		     "chain c {\nmeta mark set ip saddr . tcp sport map @m accept\n}");
	p = tcp(22, 0, 0);
	v = r.ok ? walk(&r, p, NULL) : NFTV_CONTINUE;
	ok(p->mark == 5 && v == NFTV_ACCEPT, "a named map with a concatenated key");
	packet_free(p);
	rig_free(&r);
}

static void dynsets(void)
{
	struct rig r;
	rig_load(&r, "set flood { type ipv4_addr; flags dynamic,timeout; timeout 1m; }\n"
		     "chain c {\nupdate @flood { ip saddr limit rate over 2/second } drop\naccept\n}");
	int passed = 0;
	for (int i = 0; i < 8 && r.ok; i++) {
		struct packet *p = udp(0x0a000002, 0xc0000201, 1, 7, 100.0 + i * 0.001);
		passed += walk(&r, p, NULL) == NFTV_ACCEPT;
		packet_free(p);
	}
	ok(passed == 5, "update @flood { ip saddr limit rate over 2/second } drop: 5 of 8 pass, as the kernel (%d)",
	   passed);
	struct packet *p = udp(0x0a000002, 0xc0000201, 1, 7, 103.0);
	ok(r.ok && walk(&r, p, NULL) == NFTV_ACCEPT, "the element's bucket refills with packet time");
	packet_free(p);
	p = udp(0x0a000003, 0xc0000201, 1, 7, 100.01);
	ok(r.ok && walk(&r, p, NULL) == NFTV_ACCEPT, "another source has a bucket of its own");
	packet_free(p);
	rig_free(&r);

	rig_load(&r, "set seen { type ipv4_addr; flags dynamic,timeout; }\n"
		     "chain c {\nip saddr @seen accept\nudp dport 9 add @seen { ip saddr timeout 30s }\n"
		     "udp dport 10 update @seen { ip saddr timeout 30s }\ndrop\n}");
	static const struct {
		double t;
		uint16_t dport;
		enum nft_verdict_kind want;
		const char *what;
	} steps[] = {
		{0, 7, NFTV_DROP, "not in @seen yet: dropped"},
		{1, 9, NFTV_DROP, "add @seen (timeout 30s) at 1 s"},
		{20, 7, NFTV_ACCEPT, "in @seen at 20 s"},
		{30.9, 7, NFTV_ACCEPT, "in @seen at 30.9 s"},
		{31, 7, NFTV_DROP, "timed out at 31 s (added at 1 s, 30 s)"},
		{40, 9, NFTV_DROP, "added again at 40 s"},
		{41, 9, NFTV_ACCEPT, "add again while in it (the match comes first)"},
		{65, 7, NFTV_ACCEPT, "in it at 65 s"},
		{71, 7, NFTV_DROP, "gone at 70 s: add does not restart the timeout"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(steps) && r.ok; i++) {
		p = udp(0x0a000002, 0xc0000201, 1, steps[i].dport, steps[i].t);
		ok(walk(&r, p, NULL) == steps[i].want, "add @seen, timeouts: %s", steps[i].what);
		packet_free(p);
	}
	rig_free(&r);
}

static void limits(void)
{
	struct rig r;
	rig_load(&r, "chain c {\nlimit rate 1 kbytes/second accept\ndrop\n}");
	int passed = 0;
	for (int i = 0; i < 40 && r.ok; i++) {
		struct packet *p = udp(0x0a000002, 0xc0000201, 1, 7, 5.0);
		passed += walk(&r, p, NULL) == NFTV_ACCEPT;
		packet_free(p);
	}
	ok(passed == 25, "limit rate 1 kbytes/second: 25 of 40 packets of 40 bytes at once, as the kernel (%d)",
	   passed);
	rig_free(&r);

	rig_load(&r, "limit l { rate 2/minute burst 2 packets }\ncounter n { }\nquota q { over 100 bytes }\n"
		     "chain c {\ncounter name \"n\"\nlimit name \"l\" accept\nlimit name \"l\" accept\n"
		     "quota name \"q\" drop\n}");
	enum nft_verdict_kind got[5];
	static const enum nft_verdict_kind want[5] = {NFTV_ACCEPT, NFTV_ACCEPT, NFTV_CONTINUE, NFTV_CONTINUE,
						      NFTV_DROP};
	for (int i = 0; i < 5 && r.ok; i++) {
		struct packet *p = udp(0x0a000002, 0xc0000201, 1, 7, 0);
		got[i] = walk(&r, p, NULL);
		packet_free(p);
	}
	ok(r.ok && !memcmp(got, want, sizeof(got)),
	   "named limit (burst 2) shared by two rules, then a named quota over 100 bytes (40 each): accept, accept, "
	   "on, on, drop");
	rig_free(&r);
}

static void payload(void)
{
	struct rig r;
	rig_load(&r, "chain c {\nip dscp set cs1 tcp dport set 8080 ip ttl set 9 accept\n}");
	struct packet *p = tcp(80, 0x03, 0);
	enum nft_verdict_kind v = r.ok ? walk(&r, p, NULL) : NFTV_CONTINUE;
	ok(v == NFTV_ACCEPT && pkt_tos(p) == 0x23 && pkt_dport(p) == 8080 && pkt_ttl(p) == 9 && sums_ok(p),
	   "ip dscp set cs1 (ECN kept), tcp dport set 8080, ip ttl set 9: checksums right (tos 0x%02x)",
	   pkt_tos(p));
	packet_free(p);
	p = udp(0x0a000002, 0xc0000201, 1, 7, 0);
	v = walk(&r, p, NULL);
	ok(v == NFTV_CONTINUE && pkt_dport(p) == 7, "tcp dport set on a UDP packet: the rule ends, nothing written");
	packet_free(p);
	rig_free(&r);

	rig_load(&r, "chain c {\ntcp option maxseg size set rt mtu accept\n}");
	p = tcp(80, 0, 1460);
	v = r.ok ? walk(&r, p, "eth0") : NFTV_CONTINUE;
	const uint8_t *o = pkt_l4(p, 24);
	ok(v == NFTV_ACCEPT && o && (o[22] << 8 | o[23]) == 1360 && sums_ok(p),
	   "tcp option maxseg size set rt mtu: 1460 -> 1360 (MTU 1400 out)");
	packet_free(p);
	p = tcp(80, 0, 1200);
	v = walk(&r, p, "eth0");
	o = pkt_l4(p, 24);
	ok(o && (o[22] << 8 | o[23]) == 1200, "an MSS below the route's is never raised");
	packet_free(p);
	rig_free(&r);
}

static void time_and_more(void)
{
	struct rig r;
	/* 378000 s: Monday 1970-01-05 09:00 UTC */
	rig_load(&r, "chain c {\nmeta day \"Monday\" meta hour \"08:30\"-\"09:30\" "
		     "meta time < \"1970-01-06 00:00:00\" accept\nmeta day { \"Saturday\", \"Sunday\" } drop\n}");
	struct packet *p = udp(0x0a000002, 0xc0000201, 1, 7, 378000);
	ok(r.ok && walk(&r, p, NULL) == NFTV_ACCEPT, "meta day, hour and time of packet time (Monday 09:00)");
	packet_free(p);
	p = udp(0x0a000002, 0xc0000201, 1, 7, 2 * 86400 + 3600);
	ok(r.ok && walk(&r, p, NULL) == NFTV_DROP, "Saturday 01:00 is a weekend day");
	packet_free(p);
	rig_free(&r);

	rig_load(&r, "chain c {\nfib daddr oifname \"eth0\" accept\nfib daddr oifname \"eth1\" drop\n}");
	p = udp(0x0a000002, 0xc6336401, 1, 7, 0);
	ok(r.ok && walk(&r, p, "eth0") == NFTV_ACCEPT, "fib daddr oifname: the default route's eth0");
	packet_free(p);
	p = udp(0x0a000002, 0x0a000009, 1, 7, 0);
	ok(r.ok && walk(&r, p, "eth1") == NFTV_DROP, "fib daddr oifname: 10.0.0.9 is on eth1");
	packet_free(p);
	rig_free(&r);

	rig_load(&r, "chain c {\nudp dport 7 queue num 3\nudp dport 8 queue num 4 bypass\n}");
	p = udp(0x0a000002, 0xc0000201, 1, 7, 0);
	ok(r.ok && walk(&r, p, NULL) == NFTV_QUEUE, "queue num 3: the packet leaves for user space");
	packet_free(p);
	p = udp(0x0a000002, 0xc0000201, 1, 8, 0);
	ok(r.ok && walk(&r, p, NULL) == NFTV_ACCEPT, "queue ... bypass with no reader: accepted");
	packet_free(p);
	rig_free(&r);
}

int main(void)
{
	host();
	jhash_vectors();
	numgen();
	maps();
	dynsets();
	limits();
	payload();
	time_and_more();
	return tap_done();
}
