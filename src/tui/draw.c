/* draw.c - the whole screen: title line, diagram, panels, status line,
 * and the help or box list on top when open. */
#include "draw.h"

#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "diagram_build.h"
#include "follow.h"
#include "hints.h"
#include "manpage.h"
#include "menu.h"

typedef void (*panel_fn)(const struct tui_app *app, const struct rect *r);

static const panel_fn panels[PANEL_COUNT] = {
	[PANEL_PACKET] = panel_packet,
	[PANEL_RULE] = panel_rule,
	[PANEL_LOG] = panel_log,
	[PANEL_CONNTRACK] = panel_conntrack,
};

static int packet_count(const struct timeline *tl)
{
	int n = 0;
	for (size_t i = 0; i < tl->nwalks; i++)
		if (tl->walks[i].pkt > n)
			n = tl->walks[i].pkt;
	return n;
}

static void draw_title(const struct tui_app *app)
{
	struct pane p;
	attr_t a = palette_attr(&app->pal, EL_TITLE);
	pane_start(&p, &app->lay.title, a);
	char walk[48] = "no packets";
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	if (ev) {
		if (ev->sub > 0)
			snprintf(walk, sizeof(walk), "packet %d/%d, answer %d", ev->pkt,
				 packet_count(&app->tl), ev->sub);
		else
			snprintf(walk, sizeof(walk), "packet %d/%d", ev->pkt, packet_count(&app->tl));
	}
	char run[32];
	snprintf(run, sizeof(run), app->running ? "running %.3g/s" : "paused", app_speed(app));
	/* The keys to press are on the status line; the scenario's name
	 * takes what room is left here. */
	/* The modern drawing says which iptables ordered its INPUT boxes. */
	char dname[80];
	snprintf(dname, sizeof(dname), "%s%s%s", app->diagram.name,
		 app->diagram.era == ERA_MODERN ? " " : "",
		 app->diagram.era == ERA_MODERN ? backend_name(app->src->backend) : "");
	pane_addf(&p, a, " nfwalk | %s | step %zu/%zu | %s | %s | ", walk,
		  app->tl.nsteps ? app->step + 1 : 0, app->tl.nsteps, dname, run);
	if (app->quiz.on)
		pane_addf(&p, a, "quiz %d/%zu | ", app->quiz.right,
			  app->quiz.n - (app->quiz.asking ? 1 : 0));
	pane_add(&p, a, app->src->name);
}

/* The keys worth pressing next, right-aligned; the rest of the status
 * line shrinks to leave them room.  A message (the answer to a key)
 * keeps the whole line. */
static void draw_hint(const struct tui_app *app, struct pane *rest, attr_t a)
{
	if (app->message[0])
		return;
	char hint[80];
	key_hint(app, hint, sizeof(hint));
	int x = app->lay.cols - (int)strlen(hint) - 1;
	if (x < 1)
		return;
	struct pane h;
	int y = app->lay.status.y + app->lay.status.h - 1; /* the last row of a tall one */
	pane_start(&h, &(struct rect){y, x - 1, 1, app->lay.cols - x + 1}, a);
	pane_addf(&h, a, " %s", hint);
	rest->r.w = x - 1;
}

/* The status line: a capture's count first, then the last message or
 * what the current step is. */
static void draw_status(const struct tui_app *app)
{
	struct pane p;
	bool error = app->message[0] && app->message_is_error;
	attr_t a = palette_attr(&app->pal, error ? EL_ERROR : EL_STATUS);
	pane_start(&p, &app->lay.status, a);
	const struct quiz_question *qq = quiz_pending(app);
	if (qq) { /* the question waits: it and its answers are the status line */
		char choices[400];
		quiz_choices(qq, choices, sizeof(choices));
		attr_t qa = palette_attr(&app->pal, EL_TITLE);
		pane_start(&p, &app->lay.status, qa);
		const char *what = app->message[0] ? app->message
				   : app->lay.narration.h ? "" : qq->text;
		pane_addf(&p, qa, " QUIZ %s  %s", what, choices);
		return;
	}
	draw_hint(app, &p, a);
	char capture[400];
	follow_status(app, capture, sizeof(capture));
	if (capture[0])
		pane_addf(&p, a, " %s |", capture);
	if (app->message[0]) {
		if (app->lay.status.h >= 3)
			pane_newline(&p);
		pane_addf(&p, a | (app->lay.status.h >= 3 ? A_BOLD : 0), " %s", app->message);
		return;
	}
	char line[512] = "waiting for packets";
	if (!capture[0] || app->tl.nsteps)
		describe_step(&app->tl, app->step, line, sizeof(line));
	char where[200]; /* a box not drawn, or an nftables chain drawn as a table */
	diagram_where(&app->diagram, app->state.current, app->state.base, where, sizeof(where));
	if (app->lay.status.h >= 3) { /* presenting: the step on its own row, bold */
		pane_newline(&p);
		pane_addf(&p, a | A_BOLD, "  > %s%s", where, line);
		return;
	}
	pane_addf(&p, a, " %s%s", where, line);
}

static void draw_too_small(const struct tui_app *app)
{
	char need[96], have[64];
	snprintf(need, sizeof(need), "nfwalk needs at least %dx%d;", LAYOUT_MIN_COLS,
		 LAYOUT_MIN_ROWS);
	snprintf(have, sizeof(have), "this terminal is %dx%d.", app->lay.cols, app->lay.rows);
	const char *const lines[] = {need, have, "Enlarge it, or q to quit."};
	attrset(A_NORMAL);
	for (int i = 0; i < 3; i++) {
		int y = app->lay.rows / 2 - 1 + i, x = (app->lay.cols - (int)strlen(lines[i])) / 2;
		if (y >= 0 && y < app->lay.rows)
			mvaddnstr(y, x < 0 ? 0 : x, lines[i], app->lay.cols);
	}
}

static void draw_panels(const struct tui_app *app)
{
	for (int s = 0; s < app->lay.nslots; s++) {
		enum panel_id id = layout_panel_in_slot(&app->lay, s, app->panel_cycle);
		panels[id](app, &app->lay.slot[s]);
	}
}

void draw_screen(const struct tui_app *app)
{
	erase();
	if (app->lay.too_small) {
		draw_too_small(app);
	} else {
		draw_title(app);
		draw_diagram(app);
		draw_panels(app);
		if (app->lay.narration.h > 0)
			panel_narration(app, &app->lay.narration);
		if (app->prompt.kind != PROMPT_NONE)
			draw_prompt(app);
		else
			draw_status(app);
		if (app->overlay == OV_HELP)
			draw_help(app);
		else if (app->overlay == OV_MENU)
			draw_menu(app);
		else if (app->overlay == OV_EXPLAIN)
			draw_explain(app);
	}
	attrset(A_NORMAL);
	move(app->lay.rows > 0 ? app->lay.rows - 1 : 0, 0);
	refresh();
}
