/* test_packet.c - packet bytes: crafting, readers, writers and their
 * checksums (checked by tests/unit/checksum_ref.h, which shares no code
 * with the engine), the kernel's own packets, and garbage.
 *
 * Header values of the kernel's packets were read with tcpdump -vv on a
 * Linux 6.18 router namespace (REJECT in FORWARD) and are quoted beside
 * the tests that use them. */
#define _DEFAULT_SOURCE /* mkstemp, fdopen, popen */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/track/conntrack.h"
#include "engine/track/packet.h"
#include "engine/track/wire.h"
#include "lib/util.h"
#include "../tap.h"
#include "checksum_ref.h"
#include "pkt_helpers.h"

static bool sums_ok(const struct packet *p)
{
	return ref_ip_ok(p->data) && ref_l4_ok(p->data, p->len);
}

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void test_build(void)
{
	struct packet *p = tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0);
	is_int(p->len, 40, "tcp SYN: 40 bytes");
	is_int(pkt_tot_len(p), 40, "tot_len 40");
	is_int(pkt_proto(p), PROTO_TCP, "proto tcp");
	is_int(pkt_saddr(p), A("10.0.1.2"), "saddr");
	is_int(pkt_daddr(p), A("10.0.2.2"), "daddr");
	is_int(pkt_sport(p), 40000, "sport");
	is_int(pkt_dport(p), 80, "dport");
	is_int(pkt_tcp_flags(p), TCPF_SYN, "flags SYN");
	is_int(pkt_tcp_seq(p), 1000, "seq");
	is_int(pkt_tcp_window(p), 64240, "window 64240 as Linux");
	is_int(pkt_tcp_hdr_len(p), 20, "data offset 5");
	is_int(pkt_ttl(p), 64, "ttl defaults to 64");
	ok(pkt_df(p), "TCP leaves with DF (IP_PMTUDISC_WANT)");
	is_int(pkt_ip_id(p), 1, "ip id from the spec");
	ok(sums_ok(p), "SYN checksums verify independently");
	ok(packet_checksums_ok(p), "packet_checksums_ok agrees");
	ok(p->imq_todev == -1 && !p->ct && p->ctinfo == CTINFO_NONE, "metadata zero, imq_todev -1");
	packet_free(p);

	p = udp("10.0.1.2", 5000, "10.0.2.2", 53, 10);
	is_int(pkt_tot_len(p), 38, "udp with 10 bytes: 38");
	is_int(p->data[24] << 8 | p->data[25], 18, "udp length 18");
	is_int(pkt_payload_len(p), 10, "payload 10");
	ok(p->data[28] == 0 && p->data[37] == 0, "payload bytes are zero");
	ok(pkt_df(p), "UDP leaves with DF");
	ok(sums_ok(p), "udp checksums verify");
	packet_free(p);

	p = icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 777, 3, 56);
	uint8_t type = 99, code = 99;
	ok(pkt_icmp(p, &type, &code) && type == ICMP_ECHO && code == 0, "echo request type/code");
	is_int(pkt_icmp_id(p), 777, "echo id");
	is_int(pkt_icmp_seq(p), 3, "echo seq");
	is_int(pkt_tot_len(p), 84, "ping's 84 bytes");
	ok(pkt_df(p), "echo request with DF, as ping sends it");
	ok(sums_ok(p), "icmp checksum verifies");
	packet_free(p);

	p = icmp("10.0.2.2", "10.0.1.2", ICMP_ECHOREPLY, 777, 3, 0);
	ok(!pkt_df(p), "crafted echo reply without DF (the kernel's ICMP socket)");
	packet_free(p);

	struct pkt_spec gre = {.proto = 47, .src.ip = A("1.1.1.1"), .dst.ip = A("2.2.2.2"),
			       .payload = 4, .ttl = 9};
	p = packet_build(&gre);
	is_int(pkt_tot_len(p), 24, "other protocols: IP header + payload");
	is_int(pkt_ttl(p), 9, "ttl from the spec");
	ok(!pkt_has_ports(p) && ref_ip_ok(p->data), "no ports, header checksum right");
	packet_free(p);

	struct pkt_spec huge = {.proto = PROTO_UDP, .payload = 65535};
	p = packet_build(&huge);
	is_int(pkt_tot_len(p), 65535, "payload clamped to fit tot_len");
	ok(sums_ok(p), "64 KiB datagram checksums");
	packet_free(p);
}

/* Every writer on every protocol, many times, each result checked by the
 * independent verifier. */
static void test_writers(void)
{
	struct packet *ps[] = {
		tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_PSH | TCPF_ACK, 1, 2, 33),
		udp("10.0.1.2", 5000, "10.0.2.2", 53, 7),
		icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 1, 1, 11),
	};
	const char *names[] = {"tcp", "udp", "icmp"};
	for (size_t k = 0; k < 3; k++) {
		struct packet *p = ps[k];
		int bad = 0;
		for (int i = 0; i < 300; i++) {
			uint32_t v = rnd();
			switch (i % 7) {
			case 0: pkt_set_saddr(p, v); break;
			case 1: pkt_set_daddr(p, v); break;
			case 2: pkt_set_sport(p, (uint16_t)v); break;
			case 3: pkt_set_dport(p, (uint16_t)v); break;
			case 4: pkt_set_ttl(p, (uint8_t)v); break;
			case 5: pkt_set_tos(p, (uint8_t)v); break;
			case 6: pkt_set_icmp_id(p, (uint16_t)v); break;
			}
			if (!sums_ok(p))
				bad++;
		}
		ok(bad == 0, "%s: 300 random writes keep both checksums right", names[k]);
		ok(packet_checksums_ok(p), "%s: packet_checksums_ok agrees", names[k]);
	}
	pkt_set_saddr(ps[0], A("192.168.0.1"));
	pkt_set_sport(ps[0], 1234);
	pkt_set_ttl(ps[0], 7);
	pkt_set_tos(ps[0], 0x10);
	ok(pkt_saddr(ps[0]) == A("192.168.0.1") && pkt_sport(ps[0]) == 1234 &&
		   pkt_ttl(ps[0]) == 7 && pkt_tos(ps[0]) == 0x10,
	   "writers write what readers read");
	pkt_set_icmp_id(ps[2], 4242);
	is_int(pkt_icmp_id(ps[2]), 4242, "icmp id written");

	/* UDP without a checksum keeps none. */
	struct packet *u = ps[1];
	u->data[26] = u->data[27] = 0;
	pkt_set_saddr(u, A("1.2.3.4"));
	pkt_set_dport(u, 99);
	ok(u->data[26] == 0 && u->data[27] == 0, "udp checksum 0 (none) stays 0");
	ok(sums_ok(u), "and the IP header checksum is right");

	/* fix_checksums repairs anything */
	ps[0]->data[10] ^= 0x55;
	ps[0]->data[36] ^= 0x11;
	ok(!packet_checksums_ok(ps[0]), "corrupted checksums are noticed");
	packet_fix_checksums(ps[0]);
	ok(sums_ok(ps[0]) && packet_checksums_ok(ps[0]), "packet_fix_checksums repairs them");
	for (size_t k = 0; k < 3; k++)
		packet_free(ps[k]);
}

