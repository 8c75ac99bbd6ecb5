/* prompt.c - the one-line editor (see prompt.h). */
#include "prompt.h"

#include <curses.h>
#include <string.h>

#include "app.h"
#include "pane.h"
#include "search.h"
#include "whatif.h"

void prompt_open(struct tui_app *app, enum prompt_kind kind, const char *label,
		 const char *initial)
{
	struct prompt *p = &app->prompt;
	*p = (struct prompt){.kind = kind};
	str_copy(p->label, sizeof(p->label), label);
	str_copy(p->buf, sizeof(p->buf), initial ? initial : "");
	p->len = p->cursor = strlen(p->buf);
}

void prompt_fail(struct tui_app *app, enum prompt_kind kind, int col, const char *error)
{
	struct prompt *p = &app->prompt;
	p->kind = kind;
	str_copy(p->error, sizeof(p->error), error);
	if (col >= 0 && (size_t)col <= p->len)
		p->cursor = (size_t)col;
}

static void done(struct tui_app *app)
{
	struct prompt *p = &app->prompt;
	enum prompt_kind kind = p->kind;
	p->kind = PROMPT_NONE;
	p->error[0] = '\0';
	if (kind == PROMPT_SEARCH)
		search_start(app, p->buf);
	else
		whatif_apply(app, kind, p->buf);
}

bool prompt_key(struct tui_app *app, int key)
{
	struct prompt *p = &app->prompt;
	if (p->kind == PROMPT_NONE)
		return false;
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		done(app);
	} else if (key == 27) {
		p->kind = PROMPT_NONE;
		app_set_message(app, false, "cancelled");
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (p->cursor > 0) {
			memmove(p->buf + p->cursor - 1, p->buf + p->cursor, p->len - p->cursor + 1);
			p->cursor--;
			p->len--;
		}
	} else if (key == 21) { /* ^U: clear the line */
		p->buf[0] = '\0';
		p->len = p->cursor = 0;
	} else if (key == KEY_HOME || key == 1) { /* ^A */
		p->cursor = 0;
	} else if (key == KEY_END || key == 5) { /* ^E */
		p->cursor = p->len;
	} else if (key == KEY_LEFT) {
		if (p->cursor > 0)
			p->cursor--;
	} else if (key == KEY_RIGHT) {
		if (p->cursor < p->len)
			p->cursor++;
	} else if (key >= 32 && key < 127 && p->len + 1 < sizeof(p->buf)) {
		memmove(p->buf + p->cursor + 1, p->buf + p->cursor, p->len - p->cursor + 1);
		p->buf[p->cursor++] = (char)key;
		p->len++;
	}
	return true;
}

void draw_prompt(const struct tui_app *app)
{
	const struct prompt *p = &app->prompt;
	struct pane pn;
	attr_t a = palette_attr(&app->pal, EL_STATUS);
	pane_start(&pn, &app->lay.status, a);
	pane_addf(&pn, a, " %s ", p->label);
	int x = pn.x;
	pane_add(&pn, a, p->buf);
	/* The cursor, shown as the character under it in reverse. */
	int cx = app->lay.status.x + x + (int)p->cursor;
	if (p->error[0] && app->lay.status.y > 0) { /* the refusal, above the line */
		struct pane er;
		attr_t ea = palette_attr(&app->pal, EL_ERROR);
		pane_start(&er, &(struct rect){app->lay.status.y - 1, 0, 1, app->lay.cols}, ea);
		pane_addf(&er, ea, " %s", p->error);
	}
	if (cx < app->lay.cols)
		mvaddch(app->lay.status.y, cx,
			(p->cursor < p->len ? (chtype)(unsigned char)p->buf[p->cursor] : ' ') |
				A_REVERSE);
}
