/* nft_stmt_parse.c - one rule: matches, statements and a verdict, up to
 * the end of the line (or ';' or '}').  Statements that are keywords with
 * options are read by one entry each of a table (name, reader); they keep
 * their options as key/value pairs, in the order nft prints them. */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft_parse_priv.h"

#include <stdlib.h>
#include <string.h>

static void add_arg(struct nft_stmt *s, const char *key, struct nft_expr *val)
{
	s->args = xrealloc(s->args, (s->nargs + 1) * sizeof(*s->args));
	s->args[s->nargs++] = (struct nft_arg){key ? xstrdup(key) : NULL, val};
}

static struct nft_expr *word_value(const struct nft_tok *t)
{
	return nft_expr_new(EK_VALUE, t->pos, t->text);
}

/* An option's value: one token (a number, a word, a string kept quoted). */
static struct nft_expr *one_value(struct nft_parser *p)
{
	const struct nft_tok *t = nft_next(p);
	if (t->kind == NT_STRING) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "\"%s\"", t->text);
		struct nft_expr *e = nft_expr_new(EK_VALUE, t->pos, sb_str(&sb));
		sb_free(&sb);
		return e;
	}
	if (t->kind == NT_EOF || t->kind == NT_NL || nft_tok_is(t, ";") || nft_tok_is(t, "}")) {
		nft_perr_expected(p, t, "a value");
		return NULL;
	}
	return word_value(t);
}

static bool next_is(struct nft_parser *p, const char *w)
{
	return nft_tok_is(nft_peek(p), w);
}

/* counter [packets N bytes N]: nft lists the counts, 0 for a new rule. */
static int st_counter(struct nft_parser *p, struct nft_stmt *s)
{
	if (nft_accept(p, "name")) { /* a named counter object */
		struct nft_expr *n = one_value(p);
		if (!n)
			return -1;
		add_arg(s, "name", n);
		return 0;
	}
	const char *keys[] = {"packets", "bytes"};
	for (size_t i = 0; i < 2; i++) {
		if (nft_accept(p, keys[i])) {
			struct nft_expr *v = one_value(p);
			if (!v)
				return -1;
			add_arg(s, keys[i], v);
		} else {
			add_arg(s, keys[i], nft_expr_new(EK_VALUE, s->pos, "0"));
		}
	}
	return 0;
}

/* Options of the form KEY VALUE, any of keys, in any order. */
static int key_values(struct nft_parser *p, struct nft_stmt *s, const char *const *keys)
{
	for (;;) {
		const struct nft_tok *t = nft_peek(p);
		size_t i;
		for (i = 0; keys[i]; i++)
			if (nft_tok_is(t, keys[i]))
				break;
		if (!keys[i])
			return 0;
		nft_next(p);
		struct nft_expr *v = one_value(p);
		if (!v)
			return -1;
		add_arg(s, keys[i], v);
	}
}

/* log [prefix S] [level L] [group N] [snaplen N] [queue-threshold N] [flags F] */
static int st_log(struct nft_parser *p, struct nft_stmt *s)
{
	static const char *const keys[] = {"prefix", "level", "group", "snaplen", "queue-threshold", NULL};
	for (;;) {
		if (key_values(p, s, keys))
			return -1;
		if (!nft_accept(p, "flags"))
			return 0;
		struct strbuf sb = STRBUF_INIT;
		const struct nft_tok *t = nft_next(p);
		sb_adds(&sb, t->text);
		if (!strcmp(t->text, "tcp") || !strcmp(t->text, "ip")) {
			sb_addf(&sb, " %s", nft_next(p)->text);
			while (nft_accept(p, ","))
				sb_addf(&sb, ",%s", nft_next(p)->text);
		}
		add_arg(s, "flags", nft_expr_new(EK_VALUE, t->pos, sb_str(&sb)));
		sb_free(&sb);
	}
}

