/* ipset.c - the sets and their lookups, after net/netfilter/ipset:
 * ip_set_core.c (ip_set_test/add/del and the dimension check),
 * ip_set_hash_gen.h (mtype_test_cidrs: the longest prefix first, a
 * nomatch element ends the search; mtype_add/del), ip_set_getport.c
 * (what a packet's "port" is) and ip_set_list_set.c.  Elements are kept
 * in arrays: the sets of a scenario are small, and a linear scan is the
 * kernel's answer without its hashing.  The sets are IPv4's (family
 * inet) on purpose, hence pkt_saddr/pkt_daddr: ip6tables refuses -m set
 * and -j SET, since an IPv6 rule would need a family inet6 set. */
#define _POSIX_C_SOURCE 200809L

#include "engine/xt/ipset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/track/packet.h"
#include "engine/xt/xt.h"
#include "lib/addr.h"

enum { PROTO_UDPLITE = 136 }; /* PROTO_SCTP is packet.h's */

static const struct {
	const char *name;
	enum ipset_comp comp[3];
} types[] = {
#define X(id, name, c1, c2, c3) [id] = {name, {c1, c2, c3}},
	IPSET_TYPE_LIST(X)
#undef X
};

const char *ipset_type_name(enum ipset_type t)
{
	return t < IPS_TYPE_COUNT ? types[t].name : "?";
}

int ipset_type_by_name(const char *name)
{
	for (int t = 0; t < IPS_TYPE_COUNT; t++)
		if (strcmp(types[t].name, name) == 0)
			return t;
	return -1;
}

enum ipset_comp ipset_type_comp(enum ipset_type t, unsigned dim)
{
	return dim < 3 ? types[t].comp[dim] : IC_NONE;
}

unsigned ipset_type_dim(enum ipset_type t)
{
	unsigned d = 0;
	while (d < 3 && types[t].comp[d] != IC_NONE)
		d++;
	return d;
}

static bool has_net(enum ipset_type t)
{
	return types[t].comp[0] == IC_NET;
}

struct ipset_store *ruleset_ipsets(struct ruleset *rs)
{
	if (!rs->sets)
		rs->sets = xcalloc(1, sizeof(*rs->sets));
	return rs->sets;
}

struct ipset *ipset_find(const struct ipset_store *st, const char *name)
{
	for (size_t i = 0; st && i < st->n; i++)
		if (strcmp(st->v[i]->name, name) == 0)
			return st->v[i];
	return NULL;
}

struct ipset *ipset_create(struct ipset_store *st, const char *name, enum ipset_type t,
			   struct nf_error *err)
{
	if (ipset_find(st, name)) {
		nf_err(err, -1, "Set cannot be created: set with the same name already exists");
		return NULL;
	}
	struct ipset *s = xcalloc(1, sizeof(*s));
	str_copy(s->name, sizeof(s->name), name);
	s->type = t;
	s->maxelem = 65536;
	s->hashsize = 1024;
	s->size = 8;
	s->netmask = 32;
	st->v = xrealloc(st->v, (st->n + 1) * sizeof(*st->v));
	st->v[st->n++] = s;
	return s;
}

void ipset_elem_free(struct ipset_elem *e)
{
	free(e->comment);
	e->comment = NULL;
}

void ipset_store_free(struct ipset_store *st)
{
	for (size_t i = 0; i < st->n; i++) {
		for (size_t k = 0; k < st->v[i]->n; k++)
			ipset_elem_free(&st->v[i]->v[k]);
		free(st->v[i]->v);
		free(st->v[i]);
	}
	free(st->v);
	memset(st, 0, sizeof(*st));
}

/* --- elements --- */

static bool expired(const struct ipset_elem *e, double now)
{
	return e->expires > 0 && now > e->expires;
}

/* mtype_data_equal: the key, not the extensions. */
static bool elem_equal(const struct ipset *s, const struct ipset_elem *a,
		       const struct ipset_elem *b)
{
	for (unsigned d = 0; d < 3; d++) {
		switch (types[s->type].comp[d]) {
		case IC_IP:
			if ((d == 2 ? a->ip2 != b->ip2 : a->ip != b->ip))
				return false;
			break;
		case IC_NET:
			if (a->ip != b->ip || a->cidr != b->cidr)
				return false;
			break;
		case IC_PORT:
			if (a->proto != b->proto || a->port != b->port)
				return false;
			break;
		case IC_IFACE:
			if (strcmp(a->iface, b->iface) != 0 || a->physdev != b->physdev)
				return false;
			break;
		case IC_SETNAME:
			if (strcmp(a->member, b->member) != 0)
				return false;
			break;
		case IC_NONE:
			break;
		}
	}
	return true;
}

