/* diagram.h - a packet diagram as data: ASCII art plus a map of named
 * regions.  Each box region is tied to an engine stage by name
 * (stage_by_name), so a new drawing is a new file, not new code.
 *
 * File format (line by line; '#' starts a comment outside the art):
 *
 *     name kptd
 *     title Kernel Packet Traveling Diagram (Linux 2.4 era)
 *     era kptd                        kptd or modern: the walk's order
 *     art
 *     ...the drawing, verbatim...
 *     end
 *     box STAGE ROW COL HEIGHT WIDTH  0-based; a box of 3+ rows and
 *                                     columns has '+' at its corners
 *     decision STAGE BRANCH STAGE...  after STAGE, BRANCH is the one
 *                                     taken when the next stage entered
 *                                     is in the list
 *     branch BRANCH ROW COL HEIGHT WIDTH   lit when BRANCH was taken
 *     label STAGE ROW COL HEIGHT WIDTH     lit when STAGE rewrote the packet
 *     hook HOOK ROW COL HEIGHT WIDTH  the region of a hook's column of
 *                                     table boxes, drawn again from the
 *                                     ruleset when it has nftables base
 *                                     chains (diagram_build.c)
 *     box STAGE ROW COL H W CHAIN...  a box for one nftables base chain
 *                                     ("inet filter input"), lit by the
 *                                     events inside it (event.base)
 */
#ifndef NFWALK_TUI_DIAGRAM_H
#define NFWALK_TUI_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/walk/engine.h"
#include "engine/core/stage.h"
#include "lib/util.h"
#include "glyph.h"

struct diag_rect {
	int row, col, height, width;
};

#define DIAG_CHAIN_MAX 96

struct diag_box {
	enum stage_id stage;
	struct diag_rect r;
	/* an nftables base chain as event.base names it; "": the stage's
	 * own box (an iptables table, conntrack, ...) */
	char chain[DIAG_CHAIN_MAX];
};

/* A hook's column of table boxes (a `hook` line). */
struct diag_hook {
	enum nf_hook hook;
	struct diag_rect r;
};

/* Where a diagram without a box of its own for a base chain draws it
 * (the 2.4 one maps them onto its tables): stage's box, or nowhere
 * (ST_NONE) for the reason in why. */
struct diag_alias {
	char chain[DIAG_CHAIN_MAX];
	enum stage_id stage;
	char why[160];
};

struct diag_decision {
	char name[32];
	enum stage_id after;
	bool to[ST_COUNT];
};

/* A region of the art lit for a branch (index into decisions) or a label
 * lit for a stage. */
struct diag_region {
	int owner; /* decision index for branches, stage id for labels */
	struct diag_rect r;
};

struct diagram {
	char name[32];
	char title[128];
	enum era era;
	char *source; /* file name, for messages */

	int rows, cols;
	char *art;      /* rows * cols characters, blank-padded */
	uint8_t *glyph; /* rows * cols enum glyph */

	struct diag_box *boxes;
	size_t nboxes;
	struct diag_decision *decisions;
	size_t ndecisions;
	struct diag_region *branches, *labels;
	size_t nbranches, nlabels;
	struct diag_hook *hooks;
	size_t nhooks;
	struct diag_alias *aliases; /* diagram_build.c */
	size_t naliases;
};

/* Parse a diagram.  file names it in errors (file:line:col: ...).
 * Returns 0, or -1 with err set; d is empty afterwards on error. */
int diagram_parse(struct diagram *d, const char *file, const char *text, size_t len,
		  struct nf_error *err);
void diagram_free(struct diagram *d);

/* The art character at (row, col), ' ' outside. */
char diagram_char(const struct diagram *d, int row, int col);
enum glyph diagram_glyph(const struct diagram *d, int row, int col);
/* The box drawn for a stage; NULL when this diagram has none. */
const struct diag_box *diagram_box_of(const struct diagram *d, enum stage_id st);
/* The box an event at stage st inside base chain base (NULL: none)
 * lights: the chain's own box, the box its alias names, else the stage's
 * own box (or its first).  NULL when nothing is drawn for it. */
const struct diag_box *diagram_box_lit(const struct diagram *d, enum stage_id st, const char *base);
/* The alias of a base chain; NULL when it has none. */
const struct diag_alias *diagram_alias(const struct diagram *d, const char *base);
/* Append a box (for the builder). */
void diagram_add_box(struct diagram *d, const struct diag_box *b);
/* The smallest box containing the cell; NULL when none. */
const struct diag_box *diagram_box_at(const struct diagram *d, int row, int col);
/* The index of a decision by branch name, -1 when none. */
int diagram_decision(const struct diagram *d, const char *branch);

bool diag_rect_contains(const struct diag_rect *r, int row, int col);

#endif
