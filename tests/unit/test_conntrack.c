/* test_conntrack.c - connection tracking states, checked against what the
 * real kernel said.
 *
 * The kernel facts quoted in comments come from Linux 6.18 in network
 * namespaces: A (10.0.1.2) -- router B (10.0.1.1 / 10.0.2.1) -- C
 * (10.0.2.2).  A and C send hand-made packets through raw sockets (and
 * drop whatever they receive in raw PREROUTING so their stacks never
 * answer); B counts each packet in mangle PREROUTING rules
 * "-m conntrack --ctstate X" and "-m conntrack --ctdir D", and
 * "conntrack -L" shows its table.  Each test applies ct_in and then
 * ct_confirm, as B's PREROUTING and POSTROUTING hooks do. */
#include <string.h>

#include "../tap.h"
#include "engine/track/conntrack.h"
#include "ct6_helpers.h"
#include "pkt_helpers.h"

static struct conntrack ct;
static char why[512];

/* One packet through conntrack as a forwarded packet meets it; returns
 * its ctinfo and keeps the packet's entry in *entry. */
static enum ct_info pass(struct packet *p, struct ct_entry **entry)
{
	enum ct_info ci = ct_in(&ct, p, why, sizeof(why));
	ct_confirm(&ct, p);
	if (entry)
		*entry = p->ct;
	packet_free(p);
	return ci;
}

static enum ct_info state_of(struct packet *p)
{
	return pass(p, NULL);
}

static const char *line(const struct ct_entry *e)
{
	static char buf[320];
	size_t n = ct_entry_fmt(e, buf, sizeof(buf));
	if (n != strlen(buf)) /* the traces take the line with this length */
		ok(0, "ct_entry_fmt said %zu for a line of %zu bytes", n, strlen(buf));
	return buf;
}

static struct ct_entry *find_tcp(const char *src, uint16_t sport, const char *dst, uint16_t dport)
{
	struct ct_tuple t = ct_tuple4(PROTO_TCP, A(src), A(dst), sport, dport);
	return ct_find(&ct, &t, NULL);
}

static void test_handshake(void)
{
	conntrack_init(&ct);
	struct packet *syn = tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0);
	ok(ct_in(&ct, syn, why, sizeof(why)) == CTINFO_NEW, "SYN is NEW (kernel: st_NEW dir_ORIGINAL)");
	struct ct_entry *e = syn->ct;
	ok(e && e->id == 1, "ids start at 1");
	char cut[10];
	is_int((int)ct_entry_fmt(e, cut, sizeof(cut)), 9, "a line cut to its buffer says the length kept");
	is_str(cut, "tcp 6 SYN", "... cut as snprintf would");
	is_str(why, "new connection: no entry for tcp 10.0.1.2:40000 -> 10.0.2.2:80; entry 1 created "
		    "(unconfirmed until the packet leaves), tcp state SYN_SENT",
	       "why: a new connection");
	ok(!find_tcp("10.0.1.2", 40000, "10.0.2.2", 80), "not in the table before confirmation");
	ok(ct_confirm(&ct, syn), "confirmed at the last hook");
	ok(!ct_confirm(&ct, syn), "only once");
	ok(e->status & CTS_CONFIRMED, "CONFIRMED bit");
	ok(find_tcp("10.0.1.2", 40000, "10.0.2.2", 80) == e, "found once confirmed");
	/* conntrack -L: "tcp 6 119 SYN_SENT src=10.0.1.2 dst=10.0.2.2 sport=41000
	 * dport=80 [UNREPLIED] src=10.0.2.2 dst=10.0.1.2 sport=80 dport=41000 mark=0 use=1" */
	is_str(line(e), "tcp 6 SYN_SENT src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80 [UNREPLIED] "
			"src=10.0.2.2 dst=10.0.1.2 sport=80 dport=40000 mark=0 id=1",
	       "conntrack -L line after the SYN");
	packet_free(syn);

	/* A retransmitted SYN before any reply: "SYN retransmit: st_NEW". */
	is_int(state_of(tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0)), CTINFO_NEW,
	       "SYN again before a reply: still NEW");
	ok(strstr(why, "original direction of entry 1, no reply seen yet: still NEW"), "why says so");

	struct ct_entry *got;
	is_int(pass(tcp("10.0.2.2", 80, "10.0.1.2", 40000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0), &got),
	       CTINFO_ESTABLISHED_REPLY, "SYN/ACK is ESTABLISHED, reply (st_ESTABLISHED dir_REPLY)");
	ok(got == e, "of the same entry");
	is_str(why, "reply direction of entry 1; tcp SYN_SENT -> SYN_RECV", "why: reply direction");
	ok(e->status & CTS_SEEN_REPLY, "SEEN_REPLY set");
	ok(!(e->status & CTS_ASSURED), "not ASSURED yet (conntrack -L: SYN_RECV, no [ASSURED])");
	is_int(e->tcp_state, CT_TCP_SYN_RECV, "SYN_RECV");

	is_int(state_of(tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_ACK, 1001, 5001, 0)),
	       CTINFO_ESTABLISHED, "third ACK is ESTABLISHED (st_ESTABLISHED dir_ORIGINAL)");
	ok(e->status & CTS_ASSURED, "now ASSURED");
	/* "tcp 6 431999 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80
	 * src=10.0.2.2 dst=10.0.1.2 sport=80 dport=40000 [ASSURED] mark=0 use=1" */
	is_str(line(e), "tcp 6 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000 dport=80 "
			"src=10.0.2.2 dst=10.0.1.2 sport=80 dport=40000 [ASSURED] mark=0 id=1",
	       "conntrack -L line when established");

	/* Close: FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, each packet
	 * ESTABLISHED in its direction; all as conntrack -L showed. */
	struct {
		bool from_client;
		uint8_t flags;
		enum ct_tcp_state state;
	} close[] = {
		{true, TCPF_PSH | TCPF_ACK, CT_TCP_ESTABLISHED},
		{true, TCPF_FIN | TCPF_ACK, CT_TCP_FIN_WAIT},
		{false, TCPF_ACK, CT_TCP_CLOSE_WAIT},
		{false, TCPF_FIN | TCPF_ACK, CT_TCP_LAST_ACK},
		{true, TCPF_ACK, CT_TCP_TIME_WAIT},
	};
	for (size_t i = 0; i < sizeof(close) / sizeof(close[0]); i++) {
		struct packet *p = close[i].from_client
					   ? tcp("10.0.1.2", 40000, "10.0.2.2", 80, close[i].flags, 2000, 6000, 0)
					   : tcp("10.0.2.2", 80, "10.0.1.2", 40000, close[i].flags, 6000, 2000, 0);
		enum ct_info ci = state_of(p);
		ok(ci == (close[i].from_client ? CTINFO_ESTABLISHED : CTINFO_ESTABLISHED_REPLY) &&
			   e->tcp_state == close[i].state,
		   "close step %zu: %s", i + 1, ct_tcp_state_name(close[i].state));
	}
	/* "SYN again (TIME_WAIT): st_NEW", a new SYN_SENT entry. */
	is_int(pass(tcp("10.0.1.2", 40000, "10.0.2.2", 80, TCPF_SYN, 90000, 0, 0), &got), CTINFO_NEW,
	       "a SYN in TIME_WAIT reopens: NEW");
	ok(got != e && got->id == 2 && got->tcp_state == CT_TCP_SYN_SENT, "with a new entry 2");
	ok(find_tcp("10.0.1.2", 40000, "10.0.2.2", 80) == got, "the old entry is gone from the table");
	ok(e->id == 1 && e->tcp_state == CT_TCP_TIME_WAIT, "but still readable");
	conntrack_free(&ct);
}

