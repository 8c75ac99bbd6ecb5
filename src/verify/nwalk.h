/* nwalk.h - nfwalk's side of the comparison: the recorded events of one
 * scenario packet (and the packets it caused) reduced to vwalks. */
#ifndef NFWALK_NWALK_H
#define NFWALK_NWALK_H

#include "sinks/record.h"
#include "vwalk.h"

/* The walks of packet pkt found in rec from index from on: (*out)[sub]
 * for sub 0..n-1 (absent subs have present = false).  Returns n. */
size_t nwalk_build(const struct recording *rec, size_t from, int pkt, struct vwalk **out);

/* "tcp 10.0.0.5:50000 -> 93.184.216.34:443 [S]" (kernel side too). */
void view_describe(const struct pkt_view *v, char *buf, size_t n);

#endif
