/* verify.c - one scenario, run by nfwalk and by the kernel, packet by
 * packet.
 *
 * nfwalk goes first for each packet: runner_make_packet builds it (a reply
 * from nfwalk's own conntrack tuple, as in every other front end) and the
 * engine walks it with a recording sink.  The same bytes then go into the
 * router namespace, and the kernel's walk is read until the trace has been
 * quiet for a moment.  Both are reduced to vwalks and printed side by
 * side. */
#define _GNU_SOURCE
#include "verify.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "ctlist.h"
#include "sinks/record.h"
#include "scenario/runner.h"
#include "scenario/session.h"
#include "kclass.h"
#include "kwalk.h"
#include "nwalk.h"

/* The trace of one packet and its answers arrives within microseconds;
 * these bounds only guard against a slow machine. */
#define QUIET_MS 30
#define MIN_WAIT 0.03
#define MAX_WAIT 2.0
#define MAX_QDISC_DEVS 16

static const char *const needed_tools[] = {"ip", "iptables-nft", "iptables-nft-restore", "nft",
					   "conntrack"};

struct run {
	const struct scenario *s;
	FILE *out;
	struct engine e;
	bool engine_ready;
	struct recording rec;
	struct walk_result *nres;
	struct topo topo;
	struct kruleset krules;
	struct ktrace trace;
	struct kcapture cap;
	struct kseen seen;
	struct injected *sent;
	uint32_t *kseq;    /* sequence number of each packet as the kernel sent it */
	bool *kseq_known;
	uint16_t *ksnat_port; /* the port the kernel's source NAT picked where nfwalk's differs */
	uint32_t *ksynack;    /* the sequence number of the kernel socket's SYN/ACK to packet i */
	bool *ksynack_known;
	char devs[MAX_QDISC_DEVS][16];
	size_t ndevs;
	struct kclass classes;
	bool ct_seen[2];   /* conntrack runs for IPv4 [0], IPv6 [1] */
	int diffs;
};

static int preflight(const struct scenario *s, struct nf_error *err)
{
	if (geteuid() != 0)
		return nf_err(err, -1, "checking against the kernel needs root "
				       "(network namespaces, iptables); run it as root");
	for (size_t i = 0; i < ARRAY_SIZE(needed_tools); i++)
		if (!program_available(needed_tools[i]))
			return nf_err(err, -1, "`%s` not found: the kernel check needs iproute2, "
					       "iptables (nft), nftables and conntrack",
				      needed_tools[i]);
	if (s->ntc && !program_available("tc"))
		return nf_err(err, -1, "`tc` not found: install iproute2");
	return 0;
}

/* --- setting up both sides --- */

/* Does the scenario send an ICMPv6 type in [lo, hi] (neighbour discovery,
 * MLD)?  Then the router's own of those types are kept, not ignored. */
static bool sends_icmp6(const struct scenario *s, uint8_t lo, uint8_t hi)
{
	for (size_t i = 0; i < s->npackets; i++) {
		const struct pkt_spec *sp = &s->packets[i].spec;
		if (sp->family == FAMILY_IPV6 && sp->proto == PROTO_ICMPV6 && sp->icmp_type >= lo &&
		    sp->icmp_type <= hi)
			return true;
	}
	return false;
}

static int ipv6_tools(const struct run *r, struct nf_error *err)
{
	static const char *const tools[] = {"ip6tables-nft", "ip6tables-nft-restore"};
	for (size_t i = 0; r->topo.ipv6 && i < ARRAY_SIZE(tools); i++)
		if (!program_available(tools[i]))
			return nf_err(err, -1, "`%s` not found: the kernel check of IPv6 needs "
					       "ip6tables (nft)",
				      tools[i]);
	return 0;
}