/* pkt_l4_fields and pkt_ports parse the headers once for what the
 * single readers answer one by one: they must agree on any bytes. */
static int fields_checked, fields_differ;

static void check_fields(const struct packet *p)
{
	struct pkt_l4_fields f;
	pkt_l4_fields(p, &f);
	uint8_t ty = 0, co = 0;
	bool icmp = pkt_icmp(p, &ty, &co);
	uint16_t sp = 1, dp = 1;
	bool ports = pkt_ports(p, &sp, &dp);
	bool same = f.proto == pkt_proto(p) && f.ports == pkt_has_ports(p) &&
		    f.sport == pkt_sport(p) && f.dport == pkt_dport(p) &&
		    f.tcp_flags == pkt_tcp_flags(p) && f.icmp == icmp &&
		    f.icmp_type == (icmp ? ty : 0) && f.icmp_code == (icmp ? co : 0) &&
		    f.icmp_id == pkt_icmp_id(p) && ports == f.ports &&
		    (!ports || (sp == f.sport && dp == f.dport));
	fields_checked++;
	fields_differ += !same;
}

/* Every prefix of real packets, and random bytes: nothing may read past
 * the end (the sanitizer build catches it), and readers say "absent". */
static void poke_everything(struct packet *p)
{
	char buf[256];
	struct ct_tuple t;
	uint8_t ty, co;
	volatile unsigned sink = 0;
	check_fields(p);
	sink += pkt_ip_ok(p) + pkt_ihl_bytes(p) + pkt_tot_len(p) + pkt_tos(p) + pkt_ttl(p);
	sink += pkt_proto(p) + pkt_saddr(p) + pkt_daddr(p) + pkt_frag_off(p) + pkt_is_fragment(p);
	sink += pkt_has_ports(p) + pkt_sport(p) + pkt_dport(p) + pkt_tcp_flags(p);
	sink += pkt_tcp_seq(p) + pkt_tcp_ack(p) + pkt_tcp_window(p) + pkt_tcp_hdr_len(p);
	sink += pkt_icmp(p, &ty, &co) + pkt_icmp_id(p) + pkt_icmp_seq(p) + (unsigned)pkt_payload_len(p);
	sink += packet_checksums_ok(p) + ct_tuple_of(p, &t);
	(void)sink;
	struct packet *in = pkt_icmp_inner(p);
	if (in) {
		poke_everything(in);
		pkt_icmp_set_inner(p, in);
		packet_free(in);
	}
	packet_describe(p, buf, sizeof(buf));
	packet_free(packet_icmp_error(p, 3, 3, 1));
	packet_free(packet_tcp_reset(p));
	packet_free(packet_answer(p));
	pkt_set_saddr(p, 1);
	pkt_set_daddr(p, 2);
	pkt_set_sport(p, 3);
	pkt_set_dport(p, 4);
	pkt_set_ttl(p, 5);
	pkt_set_tos(p, 6);
	pkt_set_icmp_id(p, 7);
	packet_fix_checksums(p);
}

static void test_garbage(void)
{
	struct packet *syn = tcp("10.0.1.2", 1, "10.0.2.2", 2, TCPF_SYN, 0, 0, 4);
	struct packet *err = packet_icmp_error(syn, 3, 3, A("10.0.2.1"));
	struct packet *seeds[] = {syn, err, udp("1.1.1.1", 1, "2.2.2.2", 2, 3),
				  icmp("1.1.1.1", "2.2.2.2", ICMP_ECHO, 1, 1, 2)};
	int n = 0;
	for (size_t k = 0; k < ARRAY_SIZE(seeds); k++)
		for (size_t len = 0; len <= seeds[k]->len; len++, n++) {
			struct packet *p = packet_from_bytes(seeds[k]->data, len);
			poke_everything(p);
			packet_free(p);
		}
	ok(n > 100, "every prefix of tcp, icmp error, udp and echo survives every call (%d)", n);

	struct packet *t = packet_from_bytes(syn->data, 20);
	ok(pkt_ip_ok(t) && !pkt_has_ports(t) && pkt_sport(t) == 0 && !pkt_l4(t, 1),
	   "IP header alone: no ports, no L4");
	packet_free(t);
	t = packet_from_bytes(syn->data, 24);
	ok(pkt_has_ports(t) && pkt_dport(t) == 2 && pkt_tcp_flags(t) == 0,
	   "4 bytes of TCP: ports yes, flags absent");
	packet_free(t);

	int survived = 0;
	for (int i = 0; i < 3000; i++) {
		uint8_t b[96];
		size_t len = rnd() % sizeof(b);
		for (size_t j = 0; j < len; j++)
			b[j] = (uint8_t)rnd();
		if (len > 0 && i % 2)
			b[0] = (uint8_t)(0x40 | (rnd() % 16)); /* IPv4 with any ihl */
		if (len > 9 && i % 3 == 0)
			b[9] = (uint8_t[]){1, 6, 17}[rnd() % 3];
		if (len > 7 && i % 5 == 0)
			b[6] = b[7] = 0; /* not a fragment */
		struct packet *p = packet_from_bytes(b, len);
		poke_everything(p);
		packet_free(p);
		survived++;
	}
	is_int(survived, 3000, "3000 random byte strings survive every call");
	ok(fields_checked > 3000 && fields_differ == 0,
	   "pkt_l4_fields and pkt_ports agree with the single readers on %d packets (%d differ)",
	   fields_checked, fields_differ);

	uint8_t odd[] = {0x46, 0, 0, 20, 0, 0, 0, 0, 64, 6, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
	t = packet_from_bytes(odd, sizeof(odd));
	ok(!pkt_ip_ok(t), "ihl 24 with 20 bytes present: not a header");
	packet_free(t);
	odd[0] = 0x45;
	odd[3] = 10; /* tot_len below the header */
	t = packet_from_bytes(odd, sizeof(odd));
	ok(pkt_ip_ok(t) && pkt_l4_avail(t) == 0, "tot_len 10: no L4 bytes");
	packet_free(t);
	ok(!pkt_ip_ok(NULL) && pkt_saddr(NULL) == 0, "NULL packet reads as absent");
	for (size_t k = 0; k < ARRAY_SIZE(seeds); k++)
		packet_free(seeds[k]);
}

static void test_icmp_error(void)
{
	/* tcpdump of REJECT's port unreachable for a 128-byte UDP datagram:
	 * "IP (tos 0xc0, ttl 64, id 19615, offset 0, flags [none], proto ICMP
	 * (1), length 156)": the whole datagram is quoted, up to 576 bytes. */
	struct packet *u = udp("10.0.1.2", 48003, "10.0.2.2", 9, 100);
	struct packet *e = packet_icmp_error(u, ICMP_DEST_UNREACH, 3, A("10.0.1.1"));
	is_int(pkt_tot_len(e), 156, "port unreachable for 128 bytes: length 156");
	is_int(pkt_saddr(e), A("10.0.1.1"), "from the given source");
	is_int(pkt_daddr(e), A("10.0.1.2"), "to the original sender");
	is_int(pkt_tos(e), 0xc0, "tos 0xc0");
	is_int(pkt_ttl(e), 64, "ttl 64");
	ok(!pkt_df(e), "no DF");
	uint8_t type, code;
	ok(pkt_icmp(e, &type, &code) && type == 3 && code == 3, "type 3 code 3");
	ok(sums_ok(e), "error checksums verify");
	ok(memcmp(e->data + 28, u->data, u->len) == 0, "the original is quoted byte for byte");
	struct packet *in = pkt_icmp_inner(e);
	ok(in && in->len == u->len && pkt_sport(in) == 48003, "pkt_icmp_inner returns the quote");
	packet_free(in);
	char d[200];
	packet_describe(e, d, sizeof(d));
	is_str(d, "icmp 10.0.1.1 -> 10.0.1.2 port unreachable [quoting udp 10.0.1.2:48003 -> 10.0.2.2:9] len 156",
	       "describe an error");
	packet_free(e);
	packet_free(u);

	/* "length 576" for a 1028-byte datagram */
	u = udp("10.0.1.2", 48004, "10.0.2.2", 9, 1000);
	e = packet_icmp_error(u, ICMP_DEST_UNREACH, 3, A("10.0.1.1"));
	is_int(pkt_tot_len(e), 576, "quote capped so the error is 576 bytes");
	ok(sums_ok(e), "capped error checksums verify");
	packet_free(e);
	packet_free(u);

	/* tos 0x23 in, "tos 0xc2" out: 0xc0 | (tos & IPTOS_TOS_MASK) */
	struct pkt_spec s = {.proto = PROTO_UDP, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.2.2"),
			     .tos = 0x23};
	u = packet_build(&s);
	e = packet_icmp_error(u, 3, 3, A("10.0.1.1"));
	is_int(pkt_tos(e), 0xc2, "tos 0x23 gives an error with tos 0xc2");
	struct packet *e2 = packet_icmp_error(e, 3, 3, A("10.0.1.2"));
	ok(!e2, "no ICMP error about an ICMP error");
	packet_free(e);
	u->data[6] = 0x00;
	u->data[7] = 0x10; /* fragment offset 16 */
	pkt_header_changed(u); /* bytes the memo read */
	ok(!packet_icmp_error(u, 3, 3, 1), "no error about a non-first fragment");
	pkt_set_daddr(u, A("224.0.0.5"));
	u->data[7] = 0;
	pkt_header_changed(u); /* bytes the memo read */
	ok(!packet_icmp_error(u, 3, 3, 1), "no error about a multicast");
	packet_free(u);

	struct packet *ping = icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 5, 5, 0);
	e = packet_icmp_error(ping, ICMP_TIME_EXCEEDED, 0, A("10.0.1.1"));
	ok(e != NULL, "an echo request may get an error");
	packet_free(e);
	packet_free(ping);

	struct packet *echo = icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 5, 5, 0);
	ok(!pkt_icmp_inner(echo), "no inner packet in an echo");
	packet_free(echo);
}

