/* diagram_build.h - a diagram shaped for the ruleset walked.
 *
 * A diagram whose map has `hook` lines (modern.diagram) draws the hooks
 * that have nftables base chains again: the hook's column of table boxes
 * becomes one box per base chain and per iptables table the scenario
 * loaded, in the order the walk runs them (engine_hook_boxes, the order
 * of engine/walk/hookchain.c), each named by family, table and chain with
 * its priority; the rest of the art stays, rows added or taken where the
 * column grew or shrank.  A diagram without them (kptd.diagram) maps each
 * base chain onto the table box of its hook it stands for (diag_alias),
 * and says why where it has none. */
#ifndef NFWALK_TUI_DIAGRAM_BUILD_H
#define NFWALK_TUI_DIAGRAM_BUILD_H

#include "diagram.h"

/* Shape d (as parsed) for the engine's rulesets; nothing changes when
 * they have no nftables base chain. */
void diagram_build(struct diagram *d, struct engine *e);

/* What the status line says of where the packet is: "" when its box is
 * drawn, else a bracketed note ("[not drawn here] ", or why a base chain
 * has no box of its own, or the box it is drawn in). */
void diagram_where(const struct diagram *d, enum stage_id st, const char *base, char *buf, size_t n);

/* How many base chains have no box in d; the first one's note in buf. */
size_t diagram_unplaced(const struct diagram *d, char *buf, size_t n);

#endif
