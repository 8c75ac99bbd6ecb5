/* ct_tuple.c - conntrack tuples: what identifies a flow, its inverse (the
 * reply's tuple), and how the two are printed. */
#include <stdio.h>

#include "lib/addr.h"
#include "engine/track/ct_proto.h"

/* icmp_invert_tuple's invmap, stored +1 so that 0 means "no answer type". */
static const uint8_t icmp_answer_plus1[] = {
	[ICMP_ECHO] = ICMP_ECHOREPLY + 1,
	[ICMP_ECHOREPLY] = ICMP_ECHO + 1,
	[13] = 14 + 1, /* timestamp */
	[14] = 13 + 1,
	[15] = 16 + 1, /* information */
	[16] = 15 + 1,
	[17] = 18 + 1, /* address mask */
	[18] = 17 + 1,
};

bool ct_icmp_invertible(uint8_t type)
{
	return type < ARRAY_SIZE(icmp_answer_plus1) && icmp_answer_plus1[type];
}

bool ct_icmp_may_open(uint8_t type)
{
	return type == ICMP_ECHO || type == 13 || type == 15 || type == 17;
}

static uint8_t icmp_type_of(const struct ct_tuple *t)
{
	return (uint8_t)(t->dport >> 8);
}

bool ct_tuple_of(const struct packet *p, struct ct_tuple *t)
{
	if (!pkt_ip_ok(p) || pkt_is_fragment(p))
		return false;
	*t = (struct ct_tuple){.proto = pkt_proto(p), .src = pkt_saddr(p), .dst = pkt_daddr(p)};
	uint8_t type, code;
	switch (t->proto) {
	case PROTO_TCP:
	case PROTO_UDP:
		if (!pkt_has_ports(p))
			return false;
		t->sport = pkt_sport(p);
		t->dport = pkt_dport(p);
		return true;
	case PROTO_ICMP:
		if (!pkt_icmp(p, &type, &code))
			return false;
		t->sport = pkt_icmp_id(p);
		t->dport = (uint16_t)(type << 8 | code);
		return true;
	default:
		return true; /* nf_conntrack_proto_generic: addresses only */
	}
}

void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *inv)
{
	struct ct_tuple r = {.proto = t->proto, .src = t->dst, .dst = t->src};
	switch (t->proto) {
	case PROTO_TCP:
	case PROTO_UDP:
		r.sport = t->dport;
		r.dport = t->sport;
		break;
	case PROTO_ICMP:
		/* the id stays; the type becomes its answer (code kept) */
		r.sport = t->sport;
		r.dport = t->dport;
		if (ct_icmp_invertible(icmp_type_of(t)))
			r.dport = (uint16_t)((icmp_answer_plus1[icmp_type_of(t)] - 1) << 8 |
					     (t->dport & 0xff));
		break;
	default:
		break;
	}
	*inv = r;
}

bool ct_tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b)
{
	return a->proto == b->proto && a->src == b->src && a->dst == b->dst &&
	       a->sport == b->sport && a->dport == b->dport;
}

void ct_tuple_fmt(const struct ct_tuple *t, char *buf, size_t n)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN], proto[16];
	const char *name = proto_name(t->proto);
	if (name)
		snprintf(proto, sizeof(proto), "%s", name);
	else
		snprintf(proto, sizeof(proto), "proto %u", t->proto);
	addr_fmt(t->src, s);
	addr_fmt(t->dst, d);
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP)
		snprintf(buf, n, "%s %s:%u -> %s:%u", proto, s, t->sport, d, t->dport);
	else if (t->proto == PROTO_ICMP)
		snprintf(buf, n, "%s %s -> %s type %u code %u id %u", proto, s, d,
			 icmp_type_of(t), t->dport & 0xff, t->sport);
	else
		snprintf(buf, n, "%s %s -> %s", proto, s, d);
}

void ct_tuple_fmt_kv(const struct ct_tuple *t, struct strbuf *sb)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];
	sb_addf(sb, "src=%s dst=%s", addr_fmt(t->src, s), addr_fmt(t->dst, d));
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP)
		sb_addf(sb, " sport=%u dport=%u", t->sport, t->dport);
	else if (t->proto == PROTO_ICMP)
		sb_addf(sb, " type=%u code=%u id=%u", icmp_type_of(t), t->dport & 0xff, t->sport);
}
