/* follow.c - a growing recording: pulling, following, holding, forgetting
 * (see follow.h). */
#include "follow.h"

#include <stdio.h>
#include <string.h>

static const struct tui_feed *feed_of(const struct tui_app *app)
{
	return app->src->feed;
}

bool follow_over(const struct tui_app *app)
{
	const struct tui_feed *f = feed_of(app);
	return !f || f->ended(app->src->ctx);
}

int follow_fd(const struct tui_app *app)
{
	const struct tui_feed *f = feed_of(app);
	return f ? f->fd(app->src->ctx) : -1;
}

static int newest_packet(const struct timeline *tl)
{
	return tl->nwalks ? tl->walks[tl->nwalks - 1].pkt : 0;
}

unsigned follow_waiting(const struct tui_app *app)
{
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	if (!ev)
		return 0;
	int newer = newest_packet(&app->tl) - ev->pkt;
	return newer > 0 ? (unsigned)newer : 0;
}

/* Whether the main loop reads the feed now.  A live interface is read as
 * packets come, always: they cannot wait.  A file is read as the run
 * needs packets (follow_at_end), and while the view is held, read ahead
 * as fast as it reads, as far as the window keeps. */
static bool reads_now(const struct tui_app *app)
{
	const struct tui_feed *f = feed_of(app);
	if (!f || f->ended(app->src->ctx))
		return false;
	if (!f->paced)
		return true;
	return !app->running && follow_waiting(app) + 1 < FOLLOW_KEEP_PACKETS;
}

bool follow_busy(const struct tui_app *app)
{
	const struct tui_feed *f = feed_of(app);
	return f && f->paced && reads_now(app);
}

/* --- the window --- */

/* Count, then drop, the events before step `first_kept`, whose walks are
 * of packets older than the window. */
static void forget_steps(struct tui_app *app, size_t first_kept)
{
	size_t nevents = app->tl.steps[first_kept].first;
	struct counters gone = {0};
	counters_compute(&gone, &app->rec, nevents - 1);
	counters_add(&app->forgotten, &gone);
	counters_free(&gone);
	recording_drop_front(&app->rec, nevents);
	timeline_free(&app->tl);
	timeline_build(&app->tl, &app->rec);
}

/* Keep the newest FOLLOW_KEEP_PACKETS packets, forgetting the oldest in
 * batches (a quarter of the window at a time) so the work is rare. */
static void forget_oldest(struct tui_app *app)
{
	const struct timeline *tl = &app->tl;
	if (tl->nwalks == 0)
		return;
	int newest = newest_packet(tl), oldest = tl->walks[0].pkt;
	if (newest - oldest + 1 <= FOLLOW_KEEP_PACKETS + FOLLOW_KEEP_PACKETS / 4)
		return;
	int first_pkt = newest - FOLLOW_KEEP_PACKETS + 1;
	size_t w = 0;
	while (w + 1 < tl->nwalks && tl->walks[w].pkt < first_pkt)
		w++;
	size_t first_kept = tl->walks[w].first_step;
	if (first_kept == 0)
		return;
	bool lost_place = app->step < first_kept;
	size_t step = lost_place ? 0 : app->step - first_kept;
	forget_steps(app, first_kept);
	app->step = step;
	if (lost_place)
		app_set_message(app, false,
				"only the newest %d packets are kept: this is the oldest of them "
				"(the counters still count the others)",
				FOLLOW_KEEP_PACKETS);
}

/* New events were appended to the recording. */
static void grown(struct tui_app *app)
{
	timeline_free(&app->tl);
	timeline_build(&app->tl, &app->rec);
	forget_oldest(app);
	app_refresh(app);
}

static size_t pull(struct tui_app *app, size_t max)
{
	size_t n = feed_of(app)->pull(app->src->ctx, max);
	if (n)
		grown(app);
	return n;
}

bool follow_pull(struct tui_app *app)
{
	if (!feed_of(app))
		return false;
	size_t n = 0;
	if (reads_now(app)) {
		size_t room = FOLLOW_PULL_MAX;
		/* A held file stops at the window's end, so the place stays. */
		if (feed_of(app)->paced && app->tl.nsteps) {
			size_t left = FOLLOW_KEEP_PACKETS - 1 - follow_waiting(app);
			room = left < room ? left : room;
		}
		n = pull(app, room);
	}
	bool over = follow_over(app);
	bool changed = n > 0 || over != app->feed_over;
	app->feed_over = over;
	return changed;
}

static bool at_last_step(const struct tui_app *app)
{
	return app->tl.nsteps == 0 || app->step + 1 >= app->tl.nsteps;
}

enum follow_end follow_at_end(struct tui_app *app)
{
	const struct tui_feed *f = feed_of(app);
	if (f && !f->ended(app->src->ctx))
		pull(app, f->paced ? 1 : FOLLOW_PULL_MAX);
	if (f)
		app->feed_over = follow_over(app);
	if (!at_last_step(app))
		return FOLLOW_MORE;
	return follow_over(app) ? FOLLOW_OVER : FOLLOW_WAIT;
}

/* The first walk of the newest packet. */
static size_t newest_walk(const struct timeline *tl)
{
	size_t w = tl->nwalks - 1;
	while (w > 0 && tl->walks[w - 1].pkt == tl->walks[w].pkt)
		w--;
	return w;
}

bool follow_catch_up(struct tui_app *app)
{
	const struct tui_feed *f = feed_of(app);
	const struct timeline *tl = &app->tl;
	if (!f || f->paced || app->step >= tl->nsteps)
		return false;
	size_t w = tl->steps[app->step].walk;
	const struct tl_walk *wk = &tl->walks[w];
	/* Mid-walk, or the packet's answers still to show: go on stepping. */
	if (app->step + 1 != wk->first_step + wk->nsteps || w + 1 >= tl->nwalks ||
	    tl->walks[w + 1].pkt == wk->pkt)
		return false;
	/* One packet waiting is simply the next; more, and the view jumps. */
	if (newest_packet(tl) <= tl->walks[w + 1].pkt)
		return false;
	app_goto(app, tl->walks[newest_walk(tl)].first_step);
	return true;
}

void follow_status(const struct tui_app *app, char *buf, size_t n)
{
	const struct tui_feed *f = feed_of(app);
	if (n == 0)
		return;
	buf[0] = '\0';
	if (!f)
		return;
	f->describe(app->src->ctx, buf, n);
	unsigned waiting = follow_waiting(app);
	size_t used = strlen(buf);
	if (waiting && used < n)
		snprintf(buf + used, n - used, ", %u waiting", waiting);
}
