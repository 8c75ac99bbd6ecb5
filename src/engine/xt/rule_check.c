/* rule_check.c - what the kernel verifies when a table is replaced
 * (translate_table, mark_source_chains, xt_check_match/target): jumps
 * name user chains of the table, no chain reachable from a built-in one
 * can reach itself, and every match and target is valid at each hook its
 * chain can be reached from (MASQUERADE in a chain called from PREROUTING
 * is refused).  Chains no built-in chain reaches are not checked. */
#include "engine/xt/rule_priv.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long chain_index(const struct table *tb, const char *name)
{
	for (size_t i = 0; i < tb->nchains; i++)
		if (strcmp(tb->chains[i]->name, name) == 0)
			return (long)i;
	return -1;
}

static bool is_jump(const struct rule *r)
{
	return (r->action == RA_JUMP || r->action == RA_GOTO) && r->jump;
}

static bool jumps_to(const struct chain *from, const char *name)
{
	for (size_t k = 0; k < from->nrules; k++)
		if (is_jump(from->rules[k]) && strcmp(from->rules[k]->jump, name) == 0)
			return true;
	return false;
}

/* The hooks chain `at` is entered from: a built-in chain's own, a user
 * chain's the union over the chains that jump or go to it, searched
 * backwards (what the kernel's mark_source_chains finds forwards). */
static unsigned hooks_reaching(const struct table *tb, size_t at)
{
	bool *seen = xcalloc(tb->nchains, sizeof(*seen));
	size_t *todo = xcalloc(tb->nchains, sizeof(*todo)), n = 0;
	unsigned hooks = 0;
	seen[at] = true;
	todo[n++] = at;
	while (n) {
		const struct chain *c = tb->chains[todo[--n]];
		if (c->builtin) {
			hooks |= HOOKBIT(hook_by_name(c->name));
			continue;
		}
		for (size_t i = 0; i < tb->nchains; i++)
			if (!seen[i] && jumps_to(tb->chains[i], c->name)) {
				seen[i] = true;
				todo[n++] = i;
			}
	}
	free(seen);
	free(todo);
	return hooks;
}

/* Mark in `seen` every chain reachable from `from` through jumps. */
static void reachable_from(const struct table *tb, size_t from, bool *seen)
{
	size_t *todo = xcalloc(tb->nchains, sizeof(*todo)), n = 0;
	seen[from] = true;
	todo[n++] = from;
	while (n) {
		const struct chain *c = tb->chains[todo[--n]];
		for (size_t k = 0; k < c->nrules; k++) {
			long j = is_jump(c->rules[k]) ? chain_index(tb, c->rules[k]->jump) : -1;
			if (j >= 0 && !seen[j]) {
				seen[j] = true;
				todo[n++] = (size_t)j;
			}
		}
	}
	free(todo);
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

enum { WHITE, GREY, BLACK };

/* Depth-first from chain i: true when a jump closes a cycle, counting
 * chain `at` as already on the path (the new rule jumps from it). */
static bool cycle_from(const struct table *tb, size_t i, size_t at, unsigned char *color)
{
	color[i] = GREY;
	const struct chain *c = tb->chains[i];
	for (size_t k = 0; k < c->nrules; k++) {
		long j = is_jump(c->rules[k]) ? chain_index(tb, c->rules[k]->jump) : -1;
		if (j < 0)
			continue;
		if ((size_t)j == at || color[j] == GREY)
			return true;
		if (color[j] == WHITE && cycle_from(tb, (size_t)j, at, color))
			return true;
	}
	color[i] = BLACK;
	return false;
}

/* r (not yet inserted) would sit in chain `at` of table tb.  The table is
 * valid without it, so only what r adds can break it: r itself at the
 * hooks reaching its chain and, for a jump from a reachable chain, a loop
 * (through r, or one r makes reachable) and chains reached from more
 * hooks.  Like the kernel, unreachable chains are not checked. */
static int check_new_rule(const struct table *tb, size_t at, const struct rule *r,
			  struct nf_error *err)
{
	const struct chain *c = tb->chains[at];
	unsigned hooks = hooks_reaching(tb, at);
	if (!hooks)
		return 0;
	if (check_rule_hooks(c, r, hooks, err) < 0)
		return -1;
	if (!is_jump(r))
		return 0;
	size_t to = (size_t)chain_index(tb, r->jump);
	unsigned char *color = xcalloc(tb->nchains, 1);
	bool loop = to == at || cycle_from(tb, to, at, color);
	free(color);
	if (loop)
		return nf_err(err, -1, "jumping from %s to %s makes a loop", c->name, r->jump);
	bool *seen = xcalloc(tb->nchains, sizeof(*seen));
	int rc = 0;
	reachable_from(tb, to, seen);
	for (size_t i = 0; i < tb->nchains && rc == 0; i++)
		if (seen[i])
			rc = check_chain_rules(tb->chains[i], hooks, err);
	free(seen);
	return rc;
}

int ruleset_insert(struct ruleset *rs, enum nf_table t, struct chain *c, size_t pos,
		   struct rule *r, struct nf_error *err)
{
	ruleset_changed(rs);
	struct table *tb = ruleset_load_table(rs, t);
	long at = tb ? chain_index(tb, c->name) : -1;
	if (at < 0 || tb->chains[at] != c || pos > c->nrules)
		return nf_err(err, -1, "no rule position %zu in chain %s", pos + 1, c->name);
	if (check_jump_target(rs, t, r, err) < 0 || check_new_rule(tb, (size_t)at, r, err) < 0)
		return -1;
	c->rules = xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
	memmove(&c->rules[pos + 1], &c->rules[pos], (c->nrules - pos) * sizeof(*c->rules));
	c->rules[pos] = r;
	c->nrules++;
	return 0;
}
