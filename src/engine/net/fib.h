/* fib.h - the forwarding information base's internals, shared by iface.c
 * (kernel routes from addresses), route.c (ip route) and rpdb.c (ip rule
 * and the look-up).  Not a contract for other modules: use net.h. */
#ifndef NFWALK_FIB_H
#define NFWALK_FIB_H

#include "engine/net/net.h"
#include "lib/cmdwords.h"

/* Skip a leading "ip [-6|-4] OBJECT add" (each part optional); -6 or -4
 * sets *family when it is 0. */
size_t ip_cmd_skip(const struct cmdwords *cw, const char *object, int *family);

/* Append a route; its text is made here from the fields. */
void fib_insert(struct netconf *n, const struct route *r);
/* The canonical `ip route show table T` line for r (caller frees);
 * *head_len: the length of its head, route_brief's text. */
char *route_text_make(const struct route *r, size_t *head_len);
/* The short form used in explanations: "default via 192.0.2.1 dev eth2"
 * (a route of the fib: fib_insert made its text). */
void route_brief(const struct route *r, char *buf, size_t n);
/* Longest prefix match in one table; equal prefixes go to the lowest
 * metric, then to the route added first.  oif non-NULL: only routes out of
 * that device (or without one) qualify, as with a socket bound to it. */
const struct route *fib_table_lookup(const struct netconf *n, int family, uint32_t table,
				     const union inet_addr *dst, const char *oif);

/* fib_index.c: the look-up itself.  keep (with ctx) may refuse a
 * route; the best route it keeps is returned, NULL when none covers dst. */
typedef bool route_filter(const struct route *r, const void *ctx);
const struct route *fib_index_lookup(const struct netconf *n, int family, uint32_t table,
				     const union inet_addr *dst, route_filter *keep,
				     const void *ctx);
struct fib_index *fib_index_new(void);
void fib_index_free(struct fib_index *x);

/* What a look-up that ends on a route of this type returns (fib_props):
 * 0 for unicast/local/broadcast, else EHOSTUNREACH, EACCES or EINVAL. */
int route_type_error(enum route_type t);

/* An address the kernel flags secondary: an earlier address of the same
 * interface already covers its subnet with the same prefix length. */
bool iface_addr_secondary(const struct iface *ifc, int i);
/* The primary address standing for address i (itself when primary). */
uint32_t iface_addr_primary(const struct iface *ifc, int i);
bool iface_is_loopback(const struct iface *ifc);
/* Queries and rules predating IPv6 leave the family 0: IPv4. */
static inline int family_or_v4(int family)
{
	return family ? family : FAMILY_IPV4;
}

#endif
