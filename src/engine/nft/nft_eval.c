/* nft_eval.c - one rule against one packet, as nft_do_chain runs it:
 * expressions in order, the first that fails ends the rule (NFT_BREAK);
 * statements act where they are written; a verdict ends the rule.
 * Relations, sets (anonymous, named, intervals, prefixes, concatenations)
 * and verdict maps here; the statements in nft_stmt_eval.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

static bool saying(const struct tests *t)
{
	return t->res != NULL;
}

bool nft_record(struct tests *t, bool ok, const char *fmt, ...)
{
	if (!t->res || *t->n >= t->max)
		return ok;
	struct nft_test *r = &t->res[(*t->n)++];
	r->ok = ok;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
	return ok;
}

/* ---- the key: a selector, a concatenation, a selector & mask ---- */

enum nft_dtype nft_type_of(const struct nft_expr *e)
{
	if (e->kind == EK_SELECTOR && e->sel)
		return e->sel->type != DT_INVALID ? e->sel->type : e->type; /* fib: by its result */
	if (e->kind == EK_BINOP && e->nsub)
		return nft_type_of(e->sub[0]);
	return e->type;
}

/* A value as a t, parsed at its first test and kept in its node:
 * nval_parse's own memo compares the text at every call, and a rule's
 * literals are read for every packet the rule tests.  The node is heap
 * memory the evaluator may annotate (nft_ast.h). */
static bool value_literal(const struct nft_expr *e, enum nft_dtype t, struct nval *v)
{
	struct nft_expr *memo = (struct nft_expr *)e;
	if (!memo->lit || memo->lit_t != t || memo->lit_text != e->text) {
		if (!memo->lit)
			memo->lit = xmalloc(sizeof(*memo->lit));
		memo->lit_ok = nval_parse(t, e->text, memo->lit);
		memo->lit_t = t;
		memo->lit_text = e->text;
	}
	*v = *memo->lit;
	return memo->lit_ok;
}

bool nft_literal(const struct nft_expr *e, enum nft_dtype t, struct nval *v)
{
	if (e->kind == EK_VALUE)
		return value_literal(e, t, v);
	if (e->kind == EK_LIST || (e->kind == EK_BINOP && !strcmp(e->text, "|"))) {
		uint64_t acc = 0;
		for (size_t i = 0; i < e->nsub; i++) {
			struct nval s;
			if (!nft_literal(e->sub[i], t, &s) || s.is_str)
				return false;
			acc |= s.n;
		}
		*v = (struct nval){.n = acc};
		return true;
	}
	return false;
}

static bool is_op(const char *op, const char *sym, const char *word)
{
	return !strcmp(op, sym) || !strcmp(op, word);
}

/* Which reader a selector needs beyond nval_read's: found by name
 * (a dozen string compares), so kept by the selector's address, as
 * every rule a packet meets reads a few.  A tcp option is the tcp window
 * selector with its own text (nft_expr_parse.c): only that selector's
 * expressions need their text read. */
enum sel_reader { SR_PLAIN, SR_FIB, SR_GEN, SR_CT, SR_TCP_WINDOW };

static enum sel_reader reader_by_name(const struct nft_expr *e)
{
	if (nft_is_fib(e))
		return SR_FIB;
	if (nft_is_gen(e))
		return SR_GEN;
	if (nft_is_ct_key(e))
		return SR_CT;
	return e->sel == nft_selector_find("tcp", "window") ? SR_TCP_WINDOW : SR_PLAIN;
}

static enum sel_reader reader_kind(const struct nft_expr *e)
{
	static struct {
		const struct nft_selector *sel;
		enum sel_reader kind;
	} memo[64];
	if (e->kind != EK_SELECTOR || !e->sel)
		return SR_PLAIN;
	size_t i = ((uintptr_t)e->sel >> 4) % ARRAY_SIZE(memo);
	if (memo[i].sel != e->sel) {
		memo[i].sel = e->sel;
		memo[i].kind = reader_by_name(e);
	}
	return memo[i].kind;
}

