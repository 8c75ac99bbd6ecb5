/* inet.h - an address of either family, as the kernel's union
 * nf_inet_addr: what conntrack tuples, NAT bindings, routes, policy rules,
 * sockets and rule addresses hold once the engine walks IPv6 too (issue
 * 10).  The family travels beside the address (FAMILY_IPV4 or FAMILY_IPV6, as
 * the tuple's l3num does); the union does not know it.  The values are
 * AF_INET's and AF_INET6's (and NFPROTO_IPV4/6's), named here so that
 * nothing needs <sys/socket.h>, whose bind() and connect() would take
 * names the engine uses.
 *
 * IPv4 sits in `ip` in host byte order, as the rest of nfwalk keeps IPv4
 * metadata (addr.h), with the other 12 bytes zero; IPv6 is the 16 wire
 * bytes in `in6`.  Zeroed unused bytes make equality and hashing one
 * 16-byte comparison for both families. */
#ifndef NFWALK_INET_H
#define NFWALK_INET_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/addr.h"
#include "lib/addr6.h"

#define INET_STRLEN ADDR6_STRLEN

enum { FAMILY_IPV4 = 2, FAMILY_IPV6 = 10 };

union inet_addr {
	uint32_t all[4];
	uint32_t ip; /* IPv4, host order; all[1..3] zero */
	struct addr6 in6;
};

/* The small ones are inline: the walk, conntrack and routing call them
 * for every packet many times over. */
/* An IPv4 address (host order) as an inet_addr. */
static inline union inet_addr inet_v4(uint32_t a)
{
	union inet_addr u = {.all = {0}};
	u.ip = a;
	return u;
}
static inline union inet_addr inet_v6(const struct addr6 *a)
{
	union inet_addr u;
	u.in6 = *a;
	return u;
}

static inline bool inet_eq(const union inet_addr *a, const union inet_addr *b)
{
	return ((a->all[0] ^ b->all[0]) | (a->all[1] ^ b->all[1]) | (a->all[2] ^ b->all[2]) |
		(a->all[3] ^ b->all[3])) == 0;
}
static inline bool inet_is_zero(const union inet_addr *a)
{
	return (a->all[0] | a->all[1] | a->all[2] | a->all[3]) == 0;
}
/* A hash of all 16 bytes (equal addresses of either family hash alike). */
static inline uint32_t inet_hash(const union inet_addr *a, uint32_t seed)
{
	uint32_t h = seed ^ 0x9e3779b9u;
	for (int i = 0; i < 4; i++) {
		h ^= a->all[i];
		h *= 0x85ebca6bu;
		h ^= h >> 13;
	}
	return h;
}

/* Text in: a dotted quad is FAMILY_IPV4, anything inet_pton takes as IPv6 is
 * FAMILY_IPV6; false otherwise.  *family may be preset to 0 (either), or
 * to one family to refuse the other. */
bool inet_parse(const char *s, int *family, union inet_addr *out);
/* "ADDR" or "ADDR/LEN" of either family (a contiguous IPv4 dotted mask
 * too; a non-contiguous one is refused here: iptables' -s, which takes
 * them, uses prefix_parse).  A missing length is the family's full
 * length.  The address is not masked. */
bool inet_prefix_parse(const char *s, int *family, union inet_addr *addr, int *plen);
/* The first plen bits of a equal those of net (plen 0..32 or 0..128). */
static inline bool inet_in(int family, const union inet_addr *a, const union inet_addr *net,
			   int plen)
{
	if (family == FAMILY_IPV4)
		return addr_in(a->ip, net->ip, prefix_mask(plen));
	return addr6_in(&a->in6, &net->in6, plen);
}
/* The address length in bits: 32 or 128 (0 for an unknown family). */
int inet_bits(int family);
/* Text out: the dotted quad, or RFC 5952. */
const char *inet_fmt(int family, const union inet_addr *a, char buf[INET_STRLEN]);
/* inet_fmt's text in buf; returns its length */
size_t inet_fmt_n(int family, const union inet_addr *a, char buf[INET_STRLEN]);
struct fmt_cursor;
/* inet_fmt's text, and inet_fmt_port's ("A:P", "[A]:P"), put at a
 * cursor (lib/fmt.h): no buffer to measure and copy again, for the
 * sentences that name addresses (conntrack lines print four). */
void inet_put(struct fmt_cursor *c, int family, const union inet_addr *a);
void inet_put_port(struct fmt_cursor *c, int family, const union inet_addr *a, uint16_t port);
/* "ADDR:PORT", or "[ADDR]:PORT" for IPv6, as ip, ss and iptables print. */
const char *inet_fmt_port(int family, const union inet_addr *a, uint16_t port, char *buf,
			  unsigned n);
/* "ipv4" / "ipv6", as conntrack -L names the family; "?" otherwise. */
const char *inet_family_name(int family);

#endif
