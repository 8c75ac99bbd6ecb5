/* rpf.h - reverse path filtering by sysctl (net.ipv4.conf.*.rp_filter):
 * the source validation input routing does (fib_validate_source) before
 * it delivers or forwards a packet.  The -m rpfilter match is its
 * iptables twin (match_rpfilter.c). */
#ifndef NFWALK_RPF_H
#define NFWALK_RPF_H

#include "engine/net/net.h"

/* Whether a packet from src to dst (tos) arriving on iif passes the
 * interface's effective rp_filter (the larger of all's and its own):
 * 0 passes; 1 (strict) needs the route back to src to leave by iif;
 * 2 (loose) needs a route back by any interface.  The route back is
 * unicast, or local with accept_local.  why says what was found ("" when
 * rp_filter is 0 there).  IPv6 has no rp_filter sysctl (its reverse
 * path check is ip6tables' -m rpfilter only): a family other than IPv4
 * always passes, with why "". */
bool rp_filter_ok(const struct netconf *n, const char *iif, int family, uint32_t src,
		  uint32_t dst, uint8_t tos, char *why, size_t len);

#endif
