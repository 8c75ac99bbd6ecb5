/* listing.h - the chains behind a box, as `iptables -L` lists them: the
 * table's built-in chain at the box's hook, then the table's user chains.
 * Read from the ruleset the walk ran with; the counts come from
 * counters.h. */
#ifndef NFWALK_TUI_LISTING_H
#define NFWALK_TUI_LISTING_H

#include <stddef.h>

#include "engine/xt/rule.h"
#include "engine/core/stage.h"

struct listing_row {
	const struct chain *chain;
	int rule; /* 1-based; 0 is the chain's heading line */
};

/* Rows for the box's stage; 0 when it is not a chain box or the table
 * was never loaded. */
size_t chain_listing(const struct ruleset *rs, enum stage_id st, struct listing_row *rows,
		     size_t max);
/* The row of the n-th rule (1-based) in the listing, or -1. */
int listing_rule_row(const struct listing_row *rows, size_t n, int nth_rule);
size_t listing_rule_count(const struct listing_row *rows, size_t n);

#endif
