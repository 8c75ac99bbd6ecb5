/* ct_tuple.c - conntrack tuples of either family: what identifies a flow,
 * its inverse (the reply's tuple), and how the two are printed.  ICMP and
 * ICMPv6 differ only in their type numbers, so both are one table each
 * (nf_conntrack_proto_icmp.c and nf_conntrack_proto_icmpv6.c). */
#include <stdio.h>

#include "engine/track/ct_proto.h"
#include "lib/fmt.h"

/* What conntrack knows of one family's ICMP types, indexed by type -
 * base: the answer type (invmap, stored +1 so that 0 means none) and
 * whether the type may open an entry (valid_new). */
struct icmp_rules {
	uint8_t proto, base, n;
	const uint8_t *answer_plus1;
	const bool *opens;
};

static const uint8_t icmp4_answer[] = {
	[ICMP_ECHO] = ICMP_ECHOREPLY + 1,
	[ICMP_ECHOREPLY] = ICMP_ECHO + 1,
	[13] = 14 + 1, /* timestamp */
	[14] = 13 + 1,
	[15] = 16 + 1, /* information */
	[16] = 15 + 1,
	[17] = 18 + 1, /* address mask */
	[18] = 17 + 1,
};
static const bool icmp4_opens[ARRAY_SIZE(icmp4_answer)] = {
	[ICMP_ECHO] = true, [13] = true, [15] = true, [17] = true};

/* from 128: echo request and reply, node information query (139) and
 * reply (140) */
static const uint8_t icmp6_answer[] = {
	[ICMPV6_ECHO_REQUEST - 128] = ICMPV6_ECHO_REPLY + 1,
	[ICMPV6_ECHO_REPLY - 128] = ICMPV6_ECHO_REQUEST + 1,
	[139 - 128] = 140 + 1,
	[140 - 128] = 139 + 1,
};
static const bool icmp6_opens[ARRAY_SIZE(icmp6_answer)] = {
	[ICMPV6_ECHO_REQUEST - 128] = true, [139 - 128] = true};

static const struct icmp_rules icmp_rules[2] = {
	{PROTO_ICMP, 0, ARRAY_SIZE(icmp4_answer), icmp4_answer, icmp4_opens},
	{PROTO_ICMPV6, 128, ARRAY_SIZE(icmp6_answer), icmp6_answer, icmp6_opens},
};

static const struct icmp_rules *rules_of(int family)
{
	return &icmp_rules[family == FAMILY_IPV6];
}

/* The index of type in the family's tables, or -1. */
static int icmp_index(int family, uint8_t type)
{
	const struct icmp_rules *r = rules_of(family);
	return type >= r->base && type - r->base < r->n ? type - r->base : -1;
}

uint8_t ct_icmp_proto(int family)
{
	return rules_of(family)->proto;
}

bool ct_icmp_invertible(int family, uint8_t type)
{
	int i = icmp_index(family, type);
	return i >= 0 && rules_of(family)->answer_plus1[i];
}

bool ct_icmp_may_open(int family, uint8_t type)
{
	int i = icmp_index(family, type);
	return i >= 0 && rules_of(family)->opens[i];
}

bool ct_icmp_untracked(int family, uint8_t type)
{
	/* noct_valid_new: MLD (130-132, 143) and neighbour discovery
	 * (133-136) are never tracked */
	return family == FAMILY_IPV6 && ((type >= 130 && type <= 136) || type == 143);
}

static uint8_t icmp_type_of(const struct ct_tuple *t)
{
	return (uint8_t)(t->dport >> 8);
}

bool ct_tuple_is_icmp(const struct ct_tuple *t)
{
	return t->proto == ct_icmp_proto(t->family);
}

bool ct_tuple_of(const struct packet *p, struct ct_tuple *t)
{
	int family = pkt_family(p);
	if (!family || pkt_is_fragment(p))
		return false;
	*t = (struct ct_tuple){
		.family = (uint8_t)family, .proto = pkt_proto(p), .src = pkt_src(p), .dst = pkt_dst(p)};
	uint8_t type, code;
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP) {
		if (!pkt_ports(p, &t->sport, &t->dport))
			return false;
	} else if (ct_tuple_is_icmp(t)) {
		if (!pkt_icmp(p, &type, &code))
			return false;
		t->sport = pkt_icmp_id(p);
		t->dport = (uint16_t)(type << 8 | code);
	}
	return true; /* other protocols: nf_conntrack_proto_generic, addresses only */
}