/* limit rate [over] N[/unit | unit/unit] [burst N packets|unit] */
static int st_limit(struct nft_parser *p, struct nft_stmt *s)
{
	if (nft_accept(p, "name")) { /* a named limit object */
		struct nft_expr *n = one_value(p);
		if (!n)
			return -1;
		add_arg(s, "name", n);
		return 0;
	}
	if (nft_expect(p, "rate"))
		return -1;
	struct strbuf sb = STRBUF_INIT;
	const struct nft_pos at = nft_peek(p)->pos;
	if (nft_accept(p, "over"))
		sb_adds(&sb, "over ");
	const struct nft_tok *n = nft_next(p);
	if (n->kind != NT_NUM) {
		sb_free(&sb);
		return nft_perr_expected(p, n, "a rate (10/second)");
	}
	sb_adds(&sb, n->text);
	const struct nft_tok *u = nft_peek(p);
	if (u->kind == NT_WORD && strchr(u->text, '/')) { /* the lexer's one word: kbytes/second */
		sb_addf(&sb, " %s", nft_next(p)->text);
	} else {
		if (u->kind == NT_WORD && !next_is(p, "burst") && !nft_at_stmt_end(p))
			sb_addf(&sb, " %s", nft_next(p)->text); /* a byte unit: 10 mbytes / second */
		if (nft_expect(p, "/")) {
			sb_free(&sb);
			return -1;
		}
		sb_addf(&sb, "/%s", nft_next(p)->text);
	}
	add_arg(s, "rate", nft_expr_new(EK_VALUE, at, sb_str(&sb)));
	sb_free(&sb);
	if (nft_accept(p, "burst")) {
		const struct nft_tok *b = nft_next(p);
		const struct nft_tok *unit = nft_peek(p);
		bool packets = nft_tok_is(unit, "packets");
		bool unit_word = unit->kind == NT_WORD && (packets || nft_tok_is(unit, "bytes") ||
							   nft_tok_is(unit, "kbytes") || nft_tok_is(unit, "mbytes"));
		if (unit_word)
			nft_next(p);
		/* nft leaves out the default burst of 5 packets */
		if (!(packets || !unit_word) || strcmp(b->text, "5")) {
			struct strbuf bb = STRBUF_INIT;
			sb_addf(&bb, "%s %s", b->text, unit_word ? unit->text : "packets");
			add_arg(s, "burst", nft_expr_new(EK_VALUE, b->pos, sb_str(&bb)));
			sb_free(&bb);
		}
	}
	return 0;
}

/* quota [over|until] N unit [used N unit] */
static int st_quota(struct nft_parser *p, struct nft_stmt *s)
{
	if (nft_accept(p, "name")) { /* a named quota object */
		struct nft_expr *n = one_value(p);
		if (!n)
			return -1;
		add_arg(s, "name", n);
		return 0;
	}
	struct strbuf sb = STRBUF_INIT;
	const struct nft_pos at = nft_peek(p)->pos;
	if (next_is(p, "over") || next_is(p, "until"))
		sb_addf(&sb, "%s ", nft_next(p)->text);
	sb_addf(&sb, "%s", nft_next(p)->text);
	if (nft_peek(p)->kind == NT_WORD && !nft_at_stmt_end(p) && !next_is(p, "used"))
		sb_addf(&sb, " %s", nft_next(p)->text);
	add_arg(s, NULL, nft_expr_new(EK_VALUE, at, sb_str(&sb)));
	sb_free(&sb);
	if (nft_accept(p, "used")) {
		struct strbuf u = STRBUF_INIT;
		sb_addf(&u, "%s", nft_next(p)->text);
		if (nft_peek(p)->kind == NT_WORD && !nft_at_stmt_end(p))
			sb_addf(&u, " %s", nft_next(p)->text);
		add_arg(s, "used", nft_expr_new(EK_VALUE, at, sb_str(&u)));
		sb_free(&u);
	}
	return 0;
}

/* reject [with tcp reset | with icmp|icmpv6|icmpx [type] CODE].  nft lists
 * the family's default (port-unreachable) as a bare reject. */
static int st_reject(struct nft_parser *p, struct nft_stmt *s)
{
	if (!nft_accept(p, "with"))
		return 0;
	const struct nft_tok *k = nft_next(p);
	if (nft_tok_is(k, "tcp")) {
		if (nft_expect(p, "reset"))
			return -1;
		add_arg(s, "with", nft_expr_new(EK_VALUE, k->pos, "tcp reset"));
		return 0;
	}
	enum nft_dtype t = nft_tok_is(k, "icmp") ? DT_ICMP_CODE : nft_tok_is(k, "icmpv6") ? DT_ICMPV6_CODE
			   : nft_tok_is(k, "icmpx")  ? DT_ICMPX_CODE : DT_INVALID;
	if (t == DT_INVALID)
		return nft_perr_expected(p, k, "tcp reset, icmp, icmpv6 or icmpx");
	nft_accept(p, "type");
	const struct nft_tok *c = nft_next(p);
	unsigned long v;
	if (!nft_sym_value(t, c->text, &v) && c->kind != NT_NUM)
		return nft_perr_expected(p, c, "an ICMP code (port-unreachable, admin-prohibited, ...)");
	bool dflt = (t == DT_ICMPX_CODE && p->family == NF_FAM_INET && !strcmp(c->text, "port-unreachable")) ||
		    (t == DT_ICMP_CODE && p->family == NF_FAM_IP && !strcmp(c->text, "port-unreachable")) ||
		    (t == DT_ICMPV6_CODE && p->family == NF_FAM_IP6 && !strcmp(c->text, "port-unreachable"));
	if (dflt)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s %s", k->text, c->text); /* nft 1.0.6 lists it without "type" */
	add_arg(s, "with", nft_expr_new(EK_VALUE, k->pos, sb_str(&sb)));
	sb_free(&sb);
	return 0;
}

