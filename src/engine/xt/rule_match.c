/* rule_match.c - does a packet match a rule?  The ipt_ip part first, in
 * ip_packet_match's order (addresses, interfaces, protocol, fragment),
 * then the matches in the rule's order; the first test that fails ends
 * the rule, as in ipt_do_table.  Each test performed leaves a sentence. */
#include "engine/xt/xt.h"
#include "engine/track/wire6.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/fmt.h"

struct results {
	struct match_result *v;
	int max, *n;
};

/* Text is built by copying pieces (fmt_cursor), not printf: the TUI's
 * recorder reads a result for every rule a packet passes, 50,000 of them
 * in a long chain, and printf's format reading was most of that walk. */

/* Record a test whose why is written: "LABEL: yes|no[, WHY]", the
 * lengths of both known.  Once full, the last slot is reused so that the
 * failing test is always the last one reported. */
static bool record_sn(struct results *rs, bool ok, const char *label, size_t label_n,
		      const char *why, size_t why_n)
{
	if (!rs->v || rs->max <= 0)
		return ok;
	int i = *rs->n < rs->max ? (*rs->n)++ : rs->max - 1;
	struct match_result *m = &rs->v[i];
	m->ok = ok;
	struct fmt_cursor o = fmt_cursor(m->text, sizeof(m->text));
	fmt_putn(&o, label, label_n);
	if (ok)
		fmt_puts(&o, ": yes");
	else
		fmt_puts(&o, ": no");
	if (why_n) {
		fmt_puts(&o, ", ");
		fmt_putn(&o, why, why_n);
	}
	m->n = (unsigned char)fmt_close(&o, m->text);
	return ok;
}

static bool record_s(struct results *rs, bool ok, const char *label, const char *why)
{
	return record_sn(rs, ok, label, strlen(label), why, strlen(why));
}

