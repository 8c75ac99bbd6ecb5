/* hookchain.c - the base chains at a hook, in the kernel's order.
 *
 * At each hook every base chain of every table runs by priority: the
 * nftables base chains and the iptables tables among them at their real
 * priorities (iptables-nft's: raw -300, mangle -150, nat -100/100,
 * filter 0, security 150; conntrack at -200, confirm last).  An accept
 * ends only its own base chain; a drop ends the packet.
 *
 * Ties: nf_hook_entries_grow (net/netfilter/core.c) copies the old
 * entries while `reg->priority > orig_ops[i]->priority` and inserts the
 * new one before the first entry whose priority is not lower, so of two
 * hooks at the same priority the one registered LATER runs FIRST.  The
 * scenario's iptables tables count as registered before its nftables
 * ruleset (loaded after them, as `iptables-restore; nft -f` would), so
 * an nft chain at priority 0 runs before iptables' filter, and of two nft
 * chains at one priority the later in the file runs first.
 *
 * nat chains are not hooks of their own: nf_nat_register_fn hangs them
 * off the nat core's hook (-100 / 100) and nf_nat_inet_fn runs them in
 * their priority order until one chose a binding; iptables' nat table is
 * one of them.  walk.c's nat box calls hookchain_nat_run. */
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft.h"
#include "engine/walk/classify.h"
#include "engine/walk/walker.h"

#define NFT_MAX_DEPTH 16 /* NFT_JUMP_STACK_SIZE */

struct hc_chain {
	const struct nft_table *t;
	const struct nft_chain *c;
	char *label; /* "inet filter input" */
	int reg;     /* registration order */
	long *handles;
	bool nat, route;
	bool drops; /* its policy is drop (read at the end of every walk of it) */
};

struct hookchain {
	struct hc_chain *all;
	size_t nall;
	size_t *at[HOOK_COUNT]; /* filter base chains by hook, in order */
	size_t n[HOOK_COUNT];
	size_t *nat_at[HOOK_COUNT]; /* nat base chains by hook, in order */
	size_t nnat[HOOK_COUNT];
};

static const char *const hook_words[HOOK_COUNT] = {
	[HOOK_PREROUTING] = "prerouting", [HOOK_INPUT] = "input", [HOOK_FORWARD] = "forward",
	[HOOK_OUTPUT] = "output", [HOOK_POSTROUTING] = "postrouting"};

static const enum stage_id nft_box[HOOK_COUNT] = {
	[HOOK_PREROUTING] = ST_NFT_PREROUTING, [HOOK_INPUT] = ST_NFT_INPUT,
	[HOOK_FORWARD] = ST_NFT_FORWARD, [HOOK_OUTPUT] = ST_NFT_OUTPUT,
	[HOOK_POSTROUTING] = ST_NFT_POSTROUTING};

static int hook_of(const struct nft_chain *c)
{
	for (int h = 0; h < HOOK_COUNT; h++)
		if (c->hook && !strcmp(c->hook, hook_words[h]))
			return h;
	return -1;
}

/* The anonymous sets nft makes for an expression: every `{ }` of two or
 * more elements and every map's (nft folds a one-element set into a
 * plain compare). */
static long anon_sets(const struct nft_expr *e, bool in_map)
{
	if (!e)
		return 0;
	long n = e->kind == EK_SET && (e->nsub > 1 || in_map);
	for (size_t i = 0; i < e->nsub; i++)
		n += anon_sets(e->sub[i], e->kind == EK_MAP && i == 1);
	return n;
}

static long rule_anon_sets(const struct nft_rule *r)
{
	long n = 0;
	for (size_t k = 0; k < r->nstmts; k++) {
		n += anon_sets(r->stmts[k].expr, false);
		for (size_t a = 0; a < r->stmts[k].nargs; a++)
			n += anon_sets(r->stmts[k].args[a].val, false);
	}
	return n;
}

/* Rules without a handle in the file get the ones the kernel would give
 * when loading it: one counter per table for its sets, objects, chains
 * and then rules, in that order (nft -f's batch adds them so), a rule's
 * anonymous sets each taking one just before it (checked against
 * `nft -a list ruleset` by tests/nft_kernel.sh). */
