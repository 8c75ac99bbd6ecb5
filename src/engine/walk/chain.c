/* chain.c - one table's walk at one hook, as ipt_do_table does it: rules
 * in order, the first failing match ends a rule, targets, jumps (-j, with a
 * return point) and gotos (-g, without), RETURN, and the built-in chain's
 * policy.  Every evaluation is an event, so the trace can say why. */
#include <stdio.h>
#include <string.h>

#include "engine/walk/classify.h"
#include "engine/walk/walker.h"
#include "lib/fmt.h"

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

/* What the rule's -j or -g names, for the event's jump field. */
static const char *jump_of(const struct rule *r)
{
	switch (r->action) {
	case RA_VERDICT:
		return verdict_name(r->verdict);
	case RA_JUMP:
	case RA_GOTO:
		return r->jump;
	case RA_TARGET:
		return r->target.type->name;
	default:
		return NULL;
	}
}

/* "%s rule %zu matched" or "%s rule %zu: no match (%s)" as snprintf would
 * make it, without its parsing: a trace through a 50,000-rule chain made
 * one such sentence per rule (a tenth of the TUI's first frame).  Returns
 * its length. */
static size_t rule_sentence(char *buf, size_t size, const char *chain, size_t rule, bool matched,
			    const char *why)
{
	struct fmt_cursor o = fmt_cursor(buf, size);
	fmt_puts(&o, chain);
	fmt_puts(&o, " rule ");
	fmt_put_u(&o, rule);
	if (matched) {
		fmt_puts(&o, " matched");
	} else {
		fmt_puts(&o, ": no match (");
		fmt_puts(&o, why);
		fmt_puts(&o, ")");
	}
	return fmt_close(&o, buf);
}

/* Emit the rule's evaluation; returns whether it matched.  The tests
 * leave their results only for a sink that reads them. */
static bool evaluate(struct walker *w, struct xt_ctx *ctx, const struct chain *c, size_t i)
{
	const struct rule *r = c->rules[i];
	if (!walker_says(w, EV_RULE)) {
		bool m = rule_match(r, ctx, NULL, 0, NULL);
		/* a compound literal: built only for a sink that wants it */
		emit_n(w, EV_RULE,
		       &(struct emit_args){.chain = c->name,
					   .chain_n = c->name_n,
					   .rule = (int)i + 1,
					   .rule_ptr = r,
					   .jump = jump_of(r),
					   .matched = m},
		       "", 0);
		return m;
	}
	struct match_result res[RULE_MAX_RESULTS];
	int nres = 0;
	bool m = rule_match(r, ctx, res, RULE_MAX_RESULTS, &nres);
	struct event_result said[RULE_MAX_RESULTS];
	event_results_of(said, res, nres);
	struct emit_args a = {.chain = c->name,
			      .chain_n = c->name_n,
			      .rule = (int)i + 1,
			      .rule_ptr = r,
			      .jump = jump_of(r),
			      .matched = m,
			      .results = said,
			      .nresults = nres};
	char text[512];
	size_t n = 0;
	text[0] = '\0';
	if (walker_reads_sentence(w, EV_RULE)) /* the text trace prints the rule itself */
		n = rule_sentence(text, sizeof(text), c->name, i + 1, m,
				  nres ? res[nres - 1].text : "no test");
	emit_n(w, EV_RULE, &a, text, n);
	return m;
}

/* The rule's target ran, saying text (n bytes). */
static void emit_target(struct walker *w, const struct chain *c, size_t i, enum verdict v,
			const char *detail, const char *text, size_t n)
{
	emit_n(w, EV_TARGET,
	     &(struct emit_args){.chain = c->name,
				 .chain_n = c->name_n,
				 .rule = (int)i + 1,
				 .rule_ptr = c->rules[i],
				 .jump = jump_of(c->rules[i]),
				 .matched = true,
				 .verdict = v,
				 .detail = detail},
	       text, n);
}

/* emit_target of a literal */
#define EMIT_TARGET_LIT(w, c, i, v, lit) emit_target((w), (c), (i), (v), NULL, "" lit, sizeof(lit) - 1)

/* Run an extension target; returns its verdict (CONTINUE, ACCEPT, DROP,
 * QUEUE). */
