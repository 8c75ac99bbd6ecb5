/* nat.c - choosing a NAT binding, as nf_nat_setup_info and
 * get_unique_tuple do: the connection's tuple as it will look after the
 * manip is picked so that no other connection's reply could be confused
 * with ours, and stored (inverted) as the entry's reply tuple.
 *
 * The choices are the kernel's, in order:
 *  1. SNAT keeps the original source when it is in range and unique, or
 *     reuses the mapping an existing connection from the same source
 *     address and port already has (find_appropriate_src);
 *  2. the address: the only one of a single-address range, else the
 *     kernel's hash of source and destination (find_best_ips_proto:
 *     jhash2 + reciprocal_scale, reproduced bit for bit; --persistent
 *     leaves the destination out);
 *  3. the port (or ICMP id) stays if the tuple is unique, else one is
 *     searched in the range (nf_nat_l4proto_unique_tuple).
 * Where the kernel starts that search at a random port, nfwalk starts at
 * the connection's own port (the range's first if outside it) and takes
 * the first free one upwards, so traces are reproducible; DNAT starts at
 * the range's first port like the kernel; --random/--random-fully start
 * at a hash of the tuple. */
#include <stdio.h>
#include <string.h>

#include "engine/track/ct_proto.h"
#include "engine/track/nat.h"

enum nat_manip nat_manip_of_hook(enum nf_hook h)
{
	/* HOOK2MANIP: source NAT where packets leave (POSTROUTING) or are
	 * delivered (INPUT); destination NAT everywhere else. */
	return h == HOOK_POSTROUTING || h == HOOK_INPUT ? NAT_MANIP_SRC : NAT_MANIP_DST;
}

static unsigned done_bit(enum nat_manip m)
{
	return m == NAT_MANIP_SRC ? CTS_SRC_NAT_DONE : CTS_DST_NAT_DONE;
}

bool nat_done(const struct ct_entry *e, enum nat_manip m)
{
	return e && (e->status & done_bit(m));
}

/* ---- what one binding decision works with ---- */

struct pick {
	const struct conntrack *ct;
	const struct ct_entry *e;
	enum nat_manip m;
	int family;
	union inet_addr min_addr, max_addr;
	uint16_t min_port, max_port;
	bool map_ips, proto_specified, random_all, persistent;
	struct strbuf note; /* how the port was chosen, when it is worth saying */
};

/* Addresses of one family as numbers: IPv4 in host order, IPv6 as its
 * wire bytes (big-endian), so ranges compare the way the kernel's
 * nf_nat_inet_in_range does. */
static int addr_cmp(int family, const union inet_addr *a, const union inet_addr *b)
{
	if (family == FAMILY_IPV6)
		return memcmp(a->in6.b, b->in6.b, sizeof(a->in6.b));
	return a->ip < b->ip ? -1 : a->ip > b->ip;
}

static void pick_init(struct pick *k, const struct conntrack *ct, const struct ct_entry *e,
		      enum nat_manip m, const struct nat_range *r)
{
	*k = (struct pick){.ct = ct, .e = e, .m = m, .note = STRBUF_INIT};
	k->family = ct_family(e);
	k->map_ips = r->has_addr;
	bool ordered = addr_cmp(k->family, &r->min_addr, &r->max_addr) <= 0;
	k->min_addr = ordered ? r->min_addr : r->max_addr;
	k->max_addr = ordered ? r->max_addr : r->min_addr;
	k->proto_specified = r->has_port;
	k->min_port = r->min_port <= r->max_port ? r->min_port : r->max_port;
	k->max_port = r->min_port <= r->max_port ? r->max_port : r->min_port;
	k->random_all = r->random || r->fully_random;
	k->persistent = r->persistent;
}

/* ---- tuple parts ---- */

/* The port-like key the manip changes: the ICMP id whichever the manip,
 * else the manipulated side's port; NULL for protocols without one. */
static uint16_t *key_of(struct ct_tuple *t, enum nat_manip m)
{
	if (ct_tuple_is_icmp(t))
		return &t->sport;
	if (t->proto == PROTO_TCP || t->proto == PROTO_UDP)
		return m == NAT_MANIP_SRC ? &t->sport : &t->dport;
	return NULL;
}

