/* nft_parse.c - the structure of an nft file: include, define, flush,
 * table blocks with their chains, sets, maps and objects, and the add
 * commands.  Tables and chains named again are the same ones (nft merges
 * them), so a file may declare a table, flush it and fill it. */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft_parse_priv.h"

#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct nft_tok eof_tok = {NT_EOF, "", {"", 0, 0}};

const struct nft_tok *nft_peek_at(struct nft_parser *p, size_t ahead)
{
	size_t i = p->i + ahead;
	return i < p->toks.n ? &p->toks.v[i] : (p->toks.n ? &p->toks.v[p->toks.n - 1] : &eof_tok);
}

const struct nft_tok *nft_peek(struct nft_parser *p) { return nft_peek_at(p, 0); }

const struct nft_tok *nft_next(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p);
	if (t->kind != NT_EOF)
		p->i++;
	return t;
}

bool nft_accept(struct nft_parser *p, const char *s)
{
	if (!nft_tok_is(nft_peek(p), s))
		return false;
	nft_next(p);
	return true;
}

int nft_perr(struct nft_parser *p, const struct nft_tok *tok, const char *fmt, ...)
{
	if (p->err->msg[0])
		return -1; /* the first error is the one to show */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	snprintf(p->err->file, sizeof(p->err->file), "%s", tok->pos.file ? tok->pos.file : "");
	p->err->line = tok->pos.line;
	p->err->col = tok->pos.col - 1;
	return -1;
}

int nft_perr_expected(struct nft_parser *p, const struct nft_tok *tok, const char *what)
{
	if (tok->kind == NT_EOF || tok->kind == NT_NL)
		return nft_perr(p, tok, "expected %s, got %s", what, nft_tok_kind_name(tok->kind));
	return nft_perr(p, tok, "expected %s, got '%s'", what, tok->text);
}

int nft_expect(struct nft_parser *p, const char *s)
{
	if (nft_accept(p, s))
		return 0;
	char what[64];
	snprintf(what, sizeof(what), "'%s'", s);
	return nft_perr_expected(p, nft_peek(p), what);
}

void nft_skip_nl(struct nft_parser *p, bool semi)
{
	while (nft_peek(p)->kind == NT_NL || (semi && nft_tok_is(nft_peek(p), ";")))
		nft_next(p);
}

bool nft_at_stmt_end(struct nft_parser *p)
{
	const struct nft_tok *t = nft_peek(p);
	return t->kind == NT_EOF || t->kind == NT_NL || (t->kind == NT_PUNCT && (!strcmp(t->text, ";") || !strcmp(t->text, "}")));
}

static const struct nft_tok *name_tok(struct nft_parser *p, const char *what)
{
	const struct nft_tok *t = nft_peek(p);
	if (t->kind != NT_WORD && t->kind != NT_STRING && t->kind != NT_NUM) {
		nft_perr_expected(p, t, what);
		return NULL;
	}
	return nft_next(p);
}

/* ip, ip6, inet, or none (ip); the families nfwalk does not model are
 * refused by name. */
