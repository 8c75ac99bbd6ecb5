/* rule.c - tables and chains as the kernel holds them: a table exists once
 * something names it, with its built-in chains (policy ACCEPT) in hook
 * order, then the user chains in the order they were created. */
#include "engine/xt/rule_priv.h"
#include "engine/xt/ipset.h"
#include "engine/xt/xt.h"

#include <stdlib.h>
#include <string.h>

/* XT_EXTENSION_MAXNAMELEN - 1: the longest chain name iptables takes. */
#define CHAIN_NAME_MAX 28

/* Generations are unique across rulesets, so a cache keyed by one never
 * mistakes another ruleset (swapped in) for the one it was built from. */
static unsigned long ruleset_generations;

void ruleset_changed(struct ruleset *rs)
{
	rs->gen = ++ruleset_generations;
}

void ruleset_init_family(struct ruleset *rs, int family)
{
	memset(rs, 0, sizeof(*rs));
	rs->family = family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	ruleset_changed(rs);
}

void ruleset_init(struct ruleset *rs)
{
	ruleset_init_family(rs, FAMILY_IPV4);
}

const char *ruleset_program(int family)
{
	return family == FAMILY_IPV6 ? "ip6tables" : "iptables";
}

static void chain_free(struct chain *c)
{
	for (size_t i = 0; i < c->nrules; i++)
		rule_free(c->rules[i]);
	free(c->rules);
	free(c->name);
	free(c);
}

void ruleset_free(struct ruleset *rs)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		for (size_t i = 0; i < rs->t[t].nchains; i++)
			chain_free(rs->t[t].chains[i]);
		free(rs->t[t].chains);
		table_graph_free(&rs->t[t]);
	}
	recent_lists_free(rs->recent);
	if (rs->sets) {
		ipset_store_free(rs->sets);
		free(rs->sets);
	}
	int family = rs->family;
	memset(rs, 0, sizeof(*rs));
	rs->family = family; /* a freed ruleset may be filled again */
}

void ruleset_take_table(struct ruleset *dst, struct ruleset *src, enum nf_table t)
{
	if (t < 0 || t >= TABLE_COUNT)
		return;
	struct table *d = &dst->t[t];
	for (size_t i = 0; i < d->nchains; i++)
		chain_free(d->chains[i]);
	free(d->chains);
	table_graph_free(d);
	*d = src->t[t];
	memset(&src->t[t], 0, sizeof(src->t[t]));
	ruleset_changed(dst);
	ruleset_changed(src);
}

static struct chain *chain_add(struct table *tb, const char *name, bool builtin)
{
	struct chain *c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->name_n = strlen(name);
	c->builtin = builtin;
	c->policy = V_ACCEPT;
	tb->chains = xrealloc(tb->chains, (tb->nchains + 1) * sizeof(*tb->chains));
	tb->chains[tb->nchains++] = c;
	return c;
}

struct table *ruleset_load_table(struct ruleset *rs, enum nf_table t)
{
	if (t < 0 || t >= TABLE_COUNT)
		return NULL;
	ruleset_changed(rs);
	struct table *tb = &rs->t[t];
	if (tb->loaded)
		return tb;
	tb->loaded = true;
	for (int h = 0; h < HOOK_COUNT; h++)
		if (table_hooks(t) & HOOKBIT(h))
			chain_add(tb, hook_name(h), true);
	return tb;
}

struct chain *ruleset_chain(const struct ruleset *rs, enum nf_table t, const char *name)
{
	if (t < 0 || t >= TABLE_COUNT || !name)
		return NULL;
	return table_chain(&rs->t[t], name);
}

struct chain *ruleset_builtin(const struct ruleset *rs, enum nf_table t, enum nf_hook h)
{
	if (h < 0 || h >= HOOK_COUNT || t < 0 || t >= TABLE_COUNT || !rs->t[t].loaded)
		return NULL;
	struct chain *c = ruleset_chain(rs, t, hook_name(h));
	return c && c->builtin ? c : NULL;
}

enum nf_hook builtin_hook(enum nf_table t, const char *chain)
{
	int h = chain ? hook_by_name(chain) : -1;
	if (h < 0 || t < 0 || t >= TABLE_COUNT || !(table_hooks(t) & HOOKBIT(h)))
		return HOOK_NONE;
	return (enum nf_hook)h;
}

static bool is_verdict_name(const char *name)
{
	static const char *const verdicts[] = {"ACCEPT", "DROP", "QUEUE", "RETURN"};
	for (size_t i = 0; i < ARRAY_SIZE(verdicts); i++)
		if (strcmp(verdicts[i], name) == 0)
			return true;
	return false;
}

struct chain *ruleset_new_chain(struct ruleset *rs, enum nf_table t, const char *name,
				struct nf_error *err)
{
	struct table *tb = ruleset_load_table(rs, t);
	if (!tb) {
		nf_err(err, -1, "no such table");
		return NULL;
	}
	if (!*name) {
		nf_err(err, -1, "a chain needs a name");
		return NULL;
	}
	if (strlen(name) > CHAIN_NAME_MAX) {
		nf_err(err, -1, "chain name \"%s\" is too long (%d characters at most)", name,
		       CHAIN_NAME_MAX);
		return NULL;
	}
	if (strpbrk(name, " \t\n\r\v\f")) {
		nf_err(err, -1, "invalid chain name \"%s\" (no blanks)", name);
		return NULL;
	}
	if (name[0] == '-' || name[0] == '!') {
		nf_err(err, -1, "chain name \"%s\" may not start with '%c'", name, name[0]);
		return NULL;
	}
	if (is_verdict_name(name) || target_find(name)) {
		nf_err(err, -1, "chain name \"%s\" is the name of a target", name);
		return NULL;
	}
	if (ruleset_chain(rs, t, name)) {
		nf_err(err, -1, "chain \"%s\" already exists in table %s", name, table_name(t));
		return NULL;
	}
	return chain_add(tb, name, false);
}

void rule_free(struct rule *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nmatches; i++) {
		free(r->matches[i].data);
		free(r->matches[i].label);
	}
	free(r->matches);
	for (int i = 0; i < RL_COUNT; i++)
		free(r->labels[i]);
	free(r->target.data);
	free(r->jump);
	free(r->comment_text);
	free(r);
}

bool ifname_match(const char *pattern, const char *name)
{
	size_t plen = ifname_len(pattern);
	if (!name)
		name = "";
	if (plen == 0)
		return true;
	if (pattern[plen - 1] == '+')
		return strncmp(pattern, name, plen - 1) == 0;
	return ifname_eq(pattern, name);
}
