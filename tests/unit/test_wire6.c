/* test_wire6.c - IPv6 extension headers walked as the kernel walks them
 * (ipv6_skip_exthdr, ipv6_find_hdr in net/ipv6/exthdrs_core.c): each case
 * a header chain and what the kernel's functions return for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/track/wire6.h"
#include "../tap.h"

struct chain {
	uint8_t b[512];
	size_t len;
	size_t next_at; /* where the last header's next-header byte is */
};

static void start(struct chain *c)
{
	memset(c, 0, sizeof(*c));
	c->b[0] = 0x60;
	c->len = 40;
	c->next_at = 6;
}

/* Append a header of `type` of `size` bytes (its length byte as the
 * kernel reads it); `third` and `fourth` fill bytes 2 and 3. */
static void add(struct chain *c, uint8_t type, size_t size, uint8_t third, uint8_t fourth)
{
	c->b[c->next_at] = type;
	size_t at = c->len;
	if (type == NEXTHDR_AUTH)
		c->b[at + 1] = (uint8_t)(size / 4 - 2);
	else if (type != NEXTHDR_FRAGMENT)
		c->b[at + 1] = (uint8_t)(size / 8 - 1);
	c->b[at + 2] = third;
	c->b[at + 3] = fourth;
	c->next_at = at;
	c->len += size;
}

/* The upper layer: its protocol number and 20 bytes of header. */
static void upper(struct chain *c, uint8_t proto)
{
	c->b[c->next_at] = proto;
	c->len += 20;
}

static void expect_skip(const struct chain *c, long want_off, int want_proto, unsigned want_frag,
			const char *name)
{
	uint8_t nh = c->b[6];
	uint16_t frag;
	long off = ip6_skip_exthdr(c->b, c->len, 40, &nh, &frag);
	char label[160];
	snprintf(label, sizeof(label), "skip_exthdr: %s", name);
	ok(off == want_off && (off < 0 || nh == want_proto) && frag == want_frag, "%s", label);
	if (!(off == want_off && (off < 0 || nh == want_proto) && frag == want_frag))
		printf("#   got offset %ld proto %u frag %#x\n", off, nh, frag);
}

static void expect_find(const struct chain *c, int target, int in_flags, int want,
			size_t want_off, int want_flags, const char *name)
{
	size_t off = 0;
	uint16_t fragoff = 0;
	int flags = in_flags;
	int got = ip6_find_hdr(c->b, c->len, &off, target, &fragoff, &flags);
	bool same = got == want && (got < 0 || off == want_off || want_off == (size_t)-1) &&
		    flags == want_flags;
	ok(same, "find_hdr(%d): %s", target, name);
	if (!same)
		printf("#   got %d at %zu flags %#x\n", got, off, (unsigned)flags);
}

