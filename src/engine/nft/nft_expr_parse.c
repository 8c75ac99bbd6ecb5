/* nft_expr_parse.c - expressions: selectors on the left of a match, values
 * (with sets, ranges, prefixes, concatenations, flag lists) on the right. */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft_parse_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct nft_expr *selector(const struct nft_tok *t, const struct nft_selector *s, const char *text)
{
	struct nft_expr *e = nft_expr_new(EK_SELECTOR, t->pos, text);
	e->sel = s;
	e->type = s->type;
	return e;
}

/* nft prints these meta keys without "meta" (meta.c meta_key_is_unqualified). */
static bool printed_bare(const char *field)
{
	static const char *const bare[] = {"iif", "oif", "iifname", "oifname", "iifgroup", "oifgroup"};
	for (size_t i = 0; i < ARRAY_SIZE(bare); i++)
		if (!strcmp(bare[i], field))
			return true;
	return false;
}

static struct nft_expr *meta_selector(struct nft_parser *p, const struct nft_tok *at, const char *field)
{
	const struct nft_selector *s = nft_selector_find("meta", field);
	if (!s) {
		nft_perr(p, nft_peek(p), "unknown meta key '%s'", field);
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, printed_bare(field) ? "%s" : "meta %s", field);
	struct nft_expr *e = selector(at, s, sb_str(&sb));
	sb_free(&sb);
	return e;
}

/* Words up to the next that is not one of the allowed ones, appended. */
static void words_into(struct nft_parser *p, struct strbuf *sb, const char *const *allowed)
{
	for (;;) {
		const struct nft_tok *t = nft_peek(p);
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = t->kind != NT_STRING && !strcmp(t->text, allowed[i]);
		if (!ok)
			return;
		sb_addf(sb, " %s", nft_next(p)->text);
	}
}

/* An address key written without ip or ip6 (ct original saddr, rt
 * nexthop): the table's family says which, and nft lists it with the
 * word; an inet table cannot say, and nft refuses it so. */
static bool table_ip_version(struct nft_parser *p, const struct nft_tok *k, struct strbuf *sb,
			     enum nft_dtype *t)
{
	if (p->family == NF_FAM_INET) {
		nft_perr(p, k, "cannot determine ip protocol version, use \"ip %s\" or \"ip6 %s\" instead",
			 k->text, k->text);
		return false;
	}
	sb_adds(sb, p->family == NF_FAM_IP6 ? " ip6" : " ip");
	*t = p->family == NF_FAM_IP6 ? DT_IPV6 : DT_IPV4;
	return true;
}

/* rt [ip|ip6] key: nexthop is an address of the version given or the
 * table's; the others are read as they are. */
static struct nft_expr *rt_selector(struct nft_parser *p, const struct nft_tok *at)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "rt");
	enum nft_dtype t = DT_INVALID;
	if (nft_accept(p, "ip"))
		sb_adds(&sb, " ip"), t = DT_IPV4;
	else if (nft_accept(p, "ip6"))
		sb_adds(&sb, " ip6"), t = DT_IPV6;
	const struct nft_tok *k = nft_peek(p);
	const struct nft_selector *s = k->kind == NT_WORD ? nft_selector_find("rt", k->text) : NULL;
	if (!s || !s->field) {
		sb_free(&sb);
		nft_perr_expected(p, k, "a routing key (classid, nexthop, mtu, ipsec)");
		return NULL;
	}
	bool nexthop = !strcmp(s->field, "nexthop");
	if (nexthop && t == DT_INVALID && !table_ip_version(p, k, &sb, &t)) {
		sb_free(&sb);
		return NULL;
	}
	if (!nexthop) /* nft lists the others without the version */
		sb_reset(&sb), sb_adds(&sb, "rt");
	nft_next(p);
	sb_addf(&sb, " %s", s->field);
	struct nft_expr *e = selector(at, s, sb_str(&sb));
	if (nexthop)
		e->type = t;
	sb_free(&sb);
	return e;
}

