/* addr.c - IPv4 address parsing and formatting. */
#include "lib/addr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool addr_parse(const char *s, uint32_t *out)
{
	uint32_t a = 0;
	for (int i = 0; i < 4; i++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || v > 255)
				return false;
		}
		a = (a << 8) | v;
		if (i < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*out = a;
	return true;
}

int mask_len(uint32_t mask)
{
	int n = 0;
	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return prefix_mask(n) == mask ? n : -1;
}

bool prefix_parse(const char *s, uint32_t *addr, uint32_t *mask, int *plen)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen >= sizeof(buf))
		return false;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (!addr_parse(buf, addr))
		return false;
	if (!slash) {
		*mask = 0xffffffffu;
		*plen = 32;
		return true;
	}
	const char *m = slash + 1;
	if (strchr(m, '.')) {
		if (!addr_parse(m, mask))
			return false;
		*plen = mask_len(*mask);
		return true;
	}
	if (!*m || strlen(m) > 2)
		return false;
	for (const char *p = m; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	int l = atoi(m);
	if (l > 32)
		return false;
	*plen = l;
	*mask = prefix_mask(l);
	return true;
}

/* An octet's digits, three bytes (unused ones zero) and the count:
 * addresses are most of the numbers a trace prints, four octets each. */
struct octet_text {
	char d[4]; /* the digits, then a dot */
	uint8_t n; /* the digits' count */
};
static struct octet_text octets[256];

static void octets_init(void)
{
	for (unsigned o = 0; o < 256; o++) {
		struct octet_text *t = &octets[o];
		if (o >= 100)
			t->d[t->n++] = (char)('0' + o / 100);
		if (o >= 10)
			t->d[t->n++] = (char)('0' + o / 10 % 10);
		t->d[t->n++] = (char)('0' + o % 10);
		t->d[t->n] = '.';
	}
}

/* Octet by octet from the table, not snprintf: traces print several
 * addresses an event and this was a sixth of a JSON Lines run. */
size_t addr_fmt_n(uint32_t a, char buf[ADDR_STRLEN])
{
	if (!octets[0].n)
		octets_init();
	/* four bytes an octet, its digits and a dot, the next octet over
	 * what it did not need: buf has room (the last starts by byte 12) */
	char *q = buf;
	for (int shift = 24; shift > 0; shift -= 8) {
		const struct octet_text *t = &octets[(a >> shift) & 0xff];
		memcpy(q, t->d, 4);
		q += t->n + 1;
	}
	const struct octet_text *t = &octets[a & 0xff];
	memcpy(q, t->d, 4);
	q += t->n;
	*q = '\0';
	return (size_t)(q - buf);
}

const char *addr_fmt(uint32_t a, char buf[ADDR_STRLEN])
{
	addr_fmt_n(a, buf);
	return buf;
}

