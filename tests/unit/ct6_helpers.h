/* ct6_helpers.h - IPv6 packets for the conntrack and NAT tests. */
#ifndef NFWALK_CT6_HELPERS_H
#define NFWALK_CT6_HELPERS_H

#include "lib/inet.h"
#include "engine/track/packet.h"
#include "pkt_helpers.h" /* A6 */

static inline struct packet *v6tcp(const char *src, uint16_t sport, const char *dst,
				   uint16_t dport, uint8_t flags, uint32_t seq, uint32_t ack)
{
	struct pkt_spec s = {.family = FAMILY_IPV6, .proto = PROTO_TCP, .src = A6(src),
			     .dst = A6(dst), .sport = sport, .dport = dport, .tcp_flags = flags,
			     .seq = seq, .ack = ack};
	return packet_build(&s);
}

static inline struct packet *v6udp(const char *src, uint16_t sport, const char *dst,
				   uint16_t dport, uint16_t payload)
{
	struct pkt_spec s = {.family = FAMILY_IPV6, .proto = PROTO_UDP, .src = A6(src),
			     .dst = A6(dst), .sport = sport, .dport = dport, .payload = payload};
	return packet_build(&s);
}

static inline struct packet *v6icmp(const char *src, const char *dst, uint8_t type, uint16_t id)
{
	struct pkt_spec s = {.family = FAMILY_IPV6, .proto = PROTO_ICMPV6, .src = A6(src),
			     .dst = A6(dst), .icmp_type = type, .icmp_id = id, .icmp_seq = 1,
			     .payload = 4};
	return packet_build(&s);
}

/* An ICMPv6 error from src to dst quoting about (which is freed). */
static inline struct packet *v6err(const char *src, const char *dst, uint8_t type, uint8_t code,
				   struct packet *about)
{
	struct packet *e = packet_icmp_error_addr(about, type, code, A6(src), 0);
	if (e)
		pkt_set_dst(e, A6(dst));
	packet_free(about);
	return e;
}

static inline bool is_flow6(const struct packet *p, const char *src, uint16_t sport,
			    const char *dst, uint16_t dport)
{
	union inet_addr s = pkt_src(p), d = pkt_dst(p), ws = A6(src), wd = A6(dst);
	return pkt_family(p) == FAMILY_IPV6 && inet_eq(&s, &ws) && inet_eq(&d, &wd) &&
	       pkt_sport(p) == sport && pkt_dport(p) == dport;
}

#endif
