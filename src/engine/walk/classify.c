/* classify.c - the big-chain classifier (see classify.h). */
#include "engine/walk/classify.h"

#include <stdlib.h>
#include <string.h>

/* A rule's key: xt_key's, or for an IPv6 -s/-d the whole mask beside
 * a value that is a hash of the masked address (addr6_value): a hash,
 * not the address, because a slot's key holds 32 bits.  Two prefixes of
 * one hash only make a rule a candidate that rule_match then refuses.
 * An nft rule's key is the selector nft_rule_key found (nft set; its
 * value is k.value). */
struct cls_key {
	struct xt_key k;
	bool v6;
	union inet_addr mask6;
	bool nft;
	struct nft_rule_key nk;
};

/* What a probe reads of the packet: an iptables field, or (nft) what an
 * nft selector gives under a mask. */
struct cls_probe {
	enum xt_key_field field;
	uint32_t mask;
	bool v6; /* an IPv6 address: mask6 is the mask, mask unused */
	union inet_addr mask6;
	bool nft;
	struct nft_rule_key nk; /* nk.value unused */
};

/* Rules filed under one (probe, value): indexes in chain order. */
struct cls_slot {
	uint64_t key; /* 0: empty */
	uint32_t *v;
	size_t n, cap;
};

struct cls_chain {
	const void *chain; /* a struct chain or a struct nft_chain */
	size_t nrules;
	struct cls_probe probes[CLS_MAX_PROBES];
	int nprobes;
	struct cls_slot *tab;
	size_t size; /* a power of two */
	int shift;   /* 64 - log2(size) */
	uint32_t *always;
	size_t nalways;
};

struct classifier {
	unsigned long serial; /* unique among classifiers: struct chain's memo names it */
	struct cls_chain **v; /* one per chain seen; tab NULL: walked plainly */
	size_t n;
	/* v by chain address, open addressing (NULL: empty): a packet
	 * passing a ruleset of many user chains asks at every jump */
	struct cls_chain **by_chain;
	size_t hsize; /* a power of two, > 2 n */
};

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; s && *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static int popcount32(uint32_t v)
{
	int n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

static uint32_t addr6_value(const union inet_addr *a, const union inet_addr *mask)
{
	uint64_t h = 0;
	for (int i = 0; i < 4; i++)
		h = (h ^ (a->all[i] & mask->all[i])) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

/* Keep k as the rule's key when its score beats the best so far. */
static void consider(int *score, struct cls_key *best, int s, struct cls_key k)
{
	if (s > *score) {
		*score = s;
		*best = k;
	}
}

/* -s or -d of the rule's family, when it is a key (a mask, not inverted). */
static void consider_address(int *score, struct cls_key *best, const struct rule *r,
			     enum xt_key_field f, const union inet_addr *a,
			     const union inet_addr *mask, bool inv)
{
	if (inv || inet_is_zero(mask))
		return;
	if (r->family != FAMILY_IPV6) {
		consider(score, best, popcount32(mask->ip),
			 (struct cls_key){.k = {f, a->ip & mask->ip, mask->ip}});
		return;
	}
	int bits = 0;
	for (int i = 0; i < 4; i++)
		bits += popcount32(mask->all[i]);
	consider(score, best, bits,
		 (struct cls_key){.k = {f, addr6_value(a, mask), 0}, .v6 = true, .mask6 = *mask});
}

/* The most selective test the rule makes of every packet it matches. */
static bool rule_key(const struct rule *r, struct cls_key *best)
{
	int score = 0;
	consider_address(&score, best, r, XK_SRC, &r->src, &r->smsk, r->src_inv);
	consider_address(&score, best, r, XK_DST, &r->dst, &r->dmsk, r->dst_inv);
	size_t il = strlen(r->iif), ol = strlen(r->oif);
	if (il && !r->iif_inv && r->iif[il - 1] != '+')
		consider(&score, best, 20, (struct cls_key){.k = {XK_IIF, name_hash(r->iif), 0xffffffffu}});
	if (ol && !r->oif_inv && r->oif[ol - 1] != '+')
		consider(&score, best, 20, (struct cls_key){.k = {XK_OIF, name_hash(r->oif), 0xffffffffu}});
	if (r->proto && !r->proto_inv)
		consider(&score, best, 2, (struct cls_key){.k = {XK_PROTO, r->proto, 0xff}});
	/* the first match only: no match with side effects runs before it */
	struct cls_key k = {.k = {XK_NONE, 0, 0}};
	if (r->nmatches && r->matches[0].type->key && r->matches[0].type->key(&r->matches[0], &k.k)) {
		int s = k.k.field == XK_DPORT || k.k.field == XK_SPORT ? 16
			: k.k.field == XK_MARK				 ? 4
									 : 1;
		consider(&score, best, s, k);
	}
	return score > 0;
}

static bool same_probe(const struct cls_probe *pr, const struct cls_key *k)
{
	if (pr->nft || k->nft)
		return pr->nft == k->nft && pr->nk.sel == k->nk.sel && pr->nk.mask == k->nk.mask &&
		       pr->nk.plen6 == k->nk.plen6 && pr->nk.str == k->nk.str;
	return pr->field == k->k.field && pr->mask == k->k.mask && pr->v6 == k->v6 &&
	       (!k->v6 || inet_eq(&pr->mask6, &k->mask6));
}

static int probe_of(struct cls_chain *cc, const struct cls_key *k)
{
	for (int i = 0; i < cc->nprobes; i++)
		if (same_probe(&cc->probes[i], k))
			return i;
	if (cc->nprobes == CLS_MAX_PROBES)
		return -1;
	cc->probes[cc->nprobes] =
		(struct cls_probe){k->k.field, k->k.mask, k->v6, k->mask6, k->nft, k->nk};
	return cc->nprobes++;
}

static uint64_t slot_key(int probe, uint32_t value)
{
	return (uint64_t)(probe + 1) << 32 | value;
}

/* Fibonacci hashing: one multiply, the top bits (a packet probes a dozen
 * times a chain; the three rounds of mix() were a fifth of a probe). */
static struct cls_slot *slot_find(const struct cls_chain *cc, uint64_t key)
{
	size_t m = cc->size - 1;
	for (size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> cc->shift);; i = (i + 1) & m) {
		struct cls_slot *s = &cc->tab[i];
		if (s->key == key || s->key == 0)
			return s;
	}
}

static void push_index(uint32_t **v, size_t *n, size_t *cap, uint32_t i)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = i;
}

