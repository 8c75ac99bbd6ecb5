/* app.c - loading diagrams and themes, walking the scenario, moving to a
 * step (see app.h). */
#include "app.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "assets.h"
#include "diagram_build.h"
#include "narration.h"
#include "present.h"

/* Steps per second for each speed level (keys + and -). */
static const double speeds[] = {0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 125, 250, 500, 1000};

int app_speed_levels(void)
{
	return (int)ARRAY_SIZE(speeds);
}

double app_speed(const struct tui_app *app)
{
	if (app->pace > 0)
		return 1.0 / app->pace;
	return speeds[app->speed_level];
}

static int speed_level_for(double sps)
{
	int best = 3; /* 2 steps per second */
	if (sps <= 0)
		return best;
	for (int i = 0; i < (int)ARRAY_SIZE(speeds); i++)
		if (speeds[i] <= sps)
			best = i;
	return best;
}

void app_set_message(struct tui_app *app, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->message, sizeof(app->message), fmt, ap);
	va_end(ap);
	app->message_is_error = error;
}

/* --- names to cycle through (keys d and T) --- */

static size_t name_index(char names[][64], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return n;
}

/* The list of shipped names, plus the user's own file if one was given. */
static size_t collect_names(const char *kind, const char *chosen, char names[][64],
			    size_t *index)
{
	size_t n = asset_names(kind, names, APP_NAMES_MAX - 1);
	size_t i = name_index(names, n, chosen);
	if (i == n)
		str_copy(names[n++], 64, chosen);
	*index = i;
	return n;
}

/* --- loading --- */

static int load_diagram(const char *name, struct diagram *d, struct nf_error *err)
{
	struct asset_text a;
	*err = (struct nf_error){.col = -1}; /* blame no earlier file */
	if (asset_load("diagram", name, &a, err) < 0)
		return -1;
	int rc = diagram_parse(d, a.origin, a.data, a.len, err);
	asset_text_free(&a);
	if (rc == 0) /* the next error is not about this file */
		*err = (struct nf_error){.col = -1};
	return rc;
}

/* The diagram for the rulesets walked: its hooks' columns drawn from
 * the nftables base chains, or the chains mapped onto its tables
 * (diagram_build.h).  The file is read again: the shape depends on the
 * walk. */
static void shape_diagram(struct tui_app *app)
{
	struct engine *e = app->src->engine ? app->src->engine(app->src->ctx) : NULL;
	if (!e || !e->nft || !app->ndiagrams)
		return;
	struct diagram d;
	struct nf_error err;
	if (load_diagram(app->diagram_names[app->diagram_index], &d, &err) < 0)
		return;
	diagram_build(&d, e);
	diagram_free(&app->diagram);
	app->diagram = d;
	if (app->lay.rows > 0)
		app_resize(app, app->lay.rows, app->lay.cols);
}

/* Say once which base chains the diagram has no box for. */
static void say_unplaced(struct tui_app *app)
{
	char first[200];
	size_t n = diagram_unplaced(&app->diagram, first, sizeof(first));
	if (n)
		app_set_message(app, false, "%s: %zu nftables chain%s not drawn: %s%s", app->diagram.name,
				n, n > 1 ? "s" : "", first, n > 1 ? ", ..." : "");
}

static int load_theme(const char *name, struct theme *t, struct nf_error *err)
{
	struct asset_text a;
	*err = (struct nf_error){.col = -1}; /* blame no earlier file */
	if (asset_load("theme", name, &a, err) < 0)
		return -1;
	int rc = theme_parse(t, a.origin, a.data, a.len, err);
	if (rc == 0) {
		const char *base = strrchr(name, '/');
		str_copy(t->name, sizeof(t->name), base ? base + 1 : name);
		*err = (struct nf_error){.col = -1};
	}
	asset_text_free(&a);
	return rc;
}

