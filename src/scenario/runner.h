/* runner.h - sends a scenario's packets through an engine in order,
 * turning `reply: N` entries into real packets from packet N's conntrack
 * entry.  Batch trace, checker and TUI all run scenarios through here. */
#ifndef NFWALK_RUNNER_H
#define NFWALK_RUNNER_H

#include "scenario/scenario.h"

/* Build packet i (0-based) of s, given the results of the packets before
 * it.  NULL with err set when a reply has nothing to answer. */
struct packet *runner_make_packet(const struct scenario *s, size_t i,
				  const struct walk_result *results, struct nf_error *err);
/* Run every packet; results (may be NULL) receives s->npackets entries.
 * Returns 0, or -1 when a packet could not be built (err set). */
int runner_run(const struct scenario *s, struct engine *e, struct walk_result *results,
	       struct nf_error *err);

#endif
