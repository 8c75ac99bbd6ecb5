/* kwalk.c - turning nf_tables trace events into walks.
 *
 * What the trace says, as Linux 6.x sends it: a matched rule is a RULE
 * event with the rule's handle and the verdict it produced; the end of a
 * chain without a verdict is a RULE event without a handle (older kernels:
 * a RETURN event), followed at a base chain by a POLICY event.  The
 * harness's own chains (KLOAD_TRACE_TABLE) are not steps: they tell where
 * the packet got to — past every INPUT table (delivered) or past every
 * POSTROUTING table (on its way out) — and the header it had there. */
#include "kwalk.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nwalk.h"

/* A retransmission comes from a timer: a second after the original at
 * the earliest (TCP_TIMEOUT_INIT). */
#define RETRANSMIT_MIN_GAP 0.5
#define LOOPBACK_IFINDEX 1

/* Extension headers ipv6_skip_exthdr steps over, as next header values. */
static bool ip6_exthdr(uint8_t nexthdr)
{
	static const uint8_t ext[] = {0, 43, 44, 50, 51, 60, 135, 139, 140, 253, 254};
	for (size_t i = 0; i < sizeof(ext); i++)
		if (ext[i] == nexthdr)
			return true;
	return false;
}

/* IPv6: the trace dumps the first 40 bytes from the network header (the
 * fixed header; extension headers are cut off) and the transport header
 * at the offset nf_tables found it (nft_thoff).  Glued together they
 * make a packet whose fixed header names the transport directly: its
 * next header is the protocol (l4proto when the fixed header names an
 * extension header, -1 unknown), its payload length what is here. */
static struct packet *ip6_packet_of(const uint8_t *net, size_t net_len, const uint8_t *l4,
				    size_t l4_len, int l4proto, uint8_t *buf)
{
	if (net_len < 40)
		return NULL;
	memcpy(buf, net, 40);
	memcpy(buf + 40, l4, l4_len);
	if (ip6_exthdr(buf[6])) {
		if (l4proto < 0 || !l4_len)
			return packet_from_bytes(buf, 40); /* no transport to tell */
		buf[6] = (uint8_t)l4proto;
	}
	buf[4] = (uint8_t)(l4_len >> 8);
	buf[5] = l4_len & 0xff;
	return packet_from_bytes(buf, 40 + l4_len);
}

bool kwalk_view_of_proto(const uint8_t *net, size_t net_len, const uint8_t *l4, size_t l4_len,
			 int l4proto, struct pkt_view *v, uint32_t *tcp_seq)
{
	uint8_t buf[2 * KTRACE_HDR_MAX + 40];
	struct packet *p;
	if (net_len >= 1 && net[0] >> 4 == 6) {
		p = ip6_packet_of(net, net_len, l4, l4_len, l4proto, buf);
	} else {
		if (net_len < 20)
			return false;
		size_t ihl = (size_t)(net[0] & 0x0f) * 4;
		if (ihl < 20 || ihl > net_len)
			ihl = net_len;
		memcpy(buf, net, ihl);
		memcpy(buf + ihl, l4, l4_len);
		p = packet_from_bytes(buf, ihl + l4_len);
	}
	if (!p)
		return false;
	pkt_view_of(p, v);
	if (tcp_seq)
		*tcp_seq = pkt_proto(p) == PROTO_TCP && l4_len >= 8 ? pkt_tcp_seq(p) : 0;
	packet_free(p);
	return true;
}

bool kwalk_view_of(const uint8_t *net, size_t net_len, const uint8_t *l4, size_t l4_len,
		   struct pkt_view *v, uint32_t *tcp_seq)
{
	return kwalk_view_of_proto(net, net_len, l4, l4_len, -1, v, tcp_seq);
}

/* An event's header as a view; an IPv6 header with extension headers
 * takes the injected packet's transport protocol as the one behind them
 * (the trace does not say; the kernel's own answers carry none). */
static bool view_of_event(const struct kwalk_in *in, const struct ktrace_ev *e,
			  struct pkt_view *v, uint32_t *tcp_seq)
{
	int l4proto = in->sent && in->sent->p ? pkt_proto(in->sent->p) : -1;
	return kwalk_view_of_proto(e->net, e->net_len, e->l4, e->l4_len, l4proto, v, tcp_seq);
}

/* The family of the table an event is in: the message's (NFPROTO_INET
 * for an inet table), or else its hook's (NFTA_TRACE_NFPROTO). */
