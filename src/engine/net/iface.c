/* iface.c - interfaces and their addresses: the routes the kernel makes
 * for each address (fib_add_ifaddr), which addresses are this host's, and
 * the source address a route prefers (inet_select_addr). */
#include <stdlib.h>
#include <string.h>

#include "lib/addr6.h"
#include "lib/addr.h"
#include "engine/net/fib.h"

#define LOOPBACK_NET 0x7f000000u /* 127.0.0.0/8: scope host, never a chosen source */

/* Rules every fresh network namespace starts with (`ip rule show`, and
 * `ip -6 rule show`: no default-table rule for IPv6, seen on 6.18). */
static const struct {
	int family;
	const char *text;
} default_rules[] = {
	{FAMILY_IPV4, "priority 0 lookup local"},
	{FAMILY_IPV4, "priority 32766 lookup main"},
	{FAMILY_IPV4, "priority 32767 lookup default"},
	{FAMILY_IPV6, "priority 0 lookup local"},
	{FAMILY_IPV6, "priority 32766 lookup main"},
};

void netconf_init(struct netconf *n)
{
	memset(n, 0, sizeof(*n));
	/* A fresh netns has net.ipv4.ip_forward=0; nfwalk models a router,
	 * so the default here is on and a scenario can turn it off. */
	n->ip_forward = true;
	n->fib_index = fib_index_new();
	struct iface lo = {.name = "lo", .addr = {LOOPBACK_NET | 1}, .plen = {8}, .naddr = 1,
			   .addr6 = {{.b = {[15] = 1}}}, .plen6 = {128}, .naddr6 = 1};
	netconf_add_iface(n, &lo, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(default_rules); i++)
		netconf_add_rule_family(n, default_rules[i].family, default_rules[i].text, NULL);
}

void netconf_free(struct netconf *n)
{
	for (size_t i = 0; i < n->nroutes; i++)
		free(n->routes[i].text);
	for (size_t i = 0; i < n->nrules; i++) {
		free(n->rules[i].text);
		free(n->rules[i].why_head);
	}
	free(n->ifaces);
	free(n->routes);
	free(n->rules);
	sysctls_free(&n->sysctls);
	fib_index_free(n->fib_index);
	memset(n, 0, sizeof(*n));
}

bool iface_is_loopback(const struct iface *ifc)
{
	return strcmp(ifc->name, "lo") == 0;
}

bool iface_addr_secondary(const struct iface *ifc, int i)
{
	uint32_t mask = prefix_mask(ifc->plen[i]);
	for (int k = 0; k < i; k++)
		if (ifc->plen[k] == ifc->plen[i] && addr_in(ifc->addr[i], ifc->addr[k], mask))
			return true;
	return false;
}

uint32_t iface_addr_primary(const struct iface *ifc, int i)
{
	uint32_t mask = prefix_mask(ifc->plen[i]);
	for (int k = 0; k < i; k++)
		if (ifc->plen[k] == ifc->plen[i] && addr_in(ifc->addr[i], ifc->addr[k], mask))
			return ifc->addr[k];
	return ifc->addr[i];
}

static void add_kernel_route(struct netconf *n, uint32_t table, enum route_type type, uint32_t dst,
			     int plen, const char *dev, uint32_t src)
{
	struct route r = {.family = FAMILY_IPV4, .table = table, .dst.ip = dst, .plen = plen,
			  .type = type, .src.ip = src, .kernel = true};
	str_copy(r.dev, sizeof(r.dev), dev);
	fib_insert(n, &r);
}

/* fib_add_ifaddr: a local route for the address; for a primary address
 * also the prefix route (local-typed in the local table on loopback) and
 * the subnet broadcast, which /31 and /32 do not have.  Kernels since 5.x
 * no longer add a broadcast route for the network address itself. */
static void add_address_routes(struct netconf *n, const struct iface *ifc, int i)
{
	uint32_t a = ifc->addr[i], mask = prefix_mask(ifc->plen[i]);
	uint32_t prim = iface_addr_primary(ifc, i);
	add_kernel_route(n, RT_TABLE_LOCAL, RT_LOCAL, a, 32, ifc->name, prim);
	if (iface_addr_secondary(ifc, i) || ifc->plen[i] == 32)
		return;
	if (iface_is_loopback(ifc))
		add_kernel_route(n, RT_TABLE_LOCAL, RT_LOCAL, a & mask, ifc->plen[i], ifc->name, a);
	else
		add_kernel_route(n, RT_TABLE_MAIN, RT_UNICAST, a & mask, ifc->plen[i], ifc->name,
				 a);
	if (ifc->plen[i] < 31)
		add_kernel_route(n, RT_TABLE_LOCAL, RT_BROADCAST, a | ~mask, 32, ifc->name, a);
}