static bool read_one(const struct nft_ctx *c, const struct nft_expr *e, struct nval *v)
{
	switch (reader_kind(e)) {
	case SR_FIB:
		return nft_fib_read(c, e, false, v);
	case SR_GEN:
		return nft_gen_read(c, e, v);
	case SR_CT:
		return nft_ct_read(c, e, v);
	case SR_TCP_WINDOW:
		if (nft_is_tcpopt(e))
			return nft_tcpopt_read(c, e, false, v);
		break;
	case SR_PLAIN:
		break;
	}
	if (e->kind == EK_SELECTOR)
		return nval_read(c, e->sel, v);
	if (e->kind == EK_BINOP && e->nsub == 2) {
		struct nval m;
		if (!read_one(c, e->sub[0], v) || v->is_str || !nft_literal(e->sub[1], nft_type_of(e), &m))
			return false;
		if (is_op(e->text, "&", "and"))
			v->n &= m.n;
		else if (is_op(e->text, "|", "or"))
			v->n |= m.n;
		else if (is_op(e->text, "^", "xor"))
			v->n ^= m.n;
		else if (!strcmp(e->text, ">>"))
			v->n >>= m.n;
		else if (!strcmp(e->text, "<<"))
			v->n <<= m.n;
		return true;
	}
	return false;
}

bool nft_read_key(const struct nft_ctx *c, const struct nft_expr *e, struct nft_key *k)
{
	k->n = 0;
	if (e->kind != EK_CONCAT) {
		k->t[0] = nft_type_of(e);
		k->n = 1;
		return read_one(c, e, &k->v[0]);
	}
	for (size_t i = 0; i < e->nsub && i < NFT_MAX_CONCAT; i++) {
		k->t[i] = nft_type_of(e->sub[i]);
		if (!read_one(c, e->sub[i], &k->v[i]))
			return false;
		k->n++;
	}
	return true;
}

void nft_key_fmt(const struct nft_key *k, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < k->n && o < n; i++) {
		char one[64];
		nval_fmt(&k->v[i], k->t[i], one, sizeof(one));
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? " . " : "", one);
	}
}

/* One test's result: what was read ("it is X", or "X is in it" with
 * set_word for a set), or that there was nothing to read (k NULL). */
static void say_key(struct tests *t, const char *label, const struct nft_key *k, bool ok,
		    const char *set_word)
{
	char have[96] = "";
	if (!k) {
		nft_record(t, false, "%s: nothing to read here", label);
		return;
	}
	nft_key_fmt(k, have, sizeof(have));
	if (set_word)
		nft_record(t, ok, "%s: %s %s", label, have, set_word);
	else
		nft_record(t, ok, "%s: it is %s", label, have);
}

/* A statement's value: a literal, or an expression over the packet
 * (mark and 0xff00 xor 0x1). */
bool nft_value_of(const struct nft_ctx *c, const struct nft_expr *e, enum nft_dtype t, struct nval *v)
{
	if (e->kind == EK_VALUE)
		return nval_parse(t, e->text, v);
	if (e->kind == EK_MAP) { /* meta mark set tcp dport map { 22 : 1 } */
		bool readable;
		const struct nft_expr *to = nft_map_lookup(c, e, &readable);
		return to && nft_value_of(c, to, t, v);
	}
	return read_one(c, e, v);
}

bool nft_key_eq(const struct nft_key *a, const struct nft_key *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (nval_cmp(&a->v[i], &b->v[i]) != 0 || a->v[i].is_str != b->v[i].is_str)
			return false;
	return true;
}

/* ---- one value against one element ---- */

