/* compare.c - printing nfwalk's walk and the kernel's side by side.
 *
 * Steps are aligned by their longest common subsequence, so one extra or
 * missing rule hit shows as one flagged row, not as every row after it.
 * Fields the kernel could not tell (conntrack state on an old kernel, the
 * class when several packets used the qdisc) print "?" and are not
 * compared. */
#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"

#define COL 44
#define FLAG "!"
#define SAME_CHOICE "~" /* differs where the kernel's choice is random */

/* --- sub pairing --- */

static bool same_start(const struct vwalk *a, const struct vwalk *b, bool addresses)
{
	return a->start.proto == b->start.proto &&
	       (!addresses || (inet_eq(&a->start.src, &b->start.src) && inet_eq(&a->start.dst, &b->start.dst)));
}

void compare_pair_subs(const struct vwalk *n, size_t nn, const struct vwalk *k, size_t nk,
		       int *match)
{
	bool *used = xcalloc(nk + 1, sizeof(*used));
	for (size_t i = 0; i < nn; i++)
		match[i] = -1;
	if (nn && nk) {
		match[0] = 0;
		used[0] = true;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 1; i < nn; i++) {
			for (size_t j = 1; j < nk && match[i] < 0; j++) {
				if (!used[j] && k[j].present && same_start(&n[i], &k[j], pass == 0)) {
					match[i] = (int)j;
					used[j] = true;
				}
			}
		}
	}
	free(used);
}

/* --- rows --- */

static void row_flagged(FILE *out, const char *flag, const char *label, const char *left,
			const char *right)
{
	if (label)
		fprintf(out, "%s   %-9s %-*s %s\n", flag, label, COL - 10, left, right);
	else
		fprintf(out, "%s   %-*s %s\n", flag, COL, left, right);
}

static int row(FILE *out, bool differs, const char *label, const char *left, const char *right)
{
	row_flagged(out, differs ? FLAG : " ", label, left, right);
	return differs ? 1 : 0;
}

/* Longest common subsequence of the two step lists, as pairs. */
static size_t align_steps(const struct vwalk *a, const struct vwalk *b, int (*pairs)[2])
{
	size_t n = a->nsteps, m = b->nsteps;
	size_t *len = xcalloc((n + 1) * (m + 1), sizeof(*len));
#define L(i, j) len[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L(i, j) = vstep_eq(&a->steps[i], &b->steps[j])
					  ? L(i + 1, j + 1) + 1
					  : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
	size_t i = 0, j = 0, np = 0;
	while (i < n || j < m) {
		if (i < n && j < m && vstep_eq(&a->steps[i], &b->steps[j])) {
			pairs[np][0] = (int)i++;
			pairs[np++][1] = (int)j++;
		} else if (j >= m || (i < n && L(i + 1, j) >= L(i, j + 1))) {
			pairs[np][0] = (int)i++;
			pairs[np++][1] = -1;
		} else {
			pairs[np][0] = -1;
			pairs[np++][1] = (int)j++;
		}
	}
#undef L
	free(len);
	return np;
}

static int print_steps(FILE *out, const struct vwalk *a, const struct vwalk *b)
{
	int (*pairs)[2] = xcalloc(a->nsteps + b->nsteps + 1, sizeof(*pairs));
	size_t np = align_steps(a, b, pairs);
	int diffs = 0;
	for (size_t i = 0; i < np; i++) {
		char l[128] = "-", r[128] = "-";
		if (pairs[i][0] >= 0)
			vstep_fmt(&a->steps[pairs[i][0]], l, sizeof(l));
		if (pairs[i][1] >= 0)
			vstep_fmt(&b->steps[pairs[i][1]], r, sizeof(r));
		bool differs = pairs[i][0] < 0 || pairs[i][1] < 0;
		diffs += row(out, differs, NULL, l, r);
		if (!differs)
			continue;
		const struct vstep *st = pairs[i][0] >= 0 ? &a->steps[pairs[i][0]]
							  : &b->steps[pairs[i][1]];
		if (st->text)
			fprintf(out, "      (%s: %s)\n", pairs[i][0] >= 0 ? "nfwalk" : "kernel",
				st->text);
	}
	free(pairs);
	return diffs;
}

/* "10.0.0.2:80", "192.0.2.7 id 9", or "10.0.0.2"; IPv6 "[2001:db8::2]:80",
 * "2001:db8::2 id 9" */