static const char *initial_diagram(const struct tui_app *app)
{
	if (app->opts.diagram)
		return app->opts.diagram;
	return app->src->era_set && app->src->era == ERA_MODERN ? "modern" : "kptd";
}

static const char *initial_theme(const struct tui_app *app)
{
	if (app->opts.theme)
		return app->opts.theme;
	return app->opts.no_color ? "mono" : "default";
}

/* The era the walk follows: the diagram's, unless --era fixed it. */
static enum era walk_era(const struct tui_app *app, const struct diagram *d)
{
	return app->opts.era_forced ? app->src->era : d->era;
}

/* Walk the scenario in the current era; keep the user at the same packet
 * and about the same step. */
static void run_walk(struct tui_app *app)
{
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	int pkt = ev ? ev->pkt : 1, sub = ev ? ev->sub : 0;
	size_t offset = 0;
	if (ev)
		offset = app->step - app->tl.walks[app->tl.steps[app->step].walk].first_step;

	struct nf_error err = {.col = -1};
	timeline_free(&app->tl);
	/* the state's base chain names point into the recording about to
	 * be cleared: shape_diagram draws before app_goto derives them anew */
	app->state = (struct tl_state){0};
	app->run_error[0] = '\0';
	if (app->src->record(app->src->ctx, app->era, &app->rec, &err) < 0)
		nf_error_format(&err, app->run_error, sizeof(app->run_error));
	timeline_build(&app->tl, &app->rec);
	shape_diagram(app);

	size_t step = 0;
	if (!timeline_find(&app->tl, pkt, sub, offset, &step))
		step = 0;
	app_goto(app, step);
	if (app->run_error[0])
		app_set_message(app, true, "%s", app->run_error);
	else
		say_unplaced(app);
}

int app_init(struct tui_app *app, const struct tui_source *src, const struct tui_opts *opts,
	     struct nf_error *err)
{
	*app = (struct tui_app){.src = src, .opts = *opts};
	app->sel_stage = ST_NONE;
	app->trail = true;
	app->narrate = narration_in(opts->scn);
	app->speed_level = speed_level_for(opts->speed);
	/* A capture runs from the start, following the packets as they
	 * come, with the counters an admin watches. */
	app->running = app->show_counters = src->feed != NULL;
	recording_init(&app->rec);

	const char *dname = initial_diagram(app);
	if (load_diagram(dname, &app->diagram, err) < 0)
		return -1;
	const char *tname = initial_theme(app);
	if (load_theme(tname, &app->theme, err) < 0) {
		diagram_free(&app->diagram);
		return -1;
	}
	if (opts->no_color)
		theme_strip_colors(&app->theme);
	app->ndiagrams = collect_names("diagram", dname, app->diagram_names, &app->diagram_index);
	app->nthemes = collect_names("theme", tname, app->theme_names, &app->theme_index);

	app->era = walk_era(app, &app->diagram);
	run_walk(app);
	/* A scenario that fails while running fails here as in --batch and
	 * --check (a capture keeps what it walked and shows the error). */
	if (app->run_error[0] && !src->feed) {
		*err = (struct nf_error){.col = -1};
		str_copy(err->msg, sizeof(err->msg), app->run_error);
		app_free(app);
		return -1;
	}
	return 0;
}

void app_rewalk(struct tui_app *app)
{
	run_walk(app);
}

void app_free(struct tui_app *app)
{
	whatif_free(app);
	timeline_free(&app->tl);
	recording_free(&app->rec);
	counters_free(&app->counts);
	counters_free(&app->forgotten);
	diagram_free(&app->diagram);
}

void app_apply_theme(struct tui_app *app)
{
	palette_init(&app->pal, &app->theme, !app->opts.no_color);
}

