/* route_cache.c - answers of quiet look-ups, kept by the query.
 *
 * Linux kept such a cache in front of the FIB until 3.6 (rt_hash_table,
 * keyed by daddr, saddr, iif, tos and mark): a packet of a flow asks what
 * the flow's last packet asked.  nfwalk asks route_lookup two or three
 * times a packet (input routing, rp_filter, the way back for an answer),
 * each a walk of the policy database, of its tables and of the martian
 * checks; a capture's flows interleave by the thousand, so the cache is
 * a few thousand sets of two.  Past the martian checks (route_lookup
 * runs them first) only a `from` rule reads the source: without one,
 * the source is no part of the key, and a flow's replies share an
 * entry with every other reply to the same address.
 *
 * An answer is a function of the query and of the netconf, which only
 * changes through iface.c, route.c, rpdb.c and the sysctls: each bumps a
 * generation, and an entry of another generation is a miss.  Only quiet
 * look-ups that found a route are kept: an explanation is text a reader
 * asked for, and errors are rare and explain themselves. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/net/fib.h"
#include "lib/util.h"

enum { SETS = 4096, WAYS = 2 }; /* SETS a power of two */

struct route_key {
	union inet_addr dst, src; /* src zero unless by_src */
	uint32_t mark;
	uint8_t family, tos;
	char iif[IFNAME_MAX], oif[IFNAME_MAX];
};

struct route_slot {
	unsigned long gen; /* 0: empty */
	struct route_key key;
	struct route_result r; /* why[] is not kept: "" */
};

/* Two ways a set: a put replaces the way not used last, so a flow that
 * meets another of the same hash keeps its entry. */
struct route_sets {
	struct route_slot slot[SETS][WAYS];
	uint8_t last[SETS]; /* the way used last */
};

/* The sets (1.5 MB) come with the first answer kept: an engine that
 * never walks a capture (most of them: scenarios, the TUI's what-ifs)
 * never pays for them. */
struct route_cache {
	struct route_sets *sets;
};

static const char *name_or_empty(const char *s)
{
	return s ? s : "";
}

static uint64_t hash_of(const struct route_query *q, bool by_src)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 4; i++)
		h = (h ^ q->dst.all[i] ^ (by_src ? (uint64_t)q->src.all[i] << 32 : 0)) *
		    0x100000001b3ull;
	h = (h ^ q->mark ^ (uint64_t)q->tos << 40) * 0x100000001b3ull;
	for (const char *s = name_or_empty(q->iif); *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	h ^= h >> 29;
	return h * 0xbf58476d1ce4e5b9ull;
}

static bool same_addr(const union inet_addr *a, const union inet_addr *b)
{
	return a->all[0] == b->all[0] && a->all[1] == b->all[1] && a->all[2] == b->all[2] &&
	       a->all[3] == b->all[3];
}

static bool key_is(const struct route_key *k, const struct route_query *q, bool by_src)
{
	static const union inet_addr zero;
	return same_addr(&k->dst, &q->dst) && same_addr(&k->src, by_src ? &q->src : &zero) &&
	       k->mark == q->mark && k->tos == q->tos && k->family == family_or_v4(q->family) &&
	       strncmp(k->iif, name_or_empty(q->iif), IFNAME_MAX) == 0 &&
	       strncmp(k->oif, name_or_empty(q->oif), IFNAME_MAX) == 0;
}

static void key_set(struct route_key *k, const struct route_query *q, bool by_src)
{
	memset(k, 0, sizeof(*k));
	k->dst = q->dst;
	if (by_src)
		k->src = q->src;
	k->mark = q->mark;
	k->family = (uint8_t)family_or_v4(q->family);
	k->tos = q->tos;
	str_copy(k->iif, sizeof(k->iif), name_or_empty(q->iif));
	str_copy(k->oif, sizeof(k->oif), name_or_empty(q->oif));
}

static unsigned long generation(const struct netconf *n)
{
	/* both counters only grow; +1 keeps 0 for "empty" */
	return (n->gen << 20 ^ n->sysctls.gen) + 1;
}

static size_t set_of(const struct route_query *q, bool by_src)
{
	return (size_t)(hash_of(q, by_src) >> 40) & (SETS - 1);
}

bool route_cache_get(const struct netconf *n, const struct route_query *q, bool by_src,
		     struct route_result *r)
{
	if (!q->quiet || !n->route_cache || !n->route_cache->sets)
		return false;
	struct route_sets *sets = n->route_cache->sets;
	size_t i = set_of(q, by_src);
	struct route_slot *set = sets->slot[i];
	unsigned long gen = generation(n);
	for (int w = 0; w < WAYS; w++) {
		if (set[w].gen != gen || !key_is(&set[w].key, q, by_src))
			continue;
		sets->last[i] = (uint8_t)w;
		memcpy(r, &set[w].r, offsetof(struct route_result, why));
		r->why[0] = '\0';
		return true;
	}
	return false;
}

void route_cache_put(const struct netconf *n, const struct route_query *q, bool by_src,
		     const struct route_result *r)
{
	if (!q->quiet || !n->route_cache)
		return;
	if (!n->route_cache->sets)
		n->route_cache->sets = xcalloc(1, sizeof(struct route_sets));
	struct route_sets *sets = n->route_cache->sets;
	size_t i = set_of(q, by_src);
	int w = !sets->last[i]; /* WAYS 2: the other one */
	struct route_slot *s = &sets->slot[i][w];
	sets->last[i] = (uint8_t)w;
	s->gen = generation(n);
	key_set(&s->key, q, by_src);
	memcpy(&s->r, r, offsetof(struct route_result, why));
	s->r.why[0] = '\0';
}

struct route_cache *route_cache_new(void)
{
	return xcalloc(1, sizeof(struct route_cache));
}

void route_cache_free(struct route_cache *c)
{
	if (c)
		free(c->sets);
	free(c);
}
