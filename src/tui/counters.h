/* counters.h - packet counters per box and per rule, as `iptables -L -v`
 * would show them after the steps seen so far (key c).  Computed from the
 * recorded events up to a point, never from the engine's own counters, so
 * stepping back takes them back too. */
#ifndef NFWALK_TUI_COUNTERS_H
#define NFWALK_TUI_COUNTERS_H

#include <stddef.h>

#include "sinks/record.h"

struct rule_count {
	enum nf_table table;
	char chain[32];
	int rule; /* 1-based; 0 counts the chain's policy */
	unsigned pkts;
};

struct counters {
	unsigned box[ST_COUNT]; /* walks that entered the stage */
	struct rule_count *rules;
	size_t nrules, cap;
};

/* Count events [0, upto] (upto inclusive, clamped to the recording). */
void counters_compute(struct counters *c, const struct recording *rec, size_t upto);
/* Add b's counts to c (the packets a live view no longer keeps). */
void counters_add(struct counters *c, const struct counters *b);
unsigned counters_rule(const struct counters *c, enum nf_table t, const char *chain, int rule);
void counters_free(struct counters *c);

#endif
