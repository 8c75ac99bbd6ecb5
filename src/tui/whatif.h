/* whatif.h - what if a rule or a packet were different: with a rule
 * selected ([ ] or a search), e edits it in the one-line editor, i
 * inserts a rule after it (at the chain's end when only the box is
 * selected), d deletes it; p edits the current packet in the short form
 * (whatif_packet.h).  Every change starts from the session's scenario
 * built again (tui_opts.reload: the file or the tour with --rules, or
 * the --packet question): the ruleset changed as iptables-save text is
 * loaded with iptables-restore's rules, the packets edited so far are
 * put in, an error is reported as at load time and nothing changes.
 * Then the whole walk runs again from the start, the boxes whose result
 * changed are marked until Esc or the next what-if (whatif_diff.h), and
 * the message says what changed.  w writes the changed ruleset: as
 * iptables-save when the rules came from --rules (or there is no
 * scenario file), else as the scenario (whatif_write.c). */
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
	int packet; /* the packet p edits, 1-based */
	/* the changes so far, applied to the scenario built again */
	char *rules;     /* the ruleset as iptables-save; NULL: as loaded */
	char **packets;  /* per packet, the line p gave it; NULL: as loaded */
	size_t npackets;
	/* the boxes whose result the last what-if changed */
	bool changed[ST_COUNT];
	int nchanged;
	bool marks; /* changed[] is drawn (until Esc or the next what-if) */
};

void whatif_edit(struct tui_app *app);
void whatif_insert(struct tui_app *app);
/* d: delete the selected rule; false when no rule is selected (d then
 * switches the diagram, as before). */
bool whatif_delete(struct tui_app *app);
/* p: edit the current packet. */
void whatif_packet(struct tui_app *app);
/* w: open the prompt for where to write (whatif_write.c). */
void whatif_write(struct tui_app *app);
void whatif_write_to(struct tui_app *app, const char *path);
/* The prompt's Enter. */
void whatif_apply(struct tui_app *app, int prompt_kind, const char *line);
/* Esc: the marks go; true when there were some. */
bool whatif_clear_marks(struct tui_app *app);
void whatif_free(struct tui_app *app);

#endif
