/* kwalk.h - the kernel's side of the comparison: the trace events of one
 * scenario packet's window grouped by skb (trace id) into walks.  The
 * injected packet is sub 0; what the kernel sent because of it (a SYN/ACK,
 * a reset, an ICMP error) follows in the order it appeared. */
#ifndef NFWALK_KWALK_H
#define NFWALK_KWALK_H

#include "capture.h"
#include "inject.h"
#include "kload.h"
#include "ktrace.h"
#include "vwalk.h"

/* The first header of every walk seen so far, to tell a timer's
 * retransmission (same bytes, a second or more later) from an answer. */
struct kseen {
	struct {
		struct pkt_view v;
		uint32_t seq;
		double when;
	} *v;
	size_t n;
};

struct kwalk_in {
	const struct ktrace *trace;
	size_t from;                 /* this window's events: trace->v[from..] */
	const struct injected *sent;
	const struct kruleset *rules;
	const struct topo *topo;
	bool ct_active;              /* conntrack runs in the router namespace */
	struct kseen *seen;
};

/* Returns the number of walks in *out (at least 1: sub 0, absent when the
 * packet never showed in the trace).  note receives remarks (ignored
 * retransmissions). */
size_t kwalk_build(const struct kwalk_in *in, struct vwalk **out, char *note, size_t nn);
/* Check each walk that left against the frames captured on the wires:
 * fills oif from the wire when the trace had none, and notes a packet the
 * trace saw leave but no wire received. */
void kwalk_match_wire(struct vwalk *w, size_t n, struct kcapture *cap, const struct topo *t);
void kseen_free(struct kseen *s);

/* A header (IP + transport bytes as the trace dumps them: for IPv6 the
 * 40-byte fixed header and the transport header nf_tables found after
 * any extension headers) as a view. */
bool kwalk_view_of(const uint8_t *net, size_t net_len, const uint8_t *l4, size_t l4_len,
		   struct pkt_view *v, uint32_t *tcp_seq);
/* The same, with the transport protocol behind IPv6 extension headers,
 * which the trace does not show (-1: unknown, the view then has none). */
bool kwalk_view_of_proto(const uint8_t *net, size_t net_len, const uint8_t *l4, size_t l4_len,
			 int l4proto, struct pkt_view *v, uint32_t *tcp_seq);

#endif