static void test_tcp_reset(void)
{
	/* "10.0.2.2.81 > 10.0.1.2.48000: Flags [R.], seq 0, ack 1001, win 0"
	 * with "tos 0x0, ttl 64, id 0, flags [DF]" */
	struct packet *syn = tcp("10.0.1.2", 48000, "10.0.2.2", 81, TCPF_SYN, 1000, 0, 0);
	struct packet *r = packet_tcp_reset(syn);
	ok(r && pkt_saddr(r) == A("10.0.2.2") && pkt_daddr(r) == A("10.0.1.2"), "addresses swapped");
	ok(pkt_sport(r) == 81 && pkt_dport(r) == 48000, "ports swapped");
	is_int(pkt_tcp_flags(r), TCPF_RST | TCPF_ACK, "SYN gets [R.]");
	is_int(pkt_tcp_seq(r), 0, "seq 0");
	is_int(pkt_tcp_ack(r), 1001, "ack 1001 = seq + SYN");
	is_int(pkt_tcp_window(r), 0, "win 0");
	ok(pkt_ip_id(r) == 0 && pkt_df(r) && pkt_ttl(r) == 64 && pkt_tos(r) == 0,
	   "id 0, DF, ttl 64, tos 0");
	ok(sums_ok(r), "reset checksums verify");
	packet_free(r);
	packet_free(syn);

	/* "Flags [P.], seq 1000:1005, ack 777" got "Flags [R], seq 777" */
	struct packet *data = tcp("10.0.1.2", 48001, "10.0.2.2", 81, TCPF_PSH | TCPF_ACK, 1000, 777, 5);
	r = packet_tcp_reset(data);
	ok(pkt_tcp_flags(r) == TCPF_RST && pkt_tcp_seq(r) == 777 && pkt_tcp_ack(r) == 0,
	   "segment with ACK: [R] seq = its ack");
	packet_free(r);
	packet_free(data);

	struct packet *fin = tcp("1.1.1.1", 1, "2.2.2.2", 2, TCPF_FIN, 50, 0, 10);
	r = packet_tcp_reset(fin);
	is_int(pkt_tcp_ack(r), 61, "FIN without ACK + 10 bytes: ack = seq + 1 + 10");
	packet_free(r);
	packet_free(fin);

	struct packet *rst = tcp("1.1.1.1", 1, "2.2.2.2", 2, TCPF_RST, 0, 0, 0);
	ok(!packet_tcp_reset(rst), "no RST for a RST");
	packet_free(rst);
	struct packet *u = udp("1.1.1.1", 1, "2.2.2.2", 2, 0);
	ok(!packet_tcp_reset(u), "no RST for UDP");
	packet_free(u);
}

