/* addr6.c - IPv6 addresses: text through inet_pton/inet_ntop, prefixes,
 * the kernel's address classes and its default address labels. */
#include "lib/addr6.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

bool addr6_parse(const char *s, struct addr6 *out)
{
	return inet_pton(AF_INET6, s, out->b) == 1;
}

bool prefix6_parse(const char *s, struct addr6 *addr, int *plen)
{
	char buf[ADDR6_STRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!addr6_parse(buf, addr))
		return false;
	*plen = 128;
	if (!slash)
		return true;
	const char *d = slash + 1;
	/* Decimal digits only: no sign, no space, no mask (ip takes none). */
	if (*d == '\0' || strspn(d, "0123456789") != strlen(d) || strlen(d) > 3)
		return false;
	*plen = atoi(d);
	return *plen <= 128;
}

const char *addr6_fmt(const struct addr6 *a, char buf[ADDR6_STRLEN])
{
	if (!inet_ntop(AF_INET6, a->b, buf, ADDR6_STRLEN))
		buf[0] = '\0'; /* cannot happen: the buffer is INET6_ADDRSTRLEN */
	return buf;
}

bool addr6_eq(const struct addr6 *a, const struct addr6 *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

int addr6_common_prefix(const struct addr6 *a, const struct addr6 *b)
{
	for (int i = 0; i < 16; i++) {
		uint8_t x = a->b[i] ^ b->b[i];
		if (x) {
			int bits = 0;
			while (!(x & 0x80)) {
				x = (uint8_t)(x << 1);
				bits++;
			}
			return i * 8 + bits;
		}
	}
	return 128;
}

bool addr6_in(const struct addr6 *a, const struct addr6 *net, int plen)
{
	return addr6_common_prefix(a, net) >= plen;
}

struct addr6 addr6_masked(const struct addr6 *net, int plen)
{
	struct addr6 m = *net;
	for (int i = 0; i < 16; i++) {
		int keep = plen - i * 8;
		if (keep >= 8)
			continue;
		m.b[i] &= keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
	return m;
}

static const struct addr6 any6;

bool addr6_is_unspecified(const struct addr6 *a)
{
	return addr6_eq(a, &any6);
}

bool addr6_is_loopback(const struct addr6 *a)
{
	static const struct addr6 lo = {{[15] = 1}};
	return addr6_eq(a, &lo);
}

bool addr6_is_multicast(const struct addr6 *a)
{
	return a->b[0] == 0xff;
}

bool addr6_is_link_local(const struct addr6 *a)
{
	return a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0x80;
}

bool addr6_is_v4mapped(const struct addr6 *a)
{
	static const uint8_t head[12] = {[10] = 0xff, [11] = 0xff};
	return memcmp(a->b, head, sizeof(head)) == 0;
}

/* As __ipv6_addr_type() classifies: multicast by its scope field, then
 * link-local and site-local unicast, loopback; :: has no scope; the rest
 * (ULAs, v4-mapped and -compatible included) is global. */
unsigned addr6_scope(const struct addr6 *a)
{
	if (addr6_is_multicast(a))
		return a->b[1] & 0x0f;
	if (addr6_is_link_local(a))
		return ADDR6_SCOPE_LINK;
	if (a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0xc0)
		return ADDR6_SCOPE_SITE;
	if (addr6_is_loopback(a))
		return ADDR6_SCOPE_NODE;
	if (addr6_is_unspecified(a))
		return ADDR6_SCOPE_NONE;
	return ADDR6_SCOPE_GLOBAL;
}

/* The rows `ip addrlabel list` prints on a fresh boot, in its order;
 * test_addr6 compares them with the running kernel's. */
#define A6(...) {{__VA_ARGS__}}
const struct addr6_label_entry addr6_default_labels[] = {
	{A6([15] = 1), 128, 0},                   /* ::1/128 */
	{A6(0), 96, 3},                           /* ::/96 */
	{A6([10] = 0xff, [11] = 0xff), 96, 4},    /* ::ffff:0.0.0.0/96 */
	{A6(0x20, 0x01), 32, 6},                  /* 2001::/32 */
	{A6(0x20, 0x01, 0x00, 0x10), 28, 7},      /* 2001:10::/28 */
	{A6(0x3f, 0xfe), 16, 12},                 /* 3ffe::/16 */
	{A6(0x20, 0x02), 16, 2},                  /* 2002::/16 */
	{A6(0xfe, 0xc0), 10, 11},                 /* fec0::/10 */
	{A6(0xfc), 7, 5},                         /* fc00::/7 */
	{A6(0), 0, 1},                            /* ::/0 */
};
#undef A6
const unsigned addr6_default_nlabels = ARRAY_SIZE(addr6_default_labels);

/* The longest matching prefix wins (ip6addrlbl_lookup). */
unsigned addr6_label(const struct addr6 *a)
{
	unsigned best = 1;
	int best_len = -1;
	for (unsigned i = 0; i < addr6_default_nlabels; i++) {
		const struct addr6_label_entry *e = &addr6_default_labels[i];
		if (e->plen > best_len && addr6_in(a, &e->prefix, e->plen)) {
			best = e->label;
			best_len = e->plen;
		}
	}
	return best;
}
