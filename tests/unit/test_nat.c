/* test_nat.c - NAT bindings and their rewrites, checked against the real
 * kernel.
 *
 * Kernel facts come from Linux 6.18 namespaces: A (10.0.1.2) -- router B
 * (10.0.1.1 / 10.0.2.1, plus 10.0.2.100) -- C (10.0.2.2), hand-made
 * packets from raw sockets, B's bindings read with "conntrack -L" and the
 * translated packets with tcpdump on A and C.  The helper below plays
 * B's hooks for a forwarded packet: conntrack and nat at PREROUTING
 * (destination NAT), nat at POSTROUTING (source NAT), then confirm. */
#include <string.h>

#include "../tap.h"
#include "checksum_ref.h"
#include "engine/track/conntrack.h"
#include "engine/track/nat.h"
#include "ct6_helpers.h"
#include "pkt_helpers.h"

static struct conntrack ct;
static char why[512];

static struct nat_range to_addr(const char *lo, const char *hi)
{
	return (struct nat_range){.min_addr = {.ip = A(lo)}, .max_addr = {.ip = A(hi)}, .has_addr = true};
}

static struct nat_range to_addr_port(const char *a, uint16_t lo, uint16_t hi)
{
	return (struct nat_range){.min_addr = {.ip = A(a)}, .max_addr = {.ip = A(a)}, .has_addr = true,
				  .min_port = lo, .max_port = hi, .has_port = true};
}

/* The nat table's part at one hook: the first packet of a connection
 * binds (with the rule's range, or the null binding), every packet gets
 * the rewrite. */
static void nat_hook(struct packet *p, enum nf_hook h, const struct nat_range *rule)
{
	enum nat_manip m = nat_manip_of_hook(h);
	if (p->ct && p->ctinfo == CTINFO_NEW && !nat_done(p->ct, m)) {
		if (rule)
			nat_setup(&ct, p->ct, m, rule, why, sizeof(why));
		else
			nat_null_binding(&ct, p->ct, m);
	}
	nat_apply(p, h);
}

static struct packet *forward(struct packet *p, const struct nat_range *dnat,
			      const struct nat_range *snat)
{
	ct_in(&ct, p, NULL, 0);
	nat_hook(p, HOOK_PREROUTING, dnat);
	nat_hook(p, HOOK_POSTROUTING, snat);
	ct_confirm(&ct, p);
	return p;
}

static bool sums_ok(const struct packet *p)
{
	return ref_ip_ok(p->data) && ref_l4_ok(p->data, p->len);
}

static bool is_flow(const struct packet *p, const char *src, uint16_t sport, const char *dst,
		    uint16_t dport)
{
	return pkt_saddr(p) == A(src) && pkt_daddr(p) == A(dst) && pkt_sport(p) == sport &&
	       pkt_dport(p) == dport;
}

static void test_hooks(void)
{
	ok(nat_manip_of_hook(HOOK_PREROUTING) == NAT_MANIP_DST, "PREROUTING: destination NAT");
	ok(nat_manip_of_hook(HOOK_OUTPUT) == NAT_MANIP_DST, "OUTPUT: destination NAT");
	ok(nat_manip_of_hook(HOOK_POSTROUTING) == NAT_MANIP_SRC, "POSTROUTING: source NAT");
	ok(nat_manip_of_hook(HOOK_INPUT) == NAT_MANIP_SRC, "INPUT: source NAT");
}

