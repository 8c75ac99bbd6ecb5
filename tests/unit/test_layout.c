/* test_layout.c - screen geometry and panning: every size from the
 * minimum up gets non-overlapping rectangles inside the screen; the view
 * follows a box and clamps at the art's edges. */
#include <stdio.h>

#include "../tap.h"
#include "tui/layout.h"
#include "tui/pan.h"

static bool inside(const struct rect *r, int rows, int cols)
{
	return r->y >= 0 && r->x >= 0 && r->h >= 0 && r->w >= 0 && r->y + r->h <= rows &&
	       r->x + r->w <= cols;
}

static bool overlap(const struct rect *a, const struct rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
	       b->y < a->y + a->h;
}

/* All rectangles of a layout inside the screen and apart. */
static bool sound(const struct layout *l)
{
	struct rect all[3 + PANEL_COUNT] = {l->title, l->diagram, l->status};
	int n = 3;
	for (int i = 0; i < l->nslots; i++)
		all[n++] = l->slot[i];
	for (int i = 0; i < n; i++) {
		if (!inside(&all[i], l->rows, l->cols))
			return false;
		for (int j = i + 1; j < n; j++)
			if (overlap(&all[i], &all[j]))
				return false;
	}
	return l->diagram.h >= 5 && l->nslots >= 2;
}

static void test_sizes(void)
{
	int bad = 0, tried = 0;
	for (int rows = LAYOUT_MIN_ROWS; rows <= 80; rows += 3)
		for (int cols = LAYOUT_MIN_COLS; cols <= 260; cols += 7) {
			struct layout l;
			layout_compute(&l, rows, cols, 94);
			tried++;
			if (l.too_small || !sound(&l)) {
				bad++;
				printf("# bad layout at %dx%d\n", cols, rows);
			}
		}
	ok(bad == 0, "%d sizes from %dx%d to 260x80 lay out soundly", tried, LAYOUT_MIN_COLS,
	   LAYOUT_MIN_ROWS);
}

static void test_shapes(void)
{
	struct layout l;
	layout_compute(&l, 24, 80, 94);
	ok(!l.too_small && !l.side, "80x24: panels under the diagram");
	is_int(l.diagram.h, 13, "80x24: 13 rows of diagram");
	is_int(l.nslots, 2, "80x24: two panel slots");
	layout_compute(&l, 60, 200, 94);
	ok(l.side && l.nslots == 4, "200x60: four panels beside the diagram");
	is_int(l.diagram.w, 95, "200x60: the whole width of the art");
	layout_compute(&l, 17, 80, 94);
	ok(l.too_small, "80x17 is too small");
	layout_compute(&l, 24, 59, 94);
	ok(l.too_small, "59x24 is too small");
	layout_compute(&l, 24, 80, 94);
	is_int(layout_panel_in_slot(&l, 0, 5), PANEL_PACKET, "the packet keeps its slot");
	is_int(layout_panel_in_slot(&l, 1, 0), PANEL_RULE, "the last slot starts with the rule");
	is_int(layout_panel_in_slot(&l, 1, 1), PANEL_LOG, "Tab: the log");
	is_int(layout_panel_in_slot(&l, 1, 2), PANEL_CONNTRACK, "Tab: conntrack");
	is_int(layout_panel_in_slot(&l, 1, 3), PANEL_RULE, "Tab: round again");
}

static void test_pan(void)
{
	struct view v = {.h = 13, .w = 80, .rows = 87, .cols = 94};
	struct diag_rect low = {72, 36, 3, 17};
	ok(!pan_sees(&v, &low), "nat POSTROUTING starts out of view");
	pan_show(&v, &low);
	ok(pan_sees(&v, &low), "panning brings it in");
	is_int(v.top, 64, "scrolled just past it, two rows of context below");
	is_int(v.left, 0, "no need to move sideways");
	struct diag_rect right = {43, 62, 3, 26};
	pan_show(&v, &right);
	ok(pan_sees(&v, &right) && v.left == 11, "a box past the right edge: scrolled sideways");
	struct diag_rect up = {9, 37, 3, 17};
	pan_show(&v, &up);
	is_int(v.top, 7, "going back up leaves context above");
	pan_scroll(&v, -500, -500);
	ok(v.top == 0 && v.left == 0, "scrolling clamps at the top-left");
	pan_scroll(&v, 500, 500);
	ok(v.top == 87 - 13 && v.left == 94 - 80, "and at the bottom-right");
	struct view big = {.h = 100, .w = 120, .rows = 87, .cols = 94};
	pan_show(&big, &low);
	ok(big.top == 0 && big.left == 0, "a pane larger than the art never scrolls");
}

int main(void)
{
	test_sizes();
	test_shapes();
	test_pan();
	return tap_done();
}
