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

static void keep(struct kcapture *c, size_t link, const uint8_t *ip, size_t len)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = (struct kframe){.link = link, .p = packet_from_bytes(ip, len)};
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
		if (((frame[12] << 8) | frame[13]) != ETH_P_IP)
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
	*c = (struct kcapture){0};
}