static int family(struct nft_parser *p, enum nft_family *f)
{
	static const struct {
		const char *name;
		enum nft_family f;
	} fams[] = {{"ip", NF_FAM_IP}, {"ip6", NF_FAM_IP6}, {"inet", NF_FAM_INET}};
	static const char *const refused[] = {"bridge", "arp", "netdev"};
	const struct nft_tok *t = nft_peek(p);
	*f = NF_FAM_IP;
	for (size_t i = 0; i < ARRAY_SIZE(fams); i++) {
		if (nft_tok_is(t, fams[i].name) && nft_peek_at(p, 1)->kind != NT_NL &&
		    !nft_tok_is(nft_peek_at(p, 1), "{")) {
			nft_next(p);
			*f = fams[i].f;
			return 0;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		if (nft_tok_is(t, refused[i]))
			return nft_perr(p, t, "the %s family is not modelled: nfwalk reads tables of the ip, ip6 and inet families",
					t->text);
	return 0;
}

static struct nft_table *table_get(struct nft_parser *p, enum nft_family f, const char *name, struct nft_pos pos)
{
	struct nft_ruleset *rs = p->rs;
	for (size_t i = 0; i < rs->ntables; i++)
		if (rs->tables[i].family == f && !strcmp(rs->tables[i].name, name))
			return &rs->tables[i];
	rs->tables = xrealloc(rs->tables, (rs->ntables + 1) * sizeof(*rs->tables));
	struct nft_table *t = &rs->tables[rs->ntables++];
	*t = (struct nft_table){.family = f, .name = xstrdup(name), .pos = pos};
	return t;
}

static struct nft_table *table_find(struct nft_parser *p, enum nft_family f, const char *name)
{
	for (size_t i = 0; i < p->rs->ntables; i++)
		if (p->rs->tables[i].family == f && !strcmp(p->rs->tables[i].name, name))
			return &p->rs->tables[i];
	return NULL;
}

static struct nft_chain *chain_get(struct nft_table *t, const char *name, struct nft_pos pos)
{
	for (size_t i = 0; i < t->nchains; i++)
		if (!strcmp(t->chains[i].name, name))
			return &t->chains[i];
	t->chains = xrealloc(t->chains, (t->nchains + 1) * sizeof(*t->chains));
	struct nft_chain *c = &t->chains[t->nchains++];
	*c = (struct nft_chain){.name = xstrdup(name), .pos = pos};
	return c;
}

static void chain_flush(struct nft_chain *c)
{
	for (size_t i = 0; i < c->nrules; i++)
		nft_rule_free(&c->rules[i]);
	free(c->rules);
	c->rules = NULL;
	c->nrules = 0;
}

static void table_flush(struct nft_table *t)
{
	for (size_t i = 0; i < t->nchains; i++)
		chain_flush(&t->chains[i]);
	for (size_t i = 0; i < t->nsets; i++) {
		nft_expr_free(t->sets[i].elements);
		t->sets[i].elements = NULL;
	}
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* priority NUM | NAME [+|- NUM] */
static int priority(struct nft_parser *p, struct nft_chain *c)
{
	const struct nft_tok *t = nft_next(p);
	int sign = 1;
	if (nft_tok_is(t, "-")) {
		sign = -1;
		t = nft_next(p);
	}
	if (t->kind == NT_NUM) {
		c->prio = sign * (int)strtol(t->text, NULL, 0);
		return 0;
	}
	if (t->kind == NT_VAR) {
		const struct nft_define *d = nft_define_find(p, t->text);
		if (d && d->val->kind == EK_VALUE) {
			c->prio = (int)strtol(d->val->text, NULL, 0);
			return 0;
		}
	}
	if (t->kind != NT_WORD || !nft_prio_named(t->text, &c->prio))
		return nft_perr_expected(p, t, "a priority (a number, raw, mangle, dstnat, filter, security, srcnat)");
	const struct nft_tok *o = nft_peek(p);
	if (nft_tok_is(o, "+") || nft_tok_is(o, "-")) {
		nft_next(p);
		const struct nft_tok *n = nft_next(p);
		if (n->kind != NT_NUM)
			return nft_perr_expected(p, n, "a number");
		c->prio += (nft_tok_is(o, "-") ? -1 : 1) * (int)strtol(n->text, NULL, 0);
	}
	return 0;
}

static const char *const hooks[] = {"prerouting", "input", "forward", "output", "postrouting", "ingress", NULL};

/* type T hook H [device D] priority P ; */
static int base_chain(struct nft_parser *p, struct nft_chain *c)
{
	const struct nft_tok *t = nft_next(p);
	if (!nft_tok_is(t, "filter") && !nft_tok_is(t, "nat") && !nft_tok_is(t, "route"))
		return nft_perr_expected(p, t, "filter, nat or route");
	set_str(&c->type, t->text);
	if (nft_expect(p, "hook"))
		return -1;
	const struct nft_tok *h = nft_next(p);
	size_t i;
	for (i = 0; hooks[i]; i++)
		if (nft_tok_is(h, hooks[i]))
			break;
	if (!hooks[i])
		return nft_perr_expected(p, h, "a hook (prerouting, input, forward, output, postrouting)");
	set_str(&c->hook, h->text);
	if (nft_accept(p, "device")) {
		const struct nft_tok *d = name_tok(p, "a device");
		if (!d)
			return -1;
		set_str(&c->device, d->text);
	}
	if (nft_expect(p, "priority") || priority(p, c))
		return -1;
	c->base = true;
	return 0;
}

/* The next item of a `{ ... }` block: 1 with *t at it, 0 when its '}'
 * came (taken), -1 at the end of the input (error set). */
static int block_next(struct nft_parser *p, const char *kind, const char *name,
		      const struct nft_tok **t)
{
	nft_skip_nl(p, true);
	*t = nft_peek(p);
	if (nft_accept(p, "}"))
		return 0;
	if ((*t)->kind == NT_EOF)
		return nft_perr(p, *t, "%s %s has no closing '}'", kind, name);
	return 1;
}

static int chain_body(struct nft_parser *p, struct nft_table *tab, struct nft_chain *c)
{
	for (;;) {
		const struct nft_tok *t;
		int more = block_next(p, "chain", c->name, &t);
		if (more <= 0)
			return more;
		if (nft_accept(p, "type")) {
			if (base_chain(p, c))
				return -1;
		} else if (nft_accept(p, "policy")) {
			const struct nft_tok *v = nft_next(p);
			if (!nft_tok_is(v, "accept") && !nft_tok_is(v, "drop"))
				return nft_perr_expected(p, v, "accept or drop");
			set_str(&c->policy, v->text);
			c->has_policy = true;
		} else if (nft_tok_is(t, "comment") && nft_peek_at(p, 1)->kind == NT_STRING && nft_peek_at(p, 2)->kind != NT_WORD) {
			nft_next(p);
			set_str(&c->comment, nft_next(p)->text);
		} else if (nft_tok_is(t, "handle") && nft_peek_at(p, 1)->kind == NT_NUM) {
			nft_next(p), nft_next(p);
		} else {
			struct nft_rule r;
			p->family = tab->family;
			if (nft_parse_rule(p, &r)) {
				nft_rule_free(&r);
				return -1;
			}
			c->rules = xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
			c->rules[c->nrules++] = r;
		}
	}
}

static struct nft_set *set_get(struct nft_table *t, const char *name, struct nft_pos pos)
{
	for (size_t i = 0; i < t->nsets; i++)
		if (!strcmp(t->sets[i].name, name))
			return &t->sets[i];
	t->sets = xrealloc(t->sets, (t->nsets + 1) * sizeof(*t->sets));
	struct nft_set *s = &t->sets[t->nsets++];
	*s = (struct nft_set){.name = xstrdup(name), .pos = pos};
	return s;
}

/* Words (and '.', ',', ':') up to the end of the statement, as text. */
static char *rest_of_stmt(struct nft_parser *p)
{
	struct strbuf sb = STRBUF_INIT;
	while (!nft_at_stmt_end(p)) {
		const struct nft_tok *t = nft_next(p);
		bool glue = nft_tok_is(t, ",") || (sb.len && sb.s[sb.len - 1] == ',');
		if (sb.len && !glue)
			sb_adds(&sb, " ");
		if (t->kind == NT_STRING)
			sb_addf(&sb, "\"%s\"", t->text);
		else if (t->kind == NT_VAR)
			sb_addf(&sb, "$%s", t->text);
		else if (t->kind == NT_SETREF)
			sb_addf(&sb, "@%s", t->text);
		else
			sb_adds(&sb, t->text);
	}
	char *s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

/* The type a set's elements are read as: its key's, or for typeof the
 * selector's. */
static struct nft_expr *set_key_model(struct nft_set *s)
{
	struct nft_expr *m = nft_expr_new(EK_CONCAT, s->pos, NULL);
	const char *spec = s->type;
	if (!spec)
		return m;
	char *copy = xstrdup(spec), *save = NULL;
	for (char *w = strtok_r(copy, " .", &save); w; w = strtok_r(NULL, " .", &save)) {
		struct nft_expr *v = nft_expr_new(EK_VALUE, s->pos, w);
		v->type = nft_dtype_by_name(w);
		nft_expr_add(m, v);
	}
	free(copy);
	if (m->nsub == 1) {
		struct nft_expr *one = m->sub[0];
		m->nsub = 0;
		nft_expr_free(m);
		return one;
	}
	return m;
}

static int set_body(struct nft_parser *p, struct nft_set *s)
{
	for (;;) {
		const struct nft_tok *t;
		int more = block_next(p, "set", s->name, &t);
		if (more <= 0)
			return more;
		nft_next(p);
		if (nft_tok_is(t, "handle") && nft_peek(p)->kind == NT_NUM) {
			nft_next(p); /* nft -a lists one after the '{' */
		} else if (nft_tok_is(t, "type") || nft_tok_is(t, "typeof")) {
			char *spec = rest_of_stmt(p);
			char *colon = strstr(spec, " : ");
			if (colon) {
				*colon = '\0';
				set_str(&s->data_type, colon + 3);
			}
			if (nft_tok_is(t, "type")) {
				set_str(&s->type, spec);
			} else {
				set_str(&s->typeof_text, spec);
			}
			free(spec);
		} else if (nft_tok_is(t, "flags")) {
			free(s->flags);
			s->flags = rest_of_stmt(p);
		} else if (nft_tok_is(t, "timeout") || nft_tok_is(t, "gc-interval") || nft_tok_is(t, "size") ||
			   nft_tok_is(t, "policy")) {
			char **dst = nft_tok_is(t, "timeout") ? &s->timeout : nft_tok_is(t, "size") ? &s->size
				     : nft_tok_is(t, "policy") ? &s->policy : &s->gc_interval;
			free(*dst);
			*dst = rest_of_stmt(p);
		} else if (nft_tok_is(t, "counter")) {
			s->counter = true;
		} else if (nft_tok_is(t, "auto-merge")) {
			s->auto_merge = true;
		} else if (nft_tok_is(t, "comment")) {
			const struct nft_tok *c = nft_next(p);
			set_str(&s->comment, c->text);
		} else if (nft_tok_is(t, "elements")) {
			if (nft_expect(p, "=") || nft_expect(p, "{"))
				return -1;
			struct nft_expr *model = set_key_model(s);
			struct nft_expr *e = nft_parse_set_body(p, NULL, true);
			if (!e) {
				nft_expr_free(model);
				return -1;
			}
			nft_expr_type_from(e, model);
			nft_expr_free(model);
			nft_expr_free(s->elements);
			s->elements = e;
		} else {
			return nft_perr_expected(p, t, "type, typeof, flags, timeout, size, policy, counter, auto-merge, comment or elements");
		}
	}
}

/* A flowtable, ct helper, counter, quota ...: kept as statements, not modelled. */
static int object(struct nft_parser *p, struct nft_table *tab, const char *kind)
{
	const struct nft_tok *n = name_tok(p, "a name");
	if (!n)
		return -1;
	tab->objs = xrealloc(tab->objs, (tab->nobjs + 1) * sizeof(*tab->objs));
	struct nft_object *o = &tab->objs[tab->nobjs++];
	*o = (struct nft_object){.kind = xstrdup(kind), .name = xstrdup(n->text), .pos = n->pos};
	if (!nft_accept(p, "{"))
		return 0;
	struct strbuf sb = STRBUF_INIT;
	for (;;) {
		const struct nft_tok *t;
		int more = block_next(p, kind, o->name, &t);
		if (more < 0) {
			sb_free(&sb);
			return -1;
		}
		if (more == 0)
			break;
		if (nft_tok_is(t, "handle") && nft_peek_at(p, 1)->kind == NT_NUM) {
			nft_next(p), nft_next(p); /* nft -a's handle */
			continue;
		}
		int depth = 0;
		while (!(depth == 0 && nft_at_stmt_end(p))) {
			const struct nft_tok *w = nft_next(p);
			if (w->kind == NT_EOF)
				break;
			depth += nft_tok_is(w, "{") - nft_tok_is(w, "}");
			bool glue = nft_tok_is(w, ",") || nft_tok_is(w, ";");
			if (sb.len && sb.s[sb.len - 1] != '\n' && !glue)
				sb_adds(&sb, " ");
			if (w->kind == NT_STRING)
				sb_addf(&sb, "\"%s\"", w->text);
			else
				sb_adds(&sb, w->text);
		}
		sb_adds(&sb, "\n");
	}
	o->body = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return 0;
}

static int parse_file(struct nft_parser *p, const char *path, const struct nft_tok *from);
static int define(struct nft_parser *p);

static int include(struct nft_parser *p)
{
	const struct nft_tok *t = nft_next(p);
	if (t->kind != NT_STRING)
		return nft_perr_expected(p, t, "a file name in quotes");
	return parse_file(p, t->text, t);
}

static int table_body(struct nft_parser *p, struct nft_table *tab)
{
	for (;;) {
		const struct nft_tok *t;
		int more = block_next(p, "table", tab->name, &t);
		if (more <= 0)
			return more;
		nft_next(p);
		if (nft_tok_is(t, "chain")) {
			const struct nft_tok *n = name_tok(p, "a chain name");
			if (!n)
				return -1;
			struct nft_chain *c = chain_get(tab, n->text, n->pos);
			if (nft_accept(p, "{") && chain_body(p, tab, c))
				return -1;
		} else if (nft_tok_is(t, "set") || nft_tok_is(t, "map")) {
			const struct nft_tok *n = name_tok(p, "a set name");
			if (!n)
				return -1;
			struct nft_set *s = set_get(tab, n->text, n->pos);
			s->is_map = nft_tok_is(t, "map");
			if (nft_expect(p, "{") || set_body(p, s))
				return -1;
		} else if (nft_tok_is(t, "flowtable") || nft_tok_is(t, "counter") || nft_tok_is(t, "quota") ||
			   nft_tok_is(t, "limit") || nft_tok_is(t, "secmark") || nft_tok_is(t, "synproxy")) {
			if (object(p, tab, t->text))
				return -1;
		} else if (nft_tok_is(t, "ct")) {
			const struct nft_tok *k = nft_next(p);
			if (!nft_tok_is(k, "helper") && !nft_tok_is(k, "timeout") && !nft_tok_is(k, "expectation"))
				return nft_perr_expected(p, k, "helper, timeout or expectation");
			char kind[32];
			snprintf(kind, sizeof(kind), "ct %s", k->text);
			if (object(p, tab, kind))
				return -1;
		} else if (nft_tok_is(t, "define") || nft_tok_is(t, "redefine")) {
			if (define(p))
				return -1;
		} else if (nft_tok_is(t, "include")) {
			if (include(p))
				return -1;
		} else if (nft_tok_is(t, "flags")) {
			free(tab->flags);
			tab->flags = rest_of_stmt(p);
		} else if (nft_tok_is(t, "comment")) {
			nft_next(p);
		} else if (nft_tok_is(t, "handle")) {
			nft_next(p);
		} else {
			return nft_perr_expected(p, t, "chain, set, map, flowtable, ct, counter, quota, define or include");
		}
	}
}

/* define NAME = VALUE (a value, a concatenation or a set, maybe empty) */
static int define(struct nft_parser *p)
{
	const struct nft_tok *n = nft_next(p);
	if (n->kind != NT_WORD)
		return nft_perr_expected(p, n, "the name being defined");
	if (nft_expect(p, "="))
		return -1;
	struct nft_expr *v = nft_parse_rhs(p, NULL);
	if (!v)
		return -1;
	p->defs = xrealloc(p->defs, (p->ndefs + 1) * sizeof(*p->defs));
	p->defs[p->ndefs++] = (struct nft_define){xstrdup(n->text), v};
	return 0;
}

static int table_cmd(struct nft_parser *p)
{
	enum nft_family f;
	if (family(p, &f))
		return -1;
	const struct nft_tok *n = name_tok(p, "a table name");
	if (!n)
		return -1;
	struct nft_table *t = table_get(p, f, n->text, n->pos);
	p->family = f;
	return nft_accept(p, "{") ? table_body(p, t) : 0;
}

/* flush ruleset | flush table F T | flush chain F T C */
static int flush(struct nft_parser *p)
{
	const struct nft_tok *w = nft_next(p);
	if (nft_tok_is(w, "ruleset")) {
		for (size_t i = 0; i < p->rs->ntables; i++)
			nft_table_free(&p->rs->tables[i]);
		p->rs->ntables = 0;
		return 0;
	}
	if (!nft_tok_is(w, "table") && !nft_tok_is(w, "chain"))
		return nft_perr_expected(p, w, "ruleset, table or chain");
	enum nft_family f;
	if (family(p, &f))
		return -1;
	const struct nft_tok *n = name_tok(p, "a table name");
	if (!n)
		return -1;
	struct nft_table *t = table_find(p, f, n->text);
	if (!t)
		return nft_perr(p, n, "flush: there is no table %s %s", nft_family_name(f), n->text);
	if (nft_tok_is(w, "table")) {
		table_flush(t);
		return 0;
	}
	const struct nft_tok *c = name_tok(p, "a chain name");
	if (!c)
		return -1;
	for (size_t i = 0; i < t->nchains; i++)
		if (!strcmp(t->chains[i].name, c->text))
			chain_flush(&t->chains[i]);
	return 0;
}

/* add|insert rule F T C STATEMENTS ; add chain F T C [{...}] ; add table F T */
static int add_cmd(struct nft_parser *p, bool insert)
{
	const struct nft_tok *w = nft_next(p);
	if (nft_tok_is(w, "table"))
		return table_cmd(p);
	if (!nft_tok_is(w, "rule") && !nft_tok_is(w, "chain") && !nft_tok_is(w, "set") && !nft_tok_is(w, "map") &&
	    !nft_tok_is(w, "element"))
		return nft_perr_expected(p, w, "table, chain, rule, set, map or element");
	enum nft_family f;
	if (family(p, &f))
		return -1;
	const struct nft_tok *tn = name_tok(p, "a table name");
	if (!tn)
		return -1;
	struct nft_table *t = table_find(p, f, tn->text);
	if (!t)
		return nft_perr(p, tn, "there is no table %s %s", nft_family_name(f), tn->text);
	p->family = f;
	const struct nft_tok *n = name_tok(p, "a name");
	if (!n)
		return -1;
	if (nft_tok_is(w, "chain")) {
		struct nft_chain *c = chain_get(t, n->text, n->pos);
		return nft_accept(p, "{") ? chain_body(p, t, c) : 0;
	}
	if (nft_tok_is(w, "set") || nft_tok_is(w, "map")) {
		struct nft_set *s = set_get(t, n->text, n->pos);
		s->is_map = nft_tok_is(w, "map");
		return nft_expect(p, "{") || set_body(p, s);
	}
	if (nft_tok_is(w, "element")) {
		struct nft_set *s = NULL;
		for (size_t i = 0; i < t->nsets; i++)
			if (!strcmp(t->sets[i].name, n->text))
				s = &t->sets[i];
		if (!s)
			return nft_perr(p, n, "there is no set %s in table %s", n->text, t->name);
		if (nft_expect(p, "{"))
			return -1;
		struct nft_expr *e = nft_parse_set_body(p, NULL, true);
		if (!e)
			return -1;
		if (!s->elements)
			s->elements = nft_expr_new(EK_SET, e->pos, "named");
		for (size_t i = 0; i < e->nsub; i++)
			nft_expr_add(s->elements, e->sub[i]);
		e->nsub = 0;
		nft_expr_free(e);
		return 0;
	}
	struct nft_chain *c = NULL;
	for (size_t i = 0; i < t->nchains; i++)
		if (!strcmp(t->chains[i].name, n->text))
			c = &t->chains[i];
	if (!c)
		return nft_perr(p, n, "there is no chain %s in table %s %s", n->text, nft_family_name(f), t->name);
	struct nft_rule r;
	if (nft_parse_rule(p, &r)) {
		nft_rule_free(&r);
		return -1;
	}
	c->rules = xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
	if (insert) {
		memmove(&c->rules[1], &c->rules[0], c->nrules * sizeof(*c->rules));
		c->rules[0] = r;
	} else {
		c->rules[c->nrules] = r;
	}
	c->nrules++;
	return 0;
}

static int top_level(struct nft_parser *p)
{
	for (;;) {
		nft_skip_nl(p, true);
		const struct nft_tok *t = nft_peek(p);
		if (t->kind == NT_EOF)
			return 0;
		nft_next(p);
		int rc;
		if (nft_tok_is(t, "table"))
			rc = table_cmd(p);
		else if (nft_tok_is(t, "flush"))
			rc = flush(p);
		else if (nft_tok_is(t, "define") || nft_tok_is(t, "redefine"))
			rc = define(p);
		else if (nft_tok_is(t, "include"))
			rc = include(p);
		else if (nft_tok_is(t, "add") || nft_tok_is(t, "create"))
			rc = add_cmd(p, false);
		else if (nft_tok_is(t, "insert"))
			rc = add_cmd(p, true);
		else if (nft_tok_is(t, "chain") || nft_tok_is(t, "rule")) {
			p->i--;
			rc = add_cmd(p, false);
		} else
			rc = nft_perr_expected(p, t, "table, flush, define, include, add or insert");
		if (rc)
			return rc;
	}
}

static const char *remember_file(struct nft_parser *p, const char *path)
{
	struct nft_ruleset *rs = p->rs;
	rs->files = xrealloc(rs->files, (rs->nfiles + 1) * sizeof(*rs->files));
	rs->files[rs->nfiles] = xstrdup(path);
	return rs->files[rs->nfiles++];
}

static int parse_text(struct nft_parser *p, const char *text, size_t len, const char *name)
{
	const char *file = remember_file(p, name);
	struct nft_toks saved = p->toks;
	size_t saved_i = p->i;
	p->toks = (struct nft_toks){0};
	p->i = 0;
	int rc = nft_lex(text, len, file, &p->toks, p->err);
	if (rc == 0)
		rc = top_level(p);
	nft_toks_free(&p->toks);
	p->toks = saved;
	p->i = saved_i;
	return rc;
}

static int read_whole(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		size_t old = sb.len;
		sb_addf(&sb, "%.*s", (int)n, buf);
		if (sb.len != old + n) { /* a NUL byte: sb_addf stopped at it */
			sb_free(&sb);
			fclose(f);
			errno = EINVAL;
			return -1;
		}
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		sb_free(&sb);
		return -1;
	}
	*text = sb.s ? sb.s : xstrdup("");
	*len = sb.len;
	return 0;
}

static int parse_one(struct nft_parser *p, const char *path, const struct nft_tok *from)
{
	char *text;
	size_t len;
	if (read_whole(path, &text, &len)) {
		if (from)
			return nft_perr(p, from, "cannot read the included file %s: %s", path, strerror(errno));
		snprintf(p->err->file, sizeof(p->err->file), "%s", path);
		p->err->line = 0;
		snprintf(p->err->msg, sizeof(p->err->msg), "cannot read the nftables ruleset: %s", strerror(errno));
		return -1;
	}
	int rc = parse_text(p, text, len, path);
	free(text);
	return rc;
}

/* An include is looked up as nft does: an absolute path as it is; a
 * relative one beside the including file, then in the include
 * directories.  A pattern (with * ? [) that matches nothing is no error,
 * as in nft; a plain name that is not there is. */
static int parse_file(struct nft_parser *p, const char *path, const struct nft_tok *from)
{
	if (p->depth >= 16)
		return nft_perr(p, from, "includes nest deeper than 16 files (an include loop?)");
	struct strbuf full = STRBUF_INIT;
	bool pattern = strpbrk(path, "*?[") != NULL;
	const char *const *dirs = p->opts && p->opts->include_dirs ? p->opts->include_dirs : NULL;
	size_t ndirs = 0;
	while (dirs && dirs[ndirs])
		ndirs++;
	int rc = 0;
	bool found = false;
	for (size_t k = 0; k <= ndirs && !found; k++) {
		sb_reset(&full);
		if (path[0] == '/' || !from) {
			if (k > 0)
				break;
			sb_adds(&full, path);
		} else if (k == 0) {
			const char *slash = strrchr(from->pos.file, '/');
			if (slash)
				sb_addf(&full, "%.*s/", (int)(slash - from->pos.file), from->pos.file);
			sb_adds(&full, path);
		} else {
			sb_addf(&full, "%s/%s", dirs[k - 1], path);
		}
		glob_t g;
		int gr = glob(sb_str(&full), 0, NULL, &g);
		if (gr == 0) {
			found = true;
			p->depth++;
			for (size_t i = 0; i < g.gl_pathc && rc == 0; i++)
				rc = parse_one(p, g.gl_pathv[i], from);
			p->depth--;
		}
		globfree(&g);
	}
	if (!found && !pattern)
		rc = nft_perr(p, from, "cannot include \"%s\": no such file%s", path,
			      dirs ? " (nor in the include directories)" : "");
	sb_free(&full);
	return rc;
}

/* What nft's evaluation adds to a set that rules fill from the packet
 * path (`add @s`, `update @s`): the dynamic flag, and a size of 65535
 * when none was given (nft 1.0.6 against Linux 6.18 lists both).  The
 * size is a limit too: a full set refuses more elements. */
static void sets_filled_by_rules(struct nft_ruleset *rs)
{
	for (size_t i = 0; i < rs->ntables; i++) {
		struct nft_table *t = &rs->tables[i];
		for (size_t c = 0; c < t->nchains; c++)
			for (size_t r = 0; r < t->chains[c].nrules; r++) {
				const struct nft_rule *rule = &t->chains[c].rules[r];
				for (size_t k = 0; k < rule->nstmts; k++) {
					const struct nft_stmt *st = &rule->stmts[k];
					if (st->kind != SK_WORDS || (strcmp(st->name, "add") && strcmp(st->name, "update")) ||
					    !st->nargs || !st->args[0].val || st->args[0].val->kind != EK_SETREF)
						continue;
					struct nft_set *set = NULL;
					for (size_t n = 0; n < t->nsets && !set; n++)
						if (!strcmp(t->sets[n].name, st->args[0].val->text))
							set = &t->sets[n];
					if (!set)
						continue;
					if (!set->size)
						set_str(&set->size, "65535");
					if (!set->flags)
						set_str(&set->flags, "dynamic");
					else if (!strstr(set->flags, "dynamic")) {
						size_t n = strlen(set->flags) + sizeof("dynamic,");
						char *f = xmalloc(n);
						snprintf(f, n, "dynamic,%s", set->flags);
						free(set->flags);
						set->flags = f;
					}
				}
			}
	}
}

static void parser_free(struct nft_parser *p)
{
	for (size_t i = 0; i < p->ndefs; i++) {
		free(p->defs[i].name);
		nft_expr_free(p->defs[i].val);
	}
	free(p->defs);
}

int nft_load_file(const char *path, const struct nft_opts *o, struct nft_ruleset *rs, struct nf_error *err)
{
	struct nft_parser p = {.rs = rs, .opts = o, .err = err};
	*rs = (struct nft_ruleset){0};
	err->msg[0] = '\0';
	int rc = parse_one(&p, path, NULL);
	if (!rc)
		sets_filled_by_rules(rs);
	parser_free(&p);
	return rc;
}

int nft_load_text(const char *text, const char *name, const struct nft_opts *o, struct nft_ruleset *rs,
		  struct nf_error *err)
{
	struct nft_parser p = {.rs = rs, .opts = o, .err = err};
	*rs = (struct nft_ruleset){0};
	err->msg[0] = '\0';
	int rc = parse_text(&p, text, strlen(text), name);
	if (!rc)
		sets_filled_by_rules(rs);
	parser_free(&p);
	return rc;
}