int main(void)
{
	struct chain c;

	start(&c);
	upper(&c, NEXTHDR_TCP);
	expect_skip(&c, 40, NEXTHDR_TCP, 0, "no extension: TCP right after the header");
	expect_find(&c, -1, 0, NEXTHDR_TCP, 40, 0, "TCP at 40");
	expect_find(&c, NEXTHDR_ROUTING, 0, IP6_FIND_ENOENT, 0, 0, "no routing header");

	start(&c);
	add(&c, NEXTHDR_HOP, 8, 0, 0);
	add(&c, NEXTHDR_DEST, 16, 0, 0);
	upper(&c, NEXTHDR_UDP);
	expect_skip(&c, 64, NEXTHDR_UDP, 0, "hop-by-hop (8) and destination options (16)");
	expect_find(&c, -1, 0, NEXTHDR_UDP, 64, 0, "UDP after two options headers");
	expect_find(&c, NEXTHDR_DEST, 0, NEXTHDR_DEST, 48, 0, "the destination options header");

	start(&c);
	add(&c, NEXTHDR_AUTH, 24, 0, 0);
	upper(&c, NEXTHDR_TCP);
	expect_skip(&c, 64, NEXTHDR_TCP, 0, "AH counts 4-byte words minus 2");
	expect_find(&c, -1, 0, NEXTHDR_TCP, 64, 0, "TCP after AH");
	expect_find(&c, -1, IP6_FH_F_AUTH, NEXTHDR_AUTH, 40, IP6_FH_F_AUTH,
		    "with IP6_FH_F_AUTH the protocol is AH");

	start(&c);
	add(&c, NEXTHDR_FRAGMENT, 8, 0x00, 0x01); /* offset 0, more fragments */
	upper(&c, NEXTHDR_TCP);
	expect_skip(&c, 48, NEXTHDR_TCP, 0x0001, "a first fragment: the walk goes on");
	expect_find(&c, -1, 0, NEXTHDR_TCP, 48, IP6_FH_F_FRAG, "a first fragment is flagged");

	start(&c);
	add(&c, NEXTHDR_FRAGMENT, 8, 0x05, 0xc8); /* offset 185 (1480 bytes), last */
	upper(&c, NEXTHDR_TCP);
	expect_skip(&c, 40, NEXTHDR_FRAGMENT, 0x05c8, "a later fragment stops at its header");
	{
		size_t off = 0;
		uint16_t fragoff = 0;
		int flags = 0;
		int got = ip6_find_hdr(c.b, c.len, &off, -1, &fragoff, &flags);
		ok(got == NEXTHDR_TCP && fragoff == 0x05c8 && flags == IP6_FH_F_FRAG,
		   "find_hdr(-1): a later fragment has its protocol and its offset");
	}
	expect_find(&c, NEXTHDR_TCP, 0, IP6_FIND_ENOENT, 0, IP6_FH_F_FRAG,
		    "the TCP header of a later fragment is not there");

	start(&c);
	add(&c, NEXTHDR_NONE, 0, 0, 0);
	c.b[6] = NEXTHDR_NONE;
	c.len = 40;
	expect_skip(&c, -1, 0, 0, "no next header: nothing to find");
	expect_find(&c, -1, 0, NEXTHDR_NONE, 40, 0, "no next header is the protocol for -p");

	start(&c);
	upper(&c, NEXTHDR_ESP);
	expect_skip(&c, 40, NEXTHDR_ESP, 0, "ESP ends the walk (not an extension to skip)");
	expect_find(&c, -1, 0, NEXTHDR_ESP, 40, 0, "ESP is the protocol");

	start(&c);
	add(&c, NEXTHDR_HOP, 16, 0, 0);
	c.len = 48; /* says 16 bytes, has 8 */
	c.b[40] = NEXTHDR_TCP;
	/* Only the first two bytes of an extension are read: the length is
	 * trusted, and the upper layer's own read is what fails later. */
	expect_skip(&c, 56, NEXTHDR_TCP, 0, "a length past the end is trusted");
	expect_find(&c, -1, 0, NEXTHDR_TCP, 56, 0, "and the protocol found past the end");
	c.len = 41;
	expect_find(&c, -1, 0, IP6_FIND_EBADMSG, 0, 0, "one byte of an extension header");

	start(&c);
	add(&c, NEXTHDR_ROUTING, 24, 4, 0); /* type 4 (segment routing), 0 left */
	upper(&c, NEXTHDR_ICMP);
	expect_find(&c, NEXTHDR_ROUTING, 0, NEXTHDR_ROUTING, 40, 0, "a routing header");
	expect_find(&c, NEXTHDR_ROUTING, IP6_FH_F_SKIP_RH, IP6_FIND_ENOENT, 0, IP6_FH_F_SKIP_RH,
		    "with IP6_FH_F_SKIP_RH one with no segments left does not count");
	expect_find(&c, -1, 0, NEXTHDR_ICMP, 64, 0, "ICMPv6 after it");

	{
		uint8_t b[39] = {0x60};
		size_t off = 0;
		is_int(ip6_find_hdr(b, sizeof(b), &off, -1, NULL, NULL), IP6_FIND_EBADMSG,
		       "shorter than the fixed header");
	}

	/* Random chains: every read stays inside the bytes (ASan watches),
	 * and where both walks reach an upper layer unfragmented they agree
	 * on where and what it is, as the kernel's two functions do. */
	srand(6);
	unsigned compared = 0, differ = 0;
	for (int i = 0; i < 20000; i++) {
		static const uint8_t types[] = {NEXTHDR_HOP, NEXTHDR_ROUTING, NEXTHDR_FRAGMENT,
						NEXTHDR_AUTH, NEXTHDR_DEST, NEXTHDR_NONE,
						NEXTHDR_TCP, NEXTHDR_ESP};
		size_t len = 40 + (size_t)(rand() % 120);
		uint8_t *b = malloc(len);
		for (size_t k = 0; k < len; k++)
			b[k] = (k % 8 == 0 || k == 6) ? types[rand() % 8] : (uint8_t)(rand() % 4);
		uint8_t nh = b[6];
		uint16_t frag;
		size_t off = 0;
		long s = ip6_skip_exthdr(b, len, 40, &nh, &frag);
		int f = ip6_find_hdr(b, len, &off, -1, NULL, NULL);
		if (s >= 0 && !(frag & FRAG6_OFFSET_MASK) && f >= 0) {
			compared++;
			differ += (size_t)s != off || nh != f;
		}
		free(b);
	}
	ok(compared > 1000, "random chains reach an upper layer (%u of 20000)", compared);
	is_int(differ, 0, "and both walks agree on each");
	return tap_done();
}
