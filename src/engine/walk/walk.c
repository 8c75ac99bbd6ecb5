/* walk.c - moves one packet through the kernel's path, stage by stage.
 *
 * The paths are data (arrays of stage ids, in the kernel's hook and
 * priority order: nfwalk(7) and doc/KERNEL-DIFFERENCES.md say why each
 * box is where it is); each stage kind has one handler.  A handler
 * returns false when the packet's walk ended there (its fate is set).
 * Everything the walk learns is emitted as an event; nothing here prints. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/net/rpf.h"
#include "engine/track/ct_helper.h"
#include "engine/track/nat.h"
#include "engine/walk/walker.h"
#include "lib/fmt.h"

/* ---- paths ---- */

static const enum stage_id arrive_kptd[] = {
	ST_NET_IN, ST_RAW_PREROUTING, ST_CT_PREROUTING, ST_MANGLE_PREROUTING,
	ST_IMQ_PREROUTING, ST_NAT_PREROUTING, ST_QOS_INGRESS, ST_ROUTE_INPUT,
};
/* Modern kernels run tc ingress before netfilter's PREROUTING. */
static const enum stage_id arrive_modern[] = {
	ST_NET_IN, ST_QOS_INGRESS_EARLY, ST_RAW_PREROUTING, ST_CT_PREROUTING,
	ST_MANGLE_PREROUTING, ST_IMQ_PREROUTING, ST_NAT_PREROUTING, ST_ROUTE_INPUT,
};
/* INPUT by priority, as `nft list ruleset` shows iptables-nft's chains:
 * mangle -150, filter 0, nat 100, security 150. */
static const enum stage_id to_local[] = {
	ST_MANGLE_INPUT, ST_FILTER_INPUT, ST_NAT_INPUT,
	ST_SECURITY_INPUT, ST_CONFIRM_INPUT, ST_LOCAL,
};
/* iptables-legacy: security at NF_IP_PRI_SECURITY (50), before nat (100). */
static const enum stage_id to_local_legacy[] = {
	ST_MANGLE_INPUT, ST_FILTER_INPUT, ST_SECURITY_INPUT,
	ST_NAT_INPUT, ST_CONFIRM_INPUT, ST_LOCAL,
};
static const enum stage_id forward[] = {
	ST_MANGLE_FORWARD, ST_FILTER_FORWARD, ST_SECURITY_FORWARD,
};
/* Re-routing after mangle/nat OUTPUT happens inside those stages. */
static const enum stage_id local_out[] = {
	ST_ROUTE_OUTPUT, ST_RAW_OUTPUT, ST_CT_OUTPUT, ST_MANGLE_OUTPUT,
	ST_NAT_OUTPUT, ST_FILTER_OUTPUT, ST_SECURITY_OUTPUT,
};
static const enum stage_id postrouting[] = {
	ST_MANGLE_POSTROUTING, ST_NAT_POSTROUTING, ST_IMQ_POSTROUTING,
	ST_CONFIRM_POSTROUTING, ST_QOS_EGRESS, ST_NET_OUT,
};

struct path {
	const enum stage_id *v;
	size_t n;
};
#define PATH(a) ((struct path){(a), ARRAY_SIZE(a)})

/* A box's function stays out of line: run_stage dispatches some sixteen
 * boxes a packet, and with their bodies inlined it saved six registers
 * and reserved 376 bytes of stack for every one, the boxes that do
 * nothing (a table not loaded, no IMQ mark) included. */
#define BOX __attribute__((noinline))

/* ---- small helpers ---- */

static void enter(struct walker *w, enum stage_id st, const char *fmt, const char *arg)
{
	w->stage = st;
	emit(w, EV_ENTER, NULL, fmt, arg);
}

static void enter_box(struct walker *w, enum stage_id st)
{
	const struct stage_info *si = stage_info(st);
	w->stage = st;
	emit_n(w, EV_ENTER, NULL, si->title, si->title_n);
}

/* emit(w, k, NULL, "%s%s%s", ...) of three pieces, for the sentences
 * every walk says (its arrival, its route): no format to read, and no
 * length measured that a caller knew. */
static void say_pieces(struct walker *w, enum event_kind k, struct piece a, struct piece b,
		       struct piece c)
{
	char text[512];
	struct fmt_cursor o = fmt_cursor(text, sizeof(text));
	fmt_putn(&o, a.s, a.n);
	fmt_putn(&o, b.s, b.n);
	fmt_putn(&o, c.s, c.n);
	size_t n = fmt_close(&o, text);
	emit_n(w, k, NULL, text, n);
}

/* The same of three strings, measured only for a sink that reads the
 * sentence.  Always in line, so that a literal's length is the
 * compiler's. */
static inline __attribute__((always_inline)) void say3(struct walker *w, enum event_kind k,
						      const char *a, const char *b, const char *c)
{
	if (walker_reads_sentence(w, k))
		say_pieces(w, k, piece_of(a), piece_of(b), piece_of(c));
	else
		emit_n(w, k, NULL, "", 0);
}

/* "DESC arrives on IIF", the first line of every captured packet's walk */
static void say_arrival(struct walker *w, const char *desc, size_t desc_n)
{
	if (walker_reads_sentence(w, EV_PACKET))
		say_pieces(w, EV_PACKET, (struct piece){desc, desc_n}, LIT(" arrives on "),
			   (struct piece){w->p->iif, ifname_len(w->p->iif)});
	else
		emit_n(w, EV_PACKET, NULL, "", 0);
}

static void note(struct walker *w, const char *text)
{
	emit(w, EV_NOTE, NULL, "%s", text);
}

/* End the walk here. */
static bool finish(struct walker *w, enum fate f, const char *why)
{
	w->fate = f;
	w->fate_stage = w->stage;
	if (f != FATE_LOCAL && f != FATE_FORWARDED && f != FATE_SENT)
		ct_discard(&w->e->ct, w->p);
	emit(w, EV_FATE, NULL, "%s", why);
	w->fate_step = w->step;
	return false;
}