static void test_answer(void)
{
	/* A listening socket's answer to "Flags [S], seq 1000": "tos 0x0, ttl
	 * 64, id 0, flags [DF] ... Flags [S.], ack 1001, win 64240, options [mss
	 * 1460]" (nfwalk sends no TCP options, so its SYN/ACK is 40 bytes, not 44). */
	struct packet *syn = tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0);
	struct packet *a = packet_answer(syn);
	ok(a && pkt_tcp_flags(a) == (TCPF_SYN | TCPF_ACK), "SYN -> SYN/ACK");
	is_int(pkt_tcp_ack(a), 1001, "ack = seq + 1");
	ok(pkt_saddr(a) == A("10.0.2.2") && pkt_sport(a) == 80 && pkt_dport(a) == 40000,
	   "addresses and ports swapped");
	ok(a->local_out, "generated locally");
	ok(pkt_ip_id(a) == 0 && pkt_df(a) && pkt_ttl(a) == 64 && pkt_tcp_window(a) == 64240,
	   "id 0, DF, ttl 64, win 64240");
	ok(sums_ok(a), "SYN/ACK checksums");
	struct packet *b = packet_answer(syn);
	is_int(pkt_tcp_seq(a), pkt_tcp_seq(b), "the ISN is reproducible");
	struct packet *c = packet_answer(a);
	ok(c && pkt_tcp_flags(c) == TCPF_ACK && pkt_tcp_seq(c) == 1001 &&
		   pkt_tcp_ack(c) == pkt_tcp_seq(a) + 1,
	   "SYN/ACK -> ACK completing the handshake");
	ok(!packet_answer(c), "a bare ACK gets no answer");
	packet_free(a);
	packet_free(b);
	packet_free(c);
	packet_free(syn);

	struct packet *rst = tcp("1.1.1.1", 1, "2.2.2.2", 2, TCPF_RST, 0, 0, 0);
	ok(!packet_answer(rst), "a RST gets no answer");
	packet_free(rst);

	/* "10.0.1.1 > 10.0.1.2: ICMP echo reply, id 42, seq 7, length 28"
	 * with the request's "tos 0x10" and "flags [none]" */
	struct pkt_spec s = {.proto = PROTO_ICMP, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.1.1"),
			     .icmp_type = ICMP_ECHO, .icmp_id = 42, .icmp_seq = 7, .payload = 20,
			     .tos = 0x10};
	struct packet *ping = packet_build(&s);
	ping->data[30] = 0xab;
	a = packet_answer(ping);
	uint8_t type;
	ok(a && pkt_icmp(a, &type, NULL) && type == ICMP_ECHOREPLY, "echo -> echo reply");
	ok(pkt_icmp_id(a) == 42 && pkt_icmp_seq(a) == 7, "same id and seq");
	ok(pkt_tot_len(a) == 48 && a->data[30] == 0xab, "same data");
	ok(pkt_tos(a) == 0x10 && !pkt_df(a), "tos kept, no DF");
	ok(sums_ok(a), "echo reply checksum");
	packet_free(a);
	packet_free(ping);

	struct packet *u = udp("10.0.1.2", 5000, "10.0.2.2", 53, 12);
	a = packet_answer(u);
	ok(a && pkt_sport(a) == 53 && pkt_dport(a) == 5000 && pkt_daddr(a) == A("10.0.1.2"),
	   "udp answered with ports swapped");
	ok(pkt_payload_len(a) == 12 && sums_ok(a), "same payload length, checksums right");
	packet_free(a);
	packet_free(u);
}

static void test_names(void)
{
	char b[16];
	struct {
		uint8_t flags;
		const char *want;
	} cases[] = {
		{TCPF_SYN, "S"},
		{TCPF_SYN | TCPF_ACK, "S."},
		{TCPF_ACK, "."},
		{TCPF_FIN | TCPF_ACK, "F."},
		{TCPF_PSH | TCPF_ACK, "P."},
		{TCPF_RST | TCPF_ACK, "R."},
		{TCPF_RST, "R"},
		{0, "none"},
		{0xff, "FSRP.UEW"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = tcp_flags_fmt(cases[i].flags, b, sizeof(b));
		is_str(b, cases[i].want, cases[i].want);
		is_int((int)n, (int)strlen(cases[i].want), "... and says its length");
	}
	is_int((int)tcp_flags_fmt(0xff, b, 4), 3, "the length of what fits");
	is_str(b, "FSR", "truncated to the buffer");

	is_str(proto_name(6), "tcp", "proto 6");
	is_str(proto_name(17), "udp", "proto 17");
	is_str(proto_name(1), "icmp", "proto 1");
	ok(proto_name(47) == NULL, "proto 47 has no name here");
	is_int(proto_by_name("tcp"), 6, "tcp");
	is_int(proto_by_name("UDP"), 17, "UDP, any case");
	is_int(proto_by_name("47"), 47, "a number");
	is_int(proto_by_name("256"), -1, "256 is no protocol");
	is_int(proto_by_name("bogus"), -1, "unknown name");
	is_int(proto_by_name(NULL), -1, "NULL");

	is_str(ctinfo_name(CTINFO_NEW), "NEW", "NEW");
	is_str(ctinfo_name(CTINFO_ESTABLISHED_REPLY), "ESTABLISHED_REPLY", "ESTABLISHED_REPLY");
	is_str(ctinfo_name(CTINFO_RELATED_REPLY), "RELATED_REPLY", "RELATED_REPLY");
	is_str(ctinfo_name(CTINFO_UNTRACKED), "UNTRACKED", "UNTRACKED");
	is_str(ctinfo_name(CTINFO_NONE), "-", "NONE is -");
	is_str(ctinfo_name((enum ct_info)99), "-", "out of range is -");
	/* the names with their lengths, as the traces take them */
	for (int ci = CTINFO_NONE; ci <= CTINFO_UNTRACKED + 1; ci++) {
		struct piece pc = ctinfo_name_piece((enum ct_info)ci);
		ok(pc.s == ctinfo_name((enum ct_info)ci) && pc.n == strlen(pc.s),
		   "ctinfo %d: the name and its length", ci);
	}
	for (int proto = 0; proto < 256; proto++) {
		struct piece pc = proto_name_piece((uint8_t)proto);
		if (pc.s || proto_name((uint8_t)proto))
			ok(pc.s == proto_name((uint8_t)proto) && pc.n == strlen(pc.s),
			   "protocol %d: the name and its length", proto);
	}
}

/* Interface names counted and compared in line: strlen's and strcmp's
 * answers for every name shorter than IFNAME_MAX. */
static void test_ifnames(void)
{
	const char *names[] = {"", "e", "eth0", "eth1", "eth", "eth00", "lo", "wlp3s0", "br-lan",
			       "abcdefghijklmno" /* 15: the longest */};
	char padded[ARRAY_SIZE(names)][IFNAME_MAX]; /* as packets and rules hold them */
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		memset(padded[i], 'x', IFNAME_MAX); /* garbage past the NUL */
		memcpy(padded[i], names[i], strlen(names[i]) + 1);
		char what[48];
		snprintf(what, sizeof(what), "ifname_len(\"%s\")", names[i]);
		is_int((int)ifname_len(padded[i]), (int)strlen(names[i]), what);
	}
	int agree = 0, pairs = 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		for (size_t j = 0; j < ARRAY_SIZE(names); j++, pairs++)
			agree += ifname_eq(padded[i], padded[j]) == (strcmp(names[i], names[j]) == 0);
	is_int(agree, pairs, "ifname_eq agrees with strcmp on every pair");
	char full[IFNAME_MAX];
	memset(full, 'a', sizeof(full)); /* no NUL at all: never read past it */
	is_int((int)ifname_len(full), IFNAME_MAX - 1, "an unterminated name counts IFNAME_MAX - 1");
}