static void test_resets(void)
{
	conntrack_init(&ct);
	/* "RST-ACK from C" answering a SYN: "st_ESTABLISHED dir_REPLY", and
	 * "conntrack -L" then lists no entry for the flow. */
	state_of(tcp("10.0.1.2", 42000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0));
	struct ct_entry *e;
	is_int(pass(tcp("10.0.2.2", 80, "10.0.1.2", 42000, TCPF_RST | TCPF_ACK, 0, 1001, 0), &e),
	       CTINFO_ESTABLISHED_REPLY, "RST answering a SYN: ESTABLISHED reply");
	ok(!find_tcp("10.0.1.2", 42000, "10.0.2.2", 80), "and the entry is deleted at once");
	ok(e && e->tcp_state == CT_TCP_CLOSE, "the packet keeps its (dead) entry");

	/* RST from the server on an established connection: "CLOSE", entry
	 * kept; then a SYN from the client: "st_ESTABLISHED dir_ORIGINAL", the
	 * entry stays CLOSE (the kernel ignores it: reset by the other side). */
	state_of(tcp("10.0.1.2", 43000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0));
	state_of(tcp("10.0.2.2", 80, "10.0.1.2", 43000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0));
	state_of(tcp("10.0.1.2", 43000, "10.0.2.2", 80, TCPF_ACK, 1001, 5001, 0));
	is_int(state_of(tcp("10.0.2.2", 80, "10.0.1.2", 43000, TCPF_RST, 5001, 0, 0)),
	       CTINFO_ESTABLISHED_REPLY, "RST in ESTABLISHED: ESTABLISHED reply");
	e = find_tcp("10.0.1.2", 43000, "10.0.2.2", 80);
	ok(e && e->tcp_state == CT_TCP_CLOSE, "entry kept, CLOSE");
	is_int(state_of(tcp("10.0.1.2", 43000, "10.0.2.2", 80, TCPF_SYN, 7000, 0, 0)), CTINFO_ESTABLISHED,
	       "SYN after the server's RST: ESTABLISHED, ignored");
	ok(e->tcp_state == CT_TCP_CLOSE && find_tcp("10.0.1.2", 43000, "10.0.2.2", 80) == e,
	   "state stays CLOSE");
	ok(strstr(why, "ignored"), "why says ignored");

	/* "ACK in orig in SYN_SENT: st_INVALID" */
	state_of(tcp("10.0.1.2", 44000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0));
	struct packet *ack = tcp("10.0.1.2", 44000, "10.0.2.2", 80, TCPF_ACK, 1001, 1, 0);
	is_int(ct_in(&ct, ack, why, sizeof(why)), CTINFO_INVALID, "ACK before the SYN/ACK: INVALID");
	ok(ack->ct == NULL, "an INVALID packet has no entry");
	is_str(why, "original direction of entry 3, no reply seen yet: still NEW; tcp ACK in the original "
		    "direction is invalid in state SYN_SENT: INVALID",
	       "why: invalid transition");
	packet_free(ack);
	conntrack_free(&ct);
}

