/* packet.c - a packet's bytes: allocation, bounds-checked header readers
 * and writers that keep every checksum right.
 *
 * Writers update checksums incrementally (RFC 1624), as the kernel's NAT
 * does with csum_replace2/4: that keeps a checksum right even when only
 * part of the segment is present, e.g. the 8 quoted bytes of a TCP header
 * inside an ICMP error, where the checksum field itself is absent and so
 * is left alone.  packet_fix_checksums recomputes from scratch. */
#include "engine/track/packet.h"
#include "engine/track/wire6.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "engine/track/wire.h"

/* ---- allocation ---- */

/* The last packets freed, kept for the next packet_new: a capture walks
 * one packet at a time, and two callocs and two frees a packet were 7%
 * of a summary run.  A few, not one: a rejected packet is alive beside
 * its answer (REJECT's reset, the local stack's), and with one spare
 * every answer cost two callocs again.  (nfwalk walks on one thread.)
 * Their data keeps the room it had (p->alloc), so packets of changing
 * sizes stop reallocating once the largest came by. */
enum { SPARES_MAX = 4 };
static struct packet *spares[SPARES_MAX];
static int nspares;

/* A packet with room for cap bytes; zero: whether they start zeroed
 * (packet_from_bytes overwrites them all at once). */
static struct packet *packet_alloc(size_t cap, bool zero)
{
	size_t room = cap ? cap : 1;
	struct packet *p;
	uint8_t *data;
	size_t alloc;
	if (nspares) {
		p = spares[--nspares];
		data = p->data;
		alloc = p->alloc;
		if (alloc < room) {
			data = xrealloc(data, room);
			alloc = room;
		}
		memset(p, 0, sizeof(*p));
		if (zero)
			memset(data, 0, room);
	} else {
		p = xcalloc(1, sizeof(*p));
		data = xcalloc(room, 1);
		alloc = room;
	}
	p->data = data;
	p->alloc = alloc;
	p->cap = cap;
	p->imq_todev = -1;
	return p;
}

struct packet *packet_new(size_t cap)
{
	return packet_alloc(cap, true);
}

struct packet *packet_from_bytes(const uint8_t *bytes, size_t len)
{
	struct packet *p = packet_alloc(len, len == 0);
	if (len)
		memcpy(p->data, bytes, len);
	p->len = len;
	pkt_header_changed(p);
	return p;
}

struct packet *packet_clone(const struct packet *p)
{
	struct packet *c = packet_new(p->cap > p->len ? p->cap : p->len);
	uint8_t *data = c->data;
	size_t cap = c->cap, alloc = c->alloc;
	*c = *p; /* metadata, including the borrowed conntrack entry */
	c->data = data;
	c->cap = cap;
	c->alloc = alloc;
	if (p->len)
		memcpy(c->data, p->data, p->len);
	return c;
}

void packet_free(struct packet *p)
{
	if (!p)
		return;
	if (nspares < SPARES_MAX) {
		spares[nspares++] = p;
		return;
	}
	free(p->data);
	free(p);
}

/* ---- IP header ---- */

static uint16_t ip_u16(const struct packet *p, size_t off)
{
	return pkt_ip_ok(p) ? get16(p->data + off) : 0;
}

/* ---- IPv6: the fixed header, and what the extension headers say ---- */

/* Version 6 and a whole fixed header (version 4's pkt_ip_ok cannot also
 * hold, so it need not be asked). */
static bool is_v6(const struct packet *p)
{
	return p && p->data && p->len >= IP6_HDR_LEN && (p->data[0] >> 4) == 6;
}

/* What the header chain of an IPv6 packet says, walked once per
 * question (no cache: the writers would have to keep one right). */
struct l3v6 {
	size_t tot;   /* 40 + payload length */
	size_t end;   /* where its bytes end: tot, or fewer when truncated */
	size_t l4off; /* the upper-layer header, when l4 */
	size_t fh;    /* the fragment header's offset; 0: none */
	int proto;    /* ipv6_find_hdr(-1)'s answer: < 0 for a broken chain */
	bool l4;      /* l4off is meaningful (not a later fragment, chain ok) */
};