static void test_dnat(void)
{
	conntrack_init(&ct);
	/* iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT
	 * --to-destination 10.0.2.2:80; conntrack -L: "src=10.0.1.2 dst=10.0.1.1
	 * sport=49000 dport=8080 [UNREPLIED] src=10.0.2.2 dst=10.0.1.2 sport=80
	 * dport=49000"; tcpdump on C: "10.0.1.2.49000 > 10.0.2.2.80: Flags [S]" */
	struct nat_range r = to_addr_port("10.0.2.2", 80, 80);
	struct packet *syn = forward(tcp("10.0.1.2", 49000, "10.0.1.1", 8080, TCPF_SYN, 1000, 0, 0), &r, NULL);
	struct ct_entry *e = syn->ct;
	ok(is_flow(syn, "10.0.1.2", 49000, "10.0.2.2", 80), "the SYN leaves for 10.0.2.2:80");
	ok(sums_ok(syn), "with right checksums");
	struct ct_tuple want = ct_tuple4(PROTO_TCP, A("10.0.2.2"), A("10.0.1.2"), 80, 49000);
	ok(ct_tuple_eq(&e->tuple[CT_DIR_REPLY], &want), "reply tuple 10.0.2.2:80 -> 10.0.1.2:49000");
	ok((e->status & CTS_DST_NAT) && (e->status & CTS_DST_NAT_DONE), "DST_NAT and DST_NAT_DONE");
	ok(!(e->status & CTS_SRC_NAT) && (e->status & CTS_SRC_NAT_DONE), "null source binding");
	packet_free(syn);

	struct packet *sa = forward(tcp("10.0.2.2", 80, "10.0.1.2", 49000, TCPF_SYN | TCPF_ACK, 5, 1001, 0), NULL, NULL);
	ok(sa->ctinfo == CTINFO_ESTABLISHED_REPLY && sa->ct == e, "the SYN/ACK is the reply");
	ok(is_flow(sa, "10.0.1.1", 8080, "10.0.1.2", 49000), "and leaves from 10.0.1.1:8080");
	ok(sums_ok(sa), "with right checksums");
	packet_free(sa);

	struct packet *ack = forward(tcp("10.0.1.2", 49000, "10.0.1.1", 8080, TCPF_ACK, 1001, 6, 0), NULL, NULL);
	ok(ack->ctinfo == CTINFO_ESTABLISHED && is_flow(ack, "10.0.1.2", 49000, "10.0.2.2", 80),
	   "later packets follow the binding without the nat table");
	packet_free(ack);

	ok(nat_setup(&ct, e, NAT_MANIP_DST, &r, why, sizeof(why)) == -1, "binding twice is refused");
	is_str(why, "entry 1 already has its destination NAT binding", "and says why");
	ok(nat_setup(&ct, NULL, NAT_MANIP_DST, &r, why, sizeof(why)) == -1, "no entry: refused");

	/* DNAT into a port range: the first free port from the bottom. */
	struct nat_range pr = to_addr_port("10.0.2.2", 8080, 8081);
	struct packet *a = forward(tcp("10.0.1.2", 5000, "10.0.1.1", 80, TCPF_SYN, 1, 0, 0), &pr, NULL);
	struct packet *b = forward(tcp("10.0.1.2", 5000, "10.0.1.1", 81, TCPF_SYN, 1, 0, 0), &pr, NULL);
	ok(pkt_dport(a) == 8080 && pkt_dport(b) == 8081, "two flows that would clash get 8080 and 8081");
	packet_free(a);
	packet_free(b);

	struct nat_range addr_only = to_addr("10.0.2.3", "10.0.2.3");
	a = forward(tcp("10.0.1.2", 5001, "10.0.1.1", 443, TCPF_SYN, 1, 0, 0), &addr_only, NULL);
	ok(is_flow(a, "10.0.1.2", 5001, "10.0.2.3", 443), "DNAT without a port keeps the port");
	packet_free(a);
	conntrack_free(&ct);
}

static void test_snat(void)
{
	conntrack_init(&ct);
	/* -j SNAT --to-source 10.0.2.100; conntrack -L: "src=10.0.1.2
	 * dst=10.0.2.2 sport=49001 dport=443 [UNREPLIED] src=10.0.2.2
	 * dst=10.0.2.100 sport=443 dport=49001"; tcpdump on C:
	 * "10.0.2.100.49001 > 10.0.2.2.443: Flags [S]" */
	struct nat_range r = to_addr("10.0.2.100", "10.0.2.100");
	struct packet *syn = tcp("10.0.1.2", 49001, "10.0.2.2", 443, TCPF_SYN, 1000, 0, 0);
	ct_in(&ct, syn, NULL, 0);
	nat_hook(syn, HOOK_PREROUTING, NULL);
	ok(is_flow(syn, "10.0.1.2", 49001, "10.0.2.2", 443), "unchanged before POSTROUTING");
	nat_hook(syn, HOOK_POSTROUTING, &r);
	is_str(why, "source NAT binding for entry 1: tcp 10.0.1.2:49001 -> 10.0.2.2:443 becomes "
		    "tcp 10.0.2.100:49001 -> 10.0.2.2:443",
	       "why: the binding");
	ct_confirm(&ct, syn);
	ok(is_flow(syn, "10.0.2.100", 49001, "10.0.2.2", 443), "the SYN leaves from 10.0.2.100:49001");
	ok(sums_ok(syn), "checksums right");
	struct ct_entry *e = syn->ct;
	struct ct_tuple want = ct_tuple4(PROTO_TCP, A("10.0.2.2"), A("10.0.2.100"), 443, 49001);
	ok(ct_tuple_eq(&e->tuple[CT_DIR_REPLY], &want), "reply tuple 10.0.2.2:443 -> 10.0.2.100:49001");
	ok(e->status & CTS_SRC_NAT, "SRC_NAT");
	packet_free(syn);

	/* the reply is de-masqueraded at PREROUTING */
	struct packet *sa = tcp("10.0.2.2", 443, "10.0.2.100", 49001, TCPF_SYN | TCPF_ACK, 7, 1001, 0);
	ct_in(&ct, sa, NULL, 0);
	ok(sa->ct == e && sa->ctinfo == CTINFO_ESTABLISHED_REPLY, "the reply finds the entry");
	ok(nat_apply(sa, HOOK_PREROUTING), "PREROUTING rewrites the reply");
	ok(is_flow(sa, "10.0.2.2", 443, "10.0.1.2", 49001), "to 10.0.1.2:49001");
	ok(!nat_apply(sa, HOOK_POSTROUTING), "POSTROUTING leaves it alone");
	ok(sums_ok(sa), "checksums right");
	packet_free(sa);
	conntrack_free(&ct);
}

