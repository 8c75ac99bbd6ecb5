/* timeline.c - steps, walks and the diagram state at a step. */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

static bool same_walk(const struct event *a, const struct event *b)
{
	return a->pkt == b->pkt && a->sub == b->sub;
}

static void add_walk(struct timeline *tl, const struct event *ev, size_t first_step)
{
	if (tl->nwalks == tl->walks_cap) {
		tl->walks_cap = tl->walks_cap ? 2 * tl->walks_cap : 16;
		tl->walks = xrealloc(tl->walks, tl->walks_cap * sizeof(*tl->walks));
	}
	tl->walks[tl->nwalks++] = (struct tl_walk){ev->pkt, ev->sub, first_step, 0};
}

static void add_step(struct timeline *tl, size_t ev_index)
{
	if (tl->nsteps == tl->steps_cap) {
		tl->steps_cap = tl->steps_cap ? 2 * tl->steps_cap : 64;
		tl->steps = xrealloc(tl->steps, tl->steps_cap * sizeof(*tl->steps));
	}
	tl->steps[tl->nsteps++] = (struct tl_step){ev_index, ev_index, tl->nwalks - 1};
	tl->walks[tl->nwalks - 1].nsteps++;
}

static bool enters(const struct event *ev)
{
	return ev->kind == EV_ENTER || ev->kind == EV_PACKET;
}

static bool valid_stage(enum stage_id st)
{
	return (int)st >= 0 && st < ST_COUNT;
}

void timeline_build(struct timeline *tl, const struct recording *rec)
{
	*tl = (struct timeline){.rec = rec};
	const struct event *prev = NULL;
	for (size_t i = 0; i < rec->n; i++) {
		const struct event *ev = &rec->v[i].ev;
		bool new_walk = !prev || !same_walk(prev, ev);
		if (new_walk)
			add_walk(tl, ev, tl->nsteps);
		if (ev->kind == EV_REWRITE && !new_walk)
			tl->steps[tl->nsteps - 1].last = i;
		else
			add_step(tl, i);
		if (enters(ev) && valid_stage(ev->stage))
			tl->entered_anywhere[ev->stage] = true;
		prev = ev;
	}
}

void timeline_free(struct timeline *tl)
{
	free(tl->steps);
	free(tl->walks);
	*tl = (struct timeline){0};
}

const struct event *timeline_event(const struct timeline *tl, size_t ev_index)
{
	return ev_index < tl->rec->n ? &tl->rec->v[ev_index].ev : NULL;
}

const struct event *timeline_step_event(const struct timeline *tl, size_t step)
{
	return step < tl->nsteps ? timeline_event(tl, tl->steps[step].first) : NULL;
}

const struct event *timeline_step_last(const struct timeline *tl, size_t step)
{
	return step < tl->nsteps ? timeline_event(tl, tl->steps[step].last) : NULL;
}

size_t timeline_next_walk(const struct timeline *tl, size_t step)
{
	if (step >= tl->nsteps)
		return step;
	size_t w = tl->steps[step].walk;
	return w + 1 < tl->nwalks ? tl->walks[w + 1].first_step : step;
}

size_t timeline_prev_walk(const struct timeline *tl, size_t step)
{
	if (step >= tl->nsteps)
		return step;
	size_t w = tl->steps[step].walk;
	/* From inside a walk, go back to its start first, as players do. */
	if (step != tl->walks[w].first_step)
		return tl->walks[w].first_step;
	return w > 0 ? tl->walks[w - 1].first_step : step;
}

bool timeline_find(const struct timeline *tl, int pkt, int sub, size_t offset, size_t *step)
{
	for (size_t w = 0; w < tl->nwalks; w++) {
		const struct tl_walk *wk = &tl->walks[w];
		if (wk->pkt != pkt || wk->sub != sub)
			continue;
		*step = wk->first_step + (offset < wk->nsteps ? offset : wk->nsteps - 1);
		return true;
	}
	return false;
}

bool tl_base_seen(const struct tl_state *st, const char *base)
{
	for (size_t i = 0; base && i < st->nbases; i++)
		if (strcmp(st->bases[i], base) == 0)
			return true;
	return false;
}

/* The base chain an event is in: entering a box, and the events that
 * name a chain (iptables' in a nat box shared with nft's: NULL). */
static void fold_base(struct tl_state *st, const struct event *ev)
{
	if (!enters(ev) && ev->kind != EV_RULE && ev->kind != EV_TARGET && ev->kind != EV_VERDICT)
		return;
	st->base = ev->base;
	if (ev->base && !tl_base_seen(st, ev->base) && st->nbases < TL_BASES_MAX)
		st->bases[st->nbases++] = ev->base;
}

/* Fold one event of the walk into the state; `seen` says whether it is at
 * or before the current step. */
static void fold_event(struct tl_state *st, const struct event *ev, bool seen,
		       enum stage_id *last_entered)
{
	if (enters(ev) && valid_stage(ev->stage)) {
		st->on_path[ev->stage] = true;
		if (!seen)
			return;
		if (valid_stage(*last_entered) && st->next_after[*last_entered] == ST_NONE &&
		    *last_entered != ev->stage)
			st->next_after[*last_entered] = ev->stage;
		st->visited[ev->stage] = true;
		st->current = ev->stage;
		*last_entered = ev->stage;
		fold_base(st, ev);
		return;
	}
	if (!seen)
		return;
	fold_base(st, ev);
	if (ev->kind == EV_REWRITE && valid_stage(st->current))
		st->rewrote[st->current] = true;
	if (ev->kind == EV_FATE)
		st->ended = true;
}

/* A stage the walk did not enter is skipped once the walk has gone past
 * it: the walk ended, or it reached a stage that comes later in kernel
 * order (the stage list is in that order), or no walk enters it at all
 * (a table the scenario never loaded, the ipchains column). */
static void mark_skipped(const struct timeline *tl, struct tl_state *st)
{
	int furthest = -1;
	/* the ipchains boxes close the stage list but not the 2.2 path */
	for (int s = 0; s < ST_COUNT; s++)
		if (st->visited[s] && stage_info((enum stage_id)s)->kind != SK_IPCHAINS)
			furthest = s;
	for (int s = 0; s < ST_COUNT; s++)
		st->skipped[s] = !st->on_path[s] &&
				 (st->ended || s < furthest || !tl->entered_anywhere[s]);
}

void timeline_state(const struct timeline *tl, size_t step, struct tl_state *st)
{
	memset(st, 0, sizeof(*st));
	st->current = ST_NONE;
	for (int s = 0; s < ST_COUNT; s++)
		st->next_after[s] = ST_NONE;
	if (step >= tl->nsteps)
		return;
	const struct tl_walk *wk = &tl->walks[tl->steps[step].walk];
	size_t first = tl->steps[wk->first_step].first;
	size_t last = tl->steps[wk->first_step + wk->nsteps - 1].last;
	size_t now = tl->steps[step].last;
	enum stage_id last_entered = ST_NONE;
	for (size_t i = first; i <= last; i++)
		fold_event(st, &tl->rec->v[i].ev, i <= now, &last_entered);
	mark_skipped(tl, st);
}
