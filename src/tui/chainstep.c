/* chainstep.c - o and f (see chainstep.h). */
#include "chainstep.h"

#include <string.h>

#include "app.h"

static bool same_chain(const struct event *a, const struct event *b)
{
	return a->chain && b->chain && a->table == b->table && strcmp(a->chain, b->chain) == 0;
}

/* The last step of the walk holding step. */
static size_t walk_end(const struct tui_app *app, size_t step)
{
	const struct tl_walk *w = &app->tl.walks[app->tl.steps[step].walk];
	return w->first_step + w->nsteps - 1;
}

void chain_step_over(struct tui_app *app)
{
	app->running = false;
	const struct event *cur = timeline_step_event(&app->tl, app->step);
	if (!cur || !cur->chain || app->step + 1 >= app->tl.nsteps) {
		app_do(app, ACT_STEP);
		return;
	}
	size_t end = walk_end(app, app->step), s = app->step + 1;
	while (s <= end) {
		const struct event *ev = timeline_step_event(&app->tl, s);
		if (ev->stage != cur->stage || !ev->chain || same_chain(ev, cur))
			break;
		s++;
	}
	if (s > end)
		s = end;
	size_t skipped = s - app->step - 1;
	app_goto(app, s);
	if (skipped)
		app_set_message(app, false, "stepped over %zu step%s in the called chain", skipped,
				skipped == 1 ? "" : "s");
}

void chain_finish(struct tui_app *app)
{
	const struct event *cur = timeline_step_event(&app->tl, app->step);
	if (!cur || !cur->chain || cur->table == TABLE_NONE) {
		app_do(app, ACT_FOLLOW);
		return;
	}
	app->running = false;
	size_t end = walk_end(app, app->step), s = app->step;
	while (s < end) {
		const struct event *ev = timeline_step_event(&app->tl, s);
		if (ev->stage != cur->stage)
			break;
		if (ev->kind == EV_VERDICT && same_chain(ev, cur)) {
			s++; /* the step after the chain's end */
			break;
		}
		s++;
	}
	char chain[64];
	str_copy(chain, sizeof(chain), cur->chain);
	app_goto(app, s);
	app_set_message(app, false, "finished chain %s", chain);
}
