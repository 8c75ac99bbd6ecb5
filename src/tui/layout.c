/* layout.c - screen geometry for a terminal size (see layout.h). */
#include "layout.h"

#include <string.h>

/* Narrowest panel that still reads well, and the packet panel's height
 * (a heading and eight fields). */
enum { PANEL_MIN_W = 44, PACKET_H = 10, PACKET_W = 38, WIDE_COLS = 130 };

static const char *const titles[] = {
#define X(id, title) [id] = title,
	PANEL_LIST(X)
#undef X
};

const char *panel_title(enum panel_id p)
{
	return (int)p >= 0 && p < PANEL_COUNT ? titles[p] : "?";
}

bool rect_contains(const struct rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

static void add_slot(struct layout *l, int y, int x, int h, int w)
{
	if (l->nslots < PANEL_COUNT && h > 0 && w > 0)
		l->slot[l->nslots++] = (struct rect){y, x, h, w};
}

/* One column of slots: the packet on top, the rest sharing what is left. */
static void stack_column(struct layout *l, int y, int x, int h, int w, int npanels)
{
	int first_h = npanels > 1 ? (h < 2 * PACKET_H ? h / 2 : PACKET_H) : h;
	add_slot(l, y, x, first_h, w);
	int rest = h - first_h;
	if (npanels <= 1)
		return;
	if (npanels == 2) {
		add_slot(l, y + first_h, x, rest, w);
		return;
	}
	int a = rest * 45 / 100, b = npanels > 3 ? rest * 30 / 100 : rest - a;
	add_slot(l, y + first_h, x, a, w);
	add_slot(l, y + first_h + a, x, b, w);
	if (npanels > 3)
		add_slot(l, y + first_h + a + b, x, rest - a - b, w);
}

static void side_layout(struct layout *l, int art_cols)
{
	int body_h = l->rows - 2;
	int dw = art_cols + 1;
	l->side = true;
	l->diagram = (struct rect){1, 0, body_h, dw};
	int x = dw, w = l->cols - dw;
	if (w >= 2 * PANEL_MIN_W) {
		int wa = w / 2;
		int rule_h = body_h - PACKET_H;
		add_slot(l, 1, x, PACKET_H, wa);
		add_slot(l, 1 + PACKET_H, x, rule_h, wa);
		int log_h = body_h * 3 / 5;
		add_slot(l, 1, x + wa, log_h, w - wa);
		add_slot(l, 1 + log_h, x + wa, body_h - log_h, w - wa);
		return;
	}
	int rest = body_h - PACKET_H;
	stack_column(l, 1, x, body_h, w, rest >= 36 ? 4 : rest >= 16 ? 3 : 2);
}

static void bottom_layout(struct layout *l)
{
	int body_h = l->rows - 2;
	int ph = body_h * 2 / 5;
	if (ph < PACKET_H - 1)
		ph = PACKET_H - 1;
	if (ph > 16)
		ph = 16;
	l->diagram = (struct rect){1, 0, body_h - ph, l->cols};
	int y = 1 + body_h - ph;
	int pw = l->cols >= 80 ? PACKET_W : l->cols * 45 / 100;
	add_slot(l, y, 0, ph, pw);
	if (l->cols >= WIDE_COLS) {
		int rw = (l->cols - pw) / 2;
		add_slot(l, y, pw, ph, rw);
		add_slot(l, y, pw + rw, ph, l->cols - pw - rw);
	} else {
		add_slot(l, y, pw, ph, l->cols - pw);
	}
}

void layout_compute(struct layout *l, int rows, int cols, int art_cols)
{
	memset(l, 0, sizeof(*l));
	l->rows = rows;
	l->cols = cols;
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		l->too_small = true;
		return;
	}
	l->title = (struct rect){0, 0, 1, cols};
	l->status = (struct rect){rows - 1, 0, 1, cols};
	if (rows >= 24 && cols - (art_cols + 1) >= PANEL_MIN_W)
		side_layout(l, art_cols);
	else
		bottom_layout(l);
}

void layout_present(struct layout *l, bool big_status, bool no_panels)
{
	if (l->too_small || (!big_status && !no_panels))
		return;
	int status_h = big_status ? 3 : 1;
	l->status = (struct rect){l->rows - status_h, 0, status_h, l->cols};
	int body_h = l->rows - 1 - status_h;
	if (no_panels) {
		l->nslots = 0;
		l->side = false;
		l->diagram = (struct rect){1, 0, body_h, l->cols};
		return;
	}
	/* Panels stay: they give up the rows the status line took. */
	int cut = status_h - 1;
	if (l->side) {
		l->diagram.h -= cut;
		for (int s = 0; s < l->nslots; s++)
			if (l->slot[s].y + l->slot[s].h > l->rows - status_h)
				l->slot[s].h -= cut;
	} else {
		l->diagram.h -= cut;
		for (int s = 0; s < l->nslots; s++)
			l->slot[s].y -= cut;
	}
}

void layout_narration(struct layout *l, int h)
{
	if (l->too_small || h <= 0 || l->diagram.h - h < 6)
		return;
	l->diagram.h -= h;
	l->narration = (struct rect){l->diagram.y + l->diagram.h, l->diagram.x, h,
				     l->side ? l->diagram.w : l->cols};
}

enum panel_id layout_panel_in_slot(const struct layout *l, int slot, int cycle)
{
	if (slot < l->nslots - 1)
		return (enum panel_id)slot;
	int spare = PANEL_COUNT - (l->nslots - 1);
	if (spare <= 0)
		return (enum panel_id)slot;
	int c = cycle % spare;
	return (enum panel_id)(l->nslots - 1 + (c < 0 ? c + spare : c));
}