static void test_port_clash(void)
{
	conntrack_init(&ct);
	/* The kernel keeps the port when the tuple is free; a second client
	 * with the same port to the same server got another port (the
	 * kernel's was random, "10.0.2.102 51693"); nfwalk takes the next
	 * free one.  Flows from the same client address and port reuse their
	 * mapping whatever the destination: all six flows of 10.0.1.6:5555
	 * showed "10.0.2.102 51693". */
	struct nat_range r = to_addr("10.0.2.100", "10.0.2.100");
	struct packet *a = forward(udp("10.0.1.2", 5555, "10.0.2.2", 7000, 1), NULL, &r);
	struct packet *b = forward(udp("10.0.1.3", 5555, "10.0.2.2", 7000, 1), NULL, &r);
	struct packet *c = forward(udp("10.0.1.4", 6000, "10.0.2.2", 7000, 1), NULL, &r);
	struct packet *d = forward(udp("10.0.1.3", 5555, "10.0.2.3", 7000, 1), NULL, &r);
	struct packet *e = forward(udp("10.0.1.2", 5555, "10.0.2.3", 7000, 1), NULL, &r);
	is_int(pkt_sport(a), 5555, "first client keeps 5555");
	is_int(pkt_sport(b), 5556, "second client with the same tuple gets 5556");
	is_int(pkt_sport(c), 6000, "a client without a clash keeps its port");
	is_int(pkt_sport(d), 5556, "the second client's next flow reuses 10.0.2.100:5556");
	is_int(pkt_sport(e), 5555, "the first client's next flow reuses 10.0.2.100:5555");
	ok(sums_ok(a) && sums_ok(b) && sums_ok(c) && sums_ok(d) && sums_ok(e), "all checksums right");
	struct packet *reply = forward(udp("10.0.2.2", 7000, "10.0.2.100", 5556, 1), NULL, NULL);
	ok(is_flow(reply, "10.0.2.2", 7000, "10.0.1.3", 5555), "the reply to 5556 goes back to 10.0.1.3:5555");
	packet_free(reply);
	packet_free(a);
	packet_free(b);
	packet_free(c);
	packet_free(d);
	packet_free(e);

	/* The router's own flow with no NAT rule takes the null binding; its
	 * tuple clashes with the SNATed one, so its port moves.  conntrack -L:
	 * "src=10.0.2.100 dst=10.0.2.2 sport=6001 dport=7003 [UNREPLIED]
	 * src=10.0.2.2 dst=10.0.2.100 sport=7003 dport=46065". */
	a = forward(udp("10.0.1.2", 6001, "10.0.2.2", 7003, 1), NULL, &r);
	b = forward(udp("10.0.2.100", 6001, "10.0.2.2", 7003, 1), NULL, NULL);
	ok(pkt_saddr(b) == A("10.0.2.100") && pkt_sport(b) == 6002,
	   "null binding: a clashing local flow's port moves (6001 -> 6002)");
	ok(!(b->ct->status & CTS_DST_NAT) && (b->ct->status & CTS_SRC_NAT), "as a source manip");
	packet_free(a);
	packet_free(b);

	/* --random-fully remaps even without a clash */
	struct nat_range rf = r;
	rf.fully_random = true;
	a = forward(udp("10.0.1.9", 7777, "10.0.2.2", 9999, 1), NULL, &rf);
	ok(pkt_sport(a) != 7777 && pkt_sport(a) >= 1024, "--random-fully picks another port (%u)", pkt_sport(a));
	uint16_t first = pkt_sport(a);
	packet_free(a);
	conntrack_free(&ct);
	conntrack_init(&ct);
	a = forward(udp("10.0.1.9", 7777, "10.0.2.2", 9999, 1), NULL, &rf);
	is_int(pkt_sport(a), first, "and the same one on every run");
	packet_free(a);

	/* privileged ports stay privileged */
	a = forward(udp("10.0.1.5", 53, "10.0.2.2", 53, 1), NULL, &r);
	b = forward(udp("10.0.1.6", 53, "10.0.2.2", 53, 1), NULL, &r);
	ok(pkt_sport(a) == 53 && pkt_sport(b) >= 1 && pkt_sport(b) <= 511 && pkt_sport(b) != 53,
	   "a clashing port below 512 moves within 1-511 (%u)", pkt_sport(b));
	packet_free(a);
	packet_free(b);
	conntrack_free(&ct);
}