/* ct [original|reply] key, ct [original|reply] ip|ip6 saddr|daddr */
static struct nft_expr *ct_selector(struct nft_parser *p, const struct nft_tok *at)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "ct");
	if (nft_peek(p)->kind == NT_WORD && (!strcmp(nft_peek(p)->text, "original") || !strcmp(nft_peek(p)->text, "reply")))
		sb_addf(&sb, " %s", nft_next(p)->text);
	enum nft_dtype t = DT_INVALID;
	if (nft_accept(p, "ip"))
		sb_adds(&sb, " ip"), t = DT_IPV4;
	else if (nft_accept(p, "ip6"))
		sb_adds(&sb, " ip6"), t = DT_IPV6;
	const struct nft_tok *k = nft_peek(p);
	const struct nft_selector *s = k->kind == NT_WORD ? nft_selector_find("ct", k->text) : NULL;
	if (!s) {
		sb_free(&sb);
		nft_perr_expected(p, k, "a conntrack key (state, status, mark, direction, saddr, ...)");
		return NULL;
	}
	if (t == DT_INVALID && (!strcmp(s->field, "saddr") || !strcmp(s->field, "daddr")) &&
	    !table_ip_version(p, k, &sb, &t)) {
		sb_free(&sb);
		return NULL;
	}
	nft_next(p);
	sb_addf(&sb, " %s", s->field);
	if (!strcmp(s->field, "count") && nft_accept(p, "over"))
		sb_adds(&sb, " over");
	struct nft_expr *e = selector(at, s, sb_str(&sb));
	if (t != DT_INVALID)
		e->type = t;
	sb_free(&sb);
	return e;
}

/* fib saddr . iif oif | fib daddr type */
static struct nft_expr *fib_selector(struct nft_parser *p, const struct nft_tok *at)
{
	static const char *const flags[] = {"saddr", "daddr", "mark", "iif", "oif", NULL};
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "fib");
	for (;;) {
		const struct nft_tok *t = nft_peek(p);
		bool ok = false;
		for (size_t i = 0; flags[i]; i++)
			ok |= t->kind == NT_WORD && !strcmp(t->text, flags[i]);
		if (!ok) {
			sb_free(&sb);
			nft_perr_expected(p, t, "saddr, daddr, mark, iif or oif");
			return NULL;
		}
		sb_addf(&sb, " %s", nft_next(p)->text);
		if (!nft_accept(p, "."))
			break;
		sb_adds(&sb, " .");
	}
	const struct nft_tok *r = nft_peek(p);
	enum nft_dtype type = DT_INVALID;
	if (nft_tok_is(r, "oif"))
		type = DT_IFINDEX;
	else if (nft_tok_is(r, "oifname"))
		type = DT_IFNAME;
	else if (nft_tok_is(r, "type"))
		type = DT_FIB_ADDRTYPE;
	else {
		sb_free(&sb);
		nft_perr_expected(p, r, "oif, oifname or type (what fib looks up)");
		return NULL;
	}
	sb_addf(&sb, " %s", nft_next(p)->text);
	struct nft_expr *e = selector(at, nft_selector_find("fib", NULL), sb_str(&sb));
	e->type = type;
	sb_free(&sb);
	return e;
}

