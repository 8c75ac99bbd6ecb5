/* actions.c - what each key does to the state, one small function per
 * action, found through a table indexed by the action (keys.h). */
#include "app.h"
#include "draw.h"
#include "follow.h"
#include "listing.h"
#include "chainstep.h"
#include "manpage.h"
#include "prompt.h"
#include "search.h"
#include "menu.h"

#include <stdio.h>

#define LISTING_MAX 512

static bool at_end(const struct tui_app *app)
{
	return app->tl.nsteps == 0 || app->step + 1 >= app->tl.nsteps;
}

/* At the last step: a capture may bring more (follow.c). */
static void step_forward(struct tui_app *app)
{
	if (at_end(app)) {
		bool empty = app->tl.nsteps == 0;
		switch (follow_at_end(app)) {
		case FOLLOW_MORE:
			if (empty) /* the first packet came: its first step is shown */
				return;
			break;
		case FOLLOW_WAIT:
			if (!app->running)
				app_set_message(app, false,
						"no more packets yet: r follows them as they come");
			return;
		case FOLLOW_OVER:
			app->running = false;
			app_set_message(app, false, "end of the %s: < goes back to the start",
					app->src->feed ? "capture" : "walk");
			return;
		}
	}
	if (quiz_before_step(app, app->step + 1))
		return; /* the move waits for the answer */
	app_goto(app, app->step + 1);
}

static void do_step(struct tui_app *app)
{
	app->running = false;
	step_forward(app);
}

static void do_back(struct tui_app *app)
{
	app->running = false;
	if (app->step == 0) {
		app_set_message(app, false, "this is the first step");
		return;
	}
	app_goto(app, app->step - 1);
}

static void do_run(struct tui_app *app)
{
	app->running = !app->running;
	if (app->running && at_end(app) && follow_over(app))
		app_goto(app, 0);
	if (app->src->feed)
		app_set_message(app, false,
				app->running ? "running at %g steps/s, following the packets (r pauses)"
					     : "paused: new packets wait (r follows them again)",
				app_speed(app));
	else
		app_set_message(app, false,
				app->running ? "running at %g steps/s (r pauses)" : "paused",
				app_speed(app));
}

static void change_speed(struct tui_app *app, int by)
{
	if (app->pace > 0) { /* presenting: seconds a step */
		app->pace = by > 0 ? app->pace / 1.5 : app->pace * 1.5;
		app_set_message(app, false, "a step every %.2gs", app->pace);
		return;
	}
	int level = app->speed_level + by;
	if (level >= 0 && level < app_speed_levels())
		app->speed_level = level;
	app_set_message(app, false, "speed %g steps/s", app_speed(app));
}

static void do_faster(struct tui_app *app)
{
	change_speed(app, +1);
}

static void do_slower(struct tui_app *app)
{
	change_speed(app, -1);
}

static void do_next_packet(struct tui_app *app)
{
	if (search_move(app, -1)) /* N in a search: the previous hit */
		return;
	size_t next = timeline_next_walk(&app->tl, app->step);
	if (next == app->step)
		app_set_message(app, false, "this is the last packet");
	else
		app_goto(app, next);
}

static void do_prev_packet(struct tui_app *app)
{
	app_goto(app, timeline_prev_walk(&app->tl, app->step));
}

static void do_first(struct tui_app *app)
{
	app_goto(app, 0);
}

static void do_last(struct tui_app *app)
{
	app_goto(app, app->tl.nsteps ? app->tl.nsteps - 1 : 0);
}

static void do_goto_box(struct tui_app *app)
{
	app->overlay = OV_MENU;
	enum stage_id items[ST_COUNT];
	size_t n = menu_items(&app->diagram, items, ST_COUNT);
	app->menu_sel = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i] == app_focus_stage(app))
			app->menu_sel = (int)i;
}

/* The selected rule as a breakpoint reference; false when none. */
static bool selected_rule(const struct tui_app *app, struct rule_ref *ref)
{
	if (app->sel_stage == ST_NONE || app->sel_rule <= 0 || !app->src->rules)
		return false;
	struct listing_row rows[LISTING_MAX];
	size_t n = chain_listing(app->src->rules(app->src->ctx), app->sel_stage, rows,
				 LISTING_MAX);
	int row = listing_rule_row(rows, n, app->sel_rule);
	if (row < 0)
		return false;
	*ref = (struct rule_ref){.table = stage_info(app->sel_stage)->table, .rule = rows[row].rule};
	str_copy(ref->chain, sizeof(ref->chain), rows[row].chain->name);
	return true;
}