static void test_describe(void)
{
	char d[200];
	struct packet *p = tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_SYN, 0, 0, 20);
	size_t n = packet_describe(p, d, sizeof(d));
	is_str(d, "tcp 10.0.1.2:40000 -> 10.0.2.2:80 [S] len 60", "describe a SYN");
	is_int((int)n, (int)strlen(d), "... and say its length");
	is_int((int)packet_describe(p, d, 10), 9, "the length of what fits");
	is_str(d, "tcp 10.0.", "cut as snprintf would");
	struct packet *c = packet_from_bytes(p->data, 44);
	packet_describe(c, d, sizeof(d));
	is_str(d, "tcp 10.0.1.2:40000 -> 10.0.2.2:80 [S] len 60 (44 captured)", "a truncated capture");
	packet_free(c);
	packet_free(p);
	p = icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 9, 1, 56);
	packet_describe(p, d, sizeof(d));
	is_str(d, "icmp 10.0.1.2 -> 10.0.2.2 echo request id 9 seq 1 len 84", "describe a ping");
	packet_free(p);
	uint8_t junk[] = {1, 2, 3};
	p = packet_from_bytes(junk, 3);
	n = packet_describe(p, d, sizeof(d));
	is_str(d, "not an IP packet (3 bytes)", "describe garbage");
	is_int((int)n, (int)strlen(d), "... and say its length");
	packet_free(p);
	struct pkt_spec g = {.proto = 47, .src.ip = A("1.1.1.1"), .dst.ip = A("2.2.2.2")};
	p = packet_build(&g);
	p->data[6] = 0x20; /* MF */
	pkt_header_changed(p); /* bytes the memo read */
	packet_describe(p, d, sizeof(d));
	is_str(d, "proto 47 1.1.1.1 -> 2.2.2.2 MF len 20", "describe another protocol's fragment");
	packet_free(p);
}

static void test_clone(void)
{
	struct packet *p = udp("10.0.1.2", 1, "10.0.2.2", 2, 5);
	p->mark = 7;
	str_copy(p->iif, sizeof(p->iif), "eth0");
	struct packet *c = packet_clone(p);
	ok(c->data != p->data && c->len == p->len && memcmp(c->data, p->data, p->len) == 0,
	   "clone copies the bytes");
	ok(c->mark == 7 && strcmp(c->iif, "eth0") == 0, "and the metadata");
	pkt_set_sport(c, 9);
	ok(pkt_sport(p) == 1, "the original is untouched");
	packet_free(c);
	packet_free(p);
	packet_free(NULL);
	ok(1, "packet_free(NULL) is harmless");
}

/* ---- IPv6 ---- */

static bool sums6_ok(const struct packet *p)
{
	return ref6_l4_ok(p->data, p->len, pkt_l4_offset(p), pkt_proto(p));
}

static void test_build6(void)
{
	struct packet *p = tcp6("2001:db8::1", 4000, "2001:db8:1::2", 80, TCPF_SYN, 1000, 0, 0);
	is_int(p->len, 60, "v6 SYN: 40 + 20 bytes");
	ok(p->data[0] == 0x60 && p->data[1] == 0 && p->data[2] == 0 && p->data[3] == 0,
	   "version 6, traffic class 0, flow label 0");
	ok(p->data[4] == 0 && p->data[5] == 20 && p->data[6] == 6 && p->data[7] == 64,
	   "payload length 20, next header tcp, hop limit 64");
	is_int(pkt_family(p), FAMILY_IPV6, "family IPv6");
	ok(pkt_l3_ok(p) && !pkt_ip_ok(p), "pkt_l3_ok, not pkt_ip_ok");
	union inet_addr src = pkt_src(p), dst = pkt_dst(p), want = A6("2001:db8:1::2");
	ok(inet_eq(&dst, &want) && src.in6.b[0] == 0x20 && src.in6.b[15] == 1, "addresses");
	is_int(pkt_tot_len(p), 60, "tot_len 60");
	is_int(pkt_proto(p), PROTO_TCP, "proto tcp");
	is_int(pkt_l4_offset(p), 40, "L4 at 40");
	is_int(pkt_sport(p), 4000, "sport");
	is_int(pkt_dport(p), 80, "dport");
	is_int(pkt_tcp_flags(p), TCPF_SYN, "flags");
	is_int(pkt_ttl(p), 64, "hop limit as ttl");
	ok(!pkt_is_fragment(p) && !pkt_more_fragments(p) && pkt_ip_id(p) == 0 && !pkt_df(p),
	   "not a fragment, id 0, no DF");
	ok(sums6_ok(p), "tcp over IPv6: checksum verifies independently");
	ok(packet_checksums_ok(p), "packet_checksums_ok agrees");
	packet_free(p);

	p = udp6("2001:db8::1", 5353, "ff02::fb", 5353, 10);
	is_int(p->len, 58, "udp6 with 10 bytes: 58");
	is_int(pkt_payload_len(p), 10, "payload 10");
	ok(sums6_ok(p) && packet_checksums_ok(p), "udp6 checksum");
	p->data[46] = p->data[47] = 0;
	ok(!packet_checksums_ok(p), "a zero UDP checksum is wrong in IPv6");
	packet_fix_checksums(p);
	ok(sums6_ok(p) && (p->data[46] | p->data[47]), "fix_checksums fills it");
	packet_free(p);

	p = icmp6("2001:db8::1", "2001:db8:1::2", ICMPV6_ECHO_REQUEST, 9, 1, 56);
	uint8_t ty = 0, co = 9;
	ok(pkt_icmp(p, &ty, &co) && ty == 128 && co == 0, "echo request 128/0");
	ok(pkt_icmp_id(p) == 9 && pkt_icmp_seq(p) == 1, "echo id and seq");
	is_int(pkt_tot_len(p), 104, "ping6's 104 bytes");
	ok(sums6_ok(p), "ICMPv6 checksum covers the pseudo-header");
	ok(!pkt_icmp_is_error(p) && !pkt_icmp_inner(p), "an echo is no error");
	packet_free(p);

	struct pkt_spec ns = {.proto = PROTO_ICMPV6, .family = FAMILY_IPV6,
			      .src = A6("fe80::1"), .dst = A6("ff02::1:ff00:2"),
			      .icmp_type = ICMPV6_NEIGH_SOLICIT, .ttl = 255, .payload = 16};
	p = packet_build(&ns);
	ok(pkt_icmp(p, &ty, NULL) && ty == 135 && pkt_ttl(p) == 255 && sums6_ok(p),
	   "neighbour solicitation: type 135, hop limit 255, checksum");
	packet_free(p);

	struct pkt_spec tc = {.proto = PROTO_UDP, .family = FAMILY_IPV6, .src = A6("::1"),
			      .dst = A6("::2"), .tos = 0xb8};
	p = packet_build(&tc);
	ok(p->data[0] == 0x6b && p->data[1] == 0x80 && pkt_tos(p) == 0xb8,
	   "tos 0xb8 is the traffic class (6b 80 ...)");
	packet_free(p);
}

/* A TCP segment behind hop-by-hop, routing and fragment headers (the
 * order RFC 8200 4.1 recommends); frag is the fragment header's
 * offset+flags field. */