static void number_handles(struct hookchain *hc, size_t first, size_t end, const struct nft_table *t)
{
	long next = (long)(t->nsets + t->nobjs + t->nchains);
	for (size_t i = first; i < end; i++) {
		const struct nft_chain *c = hc->all[i].c;
		hc->all[i].handles = xmalloc((c->nrules + 1) * sizeof(long));
		for (size_t r = 0; r < c->nrules; r++) {
			if (c->rules[r].handle >= 0) {
				hc->all[i].handles[r] = c->rules[r].handle;
				continue;
			}
			next += rule_anon_sets(&c->rules[r]);
			hc->all[i].handles[r] = ++next;
		}
	}
}

/* Sort by priority; at equal priority the later registered first. */
static const struct hookchain *sort_hc;
static int by_prio(const void *a, const void *b)
{
	const struct hc_chain *x = &sort_hc->all[*(const size_t *)a], *y = &sort_hc->all[*(const size_t *)b];
	if (x->c->prio != y->c->prio)
		return x->c->prio < y->c->prio ? -1 : 1;
	return y->reg - x->reg;
}

static struct hookchain *hookchain_build(const struct nft_ruleset *rs)
{
	struct hookchain *hc = xcalloc(1, sizeof(*hc));
	for (size_t i = 0; i < rs->ntables; i++)
		hc->nall += rs->tables[i].nchains;
	hc->all = xcalloc(hc->nall ? hc->nall : 1, sizeof(*hc->all));
	size_t k = 0;
	for (size_t i = 0; i < rs->ntables; i++) {
		const struct nft_table *t = &rs->tables[i];
		size_t first = k;
		for (size_t c = 0; c < t->nchains; c++, k++) {
			struct hc_chain *e = &hc->all[k];
			e->t = t;
			e->c = &t->chains[c];
			e->reg = (int)k;
			e->nat = e->c->base && e->c->type && !strcmp(e->c->type, "nat");
			e->route = e->c->base && e->c->type && !strcmp(e->c->type, "route");
			e->drops = e->c->has_policy && e->c->policy && !strcmp(e->c->policy, "drop");
			struct strbuf sb = STRBUF_INIT;
			sb_addf(&sb, "%s %s %s", nft_family_name(t->family), t->name, e->c->name);
			e->label = xstrdup(sb_str(&sb));
			sb_free(&sb);
			int h = hook_of(e->c);
			if (!e->c->base || h < 0)
				continue;
			size_t **v = e->nat ? &hc->nat_at[h] : &hc->at[h];
			size_t *n = e->nat ? &hc->nnat[h] : &hc->n[h];
			*v = xrealloc(*v, (*n + 1) * sizeof(**v));
			(*v)[(*n)++] = k;
		}
		number_handles(hc, first, k, t);
	}
	sort_hc = hc;
	for (int h = 0; h < HOOK_COUNT; h++) {
		if (hc->n[h])
			qsort(hc->at[h], hc->n[h], sizeof(size_t), by_prio);
		if (hc->nnat[h])
			qsort(hc->nat_at[h], hc->nnat[h], sizeof(size_t), by_prio);
	}
	return hc;
}

void hookchain_free(struct hookchain *hc)
{
	if (!hc)
		return;
	for (size_t i = 0; i < hc->nall; i++) {
		free(hc->all[i].label);
		free(hc->all[i].handles);
	}
	for (int h = 0; h < HOOK_COUNT; h++) {
		free(hc->at[h]);
		free(hc->nat_at[h]);
	}
	free(hc->all);
	free(hc);
}

void engine_set_nft(struct engine *e, struct nft_ruleset *rs)
{
	hookchain_free(e->hooks);
	if (e->nft) {
		nft_ruleset_free(e->nft);
		free(e->nft);
	}
	nft_states_free(&e->nft_states);
	/* the classifiers name chains by address: the old ones are gone */
	cls_free(e->cls);
	e->cls = NULL;
	e->cls_gen = 0;
	e->nft = rs;
	e->hooks = rs ? hookchain_build(rs) : NULL;
}

/* ---- one base chain ---- */

static const struct hc_chain *find_chain(const struct hookchain *hc, const struct nft_table *t,
					 const char *name)
{
	for (size_t i = 0; i < hc->nall; i++)
		if (hc->all[i].t == t && !strcmp(hc->all[i].c->name, name))
			return &hc->all[i];
	return NULL;
}