/* The routing question a packet asks: its family, addresses, mark and
 * tos (the traffic class for IPv6, which fib6 does not read). */
static struct route_query route_query_of(const struct walker *w)
{
	const struct packet *p = w->p;
	return (struct route_query){.family = pkt_family(p),
				    .dst = pkt_dst(p),
				    .src = pkt_src(p),
				    .mark = p->mark,
				    .tos = pkt_tos(p),
				    .quiet = !walker_says(w, EV_ROUTE)};
}

static const char *src_s(const struct packet *p, char buf[INET_STRLEN])
{
	union inet_addr a = pkt_src(p);
	return inet_fmt(pkt_family(p), &a, buf);
}

/* The errors the stack itself sends while routing and forwarding, by
 * family: ip_forward / ip_error (ICMP) and ip6_forward / ip6_pkt_drop
 * (ICMPv6).  IPv4 answers a failed input look-up only when the interface
 * forwards (ip_error); IPv6's ip6_pkt_discard always does, as Linux 6.18
 * showed in a namespace with forwarding 0 and 1 alike. */
struct stack_errors {
	uint8_t time_exceeded, unreach;
	uint8_t code_noroute, code_host, code_prohibit;
	bool noroute_needs_forwarding;
	const char *hops; /* what the hop count is called */
};
static const struct stack_errors stack_errors_v4 = {
	ICMP_TIME_EXCEEDED, ICMP_DEST_UNREACH, 0 /* net */, 1 /* host */, 13 /* admin */, true,
	"TTL"};
static const struct stack_errors stack_errors_v6 = {
	ICMPV6_TIME_EXCEED, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, ICMPV6_NOROUTE,
	ICMPV6_ADM_PROHIBITED, false, "hop limit"};

static const struct stack_errors *stack_errors_of(const struct packet *p)
{
	return pkt_family(p) == FAMILY_IPV6 ? &stack_errors_v6 : &stack_errors_v4;
}

/* An ICMP error the stack sends back to the packet's sender, from the
 * address routing picks for the way back (icmp_errors_use_inbound_ifaddr=0).
 * Like REJECT's answers it joins the offending packet's connection. */
static struct packet *send_icmp_error(struct walker *w, uint8_t type, uint8_t code)
{
	int family = pkt_family(w->p);
	struct route_query q = {.family = family, .dst = pkt_src(w->p), .quiet = true};
	struct route_result r;
	if (route_lookup(&w->e->net, &q, &r) != 0 || inet_is_zero(&r.prefsrc))
		return NULL;
	struct packet *err = packet_icmp_error_addr(w->p, type, code, r.prefsrc, 0);
	if (!err)
		return NULL;
	err->local_out = true;
	ct_attach(err, w->p);
	walker_spawn(w, err);
	return err;
}

/* ip_forward sends a redirect when the packet leaves through the interface
 * it came in on and both the sender and the next hop are on that link
 * (IPSKB_DOREDIRECT, send_redirects=1). */
/* ip_rt_send_redirect's rate limit per sender (inetpeer.h); the walk
 * says when it holds a redirect back. */
static bool redirect_allowed(struct walker *w)
{
	double next;
	enum redirect_decision d = inetpeer_redirect(&w->e->peers, pkt_saddr(w->p), w->p->t, &next);
	if (d == REDIRECT_SEND)
		return true;
	if (walker_says(w, EV_NOTE)) {
		char text[200];
		if (d == REDIRECT_TOO_SOON)
			snprintf(text, sizeof(text),
				 "no ICMP redirect: rate limit (the next not before t=%.3f s: the gap "
				 "doubles after each one sent)", next);
		else
			snprintf(text, sizeof(text),
				 "no ICMP redirect: %d sent and ignored, silent until %.2f s pass with "
				 "no packet to redirect", REDIRECT_NUMBER, REDIRECT_SILENCE);
		note(w, text);
	}
	return false;
}

/* Does one subnet of ifc hold both a and b? */
static bool same_subnet(const struct iface *ifc, uint32_t a, uint32_t b)
{
	for (int i = 0; i < ifc->naddr; i++) {
		uint32_t mask = prefix_mask(ifc->plen[i]);
		if (addr_in(a, ifc->addr[i], mask) && addr_in(b, ifc->addr[i], mask))
			return true;
	}
	return false;
}

/* The tests go cheapest first and the sysctl (a look-up by name) last:
 * every forwarded packet passes here, few are redirected. */
static void maybe_redirect(struct walker *w, uint32_t nexthop)
{
	struct packet *p = w->p;
	if (strcmp(p->iif, p->oif) != 0)
		return;
	const struct iface *ifc = netconf_iface(&w->e->net, p->oif);
	if (!ifc || !same_subnet(ifc, pkt_saddr(p), nexthop) ||
	    !sysctl_conf(&w->e->net.sysctls, "send_redirects", p->oif) || !redirect_allowed(w))
		return;
	struct packet *rd = send_icmp_error(w, 5 /* ICMP_REDIRECT */, 1 /* host */);
	if (rd) {
		pkt_set_icmp_gateway(rd, nexthop);
		char text[160], a[ADDR_STRLEN];
		snprintf(text, sizeof(text),
			 "out of the interface it came in on: the sender is told to use %s directly "
			 "(ICMP redirect)", addr_fmt(nexthop, a));
		note(w, text);
	}
}

/* ---- conntrack ---- */

/* Whether a rule makes the kernel load conntrack (a fresh netns only
 * tracks when some rule needs it); xt_list.h says which extensions do. */
static bool rule_needs_ct(const struct rule *r)
{
	for (size_t i = 0; i < r->nmatches; i++)
		if (match_needs_ct(r->matches[i].type))
			return true;
	return r->action == RA_TARGET && target_needs_ct(r->target.type);
}