static struct packet *tcp6_behind_exthdrs(uint16_t frag)
{
	struct packet *t = tcp6("2001:db8::1", 4000, "2001:db8:1::2", 80, TCPF_ACK, 7, 8, 4);
	uint8_t ext[24] = {
		/* hop-by-hop: next routing, len 0, PadN of 4 */
		43, 0, 1, 4, 0, 0, 0, 0,
		/* routing: next fragment, len 0, type 4 (SRH), segments left 0 */
		44, 0, 4, 0, 0, 0, 0, 0,
		/* fragment: next tcp, reserved, offset+flags, id 0x12345678 */
		6, 0, (uint8_t)(frag >> 8), (uint8_t)frag, 0x12, 0x34, 0x56, 0x78};
	size_t len = t->len + sizeof(ext);
	uint8_t *b = calloc(len, 1);
	memcpy(b, t->data, 40);
	memcpy(b + 40, ext, sizeof(ext));
	memcpy(b + 64, t->data + 40, t->len - 40);
	b[6] = 0; /* hop-by-hop first */
	b[5] = (uint8_t)(len - 40);
	struct packet *p = packet_from_bytes(b, len);
	free(b);
	packet_free(t);
	return p;
}

static void test_exthdrs6(void)
{
	struct packet *p = tcp6_behind_exthdrs(0x0001); /* first fragment, MF */
	is_int(pkt_proto(p), PROTO_TCP, "-p tcp behind hop-by-hop, routing, fragment");
	is_int(pkt_l4_offset(p), 64, "L4 after 24 bytes of extension headers");
	ok(pkt_sport(p) == 4000 && pkt_dport(p) == 80 && pkt_tcp_seq(p) == 7, "ports and seq");
	ok(!pkt_is_fragment(p) && pkt_more_fragments(p) && pkt_has_frag_hdr(p),
	   "first fragment: offset 0, MF");
	is_int(pkt_frag_id(p), 0x12345678, "32-bit fragment id");
	is_int(pkt_ip_id(p), 0x5678, "pkt_ip_id: its low 16 bits");
	is_int(pkt_tot_len(p), 88, "tot_len 40 + 48");
	is_int(pkt_payload_len(p), 4, "payload after the TCP header");
	packet_free(p);

	p = tcp6_behind_exthdrs(0x0000); /* an atomic fragment: whole */
	packet_fix_checksums(p);
	ok(ref6_l4_ok(p->data, p->len, 64, PROTO_TCP) && packet_checksums_ok(p),
	   "checksum over the segment behind the extension headers");
	pkt_set_src(p, A6("2001:db8:ffff::99"));
	pkt_set_dst(p, A6("fd00::7"));
	pkt_set_sport(p, 1234);
	pkt_set_ttl(p, 3);
	pkt_set_tos(p, 0x2c);
	union inet_addr s = pkt_src(p), want = A6("2001:db8:ffff::99");
	ok(inet_eq(&s, &want) && pkt_sport(p) == 1234 && pkt_ttl(p) == 3 && pkt_tos(p) == 0x2c,
	   "writers write what readers read");
	ok(ref6_l4_ok(p->data, p->len, 64, PROTO_TCP), "and keep the checksum right");
	ok(pkt_proto(p) == PROTO_TCP && pkt_l4_offset(p) == 64, "the chain is untouched");
	packet_free(p);

	p = tcp6_behind_exthdrs((uint16_t)(185 << 3)); /* a later fragment */
	ok(pkt_is_fragment(p) && pkt_frag_off(p) == 185 && !pkt_more_fragments(p),
	   "later fragment: offset 185");
	is_int(pkt_proto(p), PROTO_TCP, "its protocol from the fragment header (ip6tables -p)");
	is_int(pkt_frag_id(p), 0x12345678, "its id: ipv6_find_hdr finds a later fragment's header");
	ok(!pkt_l4(p, 1) && pkt_sport(p) == 0 && pkt_l4_offset(p) == 0, "but no L4 header");
	packet_free(p);

	p = tcp6_behind_exthdrs(0);
	p->data[41] = 200; /* hop-by-hop longer than the packet */
	pkt_header_changed(p); /* bytes the memo read */
	ok(pkt_proto(p) == 0 && !pkt_l4(p, 1) && pkt_family(p) == FAMILY_IPV6,
	   "a broken chain: no protocol, no L4, still IPv6");
	packet_free(p);
}

static void test_writers6(void)
{
	struct packet *ps[] = {
		tcp6("2001:db8::1", 1, "2001:db8::2", 2, TCPF_ACK, 1, 1, 33),
		udp6("2001:db8::1", 1, "2001:db8::2", 2, 33),
		icmp6("2001:db8::1", "2001:db8::2", ICMPV6_ECHO_REQUEST, 1, 1, 33),
	};
	const char *names[] = {"tcp", "udp", "icmpv6"};
	for (size_t k = 0; k < ARRAY_SIZE(ps); k++) {
		struct packet *p = ps[k];
		bool good = true;
		for (int i = 0; i < 200; i++) {
			union inet_addr a = {{0}};
			for (int j = 0; j < 4; j++)
				a.all[j] = rnd() ^ rnd() << 16;
			switch (rnd() % 6) {
			case 0: pkt_set_src(p, a); break;
			case 1: pkt_set_dst(p, a); break;
			case 2: pkt_set_sport(p, (uint16_t)rnd()); break;
			case 3: pkt_set_dport(p, (uint16_t)rnd()); break;
			case 4: pkt_set_icmp_id(p, (uint16_t)rnd()); break;
			default: pkt_set_ttl(p, (uint8_t)rnd()); break;
			}
			good = good && sums6_ok(p);
		}
		ok(good, "%s over IPv6: 200 random writes keep the checksum right", names[k]);
		ok(packet_checksums_ok(p), "%s: packet_checksums_ok agrees", names[k]);
		packet_free(p);
	}
}

