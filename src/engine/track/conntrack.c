/* conntrack.c - the connection table and nf_conntrack_in's decision for
 * one packet: untracked, invalid, related to a flow an ICMP error quotes,
 * a packet of a known entry (which direction), or a new entry.
 *
 * What the real kernel showed (mangle PREROUTING counters on
 * --ctstate/--ctdir in a router namespace, Linux 6.18) is recorded beside
 * the unit tests in tests/unit/test_conntrack.c. */
#include <stddef.h>
#include <stdlib.h>

#include "lib/addr.h"
#include "engine/track/ct_expect.h"
#include "engine/track/ct_proto.h"

/* nf_conntrack_proto_tcp.c tcp_timeouts, _udp.c udp_timeouts, _icmp.c
 * nf_ct_icmp_timeout, _generic.c nf_ct_generic_timeout. */
struct ct_timeouts ct_timeouts_default(void)
{
	enum { MINS = 60, DAYS = 24 * 60 * 60 };
	struct ct_timeouts t = {.udp = 30, .udp_stream = 120, .icmp = 30, .generic = 600};
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
	return t;
}

void conntrack_init(struct conntrack *ct)
{
	*ct = (struct conntrack){
		.next_id = 1, .tcp_loose = true, .timeouts = ct_timeouts_default()};
}

static void entry_free(struct ct_entry *e)
{
	free(e->help);
	free(e->acct);
	free(e);
}

static void free_list(struct ct_entry *e)
{
	while (e) {
		struct ct_entry *next = e->next;
		entry_free(e);
		e = next;
	}
}

void conntrack_free(struct conntrack *ct)
{
	free_list(ct->head);
	free_list(ct->unconfirmed);
	free_list(ct->dead);
	ct_expect_free_all(ct);
	for (int d = 0; d < 2; d++)
		free(ct->index.by_tuple[d]);
	free(ct->index.by_source);
	ct->head = ct->tail = ct->unconfirmed = ct->dead = ct->gc_next = NULL;
	ct->index = (struct ct_index){0};
	ct->count = 0;
}

/* ---- the hash indexes ---- */

static size_t tuple_hash(const struct ct_tuple *t)
{
	/* two 64-bit words through a multiply-xorshift mix (murmur3's
	 * finalizer): every bit reaches the low bits the power-of-two table
	 * uses, for a few cycles a lookup instead of FNV's sixteen rounds */
	uint64_t a = (uint64_t)t->src << 32 | t->dst;
	uint64_t b = (uint64_t)t->sport << 24 | (uint64_t)t->dport << 8 | t->proto;
	uint64_t h = a * 0x9e3779b97f4a7c15u + b;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

static size_t source_hash(uint8_t proto, uint32_t src, uint16_t sport)
{
	struct ct_tuple t = {.proto = proto, .src = src, .sport = sport};
	return tuple_hash(&t);
}

static bool is_snat(const struct ct_entry *e)
{
	return (e->status & CTS_SRC_NAT_DONE) != 0;
}

static void index_link(struct ct_index *ix, struct ct_entry *e)
{
	for (int d = 0; d < 2; d++) {
		size_t b = tuple_hash(&e->tuple[d]) & (ix->size - 1);
		e->hnext[d] = ix->by_tuple[d][b];
		ix->by_tuple[d][b] = e;
	}
	e->snext = NULL;
	if (is_snat(e)) {
		const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
		size_t b = source_hash(o->proto, o->src, o->sport) & (ix->size - 1);
		e->snext = ix->by_source[b];
		ix->by_source[b] = e;
	}
}

static void index_grow(struct ct_index *ix, struct ct_entry *head)
{
	size_t size = ix->size ? ix->size * 2 : 256;
	for (int d = 0; d < 2; d++) {
		free(ix->by_tuple[d]);
		ix->by_tuple[d] = xcalloc(size, sizeof(struct ct_entry *));
	}
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
		size_t b = tuple_hash(&e->tuple[d]) & (ix->size - 1);
		unchain(&ix->by_tuple[d][b], e, offsetof(struct ct_entry, hnext) + (size_t)d * sizeof(e));
	}
	/* whatever its status now, it is on at most this one chain */
	const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
	size_t b = source_hash(o->proto, o->src, o->sport) & (ix->size - 1);
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
		if (e->master)
			e->master->pins--; /* the expected connection held its master */
		entry_free(e);
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
	case PROTO_TCP:
		return (unsigned)e->tcp_state < ARRAY_SIZE(to->tcp) ? to->tcp[e->tcp_state]
								     : to->generic;
	case PROTO_UDP:
		/* udp_packet: both ways, and still active two seconds after
		 * the first packet: a stream */
		return (e->status & CTS_SEEN_REPLY) && now > e->born + 2 ? to->udp_stream : to->udp;
	case PROTO_ICMP:
		return to->icmp;
	default:
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
	if (!e->acct)
		return;
	e->acct->pkts[d]++;
	e->acct->bytes[d] += pkt_tot_len(p);
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
}

