/* nft_stmt_eval.c - the statements of a rule: meta/ct mark set, counter,
 * log, limit, quota, reject, dnat/snat/masquerade/redirect (choosing a
 * binding through the NAT layer, as the nat expression's eval does with
 * nf_nat_setup_info), notrack.  Every statement says what it did. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"
#include "engine/net/natsrc.h"
#include "engine/track/nat.h"
#include "lib/addr.h"

static const struct nft_expr *arg(const struct nft_stmt *s, const char *key)
{
	for (size_t i = 0; i < s->nargs; i++)
		if ((key == NULL) == (s->args[i].key == NULL) &&
		    (!key || !strcmp(s->args[i].key, key)))
			return s->args[i].val;
	return NULL;
}

static bool has_flag(const struct nft_stmt *s, const char *key)
{
	for (size_t i = 0; i < s->nargs; i++)
		if (s->args[i].key && !strcmp(s->args[i].key, key))
			return true;
	return false;
}

static struct nft_state *state_of(struct nft_ctx *c, const struct nft_stmt *s)
{
	struct nft_states *st = c->states;
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].s == s)
			return &st->v[i];
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 16;
		st->v = xrealloc(st->v, st->cap * sizeof(*st->v));
	}
	st->v[st->n] = (struct nft_state){.s = s, .tokens = -1};
	return &st->v[st->n++];
}

void nft_states_free(struct nft_states *st)
{
	free(st->v);
	*st = (struct nft_states){0};
}

/* ---- set ---- */

void nft_stmt_set(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *lhs = s->expr->sub[0], *val = s->expr->sub[1];
	struct nval v;
	if (!nft_value_of(c, val, DT_MARK, &v) || v.is_str) {
		nft_record(t, false, "%s %s: nothing to set it from", lhs->sel->proto, lhs->sel->field);
		return;
	}
	const char *what = lhs->sel->field;
	uint32_t n = (uint32_t)v.n;
	if (!strcmp(lhs->sel->proto, "ct")) {
		if (!c->p->ct) {
			nft_record(t, true, "ct mark set 0x%08x: no conntrack entry, nothing set", n);
			return;
		}
		c->p->ct->mark = n;
	} else if (!strcmp(what, "priority")) {
		c->p->priority = n;
	} else {
		c->p->mark = n;
	}
	nft_record(t, true, "%s %s set 0x%08x", lhs->sel->proto, what, n);
}

/* ---- counter, log ---- */

static int counter(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	struct nft_state *st = state_of(c, s);
	st->pkts++;
	st->bytes += pkt_tot_len(c->p);
	nft_record(t, true, "counter packets %llu bytes %llu", (unsigned long long)st->pkts,
		   (unsigned long long)st->bytes);
	return 0;
}

/* The kernel log line nf_log_ip_packet writes (the fields that matter). */
static int log_stmt(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *pre = arg(s, "prefix");
	char prefix[128] = "";
	if (pre) {
		snprintf(prefix, sizeof(prefix), "%s", pre->text);
		size_t n = strlen(prefix);
		if (n >= 2 && prefix[0] == '"' && prefix[n - 1] == '"') {
			memmove(prefix, prefix + 1, n - 2);
			prefix[n - 2] = '\0';
		}
	}
	char a[INET_STRLEN], b[INET_STRLEN];
	int fam = pkt_family(c->p);
	union inet_addr src = pkt_src(c->p), dst = pkt_dst(c->p);
	/* nf_log_ip6_packet says HOPLIMIT where IPv4's says TTL */
	snprintf(c->log, sizeof(c->log), "%sIN=%s OUT=%s SRC=%s DST=%s LEN=%u %s=%u PROTO=%u", prefix,
		 c->in ? c->in : "", c->out ? c->out : "", inet_fmt(fam, &src, a), inet_fmt(fam, &dst, b),
		 pkt_tot_len(c->p), fam == FAMILY_IPV6 ? "HOPLIMIT" : "TTL", pkt_ttl(c->p), pkt_proto(c->p));
	nft_record(t, true, "log: %s", c->log);
	return 0;
}

/* ---- limit, quota ---- */

static const struct {
	const char *unit;
	double secs;
} units[] = {{"second", 1}, {"minute", 60}, {"hour", 3600}, {"day", 86400}, {"week", 604800}};

