/* pkt_helpers.h - short ways for unit tests to make packets. */
#ifndef NFWALK_PKT_HELPERS_H
#define NFWALK_PKT_HELPERS_H

#include <string.h>

#include "lib/addr.h"
#include "engine/track/packet.h"
#include "lib/inet.h"

static inline uint32_t A(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

static inline struct packet *tcp(const char *src, uint16_t sport, const char *dst,
				 uint16_t dport, uint8_t flags, uint32_t seq, uint32_t ack,
				 uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_TCP, .src.ip = A(src), .dst.ip = A(dst), .sport = sport,
			     .dport = dport, .tcp_flags = flags, .seq = seq, .ack = ack,
			     .payload = payload, .ip_id = 1};
	return packet_build(&s);
}

static inline struct packet *udp(const char *src, uint16_t sport, const char *dst,
				 uint16_t dport, uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_UDP, .src.ip = A(src), .dst.ip = A(dst), .sport = sport,
			     .dport = dport, .payload = payload, .ip_id = 1};
	return packet_build(&s);
}

static inline struct packet *icmp(const char *src, const char *dst, uint8_t type, uint16_t id,
				  uint16_t seq, uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_ICMP, .src.ip = A(src), .dst.ip = A(dst),
			     .icmp_type = type, .icmp_id = id, .icmp_seq = seq, .payload = payload};
	return packet_build(&s);
}

/* An ICMP error from src to dst quoting about (which is freed). */
static inline struct packet *icmp_err(const char *src, const char *dst, uint8_t type,
				      uint8_t code, struct packet *about)
{
	struct packet *e = packet_icmp_error(about, type, code, A(src));
	if (e)
		pkt_set_daddr(e, A(dst));
	packet_free(about);
	return e;
}

/* An IPv6 address from text (zero when it does not parse). */
static inline union inet_addr A6(const char *s)
{
	int fam = FAMILY_IPV6;
	union inet_addr a = {{0}};
	if (!inet_parse(s, &fam, &a))
		memset(&a, 0, sizeof(a));
	return a;
}

static inline struct packet *tcp6(const char *src, uint16_t sport, const char *dst,
				  uint16_t dport, uint8_t flags, uint32_t seq, uint32_t ack,
				  uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_TCP, .family = FAMILY_IPV6, .src = A6(src),
			     .dst = A6(dst), .sport = sport, .dport = dport, .tcp_flags = flags,
			     .seq = seq, .ack = ack, .payload = payload};
	return packet_build(&s);
}

static inline struct packet *udp6(const char *src, uint16_t sport, const char *dst,
				  uint16_t dport, uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_UDP, .family = FAMILY_IPV6, .src = A6(src),
			     .dst = A6(dst), .sport = sport, .dport = dport, .payload = payload};
	return packet_build(&s);
}

static inline struct packet *icmp6(const char *src, const char *dst, uint8_t type, uint16_t id,
				   uint16_t seq, uint16_t payload)
{
	struct pkt_spec s = {.proto = PROTO_ICMPV6, .family = FAMILY_IPV6, .src = A6(src),
			     .dst = A6(dst), .icmp_type = type, .icmp_id = id, .icmp_seq = seq,
			     .payload = payload};
	return packet_build(&s);
}

#endif