void app_next_diagram(struct tui_app *app)
{
	size_t next = (app->diagram_index + 1) % app->ndiagrams;
	struct diagram d;
	struct nf_error err;
	if (load_diagram(app->diagram_names[next], &d, &err) < 0) {
		char buf[700];
		nf_error_format(&err, buf, sizeof(buf));
		app_set_message(app, true, "%s", buf);
		return;
	}
	diagram_free(&app->diagram);
	app->diagram = d;
	app->diagram_index = next;
	app->view.top = app->view.left = 0;
	app_resize(app, app->lay.rows, app->lay.cols);
	enum era era = walk_era(app, &d);
	bool rerun = era != app->era;
	app->era = era;
	if (rerun) {
		run_walk(app);
	} else {
		shape_diagram(app);
		app_goto(app, app->step);
	}
	/* A capture cannot be walked again: its era changes from now on. */
	const char *how = app->src->feed ? ": packets from now on walk in this order"
					 : ": the walk was run again in this order";
	if (!app->run_error[0])
		app_set_message(app, false, "diagram %s, %s era%s", d.name,
				era == ERA_MODERN ? "modern" : "2.4",
				rerun ? how : app->opts.era_forced ? " (fixed by --era)" : "");
	if (app->src->ipchains && !diagram_box_of(&app->diagram, ST_IPCHAINS_INPUT))
		app_set_message(app, false, "diagram %s has no place for ipchains (Linux 2.2): "
				"press d for kptd", app->diagram.name);
	if (!app->run_error[0])
		say_unplaced(app);
}

void app_next_theme(struct tui_app *app)
{
	size_t next = (app->theme_index + 1) % app->nthemes;
	struct theme t;
	struct nf_error err;
	if (load_theme(app->theme_names[next], &t, &err) < 0) {
		char buf[700];
		nf_error_format(&err, buf, sizeof(buf));
		app_set_message(app, true, "%s", buf);
		return;
	}
	if (app->opts.no_color)
		theme_strip_colors(&t);
	app->theme = t;
	app->theme_index = next;
	app_apply_theme(app);
	app_set_message(app, false, "theme %s", t.name);
}

/* --- position and geometry --- */

static void show_current_box(struct tui_app *app)
{
	const struct diag_box *b =
		diagram_box_lit(&app->diagram, app->state.current, app->state.base);
	struct diag_rect hook;
	if (b && app->opts.present && present_zoom(app, &hook))
		pan_show(&app->view, &hook);
	if (b)
		pan_show(&app->view, &b->r);
}

/* Move to a step (clamped) and derive what the screen shows there;
 * false when there is no step at all. */
static bool derive_state(struct tui_app *app, size_t step)
{
	if (app->tl.nsteps == 0) {
		app->step = 0;
		timeline_state(&app->tl, 0, &app->state);
		counters_compute(&app->counts, &app->rec, 0);
		counters_add(&app->counts, &app->forgotten);
		return false;
	}
	if (step >= app->tl.nsteps)
		step = app->tl.nsteps - 1;
	app->step = step;
	timeline_state(&app->tl, step, &app->state);
	counters_compute(&app->counts, &app->rec, app->tl.steps[step].last);
	counters_add(&app->counts, &app->forgotten);
	return true;
}

void app_goto(struct tui_app *app, size_t step)
{
	if (derive_state(app, step))
		show_current_box(app);
}

void app_refresh(struct tui_app *app)
{
	derive_state(app, app->step);
}

void app_resize(struct tui_app *app, int rows, int cols)
{
	layout_compute(&app->lay, rows, cols, app->diagram.cols);
	layout_present(&app->lay, app->opts.present, app->hide_panels);
	if (app->narrate)
		layout_narration(&app->lay, narration_rows(rows));
	/* Keep the view for when the terminal grows back. */
	if (app->lay.too_small)
		return;
	app->view.h = app->lay.diagram.h;
	app->view.w = app->lay.diagram.w;
	app->view.rows = app->diagram.rows;
	app->view.cols = app->diagram.cols;
	pan_clamp(&app->view);
	show_current_box(app);
}

enum stage_id app_focus_stage(const struct tui_app *app)
{
	return app->sel_stage != ST_NONE ? app->sel_stage : app->state.current;
}
