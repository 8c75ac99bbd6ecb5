/* conntrack.c - the connection table and nf_conntrack_in's decision for
 * one packet: untracked, invalid, related to a flow an ICMP error quotes,
 * a packet of a known entry (which direction), or a new entry.
 *
 * What the real kernel showed (mangle PREROUTING counters on
 * --ctstate/--ctdir in a router namespace, Linux 6.18) is recorded beside
 * the unit tests in tests/unit/test_conntrack.c. */
#include <stddef.h>
#include <stdlib.h>

#include "engine/track/ct_expect.h"
#include "engine/track/ct_proto.h"

/* nf_conntrack_proto_tcp.c tcp_timeouts, _udp.c udp_timeouts, _icmp.c
 * nf_ct_icmp_timeout, _icmpv6.c nf_ct_icmpv6_timeout, _generic.c
 * nf_ct_generic_timeout. */
struct ct_timeouts ct_timeouts_default(void)
{
	enum { MINS = 60, DAYS = 24 * 60 * 60 };
	struct ct_timeouts t = {.udp = 30, .udp_stream = 120, .icmp = 30, .icmpv6 = 30,
				 .generic = 600};
	t.tcp[CT_TCP_NONE] = 2 * MINS;
	t.tcp[CT_TCP_SYN_SENT] = 2 * MINS;
	t.tcp[CT_TCP_SYN_RECV] = 60;
	t.tcp[CT_TCP_ESTABLISHED] = 5 * DAYS;
	t.tcp[CT_TCP_FIN_WAIT] = 2 * MINS;
	t.tcp[CT_TCP_CLOSE_WAIT] = 60;
	t.tcp[CT_TCP_LAST_ACK] = 30;
	t.tcp[CT_TCP_TIME_WAIT] = 2 * MINS;
	t.tcp[CT_TCP_CLOSE] = 10;
	t.tcp[CT_TCP_SYN_SENT2] = 2 * MINS;
	t.tcp_unack = 5 * MINS;
	return t;
}

void conntrack_init(struct conntrack *ct)
{
	*ct = (struct conntrack){
		.next_id = 1, .tcp_loose = true, .timeouts = ct_timeouts_default()};
}

static void entry_free(struct conntrack *ct, struct ct_entry *e)
{
	if (e->ext) {
		free(e->ext->help);
		free(e->ext->acct);
		free(e->ext);
	}
	ct_slab_put(&ct->slab, e);
}

struct ct_ext *ct_ext_get(struct ct_entry *e)
{
	if (!e->ext)
		e->ext = xcalloc(1, sizeof(*e->ext));
	return e->ext;
}

static void free_list(struct conntrack *ct, struct ct_entry *e)
{
	while (e) {
		struct ct_entry *next = e->next;
		entry_free(ct, e);
		e = next;
	}
}

void conntrack_free(struct conntrack *ct)
{
	free_list(ct, ct->head);
	free_list(ct, ct->unconfirmed);
	free_list(ct, ct->dead);
	ct_expect_free_all(ct);
	ct_slab_free(&ct->slab);
	free(ct->index.by_tuple);
	free(ct->index.by_source);
	ct->head = ct->tail = ct->unconfirmed = ct->dead = ct->gc_next = NULL;
	ct->index = (struct ct_index){0};
	ct->count = 0;
}

/* ---- the hash indexes ---- */

/* The addresses through inet_hash (all 16 bytes, so both families hash
 * alike), the ports, protocol and family mixed in, then murmur3's 64-bit
 * finalizer: every bit reaches the low bits the power-of-two table uses. */
