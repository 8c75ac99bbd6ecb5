/* inject.c - sending scenario packets into the router namespace.
 *
 * IPv6 the same ways: a frame of EtherType 0x86dd on the wire; locally a
 * connect() or sendto() on an AF_INET6 socket, or an AF_INET6 raw socket
 * of protocol IPPROTO_RAW, which takes nfwalk's whole IPv6 header as
 * IPV6_HDRINCL does (inet6_create sets hdrincl for it). */
#define _GNU_SOURCE
#include "inject.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/addr.h"
#include "lib/inet.h"

#define ETH_HDR_LEN 14
#define FRAME_MAX 2048
/* The port a route probe connects to when the packet has none. */
#define PROBE_PORT 9

static const char *const via_names[] = {
	[VIA_WIRE] = "frame on the wire",
	[VIA_RAW] = "raw socket",
	[VIA_TCP_CONNECT] = "connect()",
	[VIA_UDP_SEND] = "sendto()",
};

const char *inject_via_name(enum inject_via via)
{
	return (size_t)via < ARRAY_SIZE(via_names) ? via_names[via] : "?";
}

void injected_free(struct injected *in)
{
	packet_free(in->p);
	in->p = NULL;
}

static int send_on_wire(const struct topo_link *l, const struct packet *p, struct injected *out,
			struct nf_error *err)
{
	uint8_t frame[FRAME_MAX];
	if (p->len + ETH_HDR_LEN > sizeof(frame))
		return nf_err(err, -1, "packet of %zu bytes is too large to inject", p->len);
	memcpy(frame, l->router_mac, 6);
	memcpy(frame + 6, p->has_mac ? p->src_mac : l->peer_mac, 6);
	uint16_t type = pkt_family(p) == FAMILY_IPV6 ? ETH_P_IPV6 : ETH_P_IP;
	frame[12] = (uint8_t)(type >> 8);
	frame[13] = type & 0xff;
	memcpy(frame + ETH_HDR_LEN, p->data, p->len);
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(type),
		.sll_ifindex = l->peer_ifindex,
		.sll_halen = 6,
	};
	memcpy(to.sll_addr, l->router_mac, 6);
	ssize_t n = sendto(l->wire_fd, frame, p->len + ETH_HDR_LEN, 0, (struct sockaddr *)&to,
			   sizeof(to));
	if (n < 0)
		return nf_err(err, -1, "cannot send on the wire of %s: %s", l->ifname,
			      strerror(errno));
	out->via = VIA_WIRE;
	out->link = l;
	snprintf(out->how, sizeof(out->how), "sent as a frame from the peer of %s", l->ifname);
	return 0;
}

/* An address of the packet's family as the socket calls take it. */
struct sockaddr_inet {
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u;
	socklen_t len;
};

static void sock_addr(struct sockaddr_inet *sa, int family, const union inet_addr *addr,
		      uint16_t port)
{
	memset(sa, 0, sizeof(*sa));
	if (family == FAMILY_IPV6) {
		sa->u.in6.sin6_family = AF_INET6;
		memcpy(&sa->u.in6.sin6_addr, addr->in6.b, 16);
		sa->u.in6.sin6_port = htons(port);
		sa->len = sizeof(sa->u.in6);
		return;
	}
	sa->u.in.sin_family = AF_INET;
	sa->u.in.sin_addr.s_addr = htonl(addr->ip);
	sa->u.in.sin_port = htons(port);
	sa->len = sizeof(sa->u.in);
}

static int domain_of(const struct packet *p)
{
	return pkt_family(p) == FAMILY_IPV6 ? AF_INET6 : AF_INET;
}

/* TOS and TTL, or IPv6's traffic class and unicast hop limit. */
static void hop_options(int fd, const struct packet *p)
{
	int tos = pkt_tos(p), ttl = pkt_ttl(p);
	bool v6 = pkt_family(p) == FAMILY_IPV6;
	if (tos)
		setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_TCLASS : IP_TOS, &tos,
			   sizeof(tos));
	if (ttl)
		setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_UNICAST_HOPS : IP_TTL,
			   &ttl, sizeof(ttl));
}

/* What a program's socket would look like: mark, tos, ttl. */
static int local_socket(struct topo *t, int type, int proto, const struct packet *p)
{
	/* -m owner reads the socket file's fsuid/fsgid, taken at creation */
	int old_gid = p->has_owner ? setfsgid((gid_t)p->gid) : -1;
	int old_uid = p->has_owner ? setfsuid((uid_t)p->uid) : -1;
	int fd = netns_socket(&t->router, domain_of(p), type, proto);
	if (p->has_owner) {
		setfsuid((uid_t)old_uid);
		setfsgid((gid_t)old_gid);
	}
	if (fd < 0)
		return -1;
	topo_keep_socket(t, fd);
	int one = 1;
	uint32_t mark = p->mark;
	if (mark)
		setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	if (type != SOCK_RAW) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		hop_options(fd, p);
	}
	return fd;
}

/* The source address the kernel picks for the packet's destination (with
 * its mark): what a connected UDP socket is bound to.  False when there
 * is no route. */