static struct ipset_elem *elem_find(struct ipset *s, const struct ipset_elem *k)
{
	for (size_t i = 0; i < s->n; i++)
		if (elem_equal(s, &s->v[i], k))
			return &s->v[i];
	return NULL;
}

static const char *const icmp_names[][16] = {
	[0] = {"echo-reply"},
	[3] = {"network-unreachable", "host-unreachable", "protocol-unreachable",
	       "port-unreachable", "fragmentation-needed", "source-route-failed",
	       "network-unknown", "host-unknown", NULL, "network-prohibited", "host-prohibited",
	       "TOS-network-unreachable", "TOS-host-unreachable", "communication-prohibited",
	       "host-precedence-violation", "precedence-cutoff"},
	[4] = {"source-quench"},
	[5] = {"network-redirect", "host-redirect", "TOS-network-redirect", "TOS-host-redirect"},
	[8] = {"echo-request"},
	[9] = {"router-advertisement"},
	[10] = {"router-solicitation"},
	[11] = {"ttl-zero-during-transit", "ttl-zero-during-reassembly"},
	[12] = {"ip-header-bad", "required-option-missing"},
	[13] = {"timestamp-request"},
	[14] = {"timestamp-reply"},
	[17] = {"address-mask-request"},
	[18] = {"address-mask-reply"},
};

/* ipset's icmp.c: a type/code pair by name (case-insensitive). */
bool ipset_icmp_by_name(const char *name, uint16_t *port)
{
	for (size_t t = 0; t < ARRAY_SIZE(icmp_names); t++)
		for (size_t c = 0; c < 16; c++)
			if (icmp_names[t][c] && strcasecmp(icmp_names[t][c], name) == 0) {
				*port = (uint16_t)(t << 8 | c);
				return true;
			}
	return false;
}

void ipset_port_fmt(uint8_t proto, uint16_t port, char *buf, size_t n)
{
	const char *pn = xt_proto_name(proto);
	char num[8];
	if (!pn) {
		snprintf(num, sizeof(num), "%u", proto);
		pn = num;
	}
	if (proto == PROTO_ICMP) {
		unsigned t = port >> 8, c = port & 0xff;
		const char *name = t < ARRAY_SIZE(icmp_names) && c < 16 ? icmp_names[t][c] : NULL;
		if (name)
			snprintf(buf, n, "icmp:%s", name);
		else
			snprintf(buf, n, "icmp:%u/%u", t, c);
		return;
	}
	snprintf(buf, n, "%s:%u", pn, port);
}

void ipset_elem_fmt(const struct ipset *s, const struct ipset_elem *e, char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char a[ADDR_STRLEN], port[40];
	for (unsigned d = 0; d < 3; d++) {
		enum ipset_comp c = types[s->type].comp[d];
		if (c == IC_NONE)
			break;
		if (d)
			sb_adds(&sb, ",");
		switch (c) {
		case IC_IP:
			sb_adds(&sb, addr_fmt(d == 2 ? e->ip2 : e->ip, a));
			break;
		case IC_NET:
			sb_addf(&sb, "%s", addr_fmt(e->ip, a));
			if (e->cidr != 32)
				sb_addf(&sb, "/%u", e->cidr);
			break;
		case IC_PORT:
			if (s->type == IPS_BITMAP_PORT) {
				sb_addf(&sb, "%u", e->port);
			} else {
				ipset_port_fmt(e->proto, e->port, port, sizeof(port));
				sb_adds(&sb, port);
			}
			break;
		case IC_IFACE:
			sb_addf(&sb, "%s%s", e->physdev ? "physdev:" : "", e->iface);
			break;
		case IC_SETNAME:
			sb_adds(&sb, e->member);
			break;
		case IC_NONE:
			break;
		}
	}
	str_copy(buf, n, sb_str(&sb));
	sb_free(&sb);
}

/* --- keys from a packet (the kadt functions) --- */

/* ip_set_get_ip4_port: TCP, UDP, UDP-Lite and SCTP give their port,
 * ICMP its type << 8 | code (either direction), any other protocol
 * port 0; a later fragment of a protocol with ports gives nothing. */
