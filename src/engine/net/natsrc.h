/* natsrc.h - the host addresses NAT to "this host" takes, shared by
 * iptables' MASQUERADE/REDIRECT and nft's masquerade/redirect statements
 * (the kernel's nf_nat_masquerade_ipv4/ipv6 and nf_nat_redirect_ipv4/ipv6
 * serve both). */
#ifndef NFWALK_NATSRC_H
#define NFWALK_NATSRC_H

#include <stdbool.h>

#include "engine/net/net.h"
#include "lib/inet.h"

/* masquerade's source on dev: inet_select_addr toward the next hop
 * (nexthop zero: toward dst) for IPv4, ipv6_dev_get_saddr toward dst for
 * IPv6; false when dev has none. */
bool net_masq_source(const struct netconf *n, const char *dev, int family,
		     const union inet_addr *dst, const union inet_addr *nexthop,
		     union inet_addr *out);
/* redirect's address in PREROUTING: dev's primary IPv4 address, or for
 * IPv6 (nf_nat_redirect_ipv6) the first of dev's list: its newest
 * address of the widest scope; false when it has none. */
bool net_redirect_addr(const struct netconf *n, const char *dev, int family, union inet_addr *out);

#endif
