/* tui.c - tui_run: walk the scenario, take the terminal, and loop over
 * keys, mouse, resizes and run ticks until the user quits. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* clock_gettime */
#endif
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <time.h>

#include "app.h"
#include "draw.h"
#include "replay.h"
#include "term.h"

/* Without a run in progress, wake up now and then anyway so a stop
 * signal is seen even if the terminal stays silent. */
#define IDLE_WAIT_MS 500

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void handle_mouse(struct tui_app *app)
{
	MEVENT me;
	if (getmouse(&me) != OK)
		return;
	if (me.bstate & BUTTON4_PRESSED)
		app_wheel(app, -3);
	else if (me.bstate & BUTTON5_PRESSED)
		app_wheel(app, +3);
	else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		app_click(app, me.y, me.x);
}

static void handle_key(struct tui_app *app, int key)
{
	if (key == KEY_RESIZE) {
		app_resize(app, LINES, COLS);
		return;
	}
	if (key == KEY_MOUSE) {
		handle_mouse(app);
		return;
	}
	enum action a = action_for_key(key);
	/* A key press answers the last message. */
	app->message[0] = '\0';
	if (a != ACT_NONE)
		app_do(app, a);
	else
		app->overlay = OV_NONE; /* any other key closes the help or list */
}

/* How long to wait for a key: until the next step of a run (rounded up,
 * so the wait never spins), else a while. */
static int wait_ms(const struct tui_app *app, double next_tick)
{
	if (!app->running)
		return IDLE_WAIT_MS;
	double left = next_tick - now_seconds();
	return left > 0 ? (int)(left * 1000) + 1 : 0;
}

static void loop(struct tui_app *app)
{
	double next_tick = now_seconds();
	bool dirty = true;
	while (!app->quit && !term_pending_signal()) {
		if (dirty)
			draw_screen(app);
		dirty = false;
		timeout(wait_ms(app, next_tick));
		int key = getch();
		if (key != ERR) {
			handle_key(app, key);
			dirty = true;
			continue;
		}
		if (app->running && now_seconds() >= next_tick) {
			app_tick(app);
			next_tick = now_seconds() + 1.0 / app_speed(app);
			dirty = true;
		}
	}
}

/* https://no-color.org: set and not empty means no color. */
static bool no_color_env(void)
{
	const char *v = getenv("NO_COLOR");
	return v && v[0];
}

int tui_run(const struct tui_opts *o, struct nf_error *err)
{
	struct replay replay;
	struct tui_source src;
	struct tui_app app;
	struct tui_opts opts = *o;
	opts.no_color |= no_color_env();
	replay_source(&replay, o->scn, &src);
	if (app_init(&app, &src, &opts, err) < 0) {
		replay_free(&replay);
		return 2;
	}
	if (term_start(o->mouse, err) < 0) {
		app_free(&app);
		replay_free(&replay);
		return 2;
	}
	/* The locale is known only now; line drawing follows it. */
	app.lines = o->ascii ? LINES_ASCII : term_utf8() ? LINES_UNICODE : LINES_ACS;
	app_apply_theme(&app);
	app_resize(&app, LINES, COLS);
	loop(&app);
	term_stop();
	app_free(&app);
	replay_free(&replay);
	term_reraise();
	return 0;
}
