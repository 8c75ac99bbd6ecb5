/* saddr6.c - IPv6 source address selection, as ipv6_dev_get_saddr
 * (net/ipv6/addrconf.c) does it after RFC 6724 section 5: every
 * candidate is scored rule by rule and the first rule that tells two
 * candidates apart decides.  The rules are a table: each returns which
 * of two candidates it prefers, or neither. */
#include <string.h>

#include "lib/addr6.h"
#include "engine/net/fib.h"

struct cand {
	const struct iface *ifc;
	const struct addr6 *a;
	int plen;
};

struct sel {
	const struct addr6 *dst;
	const char *dev; /* the outgoing interface, NULL when unknown */
};

/* > 0: a is better, < 0: b is better, 0: this rule cannot tell. */
typedef int sel_rule(const struct sel *s, const struct cand *a, const struct cand *b);

static int prefer(bool a, bool b)
{
	return (int)a - (int)b;
}

/* Rule 1: prefer the destination itself. */
static int same_address(const struct sel *s, const struct cand *a, const struct cand *b)
{
	return prefer(addr6_eq(a->a, s->dst), addr6_eq(b->a, s->dst));
}

/* A unicast address's scope: ::1 is node-local, fe80::/10 link. */
static unsigned scope_of(const struct addr6 *a)
{
	return addr6_scope(a);
}

/* Rule 2: if Scope(SA) < Scope(SB), prefer SB when Scope(SA) <
 * Scope(D), else SA. */
static int appropriate_scope(const struct sel *s, const struct cand *a, const struct cand *b)
{
	unsigned sa = scope_of(a->a), sb = scope_of(b->a), d = scope_of(s->dst);
	if (sa == sb)
		return 0;
	if (sa < sb)
		return sa < d ? -1 : 1;
	return sb < d ? 1 : -1;
}

/* Rule 5: prefer an address of the outgoing interface. */
static int outgoing_interface(const struct sel *s, const struct cand *a, const struct cand *b)
{
	if (!s->dev)
		return 0;
	return prefer(strcmp(a->ifc->name, s->dev) == 0, strcmp(b->ifc->name, s->dev) == 0);
}

/* Rule 6: prefer Label(SA) = Label(D) (the kernel's default table). */
static int matching_label(const struct sel *s, const struct cand *a, const struct cand *b)
{
	unsigned d = addr6_label(s->dst);
	return prefer(addr6_label(a->a) == d, addr6_label(b->a) == d);
}

/* Rule 8: the longest common prefix, counted only up to the candidate's
 * own prefix length (ipv6_get_saddr_eval's IPV6_SADDR_RULE_PREFIX). */
static int common_prefix(const struct cand *c, const struct addr6 *dst)
{
	int len = addr6_common_prefix(c->a, dst);
	return len > c->plen ? c->plen : len;
}

static int longest_prefix(const struct sel *s, const struct cand *a, const struct cand *b)
{
	int la = common_prefix(a, s->dst), lb = common_prefix(b, s->dst);
	return la > lb ? 1 : la < lb ? -1 : 0;
}

static sel_rule *const rules[] = {
	same_address, appropriate_scope, outgoing_interface, matching_label, longest_prefix,
};

static bool better(const struct sel *s, const struct cand *a, const struct cand *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
		int v = rules[i](s, a, b);
		if (v)
			return v > 0;
	}
	return false; /* the earlier candidate stays */
}

/* The kernel limits the candidates to the outgoing device when the
 * destination is link-local or multicast (a scoped destination). */
static bool dev_only(const struct addr6 *dst)
{
	return addr6_is_multicast(dst) || scope_of(dst) <= ADDR6_SCOPE_LINK;
}

struct addr6 net_select_src6(const struct netconf *n, const char *dev, const struct addr6 *dst)
{
	struct sel s = {.dst = dst, .dev = dev && dev[0] ? dev : NULL};
	bool only = s.dev && dev_only(dst);
	struct cand best = {0};
	for (size_t i = 0; i < n->nifaces; i++) {
		const struct iface *ifc = &n->ifaces[i];
		if (only && strcmp(ifc->name, s.dev) != 0)
			continue;
		for (int k = 0; k < ifc->naddr6; k++) {
			struct cand c = {ifc, &ifc->addr6[k], ifc->plen6[k]};
			if (!best.a || better(&s, &c, &best))
				best = c;
		}
	}
	return best.a ? *best.a : (struct addr6){{0}};
}

union inet_addr route_prefsrc(const struct netconf *n, const struct route *rt,
			      const union inet_addr *dst)
{
	if (!inet_is_zero(&rt->src))
		return rt->src;
	if (rt->type == RT_LOCAL)
		return *dst;
	if (rt->family == FAMILY_IPV6) {
		struct addr6 a = net_select_src6(n, rt->dev, &dst->in6);
		return inet_v6(&a);
	}
	return inet_v4(net_select_src(n, rt->dev, rt->gw.ip));
}