/* addrconf's routes, as `ip -6 route show table all` lists them on
 * 6.18: "local A dev IF proto kernel metric 0" in table local for each
 * address, "P/L dev IF proto kernel metric 256" in main for its prefix
 * (none for a /128, none on lo), and fe80::/64 once per interface with
 * a link-local address.  (The ff00::/8 multicast routes are not
 * modelled.) */
static void add_route6(struct netconf *n, uint32_t table, enum route_type type,
		       const struct addr6 *dst, int plen, const char *dev, uint32_t metric)
{
	struct route r = {.family = FAMILY_IPV6, .table = table, .plen = plen, .type = type,
			  .metric = metric, .kernel = true};
	r.dst.in6 = addr6_masked(dst, plen);
	str_copy(r.dev, sizeof(r.dev), dev);
	fib_insert(n, &r);
}

static bool prefix6_routed(const struct netconf *n, const struct addr6 *a, int plen,
			   const char *dev)
{
	union inet_addr net = {.in6 = addr6_masked(a, plen)};
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *r = &n->routes[i];
		if (r->family == FAMILY_IPV6 && r->table == RT_TABLE_MAIN && r->kernel &&
		    r->plen == plen && inet_eq(&r->dst, &net) && strcmp(r->dev, dev) == 0)
			return true;
	}
	return false;
}

static void add_address6_routes(struct netconf *n, const struct iface *ifc, int i)
{
	const struct addr6 *a = &ifc->addr6[i];
	add_route6(n, RT_TABLE_LOCAL, RT_LOCAL, a, 128, ifc->name, 0);
	int plen = addr6_is_link_local(a) ? 64 : ifc->plen6[i];
	if (plen == 128 || iface_is_loopback(ifc) || prefix6_routed(n, a, plen, ifc->name))
		return;
	add_route6(n, RT_TABLE_MAIN, RT_UNICAST, a, plen, ifc->name, 256);
}

/* addrgenmode eui64 (the default, net.ipv6.conf.*.addr_gen_mode 0): when
 * a link comes up the kernel gives it fe80::/64 with the modified EUI-64
 * of its MAC (the U/L bit flipped, ff:fe in the middle).  Seen on 6.18:
 * a veth with MAC 02:00:00:00:00:01 got fe80::ff:fe00:1/64 beside its
 * static 2001:db8:1::1/64.  nfwalk does the same for an interface with a
 * MAC that the scenario gave no link-local address. */
static void add_link_local(struct iface *ifc)
{
	for (int i = 0; i < ifc->naddr6; i++)
		if (addr6_is_link_local(&ifc->addr6[i]))
			return;
	if (!ifc->has_mac || iface_is_loopback(ifc) || ifc->naddr6 >= IFACE_MAX_ADDRS)
		return;
	struct addr6 ll = {.b = {0xfe, 0x80}};
	const uint8_t *m = ifc->mac;
	const uint8_t eui[8] = {m[0] ^ 2, m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]};
	memcpy(&ll.b[8], eui, sizeof(eui));
	ifc->addr6[ifc->naddr6] = ll;
	ifc->plen6[ifc->naddr6++] = 64;
}

static int check_iface6(const struct iface *ifc, struct nf_error *err)
{
	if (ifc->naddr6 < 0 || ifc->naddr6 > IFACE_MAX_ADDRS)
		return nf_err(err, -1, "interface %s: %d IPv6 addresses (at most %d)", ifc->name,
			      ifc->naddr6, IFACE_MAX_ADDRS);
	for (int i = 0; i < ifc->naddr6; i++) {
		char b[ADDR6_STRLEN];
		const struct addr6 *a = &ifc->addr6[i];
		if (ifc->plen6[i] < 1 || ifc->plen6[i] > 128)
			return nf_err(err, -1,
				      "interface %s: address %s has prefix length %d (1..128)",
				      ifc->name, addr6_fmt(a, b), ifc->plen6[i]);
		if (addr6_is_unspecified(a) || addr6_is_multicast(a))
			return nf_err(err, -1, "interface %s: %s is not a unicast address",
				      ifc->name, addr6_fmt(a, b));
	}
	return 0;
}