/* Rule i's key, of an iptables chain or an nft one. */
typedef bool key_of_fn(const void *chain, size_t i, struct cls_key *k);

static bool xt_key_of(const void *chain, size_t i, struct cls_key *k)
{
	return rule_key(((const struct chain *)chain)->rules[i], k);
}

static bool nft_key_of(const void *chain, size_t i, struct cls_key *k)
{
	*k = (struct cls_key){.nft = true};
	if (!nft_rule_key(&((const struct nft_chain *)chain)->rules[i], &k->nk))
		return false;
	k->k.value = k->nk.value;
	return true;
}

static struct cls_chain *build(const void *c, size_t nrules, key_of_fn *key_of)
{
	struct cls_chain *cc = xcalloc(1, sizeof(*cc));
	cc->chain = c;
	cc->nrules = nrules;
	if (nrules < CLS_MIN_RULES)
		return cc;
	cc->size = 16;
	cc->shift = 64 - 4;
	while (cc->size < nrules * 2) {
		cc->size *= 2;
		cc->shift--;
	}
	cc->tab = xcalloc(cc->size, sizeof(*cc->tab));
	size_t always_cap = 0;
	for (size_t i = 0; i < nrules; i++) {
		struct cls_key k;
		int probe = key_of(c, i, &k) ? probe_of(cc, &k) : -1;
		if (probe < 0) {
			push_index(&cc->always, &cc->nalways, &always_cap, (uint32_t)i);
			continue;
		}
		struct cls_slot *s = slot_find(cc, slot_key(probe, k.k.value));
		s->key = slot_key(probe, k.k.value);
		push_index(&s->v, &s->n, &s->cap, (uint32_t)i);
	}
	return cc;
}

static void chain_free(struct cls_chain *cc)
{
	for (size_t i = 0; cc->tab && i < cc->size; i++)
		free(cc->tab[i].v);
	free(cc->tab);
	free(cc->always);
	free(cc);
}

static struct cls_chain **chain_slot(const struct classifier *cls, const void *c)
{
	size_t m = cls->hsize - 1;
	for (size_t i = mix((uint64_t)(uintptr_t)c) & m;; i = (i + 1) & m)
		if (!cls->by_chain[i] || cls->by_chain[i]->chain == c)
			return &cls->by_chain[i];
}

static void rehash(struct classifier *cls)
{
	free(cls->by_chain);
	cls->hsize = cls->hsize ? cls->hsize * 2 : 16;
	cls->by_chain = xcalloc(cls->hsize, sizeof(*cls->by_chain));
	for (size_t i = 0; i < cls->n; i++)
		*chain_slot(cls, cls->v[i]->chain) = cls->v[i];
}

static const struct cls_chain *remember(struct chain *c, const struct classifier *cls,
					const struct cls_chain *cc)
{
	c->cls_memo = cc;
	c->cls_serial = cls->serial;
	return cc;
}