/* Whether some rule uses -m NAME. */
static bool rules_use_match(const struct ruleset *rs, const char *name)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		for (size_t c = 0; c < rs->t[t].nchains; c++)
			for (size_t i = 0; i < rs->t[t].chains[c]->nrules; i++) {
				const struct rule *r = rs->t[t].chains[c]->rules[i];
				for (size_t m = 0; m < r->nmatches; m++)
					if (r->matches[m].type && strcmp(r->matches[m].type->name, name) == 0)
						return true;
			}
	return false;
}

static bool conntrack_needed(const struct ruleset *rs)
{
	if (rs->t[TABLE_NAT].loaded)
		return true;
	for (int t = 0; t < TABLE_COUNT; t++)
		for (size_t c = 0; c < rs->t[t].nchains; c++)
			for (size_t i = 0; i < rs->t[t].chains[c]->nrules; i++)
				if (rule_needs_ct(rs->t[t].chains[c]->rules[i]))
					return true;
	return false;
}

static void emit_ct(struct walker *w, const char *text)
{
	char line[320];
	size_t n = 0;
	if (w->p->ct && walker_says(w, EV_CONNTRACK))
		n = ct_entry_fmt(w->p->ct, line, sizeof(line));
	emit(w, EV_CONNTRACK, &(struct emit_args){.detail = n ? line : NULL, .detail_n = n}, "%s",
	     text);
}

static BOX bool ct_stage(struct walker *w, enum stage_id st)
{
	if (!w->ct_active)
		return true;
	enter_box(w, st);
	/* ct_in keeps an entry the packet already carries (looped back, or an
	 * answer attached to the packet it answers), as nf_conntrack_in does */
	char why[256];
	why[0] = '\0';
	bool say = walker_says(w, EV_CONNTRACK);
	ct_in(&w->e->ct, w->p, say ? why : NULL, say ? sizeof(why) : 0);
	emit_ct(w, why);
	if (w->p->ctinfo == CTINFO_INVALID)
		note(w, "conntrack: INVALID packets pass on untracked; rules may drop them");
	return true;
}

/* nf_confirm runs the connection's helper just before confirming: the
 * ftp helper reads the control connection's commands and expects the
 * data connection.  False when the helper dropped the packet. */
static bool run_helper(struct walker *w)
{
	struct ct_help_result r;
	ct_helper_run(&w->e->ct, w->p, &r);
	if (!r.why[0])
		return true;
	char line[320];
	line[0] = '\0';
	if (r.exp && walker_says(w, EV_CONNTRACK))
		ct_expect_fmt(r.exp, line, sizeof(line));
	struct emit_args a = {.detail = line[0] ? line : NULL};
	emit(w, EV_CONNTRACK, &a, "%s", r.why);
	if (r.old_val[0]) {
		struct emit_args rw = {.field = PF_PAYLOAD, .old_val = r.old_val, .new_val = r.new_val};
		emit(w, EV_REWRITE, &rw, "nf_nat_ftp: payload %s -> %s", r.old_val, r.new_val);
	}
	if (r.drop)
		return finish(w, FATE_DROPPED, "dropped by the ftp conntrack helper");
	return true;
}

static BOX bool confirm_stage(struct walker *w, enum stage_id st)
{
	if (!w->ct_active || !w->p->ct)
		return true;
	enter_box(w, st);
	if (ct_help(w->p->ct) && !run_helper(w))
		return false;
	char text[128];
	text[0] = '\0';
	const struct ct_entry *ce = w->p->ct;
	bool confirmed = ct_confirm(&w->e->ct, w->p);
	if (!walker_says(w, EV_CONNTRACK))
		;
	else if (confirmed)
		fmt_say_u(text, sizeof(text), "entry ", ce->id, " confirmed: now in the conntrack table");
	else if (ce->status & CTS_DYING)
		fmt_say_u(text, sizeof(text), "entry ", ce->id,
			  " is gone from the table: nothing to confirm");
	else if (!(ce->status & CTS_CONFIRMED))
		fmt_say_u(text, sizeof(text), "a packet in the reply direction never confirms: entry ",
			  ce->id, " stays unconfirmed");
	else
		fmt_say_u(text, sizeof(text), "entry ", ce->id, " already confirmed");
	emit_ct(w, text);
	return true;
}

/* ---- tables ---- */

/* What a table's verdict does to the walk: false when it ends it (DROP,
 * QUEUE, a rule that could not be evaluated), true when it goes on. */
static bool verdict_stops(struct walker *w, enum verdict v, bool rejected, const char *where)
{
	char why[160];
	why[0] = '\0';
	bool say = walker_says(w, EV_FATE); /* the sentence only for a reader */
	switch (v) {
	case V_DROP:
		if (say)
			snprintf(why, sizeof(why), "%s at %s",
				 rejected ? "rejected (REJECT sends an answer)" : "dropped", where);
		return finish(w, rejected ? FATE_REJECTED : FATE_DROPPED, why);
	case V_QUEUE:
		if (say)
			snprintf(why, sizeof(why), "queued to user space (NFQUEUE) at %s", where);
		return finish(w, FATE_QUEUED, why);
	case V_UNEVALUATED:
		return finish(w, FATE_UNEVALUATED, w->stop_why);
	default:
		return true;
	}
}

/* The same, inline: nearly every table a packet passes accepts it. */
static inline bool verdict_ends(struct walker *w, enum verdict v, bool rejected, const char *where)
{
	return v == V_ACCEPT || verdict_stops(w, v, rejected, where);
}

/* Mangle and nat OUTPUT route again when they changed what routing used
 * (ip_route_me_harder); the source chosen the first time stays. */