/* numgen inc|random mod N [offset N]; jhash EXPR mod N [seed N] [offset N]; symhash mod N [offset N] */
static struct nft_expr *gen_selector(struct nft_parser *p, const struct nft_tok *at)
{
	struct strbuf sb = STRBUF_INIT;
	struct nft_expr *in = NULL; /* jhash's input, kept for the walk */
	sb_adds(&sb, at->text);
	if (!strcmp(at->text, "numgen")) {
		const struct nft_tok *m = nft_peek(p);
		if (!nft_tok_is(m, "inc") && !nft_tok_is(m, "random")) {
			sb_free(&sb);
			nft_perr_expected(p, m, "inc or random");
			return NULL;
		}
		sb_addf(&sb, " %s", nft_next(p)->text);
	} else if (!strcmp(at->text, "jhash")) {
		in = nft_parse_lhs(p);
		if (!in) {
			sb_free(&sb);
			return NULL;
		}
		sb_adds(&sb, " ");
		nft_expr_print(&sb, in);
	}
	static const char *const opts[] = {"mod", "seed", "offset", NULL};
	while (nft_peek(p)->kind == NT_WORD) {
		bool ok = false;
		for (size_t i = 0; opts[i]; i++)
			ok |= !strcmp(nft_peek(p)->text, opts[i]);
		if (!ok)
			break;
		sb_addf(&sb, " %s", nft_next(p)->text);
		const struct nft_tok *n = nft_next(p);
		if (n->kind != NT_NUM) {
			sb_free(&sb);
			nft_expr_free(in);
			nft_perr_expected(p, n, "a number");
			return NULL;
		}
		sb_addf(&sb, " %s", n->text);
	}
	struct nft_expr *e = selector(at, nft_selector_find(at->text, NULL), sb_str(&sb));
	if (in)
		nft_expr_add(e, in);
	sb_free(&sb);
	return e;
}

bool nft_at_selector(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p);
	if (t->kind != NT_WORD)
		return false;
	return nft_selector_proto(t->text) || nft_selector_bare(t->text);
}

/* One selector. */
static struct nft_expr *primary(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p);
	if (t->kind != NT_WORD) {
		nft_perr_expected(p, t, "a selector (ip saddr, tcp dport, meta mark, ct state, ...)");
		return NULL;
	}
	const struct nft_selector *bare = nft_selector_bare(t->text);
	if (bare && !nft_selector_proto(t->text)) {
		nft_next(p);
		return meta_selector(p, t, t->text);
	}
	if (!nft_selector_proto(t->text)) {
		nft_perr_expected(p, t, "a selector (ip saddr, tcp dport, meta mark, ct state, ...) or a statement");
		return NULL;
	}
	nft_next(p);
	if (!strcmp(t->text, "meta")) {
		const struct nft_tok *k = nft_next(p);
		return meta_selector(p, t, k->text);
	}
	if (!strcmp(t->text, "ct"))
		return ct_selector(p, t);
	if (!strcmp(t->text, "fib"))
		return fib_selector(p, t);
	if (!strcmp(t->text, "numgen") || !strcmp(t->text, "jhash") || !strcmp(t->text, "symhash"))
		return gen_selector(p, t);
	if (!strcmp(t->text, "tcp") && nft_accept(p, "option")) {
		static const char *const opt_words[] = {"maxseg", "size", "window", "count", "sack-perm", "sack", "sack0", "sack1", "sack2", "sack3",
							"timestamp", "tsval", "tsecr", "kind", "length", "left",
							"right", NULL};
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "tcp option");
		words_into(p, &sb, opt_words);
		if (!strncmp(sb_str(&sb), "tcp option sack0", 16)) { /* nft lists the first block as sack */
			char *rest = xstrdup(sb_str(&sb) + 16);
			sb_reset(&sb);
			sb_addf(&sb, "tcp option sack%s", rest);
			free(rest);
		}
		struct nft_expr *e = selector(t, nft_selector_find("tcp", "window"), sb_str(&sb));
		e->type = DT_INTEGER;
		sb_free(&sb);
		return e;
	}
	if (!strcmp(t->text, "rt"))
		return rt_selector(p, t);
	const struct nft_tok *f = nft_peek(p);
	const struct nft_selector *s = f->kind == NT_WORD ? nft_selector_find(t->text, f->text) : NULL;
	if (!s || !s->field) {
		struct strbuf what = STRBUF_INIT;
		sb_addf(&what, "a field of %s", t->text);
		nft_perr_expected(p, f, sb_str(&what));
		sb_free(&what);
		return NULL;
	}
	nft_next(p);
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s %s", t->text, s->field);
	struct nft_expr *e = selector(t, s, sb_str(&sb));
	sb_free(&sb);
	return e;
}

/* The bitwise operators, with the words nft also reads for them. */
static const char *const binops[][2] = {
	{"&", "&"}, {"|", "|"}, {"^", "^"}, {"<<", "<<"}, {">>", ">>"},
	{"and", "&"}, {"or", "|"}, {"xor", "^"}, {"lshift", "<<"}, {"rshift", ">>"},
};

