/* iface.c - interfaces and their addresses: the routes the kernel makes
 * for each address (fib_add_ifaddr), which addresses are this host's, and
 * the source address a route prefers (inet_select_addr). */
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/net/fib.h"

#define LOOPBACK_NET 0x7f000000u /* 127.0.0.0/8: scope host, never a chosen source */

/* Rules every fresh network namespace starts with (`ip rule show`). */
static const char *const default_rules[] = {
	"priority 0 lookup local",
	"priority 32766 lookup main",
	"priority 32767 lookup default",
};

void netconf_init(struct netconf *n)
{
	memset(n, 0, sizeof(*n));
	/* A fresh netns has net.ipv4.ip_forward=0; nfwalk models a router,
	 * so the default here is on and a scenario can turn it off. */
	n->ip_forward = true;
	struct iface lo = {.name = "lo", .addr = {LOOPBACK_NET | 1}, .plen = {8}, .naddr = 1};
	netconf_add_iface(n, &lo, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(default_rules); i++)
		netconf_add_rule(n, default_rules[i], NULL);
}

void netconf_free(struct netconf *n)
{
	for (size_t i = 0; i < n->nroutes; i++)
		free(n->routes[i].text);
	for (size_t i = 0; i < n->nrules; i++)
		free(n->rules[i].text);
	free(n->ifaces);
	free(n->routes);
	free(n->rules);
	sysctls_free(&n->sysctls);
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
	struct route r = {.table = table, .dst = dst, .plen = plen, .type = type, .src = src,
			  .kernel = true};
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
	return 0;
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
	return 0;
}

const struct iface *netconf_iface(const struct netconf *n, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < n->nifaces; i++)
		if (strcmp(n->ifaces[i].name, name) == 0)
			return &n->ifaces[i];
	return NULL;
}

/* Local means what the kernel's local table says: an address of an
 * interface, anything under a `local` route (all of 127.0.0.0/8). */
bool net_is_local(const struct netconf *n, uint32_t addr)
{
	const struct route *r = fib_table_lookup(n, RT_TABLE_LOCAL, addr, NULL);
	return r && r->type == RT_LOCAL;
}

bool net_is_broadcast(const struct netconf *n, uint32_t addr)
{
	if (addr == UINT32_MAX)
		return true;
	for (size_t i = 0; i < n->nroutes; i++)
		if (n->routes[i].table == RT_TABLE_LOCAL && n->routes[i].type == RT_BROADCAST &&
		    n->routes[i].dst == addr)
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