struct frame {
	const struct hc_chain *c;
	size_t next;
};

struct nft_walk {
	struct walker *w;
	struct nft_ctx ctx;
	const struct hc_chain *base, *c;
	size_t i;
	struct frame stack[NFT_MAX_DEPTH];
	int depth;
	/* summary runs: the classifier's candidates in the chain being walked
	 * (cur_chain NULL: to be worked out again) */
	bool fast;
	struct cls_cursor cur;
	const struct hc_chain *cur_chain;
};

/* With a classifier, go on at the next rule of the chain that can match
 * (the chain's length when none can), as chain.c's skip_to_candidate. */
static void skip_to_candidate(struct nft_walk *nw)
{
	if (nw->cur_chain != nw->c) {
		nw->cur_chain = nw->c;
		nw->cur.cc = nw->c->c->nrules >= CLS_MIN_RULES ? cls_get_nft(&nw->w->e->cls, nw->c->c)
							       : NULL;
		nw->ctx.table = nw->c->t;
		if (nw->cur.cc)
			cls_cursor_init_nft(&nw->cur, nw->cur.cc, &nw->ctx);
	}
	if (nw->cur.cc)
		nw->i = cls_cursor_next(&nw->cur, nw->i);
}

static void make_ctx(struct nft_ctx *c, struct walker *w, const struct hc_chain *b, enum nf_hook h)
{
	struct packet *p = w->p;
	/* nft_in at POSTROUTING is ip_output's indev, the skb's device
	 * before output: a forwarded packet's input interface (a local
	 * one's is "" there, as everywhere) */
	bool has_in = h != HOOK_OUTPUT;
	bool has_out = h == HOOK_FORWARD || h == HOOK_OUTPUT || h == HOOK_POSTROUTING;
	/* field by field, not `*c = (struct nft_ctx){...}`: that zeroed
	 * why[] and log[] (512 bytes) at every base chain a packet passes,
	 * 4% of a summary through an OpenWrt ruleset; nft_rule_eval empties
	 * them before each rule */
	c->p = p;
	c->net = &w->e->net;
	c->ct = &w->e->ct;
	c->states = &w->e->nft_states;
	c->table = b->t;
	c->hook = h;
	c->in = has_in && p->iif[0] ? p->iif : NULL;
	c->out = has_out && p->oif[0] ? p->oif : NULL;
	c->quiet = !walker_says(w, EV_TARGET);
	c->why[0] = c->log[0] = '\0';
	c->spawn = NULL;
	c->rejected = false;
}

static enum verdict verdict_of(enum nft_verdict_kind k)
{
	return k == NFTV_ACCEPT ? V_ACCEPT : k == NFTV_DROP ? V_DROP : k == NFTV_QUEUE ? V_QUEUE : V_CONTINUE;
}

static void emit_rule(struct nft_walk *nw, bool m, const struct nft_test *res, int nres)
{
	struct walker *w = nw->w;
	struct event_result said[RULE_MAX_RESULTS];
	int n = nres < RULE_MAX_RESULTS ? nres : RULE_MAX_RESULTS;
	for (int i = 0; i < n; i++) /* the words stay the test's (0: measured) */
		said[i] = (struct event_result){.ok = res[i].ok, .text = res[i].text};
	struct strbuf sb = STRBUF_INIT;
	if (walker_says(w, EV_RULE)) {
		nft_rule_print(&sb, &nw->c->c->rules[nw->i], nw->c->t->family);
		sb_addf(&sb, " # handle %ld", nw->c->handles[nw->i]);
	}
	struct emit_args a = {.chain = nw->c->label,
			      .rule = (int)nw->i + 1,
			      .matched = m,
			      .results = said,
			      .nresults = n,
			      .detail = walker_says(w, EV_RULE) ? sb_str(&sb) : NULL};
	emit(w, EV_RULE, &a, "%s rule %zu (handle %ld): %s", nw->c->label, nw->i + 1,
	     nw->c->handles[nw->i], m ? "matched" : "no match");
	sb_free(&sb);
}

static void emit_target(struct nft_walk *nw, enum verdict v, const char *detail, const char *text)
{
	struct emit_args a = {.chain = nw->c->label,
			      .rule = (int)nw->i + 1,
			      .matched = true,
			      .verdict = v,
			      .detail = detail};
	emit(nw->w, EV_TARGET, &a, "%s", text);
}

