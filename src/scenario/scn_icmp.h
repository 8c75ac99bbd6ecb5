/* scn_icmp.h - a reply's `icmp:` (the ICMP error the far end answers with)
 * and `from:` (a router beyond the modelled host sends it). */
#ifndef NFWALK_SCN_ICMP_H
#define NFWALK_SCN_ICMP_H

#include "scenario/scenario.h"
#include "scenario/ydoc.h"

int scn_icmp_parse(struct ydoc *d, const yaml_node_t *n, struct scn_packet *pk);
int scn_icmp_from(struct ydoc *d, const yaml_node_t *n, struct scn_packet *pk);

#endif
