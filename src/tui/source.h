/* source.h - where the TUI gets its recording from: the scenario walked
 * by the engine (replay.c), or a recording made by hand (the unit tests
 * and the benchmark).  Asking again with another era re-runs the walk. */
#ifndef NFWALK_TUI_SOURCE_H
#define NFWALK_TUI_SOURCE_H

#include <stdbool.h>

#include "engine/engine.h"
#include "io/record.h"

struct tui_source {
	const char *name; /* shown in the title line */
	enum era era;     /* the era the scenario asks for */
	bool era_set;     /* the scenario says which */
	/* Fill rec (cleared first) with the whole walk in the given era.
	 * Returns 0, or -1 with err set; rec then holds what was walked
	 * before the error. */
	int (*record)(void *ctx, enum era era, struct recording *rec, struct nf_error *err);
	/* The ruleset of the last walk, for chain listings; NULL if unknown. */
	const struct ruleset *(*rules)(void *ctx);
	/* The scenario's note on packet pkt (1-based), NULL if none; the
	 * member may be NULL. */
	const char *(*note)(void *ctx, int pkt);
	void *ctx;
};

#endif
