/* nft_gen.c - expressions that make a number: numgen (nft_numgen.c),
 * jhash and symhash (nft_hash.c).  jhash is the kernel's Jenkins hash
 * (include/linux/jhash.h) over the input as the registers hold it: each
 * component of a concatenation in network order, padded to 4 bytes; a
 * little-endian CPU's words.  Where the kernel draws random numbers
 * nfwalk uses fixed ones, so that walks repeat: numgen random runs a
 * xorshift64* generator seeded 0x6e667761 ("nfwa") per expression, and
 * symhash (the kernel's flow dissector hash, keyed at boot) is jhash of
 * the addresses and ports in sorted order with seed 0: both directions
 * of a flow get one value, as in the kernel, though not the kernel's. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

#define NUMGEN_SEED 0x6e667761ull

static inline uint32_t rol32(uint32_t w, unsigned s)
{
	return (w << s) | (w >> (32 - s));
}

#define JHASH_MIX(a, b, c)                                                                                \
	do {                                                                                              \
		a -= c, a ^= rol32(c, 4), c += b;                                                         \
		b -= a, b ^= rol32(a, 6), a += c;                                                         \
		c -= b, c ^= rol32(b, 8), b += a;                                                         \
		a -= c, a ^= rol32(c, 16), c += b;                                                        \
		b -= a, b ^= rol32(a, 19), a += c;                                                        \
		c -= b, c ^= rol32(b, 4), b += a;                                                         \
	} while (0)

#define JHASH_FINAL(a, b, c)                                                                              \
	do {                                                                                              \
		c ^= b, c -= rol32(b, 14);                                                                \
		a ^= c, a -= rol32(c, 11);                                                                \
		b ^= a, b -= rol32(a, 25);                                                                \
		c ^= b, c -= rol32(b, 16);                                                                \
		a ^= c, a -= rol32(c, 4);                                                                 \
		b ^= a, b -= rol32(a, 14);                                                                \
		c ^= b, c -= rol32(b, 24);                                                                \
	} while (0)

static uint32_t le32(const uint8_t *k)
{
	return (uint32_t)k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 | (uint32_t)k[3] << 24;
}

uint32_t nft_jhash(const void *key, uint32_t length, uint32_t initval)
{
	const uint8_t *k = key;
	uint32_t a, b, c;
	a = b = c = 0xdeadbeef + length + initval;
	while (length > 12) {
		a += le32(k);
		b += le32(k + 4);
		c += le32(k + 8);
		JHASH_MIX(a, b, c);
		length -= 12;
		k += 12;
	}
	/* the last block, byte by byte as the kernel's switch adds them */
	if (length == 0)
		return c;
	uint32_t w[3] = {0, 0, 0};
	for (uint32_t i = 0; i < length; i++)
		w[i / 4] += (uint32_t)k[i] << (8 * (i % 4));
	a += w[0];
	b += w[1];
	c += w[2];
	JHASH_FINAL(a, b, c);
	return c;
}

/* reciprocal_scale: val into [0, n) by the high half of a product. */
static uint32_t scale(uint32_t val, uint32_t n)
{
	return (uint32_t)(((uint64_t)val * n) >> 32);
}

/* The number after word in the expression's text (mod, seed, offset). */
static bool opt(const struct nft_expr *e, const char *word, uint32_t *v)
{
	char pat[16];
	snprintf(pat, sizeof(pat), " %s ", word);
	const char *s = strstr(e->text, pat);
	if (!s)
		return false;
	*v = (uint32_t)strtoul(s + strlen(pat), NULL, 0);
	return true;
}

static size_t width_of(enum nft_dtype t)
{
	static const enum nft_dtype one[] = {DT_L4PROTO, DT_DSCP,	  DT_ICMP_TYPE, DT_ICMPV6_TYPE, DT_ICMP_CODE,
					      DT_ICMPV6_CODE, DT_PKTTYPE, DT_NFPROTO,	DT_TCP_FLAGS,	DT_ECN};
	if (t == DT_PORT || t == DT_ETHERTYPE)
		return 2;
	for (size_t i = 0; i < ARRAY_SIZE(one); i++)
		if (one[i] == t)
			return 1;
	return 4;
}

/* Host-order values (marks, uids: what meta and ct keys copy from the
 * kernel's structures) against the packet's network-order fields. */
static bool host_order(enum nft_dtype t)
{
	return t == DT_MARK || t == DT_UID || t == DT_GID || t == DT_CLASSID;
}

/* The bytes of one value as a register holds it, at its width: a
 * packet field in network order, a mark in the CPU's (little-endian)
 * order, an address as on the wire, a name padded to 16 bytes. */
static size_t value_bytes(const struct nval *v, enum nft_dtype t, uint8_t *out)
{
	if (v->is_str) {
		memset(out, 0, 16);
		memcpy(out, v->s, strnlen(v->s, 16));
		return 16;
	}
	if (v->fam == FAMILY_IPV6) {
		memcpy(out, v->a.in6.b, 16);
		return 16;
	}
	size_t w = width_of(t);
	for (size_t i = 0; i < w; i++)
		out[i] = (uint8_t)(v->n >> (8 * (host_order(t) ? i : w - 1 - i)));
	return w;
}

