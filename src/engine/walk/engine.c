/* engine.c - set up and tear down a simulated host. */
#include "engine/walk/engine.h"
#include "engine/walk/classify.h"

void engine_init(struct engine *e)
{
	*e = (struct engine){0};
	netconf_init(&e->net);
	ruleset_init(&e->rules);
	ruleset_init_family(&e->rules6, FAMILY_IPV6);
	conntrack_init(&e->ct);
	sockets_init(&e->socks);
	qos_init(&e->qos);
	inetpeers_init(&e->peers);
	ipchains_init(&e->ipc);
	e->era = ERA_KPTD;
	e->wants = (struct sink_wants){EV_ALL, EVW_ALL, EV_ALL, 0};
	e->max_spawn = 8;
}

void engine_free(struct engine *e)
{
	netconf_free(&e->net);
	ruleset_free(&e->rules);
	ruleset_free(&e->rules6);
	conntrack_free(&e->ct);
	sockets_free(&e->socks);
	qos_free(&e->qos);
	inetpeers_free(&e->peers);
	cls_free(e->cls);
	e->cls = NULL;
	ipchains_free(&e->ipc);
	engine_set_nft(e, NULL);
}

void engine_set_sink(struct engine *e, event_fn fn, void *ctx)
{
	e->sink = fn;
	e->sink_ctx = ctx;
	e->wants = (struct sink_wants){EV_ALL, EVW_ALL, EV_ALL, 0};
}

void engine_sink_wants(struct engine *e, unsigned kinds, unsigned what)
{
	e->wants = (struct sink_wants){kinds & EV_ALL, what & EVW_ALL, EV_ALL, 0};
}

void engine_sink_wants_of(struct engine *e, struct sink_wants w)
{
	e->wants = (struct sink_wants){w.kinds & EV_ALL, w.what & EVW_ALL, w.view_kinds & EV_ALL,
				       w.textless_kinds & EV_ALL};
}

/* engine_builtin's cache, rebuilt when the rules changed. */
void engine_builtin_refresh(struct engine *e, int family)
{
	int f = family == FAMILY_IPV6;
	const struct ruleset *rs = engine_rules(e, family);
	for (int ti = 0; ti < TABLE_COUNT; ti++)
		for (int hi = 0; hi < HOOK_COUNT; hi++)
			e->builtin[f][ti][hi] = ruleset_builtin(rs, (enum nf_table)ti, (enum nf_hook)hi);
	e->builtin_gen[f] = rs->gen + 1;
}

const char *backend_name(enum backend b)
{
	return b == BACKEND_LEGACY ? "legacy" : "nft";
}
