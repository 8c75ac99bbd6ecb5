/* nwalk.c - nfwalk's recorded events as comparable walks.
 *
 * Only what the kernel's trace can show is kept: a rule that matched and
 * the verdict its target gave, the policy at the end of a built-in chain,
 * and the implicit return at the end of a user chain (an explicit RETURN
 * rule is a matched rule like any other, as in the kernel's trace). */
#include "nwalk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"

/* "tcp 10.0.0.2:80 -> ...", IPv6 "tcp [2001:db8::2]:80 -> ...", ICMP by
 * its type's name, ICMPv6 by ip6tables' ("icmp6 A -> B echo-request"). */
void view_describe(const struct pkt_view *v, char *buf, size_t n)
{
	char s[INET_STRLEN + 8], d[INET_STRLEN + 8];
	int family = v->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	const char *proto = proto_name(v->proto);
	if (v->proto == PROTO_TCP || v->proto == PROTO_UDP) {
		inet_fmt_port(family, &v->src, v->sport, s, sizeof(s));
		inet_fmt_port(family, &v->dst, v->dport, d, sizeof(d));
	} else {
		inet_fmt(family, &v->src, s);
		inet_fmt(family, &v->dst, d);
	}
	if (v->proto == PROTO_TCP) {
		char flags[16];
		tcp_flags_fmt(v->tcp_flags, flags, sizeof(flags));
		snprintf(buf, n, "tcp %s -> %s [%s]", s, d, flags);
	} else if (v->proto == PROTO_UDP) {
		snprintf(buf, n, "udp %s -> %s", s, d);
	} else if (v->proto == PROTO_ICMP && family == FAMILY_IPV4) {
		const char *what = icmp_type_name(v->icmp_type, v->icmp_code);
		snprintf(buf, n, "icmp %s -> %s %s", s, d, what ? what : "?");
	} else if (v->proto == PROTO_ICMPV6 && family == FAMILY_IPV6) {
		const char *what = icmp6_type_name(v->icmp_type, v->icmp_code);
		snprintf(buf, n, "icmp6 %s -> %s %s", s, d, what ? what : "?");
	} else {
		snprintf(buf, n, "%s %s -> %s", proto ? proto : family == FAMILY_IPV6 ? "ipv6" : "ip",
			 s, d);
	}
}

/* Where a step is, as kwalk.c's step_place says it: an nftables chain's
 * label ("inet filter input", a space in it) with no iptables table. */
static void step_place(const struct event *ev, struct vstep *st)
{
	if (!strchr(ev->chain, ' '))
		str_copy(st->table, sizeof(st->table), table_name(ev->table));
	str_copy(st->chain, sizeof(st->chain), ev->chain);
}

/* The chain a jump or goto went to: the event's, or an nftables
 * target's text ("jump NAME"). */
static const char *jump_target(const struct event *ev)
{
	if (ev->jump)
		return ev->jump;
	const char *sp = ev->text ? strchr(ev->text, ' ') : NULL;
	return sp ? sp + 1 : "";
}

static void on_rule(struct vwalk *w, const struct rec_event *re)
{
	const struct event *ev = &re->ev;
	if (!ev->matched || !ev->chain)
		return;
	struct vstep st = {.kind = VS_RULE, .rule = ev->rule, .text = re->rule_text};
	step_place(ev, &st);
	str_copy(st.verdict, sizeof(st.verdict), "CONTINUE");
	vwalk_add_step(w, &st);
}

static void on_target(struct vwalk *w, const struct rec_event *re)
{
	const struct event *ev = &re->ev;
	if (!w->nsteps)
		return;
	struct vstep *st = &w->steps[w->nsteps - 1];
	if (st->kind != VS_RULE || st->rule != ev->rule || !ev->chain ||
	    strcmp(st->chain, ev->chain) != 0)
		return;
	str_copy(st->verdict, sizeof(st->verdict), verdict_name(ev->verdict));
	if (ev->verdict == V_JUMP || ev->verdict == V_GOTO)
		str_copy(st->target, sizeof(st->target), jump_target(ev));
}

static void on_verdict(struct vwalk *w, const struct event *ev)
{
	if (!ev->chain)
		return;
	struct vstep st = {0};
	if (ev->policy)
		st.kind = VS_POLICY;
	else if (ev->verdict == V_RETURN && ev->rule == 0)
		st.kind = VS_RETURN;
	else
		return; /* the deciding rule is already a step */
	step_place(ev, &st);
	if (st.kind == VS_POLICY)
		str_copy(st.verdict, sizeof(st.verdict), verdict_name(ev->verdict));
	vwalk_add_step(w, &st);
}

static void on_event(struct vwalk *w, const struct rec_event *re)
{
	const struct event *ev = &re->ev;
	switch (ev->kind) {
	case EV_PACKET:
		w->present = true;
		w->start = *ev->view;
		view_describe(ev->view, w->desc, sizeof(w->desc));
		break;
	case EV_RULE:
		on_rule(w, re);
		break;
	case EV_TARGET:
		on_target(w, re);
		break;
	case EV_VERDICT:
		on_verdict(w, ev);
		break;
	case EV_QOS:
		if (ev->stage == ST_QOS_EGRESS)
			str_copy(w->qos_class, sizeof(w->qos_class), ev->new_val);
		break;
	case EV_FATE:
		w->fate = ev->fate;
		w->fate_stage = ev->stage;
		w->end = *ev->view;
		w->end_known = w->ct_known = w->class_known = true;
		str_copy(w->why, sizeof(w->why), ev->text ? ev->text : "");
		break;
	default:
		break;
	}
}

size_t nwalk_build(const struct recording *rec, size_t from, int pkt, struct vwalk **out)
{
	size_t n = 0;
	for (size_t i = from; i < rec->n; i++)
		if (rec->v[i].ev.pkt == pkt && (size_t)rec->v[i].ev.sub + 1 > n)
			n = (size_t)rec->v[i].ev.sub + 1;
	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = from; i < rec->n; i++) {
		const struct rec_event *re = &rec->v[i];
		if (re->ev.pkt == pkt && re->ev.sub >= 0)
			on_event(&(*out)[re->ev.sub], re);
	}
	return n;
}
