/* rpf.c - reverse path filtering by sysctl, as __fib_validate_source
 * does it: look the source up as a destination (from the packet's
 * destination, an output-style look-up with iif lo), refuse a route back
 * that is neither unicast nor local-with-accept_local, and in strict mode
 * one that does not use the interface the packet came in on.  No route
 * back at all fails both modes; an interface without addresses is not
 * held to the strict rule. */
#include <stdio.h>
#include <string.h>

#include "engine/net/rpf.h"
#include "lib/addr.h"

static bool group_or_zero(uint32_t a)
{
	return (a >> 28) == 0xe || a == UINT32_MAX || a == 0;
}

bool rp_filter_ok(const struct netconf *n, const char *iif, int family, uint32_t src,
		  uint32_t dst, uint8_t tos, char *why, size_t len)
{
	char a[ADDR_STRLEN];
	if (len)
		why[0] = '\0';
	if (family == FAMILY_IPV6) /* net.ipv4.conf.*.rp_filter is IPv4's alone */
		return true;
	long mode = sysctl_conf(&n->sysctls, "rp_filter", iif);
	if (mode == 0 || !iif || !iif[0] || strcmp(iif, "lo") == 0)
		return true;
	const char *name = mode == 1 ? "strict" : "loose";
	struct route_query q = {.dst.ip = src, .src.ip = group_or_zero(dst) ? 0 : dst, .tos = tos,
				.no_prefsrc = true};
	struct route_result r;
	if (route_lookup(n, &q, &r) != 0) {
		snprintf(why, len, "rp_filter %ld (%s) on %s: no route back to %s", mode, name, iif,
			 addr_fmt(src, a));
		return false;
	}
	bool local_ok = r.type == RT_LOCAL && sysctl_conf(&n->sysctls, "accept_local", iif);
	if (r.type != RT_UNICAST && !local_ok) {
		snprintf(why, len, "rp_filter %ld (%s) on %s: the route back to %s is %s, not unicast",
			 mode, name, iif, addr_fmt(src, a), route_type_name(r.type));
		return false;
	}
	const struct iface *ifc = netconf_iface(n, iif);
	bool same = strcmp(r.oif, iif) == 0 || (local_ok && r.type == RT_LOCAL);
	snprintf(why, len, "rp_filter %ld (%s) on %s: the way back to %s is via %s", mode, name, iif,
		 addr_fmt(src, a), r.oif);
	return same || mode == 2 || (ifc && ifc->naddr == 0);
}
