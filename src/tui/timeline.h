/* timeline.h - the recorded walk cut into the steps a person takes.
 *
 * One step is one event, except that EV_REWRITE events join the step
 * before them (a target and the fields it changed are read together).
 * Steps are grouped by walk: (pkt, sub) as the engine numbers them.
 *
 * Everything the diagram shows about "where the packet is" derives from
 * the recording up to the current step (timeline_state); nothing here
 * draws. */
#ifndef NFWALK_TUI_TIMELINE_H
#define NFWALK_TUI_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "sinks/record.h"

struct tl_step {
	size_t first, last; /* event indices, inclusive */
	size_t walk;
};

struct tl_walk {
	int pkt, sub;
	size_t first_step, nsteps;
};

struct timeline {
	const struct recording *rec;
	struct tl_step *steps;
	size_t nsteps, steps_cap;
	struct tl_walk *walks;
	size_t nwalks, walks_cap;
	bool entered_anywhere[ST_COUNT]; /* some walk of the run enters the stage */
};

void timeline_build(struct timeline *tl, const struct recording *rec);
void timeline_free(struct timeline *tl);

const struct event *timeline_event(const struct timeline *tl, size_t ev_index);
/* The step's main event (its first). */
const struct event *timeline_step_event(const struct timeline *tl, size_t step);
/* The step's last event: its view is the packet after the step. */
const struct event *timeline_step_last(const struct timeline *tl, size_t step);
/* The first step of the walk after (or before) the one holding step;
 * step itself when there is none. */
size_t timeline_next_walk(const struct timeline *tl, size_t step);
size_t timeline_prev_walk(const struct timeline *tl, size_t step);
/* The step of walk (pkt, sub) at 0-based offset within it, clamped;
 * returns false when the recording has no such walk. */
bool timeline_find(const struct timeline *tl, int pkt, int sub, size_t offset, size_t *step);

/* Where the packet is at a step, as the diagram shows it. */
#define TL_BASES_MAX 32
struct tl_state {
	enum stage_id current;    /* the box the packet is in */
	/* nftables: the base chain it is in (event.base: boxes of one stage
	 * differ by it), NULL: none; those entered so far in this walk */
	const char *base;
	const char *bases[TL_BASES_MAX];
	size_t nbases;
	bool visited[ST_COUNT];   /* entered so far in this walk (current too) */
	bool on_path[ST_COUNT];   /* entered at some point of this walk */
	bool skipped[ST_COUNT];   /* not entered, and the walk is past it */
	bool rewrote[ST_COUNT];   /* changed a field so far in this walk */
	enum stage_id next_after[ST_COUNT]; /* stage entered right after, so far */
	bool ended;               /* the step shows the walk's fate */
};

void timeline_state(const struct timeline *tl, size_t step, struct tl_state *st);
/* Has this walk entered the base chain so far? */
bool tl_base_seen(const struct tl_state *st, const char *base);

#endif
