/* menu.c - the box list (key g). */
#include "menu.h"

#include "pane.h"

size_t menu_items(const struct diagram *d, enum stage_id *items, size_t max)
{
	size_t n = 0;
	for (int st = 0; st < ST_COUNT && n < max; st++)
		if (diagram_box_of(d, (enum stage_id)st))
			items[n++] = (enum stage_id)st;
	return n;
}

/* The list's frame on screen, and the first item shown. */
static struct rect menu_rect(const struct tui_app *app, size_t n, int *first)
{
	int h = (int)n + 2, w = 62;
	if (h > app->lay.rows - 2)
		h = app->lay.rows - 2;
	if (w > app->lay.cols - 2)
		w = app->lay.cols - 2;
	int shown = h - 2;
	*first = app->menu_sel >= shown ? app->menu_sel - shown + 1 : 0;
	return (struct rect){(app->lay.rows - h) / 2, (app->lay.cols - w) / 2, h, w};
}

void draw_menu(const struct tui_app *app)
{
	enum stage_id items[ST_COUNT];
	size_t n = menu_items(&app->diagram, items, ST_COUNT);
	int first;
	struct rect r = menu_rect(app, n, &first);
	struct pane p;
	attr_t panel = palette_attr(&app->pal, EL_PANEL);
	pane_start(&p, &r, panel);
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE),
		     "Go to a box: Up/Down, Enter, Esc");
	for (size_t i = (size_t)first; i < n && !pane_full(&p); i++) {
		attr_t a = (int)i == app->menu_sel ? palette_attr(&app->pal, EL_LOG_CURRENT) : panel;
		const struct stage_info *si = stage_info(items[i]);
		pane_addf(&p, a, " %-37s %-*s", si->title, r.w - 40, si->name);
		pane_newline(&p);
	}
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), "");
}

int menu_item_at(const struct tui_app *app, int y, int x)
{
	enum stage_id items[ST_COUNT];
	size_t n = menu_items(&app->diagram, items, ST_COUNT);
	int first;
	struct rect r = menu_rect(app, n, &first);
	if (!rect_contains(&r, y, x))
		return -1;
	int item = first + (y - r.y - 1);
	return y > r.y && item < (int)n && y < r.y + r.h - 1 ? item : -1;
}