static void v6_walk(const struct packet *p, struct l3v6 *v)
{
	v->tot = IP6_HDR_LEN + (size_t)get16(p->data + IP6_OFF_PAYLOAD_LEN);
	v->end = v->tot < p->len ? v->tot : p->len;
	v->fh = 0;
	uint16_t fragoff = 0;
	int flags = 0;
	size_t off = 0;
	v->proto = ip6_find_hdr(p->data, v->end, &off, -1, &fragoff, &flags);
	v->l4 = v->proto >= 0 && fragoff == 0;
	v->l4off = v->l4 ? off : 0;
	size_t fh;
	if ((flags & IP6_FH_F_FRAG) &&
	    ip6_find_hdr(p->data, v->end, &fh, NEXTHDR_FRAGMENT, NULL, NULL) == NEXTHDR_FRAGMENT &&
	    fh + FRAG6_HDR_LEN <= v->end)
		v->fh = fh;
}

/* The fragment header's offset+flags field; 0 without one. */
static uint16_t v6_frag_field(const struct packet *p)
{
	struct l3v6 v;
	v6_walk(p, &v);
	return v.fh ? get16(p->data + v.fh + FRAG6_OFF_OFFSET) : 0;
}

uint8_t pkt_proto6_(const struct packet *p)
{
	if (!is_v6(p))
		return 0;
	struct l3v6 v;
	v6_walk(p, &v);
	return v.proto < 0 ? 0 : (uint8_t)v.proto;
}

size_t pkt_l4_offset_slow_(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return pkt_ihl_bytes(p);
	if (!is_v6(p))
		return 0;
	struct l3v6 v;
	v6_walk(p, &v);
	return v.l4 ? v.l4off : 0;
}

bool pkt_has_frag_hdr(const struct packet *p)
{
	if (!is_v6(p))
		return false;
	struct l3v6 v;
	v6_walk(p, &v);
	return v.fh != 0;
}

uint32_t pkt_frag_id(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return get16(p->data + IP_OFF_ID);
	if (!is_v6(p))
		return 0;
	struct l3v6 v;
	v6_walk(p, &v);
	return v.fh ? get32(p->data + v.fh + 4) : 0;
}

uint16_t pkt_ip_id(const struct packet *p) { return (uint16_t)pkt_frag_id(p); }

uint16_t pkt_frag_off(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return get16(p->data + IP_OFF_FRAG) & IP_FRAG_MASK;
	return is_v6(p) ? (uint16_t)(v6_frag_field(p) >> 3) : 0;
}

bool pkt_is_fragment_slow_(const struct packet *p)
{
	return pkt_frag_off(p) != 0;
}

bool pkt_df(const struct packet *p)
{
	return (ip_u16(p, IP_OFF_FRAG) & IP_FLAG_DF) != 0;
}

bool pkt_more_fragments(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return (get16(p->data + IP_OFF_FRAG) & IP_FLAG_MF) != 0;
	return is_v6(p) && (v6_frag_field(p) & FRAG6_FLAG_MF);
}

/* ---- L4 ---- */

/* Where L4 starts, how many of its bytes are present (pkt_l4_avail) and
 * which protocol it is, from one look at the IP header (one walk of an
 * IPv6 packet's extension headers): every port, flag and ICMP reader of
 * every packet comes through here, and asking pkt_proto and pkt_l4
 * separately parsed the header two or three times a field.  False for a
 * bad IP header or a non-first fragment. */
struct l4_span {
	size_t off, avail;
	uint8_t proto;
	uint8_t icmp; /* ICMP's protocol number in the packet's family */
};

static bool l4_span6(const struct packet *p, struct l4_span *s)
{
	if (!is_v6(p))
		return false;
	struct l3v6 v;
	v6_walk(p, &v);
	if (!v.l4)
		return false;
	s->off = v.l4off;
	s->avail = v.end > v.l4off ? v.end - v.l4off : 0;
	s->proto = (uint8_t)v.proto;
	s->icmp = PROTO_ICMPV6;
	return true;
}