static void emit_end(struct walker *w, const struct hc_chain *c, enum verdict v, int rule, bool policy)
{
	struct emit_args a = {.chain = c->label, .rule = rule, .verdict = v, .policy = policy};
	if (policy)
		emit(w, EV_VERDICT, &a, "%s: policy %s", c->label, v == V_DROP ? "drop" : "accept");
	else if (v == V_RETURN)
		emit(w, EV_VERDICT, &a, "%s: return to the calling chain", c->label);
	else
		emit(w, EV_VERDICT, &a, "%s: verdict %s (rule %d)", c->label,
		     v == V_DROP ? "drop" : v == V_QUEUE ? "queue" : "accept", rule);
}

/* End of a chain or return: back to the caller, or the base's policy. */
static bool leave(struct nft_walk *nw, int rule)
{
	if (nw->c != nw->base)
		emit_end(nw->w, nw->c, V_RETURN, rule, false);
	if (nw->depth == 0)
		return false;
	nw->depth--;
	nw->c = nw->stack[nw->depth].c;
	nw->i = nw->stack[nw->depth].next;
	return true;
}

static enum verdict policy(struct nft_walk *nw)
{
	enum verdict v = nw->base->drops ? V_DROP : V_ACCEPT;
	emit_end(nw->w, nw->base, v, 0, true);
	return v;
}

static bool change_chain(struct nft_walk *nw, const struct nft_verdict *v)
{
	const struct hc_chain *to = find_chain(nw->w->e->hooks, nw->c->t, v->chain);
	if (!to || nw->depth >= NFT_MAX_DEPTH) {
		emit_target(nw, V_DROP, NULL, "jump target missing or too deep: dropped");
		return false;
	}
	char what[160];
	what[0] = '\0';
	nf_say(what, walker_says(nw->w, EV_TARGET) ? sizeof(what) : 0, "%s %s",
	       v->kind == NFTV_JUMP ? "jump" : "goto", to->c->name);
	emit_target(nw, v->kind == NFTV_JUMP ? V_JUMP : V_GOTO, NULL, what);
	if (v->kind == NFTV_JUMP)
		nw->stack[nw->depth++] = (struct frame){nw->c, nw->i + 1};
	nw->c = to;
	nw->i = 0;
	return true;
}

/* A rule decided: say so; the verdict for the chain walk, CONTINUE to
 * go on. */
static enum verdict decided(struct nft_walk *nw, const struct nft_verdict *v, bool *rejected)
{
	struct nft_ctx *c = &nw->ctx;
	enum verdict out = verdict_of(v->kind);
	if (v->kind == NFTV_CONTINUE) {
		if (c->log[0])
			emit_target(nw, V_CONTINUE, c->log, "log, continue");
		return V_CONTINUE;
	}
	char text[300]; /* said only to a reader (not `= ""`: 300 bytes a verdict) */
	text[0] = '\0';
	nf_say(text, walker_says(nw->w, EV_TARGET) ? sizeof(text) : 0, "%s%s%s",
	       c->why[0] ? c->why : "", c->why[0] ? " -> " : "",
	       v->kind == NFTV_ACCEPT ? "accept" : v->kind == NFTV_QUEUE ? "queue" : "drop");
	emit_target(nw, out, c->log[0] ? c->log : NULL, text);
	if (c->spawn)
		walker_spawn(nw->w, c->spawn);
	c->spawn = NULL;
	if (c->rejected)
		*rejected = true;
	emit_end(nw->w, nw->c, out, (int)nw->i + 1, false);
	return out;
}

