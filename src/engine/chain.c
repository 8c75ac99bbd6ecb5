/* chain.c - one table's walk at one hook, as ipt_do_table does it: rules
 * in order, the first failing match ends a rule, targets, jumps (-j, with a
 * return point) and gotos (-g, without), RETURN, and the built-in chain's
 * policy.  Every evaluation is an event, so the trace can say why. */
#include <stdio.h>

#include "walker.h"

#define CHAIN_MAX_DEPTH 64

struct frame {
	struct chain *chain;
	size_t next; /* index of the rule to resume at */
};

static void count(struct rule *r, const struct packet *p)
{
	r->pkts++;
	r->bytes += pkt_tot_len(p);
}

/* Emit the rule's evaluation; returns whether it matched. */
static bool evaluate(struct walker *w, struct xt_ctx *ctx, const struct chain *c, size_t i)
{
	struct match_result res[RULE_MAX_RESULTS];
	int nres = 0;
	const struct rule *r = c->rules[i];
	bool m = rule_match(r, ctx, res, RULE_MAX_RESULTS, &nres);
	struct emit_args a = {.chain = c->name,
			      .rule = (int)i + 1,
			      .rule_ptr = r,
			      .matched = m,
			      .results = res,
			      .nresults = nres};
	if (m)
		emit(w, EV_RULE, &a, "%s rule %zu matched", c->name, i + 1);
	else
		emit(w, EV_RULE, &a, "%s rule %zu: no match (%s)", c->name, i + 1,
		     nres ? res[nres - 1].text : "no test");
	return m;
}

static void emit_target(struct walker *w, const struct chain *c, size_t i, enum verdict v,
			const char *detail, const char *fmt, const char *what)
{
	struct emit_args a = {.chain = c->name,
			      .rule = (int)i + 1,
			      .rule_ptr = c->rules[i],
			      .matched = true,
			      .verdict = v,
			      .detail = detail};
	emit(w, EV_TARGET, &a, fmt, what);
}

/* Run an extension target; returns its verdict (CONTINUE, ACCEPT, DROP,
 * QUEUE). */
static enum verdict run_target(struct walker *w, struct xt_ctx *ctx, const struct chain *c,
			       size_t i, bool *rejected)
{
	const struct rule *r = c->rules[i];
	struct pkt_view before;
	pkt_view_of(w->p, &before);
	ctx->why[0] = '\0';
	ctx->spawn = NULL;
	ctx->rejected = false;
	ctx->log = false;
	enum verdict v = r->target.type->exec(&r->target, ctx);
	char text[400];
	snprintf(text, sizeof(text), "-j %s: %s", r->target.type->name,
		 ctx->why[0] && !ctx->log ? ctx->why : verdict_name(v));
	emit_target(w, c, i, v, ctx->log ? ctx->why : NULL, "%s", text);
	char why[64];
	snprintf(why, sizeof(why), "%s", r->target.type->name);
	emit_rewrites(w, &before, false, why);
	if (ctx->spawn)
		walker_spawn(w, ctx->spawn);
	if (ctx->rejected)
		*rejected = true;
	return v;
}

static void emit_chain_end(struct walker *w, const struct chain *c, enum verdict v, int rule,
			   bool policy)
{
	struct emit_args a = {.chain = c->name, .rule = rule, .verdict = v, .policy = policy};
	if (policy)
		emit(w, EV_VERDICT, &a, "%s: end of chain, policy %s", c->name, verdict_name(v));
	else if (v == V_RETURN)
		emit(w, EV_VERDICT, &a, "%s: return to the calling chain", c->name);
	else
		emit(w, EV_VERDICT, &a, "%s: verdict %s (rule %d)", c->name, verdict_name(v), rule);
}

static struct xt_ctx make_ctx(struct walker *w, enum nf_table t, enum nf_hook h)
{
	struct packet *p = w->p;
	bool has_in = h == HOOK_PREROUTING || h == HOOK_INPUT || h == HOOK_FORWARD;
	bool has_out = h == HOOK_FORWARD || h == HOOK_OUTPUT || h == HOOK_POSTROUTING;
	return (struct xt_ctx){
		.eng = w->e,
		.p = p,
		.hook = h,
		.table = t,
		.in = has_in ? p->iif : NULL,
		.out = has_out ? p->oif : NULL,
	};
}

enum verdict chain_run(struct walker *w, enum nf_table t, enum nf_hook h, bool *rejected)
{
	struct chain *base = ruleset_builtin(&w->e->rules, t, h);
	*rejected = false;
	if (!base)
		return V_ACCEPT;
	struct xt_ctx ctx = make_ctx(w, t, h);
	struct frame stack[CHAIN_MAX_DEPTH];
	int depth = 0;
	struct chain *c = base;
	size_t i = 0;

	for (;;) {
		if (i >= c->nrules) {
			if (c == base) {
				base->policy_pkts++;
				base->policy_bytes += pkt_tot_len(w->p);
				emit_chain_end(w, base, base->policy, 0, true);
				return base->policy;
			}
			emit_chain_end(w, c, V_RETURN, 0, false);
			if (depth == 0) {
				c = base;
				i = base->nrules; /* gone to from the base: its policy decides */
				continue;
			}
			depth--;
			c = stack[depth].chain;
			i = stack[depth].next;
			continue;
		}
		if (!evaluate(w, &ctx, c, i)) {
			i++;
			continue;
		}
		struct rule *r = c->rules[i];
		count(r, w->p);
		enum verdict v = V_CONTINUE;
		switch (r->action) {
		case RA_NONE:
			emit_target(w, c, i, V_CONTINUE, NULL, "%s", "no target: counted, continue");
			break;
		case RA_VERDICT:
			v = r->verdict;
			emit_target(w, c, i, v, NULL, "-j %s", verdict_name(v));
			break;
		case RA_JUMP:
		case RA_GOTO: {
			struct chain *to = ruleset_chain(&w->e->rules, t, r->jump);
			bool go = r->action == RA_GOTO;
			if (!to || depth >= CHAIN_MAX_DEPTH) {
				emit_target(w, c, i, V_DROP, NULL, "%s",
					    "jump target missing or too deep: dropped");
				return V_DROP;
			}
			char what[96];
			snprintf(what, sizeof(what), "%s %s", go ? "-g" : "-j", to->name);
			emit_target(w, c, i, go ? V_GOTO : V_JUMP, NULL, "%s", what);
			if (!go)
				stack[depth++] = (struct frame){c, i + 1};
			c = to;
			i = 0;
			continue;
		}
		case RA_TARGET:
			v = run_target(w, &ctx, c, i, rejected);
			break;
		}
		if (v == V_CONTINUE) {
			i++;
			continue;
		}
		if (v == V_RETURN) {
			if (c == base) {
				i = base->nrules;
				continue;
			}
			if (depth == 0) {
				emit_chain_end(w, c, V_RETURN, (int)i + 1, false);
				c = base;
				i = base->nrules;
				continue;
			}
			emit_chain_end(w, c, V_RETURN, (int)i + 1, false);
			depth--;
			c = stack[depth].chain;
			i = stack[depth].next;
			continue;
		}
		emit_chain_end(w, c, v, (int)i + 1, false);
		return v;
	}
}