static const char *binop_sym(const struct nft_tok *t)
{
	if (t->kind != NT_PUNCT && t->kind != NT_WORD)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(binops); i++)
		if (!strcmp(t->text, binops[i][0]))
			return binops[i][1];
	return NULL;
}

static bool is_binop(const struct nft_tok *t) { return binop_sym(t) != NULL; }

static struct nft_expr *rhs_elem(struct nft_parser *p, const struct nft_expr *lhs, bool in_set);

/* E . primary . primary ...: the rest of a concatenation, or E alone. */
static struct nft_expr *concat_rest(struct nft_parser *p, struct nft_expr *e)
{
	if (!nft_tok_is(nft_peek(p), "."))
		return e;
	struct nft_expr *c = nft_expr_new(EK_CONCAT, e->pos, NULL);
	nft_expr_add(c, e);
	while (nft_accept(p, ".")) {
		struct nft_expr *n = primary(p);
		if (!n) {
			nft_expr_free(c);
			return NULL;
		}
		nft_expr_add(c, n);
	}
	return c;
}

struct nft_expr *nft_parse_lhs(struct nft_parser *p)
{
	struct nft_expr *e = primary(p);
	if (!e)
		return NULL;
	while (is_binop(nft_peek(p))) {
		const struct nft_tok *op = nft_next(p);
		struct nft_expr *b = nft_expr_new(EK_BINOP, op->pos, binop_sym(op));
		nft_expr_add(b, e);
		struct nft_expr *r = rhs_elem(p, e, true);
		if (!r) {
			nft_expr_free(b);
			return NULL;
		}
		nft_expr_add(b, r);
		e = b;
	}
	return concat_rest(p, e);
}

const struct nft_define *nft_define_find(struct nft_parser *p, const char *name)
{
	for (size_t i = p->ndefs; i-- > 0;)
		if (!strcmp(p->defs[i].name, name))
			return &p->defs[i];
	return NULL;
}

static struct nft_expr *basic(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p);
	switch (t->kind) {
	case NT_NUM: case NT_WORD: case NT_IP4: case NT_IP6: case NT_LLADDR: case NT_TIME:
		nft_next(p);
		return nft_expr_new(EK_VALUE, t->pos, t->text);
	case NT_STRING: {
		nft_next(p);
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "\"%s\"", t->text);
		struct nft_expr *e = nft_expr_new(EK_VALUE, t->pos, sb_str(&sb));
		sb_free(&sb);
		return e;
	}
	case NT_SETREF:
		nft_next(p);
		return nft_expr_new(EK_SETREF, t->pos, t->text);
	case NT_VAR: {
		const struct nft_define *d = nft_define_find(p, t->text);
		if (!d) {
			nft_perr(p, t, "'$%s' is not defined", t->text);
			return NULL;
		}
		nft_next(p);
		return nft_expr_clone(d->val, t->pos);
	}
	default:
		break;
	}
	if (nft_tok_is(t, "[")) { /* [2001:db8::1] before a port */
		nft_next(p);
		const struct nft_tok *a = nft_next(p);
		if (a->kind != NT_IP6) {
			nft_perr_expected(p, a, "an IPv6 address");
			return NULL;
		}
		if (nft_expect(p, "]"))
			return NULL;
		return nft_expr_new(EK_VALUE, a->pos, a->text);
	}
	if (nft_tok_is(t, "-") && nft_peek_at(p, 1)->kind == NT_NUM) {
		nft_next(p);
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "-%s", nft_next(p)->text);
		struct nft_expr *e = nft_expr_new(EK_VALUE, t->pos, sb_str(&sb));
		sb_free(&sb);
		return e;
	}
	if (nft_tok_is(t, "*")) {
		nft_next(p);
		return nft_expr_new(EK_VALUE, t->pos, "*");
	}
	nft_perr_expected(p, t, "a value");
	return NULL;
}

