/* nft_classify.c - what the big-chain classifier (engine/walk/classify.c)
 * reads of an nft rule and of a packet: a key is one selector's value,
 * masked, that every packet the rule matches has.
 *
 * Only a rule's leading matches can give it: nft_rule_eval runs a rule's
 * statements in order and stops at the first that fails, so a rule
 * skipped because such a match fails is a rule whose later statements
 * (a counter, a mark set, a verdict) would not have run either.  And
 * only plain selectors (payload and meta fields nval_read reads) against
 * a single value or a prefix, with the implicit or == operator: the
 * evaluator compares those by equality (flags, wildcards, sets, ranges,
 * fib, ct and tcp options keep their own rules and give no key). */
#include "engine/nft/nft_eval_priv.h"

#include <stdint.h>

static bool flags_type(enum nft_dtype t)
{
	return t == DT_CT_STATE || t == DT_CT_STATUS || t == DT_TCP_FLAGS || t == DT_CT_EVENT;
}

static uint32_t fold64(uint64_t h)
{
	h *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

/* The first plen bits of an IPv6 address, the rest zero. */
static union inet_addr masked6(const union inet_addr *a, int plen)
{
	union inet_addr m = *a;
	for (int i = 0; i < 16; i++) {
		int keep = plen - 8 * i;
		m.in6.b[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
	return m;
}

/* v under k's mask, as a 32-bit hash: equal for equal masked values. */
static uint32_t key_hash(const struct nval *v, const struct nft_rule_key *k)
{
	if (k->str) {
		uint64_t h = 14695981039346656037ull;
		for (const char *s = v->s; *s; s++)
			h = (h ^ (uint8_t)*s) * 1099511628211ull;
		return fold64(h);
	}
	if (k->plen6 >= 0) {
		union inet_addr m = masked6(&v->a, k->plen6);
		uint64_t h = 0;
		for (int i = 0; i < 4; i++)
			h = (h ^ m.all[i]) * 0x9e3779b97f4a7c15ull;
		return fold64(h);
	}
	return fold64(v->n & k->mask);
}

/* The mask of a prefix of a number or IPv4 address, as in_prefix reads it. */
static uint64_t prefix_mask64(enum nft_dtype t, int plen)
{
	int bits = t == DT_IPV4 ? 32 : 64;
	uint64_t m = plen >= bits ? ~0ull : ~((1ull << (bits - plen)) - 1);
	return bits == 32 ? m & 0xffffffffull : m;
}

/* A key from a relation of the implicit or == kind, with its score (how
 * few packets pass it): 0 when it gives none. */
static int relation_key(const struct nft_expr *rel, struct nft_rule_key *k)
{
	if (rel->kind != EK_RELATION || rel->nsub != 2)
		return 0;
	if (rel->text && *rel->text && strcmp(rel->text, "==") != 0)
		return 0;
	const struct nft_expr *lhs = rel->sub[0], *rhs = rel->sub[1];
	if (lhs->kind != EK_SELECTOR || !lhs->sel || lhs->sel_arg || nft_is_fib(lhs) ||
	    nft_is_gen(lhs) || nft_is_ct_key(lhs) || nft_is_tcpopt(lhs) || !nval_can_read(lhs->sel))
		return 0;
	enum nft_dtype t = nft_type_of(lhs);
	if (flags_type(t))
		return 0;
	struct nval v = {0}; /* a reader sets the fields of its kind only */
	*k = (struct nft_rule_key){.sel = lhs->sel, .mask = ~0ull, .plen6 = -1};
	int score;
	if (rhs->kind == EK_PREFIX) {
		int plen = rhs->nsub == 1 && rhs->text ? atoi(rhs->text) : 0;
		if (plen <= 0 || !nft_literal(rhs->sub[0], t, &v) || v.is_str)
			return 0;
		if (v.fam)
			k->plen6 = plen;
		else
			k->mask = prefix_mask64(t, plen);
		score = plen;
	} else if (rhs->kind == EK_VALUE) {
		if (!nft_literal(rhs, t, &v) || (v.is_str && strchr(v.s, '*')))
			return 0;
		k->str = v.is_str;
		if (v.fam)
			k->plen6 = 128;
		score = v.fam ? 128 : t == DT_IPV4 ? 32 : v.is_str ? 20 : t == DT_PORT ? 16 : 4;
	} else {
		return 0;
	}
	k->value = key_hash(&v, k);
	return score;
}

bool nft_rule_key(const struct nft_rule *r, struct nft_rule_key *best)
{
	int score = 0;
	for (size_t i = 0; i < r->nstmts && r->stmts[i].kind == SK_MATCH; i++) {
		const struct nft_expr *rel = r->stmts[i].expr;
		if (nft_is_ct_count(rel)) /* a match with an effect: keys end here */
			break;
		struct nft_rule_key k;
		int s = relation_key(rel, &k);
		if (s > score) {
			score = s;
			*best = k;
		}
	}
	return score > 0;
}

bool nft_key_value(const struct nft_ctx *c, const struct nft_rule_key *k, uint32_t *value)
{
	struct nval v = {0}; /* a reader sets the fields of its kind only */
	if (!nval_read(c, k->sel, &v) || v.is_str != k->str || (k->plen6 >= 0) != (v.fam != 0))
		return false;
	*value = key_hash(&v, k);
	return true;
}

/* Statements that leave the packet, its marks and its connection as they
 * were (their state is their own). */
static bool keeps_packet(const struct nft_stmt *s)
{
	static const char *const keep[] = {"counter", "log", "limit", "quota"};
	if (s->kind == SK_MATCH || s->kind == SK_VERDICT)
		return true;
	for (size_t i = 0; s->kind == SK_WORDS && s->name && i < ARRAY_SIZE(keep); i++)
		if (!strcmp(s->name, keep[i]))
			return true;
	return false;
}

bool nft_rule_writes(const struct nft_rule *r)
{
	for (size_t i = 0; i < r->nstmts; i++)
		if (!keeps_packet(&r->stmts[i]))
			return true;
	return false;
}