static bool packet_port(const struct packet *p, bool src, uint8_t *proto, uint16_t *port)
{
	uint8_t pr = pkt_proto(p), type, code;
	bool ported = pr == PROTO_TCP || pr == PROTO_UDP || pr == PROTO_UDPLITE || pr == PROTO_SCTP;
	if (pkt_is_fragment(p))
		if (ported || pr == PROTO_ICMP)
			return false;
	*proto = pr;
	*port = 0;
	if (ported) {
		if (!pkt_has_ports(p))
			return false;
		*port = src ? pkt_sport(p) : pkt_dport(p);
	} else if (pr == PROTO_ICMP) {
		if (!pkt_icmp(p, &type, &code))
			return false;
		*port = (uint16_t)(type << 8 | code);
	}
	return true;
}

/* The element a packet is, dimension by dimension; NULL when the
 * packet has no such key (the kadt's -EINVAL), else the reason. */
static const char *packet_key(const struct ipset *s, const struct packet *p,
			      const struct ipset_opt *o, struct ipset_elem *k)
{
	memset(k, 0, sizeof(*k));
	k->cidr = 32;
	for (unsigned d = 0; d < 3; d++) {
		bool src = o->src[d];
		switch (types[s->type].comp[d]) {
		case IC_IP:
			*(d == 2 ? &k->ip2 : &k->ip) = src ? pkt_saddr(p) : pkt_daddr(p);
			break;
		case IC_NET:
			k->ip = src ? pkt_saddr(p) : pkt_daddr(p);
			break;
		case IC_PORT:
			if (!packet_port(p, src, &k->proto, &k->port))
				return "the packet has no port (a later fragment?)";
			if (s->type == IPS_BITMAP_PORT &&
			    !(k->proto == PROTO_TCP || k->proto == PROTO_UDP || k->proto == PROTO_UDPLITE ||
			      k->proto == PROTO_SCTP))
				return "bitmap:port takes TCP, UDP, UDP-Lite and SCTP ports only";
			break;
		case IC_IFACE: {
			const char *ifn = src ? o->in : o->out;
			if (!ifn || !*ifn)
				return src ? "no input interface at this hook"
					   : "no output interface at this hook";
			str_copy(k->iface, sizeof(k->iface), ifn);
			break;
		}
		case IC_SETNAME:
		case IC_NONE:
			break;
		}
	}
	if (s->type == IPS_HASH_IP)
		k->ip &= prefix_mask(s->netmask);
	return NULL;
}

/* --- the extensions (ip_set_match_extensions) --- */

static bool counter_ok(uint64_t have, uint64_t want, enum ipset_counter_op op)
{
	switch (op) {
	case ICO_EQ:
		return have == want;
	case ICO_NE:
		return have != want;
	case ICO_LT:
		return have < want;
	case ICO_GT:
		return have > want;
	case ICO_NONE:
		break;
	}
	return true;
}

/* Since Linux 5.2 the counters count the packet before they are
 * compared ("update byte and packet counters regardless of whether
 * they match"). */
static bool extensions_match(const struct ipset *s, struct ipset_elem *e, const struct packet *p,
			     const struct ipset_opt *o)
{
	if (!s->counters)
		return true;
	if (!o->skip_counters) {
		e->packets++;
		e->bytes += pkt_tot_len(p);
	}
	return !o->match_counters ||
	       (counter_ok(e->packets, o->packets, o->packets_op) &&
		counter_ok(e->bytes, o->bytes, o->bytes_op));
}

static void found_elem(const struct ipset *s, const struct ipset_elem *e, struct ipset_found *f)
{
	ipset_elem_fmt(s, e, f->elem, sizeof(f->elem));
}

/* mtype_test / mtype_test_cidrs: 1 found, -1 a nomatch element, 0 none. */
static int hash_test(struct ipset *s, const struct ipset_elem *k, const struct packet *p,
		     const struct ipset_opt *o, struct ipset_found *f)
{
	if (!has_net(s->type)) {
		struct ipset_elem *e = elem_find(s, k);
		if (e && expired(e, p->t))
			snprintf(f->msg, sizeof(f->msg), "its element timed out at %gs", e->expires);
		if (!e || expired(e, p->t) || !extensions_match(s, e, p, o))
			return 0;
		found_elem(s, e, f);
		return 1;
	}
	uint64_t cidrs = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!expired(&s->v[i], p->t))
			cidrs |= 1ull << s->v[i].cidr;
	for (int c = 32; c >= 0; c--) {
		if (!(cidrs & (1ull << c)))
			continue;
		struct ipset_elem m = *k;
		m.cidr = (uint8_t)c;
		m.ip &= prefix_mask(c);
		struct ipset_elem *e = elem_find(s, &m);
		if (!e || expired(e, p->t) || !extensions_match(s, e, p, o))
			continue;
		found_elem(s, e, f);
		return e->nomatch ? -1 : 1;
	}
	return 0;
}