static int setup(struct run *r, struct nf_error *err)
{
	r->engine_ready = true;
	recording_init(&r->rec);
	if (session_open(&r->e, r->s, recording_sink, &r->rec, err))
		return -1;
	size_t n = r->s->npackets ? r->s->npackets : 1;
	r->nres = xcalloc(n, sizeof(*r->nres));
	r->sent = xcalloc(n, sizeof(*r->sent));
	r->kseq = xcalloc(n, sizeof(*r->kseq));
	r->kseq_known = xcalloc(n, sizeof(*r->kseq_known));
	r->ksnat_port = xcalloc(n, sizeof(*r->ksnat_port));
	r->ksynack = xcalloc(n, sizeof(*r->ksynack));
	r->ksynack_known = xcalloc(n, sizeof(*r->ksynack_known));
	bool nd = sends_icmp6(r->s, ICMPV6_ND_FIRST, ICMPV6_ND_LAST);
	r->cap.keep_nd = nd;
	if (topo_build(r->s, &r->e, &r->topo, err) || ipv6_tools(r, err) ||
	    kload_rules(r->s, &r->e.rules, r->topo.ipv6 ? &r->e.rules6 : NULL, &r->topo.router,
			&r->krules, err) ||
	    kload_nft(r->s, r->e.nft, &r->topo.router, &r->krules, err) ||
	    kload_trace_table(&r->topo.router, r->topo.ipv6, nd, err) ||
	    topo_late_sysctls(&r->e, &r->topo, err) || ktrace_open(&r->trace, &r->topo.router, err))
		return -1;
	r->ndevs = kclass_devices(r->s, r->devs, MAX_QDISC_DEVS);
	if (r->ndevs && kclass_read(&r->topo.router, r->devs, r->ndevs, &r->classes, err))
		return -1;
	/* Anything the setup itself put on the wires is not a packet's. */
	capture_poll(&r->topo, &r->cap);
	for (size_t i = 0; i < r->cap.n; i++)
		r->cap.v[i].claimed = true;
	return 0;
}

static void teardown(struct run *r)
{
	ktrace_close(&r->trace);
	topo_destroy(&r->topo);
	kruleset_free(&r->krules);
	capture_free(&r->cap);
	kseen_free(&r->seen);
	kclass_free(&r->classes);
	for (size_t i = 0; r->sent && i < r->s->npackets; i++)
		injected_free(&r->sent[i]);
	free(r->sent);
	free(r->kseq);
	free(r->kseq_known);
	free(r->ksnat_port);
	free(r->ksynack);
	free(r->ksynack_known);
	free(r->nres);
	if (r->engine_ready)
		engine_free(&r->e);
	recording_free(&r->rec);
}

/* --- one packet --- */

static void settle(struct run *r)
{
	double start = ktrace_now();
	for (;;) {
		size_t got = ktrace_poll(&r->trace, QUIET_MS);
		double elapsed = ktrace_now() - start;
		if ((!got && elapsed >= MIN_WAIT) || elapsed > MAX_WAIT)
			break;
	}
	capture_poll(&r->topo, &r->cap);
}

/* A reply goes to the port the kernel's source NAT picked at random,
 * or it would answer no connection. */
static void fit_reply_port(struct run *r, size_t asked, struct packet *p, char *note, size_t nn)
{
	uint16_t port = r->ksnat_port[asked];
	if (!port || !pkt_has_ports(p))
		return;
	pkt_set_dport(p, port);
	snprintf(note, nn, "sent to port %u, where the kernel's source NAT put the connection",
		 port);
}

/* A reply to a SYN the kernel sent from a real socket must acknowledge
 * the kernel's own sequence number, not the one nfwalk made up: the
 * socket and conntrack's window check would refuse it otherwise. */
static void fit_reply(struct run *r, size_t i, struct packet *p, char *note, size_t nn)
{
	const struct scn_packet *pk = &r->s->packets[i];
	if (!pk->reply_to)
		return;
	size_t asked = (size_t)pk->reply_to - 1;
	fit_reply_port(r, asked, p, note, nn);
	if (pkt_proto(p) != PROTO_TCP || r->sent[asked].via != VIA_TCP_CONNECT ||
	    !r->kseq_known[asked])
		return;
	size_t off = pkt_l4_offset(p) + 8;
	if (!pkt_l4(p, 12) || off + 4 > p->len)
		return;
	uint32_t ack = r->kseq[asked] + 1;
	for (int b = 0; b < 4; b++)
		p->data[off + (size_t)b] = (uint8_t)(ack >> (24 - 8 * b));
	packet_fix_checksums(p);
	size_t len = strlen(note);
	snprintf(note + len, nn - len, "%sack set to %u, the kernel socket's sequence number + 1",
		 len ? "; " : "", ack);
}