static void test_unknown_flows(void)
{
	conntrack_init(&ct);
	/* Each sent once with no entry; the kernel's answer in quotes. */
	struct {
		uint8_t flags;
		enum ct_info want;
		const char *kernel;
	} cases[] = {
		{TCPF_SYN | TCPF_ACK, CTINFO_INVALID, "unsolicited SYN-ACK: st_INVALID"},
		{TCPF_ACK, CTINFO_NEW, "bare ACK: st_NEW dir_ORIGINAL"},
		{TCPF_RST, CTINFO_INVALID, "RST unknown: st_INVALID"},
		{TCPF_RST | TCPF_ACK, CTINFO_INVALID, "RST-ACK unknown: st_INVALID"},
		{TCPF_FIN | TCPF_ACK, CTINFO_INVALID, "FIN-ACK unknown: st_INVALID"},
		{TCPF_FIN, CTINFO_INVALID, "FIN alone unknown: st_INVALID"},
		{TCPF_PSH | TCPF_ACK, CTINFO_NEW, "PSH-ACK unknown: st_NEW dir_ORIGINAL"},
		{TCPF_SYN | TCPF_FIN, CTINFO_INVALID, "SYN-FIN: st_INVALID"},
		{0, CTINFO_INVALID, "no flags (tcp_valid_flags)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct packet *p = tcp("10.0.1.2", (uint16_t)(40001 + i), "10.0.2.2", 80, cases[i].flags, 1, 1, 0);
		is_int(state_of(p), cases[i].want, cases[i].kernel);
	}
	struct ct_entry *e = find_tcp("10.0.1.2", 40002, "10.0.2.2", 80);
	ok(e && e->tcp_state == CT_TCP_ESTABLISHED && !(e->status & CTS_SEEN_REPLY),
	   "the bare ACK's entry: ESTABLISHED [UNREPLIED] (picked up)");
	state_of(tcp("10.0.1.2", 40003, "10.0.2.2", 80, TCPF_RST, 1, 0, 0));
	is_str(why, "INVALID: no entry for tcp 10.0.1.2:40003 -> 10.0.2.2:80, and a RST cannot open a tcp connection",
	       "why: a RST cannot open");

	/* "bare ACK loose=0: st_INVALID" */
	ct.tcp_loose = false;
	is_int(state_of(tcp("10.0.1.2", 45000, "10.0.2.2", 80, TCPF_ACK, 1, 1, 0)), CTINFO_INVALID,
	       "bare ACK with nf_conntrack_tcp_loose=0: INVALID");
	ct.tcp_loose = true;

	/* Picked up: "reply ACK: st_ESTABLISHED dir_REPLY" without [ASSURED],
	 * "orig ACK: st_ESTABLISHED dir_ORIGINAL" with [ASSURED]. */
	state_of(tcp("10.0.1.2", 46000, "10.0.2.2", 80, TCPF_ACK, 100, 200, 0));
	e = find_tcp("10.0.1.2", 46000, "10.0.2.2", 80);
	is_int(state_of(tcp("10.0.2.2", 80, "10.0.1.2", 46000, TCPF_ACK, 200, 100, 0)),
	       CTINFO_ESTABLISHED_REPLY, "picked up: the reply ACK");
	ok(!(e->status & CTS_ASSURED), "not ASSURED yet");
	is_int(state_of(tcp("10.0.1.2", 46000, "10.0.2.2", 80, TCPF_ACK, 100, 200, 0)), CTINFO_ESTABLISHED,
	       "picked up: the next ACK");
	ok(e->status & CTS_ASSURED, "ASSURED now");

	struct packet *cut = tcp("10.0.1.2", 1, "10.0.2.2", 2, TCPF_SYN, 0, 0, 0);
	cut->len = 30; /* the capture ends inside the TCP header */
	pkt_header_changed(cut);
	is_int(state_of(cut), CTINFO_INVALID, "truncated TCP header: INVALID");
	ok(strstr(why, "truncated tcp header"), "why says truncated");
	conntrack_free(&ct);
}

static void test_simultaneous_open(void)
{
	conntrack_init(&ct);
	state_of(tcp("10.0.1.2", 1000, "10.0.2.2", 2000, TCPF_SYN, 1, 0, 0));
	struct ct_entry *e = find_tcp("10.0.1.2", 1000, "10.0.2.2", 2000);
	is_int(state_of(tcp("10.0.2.2", 2000, "10.0.1.2", 1000, TCPF_SYN, 9, 0, 0)),
	       CTINFO_ESTABLISHED_REPLY, "simultaneous open: the other SYN");
	is_int(e->tcp_state, CT_TCP_SYN_SENT2, "SYN_SENT2");
	state_of(tcp("10.0.1.2", 1000, "10.0.2.2", 2000, TCPF_SYN | TCPF_ACK, 1, 10, 0));
	is_int(e->tcp_state, CT_TCP_SYN_RECV, "SYN/ACK: SYN_RECV");
	state_of(tcp("10.0.2.2", 2000, "10.0.1.2", 1000, TCPF_ACK, 10, 2, 0));
	is_int(e->tcp_state, CT_TCP_ESTABLISHED, "reply ACK: ESTABLISHED");
	is_str(ct_tcp_state_name(CT_TCP_SYN_SENT2), "SYN_SENT2", "state name");
	conntrack_free(&ct);
}

static void test_icmp(void)
{
	conntrack_init(&ct);
	/* "echo req: st_NEW", "echo reply: st_ESTABLISHED dir_REPLY",
	 * "echo req again: st_ESTABLISHED", "unsolicited echo reply:
	 * st_INVALID", "timestamp req: st_NEW", "router advert (9):
	 * st_INVALID", "type 40 unknown: st_INVALID". */
	struct ct_entry *e;
	is_int(pass(icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 777, 1, 56), &e), CTINFO_NEW, "echo request NEW");
	is_int(state_of(icmp("10.0.2.2", "10.0.1.2", ICMP_ECHOREPLY, 777, 1, 56)), CTINFO_ESTABLISHED_REPLY,
	       "echo reply ESTABLISHED reply");
	is_int(state_of(icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 777, 2, 56)), CTINFO_ESTABLISHED,
	       "next echo request ESTABLISHED");
	/* "icmp 1 28 src=10.0.1.2 dst=10.0.2.2 type=8 code=0 id=777 src=10.0.2.2
	 * dst=10.0.1.2 type=0 code=0 id=777 mark=0 use=1" */
	is_str(line(e), "icmp 1 src=10.0.1.2 dst=10.0.2.2 type=8 code=0 id=777 src=10.0.2.2 "
			"dst=10.0.1.2 type=0 code=0 id=777 mark=0 id=1",
	       "conntrack -L line for a ping");
	is_int(state_of(icmp("10.0.2.2", "10.0.1.2", ICMP_ECHOREPLY, 999, 1, 56)), CTINFO_INVALID,
	       "echo reply without a request INVALID");
	ok(strstr(why, "echo reply without its request"), "why says so");
	is_int(state_of(icmp("10.0.1.2", "10.0.2.2", 13, 5, 1, 12)), CTINFO_NEW, "timestamp request NEW");
	is_int(state_of(icmp("10.0.1.2", "10.0.2.2", 9, 5, 1, 0)), CTINFO_INVALID, "router advertisement INVALID");
	is_int(state_of(icmp("10.0.1.2", "10.0.2.2", 40, 5, 1, 0)), CTINFO_INVALID, "type 40 INVALID");
	conntrack_free(&ct);
}