static int family_of(const struct ktrace_ev *e)
{
	if (e->table_family)
		return e->table_family;
	return e->nfproto == NFPROTO_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
}

/* Where a step is: an iptables table by its name and the chain, an
 * nftables chain as nfwalk labels it ("inet filter input") with no
 * table of iptables'. */
static void step_place(const struct kwalk_in *in, const struct ktrace_ev *e, struct vstep *st)
{
	if (kruleset_is_nft(in->rules, family_of(e), e->table)) {
		snprintf(st->chain, sizeof(st->chain), "%s %s %s", kload_family_word(family_of(e)),
			 e->table, e->chain);
		return;
	}
	str_copy(st->table, sizeof(st->table), e->table);
	str_copy(st->chain, sizeof(st->chain), e->chain);
}

/* --- one skb's events --- */

struct kgroup {
	uint32_t id;
	size_t *ev; /* indexes into the trace */
	size_t n;
};

static void group_add(struct kgroup **g, size_t *ng, uint32_t id, size_t ev)
{
	size_t i = 0;
	while (i < *ng && (*g)[i].id != id)
		i++;
	if (i == *ng) {
		*g = xrealloc(*g, (*ng + 1) * sizeof(**g));
		(*g)[(*ng)++] = (struct kgroup){.id = id};
	}
	(*g)[i].ev = xrealloc((*g)[i].ev, ((*g)[i].n + 1) * sizeof(size_t));
	(*g)[i].ev[(*g)[i].n++] = ev;
}

static const struct ktrace_ev *first_header(const struct kwalk_in *in, const struct kgroup *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (in->trace->v[g->ev[i]].net_len)
			return &in->trace->v[g->ev[i]];
	return NULL;
}

static bool is_harness(const struct ktrace_ev *e)
{
	return strcmp(e->table, KLOAD_TRACE_TABLE) == 0;
}

static enum ct_info ct_info_of(const struct ktrace_ev *e)
{
	bool reply = e->has_ct_dir && e->ct_dir == 1;
	if (e->ct_state & KCT_UNTRACKED)
		return CTINFO_UNTRACKED;
	if (e->ct_state & KCT_INVALID)
		return CTINFO_INVALID;
	if (e->ct_state & KCT_NEW)
		return CTINFO_NEW;
	if (e->ct_state & KCT_RELATED)
		return reply ? CTINFO_RELATED_REPLY : CTINFO_RELATED;
	if (e->ct_state & KCT_ESTABLISHED)
		return reply ? CTINFO_ESTABLISHED_REPLY : CTINFO_ESTABLISHED;
	return CTINFO_NONE;
}

/* What the walk learnt while reading its events. */
struct kstate {
	bool delivered, left, dropped, queued, rejected, after_conntrack;
	const struct ktrace_ev *last_hdr, *end_hdr, *last_ct, *last, *last_chain;
	uint32_t oif;
};

/* An nftables rule whose verdict is reject (its last statement). */
static bool is_reject(const char *text)
{
	return str_starts(text, "reject") || strstr(text, " reject");
}

static void rule_step(const struct kwalk_in *in, const struct ktrace_ev *e, struct vwalk *w,
		      struct kstate *ks)
{
	struct vstep st = {.kind = VS_RULE};
	step_place(in, e, &st);
	const struct krule *r = kruleset_rule(in->rules, family_of(e), e->table, e->handle);
	st.rule = r ? r->pos : 0;
	st.text = r ? r->text : NULL;
	str_copy(st.verdict, sizeof(st.verdict), ktrace_verdict_name(e->verdict));
	if (e->verdict == NFT_JUMP || e->verdict == NFT_GOTO)
		str_copy(st.target, sizeof(st.target), e->jump);
	if (e->verdict >= 0 && (e->verdict & NF_VERDICT_MASK) == NF_DROP) {
		ks->dropped = true;
		ks->rejected = r && r->text && (strstr(r->text, "-j REJECT") || is_reject(r->text));
	}
	if (e->verdict >= 0 && (e->verdict & NF_VERDICT_MASK) == NF_QUEUE)
		ks->queued = true;
	vwalk_add_step(w, &st);
}

