/* craft.c - packets made from nothing: a scenario's crafted packets, and
 * the packets the kernel itself sends (ICMP errors, TCP resets, a local
 * socket's answer).  Header fields follow what Linux puts on the wire;
 * where Linux uses randomness (IP ids, initial sequence numbers) nfwalk
 * uses a fixed value or a hash so traces are reproducible. */
#include <string.h>

#include "engine/track/packet.h"
#include "engine/track/wire.h"

enum { DEFAULT_TTL = 64 /* net.ipv4.ip_default_ttl */ };

/* What the public spec does not say. */
struct build_opts {
	bool df;
	uint16_t window;        /* TCP */
	const uint8_t *payload; /* s->payload bytes to copy, NULL for zeros */
};

static size_t l4_header_len(uint8_t proto)
{
	const struct l4_layout *l = l4_layout_of(proto);
	return l ? l->hdr_len : 0;
}

/* Linux sockets send with IP_PMTUDISC_WANT, so TCP, UDP and ping's echo
 * requests leave with DF; the kernel's own ICMP socket uses
 * IP_PMTUDISC_DONT, so echo replies and errors do not. */
static bool df_by_default(const struct pkt_spec *s)
{
	if (s->proto == PROTO_ICMP)
		return s->icmp_type == ICMP_ECHO;
	return s->proto == PROTO_TCP || s->proto == PROTO_UDP || s->proto == PROTO_SCTP;
}

static void put_ip(uint8_t *b, const struct pkt_spec *s, size_t tot, bool df)
{
	b[IP_OFF_VER_IHL] = 0x45;
	b[IP_OFF_TOS] = s->tos;
	put16(b + IP_OFF_TOT_LEN, (uint16_t)tot);
	put16(b + IP_OFF_ID, s->ip_id);
	put16(b + IP_OFF_FRAG, df ? IP_FLAG_DF : 0);
	b[IP_OFF_TTL] = s->ttl ? s->ttl : DEFAULT_TTL;
	b[IP_OFF_PROTO] = s->proto;
	put32(b + IP_OFF_SADDR, s->saddr);
	put32(b + IP_OFF_DADDR, s->daddr);
}

static void put_l4(uint8_t *l4, const struct pkt_spec *s, size_t l4_len, uint16_t window)
{
	switch (s->proto) {
	case PROTO_TCP:
		put16(l4 + TCP_OFF_SPORT, s->sport);
		put16(l4 + TCP_OFF_DPORT, s->dport);
		put32(l4 + TCP_OFF_SEQ, s->seq);
		put32(l4 + TCP_OFF_ACK, s->ack);
		l4[TCP_OFF_DOFF] = (TCP_HDR_MIN / 4) << 4;
		l4[TCP_OFF_FLAGS] = s->tcp_flags;
		put16(l4 + TCP_OFF_WINDOW, window);
		break;
	case PROTO_UDP:
		put16(l4 + TCP_OFF_SPORT, s->sport);
		put16(l4 + TCP_OFF_DPORT, s->dport);
		put16(l4 + UDP_OFF_LEN, (uint16_t)l4_len);
		break;
	case PROTO_SCTP: /* the chunks are the payload */
		put16(l4 + TCP_OFF_SPORT, s->sport);
		put16(l4 + TCP_OFF_DPORT, s->dport);
		put32(l4 + SCTP_OFF_VTAG, s->seq);
		break;
	case PROTO_ICMP:
		l4[ICMP_OFF_TYPE] = s->icmp_type;
		l4[ICMP_OFF_CODE] = s->icmp_code;
		put16(l4 + ICMP_OFF_ID, s->icmp_id);
		put16(l4 + ICMP_OFF_SEQ, s->icmp_seq);
		break;
	default:
		break;
	}
}

static struct packet *build(const struct pkt_spec *s, const struct build_opts *o)
{
	enum { MSS_OPT_LEN = 4, TCPOPT_MSS = 2 };
	bool mss = s->proto == PROTO_TCP && s->mss;
	size_t hdr = IP_HDR_MIN + l4_header_len(s->proto) + (mss ? MSS_OPT_LEN : 0);
	size_t payload = s->payload;
	if (hdr + payload > IP_MAX_LEN)
		payload = IP_MAX_LEN - hdr; /* tot_len is 16 bits */
	size_t tot = hdr + payload;
	struct packet *p = packet_new(tot);
	p->len = tot;
	put_ip(p->data, s, tot, o->df);
	put_l4(p->data + IP_HDR_MIN, s, tot - IP_HDR_MIN, o->window);
	if (mss) {
		uint8_t *opt = p->data + IP_HDR_MIN + TCP_HDR_MIN;
		p->data[IP_HDR_MIN + TCP_OFF_DOFF] = ((TCP_HDR_MIN + MSS_OPT_LEN) / 4) << 4;
		opt[0] = TCPOPT_MSS;
		opt[1] = MSS_OPT_LEN;
		put16(opt + 2, s->mss);
	}
	if (o->payload && payload)
		memcpy(p->data + hdr, o->payload, payload);
	packet_fix_checksums(p);
	return p;
}