static int list_test(struct ipset_store *st, struct ipset *s, const struct packet *p,
		     const struct ipset_opt *o, struct ipset_found *f)
{
	/* list_set_ktest: the members' counters are never compared, and
	 * ! --update-subcounters leaves them alone */
	struct ipset_opt sub = *o;
	sub.match_counters = false;
	if (o->skip_subcounters)
		sub.skip_counters = true;
	for (size_t i = 0; i < s->n; i++) {
		struct ipset_elem *e = &s->v[i];
		struct ipset *m = ipset_find(st, e->member);
		if (!m || expired(e, p->t))
			continue;
		struct ipset_found mf = {0};
		if (!ipset_test(st, m, p, &sub, &mf)) {
			if (mf.msg[0] && !mf.refused) /* say why a member missed */
				snprintf(f->msg, sizeof(f->msg), "%.31s: %.60s", m->name, mf.msg);
			continue;
		}
		if (!extensions_match(s, e, p, o))
			continue;
		*f = mf;
		str_copy(f->via, sizeof(f->via), m->name);
		return 1;
	}
	return 0;
}

bool ipset_test(struct ipset_store *st, struct ipset *s, const struct packet *p,
		const struct ipset_opt *o, struct ipset_found *f)
{
	f->result = 0;
	f->elem[0] = f->key[0] = f->via[0] = f->msg[0] = '\0';
	f->refused = NULL;
	if (s->type == IPS_LIST_SET)
		return list_test(st, s, p, o, f) > 0;
	if (o->dim < ipset_type_dim(s->type)) {
		f->refused = "fewer src/dst flags than the set has dimensions";
		return false;
	}
	struct ipset_elem k;
	f->refused = packet_key(s, p, o, &k);
	if (f->refused)
		return false;
	ipset_elem_fmt(s, &k, f->key, sizeof(f->key));
	int r;
	if (s->type == IPS_BITMAP_PORT) {
		if (k.port < s->port_lo || k.port > s->port_hi) {
			f->refused = "the port is outside the bitmap's range";
			return false;
		}
		k.proto = 0;
		r = hash_test(s, &k, p, o, f);
	} else {
		r = hash_test(s, &k, p, o, f);
	}
	f->result = r;
	/* ip_set_test: --return-nomatch turns a nomatch type's answer over */
	if (o->return_nomatch && has_net(s->type))
		return r < 0;
	return r > 0;
}

/* --- adding and deleting --- */

static double timeout_at(uint32_t timeout, double now)
{
	return timeout ? now + timeout : 0;
}

/* mtype_add: an element already there (and alive) is an error unless
 * -exist, which rewrites its extensions. */
static int elem_add(struct ipset *s, const struct ipset_elem *key, bool exist, double now,
		    uint32_t timeout, struct nf_error *err)
{
	struct ipset_elem masked = *key, *k = &masked;
	if (s->type == IPS_HASH_IP) /* the set keeps the masked address */
		masked.ip &= prefix_mask(s->netmask);
	struct ipset_elem *e = elem_find(s, k);
	if (e && !expired(e, now) && !exist)
		return nf_err(err, -1, "Element cannot be added to the set: it's already added");
	if (!e) {
		size_t alive = 0;
		for (size_t i = 0; i < s->n; i++)
			alive += !expired(&s->v[i], now);
		if (s->type != IPS_LIST_SET && s->type != IPS_BITMAP_PORT && alive >= s->maxelem)
			return nf_err(err, -1, "Hash is full, cannot add more elements");
		if (s->type == IPS_LIST_SET && alive >= s->size)
			return nf_err(err, -1, "The set is full, more elements cannot be added");
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
		}
		e = &s->v[s->n++];
		memset(e, 0, sizeof(*e));
	}
	ipset_elem_free(e);
	*e = *k;
	if (k->comment)
		e->comment = xstrdup(k->comment);
	e->expires = s->has_timeout ? timeout_at(timeout, now) : 0;
	if (!s->counters)
		e->packets = e->bytes = 0;
	return 0;
}