static enum verdict run_target(struct walker *w, struct xt_ctx *ctx, const struct chain *c,
			       size_t i, bool *rejected)
{
	const struct rule *r = c->rules[i];
	struct pkt_view before;
	bool views = walker_sees_rewrites(w);
	if (views)
		pkt_view_of(w->p, &before);
	ctx->why[0] = '\0';
	ctx->spawn = NULL;
	ctx->rejected = false;
	ctx->log = false;
	ctx->note[0] = '\0';
	enum verdict v = r->target.type->exec(&r->target, ctx);
	char text[400];
	size_t n = 0;
	text[0] = '\0';
	if (walker_says(w, EV_TARGET)) { /* "-j %s: %s" */
		struct fmt_cursor o = fmt_cursor(text, sizeof(text));
		fmt_puts(&o, "-j ");
		fmt_puts(&o, r->target.type->name);
		fmt_puts(&o, ": ");
		if (ctx->why[0] && !ctx->log)
			fmt_puts(&o, ctx->why);
		else
			fmt_putn(&o, verdict_name(v), verdict_name_len(v));
		n = fmt_close(&o, text);
	}
	emit_target(w, c, i, v, ctx->log ? ctx->why : NULL, text, n);
	if (views)
		emit_rewrites(w, &before, false, r->target.type->name);
	if (ctx->note[0])
		emit(w, EV_NOTE, NULL, "%s", ctx->note);
	if (ctx->spawn)
		walker_spawn(w, ctx->spawn);
	if (ctx->rejected)
		*rejected = true;
	return v;
}

static void say_chain_end(struct walker *w, const struct chain *c, enum verdict v, int rule,
			  bool policy)
{
	struct emit_args a = {.chain = c->name,
			      .chain_n = c->name_n,
			      .rule = rule,
			      .verdict = v,
			      .policy = policy};
	/* by pieces, not through a format: a trace says this for every
	 * chain a packet passes, four or five a packet (512: the sentence
	 * is cut there anyway, whatever its chain's name) */
	char said[512];
	struct fmt_cursor o = fmt_cursor(said, sizeof(said));
	fmt_putn(&o, c->name, c->name_n);
	if (policy) {
		fmt_puts(&o, ": end of chain, policy ");
		fmt_putn(&o, verdict_name(v), verdict_name_len(v));
	} else if (v == V_RETURN) {
		fmt_puts(&o, ": return to the calling chain");
	} else {
		fmt_puts(&o, ": verdict ");
		fmt_putn(&o, verdict_name(v), verdict_name_len(v));
		fmt_puts(&o, " (rule ");
		fmt_put_u(&o, (unsigned)rule); /* a rule's: 1 and up */
		fmt_puts(&o, ")");
	}
	size_t n = fmt_close(&o, said);
	emit_n(w, EV_VERDICT, &a, said, n);
}

/* Inline: every chain a packet passes ends, most with nobody reading. */
static inline void emit_chain_end(struct walker *w, const struct chain *c, enum verdict v,
				  int rule, bool policy)
{
	if (walker_wants(w, EV_VERDICT))
		say_chain_end(w, c, v, rule, policy);
	else /* only the step: no arguments to build */
		emit_n(w, EV_VERDICT, NULL, "", 0);
}

/* Fields set one by one, not `*ctx = (struct xt_ctx){...}`: that zeroes
 * why[] at every table a packet passes; targets write it before it is
 * read (run_target empties it). */
static void make_ctx(struct xt_ctx *ctx, struct walker *w, enum nf_table t, enum nf_hook h)
{
	struct packet *p = w->p;
	bool has_in = h == HOOK_PREROUTING || h == HOOK_INPUT || h == HOOK_FORWARD;
	bool has_out = h == HOOK_FORWARD || h == HOOK_OUTPUT || h == HOOK_POSTROUTING;
	ctx->net = &w->e->net;
	ctx->ct = &w->e->ct;
	/* -m recent's lists belong to the namespace, shared by iptables and
	 * ip6tables rules (xt_recent keeps both families in one list): the
	 * IPv4 ruleset holds them */
	ctx->recent = &w->e->rules.recent;
	ctx->sets = engine_rules(w->e, pkt_family(p))->sets;
	ctx->socks = &w->e->socks;
	ctx->p = p;
	ctx->hook = h;
	ctx->table = t;
	ctx->in = has_in ? p->iif : NULL;
	ctx->out = has_out ? p->oif : NULL;
	ctx->quiet = !walker_says(w, EV_TARGET);
	ctx->why[0] = '\0';
	ctx->spawn = NULL;
	ctx->rejected = false;
	ctx->queue_num = 0;
	ctx->log = false;
	ctx->note[0] = '\0';
}

