/* ipset_scenario.h - `nfwalk --ipsets FILE`: the sets of an `ipset save`
 * file added to a scenario's `ipsets:` section, so every front end (and
 * the --rules file loaded after them) sees the same sets. */
#ifndef NFWALK_IPSET_SCENARIO_H
#define NFWALK_IPSET_SCENARIO_H

#include "scenario/scenario.h"

/* Check the whole file first (errors: FILE:LINE:COL), then append its
 * commands to s->ipsets.  0, or -1 with err set. */
int ipsets_add_to_scenario(struct scenario *s, const char *path, struct nf_error *err);

#endif
