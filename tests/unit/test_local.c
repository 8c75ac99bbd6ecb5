/* test_local.c - local sockets and what the stack answers.  Expectations
 * come from Linux 6.18: crafted packets sent with a raw socket from a peer
 * namespace (10.9.0.2) to a host (10.9.0.1) with listen() on tcp 22 and a
 * UDP socket on 53, replies read with tcpdump (see local.c). */
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"
#include "engine/net/local.h"
#include "tests/tap.h"

static uint32_t A(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

static const uint32_t PEER = 0x0a090002, HOST = 0x0a090001; /* 10.9.0.2 -> 10.9.0.1 */

static struct packet *tcp(uint16_t dport, uint8_t flags, uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_TCP, .src.ip = PEER, .dst.ip = HOST, .sport = 40000,
			     .dport = dport, .tcp_flags = flags, .seq = 1000,
			     .ack = (flags & TCPF_ACK) ? 5555 : 0, .payload = payload};
	struct packet *p = packet_build(&s);
	str_copy(p->iif, sizeof(p->iif), "eth0");
	p->mark = 7;
	return p;
}

static struct packet *udp(uint32_t src, uint16_t sport, uint16_t dport)
{
	struct pkt_spec s = {.proto = PROTO_UDP, .src.ip = src, .dst.ip = HOST, .sport = sport,
			     .dport = dport, .payload = 4};
	return packet_build(&s);
}

static struct packet *icmp(uint8_t type, uint8_t code, uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_ICMP, .src.ip = PEER, .dst.ip = HOST, .icmp_type = type,
			     .icmp_code = code, .icmp_id = 7, .icmp_seq = 1, .payload = payload};
	return packet_build(&s);
}

static struct socket_table lab(void)
{
	struct socket_table t;
	sockets_init(&t);
	sockets_add(&t, "tcp 22", NULL);
	sockets_add(&t, "udp 53", NULL);
	return t;
}

/* Deliver p (freed), return the answer; why goes to *why. */
static struct packet *deliver(const struct socket_table *t, struct packet *p, char *why)
{
	struct packet *a = local_deliver(t, p, why, 256);
	packet_free(p);
	return a;
}

static const struct sock *lookup_in(const struct socket_table *t, int family, uint8_t proto,
				    const char *addr, uint16_t port)
{
	union inet_addr a = {0};
	int f = family;
	inet_parse(addr, &f, &a);
	return sockets_lookup(t, family, proto, &a, port);
}

static const struct sock *lookup4(const struct socket_table *t, uint8_t proto, const char *addr,
				  uint16_t port)
{
	return lookup_in(t, FAMILY_IPV4, proto, addr, port);
}

