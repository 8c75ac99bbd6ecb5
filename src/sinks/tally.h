/* tally.h - the end-of-run summary of a capture: packets per fate, per box
 * entered, and per rule as `iptables -L -v` counts them.  The fate and box
 * counts come from events (an event sink, cheap enough for millions of
 * packets); the rule counts are the engine's own rule and policy counters,
 * which start from zero (tally_zero_rules, like `iptables -Z`). */
#ifndef NFWALK_TALLY_H
#define NFWALK_TALLY_H

#include <stdint.h>
#include <stdio.h>

#include "engine/walk/event.h"
#include "engine/xt/rule.h"

struct tally {
	uint64_t walks;  /* packets walked (sub 0) */
	uint64_t caused; /* packets they caused (sub > 0): answers, REJECT errors */
	uint64_t fate[FATE_COUNT], caused_fate[FATE_COUNT];
	uint64_t box[ST_COUNT]; /* walks that entered each stage */
};

void tally_init(struct tally *t);
/* event_fn: ctx is the tally.  It reads only these events, no words. */
void tally_sink(const struct event *ev, void *ctx);
#define TALLY_WANTS ((struct sink_wants){EV_BIT(EV_ENTER) | EV_BIT(EV_FATE), 0, 0})
/* Zero every rule and policy counter of rs. */
void tally_zero_rules(struct ruleset *rs);
/* Fates, boxes, then every loaded table's chains with their policy
 * counters and each rule's packets and bytes beside its iptables-save
 * form: rs's, then rs6's (the ip6tables rules; NULL: none) as
 * `ip6tables -L -v` counts them. */
void tally_print(const struct tally *t, const struct ruleset *rs, const struct ruleset *rs6,
		 FILE *f);

#endif