/* Write a TCP sequence or acknowledgement number (off: from the start
 * of the TCP header). */
static void put_tcp_u32(struct packet *p, size_t off, uint32_t v)
{
	size_t at = pkt_l4_offset(p) + off;
	for (int b = 0; b < 4; b++)
		p->data[at + (size_t)b] = (uint8_t)(v >> (24 - 8 * b));
}

/* The client's ACK that ends a handshake with a kernel socket (the
 * scenario's later packet of the same flow, not a `reply:`) must carry
 * what the socket expects: the SYN's sequence number + 1 and the
 * socket's own SYN/ACK's + 1, or the socket answers with a reset. */
static void fit_handshake(struct run *r, size_t i, struct packet *p, char *note, size_t nn)
{
	const struct scn_packet *pk = &r->s->packets[i];
	const struct pkt_spec *sp = &pk->spec;
	if (pk->reply_to || sp->proto != PROTO_TCP || !(sp->tcp_flags & TCPF_ACK) ||
	    (sp->tcp_flags & TCPF_SYN) || !pkt_l4(p, 20))
		return;
	for (size_t a = i; a-- > 0;) {
		const struct pkt_spec *sa = &r->s->packets[a].spec;
		if (r->s->packets[a].reply_to || !r->ksynack_known[a] || sa->proto != PROTO_TCP ||
		    !inet_eq(&sa->src, &sp->src) || !inet_eq(&sa->dst, &sp->dst) ||
		    sa->sport != sp->sport || sa->dport != sp->dport)
			continue;
		uint32_t seq = sa->seq + 1, ack = r->ksynack[a] + 1;
		if (pkt_tcp_seq(p) == sa->seq)
			put_tcp_u32(p, 4, seq);
		put_tcp_u32(p, 8, ack);
		packet_fix_checksums(p);
		snprintf(note, nn, "seq %u, ack %u: the kernel socket's SYN/ACK to packet %zu + 1",
			 pkt_tcp_seq(p), ack, a + 1);
		return;
	}
}

static void tuple_of_view(const struct pkt_view *v, struct ct_tuple *t)
{
	*t = (struct ct_tuple){.family = (uint8_t)v->family, .proto = v->proto, .src = v->src,
			       .dst = v->dst, .sport = v->sport, .dport = v->dport};
	if (v->proto == PROTO_ICMP || v->proto == PROTO_ICMPV6)
		t->dport = (uint16_t)(v->icmp_type << 8 | v->icmp_code);
}

/* The reply tuples differ only by the port source NAT moved to, which
 * the kernel picks at random (see compare_random_snat_port). */
static bool random_snat_port(const struct ct_entry *ce, const struct kct *ke)
{
	const struct ct_tuple *o = &ce->tuple[CT_DIR_ORIGINAL];
	struct pkt_view a0 = {.family = o->family, .proto = o->proto, .src = o->src,
			      .sport = o->sport};
	struct pkt_view a1 = {.family = o->family, .proto = o->proto,
			      .src = ce->tuple[CT_DIR_REPLY].dst,
			      .sport = ce->tuple[CT_DIR_REPLY].dport};
	struct pkt_view b1 = {.family = o->family, .proto = o->proto,
			      .src = ke->tuple[CT_DIR_REPLY].dst,
			      .sport = ke->tuple[CT_DIR_REPLY].dport};
	struct ct_tuple same = ke->tuple[CT_DIR_REPLY];
	same.dport = ce->tuple[CT_DIR_REPLY].dport;
	return ctlist_tuple_eq(&same, &ce->tuple[CT_DIR_REPLY]) &&
	       compare_random_snat_port(&a0, &a1, &a0, &b1);
}