static bool reroute(struct walker *w, const char *cause)
{
	enum stage_id was = w->stage;
	enter(w, ST_REROUTE_OUTPUT, "output re-route: %s", cause);
	struct packet *p = w->p;
	struct route_query q = route_query_of(w);
	struct route_result r;
	struct pkt_view before;
	pkt_view_of(p, &before);
	if (route_lookup(&w->e->net, &q, &r) != 0) {
		say3(w, EV_ROUTE, "re-route failed: ", r.why, "");
		return finish(w, FATE_DROPPED, "dropped: no route after re-route");
	}
	str_copy(p->oif, sizeof(p->oif), r.type == RT_LOCAL ? "lo" : r.oif);
	p->nexthop = r.gw;
	p->realms = route_realms(&w->e->net, &r, false, 0, 0);
	emit(w, EV_ROUTE, NULL, "%s (source %s kept)", r.why, src_s(p, (char[INET_STRLEN]){0}));
	emit_rewrites(w, &before, true, "re-route");
	w->stage = was;
	return true;
}

struct route_key {
	uint32_t mark;
	union inet_addr saddr, daddr;
	uint8_t tos;
};

static struct route_key route_key_of(const struct packet *p)
{
	return (struct route_key){p->mark, pkt_src(p), pkt_dst(p), pkt_tos(p)};
}

static bool route_key_eq(const struct route_key *a, const struct route_key *b)
{
	return a->mark == b->mark && inet_eq(&a->saddr, &b->saddr) &&
	       inet_eq(&a->daddr, &b->daddr) && a->tos == b->tos;
}

/* mangle OUTPUT re-routes a packet whose mark, addresses or tos its
 * rules changed (ip_route_me_harder).  Apart from chain_stage: the key
 * read before and after is only worth it there, and the other tables,
 * five a packet, mostly empty, paid for its room on the stack. */
static BOX bool mangle_output_stage(struct walker *w, const struct stage_info *si,
				    struct chain *base)
{
	struct route_key k = route_key_of(w->p);
	bool rejected;
	enum verdict v = chain_run_base(w, base, si->table, si->hook, &rejected);
	if (!verdict_ends(w, v, rejected, si->title))
		return false;
	struct route_key now = route_key_of(w->p);
	if (!route_key_eq(&k, &now))
		return reroute(w, "mangle OUTPUT changed the mark, an address or the tos");
	return true;
}

static BOX bool chain_stage(struct walker *w, enum stage_id st)
{
	const struct stage_info *si = stage_info(st);
	struct chain *base = w->builtin[si->table][si->hook];
	if (!base)
		return true; /* the table is not loaded: it does not exist */
	enter_box(w, st);
	if (st == ST_MANGLE_OUTPUT)
		return mangle_output_stage(w, si, base);
	bool rejected;
	enum verdict v = chain_run_base(w, base, si->table, si->hook, &rejected);
	return verdict_ends(w, v, rejected, si->title);
}

static const char *nat_what(enum nat_manip m, enum ct_dir dir)
{
	if (dir == CT_DIR_ORIGINAL)
		return m == NAT_MANIP_DST ? "DNAT" : "SNAT";
	return m == NAT_MANIP_DST ? "DE-MASQUERADE (reverse of SNAT)" : "reverse of DNAT";
}

/* nf_nat_inet_fn: NEW packets, and RELATED ones that are not ICMP errors
 * (REJECT's reset), walk the chain when the connection has no binding for
 * this hook's direction yet; ICMP errors are only translated. */
static bool first_at_nat_hook(const struct packet *p, enum nat_manip m, bool icmp_err)
{
	bool related = p->ctinfo == CTINFO_RELATED || p->ctinfo == CTINFO_RELATED_REPLY;
	if (p->ctinfo != CTINFO_NEW && !(related && !icmp_err))
		return false;
	return !nat_done(p->ct, m);
}

static BOX bool nat_stage(struct walker *w, enum stage_id st)
{
	const struct stage_info *si = stage_info(st);
	struct packet *p = w->p;
	if (!w->builtin[si->table][si->hook] && !hookchain_has_nat(w->e, si->hook))
		return true;
	enter_box(w, st);
	if (!p->ct) {
		note(w, p->ctinfo == CTINFO_UNTRACKED ? "untracked packet: the nat table never sees it"
						      : "no conntrack entry: the nat table never sees it");
		return true;
	}
	enum nat_manip m = nat_manip_of_hook(si->hook);
	union inet_addr daddr = pkt_dst(p);
	uint8_t type = 0, code = 0;
	/* only ICMP of the packet's family can answer these (each parses
	 * the headers again) */
	uint8_t proto = pkt_proto(p);
	bool icmp_err = false;
	if (proto == PROTO_ICMP || proto == PROTO_ICMPV6) {
		icmp_err = pkt_icmp_is_error(p);
		pkt_icmp(p, &type, &code);
	}
	if (icmp_err && pkt_family(p) == FAMILY_IPV4 && type == 5 && (p->ct->status & (CTS_SRC_NAT | CTS_DST_NAT)))
		/* nf_nat_icmp_reply_translation: "Redirects on non-null nats must
		 * be dropped, else they'll start talking to each other without
		 * our translation" */
		return finish(w, FATE_DROPPED, "an ICMP redirect about a NATed connection is dropped");
	if (first_at_nat_hook(p, m, icmp_err)) {
		bool rejected;
		enum verdict v = hookchain_nat_run(w, si->hook, &rejected);
		if (!verdict_ends(w, v, rejected, si->title))
			return false;
		if (!nat_done(p->ct, m)) {
			nat_null_binding(&w->e->ct, p->ct, m);
			note(w, "no NAT rule chose a binding: null binding, the connection keeps its addresses");
		}
	} else {
		char text[160];
		text[0] = '\0';
		if (walker_says(w, EV_NOTE) && ct_master(p->ct) && p->ctinfo == CTINFO_RELATED &&
		    !icmp_err)
			nf_snprintf(text, sizeof(text),
				    "connection %u was NATed as its master %u when its expectation was met: "
				    "the nat table is not consulted, the binding is applied",
				    p->ct->id, ct_master(p->ct)->id);
		else if (walker_says(w, EV_NOTE))
			fmt_say_u(text, sizeof(text), "not the first packet of connection ", p->ct->id,
				  ": the nat table is not consulted, the binding is applied");
		note(w, text);
	}
	struct pkt_view before;
	bool views = walker_sees_rewrites(w) && nat_applies(p, si->hook);
	if (views)
		pkt_view_of(p, &before);
	if (nat_apply(p, si->hook) && views)
		emit_rewrites(w, &before, false, nat_what(m, ct_packet_dir(p)));
	union inet_addr now = pkt_dst(p);
	if (st == ST_NAT_OUTPUT && !inet_eq(&now, &daddr))
		return reroute(w, "nat OUTPUT changed the destination");
	return true;
}