void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *inv)
{
	struct ct_tuple r = {.family = t->family, .proto = t->proto, .src = t->dst, .dst = t->src};
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP) {
		r.sport = t->dport;
		r.dport = t->sport;
	} else if (ct_tuple_is_icmp(t)) {
		/* the id stays; the type becomes its answer (code kept) */
		r.sport = t->sport;
		r.dport = t->dport;
		int i = icmp_index(t->family, icmp_type_of(t));
		const struct icmp_rules *rules = rules_of(t->family);
		if (i >= 0 && rules->answer_plus1[i])
			r.dport = (uint16_t)((rules->answer_plus1[i] - 1) << 8 | (t->dport & 0xff));
	}
	*inv = r;
}

bool ct_tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b)
{
	return a->proto == b->proto && a->family == b->family && a->sport == b->sport &&
	       a->dport == b->dport && inet_eq(&a->src, &b->src) && inet_eq(&a->dst, &b->dst);
}

struct piece ct_proto_piece(uint8_t proto, char buf[16])
{
	if (proto == PROTO_ICMPV6)
		return LIT("icmpv6"); /* conntrack -L's name (ipv6-icmp in /etc/protocols) */
	/* the table's name, not a copy: two conntrack lines a packet name
	 * their protocol */
	struct piece name = proto_name_piece(proto);
	if (name.s)
		return name;
	nf_snprintf(buf, 16, "proto %u", proto);
	return piece_of(buf);
}

const char *ct_proto_name(uint8_t proto, char buf[16])
{
	return ct_proto_piece(proto, buf).s;
}

void ct_tuple_fmt(const struct ct_tuple *t, char *buf, size_t n)
{
	/* "PROTO SRC -> DST" (with ports, or the icmp type, code and id) by
	 * pieces, cut as snprintf would: glibc's snprintf cost a trace 1,400
	 * instructions a line, our own formatter a fifth of that, and every
	 * new connection's sentences print two tuples */
	if (n == 0)
		return;
	char scratch[16];
	struct piece proto = ct_proto_piece(t->proto, scratch);
	struct fmt_cursor o = fmt_cursor(buf, n);
	fmt_putn(&o, proto.s, proto.n);
	fmt_putn(&o, " ", 1);
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP) {
		inet_put_port(&o, t->family, &t->src, t->sport);
		fmt_putn(&o, " -> ", 4);
		inet_put_port(&o, t->family, &t->dst, t->dport);
		fmt_close(&o, buf);
		return;
	}
	inet_put(&o, t->family, &t->src);
	fmt_putn(&o, " -> ", 4);
	inet_put(&o, t->family, &t->dst);
	if (ct_tuple_is_icmp(t)) {
		fmt_puts(&o, " type ");
		fmt_put_u(&o, icmp_type_of(t));
		fmt_puts(&o, " code ");
		fmt_put_u(&o, t->dport & 0xffu);
		fmt_puts(&o, " id ");
		fmt_put_u(&o, t->sport);
	}
	fmt_close(&o, buf);
}

void ct_tuple_fmt_kv(const struct ct_tuple *t, struct fmt_cursor *o)
{
	/* pieces, not a format: every conntrack line of a trace prints two */
	fmt_puts(o, "src=");
	inet_put(o, t->family, &t->src);
	fmt_puts(o, " dst=");
	inet_put(o, t->family, &t->dst);
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP) {
		fmt_puts(o, " sport=");
		fmt_put_u(o, t->sport);
		fmt_puts(o, " dport=");
		fmt_put_u(o, t->dport);
	} else if (ct_tuple_is_icmp(t)) {
		fmt_puts(o, " type=");
		fmt_put_u(o, icmp_type_of(t));
		fmt_puts(o, " code=");
		fmt_put_u(o, t->dport & 0xffu);
		fmt_puts(o, " id=");
		fmt_put_u(o, t->sport);
	}
}