static void test_address_hash(void)
{
	/* 60 bindings read from conntrack -L: SNAT --to-source
	 * 10.0.2.100-10.0.2.103 (dport 7000), the same with --persistent
	 * (7001), and 10.0.2.50-10.0.3.49 (7002); every source port distinct
	 * so only the address hash decides. */
	static const struct {
		const char *src;
		uint16_t sport;
		const char *dst;
		uint16_t dport;
		const char *kernel;
	} seen[] = {
		{"10.0.1.2", 6001, "10.0.2.2", 7000, "10.0.2.100"},
		{"10.0.1.3", 6007, "10.0.2.2", 7000, "10.0.2.102"},
		{"10.0.1.4", 6013, "10.0.2.2", 7000, "10.0.2.101"},
		{"10.0.1.5", 6019, "10.0.2.2", 7000, "10.0.2.103"},
		{"10.0.1.6", 6025, "10.0.2.2", 7000, "10.0.2.102"},
		{"10.0.1.7", 6031, "10.0.2.2", 7000, "10.0.2.101"},
		{"10.0.1.8", 6037, "10.0.2.2", 7000, "10.0.2.103"},
		{"10.0.1.9", 6043, "10.0.2.2", 7000, "10.0.2.103"},
		{"10.0.1.10", 6049, "10.0.2.2", 7000, "10.0.2.102"},
		{"10.0.1.200", 6055, "10.0.2.2", 7000, "10.0.2.103"},
		{"10.0.1.2", 6004, "10.0.2.3", 7000, "10.0.2.100"},
		{"10.0.1.3", 6010, "10.0.2.3", 7000, "10.0.2.102"},
		{"10.0.1.4", 6016, "10.0.2.3", 7000, "10.0.2.102"},
		{"10.0.1.5", 6022, "10.0.2.3", 7000, "10.0.2.102"},
		{"10.0.1.6", 6028, "10.0.2.3", 7000, "10.0.2.103"},
		{"10.0.1.7", 6034, "10.0.2.3", 7000, "10.0.2.103"},
		{"10.0.1.8", 6040, "10.0.2.3", 7000, "10.0.2.100"},
		{"10.0.1.9", 6046, "10.0.2.3", 7000, "10.0.2.100"},
		{"10.0.1.10", 6052, "10.0.2.3", 7000, "10.0.2.103"},
		{"10.0.1.200", 6058, "10.0.2.3", 7000, "10.0.2.102"},
		{"10.0.1.2", 6002, "10.0.2.2", 7001, "10.0.2.103"},
		{"10.0.1.3", 6008, "10.0.2.2", 7001, "10.0.2.102"},
		{"10.0.1.4", 6014, "10.0.2.2", 7001, "10.0.2.103"},
		{"10.0.1.5", 6020, "10.0.2.2", 7001, "10.0.2.102"},
		{"10.0.1.6", 6026, "10.0.2.2", 7001, "10.0.2.102"},
		{"10.0.1.7", 6032, "10.0.2.2", 7001, "10.0.2.101"},
		{"10.0.1.8", 6038, "10.0.2.2", 7001, "10.0.2.101"},
		{"10.0.1.9", 6044, "10.0.2.2", 7001, "10.0.2.100"},
		{"10.0.1.10", 6050, "10.0.2.2", 7001, "10.0.2.103"},
		{"10.0.1.200", 6056, "10.0.2.2", 7001, "10.0.2.102"},
		{"10.0.1.2", 6005, "10.0.2.3", 7001, "10.0.2.103"},
		{"10.0.1.3", 6011, "10.0.2.3", 7001, "10.0.2.102"},
		{"10.0.1.4", 6017, "10.0.2.3", 7001, "10.0.2.103"},
		{"10.0.1.5", 6023, "10.0.2.3", 7001, "10.0.2.102"},
		{"10.0.1.6", 6029, "10.0.2.3", 7001, "10.0.2.102"},
		{"10.0.1.7", 6035, "10.0.2.3", 7001, "10.0.2.101"},
		{"10.0.1.8", 6041, "10.0.2.3", 7001, "10.0.2.101"},
		{"10.0.1.9", 6047, "10.0.2.3", 7001, "10.0.2.100"},
		{"10.0.1.10", 6053, "10.0.2.3", 7001, "10.0.2.103"},
		{"10.0.1.200", 6059, "10.0.2.3", 7001, "10.0.2.102"},
		{"10.0.1.2", 6003, "10.0.2.2", 7002, "10.0.2.68"},
		{"10.0.1.3", 6009, "10.0.2.2", 7002, "10.0.2.190"},
		{"10.0.1.4", 6015, "10.0.2.2", 7002, "10.0.2.136"},
		{"10.0.1.5", 6021, "10.0.2.2", 7002, "10.0.3.41"},
		{"10.0.1.6", 6027, "10.0.2.2", 7002, "10.0.2.229"},
		{"10.0.1.7", 6033, "10.0.2.2", 7002, "10.0.2.138"},
		{"10.0.1.8", 6039, "10.0.2.2", 7002, "10.0.2.242"},
		{"10.0.1.9", 6045, "10.0.2.2", 7002, "10.0.2.245"},
		{"10.0.1.10", 6051, "10.0.2.2", 7002, "10.0.2.237"},
		{"10.0.1.200", 6057, "10.0.2.2", 7002, "10.0.3.24"},
		{"10.0.1.2", 6006, "10.0.2.3", 7002, "10.0.2.70"},
		{"10.0.1.3", 6012, "10.0.2.3", 7002, "10.0.2.221"},
		{"10.0.1.4", 6018, "10.0.2.3", 7002, "10.0.2.241"},
		{"10.0.1.5", 6024, "10.0.2.3", 7002, "10.0.2.205"},
		{"10.0.1.6", 6030, "10.0.2.3", 7002, "10.0.3.32"},
		{"10.0.1.7", 6036, "10.0.2.3", 7002, "10.0.2.249"},
		{"10.0.1.8", 6042, "10.0.2.3", 7002, "10.0.2.91"},
		{"10.0.1.9", 6048, "10.0.2.3", 7002, "10.0.2.85"},
		{"10.0.1.10", 6054, "10.0.2.3", 7002, "10.0.2.252"},
		{"10.0.1.200", 6060, "10.0.2.3", 7002, "10.0.2.197"},
	};
	conntrack_init(&ct);
	int agree = 0;
	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		struct nat_range r = seen[i].dport == 7002 ? to_addr("10.0.2.50", "10.0.3.49")
							   : to_addr("10.0.2.100", "10.0.2.103");
		r.persistent = seen[i].dport == 7001;
		struct packet *p = forward(udp(seen[i].src, seen[i].sport, seen[i].dst, seen[i].dport, 0), NULL, &r);
		if (pkt_saddr(p) == A(seen[i].kernel) && pkt_sport(p) == seen[i].sport)
			agree++;
		else
			printf("# %s:%u -> %s:%u: kernel %s, nfwalk %08x\n", seen[i].src, seen[i].sport,
			       seen[i].dst, seen[i].dport, seen[i].kernel, pkt_saddr(p));
		packet_free(p);
	}
	is_int(agree, 60, "all 60 multi-address SNAT choices equal the kernel's");
	conntrack_free(&ct);
}