/* nft_do_chain for one base chain: ACCEPT or DROP. */
static enum verdict run_base_in(struct walker *w, const struct hc_chain *b, enum nf_hook h, bool *rejected)
{
	struct nft_walk nw;
	nw.w = w;
	make_ctx(&nw.ctx, w, b, h);
	nw.base = nw.c = b;
	nw.i = 0;
	nw.depth = 0;
	*rejected = false;
	nw.fast = w->e->classify && !walker_wants(w, EV_RULE);
	nw.cur.cc = NULL;
	nw.cur_chain = NULL;
	for (;;) {
		if (nw.fast)
			skip_to_candidate(&nw);
		if (nw.i >= nw.c->c->nrules) {
			if (nw.c == nw.base || !leave(&nw, 0)) {
				if (nw.c != nw.base) /* goto'ed chain ended: the base's policy */
					nw.c = nw.base;
				return policy(&nw);
			}
			continue;
		}
		struct nft_test res[NFT_MAX_TESTS];
		int nres = 0;
		struct nft_verdict v;
		nw.ctx.table = nw.c->t;
		/* views around the rule only for a reader of rewrites or steps,
		 * as chain.c takes them around a target: the summary reads
		 * neither, and two views cost more than most rules */
		struct pkt_view before;
		bool views = walker_sees_rewrites(w);
		if (views)
			pkt_view_of(w->p, &before);
		const struct nft_rule *r = &nw.c->c->rules[nw.i];
		bool m = nft_rule_eval(r, &nw.ctx, walker_says(w, EV_RULE) ? res : NULL, NFT_MAX_TESTS,
				       &nres, &v);
		/* a mark or an address it set, matched or not, changes what
		 * the candidates were worked out from */
		if (nw.cur.cc && nft_rule_writes(r))
			nw.cur_chain = NULL;
		emit_rule(&nw, m, res, nres);
		if (views)
			emit_rewrites(w, &before, false, "nft statement");
		if (!m) {
			nw.i++;
			continue;
		}
		if (v.kind == NFTV_JUMP || v.kind == NFTV_GOTO) {
			if (!change_chain(&nw, &v))
				return V_DROP;
			continue;
		}
		if (v.kind == NFTV_RETURN) {
			int rule = (int)nw.i + 1;
			if (nw.c == nw.base || !leave(&nw, rule)) {
				nw.c = nw.base;
				return policy(&nw);
			}
			continue;
		}
		enum verdict out = decided(&nw, &v, rejected);
		if (out != V_CONTINUE)
			return out;
		nw.i++;
	}
}

/* Every event inside names the base chain (event.base). */
static enum verdict run_base(struct walker *w, const struct hc_chain *b, enum nf_hook h, bool *rejected)
{
	const char *was = w->nft_base;
	w->nft_base = b->label;
	enum verdict v = run_base_in(w, b, h, rejected);
	w->nft_base = was;
	return v;
}

/* ---- the hook ---- */

/* The priority a stage's box runs at. */
static int stage_prio(const struct engine *e, enum stage_id st)
{
	const struct stage_info *si = stage_info(st);
	switch (si->kind) {
	case SK_CONNTRACK:
		return -200; /* NF_IP_PRI_CONNTRACK */
	case SK_CONFIRM:
		return INT_MAX; /* NF_IP_PRI_CONNTRACK_CONFIRM */
	case SK_IMQ:
		return -149; /* NF_IP_PRI_MANGLE + 1 */
	case SK_CHAIN:
		break;
	default:
		return INT_MAX;
	}
	switch (si->table) {
	case TABLE_RAW:
		return -300;
	case TABLE_MANGLE:
		return -150;
	case TABLE_NAT:
		return si->hook == HOOK_PREROUTING || si->hook == HOOK_OUTPUT ? -100 : 100;
	case TABLE_FILTER:
		return 0;
	case TABLE_SECURITY: /* iptables-nft registers it at 150, legacy at 50 */
		return e->backend == BACKEND_LEGACY ? 50 : 150;
	default:
		return INT_MAX;
	}
}

static bool end_packet(struct walker *w, enum verdict v, bool rejected, const char *where)
{
	char why[200] = ""; /* said only to a reader of fates */
	size_t n = walker_says(w, EV_FATE) ? sizeof(why) : 0;
	if (v == V_QUEUE) { /* nft's queue statement: user space has it now */
		nf_say(why, n, "queued to user space (nft queue) at %s", where);
		return walk_finish(w, FATE_QUEUED, why);
	}
	nf_say(why, n, "%s at %s", rejected ? "rejected (reject sends an answer)" : "dropped", where);
	return walk_finish(w, rejected ? FATE_REJECTED : FATE_DROPPED, why);
}

struct route_key {
	uint32_t mark, saddr, daddr, tos;
};

static struct route_key route_key_of(const struct packet *p)
{
	return (struct route_key){p->mark, pkt_saddr(p), pkt_daddr(p), pkt_tos(p)};
}

