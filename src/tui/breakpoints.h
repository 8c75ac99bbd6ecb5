/* breakpoints.h - where a run stops (key B): on entering a box, or on a
 * rule being evaluated, named by table, chain and position. */
#ifndef NFWALK_TUI_BREAKPOINTS_H
#define NFWALK_TUI_BREAKPOINTS_H

#include <stdbool.h>
#include <stddef.h>

#include "timeline.h"

#define BP_RULES_MAX 64

struct rule_ref {
	enum nf_table table;
	char chain[32];
	int rule; /* 1-based */
};

struct breakpoints {
	bool stage[ST_COUNT];
	struct rule_ref rules[BP_RULES_MAX];
	size_t nrules;
};

/* Toggle; returns true when the breakpoint is now set. */
bool bp_toggle_stage(struct breakpoints *bp, enum stage_id st);
bool bp_toggle_rule(struct breakpoints *bp, const struct rule_ref *r);
bool bp_has_rule(const struct breakpoints *bp, enum nf_table t, const char *chain, int rule);
/* Does arriving at this step hit one?  why says which. */
bool bp_hit(const struct breakpoints *bp, const struct timeline *tl, size_t step, char *why,
	    size_t n);

#endif
