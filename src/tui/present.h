/* present.h - presenter mode (--present): the walk advances by itself at
 * a pace (--pace SECONDS a step), any key pauses it, the status line is
 * large, the panels hide on demand (key z) so the diagram has the
 * screen, the view zooms to the current box's whole hook, and the
 * scenario file is reloaded and walked again when it changes on disk.
 * Breakpoints come from the scenario (breakpoints:) and --break, in
 * every mode. */
#ifndef NFWALK_TUI_PRESENT_H
#define NFWALK_TUI_PRESENT_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "scenario/scenario.h"

struct tui_app;
struct replay;
struct tui_source;
struct diag_rect;

/* Set the scenario's and the command line's breakpoints; start the run
 * in presenter mode. */
void present_start(struct tui_app *app);
/* A key while presenting and running pauses the run and does nothing
 * else; returns true when it took the key. */
bool present_key(struct tui_app *app, int key);
/* The rectangle of the art the view should show whole: the current
 * box's hook (every box of the same hook) when it fits; false when
 * there is nothing better than the box itself. */
bool present_zoom(const struct tui_app *app, struct diag_rect *r);

/* Walk fresh (moved into slot, which owns it from now on) instead of
 * the scenario walked now, keeping the place; what slot held before is
 * freed.  The watched file and the what-if edits both come this way. */
void adopt_scenario(struct tui_app *app, struct replay *rp, struct scenario *slot, bool *have,
		    struct scenario *fresh);

/* Watching the scenario file. */
struct watch {
	const char *path; /* NULL: nothing to watch (the built-in tour) */
	time_t mtime;
	long mtime_ns;
	off_t size;
	struct scenario scn; /* the latest reload, owned here */
	bool have;
};

void watch_init(struct watch *w, const char *path);
/* The file changed: load it again, point the replay and the app at it
 * and walk again.  Returns 1 when reloaded, 0 when unchanged, -1 when
 * the new file does not load (the message says why; the old walk
 * stays). */
int watch_poll(struct watch *w, struct tui_app *app, struct replay *rp,
	       struct tui_source *src);
void watch_free(struct watch *w);

#endif