static const char *tuple_diff(const struct ct_entry *ce, const struct kct *ke)
{
	if (!ctlist_tuple_eq(&ce->tuple[CT_DIR_ORIGINAL], &ke->tuple[CT_DIR_ORIGINAL]))
		return "the original tuples differ";
	if (!ctlist_tuple_eq(&ce->tuple[CT_DIR_REPLY], &ke->tuple[CT_DIR_REPLY]) &&
	    !random_snat_port(ce, ke))
		return "the reply tuples (the NAT binding) differ";
	if (ce->mark != ke->mark)
		return "the connection marks differ";
	if (ce->tuple[0].proto == PROTO_TCP && strcmp(ct_tcp_state_name(ce->tcp_state), ke->state))
		return "the TCP states differ";
	return "";
}

/* The packet's connection on both sides, found by nfwalk's tuple or by
 * the packet as the kernel first saw it. */
static void compare_conntrack(struct run *r, size_t i, const struct vwalk *k0,
			      const struct kctlist *kl, struct vpacket *vp)
{
	const struct ct_entry *ce = r->nres[i].ct;
	bool ours = ce && (ce->status & CTS_CONFIRMED) && !(ce->status & CTS_DYING);
	const struct kct *ke = ours ? ctlist_find(kl, &ce->tuple[CT_DIR_ORIGINAL], NULL) : NULL;
	if (!ke && k0 && k0->present && k0->start.proto) {
		struct ct_tuple t;
		tuple_of_view(&k0->start, &t);
		ke = ctlist_find(kl, &t, NULL);
	}
	if (!ours && !ke)
		return;
	vp->ct_compared = true;
	if (ours)
		ct_entry_fmt(ce, vp->ct_nfwalk, sizeof(vp->ct_nfwalk));
	else
		str_copy(vp->ct_nfwalk, sizeof(vp->ct_nfwalk), "(no entry)");
	str_copy(vp->ct_kernel, sizeof(vp->ct_kernel), ke ? ke->line : "(no entry)");
	if (!ours || !ke)
		str_copy(vp->ct_diff, sizeof(vp->ct_diff), "only one side has an entry");
	else
		str_copy(vp->ct_diff, sizeof(vp->ct_diff), tuple_diff(ce, ke));
	if (ours && ke && random_snat_port(ce, ke) &&
	    ce->tuple[CT_DIR_REPLY].dport != ke->tuple[CT_DIR_REPLY].dport)
		r->ksnat_port[i] = ke->tuple[CT_DIR_REPLY].dport;
}

/* The class of the one packet that left through each qdisc device. */
static int read_classes(struct run *r, struct vwalk *k, size_t nk, struct nf_error *err)
{
	if (!r->ndevs)
		return 0;
	struct kclass now;
	if (kclass_read(&r->topo.router, r->devs, r->ndevs, &now, err))
		return -1;
	for (size_t d = 0; d < r->ndevs; d++) {
		struct vwalk *only = NULL;
		int leaving = 0;
		for (size_t j = 0; j < nk; j++) {
			if (k[j].present && strcmp(k[j].end.oif, r->devs[d]) == 0 &&
			    (k[j].fate == FATE_FORWARDED || k[j].fate == FATE_SENT)) {
				only = &k[j];
				leaving++;
			}
		}
		if (leaving == 1 && kclass_delta(&r->classes, &now, r->devs[d], only->qos_class,
						 sizeof(only->qos_class)))
			only->class_known = true;
	}
	kclass_free(&r->classes);
	r->classes = now;
	return 0;
}

/* Conntrack runs in the namespace for a family once a packet of it
 * carries a conntrack state (its hooks are registered per family).  The
 * untracked entry counts only when a rule needs conntrack
 * (ruleset_tracks, nfwalk's side, walked first): TEE's copies get it from
 * nf_dup_ipv4 without conntrack's hooks being registered, while
 * NOTRACK's packets have it because conntrack runs. */