static int elem_del(struct ipset *s, const struct ipset_elem *key, bool exist, double now,
		    struct nf_error *err)
{
	struct ipset_elem masked = *key;
	if (s->type == IPS_HASH_IP)
		masked.ip &= prefix_mask(s->netmask);
	struct ipset_elem *e = elem_find(s, &masked);
	if (!e || expired(e, now)) {
		if (exist)
			return 0;
		return nf_err(err, -1, "Element cannot be deleted from the set: it's not added");
	}
	ipset_elem_free(e);
	*e = s->v[--s->n];
	return 0;
}

int ipset_uadd(struct ipset *s, const struct ipset_elem *e, uint32_t timeout, bool exist,
	       double now, struct nf_error *err)
{
	return elem_add(s, e, exist, now, timeout == UINT32_MAX ? s->timeout : timeout, err);
}

int ipset_udel(struct ipset *s, const struct ipset_elem *e, bool exist, double now,
	       struct nf_error *err)
{
	return elem_del(s, e, exist, now, err);
}

/* The key the SET target adds: hash:net types take the longest prefix
 * in the set, /32 when it is empty (INIT_CIDR in hash_net4_kadt). */
static const char *target_key(const struct ipset *s, const struct packet *p,
			      const struct ipset_opt *o, struct ipset_elem *k)
{
	if (o->dim < ipset_type_dim(s->type))
		return "fewer src/dst flags than the set has dimensions";
	const char *why = packet_key(s, p, o, k);
	if (why)
		return why;
	if (s->type == IPS_BITMAP_PORT) {
		if (k->port < s->port_lo || k->port > s->port_hi)
			return "the port is outside the bitmap's range";
		k->proto = 0;
	}
	if (has_net(s->type)) {
		int c = -1;
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].cidr > c)
				c = s->v[i].cidr;
		k->cidr = (uint8_t)(c < 0 ? 32 : c);
		k->ip &= prefix_mask(k->cidr);
	}
	return NULL;
}

static int list_kadt(struct ipset_store *st, struct ipset *s, const struct packet *p,
		     const struct ipset_opt *o, struct ipset_found *f, bool add)
{
	/* list_set_kadd / kdel: the first member that takes it */
	for (size_t i = 0; i < s->n; i++) {
		struct ipset *m = ipset_find(st, s->v[i].member);
		if (!m || expired(&s->v[i], p->t))
			continue;
		if ((add ? ipset_kadd : ipset_kdel)(st, m, p, o, f) == 0) {
			str_copy(f->via, sizeof(f->via), m->name);
			return 0;
		}
	}
	if (!f->refused)
		f->refused = "no member set took it";
	return -1;
}

int ipset_kadd(struct ipset_store *st, struct ipset *s, const struct packet *p,
	       const struct ipset_opt *o, struct ipset_found *f)
{
	struct ipset_elem k;
	struct nf_error err = {.col = -1};
	if (s->type == IPS_LIST_SET)
		return list_kadt(st, s, p, o, f, true);
	f->refused = target_key(s, p, o, &k);
	if (f->refused)
		return -1;
	ipset_elem_fmt(s, &k, f->key, sizeof(f->key));
	/* IP_SET_INIT_KEXT: a new element's counters start with this packet */
	k.packets = 1;
	k.bytes = pkt_tot_len(p);
	uint32_t timeout = o->timeout == UINT32_MAX ? s->timeout : o->timeout;
	if (elem_add(s, &k, o->exist, p->t, timeout, &err)) {
		str_copy(f->msg, sizeof(f->msg), err.msg);
		f->refused = f->msg;
		return -1;
	}
	return 0;
}

int ipset_kdel(struct ipset_store *st, struct ipset *s, const struct packet *p,
	       const struct ipset_opt *o, struct ipset_found *f)
{
	struct ipset_elem k;
	if (s->type == IPS_LIST_SET)
		return list_kadt(st, s, p, o, f, false);
	f->refused = target_key(s, p, o, &k);
	if (f->refused)
		return -1;
	ipset_elem_fmt(s, &k, f->key, sizeof(f->key));
	if (elem_del(s, &k, false, p->t, NULL)) {
		f->refused = "it was not in the set";
		return -1;
	}
	return 0;
}