struct ct_entry *ct_find(const struct conntrack *ct, const struct ct_tuple *t, enum ct_dir *dir)
{
	const struct ct_index *ix = &ct->index;
	if (!ix->size)
		return NULL;
	size_t b = tuple_hash(t) & (ix->size - 1);
	for (int d = CT_DIR_ORIGINAL; d <= CT_DIR_REPLY; d++)
		for (struct ct_entry *e = ix->by_tuple[d][b]; e; e = e->hnext[d])
			if (ct_tuple_eq(&e->tuple[d], t)) {
				if (dir)
					*dir = (enum ct_dir)d;
				return e;
			}
	return NULL;
}

struct ct_entry *ct_find_by_source(const struct conntrack *ct, uint8_t proto, uint32_t src,
				   uint16_t sport,
				   bool (*fn)(const struct ct_entry *e, void *arg), void *arg)
{
	const struct ct_index *ix = &ct->index;
	if (!ix->size)
		return NULL;
	size_t b = source_hash(proto, src, sport) & (ix->size - 1);
	for (struct ct_entry *e = ix->by_source[b]; e; e = e->snext) {
		const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
		if (o->proto == proto && o->src == src && o->sport == sport && fn(e, arg))
			return e;
	}
	return NULL;
}

/* ---- the decision ---- */