static bool in_prefix(const struct nft_expr *e, enum nft_dtype t, const struct nval *v)
{
	struct nval base;
	int plen = atoi(e->text);
	if (!nft_literal(e->sub[0], t, &base) || v->is_str)
		return false;
	if (v->fam || base.fam)
		return v->fam == base.fam && inet_in(v->fam, &v->a, &base.a, plen);
	int bits = t == DT_IPV4 ? 32 : 64;
	if (plen <= 0)
		return true;
	uint64_t mask = plen >= bits ? ~0ull : ~((1ull << (bits - plen)) - 1);
	if (bits == 32)
		mask &= 0xffffffffull;
	return (v->n & mask) == (base.n & mask);
}

static bool elem_one(const struct nft_expr *e, enum nft_dtype t, const struct nval *v)
{
	switch (e->kind) {
	case EK_PREFIX:
		return in_prefix(e, t, v);
	case EK_RANGE: {
		struct nval lo, hi;
		return nft_literal(e->sub[0], t, &lo) && nft_literal(e->sub[1], t, &hi) && !v->is_str &&
		       nval_cmp(v, &lo) >= 0 && nval_cmp(v, &hi) <= 0;
	}
	case EK_ELEM:
		return e->nsub && elem_one(e->sub[0], t, v);
	default: {
		struct nval w;
		return nft_literal(e, t, &w) && nval_cmp(v, &w) == 0;
	}
	}
}

bool nft_elem_match(const struct nft_expr *e, const struct nft_key *k)
{
	if (e->kind == EK_ELEM || e->kind == EK_MAPPING)
		return e->nsub && nft_elem_match(e->sub[0], k);
	if (k->n == 1)
		return elem_one(e, k->t[0], &k->v[0]);
	if (e->kind != EK_CONCAT || e->nsub != k->n)
		return false;
	for (size_t i = 0; i < k->n; i++)
		if (!elem_one(e->sub[i], k->t[i], &k->v[i]))
			return false;
	return true;
}

const struct nft_set *nft_find_set(const struct nft_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->nsets; i++)
		if (!strcmp(t->sets[i].name, name))
			return &t->sets[i];
	return NULL;
}

/* The elements of an anonymous set or of the named one it refers to. */
static const struct nft_expr *elements_of(const struct nft_ctx *c, const struct nft_expr *rhs)
{
	if (rhs->kind == EK_SET)
		return rhs;
	if (rhs->kind == EK_SETREF) {
		const struct nft_set *s = nft_find_set(c->table, rhs->text);
		return s ? s->elements : NULL;
	}
	return NULL;
}

/* The element k falls in, or NULL. */
const struct nft_expr *nft_lookup(const struct nft_ctx *c, const struct nft_expr *rhs,
				  const struct nft_expr *lhs, bool *readable)
{
	struct nft_key k;
	*readable = nft_read_key(c, lhs, &k);
	const struct nft_expr *els = elements_of(c, rhs);
	if (!*readable || !els)
		return NULL;
	/* a map's elements from the file (rules add to sets, not maps) */
	for (size_t i = 0; i < els->nsub; i++)
		if (nft_elem_match(els->sub[i], &k))
			return els->sub[i];
	return NULL;
}

/* ---- relations ---- */

static bool is_flags(enum nft_dtype t)
{
	return t == DT_CT_STATE || t == DT_CT_STATUS || t == DT_TCP_FLAGS || t == DT_CT_EVENT;
}

/* A relation's operator.  The parser writes one of the symbols ==, !=,
 * <, >, <=, >= (or none: ==), so its characters tell which; they were
 * compared as strings, up to six times a relation, for every packet a
 * rule tests. */
enum rel_op { OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE };

static enum rel_op rel_op_of(const struct nft_expr *rel)
{
	const char *op = rel->text ? rel->text : "";
	bool or_equal = op[0] && op[1] == '=' && !op[2];
	if (op[0] == '!' && or_equal)
		return OP_NE;
	if (op[0] == '<' && (or_equal || !op[1]))
		return or_equal ? OP_LE : OP_LT;
	if (op[0] == '>' && (or_equal || !op[1]))
		return or_equal ? OP_GE : OP_GT;
	return OP_EQ;
}