static void test_icmp_ids(void)
{
	conntrack_init(&ct);
	struct nat_range r = to_addr("10.0.2.100", "10.0.2.100");
	struct packet *a = forward(icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 100, 1, 8), NULL, &r);
	struct packet *b = forward(icmp("10.0.1.3", "10.0.2.2", ICMP_ECHO, 100, 1, 8), NULL, &r);
	ok(pkt_saddr(a) == A("10.0.2.100") && pkt_icmp_id(a) == 100, "first ping keeps id 100");
	ok(pkt_saddr(b) == A("10.0.2.100") && pkt_icmp_id(b) == 101, "second ping with the same id gets 101");
	ok(sums_ok(a) && sums_ok(b), "icmp checksums right");
	struct packet *reply = forward(icmp("10.0.2.2", "10.0.2.100", ICMP_ECHOREPLY, 101, 1, 8), NULL, NULL);
	ok(reply->ctinfo == CTINFO_ESTABLISHED_REPLY && pkt_daddr(reply) == A("10.0.1.3") &&
		   pkt_icmp_id(reply) == 100,
	   "the reply to id 101 goes back to 10.0.1.3 as id 100");
	ok(sums_ok(reply), "reply checksums right");
	packet_free(a);
	packet_free(b);
	packet_free(reply);
	conntrack_free(&ct);
}

/* The quoted datagram inside p (the whole original is quoted). */
static bool inner_is(const struct packet *p, const char *src, uint16_t sport, const char *dst,
		     uint16_t dport)
{
	struct packet *in = pkt_icmp_inner(p);
	bool ok = in && is_flow(in, src, sport, dst, dport) && ref_ip_ok(in->data) &&
		  ref_l4_ok(in->data, in->len);
	packet_free(in);
	return ok;
}