/* Where a table walk is: the chain and rule, and the return points of -j. */
struct table_walk {
	struct walker *w;
	struct xt_ctx ctx;
	struct chain *base, *c;
	size_t i;
	struct frame stack[CHAIN_MAX_DEPTH];
	int depth;
	bool *rejected;
	/* the classifier's candidates in chain c (cur.cc NULL: none yet) */
	bool fast;
	struct cls_cursor cur;
	const struct chain *cur_chain;
};

/* With a classifier, go on at the next rule of the chain that can match
 * (the chain's length when none can). */
static void skip_to_candidate(struct table_walk *tw)
{
	if (tw->cur_chain != tw->c) {
		tw->cur_chain = tw->c;
		/* a chain too short for a classifier has none (cls_get's
		 * answer): no need to look it up at every entry */
		tw->cur.cc = tw->c->nrules >= CLS_MIN_RULES ? cls_get(&tw->w->e->cls, tw->c) : NULL;
		if (tw->cur.cc)
			cls_cursor_init(&tw->cur, tw->cur.cc, tw->w->p, tw->ctx.in, tw->ctx.out);
	}
	if (tw->cur.cc)
		tw->i = cls_cursor_next(&tw->cur, tw->i);
}

/* A user chain ended or RETURNed (at rule, 0 for its end): back to the
 * caller of -j, or, when the chain was gone to from the base, to the
 * base's end, where its policy decides. */
static void leave_chain(struct table_walk *tw, int rule)
{
	if (tw->c != tw->base)
		emit_chain_end(tw->w, tw->c, V_RETURN, rule, false);
	if (tw->c == tw->base || tw->depth == 0) {
		tw->c = tw->base;
		tw->i = tw->base->nrules;
		return;
	}
	tw->depth--;
	tw->c = tw->stack[tw->depth].chain;
	tw->i = tw->stack[tw->depth].next;
}

/* -j USERCHAIN pushes a return point, -g does not.  False when the chain
 * is missing or the stack is full (the kernel refuses such rulesets). */
static bool enter_chain(struct table_walk *tw, const struct rule *r)
{
	struct ruleset *rs = engine_rules(tw->w->e, pkt_family(tw->w->p));
	struct rule *cache = (struct rule *)r; /* the rule's memo of its target */
	if (r->jump_gen != rs->gen + 1) {
		cache->jump_chain = ruleset_chain(rs, tw->ctx.table, r->jump);
		cache->jump_gen = rs->gen + 1;
	}
	struct chain *to = r->jump_chain;
	bool go = r->action == RA_GOTO;
	if (!to || tw->depth >= CHAIN_MAX_DEPTH) {
		EMIT_TARGET_LIT(tw->w, tw->c, tw->i, V_DROP, "jump target missing or too deep: dropped");
		return false;
	}
	char what[96];
	size_t n = 0;
	what[0] = '\0';
	if (walker_says(tw->w, EV_TARGET)) { /* "-j CHAIN", "-g CHAIN" */
		struct fmt_cursor o = fmt_cursor(what, sizeof(what));
		fmt_puts(&o, go ? "-g " : "-j ");
		fmt_putn(&o, to->name, to->name_n);
		n = fmt_close(&o, what);
	}
	emit_target(tw->w, tw->c, tw->i, go ? V_GOTO : V_JUMP, NULL, what, n);
	if (!go)
		tw->stack[tw->depth++] = (struct frame){tw->c, tw->i + 1};
	tw->c = to;
	tw->i = 0;
	return true;
}

