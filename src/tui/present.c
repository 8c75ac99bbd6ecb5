/* present.c - presenter mode and breakpoints given beforehand (see
 * present.h). */
#include "present.h"

#include <curses.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "replay.h"

static void preset_breakpoints(struct tui_app *app)
{
	const struct scenario *s = app->opts.scn;
	for (size_t i = 0; s && i < s->nbreakpoints; i++)
		app->bp.stage[s->breakpoints[i]] = true;
	for (size_t i = 0; i < app->opts.nbreaks; i++)
		app->bp.stage[app->opts.breaks[i]] = true;
}

void present_start(struct tui_app *app)
{
	preset_breakpoints(app);
	if (app->opts.quiz && !app->quiz.on)
		quiz_toggle(app);
	if (!app->opts.present)
		return;
	app->pace = app->opts.pace > 0 ? app->opts.pace : 2;
	app->hide_panels = true; /* the diagram and the narration; z shows them */
	app->running = app->tl.nsteps > 1;
	app_set_message(app, false, "presenting: a step every %gs; any key pauses, r runs on",
			app->pace);
}

bool present_key(struct tui_app *app, int key)
{
	if (!app->opts.present || !app->running || key == KEY_RESIZE || key == KEY_MOUSE)
		return false;
	app->running = false;
	app_set_message(app, false, "paused: r runs on, space steps, z hides the panels");
	return true;
}

bool present_zoom(const struct tui_app *app, struct diag_rect *r)
{
	enum stage_id cur = app->state.current;
	const struct stage_info *ci = cur != ST_NONE ? stage_info(cur) : NULL;
	if (!ci || ci->hook == HOOK_NONE)
		return false;
	bool any = false;
	int top = 0, left = 0, bottom = 0, right = 0;
	for (int st = 0; st < ST_COUNT; st++) {
		const struct stage_info *si = stage_info((enum stage_id)st);
		const struct diag_box *b = diagram_box_of(&app->diagram, (enum stage_id)st);
		if (!b || si->hook != ci->hook || si->kind == SK_ROUTE)
			continue;
		int t = b->r.row, l = b->r.col, bo = b->r.row + b->r.height,
		    ri = b->r.col + b->r.width;
		if (!any || t < top)
			top = t;
		if (!any || l < left)
			left = l;
		if (!any || bo > bottom)
			bottom = bo;
		if (!any || ri > right)
			right = ri;
		any = true;
	}
	/* The hook's frame: a row above and below its boxes. */
	top = top > 2 ? top - 2 : 0;
	bottom += 2;
	if (!any || bottom - top > app->view.h || right - left > app->view.w)
		return false;
	*r = (struct diag_rect){.row = top, .col = left, .height = bottom - top, .width = right - left};
	return true;
}

void adopt_scenario(struct tui_app *app, struct replay *rp, struct scenario *slot, bool *have,
		    struct scenario *fresh)
{
	struct scenario old = *slot;
	bool had = *have;
	*slot = *fresh;
	*have = true;
	rp->scn = slot;
	app->opts.scn = slot;
	app->whatif.marks = false; /* they were about the walk before */
	app_rewalk(app);
	if (had)
		scenario_free(&old);
}

/* --- watching the file --- */

static bool stat_of(const char *path, time_t *mtime, long *ns, off_t *size)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	*mtime = st.st_mtim.tv_sec;
	*ns = st.st_mtim.tv_nsec;
	*size = st.st_size;
	return true;
}

void watch_init(struct watch *w, const char *path)
{
	*w = (struct watch){0};
	if (path && stat_of(path, &w->mtime, &w->mtime_ns, &w->size))
		w->path = path;
}

int watch_poll(struct watch *w, struct tui_app *app, struct replay *rp,
	       struct tui_source *src)
{
	time_t mtime;
	long ns;
	off_t size;
	if (!w->path || !stat_of(w->path, &mtime, &ns, &size))
		return 0;
	if (mtime == w->mtime && ns == w->mtime_ns && size == w->size)
		return 0;
	w->mtime = mtime;
	w->mtime_ns = ns;
	w->size = size;
	struct scenario fresh;
	struct nf_error err = {.col = -1};
	if (scenario_load(w->path, &fresh, &err) < 0) {
		char msg[700];
		nf_error_format(&err, msg, sizeof(msg));
		app_set_message(app, true, "not reloaded: %s", msg);
		return -1;
	}
	adopt_scenario(app, rp, &w->scn, &w->have, &fresh);
	src->name = w->scn.name;
	memset(app->bp.stage, 0, sizeof(app->bp.stage));
	preset_breakpoints(app);
	if (!app->run_error[0])
		app_set_message(app, false, "%s changed: reloaded and walked again", w->path);
	return 1;
}

void watch_free(struct watch *w)
{
	if (w->have)
		scenario_free(&w->scn);
	w->have = false;
}