/* ---- boxes outside netfilter's tables ---- */

static BOX bool imq_stage(struct walker *w, enum stage_id st)
{
	if (w->p->imq_todev < 0)
		return true;
	enter_box(w, st);
	char text[128];
	snprintf(text, sizeof(text),
		 "IMQ --todev %d: the packet is queued on imq%d's qdisc, then continues",
		 w->p->imq_todev, w->p->imq_todev);
	note(w, text);
	/* the patch clears IMQ_F_ENQUEUE once queued: to pass imqN again on
	 * the way out the packet must be marked again (in mangle POSTROUTING) */
	w->p->imq_todev = -1;
	return true;
}

static BOX bool qos_stage(struct walker *w, enum stage_id st)
{
	bool ingress = st != ST_QOS_EGRESS;
	const char *dev = ingress ? w->p->iif : w->p->oif;
	if (!dev[0] || strcmp(dev, "lo") == 0)
		return true;
	enter_box(w, st);
	if (!w->e->qos.nqdiscs && !walker_wants(w, EV_QOS)) {
		/* no qdisc anywhere and nobody reads the box: its step only */
		emit_n(w, EV_QOS, NULL, "", 0);
		w->qos_class = 0;
		return true;
	}
	struct qos_result r;
	if (walker_says(w, EV_QOS) || qos_has_dev(&w->e->qos, dev, ingress))
		qos_classify(&w->e->qos, w->p, dev, ingress, &r);
	else /* no qdisc and nobody reads why: what qos_classify would find */
		qos_result_none(&r);
	char cls[24] = "";
	if (r.classid)
		tc_handle_fmt(r.classid, cls, sizeof(cls));
	/* the arguments as a compound literal: built only when wanted (no
	 * class: no value, as "") */
	emit_n(w, EV_QOS, &(struct emit_args){.new_val = r.classid ? cls : NULL}, r.why,
	       r.why_n ? r.why_n : strlen(r.why));
	if (r.drop)
		return finish(w, FATE_DROPPED,
			      ingress ? "dropped by the ingress qdisc's filter"
				      : "dropped by the egress qdisc (a filter or policer, or no class)");
	w->qos_class = r.classid;
	return true;
}

/* ip6_forward's checks before the FORWARD hook, in its order:
 * net.ipv6.conf.all.forwarding (0: dropped without a word, as Linux 6.18
 * does with a route to the destination), then a source that must not be
 * forwarded (unspecified, multicast, loopback: dropped; link-local:
 * "beyond scope of source address").  Hop limit and the rest follow in
 * route_input, shared with IPv4.  IPv6 sends no redirect here: the
 * kernel's ndisc_send_redirect wants a link-local next hop, which
 * nfwalk's routes rarely have (noted, not modelled). */
static bool forward6_ok(struct walker *w, const struct route_result *r)
{
	struct packet *p = w->p;
	if (!sysctl_ip6_forwarding(&w->e->net.sysctls, p->iif)) {
		emit(w, EV_ROUTE, NULL,
		     "packet is for another address, but net.ipv6.conf.all.forwarding is 0: %s",
		     r->why);
		return finish(w, FATE_DROPPED, "dropped: IPv6 forwarding is disabled");
	}
	union inet_addr src = pkt_src(p);
	if (addr6_is_unspecified(&src.in6) || addr6_is_multicast(&src.in6) ||
	    addr6_is_loopback(&src.in6))
		return finish(w, FATE_DROPPED,
			      "dropped: ip6_forward never forwards from an unspecified, multicast or "
			      "loopback source");
	if (addr6_is_link_local(&src.in6)) {
		send_icmp_error(w, ICMPV6_DEST_UNREACH, ICMPV6_NOT_NEIGHBOUR);
		return finish(w, FATE_DROPPED,
			      "dropped: a link-local source cannot leave its link (ICMPv6 beyond "
			      "scope of source address sent)");
	}
	return true;
}

/* IN_DEV_FORWARD: the input interface's own forwarding, else
 * ip_forward (which sets every interface's when written). */
static bool forward4_ok(struct walker *w, const struct route_result *r)
{
	long dev_fwd = sysctl_conf(&w->e->net.sysctls, "forwarding", w->p->iif);
	if (dev_fwd > 0 || (dev_fwd < 0 && w->e->net.ip_forward))
		return true;
	emit(w, EV_ROUTE, NULL,
	     dev_fwd == 0 ? "packet is for another address, but forwarding is 0 on its input "
			    "interface: %s"
			  : "packet is for another address, but ip_forward is 0: %s",
	     r->why);
	return finish(w, FATE_DROPPED, "dropped: forwarding is disabled");
}