/* What a matching rule does, for rules that do not change chains. */
static enum verdict rule_action(struct table_walk *tw, const struct rule *r)
{
	switch (r->action) {
	case RA_VERDICT: {
		char text[32]; /* "-j %s" */
		size_t n = 0;
		text[0] = '\0';
		if (walker_says(tw->w, EV_TARGET)) {
			struct fmt_cursor o = fmt_cursor(text, sizeof(text));
			fmt_puts(&o, "-j ");
			fmt_putn(&o, verdict_name(r->verdict), verdict_name_len(r->verdict));
			n = fmt_close(&o, text);
		}
		emit_target(tw->w, tw->c, tw->i, r->verdict, NULL, text, n);
		return r->verdict;
	}
	case RA_TARGET:
		return run_target(tw->w, &tw->ctx, tw->c, tw->i, tw->rejected);
	default:
		EMIT_TARGET_LIT(tw->w, tw->c, tw->i, V_CONTINUE, "no target: counted, continue");
		return V_CONTINUE;
	}
}

static enum verdict apply_policy(struct table_walk *tw)
{
	struct chain *base = tw->base;
	base->policy_pkts++;
	base->policy_bytes += pkt_tot_len(tw->w->p);
	emit_chain_end(tw->w, base, base->policy, 0, true);
	return base->policy;
}

enum verdict chain_run(struct walker *w, enum nf_table t, enum nf_hook h, bool *rejected)
{
	struct chain *base = engine_builtin(w->e, pkt_family(w->p), t, h);
	*rejected = false;
	return base ? chain_run_base(w, base, t, h, rejected) : V_ACCEPT;
}

enum verdict chain_run_base(struct walker *w, struct chain *base, enum nf_table t,
			    enum nf_hook h, bool *rejected)
{
	*rejected = false;
	if (!base->nrules) { /* most tables at most hooks: the policy alone */
		base->policy_pkts++;
		base->policy_bytes += pkt_tot_len(w->p);
		emit_chain_end(w, base, base->policy, 0, true);
		return base->policy;
	}
	/* not `tw = {...}`: that would zero the return stack (1 KiB) for
	 * every table every packet passes; only stack[0, depth) is read */
	struct table_walk tw;
	tw.w = w;
	make_ctx(&tw.ctx, w, t, h);
	tw.base = tw.c = base;
	tw.i = 0;
	tw.depth = 0;
	tw.rejected = rejected;
	tw.fast = false;
	tw.cur.cc = NULL;
	tw.cur_chain = NULL;
	/* the classifiers index IPv4 and IPv6 rules (classify.c); built
	 * again when either ruleset changed (generations only grow, so
	 * their sum moves when one does) */
	if (w->e->classify && !walker_wants(w, EV_RULE)) {
		unsigned long gen = w->e->rules.gen + w->e->rules6.gen + 1;
		if (w->e->cls_gen != gen) {
			cls_free(w->e->cls);
			w->e->cls = NULL;
			w->e->cls_gen = gen;
		}
		tw.fast = true;
	}

	for (;;) {
		if (tw.fast)
			skip_to_candidate(&tw);
		if (tw.i >= tw.c->nrules) {
			if (tw.c == base)
				return apply_policy(&tw);
			leave_chain(&tw, 0);
			continue;
		}
		if (!evaluate(w, &tw.ctx, tw.c, tw.i)) {
			tw.i++;
			continue;
		}
		struct rule *r = tw.c->rules[tw.i];
		count(r, w->p);
		if (r->action == RA_JUMP || r->action == RA_GOTO) {
			if (!enter_chain(&tw, r))
				return V_DROP;
			continue;
		}
		enum verdict v = rule_action(&tw, r);
		if (r->action == RA_TARGET)
			tw.cur_chain = NULL; /* it may have changed what the keys read */
		if (v == V_CONTINUE) {
			tw.i++;
		} else if (v == V_RETURN) {
			leave_chain(&tw, (int)tw.i + 1);
		} else {
			if (v == V_UNEVALUATED)
				snprintf(w->stop_why, sizeof(w->stop_why),
					 "cannot evaluate %s (rule %zu of %s)", tw.ctx.why, tw.i + 1,
					 tw.c->name);
			emit_chain_end(w, tw.c, v, (int)tw.i + 1, false);
			return v;
		}
	}
}
