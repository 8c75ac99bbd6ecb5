/* net.h - the host's network configuration: interfaces with addresses,
 * routing tables (ip route), the routing policy database (ip rule), and
 * the FIB look-up that input and output routing share. */
#ifndef NFWALK_NET_H
#define NFWALK_NET_H

#include <string.h>

#include "engine/net/sysctl.h"
#include "engine/track/packet.h"
#include "lib/inet.h"
#include "lib/util.h"

#define IFACE_MAX_ADDRS 8
#define RT_TABLE_LOCAL 255
#define RT_TABLE_MAIN 254
#define RT_TABLE_DEFAULT 253

/* Copy an interface name between two IFNAME_MAX arrays (never from a
 * shorter string literal) as one fixed-size move: routing copies a name
 * twice per packet, and str_copy's strlen and memcpy calls cost more than
 * the rest of the copy. */
static inline void ifname_copy(char dst[IFNAME_MAX], const char src[IFNAME_MAX])
{
	memcpy(dst, src, IFNAME_MAX);
	dst[IFNAME_MAX - 1] = '\0';
}

struct iface {
	char name[IFNAME_MAX];
	uint32_t addr[IFACE_MAX_ADDRS];
	int plen[IFACE_MAX_ADDRS];
	int naddr;
	/* IPv6 addresses, a list of their own as the kernel's inet6_dev
	 * keeps beside in_device's: with a MAC and no link-local address
	 * given, netconf_add_iface adds fe80::EUI-64 as addrgenmode eui64
	 * does when the link comes up (lo: none, it has ::1/128). */
	struct addr6 addr6[IFACE_MAX_ADDRS];
	int plen6[IFACE_MAX_ADDRS];
	int naddr6;
	uint8_t mac[6];
	bool has_mac;
	int mtu; /* 0: the default 1500 (iface_mtu) */
	uint32_t group; /* `ip link set dev X group N` (-m devgroup); 0: default */
};

enum route_type { RT_UNICAST, RT_LOCAL, RT_BROADCAST, RT_BLACKHOLE, RT_UNREACHABLE, RT_PROHIBIT };

/* A route of either family: the kernel keeps one FIB per family (fib4
 * tables, fib6 tables); here one array, each route tagged, and every
 * look-up and check takes only its own family's. */
struct route {
	int family; /* FAMILY_IPV4 or FAMILY_IPV6 */
	uint32_t table;
	union inet_addr dst;
	int plen;
	enum route_type type;
	union inet_addr gw; /* zero: on-link */
	char dev[IFNAME_MAX];
	union inet_addr src; /* preferred source, zero when unset */
	uint32_t metric;
	/* `realm TO` / `realms FROM/TO`: the dst's tclassid, FROM << 16 | TO
	 * (-m realm) */
	uint32_t realms;
	bool kernel; /* made from an interface address, not written by the user */
	char *text;  /* as `ip route show table T` would print it */
	size_t head_len; /* of text: "[type ]PREFIX[ via GW][ dev IF]" (route_brief) */
};

enum rpdb_action { RPDB_LOOKUP, RPDB_BLACKHOLE, RPDB_UNREACHABLE, RPDB_PROHIBIT };

/* One list for both families, each rule tagged: the kernel has one
 * fib_rules_ops per family (`ip rule` and `ip -6 rule` are separate
 * lists with their own defaults and automatic priorities). */
struct rpdb_rule {
	int family; /* FAMILY_IPV4 or FAMILY_IPV6 */
	uint32_t prio;
	bool invert; /* `not` */
	union inet_addr from, to;
	int from_plen, to_plen; /* 0: all */
	bool has_fwmark;
	uint32_t fwmark, fwmask;
	char iif[IFNAME_MAX], oif[IFNAME_MAX];
	enum rpdb_action action;
	uint32_t table;
	char *text; /* as `ip rule show` prints it after "PRIO:\t":
		       "from all fwmark 0x1 lookup 100" */
	/* how a route's why starts when this rule decides: "ip rule PRIO
	 * (TEXT) -> table T: " (a lookup) or "ip rule PRIO (TEXT) -> ",
	 * made once, not at each of a trace's look-ups */
	char *why_head;
	size_t why_head_n;
};

