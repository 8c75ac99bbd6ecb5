/* walk_ipchains.c - the Linux 2.2 path: the IPCHAINS column of the
 * Kernel Packet Traveling Diagram, through the same walk and events as
 * iptables' (the routing, local process, QoS egress and wire boxes are
 * walk.c's own stages).  IPv4 only on purpose (pkt_saddr/pkt_daddr):
 * Linux 2.2's ipchains filtered no IPv6.
 *
 * The order is linux-2.2's (net/ipv4/ip_input.c, ip_forward.c,
 * ip_output.c; the IPCHAINS-HOWTO, section 4.1 "How Packets Traverse The
 * Filters"):
 *   arriving:  input chain (ip_rcv: call_in_firewall, before routing
 *              decides anything), input routing; then
 *              - for this host: if the packet answers a masqueraded
 *                connection, ip_local_deliver demasquerades it
 *                (ip_fw_demasquerade), routes it again and forwards it,
 *                skipping the forward chain (IPSKB_MASQUERADED) but not
 *                output; else the local process;
 *              - forwarded: forward chain (call_fw_firewall; MASQ applies
 *                here, ip_fw_masquerade), output chain (call_out_firewall).
 *   local:     output routing, output chain (ip_build_xmit /
 *              ip_queue_xmit), the wire or, for our own addresses, lo
 *              and the arriving path.
 * There is no connection tracking: no states, no conntrack boxes; every
 * packet is judged by its headers alone. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/walk/walker.h"

/* Nesting of user chains a walk may follow before calling it a loop. */
#define IPC_MAX_DEPTH 32

