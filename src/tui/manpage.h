/* manpage.h - key m: the selected box's section of nfwalk(7).  With
 * man(1) on $PATH the terminal is lent to `man -P 'less +/STAGE' 7
 * nfwalk`; without it, or when man cannot show the page, an overlay
 * shows the box's built-in explanation (explain.h). */
#ifndef NFWALK_TUI_MANPAGE_H
#define NFWALK_TUI_MANPAGE_H

#include <stdbool.h>

struct tui_app;

/* Is an executable `man` on $PATH? */
bool man_available(void);
/* Open the focus box's section; falls back to the overlay. */
void manpage_open(struct tui_app *app);
/* The overlay (OV_EXPLAIN). */
void draw_explain(const struct tui_app *app);

#endif
