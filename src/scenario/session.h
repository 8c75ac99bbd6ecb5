/* session.h - one engine built from a scenario and the scenario run
 * through it into a sink: the setup every front end (batch trace, checker,
 * TUI replay, --verify-kernel, capture, --print-rules) shares. */
#ifndef NFWALK_SESSION_H
#define NFWALK_SESSION_H

#include "scenario/scenario.h"

/* engine_init, scenario_build_engine, then engine_set_sink(fn, ctx) when
 * fn is given.  -1 with err set (placed in the scenario) when the
 * scenario cannot be built.  The engine needs engine_free either way. */
int session_open(struct engine *e, const struct scenario *s, event_fn fn, void *ctx,
		 struct nf_error *err);

/* session_open, then every packet (runner_run; results may be NULL). */
int session_run(struct engine *e, const struct scenario *s, event_fn fn, void *ctx,
		struct walk_result *results, struct nf_error *err);

#endif
