/* replay.h - a tui_source that walks a scenario through the engine:
 * a fresh engine per era (scenario_build_engine, then runner_run into a
 * recording_sink), kept alive so the panels can list its chains. */
#ifndef NFWALK_TUI_REPLAY_H
#define NFWALK_TUI_REPLAY_H

#include "scenario/scenario.h"
#include "source.h"

struct replay {
	const struct scenario *scn;
	struct engine eng;
	bool have_engine;
};

void replay_source(struct replay *r, const struct scenario *scn, struct tui_source *src);
void replay_free(struct replay *r);
/* The replay behind a source made by replay_source; NULL for another. */
struct replay *replay_of(const struct tui_source *src);

#endif
