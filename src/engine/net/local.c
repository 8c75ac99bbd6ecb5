/* local.c - what the Linux stack does with a packet delivered to this
 * host, as seen from outside: which packets a socket takes silently and
 * which the kernel answers (SYN/ACK, RST, echo reply, ICMP unreachable).
 *
 * Checked on Linux 6.18 by sending crafted packets from a peer namespace
 * (raw socket) to a host with `listen()` on tcp 22 and a UDP socket on
 * 53, watching the replies with tcpdump:
 *   tcp 22  SYN -> SYN/ACK;  ACK -> RST (seq = its ack);  SYN/ACK -> RST;
 *           FIN/ACK -> RST;  RST -> nothing;  FIN -> nothing;
 *           SYN+FIN -> nothing;  PSH alone -> nothing
 *   tcp 23 (closed)  SYN -> RST/ACK;  ACK -> RST;  RST -> nothing
 *   udp 53 -> nothing (the application reads it)
 *   udp 54 (closed) -> ICMP port unreachable from the address it was sent to
 *   protocol 47 and 132 (no handler) -> ICMP protocol unreachable
 *   ICMP timestamp request -> timestamp reply
 * IPv6 takes the same paths (tcp_v6_rcv, udpv6_rcv, icmpv6_rcv): a closed
 * UDP port answers ICMPv6 port unreachable, an unknown next header a
 * parameter problem (ip6_protocol_deliver_rcu), an echo request an echo
 * reply; net.ipv4.icmp_echo_ignore_all is IPv4's only. */
#include <stdio.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/net/local.h"
#include "engine/net/sockconn.h"

enum { ICMP_PROT_UNREACH = 2, ICMP_PORT_UNREACH = 3 };
enum { ICMP_TIMESTAMP = 13, ICMP_TIMESTAMPREPLY = 14 };
enum { ICMP_TIMESTAMP_LEN = 12, ICMP_ORIGINATE_OFF = 8, TCP_HEADER_MIN = 20 };

/* Every answer is a new packet of the local process: no interfaces yet,
 * routing decides them. */
static struct packet *answer(struct packet *a)
{
	if (a) {
		a->local_out = true;
		a->iif[0] = a->oif[0] = '\0';
		/* a listener's, or the kernel's TCP or ICMP control socket */
		a->has_sock = true;
	}
	return a;
}

/* ---- TCP ---- */

struct tcp_in {
	const struct socket_table *t;
	const struct packet *p;
	uint8_t flags;
	bool carries; /* data or FIN: something the receiver must ACK */
	char *why;
	size_t n;
};

static const char *flag_word(uint8_t flags, char *buf, size_t n)
{
	tcp_flags_fmt(flags, buf, n);
	return buf;
}

/* tcp_rcv_state_process, TCP_LISTEN: an ACK is refused with a RST first,
 * a RST is dropped, a SYN (without FIN) is answered; anything else dropped. */
static struct packet *to_listener(struct tcp_in *in, const struct sock *s)
{
	uint8_t f = in->flags;
	if (f & TCPF_ACK) {
		nf_say(in->why, in->n,
		       "%s is listening, but an ACK without a connection is answered with RST",
		       s->text);
		return answer(packet_tcp_reset(in->p));
	}
	if (f & TCPF_RST) {
		nf_say(in->why, in->n, "%s is listening: a RST without a connection is ignored",
		       s->text);
		return NULL;
	}
	if ((f & TCPF_SYN) && !(f & TCPF_FIN)) {
		struct sock_conn c = {.proto = PROTO_TCP,
				      .family = pkt_family(in->p),
				      .laddr = pkt_dst(in->p),
				      .raddr = pkt_src(in->p),
				      .lport = pkt_dport(in->p),
				      .rport = pkt_sport(in->p),
				      .state = CONN_SYN_RECV};
		c.classid = s->classid;
		str_copy(c.cgroup, sizeof(c.cgroup), s->cgroup);
		if (in->t->mem)
			conn_remember(in->t->mem, &c);
		nf_say(in->why, in->n, "%s is listening: SYN answered with SYN/ACK (now SYN_RECV)",
		       s->text);
		struct packet *a = answer(packet_answer(in->p));
		if (a) { /* the SYN/ACK leaves from the listener: its owner's */
			a->has_owner = true;
			a->uid = s->uid;
			a->gid = s->gid;
			a->mark = s->mark; /* the request socket's ir_mark: SO_MARK */
			a->classid = s->classid;
			str_copy(a->cgroup, sizeof(a->cgroup), s->cgroup);
		}
		return a;
	}
	char fl[16];
	nf_say(in->why, in->n, "%s is listening: a [%s] segment without a connection is dropped",
	       s->text, flag_word(f, fl, sizeof(fl)));
	return NULL;
}

