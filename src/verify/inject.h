/* inject.h - putting a scenario packet into the real kernel.
 *
 * An arriving packet is sent from the peer namespace of its interface as
 * an Ethernet frame carrying exactly the bytes nfwalk built.  A locally
 * generated one is sent from the router namespace the way a program
 * would: a TCP SYN by connect() and a UDP datagram by sendto() on real
 * sockets (so what comes back finds the socket nfwalk's model assumes),
 * anything else through a raw socket with nfwalk's bytes. */
#ifndef NFWALK_INJECT_H
#define NFWALK_INJECT_H

#include "engine/track/packet.h"
#include "topo.h"

enum inject_via {
	VIA_WIRE,       /* frame from the peer namespace */
	VIA_RAW,        /* raw IP socket in the router, nfwalk's bytes */
	VIA_TCP_CONNECT,
	VIA_UDP_SEND,
};

struct injected {
	enum inject_via via;
	const struct topo_link *link; /* VIA_WIRE */
	struct packet *p;   /* what was sent (source filled in for raw) */
	int send_errno;     /* the kernel refused to send: 0 when it took it */
	char how[160];      /* one line for the report */
};

/* Send p (metadata iif / local_out / mark as the runner set them).
 * Returns 0 when the packet was handed to the kernel or the kernel
 * refused it as a program would see (send_errno set); -1 with err when
 * the harness itself failed. */
int inject_packet(struct topo *t, const struct packet *p, struct injected *out,
		  struct nf_error *err);
void injected_free(struct injected *in);

const char *inject_via_name(enum inject_via via);

#endif