/* What ct_in works with while deciding. */
struct lookup {
	struct conntrack *ct;
	struct packet *p;
	struct strbuf why;
	struct strbuf *say; /* &why, or NULL when nobody reads it */
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
		const char *name = proto_name(o->proto);
		sb_addf(l->say, "entry %u expired %.3f s ago (%s%s%s timeout %u s) and is gone; ",
			e->id, l->p->t - e->expires, name ? name : "generic",
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

/* udp_error / icmp_error's header checks; tcp_error for TCP. */
static const char *protocol_error(const struct packet *p)
{
	uint8_t type;
	switch (pkt_proto(p)) {
	case PROTO_TCP:
		return ct_tcp_error(p);
	case PROTO_UDP: {
		const uint8_t *h = pkt_l4(p, 8);
		size_t declared = pkt_tot_len(p) - pkt_ihl_bytes(p);
		if (!h)
			return "truncated udp header";
		uint16_t ulen = (uint16_t)(h[4] << 8 | h[5]);
		return ulen < 8 || ulen > declared ? "udp length does not fit the datagram" : NULL;
	}
	case PROTO_ICMP:
		if (!pkt_icmp(p, &type, NULL))
			return "truncated icmp header";
		return type > 18 ? "unknown icmp type (RFC 1122: silently discarded)" : NULL;
	default:
		return NULL;
	}
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
		  (quoted.proto != PROTO_ICMP || ct_icmp_invertible((uint8_t)(quoted.dport >> 8)));
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
	if (pkt_daddr(l->p) != e->tuple[d].dst) {
		char a[ADDR_STRLEN], b[ADDR_STRLEN];
		sb_addf(l->say, "INVALID: icmp error for entry %u sent to %s, not to %s", e->id,
			addr_fmt(pkt_daddr(l->p), a), addr_fmt(e->tuple[d].dst, b));
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
	switch (t->proto) {
	case PROTO_TCP:
		return ct_tcp_new(l->p, l->ct->tcp_loose, state, reason);
	case PROTO_ICMP:
		if (ct_icmp_may_open(type))
			return true;
		if (ct_icmp_invertible(type))
			sb_addf(reason, "an icmp %s without its request cannot open a connection",
				icmp_type_name(type, 0));
		else
			sb_addf(reason, "icmp type %u is not tracked", type);
		return false;
	default:
		return true;
	}
}

static struct ct_entry *new_entry(struct conntrack *ct, const struct ct_tuple *t,
				  enum ct_tcp_state state)
{
	struct ct_entry *e = xcalloc(1, sizeof(*e));
	if (!ct->next_id)
		ct->next_id = 1;
	e->id = ct->next_id++;
	if (ct->acct)
		e->acct = xcalloc(1, sizeof(*e->acct));
	e->tuple[CT_DIR_ORIGINAL] = *t;
	ct_tuple_invert(t, &e->tuple[CT_DIR_REPLY]);
	e->tcp_state = state;
	e->owner = ct;
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
	e->born = l->p->t;
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
		e->master = x->master;
		ct_pin(e->master);
		e->mark = x->master->mark;
		sb_addf(l->say, ", RELATED: expectation %u of entry %u's %s helper fits it (used up)",
			x->id, x->master->id, x->helper);
		if (x->expectfn) {
			x->expectfn(l->ct, e, x);
			sb_addf(l->say, ", NATed as its master (nf_nat_follow_master)");
		}
		free(x);
	} else if (l->p->ct_helper[0]) {
		e->help = xcalloc(1, sizeof(*e->help));
		str_copy(e->help->name, sizeof(e->help->name), l->p->ct_helper);
		sb_addf(l->say, ", helper %s attached (CT --helper)", e->help->name);
	}
	if (t->proto == PROTO_TCP) {
		struct strbuf tcp = STRBUF_INIT;
		ct_tcp_packet(e, l->p, CT_DIR_ORIGINAL, l->say ? &tcp : NULL);
		sb_addf(l->say, ", tcp state %s%s", ct_tcp_state_name(e->tcp_state),
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
	sb_addf(l->say, "%s direction of entry %u", dir_words(d), e->id);
	if (ci == CTINFO_NEW)
		sb_adds(l->say, ", no reply seen yet: still NEW");
	else if (ci == CTINFO_RELATED)
		sb_addf(l->say, ", no reply seen yet: still RELATED to entry %u", e->master->id);
	enum ct_tcp_verdict v = CT_TCP_ACCEPT;
	if (e->tuple[CT_DIR_ORIGINAL].proto == PROTO_TCP) {
		struct strbuf tcp = STRBUF_INIT;
		v = ct_tcp_packet(e, l->p, d, l->say ? &tcp : NULL);
		sb_addf(l->say, "; %s", sb_str(&tcp));
		sb_free(&tcp);
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
	if (!pkt_ip_ok(p))
		return invalid(l, "not a whole IPv4 header");
	if (pkt_is_fragment(p) || pkt_more_fragments(p))
		return invalid(l, "a fragment: the kernel reassembles before conntrack "
				  "(nf_defrag_ipv4), nfwalk does not");
	const char *err = protocol_error(p);
	if (err)
		return invalid(l, err);
	uint8_t type;
	if (pkt_icmp(p, &type, NULL) && icmp_type_is_error(type))
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
	struct lookup l = {.ct = ct, .p = p, .why = STRBUF_INIT};
	l.say = why && n ? &l.why : NULL;
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
		ci = classify(&l);
		/* after the lookup, so a packet finding its own entry expired
		 * says so */
		if (p->t > 0)
			sweep(ct, p->t, 2);
	}
	if (why && n)
		str_copy(why, n, sb_str(&l.why));
	sb_free(&l.why);
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

void ct_entry_fmt(const struct ct_entry *e, char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
	const char *name = proto_name(o->proto);
	sb_addf(&sb, "%s %u ", name ? name : "unknown", o->proto);
	if (o->proto == PROTO_TCP)
		sb_addf(&sb, "%s ", ct_tcp_state_name(e->tcp_state));
	ct_tuple_fmt_kv(o, &sb);
	if (!(e->status & CTS_SEEN_REPLY))
		sb_adds(&sb, " [UNREPLIED]");
	sb_adds(&sb, " ");
	ct_tuple_fmt_kv(&e->tuple[CT_DIR_REPLY], &sb);
	if (e->status & CTS_ASSURED)
		sb_adds(&sb, " [ASSURED]");
	sb_addf(&sb, " mark=%u", e->mark);
	if (e->help)
		sb_addf(&sb, " helper=%s", e->help->name);
	if (e->master)
		sb_addf(&sb, " master=%u", e->master->id);
	sb_addf(&sb, " id=%u", e->id);
	str_copy(buf, n, sb_str(&sb));
	sb_free(&sb);
}