static bool ct_seen_since(const struct ktrace *t, size_t from, uint32_t nfproto,
			  bool ruleset_tracks)
{
	for (size_t i = from; i < t->n; i++)
		if (t->v[i].has_ct && (t->v[i].nfproto == nfproto || !t->v[i].nfproto) &&
		    (ruleset_tracks || !(t->v[i].ct_state & KCT_UNTRACKED)))
			return true;
	return false;
}

/* Has the kernel's table an entry of that family?  (`conntrack -L`
 * lists both.) */
static bool ctlist_count(const struct kctlist *l, bool v6)
{
	for (size_t i = 0; i < l->n; i++)
		if ((l->v[i].tuple[CT_DIR_ORIGINAL].family == FAMILY_IPV6) == v6)
			return true;
	return false;
}

/* NFWALK_VERIFY_TRACE=1: the raw trace events, for evidence. */
static void dump_trace(struct run *r, size_t from)
{
	for (size_t i = from; i < r->trace.n; i++) {
		char line[400];
		ktrace_format(&r->trace.v[i], line, sizeof(line));
		fprintf(r->out, "  | trace %s\n", line);
	}
}

/* The kernel's side of packet i. */
static int kernel_walk(struct run *r, size_t i, const struct packet *p, struct vpacket *vp,
		       struct nf_error *err)
{
	size_t from = r->trace.n;
	if (inject_packet(&r->topo, p, &r->sent[i], err))
		return -1;
	str_copy(vp->how, sizeof(vp->how), r->sent[i].how);
	settle(r);
	struct kctlist kl;
	if (ctlist_read(&r->topo.router, &kl, err))
		return -1;
	bool v6 = pkt_family(p) == FAMILY_IPV6;
	r->ct_seen[v6] = r->ct_seen[v6] ||
			 ct_seen_since(&r->trace, from, v6 ? NFPROTO_IPV6 : NFPROTO_IPV4,
				       v6 ? r->e.ct_needed6 : r->e.ct_needed);
	struct kwalk_in in = {.trace = &r->trace, .from = from, .sent = &r->sent[i],
			      .rules = &r->krules, .topo = &r->topo,
			      .ct_active = r->ct_seen[v6] || ctlist_count(&kl, v6), .seen = &r->seen};
	char note[200] = "";
	vp->nk = kwalk_build(&in, &vp->k, note, sizeof(note));
	if (note[0])
		str_copy(vp->note, sizeof(vp->note), note);
	kwalk_match_wire(vp->k, vp->nk, &r->cap, &r->topo);
	if (vp->k[0].present && vp->k[0].start.proto == PROTO_TCP) {
		r->kseq[i] = vp->k[0].tcp_seq;
		r->kseq_known[i] = true;
	}
	for (size_t j = 1; j < vp->nk; j++) {
		const struct pkt_view *a = &vp->k[j].start;
		if (vp->k[j].present && a->proto == PROTO_TCP &&
		    (a->tcp_flags & (TCPF_SYN | TCPF_ACK)) == (TCPF_SYN | TCPF_ACK)) {
			r->ksynack[i] = vp->k[j].tcp_seq;
			r->ksynack_known[i] = true;
		}
	}
	int rc = read_classes(r, vp->k, vp->nk, err);
	if (rc == 0)
		compare_conntrack(r, i, &vp->k[0], &kl, vp);
	ctlist_free(&kl);
	return rc;
}

static void free_walks(struct vwalk *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vwalk_free(&w[i]);
	free(w);
}