static void test_icmp_errors(void)
{
	conntrack_init(&ct);
	/* DNAT: tcpdump on A showed "10.0.1.1 > 10.0.1.2: ICMP 10.0.1.1 tcp port
	 * 8080 unreachable" quoting "10.0.1.2.49000 > 10.0.1.1.8080", where C
	 * had sent "10.0.2.2 > 10.0.1.2: ICMP 10.0.2.2 tcp port 80
	 * unreachable". */
	struct nat_range d = to_addr_port("10.0.2.2", 80, 80);
	packet_free(forward(tcp("10.0.1.2", 49000, "10.0.1.1", 8080, TCPF_SYN, 1000, 0, 0), &d, NULL));
	struct packet *err = forward(icmp_err("10.0.2.2", "10.0.1.2", ICMP_DEST_UNREACH, 3,
					      tcp("10.0.1.2", 49000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0)),
				     NULL, NULL);
	ok(err->ctinfo == CTINFO_RELATED_REPLY, "the error is RELATED");
	ok(pkt_saddr(err) == A("10.0.1.1") && pkt_daddr(err) == A("10.0.1.2"), "it comes from 10.0.1.1");
	ok(inner_is(err, "10.0.1.2", 49000, "10.0.1.1", 8080), "quoting 10.0.1.2:49000 -> 10.0.1.1:8080");
	ok(sums_ok(err), "outer IP and ICMP checksums right");
	packet_free(err);

	/* SNAT: C sent "10.0.2.9 > 10.0.2.100: time exceeded" quoting
	 * 10.0.2.100:49002 -> 10.0.2.2:443; A received "10.0.2.9 > 10.0.1.2:
	 * ICMP time exceeded in-transit" quoting "10.0.1.2.49002 >
	 * 10.0.2.2.443". */
	struct nat_range s = to_addr("10.0.2.100", "10.0.2.100");
	packet_free(forward(tcp("10.0.1.2", 49002, "10.0.2.2", 443, TCPF_SYN, 1000, 0, 0), NULL, &s));
	err = forward(icmp_err("10.0.2.9", "10.0.2.100", ICMP_TIME_EXCEEDED, 0,
			       tcp("10.0.2.100", 49002, "10.0.2.2", 443, TCPF_SYN, 1000, 0, 0)),
		      NULL, NULL);
	ok(err->ctinfo == CTINFO_RELATED_REPLY, "time exceeded is RELATED");
	ok(pkt_saddr(err) == A("10.0.2.9") && pkt_daddr(err) == A("10.0.1.2"), "it goes on to 10.0.1.2");
	ok(inner_is(err, "10.0.1.2", 49002, "10.0.2.2", 443), "quoting 10.0.1.2:49002 -> 10.0.2.2:443");
	ok(sums_ok(err), "checksums right");
	packet_free(err);

	/* only 8 bytes of TCP quoted: ports translated, no checksum to fix */
	packet_free(forward(tcp("10.0.1.2", 49003, "10.0.2.2", 443, TCPF_SYN, 1000, 0, 0), NULL, &s));
	err = icmp_err("10.0.2.9", "10.0.2.100", ICMP_TIME_EXCEEDED, 0,
		       tcp("10.0.2.100", 49003, "10.0.2.2", 443, TCPF_SYN, 1000, 0, 0));
	err->len = 20 + 8 + 20 + 8;
	pkt_header_changed(err);
	err->data[2] = 0;
	err->data[3] = (uint8_t)err->len;
	pkt_header_changed(err); /* bytes the memo read */
	packet_fix_checksums(err);
	forward(err, NULL, NULL);
	struct packet *in = pkt_icmp_inner(err);
	ok(in && pkt_saddr(in) == A("10.0.1.2") && pkt_sport(in) == 49003 && ref_ip_ok(in->data),
	   "a short quote is translated too");
	ok(sums_ok(err), "and the error's checksums are right");
	packet_free(in);
	packet_free(err);

	/* an error about a NATed ping */
	packet_free(forward(icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 100, 1, 0), NULL, &s));
	packet_free(forward(icmp("10.0.1.3", "10.0.2.2", ICMP_ECHO, 100, 1, 0), NULL, &s));
	err = forward(icmp_err("10.0.2.2", "10.0.2.100", ICMP_DEST_UNREACH, 1,
			       icmp("10.0.2.100", "10.0.2.2", ICMP_ECHO, 101, 1, 0)),
		      NULL, NULL);
	in = pkt_icmp_inner(err);
	ok(pkt_daddr(err) == A("10.0.1.3") && in && pkt_saddr(in) == A("10.0.1.3") &&
		   pkt_icmp_id(in) == 100,
	   "an error about the second ping reaches 10.0.1.3 quoting id 100");
	ok(sums_ok(err), "checksums right");
	packet_free(in);
	packet_free(err);
	conntrack_free(&ct);
}