struct packet *packet_build(const struct pkt_spec *s)
{
	struct build_opts o = {.df = df_by_default(s), .window = TCP_DEFAULT_WINDOW,
			       .payload = s->data};
	return build(s, &o);
}

/* ---- ICMP errors (icmp_send) ---- */

static bool is_multicast_or_broadcast(uint32_t a)
{
	return (a >> 28) == 0xe || a == 0xffffffffu;
}

/* icmp_send's refusals: never about a non-first fragment, an ICMP error
 * or unknown ICMP type ("a mess would result"), a broadcast or multicast,
 * or a sender without an address. */
static bool may_send_error_about(const struct packet *orig)
{
	if (!pkt_ip_ok(orig) || pkt_is_fragment(orig))
		return false;
	if (is_multicast_or_broadcast(pkt_daddr(orig)) || pkt_saddr(orig) == 0 ||
	    is_multicast_or_broadcast(pkt_saddr(orig)))
		return false;
	if (pkt_proto(orig) != PROTO_ICMP)
		return true;
	uint8_t type;
	enum { NR_ICMP_TYPES = 18 };
	return pkt_icmp(orig, &type, NULL) && type <= NR_ICMP_TYPES && !icmp_type_is_error(type);
}

/* Bytes of the original IP datagram present in the capture. */
static size_t ip_bytes(const struct packet *p)
{
	size_t tot = pkt_tot_len(p);
	return tot && tot < p->len ? tot : p->len;
}

struct packet *packet_icmp_error(const struct packet *orig, uint8_t type, uint8_t code,
				 uint32_t src)
{
	if (!may_send_error_about(orig))
		return NULL;
	/* Linux quotes as much of the original as fits in 576 bytes, not only
	 * the IP header + 8 bytes RFC 792 demands. */
	size_t quote = ip_bytes(orig);
	if (quote > ICMP_ERROR_MAX_LEN - IP_HDR_MIN - ICMP_HDR_LEN)
		quote = ICMP_ERROR_MAX_LEN - IP_HDR_MIN - ICMP_HDR_LEN;
	/* IPTOS_PREC_INTERNETCONTROL plus the original's TOS bits (RT_TOS). */
	enum { TOS_PREC_INTERNETCONTROL = 0xc0, TOS_TOS_MASK = 0x1e };
	struct pkt_spec s = {
		.proto = PROTO_ICMP,
		.saddr = src,
		.daddr = pkt_saddr(orig),
		.icmp_type = type,
		.icmp_code = code,
		.tos = (uint8_t)(TOS_PREC_INTERNETCONTROL | (pkt_tos(orig) & TOS_TOS_MASK)),
		.payload = (uint16_t)quote,
	};
	struct build_opts o = {.df = false, .payload = orig->data};
	struct packet *p = build(&s, &o);
	p->has_sock = true; /* icmp_send: the namespace's ICMP control socket */
	return p;
}

/* ---- TCP reset (nf_send_reset) ---- */

struct packet *packet_tcp_reset(const struct packet *orig)
{
	uint8_t flags = pkt_tcp_flags(orig);
	if (pkt_proto(orig) != PROTO_TCP || pkt_is_fragment(orig) ||
	    pkt_tcp_hdr_len(orig) < TCP_HDR_MIN || !pkt_l4(orig, pkt_tcp_hdr_len(orig)) ||
	    (flags & TCPF_RST) || is_multicast_or_broadcast(pkt_daddr(orig)))
		return NULL; /* no RST for a RST, nor for what is not a whole TCP header */
	struct pkt_spec s = {
		.proto = PROTO_TCP,
		.saddr = pkt_daddr(orig),
		.daddr = pkt_saddr(orig),
		.sport = pkt_dport(orig),
		.dport = pkt_sport(orig),
	};
	if (flags & TCPF_ACK) {
		s.seq = pkt_tcp_ack(orig);
		s.tcp_flags = TCPF_RST;
	} else {
		s.ack = pkt_tcp_seq(orig) + !!(flags & TCPF_SYN) + !!(flags & TCPF_FIN) +
			(uint32_t)pkt_payload_len(orig);
		s.tcp_flags = TCPF_RST | TCPF_ACK;
	}
	/* nf_reject_iphdr_put: id 0, DF, tos 0, the route's hop limit. */
	struct build_opts o = {.df = true, .window = 0};
	return build(&s, &o);
}