static bool is_flag_type(enum nft_dtype t)
{
	return t == DT_TCP_FLAGS || t == DT_CT_STATE || t == DT_CT_STATUS || t == DT_CT_EVENT;
}

/* A value with what may follow it: a range, a prefix, a flag list or mask. */
static struct nft_expr *rhs_elem(struct nft_parser *p, const struct nft_expr *lhs, bool in_set)
{
	const struct nft_tok *t = nft_peek(p);
	if (nft_tok_is(t, "{")) {
		nft_next(p);
		return nft_parse_set_body(p, lhs, false);
	}
	if (nft_tok_is(t, "(")) {
		nft_next(p);
		struct nft_expr *e = rhs_elem(p, lhs, true);
		while (e && is_binop(nft_peek(p))) {
			const struct nft_tok *op = nft_next(p);
			struct nft_expr *b = nft_expr_new(EK_BINOP, op->pos, binop_sym(op));
			nft_expr_add(b, e);
			struct nft_expr *r = rhs_elem(p, lhs, true);
			e = b;
			if (!r) {
				nft_expr_free(e);
				return NULL;
			}
			nft_expr_add(b, r);
		}
		if (e && nft_expect(p, ")")) {
			nft_expr_free(e);
			return NULL;
		}
		return e;
	}
	struct nft_expr *e = basic(p);
	if (!e)
		return NULL;
	const struct nft_tok *n = nft_peek(p);
	if (lhs && lhs->type == DT_CLASSID && nft_tok_is(n, ":") && e->kind == EK_VALUE) {
		nft_next(p); /* a tc class, major:minor */
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "%s:%s", e->text, nft_next(p)->text);
		free(e->text);
		e->text = xstrdup(sb_str(&sb));
		sb_free(&sb);
		return e;
	}
	if (nft_tok_is(n, "-") && e->kind == EK_VALUE) {
		nft_next(p);
		struct nft_expr *r = nft_expr_new(EK_RANGE, e->pos, NULL);
		nft_expr_add(r, e);
		struct nft_expr *hi = basic(p);
		if (!hi) {
			nft_expr_free(r);
			return NULL;
		}
		nft_expr_add(r, hi);
		return r;
	}
	if (nft_tok_is(n, "/") && e->kind == EK_VALUE) {
		nft_next(p);
		const struct nft_tok *len = nft_peek(p);
		if (len->kind == NT_NUM) {
			nft_next(p);
			struct nft_expr *pf = nft_expr_new(EK_PREFIX, e->pos, len->text);
			nft_expr_add(pf, e);
			return pf;
		}
		struct nft_expr *mask = rhs_elem(p, lhs, in_set);
		if (!mask) {
			nft_expr_free(e);
			return NULL;
		}
		struct nft_expr *b = nft_expr_new(EK_BINOP, n->pos, "/");
		nft_expr_add(b, e);
		nft_expr_add(b, mask);
		return b;
	}
	/* a comma lists flags (ct state established,related), also inside a
	 * set; elsewhere in a set it separates the elements */
	bool flags = lhs && is_flag_type(lhs->type);
	if (nft_tok_is(n, ",") && flags) {
		struct nft_expr *l = nft_expr_new(EK_LIST, e->pos, NULL);
		nft_expr_add(l, e);
		while (nft_accept(p, ",")) {
			struct nft_expr *v = basic(p);
			if (!v) {
				nft_expr_free(l);
				return NULL;
			}
			nft_expr_add(l, v);
		}
		const struct nft_tok *slash = nft_peek(p);
		if (!nft_accept(p, "/"))
			return l;
		struct nft_expr *mask = rhs_elem(p, lhs, in_set); /* fin,syn / fin,syn */
		if (!mask) {
			nft_expr_free(l);
			return NULL;
		}
		struct nft_expr *b = nft_expr_new(EK_BINOP, slash->pos, "/");
		nft_expr_add(b, l);
		nft_expr_add(b, mask);
		return b;
	}
	return e;
}

