/* draw_diagram.c - the diagram pane: the art in its line characters, each
 * cell colored by what covers it (a box's state, a lit branch, a note),
 * then the breakpoint marks and counters on top. */
#include "draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Box-drawing characters for GL_* (Unicode mode). */
static const wchar_t unicode_glyphs[GL_COUNT] = {
	[GL_TEXT] = L' ',	 [GL_HLINE] = L'\u2500',    [GL_VLINE] = L'\u2502',
	[GL_ULCORNER] = L'\u250c', [GL_URCORNER] = L'\u2510', [GL_LLCORNER] = L'\u2514',
	[GL_LRCORNER] = L'\u2518', [GL_LTEE] = L'\u251c',	 [GL_RTEE] = L'\u2524',
	[GL_TTEE] = L'\u252c',	 [GL_BTEE] = L'\u2534',	    [GL_PLUS] = L'\u253c',
};

/* The terminal's line set for GL_* (ACS mode); ACS_* are only valid once
 * curses has started, hence a function. */
static chtype acs_glyph(enum glyph g)
{
	switch (g) {
	case GL_HLINE: return ACS_HLINE;
	case GL_VLINE: return ACS_VLINE;
	case GL_ULCORNER: return ACS_ULCORNER;
	case GL_URCORNER: return ACS_URCORNER;
	case GL_LLCORNER: return ACS_LLCORNER;
	case GL_LRCORNER: return ACS_LRCORNER;
	case GL_LTEE: return ACS_LTEE;
	case GL_RTEE: return ACS_RTEE;
	case GL_TTEE: return ACS_TTEE;
	case GL_BTEE: return ACS_BTEE;
	case GL_PLUS: return ACS_PLUS;
	default: return ' ';
	}
}

static void put_wide(int y, int x, wchar_t wc)
{
	wchar_t s[2] = {wc, L'\0'};
	cchar_t cc;
	setcchar(&cc, s, A_NORMAL, 0, NULL);
	mvadd_wch(y, x, &cc);
}

/* One art cell at screen (y, x) in the attribute already set. */
static void put_cell(const struct tui_app *app, int y, int x, int row, int col)
{
	enum glyph g = diagram_glyph(&app->diagram, row, col);
	char ch = diagram_char(&app->diagram, row, col);
	if (g == GL_TEXT || app->lines == LINES_ASCII)
		mvaddch(y, x, (chtype)(unsigned char)ch);
	else if (app->lines == LINES_UNICODE)
		put_wide(y, x, unicode_glyphs[g]);
	else
		mvaddch(y, x, acs_glyph(g));
}