static bool l4_span_parse(const struct packet *p, struct l4_span *s)
{
	if (!pkt_ip_ok(p))
		return l4_span6(p, s);
	if (get16(p->data + IP_OFF_FRAG) & IP_FRAG_MASK)
		return false;
	size_t ihl = (size_t)(p->data[IP_OFF_VER_IHL] & 0x0f) * 4;
	size_t tot = get16(p->data + IP_OFF_TOT_LEN);
	/* where the datagram's bytes end: tot_len, or fewer when the capture
	 * is truncated; 0 for a tot_len that does not even cover the header */
	size_t end = tot < ihl ? 0 : tot < p->len ? tot : p->len;
	s->off = ihl;
	s->avail = end > ihl ? end - ihl : 0;
	s->proto = p->data[IP_OFF_PROTO];
	s->icmp = PROTO_ICMP;
	return true;
}

/* Every reader of the transport header asks this, a dozen times a
 * packet; the answer is kept in the packet until its header changes
 * (pkt_header_changed).  Header writes through this file's writers
 * (addresses, ports, ttl, tos, DF) never move the transport header. */
static bool l4_span(const struct packet *p, struct l4_span *s)
{
	struct packet *memo = (struct packet *)p; /* a memo, not a change */
	if (p->l4_memo == 1) {
		s->off = p->l4_memo_off;
		s->avail = p->l4_memo_avail;
		s->proto = p->l4_memo_proto;
		s->icmp = pkt_family(p) == FAMILY_IPV6 ? PROTO_ICMPV6 : PROTO_ICMP;
		return true;
	}
	if (p->l4_memo == 2)
		return false;
	if (!l4_span_parse(p, s)) {
		memo->l4_memo = pkt_family(p) ? 2 : 0;
		return false;
	}
	memo->l4_memo = 1;
	memo->l4_memo_off = (uint32_t)s->off;
	memo->l4_memo_avail = (uint32_t)s->avail;
	memo->l4_memo_proto = s->proto;
	return true;
}

/* The L4 header when `need` of its bytes are present. */
static const uint8_t *l4_need(const struct packet *p, const struct l4_span *s, size_t need)
{
	return need <= s->avail ? p->data + s->off : NULL;
}

size_t pkt_l4_avail(const struct packet *p)
{
	struct l4_span s;
	return l4_span(p, &s) ? s.avail : 0;
}

const uint8_t *pkt_l4_slow_(const struct packet *p, size_t need)
{
	struct l4_span s;
	return l4_span(p, &s) ? l4_need(p, &s, need) : NULL;
}

/* The writable L4 header, under the same rules. */
static uint8_t *l4_mut(struct packet *p, size_t need)
{
	struct l4_span s;
	return l4_span(p, &s) && need <= s.avail ? p->data + s.off : NULL;
}

static bool proto_has_ports(uint8_t proto)
{
	return proto == PROTO_TCP || proto == PROTO_UDP;
}

/* The TCP or UDP header's first four bytes (the ports), or NULL. */
static const uint8_t *ports_of(const struct packet *p)
{
	struct l4_span s;
	return l4_span(p, &s) && proto_has_ports(s.proto) ? l4_need(p, &s, 4) : NULL;
}

bool pkt_has_ports_slow_(const struct packet *p) { return ports_of(p) != NULL; }

static uint16_t port_at(const struct packet *p, size_t off)
{
	const uint8_t *l4 = ports_of(p);
	return l4 ? get16(l4 + off) : 0;
}

uint16_t pkt_sport_slow_(const struct packet *p) { return port_at(p, TCP_OFF_SPORT); }
uint16_t pkt_dport_slow_(const struct packet *p) { return port_at(p, TCP_OFF_DPORT); }