static bool limit_parse(const char *text, bool *over, double *rate)
{
	*over = !strncmp(text, "over ", 5);
	if (*over)
		text += 5;
	char *end;
	double n = strtod(text, &end);
	if (end == text || *end != '/')
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (!strcmp(end + 1, units[i].unit)) {
			*rate = n / units[i].secs;
			return true;
		}
	return false;
}

/* nft_limit_eval: a token bucket of burst packets (5 by default, as nft
 * lists it when none is given) refilled at the rate over packet time. */
static int limit(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	bool over;
	double rate;
	const struct nft_expr *r = arg(s, "rate"), *b = arg(s, "burst");
	if (!r || !limit_parse(r->text, &over, &rate))
		return 0;
	double burst = b ? atof(b->text) : 5;
	if (burst < 1)
		burst = 1;
	struct nft_state *st = state_of(c, s);
	if (st->tokens < 0) {
		st->tokens = burst;
		st->last = c->p->t;
	}
	st->tokens += (c->p->t - st->last) * rate;
	if (st->tokens > burst)
		st->tokens = burst;
	st->last = c->p->t;
	bool within = st->tokens >= 1;
	if (within)
		st->tokens -= 1;
	bool pass = within != over;
	nft_record(t, pass, "limit rate %s: %s", r->text, within ? "within the rate" : "over the rate");
	return pass ? 0 : -1;
}

static int quota(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *q = arg(s, NULL);
	if (!q)
		return 0;
	const char *text = q->text;
	bool over = !strncmp(text, "over ", 5);
	if (over || !strncmp(text, "until ", 6))
		text = strchr(text, ' ') + 1;
	char *end;
	double n = strtod(text, &end);
	while (*end == ' ')
		end++;
	static const struct {
		const char *u;
		double m;
	} mult[] = {{"bytes", 1}, {"kbytes", 1024}, {"mbytes", 1048576}, {"gbytes", 1073741824.0}};
	for (size_t i = 0; i < ARRAY_SIZE(mult); i++)
		if (!strcmp(end, mult[i].u))
			n *= mult[i].m;
	struct nft_state *st = state_of(c, s);
	st->bytes += pkt_tot_len(c->p);
	bool exceeded = (double)st->bytes > n;
	bool pass = exceeded == over;
	nft_record(t, pass, "quota %s: %llu bytes used", q->text, (unsigned long long)st->bytes);
	return pass ? 0 : -1;
}

/* ---- reject ---- */

/* nf_send_unreach / nf_send_unreach6: from the rejected packet's
 * destination when it is this host's, else from the source the route
 * back gives; icmp_send's and icmp6_send's refusals are
 * packet_icmp_error_addr's. */
static struct packet *icmp_answer(struct nft_ctx *c, uint8_t code)
{
	const struct packet *p = c->p;
	int fam = pkt_family(p);
	union inet_addr src = pkt_dst(p);
	if (fam == FAMILY_IPV4 && (pkt_icmp_is_error(p) || (src.ip >> 28) == 0xe || src.ip == 0xffffffffu))
		return NULL;
	if (!net_is_local_inet(c->net, fam, &src)) {
		struct route_query q = {.family = fam, .dst = pkt_src(p), .quiet = true};
		struct route_result res;
		if (route_lookup(c->net, &q, &res) < 0)
			return NULL;
		src = res.prefsrc;
	}
	return packet_icmp_error_addr(p, fam == FAMILY_IPV6 ? ICMPV6_DEST_UNREACH : ICMP_DEST_UNREACH, code,
				      src, 0);
}

/* The code a `with` asks for in the packet's family; icmpx's map as
 * nft_reject_icmp_code and nft_reject_icmpv6_code map them.  The default
 * is port unreachable (3 in ICMP, 4 in ICMPv6). */
