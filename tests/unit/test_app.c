/* test_app.c - the TUI's state answering keys, on the hand-made recording
 * of tui_fixture.c given through a fake source (no terminal needed: the
 * drawing only reads this state): stepping, panning, the diagram switch
 * re-running the walk in the other era, breakpoints, the help and the box
 * list, and the options. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include <curses.h>

#include "tui/app.h"
#include "tui/keys.h"
#include "tui_fixture.h"

static int records_by_era[2];

static int fake_record(void *ctx, enum era era, struct recording *rec, struct nf_error *err)
{
	records_by_era[era]++;
	tui_fixture_record(rec, era);
	return 0;
}

static const struct tui_source fixture = {.name = "fixture", .era = ERA_KPTD,
					  .record = fake_record};

static bool start(struct tui_app *app, const struct tui_opts *opts)
{
	struct nf_error err;
	memset(records_by_era, 0, sizeof(records_by_era));
	if (app_init(app, &fixture, opts, &err) < 0)
		return false;
	app_resize(app, 24, 80);
	return true;
}

static void test_stepping(void)
{
	struct tui_app app;
	struct tui_opts opts = {.speed = 4};
	if (!ok(start(&app, &opts), "the app starts on the fixture"))
		return;
	ok(records_by_era[ERA_KPTD] == 1 && records_by_era[ERA_MODERN] == 0,
	   "the default diagram walks in the kptd era");
	is_str(app.diagram.name, "kptd", "kptd by default");
	is_int(app.state.current, ST_NET_IN, "starts at the first step");
	for (int i = 0; i < 5; i++)
		app_do(&app, ACT_STEP);
	is_int(app.step, 5, "five steps");
	app_do(&app, ACT_BACK);
	is_int(app.step, 4, "one back");
	app_do(&app, ACT_NEXT_PACKET);
	is_int(app.step, app.tl.walks[1].first_step, "N: the next packet");
	app_do(&app, ACT_LAST);
	const struct diag_box *b = diagram_box_of(&app.diagram, app.state.current);
	ok(b && pan_sees(&app.view, &b->r), "the view panned to the last box");
	ok(app.view.top > 0, "at 80x24 that means scrolling down");
	app_do(&app, ACT_STEP);
	ok(strstr(app.message, "end of the walk") != NULL, "stepping past the end says so");
	app_free(&app);
}

static void test_diagram_switch(void)
{
	struct tui_app app;
	struct tui_opts opts = {.speed = 4};
	if (!start(&app, &opts))
		return;
	app_do(&app, ACT_STEP);
	app_do(&app, ACT_DIAGRAM);
	is_str(app.diagram.name, "modern", "d switches to the modern diagram");
	is_int(records_by_era[ERA_MODERN], 1, "and re-runs the walk in the modern era");
	is_int(app.step, 1, "staying at the same step of the packet");
	is_int(app.state.current, ST_QOS_INGRESS_EARLY, "which in the modern era is tc ingress");
	app_do(&app, ACT_DIAGRAM);
	is_str(app.diagram.name, "kptd", "d again: back to kptd");
	is_int(records_by_era[ERA_KPTD], 2, "walked again in the kptd era");
	app_free(&app);

	opts.era_forced = true;
	start(&app, &opts);
	app_do(&app, ACT_DIAGRAM);
	ok(records_by_era[ERA_MODERN] == 0 && strstr(app.message, "fixed by --era"),
	   "with --era the switch keeps the walk's era: %s", app.message);
	app_free(&app);
}

static void test_breakpoint_run(void)
{
	struct tui_app app;
	struct tui_opts opts = {.speed = 4};
	if (!start(&app, &opts))
		return;
	bp_toggle_stage(&app.bp, ST_FILTER_FORWARD);
	app_do(&app, ACT_RUN);
	ok(app.running, "r runs");
	for (int i = 0; i < 100 && app.running; i++)
		app_tick(&app);
	is_int(app.state.current, ST_FILTER_FORWARD, "a run stops at the breakpoint");
	ok(!app.running && strstr(app.message, "breakpoint"), "and says so: %s", app.message);
	app_do(&app, ACT_FASTER);
	ok(app_speed(&app) > 4, "+ runs faster (%g steps/s)", app_speed(&app));
	app_free(&app);
}

static void test_overlays(void)
{
	struct tui_app app;
	struct tui_opts opts = {.speed = 4};
	if (!start(&app, &opts))
		return;
	app_do(&app, ACT_HELP);
	is_int(app.overlay, OV_HELP, "? opens the help");
	app_do(&app, ACT_CANCEL);
	is_int(app.overlay, OV_NONE, "Esc closes it");
	ok(!app.quit, "without quitting");
	app_do(&app, ACT_GOTO_BOX);
	is_int(app.overlay, OV_MENU, "g opens the box list");
	app_do(&app, ACT_SCROLL_DOWN);
	app_do(&app, ACT_SELECT);
	ok(app.sel_stage != ST_NONE && app.sel_stage != ST_NET_IN,
	   "Down then Enter selects the next box (%s)", stage_name(app.sel_stage));
	is_int(app_focus_stage(&app), app.sel_stage, "the panels describe the selected box");
	app_do(&app, ACT_CANCEL);
	is_int(app.sel_stage, ST_NONE, "Esc clears the selection");
	app_do(&app, ACT_CANCEL);
	ok(!app.quit, "Esc with nothing to close does not quit");
	app_do(&app, ACT_QUIT);
	ok(!app.quit && app.confirm_quit, "q in the middle of the walk asks first");
	app.confirm_quit = false;
	is_int(key_decode_escape((const int[]){'[', '4', '~'}, 3), KEY_END, "Esc [ 4 ~ is End");
	is_int(key_decode_escape((const int[]){'O', 'F'}, 2), KEY_END, "Esc O F is End");
	is_int(key_decode_escape((const int[]){'[', '1', ';', '5', 'D'}, 5), -1,
	       "Ctrl-Left is no key of ours");
	is_int(key_decode_escape((const int[]){'x'}, 1), -1, "nor Alt+x");
	is_int(key_decode_escape(NULL, 0), 27, "Esc alone is Esc");
	app_do(&app, ACT_HELP);
	app_do(&app, ACT_QUIT);
	ok(app.quit, "q quits from the help");
	app_resize(&app, 10, 40);
	ok(app.lay.too_small, "a tiny terminal is too small");
	size_t step = app.step;
	app_do(&app, ACT_STEP);
	is_int(app.step, step, "keys other than q and Esc wait while it is");
	app_free(&app);
}

static void test_options(void)
{
	struct tui_app app;
	struct tui_opts opts = {.no_color = true};
	ok(start(&app, &opts) && strcmp(app.theme.name, "mono") == 0, "NO_COLOR picks the mono theme");
	app_free(&app);
	opts = (struct tui_opts){.diagram = "modern", .theme = "light"};
	ok(start(&app, &opts) && strcmp(app.diagram.name, "modern") == 0 &&
		   records_by_era[ERA_MODERN] == 1,
	   "--diagram modern walks in the modern era from the start");
	is_str(app.theme.name, "light", "--theme light");
	app_free(&app);
	opts = (struct tui_opts){.theme = "no-such-theme"};
	struct nf_error err;
	char buf[700];
	int rc = app_init(&app, &fixture, &opts, &err);
	nf_error_format(&err, buf, sizeof(buf));
	ok(rc < 0 && strstr(buf, "unknown theme 'no-such-theme' (known: default"),
	   "an unknown theme lists the known ones: %s", buf);
	opts = (struct tui_opts){.diagram = "/nonexistent/x.diagram"};
	rc = app_init(&app, &fixture, &opts, &err);
	nf_error_format(&err, buf, sizeof(buf));
	ok(rc < 0 && strstr(buf, "cannot read /nonexistent/x.diagram"), "a missing file: %s", buf);
}

int main(void)
{
	test_stepping();
	test_diagram_switch();
	test_breakpoint_run();
	test_overlays();
	test_options();
	return tap_done();
}