bool pkt_ports_slow_(const struct packet *p, uint16_t *sport, uint16_t *dport)
{
	const uint8_t *l4 = ports_of(p);
	if (!l4)
		return false;
	*sport = get16(l4 + TCP_OFF_SPORT);
	*dport = get16(l4 + TCP_OFF_DPORT);
	return true;
}

static const uint8_t *tcp_bytes(const struct packet *p, size_t need)
{
	if (p->l4_memo == 1) /* the memo: no call to l4_span */
		return p->l4_memo_proto == PROTO_TCP && need <= p->l4_memo_avail ? p->data + p->l4_memo_off
										  : NULL;
	struct l4_span s;
	return l4_span(p, &s) && s.proto == PROTO_TCP ? l4_need(p, &s, need) : NULL;
}

uint8_t pkt_tcp_flags_slow_(const struct packet *p)
{
	const uint8_t *t = tcp_bytes(p, TCP_OFF_FLAGS + 1);
	return t ? t[TCP_OFF_FLAGS] : 0;
}

uint32_t pkt_tcp_seq(const struct packet *p)
{
	const uint8_t *t = tcp_bytes(p, TCP_OFF_SEQ + 4);
	return t ? get32(t + TCP_OFF_SEQ) : 0;
}

uint32_t pkt_tcp_ack(const struct packet *p)
{
	const uint8_t *t = tcp_bytes(p, TCP_OFF_ACK + 4);
	return t ? get32(t + TCP_OFF_ACK) : 0;
}

uint16_t pkt_tcp_window(const struct packet *p)
{
	const uint8_t *t = tcp_bytes(p, TCP_OFF_WINDOW + 2);
	return t ? get16(t + TCP_OFF_WINDOW) : 0;
}

uint8_t pkt_tcp_hdr_len(const struct packet *p)
{
	const uint8_t *t = tcp_bytes(p, TCP_OFF_DOFF + 1);
	return t ? (uint8_t)((t[TCP_OFF_DOFF] >> 4) * 4) : 0;
}

/* ICMP's protocol number in the packet's family. */
static uint8_t icmp_proto_of(const struct packet *p)
{
	return pkt_ip_ok(p) ? PROTO_ICMP : PROTO_ICMPV6;
}

static const uint8_t *icmp_bytes(const struct packet *p)
{
	struct l4_span s;
	return l4_span(p, &s) && s.proto == s.icmp ? l4_need(p, &s, ICMP_HDR_LEN) : NULL;
}

bool pkt_icmp_slow_(const struct packet *p, uint8_t *type, uint8_t *code)
{
	const uint8_t *h = icmp_bytes(p);
	if (!h)
		return false;
	if (type)
		*type = h[ICMP_OFF_TYPE];
	if (code)
		*code = h[ICMP_OFF_CODE];
	return true;
}

uint16_t pkt_icmp_id(const struct packet *p)
{
	const uint8_t *h = icmp_bytes(p);
	return h ? get16(h + ICMP_OFF_ID) : 0;
}

uint16_t pkt_icmp_seq(const struct packet *p)
{
	const uint8_t *h = icmp_bytes(p);
	return h ? get16(h + ICMP_OFF_SEQ) : 0;
}

void pkt_l4_fields(const struct packet *p, struct pkt_l4_fields *f)
{
	*f = (struct pkt_l4_fields){0};
	struct l4_span s;
	if (!l4_span(p, &s)) {
		f->proto = pkt_proto(p); /* a later fragment still names one */
		return;
	}
	f->proto = s.proto;
	const uint8_t *h = l4_need(p, &s, 4);
	if (h && proto_has_ports(s.proto)) {
		f->ports = true;
		f->sport = get16(h + TCP_OFF_SPORT);
		f->dport = get16(h + TCP_OFF_DPORT);
	}
	h = l4_need(p, &s, TCP_OFF_FLAGS + 1);
	if (h && s.proto == PROTO_TCP)
		f->tcp_flags = h[TCP_OFF_FLAGS];
	h = l4_need(p, &s, ICMP_HDR_LEN);
	if (h && s.proto == s.icmp) {
		f->icmp = true;
		f->icmp_type = h[ICMP_OFF_TYPE];
		f->icmp_code = h[ICMP_OFF_CODE];
		f->icmp_id = get16(h + ICMP_OFF_ID);
	}
}

