/* tally.h - the end-of-run summary of a capture: packets per fate, per box
 * entered, and per rule as `iptables -L -v` counts them.  All are the
 * engine's own counters, kept whether anyone listens or not: the walks'
 * fates and boxes (engine_counts), and the rule and policy counters, which
 * start from zero (tally_zero_rules, like `iptables -Z`). */
#ifndef NFWALK_TALLY_H
#define NFWALK_TALLY_H

#include <stdint.h>
#include <stdio.h>

#include "engine/walk/engine.h"
#include "engine/walk/event.h"
#include "engine/xt/rule.h"

struct tally {
	uint64_t walks;  /* packets walked (sub 0) */
	uint64_t caused; /* packets they caused (sub > 0): answers, REJECT errors */
	uint64_t fate[FATE_COUNT], caused_fate[FATE_COUNT];
	uint64_t box[ST_COUNT]; /* walks that entered each stage */
};

void tally_init(struct tally *t);
/* The fates and boxes from the engine's own counts (struct
 * engine_counts): a summary needs no events, so the walk builds none. */
void tally_from_counts(struct tally *t, const struct engine_counts *c);
/* Zero every rule and policy counter of rs. */
void tally_zero_rules(struct ruleset *rs);
/* Fates, boxes, then every loaded table's chains with their policy
 * counters and each rule's packets and bytes beside its iptables-save
 * form: rs's, then rs6's (the ip6tables rules; NULL: none) as
 * `ip6tables -L -v` counts them. */
void tally_print(const struct tally *t, const struct ruleset *rs, const struct ruleset *rs6,
		 FILE *f);

#endif