static void test_icmp_error6(void)
{
	struct packet *u = udp6("2001:db8::1", 48003, "2001:db8:1::2", 9, 2000);
	struct packet *e = packet_icmp_error_addr(u, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH,
						  A6("2001:db8:1::2"), 0);
	ok(e != NULL, "port unreachable about udp6");
	is_int(e ? e->len : 0, 1280, "quotes as much as fits in 1280 bytes");
	ok(e && memcmp(e->data + 48, u->data, 1232) == 0, "the original, byte for byte");
	ok(e && e->data[7] == 64 && pkt_tos(e) == 0, "hop limit 64, traffic class 0");
	union inet_addr d = e ? pkt_dst(e) : A6("::"), w = A6("2001:db8::1");
	ok(inet_eq(&d, &w), "to the original source");
	ok(e && sums6_ok(e) && packet_checksums_ok(e), "error checksum verifies");
	ok(pkt_icmp_is_error(e), "pkt_icmp_is_error");
	int fam;
	union inet_addr qs, qd;
	uint16_t qsp, qdp;
	ok(pkt_icmp_quoted_addr(e, &fam, &qs, &qd, &qsp, &qdp) && fam == FAMILY_IPV6 &&
		   inet_eq(&qs, &w) && qsp == 48003 && qdp == 9,
	   "pkt_icmp_quoted_addr reads the quote");
	struct packet *in = pkt_icmp_inner(e);
	ok(in && pkt_family(in) == FAMILY_IPV6 && pkt_dport(in) == 9, "pkt_icmp_inner");
	if (in) {
		pkt_set_dport(in, 99);
		ok(pkt_icmp_set_inner(e, in) && sums6_ok(e), "pkt_icmp_set_inner keeps the sum");
		packet_free(in);
	}
	char buf[256];
	packet_describe(e, buf, sizeof(buf));
	is_str(buf, "icmp6 2001:db8:1::2 -> 2001:db8::1 port unreachable [quoting udp [2001:db8::1]:48003 -> [2001:db8:1::2]:99] len 1280",
	       "describe an ICMPv6 error");
	ok(!packet_icmp_error_addr(e, 1, 4, A6("2001:db8::1"), 0), "no error about an ICMPv6 error");
	packet_free(e);
	packet_free(u);

	struct packet *m = udp6("2001:db8::1", 5353, "ff02::fb", 5353, 8);
	ok(!packet_icmp_error_addr(m, 1, 4, A6("2001:db8::2"), 0), "none to a multicast destination");
	e = packet_icmp_error_addr(m, ICMPV6_PKT_TOOBIG, 0, A6("2001:db8::2"), 1280);
	ok(e && e->data[44] == 0 && e->data[45] == 0 && e->data[46] == 5 && e->data[47] == 0,
	   "but packet too big is sent, with its MTU");
	packet_free(e);
	packet_free(m);
	m = udp6("::", 1, "2001:db8::2", 2, 8);
	ok(!packet_icmp_error_addr(m, 1, 4, A6("2001:db8::2"), 0), "none to the unspecified address");
	packet_free(m);
	m = icmp6("2001:db8::1", "2001:db8::2", ICMPV6_ECHO_REQUEST, 1, 1, 8);
	e = packet_icmp_error_addr(m, ICMPV6_TIME_EXCEED, 0, A6("2001:db8::fe"), 0);
	ok(e != NULL, "an echo request may get an error");
	packet_free(e);
	packet_free(m);
}

static void test_text6(void)
{
	char d[200];
	struct packet *p = tcp6("2001:db8::1", 4000, "2001:db8:1::2", 80, TCPF_SYN, 1, 0, 0);
	packet_describe(p, d, sizeof(d));
	is_str(d, "tcp [2001:db8::1]:4000 -> [2001:db8:1::2]:80 [S] len 60", "describe a v6 SYN");
	packet_free(p);
	p = icmp6("2001:db8::1", "2001:db8:1::2", ICMPV6_ECHO_REQUEST, 9, 1, 56);
	packet_describe(p, d, sizeof(d));
	is_str(d, "icmp6 2001:db8::1 -> 2001:db8:1::2 echo request id 9 seq 1 len 104",
	       "describe a ping6");
	packet_free(p);
	p = tcp6_behind_exthdrs((uint16_t)(185 << 3));
	packet_describe(p, d, sizeof(d));
	is_str(d, "tcp 2001:db8::1 -> 2001:db8:1::2 frag off 1480 len 88", "describe a later fragment");
	packet_free(p);
	is_str(icmp6_type_name(1, 0), "no-route", "1/0 no-route");
	is_str(icmp6_type_name(1, 1), "communication-prohibited", "1/1 as ip6tables names it");
	is_str(icmp6_type_name(1, 2), "beyond-scope", "1/2 beyond-scope");
	is_str(icmp6_type_name(1, 3), "address-unreachable", "1/3");
	is_str(icmp6_type_name(1, 9), "destination-unreachable", "an unnamed code: the type");
	is_str(icmp6_type_name(2, 0), "packet-too-big", "2");
	is_str(icmp6_type_name(3, 0), "ttl-zero-during-transit", "3/0");
	is_str(icmp6_type_name(4, 1), "unknown-header-type", "4/1");
	is_str(icmp6_type_name(133, 0), "router-solicitation", "133");
	is_str(icmp6_type_name(136, 0), "neighbour-advertisement", "136");
	is_str(icmp6_type_name(137, 0), "redirect", "137");
	ok(!icmp6_type_name(200, 0), "200 has no name");
	uint8_t ty = 0;
	int co = 0;
	ok(icmp6_type_by_name("adm-prohibited", &ty, &co) && ty == 1 && co == 1,
	   "adm-prohibited (REJECT's word) is 1/1");
	ok(icmp6_type_by_name("Ping", &ty, &co) && ty == 128 && co == -1, "ping is 128, any code");
	ok(!icmp6_type_by_name("echo", &ty, &co), "unknown name");
	is_int(proto_by_name("ipv6-icmp"), 58, "ipv6-icmp");
	is_int(proto_by_name("icmpv6"), 58, "icmpv6");
	is_int(proto_by_name("ICMP6"), 58, "icmp6");
	is_str(proto_name(58), "ipv6-icmp", "58 prints as /etc/protocols names it");
}

/* tcpdump, which shares nothing with nfwalk, reads the crafted packets
 * (LINKTYPE_RAW) and must find every checksum correct. */
static void put_le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	fwrite(b, 1, 4, f);
}

static void test_tcpdump6(void)
{
	if (system("command -v tcpdump >/dev/null 2>&1") != 0) {
		ok(1, "# SKIP tcpdump is not installed");
		return;
	}
	char path[] = "/tmp/nfwalk-test6-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		ok(0, "temporary pcap");
		return;
	}
	struct packet *u = udp6("2001:db8::1", 5000, "2001:db8:1::2", 53, 30);
	struct packet *syn = tcp6("2001:db8::1", 4000, "2001:db8:1::2", 80, TCPF_SYN, 1, 0, 0);
	/* (tcpdump checks no checksum behind a fragment header, so the
	 * extension-header packets are left to ref6_l4_ok) */
	struct packet *ps[] = {
		syn, u, icmp6("2001:db8::1", "2001:db8:1::2", ICMPV6_ECHO_REQUEST, 9, 1, 56),
		packet_icmp_error_addr(u, 1, 4, A6("2001:db8:1::2"), 0), packet_tcp_reset(syn),
		packet_answer(syn)};
	put_le32(f, 0xa1b2c3d4);
	fwrite((uint8_t[]){2, 0, 4, 0}, 1, 4, f);
	put_le32(f, 0);
	put_le32(f, 0);
	put_le32(f, 65535);
	put_le32(f, 101); /* LINKTYPE_RAW */
	for (size_t k = 0; k < ARRAY_SIZE(ps); k++) {
		put_le32(f, (uint32_t)k);
		put_le32(f, 0);
		put_le32(f, (uint32_t)ps[k]->len);
		put_le32(f, (uint32_t)ps[k]->len);
		fwrite(ps[k]->data, 1, ps[k]->len, f);
	}
	fclose(f);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "tcpdump -vv -n -r %s 2>/dev/null", path);
	FILE *t = popen(cmd, "r");
	char line[512];
	int correct = 0, bad = 0;
	while (t && fgets(line, sizeof(line), t)) {
		correct += strstr(line, "(correct)") != NULL || strstr(line, "sum ok") != NULL;
		bad += strstr(line, "incorrect") != NULL || strstr(line, "bad ") != NULL;
		if (getenv("NFWALK_TEST_VERBOSE"))
			printf("# %s", line);
	}
	if (t)
		pclose(t);
	unlink(path);
	ok(correct == (int)ARRAY_SIZE(ps) && bad == 0,
	   "tcpdump -vv finds %d of %zu IPv6 checksums correct, %d bad", correct, ARRAY_SIZE(ps),
	   bad);
	for (size_t k = 0; k < ARRAY_SIZE(ps); k++)
		packet_free(ps[k]);
}

