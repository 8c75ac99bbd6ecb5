/* app.h - the TUI's whole state: what was loaded (diagram, theme), the
 * recorded walk, where the user is in it, and how the screen is set up.
 * app.c loads and re-runs, actions.c changes the state for each key,
 * draw*.c and panel_*.c only read it. */
#ifndef NFWALK_TUI_APP_H
#define NFWALK_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "breakpoints.h"
#include "counters.h"
#include "diagram.h"
#include "keys.h"
#include "layout.h"
#include "pan.h"
#include "palette.h"
#include "prompt.h"
#include "quiz.h"
#include "whatif.h"
#include "source.h"
#include "theme.h"
#include "timeline.h"
#include "tui.h"

#define APP_NAMES_MAX 32

/* How the art's lines are drawn. */
enum line_mode {
	LINES_ASCII,   /* the art as written (--ascii) */
	LINES_ACS,     /* the terminal's line set, where the locale is not UTF-8 */
	LINES_UNICODE, /* box-drawing characters */
};

enum overlay { OV_NONE, OV_HELP, OV_MENU, OV_EXPLAIN };

struct tui_app {
	const struct tui_source *src;
	struct tui_opts opts;
	enum line_mode lines;

	/* what is drawn, and with which colors */
	struct diagram diagram;
	char diagram_names[APP_NAMES_MAX][64];
	size_t ndiagrams;
	size_t diagram_index;
	struct theme theme;
	struct palette pal;
	char theme_names[APP_NAMES_MAX][64];
	size_t nthemes;
	size_t theme_index;

	/* the walk, in the diagram's era */
	struct recording rec;
	struct timeline tl;
	enum era era;
	char run_error[640];

	/* where the user is */
	size_t step;
	struct tl_state state;
	struct counters counts;
	/* a growing recording (follow.c) */
	struct counters forgotten; /* counts of the packets no longer kept */
	bool feed_over;            /* the feed's end was seen (and shown) */

	bool running;
	int speed_level; /* index into the speed table */
	bool trail, show_counters;
	bool narrate; /* the narration strip (narration.h) */
	bool hide_panels; /* key z: the diagram takes the panels' room */
	double pace;      /* presenter mode: seconds a step (present.h); 0: speed levels */
	enum overlay overlay;
	int help_top;
	int menu_sel;
	enum stage_id explain_stage; /* OV_EXPLAIN (key m without man) */

	enum stage_id sel_stage; /* ST_NONE: the panels follow the packet */
	int sel_rule;            /* 0: none; else 1-based in the selected box's chain */
	struct breakpoints bp;
	struct quiz quiz; /* quiz.h */
	struct prompt prompt; /* the one-line editor (prompt.h) */
	char search[256];     /* the rule search on (search.h); "" when none */
	int search_hit;
	struct whatif whatif; /* rules changed in the TUI (whatif.h) */

	/* the screen */
	struct layout lay;
	struct view view;
	int panel_cycle;
	char message[256];
	bool message_is_error;
	bool confirm_quit; /* q was pressed mid-walk: the next key answers */
	bool quit;
};

/* Load the diagram and theme named in opts and walk the scenario.  Returns
 * 0, or -1 with err set (a bad file: exit status 2). */
int app_init(struct tui_app *app, const struct tui_source *src, const struct tui_opts *opts,
	     struct nf_error *err);
void app_free(struct tui_app *app);
/* After the terminal started (colors need it). */
void app_apply_theme(struct tui_app *app);
/* Switch to the next diagram or theme by name; messages go to app->message. */
void app_next_diagram(struct tui_app *app);
void app_next_theme(struct tui_app *app);
/* Move to a step: recomputes the derived state and pans to the box. */
void app_goto(struct tui_app *app, size_t step);
/* The recording changed under the current step (it grew, or its oldest
 * packets were forgotten): recompute the derived state, without panning. */
void app_refresh(struct tui_app *app);
/* Walk the scenario again (it was reloaded), keeping the place. */
void app_rewalk(struct tui_app *app);
/* The terminal's size changed (or is known for the first time). */
void app_resize(struct tui_app *app, int rows, int cols);
void app_set_message(struct tui_app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Runs: steps per second of the current speed level, and how many
 * levels there are. */
double app_speed(const struct tui_app *app);
int app_speed_levels(void);

/* Apply one action (keys.h). */
void app_do(struct tui_app *app, enum action a);
/* One tick of a run: step, stop at a breakpoint or at the end. */
void app_tick(struct tui_app *app);
/* A click at screen (y, x): select the box there, or clear the selection. */
void app_click(struct tui_app *app, int y, int x);
void app_wheel(struct tui_app *app, int dy);

/* The box the panels describe: the selected one, else the packet's. */
enum stage_id app_focus_stage(const struct tui_app *app);

#endif
