/* capture.c - reading the peers' packet sockets. */
#define _GNU_SOURCE
#include "capture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define ETH_HDR_LEN 14
#define FRAME_MAX 65536

/* The kernel's ND or MLD, as the capture leaves it out. */
static bool own_nd(const struct packet *p)
{
	uint8_t type, code;
	return pkt_family(p) == FAMILY_IPV6 && pkt_proto(p) == PROTO_ICMPV6 &&
	       pkt_icmp(p, &type, &code) && type >= ICMPV6_ND_FIRST && type <= ICMPV6_ND_LAST;
}

static void keep(struct kcapture *c, size_t link, const uint8_t *ip, size_t len)
{
	struct packet *p = packet_from_bytes(ip, len);
	if (!p || (!c->keep_nd && own_nd(p))) {
		packet_free(p);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = (struct kframe){.link = link, .p = p};
}

static void drain(const struct topo_link *l, size_t link, struct kcapture *c)
{
	static uint8_t frame[FRAME_MAX];
	for (;;) {
		struct sockaddr_ll from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(l->wire_fd, frame, sizeof(frame), 0, (struct sockaddr *)&from,
				     &flen);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		/* Our own injections show up as outgoing on the peer. */
		if (from.sll_pkttype == PACKET_OUTGOING || n < ETH_HDR_LEN)
			continue;
		int type = (frame[12] << 8) | frame[13];
		if (type != ETH_P_IP && type != ETH_P_IPV6)
			continue;
		keep(c, link, frame + ETH_HDR_LEN, (size_t)n - ETH_HDR_LEN);
	}
}

void capture_poll(const struct topo *t, struct kcapture *c)
{
	for (size_t i = 0; i < t->nlinks; i++)
		if (t->links[i].wire_fd >= 0)
			drain(&t->links[i], i, c);
}

void capture_free(struct kcapture *c)
{
	for (size_t i = 0; i < c->n; i++)
		packet_free(c->v[i].p);
	free(c->v);
	*c = (struct kcapture){.keep_nd = c->keep_nd};
}
