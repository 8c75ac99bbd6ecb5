/* search.h - key /: find rules by text in every box's chains (as
 * iptables-save prints them); n and N go to the next and previous hit,
 * selecting the box and the rule, while a search is on (Esc ends it). */
#ifndef NFWALK_TUI_SEARCH_H
#define NFWALK_TUI_SEARCH_H

#include <stdbool.h>

struct tui_app;

/* Search for text (the prompt's Enter); selects the first hit. */
void search_start(struct tui_app *app, const char *text);
/* Next (+1) or previous (-1) hit; false when no search is on. */
bool search_move(struct tui_app *app, int by);

#endif