/* icmp_is_err(): the types that quote the datagram they are about. */
bool icmp_type_is_error(uint8_t type)
{
	return type == ICMP_DEST_UNREACH || type == 4 /* source quench */ ||
	       type == 5 /* redirect */ || type == ICMP_TIME_EXCEEDED ||
	       type == 12 /* parameter problem */;
}

bool icmp6_type_is_error(uint8_t type)
{
	return type >= ICMPV6_DEST_UNREACH && type <= ICMPV6_PARAMPROB;
}

bool pkt_icmp_is_error(const struct packet *p)
{
	uint8_t type;
	if (!pkt_icmp(p, &type, NULL))
		return false;
	return pkt_ip_ok(p) ? icmp_type_is_error(type) : icmp6_type_is_error(type);
}

size_t pkt_payload_len(const struct packet *p)
{
	size_t tot = pkt_tot_len(p), ihl = pkt_l4_offset(p);
	if (!ihl || tot < ihl)
		return 0;
	const struct l4_layout *l = l4_layout_for(pkt_family(p), pkt_proto(p));
	size_t hdr = pkt_proto(p) == PROTO_TCP ? pkt_tcp_hdr_len(p) : l ? l->hdr_len : 0;
	return tot - ihl > hdr ? tot - ihl - hdr : 0;
}

/* The quoted datagram starts after the outer ICMP header and must hold at
 * least an IP header and 8 bytes (what RFC 792 requires an error to quote,
 * and what conntrack needs for the inner tuple). */
static bool inner_bounds(const struct packet *p, size_t *off, size_t *len)
{
	if (!pkt_icmp_is_error(p))
		return false;
	*off = pkt_l4_offset(p) + ICMP_HDR_LEN;
	*len = pkt_l4_avail(p) - ICMP_HDR_LEN;
	struct packet view = {.data = p->data + *off, .len = *len};
	if (pkt_ip_ok(p))
		return pkt_ip_ok(&view) && *len >= (size_t)pkt_ihl_bytes(&view) + 8;
	/* an ICMPv6 error quotes an IPv6 packet (icmpv6_error's inner tuple) */
	return pkt_family(&view) == FAMILY_IPV6 && *len >= IP6_HDR_LEN + 8;
}

struct packet *pkt_icmp_inner(const struct packet *p)
{
	size_t off, len;
	if (!inner_bounds(p, &off, &len))
		return NULL;
	return packet_from_bytes(p->data + off, len);
}

bool pkt_icmp_quoted(const struct packet *p, uint32_t *src, uint32_t *dst, uint16_t *sport,
		     uint16_t *dport)
{
	size_t off, len;
	*src = *dst = 0;
	*sport = *dport = 0;
	if (!inner_bounds(p, &off, &len))
		return false;
	struct packet in = {.data = p->data + off, .len = len};
	*src = pkt_saddr(&in);
	*dst = pkt_daddr(&in);
	if (pkt_has_ports(&in)) {
		*sport = pkt_sport(&in);
		*dport = pkt_dport(&in);
	} else if (pkt_proto(&in) == PROTO_ICMP) {
		*sport = pkt_icmp_id(&in);
	}
	return true;
}

bool pkt_icmp_quoted_addr(const struct packet *p, int *family, union inet_addr *src,
			  union inet_addr *dst, uint16_t *sport, uint16_t *dport)
{
	size_t off, len;
	*family = 0;
	*src = *dst = inet_v4(0);
	*sport = *dport = 0;
	if (!inner_bounds(p, &off, &len))
		return false;
	struct packet in = {.data = p->data + off, .len = len};
	*family = pkt_family(&in);
	*src = pkt_src(&in);
	*dst = pkt_dst(&in);
	if (pkt_has_ports(&in)) {
		*sport = pkt_sport(&in);
		*dport = pkt_dport(&in);
	} else if (pkt_icmp(&in, NULL, NULL)) {
		*sport = pkt_icmp_id(&in);
	}
	return true;
}

