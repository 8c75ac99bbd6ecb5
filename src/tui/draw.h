/* draw.h - painting the screen from the state (app.h).  Nothing here
 * changes the state; every function writes to stdscr inside its own
 * rectangle of the layout, and draw_screen refreshes once per frame. */
#ifndef NFWALK_TUI_DRAW_H
#define NFWALK_TUI_DRAW_H

#include "app.h"
#include "pane.h"

void draw_screen(const struct tui_app *app);
void draw_diagram(const struct tui_app *app);
void draw_help(const struct tui_app *app);
/* How many lines the help has (for scrolling it). */
int help_lines(void);

/* One panel in a rectangle. */
void panel_packet(const struct tui_app *app, const struct rect *r);
void panel_rule(const struct tui_app *app, const struct rect *r);
void panel_log(const struct tui_app *app, const struct rect *r);
void panel_conntrack(const struct tui_app *app, const struct rect *r);
void panel_narration(const struct tui_app *app, const struct rect *r);

#endif