/* The same with why as printf makes it (the rarer tests). */
static bool record(struct results *rs, bool ok, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool record(struct results *rs, bool ok, const char *label, const char *fmt, ...)
{
	char why[112];
	va_list ap;
	if (!rs->v || rs->max <= 0)
		return ok;
	va_start(ap, fmt);
	nf_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return record_s(rs, ok, label, why);
}

/* Labels and "why" words are made only when someone keeps the results. */
static bool saying(const struct results *rs)
{
	return rs->v && rs->max > 0;
}

static bool masked_eq(int family, const union inet_addr *have, const union inet_addr *mask,
		      const union inet_addr *want)
{
	int words = family == FAMILY_IPV6 ? 4 : 1;
	for (int i = 0; i < words; i++)
		if ((have->all[i] & mask->all[i]) != want->all[i])
			return false;
	return true;
}

/* mask_len's answer: the prefix length, -1 for a mask that is none. */
static int ipv4_mask_len(uint32_t mask)
{
	int n = mask == 0 ? 0 : ~mask == 0 ? 32 : __builtin_clz(~mask);
	uint32_t full = n == 0 ? 0 : n >= 32 ? 0xffffffffu : ~((1u << (32 - n)) - 1);
	return full == mask ? n : -1;
}

/* The packet's address as text, with its length: the same address is
 * tested by every rule of a chain, so the last one of each kind (which:
 * 0 -s, 1 -d) is kept. */
static struct piece have_text(int which, int family, const union inet_addr *have)
{
	static struct {
		int family;
		union inet_addr a;
		char text[INET_STRLEN];
		size_t n;
	} last[2];
	if (last[which].family != family || !inet_eq(&last[which].a, have)) {
		last[which].n = inet_fmt_n(family, have, last[which].text);
		last[which].family = family;
		last[which].a = *have;
	}
	return (struct piece){last[which].text, last[which].n};
}

/* The words of a rule's own test's label, written at a cursor: "[! ]-s
 * ADDR/LEN", "[! ]-i IFACE", "[! ]-p NAME|NUMBER". */
typedef void label_words_fn(const struct rule *r, enum rule_label k, struct fmt_cursor *o);

static void address_words(const struct rule *r, enum rule_label k, struct fmt_cursor *o)
{
	bool dst = k == RL_DST;
	const union inet_addr *want = dst ? &r->dst : &r->src, *mask = dst ? &r->dmsk : &r->smsk;
	if (dst ? r->dst_inv : r->src_inv)
		fmt_puts(o, "! ");
	fmt_puts(o, dst ? "-d " : "-s ");
	if (r->family == FAMILY_IPV6) {
		/* IPv6 as the printer writes it */
		struct strbuf sb = STRBUF_INIT;
		xt_print_inet_mask(&sb, r->family, want, mask, true);
		fmt_puts(o, sb_str(&sb));
		sb_free(&sb);
	} else {
		/* xt_print_inet_mask's IPv4 form, with the length always */
		char a[INET_STRLEN];
		int len = ipv4_mask_len(mask->ip);
		fmt_puts(o, addr_fmt(want->ip, a));
		fmt_puts(o, "/");
		if (len < 0)
			fmt_puts(o, addr_fmt(mask->ip, a));
		else
			fmt_put_u(o, (unsigned)len);
	}
}

static void iface_words(const struct rule *r, enum rule_label k, struct fmt_cursor *o)
{
	bool out = k == RL_OUT;
	const char *want = out ? r->oif : r->iif;
	fmt_puts(o, (out ? r->oif_inv : r->iif_inv) ? "! " : "");
	fmt_puts(o, out ? "-o " : "-i ");
	fmt_puts(o, want[0] ? want : "+");
}

static void proto_words(const struct rule *r, enum rule_label k, struct fmt_cursor *o)
{
	(void)k;
	const char *want = xt_proto_name(r->proto);
	fmt_puts(o, r->proto_inv ? "! -p " : "-p ");
	if (want)
		fmt_puts(o, want);
	else
		fmt_put_u(o, r->proto);
}

static label_words_fn *const label_words[RL_COUNT] = {
	[RL_SRC] = address_words, [RL_DST] = address_words, [RL_IN] = iface_words,
	[RL_OUT] = iface_words,	  [RL_PROTO] = proto_words,
};

/* r's label k (its length in r->labels_n[k]), made at the first
 * evaluation someone reads and kept: a rule's own tests say the same
 * label every time (a fifth of the rule's lines went into making them
 * again).  The walk sees rules const; this memo, like match_label's, is
 * not. */
static const char *rule_label(const struct rule *r, enum rule_label k)
{
	if (!r->labels[k]) {
		char label[160];
		struct fmt_cursor o = fmt_cursor(label, sizeof(label));
		label_words[k](r, k, &o);
		struct rule *memo = (struct rule *)r;
		memo->labels_n[k] = (unsigned char)fmt_close(&o, label);
		memo->labels[k] = xstrdup(label);
	}
	return r->labels[k];
}

static bool test_address(struct results *rs, int which, const struct rule *r,
			 const union inet_addr *want, const union inet_addr *mask, bool inv,
			 const union inet_addr *have)
{
	if (inet_is_zero(mask) && !inv)
		return true;
	bool ok = masked_eq(r->family, have, mask, want) != inv;
	if (!saying(rs))
		return ok;
	enum rule_label k = which ? RL_DST : RL_SRC;
	const char *label = rule_label(r, k);
	char why[112];
	struct fmt_cursor o = fmt_cursor(why, sizeof(why));
	struct piece text = have_text(which, r->family, have);
	if (which)
		fmt_puts(&o, "dst ");
	else
		fmt_puts(&o, "src ");
	fmt_putn(&o, text.s, text.n);
	size_t n = fmt_close(&o, why);
	return record_sn(rs, ok, label, r->labels_n[k], why, n);
}

static bool test_iface(struct results *rs, const struct rule *r, enum rule_label k,
		       const char *want, bool inv, const char *have, const char *what)
{
	if (!want[0] && !inv)
		return true;
	bool ok = ifname_match(want, have) != inv;
	if (!saying(rs))
		return ok;
	/* "WHAT HAVE" by pieces: every -i and -o of a trace */
	const char *label = rule_label(r, k);
	if (have && have[0]) {
		char why[112];
		struct fmt_cursor o = fmt_cursor(why, sizeof(why));
		fmt_puts(&o, what);
		fmt_puts(&o, " ");
		fmt_putn(&o, have, ifname_len(have));
		size_t n = fmt_close(&o, why);
		return record_sn(rs, ok, label, r->labels_n[k], why, n);
	}
	return record(rs, ok, label, "no %s interface here", what);
}

static bool test_proto(struct results *rs, const struct rule *r, uint8_t have)
{
	if (!r->proto)
		return true;
	bool ok = (have == r->proto) != r->proto_inv;
	if (!saying(rs))
		return ok;
	/* "packet is NAME|NUMBER" by pieces, as every rule with -p says it */
	const char *label = rule_label(r, RL_PROTO), *hn = xt_proto_name(have);
	char why[32];
	struct fmt_cursor o = fmt_cursor(why, sizeof(why));
	fmt_puts(&o, "packet is ");
	if (hn)
		fmt_puts(&o, hn);
	else
		fmt_put_u(&o, have);
	size_t n = fmt_close(&o, why);
	return record_sn(rs, ok, label, r->labels_n[RL_PROTO], why, n);
}

/* ip6_packet_match: -p is the header ipv6_find_hdr finds after the
 * extension headers (for a later fragment, the fragment header's next
 * header).  When none is found the rule does not match, inverted or not
 * (the kernel also drops a first fragment it cannot walk: hotdrop). */
static bool test_proto6(struct results *rs, const struct rule *r, const struct packet *p)
{
	if (!r->proto)
		return true;
	size_t off;
	int have = ip6_find_hdr(p->data, p->len, &off, -1, NULL, NULL);
	if (have < 0)
		return record(rs, false, r->proto_inv ? "! -p" : "-p",
			      "no upper-layer header found after the extension headers");
	return test_proto(rs, r, (uint8_t)have);
}

/* -f matches second and later fragments; "! -f" the others. */
static bool test_frag(struct results *rs, const struct rule *r, const struct packet *p)
{
	if (!r->frag)
		return true;
	bool later = pkt_is_fragment(p);
	bool ok = later != r->frag_inv;
	if (!saying(rs))
		return ok;
	if (later)
		return record(rs, ok, r->frag_inv ? "! -f" : "-f", "a later fragment (offset %u)",
			      pkt_frag_off(p) * 8u);
	return record(rs, ok, r->frag_inv ? "! -f" : "-f", "not a later fragment");
}

/* ip_part when nobody reads why (summary mode, the classifier's
 * candidates): the same tests in the same order, but a packet's address
 * is read only for a rule that tests it, and nothing is labelled. */
static bool ip_part_quiet(const struct rule *r, const struct xt_ctx *ctx, struct results *rs)
{
	const struct packet *p = ctx->p;
	if (r->family && (pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4) != r->family)
		return false;
	if (r->src_inv || !inet_is_zero(&r->smsk)) {
		union inet_addr a = pkt_src(p);
		if (masked_eq(r->family, &a, &r->smsk, &r->src) == r->src_inv)
			return false;
	}
	if (r->dst_inv || !inet_is_zero(&r->dmsk)) {
		union inet_addr a = pkt_dst(p);
		if (masked_eq(r->family, &a, &r->dmsk, &r->dst) == r->dst_inv)
			return false;
	}
	if ((r->iif[0] || r->iif_inv) && ifname_match(r->iif, ctx->in) == r->iif_inv)
		return false;
	if ((r->oif[0] || r->oif_inv) && ifname_match(r->oif, ctx->out) == r->oif_inv)
		return false;
	if (r->family == FAMILY_IPV6)
		return test_proto6(rs, r, p);
	if (r->proto && (pkt_proto(p) == r->proto) == r->proto_inv)
		return false;
	return !r->frag || pkt_is_fragment(p) != r->frag_inv;
}

/* ipt_ip's order for IPv4; ip6_packet_match's for IPv6 (addresses,
 * interfaces, then the protocol after the extension headers, no -f). */
static bool ip_part(const struct rule *r, const struct xt_ctx *ctx, struct results *rs)
{
	if (!saying(rs))
		return ip_part_quiet(r, ctx, rs);
	const struct packet *p = ctx->p;
	/* a rule of no family (--lenient's stand-in) meets every packet, and
	 * a packet of no family (a cut IPv4 header) is left to IPv4 rules,
	 * as it always was */
	int pf = pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	if (r->family && pf != r->family)
		return record(rs, false, r->family == FAMILY_IPV6 ? "ip6tables" : "iptables",
			      "the rule is for %s packets only",
			      r->family == FAMILY_IPV6 ? "IPv6" : "IPv4");
	union inet_addr src = pkt_src(p), dst = pkt_dst(p);
	return test_address(rs, 0, r, &r->src, &r->smsk, r->src_inv, &src) &&
	       test_address(rs, 1, r, &r->dst, &r->dmsk, r->dst_inv, &dst) &&
	       test_iface(rs, r, RL_IN, r->iif, r->iif_inv, ctx->in, "input") &&
	       test_iface(rs, r, RL_OUT, r->oif, r->oif_inv, ctx->out, "output") &&
	       (r->family == FAMILY_IPV6 ? test_proto6(rs, r, p)
					 : test_proto(rs, r, pkt_proto(p)) && test_frag(rs, r, p));
}

/* m's label (struct match's), made once. */
static const char *match_label(struct match *m)
{
	if (!m->label) {
		struct strbuf label = STRBUF_INIT;
		sb_adds(&label, "-m ");
		sb_adds(&label, m->type->name);
		if (m->type->print)
			m->type->print(m, &label);
		m->label = xstrdup(sb_str(&label));
		m->label_n = label.len;
		sb_free(&label);
	}
	return m->label;
}

static bool run_match(struct match *m, const struct xt_ctx *ctx, struct results *rs)
{
	char why[112];
	why[0] = '\0';
	/* a size of 0 tells the match nobody reads why (snprintf writes nothing) */
	bool ok = m->type->eval(m, ctx, why, saying(rs) ? sizeof(why) : 0);
	if (!saying(rs))
		return ok;
	why[sizeof(why) - 1] = '\0';
	const char *label = match_label(m);
	record_sn(rs, ok, label, m->label_n, why, strlen(why));
	return ok;
}

bool rule_match(const struct rule *r, const struct xt_ctx *ctx, struct match_result *res,
		int max, int *nres)
{
	int scratch = 0;
	struct results rs = {res, max, nres ? nres : &scratch};
	*rs.n = 0;
	if (!ip_part(r, ctx, &rs))
		return false;
	for (size_t i = 0; i < r->nmatches; i++)
		if (!run_match(&r->matches[i], ctx, &rs))
			return false;
	return true;
}