/* The address (and port) of a nat, tproxy or dup statement. */
static int nat_target(struct nft_parser *p, struct nft_stmt *s, bool addr_ok)
{
	if (!next_is(p, ":") && addr_ok) {
		struct nft_expr *a;
		if (nft_at_selector(p)) {
			struct nft_expr *key = nft_parse_lhs(p);
			if (!key)
				return -1;
			const struct nft_tok *m = nft_peek(p);
			if (!nft_accept(p, "map")) {
				nft_expr_free(key);
				return nft_perr_expected(p, m, "map");
			}
			struct nft_expr *set = nft_parse_rhs(p, key);
			if (!set) {
				nft_expr_free(key);
				return -1;
			}
			nft_expr_type_from(set, key);
			a = nft_expr_new(EK_MAP, key->pos, "map");
			nft_expr_add(a, key);
			nft_expr_add(a, set);
		} else {
			a = nft_parse_rhs(p, NULL);
			if (!a)
				return -1;
		}
		add_arg(s, "to", a);
	}
	if (nft_accept(p, ":")) {
		struct nft_expr *port = nft_parse_rhs(p, NULL);
		if (!port)
			return -1;
		add_arg(s, ":", port);
	}
	return 0;
}

static int nat_flags(struct nft_parser *p, struct nft_stmt *s)
{
	static const char *const flags[] = {"persistent", "random", "fully-random", "netmap", "prefix"};
	for (;;) {
		const struct nft_tok *t = nft_peek(p);
		size_t i;
		for (i = 0; i < ARRAY_SIZE(flags); i++)
			if (nft_tok_is(t, flags[i]))
				break;
		if (i == ARRAY_SIZE(flags))
			return 0;
		nft_next(p);
		add_arg(s, t->text, NULL);
		nft_accept(p, ",");
	}
}

/* The address family a nat statement in an inet table works on: as
 * written, else that of its address (nft requires one). */
static const char *nat_family(const struct nft_stmt *s)
{
	for (size_t i = 0; i < s->nargs; i++) {
		const struct nft_expr *a = s->args[i].val;
		while (a && (a->kind == EK_RANGE || a->kind == EK_PREFIX))
			a = a->sub[0];
		if (a && s->args[i].key && !strcmp(s->args[i].key, "to") && a->kind == EK_VALUE)
			return strchr(a->text, ':') ? "ip6" : "ip";
	}
	return NULL;
}

/* dnat|snat [ip|ip6] [to] ADDR[:PORT] [flags] */
static int st_nat(struct nft_parser *p, struct nft_stmt *s)
{
	const char *fam = NULL;
	const struct nft_tok *t = nft_peek(p);
	if (nft_tok_is(t, "ip") || nft_tok_is(t, "ip6"))
		fam = nft_next(p)->text;
	nft_accept(p, "to");
	size_t at = s->nargs;
	if (nat_target(p, s, true))
		return -1;
	if (!fam && p->family == NF_FAM_INET)
		fam = nat_family(s);
	if (fam && p->family == NF_FAM_INET) {
		/* the family goes first: move it before the target */
		add_arg(s, fam, NULL);
		struct nft_arg f = s->args[s->nargs - 1];
		memmove(&s->args[at + 1], &s->args[at], (s->nargs - 1 - at) * sizeof(*s->args));
		s->args[at] = f;
	}
	return nat_flags(p, s);
}