static uint16_t l4_sum(const struct packet *p);

static void icmp_fix_checksum(struct packet *p)
{
	uint8_t *h = l4_mut(p, ICMP_HDR_LEN);
	if (!h)
		return;
	put16(h + ICMP_OFF_CHECK, 0);
	put16(h + ICMP_OFF_CHECK, l4_sum(p));
}

bool pkt_icmp_set_inner(struct packet *p, const struct packet *inner)
{
	size_t off, len;
	if (!inner || !inner_bounds(p, &off, &len) || inner->len != len)
		return false;
	memcpy(p->data + off, inner->data, len);
	icmp_fix_checksum(p);
	return true;
}

/* ---- writers ---- */

static void ip_put16(struct packet *p, size_t off, uint16_t v)
{
	csum_replace16(p->data + IP_OFF_CHECK, get16(p->data + off), v);
	put16(p->data + off, v);
}

/* The L4 checksum field the pseudo-header and ports feed, when present:
 * TCP always, UDP only when the sender filled it (0 means "none"). */
static uint8_t *l4_check_field(struct packet *p)
{
	const struct l4_layout *l = l4_layout_for(pkt_family(p), pkt_proto(p));
	uint8_t *l4 = l && l->pseudo_header ? l4_mut(p, l->check_off + 2u) : NULL;
	if (!l4)
		return NULL;
	bool unused = pkt_proto(p) == PROTO_UDP && get16(l4 + l->check_off) == 0;
	return unused ? NULL : l4 + l->check_off;
}

/* A UDP checksum that computes to 0 is sent as 0xffff (RFC 768). */
static void udp_no_zero(struct packet *p, uint8_t *check)
{
	if (pkt_proto(p) == PROTO_UDP && get16(check) == 0)
		put16(check, 0xffff);
}

static void set_addr(struct packet *p, size_t off, uint32_t a)
{
	if (!pkt_ip_ok(p))
		return;
	uint32_t old = get32(p->data + off);
	uint8_t *check = l4_check_field(p);
	if (check) {
		csum_replace32(check, old, a);
		udp_no_zero(p, check);
	}
	csum_replace32(p->data + IP_OFF_CHECK, old, a);
	put32(p->data + off, a);
}

void pkt_set_saddr(struct packet *p, uint32_t a) { set_addr(p, IP_OFF_SADDR, a); }
void pkt_set_daddr(struct packet *p, uint32_t a) { set_addr(p, IP_OFF_DADDR, a); }

/* IPv6 has no header checksum: only the pseudo-header's users follow. */
static void set_addr6(struct packet *p, size_t off, const union inet_addr *a)
{
	if (!is_v6(p))
		return;
	uint8_t *check = l4_check_field(p);
	if (check) {
		csum_replace_bytes(check, p->data + off, a->in6.b, 16);
		udp_no_zero(p, check);
	}
	memcpy(p->data + off, a->in6.b, 16);
}

void pkt_set_src(struct packet *p, union inet_addr a)
{
	if (pkt_ip_ok(p))
		set_addr(p, IP_OFF_SADDR, a.ip);
	else
		set_addr6(p, IP6_OFF_SADDR, &a);
}

void pkt_set_dst(struct packet *p, union inet_addr a)
{
	if (pkt_ip_ok(p))
		set_addr(p, IP_OFF_DADDR, a.ip);
	else
		set_addr6(p, IP6_OFF_DADDR, &a);
}

static void set_port(struct packet *p, size_t off, uint16_t port)
{
	if (!pkt_has_ports(p))
		return;
	uint8_t *l4 = l4_mut(p, off + 2);
	uint8_t *check = l4_check_field(p);
	if (check) {
		csum_replace16(check, get16(l4 + off), port);
		udp_no_zero(p, check);
	}
	put16(l4 + off, port);
}

