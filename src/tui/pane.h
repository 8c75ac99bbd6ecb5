/* pane.h - writing text into a rectangle of the screen: clipped at its
 * right edge, word-wrapped on request, never outside it.  Every panel,
 * the help and the box list write through this. */
#ifndef NFWALK_TUI_PANE_H
#define NFWALK_TUI_PANE_H

#include <curses.h>
#include <stdbool.h>

#include "layout.h"

struct pane {
	struct rect r;
	int y, x; /* cursor, relative to r */
	attr_t base;
};

/* Blank the rectangle in the base attribute and put the cursor at its top. */
void pane_start(struct pane *p, const struct rect *r, attr_t base);
bool pane_full(const struct pane *p);
int pane_room(const struct pane *p); /* columns left on this line */
void pane_newline(struct pane *p);
/* Write text (UTF-8, one column per character) clipped at the edge. */
void pane_add(struct pane *p, attr_t a, const char *s);
void pane_addf(struct pane *p, attr_t a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Write text word-wrapped from the cursor; continuation lines start at
 * column indent.  Ends with the cursor after the last word. */
void pane_wrap(struct pane *p, attr_t a, const char *s, int indent);
/* A heading line across the whole width. */
void pane_heading(struct pane *p, attr_t a, const char *text);
/* Columns text takes on screen. */
int text_cols(const char *s);

#endif
