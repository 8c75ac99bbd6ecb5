/* pan.h - which part of the art the diagram pane shows.  On a terminal
 * smaller than the drawing, the view moves to keep the packet's box in
 * sight (as little as needed, like a reader scrolling), and the user can
 * scroll by hand in between.  Pure arithmetic. */
#ifndef NFWALK_TUI_PAN_H
#define NFWALK_TUI_PAN_H

#include <stdbool.h>

#include "diagram.h"

struct view {
	int top, left;   /* art cell at the pane's top-left corner */
	int h, w;        /* pane size */
	int rows, cols;  /* art size */
};

void pan_clamp(struct view *v);
/* Scroll by (dy, dx) cells, clamped. */
void pan_scroll(struct view *v, int dy, int dx);
/* True when the whole rectangle is in view. */
bool pan_sees(const struct view *v, const struct diag_rect *r);
/* Bring r into view, scrolling each axis where it was not whole. */
void pan_show(struct view *v, const struct diag_rect *r);

#endif