static bool compare(enum rel_op op, const struct nval *have, const struct nval *want, enum nft_dtype t,
		    const struct nft_expr *rhs)
{
	int d = nval_cmp(have, want);
	if (op == OP_LT)
		return d < 0;
	if (op == OP_GT)
		return d > 0;
	if (op == OP_LE)
		return d <= 0;
	if (op == OP_GE)
		return d >= 0;
	/* flags written bare (ct state established,related; tcp flags syn)
	 * match when any of them is set, as nft's implicit flag test */
	bool eq = is_flags(t) && (rhs->kind == EK_LIST || rhs->kind == EK_VALUE) && !have->is_str
			  ? (have->n & want->n) != 0
			  : d == 0;
	return op == OP_NE ? !eq : eq;
}

static bool relation(const struct nft_ctx *c, const struct nft_expr *rel, struct tests *t)
{
	const struct nft_expr *lhs = rel->sub[0], *rhs = rel->sub[1];
	enum rel_op op = rel_op_of(rel);
	bool neg = op == OP_NE;
	/* the relation as nft prints it: for a reader of the tests only */
	struct strbuf sb = STRBUF_INIT;
	const char *label = "";
	if (saying(t)) {
		nft_expr_print(&sb, rel);
		label = sb_str(&sb);
	}
	bool ok;
	if (rhs->kind == EK_SET || rhs->kind == EK_SETREF || rhs->kind == EK_PREFIX ||
	    rhs->kind == EK_RANGE || lhs->kind == EK_CONCAT) {
		struct nft_key k;
		bool readable = nft_read_key(c, lhs, &k);
		bool in = false;
		if (readable) {
			const struct nft_expr *els = elements_of(c, rhs);
			if (els) {
				for (size_t i = 0; i < els->nsub && !in; i++)
					in = nft_elem_match(els->sub[i], &k);
			} else if (rhs->kind != EK_SETREF) {
				in = nft_elem_match(rhs, &k);
			}
			/* and those add/update statements put there */
			if (!in && rhs->kind == EK_SETREF)
				in = nft_dyn_has(c, nft_find_set(c->table, rhs->text), &k);
		}
		ok = readable && in != neg;
		if (saying(t))
			say_key(t, label, readable ? &k : NULL, ok, in ? "is in it" : "is not in it");
	} else {
		struct nft_key k;
		struct nval want;
		enum nft_dtype ty = nft_type_of(lhs);
		bool readable;
		if (rhs->type == DT_BOOL && (nft_is_fib(lhs) || nft_is_tcpopt(lhs))) { /* ... missing|exists */
			ty = DT_BOOL;
			k.n = 1;
			k.t[0] = ty;
			readable = nft_is_fib(lhs) ? nft_fib_read(c, lhs, true, &k.v[0])
						   : nft_tcpopt_read(c, lhs, true, &k.v[0]);
		} else {
			readable = nft_read_key(c, lhs, &k);
		}
		ok = readable && nft_literal(rhs, ty, &want) && compare(op, &k.v[0], &want, ty, rhs);
		if (saying(t))
			say_key(t, label, readable ? &k : NULL, ok, NULL);
	}
	if (sb.s) /* made only for a reader */
		sb_free(&sb);
	return ok;
}

/* ct count [over] N: nft_connlimit, a statement written as a match;
 * -1 the rule ends, 0 it goes on, 1 the packet is dropped (v says so). */
static int ct_count(struct nft_ctx *c, const struct nft_expr *rel, struct tests *t, struct nft_verdict *v)
{
	char why[160];
	int r = nft_ct_count(c, rel->sub[0], rel->sub[1], why, sizeof(why));
	if (r == -1)
		snprintf(why, sizeof(why), "ct count: the limit %s is not a number", rel->sub[1]->text);
	nft_record(t, r == 1, "%s", why);
	if (r == -2) {
		v->kind = NFTV_DROP;
		return 1;
	}
	return r == 1 ? 0 : -1;
}