struct netconf {
	struct iface *ifaces;
	size_t nifaces;
	struct route *routes;
	size_t nroutes;
	struct rpdb_rule *rules; /* kept sorted by prio, stable */
	size_t nrules;
	bool ip_forward; /* net.ipv4.ip_forward */
	struct sysctls sysctls; /* the other sysctls that change the walk */
	/* routes with a realm (fib_insert counts them, as routes come only
	 * through it): without any, route_realms has nothing to look up */
	size_t nrealm_routes;
	/* the routes sorted for look-ups (fib_index.c), rebuilt after a
	 * route is added; netconf_init makes it */
	struct fib_index *fib_index;
};

/* Start with lo (127.0.0.1/8, ::1/128), the three default ip rules and
 * the two default ip -6 rules. */
void netconf_init(struct netconf *n);
void netconf_free(struct netconf *n);
/* Add an interface; its addresses make the kernel's local-table and
 * connected main-table routes.  Returns -1 on a duplicate name. */
int netconf_add_iface(struct netconf *n, const struct iface *ifc, struct nf_error *err);
const struct iface *netconf_iface(const struct netconf *n, const char *name);
/* `ip route add` arguments: "[table T] [type] PREFIX|default [via GW] [dev IF]
 * [src A] [metric N]" with type unicast/local/broadcast/blackhole/unreachable/
 * prohibit (a leading "ip route add" is allowed).  Checked as the kernel
 * does: dev must exist, a gateway must be reachable on-link (else "Nexthop
 * has invalid gateway"), src must be local, no host bits, no duplicate
 * (table, prefix, metric).  local and broadcast go to table local unless
 * told; the dev of a `via` route without one is the gateway's. */
int netconf_add_route(struct netconf *n, const char *text, struct nf_error *err);
/* The same for one family (`ip -6 route add`: FAMILY_IPV6), or 0 for
 * the family the addresses say ("-6"/"-4" as the first word also set
 * it; a route with no address, `default dev eth0`, is IPv4, as ip's).
 * IPv6 as the kernel's fib6 does: metric 1024 when none (or 0) is
 * given, host bits cleared silently, a link-local gateway needs `dev`
 * ("Egress device not specified"), an unreachable one is "No route to
 * host", a non-local src "Invalid source address"; blackhole,
 * unreachable and prohibit routes go out of dev lo. */
int netconf_add_route_family(struct netconf *n, int family, const char *text,
			     struct nf_error *err);
/* `ip rule add` arguments: "[priority N] [not] [from P] [to P] [fwmark M[/MASK]]
 * [iif IF] [oif IF] (lookup|table T | blackhole | unreachable | prohibit)".
 * No action means lookup main; no priority means the kernel's choice: the
 * second rule's priority minus one (32765, 32764, ... from the defaults),
 * 0 when that is 0.  Equal priorities keep the order they were added in. */
int netconf_add_rule(struct netconf *n, const char *text, struct nf_error *err);
/* `ip -6 rule add` (FAMILY_IPV6), or 0: the family of the from/to
 * prefixes (IPv4 without any).  Priorities are counted in the family's
 * own list. */
int netconf_add_rule_family(struct netconf *n, int family, const char *text,
			    struct nf_error *err);
/* Table names: local, main, default, or a number. */
bool rt_table_parse(const char *s, uint32_t *out);
const char *rt_table_name(uint32_t table, char *buf, size_t n);
/* "unicast", "local", "broadcast", "blackhole", "unreachable", "prohibit". */
const char *route_type_name(enum route_type t);

bool net_is_local(const struct netconf *n, uint32_t addr);
/* Either family: a local route of the local table covers addr. */
bool net_is_local_inet(const struct netconf *n, int family, const union inet_addr *addr);
/* 255.255.255.255 or a broadcast route of the local table. */
bool net_is_broadcast(const struct netconf *n, uint32_t addr);
/* The interface holding addr, or NULL. */
const struct iface *net_iface_of(const struct netconf *n, uint32_t addr);
/* inet_select_addr: the first primary address of dev in dst's subnet, else
 * dev's first primary address, else the first one of any interface (lo's
 * 127/8 never); 0 when none.  For a route the kernel passes the gateway as
 * dst (0 for an on-link route), not the packet's destination. */
