/* rule_check.c - what the kernel verifies when a table is replaced
 * (translate_table, mark_source_chains, xt_check_match/target): jumps
 * name user chains of the table, no chain reachable from a built-in one
 * can reach itself, and every match and target is valid at each hook its
 * chain can be reached from (MASQUERADE in a chain called from PREROUTING
 * is refused), and, as nf_tables does, no chain sits more than 15 jumps
 * or gotos below a built-in one.  Chains no built-in chain reaches are
 * not checked.
 *
 * Each table keeps its jump graph as far as the checks need it (struct
 * table_graph: a name index, and per chain the hooks it is reached from
 * and its depth) and updates it as rules are inserted, so a rule costs
 * what it changes, not a walk over the table: loading n chains that jump
 * one into the next is linear in n.  Removing a rule or a chain, or
 * renaming one, drops every graph (table_graph_stale); the next insert
 * rebuilds it once. */
#include "engine/xt/rule_priv.h"
#include "engine/xt/xt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* nf_tables' NFT_JUMP_STACK_SIZE is 16 levels, the built-in chain being
 * level 0: a rule that would put a chain at level 16 fails with EMLINK,
 * which iptables-nft reports as "Too many links". */
#define JUMP_DEPTH_MAX 15

struct table_graph {
	unsigned long gen; /* table_graph_gen when built */
	size_t n;          /* chains indexed: [0, n) of the table */
	size_t cap;
	uint8_t *hooks;    /* per chain: the hooks it is reached from */
	int8_t *depth;     /* per chain: the longest jump path from a built-in, -1 unreached */
	uint32_t *slot;    /* open addressing on names: chain index + 1, 0 empty */
	size_t nslots;     /* a power of two, more than twice n */
};

static unsigned long table_graph_gen;

void table_graph_stale(void)
{
	table_graph_gen++;
}

void table_graph_free(struct table *tb)
{
	struct table_graph *g = tb->graph;
	if (!g)
		return;
	free(g->hooks);
	free(g->depth);
	free(g->slot);
	free(g);
	tb->graph = NULL;
}

static size_t name_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void slot_put(struct table_graph *g, const struct table *tb, size_t i)
{
	size_t m = g->nslots - 1, k = name_hash(tb->chains[i]->name) & m;
	while (g->slot[k])
		k = (k + 1) & m;
	g->slot[k] = (uint32_t)i + 1;
}

/* Index the chains [g->n, tb->nchains): chains are only ever appended
 * while a graph is current (removals make it stale). */
static void graph_extend(struct table_graph *g, const struct table *tb)
{
	if (g->n == tb->nchains)
		return;
	if (tb->nchains > g->cap) {
		g->cap = tb->nchains * 2;
		g->hooks = xrealloc(g->hooks, g->cap);
		g->depth = xrealloc(g->depth, g->cap);
	}
	for (size_t i = g->n; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		g->hooks[i] = c->builtin ? (uint8_t)HOOKBIT(hook_by_name(c->name)) : 0;
		g->depth[i] = c->builtin ? 0 : -1;
	}
	if (tb->nchains * 2 >= g->nslots) {
		g->nslots = 64;
		while (g->nslots <= tb->nchains * 2)
			g->nslots *= 2;
		free(g->slot);
		g->slot = xcalloc(g->nslots, sizeof(*g->slot));
		for (size_t i = 0; i < g->n; i++)
			slot_put(g, tb, i);
	}
	for (size_t i = g->n; i < tb->nchains; i++)
		slot_put(g, tb, i);
	NF_WORK(tb->nchains - g->n);
	g->n = tb->nchains;
}

static long graph_find(const struct table_graph *g, const struct table *tb, const char *name)
{
	size_t m = g->nslots - 1;
	for (size_t k = name_hash(name) & m; g->slot[k]; k = (k + 1) & m) {
		NF_WORK(1);
		if (strcmp(tb->chains[g->slot[k] - 1]->name, name) == 0)
			return (long)g->slot[k] - 1;
	}
	return -1;
}