/* masquerade|redirect [to :PORT] [flags] */
static int st_masq(struct nft_parser *p, struct nft_stmt *s)
{
	if (nft_accept(p, "to")) {
		if (!next_is(p, ":")) { /* redirect to 26: the port, colon left out */
			struct nft_expr *port = nft_parse_rhs(p, NULL);
			if (!port)
				return -1;
			add_arg(s, ":", port);
		} else if (nat_target(p, s, false)) {
			return -1;
		}
	}
	return nat_flags(p, s);
}

/* tproxy [ip|ip6] to [ADDR][:PORT] */
static int st_tproxy(struct nft_parser *p, struct nft_stmt *s)
{
	const struct nft_tok *t = nft_peek(p);
	if (nft_tok_is(t, "ip") || nft_tok_is(t, "ip6"))
		add_arg(s, nft_next(p)->text, NULL);
	if (nft_expect(p, "to"))
		return -1;
	return nat_target(p, s, true);
}

/* dup to ADDR [device DEV]; fwd [ip|ip6] to DEV */
static int st_dup(struct nft_parser *p, struct nft_stmt *s)
{
	const struct nft_tok *t = nft_peek(p);
	if (nft_tok_is(t, "ip") || nft_tok_is(t, "ip6"))
		add_arg(s, nft_next(p)->text, NULL);
	if (nft_expect(p, "to"))
		return -1;
	struct nft_expr *a = one_value(p);
	if (!a)
		return -1;
	add_arg(s, "to", a);
	static const char *const keys[] = {"device", NULL};
	return key_values(p, s, keys);
}

/* queue [flags bypass,fanout] [num N[-M]] [bypass] [fanout] */
static int st_queue(struct nft_parser *p, struct nft_stmt *s)
{
	for (;;) {
		if (nft_accept(p, "num")) {
			struct nft_expr *n = nft_parse_rhs(p, NULL);
			if (!n)
				return -1;
			add_arg(s, "num", n);
		} else if (nft_accept(p, "flags")) {
			struct nft_expr *f = nft_parse_rhs(p, NULL);
			if (!f)
				return -1;
			add_arg(s, "flags", f);
		} else if (next_is(p, "bypass") || next_is(p, "fanout")) {
			add_arg(s, nft_next(p)->text, NULL);
		} else {
			return 0;
		}
	}
}

/* flow add @ft | flow offload @ft */
static int st_flow(struct nft_parser *p, struct nft_stmt *s)
{
	const struct nft_tok *t = nft_next(p);
	if (!nft_tok_is(t, "add") && !nft_tok_is(t, "offload"))
		return nft_perr_expected(p, t, "add or offload");
	const struct nft_tok *ft = nft_next(p);
	if (ft->kind != NT_SETREF)
		return nft_perr_expected(p, ft, "@flowtable");
	add_arg(s, "add", nft_expr_new(EK_SETREF, ft->pos, ft->text));
	return 0;
}

/* A stateful statement inside a set statement's element (limit, counter,
 * quota) as one value: its words as nft lists them. */
static struct nft_expr *elem_stmt(struct nft_parser *p, const struct nft_tok *t)
{
	struct nft_stmt in = {.kind = SK_WORDS, .pos = t->pos, .name = t->text};
	int rc = !strcmp(t->text, "limit") ? st_limit(p, &in) : !strcmp(t->text, "quota") ? st_quota(p, &in) : 0;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, t->text);
	for (size_t i = 0; i < in.nargs; i++) {
		if (in.args[i].key)
			sb_addf(&sb, " %s", in.args[i].key);
		if (in.args[i].val)
			sb_addf(&sb, " %s", in.args[i].val->text);
	}
	struct nft_expr *e = rc ? NULL : nft_expr_new(EK_VALUE, t->pos, sb_str(&sb));
	sb_free(&sb);
	in.name = NULL;
	nft_stmt_free(&in);
	return e;
}

/* add|update|delete @set { EXPR [timeout T] [limit ...] [counter] }: kept
 * as the set and one value printed as written, which holds the key
 * (sub[0]) and each option (timeout 30s, limit rate 10/second) for the
 * walk. */