void pkt_set_sport(struct packet *p, uint16_t port) { set_port(p, TCP_OFF_SPORT, port); }
void pkt_set_dport(struct packet *p, uint16_t port) { set_port(p, TCP_OFF_DPORT, port); }

void pkt_set_icmp_id(struct packet *p, uint16_t id)
{
	uint8_t *h = pkt_proto(p) == icmp_proto_of(p) ? l4_mut(p, ICMP_HDR_LEN) : NULL;
	if (!h)
		return;
	csum_replace16(h + ICMP_OFF_CHECK, get16(h + ICMP_OFF_ID), id);
	put16(h + ICMP_OFF_ID, id);
}

void pkt_set_icmp_gateway(struct packet *p, uint32_t gw)
{
	uint8_t *h = pkt_proto(p) == icmp_proto_of(p) ? l4_mut(p, ICMP_HDR_LEN) : NULL;
	if (!h)
		return;
	/* the redirect's gateway sits where an echo keeps id and sequence */
	csum_replace16(h + ICMP_OFF_CHECK, get16(h + ICMP_OFF_ID), (uint16_t)(gw >> 16));
	csum_replace16(h + ICMP_OFF_CHECK, get16(h + ICMP_OFF_ID + 2), (uint16_t)gw);
	put32(h + ICMP_OFF_ID, gw);
}

void pkt_set_icmp_mtu(struct packet *p, uint16_t mtu)
{
	/* IPv4's 16 bits in the low half; ICMPv6's MTU is the whole word */
	pkt_set_icmp_gateway(p, mtu);
}

void pkt_set_ttl(struct packet *p, uint8_t ttl)
{
	if (pkt_ip_ok(p))
		ip_put16(p, IP_OFF_TTL, (uint16_t)(ttl << 8 | p->data[IP_OFF_PROTO]));
	else if (is_v6(p))
		p->data[IP6_OFF_HOP_LIMIT] = ttl;
}

void pkt_set_df(struct packet *p)
{
	if (pkt_ip_ok(p))
		ip_put16(p, IP_OFF_FRAG, (uint16_t)(ip_u16(p, IP_OFF_FRAG) | IP_FLAG_DF));
}

void pkt_set_tos(struct packet *p, uint8_t tos)
{
	if (pkt_ip_ok(p)) {
		ip_put16(p, IP_OFF_VER_IHL, (uint16_t)(p->data[IP_OFF_VER_IHL] << 8 | tos));
	} else if (is_v6(p)) {
		/* version(4) | traffic class(8) | flow label(20) */
		p->data[0] = (uint8_t)((p->data[0] & 0xf0) | tos >> 4);
		p->data[1] = (uint8_t)((p->data[1] & 0x0f) | (tos & 0x0f) << 4);
	}
}

/* ---- whole checksums ---- */

static uint16_t ip_header_sum(const struct packet *p)
{
	return csum_fold(csum_add_bytes(0, p->data, pkt_ihl_bytes(p)));
}

/* The whole L4 segment is present: not a fragment of any kind, and the
 * capture holds every byte tot_len promises. */
static bool whole_segment(const struct packet *p)
{
	if (is_v6(p)) {
		struct l3v6 v;
		v6_walk(p, &v);
		bool frag = v.fh && (get16(p->data + v.fh + FRAG6_OFF_OFFSET) &
				     (FRAG6_OFFSET_MASK | FRAG6_FLAG_MF));
		return v.l4 && !frag && p->len >= v.tot;
	}
	return pkt_ip_ok(p) && !pkt_is_fragment(p) && !pkt_more_fragments(p) &&
	       pkt_tot_len(p) >= pkt_ihl_bytes(p) && p->len >= pkt_tot_len(p);
}

/* The sum of the segment (with its checksum field as it stands) plus, for
 * TCP and UDP, the pseudo-header; a correct segment folds to 0. */
