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

struct nft_state *nft_state_of(struct nft_ctx *c, const void *key)
{
	struct nft_states *st = c->states;
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].key == key)
			return &st->v[i];
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 16;
		st->v = xrealloc(st->v, st->cap * sizeof(*st->v));
	}
	st->v[st->n] = (struct nft_state){.key = key, .tokens = -1};
	return &st->v[st->n++];
}

void nft_states_free(struct nft_states *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->v[i].conns);
	free(st->v);
	nft_dyn_free(st->dyn);
	*st = (struct nft_states){0};
}

/* ---- set ---- */

bool nft_stmt_set(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *lhs = s->expr->sub[0], *val = s->expr->sub[1];
	struct nval v;
	if (!strcmp(lhs->sel->proto, "ct") && !strcmp(lhs->sel->field, "helper")) {
		nft_ct_helper_set(c, val->text, t);
		return true;
	}
	if (nft_payload_set_can(lhs))
		return nft_payload_set(c, s, t);
	if (!nft_value_of(c, val, DT_MARK, &v) || v.is_str)
		return nft_record(t, false, "%s %s set: nothing to set it from (the rule ends)", lhs->sel->proto,
				  lhs->sel->field);
	const char *what = lhs->sel->field;
	uint32_t n = (uint32_t)v.n;
	if (!strcmp(lhs->sel->proto, "ct")) {
		if (!c->p->ct)
			return nft_record(t, true, "ct mark set 0x%08x: no conntrack entry, nothing set", n);
		c->p->ct->mark = n;
	} else if (!strcmp(what, "priority")) {
		c->p->priority = n;
	} else if (!strcmp(what, "nftrace")) {
		/* nfwalk's walk is the trace; the kernel would report the
		 * packet to nft monitor trace from here on (1 bit) */
		c->p->nftrace = n & 1;
		return nft_record(t, true, "meta nftrace set %u: nft monitor trace %s this packet from here", n & 1,
				  n & 1 ? "reports" : "stops reporting");
	} else {
		c->p->mark = n;
	}
	return nft_record(t, true, "%s %s set 0x%08x", lhs->sel->proto, what, n);
}

/* ---- counter, log ---- */