static void endpoint(const struct pkt_view *v, bool src, char *buf, size_t n)
{
	char a[INET_STRLEN];
	int family = v->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	const union inet_addr *addr = src ? &v->src : &v->dst;
	bool echo = family == FAMILY_IPV6
			    ? v->proto == PROTO_ICMPV6 && (v->icmp_type == ICMPV6_ECHO_REQUEST ||
							   v->icmp_type == ICMPV6_ECHO_REPLY)
			    : v->proto == PROTO_ICMP &&
				      (v->icmp_type == ICMP_ECHO || v->icmp_type == ICMP_ECHOREPLY);
	if (v->proto == PROTO_TCP || v->proto == PROTO_UDP)
		inet_fmt_port(family, addr, src ? v->sport : v->dport, buf, (unsigned)n);
	else if (echo)
		snprintf(buf, n, "%s id %u", inet_fmt(family, addr, a), v->sport);
	else
		snprintf(buf, n, "%s", inet_fmt(family, addr, a));
}

static bool left_host(enum fate f)
{
	return f == FATE_FORWARDED || f == FATE_SENT;
}

bool compare_random_snat_port(const struct pkt_view *a0, const struct pkt_view *a1,
			      const struct pkt_view *b0, const struct pkt_view *b1)
{
	bool ports = a1->proto == PROTO_TCP || a1->proto == PROTO_UDP;
	return ports && a1->proto == b1->proto && inet_eq(&a1->src, &b1->src) && a1->sport != b1->sport &&
	       a1->sport != a0->sport && b1->sport != b0->sport && a0->sport == b0->sport;
}

/* One field row; unknown on the kernel side is "?" and never differs. */
static int field(FILE *out, const char *label, const char *l, const char *r, bool known)
{
	return row(out, known && strcmp(l, r) != 0, label, l, known ? r : "?");
}

static int print_fields(FILE *out, const struct vwalk *a, const struct vwalk *b)
{
	int d = 0;
	char l[96], r[96];
	d += field(out, "fate", fate_name(a->fate), fate_name(b->fate), true);
	if (left_host(a->fate) || left_host(b->fate))
		d += field(out, "oif", a->end.oif[0] ? a->end.oif : "-",
			   b->end.oif[0] ? b->end.oif : "-", true);
	endpoint(&a->end, true, l, sizeof(l));
	endpoint(&b->end, true, r, sizeof(r));
	if (b->end_known && compare_random_snat_port(&a->start, &a->end, &b->start, &b->end)) {
		row_flagged(out, SAME_CHOICE, "src", l, r);
		fprintf(out, "      (both moved the source port off a taken one; the kernel picks "
			     "a random free port)\n");
	} else {
		d += field(out, "src", l, r, b->end_known);
	}
	endpoint(&a->end, false, l, sizeof(l));
	endpoint(&b->end, false, r, sizeof(r));
	d += field(out, "dst", l, r, b->end_known);
	bool v6 = a->end.family == FAMILY_IPV6;
	snprintf(l, sizeof(l), "%u", a->end.ttl);
	snprintf(r, sizeof(r), "%u", b->end.ttl);
	d += field(out, v6 ? "hoplimit" : "ttl", l, r, b->end_known);
	snprintf(l, sizeof(l), "0x%02x", a->end.tos);
	snprintf(r, sizeof(r), "0x%02x", b->end.tos);
	d += field(out, v6 ? "tclass" : "tos", l, r, b->end_known);
	snprintf(l, sizeof(l), "0x%x", a->end.mark);
	snprintf(r, sizeof(r), "0x%x", b->end.mark);
	d += field(out, "mark", l, r, true);
	d += field(out, "ctstate", ctinfo_name(a->end.ctinfo), ctinfo_name(b->end.ctinfo),
		   b->ct_known);
	if (b->class_known)
		d += field(out, "class", a->qos_class[0] ? a->qos_class : "none", b->qos_class, true);
	return d;
}

static void print_why(FILE *out, const struct vwalk *a, const struct vwalk *b)
{
	fprintf(out, "    %-*s %s\n", COL, a->why[0] ? a->why : "", b->why);
	if (b->note[0])
		fprintf(out, "    kernel: %s\n", b->note);
}

/* A packet the stack made but could not route never reaches a hook: the
 * kernel's trace cannot show it (the sender just gets an error).  Nor
 * one dropped on arrival before PREROUTING (ip6_rcv_core's multicast or
 * loopback source). */
static bool untraceable(const struct vwalk *a)
{
	return a->fate == FATE_DROPPED && !a->nsteps &&
	       (a->fate_stage == ST_ROUTE_OUTPUT || a->fate_stage == ST_NET_IN);
}