static uint16_t l4_sum(const struct packet *p)
{
	size_t n = pkt_l4_avail(p);
	uint32_t sum = csum_add_bytes(0, p->data + pkt_l4_offset(p), n);
	const struct l4_layout *l = l4_layout_for(pkt_family(p), pkt_proto(p));
	if (l && l->pseudo_header && pkt_ip_ok(p))
		sum += csum_pseudo(pkt_saddr(p), pkt_daddr(p), pkt_proto(p), (uint16_t)n);
	else if (l && l->pseudo_header)
		sum += csum_pseudo6(p->data + IP6_OFF_SADDR, p->data + IP6_OFF_DADDR, pkt_proto(p),
				    (uint32_t)n);
	return csum_fold(sum);
}

bool pkt_splice_payload(struct packet *p, size_t off, size_t oldlen, const uint8_t *bytes,
			size_t newlen)
{
	if (!pkt_l3_ok(p) || pkt_proto(p) != PROTO_TCP || p->len != pkt_tot_len(p))
		return false;
	size_t start = pkt_l4_offset(p) + pkt_tcp_hdr_len(p);
	size_t total = p->len - oldlen + newlen;
	if (!pkt_l4(p, pkt_tcp_hdr_len(p)) || start + off + oldlen > p->len || total > 65535)
		return false;
	if (total > p->cap) {
		if (total > p->alloc) {
			p->data = xrealloc(p->data, total);
			p->alloc = total;
		}
		p->cap = total;
	}
	uint8_t *at = p->data + start + off;
	memmove(at + newlen, at + oldlen, p->len - (start + off + oldlen));
	memcpy(at, bytes, newlen);
	p->len = total;
	pkt_header_changed(p);
	if (pkt_ip_ok(p))
		put16(p->data + IP_OFF_TOT_LEN, (uint16_t)total);
	else
		put16(p->data + IP6_OFF_PAYLOAD_LEN, (uint16_t)(total - IP6_HDR_LEN));
	packet_fix_checksums(p);
	return true;
}

/* The little-endian CRC32c an SCTP packet should carry. */
static uint32_t sctp_want(const struct packet *p)
{
	return sctp_crc32c(p->data + pkt_l4_offset(p), pkt_l4_avail(p));
}

static uint32_t get32le(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

void packet_fix_checksums(struct packet *p)
{
	if (!pkt_l3_ok(p))
		return;
	if (pkt_ip_ok(p)) {
		put16(p->data + IP_OFF_CHECK, 0);
		put16(p->data + IP_OFF_CHECK, ip_header_sum(p));
	}
	const struct l4_layout *l = l4_layout_for(pkt_family(p), pkt_proto(p));
	uint8_t *l4 = l && whole_segment(p) ? l4_mut(p, l->hdr_len) : NULL;
	if (!l4)
		return;
	if (pkt_proto(p) == PROTO_SCTP) {
		uint32_t crc = sctp_want(p);
		for (int i = 0; i < 4; i++)
			l4[SCTP_OFF_CHECK + i] = (uint8_t)(crc >> (8 * i));
		return;
	}
	put16(l4 + l->check_off, 0);
	put16(l4 + l->check_off, l4_sum(p));
	udp_no_zero(p, l4 + l->check_off);
}

bool packet_checksums_ok(const struct packet *p)
{
	if (!pkt_l3_ok(p) || (pkt_ip_ok(p) && ip_header_sum(p) != 0))
		return false;
	const struct l4_layout *l = l4_layout_for(pkt_family(p), pkt_proto(p));
	const uint8_t *l4 = l && whole_segment(p) ? pkt_l4(p, l->hdr_len) : NULL;
	if (!l4)
		return true;
	/* IPv4: the sender chose no checksum; IPv6 has no such choice */
	if (pkt_proto(p) == PROTO_UDP && get16(l4 + UDP_OFF_CHECK) == 0)
		return pkt_ip_ok(p);
	if (pkt_proto(p) == PROTO_SCTP)
		return get32le(l4 + SCTP_OFF_CHECK) == sctp_want(p);
	return l4_sum(p) == 0;
}
