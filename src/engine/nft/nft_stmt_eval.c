/* nft_stmt_eval.c - the statements of a rule: meta/ct mark set, counter,
 * log, limit, quota, reject, dnat/snat/masquerade/redirect (choosing a
 * binding through the NAT layer, as the nat expression's eval does with
 * nf_nat_setup_info), notrack.  Every statement says what it did. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"
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
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	snprintf(c->log, sizeof(c->log), "%sIN=%s OUT=%s SRC=%s DST=%s LEN=%u TTL=%u PROTO=%u", prefix,
		 c->in ? c->in : "", c->out ? c->out : "", addr_fmt(pkt_saddr(c->p), a),
		 addr_fmt(pkt_daddr(c->p), b), pkt_tot_len(c->p), pkt_ttl(c->p), pkt_proto(c->p));
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

static struct packet *icmp_answer(struct nft_ctx *c, uint8_t code)
{
	const struct packet *p = c->p;
	uint8_t type, k;
	if ((pkt_icmp(p, &type, &k) && icmp_type_is_error(type)) || (pkt_daddr(p) >> 28) == 0xe ||
	    pkt_daddr(p) == 0xffffffffu)
		return NULL;
	uint32_t src = pkt_daddr(p);
	if (!net_is_local(c->net, src)) {
		struct route_query q = {.dst.ip = pkt_saddr(p), .quiet = true};
		struct route_result res;
		if (route_lookup(c->net, &q, &res) < 0)
			return NULL;
		src = res.prefsrc.ip;
	}
	return packet_icmp_error(p, ICMP_DEST_UNREACH, code, src);
}

/* reject [with tcp reset | icmp CODE | icmpx CODE]: the default is port
 * unreachable (icmpx's codes map to ICMP's: nft_reject_icmp_code). */
static int reject(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v)
{
	static const struct {
		const char *with;
		uint8_t code;
	} codes[] = {
		{"icmp net-unreachable", 0},	 {"icmp host-unreachable", 1},	 {"icmp prot-unreachable", 2},
		{"icmp port-unreachable", 3},	 {"icmp net-prohibited", 9},	 {"icmp host-prohibited", 10},
		{"icmp admin-prohibited", 13},	 {"icmpx no-route", 0},		 {"icmpx port-unreachable", 3},
		{"icmpx host-unreachable", 1},	 {"icmpx admin-prohibited", 13},
	};
	const struct nft_expr *w = arg(s, "with");
	v->kind = NFTV_DROP;
	c->rejected = true;
	if (w && !strcmp(w->text, "tcp reset")) {
		if (pkt_proto(c->p) != 6 || (pkt_tcp_flags(c->p) & TCPF_RST))
			snprintf(c->why, sizeof(c->why), "reject: dropped, no reset to send");
		else if ((c->spawn = packet_tcp_reset(c->p)))
			snprintf(c->why, sizeof(c->why), "reject with tcp reset: dropped, TCP reset sent");
		nft_record(t, true, "%s", c->why);
		return 1;
	}
	uint8_t code = 3;
	for (size_t i = 0; w && i < ARRAY_SIZE(codes); i++)
		if (!strcmp(w->text, codes[i].with))
			code = codes[i].code;
	c->spawn = icmp_answer(c, code);
	snprintf(c->why, sizeof(c->why), "reject: dropped%s", c->spawn ? ", ICMP error sent" : ", no ICMP error");
	nft_record(t, true, "%s", c->why);
	return 1;
}

/* ---- nat ---- */

static bool nat_range_of(const struct nft_stmt *s, struct nat_range *r)
{
	*r = (struct nat_range){.family = FAMILY_IPV4};
	const struct nft_expr *to = arg(s, "to"), *port = arg(s, ":");
	if (to) {
		struct nval a, b;
		if (to->kind == EK_RANGE && nval_parse(DT_IPV4, to->sub[0]->text, &a) &&
		    nval_parse(DT_IPV4, to->sub[1]->text, &b)) {
			r->min_addr = inet_v4((uint32_t)a.n);
			r->max_addr = inet_v4((uint32_t)b.n);
		} else if (to->kind == EK_VALUE && nval_parse(DT_IPV4, to->text, &a)) {
			r->min_addr = r->max_addr = inet_v4((uint32_t)a.n);
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
	v->kind = NFTV_ACCEPT;
	if (!nat_range_of(s, &r)) {
		v->kind = NFTV_DROP;
		snprintf(c->why, sizeof(c->why), "%s: an address nfwalk cannot read", s->name);
		nft_record(t, false, "%s", c->why);
		return 1;
	}
	if (!strcmp(s->name, "masquerade")) {
		uint32_t toward = c->p->nexthop.ip ? c->p->nexthop.ip : pkt_daddr(c->p);
		uint32_t src = net_select_src(c->net, c->out, toward);
		if (!src) {
			v->kind = NFTV_DROP;
			snprintf(c->why, sizeof(c->why), "masquerade: %s has no address: dropped",
				 c->out ? c->out : "the output interface");
			nft_record(t, false, "%s", c->why);
			return 1;
		}
		r.min_addr = r.max_addr = inet_v4(src);
		r.has_addr = true;
	} else if (!strcmp(s->name, "redirect")) {
		uint32_t to = 0x7f000001;
		if (c->hook == HOOK_PREROUTING) {
			const struct iface *ifc = netconf_iface(c->net, c->in);
			to = ifc && ifc->naddr > 0 ? ifc->addr[0] : 0;
		}
		r.min_addr = r.max_addr = inet_v4(to);
		r.has_addr = to != 0;
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