static void do_breakpoint(struct tui_app *app)
{
	struct rule_ref ref;
	if (selected_rule(app, &ref)) {
		bool on = bp_toggle_rule(&app->bp, &ref);
		app_set_message(app, false, "breakpoint %s on %s %s rule %d", on ? "set" : "cleared",
				table_name(ref.table), ref.chain, ref.rule);
		return;
	}
	enum stage_id st = app_focus_stage(app);
	if (st == ST_NONE)
		return;
	bool on = bp_toggle_stage(&app->bp, st);
	app_set_message(app, false, "breakpoint %s on %s", on ? "set" : "cleared",
			stage_info(st)->title);
}

static void do_trail(struct tui_app *app)
{
	app->trail = !app->trail;
	app_set_message(app, false, "trail %s", app->trail ? "on" : "off");
}

static void do_narration(struct tui_app *app)
{
	app->narrate = !app->narrate;
	app_resize(app, app->lay.rows, app->lay.cols);
	app_set_message(app, false, "narration %s", app->narrate ? "on" : "off");
}

static void do_panels(struct tui_app *app)
{
	app->hide_panels = !app->hide_panels;
	app_resize(app, app->lay.rows, app->lay.cols);
	app_set_message(app, false, "panels %s", app->hide_panels ? "hidden" : "shown");
}

static void do_manual(struct tui_app *app)
{
	manpage_open(app);
}

static void do_search(struct tui_app *app)
{
	prompt_open(app, PROMPT_SEARCH, "search rules: /", app->search);
}

static void do_search_next(struct tui_app *app)
{
	if (!search_move(app, +1))
		do_step(app);
}

static void do_step_over(struct tui_app *app)
{
	chain_step_over(app);
}

static void do_finish(struct tui_app *app)
{
	chain_finish(app);
}

static void do_edit_rule(struct tui_app *app)
{
	whatif_edit(app);
}

static void do_insert_rule(struct tui_app *app)
{
	whatif_insert(app);
}

static void do_edit_packet(struct tui_app *app)
{
	whatif_packet(app);
}

static void do_write_rules(struct tui_app *app)
{
	whatif_write(app);
}

static void do_quiz(struct tui_app *app)
{
	quiz_toggle(app);
}

static void do_counters(struct tui_app *app)
{
	app->show_counters = !app->show_counters;
	app_set_message(app, false, "counters %s", app->show_counters ? "on" : "off");
}

static void do_diagram(struct tui_app *app)
{
	if (whatif_delete(app)) /* d with a rule selected */
		return;
	app_next_diagram(app);
}

static void do_theme(struct tui_app *app)
{
	app_next_theme(app);
}

static void do_panel(struct tui_app *app)
{
	app->panel_cycle++;
}

static void select_rule(struct tui_app *app, int by)
{
	if (app->sel_stage == ST_NONE)
		app->sel_stage = app->state.current;
	if (app->sel_stage == ST_NONE || !app->src->rules)
		return;
	struct listing_row rows[LISTING_MAX];
	size_t n = chain_listing(app->src->rules(app->src->ctx), app->sel_stage, rows,
				 LISTING_MAX);
	int count = (int)listing_rule_count(rows, n);
	if (count == 0) {
		app_set_message(app, false, "%s has no rules to select",
				stage_info(app->sel_stage)->title);
		return;
	}
	int r = app->sel_rule + by;
	app->sel_rule = r < 0 ? 0 : r > count ? count : r;
	const struct stage_info *si = stage_info(app->sel_stage);
	if (app->sel_rule == 0) {
		app_set_message(app, false, "%s selected: B sets a breakpoint on the box", si->title);
		return;
	}
	const struct listing_row *row = &rows[listing_rule_row(rows, n, app->sel_rule)];
	app_set_message(app, false, "%s %s rule %d selected: B sets a breakpoint on it",
			table_name(si->table), row->chain->name, row->rule);
}

static void do_rule_prev(struct tui_app *app)
{
	select_rule(app, -1);
}

static void do_rule_next(struct tui_app *app)
{
	select_rule(app, +1);
}

static void do_scroll_up(struct tui_app *app)
{
	pan_scroll(&app->view, -1, 0);
}

static void do_scroll_down(struct tui_app *app)
{
	pan_scroll(&app->view, +1, 0);
}

static void do_scroll_left(struct tui_app *app)
{
	pan_scroll(&app->view, 0, -4);
}

static void do_scroll_right(struct tui_app *app)
{
	pan_scroll(&app->view, 0, +4);
}

