/* prompt.h - a one-line editor on the status line (key / for a rule
 * search): printable keys insert, Backspace deletes, Left/Right move,
 * ^U clears it, Enter hands the line to the prompt's owner, Esc cancels. */
#ifndef NFWALK_TUI_PROMPT_H
#define NFWALK_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

struct tui_app;

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_EDIT_RULE, PROMPT_INSERT_RULE, PROMPT_WRITE_RULES };

struct prompt {
	enum prompt_kind kind;
	char label[32];
	char buf[256];
	size_t len, cursor;
};

void prompt_open(struct tui_app *app, enum prompt_kind kind, const char *label,
		 const char *initial);
/* A key while a prompt is open; true when the prompt took it. */
bool prompt_key(struct tui_app *app, int key);
/* The status line while a prompt is open. */
void draw_prompt(const struct tui_app *app);

#endif