/* UTF-8 for a cell: the art's character, or its box-drawing glyph. */
static int cell_utf8(const struct tui_app *app, int row, int col, char *out)
{
	enum glyph g = diagram_glyph(&app->diagram, row, col);
	if (g == GL_TEXT || app->lines == LINES_ASCII) {
		out[0] = diagram_char(&app->diagram, row, col);
		return 1;
	}
	/* U+2500..U+257F: E2 94 80 + offset. */
	unsigned cp = (unsigned)unicode_glyphs[g];
	out[0] = (char)(0xe0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/* What covers each visible cell, as a theme element. */
struct cover {
	const struct rect *pane;
	const struct view *view;
	int xoff;
	uint8_t *el; /* pane.h * pane.w */
};

static void cover_rect(struct cover *cv, const struct diag_rect *r, enum theme_element el)
{
	for (int row = r->row; row < r->row + r->height; row++) {
		int y = row - cv->view->top;
		if (y < 0 || y >= cv->pane->h)
			continue;
		for (int col = r->col; col < r->col + r->width; col++) {
			int x = col - cv->view->left + cv->xoff;
			if (x >= 0 && x < cv->pane->w)
				cv->el[y * cv->pane->w + x] = (uint8_t)el;
		}
	}
}

static void cover_border(struct cover *cv, const struct diag_rect *r, enum theme_element el)
{
	struct diag_rect edges[4] = {
		{r->row, r->col, 1, r->width},
		{r->row + r->height - 1, r->col, 1, r->width},
		{r->row, r->col, r->height, 1},
		{r->row, r->col + r->width - 1, r->height, 1},
	};
	for (int i = 0; i < 4; i++)
		cover_rect(cv, &edges[i], el);
}

static bool branch_taken(const struct tui_app *app, int decision)
{
	const struct diag_decision *d = &app->diagram.decisions[decision];
	enum stage_id next = app->state.next_after[d->after];
	return next != ST_NONE && d->to[next];
}

/* Was a base chain the diagram draws in box b entered (its own box, or
 * the table box the 2.4 diagram maps it onto)? */
static bool base_in_box(const struct tui_app *app, const struct diag_box *b)
{
	const struct tl_state *s = &app->state;
	if (b->chain[0])
		return tl_base_seen(s, b->chain);
	for (size_t i = 0; i < s->nbases; i++) {
		const struct diag_alias *a = diagram_alias(&app->diagram, s->bases[i]);
		if (a && a->stage == b->stage)
			return true;
	}
	return false;
}

static enum theme_element box_element(const struct tui_app *app, const struct diag_box *b)
{
	const struct tl_state *s = &app->state;
	if (b == diagram_box_lit(&app->diagram, s->current, s->base))
		return EL_HIGHLIGHT;
	/* a base chain's box: its stage is shared by the hook's chains */
	bool visited = b->chain[0] ? false : s->visited[b->stage];
	if (visited || base_in_box(app, b))
		return app->trail ? EL_TRAIL : EL_BOX;
	if (s->skipped[b->stage] || (b->chain[0] && s->ended))
		return EL_DIMMED;
	return EL_BOX;
}

/* Later layers win: notes and branches, then boxes from dim to bright. */
static void cover_all(const struct tui_app *app, struct cover *cv)
{
	const struct diagram *d = &app->diagram;
	for (size_t i = 0; i < d->nlabels; i++)
		cover_rect(cv, &d->labels[i].r,
			   app->state.rewrote[d->labels[i].owner] ? EL_REWRITE : EL_LABEL);
	for (size_t i = 0; i < d->nbranches; i++)
		if (branch_taken(app, d->branches[i].owner))
			cover_rect(cv, &d->branches[i].r, EL_BRANCH);
	static const enum theme_element order[] = {EL_DIMMED, EL_BOX, EL_TRAIL, EL_HIGHLIGHT};
	for (size_t k = 0; k < ARRAY_SIZE(order); k++)
		for (size_t i = 0; i < d->nboxes; i++)
			if (box_element(app, &d->boxes[i]) == order[k])
				cover_rect(cv, &d->boxes[i].r, order[k]);
	for (size_t i = 0; i < d->nboxes && app->whatif.marks; i++)
		if (app->whatif.changed[d->boxes[i].stage])
			cover_border(cv, &d->boxes[i].r, EL_CHANGED);
	const struct diag_box *sel = diagram_box_of(d, app->sel_stage);
	if (sel)
		cover_border(cv, &sel->r, EL_SELECTED);
}

/* Screen position of an art cell; false when it is out of view. */
static bool art_to_screen(const struct cover *cv, int row, int col, int *y, int *x)
{
	int py = row - cv->view->top, px = col - cv->view->left + cv->xoff;
	if (py < 0 || py >= cv->pane->h || px < 0 || px >= cv->pane->w)
		return false;
	*y = cv->pane->y + py;
	*x = cv->pane->x + px;
	return true;
}

static void put_text_at(const struct cover *cv, int row, int col, const char *s)
{
	for (int i = 0; s[i]; i++) {
		int y, x;
		if (art_to_screen(cv, row, col + i, &y, &x))
			mvaddch(y, x, (chtype)(unsigned char)s[i]);
	}
}

/* A mark on the box's top-left corner (beside it for a one-line box). */
static void draw_breakpoints(const struct tui_app *app, const struct cover *cv)
{
	attrset(palette_attr(&app->pal, EL_BREAKPOINT));
	for (size_t i = 0; i < app->diagram.nboxes; i++) {
		const struct diag_box *b = &app->diagram.boxes[i];
		if (!app->bp.stage[b->stage])
			continue;
		int col = b->r.height >= 3 ? b->r.col + 1 : b->r.col - 2, y, x;
		if (!art_to_screen(cv, b->r.row, col, &y, &x))
			continue;
		if (app->lines == LINES_UNICODE)
			put_wide(y, x, L'\u25cf');
		else
			mvaddch(y, x, '*');
	}
}

/* What-if: a mark beside the breakpoint's on each box whose result
 * changed, so it shows without colors too (the border has the theme's
 * `changed` style as well). */
static void draw_changes(const struct tui_app *app, const struct cover *cv)
{
	if (!app->whatif.marks)
		return;
	attrset(palette_attr(&app->pal, EL_CHANGED));
	for (size_t i = 0; i < app->diagram.nboxes; i++) {
		const struct diag_box *b = &app->diagram.boxes[i];
		if (!app->whatif.changed[b->stage])
			continue;
		int col = b->r.height >= 3 ? b->r.col + 2 : b->r.col - 4, y, x;
		if (!art_to_screen(cv, b->r.row, col, &y, &x))
			continue;
		if (app->lines == LINES_UNICODE)
			put_wide(y, x, L'\u0394'); /* a delta */
		else
			mvaddch(y, x, '!');
	}
}

/* Packets through each box so far, on its top border's right end. */
static void draw_counters(const struct tui_app *app, const struct cover *cv)
{
	attrset(palette_attr(&app->pal, EL_COUNTER));
	for (size_t i = 0; i < app->diagram.nboxes; i++) {
		const struct diag_box *b = &app->diagram.boxes[i];
		char num[24];
		snprintf(num, sizeof(num), b->r.height >= 3 ? "%u" : "(%u)",
			 app->counts.box[b->stage]);
		int len = (int)strlen(num);
		int col = b->r.height >= 3 ? b->r.col + b->r.width - 1 - len : b->r.col + b->r.width + 1;
		put_text_at(cv, b->r.row, col, num);
	}
}

/* One screen row, cell by cell (the terminal's ACS line set needs it). */
static void draw_row_cells(const struct tui_app *app, const struct cover *cv, int y)
{
	const struct rect *pane = cv->pane;
	for (int x = 0; x < pane->w; x++) {
		attrset(palette_attr(&app->pal, (enum theme_element)cv->el[y * pane->w + x]));
		put_cell(app, pane->y + y, pane->x + x, cv->view->top + y,
			 cv->view->left + x - cv->xoff);
	}
}

/* The row's art is printable ASCII text and line glyphs: it can go to the
 * window as wide characters (text from a diagram file might not). */
static bool row_plain(const struct tui_app *app, const struct cover *cv, int y)
{
	for (int x = 0; x < cv->pane->w; x++) {
		int row = cv->view->top + y, col = cv->view->left + x - cv->xoff;
		if (diagram_glyph(&app->diagram, row, col) != GL_TEXT && app->lines != LINES_ASCII)
			continue;
		unsigned char ch = (unsigned char)diagram_char(&app->diagram, row, col);
		if (ch < 0x20 || ch >= 0x7f)
			return false;
	}
	return true;
}

/* A plain row as runs of cchar_t, copied into the window as they are
 * (mvadd_wchnstr): the same cells as mvaddnstr of their UTF-8, without
 * curses decoding each byte back (mbrtowc, wctob, wcwidth per cell were
 * most of a 200x60 redraw). */
static void draw_row_wide(const struct tui_app *app, const struct cover *cv, int y)
{
	const struct rect *pane = cv->pane;
	cchar_t cc[256];
	int x = 0;
	while (x < pane->w) {
		uint8_t el = cv->el[y * pane->w + x];
		attr_t attr = palette_attr(&app->pal, (enum theme_element)el);
		short pair = (short)PAIR_NUMBER(attr);
		attr &= ~(attr_t)A_COLOR;
		int start = x, n = 0;
		wchar_t last = 0;
		while (x < pane->w && cv->el[y * pane->w + x] == el && n < (int)ARRAY_SIZE(cc)) {
			int row = cv->view->top + y, col = cv->view->left + x - cv->xoff;
			enum glyph g = diagram_glyph(&app->diagram, row, col);
			wchar_t wc[2] = {0, L'\0'};
			if (g == GL_TEXT || app->lines == LINES_ASCII)
				wc[0] = (wchar_t)(unsigned char)diagram_char(&app->diagram, row, col);
			else
				wc[0] = unicode_glyphs[g];
			/* runs of one character (blanks, lines) are most of a row */
			if (n > 0 && wc[0] == last)
				cc[n] = cc[n - 1];
			else
				setcchar(&cc[n], wc, attr, pair, NULL);
			last = wc[0];
			n++;
			x++;
		}
		mvadd_wchnstr(pane->y + y, pane->x + start, cc, n);
	}
	/* where mvaddnstr would have left the cursor */
	int cx = pane->x + pane->w, cy = pane->y + y;
	if (cx >= COLS) {
		cx = 0;
		cy++;
	}
	if (cy < LINES)
		move(cy, cx);
}

/* One screen row as runs of one attribute: far fewer curses calls than a
 * call per cell, which is what makes a large terminal's redraw fast. */
static void draw_row_runs(const struct tui_app *app, const struct cover *cv, int y)
{
	if (row_plain(app, cv, y)) {
		draw_row_wide(app, cv, y);
		return;
	}
	const struct rect *pane = cv->pane;
	char buf[4 * 512];
	int x = 0;
	while (x < pane->w) {
		uint8_t el = cv->el[y * pane->w + x];
		int start = x, len = 0;
		while (x < pane->w && cv->el[y * pane->w + x] == el && len + 4 < (int)sizeof(buf)) {
			len += cell_utf8(app, cv->view->top + y, cv->view->left + x - cv->xoff,
					 buf + len);
			x++;
		}
		attrset(palette_attr(&app->pal, (enum theme_element)el));
		mvaddnstr(pane->y + y, pane->x + start, buf, len);
	}
}

/* An ipchains (Linux 2.2) walk in a diagram without the IPCHAINS column
 * (modern): say so instead of drawing boxes the walk never enters. */
static bool draw_no_ipchains(const struct tui_app *app, const struct rect *pane)
{
	if (!app->src->ipchains || diagram_box_of(&app->diagram, ST_IPCHAINS_INPUT))
		return false;
	static const char *const lines[] = {
		"This host runs ipchains, the Linux 2.2 firewall.",
		"",
		"The diagram of a modern kernel has no place for it:",
		"no input chain before routing, no masquerading table.",
		"",
		"Press d for the Kernel Packet Traveling Diagram,",
		"whose IPCHAINS column the walk goes through.",
	};
	attrset(palette_attr(&app->pal, EL_DIAGRAM));
	for (int y = 0; y < pane->h; y++)
		mvhline(pane->y + y, pane->x, ' ', pane->w);
	int n = (int)ARRAY_SIZE(lines), top = pane->y + (pane->h > n ? (pane->h - n) / 2 : 0);
	for (int i = 0; i < n && i < pane->h; i++) {
		int len = (int)strlen(lines[i]);
		int x = pane->x + (pane->w > len ? (pane->w - len) / 2 : 0);
		mvaddnstr(top + i, x, lines[i], pane->w);
	}
	return true;
}

void draw_diagram(const struct tui_app *app)
{
	const struct rect *pane = &app->lay.diagram;
	if (pane->h <= 0 || pane->w <= 0)
		return;
	if (draw_no_ipchains(app, pane))
		return;
	struct cover cv = {pane, &app->view, 0, xcalloc((size_t)pane->h * (size_t)pane->w, 1)};
	if (pane->w > app->diagram.cols)
		cv.xoff = (pane->w - app->diagram.cols) / 2;
	memset(cv.el, EL_DIAGRAM, (size_t)pane->h * (size_t)pane->w);
	cover_all(app, &cv);
	for (int y = 0; y < pane->h; y++) {
		if (app->lines == LINES_ACS)
			draw_row_cells(app, &cv, y);
		else
			draw_row_runs(app, &cv, y);
	}
	draw_breakpoints(app, &cv);
	draw_changes(app, &cv);
	if (app->show_counters)
		draw_counters(app, &cv);
	free(cv.el);
}