static int compare_walk(FILE *out, int sub, const struct vwalk *a, const struct vwalk *b)
{
	if (sub)
		fprintf(out, "  answer %d: %s\n", sub, a ? a->desc : b->desc);
	else
		fprintf(out, "  as sent: %s\n", a ? a->desc : b->desc);
	if (a && !b && untraceable(a)) {
		fprintf(out, "    %-*s %s\n", COL, "(walked)", "(not traced)");
		fprintf(out, "    nfwalk: %s; it dies before any hook, where the kernel's trace "
			     "cannot see it\n",
			a->why);
		return 0;
	}
	if (!a || !b) {
		fprintf(out, "%s   %-*s %s\n", FLAG, COL, a ? "(walked)" : "(no such packet)",
			b ? "(walked)" : "(no such packet)");
		const struct vwalk *w = a ? a : b;
		fprintf(out, "    %s %s: %s\n", a ? "only nfwalk" : "only the kernel",
			fate_name(w->fate), w->why);
		return 1;
	}
	if (strcmp(a->desc, b->desc) != 0 && b->desc[0])
		fprintf(out, "    %-*s %s\n", COL, "", b->desc);
	fprintf(out, "    %-*s %s\n", COL, "nfwalk", "kernel");
	int d = print_steps(out, a, b);
	d += print_fields(out, a, b);
	print_why(out, a, b);
	return d;
}

int compare_packet(FILE *out, const struct vpacket *vp)
{
	fprintf(out, "packet %d: %s\n", vp->pkt, vp->label);
	if (vp->how[0])
		fprintf(out, "  (kernel: %s)\n", vp->how);
	int *match = xcalloc(vp->nn + 1, sizeof(*match));
	compare_pair_subs(vp->n, vp->nn, vp->k, vp->nk, match);
	bool *used = xcalloc(vp->nk + 1, sizeof(*used));
	int d = 0;
	for (size_t i = 0; i < vp->nn; i++) {
		const struct vwalk *kw = match[i] >= 0 && vp->k[match[i]].present ? &vp->k[match[i]]
										   : NULL;
		if (match[i] >= 0)
			used[match[i]] = true;
		if (vp->n[i].present || kw)
			d += compare_walk(out, (int)i, vp->n[i].present ? &vp->n[i] : NULL, kw);
	}
	for (size_t j = 0; j < vp->nk; j++)
		if (!used[j] && vp->k[j].present)
			d += compare_walk(out, (int)j, NULL, &vp->k[j]);
	if (vp->ct_compared) {
		bool differs = vp->ct_diff[0] != '\0';
		fprintf(out, "%s   conntrack nfwalk: %s\n", differs ? FLAG : " ", vp->ct_nfwalk);
		fprintf(out, "%s   conntrack kernel: %s\n", differs ? FLAG : " ", vp->ct_kernel);
		if (differs)
			fprintf(out, "    (%s)\n", vp->ct_diff);
		d += differs;
	}
	if (vp->note[0])
		fprintf(out, "  (kernel: %s)\n", vp->note);
	free(used);
	free(match);
	return d;
}

/* --- the rules as loaded --- */

static const struct krule *krule_at(const struct kruleset *k, int family, const char *table,
				    const char *chain, int pos)
{
	for (size_t i = 0; i < k->nrules; i++)
		if (k->rules[i].pos == pos && k->rules[i].family == family &&
		    strcmp(k->rules[i].table, table) == 0 && strcmp(k->rules[i].chain, chain) == 0)
			return &k->rules[i];
	return NULL;
}

static size_t kernel_rule_count(const struct kruleset *k, int family, const char *table,
				const char *chain)
{
	size_t n = 0;
	for (size_t i = 0; i < k->nrules; i++)
		if (k->rules[i].family == family && strcmp(k->rules[i].table, table) == 0 &&
		    strcmp(k->rules[i].chain, chain) == 0)
			n++;
	return n;
}

static int compare_chain(FILE *out, int family, const char *table, const struct chain *c,
			 const struct kruleset *k)
{
	int d = 0;
	size_t nk = kernel_rule_count(k, family, table, c->name);
	size_t n = c->nrules > nk ? c->nrules : nk;
	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		if (i < c->nrules) {
			sb_addf(&sb, "-A %s ", c->name);
			rule_format(c->rules[i], &sb);
		}
		const struct krule *kr = krule_at(k, family, table, c->name, (int)i + 1);
		const char *theirs = kr && kr->text ? kr->text : "(none)";
		const char *ours = i < c->nrules ? sb_str(&sb) : "(none)";
		if (strcmp(ours, theirs) != 0) {
			fprintf(out, "%s   rule %s%s %s #%zu\n      nfwalk: %s\n      kernel: %s\n",
				FLAG, family == FAMILY_IPV6 ? "ip6 " : "", table, c->name, i + 1,
				ours, theirs);
			d++;
		}
		sb_free(&sb);
	}
	return d;
}

int compare_rules(FILE *out, const struct ruleset *rs, const struct kruleset *k)
{
	int d = 0;
	int family = rs->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (!rs->t[t].loaded)
			continue;
		for (size_t c = 0; c < rs->t[t].nchains; c++)
			d += compare_chain(out, family, table_name((enum nf_table)t),
					   rs->t[t].chains[c], k);
	}
	return d;
}