static void chain_end_step(const struct kwalk_in *in, const struct ktrace_ev *e, struct vwalk *w,
			   struct kstate *ks)
{
	struct vstep st = {0};
	step_place(in, e, &st);
	if (e->type == KT_POLICY) {
		st.kind = VS_POLICY;
		bool accept = e->has_policy && e->policy == NF_ACCEPT;
		str_copy(st.verdict, sizeof(st.verdict), accept ? "ACCEPT" : "DROP");
		if (!accept)
			ks->dropped = true;
	} else if (!kruleset_is_base(in->rules, family_of(e), e->table, e->chain)) {
		st.kind = VS_RETURN;
	} else {
		return; /* a base chain's end: its POLICY event follows */
	}
	vwalk_add_step(w, &st);
}

static void harness_event(const struct ktrace_ev *e, struct kstate *ks)
{
	if (strcmp(e->chain, KLOAD_CHAIN_LOCAL_DONE) == 0) {
		ks->delivered = true;
		if (e->net_len)
			ks->end_hdr = e;
	} else if (strcmp(e->chain, KLOAD_CHAIN_OUT_DONE) == 0) {
		ks->left = true;
		if (e->oif)
			ks->oif = e->oif;
		if (e->net_len)
			ks->end_hdr = e;
	}
}

static void read_event(const struct kwalk_in *in, const struct ktrace_ev *e, struct vwalk *w,
		       struct kstate *ks)
{
	ks->last = e;
	if (e->net_len)
		ks->last_hdr = e;
	if (e->has_ct)
		ks->last_ct = e;
	/* the harness's first chains and a raw-priority base chain run
	 * before conntrack looked at the packet */
	bool first_hook_chain = (is_harness(e) && strncmp(e->chain, "trace_", 6) == 0) ||
				kruleset_before_ct(in->rules, family_of(e), e->table, e->chain);
	if (!first_hook_chain)
		ks->after_conntrack = true;
	if (is_harness(e)) {
		harness_event(e, ks);
		return;
	}
	ks->last_chain = e;
	if (e->type == KT_RULE && e->has_handle)
		rule_step(in, e, w, ks);
	else if (e->type == KT_RULE || e->type == KT_RETURN || e->type == KT_POLICY)
		chain_end_step(in, e, w, ks);
}

static void decide_fate(const struct kwalk_in *in, bool from_wire, struct kstate *ks,
			struct vwalk *w)
{
	if (ks->queued) {
		w->fate = FATE_QUEUED;
		str_copy(w->why, sizeof(w->why), "a rule queued it");
	} else if (ks->dropped) {
		w->fate = ks->rejected ? FATE_REJECTED : FATE_DROPPED;
		str_copy(w->why, sizeof(w->why),
			 ks->rejected ? "a REJECT rule dropped it (and answered)" : "a DROP verdict");
	} else if (ks->delivered) {
		w->fate = FATE_LOCAL;
		str_copy(w->why, sizeof(w->why), "passed every INPUT table");
	} else if (ks->left) {
		w->fate = from_wire ? FATE_FORWARDED : FATE_SENT;
		str_copy(w->why, sizeof(w->why), "passed every POSTROUTING table");
	} else if (ks->last_chain) {
		w->fate = FATE_DROPPED;
		vwalk_set_why(w, "no rule dropped it; it went no further than %s %s (the stack or "
				 "a hook such as NAT's dropped it)",
			      ks->last_chain->table, ks->last_chain->chain);
	} else {
		w->fate = FATE_DROPPED;
		str_copy(w->why, sizeof(w->why),
			 "no rule dropped it; it reached no table (routing or the stack dropped it)");
	}
	const struct ktrace_ev *h = ks->end_hdr ? ks->end_hdr : ks->last_hdr;
	if (h && view_of_event(in, h, &w->end, NULL))
		w->end_known = true;
	if (ks->last)
		w->end.mark = ks->last->mark;
	str_copy(w->end.oif, sizeof(w->end.oif),
		 ks->left && ks->oif ? topo_ifname(in->topo, ks->oif) : "");
	if (ks->last_ct) {
		w->end.ctinfo = ct_info_of(ks->last_ct);
		w->ct_known = true;
	} else if (in->ct_active && ks->after_conntrack) {
		/* Conntrack looked at it and attached nothing: INVALID. */
		w->end.ctinfo = CTINFO_INVALID;
		w->ct_known = true;
	} else if (!in->ct_active) {
		w->end.ctinfo = CTINFO_NONE;
		w->ct_known = true;
	}
}

