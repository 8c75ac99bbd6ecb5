/* capture.h - what the router put on its wires: every IPv4 and IPv6
 * frame the peer ends receive, kept with the link it left by.  The
 * kernel's own neighbour discovery and MLD (ICMPv6 types 130-143: the
 * reports of the multicast groups it joins) are nobody's packet and are
 * left out, unless the scenario sends such types itself (keep_nd). */
#ifndef NFWALK_CAPTURE_H
#define NFWALK_CAPTURE_H

#include "engine/track/packet.h"
#include "topo.h"

struct kframe {
	size_t link;      /* index in topo.links */
	struct packet *p; /* the IP datagram */
	bool claimed;     /* matched to a walk */
};

/* ICMPv6 types of MLD (130-132, 143) and neighbour discovery (133-137),
 * and the range between. */
#define ICMPV6_ND_FIRST 130
#define ICMPV6_ND_LAST 143

struct kcapture {
	struct kframe *v;
	size_t n, cap;
	bool keep_nd; /* keep ICMPv6 130-143 frames */
};

/* Read every frame queued on the wires now. */
void capture_poll(const struct topo *t, struct kcapture *c);
void capture_free(struct kcapture *c);

#endif