/* The base chains of hook h not yet run whose priority is at most prio.
 * Out of line: most boxes of a walk find none left at their hook, and
 * this body would make each of them save registers it never uses. */
static bool run_upto(struct walker *w, enum nf_hook h, int prio) __attribute__((noinline));
static bool run_upto(struct walker *w, enum nf_hook h, int prio)
{
	const struct hookchain *hc = w->e->hooks;
	while (w->nft_next < hc->n[h]) {
		const struct hc_chain *b = &hc->all[hc->at[h][w->nft_next]];
		if (b->c->prio > prio)
			break;
		w->nft_next++;
		if (!nft_family_sees(b->t->family, pkt_family(w->p)))
			continue;
		enum stage_id was = w->stage;
		w->stage = nft_box[h];
		/* said only to a reader: a summary enters boxes unread (not
		 * `= ""`, which zeroed all 200 bytes at every base chain) */
		char text[200];
		text[0] = '\0';
		nf_say(text, walker_says(w, EV_ENTER) ? sizeof(text) : 0, "%s (priority %d, policy %s)",
		       b->label, b->c->prio, b->c->has_policy && b->c->policy ? b->c->policy : "accept");
		w->nft_base = b->label;
		emit(w, EV_ENTER, NULL, "%s", text);
		w->nft_base = NULL;
		bool rejected;
		/* nf_route_table_hook: a type route chain at output that changed
		 * what routing uses routes the packet again (the keys are read
		 * for such a chain only) */
		bool reroutes = b->route && h == HOOK_OUTPUT;
		struct route_key k0 = reroutes ? route_key_of(w->p) : (struct route_key){0};
		enum verdict v = run_base(w, b, h, &rejected);
		if (v == V_DROP || v == V_QUEUE)
			return end_packet(w, v, rejected, b->label);
		if (reroutes) {
			struct route_key k1 = route_key_of(w->p);
			if (memcmp(&k0, &k1, sizeof(k0)) &&
			    !walk_reroute(w, "a type route chain changed the mark, an address or the tos"))
				return false;
		}
		w->stage = was;
	}
	return true;
}

/* The base chains in order, built on the first walk after the ruleset
 * came (scenario_build hands the engine the tree alone). */
static const struct hookchain *hooks_of(struct engine *e)
{
	if (!e->hooks && e->nft)
		e->hooks = hookchain_build(e->nft);
	return e->hooks;
}

/* Run for every box of every walk once there is an nft ruleset: the
 * base chains still to run at its hook are checked here, and run_upto
 * (and the box's priority) is reached only when there are some. */
bool hookchain_before(struct walker *w, enum stage_id st)
{
	const struct hookchain *hc = hooks_of(w->e);
	if (!hc)
		return true;
	enum nf_hook h = stage_info(st)->hook;
	if (w->nft_hook != HOOK_NONE && h != w->nft_hook) {
		if (w->nft_next < hc->n[w->nft_hook] && !run_upto(w, w->nft_hook, INT_MAX))
			return false;
		w->nft_hook = HOOK_NONE;
	}
	if (h == HOOK_NONE)
		return true;
	if (h != w->nft_hook) {
		w->nft_hook = h;
		w->nft_next = 0;
	}
	return w->nft_next >= hc->n[h] || run_upto(w, h, stage_prio(w->e, st));
}

/* nf_nat_register_fn registers all of a family's nat hooks with its
 * first nat chain: a DNAT at prerouting is undone on the reply at
 * postrouting though no chain is there (h is kept for the callers). */
bool hookchain_has_nat(struct engine *e, enum nf_hook h)
{
	const struct hookchain *hc = hooks_of(e);
	(void)h;
	for (int k = 0; hc && k < HOOK_COUNT; k++)
		if (hc->nnat[k] > 0)
			return true;
	return false;
}

/* nf_nat_inet_fn: the nat chains at the hook in priority order, the
 * iptables nat table among them, until one chose a binding. */