static bool is_jump(const struct rule *r)
{
	return (r->action == RA_JUMP || r->action == RA_GOTO) && r->jump;
}

/* Raise the hooks and depth of chain i and of what it jumps to (used to
 * rebuild; the table is valid, so this ends: depths stop at the limit). */
static void graph_mark(struct table_graph *g, const struct table *tb, size_t i, int depth,
		       unsigned hooks)
{
	if (depth <= g->depth[i] && !(hooks & ~g->hooks[i]))
		return;
	if (depth > g->depth[i])
		g->depth[i] = (int8_t)(depth > JUMP_DEPTH_MAX + 1 ? JUMP_DEPTH_MAX + 1 : depth);
	g->hooks[i] |= (uint8_t)hooks;
	const struct chain *c = tb->chains[i];
	NF_WORK(c->nrules + 1);
	for (size_t k = 0; k < c->nrules && depth <= JUMP_DEPTH_MAX; k++) {
		long j = is_jump(c->rules[k]) ? graph_find(g, tb, c->rules[k]->jump) : -1;
		if (j >= 0)
			graph_mark(g, tb, (size_t)j, depth + 1, g->hooks[i]);
	}
}

/* The table's graph, current. */
static struct table_graph *graph_of(const struct table *ctb)
{
	struct table *tb = (struct table *)ctb; /* the cache, not the table, changes */
	struct table_graph *g = tb->graph;
	if (g && g->gen == table_graph_gen) {
		graph_extend(g, tb);
		return g;
	}
	table_graph_free(tb);
	g = tb->graph = xcalloc(1, sizeof(*g));
	g->gen = table_graph_gen;
	graph_extend(g, tb);
	for (size_t i = 0; i < tb->nchains; i++)
		if (tb->chains[i]->builtin) {
			g->depth[i] = -1;
			graph_mark(g, tb, i, 0, g->hooks[i]);
		}
	return g;
}

struct chain *table_chain(const struct table *tb, const char *name)
{
	if (!tb->nchains)
		return NULL;
	long i = graph_find(graph_of(tb), tb, name);
	return i >= 0 ? tb->chains[i] : NULL;
}

static int hook_error(const char *what, const struct chain *c, unsigned reach, unsigned valid,
		      struct nf_error *err)
{
	char r[64], v[64];
	xt_hooks_text(reach & ~valid, r, sizeof(r));
	xt_hooks_text(valid, v, sizeof(v));
	if (c->builtin)
		return nf_err(err, -1, "%s is not valid in %s: only in %s", what, c->name, v);
	return nf_err(err, -1, "%s is not valid in chain %s, which is reached from %s: only in %s",
		      what, c->name, r, v);
}

static int check_rule_hooks(const struct chain *c, const struct rule *r, unsigned reach,
			    struct nf_error *err)
{
	for (size_t i = 0; i < r->nmatches; i++) {
		const struct match *m = &r->matches[i];
		unsigned valid = m->type->hooks_mask ? m->type->hooks_mask : 0x1fu;
		if (m->type->instance_hooks && m->type->instance_hooks(m))
			valid &= m->type->instance_hooks(m);
		if (reach & ~valid) {
			char what[64];
			snprintf(what, sizeof(what), "match %s", m->type->name);
			return hook_error(what, c, reach, valid, err);
		}
	}
	if (r->action == RA_TARGET && r->target.type->hooks_mask &&
	    (reach & ~r->target.type->hooks_mask))
		return hook_error(r->target.type->name, c, reach, r->target.type->hooks_mask, err);
	return 0;
}

static int check_jump_target(const struct ruleset *rs, enum nf_table t, const struct rule *r,
			     struct nf_error *err)
{
	if (!is_jump(r))
		return 0;
	const struct chain *to = ruleset_chain(rs, t, r->jump);
	if (!to)
		return nf_err(err, -1,
			      "no chain \"%s\" in table %s (and nfwalk has no target of that name)",
			      r->jump, table_name(t));
	if (to->builtin)
		return nf_err(err, -1, "cannot %s to the built-in chain %s",
			      r->action == RA_GOTO ? "go" : "jump", to->name);
	return 0;
}

