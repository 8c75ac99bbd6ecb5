/* pan.c - keeping the packet's box in view (see pan.h). */
#include "pan.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void pan_clamp(struct view *v)
{
	int max_top = v->rows - v->h, max_left = v->cols - v->w;
	v->top = clamp(v->top, 0, max_top > 0 ? max_top : 0);
	v->left = clamp(v->left, 0, max_left > 0 ? max_left : 0);
}

void pan_scroll(struct view *v, int dy, int dx)
{
	v->top += dy;
	v->left += dx;
	pan_clamp(v);
}

static bool axis_sees(int start, int size, int from, int len)
{
	return from >= start && from + len <= start + size;
}

bool pan_sees(const struct view *v, const struct diag_rect *r)
{
	return axis_sees(v->top, v->h, r->row, r->height) &&
	       axis_sees(v->left, v->w, r->col, r->width);
}

/* The view's new start on one axis: unchanged when the region is in
 * sight, else moved just far enough to show it with a few cells of
 * context on the side it moves towards (the flow stays readable: what the
 * packet just left is still on screen); a region larger than the view
 * shows its start. */
static int follow(int start, int size, int from, int len)
{
	if (axis_sees(start, size, from, len))
		return start;
	if (len >= size)
		return from;
	int margin = (size - len) / 4;
	if (margin > 3)
		margin = 3;
	if (from < start)
		return from - margin;
	return from + len + margin - size;
}

void pan_show(struct view *v, const struct diag_rect *r)
{
	v->top = follow(v->top, v->h, r->row, r->height);
	v->left = follow(v->left, v->w, r->col, r->width);
	pan_clamp(v);
}
