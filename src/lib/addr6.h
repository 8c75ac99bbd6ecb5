/* addr6.h - IPv6 addresses and prefixes, the first piece of the
 * family-generic engine (issue 10).  Addresses are kept as the 16 bytes
 * of the wire (network order), as the kernel's struct in6_addr keeps
 * them; text in and out is RFC 4291 / RFC 5952 through inet_pton and
 * inet_ntop, the conversions ip(8) and ip6tables themselves use. */
#ifndef NFWALK_ADDR6_H
#define NFWALK_ADDR6_H

#include <stdbool.h>
#include <stdint.h>

#define ADDR6_STRLEN 46 /* INET6_ADDRSTRLEN */

struct addr6 {
	uint8_t b[16];
};

/* The scopes of RFC 4007 by their multicast scope values, as the
 * kernel's ipv6_addr_scope() returns them. */
enum addr6_scope {
	ADDR6_SCOPE_NONE = 0x0,   /* :: (the kernel's IPV6_ADDR_ANY) */
	ADDR6_SCOPE_NODE = 0x1,   /* ::1 (the kernel's IFA_HOST) */
	ADDR6_SCOPE_LINK = 0x2,   /* fe80::/10, ff02::/16 */
	ADDR6_SCOPE_SITE = 0x5,   /* fec0::/10 (deprecated), ff05::/16 */
	ADDR6_SCOPE_GLOBAL = 0xe, /* everything else, ULAs included */
};

/* Text to address: every form inet_pton takes, nothing else. */
bool addr6_parse(const char *s, struct addr6 *out);
/* "ADDR" or "ADDR/LEN" (LEN 0..128; no mask form, as ip6tables and ip
 * take none).  A missing length is 128.  The address is not masked. */
bool prefix6_parse(const char *s, struct addr6 *addr, int *plen);
/* RFC 5952 text: lower case, the longest run of two or more zero groups
 * as "::" (the first on a tie), IPv4-mapped as ::ffff:a.b.c.d. */
const char *addr6_fmt(const struct addr6 *a, char buf[ADDR6_STRLEN]);

bool addr6_eq(const struct addr6 *a, const struct addr6 *b);
/* The first plen bits of a equal those of net. */
bool addr6_in(const struct addr6 *a, const struct addr6 *net, int plen);
/* net with every bit after the first plen cleared. */
struct addr6 addr6_masked(const struct addr6 *net, int plen);
/* How many leading bits a and b share (0..128): RFC 6724's
 * CommonPrefixLen, the kernel's ipv6_addr_diff. */
int addr6_common_prefix(const struct addr6 *a, const struct addr6 *b);

bool addr6_is_unspecified(const struct addr6 *a);
bool addr6_is_loopback(const struct addr6 *a);
bool addr6_is_multicast(const struct addr6 *a);
bool addr6_is_link_local(const struct addr6 *a);
bool addr6_is_v4mapped(const struct addr6 *a);
/* A multicast address's scope is its scope field, any of 0..15. */
unsigned addr6_scope(const struct addr6 *a);

/* RFC 6724's policy table as the kernel installs it by default
 * (net/ipv6/addrlabel.c, `ip addrlabel list`): the label of the longest
 * matching prefix. */
unsigned addr6_label(const struct addr6 *a);
/* The table itself, in the order `ip addrlabel list` prints it. */
struct addr6_label_entry {
	struct addr6 prefix;
	int plen;
	unsigned label;
};
extern const struct addr6_label_entry addr6_default_labels[];
extern const unsigned addr6_default_nlabels;

#endif