static void note(struct walker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct walker *w, const char *fmt, ...)
{
	char text[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	emit(w, EV_NOTE, NULL, "%s", text);
}

static void enter_box(struct walker *w, enum stage_id st, const char *why)
{
	w->stage = st;
	if (why)
		emit(w, EV_ENTER, NULL, "%s (%s)", stage_info(st)->title, why);
	else
		emit(w, EV_ENTER, NULL, "%s", stage_info(st)->title);
}

/* An ICMP error from the address routing picks for the way back. */
static void icmp_error(struct walker *w, uint8_t type, uint8_t code)
{
	struct route_query q = {.dst.ip = pkt_saddr(w->p)};
	struct route_result r;
	if (route_lookup(&w->e->net, &q, &r) != 0 || !r.prefsrc.ip)
		return;
	struct packet *err = packet_icmp_error(w->p, type, code, r.prefsrc.ip);
	if (!err)
		return;
	err->local_out = true;
	walker_spawn(w, err);
}

/* ---- a chain (ip_fw_check) ---- */

struct ipc_outcome {
	enum ipc_verdict v;
	int rule; /* 0: the policy */
	uint16_t redirpt;
};

static enum verdict nf_of(enum ipc_verdict v)
{
	return v == IPC_DENY || v == IPC_REJECT ? V_DROP : V_ACCEPT;
}

/* The -l line, as ip_fw.c's dump_packet prints it. */
static void log_line(struct walker *w, const struct ipc_chain *c, const struct ipc_rule *r,
		     const char *ifname, int count)
{
	const struct packet *p = w->p;
	char s[ADDR_STRLEN], d[ADDR_STRLEN], target[16];
	if (r->verdict == IPC_JUMP)
		snprintf(target, sizeof(target), "%s", r->target);
	else
		snprintf(target, sizeof(target), "%s",
			 r->verdict == IPC_NONE ? "-" : ipc_verdict_name(r->verdict));
	uint8_t fl = pkt_tcp_flags(p);
	bool syn = pkt_proto(p) == PROTO_TCP && (fl & TCPF_SYN) && !(fl & (TCPF_ACK | TCPF_RST));
	note(w,
	     "-l: the kernel logs \"Packet log: %s %s %s PROTO=%u %s:%u %s:%u L=%u S=0x%02X I=%u "
	     "F=0x%04X T=%u %s(#%d)\"",
	     c->name, target, ifname[0] ? ifname : "-", pkt_proto(p), addr_fmt(pkt_saddr(p), s),
	     pkt_has_ports(p) ? pkt_sport(p) : 0, addr_fmt(pkt_daddr(p), d),
	     pkt_has_ports(p) ? pkt_dport(p) : 0, pkt_tot_len(p), pkt_tos(p), pkt_ip_id(p),
	     (unsigned)((pkt_df(p) ? 0x4000 : 0) | (pkt_more_fragments(p) ? 0x2000 : 0) |
			pkt_frag_off(p)),
	     pkt_ttl(p), syn ? "SYN " : "", count);
}

static void emit_rule(struct walker *w, const struct ipc_chain *c, size_t i, bool matched,
		      const struct match_result *res, int nres)
{
	struct strbuf sb = STRBUF_INIT;
	ipc_rule_format(&c->rules[i], &sb);
	struct event_result said[RULE_MAX_RESULTS];
	event_results_of(said, res, nres);
	struct emit_args a = {.chain = c->name,
			      .rule = (int)i + 1,
			      .matched = matched,
			      .results = said,
			      .nresults = nres,
			      .detail = sb_str(&sb)};
	if (matched)
		emit(w, EV_RULE, &a, "%s rule %zu matched", c->name, i + 1);
	else
		emit(w, EV_RULE, &a, "%s rule %zu: no match (%s)", c->name, i + 1,
		     nres ? res[nres - 1].text : "");
	sb_free(&sb);
}

static void emit_target(struct walker *w, const struct ipc_chain *c, size_t i, enum verdict v,
			const char *fmt, const char *what)
{
	struct emit_args a = {.chain = c->name, .rule = (int)i + 1, .verdict = v};
	emit(w, EV_TARGET, &a, fmt, what);
}

static const char *target_words(enum ipc_verdict v)
{
	switch (v) {
	case IPC_ACCEPT:
		return "-j ACCEPT: the packet passes this chain";
	case IPC_DENY:
		return "-j DENY: the packet is dropped without a word";
	case IPC_REJECT:
		return "-j REJECT: the packet is dropped and the sender told (ICMP)";
	case IPC_MASQ:
		return "-j MASQ: the packet passes and will be masqueraded";
	case IPC_REDIRECT:
		return "-j REDIRECT: the packet goes to a local port (transparent proxy)";
	default:
		return "";
	}
}

static int chain_index(const struct ipchains *ic, const char *name)
{
	for (size_t i = 0; i < ic->nchains; i++)
		if (strcmp(ic->chains[i].name, name) == 0)
			return (int)i;
	return -1;
}

static struct ipc_outcome chain_end(struct walker *w, const struct ipc_chain *base,
				    struct ipc_outcome o)
{
	struct emit_args a = {.chain = base->name, .rule = o.rule, .verdict = nf_of(o.v),
			      .policy = o.rule == 0, .new_val = ipc_verdict_name(o.v)};
	if (o.rule == 0)
		emit(w, EV_VERDICT, &a, "%s: end of chain, policy %s", base->name,
		     ipc_verdict_name(o.v));
	else
		emit(w, EV_VERDICT, &a, "%s: verdict %s (rule %d)", base->name, ipc_verdict_name(o.v),
		     o.rule);
	return o;
}

static struct ipc_outcome run_chain(struct walker *w, int builtin, const char *ifname)
{
	struct ipchains *ic = &w->e->ipc;
	struct {
		int chain;
		size_t next;
	} stack[IPC_MAX_DEPTH];
	int depth = 0, cur = builtin;
	size_t i = 0;
	struct match_result res[RULE_MAX_RESULTS];
	for (;;) {
		const struct ipc_chain *c = &ic->chains[cur];
		for (; i < c->nrules; i++) {
			const struct ipc_rule *r = &c->rules[i];
			int nres = 0;
			bool m = ipc_rule_match(r, w->p, ifname, res, RULE_MAX_RESULTS, &nres);
			emit_rule(w, c, i, m, res, nres);
			if (!m)
				continue;
			if (r->log)
				log_line(w, c, r, ifname, (int)i + 1);
			if (r->verdict == IPC_NONE) {
				emit_target(w, c, i, V_CONTINUE, "%s", "no target: counted, continue");
				continue;
			}
			if (r->verdict == IPC_RETURN) {
				emit_target(w, c, i, V_RETURN, "%s", "-j RETURN: as if the chain ended here");
				break;
			}
			if (r->verdict == IPC_JUMP) {
				int to = chain_index(ic, r->target);
				bool loop = to < 0 || to == cur || depth >= IPC_MAX_DEPTH;
				for (int k = 0; k < depth && !loop; k++)
					loop = stack[k].chain == to;
				if (loop) {
					emit_target(w, c, i, V_DROP, "%s",
						    "a chain already being walked: the kernel reports "
						    "\"IP firewall: Loop detected\" and blocks the packet");
					return chain_end(w, &ic->chains[builtin],
							 (struct ipc_outcome){IPC_DENY, (int)i + 1, 0});
				}
				emit_target(w, c, i, V_JUMP, "-j %s", r->target);
				stack[depth].chain = cur;
				stack[depth++].next = i + 1;
				cur = to;
				c = &ic->chains[cur];
				i = (size_t)-1; /* the loop's i++ starts the new chain at 0 */
				continue;
			}
			emit_target(w, c, i, nf_of(r->verdict), "%s", target_words(r->verdict));
			return chain_end(w, &ic->chains[builtin],
					 (struct ipc_outcome){r->verdict, (int)i + 1, r->redirpt});
		}
		if (depth == 0)
			break;
		struct emit_args a = {.chain = c->name, .verdict = V_RETURN};
		emit(w, EV_VERDICT, &a, "%s: return to the calling chain", c->name);
		depth--;
		cur = stack[depth].chain;
		i = stack[depth].next;
	}
	const struct ipc_chain *base = &ic->chains[builtin];
	return chain_end(w, base, (struct ipc_outcome){base->policy, 0, 0});
}

/* ---- the boxes ---- */

static bool fail(struct walker *w, enum fate f, const char *fmt, const char *arg)
{
	char why[200];
	snprintf(why, sizeof(why), fmt, arg);
	return walk_finish(w, f, why);
}

static struct ipc_outcome chain_box(struct walker *w, enum stage_id st, int builtin,
				    const char *ifname)
{
	enter_box(w, st, NULL);
	if (st == ST_IPCHAINS_INPUT || (st == ST_IPCHAINS_OUTPUT && w->p->local_out))
		note(w, "%s", "ipchains (Linux 2.2) has no connection tracking: no state such as NEW "
			      "or ESTABLISHED exists, each packet is judged by its headers alone");
	return run_chain(w, builtin, ifname);
}

/* MASQ on the forward chain: the source becomes the outgoing interface's
 * address and a port from 61000 up (ip_fw_masquerade). */
static void masquerade(struct walker *w)
{
	struct packet *p = w->p;
	struct route_query q = {.dst.ip = pkt_daddr(p)};
	struct route_result r;
	uint32_t maddr = route_lookup(&w->e->net, &q, &r) == 0 ? r.prefsrc.ip : 0;
	if (!maddr) {
		note(w, "MASQ: no address to masquerade as on %s: sent unchanged", p->oif);
		return;
	}
	const struct ipc_masq *m = ipc_masq_out(&w->e->ipc, p, maddr);
	if (!m) {
		note(w, "%s", "MASQ: no free masquerading port (ip_masq_new): sent unchanged");
		return;
	}
	struct pkt_view before;
	pkt_view_of(p, &before);
	pkt_set_saddr(p, m->maddr);
	if (m->mport && m->proto == PROTO_ICMP)
		pkt_set_icmp_id(p, m->mport); /* an echo's id stands for its port */
	else if (m->mport)
		pkt_set_sport(p, m->mport);
	emit_rewrites(w, &before, false, "MASQ (ip_fw_masquerade)");
	char a[ADDR_STRLEN];
	note(w, "masquerading entry: %s:%u stands for the inside host until it expires; "
		"replies to it are demasqueraded (the 2.2 masq table, not conntrack)",
	     addr_fmt(m->maddr, a), m->mport);
}

/* The output chain, QoS egress and the wire, for forwarded packets and
 * demasqueraded replies alike. */
static void leave(struct walker *w)
{
	struct ipc_outcome o = chain_box(w, ST_IPCHAINS_OUTPUT, IPC_OUTPUT, w->p->oif);
	if (o.v == IPC_DENY)
		return (void)fail(w, FATE_DROPPED, "%s", "dropped (DENY) at the output chain");
	if (o.v == IPC_REJECT) {
		icmp_error(w, ICMP_DEST_UNREACH, 1 /* host unreachable, ip_forward.c */);
		return (void)fail(w, FATE_REJECTED, "%s",
				  "rejected at the output chain (ICMP host unreachable sent)");
	}
	if (o.v != IPC_ACCEPT)
		note(w, "%s on the output chain passes like ACCEPT (ip_forward.c: \"masquerading is "
			"only supported via forward rules\")",
		     ipc_verdict_name(o.v));
	if (walk_stage(w, ST_QOS_EGRESS))
		walk_stage(w, ST_NET_OUT);
}

static void forwarded(struct walker *w)
{
	struct ipc_outcome o = chain_box(w, ST_IPCHAINS_FORWARD, IPC_FORWARD, w->p->oif);
	switch (o.v) {
	case IPC_DENY:
		fail(w, FATE_DROPPED, "%s", "dropped (DENY) at the forward chain");
		return;
	case IPC_REJECT:
		icmp_error(w, ICMP_DEST_UNREACH, 1);
		fail(w, FATE_REJECTED, "%s", "rejected at the forward chain (ICMP host unreachable sent)");
		return;
	case IPC_REDIRECT:
		fail(w, FATE_DROPPED, "%s",
		     "dropped: REDIRECT means nothing to the forward chain (ip_forward.c frees the packet)");
		return;
	case IPC_MASQ:
		masquerade(w);
		break;
	default:
		break;
	}
	leave(w);
}

/* A reply to a masqueraded connection, after input routing found it is
 * for this host. */
static bool demasquerade(struct walker *w)
{
	const struct ipc_masq *m = ipc_masq_in(&w->e->ipc, w->p);
	if (!m)
		return false;
	struct packet *p = w->p;
	struct pkt_view before;
	pkt_view_of(p, &before);
	pkt_set_daddr(p, m->saddr);
	if (m->proto == PROTO_ICMP)
		pkt_set_icmp_id(p, m->sport);
	else
		pkt_set_dport(p, m->sport);
	emit_rewrites(w, &before, false, "DE-MASQUERADE (ip_fw_demasquerade)");
	note(w, "%s", "a reply to a masqueraded connection: routed again and forwarded; it skips "
		"the forward chain (IPSKB_MASQUERADED) but not the output chain");
	bool local = false;
	if (!walk_route_input(w, &local))
		return true;
	if (local) {
		walk_stage(w, ST_LOCAL);
		return true;
	}
	w->forwarded = true;
	leave(w);
	return true;
}

static void arriving(struct walker *w)
{
	if (!walk_stage(w, ST_NET_IN))
		return;
	struct ipc_outcome in = chain_box(w, ST_IPCHAINS_INPUT, IPC_INPUT, w->p->iif);
	if (in.v == IPC_DENY)
		return (void)fail(w, FATE_DROPPED, "%s", "dropped (DENY) at the input chain");
	if (in.v == IPC_MASQ)
		note(w, "%s", "MASQ on the input chain passes like ACCEPT (ip_rcv only drops below "
			      "FW_ACCEPT)");
	bool local = false;
	/* REJECT and REDIRECT wait for the route, but never reach ip_forward
	 * (no TTL decrement, no ICMP redirect) */
	w->route_only = in.v == IPC_REJECT || in.v == IPC_REDIRECT;
	bool routed = walk_route_input(w, &local);
	w->route_only = false;
	if (!routed)
		return;
	if (in.v == IPC_REJECT) {
		/* ip_rcv delays REJECT's answer until the packet has a route */
		icmp_error(w, ICMP_DEST_UNREACH, 3 /* port unreachable */);
		return (void)fail(w, FATE_REJECTED, "%s",
				  "rejected at the input chain (ICMP port unreachable sent after routing)");
	}
	if (in.v == IPC_REDIRECT) {
		uint16_t port = in.redirpt ? in.redirpt : pkt_dport(w->p);
		char text[256];
		snprintf(text, sizeof(text),
			 "REDIRECT: for the local socket on port %u whatever the route said (2.2 "
			 "transparent proxy); the header keeps its destination, and nfwalk's "
			 "sockets are asked for it",
			 port);
		note(w, "%s", text);
		w->p->oif[0] = '\0';
		walk_stage(w, ST_LOCAL);
		return;
	}
	if (local) {
		if (!demasquerade(w))
			walk_stage(w, ST_LOCAL);
		return;
	}
	forwarded(w);
}

static void local_out(struct walker *w)
{
	w->stage = ST_LOCAL;
	emit(w, EV_ENTER, NULL, "%s", "generated by the local process");
	if (!walk_stage(w, ST_ROUTE_OUTPUT))
		return;
	struct ipc_outcome o = chain_box(w, ST_IPCHAINS_OUTPUT, IPC_OUTPUT, w->p->oif);
	if (o.v == IPC_DENY || o.v == IPC_REJECT)
		return (void)fail(w, o.v == IPC_DENY ? FATE_DROPPED : FATE_REJECTED,
				  "%s at the output chain: the socket gets EPERM (ip_build_xmit)",
				  o.v == IPC_DENY ? "dropped (DENY)" : "rejected");
	if (strcmp(w->p->oif, "lo") == 0) {
		note(w, "%s", "sent to a local address: the packet loops back in through lo");
		str_copy(w->p->iif, sizeof(w->p->iif), "lo");
		w->p->oif[0] = '\0';
		w->p->local_out = false;
		w->forwarded = false;
		arriving(w);
		return;
	}
	if (walk_stage(w, ST_QOS_EGRESS))
		walk_stage(w, ST_NET_OUT);
}

void walk_ipchains(struct walker *w)
{
	if (w->p->local_out)
		local_out(w);
	else
		arriving(w);
}