static bool port_in_range(const struct pick *k, struct ct_tuple t, enum nat_manip m)
{
	const uint16_t *key = key_of(&t, m);
	return !key || (*key >= k->min_port && *key <= k->max_port);
}

/* nf_in_range: the source part of t lies in the range. */
static bool src_in_range(const struct pick *k, const struct ct_tuple *t)
{
	if (k->map_ips && (addr_cmp(k->family, &t->src, &k->min_addr) < 0 ||
			   addr_cmp(k->family, &t->src, &k->max_addr) > 0))
		return false;
	return !k->proto_specified || port_in_range(k, *t, NAT_MANIP_SRC);
}

/* nf_nat_used_tuple: would a reply to t be taken for another connection's
 * packet?  Two entries for the very same flow do not count (the kernel
 * leaves that clash to confirmation). */
static bool tuple_used(const struct pick *k, const struct ct_tuple *t)
{
	if (!k->ct)
		return false;
	struct ct_tuple reply;
	ct_tuple_invert(t, &reply);
	const struct ct_entry *o = ct_find(k->ct, &reply, NULL);
	return o && o != k->e &&
	       !ct_tuple_eq(&o->tuple[CT_DIR_ORIGINAL], &k->e->tuple[CT_DIR_ORIGINAL]);
}

/* find_appropriate_src: a connection from the same source address and
 * port that was source-NATed already lends its mapping. */
struct source_probe {
	const struct pick *k;
	const struct ct_tuple *t;
	struct ct_tuple *out;
};

static bool mapping_fits(const struct ct_entry *o, void *arg)
{
	struct source_probe *sp = arg;
	if (o == sp->k->e)
		return false;
	ct_tuple_invert(&o->tuple[CT_DIR_REPLY], sp->out);
	sp->out->dst = sp->t->dst;
	sp->out->dport = sp->t->dport;
	return src_in_range(sp->k, sp->out);
}

static const struct ct_entry *same_source_mapping(const struct pick *k, const struct ct_tuple *t,
						  struct ct_tuple *out)
{
	if (!k->ct)
		return NULL;
	struct source_probe sp = {k, t, out};
	return ct_find_by_source(k->ct, t, mapping_fits, &sp);
}

/* ---- the address: find_best_ips_proto ---- */

static uint32_t rol32(uint32_t w, unsigned s)
{
	return w << s | w >> (32 - s);
}

/* jhash2 over the four words of an nf_inet_addr (an IPv4 address is
 * {addr, 0, 0, 0}): one __jhash_mix round for the first three, then
 * __jhash_final after the fourth. */
