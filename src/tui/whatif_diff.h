/* whatif_diff.h - what a what-if changed.  Each walk of a recording is
 * digested: per packet walk, the boxes it entered and in each box what
 * happened there (every rule's result, the targets' and the chain's
 * verdicts, the rewrites, the route taken, the conntrack state, the
 * fate), and the fate with what decided it (the answer's deciding rule,
 * sinks/answer.h).  The digests of the walks before and after a change
 * are compared: the boxes whose result changed in any walk are marked
 * for the diagram, and a sentence says what changed, packet by packet
 * ("packet 1: fate dropped -> forwarded at filter FORWARD rule 3"). */
#ifndef NFWALK_TUI_WHATIF_DIFF_H
#define NFWALK_TUI_WHATIF_DIFF_H

#include <stdbool.h>

#include "sinks/record.h"

struct wd_walk {
	int pkt, sub;
	enum fate fate;
	char decided[96];     /* "filter FORWARD rule 3", "... policy DROP", or the box */
	char *sig[ST_COUNT];  /* what happened in each box; NULL: not entered */
};

struct walk_digest {
	struct wd_walk *v;
	size_t n;
};

/* Digest rec; the engine that walked it must still be alive (the
 * deciding rule's text is read from its ruleset). */
void walk_digest_take(struct walk_digest *d, const struct recording *rec);
void walk_digest_free(struct walk_digest *d);
/* Mark in changed[] the boxes whose result differs between the two (a
 * box entered in one walk and not in the other counts), and append to sb
 * what changed: each packet whose fate or deciding rule changed, else
 * the boxes that did, else "nothing changed".  Returns how many boxes
 * are marked. */
int walk_digest_compare(const struct walk_digest *before, const struct walk_digest *after,
			bool changed[ST_COUNT], struct strbuf *sb);

#endif
