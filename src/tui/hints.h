/* hints.h - the keys worth pressing next, for the status line: what a
 * newcomer needs on the first screen (space step, b back, r run, ? help),
 * and what changes while a run goes, at the end, or in a list. */
#ifndef NFWALK_TUI_HINTS_H
#define NFWALK_TUI_HINTS_H

#include <stddef.h>

struct tui_app;

/* The hint for the current state; fits 60 columns with room to spare. */
void key_hint(const struct tui_app *app, char *buf, size_t n);

#endif