static void test_related(void)
{
	conntrack_init(&ct);
	struct ct_entry *syn_entry;
	pass(tcp("10.0.1.2", 47000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0), &syn_entry);
	/* "port unreach from C quoting the SYN (orig dir): st_RELATED dir_REPLY" */
	struct packet *err = icmp_err("10.0.2.2", "10.0.1.2", ICMP_DEST_UNREACH, 3,
				      tcp("10.0.1.2", 47000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0));
	is_int(ct_in(&ct, err, why, sizeof(why)), CTINFO_RELATED_REPLY,
	       "error about the SYN: RELATED, reply direction");
	ok(err->ct == syn_entry, "p->ct is the connection's entry");
	is_str(ct_state_name(err), "RELATED", "--ctstate name RELATED");
	is_int(ct_packet_dir(err), CT_DIR_REPLY, "ct_packet_dir REPLY");
	is_str(why, "RELATED to entry 1: icmp error quoting its original direction "
		    "(tcp 10.0.1.2:47000 -> 10.0.2.2:80), travelling the reply way",
	       "why: related");
	ok(!ct_confirm(&ct, err), "a RELATED packet confirms nothing");
	packet_free(err);

	/* "host unreach from C quoting SYN but outer dst = other: st_INVALID" */
	is_int(state_of(icmp_err("10.0.2.2", "10.0.1.3", ICMP_DEST_UNREACH, 1,
				 tcp("10.0.1.2", 47000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0))),
	       CTINFO_INVALID, "error sent elsewhere than the quoted source: INVALID");
	/* "error from A quoting a reply-dir packet (C->A): st_RELATED dir_ORIGINAL" */
	is_int(state_of(icmp_err("10.0.1.2", "10.0.2.2", ICMP_DEST_UNREACH, 3,
				 tcp("10.0.2.2", 80, "10.0.1.2", 47000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0))),
	       CTINFO_RELATED, "error about a reply-direction packet: RELATED, original direction");
	/* "error quoting unknown flow: st_INVALID" */
	is_int(state_of(icmp_err("10.0.2.2", "10.0.1.2", ICMP_DEST_UNREACH, 3,
				 tcp("10.0.1.2", 47999, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0))),
	       CTINFO_INVALID, "error about an unknown flow: INVALID");
	/* "time exceeded from router-ish 10.0.2.9 quoting SYN: st_RELATED dir_REPLY" */
	is_int(state_of(icmp_err("10.0.2.9", "10.0.1.2", ICMP_TIME_EXCEEDED, 0,
				 tcp("10.0.1.2", 47000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0))),
	       CTINFO_RELATED_REPLY, "time exceeded from a router on the way: RELATED");

	/* an error about a ping */
	pass(icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 31, 1, 0), NULL);
	is_int(state_of(icmp_err("10.0.1.1", "10.0.1.2", ICMP_DEST_UNREACH, 1,
				 icmp("10.0.1.2", "10.0.2.2", ICMP_ECHO, 31, 1, 0))),
	       CTINFO_RELATED_REPLY, "host unreachable about a ping: RELATED");

	struct packet *e = icmp_err("10.0.2.2", "10.0.1.2", ICMP_DEST_UNREACH, 3,
				    tcp("10.0.1.2", 47000, "10.0.2.2", 80, TCPF_SYN, 1000, 0, 0));
	e->len = 20 + 8 + 20 + 4; /* quote cut below IP header + 8 */
	pkt_header_changed(e);
	is_int(state_of(e), CTINFO_INVALID, "an error quoting too little: INVALID");
	conntrack_free(&ct);
}

