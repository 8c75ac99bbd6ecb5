/* whatif.h - what if a rule were different: with a rule selected ([ ]
 * or a search), e edits it in the one-line editor, i inserts a rule after
 * it (at the chain's end when only the box is selected), d deletes it;
 * the ruleset is changed as iptables-save text and loaded back with
 * iptables-restore's rules (an error is reported as at load time, and
 * nothing changes), then the walk runs again and the message names the
 * packets whose fate and the boxes whose verdict changed.  w writes the
 * changed ruleset as iptables-save.  Scenarios from a file only. */
#ifndef NFWALK_TUI_WHATIF_H
#define NFWALK_TUI_WHATIF_H

#include <stdbool.h>

#include "scenario/scenario.h"

struct tui_app;

struct whatif {
	struct scenario scn; /* the changed scenario, owned here */
	bool have;
	int edits;
	/* the rule the prompt is about */
	int table;  /* enum nf_table */
	char chain[32];
	int rule;   /* 1-based; 0: the chain's end (insert) */
};

void whatif_edit(struct tui_app *app);
void whatif_insert(struct tui_app *app);
/* d: delete the selected rule; false when no rule is selected (d then
 * switches the diagram, as before). */
bool whatif_delete(struct tui_app *app);
void whatif_write(struct tui_app *app);
/* The prompt's Enter. */
void whatif_apply(struct tui_app *app, int prompt_kind, const char *line);
void whatif_free(struct tui_app *app);

#endif