static int run_packet(struct run *r, size_t i, struct nf_error *err)
{
	const struct scn_packet *pk = &r->s->packets[i];
	char label[160];
	if (pk->reply_to)
		snprintf(label, sizeof(label), "reply: %d", pk->reply_to);
	else
		str_copy(label, sizeof(label), pk->text ? pk->text : "");
	struct nf_error perr = {0};
	struct packet *p = runner_make_packet(r->s, i, r->nres, &perr);
	if (!p) {
		fprintf(r->out, "packet %zu: %s\n  nfwalk cannot build it (%s); not sent to either\n",
			i + 1, label, perr.msg);
		return 0;
	}
	struct packet *copy = packet_clone(p);
	struct vpacket vp = {.pkt = (int)i + 1, .label = label};
	char fitted[160] = "";
	fit_reply(r, i, copy, fitted, sizeof(fitted));
	if (!fitted[0])
		fit_handshake(r, i, copy, fitted, sizeof(fitted));
	size_t rec_from = r->rec.n;
	walk_packet(&r->e, p, (int)i + 1, &r->nres[i]);
	vp.nn = nwalk_build(&r->rec, rec_from, (int)i + 1, &vp.n);
	size_t trace_from = r->trace.n;
	int rc = kernel_walk(r, i, copy, &vp, err);
	if (rc == 0) {
		if (fitted[0]) {
			size_t len = strlen(vp.how);
			snprintf(vp.how + len, sizeof(vp.how) - len, "; %s", fitted);
		}
		r->diffs += compare_packet(r->out, &vp);
		if (getenv("NFWALK_VERIFY_TRACE"))
			dump_trace(r, trace_from);
	}
	packet_free(copy);
	free_walks(vp.n, vp.nn);
	free_walks(vp.k, vp.nk);
	return rc;
}

static void header(const struct run *r)
{
	fprintf(r->out, "== %s: %s\n", r->s->path, r->s->name);
	fprintf(r->out, "   nfwalk beside Linux %s (%s, nf_tables trace); "
			"`!` marks a difference\n",
		r->topo.kernel,
		!r->s->nftables && !r->s->nft_path ? "iptables-nft"
		: r->s->niptables			? "iptables-nft, then nft -f"
							: "nft -f");
	const char *notes = sb_str(&r->topo.notes);
	while (*notes) {
		size_t len = strcspn(notes, "\n");
		fprintf(r->out, "   (harness: %.*s)\n", (int)len, notes);
		notes += len + (notes[len] == '\n');
	}
}

/* An error that names no place in the file is about the scenario as a
 * whole. */
static int could_not_run(const struct scenario *s, struct nf_error *err)
{
	if (err && !err->file[0]) {
		str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
		err->line = 0;
		err->col = -1;
	}
	return 2;
}

int verify_kernel(const struct scenario *s, FILE *out, struct nf_error *err)
{
	if (s->kernel_skip) {
		fprintf(out, "%s: kernel check skipped: %s\n", s->path, s->kernel_skip);
		return 0;
	}
	if (s->backend == BACKEND_LEGACY) {
		fprintf(out, "%s: kernel check skipped: backend legacy (the check loads the rules "
			     "with iptables-nft and follows the nf_tables trace)\n", s->path);
		return 0;
	}
	if (s->model == FW_IPCHAINS) {
		fprintf(out, "%s: kernel check skipped: ipchains is Linux 2.2's firewall; no current "
			"kernel has it\n", s->path);
		return 0;
	}
	if (preflight(s, err))
		return could_not_run(s, err);
	double started = ktrace_now();
	struct run r = {.s = s, .out = out};
	int rc = setup(&r, err);
	if (rc == 0) {
		header(&r);
		r.diffs += compare_rules(out, &r.e.rules, &r.krules);
		if (r.topo.ipv6)
			r.diffs += compare_rules(out, &r.e.rules6, &r.krules);
		for (size_t i = 0; i < s->npackets && rc == 0; i++)
			rc = run_packet(&r, i, err);
		if (r.trace.overrun)
			fprintf(out, "  (the kernel dropped trace messages: the comparison may be "
				     "incomplete)\n");
	}
	if (rc == 0) {
		char verdict[48] = "no difference";
		if (r.diffs)
			snprintf(verdict, sizeof(verdict), "%d difference%s", r.diffs,
				 r.diffs == 1 ? "" : "s");
		fprintf(out, "== %s: %s (%zu packet%s, %.2f s)\n", s->path, verdict, s->npackets,
			s->npackets == 1 ? "" : "s", ktrace_now() - started);
	}
	teardown(&r);
	fflush(out);
	if (rc)
		return could_not_run(s, err);
	return r.diffs ? 1 : 0;
}
