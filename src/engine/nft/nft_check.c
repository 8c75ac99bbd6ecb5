/* nft_check.c - what the walk can evaluate, checked once at load: every
 * expression and statement the evaluator does not model is refused with
 * its file:line:column and why, never silently skipped. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

static int refuse(struct nf_error *err, struct nft_pos at, const char *fmt, const char *what)
{
	snprintf(err->file, sizeof(err->file), "%s", at.file ? at.file : "");
	err->line = at.line;
	err->col = at.col > 0 ? at.col - 1 : 0;
	snprintf(err->msg, sizeof(err->msg), fmt, what);
	return -1;
}

static int check_expr(const struct nft_table *t, const struct nft_expr *e, struct nf_error *err)
{
	const char *why;
	if (nft_is_fib(e))
		return nft_fib_can(e, &why) ? 0 : refuse(err, e->pos, "%s", why);
	if (nft_is_gen(e) && !nft_gen_can(e, &why))
		return refuse(err, e->pos, "%s", why);
	if (!nft_ct_can(e, &why))
		return refuse(err, e->pos, "%s", why);
	if (nft_is_tcpopt(e))
		return nft_tcpopt_can(e, &why) ? 0 : refuse(err, e->pos, "%s", why);
	if (e->kind == EK_SELECTOR && !nft_is_gen(e) && !nft_is_ct_key(e) && !nval_can_read(e->sel)) {
		char what[64];
		snprintf(what, sizeof(what), "%s%s%s", e->sel ? e->sel->proto : "?",
			 e->sel && e->sel->field ? " " : "", e->sel && e->sel->field ? e->sel->field : "");
		return refuse(err, e->pos, "`%s` is not evaluated by nfwalk yet", what);
	}
	if (e->kind == EK_SETREF && !nft_find_set(t, e->text))
		return refuse(err, e->pos, "no set or map @%s in this table", e->text);
	if (e->kind == EK_MAP && strcmp(e->text, "vmap") && !nft_map_can(t, e, &why))
		return refuse(err, e->pos, "%s", why);
	if (e->kind == EK_VERDICT && (!strncmp(e->text, "queue", 5)))
		return refuse(err, e->pos, "`%s` in a verdict map is not evaluated by nfwalk yet", e->text);
	for (size_t i = 0; i < e->nsub; i++)
		if (check_expr(t, e->sub[i], err))
			return -1;
	return 0;
}

static const char *const statements[] = {"counter", "log",    "limit",   "quota",  "reject", "dnat",
					 "snat",    "masquerade", "redirect", "notrack", "queue", "flow",
					 "add",     "update", "delete"};

/* The named object a limit, quota or counter statement points at. */
static int check_named(const struct nft_table *t, const struct nft_stmt *s, const struct nft_expr *name,
		       struct nf_error *err)
{
	const char *why;
	if (!nft_object_can(t, s->name, name->text, &why))
		return refuse(err, s->pos, "%s", why);
	return 0;
}

static int check_words(const struct nft_table *t, const struct nft_stmt *s, struct nf_error *err)
{
	bool known = false;
	const char *why;
	for (size_t i = 0; i < ARRAY_SIZE(statements); i++)
		known |= !strcmp(statements[i], s->name);
	if (!known)
		return refuse(err, s->pos, "the `%s` statement is not evaluated by nfwalk yet", s->name);
	if (!strcmp(s->name, "add") || !strcmp(s->name, "update") || !strcmp(s->name, "delete")) {
		if (!nft_dynset_can(t, s, &why))
			return refuse(err, s->pos, "%s", why);
		return check_expr(t, s->args[1].val->sub[0], err);
	}
	if (!strcmp(s->name, "flow"))
		return 0;
	for (size_t i = 0; i < s->nargs; i++) {
		const struct nft_arg *a = &s->args[i];
		if (a->key && !strcmp(a->key, "name"))
			return check_named(t, s, a->val, err);
		if (a->key && !strcmp(a->key, "to") && a->val && a->val->kind == EK_MAP &&
		    check_expr(t, a->val, err))
			return -1;
	}
	return 0;
}

/* What a set statement may write: marks and the priority, the ct
 * helper, the payload fields nft_payload_set.c writes. */
static bool settable(const struct nft_expr *l)
{
	if (l->kind != EK_SELECTOR || !l->sel || !l->sel->field)
		return false;
	if (!strcmp(l->sel->proto, "meta"))
		return !strcmp(l->sel->field, "mark") || !strcmp(l->sel->field, "priority") ||
		       !strcmp(l->sel->field, "nftrace");
	if (!strcmp(l->sel->proto, "ct"))
		return !strcmp(l->sel->field, "mark") || !strcmp(l->sel->field, "helper");
	return nft_payload_set_can(l);
}