static int check_iface(const struct netconf *n, const struct iface *ifc, struct nf_error *err)
{
	if (!ifc->name[0])
		return nf_err(err, -1, "an interface needs a name");
	if (netconf_iface(n, ifc->name))
		return nf_err(err, -1, "interface %s already exists", ifc->name);
	if (ifc->naddr < 0 || ifc->naddr > IFACE_MAX_ADDRS)
		return nf_err(err, -1, "interface %s: %d addresses (at most %d)", ifc->name,
			      ifc->naddr, IFACE_MAX_ADDRS);
	for (int i = 0; i < ifc->naddr; i++) {
		char b[ADDR_STRLEN];
		if (ifc->plen[i] < 1 || ifc->plen[i] > 32)
			return nf_err(err, -1,
				      "interface %s: address %s has prefix length %d (1..32)",
				      ifc->name, addr_fmt(ifc->addr[i], b), ifc->plen[i]);
		if (ifc->addr[i] == 0)
			return nf_err(err, -1, "interface %s: 0.0.0.0 is not an address",
				      ifc->name);
	}
	return check_iface6(ifc, err);
}

int netconf_add_iface(struct netconf *n, const struct iface *ifc, struct nf_error *err)
{
	if (check_iface(n, ifc, err) != 0)
		return -1;
	n->ifaces = xrealloc(n->ifaces, (n->nifaces + 1) * sizeof(*n->ifaces));
	struct iface *copy = &n->ifaces[n->nifaces++];
	*copy = *ifc;
	copy->name[IFNAME_MAX - 1] = '\0';
	for (int i = 0; i < copy->naddr; i++)
		add_address_routes(n, copy, i);
	add_link_local(copy);
	for (int i = 0; i < copy->naddr6; i++)
		add_address6_routes(n, copy, i);
	return 0;
}

const struct iface *netconf_iface(const struct netconf *n, const char *name)
{
	if (!name)
		return NULL;
	/* compared in line: routing asks per packet, and a call to strcmp
	 * for each interface cost more than the rest of the scan */
	for (size_t i = 0; i < n->nifaces; i++)
		if (ifname_eq(n->ifaces[i].name, name))
			return &n->ifaces[i];
	return NULL;
}

/* Local means what the kernel's local table says: an address of an
 * interface, anything under a `local` route (all of 127.0.0.0/8). */
bool net_is_local_inet(const struct netconf *n, int family, const union inet_addr *addr)
{
	const struct route *r = fib_table_lookup(n, family, RT_TABLE_LOCAL, addr, NULL);
	return r && r->type == RT_LOCAL;
}

bool net_is_local(const struct netconf *n, uint32_t addr)
{
	union inet_addr a = inet_v4(addr);
	return net_is_local_inet(n, FAMILY_IPV4, &a);
}

bool net_is_broadcast(const struct netconf *n, uint32_t addr)
{
	if (addr == UINT32_MAX)
		return true;
	for (size_t i = 0; i < n->nroutes; i++)
		if (n->routes[i].table == RT_TABLE_LOCAL && n->routes[i].type == RT_BROADCAST &&
		    n->routes[i].family == FAMILY_IPV4 && n->routes[i].dst.ip == addr)
			return true;
	return false;
}

const struct iface *net_iface_of(const struct netconf *n, uint32_t addr)
{
	for (size_t i = 0; i < n->nifaces; i++)
		for (int k = 0; k < n->ifaces[i].naddr; k++)
			if (n->ifaces[i].addr[k] == addr)
				return &n->ifaces[i];
	return NULL;
}

/* Scope host (127.0.0.0/8) and secondary addresses are never chosen. */
static bool selectable(const struct iface *ifc, int i)
{
	return !addr_in(ifc->addr[i], LOOPBACK_NET, prefix_mask(8)) &&
	       !iface_addr_secondary(ifc, i);
}

static uint32_t select_on_dev(const struct iface *ifc, uint32_t dst)
{
	uint32_t first = 0;
	for (int i = 0; i < ifc->naddr; i++) {
		if (!selectable(ifc, i))
			continue;
		if (dst && addr_in(dst, ifc->addr[i], prefix_mask(ifc->plen[i])))
			return ifc->addr[i];
		if (!first)
			first = ifc->addr[i];
	}
	return first;
}

/* inet_select_addr.  The kernel matches the route's gateway here (dst 0
 * for an on-link route), not the packet's destination: with eth0 holding
 * 10.0.0.1/24 and 10.1.0.1/16, `ip route get` through `10.1.5.0/24 dev
 * eth0` says src 10.0.0.1 and through `via 10.1.0.254` src 10.1.0.1.  A
 * device without an address borrows the first one of any interface, in
 * creation order (lo first), as `6.0.0.0/8 dev eth3` did. */
uint32_t net_select_src(const struct netconf *n, const char *dev, uint32_t dst)
{
	const struct iface *ifc = netconf_iface(n, dev);
	uint32_t a = ifc ? select_on_dev(ifc, dst) : 0;
	for (size_t i = 0; !a && i < n->nifaces; i++)
		a = select_on_dev(&n->ifaces[i], 0);
	return a;
}
