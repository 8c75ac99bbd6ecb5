/* scn_expect.h - the `expect:` part of a scenario packet: what the walk
 * must show.  Each value is checked when the scenario loads (a fate name,
 * a stage name, "TABLE CHAIN N", ...), so the checker only compares. */
#ifndef NFWALK_SCN_EXPECT_H
#define NFWALK_SCN_EXPECT_H

#include "scenario/scenario.h"
#include "scenario/ydoc.h"

/* Fill pk->expect and pk->answers from the `expect` mapping n.  s gives
 * the declared interfaces, for `oif`. */
int scn_expect_parse(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
		     struct scn_packet *pk);
void scn_expect_clear(struct expect *x);

#endif