static void test_kernel_packets6(void)
{
	struct packet *syn = tcp6("2001:db8::1", 4000, "2001:db8:1::2", 80, TCPF_SYN, 1000, 0, 0);
	struct packet *r = packet_tcp_reset(syn);
	ok(r && pkt_family(r) == FAMILY_IPV6 && pkt_tcp_flags(r) == (TCPF_RST | TCPF_ACK) &&
		   pkt_tcp_ack(r) == 1001 && pkt_tcp_seq(r) == 0,
	   "nf_send_reset6: SYN gets [R.] ack 1001");
	ok(r && pkt_sport(r) == 80 && pkt_dport(r) == 4000 && r->len == 60 && sums6_ok(r),
	   "ports swapped, 60 bytes, checksum");
	packet_free(r);
	struct packet *a = packet_answer(syn);
	ok(a && pkt_tcp_flags(a) == (TCPF_SYN | TCPF_ACK) && pkt_tcp_ack(a) == 1001 &&
		   sums6_ok(a) && a->local_out,
	   "SYN -> SYN/ACK over IPv6");
	packet_free(a);
	packet_free(syn);
	struct packet *m = tcp6("2001:db8::1", 4000, "ff02::1", 80, TCPF_SYN, 1, 0, 0);
	ok(!packet_tcp_reset(m), "no RST to a multicast");
	packet_free(m);

	struct packet *e = icmp6("2001:db8::1", "2001:db8:1::2", ICMPV6_ECHO_REQUEST, 9, 1, 56);
	pkt_set_tos(e, 0x10);
	a = packet_answer(e);
	uint8_t ty = 0;
	ok(a && pkt_icmp(a, &ty, NULL) && ty == ICMPV6_ECHO_REPLY && pkt_icmp_id(a) == 9 &&
		   pkt_icmp_seq(a) == 1 && a->len == 104 && pkt_tos(a) == 0x10 && sums6_ok(a),
	   "echo request -> echo reply 129, same id, seq, data, traffic class");
	packet_free(a);
	packet_free(e);
	struct packet *u = udp6("2001:db8::1", 5000, "2001:db8::2", 53, 12);
	a = packet_answer(u);
	ok(a && pkt_sport(a) == 53 && pkt_payload_len(a) == 12 && sums6_ok(a), "udp6 answered");
	packet_free(a);
	packet_free(u);
}

static void poke6(struct packet *p)
{
	int fam;
	union inet_addr s, d;
	uint16_t sp, dp;
	volatile unsigned sink = (unsigned)pkt_l4_offset(p) + pkt_has_frag_hdr(p) + pkt_frag_id(p);
	sink += pkt_icmp_quoted_addr(p, &fam, &s, &d, &sp, &dp) + pkt_more_fragments(p);
	(void)sink;
	packet_free(packet_icmp_error_addr(p, 1, 4, A6("2001:db8::9"), 0));
	pkt_set_src(p, A6("2001:db8::7"));
	pkt_set_dst(p, A6("2001:db8::8"));
	poke_everything(p);
}

static void test_garbage6(void)
{
	struct packet *u = udp6("2001:db8::1", 1, "2001:db8::2", 2, 20);
	struct packet *seeds[] = {tcp6_behind_exthdrs(1), u,
				  packet_icmp_error_addr(u, 1, 4, A6("2001:db8::2"), 0),
				  icmp6("::1", "::2", 128, 1, 1, 4)};
	int n = 0;
	for (size_t k = 0; k < ARRAY_SIZE(seeds); k++)
		for (size_t len = 0; len <= seeds[k]->len; len++, n++) {
			struct packet *p = packet_from_bytes(seeds[k]->data, len);
			poke6(p);
			packet_free(p);
		}
	ok(n > 200, "every prefix of 4 IPv6 packets survives every call (%d)", n);
	int survived = 0;
	for (int i = 0; i < 3000; i++) {
		uint8_t b[120];
		size_t len = rnd() % sizeof(b);
		for (size_t j = 0; j < len; j++)
			b[j] = (uint8_t)rnd();
		if (len > 0)
			b[0] = (uint8_t)(0x60 | (b[0] & 0x0f));
		if (len > 6 && i % 2)
			b[6] = (uint8_t[]){0, 43, 44, 60, 51, 6, 17, 58}[rnd() % 8];
		if (len > 5 && i % 3)
			b[4] = 0, b[5] = (uint8_t)(len > 40 ? len - 40 : 0);
		struct packet *p = packet_from_bytes(b, len);
		poke6(p);
		packet_free(p);
		survived++;
	}
	is_int(survived, 3000, "3000 random IPv6-looking byte strings survive every call");
	ok(fields_checked > 6000 && fields_differ == 0,
	   "...and on the IPv6 ones too (%d packets in all, %d differ)", fields_checked, fields_differ);
	for (size_t k = 0; k < ARRAY_SIZE(seeds); k++)
		packet_free(seeds[k]);
}

/* csum_add_bytes against the byte-by-byte reference: every length from
 * 0 to 80 (odd tails, words of 2 and 4), random and all-0xff bytes (the
 * sums that carry most), any starting sum, and a 64 KiB buffer. */
static void test_csum_add_bytes(void)
{
	static uint8_t b[65536];
	srand(7);
	int bad = 0;
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = round == 1 ? 0xff : (uint8_t)rand();
		for (size_t n = 0; n <= 80; n++) {
			uint32_t start = round == 2 ? (uint32_t)rand() : 0;
			unsigned long want = ref_sum(b + 1, n) + (start & 0xffff) + (start >> 16);
			while (want > 0xffff)
				want = (want & 0xffff) + (want >> 16);
			if (csum_fold(csum_add_bytes(start, b + 1, n)) != (uint16_t)~want)
				bad++;
		}
	}
	ok(bad == 0, "csum_add_bytes agrees with the reference on 243 buffers (%d differ)", bad);
	unsigned long want = ref_sum(b, sizeof(b));
	ok(csum_fold(csum_add_bytes(0, b, sizeof(b))) == (uint16_t)~want, "and on 64 KiB");
}

int main(void)
{
	test_csum_add_bytes();
	test_build();
	test_writers();
	test_garbage();
	test_icmp_error();
	test_tcp_reset();
	test_answer();
	test_names();
	test_ifnames();
	test_describe();
	test_clone();
	test_build6();
	test_exthdrs6();
	test_writers6();
	test_icmp_error6();
	test_kernel_packets6();
	test_text6();
	test_tcpdump6();
	test_garbage6();
	return tap_done();
}