static bool route_input(struct walker *w, enum stage_id st, bool *local)
{
	struct packet *p = w->p;
	enter_box(w, st);
	struct route_query q = route_query_of(w);
	q.iif = p->iif;
	q.no_prefsrc = true; /* a received packet keeps its source */
	struct route_result r;
	const struct stack_errors *se = stack_errors_of(p);
	if (route_lookup(&w->e->net, &q, &r) != 0) {
		say3(w, EV_ROUTE, "no route: ", r.why, "");
		if ((w->e->net.ip_forward || !se->noroute_needs_forwarding) && r.error != EINVAL)
			send_icmp_error(w, se->unreach,
					r.error == EACCES	  ? se->code_prohibit
					: r.error == ENETUNREACH ? se->code_noroute
								 : se->code_host);
		return finish(w, FATE_DROPPED, "dropped by input routing");
	}
	char rpf_why[200];
	/* IPv4 addresses only on purpose: rp_filter_ok passes IPv6 by its
	 * family (IPv6 has no rp_filter), and realms are IPv4's (tclassid) */
	if (!rp_filter_ok(&w->e->net, p->iif, pkt_family(p), pkt_saddr(p), pkt_daddr(p),
			  pkt_tos(p), rpf_why, sizeof(rpf_why))) {
		say3(w, EV_ROUTE, "martian source: ", rpf_why, "");
		return finish(w, FATE_DROPPED, "dropped by input routing: reverse path filter");
	}
	if (rpf_why[0])
		say3(w, EV_ROUTE, "reverse path filter passes: ", rpf_why, "");
	if (r.type == RT_LOCAL || r.type == RT_BROADCAST) {
		*local = true;
		w->broadcast = r.type == RT_BROADCAST;
		p->oif[0] = '\0';
		p->realms = route_realms(&w->e->net, &r, true, pkt_saddr(p), pkt_daddr(p));
		say3(w, EV_ROUTE, "packet is for this machine: ", r.why, "");
		return true;
	}
	*local = false;
	if (!(pkt_family(p) == FAMILY_IPV6 ? forward6_ok(w, &r) : forward4_ok(w, &r)))
		return false;
	ifname_copy(p->oif, r.oif);
	p->nexthop = r.gw;
	p->realms = route_realms(&w->e->net, &r, true, pkt_saddr(p), pkt_daddr(p));
	say3(w, EV_ROUTE, "packet is for another address: ", r.why, "");
	if (w->route_only)
		return true;
	if (pkt_ttl(p) <= 1) {
		send_icmp_error(w, se->time_exceeded, 0);
		char why[96];
		snprintf(why, sizeof(why), "dropped: %s expired in transit (%s time exceeded sent)",
			 se->hops, pkt_family(p) == FAMILY_IPV6 ? "ICMPv6" : "ICMP");
		return finish(w, FATE_DROPPED, why);
	}
	unsigned ttl = pkt_ttl(p);
	pkt_set_ttl(p, (uint8_t)(ttl - 1));
	if (walker_sees_rewrites(w))
		emit_rewrite_ttl(w, ttl, pkt_ttl(p),
				 pkt_family(p) == FAMILY_IPV6 ? LIT("ip6_forward decrements the hop limit")
							      : LIT("ip_forward decrements the TTL"));
	if (pkt_family(p) == FAMILY_IPV4)
		maybe_redirect(w, r.gw.ip ? r.gw.ip : pkt_daddr(p));
	return true;
}

/* nf_dup_ipv4_route: TEE's copy goes to its gateway, which is the next
 * hop whatever the copy's destination (FLOWI_FLAG_KNOWN_NH). */
static bool route_tee_copy(struct walker *w)
{
	struct packet *p = w->p;
	struct route_query q = {.dst.ip = p->tee_gw,
				.tos = pkt_tos(p),
				/* an --oif that does not exist restricts nothing
				 * (xt_TEE keeps its ifindex at -1) */
				.oif = p->tee_oif[0] && netconf_iface(&w->e->net, p->tee_oif)
					       ? p->tee_oif
					       : NULL,
				.quiet = !walker_says(w, EV_ROUTE)};
	struct route_result r;
	char gw[ADDR_STRLEN];
	addr_fmt(p->tee_gw, gw);
	if (route_lookup(&w->e->net, &q, &r) != 0) {
		emit(w, EV_ROUTE, NULL, "no route to the TEE gateway %s: %s", gw, r.why);
		return finish(w, FATE_DROPPED, "TEE's copy is dropped: no route to its gateway");
	}
	str_copy(p->oif, sizeof(p->oif), r.type == RT_LOCAL ? "lo" : r.oif);
	p->nexthop = r.gw.ip ? r.gw : inet_v4(p->tee_gw);
	emit(w, EV_ROUTE, NULL, "TEE's copy is routed to its gateway %s, not to its destination: %s",
	     gw, r.why);
	return true;
}

static BOX bool route_output(struct walker *w, enum stage_id st)
{
	struct packet *p = w->p;
	enter_box(w, st);
	if (p->tee_gw)
		return route_tee_copy(w);
	struct route_query q = route_query_of(w);
	struct route_result r;
	if (route_lookup(&w->e->net, &q, &r) != 0) {
		say3(w, EV_ROUTE, "no route: ", r.why, "");
		return finish(w, FATE_DROPPED, "the socket gets an error: no route to the destination");
	}
	str_copy(p->oif, sizeof(p->oif), r.type == RT_LOCAL ? "lo" : r.oif);
	p->nexthop = r.gw;
	p->realms = route_realms(&w->e->net, &r, false, 0, 0);
	emit(w, EV_ROUTE, NULL, "%s", r.why);
	union inet_addr src = pkt_src(p);
	if (inet_is_zero(&src)) {
		struct pkt_view before;
		pkt_view_of(p, &before);
		pkt_set_src(p, inet_is_zero(&r.prefsrc) ? pkt_dst(p) : r.prefsrc);
		emit_rewrites(w, &before, false, "source address chosen by routing");
	}
	/* The scenario's own packets come from a socket, which will expect
	 * their replies; answers the stack generated do not. */
	if (w->sub == 0)
		local_sent(&w->e->socks, p);
	return true;
}

/* An ICMP redirect delivered here: accept_redirects (IN_DEV_RX_REDIRECTS)
 * decides whether the kernel would learn the new gateway.  nfwalk keeps
 * no route exceptions, so it only says what the kernel would do. */