static void do_page_up(struct tui_app *app)
{
	pan_scroll(&app->view, -(app->view.h - 1), 0);
}

static void do_page_down(struct tui_app *app)
{
	pan_scroll(&app->view, app->view.h - 1, 0);
}

static void do_follow(struct tui_app *app)
{
	const struct diag_box *b = diagram_box_of(&app->diagram, app->state.current);
	if (!b)
		return;
	app->view.top = b->r.row + b->r.height / 2 - app->view.h / 2;
	app->view.left = b->r.col + b->r.width / 2 - app->view.w / 2;
	pan_clamp(&app->view);
}

static void do_help(struct tui_app *app)
{
	app->overlay = app->overlay == OV_HELP ? OV_NONE : OV_HELP;
	app->help_top = 0;
}

static void do_cancel(struct tui_app *app)
{
	bool marks = whatif_clear_marks(app); /* and whatever else Esc does */
	if (app->search[0]) {
		app->search[0] = '\0';
		app_set_message(app, false, "search ended");
		return;
	}
	if (app->sel_stage != ST_NONE) {
		app->sel_stage = ST_NONE;
		app->sel_rule = 0;
		app->message[0] = '\0';
		return;
	}
	if (marks)
		app_set_message(app, false, "what-if marks cleared");
	else
		app_set_message(app, false, "nothing to cancel: q quits");
}

/* In the middle of a walk q asks first (y or q again quits); at its end,
 * or when the screen is too small to ask, it quits. */
static void do_quit(struct tui_app *app)
{
	if (app->tl.nsteps && app->step + 1 < app->tl.nsteps && !app->lay.too_small) {
		app->confirm_quit = true;
		app_set_message(app, false, "quit in the middle of the walk? (y/n)");
		return;
	}
	app->quit = true;
}

static void (*const handlers[ACT_COUNT])(struct tui_app *app) = {
	[ACT_STEP] = do_step,
	[ACT_BACK] = do_back,
	[ACT_RUN] = do_run,
	[ACT_FASTER] = do_faster,
	[ACT_SLOWER] = do_slower,
	[ACT_NEXT_PACKET] = do_next_packet,
	[ACT_PREV_PACKET] = do_prev_packet,
	[ACT_FIRST] = do_first,
	[ACT_LAST] = do_last,
	[ACT_GOTO_BOX] = do_goto_box,
	[ACT_BREAKPOINT] = do_breakpoint,
	[ACT_TRAIL] = do_trail,
	[ACT_NARRATION] = do_narration,
	[ACT_PANELS] = do_panels,
	[ACT_QUIZ] = do_quiz,
	[ACT_MANUAL] = do_manual,
	[ACT_SEARCH] = do_search,
	[ACT_SEARCH_NEXT] = do_search_next,
	[ACT_STEP_OVER] = do_step_over,
	[ACT_FINISH] = do_finish,
	[ACT_EDIT_RULE] = do_edit_rule,
	[ACT_INSERT_RULE] = do_insert_rule,
	[ACT_EDIT_PACKET] = do_edit_packet,
	[ACT_WRITE_RULES] = do_write_rules,
	[ACT_COUNTERS] = do_counters,
	[ACT_DIAGRAM] = do_diagram,
	[ACT_THEME] = do_theme,
	[ACT_PANEL] = do_panel,
	[ACT_RULE_PREV] = do_rule_prev,
	[ACT_RULE_NEXT] = do_rule_next,
	[ACT_SCROLL_UP] = do_scroll_up,
	[ACT_SCROLL_DOWN] = do_scroll_down,
	[ACT_SCROLL_LEFT] = do_scroll_left,
	[ACT_SCROLL_RIGHT] = do_scroll_right,
	[ACT_PAGE_UP] = do_page_up,
	[ACT_PAGE_DOWN] = do_page_down,
	[ACT_FOLLOW] = do_follow,
	[ACT_SELECT] = do_step, /* outside the box list, Enter steps */
	[ACT_HELP] = do_help,
	[ACT_CANCEL] = do_cancel,
	[ACT_QUIT] = do_quit,
};

/* How far a key moves in the help text or the box list; 0: not a move. */
static int list_move(enum action a)
{
	static const struct {
		enum action a;
		int by;
	} moves[] = {
		{ACT_SCROLL_UP, -1}, {ACT_SCROLL_DOWN, +1}, {ACT_BACK, -1},
		{ACT_STEP, +1},	     {ACT_PAGE_UP, -10},    {ACT_PAGE_DOWN, +10},
	};
	for (size_t i = 0; i < ARRAY_SIZE(moves); i++)
		if (moves[i].a == a)
			return moves[i].by;
	return 0;
}

