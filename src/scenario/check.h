/* check.h - the checker: runs a scenario and holds each packet to its
 * `expect:` block.  A failed expectation is reported with the step where
 * the walk went another way. */
#ifndef NFWALK_CHECK_H
#define NFWALK_CHECK_H

#include <stdio.h>

#include "scenario/scenario.h"

struct check_stats {
	int expectations;
	int failed;
	int packets;
};

/* Run s through a fresh engine and check every expectation; failures are
 * printed to out.  Returns 0 when all held, 1 when some failed, 2 when the
 * scenario could not run (err set). */
int check_scenario(const struct scenario *s, FILE *out, struct check_stats *st,
		   struct nf_error *err);

#endif