static void build_walk(const struct kwalk_in *in, const struct kgroup *g, bool from_wire,
		       struct vwalk *w)
{
	struct kstate ks = {0};
	w->present = true;
	const struct ktrace_ev *h = first_header(in, g);
	if (h && view_of_event(in, h, &w->start, &w->tcp_seq))
		view_describe(&w->start, w->desc, sizeof(w->desc));
	for (size_t i = 0; i < g->n; i++)
		read_event(in, &in->trace->v[g->ev[i]], w, &ks);
	decide_fate(in, from_wire, &ks, w);
}

/* --- which skb is which --- */

static bool same_flow(const struct pkt_view *a, const struct pkt_view *b, bool cmp_src)
{
	return a->proto == b->proto && inet_eq(&a->dst, &b->dst) && (!cmp_src || inet_eq(&a->src, &b->src)) &&
	       a->dport == b->dport && (!cmp_src || a->sport == b->sport || !a->sport);
}

/* The injected packet's skb: first seen at the harness's first chain,
 * with the injected addresses and ports. */
static bool is_injected(const struct kwalk_in *in, const struct kgroup *g)
{
	const struct ktrace_ev *e = &in->trace->v[g->ev[0]];
	const struct ktrace_ev *h = first_header(in, g);
	struct pkt_view got, sent;
	if (!is_harness(e) || !h || !view_of_event(in, h, &got, NULL))
		return false;
	pkt_view_of(in->sent->p, &sent);
	if (in->sent->via == VIA_WIRE)
		return e->iif == (uint32_t)in->sent->link->router_ifindex && same_flow(&got, &sent, true);
	/* A local packet's source may be chosen by the kernel. */
	union inet_addr src = pkt_src(in->sent->p);
	return e->iif == 0 && same_flow(&got, &sent, !inet_is_zero(&src));
}

static bool retransmission(const struct kwalk_in *in, const struct kgroup *g)
{
	const struct ktrace_ev *h = first_header(in, g);
	struct pkt_view v;
	uint32_t seq = 0;
	/* only TCP has retransmission timers: two ICMP errors alike (the
	 * trace shows too little of the quoted packet to tell them apart)
	 * are two answers */
	if (!h || !view_of_event(in, h, &v, &seq) || v.proto != PROTO_TCP)
		return false;
	struct kseen *s = in->seen;
	double when = in->trace->v[g->ev[0]].when;
	bool again = false;
	for (size_t i = 0; i < s->n && !again; i++) {
		const struct pkt_view *o = &s->v[i].v;
		again = o->proto == v.proto && inet_eq(&o->src, &v.src) && inet_eq(&o->dst, &v.dst) &&
			o->sport == v.sport && o->dport == v.dport && o->tcp_flags == v.tcp_flags &&
			o->icmp_type == v.icmp_type && s->v[i].seq == seq &&
			when - s->v[i].when >= RETRANSMIT_MIN_GAP;
	}
	if (!again) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		s->v[s->n].v = v;
		s->v[s->n].seq = seq;
		s->v[s->n].when = when;
		s->n++;
	}
	return again;
}

/* The harness chain that ends the output path, and where it sent the
 * packet (0 when it never got there). */
static uint32_t left_by(const struct kwalk_in *in, const struct kgroup *g)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct ktrace_ev *e = &in->trace->v[g->ev[i]];
		if (is_harness(e) && strcmp(e->chain, KLOAD_CHAIN_OUT_DONE) == 0 && e->oif)
			return e->oif;
	}
	return 0;
}

static bool same_header(const struct kwalk_in *in, const struct kgroup *a, const struct kgroup *b)
{
	const struct ktrace_ev *ha = first_header(in, a), *hb = first_header(in, b);
	struct pkt_view va, vb;
	return ha && hb && view_of_event(in, ha, &va, NULL) && view_of_event(in, hb, &vb, NULL) &&
	       same_flow(&va, &vb, true) && va.icmp_type == vb.icmp_type;
}

/* A packet sent to one of our own addresses leaves by lo and comes back
 * in as a new skb with a new trace id; nfwalk walks it as one packet
 * (OUTPUT, POSTROUTING, then PREROUTING, INPUT).  Join the two. */