static struct packet *to_closed_port(struct tcp_in *in)
{
	if (in->flags & TCPF_RST) {
		nf_say(in->why, in->n, "no socket on tcp port %u: a RST is never answered",
		       pkt_dport(in->p));
		return NULL;
	}
	struct packet *rst = packet_tcp_reset(in->p);
	nf_say(in->why, in->n, rst ? "no socket on tcp port %u: answered with RST"
				   : "no socket on tcp port %u: dropped (no RST to a broadcast)",
	       pkt_dport(in->p));
	return answer(rst);
}

static void conn_name(const struct packet *p, char *buf, size_t n)
{
	char l[INET_STRLEN + 8], r[INET_STRLEN + 8];
	union inet_addr d = pkt_dst(p), s = pkt_src(p);
	int f = pkt_family(p);
	snprintf(buf, n, "tcp %s <- %s", inet_fmt_port(f, &d, pkt_dport(p), l, sizeof(l)),
		 inet_fmt_port(f, &s, pkt_sport(p), r, sizeof(r)));
}

/* connect() sent a SYN: the SYN/ACK is ACKed and the socket is connected. */
static struct packet *in_syn_sent(struct tcp_in *in, struct sock_conn *c, const char *name)
{
	if ((in->flags & (TCPF_SYN | TCPF_ACK)) == (TCPF_SYN | TCPF_ACK)) {
		c->state = CONN_ESTABLISHED;
		nf_say(in->why, in->n, "%s in SYN_SENT: SYN/ACK answered with ACK, connect() succeeds",
		       name);
		return answer(packet_answer(in->p));
	}
	nf_say(in->why, in->n, "%s in SYN_SENT: only a SYN/ACK moves it on; dropped", name);
	return NULL;
}

/* A SYN again is a retransmission: the SYN/ACK is sent again.  The ACK
 * completes the handshake and accept() gets the connection. */