static size_t hash_parts(const union inet_addr *src, const union inet_addr *dst,
			 uint16_t sport, uint16_t dport, uint8_t proto, uint8_t family)
{
	uint32_t k = (uint32_t)sport << 16 | dport;
	if (family != FAMILY_IPV6) {
		/* IPv4 fills one word of each address: two multiplies, not
		 * eight (the table is looked up three times a packet) */
		uint64_t h = ((uint64_t)src->ip << 32 | dst->ip) * 0x9e3779b97f4a7c15u;
		h ^= ((uint64_t)k << 16 | (uint64_t)proto << 8 | family) * 0xc2b2ae3d27d4eb4fu;
		h ^= h >> 33;
		h *= 0xff51afd7ed558ccdu;
		h ^= h >> 33;
		return (size_t)h;
	}
	uint64_t a = (uint64_t)inet_hash(src, k) << 32 | inet_hash(dst, (uint32_t)proto << 8 | family);
	uint64_t h = a * 0x9e3779b97f4a7c15u + k;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

static size_t tuple_hash(const struct ct_tuple *t)
{
	return hash_parts(&t->src, &t->dst, t->sport, t->dport, t->proto, t->family);
}

/* nf_nat_bysource's key: the original source (family, protocol, address,
 * port). */
static size_t source_hash(const struct ct_tuple *t)
{
	static const union inet_addr none;
	return hash_parts(&t->src, &none, t->sport, 0, t->proto, t->family);
}

static bool is_snat(const struct ct_entry *e)
{
	return (e->status & CTS_SRC_NAT_DONE) != 0;
}

/* A node of the tuple table: the entry and which of its tuples. */
static uintptr_t hnode(const struct ct_entry *e, int d)
{
	_Static_assert(_Alignof(struct ct_entry) >= 2, "the direction fits the low bit");
	return (uintptr_t)e | (uintptr_t)d;
}
static struct ct_entry *hnode_entry(uintptr_t n)
{
	return (struct ct_entry *)(n & ~(uintptr_t)1);
}
static int hnode_dir(uintptr_t n)
{
	return (int)(n & 1);
}

static size_t tuple_bucket(const struct ct_index *ix, const struct ct_tuple *t)
{
	return tuple_hash(t) & (2 * ix->size - 1);
}

static void index_link(struct ct_index *ix, struct ct_entry *e)
{
	for (int d = 0; d < 2; d++) {
		size_t b = tuple_bucket(ix, &e->tuple[d]);
		e->hnext[d] = ix->by_tuple[b];
		ix->by_tuple[b] = hnode(e, d);
	}
	e->snext = NULL;
	if (is_snat(e)) {
		const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
		size_t b = source_hash(o) & (ix->size - 1);
		e->snext = ix->by_source[b];
		ix->by_source[b] = e;
	}
}

static void index_grow(struct ct_index *ix, struct ct_entry *head)
{
	size_t size = ix->size ? ix->size * 2 : 256;
	free(ix->by_tuple);
	ix->by_tuple = xcalloc(2 * size, sizeof(*ix->by_tuple));
	free(ix->by_source);
	ix->by_source = xcalloc(size, sizeof(struct ct_entry *));
	ix->size = size;
	for (struct ct_entry *e = head; e; e = e->next)
		index_link(ix, e);
}

static void index_add(struct conntrack *ct, struct ct_entry *e)
{
	/* e is already on the confirmed list: a rebuild links it too */
	if (ct->index.count + 1 > ct->index.size)
		index_grow(&ct->index, ct->head);
	else
		index_link(&ct->index, e);
	ct->index.count++;
}

static void unchain(struct ct_entry **pp, struct ct_entry *e, size_t link_off)
{
	for (; *pp; pp = (struct ct_entry **)((char *)*pp + link_off))
		if (*pp == e) {
			*pp = *(struct ct_entry **)((char *)e + link_off);
			return;
		}
}

static void index_del(struct ct_index *ix, struct ct_entry *e)
{
	if (!ix->size)
		return;
	for (int d = 0; d < 2; d++) {
		uintptr_t node = hnode(e, d);
		for (uintptr_t *pp = &ix->by_tuple[tuple_bucket(ix, &e->tuple[d])]; *pp;
		     pp = &hnode_entry(*pp)->hnext[hnode_dir(*pp)])
			if (*pp == node) {
				*pp = e->hnext[d];
				break;
			}
	}
	/* whatever its status now, it is on at most this one chain */
	const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
	size_t b = source_hash(o) & (ix->size - 1);
	unchain(&ix->by_source[b], e, offsetof(struct ct_entry, snext));
	ix->count--;
}

/* ---- lists ---- */

/* unconfirmed and dead lists are short or never searched: singly linked */
static bool unlink_entry(struct ct_entry **list, struct ct_entry *e)
{
	for (struct ct_entry **pp = list; *pp; pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			e->next = NULL;
			return true;
		}
	return false;
}

static void push(struct ct_entry **list, struct ct_entry *e)
{
	e->prev = NULL;
	e->next = *list;
	*list = e;
}

/* The confirmed list is doubly linked, oldest first. */
static void confirmed_add(struct conntrack *ct, struct ct_entry *e)
{
	e->next = NULL;
	e->prev = ct->tail;
	if (ct->tail)
		ct->tail->next = e;
	else
		ct->head = e;
	ct->tail = e;
	index_add(ct, e);
}

static void confirmed_del(struct conntrack *ct, struct ct_entry *e)
{
	index_del(&ct->index, e);
	if (e->prev)
		e->prev->next = e->next;
	else
		ct->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		ct->tail = e->prev;
	e->next = e->prev = NULL;
}

/* Out of the table for good, but still readable by whoever points at it. */
static void bury(struct conntrack *ct, struct ct_entry *e)
{
	if (e->status & CTS_DYING)
		return;
	if (e->status & CTS_CONFIRMED) {
		if (ct->gc_next == e)
			ct->gc_next = e->next;
		confirmed_del(ct, e);
	} else if (!unlink_entry(&ct->unconfirmed, e)) {
		return;
	}
	e->status |= CTS_DYING;
	ct_expect_forget_master(ct, e); /* nf_ct_remove_expectations */
	ct->count--;
	push(&ct->dead, e);
}

void ct_pin(struct ct_entry *e)
{
	if (e)
		e->pins++;
}

void ct_reap(struct conntrack *ct)
{
	struct ct_entry **pp = &ct->dead;
	while (*pp) {
		struct ct_entry *e = *pp;
		if (e->pins) {
			pp = &e->next;
			continue;
		}
		*pp = e->next;
		if (ct_master(e))
			ct_master(e)->pins--; /* the expected connection held its master */
		entry_free(ct, e);
	}
}

/* ---- timeouts ---- */

static bool expired(const struct ct_entry *e, double now)
{
	return now > 0 && e->expires > 0 && now >= e->expires;
}

/* The timeout a packet just seen sets (nf_ct_refresh_acct's extra). */
static unsigned timeout_of(const struct conntrack *ct, const struct ct_entry *e, double now)
{
	const struct ct_timeouts *to = &ct->timeouts;
	switch (e->tuple[CT_DIR_ORIGINAL].proto) {
	case PROTO_TCP: {
		unsigned t = (unsigned)e->tcp_state < ARRAY_SIZE(to->tcp) ? to->tcp[e->tcp_state] : to->generic;
		/* tcp_packet: data one way not acknowledged yet caps it */
		bool unack = e->tcp.flags & (CT_TCPF_UNACK(CT_DIR_ORIGINAL) | CT_TCPF_UNACK(CT_DIR_REPLY));
		return unack && t > to->tcp_unack ? to->tcp_unack : t;
	}
	case PROTO_UDP:
		/* udp_packet: both ways, and still active two seconds after
		 * the first packet: a stream */
		return (e->status & CTS_SEEN_REPLY) && now > e->udp_stream_ts ? to->udp_stream
									  : to->udp;
	default:
		if (ct_tuple_is_icmp(&e->tuple[CT_DIR_ORIGINAL]))
			return ct_family(e) == FAMILY_IPV6 ? to->icmpv6 : to->icmp;
		return to->generic;
	}
}

static void refresh(const struct conntrack *ct, struct ct_entry *e, double now)
{
	if (now > 0)
		e->expires = now + timeout_of(ct, e, now);
}

/* The garbage collector's round (gc_worker): look at a few entries each
 * packet, from where the last round stopped, and remove the expired. */
/* nf_ct_acct_update, from nf_ct_refresh_acct: one packet of skb->len
 * bytes (the IP datagram) in direction d. */
static void account(struct ct_entry *e, enum ct_dir d, const struct packet *p)
{
	struct ct_acct *a = ct_acct(e);
	if (!a)
		return;
	a->pkts[d]++;
	a->bytes[d] += pkt_tot_len(p);
}

/* Ask the cache for the fields the sweep reads of an entry it reaches
 * soon: in a table of 100,000 connections each one it visits is a cache
 * miss, and it visits two a packet (a tenth of a summary run waited on
 * them).  A hint only: nothing changes if it comes too late. */
static void prefetch_sweep(const struct ct_entry *e)
{
	if (e) {
		__builtin_prefetch(&e->next);
		__builtin_prefetch(&e->expires);
	}
}

static void sweep(struct conntrack *ct, double now, int n)
{
	for (int i = 0; i < n; i++) {
		struct ct_entry *e = ct->gc_next ? ct->gc_next : ct->head;
		if (!e)
			return;
		ct->gc_next = e->next;
		if (expired(e, now))
			bury(ct, e);
	}
	prefetch_sweep(ct->gc_next ? ct->gc_next : ct->head);
}

struct ct_entry *ct_find(const struct conntrack *ct, const struct ct_tuple *t, enum ct_dir *dir)
{
	const struct ct_index *ix = &ct->index;
	if (!ix->size)
		return NULL;
	/* an original tuple wins over a reply one, as when each direction
	 * had its table and the original's was searched first */
	struct ct_entry *reply = NULL;
	for (uintptr_t n = ix->by_tuple[tuple_bucket(ix, t)]; n;) {
		struct ct_entry *e = hnode_entry(n);
		int d = hnode_dir(n);
		if ((d == CT_DIR_ORIGINAL || !reply) && ct_tuple_eq(&e->tuple[d], t)) {
			if (d == CT_DIR_ORIGINAL) {
				if (dir)
					*dir = CT_DIR_ORIGINAL;
				return e;
			}
			reply = e;
		}
		n = e->hnext[d];
	}
	if (reply && dir)
		*dir = CT_DIR_REPLY;
	return reply;
}

bool ct_prefetch_bucket(const struct conntrack *ct, const struct packet *p, size_t *hash)
{
	struct ct_tuple t;
	if (!ct->index.size || !ct_tuple_of(p, &t))
		return false;
	*hash = tuple_hash(&t);
	__builtin_prefetch(&ct->index.by_tuple[*hash & (2 * ct->index.size - 1)]);
	return true;
}

void ct_prefetch_entry(const struct conntrack *ct, size_t hash)
{
	/* the table as it is now (it may have grown since the bucket was
	 * fetched): only ever a hint */
	const struct ct_index *ix = &ct->index;
	if (!ix->size)
		return;
	uintptr_t n = ix->by_tuple[hash & (2 * ix->size - 1)];
	if (n)
		__builtin_prefetch(&hnode_entry(n)->tuple[hnode_dir(n)]);
}

struct ct_entry *ct_find_by_source(const struct conntrack *ct, const struct ct_tuple *t,
				   bool (*fn)(const struct ct_entry *e, void *arg), void *arg)
{
	const struct ct_index *ix = &ct->index;
	if (!ix->size)
		return NULL;
	size_t b = source_hash(t) & (ix->size - 1);
	for (struct ct_entry *e = ix->by_source[b]; e; e = e->snext) {
		const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
		if (o->proto == t->proto && o->family == t->family && o->sport == t->sport &&
		    inet_eq(&o->src, &t->src) && fn(e, arg))
			return e;
	}
	return NULL;
}

/* ---- the decision ---- */

/* What ct_in works with while deciding. */
struct lookup {
	struct conntrack *ct;
	struct packet *p;
	struct strbuf *say; /* ct_in's explanation, or NULL when nobody reads it */
};

/* ct_find, but an entry whose time ran out goes now (the packet saw it
 * expire) and is not found. */
static struct ct_entry *find_live(struct lookup *l, const struct ct_tuple *t, enum ct_dir *d)
{
	struct ct_entry *e = ct_find(l->ct, t, d);
	if (!e || !expired(e, l->p->t))
		return e;
	if (l->say) {
		const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
		char name[16];
		bool known = proto_name(o->proto) || o->proto == PROTO_ICMPV6;
		sb_addf(l->say, "entry %u expired %.3f s ago (%s%s%s timeout %u s) and is gone; ",
			e->id, l->p->t - e->expires, known ? ct_proto_name(o->proto, name) : "generic",
			o->proto == PROTO_TCP ? " " : "",
			o->proto == PROTO_TCP ? ct_tcp_state_name(e->tcp_state) : "",
			timeout_of(l->ct, e, e->expires));
	}
	bury(l->ct, e);
	return NULL;
}

static enum ct_info verdict(struct lookup *l, enum ct_info ci, struct ct_entry *e)
{
	l->p->ct = e;
	l->p->ctinfo = ci;
	return ci;
}

static enum ct_info invalid(struct lookup *l, const char *reason)
{
	sb_addf(l->say, "INVALID: %s", reason);
	return verdict(l, CTINFO_INVALID, NULL);
}

/* udp_error / icmp_error / icmpv6_error's header checks; tcp_error for
 * TCP. */
static const char *protocol_error(const struct packet *p)
{
	uint8_t type, proto = pkt_proto(p);
	bool v6 = pkt_family(p) == FAMILY_IPV6;
	if (proto == PROTO_TCP)
		return ct_tcp_error(p);
	if (proto == PROTO_UDP) {
		const uint8_t *h = pkt_l4(p, 8);
		size_t declared = pkt_tot_len(p) - pkt_l4_offset(p);
		if (!h)
			return "truncated udp header";
		uint16_t ulen = (uint16_t)(h[4] << 8 | h[5]);
		return ulen < 8 || ulen > declared ? "udp length does not fit the datagram" : NULL;
	}
	if (proto != ct_icmp_proto(pkt_family(p)))
		return NULL;
	if (!pkt_icmp(p, &type, NULL))
		return v6 ? "truncated icmpv6 header" : "truncated icmp header";
	if (!v6 && type > 18)
		return "unknown icmp type (RFC 1122: silently discarded)";
	/* icmpv6_error: every type below 128 is an error message; nfwalk
	 * reads the quote of the four RFC 4443 defines */
	if (v6 && type < 128 && !icmp6_type_is_error(type))
		return "unknown icmpv6 error type";
	return NULL;
}

static const char *dir_words(enum ct_dir d)
{
	return d == CT_DIR_REPLY ? "reply" : "original";
}

/* nf_conntrack_inet_error: an ICMP error about one of our connections is
 * RELATED to it.  The quoted packet went one way; the error comes back
 * the other, so an error about an original-direction packet is
 * RELATED_REPLY.  The outer destination must be where that direction
 * goes, or any host could make packets RELATED. */
static enum ct_info related(struct lookup *l)
{
	struct packet *inner = pkt_icmp_inner(l->p);
	struct ct_tuple quoted, back;
	bool ok = inner && ct_tuple_of(inner, &quoted) &&
		  quoted.family == pkt_family(l->p) &&
		  (!ct_tuple_is_icmp(&quoted) ||
		   ct_icmp_invertible(quoted.family, (uint8_t)(quoted.dport >> 8)));
	packet_free(inner);
	if (!ok)
		return invalid(l, "icmp error without a quoted header conntrack can read");
	ct_tuple_invert(&quoted, &back);
	char t[128] = "";
	if (l->say)
		ct_tuple_fmt(&quoted, t, sizeof(t));
	enum ct_dir d;
	struct ct_entry *e = find_live(l, &back, &d);
	if (!e) {
		sb_addf(l->say, "INVALID: icmp error about %s, which no entry tracks", t);
		return verdict(l, CTINFO_INVALID, NULL);
	}
	union inet_addr outer = pkt_dst(l->p);
	if (!inet_eq(&outer, &e->tuple[d].dst)) {
		char a[INET_STRLEN], b[INET_STRLEN];
		sb_addf(l->say, "INVALID: icmp error for entry %u sent to %s, not to %s", e->id,
			inet_fmt(ct_family(e), &outer, a), inet_fmt(ct_family(e), &e->tuple[d].dst, b));
		return verdict(l, CTINFO_INVALID, NULL);
	}
	sb_addf(l->say, "RELATED to entry %u: icmp error quoting its %s direction (%s), travelling the %s way",
		e->id, dir_words(d == CT_DIR_REPLY ? CT_DIR_ORIGINAL : CT_DIR_REPLY), t, dir_words(d));
	return verdict(l, d == CT_DIR_REPLY ? CTINFO_RELATED_REPLY : CTINFO_RELATED, e);
}

/* May this packet open an entry?  Sets the first TCP state, or says in
 * reason why not. */
static bool may_open(struct lookup *l, const struct ct_tuple *t, enum ct_tcp_state *state,
		     struct strbuf *reason)
{
	uint8_t type = (uint8_t)(t->dport >> 8);
	*state = CT_TCP_NONE;
	if (t->proto == PROTO_TCP)
		return ct_tcp_new(l->p, l->ct->tcp_loose, state, reason);
	if (!ct_tuple_is_icmp(t) || ct_icmp_may_open(t->family, type))
		return true;
	if (ct_icmp_invertible(t->family, type) && t->family == FAMILY_IPV6)
		sb_addf(reason, "an icmpv6 type %u without its request cannot open a connection", type);
	else if (ct_icmp_invertible(t->family, type))
		sb_addf(reason, "an icmp %s without its request cannot open a connection",
			icmp_type_name(type, 0));
	else
		sb_addf(reason, "%s type %u is not tracked",
			t->family == FAMILY_IPV6 ? "icmpv6" : "icmp", type);
	return false;
}

static struct ct_entry *new_entry(struct conntrack *ct, const struct ct_tuple *t,
				  enum ct_tcp_state state)
{
	struct ct_entry *e = ct_slab_get(&ct->slab);
	if (!ct->next_id)
		ct->next_id = 1;
	e->id = ct->next_id++;
	if (ct->acct)
		ct_ext_get(e)->acct = xcalloc(1, sizeof(struct ct_acct));
	e->tuple[CT_DIR_ORIGINAL] = *t;
	ct_tuple_invert(t, &e->tuple[CT_DIR_REPLY]);
	e->tcp_state = (uint8_t)state;
	push(&ct->unconfirmed, e);
	ct->count++;
	return e;
}

static enum ct_info create(struct lookup *l, const struct ct_tuple *t)
{
	char ts[128] = "";
	if (l->say)
		ct_tuple_fmt(t, ts, sizeof(ts));
	enum ct_tcp_state state;
	struct strbuf reason = STRBUF_INIT;
	bool ok = may_open(l, t, &state, l->say ? &reason : NULL);
	if (!ok)
		sb_addf(l->say, "INVALID: no entry for %s, and %s", ts, sb_str(&reason));
	sb_free(&reason);
	if (!ok)
		return verdict(l, CTINFO_INVALID, NULL);
	struct ct_entry *e = new_entry(l->ct, t, state);
	if (t->proto == PROTO_UDP)
		e->udp_stream_ts = l->p->t + 2;
	sb_addf(l->say, "new connection: no entry for %s; entry %u created (unconfirmed until the packet leaves)",
		ts, e->id);
	/* init_conntrack: an expected connection gets its master (and the
	 * master's mark); any other takes the template's helper */
	unsigned gone = 0;
	struct ct_expect *x = l->ct->expects ? ct_expect_take(l->ct, t, l->p->t, &gone) : NULL;
	if (gone && !x)
		sb_addf(l->say, "; expectation %u would have fitted, but its time ran out", gone);
	if (x) {
		e->status |= CTS_EXPECTED;
		ct_ext_get(e)->master = x->master;
		ct_pin(x->master);
		e->mark = x->master->mark;
		sb_addf(l->say, ", RELATED: expectation %u of entry %u's %s helper fits it (used up)",
			x->id, x->master->id, x->helper);
		if (x->expectfn) {
			x->expectfn(l->ct, e, x);
			sb_addf(l->say, ", NATed as its master (nf_nat_follow_master)");
		}
		free(x);
	} else if (l->p->ct_helper[0]) {
		struct ct_help *h = ct_ext_get(e)->help = xcalloc(1, sizeof(struct ct_help));
		str_copy(h->name, sizeof(h->name), l->p->ct_helper);
		sb_addf(l->say, ", helper %s attached (CT --helper)", h->name);
	}
	if (t->proto == PROTO_TCP) {
		struct strbuf tcp = STRBUF_INIT;
		ct_tcp_packet(e, l->p, CT_DIR_ORIGINAL, l->say ? &tcp : NULL);
		sb_addf(l->say, ", tcp state %s%s", ct_tcp_state_name((enum ct_tcp_state)e->tcp_state),
			state == CT_TCP_ESTABLISHED ? " (picked up mid-stream: nf_conntrack_tcp_loose=1)"
						    : "");
		sb_free(&tcp);
	}
	refresh(l->ct, e, l->p->t);
	account(e, CT_DIR_ORIGINAL, l->p);
	return verdict(l, x ? CTINFO_RELATED : CTINFO_NEW, e);
}

/* resolve_normal_ct: a reply is ESTABLISHED; the original direction is
 * ESTABLISHED once a reply was seen, until then RELATED when a helper
 * expected the connection, else NEW. */
static enum ct_info ctinfo_for(const struct ct_entry *e, enum ct_dir d)
{
	if (d == CT_DIR_REPLY)
		return CTINFO_ESTABLISHED_REPLY;
	if (e->status & CTS_SEEN_REPLY)
		return CTINFO_ESTABLISHED;
	return e->status & CTS_EXPECTED ? CTINFO_RELATED : CTINFO_NEW;
}

static enum ct_info classify(struct lookup *l);

static enum ct_info existing(struct lookup *l, struct ct_entry *e, enum ct_dir d)
{
	enum ct_info ci = ctinfo_for(e, d);
	/* by pieces: a trace says this for every packet of a known connection */
	if (l->say) {
		sb_adds(l->say, dir_words(d));
		sb_add_su(l->say, " direction of entry ", e->id);
	}
	if (ci == CTINFO_NEW)
		sb_adds(l->say, ", no reply seen yet: still NEW");
	else if (ci == CTINFO_RELATED)
		sb_addf(l->say, ", no reply seen yet: still RELATED to entry %u", ct_master(e)->id);
	enum ct_tcp_verdict v = CT_TCP_ACCEPT;
	if (e->tuple[CT_DIR_ORIGINAL].proto == PROTO_TCP) {
		/* ct_tcp_packet only appends: its words go straight after "; " */
		sb_adds(l->say, "; ");
		v = ct_tcp_packet(e, l->p, d, l->say);
	}
	if (v == CT_TCP_INVALID) {
		sb_adds(l->say, ": INVALID");
		return verdict(l, CTINFO_INVALID, NULL);
	}
	if (v == CT_TCP_REOPEN) {
		sb_addf(l->say, "; entry %u is dropped and the packet looked up again: ", e->id);
		bury(l->ct, e);
		return classify(l);
	}
	if (ci == CTINFO_ESTABLISHED_REPLY)
		e->status |= CTS_SEEN_REPLY;
	if (v == CT_TCP_KILL)
		bury(l->ct, e);
	else
		refresh(l->ct, e, l->p->t);
	account(e, d, l->p);
	return verdict(l, ci, e);
}

static enum ct_info classify(struct lookup *l)
{
	struct packet *p = l->p;
	int family = pkt_family(p);
	if (!family)
		return invalid(l, "not a whole IPv4 or IPv6 header");
	if (pkt_is_fragment(p) || pkt_more_fragments(p))
		return invalid(l, family == FAMILY_IPV6
					  ? "a fragment: the kernel reassembles before conntrack "
					    "(nf_defrag_ipv6), nfwalk does not"
					  : "a fragment: the kernel reassembles before conntrack "
					    "(nf_defrag_ipv4), nfwalk does not");
	const char *err = protocol_error(p);
	if (err)
		return invalid(l, err);
	uint8_t type;
	if (pkt_icmp(p, &type, NULL) && ct_icmp_untracked(family, type)) {
		sb_addf(l->say, "UNTRACKED: icmpv6 type %u (neighbour discovery or MLD) is never "
				"tracked (nf_conntrack_icmpv6_error)", type);
		return verdict(l, CTINFO_UNTRACKED, NULL);
	}
	if (pkt_icmp_is_error(p))
		return related(l);
	struct ct_tuple t;
	if (!ct_tuple_of(p, &t))
		return invalid(l, "no header conntrack can read");
	enum ct_dir d;
	struct ct_entry *e = find_live(l, &t, &d);
	return e ? existing(l, e, d) : create(l, &t);
}

enum ct_info ct_in(struct conntrack *ct, struct packet *p, char *why, size_t n)
{
	/* the explanation's buffer lives on, reset for each packet: a trace
	 * explains every packet, and a fresh one grew by reallocs each time */
	static struct strbuf said;
	struct lookup l = {.ct = ct, .p = p};
	l.say = why && n ? &said : NULL;
	sb_reset(&said);
	enum ct_info ci;
	if (p->notrack) {
		sb_adds(l.say, p->tee_gw ? "UNTRACKED: a copy TEE made (nf_dup_ipv4 gives it the "
					   "untracked entry)"
					 : "UNTRACKED: the raw table exempted it (CT --notrack)");
		ci = verdict(&l, CTINFO_UNTRACKED, NULL);
	} else if (p->ct) {
		sb_addf(l.say, "already attached to entry %u as %s", p->ct->id, ctinfo_name(p->ctinfo));
		ci = p->ctinfo;
	} else {
		/* the entry after the sweep's next one, fetched while the
		 * look-up works (the next one was fetched by the last sweep) */
		if (p->t > 0 && ct->gc_next)
			prefetch_sweep(ct->gc_next->next);
		ci = classify(&l);
		/* after the lookup, so a packet finding its own entry expired
		 * says so */
		if (p->t > 0)
			sweep(ct, p->t, 2);
	}
	if (l.say)
		str_copy_n(why, n, sb_str(&said), said.len);
	return ci;
}

/* ---- lifecycle ---- */

enum ct_dir ct_packet_dir(const struct packet *p)
{
	return p->ctinfo == CTINFO_ESTABLISHED_REPLY || p->ctinfo == CTINFO_RELATED_REPLY
		       ? CT_DIR_REPLY
		       : CT_DIR_ORIGINAL;
}

static bool is_unconfirmed(const struct conntrack *ct, const struct ct_entry *e)
{
	for (const struct ct_entry *u = ct->unconfirmed; u; u = u->next)
		if (u == e)
			return true;
	return false;
}

bool ct_confirm(struct conntrack *ct, struct packet *p)
{
	struct ct_entry *e = p->ct;
	/* __nf_conntrack_confirm: only the packet that created the entry (the
	 * original direction) confirms it; a REJECT answer attached to an
	 * unconfirmed entry does not. */
	if (!e || ct_packet_dir(p) != CT_DIR_ORIGINAL || !is_unconfirmed(ct, e))
		return false;
	unlink_entry(&ct->unconfirmed, e);
	e->status |= CTS_CONFIRMED;
	confirmed_add(ct, e);
	return true;
}

void ct_discard(struct conntrack *ct, struct packet *p)
{
	if (p->ct && is_unconfirmed(ct, p->ct))
		bury(ct, p->ct);
}

void ct_attach(struct packet *nskb, const struct packet *orig)
{
	if (!orig->ct)
		return;
	nskb->ct = orig->ct;
	nskb->ctinfo = ct_packet_dir(orig) == CT_DIR_ORIGINAL ? CTINFO_RELATED_REPLY
							      : CTINFO_RELATED;
}

/* ---- names ---- */

const char *ct_state_name(const struct packet *p)
{
	return ctinfo_state_name(p->ctinfo);
}

/* What ct_entry_fmt prints of an entry: the line is made again only
 * when one of these differs from the last entry printed.  A packet's two
 * conntrack events (in, confirm) mostly print the same line. */
struct ct_line_key {
	const struct ct_entry *e, *master;
	const struct ct_help *help;
	struct ct_tuple tuple[2];
	unsigned id, master_id;
	uint32_t mark;
	uint16_t status;
	uint8_t tcp_state;
};

static struct ct_line_key ct_line_key_of(const struct ct_entry *e)
{
	const struct ct_entry *m = ct_master(e);
	return (struct ct_line_key){.e = e,
				    .master = m,
				    .help = ct_help(e),
				    .tuple = {e->tuple[0], e->tuple[1]},
				    .id = e->id,
				    .master_id = m ? m->id : 0,
				    .mark = e->mark,
				    .status = e->status & (CTS_SEEN_REPLY | CTS_ASSURED),
				    .tcp_state = e->tcp_state};
}

static bool ct_line_key_eq(const struct ct_line_key *a, const struct ct_line_key *b)
{
	return a->e == b->e && a->master == b->master && a->help == b->help && a->id == b->id &&
	       a->master_id == b->master_id && a->mark == b->mark && a->status == b->status &&
	       a->tcp_state == b->tcp_state && ct_tuple_eq(&a->tuple[0], &b->tuple[0]) &&
	       ct_tuple_eq(&a->tuple[1], &b->tuple[1]);
}

/* The line of at most CT_LINE_MAX - 1 bytes (a line is some 150, 400 at
 * most with IPv6 addresses and a helper's name); returns its length. */
enum { CT_LINE_MAX = 1024 };
static size_t ct_entry_line(const struct ct_entry *e, char *buf)
{
	struct fmt_cursor c = fmt_cursor(buf, CT_LINE_MAX);
	const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
	char name[16];
	bool known = proto_name(o->proto) || o->proto == PROTO_ICMPV6;
	struct piece proto = known ? ct_proto_piece(o->proto, name) : LIT("unknown");
	fmt_putn(&c, proto.s, proto.n);
	fmt_puts(&c, " ");
	fmt_put_u(&c, o->proto);
	fmt_puts(&c, " ");
	if (o->proto == PROTO_TCP) {
		struct piece state = ct_tcp_state_piece((enum ct_tcp_state)e->tcp_state);
		fmt_putn(&c, state.s, state.n);
		fmt_puts(&c, " ");
	}
	ct_tuple_fmt_kv(o, &c);
	if (!(e->status & CTS_SEEN_REPLY))
		fmt_puts(&c, " [UNREPLIED]");
	fmt_puts(&c, " ");
	ct_tuple_fmt_kv(&e->tuple[CT_DIR_REPLY], &c);
	if (e->status & CTS_ASSURED)
		fmt_puts(&c, " [ASSURED]");
	fmt_puts(&c, " mark=");
	fmt_put_u(&c, e->mark);
	if (ct_help(e)) {
		fmt_puts(&c, " helper=");
		fmt_puts(&c, ct_help(e)->name);
	}
	if (ct_master(e)) {
		fmt_puts(&c, " master=");
		fmt_put_u(&c, ct_master(e)->id);
	}
	fmt_puts(&c, " id=");
	fmt_put_u(&c, e->id);
	return fmt_close(&c, buf);
}

size_t ct_entry_fmt(const struct ct_entry *e, char *buf, size_t n)
{
	/* the last line made, and what it was made from: the traces print
	 * the entry at every conntrack event */
	static char line[CT_LINE_MAX];
	static size_t len;
	static struct ct_line_key last;
	struct ct_line_key key = ct_line_key_of(e);
	if (!len || !ct_line_key_eq(&key, &last)) {
		len = ct_entry_line(e, line);
		last = key;
	}
	return str_copy_n(buf, n, line, len);
}
