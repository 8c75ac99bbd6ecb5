/* session.c - build an engine from a scenario and run it into a sink. */
#include "scenario/session.h"

#include "scenario/runner.h"

int session_open(struct engine *e, const struct scenario *s, event_fn fn, void *ctx,
		 struct nf_error *err)
{
	engine_init(e);
	if (scenario_build_engine(s, e, err) != 0)
		return -1;
	if (fn)
		engine_set_sink(e, fn, ctx);
	return 0;
}

int session_run(struct engine *e, const struct scenario *s, event_fn fn, void *ctx,
		struct walk_result *results, struct nf_error *err)
{
	if (session_open(e, s, fn, ctx, err) != 0)
		return -1;
	return runner_run(s, e, results, err);
}
