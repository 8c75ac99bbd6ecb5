/* craft.c - packets made from nothing: a scenario's crafted packets, and
 * the packets the kernel itself sends (ICMP errors, TCP resets, a local
 * socket's answer).  Header fields follow what Linux puts on the wire;
 * where Linux uses randomness (IP ids, initial sequence numbers) nfwalk
 * uses a fixed value or a hash so traces are reproducible. */
#include <string.h>

#include "engine/track/packet.h"
#include "engine/track/wire.h"
#include "engine/track/wire6.h"

/* net.ipv4.ip_default_ttl, and IPv6's hop limit (ipv6_devconf.hop_limit) */
enum { DEFAULT_TTL = 64 };
/* IPV6_MIN_MTU: icmp6_send's error and what it quotes fit in it. */
enum { ICMP6_ERROR_MAX_LEN = 1280 };

/* What the public spec does not say. */
struct build_opts {
	bool df;
	uint16_t window;        /* TCP */
	const uint8_t *payload; /* s->payload bytes to copy, NULL for zeros */
};

static bool spec_v6(const struct pkt_spec *s)
{
	return s->family == FAMILY_IPV6;
}

static size_t l4_header_len(const struct pkt_spec *s)
{
	const struct l4_layout *l = l4_layout_for(spec_v6(s) ? FAMILY_IPV6 : FAMILY_IPV4, s->proto);
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

/* The fixed header (no extension headers): flow label 0. */
static void put_ip6(uint8_t *b, const struct pkt_spec *s, size_t tot)
{
	b[0] = (uint8_t)(0x60 | s->tos >> 4);
	b[1] = (uint8_t)((s->tos & 0x0f) << 4);
	put16(b + IP6_OFF_PAYLOAD_LEN, (uint16_t)(tot - IP6_HDR_LEN));
	b[IP6_OFF_NEXTHDR] = s->proto;
	b[IP6_OFF_HOP_LIMIT] = s->ttl ? s->ttl : DEFAULT_TTL;
	memcpy(b + IP6_OFF_SADDR, s->src.in6.b, 16);
	memcpy(b + IP6_OFF_DADDR, s->dst.in6.b, 16);
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
	put32(b + IP_OFF_SADDR, s->src.ip);
	put32(b + IP_OFF_DADDR, s->dst.ip);
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
	case PROTO_ICMPV6:
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
	size_t l3 = spec_v6(s) ? IP6_HDR_LEN : IP_HDR_MIN;
	size_t hdr = l3 + l4_header_len(s) + (mss ? MSS_OPT_LEN : 0);
	size_t payload = s->payload;
	/* tot_len is 16 bits; IPv6's payload length does not count its header */
	size_t max = IP_MAX_LEN + (spec_v6(s) ? IP6_HDR_LEN : 0);
	if (hdr + payload > max)
		payload = max - hdr;
	size_t tot = hdr + payload;
	struct packet *p = packet_new(tot);
	p->len = tot;
	pkt_header_changed(p);
	if (spec_v6(s))
		put_ip6(p->data, s, tot);
	else
		put_ip(p->data, s, tot, o->df);
	put_l4(p->data + l3, s, tot - l3, o->window);
	if (mss) {
		uint8_t *opt = p->data + l3 + TCP_HDR_MIN;
		p->data[l3 + TCP_OFF_DOFF] = ((TCP_HDR_MIN + MSS_OPT_LEN) / 4) << 4;
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

/* ---- ICMPv6 errors (icmp6_send) ---- */

static bool in6_multicast(const union inet_addr *a)
{
	return a->in6.b[0] == 0xff;
}

/* opt_unrec(): the option a parameter problem points at asks for an
 * error even to a multicast destination (its type's top bits are 10). */
static bool opt_unrec(const struct packet *orig, uint32_t offset)
{
	return offset < orig->len && (orig->data[offset] & 0xc0) == 0x80;
}

/* is_ineligible(): never an error about an ICMPv6 error (nor about one
 * whose type cannot be read), an error about a later fragment is fine. */
static bool icmp6_ineligible(const struct packet *orig)
{
	uint8_t nexthdr = orig->data[IP6_OFF_NEXTHDR];
	uint16_t frag = 0;
	long at = ip6_skip_exthdr(orig->data, orig->len, IP6_HDR_LEN, &nexthdr, &frag);
	if (at < 0 || nexthdr != PROTO_ICMPV6)
		return false;
	if ((size_t)at >= orig->len)
		return frag == 0;
	return !(orig->data[at] & 0x80); /* ICMPV6_INFOMSG_MASK */
}

/* icmp6_send's refusals: a multicast destination (or one not for this
 * host) except packet too big and parameter problem about an option
 * that asks for it; an unspecified or multicast source; an ICMPv6 error. */
static bool may_send_error6_about(const struct packet *orig, uint8_t type, uint8_t code,
				  uint32_t info)
{
	union inet_addr dst = pkt_dst(orig), src = pkt_src(orig);
	if (in6_multicast(&dst) && type != ICMPV6_PKT_TOOBIG &&
	    !(type == ICMPV6_PARAMPROB && code == ICMPV6_UNK_OPTION && opt_unrec(orig, info)))
		return false;
	if (inet_is_zero(&src) || in6_multicast(&src))
		return false;
	return !icmp6_ineligible(orig);
}

static struct packet *icmp6_error(const struct packet *orig, uint8_t type, uint8_t code,
				  const union inet_addr *src, uint32_t info)
{
	if (!may_send_error6_about(orig, type, code, info))
		return NULL;
	size_t quote = ip_bytes(orig);
	if (quote > ICMP6_ERROR_MAX_LEN - IP6_HDR_LEN - ICMP_HDR_LEN)
		quote = ICMP6_ERROR_MAX_LEN - IP6_HDR_LEN - ICMP_HDR_LEN;
	/* the ICMPv6 socket's traffic class 0, the default hop limit */
	struct pkt_spec s = {
		.proto = PROTO_ICMPV6,
		.family = FAMILY_IPV6,
		.src = *src,
		.dst = pkt_src(orig),
		.icmp_type = type,
		.icmp_code = code,
		.icmp_id = (uint16_t)(info >> 16), /* the MTU or pointer: bytes 4..7 */
		.icmp_seq = (uint16_t)info,
		.payload = (uint16_t)quote,
	};
	struct build_opts o = {.df = false, .payload = orig->data};
	struct packet *p = build(&s, &o);
	p->has_sock = true; /* the namespace's ICMPv6 control socket */
	return p;
}

struct packet *packet_icmp_error_addr(const struct packet *orig, uint8_t type, uint8_t code,
				      union inet_addr src, uint32_t info)
{
	if (pkt_family(orig) == FAMILY_IPV6)
		return icmp6_error(orig, type, code, &src, info);
	return packet_icmp_error(orig, type, code, src.ip);
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
		.src.ip = src,
		.dst.ip = pkt_saddr(orig),
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

/* nf_send_reset6 answers only between unicast addresses; nf_send_reset
 * only to a destination that is not a multicast or broadcast. */
static bool reset_addresses_ok(const struct packet *orig)
{
	if (pkt_family(orig) != FAMILY_IPV6)
		return !is_multicast_or_broadcast(pkt_daddr(orig));
	union inet_addr src = pkt_src(orig), dst = pkt_dst(orig);
	return !inet_is_zero(&src) && !in6_multicast(&src) && !inet_is_zero(&dst) &&
	       !in6_multicast(&dst);
}

/* The answer's addresses: the original's swapped, of its family. */
static struct pkt_spec swapped_spec(const struct packet *orig, uint8_t proto)
{
	return (struct pkt_spec){
		.proto = proto,
		.family = pkt_family(orig) == FAMILY_IPV6 ? FAMILY_IPV6 : 0,
		.src = pkt_dst(orig),
		.dst = pkt_src(orig),
		.sport = pkt_dport(orig),
		.dport = pkt_sport(orig),
	};
}

struct packet *packet_tcp_reset(const struct packet *orig)
{
	uint8_t flags = pkt_tcp_flags(orig);
	if (pkt_proto(orig) != PROTO_TCP || pkt_is_fragment(orig) ||
	    pkt_tcp_hdr_len(orig) < TCP_HDR_MIN || !pkt_l4(orig, pkt_tcp_hdr_len(orig)) ||
	    (flags & TCPF_RST) || !reset_addresses_ok(orig))
		return NULL; /* no RST for a RST, nor for what is not a whole TCP header */
	struct pkt_spec s = swapped_spec(orig, PROTO_TCP);
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
	/* IPv4 as before (traces stay); IPv6 folds its addresses in */
	union inet_addr sa = pkt_src(syn), da = pkt_dst(syn);
	uint32_t s4 = sa.all[0] ^ sa.all[1] ^ sa.all[2] ^ sa.all[3];
	uint32_t d4 = da.all[0] ^ da.all[1] ^ da.all[2] ^ da.all[3];
	uint32_t h = s4 * 0x9e3779b1u;
	h ^= d4 + 0x7f4a7c15u + (h << 6) + (h >> 2);
	h ^= ((uint32_t)pkt_sport(syn) << 16 | pkt_dport(syn)) + (h << 6) + (h >> 2);
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

static struct pkt_spec reply_spec(const struct packet *orig)
{
	return swapped_spec(orig, pkt_proto(orig));
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
/* icmpv6_echo_reply likewise: type 129, the request's traffic class. */
static struct packet *answer_echo(const struct packet *orig)
{
	uint8_t type;
	bool v6 = pkt_family(orig) == FAMILY_IPV6;
	if (!pkt_icmp(orig, &type, NULL) || type != (v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO))
		return NULL;
	struct pkt_spec s = swapped_spec(orig, v6 ? PROTO_ICMPV6 : PROTO_ICMP);
	s.sport = s.dport = 0;
	s.icmp_type = v6 ? ICMPV6_ECHO_REPLY : ICMP_ECHOREPLY;
	s.icmp_id = pkt_icmp_id(orig);
	s.icmp_seq = pkt_icmp_seq(orig);
	s.tos = pkt_tos(orig);
	struct build_opts o = {.df = false, .payload = payload_of(orig, ICMP_HDR_LEN, &s.payload)};
	return build(&s, &o);
}

struct packet *packet_answer(const struct packet *orig)
{
	struct packet *a = NULL;
	if (!pkt_l3_ok(orig) || pkt_is_fragment(orig))
		return NULL;
	switch (pkt_proto(orig)) {
	case PROTO_TCP:
		a = answer_tcp(orig);
		break;
	case PROTO_UDP:
		a = answer_udp(orig);
		break;
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		a = answer_echo(orig);
		break;
	default:
		break;
	}
	if (a)
		a->local_out = true;
	return a;
}