/* A value and the bitwise operations on it (fin | syn | ack, 0x11 xor 0x1331). */
static struct nft_expr *value_expr(struct nft_parser *p, const struct nft_expr *lhs, bool in_set)
{
	struct nft_expr *e = rhs_elem(p, lhs, in_set);
	while (e && is_binop(nft_peek(p))) {
		const struct nft_tok *op = nft_next(p);
		struct nft_expr *b = nft_expr_new(EK_BINOP, op->pos, binop_sym(op));
		nft_expr_add(b, e);
		e = b;
		struct nft_expr *r = rhs_elem(p, lhs, in_set);
		if (!r) {
			nft_expr_free(e);
			return NULL;
		}
		nft_expr_add(b, r);
	}
	return e;
}

/* What a set statement assigns: a value, a selector, a parenthesized
 * expression, with bitwise operations: (meta mark | 0x10) << 8. */
struct nft_expr *nft_parse_value(struct nft_parser *p, const struct nft_expr *lhs)
{
	struct nft_expr *e;
	if (nft_accept(p, "(")) {
		e = nft_parse_value(p, lhs);
		if (e && nft_expect(p, ")")) {
			nft_expr_free(e);
			return NULL;
		}
	} else if (nft_at_selector(p)) {
		e = primary(p);
		if (e) /* a map's key may be a concatenation: ip saddr . tcp dport map @m */
			e = concat_rest(p, e);
	} else {
		e = rhs_elem(p, lhs, false);
	}
	while (e && is_binop(nft_peek(p))) {
		const struct nft_tok *op = nft_next(p);
		struct nft_expr *b = nft_expr_new(EK_BINOP, op->pos, binop_sym(op));
		nft_expr_add(b, e);
		e = b;
		struct nft_expr *r;
		if (nft_accept(p, "(")) {
			r = nft_parse_value(p, lhs);
			if (r && nft_expect(p, ")")) {
				nft_expr_free(r);
				r = NULL;
			}
		} else {
			r = nft_at_selector(p) ? primary(p) : rhs_elem(p, lhs, false);
		}
		if (!r) {
			nft_expr_free(e);
			return NULL;
		}
		nft_expr_add(b, r);
	}
	return e;
}

struct nft_expr *nft_parse_rhs(struct nft_parser *p, const struct nft_expr *lhs)
{
	struct nft_expr *e = value_expr(p, lhs, false);
	if (!e || !nft_tok_is(nft_peek(p), "."))
		return e;
	struct nft_expr *c = nft_expr_new(EK_CONCAT, e->pos, NULL);
	nft_expr_add(c, e);
	while (nft_accept(p, ".")) {
		struct nft_expr *n = rhs_elem(p, NULL, true);
		if (!n) {
			nft_expr_free(c);
			return NULL;
		}
		nft_expr_add(c, n);
	}
	return c;
}

static bool is_verdict_word(const struct nft_tok *t)
{
	static const char *const v[] = {"accept", "drop", "continue", "return", "jump", "goto"};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (t->kind == NT_WORD && !strcmp(t->text, v[i]))
			return true;
	return false;
}

/* A set element's value after ':': a verdict or a value. */
static struct nft_expr *mapped(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p);
	if (!is_verdict_word(t))
		return nft_parse_rhs(p, NULL);
	nft_next(p);
	if (!strcmp(t->text, "jump") || !strcmp(t->text, "goto")) {
		const struct nft_tok *c = nft_next(p);
		if (c->kind != NT_WORD && c->kind != NT_STRING) {
			nft_perr_expected(p, c, "a chain name");
			return NULL;
		}
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "%s %s", t->text, c->text);
		struct nft_expr *e = nft_expr_new(EK_VERDICT, t->pos, sb_str(&sb));
		sb_free(&sb);
		return e;
	}
	return nft_expr_new(EK_VERDICT, t->pos, t->text);
}