static void redirect_received(struct walker *w)
{
	uint8_t type, code;
	if (!pkt_icmp(w->p, &type, &code) || type != 5 || !walker_says(w, EV_NOTE))
		return;
	const char *dev = w->p->iif;
	bool accept = sysctl_accept_redirects(&w->e->net.sysctls, dev, w->e->net.ip_forward);
	char text[320];
	if (accept)
		snprintf(text, sizeof(text),
			 "ICMP redirect: accept_redirects is on for %s, so the kernel would note the "
			 "new gateway as a route exception (if the redirect comes from the current "
			 "gateway); nfwalk keeps no route exceptions: later packets still follow the "
			 "routing table", dev);
	else
		snprintf(text, sizeof(text),
			 "ICMP redirect ignored: accept_redirects is off for %s (a forwarding "
			 "interface needs all and %s on, a host's either)", dev, dev);
	note(w, text);
}

static BOX bool local_stage(struct walker *w, enum stage_id st)
{
	enter_box(w, st);
	redirect_received(w);
	char why[256];
	why[0] = '\0';
	/* the sentence decides whether there is a note: made for any sink
	 * that takes notes (a sink without them counts no step for it) */
	bool say = walker_wants(w, EV_NOTE);
	struct packet *ans = local_deliver(&w->e->socks, w->p, say ? why : NULL, say ? sizeof(why) : 0);
	if (why[0])
		note(w, why);
	if (ans && w->broadcast) {
		/* the stack never answers a broadcast with an error or a reset */
		note(w, "addressed to a broadcast address: no answer is sent");
		packet_free(ans);
		ans = NULL;
	}
	if (ans) {
		ans->local_out = true;
		walker_spawn(w, ans);
	}
	return finish(w, FATE_LOCAL, "delivered to the local process");
}

/* ip6_rcv_core's address checks, made before the PREROUTING hook: RFC
 * 4291 keeps the loopback address off the wire (either end, unless the
 * packet came in on lo), a multicast address out of the source and a
 * multicast destination of scope 0 out of the network.  Such a packet is
 * dropped silently, as the kernel counts it in Ip6InAddrErrors. */
static const char *ip6_rcv_refusal(const struct packet *p)
{
	union inet_addr src = pkt_src(p), dst = pkt_dst(p);
	if ((addr6_is_loopback(&src.in6) || addr6_is_loopback(&dst.in6)) &&
	    strcmp(p->iif, "lo") != 0)
		return "dropped on arrival: the loopback address never comes in on a real interface "
		       "(ip6_rcv_core)";
	if (addr6_is_multicast(&dst.in6) && addr6_scope(&dst.in6) == 0)
		return "dropped on arrival: a multicast destination of reserved scope 0 "
		       "(ip6_rcv_core)";
	if (addr6_is_multicast(&src.in6))
		return "dropped on arrival: a multicast source address (ip6_rcv_core)";
	return NULL;
}

static BOX bool net_in(struct walker *w, enum stage_id st)
{
	enter_box(w, st);
	const char *refused = pkt_family(w->p) == FAMILY_IPV6 ? ip6_rcv_refusal(w->p) : NULL;
	return refused ? finish(w, FATE_DROPPED, refused) : true;
}

static BOX bool net_out(struct walker *w, enum stage_id st)
{
	enter_box(w, st);
	char why[96];
	why[0] = '\0';
	if (walker_says(w, EV_FATE)) {
		struct fmt_cursor o = fmt_cursor(why, sizeof(why));
		if (w->forwarded)
			fmt_puts(&o, "forwarded out of ");
		else
			fmt_puts(&o, "sent out of ");
		fmt_putn(&o, w->p->oif, ifname_len(w->p->oif));
		fmt_close(&o, why);
	}
	return finish(w, w->forwarded ? FATE_FORWARDED : FATE_SENT, why);
}

/* ---- the walk ---- */

/* For the other firewall's path (walk_ipchains.c): the boxes it shares. */
bool walk_finish(struct walker *w, enum fate f, const char *why)
{
	return finish(w, f, why);
}

bool walk_reroute(struct walker *w, const char *cause)
{
	return reroute(w, cause);
}

bool walk_route_input(struct walker *w, bool *local)
{
	return route_input(w, ST_ROUTE_INPUT, local);
}

static bool run_stage(struct walker *w, enum stage_id st);

bool walk_stage(struct walker *w, enum stage_id st)
{
	return run_stage(w, st);
}

static bool run_stage(struct walker *w, enum stage_id st)
{
	/* nftables base chains exist only with an nft ruleset */
	if ((w->e->hooks || w->e->nft) && !hookchain_before(w, st))
		return false;
	switch (stage_info(st)->kind) {
	case SK_CHAIN:
		return stage_info(st)->table == TABLE_NAT ? nat_stage(w, st) : chain_stage(w, st);
	case SK_CONNTRACK:
		return ct_stage(w, st);
	case SK_CONFIRM:
		return confirm_stage(w, st);
	case SK_IMQ: /* most packets are not marked for it */
		return w->p->imq_todev < 0 || imq_stage(w, st);
	case SK_QOS:
		return qos_stage(w, st);
	case SK_LOCAL:
		return local_stage(w, st);
	case SK_ROUTE:
		return st == ST_ROUTE_OUTPUT ? route_output(w, st) : true;
	case SK_NETWORK:
		return st == ST_NET_OUT ? net_out(w, st) : net_in(w, st);
	case SK_IPCHAINS:
	case SK_NFT: /* hookchain_before runs those */
		return true;
	}
	return true;
}

static bool run_path(struct walker *w, struct path path)
{
	for (size_t i = 0; i < path.n; i++)
		if (!run_stage(w, path.v[i]))
			return false;
	return true;
}

/* A packet on the wire: PREROUTING, then input routing picks INPUT or
 * FORWARD. */