/* While the help is open, keys scroll it; anything else closes it. */
static void help_key(struct tui_app *app, enum action a)
{
	int by = list_move(a);
	if (by) {
		/* The help's text starts under its heading, two rows down. */
		int last = help_lines() - (app->lay.rows - 3);
		int top = app->help_top + by;
		app->help_top = top > last ? last : top;
		if (app->help_top < 0)
			app->help_top = 0;
		return;
	}
	app->overlay = OV_NONE;
	if (a == ACT_QUIT)
		app->quit = true;
}

static void choose_menu_item(struct tui_app *app)
{
	enum stage_id items[ST_COUNT];
	size_t n = menu_items(&app->diagram, items, ST_COUNT);
	app->overlay = OV_NONE;
	if (app->menu_sel < 0 || (size_t)app->menu_sel >= n)
		return;
	app->sel_stage = items[app->menu_sel];
	app->sel_rule = 0;
	const struct diag_box *b = diagram_box_of(&app->diagram, app->sel_stage);
	if (b)
		pan_show(&app->view, &b->r);
	app_set_message(app, false, "selected %s: B sets a breakpoint, [ ] pick a rule, Esc clears",
			stage_info(app->sel_stage)->title);
}

static void menu_key(struct tui_app *app, enum action a)
{
	enum stage_id items[ST_COUNT];
	int n = (int)menu_items(&app->diagram, items, ST_COUNT);
	int by = list_move(a);
	if (by) {
		int s = app->menu_sel + by;
		app->menu_sel = s < 0 ? 0 : s >= n ? n - 1 : s;
	} else if (a == ACT_SELECT) {
		choose_menu_item(app);
	} else {
		app->overlay = OV_NONE;
		if (a == ACT_QUIT)
			do_quit(app);
	}
}

void app_do(struct tui_app *app, enum action a)
{
	if ((int)a < 0 || a >= ACT_COUNT)
		return;
	if (app->overlay == OV_HELP) {
		help_key(app, a);
		return;
	}
	if (app->overlay == OV_MENU) {
		menu_key(app, a);
		return;
	}
	if (app->overlay == OV_EXPLAIN) {
		app->overlay = OV_NONE;
		if (a == ACT_QUIT)
			app->quit = true;
		return;
	}
	if (app->lay.too_small && a != ACT_QUIT && a != ACT_CANCEL)
		return;
	if (handlers[a])
		handlers[a](app);
}

void app_tick(struct tui_app *app)
{
	if (!app->running)
		return;
	if (app->pace > 0) /* presenting: the status line shows the step */
		app->message[0] = '\0';
	if (!follow_catch_up(app))
		step_forward(app);
	char why[160];
	if (app->running && bp_hit(&app->bp, &app->tl, app->step, why, sizeof(why))) {
		app->running = false;
		app_set_message(app, false, "%s (r runs on)", why);
	}
}

void app_click(struct tui_app *app, int y, int x)
{
	if (app->overlay == OV_MENU) {
		int item = menu_item_at(app, y, x);
		if (item >= 0) {
			app->menu_sel = item;
			choose_menu_item(app);
		} else {
			app->overlay = OV_NONE;
		}
		return;
	}
	if (app->overlay == OV_HELP) {
		app->overlay = OV_NONE;
		return;
	}
	const struct rect *d = &app->lay.diagram;
	if (app->lay.too_small || !rect_contains(d, y, x))
		return;
	int xoff = d->w > app->diagram.cols ? (d->w - app->diagram.cols) / 2 : 0;
	const struct diag_box *b = diagram_box_at(&app->diagram, app->view.top + (y - d->y),
						  app->view.left + (x - d->x - xoff));
	if (!b) {
		app->sel_stage = ST_NONE;
		app->sel_rule = 0;
		return;
	}
	app->sel_stage = b->stage;
	app->sel_rule = 0;
	app_set_message(app, false, "selected %s: B sets a breakpoint, [ ] pick a rule, Esc clears",
			stage_info(b->stage)->title);
}

void app_wheel(struct tui_app *app, int dy)
{
	if (app->overlay == OV_HELP) {
		help_key(app, dy < 0 ? ACT_SCROLL_UP : ACT_SCROLL_DOWN);
		return;
	}
	if (app->overlay == OV_NONE)
		pan_scroll(&app->view, dy, 0);
}