uint32_t net_select_src(const struct netconf *n, const char *dev, uint32_t dst);
/* ipv6_dev_get_saddr (RFC 6724 section 5) for a packet to dst leaving
 * through dev (NULL: unknown): candidates are the addresses of every
 * interface, only dev's when dst is link-local or multicast; rules 1
 * (same address), 2 (appropriate scope), 5 (outgoing interface), 6
 * (matching label) and 8 (longest matching prefix, up to the
 * candidate's prefix length), the first address added on a tie.  Rules
 * 3, 4 and 7 (deprecated, home, temporary addresses) never apply: nfwalk
 * has no such addresses.  Zero (::) when there is no candidate. */
struct addr6 net_select_src6(const struct netconf *n, const char *dev, const struct addr6 *dst);
/* The source a route gives: its src, for a local route the destination,
 * else the family's selection (net_select_src with the gateway for
 * IPv4, net_select_src6 with the destination for IPv6). */
union inet_addr route_prefsrc(const struct netconf *n, const struct route *rt,
			      const union inet_addr *dst);

struct route_query {
	int family; /* FAMILY_IPV6, or FAMILY_IPV4 (0 too: IPv4) */
	union inet_addr dst, src; /* src zero: unknown yet (local output) */
	uint32_t mark;
	uint8_t tos;
	const char *iif; /* input routing; NULL/"" for output */
	const char *oif; /* output routing with SO_BINDTODEVICE; usually NULL */
	bool quiet;      /* a found route needs no why (nobody reads it) */
	bool no_prefsrc; /* nobody reads prefsrc: left zero, sparing inet_select_addr's
			  * scan of the interfaces (input routing, reverse paths) */
};

struct route_result {
	int family; /* the query's */
	int error; /* 0, or ENETUNREACH, EHOSTUNREACH, EACCES (prohibit), EINVAL (blackhole) */
	enum route_type type;
	const struct rpdb_rule *rule; /* the ip rule that decided */
	uint32_t table;
	const struct route *route;
	char oif[IFNAME_MAX];
	union inet_addr gw;      /* zero: on-link */
	union inet_addr prefsrc; /* route_prefsrc */
	char why[320];    /* "ip rule 100 (fwmark 0x1 lookup 100) -> table 100: default via ... dev eth2" */
};

/* fib_lookup through the policy database.  Returns 0 when a route was
 * found (r->type tells local, broadcast or unicast), -1 otherwise (r->error
 * set).  Output routing (iif NULL or "") matches rules as iif "lo", as the
 * kernel does, so `ip rule add iif lo ...` catches locally generated
 * packets.  Input routing from a real interface first refuses martians
 * (EINVAL: loopback, multicast, zero or own source; loopback destination)
 * and delivers 255.255.255.255 locally.  A table without a matching route
 * passes to the next rule; an unreachable/prohibit/blackhole route or rule
 * ends the look-up with its error.  net.ipv4.ip_forward is not applied
 * here: the caller decides what a unicast result means when it is off.
 * r->oif is "lo" for local destinations (and broadcasts that arrived), as
 * `ip route get` shows.  With q->oif set and no route, the destination is
 * taken as on-link there (r->rule and r->route are then NULL).
 * IPv6 (q->family FAMILY_IPV6) goes the same way through the IPv6 rules
 * and routes only, as fib6_rule_lookup does: no martian or broadcast
 * checks (ip6_rcv_core's come before routing, not here), a link-local
 * destination reached only out of the interface it came in on (fib6's
 * strict interface match, ip6_pol_route_input passing iif as oif) or the
 * socket's oif, the source by net_select_src6 on the route's device. */
int route_lookup(const struct netconf *n, const struct route_query *q, struct route_result *r);
/* The realms (tclassid, FROM << 16 | TO) the routing decision r leaves on
 * a packet (-m realm reads them).  Output: the route's.  Input (from_iif
 * set): the route's, and where its FROM (or, for a local route, both
 * halves) is 0, the TO realm of the route back to the source, as
 * rt_set_nexthop's set_class_tag(itag) does after fib_validate_source;
 * 0 when no route has a realm (the kernel skips the look-up then). */
uint32_t route_realms(const struct netconf *n, const struct route_result *r, bool from_iif,
		      uint32_t saddr, uint32_t daddr);

#endif
