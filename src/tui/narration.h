/* narration.h - what the narration panel says at a step: the scenario's
 * own words (its description and goals at the start, a packet's `note:`,
 * `notes:` keyed by box on the packet or the scenario), each kept until
 * the next one within a packet's walk; where the scenario says nothing,
 * the built-in explanation of the box the packet is in (explain.h). */
#ifndef NFWALK_TUI_NARRATION_H
#define NFWALK_TUI_NARRATION_H

#include <stdbool.h>

struct tui_app;
struct scenario;

struct narration {
	char heading[128];
	char text[2048]; /* paragraphs separated by '\n' */
	bool builtin;    /* the box's explanation, not the scenario's words */
};

/* Rows of the narration strip for a terminal of that many rows. */
int narration_rows(int rows);
void narration_at(const struct tui_app *app, struct narration *n);
/* The scenario has words of its own for the narration panel. */
bool narration_in(const struct scenario *s);

#endif