static int check_chain_rules(const struct chain *c, unsigned hooks, struct nf_error *err)
{
	for (size_t k = 0; k < c->nrules; k++)
		if (check_rule_hooks(c, c->rules[k], hooks, err) < 0)
			return -1;
	return 0;
}

/* One insert's changes to the graph, undone when the rule is refused. */
struct undo {
	struct {
		size_t i;
		uint8_t hooks;
		int8_t depth;
	} *v;
	size_t n, cap;
};

struct spread {
	struct table_graph *g;
	const struct table *tb;
	bool *on_path; /* the chains from `at` down to the one being visited */
	struct undo undo;
	size_t from, to; /* the new jump */
	struct nf_error *err;
};

/* Whether chain i reaches chain at through jumps (only when refusing). */
static bool reaches(const struct table *tb, struct table_graph *g, size_t i, size_t at)
{
	bool *seen = xcalloc(tb->nchains, sizeof(*seen)), found = false;
	size_t *todo = xcalloc(tb->nchains, sizeof(*todo)), n = 0;
	seen[i] = true;
	todo[n++] = i;
	while (n && !found) {
		const struct chain *c = tb->chains[todo[--n]];
		NF_WORK(c->nrules + 1);
		for (size_t k = 0; k < c->nrules && !found; k++) {
			long j = is_jump(c->rules[k]) ? graph_find(g, tb, c->rules[k]->jump) : -1;
			found = j >= 0 && (size_t)j == at;
			if (j >= 0 && !seen[j]) {
				seen[j] = true;
				todo[n++] = (size_t)j;
			}
		}
	}
	free(seen);
	free(todo);
	return found || i == at;
}

static int loop_error(const struct spread *sp)
{
	return nf_err(sp->err, -1, "jumping from %s to %s makes a loop",
		      sp->tb->chains[sp->from]->name, sp->tb->chains[sp->to]->name);
}

static int depth_error(struct spread *sp, size_t deepest)
{
	if (reaches(sp->tb, sp->g, sp->to, sp->from))
		return loop_error(sp);
	const char *from = sp->tb->chains[sp->from]->name, *to = sp->tb->chains[sp->to]->name,
		   *deep = sp->tb->chains[deepest]->name;
	if (deepest == sp->to)
		return nf_err(sp->err, -1,
			      "jumping from %s to %s nests chains %d jumps deep; the kernel "
			      "refuses more than %d (nf_tables: \"Too many links\", EMLINK)",
			      from, to, JUMP_DEPTH_MAX + 1, JUMP_DEPTH_MAX);
	return nf_err(sp->err, -1,
		      "jumping from %s to %s puts chain %s %d jumps deep; the kernel refuses "
		      "more than %d (nf_tables: \"Too many links\", EMLINK)",
		      from, to, deep, JUMP_DEPTH_MAX + 1, JUMP_DEPTH_MAX);
}

static void undo_push(struct undo *u, const struct table_graph *g, size_t i)
{
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 16;
		u->v = xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	u->v[u->n].i = i;
	u->v[u->n].hooks = g->hooks[i];
	u->v[u->n].depth = g->depth[i];
	u->n++;
}

/* Chain i is now reached `depth` jumps below a built-in chain, from
 * `hooks`: check what that adds and pass it on to what i jumps to.  Only
 * what rises is visited, and depths are bounded, so over a whole load
 * each chain is visited a bounded number of times. */
