/* capture.h - what the router put on its wires: every IPv4 frame the peer
 * ends receive, kept with the link it left by. */
#ifndef NFWALK_CAPTURE_H
#define NFWALK_CAPTURE_H

#include "engine/track/packet.h"
#include "topo.h"

struct kframe {
	size_t link;      /* index in topo.links */
	struct packet *p; /* the IP datagram */
	bool claimed;     /* matched to a walk */
};

struct kcapture {
	struct kframe *v;
	size_t n, cap;
};

/* Read every frame queued on the wires now. */
void capture_poll(const struct topo *t, struct kcapture *c);
void capture_free(struct kcapture *c);

#endif