/* Element options: timeout 10s expires 5s comment "x" counter. */
static int elem_opts(struct nft_parser *p, struct nft_expr **e)
{
	struct strbuf sb = STRBUF_INIT;
	for (;;) {
		const struct nft_tok *t = nft_peek(p);
		if (nft_tok_is(t, "timeout") || nft_tok_is(t, "expires")) {
			nft_next(p);
			sb_addf(&sb, "%s%s %s", sb.len ? " " : "", t->text, nft_next(p)->text);
		} else if (nft_tok_is(t, "comment")) {
			nft_next(p);
			sb_addf(&sb, "%scomment \"%s\"", sb.len ? " " : "", nft_next(p)->text);
		} else {
			break;
		}
	}
	if (sb.len) {
		struct nft_expr *w = nft_expr_new(EK_ELEM, (*e)->pos, sb_str(&sb));
		nft_expr_add(w, *e);
		*e = w;
	}
	sb_free(&sb);
	return 0;
}

/* After '{': elements up to '}'.  A define holding a set spreads its
 * elements into this one, as nft does. */
struct nft_expr *nft_parse_set_body(struct nft_parser *p, const struct nft_expr *lhs, bool named)
{
	struct nft_expr *set = nft_expr_new(EK_SET, nft_peek(p)->pos, named ? "named" : NULL);
	for (;;) {
		nft_skip_nl(p, false);
		if (nft_accept(p, "}"))
			break;
		struct nft_expr *e = value_expr(p, lhs, true);
		if (e && nft_tok_is(nft_peek(p), ".")) {
			struct nft_expr *c = nft_expr_new(EK_CONCAT, e->pos, NULL);
			nft_expr_add(c, e);
			while (nft_accept(p, ".")) {
				struct nft_expr *n = rhs_elem(p, NULL, true);
				if (!n) {
					nft_expr_free(c);
					c = NULL;
					break;
				}
				nft_expr_add(c, n);
			}
			e = c;
		}
		if (!e) {
			nft_expr_free(set);
			return NULL;
		}
		elem_opts(p, &e);
		if (nft_accept(p, ":")) {
			struct nft_expr *m = nft_expr_new(EK_MAPPING, e->pos, NULL);
			nft_expr_add(m, e);
			struct nft_expr *v = mapped(p);
			if (!v) {
				nft_expr_free(m);
				nft_expr_free(set);
				return NULL;
			}
			nft_expr_add(m, v);
			e = m;
		}
		if (e->kind == EK_SET) {
			for (size_t i = 0; i < e->nsub; i++)
				nft_expr_add(set, e->sub[i]);
			e->nsub = 0;
			nft_expr_free(e);
		} else {
			nft_expr_add(set, e);
		}
		nft_skip_nl(p, false);
		if (nft_accept(p, "}"))
			break;
		const struct nft_tok *t = nft_peek(p);
		if (!nft_accept(p, ",")) {
			nft_perr_expected(p, t, "',' or '}' in the set");
			nft_expr_free(set);
			return NULL;
		}
	}
	return set;
}

static enum nft_dtype component_type(const struct nft_expr *lhs, size_t i)
{
	if (!lhs)
		return DT_INVALID;
	if (lhs->kind == EK_CONCAT)
		return i < lhs->nsub ? lhs->sub[i]->type : DT_INVALID;
	return lhs->type;
}

static void type_all(struct nft_expr *e, enum nft_dtype t, const struct nft_expr *lhs)
{
	switch (e->kind) {
	case EK_VALUE:
		if (e->type == DT_INVALID)
			e->type = t;
		return;
	case EK_CONCAT:
		for (size_t i = 0; i < e->nsub; i++)
			type_all(e->sub[i], component_type(lhs, i), NULL);
		return;
	case EK_MAPPING:
	case EK_ELEM:
		type_all(e->sub[0], t, lhs);
		return;
	case EK_SET:
	case EK_RANGE:
	case EK_PREFIX:
	case EK_LIST:
	case EK_BINOP:
		for (size_t i = 0; i < e->nsub; i++)
			type_all(e->sub[i], t, lhs);
		return;
	default:
		return;
	}
}

void nft_expr_type_from(struct nft_expr *e, const struct nft_expr *lhs)
{
	const struct nft_expr *l = lhs;
	while (l && l->kind == EK_BINOP)
		l = l->sub[0];
	if (l)
		type_all(e, l->kind == EK_CONCAT ? DT_INVALID : l->type, l);
}