static int spread(struct spread *sp, size_t i, int depth, unsigned hooks)
{
	struct table_graph *g = sp->g;
	if (sp->on_path[i])
		return loop_error(sp);
	unsigned fresh = hooks & ~g->hooks[i];
	if (depth <= g->depth[i] && !fresh)
		return 0;
	if (depth > JUMP_DEPTH_MAX)
		return depth_error(sp, i);
	const struct chain *c = sp->tb->chains[i];
	if (fresh && check_chain_rules(c, hooks, sp->err) < 0)
		return -1;
	undo_push(&sp->undo, g, i);
	if (depth > g->depth[i])
		g->depth[i] = (int8_t)depth;
	g->hooks[i] |= (uint8_t)hooks;
	sp->on_path[i] = true;
	NF_WORK(c->nrules + 1);
	int rc = 0;
	for (size_t k = 0; k < c->nrules && rc == 0; k++) {
		long j = is_jump(c->rules[k]) ? graph_find(g, sp->tb, c->rules[k]->jump) : -1;
		if (j >= 0)
			rc = spread(sp, (size_t)j, depth + 1, g->hooks[i]);
	}
	sp->on_path[i] = false;
	return rc;
}

/* r (not yet inserted) would sit in chain `at` of table tb.  The table is
 * valid without it, so only what r adds can break it: r itself at the
 * hooks reaching its chain and, for a jump from a reachable chain, a loop
 * (through r, or one r makes reachable), chains reached from more hooks,
 * and chains nested deeper.  Like the kernel, unreachable chains are not
 * checked.  On success the graph has r's jump. */
static int check_new_rule(const struct table *tb, struct table_graph *g, size_t at,
			  const struct rule *r, struct nf_error *err)
{
	const struct chain *c = tb->chains[at];
	unsigned hooks = g->hooks[at];
	if (!hooks)
		return 0;
	if (check_rule_hooks(c, r, hooks, err) < 0)
		return -1;
	if (!is_jump(r))
		return 0;
	struct spread sp = {.g = g, .tb = tb, .from = at, .err = err};
	sp.to = (size_t)graph_find(g, tb, r->jump);
	sp.on_path = xcalloc(tb->nchains, sizeof(*sp.on_path));
	sp.on_path[at] = true;
	int rc = spread(&sp, sp.to, g->depth[at] + 1, hooks);
	if (rc < 0)
		while (sp.undo.n--) {
			g->hooks[sp.undo.v[sp.undo.n].i] = sp.undo.v[sp.undo.n].hooks;
			g->depth[sp.undo.v[sp.undo.n].i] = sp.undo.v[sp.undo.n].depth;
		}
	free(sp.undo.v);
	free(sp.on_path);
	return rc;
}

/* What the rule's extensions name outside it (sets) must exist. */
static int check_bindings(const struct ruleset *rs, const struct rule *r, struct nf_error *err)
{
	for (size_t i = 0; i < r->nmatches; i++)
		if (r->matches[i].type->bind && r->matches[i].type->bind(&r->matches[i], rs, err))
			return -1;
	if (r->action == RA_TARGET && r->target.type->bind)
		return r->target.type->bind(&r->target, rs, err);
	return 0;
}

int ruleset_insert(struct ruleset *rs, enum nf_table t, struct chain *c, size_t pos,
		   struct rule *r, struct nf_error *err)
{
	if (check_bindings(rs, r, err))
		return -1;
	ruleset_changed(rs);
	struct table *tb = ruleset_load_table(rs, t);
	struct table_graph *g = tb ? graph_of(tb) : NULL;
	long at = g ? graph_find(g, tb, c->name) : -1;
	if (at < 0 || tb->chains[at] != c || pos > c->nrules)
		return nf_err(err, -1, "no rule position %zu in chain %s", pos + 1, c->name);
	if (check_jump_target(rs, t, r, err) < 0 || check_new_rule(tb, g, (size_t)at, r, err) < 0)
		return -1;
	/* The array holds a power of two of rules, grown when full (only
	 * here are rules added, and removing one keeps the array): a file
	 * appending 50,000 rules to a chain reallocated, and often copied,
	 * the array 50,000 times. */
	if ((c->nrules & (c->nrules - 1)) == 0)
		c->rules = xrealloc(c->rules, (c->nrules ? 2 * c->nrules : 1) * sizeof(*c->rules));
	memmove(&c->rules[pos + 1], &c->rules[pos], (c->nrules - pos) * sizeof(*c->rules));
	c->rules[pos] = r;
	c->nrules++;
	return 0;
}