static void test_confirmed(void)
{
	conntrack_init(&ct);
	struct packet *p = forward(udp("10.0.1.2", 1, "10.0.2.2", 2, 0), NULL, NULL);
	struct nat_range r = to_addr("9.9.9.9", "9.9.9.9");
	struct ct_entry copy = *p->ct;
	p->ct->status &= ~(unsigned)CTS_SRC_NAT_DONE;
	is_int(nat_setup(&ct, p->ct, NAT_MANIP_SRC, &r, why, sizeof(why)), 0, "a confirmed entry: no error");
	ok(ct_tuple_eq(&p->ct->tuple[CT_DIR_REPLY], &copy.tuple[CT_DIR_REPLY]), "but no change either");
	is_str(why, "entry 1 is confirmed: its bindings can no longer change", "and it says so");
	packet_free(p);
	conntrack_free(&ct);

	struct ct_entry loose = {.id = 9};
	struct ct_tuple t = ct_tuple4(PROTO_UDP, A("1.1.1.1"), A("2.2.2.2"), 10, 20);
	loose.tuple[0] = t;
	ct_tuple_invert(&t, &loose.tuple[1]);
	nat_null_binding(NULL, &loose, NAT_MANIP_SRC);
	ok(nat_done(&loose, NAT_MANIP_SRC) && !nat_done(&loose, NAT_MANIP_DST),
	   "null binding on an entry outside any table");
	ok(!nat_done(NULL, NAT_MANIP_SRC), "nat_done(NULL) is false");
	struct packet *q = udp("1.1.1.1", 10, "2.2.2.2", 20, 0);
	ok(!nat_apply(q, HOOK_PREROUTING), "no entry: nat_apply does nothing");
	packet_free(q);
}

/* ---- NAT66: the same code with IPv6 ranges ---- */

static struct nat_range to6(const char *lo, const char *hi, uint16_t plo, uint16_t phi)
{
	return (struct nat_range){.family = FAMILY_IPV6, .min_addr = A6(lo), .max_addr = A6(hi),
				  .has_addr = true, .min_port = plo, .max_port = phi,
				  .has_port = plo != 0};
}

static bool tuple6_is(const struct ct_tuple *t, const char *src, uint16_t sport, const char *dst,
		      uint16_t dport)
{
	union inet_addr s = A6(src), d = A6(dst);
	return t->family == FAMILY_IPV6 && inet_eq(&t->src, &s) && inet_eq(&t->dst, &d) &&
	       t->sport == sport && t->dport == dport;
}

/* ip6tables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT
 * --to-destination [2001:db8:2::2]:80 (Linux 6.18 in a namespace:
 * "src=2001:db8:1::2 dst=2001:db8:1::1 sport=40000 dport=8080
 * src=2001:db8:2::2 ... sport=80 dport=..."). */
static void test_dnat66(void)
{
	conntrack_init(&ct);
	const char *c = "2001:db8:1::2", *router = "2001:db8:1::1", *s = "2001:db8:2::2";
	struct nat_range r = to6(s, s, 80, 80);
	struct packet *syn = forward(v6tcp(c, 40000, router, 8080, TCPF_SYN, 1000, 0), &r, NULL);
	struct ct_entry *e = syn->ct;
	ok(is_flow6(syn, c, 40000, s, 80), "the IPv6 SYN leaves for [2001:db8:2::2]:80");
	ok(packet_checksums_ok(syn), "with a right TCP checksum (IPv6 pseudo-header)");
	union inet_addr want = A6(s);
	ok(syn->len >= 44 && memcmp(syn->data + 24, want.in6.b, 16) == 0 && syn->data[42] == 0 &&
		   syn->data[43] == 80,
	   "the bytes: destination address at 24, port at 42");
	ok(e && tuple6_is(&e->tuple[CT_DIR_REPLY], s, 80, c, 40000),
	   "reply tuple [2001:db8:2::2]:80 -> [2001:db8:1::2]:40000");
	ok(e && (e->status & CTS_DST_NAT), "DST_NAT");
	packet_free(syn);
	struct packet *sa = forward(v6tcp(s, 80, c, 40000, TCPF_SYN | TCPF_ACK, 5000, 1001), NULL, NULL);
	ok(sa->ctinfo == CTINFO_ESTABLISHED_REPLY && is_flow6(sa, router, 8080, c, 40000),
	   "the SYN/ACK leaves from [2001:db8:1::1]:8080");
	ok(packet_checksums_ok(sa), "checksums right");
	packet_free(sa);

	/* the server's port unreachable about the SYN reaches the client
	 * from the router, quoting what the client sent */
	struct packet *q = v6tcp(c, 40000, s, 80, TCPF_SYN, 1000, 0);
	struct packet *err = v6err(s, c, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, q);
	forward(err, NULL, NULL);
	ok(err->ctinfo == CTINFO_RELATED_REPLY, "the ICMPv6 error is RELATED");
	int qf = 0;
	union inet_addr qs, qd;
	uint16_t qsp, qdp;
	union inet_addr from = pkt_src(err), r6 = A6(router), c6 = A6(c);
	ok(inet_eq(&from, &r6), "it comes from 2001:db8:1::1");
	ok(pkt_icmp_quoted_addr(err, &qf, &qs, &qd, &qsp, &qdp) && qf == FAMILY_IPV6 &&
		   inet_eq(&qs, &c6) && inet_eq(&qd, &r6) && qsp == 40000 && qdp == 8080,
	   "quoting [2001:db8:1::2]:40000 -> [2001:db8:1::1]:8080");
	ok(packet_checksums_ok(err), "the ICMPv6 checksum is right");
	packet_free(err);

	struct nat_range v4 = to_addr("10.0.2.2", "10.0.2.2");
	struct packet *other = v6tcp(c, 40002, router, 8080, TCPF_SYN, 1, 0);
	ct_in(&ct, other, NULL, 0);
	is_int(nat_setup(&ct, other->ct, NAT_MANIP_DST, &v4, why, sizeof(why)), -1,
	       "an IPv4 range cannot bind an IPv6 connection");
	packet_free(other);
	conntrack_free(&ct);
}