static int counter(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *name = arg(s, "name");
	if (name)
		return nft_named_counter(c, name->text, t);
	struct nft_state *st = nft_state_of(c, s);
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

/* nft_limit_eval: a token bucket over packet time, of packets (burst 5
 * by default, as nft lists it when none is given) or bytes; a named
 * limit's bucket is its object's. */
static int limit(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *name = arg(s, "name");
	if (name)
		return nft_named_limit(c, name->text, t);
	const struct nft_expr *r = arg(s, "rate"), *b = arg(s, "burst");
	bool within;
	int pass = nft_limit_take(nft_state_of(c, s), r ? r->text : NULL, b ? b->text : NULL, c->p, &within);
	if (pass < 0)
		return 0;
	nft_record(t, pass, "limit rate %s: %s", r->text, within ? "within the rate" : "over the rate");
	return pass ? 0 : -1;
}

/* "[over|until ]N unit" as bytes. */
static double quota_amount(const char *text, bool *over)
{
	*over = !strncmp(text, "over ", 5);
	if (*over || !strncmp(text, "until ", 6))
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
	return n;
}

static int quota(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *name = arg(s, "name");
	if (name)
		return nft_named_quota(c, name->text, quota_amount, t);
	const struct nft_expr *q = arg(s, NULL);
	if (!q)
		return 0;
	bool over;
	double n = quota_amount(q->text, &over);
	struct nft_state *st = nft_state_of(c, s);
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
/* An address (range) and a port (range) into r. */
static bool nat_addr(const struct nft_expr *to, enum nft_dtype dt, struct nat_range *r)
{
	struct nval a, b;
	if (to->kind == EK_RANGE && nval_parse(dt, to->sub[0]->text, &a) && nval_parse(dt, to->sub[1]->text, &b)) {
		r->min_addr = addr_of(&a);
		r->max_addr = addr_of(&b);
	} else if (to->kind == EK_VALUE && nval_parse(dt, to->text, &a)) {
		r->min_addr = r->max_addr = addr_of(&a);
	} else {
		return false;
	}
	r->has_addr = true;
	return true;
}

static bool nat_port(const struct nft_expr *port, struct nat_range *r)
{
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
	return true;
}

/* The family's nf_nat_range2: an address of the packet's family (nft
 * refuses `dnat ip to` a IPv6 address at load; here the other family's
 * address reads as none).  A map gives the address (and port, as a
 * concatenation addr . port) its element holds; *nomap when the key
 * has no element (the rule ends there). */
static bool nat_range_of(const struct nft_ctx *c, const struct nft_stmt *s, int fam, struct nat_range *r,
			 bool *nomap)
{
	*r = (struct nat_range){.family = fam};
	*nomap = false;
	enum nft_dtype dt = fam == FAMILY_IPV6 ? DT_IPV6 : DT_IPV4;
	const struct nft_expr *to = arg(s, "to"), *port = arg(s, ":");
	if (to && to->kind == EK_MAP) {
		bool readable;
		to = nft_map_lookup(c, to, &readable);
		if (!to) {
			*nomap = true;
			return false;
		}
		if (to->kind == EK_CONCAT && to->nsub == 2) {
			if (!nat_port(to->sub[1], r))
				return false;
			to = to->sub[0];
		}
	}
	if (to && !nat_addr(to, dt, r))
		return false;
	if (port && !nat_port(port, r))
		return false;
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
	bool nomap;
	bool ranged = nat_range_of(c, s, fam, &r, &nomap); /* once: a numgen key moves on */
	if (!ranged && nomap) {
		v->kind = NFTV_CONTINUE;
		nft_record(t, false, "%s: the map has no element for this packet", s->name);
		return -1;
	}
	if (!ranged) {
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

/* queue [num N[-M]] [flags bypass,fanout]: nft_queue_eval hands the
 * packet to the queue (NF_QUEUE); nobody reads queues in nfwalk, as
 * NFQUEUE's target says.  With bypass the kernel lets a packet nobody
 * reads go on as if accepted by this chain. */
static int queue(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v)
{
	const struct nft_expr *num = arg(s, "num"), *flags = arg(s, "flags");
	struct strbuf sb = STRBUF_INIT;
	if (num)
		nft_expr_print(&sb, num);
	else
		sb_adds(&sb, "0");
	struct strbuf fl = STRBUF_INIT;
	if (flags)
		nft_expr_print(&fl, flags);
	bool bypass = has_flag(s, "bypass") || strstr(sb_str(&fl), "bypass");
	bool spread = num && num->kind == EK_RANGE;
	if (bypass) {
		v->kind = NFTV_ACCEPT;
		snprintf(c->why, sizeof(c->why), "queue %s has no reader; bypass lets the packet go on", sb_str(&sb));
	} else {
		v->kind = NFTV_QUEUE;
		snprintf(c->why, sizeof(c->why),
			 "packet leaves for user space queue %s%s; nfwalk stops here (no program reads the queue)",
			 sb_str(&sb), spread ? " (the kernel spreads flows over the range by a hash seeded at boot)" : "");
	}
	nft_record(t, true, "%s", c->why);
	sb_free(&sb);
	sb_free(&fl);
	return 1;
}

/* flow add @ft: nft_flow_offload_eval puts a confirmed connection (not
 * one with a helper, not a TCP packet with FIN or RST) in the flowtable;
 * its later packets then take the flowtable's path at ingress in the
 * kernel.  nfwalk says so and goes on walking them through the hooks. */
static int flow_offload(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *ft = arg(s, "add");
	const char *name = ft ? ft->text : "?";
	struct ct_entry *e = c->p->ct;
	const char *why = NULL;
	if (!e)
		why = "no conntrack entry";
	else if (!(e->status & CTS_CONFIRMED))
		why = "the connection is not confirmed yet (its first packet)";
	else if (pkt_proto(c->p) == 6 && (pkt_tcp_flags(c->p) & (TCPF_FIN | TCPF_RST)))
		why = "a TCP FIN or RST";
	else if (ct_help(e) && ct_help(e)->name[0])
		why = "the connection has a helper";
	if (why)
		nft_record(t, true, "flow add @%s: not offloaded: %s", name, why);
	else
		nft_record(t, true,
			   "flow add @%s: entry %u offloaded; the kernel's later packets of it take the "
			   "flowtable at ingress (nfwalk walks them through the hooks still)",
			   name, e->id);
	return 0;
}

/* The statements of words by keyword: one that decides gets the verdict */
static const struct {
	const char *name;
	int (*run)(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t);
	int (*decide)(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v);
} word_runs[] = {
	{"counter", counter, NULL},	 {"log", log_stmt, NULL},	{"limit", limit, NULL},
	{"quota", quota, NULL},		 {"reject", NULL, reject},	{"notrack", notrack, NULL},
	{"dnat", NULL, nat},		 {"snat", NULL, nat},		{"masquerade", NULL, nat},
	{"redirect", NULL, nat},	 {"queue", NULL, queue},	{"flow", flow_offload, NULL},
	{"add", nft_dynset, NULL},	 {"update", nft_dynset, NULL},	{"delete", nft_dynset, NULL},
};

int nft_stmt_words(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v)
{
	/* found by name at the statement's first run, then kept in it (the
	 * names were compared for every packet a rule's statements ran) */
	struct nft_stmt *memo = (struct nft_stmt *)s;
	if (!memo->words_run) {
		memo->words_run = -1; /* nft_check refused the others at load */
		for (size_t i = 0; memo->words_run < 0 && i < ARRAY_SIZE(word_runs); i++)
			if (!strcmp(s->name, word_runs[i].name))
				memo->words_run = (int)i + 1;
	}
	if (memo->words_run < 0)
		return 0;
	int i = memo->words_run - 1;
	return word_runs[i].run ? word_runs[i].run(c, s, t) : word_runs[i].decide(c, s, t, v);
}
