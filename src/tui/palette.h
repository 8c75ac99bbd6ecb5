/* palette.h - a theme turned into curses attributes for this terminal:
 * color pairs when the terminal has colors and color is allowed, the
 * nearest of 16 or 8 colors when it has fewer than the theme asks for,
 * attributes alone otherwise (NO_COLOR, the mono theme, a vt100). */
#ifndef NFWALK_TUI_PALETTE_H
#define NFWALK_TUI_PALETTE_H

#include <curses.h>
#include <stdbool.h>

#include "theme.h"

struct palette {
	attr_t attr[EL_COUNT]; /* attributes with the color pair folded in */
	bool colored;          /* start_color() was needed and done */
};

/* After the terminal is started.  allow_color false never touches colors
 * (no color escape is ever sent). */
void palette_init(struct palette *p, const struct theme *t, bool allow_color);
attr_t palette_attr(const struct palette *p, enum theme_element e);
/* The nearest color the terminal has (exposed for the unit tests). */
short palette_fit_color(int color, int ncolors, bool *bold);

#endif