static void test_parse(void)
{
	struct socket_table t;
	struct nf_error err = {0};
	sockets_init(&t);
	static const struct {
		const char *in, *text;
	} good[] = {
		{"tcp 22", "tcp 0.0.0.0:22"},
		{"tcp 10.0.0.1:80", "tcp 10.0.0.1:80"},
		{"udp *:53", "udp 0.0.0.0:53"},
		{"udp 0.0.0.0:5353", "udp 0.0.0.0:5353"},
		{"  tcp   192.0.2.1:443 ", "tcp 192.0.2.1:443"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		is_int(sockets_add(&t, good[i].in, &err), 0, good[i].in);
		is_str(t.v[t.n - 1].text, good[i].text, "  canonical text");
	}
	is_int(t.v[1].addr.ip, A("10.0.0.1"), "bound address");
	is_int(t.v[1].port, 80, "port");
	is_int(t.v[2].proto, PROTO_UDP, "udp");

	static const struct {
		const char *in, *msg;
		int col;
	} bad[] = {
		{"sctp 22", "\"sctp\" is not a socket protocol (tcp or udp)", 0},
		{"icmp 1", "\"icmp\" is not a socket protocol (tcp or udp)", 0},
		{"tcp", "missing the port (like \"tcp 22\" or \"udp 10.0.0.1:53\")", 3},
		{"", "missing the protocol (like \"tcp 22\" or \"udp 10.0.0.1:53\")", 0},
		{"tcp 0", "\"0\" is not a port (1..65535)", 4},
		{"tcp 70000", "\"70000\" is not a port (1..65535)", 4},
		{"tcp -1", "\"-1\" is not a port (1..65535)", 4},
		{"udp 10.0.0:53", "\"10.0.0\" is not an address (a.b.c.d, [ADDR6] or *)", 4},
		{"udp 10.0.0.1:x", "\"x\" is not a port (1..65535)", 13},
		{"tcp 22 listen",
		 "unexpected \"listen\" after the socket (uid N, gid N, classid N, cgroup /PATH, mark N, "
		 "transparent, v6only)",
		 7},
		/* bind(2) on Linux: EADDRINUSE against a wildcard or the same address. */
		{"tcp 10.0.0.9:22", "tcp 10.0.0.9:22 conflicts with tcp 0.0.0.0:22 (bind: Address already in use)", 0},
		{"tcp *:80", "tcp 0.0.0.0:80 conflicts with tcp 10.0.0.1:80 (bind: Address already in use)", 0},
		{"udp 53", "udp 0.0.0.0:53 conflicts with udp 0.0.0.0:53 (bind: Address already in use)", 0},
		{"udp 54 uid", "`uid` needs a number", 10},
		{"udp 54 uid x", "`uid` needs a number", 11},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t before = t.n;
		is_int(sockets_add(&t, bad[i].in, &err), -1, bad[i].in);
		is_str(err.msg, bad[i].msg, "  message");
		is_int(err.col, bad[i].col, "  column");
		is_int(t.n, before, "  nothing added");
	}
	ok(sockets_add(&t, "tcp 10.0.0.2:80", &err) == 0, "another address on a bound port: fine");
	ok(sockets_add(&t, "udp 80", &err) == 0, "udp and tcp ports are separate");

	const struct sock *s = lookup4(&t, PROTO_TCP, "10.0.0.1", 80);
	is_str(s ? s->text : NULL, "tcp 10.0.0.1:80", "lookup: the bound address");
	ok(!lookup4(&t, PROTO_TCP, "10.0.0.3", 80), "lookup: no wildcard on 80");
	s = lookup4(&t, PROTO_TCP, "10.0.0.3", 22);
	is_str(s ? s->text : NULL, "tcp 0.0.0.0:22", "lookup: the wildcard");
	ok(!lookup4(&t, PROTO_UDP, "10.0.0.3", 22), "lookup: another protocol");
	sockets_free(&t);
}

static void is_answer(const struct packet *a, uint8_t proto, const char *name)
{
	ok(a != NULL, "%s: answered", name);
	if (!a)
		return;
	is_int(pkt_proto(a), proto, "  protocol");
	is_int(pkt_saddr(a), HOST, "  from the address it was sent to");
	is_int(pkt_daddr(a), PEER, "  to the sender");
	ok(a->local_out && !a->iif[0] && !a->oif[0], "  a new local packet, not routed yet");
	is_int(a->mark, 0, "  no mark (fwmark_reflect=0)");
	ok(packet_checksums_ok(a), "  checksums right");
}

static void test_tcp_listener(void)
{
	struct socket_table t = lab();
	char why[256];
	struct packet *a = deliver(&t, tcp(22, TCPF_SYN, 0), why);
	is_answer(a, PROTO_TCP, "SYN to a listener");
	is_int(pkt_tcp_flags(a), TCPF_SYN | TCPF_ACK, "  SYN/ACK");
	is_int(pkt_tcp_ack(a), 1001, "  acks the SYN");
	is_int(pkt_sport(a), 22, "  from port 22");
	is_str(why, "tcp 0.0.0.0:22 is listening: SYN answered with SYN/ACK (now SYN_RECV)", "  why");
	packet_free(a);
	local_forget(&t);

	/* An ACK to a listener is refused with RST, seq = its ack. */
	a = deliver(&t, tcp(22, TCPF_ACK, 0), why);
	is_answer(a, PROTO_TCP, "ACK to a listener");
	is_int(pkt_tcp_flags(a), TCPF_RST, "  RST");
	is_int(pkt_tcp_seq(a), 5555, "  seq = the ACK's ack");
	is_str(why, "tcp 0.0.0.0:22 is listening, but an ACK without a connection is answered with RST",
	       "  why");
	packet_free(a);
	a = deliver(&t, tcp(22, TCPF_SYN | TCPF_ACK, 0), why);
	ok(a && pkt_tcp_flags(a) == TCPF_RST, "SYN/ACK to a listener: RST");
	packet_free(a);
	a = deliver(&t, tcp(22, TCPF_FIN | TCPF_ACK, 0), why);
	ok(a && pkt_tcp_flags(a) == TCPF_RST, "FIN/ACK to a listener: RST");
	packet_free(a);

	ok(!deliver(&t, tcp(22, TCPF_RST, 0), why), "RST to a listener: nothing");
	is_str(why, "tcp 0.0.0.0:22 is listening: a RST without a connection is ignored", "  why");
	ok(!deliver(&t, tcp(22, TCPF_FIN, 0), why), "FIN alone to a listener: nothing");
	is_str(why, "tcp 0.0.0.0:22 is listening: a [F] segment without a connection is dropped",
	       "  why");
	ok(!deliver(&t, tcp(22, TCPF_SYN | TCPF_FIN, 0), why), "SYN+FIN to a listener: nothing");
	ok(!deliver(&t, tcp(22, TCPF_PSH, 0), why), "PSH alone to a listener: nothing");
	sockets_free(&t);
}

static void test_tcp_closed(void)
{
	struct socket_table t = lab();
	char why[256];
	struct packet *a = deliver(&t, tcp(23, TCPF_SYN, 0), why);
	is_answer(a, PROTO_TCP, "SYN to a closed port");
	is_int(pkt_tcp_flags(a), TCPF_RST | TCPF_ACK, "  RST/ACK");
	is_int(pkt_tcp_seq(a), 0, "  seq 0");
	is_int(pkt_tcp_ack(a), 1001, "  ack = seq + 1");
	is_str(why, "no socket on tcp port 23: answered with RST", "  why");
	packet_free(a);
	a = deliver(&t, tcp(23, TCPF_ACK, 0), why);
	ok(a && pkt_tcp_flags(a) == TCPF_RST && pkt_tcp_seq(a) == 5555, "ACK to a closed port: RST");
	packet_free(a);
	ok(!deliver(&t, tcp(23, TCPF_RST, 0), why), "RST to a closed port: nothing");
	is_str(why, "no socket on tcp port 23: a RST is never answered", "  why");
	sockets_free(&t);
}

/* The handshake the kernel keeps: SYN_RECV after the SYN/ACK, the ACK
 * completes it, data is ACKed, a RST ends it. */
static void test_tcp_connection(void)
{
	struct socket_table t = lab();
	char why[256];
	packet_free(deliver(&t, tcp(22, TCPF_SYN, 0), why));
	struct packet *a = deliver(&t, tcp(22, TCPF_SYN, 0), why);
	ok(a && pkt_tcp_flags(a) == (TCPF_SYN | TCPF_ACK), "SYN again in SYN_RECV: SYN/ACK again");
	packet_free(a);
	ok(!deliver(&t, tcp(22, TCPF_ACK, 0), why), "the ACK completes the handshake: no answer");
	is_str(why, "tcp 10.9.0.1:22 <- 10.9.0.2:40000: the ACK completes the handshake, accept() returns",
	       "  why");
	a = deliver(&t, tcp(22, TCPF_ACK | TCPF_PSH, 100), why);
	ok(a && pkt_tcp_flags(a) == TCPF_ACK, "data on the connection: ACKed");
	is_int(a ? pkt_tcp_ack(a) : 0, 1100, "  ack covers the data");
	is_str(why, "tcp 10.9.0.1:22 <- 10.9.0.2:40000 is ESTABLISHED: data ACKed", "  why");
	packet_free(a);
	ok(!deliver(&t, tcp(22, TCPF_ACK, 0), why), "a bare ACK on the connection: nothing");
	ok(!deliver(&t, tcp(22, TCPF_RST, 0), why), "RST: the connection is reset");
	is_str(why, "tcp 10.9.0.1:22 <- 10.9.0.2:40000 in ESTABLISHED: RST, the connection is reset",
	       "  why");
	a = deliver(&t, tcp(22, TCPF_ACK, 0), why);
	ok(a && pkt_tcp_flags(a) == TCPF_RST, "after the reset an ACK meets the listener: RST");
	packet_free(a);
	sockets_free(&t);

	/* A table that was never sockets_init'ed remembers nothing. */
	struct socket_table bare = {0};
	struct nf_error err;
	sockets_add(&bare, "tcp 22", &err);
	packet_free(deliver(&bare, tcp(22, TCPF_SYN, 0), why));
	a = deliver(&bare, tcp(22, TCPF_ACK, 0), why);
	ok(a && pkt_tcp_flags(a) == TCPF_RST, "no memory: the ACK meets the listener");
	packet_free(a);
	sockets_free(&bare);
}

/* What this host's own sockets sent: their answers are taken. */
static void test_local_sent(void)
{
	struct socket_table t = lab();
	char why[256];
	struct pkt_spec syn = {.proto = PROTO_TCP, .src.ip = HOST, .dst.ip = PEER, .sport = 41000,
			       .dport = 80, .tcp_flags = TCPF_SYN, .seq = 77};
	struct packet *out = packet_build(&syn);
	local_sent(&t, out);
	packet_free(out);
	struct pkt_spec sa = {.proto = PROTO_TCP, .src.ip = PEER, .dst.ip = HOST, .sport = 80,
			      .dport = 41000, .tcp_flags = TCPF_SYN | TCPF_ACK, .seq = 900, .ack = 78};
	struct packet *a = deliver(&t, packet_build(&sa), why);
	ok(a && pkt_tcp_flags(a) == TCPF_ACK, "SYN/ACK to our connect(): ACK");
	is_int(a ? pkt_tcp_ack(a) : 0, 901, "  acks their SYN");
	is_str(why, "tcp 10.9.0.1:41000 <- 10.9.0.2:80 in SYN_SENT: SYN/ACK answered with ACK, connect() succeeds",
	       "  why");
	packet_free(a);

	struct pkt_spec q = {.proto = PROTO_UDP, .src.ip = HOST, .dst.ip = PEER, .sport = 5000,
			     .dport = 53};
	out = packet_build(&q);
	local_sent(&t, out);
	packet_free(out);
	ok(!deliver(&t, udp(PEER, 53, 5000), why), "the DNS reply reaches the socket that asked");
	is_str(why, "the udp socket that sent to 10.9.0.2:53 reads the reply (no answer)", "  why");
	a = deliver(&t, udp(A("10.9.0.3"), 53, 5000), why);
	ok(a != NULL, "the same port from another peer: port unreachable");
	packet_free(a);
	sockets_free(&t);
}

static void test_udp(void)
{
	struct socket_table t = lab();
	char why[256];
	ok(!deliver(&t, udp(PEER, 5000, 53), why), "udp to a bound port: consumed");
	is_str(why, "udp 0.0.0.0:53 is bound: the application reads the datagram (no answer)", "  why");
	struct packet *a = deliver(&t, udp(PEER, 5001, 54), why);
	is_answer(a, PROTO_ICMP, "udp to a closed port");
	uint8_t type = 0, code = 0;
	ok(a && pkt_icmp(a, &type, &code) && type == 3 && code == 3, "  ICMP port unreachable");
	is_str(why, "no socket on udp port 54: ICMP port unreachable from 10.9.0.1", "  why");
	struct packet *inner = a ? pkt_icmp_inner(a) : NULL;
	ok(inner && pkt_dport(inner) == 54, "  quotes the datagram");
	packet_free(inner);
	packet_free(a);
	struct packet *b = udp(PEER, 5001, 54);
	pkt_set_daddr(b, 0xffffffffu);
	ok(!deliver(&t, b, why), "udp broadcast to a closed port: no ICMP error");
	sockets_free(&t);
}

static void test_icmp_and_others(void)
{
	struct socket_table t = lab();
	char why[256];
	uint8_t type = 0, code = 0;
	struct packet *a = deliver(&t, icmp(ICMP_ECHO, 0, 56), why);
	is_answer(a, PROTO_ICMP, "echo request");
	ok(a && pkt_icmp(a, &type, &code) && type == ICMP_ECHOREPLY, "  echo reply");
	is_int(a ? pkt_icmp_id(a) : 0, 7, "  same id");
	is_str(why, "icmp echo request answered with echo reply (net.ipv4.icmp_echo_ignore_all=0)",
	       "  why");
	packet_free(a);

	struct packet *ts = icmp(13, 0, 12);
	ts->data[pkt_ihl_bytes(ts) + 8] = 0x01; /* originate timestamp 0x01020304 */
	ts->data[pkt_ihl_bytes(ts) + 9] = 0x02;
	ts->data[pkt_ihl_bytes(ts) + 10] = 0x03;
	ts->data[pkt_ihl_bytes(ts) + 11] = 0x04;
	packet_fix_checksums(ts);
	a = deliver(&t, ts, why);
	is_answer(a, PROTO_ICMP, "timestamp request (6.18 answers it)");
	ok(a && pkt_icmp(a, &type, &code) && type == 14, "  timestamp reply");
	const uint8_t *l4 = a ? pkt_l4(a, 20) : NULL;
	ok(l4 && l4[8] == 1 && l4[9] == 2 && l4[10] == 3 && l4[11] == 4, "  originate copied");
	packet_free(a);

	ok(!deliver(&t, icmp(ICMP_ECHOREPLY, 0, 8), why), "echo reply: consumed");
	ok(!deliver(&t, icmp(ICMP_DEST_UNREACH, 3, 28), why), "an ICMP error: consumed");
	is_str(why, "icmp error type 3 code 3: handed to the socket it is about (no answer)", "  why");
	struct packet *bc = icmp(ICMP_ECHO, 0, 8);
	pkt_set_daddr(bc, 0xffffffffu);
	ok(!deliver(&t, bc, why), "echo to the broadcast: ignored");

	struct pkt_spec gre = {.proto = 47, .src.ip = PEER, .dst.ip = HOST, .payload = 8};
	a = deliver(&t, packet_build(&gre), why);
	is_answer(a, PROTO_ICMP, "GRE with no handler");
	ok(a && pkt_icmp(a, &type, &code) && type == 3 && code == 2, "  ICMP protocol unreachable");
	is_str(why, "no handler for IP protocol 47: ICMP protocol unreachable", "  why");
	packet_free(a);
	sockets_free(&t);
}

/* Nothing crashes and nothing is answered for what is not whole. */
static void test_malformed(void)
{
	struct socket_table t = lab();
	char why[256];
	static const uint8_t junk[] = {0x45, 0x00, 0x00};
	ok(!deliver(&t, packet_from_bytes(junk, sizeof(junk)), why), "3 bytes: dropped");
	is_str(why, "not a whole IPv4 header: dropped", "  why");
	struct packet *p = tcp(22, TCPF_SYN, 0);
	p->len = 24;
	pkt_header_changed(p);
	ok(!deliver(&t, p, why), "a truncated TCP header: dropped");
	is_str(why, "tcp: the header is truncated or malformed; dropped", "  why");
	p = udp(PEER, 1, 2);
	p->len = 22;
	pkt_header_changed(p);
	ok(!deliver(&t, p, why), "a truncated UDP header: dropped");
	p = icmp(ICMP_ECHO, 0, 0);
	p->len = 21;
	pkt_header_changed(p);
	ok(!deliver(&t, p, why), "a truncated ICMP header: dropped");
	p = tcp(22, TCPF_SYN, 40);
	p->data[6] = 0x20; /* MF: the first of several fragments */
	pkt_header_changed(p); /* bytes the memo read */
	packet_fix_checksums(p);
	ok(!deliver(&t, p, why), "a fragment: no socket sees it yet");
	p = tcp(23, TCPF_SYN, 0);
	struct packet *a = local_deliver(&t, p, NULL, 0);
	ok(a != NULL, "why may be NULL");
	packet_free(a);
	packet_free(p);
	sockets_free(&t);
}


/* ---- IPv6 ---- */

/* Seen on 6.18 (python in a namespace, then ss -tln): [::]:8080 without
 * IPV6_V6ONLY is listed "*:8080" and 0.0.0.0:8080 then fails with
 * EADDRINUSE; with IPV6_V6ONLY it is "[::]:8081" and 0.0.0.0:8081 binds. */
static void test_parse6(void)
{
	struct socket_table t;
	struct nf_error err = {0};
	sockets_init(&t);
	static const struct {
		const char *in, *text;
	} good[] = {
		{"tcp [::]:8080", "tcp [::]:8080"},
		{"tcp [::]:8081 v6only", "tcp [::]:8081 v6only"},
		{"tcp [2001:DB8:1::1]:8082", "tcp [2001:db8:1::1]:8082"},
		{"tcp 0.0.0.0:8081", "tcp 0.0.0.0:8081"},
		{"udp [::ffff:10.0.0.1]:53", "udp [::ffff:10.0.0.1]:53"},
		{"tcp 10.0.0.1:8082", "tcp 10.0.0.1:8082"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		is_int(sockets_add(&t, good[i].in, &err), 0, good[i].in);
		if (t.n)
			is_str(t.v[t.n - 1].text, good[i].text, "  as ss shows it");
	}
	is_int(t.v[0].family, FAMILY_IPV6, "an IPv6 socket");
	static const struct {
		const char *in, *msg;
		int col;
	} bad[] = {
		{"tcp 0.0.0.0:8080",
		 "tcp 0.0.0.0:8080 conflicts with tcp [::]:8080 (bind: Address already in use)", 0},
		{"tcp 10.1.1.1:8080",
		 "tcp 10.1.1.1:8080 conflicts with tcp [::]:8080 (bind: Address already in use)", 0},
		{"tcp [2001:db8:1::1]:8081",
		 "tcp [2001:db8:1::1]:8081 conflicts with tcp [::]:8081 v6only (bind: Address already "
		 "in use)",
		 0},
		{"udp 10.0.0.1:53",
		 "udp 10.0.0.1:53 conflicts with udp [::ffff:10.0.0.1]:53 (bind: Address already in "
		 "use)",
		 0},
		{"tcp [2001:db8::zz]:1", "\"2001:db8::zz\" is not an IPv6 address", 5},
		{"tcp [::]:0", "\"0\" is not a port (1..65535)", 9},
		{"tcp [::]80", "\"[::]80\" is not [ADDR]:PORT (like [::]:22)", 4},
		{"tcp 22 v6only", "`v6only` is for an IPv6 socket ([ADDR]:PORT)", 7},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		size_t before = t.n;
		is_int(sockets_add(&t, bad[i].in, &err), -1, bad[i].in);
		is_str(err.msg, bad[i].msg, "  message");
		is_int(err.col, bad[i].col, "  column");
		is_int(t.n, before, "  nothing added");
	}
	/* look-ups: exact before wildcard; IPv4 reaches a dual-stack [::] */
	const struct sock *s = lookup4(&t, PROTO_TCP, "10.9.9.9", 8080);
	is_str(s ? s->text : NULL, "tcp [::]:8080", "IPv4 to the dual-stack [::]");
	s = lookup4(&t, PROTO_TCP, "10.9.9.9", 8081);
	is_str(s ? s->text : NULL, "tcp 0.0.0.0:8081", "IPv4 skips the v6only one");
	s = lookup_in(&t, FAMILY_IPV6, PROTO_TCP, "2001:db8:9::9", 8081);
	is_str(s ? s->text : NULL, "tcp [::]:8081 v6only", "IPv6 to the v6only [::]");
	s = lookup_in(&t, FAMILY_IPV6, PROTO_TCP, "2001:db8:1::1", 8082);
	is_str(s ? s->text : NULL, "tcp [2001:db8:1::1]:8082", "IPv6 to its bound address");
	ok(!lookup_in(&t, FAMILY_IPV6, PROTO_TCP, "2001:db8:1::2", 8082),
	   "IPv6 never reaches an IPv4 socket");
	s = lookup4(&t, PROTO_UDP, "10.0.0.1", 53);
	is_str(s ? s->text : NULL, "udp [::ffff:10.0.0.1]:53", "IPv4 to a v4-mapped bind");
	sockets_free(&t);
}

static const char PEER6[] = "2001:db8:9::2", HOST6[] = "2001:db8:9::1";

static struct packet *pkt6(uint8_t proto, uint16_t dport, uint8_t flags)
{
	struct pkt_spec s = {.family = FAMILY_IPV6, .proto = proto, .sport = 40000, .dport = dport,
			     .tcp_flags = flags, .seq = 1000, .payload = proto == PROTO_TCP ? 0 : 4,
			     .icmp_type = ICMPV6_ECHO_REQUEST, .icmp_id = 7, .icmp_seq = 1};
	int f = FAMILY_IPV6;
	inet_parse(PEER6, &f, &s.src);
	inet_parse(HOST6, &f, &s.dst);
	struct packet *p = packet_build(&s);
	if (p)
		str_copy(p->iif, sizeof(p->iif), "eth0");
	return p;
}

static void is_answer6(const struct packet *a, uint8_t proto, const char *name)
{
	char b[INET_STRLEN];
	ok(a != NULL, "%s: answered", name);
	if (!a)
		return;
	is_int(pkt_family(a), FAMILY_IPV6, "  IPv6");
	is_int(pkt_proto(a), proto, "  protocol");
	union inet_addr src = pkt_src(a), dst = pkt_dst(a);
	is_str(inet_fmt(FAMILY_IPV6, &src, b), HOST6, "  from the address it was sent to");
	is_str(inet_fmt(FAMILY_IPV6, &dst, b), PEER6, "  to the sender");
	ok(a->local_out && !a->iif[0], "  a new local packet");
	ok(packet_checksums_ok(a), "  checksums right");
}

static void test_deliver6(void)
{
	struct socket_table t;
	sockets_init(&t);
	sockets_add(&t, "tcp [::]:22", NULL);
	sockets_add(&t, "udp [::]:53 v6only", NULL);
	char why[256];
	struct packet *a = deliver(&t, pkt6(PROTO_TCP, 22, TCPF_SYN), why);
	is_answer6(a, PROTO_TCP, "IPv6 SYN to a listener");
	is_int(a ? pkt_tcp_flags(a) : 0, TCPF_SYN | TCPF_ACK, "  SYN/ACK");
	is_str(why, "tcp [::]:22 is listening: SYN answered with SYN/ACK (now SYN_RECV)", "  why");
	packet_free(a);
	ok(!deliver(&t, pkt6(PROTO_TCP, 22, TCPF_ACK), why), "the handshake's ACK: no answer");
	is_str(why, "tcp [2001:db8:9::1]:22 <- [2001:db8:9::2]:40000: the ACK completes the "
		    "handshake, accept() returns",
	       "  the connection, by its IPv6 addresses");
	a = deliver(&t, pkt6(PROTO_TCP, 23, TCPF_SYN), why);
	is_answer6(a, PROTO_TCP, "IPv6 SYN to a closed port");
	is_int(a ? pkt_tcp_flags(a) : 0, TCPF_RST | TCPF_ACK, "  RST/ACK");
	packet_free(a);
	ok(!deliver(&t, pkt6(PROTO_UDP, 53, 0), why), "udp to a bound port: consumed");
	a = deliver(&t, pkt6(PROTO_UDP, 54, 0), why);
	is_answer6(a, PROTO_ICMPV6, "udp to a closed port");
	uint8_t type = 0, code = 0;
	ok(a && pkt_icmp(a, &type, &code) && type == ICMPV6_DEST_UNREACH &&
		   code == ICMPV6_PORT_UNREACH,
	   "  ICMPv6 port unreachable");
	is_str(why, "no socket on udp port 54: ICMPv6 port unreachable from 2001:db8:9::1", "  why");
	packet_free(a);
	a = deliver(&t, pkt6(PROTO_ICMPV6, 0, 0), why);
	is_answer6(a, PROTO_ICMPV6, "ICMPv6 echo request");
	ok(a && pkt_icmp(a, &type, &code) && type == ICMPV6_ECHO_REPLY, "  echo reply");
	packet_free(a);
	t.echo_ignore_all = true;
	a = deliver(&t, pkt6(PROTO_ICMPV6, 0, 0), why);
	ok(a != NULL, "net.ipv4.icmp_echo_ignore_all does not silence IPv6");
	packet_free(a);
	a = deliver(&t, pkt6(47, 0, 0), why);
	is_answer6(a, PROTO_ICMPV6, "next header 47, no handler");
	ok(a && pkt_icmp(a, &type, &code) && type == ICMPV6_PARAMPROB && code == ICMPV6_UNK_NEXTHDR,
	   "  parameter problem, unknown next header");
	is_str(why, "no handler for next header 47: ICMPv6 parameter problem (pointer 6)", "  why");
	packet_free(a);
	/* an IPv4 packet to port 22: the dual-stack [::]:22 takes it */
	a = deliver(&t, tcp(22, TCPF_SYN, 0), why);
	ok(a != NULL, "IPv4 SYN: the dual-stack listener");
	packet_free(a);
	is_str(why, "tcp [::]:22 is listening: SYN answered with SYN/ACK (now SYN_RECV)", "  why");
	sockets_free(&t);
}

int main(void)
{
	test_parse();
	test_tcp_listener();
	test_tcp_closed();
	test_tcp_connection();
	test_local_sent();
	test_udp();
	test_icmp_and_others();
	test_malformed();
	test_parse6();
	test_deliver6();
	return tap_done();
}