static void join_loopback(const struct kwalk_in *in, struct kgroup *g, size_t *ng)
{
	for (size_t i = 0; i < *ng; i++) {
		if (left_by(in, &g[i]) != LOOPBACK_IFINDEX)
			continue;
		for (size_t j = i + 1; j < *ng; j++) {
			const struct ktrace_ev *e = &in->trace->v[g[j].ev[0]];
			if (e->iif != LOOPBACK_IFINDEX || !same_header(in, &g[i], &g[j]))
				continue;
			g[i].ev = xrealloc(g[i].ev, (g[i].n + g[j].n) * sizeof(size_t));
			memcpy(g[i].ev + g[i].n, g[j].ev, g[j].n * sizeof(size_t));
			g[i].n += g[j].n;
			free(g[j].ev);
			memmove(&g[j], &g[j + 1], (*ng - j - 1) * sizeof(*g));
			(*ng)--;
			break;
		}
	}
}

void kseen_free(struct kseen *s)
{
	free(s->v);
	*s = (struct kseen){0};
}

size_t kwalk_build(const struct kwalk_in *in, struct vwalk **out, char *note, size_t nn)
{
	struct kgroup *g = NULL;
	size_t ng = 0;
	for (size_t i = in->from; i < in->trace->n; i++)
		if (in->trace->v[i].nfproto == NFPROTO_IPV4 || in->trace->v[i].nfproto == NFPROTO_IPV6 ||
		    !in->trace->v[i].nfproto)
			group_add(&g, &ng, in->trace->v[i].id, i);
	join_loopback(in, g, &ng);
	*out = xcalloc(ng + 1, sizeof(**out));
	size_t n = 1, ignored = 0;
	bool found = false;
	for (size_t i = 0; i < ng; i++) {
		if (!found && is_injected(in, &g[i])) {
			found = true;
			build_walk(in, &g[i], in->sent->via == VIA_WIRE, &(*out)[0]);
		} else if (retransmission(in, &g[i])) {
			ignored++;
		} else {
			build_walk(in, &g[i], false, &(*out)[n++]);
		}
	}
	if (ignored)
		snprintf(note, nn, "%zu retransmission%s by a kernel timer ignored", ignored,
			 ignored == 1 ? "" : "s");
	if (in->sent->send_errno) {
		/* The sender saw the error (EPERM after a DROP in OUTPUT, or
		 * no route); the walk, if the trace has it, says why. */
		struct vwalk *w = &(*out)[0];
		if (!w->present) {
			w->present = true;
			w->fate = FATE_DROPPED;
			snprintf(w->why, sizeof(w->why), "the kernel refused to send it: %s",
				 strerror(in->sent->send_errno));
		} else {
			snprintf(w->note, sizeof(w->note), "the sender got: %s",
				 strerror(in->sent->send_errno));
		}
	}
	for (size_t i = 0; i < ng; i++)
		free(g[i].ev);
	free(g);
	return n;
}

/* --- the wires --- */

static bool frame_is(const struct kframe *f, const struct pkt_view *v)
{
	struct pkt_view got;
	pkt_view_of(f->p, &got);
	return got.proto == v->proto && inet_eq(&got.src, &v->src) && inet_eq(&got.dst, &v->dst) &&
	       got.sport == v->sport && got.dport == v->dport;
}

void kwalk_match_wire(struct vwalk *w, size_t n, struct kcapture *cap, const struct topo *t)
{
	for (size_t i = 0; i < n; i++) {
		if (!w[i].present || (w[i].fate != FATE_FORWARDED && w[i].fate != FATE_SENT) ||
		    !w[i].end_known)
			continue;
		bool seen = false;
		for (size_t k = 0; k < cap->n && !seen; k++) {
			struct kframe *f = &cap->v[k];
			if (f->claimed || !frame_is(f, &w[i].end))
				continue;
			f->claimed = seen = true;
			const char *wire = t->links[f->link].ifname;
			if (!w[i].end.oif[0])
				str_copy(w[i].end.oif, sizeof(w[i].end.oif), wire);
			else if (strcmp(w[i].end.oif, wire) != 0)
				snprintf(w[i].note, sizeof(w[i].note),
					 "the trace says out of %s, the wire of %s received it",
					 w[i].end.oif, wire);
		}
		if (!seen) {
			/* the trace ends with the last table's rules: a drop
			 * after them (nf_confirm, where a conntrack helper may
			 * drop) shows only as a frame that never arrives */
			w[i].fate = FATE_DROPPED;
			snprintf(w[i].why, sizeof(w[i].why),
				 "dropped after the last table: no wire received it");
		}
	}
}
