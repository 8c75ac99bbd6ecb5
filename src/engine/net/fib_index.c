/* fib_index.c - the routes of each (family, table) in the order a
 * longest-prefix match reads them: longest prefix first, then lowest
 * metric, then the route added first.  The first route of its group that
 * covers the destination is then the one fib_trie or fib6 would pick,
 * and a table that has no such route is left after its own few routes
 * instead of after every route of every table (which was a tenth of a
 * packet's walk: three tables searched for each of its look-ups).
 *
 * Routes are only ever appended (fib_insert), so the index is rebuilt
 * when their count moved, at the first look-up after a change. */
#include <stdlib.h>

#include "engine/net/fib.h"
#include "lib/addr.h"
#include "lib/util.h"

struct fib_group {
	int family;
	uint32_t table;
	size_t start, n; /* in slots[] */
};

/* IPv4 routes are tested as one AND and one compare: their prefix and
 * mask sit beside the route's index (most look-ups are IPv4, several a
 * packet, each reading a table's every route until one covers dst). */
struct fib_slot {
	uint32_t net4, mask4;
	size_t route;
};

struct fib_index {
	size_t built_for; /* nroutes when built */
	struct fib_slot *slots; /* the routes, grouped and sorted */
	struct fib_group *groups;
	size_t ngroups;
};

/* qsort has no context argument: the routes being sorted */
static const struct route *sorting;

static int route_order(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const struct route *a = &sorting[ia], *b = &sorting[ib];
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen > b->plen ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	return ia < ib ? -1 : ia > ib; /* added first wins a tie */
}

static void rebuild(struct fib_index *x, const struct netconf *n)
{
	size_t *order = xcalloc(n->nroutes ? n->nroutes : 1, sizeof(*order));
	for (size_t i = 0; i < n->nroutes; i++)
		order[i] = i;
	sorting = n->routes;
	qsort(order, n->nroutes, sizeof(*order), route_order);
	sorting = NULL;
	x->slots = xrealloc(x->slots, (n->nroutes ? n->nroutes : 1) * sizeof(*x->slots));
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *r = &n->routes[order[i]];
		uint32_t mask = r->family == FAMILY_IPV4 ? prefix_mask(r->plen) : 0;
		x->slots[i] = (struct fib_slot){r->dst.ip & mask, mask, order[i]};
	}
	free(order);
	x->ngroups = 0;
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *r = &n->routes[x->slots[i].route];
		struct fib_group *g = x->ngroups ? &x->groups[x->ngroups - 1] : NULL;
		if (!g || g->family != r->family || g->table != r->table) {
			x->groups = xrealloc(x->groups, (x->ngroups + 1) * sizeof(*x->groups));
			g = &x->groups[x->ngroups++];
			*g = (struct fib_group){.family = r->family, .table = r->table, .start = i};
		}
		g->n++;
	}
	x->built_for = n->nroutes;
}

/* The look-up's paths are split so that the common one, an IPv4 route
 * with no filter (several a packet), is a leaf: with the rebuild or a
 * filter's call inlined, every look-up saved six registers on entry. */

/* The first IPv4 route of [s, end) covering dst. */
static const struct route *first4(const struct netconf *n, const struct fib_slot *s,
				  const struct fib_slot *end, uint32_t dst)
{
	for (; s < end; s++)
		if ((dst & s->mask4) == s->net4)
			return &n->routes[s->route];
	return NULL;
}

/* The first route of [s, end) covering dst that keep (when set) keeps. */
static const struct route *first_kept(const struct netconf *n, int family,
				      const struct fib_slot *s, const struct fib_slot *end,
				      const union inet_addr *dst, route_filter *keep,
				      const void *ctx) __attribute__((noinline));
static const struct route *first_kept(const struct netconf *n, int family,
				      const struct fib_slot *s, const struct fib_slot *end,
				      const union inet_addr *dst, route_filter *keep,
				      const void *ctx)
{
	for (; s < end; s++) {
		if (family == FAMILY_IPV4 && (dst->ip & s->mask4) != s->net4)
			continue;
		const struct route *r = &n->routes[s->route];
		if (family != FAMILY_IPV4 && !inet_in(family, dst, &r->dst, r->plen))
			continue;
		if (!keep || keep(r, ctx))
			return r;
	}
	return NULL;
}

static const struct route *rebuilt_lookup(const struct netconf *n, int family, uint32_t table,
					  const union inet_addr *dst, route_filter *keep,
					  const void *ctx) __attribute__((cold, noinline));

const struct route *fib_index_lookup(const struct netconf *n, int family, uint32_t table,
				     const union inet_addr *dst, route_filter *keep,
				     const void *ctx)
{
	const struct fib_index *x = n->fib_index;
	if (x->built_for != n->nroutes || (n->nroutes && !x->slots))
		return rebuilt_lookup(n, family, table, dst, keep, ctx);
	for (size_t g = 0; g < x->ngroups; g++) {
		const struct fib_group *grp = &x->groups[g];
		if (grp->family != family || grp->table != table)
			continue;
		const struct fib_slot *s = &x->slots[grp->start], *end = s + grp->n;
		if (family == FAMILY_IPV4 && !keep)
			return first4(n, s, end, dst->ip);
		return first_kept(n, family, s, end, dst, keep, ctx);
	}
	return NULL;
}

static const struct route *rebuilt_lookup(const struct netconf *n, int family, uint32_t table,
					  const union inet_addr *dst, route_filter *keep,
					  const void *ctx)
{
	rebuild(n->fib_index, n);
	return fib_index_lookup(n, family, table, dst, keep, ctx);
}

struct fib_index *fib_index_new(void)
{
	return xcalloc(1, sizeof(struct fib_index));
}

void fib_index_free(struct fib_index *x)
{
	if (!x)
		return;
	free(x->slots);
	free(x->groups);
	free(x);
}