static const struct reject_code {
	const char *with;
	int fam; /* 0: icmpx, either family */
	uint8_t v4, v6;
} reject_codes[] = {
	{"icmp net-unreachable", FAMILY_IPV4, 0, 0},	{"icmp host-unreachable", FAMILY_IPV4, 1, 0},
	{"icmp prot-unreachable", FAMILY_IPV4, 2, 0},	{"icmp port-unreachable", FAMILY_IPV4, 3, 0},
	{"icmp net-prohibited", FAMILY_IPV4, 9, 0},	{"icmp host-prohibited", FAMILY_IPV4, 10, 0},
	{"icmp admin-prohibited", FAMILY_IPV4, 13, 0},	{"icmpv6 no-route", FAMILY_IPV6, 0, 0},
	{"icmpv6 admin-prohibited", FAMILY_IPV6, 0, 1}, {"icmpv6 addr-unreachable", FAMILY_IPV6, 0, 3},
	{"icmpv6 port-unreachable", FAMILY_IPV6, 0, 4}, {"icmpv6 policy-fail", FAMILY_IPV6, 0, 5},
	{"icmpv6 reject-route", FAMILY_IPV6, 0, 6},	{"icmpx no-route", 0, 0, 0},
	{"icmpx port-unreachable", 0, 3, 4},		{"icmpx host-unreachable", 0, 1, 3},
	{"icmpx admin-prohibited", 0, 13, 1},
};

static const struct reject_code *reject_code(const struct nft_expr *w)
{
	for (size_t i = 0; w && i < ARRAY_SIZE(reject_codes); i++)
		if (!strcmp(w->text, reject_codes[i].with))
			return &reject_codes[i];
	return NULL;
}

/* The answer leaves from this host and joins the rejected packet's
 * connection (nf_send_reset/nf_send_unreach: ip_local_out after
 * nf_ct_attach), as REJECT's. */
static struct packet *answered(struct nft_ctx *c, struct packet *a)
{
	if (a) {
		a->local_out = true;
		ct_attach(a, c->p);
	}
	return a;
}

/* reject [with tcp reset | icmp CODE | icmpv6 CODE | icmpx CODE]. */
static int reject(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v)
{
	const struct nft_expr *w = arg(s, "with");
	v->kind = NFTV_DROP;
	c->rejected = true;
	if (w && !strcmp(w->text, "tcp reset")) {
		/* nft's dependency: meta l4proto tcp */
		if (pkt_proto(c->p) != 6) {
			v->kind = NFTV_CONTINUE;
			c->rejected = false;
			nft_record(t, false, "reject with tcp reset: not a TCP packet");
			return -1;
		}
		/* nf_send_reset / nf_send_reset6 */
		if (pkt_proto(c->p) != 6 || (pkt_tcp_flags(c->p) & TCPF_RST))
			snprintf(c->why, sizeof(c->why), "reject: dropped, no reset to send");
		else if ((c->spawn = answered(c, packet_tcp_reset(c->p))))
			snprintf(c->why, sizeof(c->why), "reject with tcp reset: dropped, TCP reset sent");
		else
			snprintf(c->why, sizeof(c->why), "reject: dropped, no reset (a fragment or a cut header)");
		nft_record(t, true, "%s", c->why);
		return 1;
	}
	bool v6 = pkt_family(c->p) == FAMILY_IPV6;
	const struct reject_code *rc = reject_code(w);
	if (rc && rc->fam && rc->fam != pkt_family(c->p)) {
		/* nft puts `meta nfproto ipv4` (ipv6) before `reject with icmp`
		 * (icmpv6) in an inet table: the other family's packet does not
		 * match the rule */
		v->kind = NFTV_CONTINUE;
		c->rejected = false;
		nft_record(t, false, "reject with %s: not for an %s packet", w->text, v6 ? "IPv6" : "IPv4");
		return -1;
	}
	c->spawn = answered(c, icmp_answer(c, rc ? (v6 ? rc->v6 : rc->v4) : v6 ? 4 : 3));
	snprintf(c->why, sizeof(c->why), "reject: dropped%s",
		 c->spawn ? (v6 ? ", ICMPv6 error sent" : ", ICMP error sent")
			  : (v6 ? ", no ICMPv6 error" : ", no ICMP error"));
	nft_record(t, true, "%s", c->why);
	return 1;
}

/* ---- nat ---- */

static union inet_addr addr_of(const struct nval *v)
{
	return v->fam == FAMILY_IPV6 ? v->a : inet_v4((uint32_t)v->n);
}

/* The family's nf_nat_range2: an address of the packet's family (nft
 * refuses `dnat ip to` a IPv6 address at load; here the other family's
 * address reads as none). */
