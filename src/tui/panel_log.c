/* panel_log.c - the steps so far, one line each, newest at the bottom,
 * the current one marked.  Each walk starts with its packet line. */
#include "draw.h"

#include "describe.h"

void panel_log(const struct tui_app *app, const struct rect *r)
{
	struct pane p;
	pane_start(&p, r, palette_attr(&app->pal, EL_PANEL));
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), "Log");
	if (app->tl.nsteps == 0)
		return;
	int lines = r->h - 1;
	size_t first = app->step + 1 > (size_t)lines ? app->step + 1 - (size_t)lines : 0;
	for (size_t i = first; i <= app->step && !pane_full(&p); i++) {
		const struct event *ev = timeline_step_event(&app->tl, i);
		char line[512];
		describe_step(&app->tl, i, line, sizeof(line));
		attr_t a = palette_attr(&app->pal, i == app->step ? EL_LOG_CURRENT : EL_PANEL);
		pane_addf(&p, a, "%3d %-*s", ev->step, r->w - 4, line);
		pane_newline(&p);
	}
}
