/* nft_ast.c - making, copying and freeing the ruleset's tree. */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft_ast.h"

#include <stdlib.h>

struct nft_expr *nft_expr_new(enum nft_ekind k, struct nft_pos pos, const char *text)
{
	struct nft_expr *e = xcalloc(1, sizeof(*e));
	e->kind = k;
	e->pos = pos;
	e->text = text ? xstrdup(text) : NULL;
	return e;
}

void nft_expr_add(struct nft_expr *e, struct nft_expr *sub)
{
	e->sub = xrealloc(e->sub, (e->nsub + 1) * sizeof(*e->sub));
	e->sub[e->nsub++] = sub;
}

/* A define's value copied where it is used; pos is the use's position,
 * so an error in it points at $name. */
struct nft_expr *nft_expr_clone(const struct nft_expr *e, struct nft_pos pos)
{
	struct nft_expr *c = nft_expr_new(e->kind, pos, e->text);
	c->type = e->type;
	c->sel = e->sel;
	c->sel_arg = e->sel_arg ? xstrdup(e->sel_arg) : NULL;
	for (size_t i = 0; i < e->nsub; i++)
		nft_expr_add(c, nft_expr_clone(e->sub[i], pos));
	return c;
}

void nft_expr_free(struct nft_expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nsub; i++)
		nft_expr_free(e->sub[i]);
	free(e->sub);
	free(e->text);
	free(e->sel_arg);
	free(e->lit);
	free(e);
}

void nft_stmt_free(struct nft_stmt *s)
{
	nft_expr_free(s->expr);
	for (size_t i = 0; i < s->nargs; i++) {
		free(s->args[i].key);
		nft_expr_free(s->args[i].val);
	}
	free(s->args);
}

void nft_rule_free(struct nft_rule *r)
{
	for (size_t i = 0; i < r->nstmts; i++)
		nft_stmt_free(&r->stmts[i]);
	free(r->stmts);
	free(r->comment);
}

void nft_chain_free(struct nft_chain *c)
{
	for (size_t i = 0; i < c->nrules; i++)
		nft_rule_free(&c->rules[i]);
	free(c->rules);
	free(c->name);
	free(c->type);
	free(c->hook);
	free(c->device);
	free(c->policy);
	free(c->comment);
}

void nft_set_free(struct nft_set *s)
{
	char *strs[] = {s->name, s->type, s->typeof_text, s->data_type, s->flags, s->timeout,
			s->gc_interval, s->size, s->policy, s->comment};
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		free(strs[i]);
	nft_expr_free(s->elements);
}

void nft_table_free(struct nft_table *t)
{
	for (size_t i = 0; i < t->nobjs; i++) {
		free(t->objs[i].kind);
		free(t->objs[i].name);
		free(t->objs[i].body);
	}
	free(t->objs);
	for (size_t i = 0; i < t->nsets; i++)
		nft_set_free(&t->sets[i]);
	free(t->sets);
	for (size_t i = 0; i < t->nchains; i++)
		nft_chain_free(&t->chains[i]);
	free(t->chains);
	free(t->name);
	free(t->flags);
}

void nft_ruleset_free(struct nft_ruleset *rs)
{
	for (size_t i = 0; i < rs->ntables; i++)
		nft_table_free(&rs->tables[i]);
	free(rs->tables);
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	*rs = (struct nft_ruleset){0};
}

const char *nft_family_name(enum nft_family f)
{
	static const char *const names[] = {[NF_FAM_IP] = "ip", [NF_FAM_IP6] = "ip6", [NF_FAM_INET] = "inet"};
	return names[f];
}