static void test_udp_and_generic(void)
{
	conntrack_init(&ct);
	/* "udp 1: st_NEW", "udp 2 same dir: st_NEW", "udp reply:
	 * st_ESTABLISHED dir_REPLY", "udp 3 orig: st_ESTABLISHED"; conntrack -L
	 * showed no [ASSURED] (the kernel wants 2 s of traffic first). */
	struct ct_entry *e;
	is_int(pass(udp("10.0.1.2", 5000, "10.0.2.2", 53, 10), &e), CTINFO_NEW, "udp: NEW");
	is_int(state_of(udp("10.0.1.2", 5000, "10.0.2.2", 53, 10)), CTINFO_NEW, "udp again: still NEW");
	is_int(state_of(udp("10.0.2.2", 53, "10.0.1.2", 5000, 10)), CTINFO_ESTABLISHED_REPLY, "udp reply");
	is_int(state_of(udp("10.0.1.2", 5000, "10.0.2.2", 53, 10)), CTINFO_ESTABLISHED, "udp after the reply");
	is_str(line(e), "udp 17 src=10.0.1.2 dst=10.0.2.2 sport=5000 dport=53 src=10.0.2.2 "
			"dst=10.0.1.2 sport=53 dport=5000 mark=0 id=1",
	       "conntrack -L line for udp");

	struct pkt_spec g = {.proto = 47, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.2.2")};
	is_int(state_of(packet_build(&g)), CTINFO_NEW, "GRE (generic tracker): NEW");
	g.src.ip = A("10.0.2.2");
	g.dst.ip = A("10.0.1.2");
	is_int(state_of(packet_build(&g)), CTINFO_ESTABLISHED_REPLY, "GRE reply");

	struct packet *bad = udp("10.0.1.2", 1, "10.0.2.2", 2, 0);
	bad->data[25] = 200; /* udp length beyond the datagram */
	is_int(state_of(bad), CTINFO_INVALID, "udp length too long: INVALID");
	struct packet *frag = udp("10.0.1.2", 1, "10.0.2.2", 2, 0);
	frag->data[6] = 0x20; /* MF */
	pkt_header_changed(frag); /* bytes the memo read */
	is_int(state_of(frag), CTINFO_INVALID, "a fragment: INVALID (no reassembly)");
	uint8_t junk[] = {0x45, 0};
	is_int(state_of(packet_from_bytes(junk, 2)), CTINFO_INVALID, "2 bytes: INVALID");
	conntrack_free(&ct);
}

static void test_lifecycle(void)
{
	conntrack_init(&ct);
	struct packet *p = udp("10.0.1.2", 1, "10.0.2.2", 2, 0);
	p->notrack = true;
	is_int(ct_in(&ct, p, why, sizeof(why)), CTINFO_UNTRACKED, "notrack: UNTRACKED");
	ok(p->ct == NULL, "without an entry");
	is_str(ct_state_name(p), "UNTRACKED", "--ctstate UNTRACKED");
	packet_free(p);

	p = udp("10.0.1.2", 7, "10.0.2.2", 8, 0);
	ct_in(&ct, p, why, sizeof(why));
	struct ct_entry *e = p->ct;
	ct_discard(&ct, p);
	ok(p->ct == e && e->id == 1, "a discarded entry stays readable");
	packet_free(p);
	p = udp("10.0.1.2", 7, "10.0.2.2", 8, 0);
	is_int(ct_in(&ct, p, why, sizeof(why)), CTINFO_NEW, "after a discard the flow is NEW again");
	ok(p->ct != e && p->ct->id == 2, "with a new entry, id 2");

	/* REJECT's answer: "SYN to 81 (tcp-reset): st_RELATED dir_REPLY" in B's
	 * mangle OUTPUT, same for the ICMP errors. */
	struct packet *rst = packet_tcp_reset(p);
	ok(rst == NULL, "(no reset for udp)");
	struct packet *answer = packet_icmp_error(p, 3, 3, A("10.0.2.1"));
	ct_attach(answer, p);
	ok(answer->ct == p->ct && answer->ctinfo == CTINFO_RELATED_REPLY,
	   "ct_attach: the answer is RELATED, reply direction");
	is_int(ct_in(&ct, answer, why, sizeof(why)), CTINFO_RELATED_REPLY, "ct_in keeps an attached entry");
	ok(!ct_confirm(&ct, answer), "an attached answer does not confirm its entry");
	ok(ct_confirm(&ct, p), "the packet that made it does");
	ok(ct_confirm(&ct, answer) == false, "and it is confirmed once");
	packet_free(answer);
	packet_free(p);

	p = udp("10.0.1.2", 9, "10.0.2.2", 9, 0);
	is_str(ct_state_name(p), "-", "before conntrack: -");
	p->ctinfo = CTINFO_ESTABLISHED_REPLY;
	is_str(ct_state_name(p), "ESTABLISHED", "ESTABLISHED_REPLY matches as ESTABLISHED");
	p->ctinfo = CTINFO_INVALID;
	is_str(ct_state_name(p), "INVALID", "INVALID");
	p->ctinfo = CTINFO_NONE;
	ct_in(&ct, p, NULL, 0);
	ok(p->ctinfo == CTINFO_NEW, "why may be NULL");
	packet_free(p);

	struct ct_tuple t = ct_tuple4(PROTO_ICMP, A("1.1.1.1"), A("2.2.2.2"), 5, ICMP_ECHO << 8), inv;
	ct_tuple_invert(&t, &inv);
	ok(inv.src.ip == t.dst.ip && inv.sport == 5 && inv.dport == ICMP_ECHOREPLY << 8,
	   "inverting an echo tuple gives the echo reply's");
	char buf[128];
	ct_tuple_fmt(&t, buf, sizeof(buf));
	is_str(buf, "icmp 1.1.1.1 -> 2.2.2.2 type 8 code 0 id 5", "icmp tuple printed");
	conntrack_free(&ct);
	conntrack_free(&ct);
	ok(1, "conntrack_free twice is harmless");
}

/* One packet at time t (seconds) through conntrack, as pass() does. */
static enum ct_info at(double t, struct packet *p, struct ct_entry **entry)
{
	p->t = t;
	return pass(p, entry);
}

static size_t dead_count(void)
{
	size_t n = 0;
	for (const struct ct_entry *e = ct.dead; e; e = e->next)
		n++;
	return n;
}

static void test_timeouts(void)
{
	conntrack_init(&ct);
	struct ct_timeouts def = ct_timeouts_default();
	is_int((int)def.tcp[CT_TCP_ESTABLISHED], 432000, "tcp established: 5 days");
	is_int((int)def.tcp[CT_TCP_TIME_WAIT], 120, "tcp time_wait: 2 minutes");
	is_int((int)def.udp, 30, "udp unreplied: 30 s");
	is_int((int)def.udp_stream, 120, "udp stream: 120 s");
	is_int((int)def.icmp, 30, "icmp: 30 s");

	struct ct_entry *e;
	is_int(at(10, udp("10.0.1.2", 5000, "10.0.2.2", 53, 0), &e), CTINFO_NEW, "udp query: NEW");
	ok(e && e->expires == 40, "an unreplied udp entry lives 30 s from its packet");
	unsigned id = e->id;
	is_int(at(11, udp("10.0.2.2", 53, "10.0.1.2", 5000, 0), NULL), CTINFO_ESTABLISHED_REPLY,
	       "the answer within the timeout: ESTABLISHED");
	ok(e->expires == 41, "a reply within two seconds: still the unreplied timeout");
	is_int(at(20, udp("10.0.1.2", 5000, "10.0.2.2", 53, 0), NULL), CTINFO_ESTABLISHED,
	       "both ways, later than two seconds");
	ok(e->expires == 140, "a stream: 120 s");
	is_int(at(141, udp("10.0.1.2", 5000, "10.0.2.2", 53, 0), &e), CTINFO_NEW,
	       "after the timeout the same flow is NEW again");
	ok(strstr(why, "expired 1.000 s ago (udp timeout 120 s) and is gone; new connection"),
	   "why: the packet found the entry expired: %s", why);
	ok(e && e->id != id, "a new entry");

	/* Packets without time never expire anything. */
	is_int(pass(udp("10.0.1.2", 5000, "10.0.2.2", 53, 0), NULL), CTINFO_NEW,
	       "a packet without time finds the entry");
	ok(!strstr(why, "expired"), "and says nothing of time");

	/* The sweep collects what no packet comes back for. */
	conntrack_free(&ct);
	conntrack_init(&ct);
	for (int i = 0; i < 10; i++)
		at(1, udp("10.0.1.2", (uint16_t)(6000 + i), "10.0.2.2", 53, 0), NULL);
	is_int((int)ct.count, 10, "ten connections in the table");
	for (int i = 0; i < 8; i++)
		at(100, icmp("10.0.3.3", "10.0.2.2", 8, (uint16_t)i, 1, 0), NULL);
	ok(ct.count == 8, "the ten udp entries were swept out by later packets");
	ok(!find_tcp("10.0.1.2", 6000, "10.0.2.2", 53), "gone from the index too");
	is_int((int)dead_count(), 10, "out of the table, waiting for ct_reap");
	ct_pin(ct.dead);
	ct_reap(&ct);
	is_int((int)dead_count(), 1, "ct_reap frees all but the pinned one");
	conntrack_free(&ct);
	ok(ct.count == 0 && !ct.dead, "conntrack_free frees the rest");
}

/* IPv6 through the same code: the tuples carry the family, conntrack -L
 * prints IPv6 addresses (Linux 6.18, `conntrack -L -f ipv6` in a router
 * namespace: "tcp 6 118 TIME_WAIT src=2001:db8:1::2 dst=2001:db8:2::2
 * sport=1500 dport=80 src=2001:db8:2::2 dst=2001:db8:2::102 sport=80
 * dport=1500 [ASSURED] mark=0 use=1", and without -o extended no
 * "ipv6 10" in front). */
static void test_ipv6_tcp(void)
{
	conntrack_init(&ct);
	const char *c = "2001:db8:1::2", *s = "2001:db8:2::2";
	struct ct_entry *e;
	is_int(pass(v6tcp(c, 40000, s, 80, TCPF_SYN, 1000, 0), &e), CTINFO_NEW, "IPv6 SYN is NEW");
	ok(e && ct_family(e) == FAMILY_IPV6, "the entry is IPv6's (l3num 10)");
	is_str(e ? line(e) : "", "tcp 6 SYN_SENT src=2001:db8:1::2 dst=2001:db8:2::2 sport=40000 "
				 "dport=80 [UNREPLIED] src=2001:db8:2::2 dst=2001:db8:1::2 sport=80 "
				 "dport=40000 mark=0 id=1",
	       "conntrack -L line with IPv6 addresses");
	ok(strstr(why, "tcp [2001:db8:1::2]:40000 -> [2001:db8:2::2]:80") != NULL,
	   "why names the flow as [addr]:port: %s", why);
	is_int(pass(v6tcp(s, 80, c, 40000, TCPF_SYN | TCPF_ACK, 5000, 1001), NULL),
	       CTINFO_ESTABLISHED_REPLY, "SYN/ACK: ESTABLISHED, reply");
	is_int(pass(v6tcp(c, 40000, s, 80, TCPF_ACK, 1001, 5001), NULL), CTINFO_ESTABLISHED,
	       "third ACK: ESTABLISHED");
	ok(e->tcp_state == CT_TCP_ESTABLISHED && (e->status & CTS_ASSURED), "ESTABLISHED, ASSURED");
	/* the same numbers as an IPv4 flow are another connection */
	struct ct_tuple t6 = e->tuple[CT_DIR_ORIGINAL], t4 = t6;
	t4.family = FAMILY_IPV4;
	ok(ct_find(&ct, &t6, NULL) == e && !ct_find(&ct, &t4, NULL), "the family is part of the tuple");
	is_int(state_of(v6tcp(c, 40001, s, 80, TCPF_SYN | TCPF_ACK, 1, 1)), CTINFO_INVALID,
	       "an unsolicited IPv6 SYN/ACK is INVALID");
	conntrack_free(&ct);
}

/* nf_conntrack_proto_icmpv6: echo 128 <-> 129 (invmap), only requests
 * open (valid_new), neighbour discovery and MLD untracked
 * (noct_valid_new), 30 s timeout.  The kernel's line for a ping
 * masqueraded by the router (6.18): "icmpv6 58 29 src=2001:db8:1::2
 * dst=2001:db8:2::2 type=128 code=0 id=77 src=2001:db8:2::2
 * dst=2001:db8:2::1 type=129 code=0 id=77 mark=0 use=1". */
static void test_ipv6_icmp(void)
{
	conntrack_init(&ct);
	const char *c = "2001:db8:1::2", *s = "2001:db8:2::2";
	struct ct_entry *e;
	struct packet *req = v6icmp(c, s, ICMPV6_ECHO_REQUEST, 77);
	req->t = 100;
	is_int(pass(req, &e), CTINFO_NEW, "echo request NEW");
	ok(e && e->expires == 130, "icmpv6 timeout: 30 s (nf_ct_icmpv6_timeout)");
	is_int(pass(v6icmp(s, c, ICMPV6_ECHO_REPLY, 77), NULL), CTINFO_ESTABLISHED_REPLY,
	       "echo reply: ESTABLISHED, reply");
	is_str(line(e), "icmpv6 58 src=2001:db8:1::2 dst=2001:db8:2::2 type=128 code=0 id=77 "
			"src=2001:db8:2::2 dst=2001:db8:1::2 type=129 code=0 id=77 mark=0 id=1",
	       "conntrack -L line for a ping6");
	is_int(state_of(v6icmp(s, c, ICMPV6_ECHO_REPLY, 78)), CTINFO_INVALID,
	       "echo reply without a request: INVALID");
	ok(strstr(why, "cannot open") != NULL, "why: %s", why);
	struct packet *ns = v6icmp("fe80::1", "ff02::1:ff00:2", ICMPV6_NEIGH_SOLICIT, 0);
	is_int(ct_in(&ct, ns, why, sizeof(why)), CTINFO_UNTRACKED, "neighbour solicitation: UNTRACKED");
	ok(!ns->ct && strstr(why, "never tracked"), "without an entry: %s", why);
	packet_free(ns);
	is_int(state_of(v6icmp(c, s, 130, 0)), CTINFO_UNTRACKED, "MLD query: UNTRACKED");
	is_int(state_of(v6icmp(c, s, 200, 1)), CTINFO_INVALID, "an unknown informational type: INVALID");
	is_int(state_of(v6icmp(c, s, 100, 1)), CTINFO_INVALID, "an unknown error type: INVALID");
	conntrack_free(&ct);
}

/* icmpv6_error -> nf_conntrack_inet_error: an error quoting a tracked
 * flow is RELATED to it, when sent to where that direction goes. */
static void test_ipv6_related(void)
{
	conntrack_init(&ct);
	const char *c = "2001:db8:1::2", *s = "2001:db8:2::2";
	struct ct_entry *e;
	pass(v6udp(c, 5000, s, 53, 10), &e);
	struct packet *err = v6err(s, c, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH,
				   v6udp(c, 5000, s, 53, 10));
	ok(err != NULL, "an ICMPv6 port unreachable quoting the datagram");
	is_int(ct_in(&ct, err, why, sizeof(why)), CTINFO_RELATED_REPLY,
	       "RELATED to the flow, reply direction");
	ok(err->ct == e && strstr(why, "RELATED to entry 1"), "to its entry: %s", why);
	packet_free(err);
	err = v6err("2001:db8:9::1", c, ICMPV6_TIME_EXCEED, 0, v6udp(c, 5000, s, 53, 10));
	is_int(state_of(err), CTINFO_RELATED_REPLY, "time exceeded from a router on the way: RELATED");
	err = v6err(s, "2001:db8:1::99", ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH,
		    v6udp(c, 5000, s, 53, 10));
	is_int(state_of(err), CTINFO_INVALID, "sent elsewhere than the quoted source: INVALID");
	err = v6err(s, c, ICMPV6_PKT_TOOBIG, 0, v6udp(c, 5001, s, 53, 10));
	is_int(state_of(err), CTINFO_INVALID, "about an unknown flow: INVALID");
	pass(v6icmp(c, s, ICMPV6_ECHO_REQUEST, 9), NULL);
	err = v6err("2001:db8:9::1", c, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH,
		    v6icmp(c, s, ICMPV6_ECHO_REQUEST, 9));
	is_int(state_of(err), CTINFO_RELATED_REPLY, "address unreachable about a ping: RELATED");
	conntrack_free(&ct);
}

static void test_entry_size(void)
{
	/* 1M entries are what `make bench` holds: keep them as small as
	 * before IPv6 (40-byte tuples, as the kernel's) */
	if (sizeof(void *) == 8)
		is_int((int)sizeof(struct ct_entry), 168, "an entry is 168 bytes on 64-bit");
	else
		ok(1, "(a 32-bit build: the size is not checked)");
	is_int((int)sizeof(struct ct_tuple), 40, "a tuple is 40 bytes");
}

int main(void)
{
	test_handshake();
	test_resets();
	test_unknown_flows();
	test_simultaneous_open();
	test_icmp();
	test_related();
	test_udp_and_generic();
	test_lifecycle();
	test_timeouts();
	test_ipv6_tcp();
	test_ipv6_icmp();
	test_ipv6_related();
	test_entry_size();
	return tap_done();
}