static struct packet *in_syn_recv(struct tcp_in *in, struct sock_conn *c, const char *name)
{
	if ((in->flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN) {
		nf_say(in->why, in->n, "%s in SYN_RECV: SYN again, SYN/ACK sent again", name);
		return answer(packet_answer(in->p));
	}
	if (!(in->flags & TCPF_ACK) || (in->flags & TCPF_SYN)) {
		nf_say(in->why, in->n, "%s in SYN_RECV: dropped (the handshake wants an ACK)", name);
		return NULL;
	}
	c->state = CONN_ESTABLISHED;
	if (!in->carries) {
		nf_say(in->why, in->n, "%s: the ACK completes the handshake, accept() returns", name);
		return NULL;
	}
	nf_say(in->why, in->n, "%s: the handshake completes and the data is ACKed", name);
	return answer(packet_answer(in->p));
}

static struct packet *in_established(struct tcp_in *in, const char *name)
{
	if (in->flags & TCPF_SYN) {
		nf_say(in->why, in->n,
		       "%s is ESTABLISHED: a SYN gets a challenge ACK (RFC 5961), not modelled; "
		       "dropped",
		       name);
		return NULL;
	}
	if (!in->carries) {
		nf_say(in->why, in->n, "%s is ESTABLISHED: a bare ACK, nothing to answer", name);
		return NULL;
	}
	nf_say(in->why, in->n, "%s is ESTABLISHED: %s ACKed", name,
	       in->flags & TCPF_FIN ? "FIN" : "data");
	return answer(packet_answer(in->p));
}

static struct packet *in_connection(struct tcp_in *in, struct sock_conn *c)
{
	char name[64];
	conn_name(in->p, name, sizeof(name));
	if (in->flags & TCPF_RST) {
		nf_say(in->why, in->n, "%s in %s: RST, the connection is reset", name,
		       conn_state_name(c->state));
		conn_forget(in->t->mem, c);
		return NULL;
	}
	switch (c->state) {
	case CONN_SYN_SENT:
		return in_syn_sent(in, c, name);
	case CONN_SYN_RECV:
		return in_syn_recv(in, c, name);
	default:
		return in_established(in, name);
	}
}

static struct packet *deliver_tcp(const struct socket_table *t, const struct packet *p, char *why,
				  size_t n)
{
	uint8_t hl = pkt_tcp_hdr_len(p);
	if (hl < TCP_HEADER_MIN || !pkt_l4(p, hl)) {
		nf_say(why, n, "tcp: the header is truncated or malformed; dropped");
		return NULL;
	}
	uint8_t f = pkt_tcp_flags(p);
	struct tcp_in in = {t, p, f, (f & TCPF_FIN) || pkt_payload_len(p) > 0, why, n};
	struct sock_conn *c = conn_of_packet(t->mem, p);
	if (c)
		return in_connection(&in, c);
	union inet_addr dst = pkt_dst(p);
	const struct sock *s = sockets_lookup(t, pkt_family(p), PROTO_TCP, &dst, pkt_dport(p));
	return s ? to_listener(&in, s) : to_closed_port(&in);
}

/* ---- UDP ---- */

static struct packet *deliver_udp(const struct socket_table *t, const struct packet *p, char *why,
				  size_t n)
{
	char a[INET_STRLEN + 8];
	int f = pkt_family(p);
	union inet_addr src = pkt_src(p), dst = pkt_dst(p);
	if (!pkt_has_ports(p)) {
		nf_say(why, n, "udp: the header is truncated; dropped");
		return NULL;
	}
	if (conn_of_packet(t->mem, p)) {
		nf_say(why, n, "the udp socket that sent to %s reads the reply (no answer)",
		       inet_fmt_port(f, &src, pkt_sport(p), a, sizeof(a)));
		return NULL;
	}
	const struct sock *s = sockets_lookup(t, f, PROTO_UDP, &dst, pkt_dport(p));
	if (s) {
		nf_say(why, n, "%s is bound: the application reads the datagram (no answer)", s->text);
		return NULL;
	}
	bool v6 = f == FAMILY_IPV6;
	struct packet *err =
		v6 ? packet_icmp_error_addr(p, ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH, dst, 0)
		   : packet_icmp_error(p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, dst.ip);
	if (err)
		nf_say(why, n, "no socket on udp port %u: %s port unreachable from %s", pkt_dport(p),
		       v6 ? "ICMPv6" : "ICMP", inet_fmt(f, &dst, a));
	else
		nf_say(why, n, "no socket on udp port %u: dropped (no ICMP error about a broadcast)",
		       pkt_dport(p));
	return answer(err);
}

/* ---- ICMP ---- */

static bool is_multicast_or_broadcast(uint32_t a)
{
	return (a >> 28) == 0xe || a == 0xffffffffu;
}

/* icmp_timestamp: same id and sequence, the originate time copied; the
 * receive and transmit times (ms since midnight UT) are left 0 so a
 * scenario always shows the same bytes. */
static struct packet *timestamp_reply(const struct packet *p)
{
	const uint8_t *req = pkt_l4(p, ICMP_ORIGINATE_OFF + ICMP_TIMESTAMP_LEN);
	if (!req)
		return NULL;
	struct pkt_spec s = {.proto = PROTO_ICMP,
			     .src.ip = pkt_daddr(p),
			     .dst.ip = pkt_saddr(p),
			     .icmp_type = ICMP_TIMESTAMPREPLY,
			     .icmp_id = pkt_icmp_id(p),
			     .icmp_seq = pkt_icmp_seq(p),
			     .payload = ICMP_TIMESTAMP_LEN};
	struct packet *r = packet_build(&s);
	size_t at = (size_t)pkt_ihl_bytes(r) + ICMP_ORIGINATE_OFF;
	if (at + 4 <= r->len) {
		memcpy(r->data + at, req + ICMP_ORIGINATE_OFF, 4);
		packet_fix_checksums(r);
	}
	return r;
}

static struct packet *deliver_icmp(const struct socket_table *t, const struct packet *p,
				   char *why, size_t n)
{
	uint8_t type = 0, code = 0;
	if (!pkt_icmp(p, &type, &code)) {
		nf_say(why, n, "icmp: the header is truncated; dropped");
		return NULL;
	}
	if (type == ICMP_ECHO || type == ICMP_TIMESTAMP) {
		if (is_multicast_or_broadcast(pkt_daddr(p))) {
			nf_say(why, n,
			       "icmp %s to a broadcast: ignored (icmp_echo_ignore_broadcasts=1)",
			       type == ICMP_ECHO ? "echo request" : "timestamp request");
			return NULL;
		}
		if (type == ICMP_ECHO && t->echo_ignore_all) {
			nf_say(why, n, "icmp echo request: not answered (net.ipv4.icmp_echo_ignore_all=1)");
			return NULL;
		}
		struct packet *r = type == ICMP_ECHO ? packet_answer(p) : timestamp_reply(p);
		nf_say(why, n, r ? "icmp %s answered with %s reply%s" : "icmp %s: malformed; dropped",
		       type == ICMP_ECHO ? "echo request" : "timestamp request",
		       type == ICMP_ECHO ? "echo" : "timestamp",
		       type == ICMP_ECHO ? " (net.ipv4.icmp_echo_ignore_all=0)" : "");
		return answer(r);
	}
	if (icmp_type_is_error(type))
		nf_say(why, n,
		       "icmp error type %u code %u: handed to the socket it is about (no answer)",
		       type, code);
	else if (type == ICMP_ECHOREPLY)
		nf_say(why, n, "icmp echo reply: handed to the ping socket that asked (no answer)");
	else
		nf_say(why, n, "icmp type %u code %u: consumed by the stack (no answer)", type, code);
	return NULL;
}

/* icmpv6_rcv: an echo request is answered (also to a multicast
 * address: net.ipv6.icmp.echo_ignore_multicast is 0); errors go to the
 * socket they are about; neighbour discovery and the rest stay in the
 * stack. */
static struct packet *deliver_icmp6(const struct packet *p, char *why, size_t n)
{
	uint8_t type = 0, code = 0;
	if (!pkt_icmp(p, &type, &code)) {
		nf_say(why, n, "icmpv6: the header is truncated; dropped");
		return NULL;
	}
	if (type == ICMPV6_ECHO_REQUEST) {
		struct packet *r = packet_answer(p);
		nf_say(why, n, r ? "icmpv6 echo request answered with echo reply"
				 : "icmpv6 echo request: malformed; dropped");
		return answer(r);
	}
	if (type < ICMPV6_ECHO_REQUEST)
		nf_say(why, n,
		       "icmpv6 error type %u code %u: handed to the socket it is about (no answer)",
		       type, code);
	else if (type == ICMPV6_ECHO_REPLY)
		nf_say(why, n, "icmpv6 echo reply: handed to the ping socket that asked (no answer)");
	else
		nf_say(why, n, "icmpv6 type %u code %u: consumed by the stack (no answer)", type, code);
	return NULL;
}

/* ---- the stack ---- */

enum { IP6_HDR_LEN = 40, NEXTHDR_FRAGMENT = 44, NEXTHDR_AUTH = 51 };

/* The offset of the last extension header before l4 (its first byte is
 * the next header field); each header's length as ipv6_skip_exthdr
 * reads it. */
static uint32_t last_exthdr_offset(const struct packet *p, size_t l4)
{
	size_t off = IP6_HDR_LEN, last = 6;
	uint8_t nh = p->data[6];
	while (off + 2 <= l4 && off + 2 <= p->len) {
		size_t hlen = nh == NEXTHDR_FRAGMENT ? 8
			      : nh == NEXTHDR_AUTH   ? ((size_t)p->data[off + 1] + 2) * 4
						     : ((size_t)p->data[off + 1] + 1) * 8;
		last = off;
		nh = p->data[off];
		off += hlen;
	}
	return (uint32_t)last;
}

/* ip6_protocol_deliver_rcu: no handler for the next header ->
 * ICMPv6 parameter problem, unknown next header, pointing at the field
 * that named it: the fixed header's (offset 6) when no extension header
 * comes first, else the first byte of the last extension header. */
static struct packet *deliver_other6(const struct packet *p, char *why, size_t n)
{
	size_t l4 = pkt_l4_offset(p);
	uint32_t ptr = l4 > IP6_HDR_LEN ? last_exthdr_offset(p, l4) : 6;
	struct packet *err = packet_icmp_error_addr(p, ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR,
						    pkt_dst(p), ptr);
	nf_say(why, n, err ? "no handler for next header %u: ICMPv6 parameter problem (pointer %u)"
			   : "no handler for next header %u: dropped",
	       pkt_proto(p), ptr);
	return answer(err);
}

/* ip_local_deliver_finish: no handler (and no raw socket) for the
 * protocol -> ICMP protocol unreachable. */
static struct packet *deliver_other(const struct packet *p, char *why, size_t n)
{
	if (pkt_family(p) == FAMILY_IPV6)
		return deliver_other6(p, why, n);
	struct packet *err =
		packet_icmp_error(p, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, pkt_daddr(p));
	nf_say(why, n, err ? "no handler for IP protocol %u: ICMP protocol unreachable"
			   : "no handler for IP protocol %u: dropped",
	       pkt_proto(p));
	return answer(err);
}

struct packet *local_deliver(const struct socket_table *t, const struct packet *p, char *why,
			     size_t n)
{
	nf_say(why, n, "%s", "");
	if (!pkt_l3_ok(p)) {
		bool v6 = p->len > 0 && p->data[0] >> 4 == 6;
		nf_say(why, n, "not a whole IPv%d header: dropped", v6 ? 6 : 4);
		return NULL;
	}
	if (pkt_is_fragment(p) || pkt_more_fragments(p)) {
		nf_say(why, n,
		       "a fragment: ip_local_deliver reassembles the datagram before any socket sees "
		       "it");
		return NULL;
	}
	switch (pkt_proto(p)) {
	case PROTO_TCP:
		return deliver_tcp(t, p, why, n);
	case PROTO_UDP:
		return deliver_udp(t, p, why, n);
	case PROTO_ICMP:
		return pkt_family(p) == FAMILY_IPV6 ? deliver_other(p, why, n)
						    : deliver_icmp(t, p, why, n);
	case PROTO_ICMPV6:
		return pkt_family(p) == FAMILY_IPV6 ? deliver_icmp6(p, why, n)
						    : deliver_other(p, why, n);
	default:
		return deliver_other(p, why, n);
	}
}

void local_sent(const struct socket_table *t, const struct packet *p)
{
	if (!t->mem || !pkt_l3_ok(p) || pkt_is_fragment(p) || !pkt_has_ports(p))
		return;
	struct sock_conn c = {.proto = pkt_proto(p),
			      .family = pkt_family(p),
			      .laddr = pkt_src(p),
			      .raddr = pkt_dst(p),
			      .lport = pkt_sport(p),
			      .rport = pkt_dport(p),
			      .state = CONN_UDP};
	c.classid = p->classid;
	str_copy(c.cgroup, sizeof(c.cgroup), p->cgroup);
	if (c.proto == PROTO_UDP) {
		conn_remember(t->mem, &c);
		return;
	}
	if (c.proto != PROTO_TCP)
		return;
	uint8_t f = pkt_tcp_flags(p);
	struct sock_conn *known =
		conn_find(t->mem, c.family, c.proto, &c.laddr, c.lport, &c.raddr, c.rport);
	if (f & TCPF_RST) {
		if (known)
			conn_forget(t->mem, known);
	} else if ((f & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN && !known) {
		c.state = CONN_SYN_SENT;
		conn_remember(t->mem, &c);
	}
}

void local_forget(const struct socket_table *t)
{
	if (t->mem)
		t->mem->n = 0;
}