/* jhash's input: nft gives the hash the expression's length in bytes;
 * in a concatenation each component takes whole 4-byte registers. */
static size_t key_bytes(const struct nft_key *k, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < k->n && n + 16 <= cap; i++) {
		size_t w = value_bytes(&k->v[i], k->t[i], out + n);
		if (k->n > 1) {
			size_t padded = (w + 3) & ~(size_t)3;
			memset(out + n + w, 0, padded - w);
			w = padded;
		}
		n += w;
	}
	return n;
}

static struct nft_state *gen_state(const struct nft_ctx *c, const struct nft_expr *e)
{
	return nft_state_of((struct nft_ctx *)c, e);
}

/* nft_ng_inc_gen: the counter starts at modulus - 1, so the first packet
 * gets 0, then 1, ... wrapping at the modulus. */
static uint32_t numgen_inc(struct nft_state *st, uint32_t mod)
{
	if (st->tokens < 0) {
		st->tokens = 0;
		st->counter = mod - 1;
	}
	st->counter = st->counter + 1 < mod ? st->counter + 1 : 0;
	return st->counter;
}

static uint32_t numgen_random(struct nft_state *st, uint32_t mod)
{
	if (st->tokens < 0) {
		st->tokens = 0;
		st->rng = NUMGEN_SEED;
	}
	uint64_t x = st->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	st->rng = x;
	return scale((uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32), mod);
}

/* symhash: the flow's addresses and ports, the smaller first (as the
 * kernel's symmetric flow keys), hashed with seed 0. */
static uint32_t symhash(const struct nft_ctx *c)
{
	uint8_t in[40];
	size_t n = 0;
	int fam = pkt_family(c->p);
	union inet_addr s = pkt_src(c->p), d = pkt_dst(c->p);
	size_t alen = fam == FAMILY_IPV6 ? 16 : 4;
	uint8_t sa[16], da[16];
	if (fam == FAMILY_IPV6) {
		memcpy(sa, s.in6.b, 16);
		memcpy(da, d.in6.b, 16);
	} else {
		for (int i = 0; i < 4; i++) {
			sa[i] = (uint8_t)(s.ip >> (24 - 8 * i));
			da[i] = (uint8_t)(d.ip >> (24 - 8 * i));
		}
	}
	uint16_t sp = 0, dp = 0;
	if (pkt_has_ports(c->p) && !pkt_is_fragment(c->p))
		pkt_ports(c->p, &sp, &dp);
	bool swap = memcmp(sa, da, alen) > 0 || (!memcmp(sa, da, alen) && sp > dp);
	memcpy(in + n, swap ? da : sa, alen), n += alen;
	memcpy(in + n, swap ? sa : da, alen), n += alen;
	uint16_t p1 = swap ? dp : sp, p2 = swap ? sp : dp;
	in[n++] = (uint8_t)(p1 >> 8), in[n++] = (uint8_t)p1;
	in[n++] = (uint8_t)(p2 >> 8), in[n++] = (uint8_t)p2;
	in[n++] = pkt_proto(c->p), in[n++] = 0, in[n++] = 0, in[n++] = 0;
	return nft_jhash(in, (uint32_t)n, 0);
}

bool nft_gen_read(const struct nft_ctx *c, const struct nft_expr *e, struct nval *v)
{
	uint32_t mod = 0, off = 0, seed = 0;
	opt(e, "mod", &mod);
	opt(e, "offset", &off);
	if (mod < 2)
		return false;
	const char *kind = e->sel->proto;
	uint32_t h;
	if (!strcmp(kind, "numgen")) {
		h = strstr(e->text, "numgen inc") ? numgen_inc(gen_state(c, e), mod)
						  : numgen_random(gen_state(c, e), mod);
	} else if (!strcmp(kind, "jhash")) {
		struct nft_key k;
		uint8_t in[NFT_MAX_CONCAT * 16];
		if (!e->nsub || !nft_read_key(c, e->sub[0], &k))
			return false;
		/* without a seed the kernel draws one at load; nfwalk's is 0 */
		opt(e, "seed", &seed);
		h = scale(nft_jhash(in, (uint32_t)key_bytes(&k, in, sizeof(in)), seed), mod);
	} else {
		h = scale(symhash(c), mod);
	}
	v->is_str = false;
	v->fam = 0;
	v->n = (uint64_t)h + off;
	return true;
}

bool nft_gen_can(const struct nft_expr *e, const char **why)
{
	uint32_t mod = 0;
	if (!opt(e, "mod", &mod) || mod < 2) {
		*why = "numgen, jhash and symhash need a modulus of 2 or more (mod N)";
		return false;
	}
	if (!strcmp(e->sel->proto, "jhash") && !e->nsub) {
		*why = "jhash has no input expression";
		return false;
	}
	return true;
}