static void walk_arriving(struct walker *w)
{
	struct path arrive = w->e->era == ERA_MODERN ? PATH(arrive_modern) : PATH(arrive_kptd);
	/* the last stage of `arrive` is input routing, run by hand for its branch */
	arrive.n--;
	if (!run_path(w, arrive))
		return;
	bool local = false;
	if (!route_input(w, ST_ROUTE_INPUT, &local))
		return;
	if (local) {
		run_path(w, w->e->backend == BACKEND_LEGACY ? PATH(to_local_legacy) : PATH(to_local));
		return;
	}
	if (run_path(w, PATH(forward)))
		run_path(w, PATH(postrouting));
}

/* A packet sent to one of our own addresses leaves through lo and comes
 * back in as an arriving packet (keeping its conntrack entry). */
static void loop_back(struct walker *w)
{
	struct packet *p = w->p;
	note(w, "sent to a local address: the packet loops back in through lo");
	str_copy(p->iif, sizeof(p->iif), "lo");
	p->oif[0] = '\0';
	p->local_out = false;
	walk_arriving(w);
}

static void walk_local(struct walker *w)
{
	enter(w, ST_LOCAL, "%s",
	      w->p->tee_gw ? "TEE's copy: nf_dup_ipv4 hands it to ip_local_out"
			   : "generated by the local process");
	if (!run_path(w, PATH(local_out)))
		return;
	if (strcmp(w->p->oif, "lo") == 0) {
		/* lo: POSTROUTING runs, then the packet re-enters */
		static const enum stage_id lo_post[] = {
			ST_MANGLE_POSTROUTING, ST_NAT_POSTROUTING, ST_CONFIRM_POSTROUTING};
		if (run_path(w, PATH(lo_post)))
			loop_back(w);
		return;
	}
	run_path(w, PATH(postrouting));
}

static void walk_one(struct engine *e, struct packet *p, int pkt_no, int sub,
		     bool has_result, struct walker *w)
{
	/* field by field, not `*w = (struct walker){...}`: that zeroed the
	 * spawn queue and stop_why[] (only [0, nspawn) and the string are
	 * read) for every packet.  A field added to struct walker is set
	 * here too. */
	w->e = e;
	w->p = p;
	w->pkt = pkt_no;
	w->sub = sub;
	w->step = 0;
	w->stage = p->local_out ? ST_LOCAL : ST_NET_IN;
	w->fate = FATE_NONE;
	w->fate_stage = ST_NONE;
	w->fate_step = 0;
	w->ct_active = pkt_family(p) == FAMILY_IPV6 ? e->ct_needed6 : e->ct_needed;
	w->forwarded = !p->local_out;
	w->broadcast = false;
	w->route_only = false;
	w->qos_class = 0;
	w->nspawn = 0;
	w->stop_why[0] = '\0';
	w->nft_hook = HOOK_NONE;
	w->nft_next = 0;
	w->nft_base = NULL;
	w->builtin = engine_builtins(e, pkt_family(p));
	w->steps_unread = e->classify || (!e->sink && !has_result);
	char desc[200];
	desc[0] = '\0';
	size_t desc_n = 0;
	if (walker_says(w, EV_PACKET))
		desc_n = packet_describe(p, desc, sizeof(desc));
	if (p->tee_gw)
		emit(w, EV_PACKET, NULL, "%s (TEE's copy of packet %d, sent with ip_local_out)", desc,
		     pkt_no);
	else if (p->local_out)
		emit(w, EV_PACKET, NULL, "%s (generated here)", desc);
	else
		say_arrival(w, desc, desc_n);
	if (e->model == FW_IPCHAINS)
		walk_ipchains(w);
	else if (p->local_out)
		walk_local(w);
	else
		walk_arriving(w);
}

static void fill_result(const struct walker *w, struct walk_result *res)
{
	*res = (struct walk_result){.fate = w->fate,
				    .ct = w->p->ct,
				    .where = w->fate_stage,
				    .fate_step = w->fate_step};
	str_copy(res->oif, sizeof(res->oif), w->p->oif);
	pkt_view_of(w->p, &res->final);
	ct_pin(res->ct); /* the result outlives the walk's packets */
}

void walk_packet(struct engine *e, struct packet *p, int pkt_no, struct walk_result *res)
{
	/* each family's rules make the kernel track that family (generations
	 * are unique, so their sum changes when either changes) */
	if (e->ct_gen != e->rules.gen + e->rules6.gen + 1) {
		/* nft tables: an inet table tracks both families */
		e->ct_needed = conntrack_needed(&e->rules) || nft_needs_ct(e->nft, FAMILY_IPV4);
		e->ct_needed6 = conntrack_needed(&e->rules6) || nft_needs_ct(e->nft, FAMILY_IPV6);
		/* xt_connbytes' checkentry (and nft_ct_get_init for ct bytes,
		 * packets, avgpkt) turn nf_conntrack_acct on, for good */
		if (rules_use_match(&e->rules, "connbytes") ||
		    rules_use_match(&e->rules6, "connbytes") || nft_needs_acct(e->nft))
			e->ct.acct = true;
		e->ct_gen = e->rules.gen + e->rules6.gen + 1;
	}
	struct walker w;
	walk_one(e, p, pkt_no, 0, res != NULL, &w);
	if (res)
		fill_result(&w, res);
	/* Packets this one caused, breadth first, bounded. */
	struct packet *queue[WALK_MAX_SPAWN];
	int nq = 0, sub = 0;
	for (int i = 0; i < w.nspawn; i++)
		queue[nq++] = w.spawn[i];
	packet_free(p);
	for (int qi = 0; qi < nq; qi++) {
		struct walker ws;
		walk_one(e, queue[qi], pkt_no, ++sub, false, &ws);
		for (int i = 0; i < ws.nspawn; i++) {
			if (nq < WALK_MAX_SPAWN && sub + nq < e->max_spawn)
				queue[nq++] = ws.spawn[i];
			else
				packet_free(ws.spawn[i]);
		}
		packet_free(queue[qi]);
	}
	/* No packet points at an entry now: free those out of the table. */
	ct_reap(&e->ct);
}
