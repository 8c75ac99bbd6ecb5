/* addr.h - IPv4 addresses and prefixes.  Metadata keeps addresses in host
 * byte order; only packet bytes are in network order. */
#ifndef NFWALK_ADDR_H
#define NFWALK_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADDR_STRLEN 16

/* Dotted quad only (no shorthand like "10.1"). */
bool addr_parse(const char *s, uint32_t *out);
/* "a.b.c.d", "a.b.c.d/len" or "a.b.c.d/m.m.m.m"; plen is 0..32, a non-CIDR
 * mask is returned as *mask with *plen = -1.  The address is not masked. */
bool prefix_parse(const char *s, uint32_t *addr, uint32_t *mask, int *plen);
static inline uint32_t prefix_mask(int plen)
{
	if (plen <= 0)
		return 0;
	if (plen >= 32)
		return 0xffffffffu;
	return ~((1u << (32 - plen)) - 1);
}
/* Length of a CIDR mask, or -1 when it is not contiguous. */
int mask_len(uint32_t mask);
const char *addr_fmt(uint32_t a, char buf[ADDR_STRLEN]);
/* The same, returning its length. */
size_t addr_fmt_n(uint32_t a, char buf[ADDR_STRLEN]);
static inline bool addr_in(uint32_t a, uint32_t net, uint32_t mask)
{
	return (a & mask) == (net & mask);
}

#endif