static int check_stmt(const struct nft_table *t, const struct nft_stmt *s, struct nf_error *err)
{
	if (s->kind == SK_WORDS)
		return check_words(t, s, err);
	if (s->kind == SK_SET) {
		const struct nft_expr *l = s->expr->sub[0], *v = s->expr->sub[1];
		if (!settable(l))
			return refuse(err, s->pos, "%s",
				      "only meta mark, meta priority, meta nftrace, ct mark, ct helper and ip/ip6 dscp, ttl, "
				      "hoplimit, tcp/udp/th ports set are evaluated by nfwalk yet");
		if (!strcmp(l->sel->proto, "ct") && !strcmp(l->sel->field, "helper")) {
			const char *why;
			if (v->kind != EK_VALUE || !nft_object_can(t, "ct helper", v->text, &why))
				return refuse(err, s->pos, "%s", "ct helper set needs a ct helper object of this table");
			return 0;
		}
		if (v->kind != EK_VALUE && v->kind != EK_BINOP && v->kind != EK_SELECTOR && v->kind != EK_MAP)
			return refuse(err, s->pos, "%s", "this value of a set statement is not evaluated by nfwalk yet");
		return v->kind == EK_VALUE ? 0 : check_expr(t, v, err);
	}
	return s->expr ? check_expr(t, s->expr, err) : 0;
}

int nft_check(const struct nft_ruleset *rs, struct nf_error *err)
{
	for (size_t i = 0; i < rs->ntables; i++) {
		const struct nft_table *t = &rs->tables[i];
		for (size_t c = 0; c < t->nchains; c++) {
			const struct nft_chain *ch = &t->chains[c];
			if (ch->base && ch->hook && !strcmp(ch->hook, "ingress"))
				return refuse(err, ch->pos, "%s",
					      "ingress hooks are not evaluated by nfwalk yet");
			for (size_t r = 0; r < ch->nrules; r++)
				for (size_t k = 0; k < ch->rules[r].nstmts; k++)
					if (check_stmt(t, &ch->rules[r].stmts[k], err))
						return -1;
		}
	}
	return 0;
}

bool nft_family_sees(enum nft_family f, int fam)
{
	return f == NF_FAM_INET || (f == NF_FAM_IP && fam == FAMILY_IPV4) ||
	       (f == NF_FAM_IP6 && fam == FAMILY_IPV6);
}

static bool expr_uses_ct(const struct nft_expr *e)
{
	if (e->kind == EK_SELECTOR && e->sel && !strcmp(e->sel->proto, "ct"))
		return true;
	for (size_t i = 0; i < e->nsub; i++)
		if (expr_uses_ct(e->sub[i]))
			return true;
	return false;
}

static bool expr_counts(const struct nft_expr *e)
{
	if (nft_ct_counts(e))
		return true;
	for (size_t i = 0; i < e->nsub; i++)
		if (expr_counts(e->sub[i]))
			return true;
	return false;
}

bool nft_needs_acct(const struct nft_ruleset *rs)
{
	for (size_t i = 0; rs && i < rs->ntables; i++)
		for (size_t c = 0; c < rs->tables[i].nchains; c++) {
			const struct nft_chain *ch = &rs->tables[i].chains[c];
			for (size_t r = 0; r < ch->nrules; r++)
				for (size_t k = 0; k < ch->rules[r].nstmts; k++) {
					const struct nft_stmt *s = &ch->rules[r].stmts[k];
					if (s->expr && expr_counts(s->expr))
						return true;
				}
		}
	return false;
}

/* A fresh namespace tracks connections only once something needs it:
 * the ct expression, a nat chain (nft_chain_nat needs nf_conntrack). */
bool nft_needs_ct(const struct nft_ruleset *rs, int fam)
{
	for (size_t i = 0; rs && i < rs->ntables; i++) {
		const struct nft_table *t = &rs->tables[i];
		if (!nft_family_sees(t->family, fam))
			continue;
		for (size_t c = 0; c < t->nchains; c++) {
			const struct nft_chain *ch = &t->chains[c];
			if (ch->base && ch->type && !strcmp(ch->type, "nat"))
				return true;
			for (size_t r = 0; r < ch->nrules; r++)
				for (size_t k = 0; k < ch->rules[r].nstmts; k++) {
					const struct nft_stmt *s = &ch->rules[r].stmts[k];
					if (s->expr && expr_uses_ct(s->expr))
						return true;
				}
		}
	}
	return false;
}
