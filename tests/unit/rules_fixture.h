/* rules_fixture.h - a host for the rule tests: an engine with only what
 * matches and targets read (interfaces, routes, conntrack), and packets
 * with the metadata a hook would give them. */
#ifndef NFWALK_RULES_FIXTURE_H
#define NFWALK_RULES_FIXTURE_H

#include <string.h>

#include "lib/addr.h"
#include "engine/walk/engine.h"

static inline uint32_t A(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

/* eth0 10.0.1.1/24 (LAN), eth1 192.0.2.1/24 (uplink, default route via
 * 192.0.2.254), eth2 10.0.2.1/24. */
static inline void fixture_init(struct engine *e)
{
	memset(e, 0, sizeof(*e));
	netconf_init(&e->net);
	conntrack_init(&e->ct);
	ruleset_init(&e->rules);
	struct iface eth0 = {.name = "eth0", .addr = {A("10.0.1.1")}, .plen = {24}, .naddr = 1,
			     .mac = {0x02, 0, 0, 0, 0, 0x01}, .has_mac = true};
	struct iface eth1 = {.name = "eth1", .addr = {A("192.0.2.1")}, .plen = {24}, .naddr = 1};
	struct iface eth2 = {.name = "eth2", .addr = {A("10.0.2.1")}, .plen = {24}, .naddr = 1};
	netconf_add_iface(&e->net, &eth0, NULL);
	netconf_add_iface(&e->net, &eth1, NULL);
	netconf_add_iface(&e->net, &eth2, NULL);
	netconf_add_route(&e->net, "default via 192.0.2.254 dev eth1", NULL);
}

static inline void fixture_free(struct engine *e)
{
	ruleset_free(&e->rules);
	conntrack_free(&e->ct);
	netconf_free(&e->net);
}

/* "tcp", "udp" or "icmp" from src:sport to dst:dport. */
static inline struct packet *mkpkt(uint8_t proto, const char *src, uint16_t sport,
				   const char *dst, uint16_t dport, uint8_t flags)
{
	struct pkt_spec s = {.proto = proto, .src.ip = A(src), .dst.ip = A(dst), .sport = sport,
			     .dport = dport, .tcp_flags = flags, .ttl = 64, .ip_id = 1};
	if (proto == PROTO_ICMP) {
		s.icmp_type = ICMP_ECHO;
		s.icmp_id = sport;
		s.icmp_seq = 1;
	}
	return packet_build(&s);
}

static inline struct xt_ctx mkctx(struct engine *e, struct packet *p, enum nf_table t,
				  enum nf_hook h, const char *in, const char *out)
{
	return (struct xt_ctx){.net = &e->net,
			       .ct = &e->ct,
			       .recent = &e->rules.recent,
			       .p = p,
			       .hook = h,
			       .table = t,
			       .in = in,
			       .out = out};
}

#endif
