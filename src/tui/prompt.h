/* prompt.h - a one-line editor on the status line (key / for a rule
 * search): printable keys insert, Backspace deletes, Left/Right move,
 * Home/End (^A/^E) go to either end,
 * ^U clears it, Enter hands the line to the prompt's owner (which may
 * refuse it and keep the editor open with the reason), Esc cancels. */
#ifndef NFWALK_TUI_PROMPT_H
#define NFWALK_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

struct tui_app;

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_EDIT_RULE, PROMPT_INSERT_RULE, PROMPT_EDIT_PACKET,
		   PROMPT_WRITE_RULES };

struct prompt {
	enum prompt_kind kind;
	char label[64];
	char buf[256];
	size_t len, cursor;
	char error[600]; /* why the last Enter was refused (the editor stayed open) */
};

void prompt_open(struct tui_app *app, enum prompt_kind kind, const char *label,
		 const char *initial);
/* The owner refused the line: the editor opens again on it (kind), the
 * cursor at col (-1: where it was), and error is shown above it. */
void prompt_fail(struct tui_app *app, enum prompt_kind kind, int col, const char *error);
/* A key while a prompt is open; true when the prompt took it. */
bool prompt_key(struct tui_app *app, int key);
/* The status line while a prompt is open. */
void draw_prompt(const struct tui_app *app);

#endif
