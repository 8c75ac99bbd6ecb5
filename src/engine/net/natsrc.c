/* natsrc.c - the addresses masquerade and redirect take (natsrc.h). */
#include "engine/net/natsrc.h"

/* The kernel's scope order of an interface's address list (IFA_GLOBAL
 * 0x00, IFA_HOST 0x10, IFA_LINK 0x20): ipv6_link_dev_addr keeps the list
 * sorted by it and puts a new address before the older ones of its scope. */
static int ifa_scope_rank(const struct addr6 *a)
{
	return addr6_is_link_local(a) ? 0x20 : addr6_is_loopback(a) ? 0x10 : 0;
}

static bool first_addr6(const struct netconf *n, const char *dev, union inet_addr *out)
{
	const struct iface *ifc = dev ? netconf_iface(n, dev) : NULL;
	int best = -1;
	for (int i = 0; ifc && i < ifc->naddr6; i++)
		if (best < 0 || ifa_scope_rank(&ifc->addr6[i]) <= ifa_scope_rank(&ifc->addr6[best]))
			best = i;
	if (best < 0)
		return false;
	*out = inet_v6(&ifc->addr6[best]);
	return true;
}

bool net_redirect_addr(const struct netconf *n, const char *dev, int family, union inet_addr *out)
{
	if (family == FAMILY_IPV6)
		return first_addr6(n, dev, out);
	const struct iface *ifc = dev ? netconf_iface(n, dev) : NULL;
	*out = inet_v4(ifc && ifc->naddr > 0 ? ifc->addr[0] : 0);
	return out->ip != 0;
}

bool net_masq_source(const struct netconf *n, const char *dev, int family,
		     const union inet_addr *dst, const union inet_addr *nexthop,
		     union inet_addr *out)
{
	if (family == FAMILY_IPV6) {
		struct addr6 a = net_select_src6(n, dev, &dst->in6);
		*out = inet_v6(&a);
		return !addr6_is_unspecified(&a);
	}
	uint32_t toward = nexthop && nexthop->ip ? nexthop->ip : dst->ip;
	*out = inet_v4(net_select_src(n, dev, toward));
	return out->ip != 0;
}
