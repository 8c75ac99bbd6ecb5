/* breakpoints.c - box and rule breakpoints. */
#include "breakpoints.h"

#include <stdio.h>
#include <string.h>

bool bp_toggle_stage(struct breakpoints *bp, enum stage_id st)
{
	if ((int)st < 0 || st >= ST_COUNT)
		return false;
	bp->stage[st] = !bp->stage[st];
	return bp->stage[st];
}

static int find_rule(const struct breakpoints *bp, enum nf_table t, const char *chain, int rule)
{
	for (size_t i = 0; i < bp->nrules; i++)
		if (bp->rules[i].table == t && bp->rules[i].rule == rule &&
		    strcmp(bp->rules[i].chain, chain) == 0)
			return (int)i;
	return -1;
}

bool bp_has_rule(const struct breakpoints *bp, enum nf_table t, const char *chain, int rule)
{
	return chain && find_rule(bp, t, chain, rule) >= 0;
}

bool bp_toggle_rule(struct breakpoints *bp, const struct rule_ref *r)
{
	int i = find_rule(bp, r->table, r->chain, r->rule);
	if (i >= 0) {
		bp->rules[i] = bp->rules[--bp->nrules];
		return false;
	}
	if (bp->nrules == BP_RULES_MAX)
		return false;
	bp->rules[bp->nrules++] = *r;
	return true;
}

bool bp_hit(const struct breakpoints *bp, const struct timeline *tl, size_t step, char *why,
	    size_t n)
{
	const struct event *ev = timeline_step_event(tl, step);
	if (!ev)
		return false;
	if ((ev->kind == EV_ENTER || ev->kind == EV_PACKET) && (int)ev->stage >= 0 &&
	    ev->stage < ST_COUNT && bp->stage[ev->stage]) {
		snprintf(why, n, "breakpoint: %s", stage_info(ev->stage)->title);
		return true;
	}
	if (ev->kind == EV_RULE && bp_has_rule(bp, ev->table, ev->chain, ev->rule)) {
		snprintf(why, n, "breakpoint: %s %s rule %d", table_name(ev->table), ev->chain,
			 ev->rule);
		return true;
	}
	return false;
}