/* The classifier's entry for chain c, built on first use. */
static struct cls_chain *entry_of(struct classifier **clsp, const void *c, size_t nrules,
				  key_of_fn *key_of)
{
	static unsigned long serials;
	if (!*clsp) {
		*clsp = xcalloc(1, sizeof(**clsp));
		(*clsp)->serial = ++serials;
		rehash(*clsp);
	}
	struct classifier *cls = *clsp;
	struct cls_chain **at = chain_slot(cls, c);
	if (*at)
		return *at;
	struct cls_chain *cc = build(c, nrules, key_of);
	cls->v = xrealloc(cls->v, (cls->n + 1) * sizeof(*cls->v));
	cls->v[cls->n++] = cc;
	if (2 * cls->n >= cls->hsize)
		rehash(cls);
	else
		*at = cc;
	return cc;
}

const struct cls_chain *cls_get(struct classifier **clsp, struct chain *c)
{
	/* a packet enters a chain of a big ruleset a few times: the memo
	 * spares the look-up (a copy of the chain keeps the memo, so it
	 * must name this chain too) */
	if (*clsp && c->cls_serial == (*clsp)->serial && c->cls_memo && c->cls_memo->chain == c)
		return c->cls_memo;
	struct cls_chain *cc = entry_of(clsp, c, c->nrules, xt_key_of);
	return cc->tab ? remember(c, *clsp, cc) : NULL;
}

const struct cls_chain *cls_get_nft(struct classifier **clsp, const struct nft_chain *c)
{
	struct cls_chain *cc = entry_of(clsp, c, c->nrules, nft_key_of);
	return cc->tab ? cc : NULL;
}

void cls_free(struct classifier *cls)
{
	if (!cls)
		return;
	for (size_t i = 0; i < cls->n; i++)
		chain_free(cls->v[i]);
	free(cls->v);
	free(cls->by_chain);
	free(cls);
}

static uint32_t packet_value6(union inet_addr a, const struct cls_probe *pr)
{
	return addr6_value(&a, &pr->mask6);
}

static uint32_t packet_value(const struct cls_probe *pr, const struct packet *p, const char *in,
			     const char *out)
{
	switch (pr->field) {
	case XK_SRC:
		return pr->v6 ? packet_value6(pkt_src(p), pr) : pkt_saddr(p) & pr->mask;
	case XK_DST:
		return pr->v6 ? packet_value6(pkt_dst(p), pr) : pkt_daddr(p) & pr->mask;
	case XK_PROTO:
		return pkt_proto(p) & pr->mask;
	case XK_IIF:
		return name_hash(in);
	case XK_OIF:
		return name_hash(out);
	case XK_DPORT:
		return pkt_dport(p) & pr->mask;
	case XK_SPORT:
		return pkt_sport(p) & pr->mask;
	case XK_MARK:
		return p->mark & pr->mask;
	default:
		return 0;
	}
}

/* The rules filed under probe i's value, and then the always list. */
static void cursor_add(struct cls_cursor *cur, int i, uint32_t value)
{
	const struct cls_slot *s = slot_find(cur->cc, slot_key(i, value));
	if (s->key && s->n) {
		cur->list[cur->n] = s->v;
		cur->len[cur->n] = s->n;
		cur->pos[cur->n++] = 0;
	}
}

static void cursor_always(struct cls_cursor *cur)
{
	if (cur->cc->nalways) {
		cur->list[cur->n] = cur->cc->always;
		cur->len[cur->n] = cur->cc->nalways;
		cur->pos[cur->n++] = 0;
	}
}

void cls_cursor_init(struct cls_cursor *cur, const struct cls_chain *cc, const struct packet *p,
		     const char *in, const char *out)
{
	cur->cc = cc;
	cur->n = 0;
	for (int i = 0; i < cc->nprobes; i++)
		cursor_add(cur, i, packet_value(&cc->probes[i], p, in, out));
	cursor_always(cur);
}

void cls_cursor_init_nft(struct cls_cursor *cur, const struct cls_chain *cc,
			 const struct nft_ctx *ctx)
{
	cur->cc = cc;
	cur->n = 0;
	for (int i = 0; i < cc->nprobes; i++) {
		uint32_t value;
		/* nothing to read: no rule keyed by this probe can match */
		if (nft_key_value(ctx, &cc->probes[i].nk, &value))
			cursor_add(cur, i, value);
	}
	cursor_always(cur);
}

size_t cls_cursor_next(struct cls_cursor *cur, size_t from)
{
	size_t best = cur->cc->nrules;
	for (int i = 0; i < cur->n; i++) {
		size_t k = cur->pos[i];
		while (k < cur->len[i] && cur->list[i][k] < from)
			k++;
		cur->pos[i] = k;
		if (k < cur->len[i] && cur->list[i][k] < best)
			best = cur->list[i][k];
	}
	return best;
}