static bool nat_range_of(const struct nft_stmt *s, int fam, struct nat_range *r)
{
	*r = (struct nat_range){.family = fam};
	enum nft_dtype dt = fam == FAMILY_IPV6 ? DT_IPV6 : DT_IPV4;
	const struct nft_expr *to = arg(s, "to"), *port = arg(s, ":");
	if (to) {
		struct nval a, b;
		if (to->kind == EK_RANGE && nval_parse(dt, to->sub[0]->text, &a) &&
		    nval_parse(dt, to->sub[1]->text, &b)) {
			r->min_addr = addr_of(&a);
			r->max_addr = addr_of(&b);
		} else if (to->kind == EK_VALUE && nval_parse(dt, to->text, &a)) {
			r->min_addr = r->max_addr = addr_of(&a);
		} else {
			return false;
		}
		r->has_addr = true;
	}
	if (port) {
		struct nval a, b;
		if (port->kind == EK_RANGE && nval_parse(DT_PORT, port->sub[0]->text, &a) &&
		    nval_parse(DT_PORT, port->sub[1]->text, &b)) {
			r->min_port = (uint16_t)a.n;
			r->max_port = (uint16_t)b.n;
		} else if (port->kind == EK_VALUE && nval_parse(DT_PORT, port->text, &a)) {
			r->min_port = r->max_port = (uint16_t)a.n;
		} else {
			return false;
		}
		r->has_port = true;
	}
	r->random = has_flag(s, "random");
	r->persistent = has_flag(s, "persistent");
	r->fully_random = has_flag(s, "fully-random");
	return true;
}

static int nat(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v)
{
	struct nat_range r;
	int fam = pkt_family(c->p);
	v->kind = NFTV_ACCEPT;
	if (!nat_range_of(s, fam, &r)) {
		v->kind = NFTV_DROP;
		snprintf(c->why, sizeof(c->why), "%s: an address nfwalk cannot read", s->name);
		nft_record(t, false, "%s", c->why);
		return 1;
	}
	if (!strcmp(s->name, "masquerade")) {
		union inet_addr src, dst = pkt_dst(c->p);
		if (!net_masq_source(c->net, c->out, fam, &dst, &c->p->nexthop, &src)) {
			v->kind = NFTV_DROP;
			snprintf(c->why, sizeof(c->why), "masquerade: %s has no address: dropped",
				 c->out ? c->out : "the output interface");
			nft_record(t, false, "%s", c->why);
			return 1;
		}
		r.min_addr = r.max_addr = src;
		r.has_addr = true;
	} else if (!strcmp(s->name, "redirect")) {
		/* to this host: the incoming interface's address, or loopback
		 * for locally generated packets (nf_nat_redirect_ipv4/ipv6) */
		static const struct addr6 loop6 = {.b = {[15] = 1}};
		union inet_addr to = fam == FAMILY_IPV6 ? inet_v6(&loop6) : inet_v4(0x7f000001);
		r.has_addr = c->hook != HOOK_PREROUTING || net_redirect_addr(c->net, c->in, fam, &to);
		r.min_addr = r.max_addr = to;
	}
	if (!c->p->ct) {
		snprintf(c->why, sizeof(c->why), "%s: no connection to bind (untracked packet)", s->name);
	} else {
		char why[200] = "";
		if (nat_setup(c->ct, c->p->ct, nat_manip_of_hook(c->hook), &r, why, sizeof(why)) < 0)
			v->kind = NFTV_DROP;
		snprintf(c->why, sizeof(c->why), "%s: %s", s->name, why[0] ? why : "bound");
	}
	nft_record(t, v->kind == NFTV_ACCEPT, "%s", c->why);
	return 1;
}

static int notrack(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	(void)s;
	c->p->notrack = true;
	c->p->ctinfo = CTINFO_UNTRACKED;
	nft_record(t, true, "notrack: connection tracking will skip the packet");
	return 0;
}

int nft_stmt_words(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v)
{
	const char *n = s->name;
	if (!strcmp(n, "counter"))
		return counter(c, s, t);
	if (!strcmp(n, "log"))
		return log_stmt(c, s, t);
	if (!strcmp(n, "limit"))
		return limit(c, s, t);
	if (!strcmp(n, "quota"))
		return quota(c, s, t);
	if (!strcmp(n, "reject"))
		return reject(c, s, t, v);
	if (!strcmp(n, "notrack"))
		return notrack(c, s, t);
	if (!strcmp(n, "dnat") || !strcmp(n, "snat") || !strcmp(n, "masquerade") || !strcmp(n, "redirect"))
		return nat(c, s, t, v);
	return 0; /* nft_check refused the others at load */
}