/* ---- a local socket's answer ---- */

/* Linux's ISN is a keyed hash of the 4-tuple plus a clock
 * (secure_tcp_seq); nfwalk uses an unkeyed mix of the 4-tuple so the same
 * scenario always shows the same numbers. */
static uint32_t initial_seq(const struct packet *syn)
{
	uint32_t h = pkt_saddr(syn) * 0x9e3779b1u;
	h ^= pkt_daddr(syn) + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= ((uint32_t)pkt_sport(syn) << 16 | pkt_dport(syn)) + (h << 6) + (h >> 2);
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

static struct pkt_spec reply_spec(const struct packet *orig)
{
	return (struct pkt_spec){
		.proto = pkt_proto(orig),
		.saddr = pkt_daddr(orig),
		.daddr = pkt_saddr(orig),
		.sport = pkt_dport(orig),
		.dport = pkt_sport(orig),
	};
}

/* SYN -> SYN/ACK, SYN/ACK -> ACK, data or FIN -> ACK; nothing for a
 * RST or a bare ACK. */
static bool tcp_answer(const struct packet *orig, struct pkt_spec *s)
{
	uint8_t f = pkt_tcp_flags(orig);
	uint32_t seq = pkt_tcp_seq(orig);
	size_t data = pkt_payload_len(orig);
	if (f & TCPF_RST)
		return false;
	if ((f & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN) {
		s->tcp_flags = TCPF_SYN | TCPF_ACK;
		s->seq = initial_seq(orig);
		s->ack = seq + 1;
		return true;
	}
	if (!(f & TCPF_SYN) && !(f & TCPF_FIN) && data == 0)
		return false;
	s->tcp_flags = TCPF_ACK;
	s->seq = pkt_tcp_ack(orig);
	s->ack = seq + !!(f & TCPF_SYN) + !!(f & TCPF_FIN) + (uint32_t)data;
	return true;
}

static struct packet *answer_tcp(const struct packet *orig)
{
	struct pkt_spec s = reply_spec(orig);
	if (!pkt_l4(orig, TCP_HDR_MIN) || !tcp_answer(orig, &s))
		return NULL;
	struct build_opts o = {.df = true, .window = TCP_DEFAULT_WINDOW};
	return build(&s, &o);
}

/* The answer carries the request's payload back (an echo service; what a
 * ping reply does anyway). */
static const uint8_t *payload_of(const struct packet *orig, size_t hdr, uint16_t *n)
{
	size_t avail = pkt_l4_avail(orig);
	*n = (uint16_t)(avail > hdr ? avail - hdr : 0);
	return pkt_l4(orig, hdr) + hdr;
}

static struct packet *answer_udp(const struct packet *orig)
{
	if (!pkt_l4(orig, UDP_HDR_LEN))
		return NULL;
	struct pkt_spec s = reply_spec(orig);
	struct build_opts o = {.df = true, .payload = payload_of(orig, UDP_HDR_LEN, &s.payload)};
	return build(&s, &o);
}

/* icmp_echo: same id, sequence and data; icmp_reply keeps the TOS. */
static struct packet *answer_echo(const struct packet *orig)
{
	uint8_t type;
	if (!pkt_icmp(orig, &type, NULL) || type != ICMP_ECHO)
		return NULL;
	struct pkt_spec s = {
		.proto = PROTO_ICMP,
		.saddr = pkt_daddr(orig),
		.daddr = pkt_saddr(orig),
		.icmp_type = ICMP_ECHOREPLY,
		.icmp_id = pkt_icmp_id(orig),
		.icmp_seq = pkt_icmp_seq(orig),
		.tos = pkt_tos(orig),
	};
	struct build_opts o = {.df = false, .payload = payload_of(orig, ICMP_HDR_LEN, &s.payload)};
	return build(&s, &o);
}

struct packet *packet_answer(const struct packet *orig)
{
	struct packet *a = NULL;
	if (!pkt_ip_ok(orig) || pkt_is_fragment(orig))
		return NULL;
	switch (pkt_proto(orig)) {
	case PROTO_TCP:
		a = answer_tcp(orig);
		break;
	case PROTO_UDP:
		a = answer_udp(orig);
		break;
	case PROTO_ICMP:
		a = answer_echo(orig);
		break;
	default:
		break;
	}
	if (a)
		a->local_out = true;
	return a;
}