/* -j SNAT --to-source [2001:db8:2::100-2001:db8:2::109]:1000-2000: the
 * kernel (6.18) put both of 2001:db8:1::2's connections to 2001:db8:2::2
 * on 2001:db8:2::102 (find_best_ips_proto over four words), and kept
 * source port 1500, which is in the range. */
static void test_snat66(void)
{
	conntrack_init(&ct);
	const char *c = "2001:db8:1::2", *s = "2001:db8:2::2";
	struct nat_range r = to6("2001:db8:2::100", "2001:db8:2::109", 1000, 2000);
	struct packet *a = forward(v6tcp(c, 1500, s, 80, TCPF_SYN, 1, 0), NULL, &r);
	ok(is_flow6(a, "2001:db8:2::102", 1500, s, 80), "from [2001:db8:2::102]:1500, as the kernel");
	ok(packet_checksums_ok(a), "checksums right");
	union inet_addr want = A6("2001:db8:2::102");
	ok(memcmp(a->data + 8, want.in6.b, 16) == 0, "the source address bytes at 8");
	struct packet *b = forward(v6tcp(c, 40001, s, 80, TCPF_SYN, 1, 0), NULL, &r);
	union inet_addr bs = pkt_src(b);
	ok(inet_eq(&bs, &want) && pkt_sport(b) >= 1000 && pkt_sport(b) <= 2000,
	   "a port outside the range moves into it, same address");
	ok(b->ct && tuple6_is(&b->ct->tuple[CT_DIR_REPLY], s, 80, "2001:db8:2::102", pkt_sport(b)),
	   "reply tuple to [2001:db8:2::102]");
	struct packet *reply = forward(v6tcp(s, 80, "2001:db8:2::102", 1500, TCPF_SYN | TCPF_ACK, 9, 2),
				       NULL, NULL);
	ok(is_flow6(reply, s, 80, c, 1500) && packet_checksums_ok(reply),
	   "the reply is de-NATed to [2001:db8:1::2]:1500");
	packet_free(a);
	packet_free(b);
	packet_free(reply);

	/* ping6 masqueraded to one address: a second client's clashing id moves */
	struct nat_range one = to6("2001:db8:2::1", "2001:db8:2::1", 0, 0);
	struct packet *p1 = forward(v6icmp(c, s, ICMPV6_ECHO_REQUEST, 77), NULL, &one);
	struct packet *p2 = forward(v6icmp("2001:db8:1::3", s, ICMPV6_ECHO_REQUEST, 77), NULL, &one);
	ok(p1->ct && tuple6_is(&p1->ct->tuple[CT_DIR_REPLY], s, 77, "2001:db8:2::1",
			       ICMPV6_ECHO_REPLY << 8),
	   "ping6: reply tuple 2001:db8:2::2 -> 2001:db8:2::1 type 129 id 77 (the kernel's)");
	is_int(pkt_icmp_id(p2), 78, "a second client's id 77 becomes 78");
	ok(packet_checksums_ok(p1) && packet_checksums_ok(p2), "ICMPv6 checksums right");
	struct packet *back = forward(v6icmp(s, "2001:db8:2::1", ICMPV6_ECHO_REPLY, 78), NULL, NULL);
	union inet_addr bd = pkt_dst(back), c3 = A6("2001:db8:1::3");
	ok(inet_eq(&bd, &c3) && pkt_icmp_id(back) == 77 && packet_checksums_ok(back),
	   "the reply to id 78 goes back to 2001:db8:1::3 as id 77");
	packet_free(p1);
	packet_free(p2);
	packet_free(back);
	conntrack_free(&ct);
}

int main(void)
{
	test_hooks();
	test_dnat();
	test_snat();
	test_port_clash();
	test_address_hash();
	test_icmp_ids();
	test_icmp_errors();
	test_confirmed();
	test_dnat66();
	test_snat66();
	return tap_done();
}