static uint32_t jhash_words(const uint32_t k[4], uint32_t initval)
{
	uint32_t a, b, c;
	a = b = c = 0xdeadbeefu + (4u << 2) + initval;
	a += k[0];
	b += k[1];
	c += k[2];
	a -= c; a ^= rol32(c, 4);  c += b;
	b -= a; b ^= rol32(a, 6);  a += c;
	c -= b; c ^= rol32(b, 8);  b += a;
	a -= c; a ^= rol32(c, 16); c += b;
	b -= a; b ^= rol32(a, 19); a += c;
	c -= b; c ^= rol32(b, 4);  b += a;
	a += k[3];
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* One 32-bit word of an address in the byte order the kernel keeps it
 * (network), and that word as a little-endian kernel loads it into a u32,
 * which is what it hashes. */
static uint32_t be_word(int family, const union inet_addr *a, int i)
{
	if (family != FAMILY_IPV6)
		return i == 0 ? a->ip : 0;
	const uint8_t *b = a->in6.b + 4 * i;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint32_t as_le_word(uint32_t host_order)
{
	return host_order >> 24 | (host_order >> 8 & 0xff00u) | (host_order << 8 & 0xff0000u) |
	       host_order << 24;
}

static void set_be_word(int family, union inet_addr *a, int i, uint32_t w)
{
	if (family != FAMILY_IPV6) {
		a->ip = w;
		return;
	}
	uint8_t *b = a->in6.b + 4 * i;
	b[0] = (uint8_t)(w >> 24);
	b[1] = (uint8_t)(w >> 16);
	b[2] = (uint8_t)(w >> 8);
	b[3] = (uint8_t)w;
}

static void le_words(int family, const union inet_addr *a, uint32_t k[4])
{
	for (int i = 0; i < 4; i++)
		k[i] = as_le_word(be_word(family, a, i));
}

/* find_best_ips_proto: word by word, each the range's distance scaled by
 * the hash while the words so far equal the range's last address, the
 * full word after (an IPv4 address is one word). */
static void choose_address(const struct pick *k, struct ct_tuple *t)
{
	if (!k->map_ips)
		return;
	union inet_addr *var = k->m == NAT_MANIP_SRC ? &t->src : &t->dst;
	if (inet_eq(&k->min_addr, &k->max_addr)) {
		*var = k->min_addr;
		return;
	}
	int f = k->family, max = f == FAMILY_IPV6 ? 3 : 0;
	uint32_t src[4], dst[4];
	le_words(f, &t->src, src);
	le_words(f, &t->dst, dst);
	uint32_t j = jhash_words(src, k->persistent ? 0 : dst[max]);
	bool full_range = false;
	for (int i = 0; i <= max; i++) {
		uint32_t minip = 0, dist = ~0u;
		if (!full_range) {
			minip = be_word(f, &k->min_addr, i);
			dist = be_word(f, &k->max_addr, i) - minip + 1; /* 0: the whole word */
		}
		uint32_t w = minip + (uint32_t)(((uint64_t)j * dist) >> 32);
		set_be_word(f, var, i, w);
		if (w != be_word(f, &k->max_addr, i))
			full_range = true;
		if (!k->persistent)
			j ^= dst[i];
	}
}

/* ---- the port: nf_nat_l4proto_unique_tuple ---- */

static uint32_t tuple_hash(const struct ct_tuple *t)
{
	uint32_t src[4], dst[4];
	le_words(t->family, &t->src, src);
	le_words(t->family, &t->dst, dst);
	/* an IPv4 destination is the one word */
	uint32_t h = jhash_words(src, t->family == FAMILY_IPV6 ? jhash_words(dst, 0) : dst[0]);
	uint32_t word[4] = {h, 0, 0, 0};
	return jhash_words(word, (uint32_t)t->sport << 16 | t->dport);
}

/* The range to search when the rule gave none: a source port keeps its
 * class (below 512, below 1024, or not privileged). */
static void default_port_range(uint16_t port, uint32_t *min, uint32_t *size)
{
	if (port < 512) {
		*min = 1;
		*size = 511;
	} else if (port < 1024) {
		*min = 600;
		*size = 1023 - 600 + 1;
	} else {
		*min = 1024;
		*size = 65535 - 1024 + 1;
	}
}

static void search_port(struct pick *k, struct ct_tuple *t)
{
	uint16_t *key = key_of(t, k->m);
	if (!key)
		return;
	uint16_t own = *key;
	uint32_t min, size;
	if (k->proto_specified) {
		min = k->min_port;
		size = (uint32_t)k->max_port - k->min_port + 1;
	} else if (ct_tuple_is_icmp(t)) {
		min = 0;
		size = 65536;
	} else if (k->m == NAT_MANIP_DST) {
		return; /* "If it's dst rewrite, can't change port" */
	} else {
		default_port_range(own, &min, &size);
	}
	uint32_t off = 0;
	if (k->random_all)
		off = tuple_hash(&k->e->tuple[CT_DIR_ORIGINAL]) % size;
	else if (k->m == NAT_MANIP_SRC && own >= min && own - min < size)
		off = own - min;
	for (uint32_t i = 0; i < size; i++) {
		*key = (uint16_t)(min + (off + i) % size);
		if (!tuple_used(k, t)) {
			/* only a port the search tried first can have been "taken" */
			if (*key != own && own >= min && own - min < size)
				sb_addf(&k->note, "%s %u was taken, %u is free", ct_tuple_is_icmp(t) ? "id" : "port",
					own, *key);
			return;
		}
	}
	sb_adds(&k->note, "no free port in the range: the tuple clashes");
}

/* get_unique_tuple: from curr (the connection as it stands) to the tuple
 * it will have after this manip. */
static void unique_tuple(struct pick *k, const struct ct_tuple *curr, struct ct_tuple *out)
{
	if (k->m == NAT_MANIP_SRC && !k->random_all) {
		if (src_in_range(k, curr)) {
			if (!tuple_used(k, curr)) {
				*out = *curr;
				return;
			}
		} else {
			const struct ct_entry *o = same_source_mapping(k, curr, out);
			if (o && !tuple_used(k, out)) {
				sb_addf(&k->note, "the same mapping as entry %u, from the same source", o->id);
				return;
			}
		}
	}
	*out = *curr;
	choose_address(k, out);
	if (!k->random_all) {
		if (k->proto_specified) {
			if (port_in_range(k, *out, k->m) &&
			    (k->min_port == k->max_port || !tuple_used(k, out)))
				return;
		} else if (!tuple_used(k, out)) {
			return;
		}
	}
	search_port(k, out);
}

/* ---- nf_nat_setup_info ---- */

static void describe(const struct pick *k, const struct ct_tuple *before,
		     const struct ct_tuple *after, char *why, size_t n)
{
	char a[128], b[128];
	ct_tuple_fmt(before, a, sizeof(a));
	ct_tuple_fmt(after, b, sizeof(b));
	const char *what = k->m == NAT_MANIP_SRC ? "source" : "destination";
	if (ct_tuple_eq(before, after))
		nf_say(why, n, "%s NAT binding for entry %u: %s unchanged", what, k->e->id, a);
	else
		nf_say(why, n, "%s NAT binding for entry %u: %s becomes %s%s%s%s", what, k->e->id, a,
		       b, k->note.len ? " (" : "", sb_str(&k->note), k->note.len ? ")" : "");
}

int nat_setup(struct conntrack *ct, struct ct_entry *e, enum nat_manip m,
	      const struct nat_range *r, char *why, size_t n)
{
	if (!why)
		n = 0; /* nobody reads why: nf_say writes nothing */
	if (!e || !r) {
		nf_say(why, n, "no connection to bind");
		return -1;
	}
	if (nat_done(e, m)) {
		nf_say(why, n, "entry %u already has its %s NAT binding", e->id,
		       m == NAT_MANIP_SRC ? "source" : "destination");
		return -1;
	}
	if (e->status & CTS_CONFIRMED) {
		nf_say(why, n, "entry %u is confirmed: its bindings can no longer change", e->id);
		return 0;
	}
	if (r->has_addr && (r->family ? r->family : FAMILY_IPV4) != ct_family(e)) {
		nf_say(why, n, "entry %u is %s: a %s NAT range cannot bind it", e->id,
		       inet_family_name(ct_family(e)), inet_family_name(r->family ? r->family : FAMILY_IPV4));
		return -1;
	}
	struct pick k;
	pick_init(&k, ct, e, m, r);
	struct ct_tuple curr, next;
	ct_tuple_invert(&e->tuple[CT_DIR_REPLY], &curr);
	unique_tuple(&k, &curr, &next);
	if (!ct_tuple_eq(&next, &curr)) {
		ct_tuple_invert(&next, &e->tuple[CT_DIR_REPLY]);
		e->status |= m == NAT_MANIP_SRC ? CTS_SRC_NAT : CTS_DST_NAT;
	}
	e->status |= done_bit(m);
	if (n) /* formatted only for a caller that reads it */
		describe(&k, &curr, &next, why, n);
	sb_free(&k.note);
	return 0;
}

void nat_null_binding(struct conntrack *ct, struct ct_entry *e, enum nat_manip m)
{
	if (!e || nat_done(e, m))
		return;
	/* nf_nat_alloc_null_binding: the address stays (read from the reply
	 * tuple, which earlier manips may have changed); the port may still
	 * move if the tuple clashes with another connection's. */
	const struct ct_tuple *reply = &e->tuple[CT_DIR_REPLY];
	union inet_addr keep = m == NAT_MANIP_SRC ? reply->dst : reply->src;
	struct nat_range r = {.family = ct_family(e), .min_addr = keep, .max_addr = keep,
			      .has_addr = true};
	nat_setup(ct, e, m, &r, NULL, 0);
}