static int st_setop(struct nft_parser *p, struct nft_stmt *s)
{
	const struct nft_tok *t = nft_next(p);
	if (t->kind != NT_SETREF)
		return nft_perr_expected(p, t, "@set");
	add_arg(s, NULL, nft_expr_new(EK_SETREF, t->pos, t->text));
	if (nft_expect(p, "{"))
		return -1;
	struct nft_expr *k = nft_parse_lhs(p);
	if (!k)
		return -1;
	struct nft_expr *v = nft_expr_new(EK_VALUE, t->pos, "");
	nft_expr_add(v, k);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "{ ");
	nft_expr_print(&sb, k);
	for (;;) {
		const struct nft_tok *o = nft_peek(p);
		struct nft_expr *opt = NULL;
		if (nft_tok_is(o, "timeout") || nft_tok_is(o, "expires")) {
			nft_next(p);
			struct strbuf ob = STRBUF_INIT;
			sb_addf(&ob, "%s %s", o->text, nft_next(p)->text);
			opt = nft_expr_new(EK_VALUE, o->pos, sb_str(&ob));
			sb_free(&ob);
		} else if (nft_tok_is(o, "counter")) {
			nft_next(p);
			opt = nft_expr_new(EK_VALUE, o->pos, "counter");
		} else if (nft_tok_is(o, "limit") || nft_tok_is(o, "quota")) {
			nft_next(p);
			if (!(opt = elem_stmt(p, o))) {
				sb_free(&sb);
				nft_expr_free(v);
				return -1;
			}
		} else {
			break;
		}
		sb_addf(&sb, " %s", opt->text);
		nft_expr_add(v, opt);
	}
	sb_adds(&sb, " }");
	free(v->text);
	v->text = xstrdup(sb_str(&sb));
	add_arg(s, NULL, v);
	sb_free(&sb);
	return nft_expect(p, "}");
}

static int st_none(struct nft_parser *p, struct nft_stmt *s)
{
	(void)p, (void)s;
	return 0;
}

/* The statements that are a keyword and options. */
static const struct {
	const char *name;
	int (*parse)(struct nft_parser *p, struct nft_stmt *s);
} word_stmts[] = {
	{"counter", st_counter}, {"log", st_log},	{"limit", st_limit},
	{"quota", st_quota},	 {"reject", st_reject}, {"dnat", st_nat},
	{"snat", st_nat},	 {"masquerade", st_masq}, {"redirect", st_masq},
	{"notrack", st_none},	 {"tproxy", st_tproxy}, {"dup", st_dup},
	{"fwd", st_dup},	 {"flow", st_flow},	{"add", st_setop},
	{"update", st_setop},	 {"delete", st_setop},
};

/* queue is a statement with options, not only a verdict. */
static int verdict(struct nft_parser *p, struct nft_stmt *s)
{
	const struct nft_tok *t = nft_next(p);
	s->kind = SK_VERDICT;
	if (!strcmp(t->text, "jump") || !strcmp(t->text, "goto")) {
		const struct nft_tok *c = nft_next(p);
		if (c->kind != NT_WORD && c->kind != NT_STRING)
			return nft_perr_expected(p, c, "a chain name");
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "%s %s", t->text, c->text);
		s->expr = nft_expr_new(EK_VERDICT, t->pos, sb_str(&sb));
		sb_free(&sb);
		return 0;
	}
	s->expr = nft_expr_new(EK_VERDICT, t->pos, t->text);
	return 0;
}

static bool is_verdict(const struct nft_tok *t)
{
	static const char *const v[] = {"accept", "drop", "continue", "return", "jump", "goto"};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (nft_tok_is(t, v[i]))
			return true;
	return false;
}

static const char *const rel_ops[][2] = {
	{"==", "=="}, {"!=", "!="}, {"!", "!"}, {"<", "<"}, {">", ">"}, {"<=", "<="}, {">=", ">="},
	{"eq", "=="}, {"ne", "!="}, {"lt", "<"}, {"gt", ">"}, {"le", "<="}, {"ge", ">="},
};