enum verdict hookchain_nat_run(struct walker *w, enum nf_hook h, bool *rejected)
{
	const struct hookchain *hc = hooks_of(w->e);
	enum nat_manip m = nat_manip_of_hook(h);
	int table_prio = h == HOOK_PREROUTING || h == HOOK_OUTPUT ? -100 : 100;
	bool table_done = !engine_builtin(w->e, pkt_family(w->p), TABLE_NAT, h);
	*rejected = false;
	size_t n = hc ? hc->nnat[h] : 0;
	for (size_t i = 0; i <= n; i++) {
		const struct hc_chain *b = i < n ? &hc->all[hc->nat_at[h][i]] : NULL;
		if (!table_done && (!b || b->c->prio > table_prio)) {
			table_done = true;
			enum verdict v = chain_run(w, TABLE_NAT, h, rejected);
			if (v != V_ACCEPT || nat_done(w->p->ct, m))
				return v;
		}
		if (!b)
			break;
		if (!nft_family_sees(b->t->family, pkt_family(w->p)))
			continue;
		enum verdict v = run_base(w, b, h, rejected);
		if (v != V_ACCEPT || nat_done(w->p->ct, m))
			return v;
	}
	return V_ACCEPT;
}

/* ---- the order, for the diagrams ---- */

static size_t put_box(struct hook_box *out, size_t k, size_t max, struct hook_box b)
{
	if (k < max)
		out[k] = b;
	return k + 1;
}

static struct hook_box chain_box(const struct hc_chain *c, enum stage_id st)
{
	return (struct hook_box){.stage = st, .chain = c->label, .type = c->c->type,
				 .family = (int)c->t->family, .prio = c->c->prio};
}

/* A table the scenario did not load registers no hook: no box. */
static bool stage_runs(struct engine *e, enum stage_id st)
{
	const struct stage_info *si = stage_info(st);
	if (si->kind != SK_CHAIN)
		return true;
	return engine_builtin(e, FAMILY_IPV4, si->table, si->hook) ||
	       engine_builtin(e, FAMILY_IPV6, si->table, si->hook);
}

/* The nat box: nat chains by priority, iptables' nat table among them
 * as hookchain_nat_run runs them. */
static size_t nat_boxes(struct engine *e, const struct hookchain *hc, enum nf_hook h,
			enum stage_id st, struct hook_box *out, size_t k, size_t max)
{
	int table_prio = stage_prio(e, st);
	bool table_done = !stage_runs(e, st);
	size_t n = hc ? hc->nnat[h] : 0;
	for (size_t i = 0; i <= n; i++) {
		const struct hc_chain *b = i < n ? &hc->all[hc->nat_at[h][i]] : NULL;
		if (!table_done && (!b || b->c->prio > table_prio)) {
			table_done = true;
			k = put_box(out, k, max, (struct hook_box){.stage = st, .prio = table_prio});
		}
		if (b)
			k = put_box(out, k, max, chain_box(b, st));
	}
	return k;
}

size_t engine_hook_boxes(struct engine *e, enum nf_hook h, const enum stage_id *stages, size_t n,
			 struct hook_box *out, size_t max)
{
	const struct hookchain *hc = hooks_of(e);
	enum stage_id sorted[ST_COUNT];
	size_t ns = 0;
	/* the stages by priority, stably: the order of the walk's paths */
	for (size_t i = 0; i < n && ns < ST_COUNT; i++) {
		size_t j = ns++;
		for (; j > 0 && stage_prio(e, sorted[j - 1]) > stage_prio(e, stages[i]); j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = stages[i];
	}
	size_t k = 0, next = 0, nchains = hc ? hc->n[h] : 0;
	for (size_t i = 0; i <= ns; i++) {
		int prio = i < ns ? stage_prio(e, sorted[i]) : INT_MAX;
		/* run_upto: the chains at or below the stage's priority first */
		for (; next < nchains && hc->all[hc->at[h][next]].c->prio <= prio; next++)
			k = put_box(out, k, max, chain_box(&hc->all[hc->at[h][next]], nft_box[h]));
		if (i == ns)
			break;
		const struct stage_info *si = stage_info(sorted[i]);
		if (si->kind == SK_CHAIN && si->table == TABLE_NAT)
			k = nat_boxes(e, hc, h, sorted[i], out, k, max);
		else if (stage_runs(e, sorted[i]))
			k = put_box(out, k, max, (struct hook_box){.stage = sorted[i], .prio = prio});
	}
	return k;
}

bool engine_has_nft_chains(struct engine *e, enum nf_hook h)
{
	const struct hookchain *hc = hooks_of(e);
	return hc && (hc->n[h] || hc->nnat[h]);
}
