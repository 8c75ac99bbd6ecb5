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

#include "lib/addr.h"
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
	uint32_t min_addr, max_addr;
	uint16_t min_port, max_port;
	bool map_ips, proto_specified, random_all, persistent;
	struct strbuf note; /* how the port was chosen, when it is worth saying */
};

static void pick_init(struct pick *k, const struct conntrack *ct, const struct ct_entry *e,
		      enum nat_manip m, const struct nat_range *r)
{
	*k = (struct pick){.ct = ct, .e = e, .m = m, .note = STRBUF_INIT};
	k->map_ips = r->has_addr;
	k->min_addr = r->min_addr <= r->max_addr ? r->min_addr : r->max_addr;
	k->max_addr = r->min_addr <= r->max_addr ? r->max_addr : r->min_addr;
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
	switch (t->proto) {
	case PROTO_ICMP:
		return &t->sport;
	case PROTO_TCP:
	case PROTO_UDP:
		return m == NAT_MANIP_SRC ? &t->sport : &t->dport;
	default:
		return NULL;
	}
}

static bool port_in_range(const struct pick *k, struct ct_tuple t, enum nat_manip m)
{
	const uint16_t *key = key_of(&t, m);
	return !key || (*key >= k->min_port && *key <= k->max_port);
}

/* nf_in_range: the source part of t lies in the range. */
static bool src_in_range(const struct pick *k, const struct ct_tuple *t)
{
	if (k->map_ips && (t->src < k->min_addr || t->src > k->max_addr))
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
	return ct_find_by_source(k->ct, t->proto, t->src, t->sport, mapping_fits, &sp);
}

/* ---- the address: find_best_ips_proto ---- */

static uint32_t rol32(uint32_t w, unsigned s)
{
	return w << s | w >> (32 - s);
}

/* jhash2 over a 16-byte nf_inet_addr holding an IPv4 address, i.e. the
 * words {addr, 0, 0, 0}: one __jhash_mix round, then __jhash_final. */
static uint32_t jhash_addr(uint32_t addr_word, uint32_t initval)
{
	uint32_t a, b, c;
	a = b = c = 0xdeadbeefu + (4u << 2) + initval;
	a += addr_word;
	a -= c; a ^= rol32(c, 4);  c += b;
	b -= a; b ^= rol32(a, 6);  a += c;
	c -= b; c ^= rol32(b, 8);  b += a;
	a -= c; a ^= rol32(c, 16); c += b;
	b -= a; b ^= rol32(a, 19); a += c;
	c -= b; c ^= rol32(b, 4);  b += a;
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* An address as a little-endian kernel loads its network-order bytes into
 * a u32, which is what it hashes. */
static uint32_t as_le_word(uint32_t host_order)
{
	return host_order >> 24 | (host_order >> 8 & 0xff00u) | (host_order << 8 & 0xff0000u) |
	       host_order << 24;
}

static void choose_address(const struct pick *k, struct ct_tuple *t)
{
	if (!k->map_ips)
		return;
	uint32_t *var = k->m == NAT_MANIP_SRC ? &t->src : &t->dst;
	if (k->min_addr == k->max_addr) {
		*var = k->min_addr;
		return;
	}
	uint32_t j = jhash_addr(as_le_word(t->src), k->persistent ? 0 : as_le_word(t->dst));
	uint32_t dist = k->max_addr - k->min_addr + 1; /* 0 for the whole space */
	*var = k->min_addr + (uint32_t)(((uint64_t)j * dist) >> 32);
}

/* ---- the port: nf_nat_l4proto_unique_tuple ---- */

static uint32_t tuple_hash(const struct ct_tuple *t)
{
	uint32_t h = jhash_addr(as_le_word(t->src), as_le_word(t->dst));
	return jhash_addr(h, (uint32_t)t->sport << 16 | t->dport);
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
	} else if (t->proto == PROTO_ICMP) {
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
				sb_addf(&k->note, "%s %u was taken, %u is free", t->proto == PROTO_ICMP ? "id" : "port",
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
		snprintf(why, n, "%s NAT binding for entry %u: %s unchanged", what, k->e->id, a);
	else
		snprintf(why, n, "%s NAT binding for entry %u: %s becomes %s%s%s%s", what, k->e->id, a,
			 b, k->note.len ? " (" : "", sb_str(&k->note), k->note.len ? ")" : "");
}

int nat_setup(struct conntrack *ct, struct ct_entry *e, enum nat_manip m,
	      const struct nat_range *r, char *why, size_t n)
{
	char scratch[8];
	if (!why || !n) {
		why = scratch;
		n = sizeof(scratch);
	}
	if (!e || !r) {
		snprintf(why, n, "no connection to bind");
		return -1;
	}
	if (nat_done(e, m)) {
		snprintf(why, n, "entry %u already has its %s NAT binding", e->id,
			 m == NAT_MANIP_SRC ? "source" : "destination");
		return -1;
	}
	if (e->status & CTS_CONFIRMED) {
		snprintf(why, n, "entry %u is confirmed: its bindings can no longer change", e->id);
		return 0;
	}
	struct pick k;
	pick_init(&k, ct ? ct : e->owner, e, m, r);
	struct ct_tuple curr, next;
	ct_tuple_invert(&e->tuple[CT_DIR_REPLY], &curr);
	unique_tuple(&k, &curr, &next);
	if (!ct_tuple_eq(&next, &curr)) {
		ct_tuple_invert(&next, &e->tuple[CT_DIR_REPLY]);
		e->status |= m == NAT_MANIP_SRC ? CTS_SRC_NAT : CTS_DST_NAT;
	}
	e->status |= done_bit(m);
	if (why != scratch) /* formatted only for a caller that reads it */
		describe(&k, &curr, &next, why, n);
	sb_free(&k.note);
	return 0;
}

void nat_null_binding(struct ct_entry *e, enum nat_manip m)
{
	if (!e || nat_done(e, m))
		return;
	/* nf_nat_alloc_null_binding: the address stays (read from the reply
	 * tuple, which earlier manips may have changed); the port may still
	 * move if the tuple clashes with another connection's. */
	const struct ct_tuple *reply = &e->tuple[CT_DIR_REPLY];
	uint32_t keep = m == NAT_MANIP_SRC ? reply->dst : reply->src;
	struct nat_range r = {.min_addr = keep, .max_addr = keep, .has_addr = true};
	nat_setup(e->owner, e, m, &r, NULL, 0);
}
