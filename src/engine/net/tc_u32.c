/* tc_u32.c - the u32 classifier: keys of 32 bits (value, mask, offset
 * from the IP header) that must all match, written as tc's
 * `match ip src|dst PREFIX`, `match ip protocol|tos V M`,
 * `match ip sport|dport V M` and `match u32 V M at OFF`.
 *
 * The offsets are iproute2's (tc/f_u32.c, parse_ip): tos at byte 1,
 * protocol at 9, src at 12, dst at 16, sport at 20 and dport at 22 (the
 * ports assume an IP header without options, as `match ip sport` does);
 * a byte or a half word becomes a key on its aligned word with the mask
 * shifted into place (pack_key8, pack_key16).  The kernel compares each
 * key as (word ^ val) & mask == 0 (cls_u32.c, u32_classify). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/net/tc.h"
#include "lib/addr.h"

static int add_key(struct tc_filter *f, uint32_t val, uint32_t mask, int off, const char *what,
		   struct nf_error *err, int wcol)
{
	if (f->nkeys >= TC_U32_MAX_KEYS)
		return nf_err(err, wcol, "too many u32 keys (at most %d)", TC_U32_MAX_KEYS);
	struct tc_u32_key *k = &f->keys[f->nkeys++];
	k->val = val & mask;
	k->mask = mask;
	k->off = off;
	str_copy(k->what, sizeof(k->what), what);
	return 0;
}

static bool number(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	if (!*s || *s == '-' || *s == '+')
		return false;
	unsigned long long v = strtoull(s, &end, 0);
	if (*end || v > max)
		return false;
	*out = v;
	return true;
}

/* One small field (8 or 16 bits at byte off): value, mask, placed. */
static int small_key(struct tc_filter *f, const char *const *w, const int *cols, int bits,
		     int off, const char *name, struct nf_error *err)
{
	uint64_t v, m, max = bits == 8 ? 0xff : 0xffff;
	if (!number(w[0], max, &v))
		return nf_err(err, cols[0], "bad %s value \"%s\" (0..%llu)", name, w[0],
			      (unsigned long long)max);
	if (!number(w[1], max, &m))
		return nf_err(err, cols[1], "bad %s mask \"%s\" (like 0x%llx)", name, w[1],
			      (unsigned long long)max);
	int shift = bits == 8 ? 8 * (3 - (off & 3)) : 8 * (2 - (off & 3));
	char what[64];
	snprintf(what, sizeof(what), "ip %s %.16s %.16s", name, w[0], w[1]);
	return add_key(f, (uint32_t)v << shift, (uint32_t)m << shift, off & ~3, what, err, cols[0]);
}

/* After `match`: the words of one selector.  Returns how many words it
 * used, or -1. */
int tc_u32_match_words(struct tc_filter *f, const char *const *w, const int *cols, size_t n,
		       int end_col, struct nf_error *err)
{
	if (n < 1)
		return nf_err(err, end_col, "\"match\" needs ip ... or u32 VAL MASK at OFF");
	if (strcmp(w[0], "u32") == 0) {
		uint64_t v, m, off;
		if (n < 5 || strcmp(w[3], "at") != 0)
			return nf_err(err, n > 1 ? cols[1] : end_col,
				      "expected \"match u32 VAL MASK at OFF\"");
		if (!number(w[1], 0xffffffffu, &v))
			return nf_err(err, cols[1], "bad u32 value \"%s\"", w[1]);
		if (!number(w[2], 0xffffffffu, &m))
			return nf_err(err, cols[2], "bad u32 mask \"%s\"", w[2]);
		if (strncmp(w[4], "nexthdr+", 8) == 0)
			return nf_err(err, cols[4], "\"at nexthdr+N\" (hash tables, links) is not "
				      "modelled: give the offset from the IP header");
		if (!number(w[4], 65532, &off) || off % 4)
			return nf_err(err, cols[4], "bad offset \"%s\" (a multiple of 4 from the IP "
				      "header)", w[4]);
		char what[64];
		snprintf(what, sizeof(what), "u32 0x%08llx 0x%08llx at %llu", (unsigned long long)v,
			 (unsigned long long)m, (unsigned long long)off);
		return add_key(f, (uint32_t)v, (uint32_t)m, (int)off, what, err, cols[0]) ? -1 : 5;
	}
	if (strcmp(w[0], "ip") != 0)
		return nf_err(err, cols[0], "match \"%s\": only ip and u32 selectors are modelled",
			      w[0]);
	if (n < 3)
		return nf_err(err, n > 1 ? cols[1] : end_col, "\"match ip\" needs a field and a value");
	const char *field = w[1];
	if (strcmp(field, "src") == 0 || strcmp(field, "dst") == 0) {
		uint32_t a, m;
		int plen;
		if (!prefix_parse(w[2], &a, &m, &plen))
			return nf_err(err, cols[2], "bad prefix \"%s\" (like 10.0.0.0/24)", w[2]);
		char what[48];
		snprintf(what, sizeof(what), "ip %s %s", field, w[2]);
		return add_key(f, a, m, field[0] == 's' ? 12 : 16, what, err, cols[2]) ? -1 : 3;
	}
	static const struct {
		const char *name;
		int bits, off;
	} fields[] = {
		{"tos", 8, 1},	    {"dsfield", 8, 1}, {"protocol", 8, 9},
		{"sport", 16, 20}, {"dport", 16, 22},
	};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		if (strcmp(fields[i].name, field) != 0)
			continue;
		if (n < 4)
			return nf_err(err, end_col, "\"match ip %s\" needs a value and a mask", field);
		return small_key(f, w + 2, cols + 2, fields[i].bits, fields[i].off, field, err) ? -1
												 : 4;
	}
	return nf_err(err, cols[1],
		      "match ip \"%s\": modelled are src, dst, protocol, tos, sport, dport", field);
}

static bool word_at(const struct packet *p, int off, uint32_t *out)
{
	if (off < 0 || (size_t)off + 4 > p->len)
		return false;
	const uint8_t *b = p->data + off;
	*out = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return true;
}

bool tc_u32_matches(const struct tc_filter *f, const struct packet *p, struct strbuf *why)
{
	for (size_t i = 0; i < f->nkeys; i++) {
		const struct tc_u32_key *k = &f->keys[i];
		uint32_t word;
		if (!word_at(p, k->off, &word)) {
			if (why)
				sb_addf(why, "%s: the packet is too short", k->what);
			return false;
		}
		if ((word ^ k->val) & k->mask) {
			if (why)
				sb_addf(why, "%s: no (word at %d is 0x%08x)", k->what, k->off, word);
			return false;
		}
	}
	if (why) {
		for (size_t i = 0; i < f->nkeys; i++)
			sb_addf(why, "%s%s", i ? ", " : "", f->keys[i].what);
	}
	return true;
}