bool nft_is_ct_count(const struct nft_expr *rel)
{
	const struct nft_expr *l = rel->nsub == 2 ? rel->sub[0] : NULL;
	return l && l->kind == EK_SELECTOR && l->sel && l->sel->field && !strcmp(l->sel->proto, "ct") &&
	       !strcmp(l->sel->field, "count");
}

/* ---- verdicts ---- */

static const struct {
	const char *word;
	enum nft_verdict_kind kind;
} verdict_words[] = {
	{"accept", NFTV_ACCEPT}, {"drop", NFTV_DROP},	{"continue", NFTV_CONTINUE},
	{"return", NFTV_RETURN}, {"jump", NFTV_JUMP},	{"goto", NFTV_GOTO},
};

bool nft_verdict_of(const struct nft_expr *e, struct nft_verdict *v)
{
	if (!e || e->kind != EK_VERDICT)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(verdict_words); i++) {
		size_t n = strlen(verdict_words[i].word);
		if (strncmp(e->text, verdict_words[i].word, n) || (e->text[n] && e->text[n] != ' '))
			continue;
		v->kind = verdict_words[i].kind;
		v->chain = e->text[n] ? e->text + n + 1 : NULL;
		return true;
	}
	return false;
}

/* expr vmap { key : verdict, ... }: no element, no verdict, and the rule
 * ends there (the lookup breaks). */
static bool vmap(const struct nft_ctx *c, const struct nft_expr *m, struct tests *t,
		 struct nft_verdict *v)
{
	bool readable;
	const struct nft_expr *el = nft_lookup(c, m->sub[1], m->sub[0], &readable);
	struct strbuf sb = STRBUF_INIT;
	if (saying(t))
		nft_expr_print(&sb, m->sub[0]);
	bool ok = el && el->kind == EK_MAPPING && el->nsub == 2 && nft_verdict_of(el->sub[1], v);
	if (saying(t)) {
		if (ok)
			nft_record(t, true, "%s vmap: %s", sb_str(&sb), el->sub[1]->text);
		else
			nft_record(t, false, "%s vmap: %s", sb_str(&sb),
				   readable ? "no element for it" : "nothing to read here");
	}
	sb_free(&sb);
	return ok;
}

bool nft_rule_eval(const struct nft_rule *r, struct nft_ctx *c, struct nft_test *res, int max,
		   int *nres, struct nft_verdict *v)
{
	int dummy = 0;
	struct tests t = {res, max, nres ? nres : &dummy};
	*t.n = 0;
	v->kind = NFTV_CONTINUE;
	v->chain = NULL;
	c->why[0] = c->log[0] = '\0';
	c->spawn = NULL;
	c->rejected = false;
	for (size_t i = 0; i < r->nstmts; i++) {
		const struct nft_stmt *s = &r->stmts[i];
		switch (s->kind) {
		case SK_MATCH:
			if (nft_is_ct_count(s->expr)) {
				int cr = ct_count(c, s->expr, &t, v);
				if (cr != 0)
					return cr > 0;
			} else if (!relation(c, s->expr, &t)) {
				return false;
			}
			break;
		case SK_VERDICT:
			if (s->expr->kind == EK_MAP) {
				if (!vmap(c, s->expr, &t, v))
					return false;
			} else {
				nft_verdict_of(s->expr, v);
			}
			return true;
		case SK_SET:
			if (!nft_stmt_set(c, s, &t))
				return false;
			break;
		case SK_WORDS:
		{
			int w = nft_stmt_words(c, s, &t, v);
			if (w != 0)
				return w > 0;
			break;
		}
		default:
			break;
		}
	}
	return true;
}