/* lhs [op] rhs | lhs set value | lhs vmap|map { ... } */
static int match(struct nft_parser *p, struct nft_stmt *s)
{
	struct nft_expr *lhs = nft_parse_lhs(p);
	if (!lhs)
		return -1;
	const struct nft_tok *t = nft_peek(p);
	if (nft_tok_is(t, "set")) {
		nft_next(p);
		struct nft_expr *v = nft_parse_value(p, lhs);
		if (v && nft_tok_is(nft_peek(p), "map")) { /* ct mark set mark map { 1 : 10 } */
			const struct nft_tok *m = nft_next(p);
			struct nft_expr *set = nft_parse_rhs(p, v);
			if (!set) {
				nft_expr_free(v);
				v = NULL;
			} else {
				nft_expr_type_from(set, v);
				struct nft_expr *map = nft_expr_new(EK_MAP, m->pos, "map");
				nft_expr_add(map, v);
				nft_expr_add(map, set);
				v = map;
			}
		}
		if (!v) {
			nft_expr_free(lhs);
			return -1;
		}
		if (v->kind != EK_MAP)
			nft_expr_type_from(v, lhs);
		s->kind = SK_SET;
		s->expr = nft_expr_new(EK_RELATION, lhs->pos, "set");
		nft_expr_add(s->expr, lhs);
		nft_expr_add(s->expr, v);
		return 0;
	}
	if (nft_tok_is(t, "vmap") || nft_tok_is(t, "map")) {
		nft_next(p);
		struct nft_expr *set = nft_parse_rhs(p, lhs);
		if (!set) {
			nft_expr_free(lhs);
			return -1;
		}
		nft_expr_type_from(set, lhs);
		s->kind = nft_tok_is(t, "vmap") ? SK_VERDICT : SK_MATCH;
		s->expr = nft_expr_new(EK_MAP, lhs->pos, t->text);
		nft_expr_add(s->expr, lhs);
		nft_expr_add(s->expr, set);
		return 0;
	}
	const char *op = "==";
	for (size_t i = 0; i < ARRAY_SIZE(rel_ops); i++) {
		if (nft_tok_is(t, rel_ops[i][0])) {
			op = rel_ops[i][1];
			nft_next(p);
			break;
		}
	}
	if (nft_at_stmt_end(p)) {
		nft_expr_free(lhs);
		return nft_perr_expected(p, nft_peek(p), "a value to compare with");
	}
	struct nft_expr *rhs = nft_parse_rhs(p, lhs);
	if (!rhs) {
		nft_expr_free(lhs);
		return -1;
	}
	bool fib = lhs->kind == EK_SELECTOR && !strcmp(lhs->sel->proto, "fib");
	bool tcpopt = lhs->kind == EK_SELECTOR && lhs->text && !strncmp(lhs->text, "tcp option ", 11);
	if ((fib || tcpopt) && rhs->kind == EK_VALUE && (!strcmp(rhs->text, "missing") || !strcmp(rhs->text, "exists")))
		rhs->type = DT_BOOL; /* fib ... oif missing: whether there is a route; an option there */
	nft_expr_type_from(rhs, lhs);
	s->kind = SK_MATCH;
	s->expr = nft_expr_new(EK_RELATION, lhs->pos, op);
	nft_expr_add(s->expr, lhs);
	nft_expr_add(s->expr, rhs);
	return 0;
}

static int statement(struct nft_parser *p, struct nft_stmt *s)
{
	const struct nft_tok *t = nft_peek(p);
	s->pos = t->pos;
	if (is_verdict(t))
		return verdict(p, s);
	for (size_t i = 0; i < ARRAY_SIZE(word_stmts); i++) {
		if (nft_tok_is(t, word_stmts[i].name)) {
			nft_next(p);
			s->kind = SK_WORDS;
			s->name = word_stmts[i].name;
			return word_stmts[i].parse(p, s);
		}
	}
	if (nft_tok_is(t, "queue")) {
		nft_next(p);
		s->kind = SK_WORDS;
		s->name = "queue";
		return st_queue(p, s);
	}
	if (t->kind == NT_WORD && !nft_at_selector(p))
		return nft_perr_expected(p, t, "a match, a statement or a verdict");
	return match(p, s);
}

int nft_parse_rule(struct nft_parser *p, struct nft_rule *r)
{
	*r = (struct nft_rule){.pos = nft_peek(p)->pos, .handle = -1};
	while (!nft_at_stmt_end(p)) {
		const struct nft_tok *t = nft_peek(p);
		if (nft_tok_is(t, "comment") && nft_peek_at(p, 1)->kind == NT_STRING) {
			nft_next(p);
			free(r->comment);
			r->comment = xstrdup(nft_next(p)->text);
			continue;
		}
		if (nft_tok_is(t, "handle") && nft_peek_at(p, 1)->kind == NT_NUM) {
			nft_next(p);
			r->handle = strtol(nft_next(p)->text, NULL, 10);
			continue;
		}
		r->stmts = xrealloc(r->stmts, (r->nstmts + 1) * sizeof(*r->stmts));
		struct nft_stmt *s = &r->stmts[r->nstmts];
		*s = (struct nft_stmt){0};
		r->nstmts++;
		if (statement(p, s))
			return -1;
	}
	return 0;
}