static bool kernel_source(struct topo *t, const struct packet *p, union inet_addr *src)
{
	int fd = netns_socket(&t->router, domain_of(p), SOCK_DGRAM, 0);
	if (fd < 0)
		return false;
	uint32_t mark = p->mark;
	if (mark)
		setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	struct sockaddr_inet to, me;
	union inet_addr dst = pkt_dst(p);
	sock_addr(&to, pkt_family(p), &dst,
		  pkt_has_ports(p) && pkt_dport(p) ? pkt_dport(p) : PROBE_PORT);
	socklen_t len = sizeof(me.u);
	bool ok = connect(fd, &to.u.sa, to.len) == 0 && getsockname(fd, &me.u.sa, &len) == 0;
	if (ok && pkt_family(p) == FAMILY_IPV6)
		memcpy(src->in6.b, &me.u.in6.sin6_addr, 16);
	else if (ok)
		*src = inet_v4(ntohl(me.u.in.sin_addr.s_addr));
	close(fd);
	return ok;
}

static int send_raw(struct topo *t, struct injected *out, struct nf_error *err)
{
	struct packet *p = out->p;
	union inet_addr src = pkt_src(p), dst = pkt_dst(p);
	if (inet_is_zero(&src)) {
		/* raw(7) would fill the source but leave the L4 checksum
		 * computed without it; a program would have asked routing. */
		union inet_addr chosen = {0};
		if (kernel_source(t, p, &chosen)) {
			pkt_set_src(p, chosen);
			packet_fix_checksums(p);
		}
	}
	int fd = local_socket(t, SOCK_RAW, IPPROTO_RAW, p);
	if (fd < 0)
		return nf_err(err, -1, "raw socket in %s: %s", t->router.name, strerror(errno));
	struct sockaddr_inet to;
	/* AF_INET6 raw sockets want the port field zero (it would be the
	 * protocol) */
	sock_addr(&to, pkt_family(p), &dst, 0);
	if (sendto(fd, p->data, p->len, 0, &to.u.sa, to.len) < 0)
		out->send_errno = errno;
	out->via = VIA_RAW;
	snprintf(out->how, sizeof(out->how), "sent from a raw socket in the router");
	return 0;
}

static int bind_source(int fd, const struct packet *p)
{
	struct sockaddr_inet me;
	union inet_addr src = pkt_src(p);
	sock_addr(&me, pkt_family(p), &src, pkt_has_ports(p) ? pkt_sport(p) : 0);
	return bind(fd, &me.u.sa, me.len);
}

static int send_tcp_connect(struct topo *t, struct injected *out, struct nf_error *err)
{
	const struct packet *p = out->p;
	int fd = local_socket(t, SOCK_STREAM | SOCK_NONBLOCK, 0, p);
	if (fd < 0 || bind_source(fd, p) != 0)
		return nf_err(err, -1, "TCP socket for %u in %s: %s", pkt_sport(p), t->router.name,
			      strerror(errno));
	struct sockaddr_inet to;
	union inet_addr dst = pkt_dst(p);
	sock_addr(&to, pkt_family(p), &dst, pkt_dport(p));
	if (connect(fd, &to.u.sa, to.len) != 0 && errno != EINPROGRESS)
		out->send_errno = errno;
	out->via = VIA_TCP_CONNECT;
	snprintf(out->how, sizeof(out->how), "connect() from port %u in the router", pkt_sport(p));
	return 0;
}

static int send_udp(struct topo *t, struct injected *out, struct nf_error *err)
{
	const struct packet *p = out->p;
	int fd = local_socket(t, SOCK_DGRAM, 0, p);
	if (fd < 0 || bind_source(fd, p) != 0)
		return nf_err(err, -1, "UDP socket for %u in %s: %s", pkt_sport(p), t->router.name,
			      strerror(errno));
	size_t n = pkt_payload_len(p);
	uint8_t *payload = xcalloc(n ? n : 1, 1);
	struct sockaddr_inet to;
	union inet_addr dst = pkt_dst(p);
	sock_addr(&to, pkt_family(p), &dst, pkt_dport(p));
	if (sendto(fd, payload, n, 0, &to.u.sa, to.len) < 0)
		out->send_errno = errno;
	free(payload);
	out->via = VIA_UDP_SEND;
	snprintf(out->how, sizeof(out->how), "sendto() from port %u in the router", pkt_sport(p));
	return 0;
}

/* A program sends a SYN by connecting and a datagram by sendto(); other
 * packets (a bare ACK, ICMP) need a raw socket. */
static enum inject_via local_via(const struct packet *p)
{
	if (pkt_is_fragment(p) || pkt_more_fragments(p))
		return VIA_RAW;
	if (pkt_proto(p) == PROTO_TCP && pkt_tcp_flags(p) == TCPF_SYN && !pkt_payload_len(p))
		return VIA_TCP_CONNECT;
	if (pkt_proto(p) == PROTO_UDP && pkt_has_ports(p))
		return VIA_UDP_SEND;
	return VIA_RAW;
}

int inject_packet(struct topo *t, const struct packet *p, struct injected *out,
		  struct nf_error *err)
{
	memset(out, 0, sizeof(*out));
	out->p = packet_clone(p);
	if (!p->local_out) {
		const struct topo_link *l = topo_link_named(t, p->iif);
		if (!l)
			return nf_err(err, -1, "no wire for interface `%s`", p->iif);
		return send_on_wire(l, out->p, out, err);
	}
	switch (local_via(p)) {
	case VIA_TCP_CONNECT:
		return send_tcp_connect(t, out, err);
	case VIA_UDP_SEND:
		return send_udp(t, out, err);
	default:
		return send_raw(t, out, err);
	}
}
