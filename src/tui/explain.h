/* explain.h - the built-in explanation of each box: one paragraph from
 * explain/boxes.explain (drawn from nfwalk(7)), compiled in like the
 * diagrams and themes.  Shown when a scenario says nothing about a box,
 * and by key m when man(1) is missing. */
#ifndef NFWALK_TUI_EXPLAIN_H
#define NFWALK_TUI_EXPLAIN_H

#include "engine/core/stage.h"
#include "lib/util.h"

/* Parse a boxes.explain text into per-stage paragraphs (each malloc'd,
 * NULL where the file says nothing).  Returns 0, or -1 with err set
 * (an unknown box name, text before the first box). */
int explain_parse(const char *origin, const char *text, char *out[ST_COUNT],
		  struct nf_error *err);
void explain_free(char *paras[ST_COUNT]);
/* The paragraph for a box from the shipped file, NULL if none. */
const char *explain_box(enum stage_id st);

#endif
