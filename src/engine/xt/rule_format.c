/* rule_format.c - rules and tables printed as iptables-save prints them:
 * the ipt_ip part in the order -s -d -i -o -p -f, then each match with
 * its options, then the action. */
#include "engine/xt/rule_priv.h"
#include "engine/xt/xt.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* An IPv6 mask's prefix length, -1 when it is not contiguous. */
static int mask6_len(const struct addr6 *m)
{
	int len = 0;
	while (len < 128 && (m->b[len / 8] & (0x80u >> (len % 8))))
		len++;
	for (int i = len; i < 128; i++)
		if (m->b[i / 8] & (0x80u >> (i % 8)))
			return -1;
	return len;
}

void xt_print_inet_mask(struct strbuf *sb, int family, const union inet_addr *a,
			const union inet_addr *m, bool with_full)
{
	if (family != FAMILY_IPV6) {
		xt_print_addr_mask(sb, a->ip, m->ip, with_full);
		return;
	}
	char buf[INET_STRLEN];
	int len = mask6_len(&m->in6);
	sb_adds(sb, addr6_fmt(&a->in6, buf));
	if (len < 0)
		sb_addf(sb, "/%s", addr6_fmt(&m->in6, buf));
	else if (len < 128 || with_full)
		sb_addf(sb, "/%d", len);
}

static void format_address(struct strbuf *sb, const char *opt, int family,
			   const union inet_addr *a, const union inet_addr *m, bool inv)
{
	if (inet_is_zero(m) && !inv)
		return;
	xt_print_inv(sb, inv);
	sb_addf(sb, " %s ", opt);
	xt_print_inet_mask(sb, family, a, m, true);
}

static void format_iface(struct strbuf *sb, const char *opt, const char *name, bool inv)
{
	if (!name[0] && !inv)
		return;
	xt_print_inv(sb, inv);
	sb_addf(sb, " %s %s", opt, name[0] ? name : "+");
}

static void format_ip(const struct rule *r, struct strbuf *sb)
{
	format_address(sb, "-s", r->family, &r->src, &r->smsk, r->src_inv);
	format_address(sb, "-d", r->family, &r->dst, &r->dmsk, r->dst_inv);
	format_iface(sb, "-i", r->iif, r->iif_inv);
	format_iface(sb, "-o", r->oif, r->oif_inv);
	if (r->proto) {
		const char *name = xt_proto_name(r->proto);
		xt_print_inv(sb, r->proto_inv);
		if (name)
			sb_addf(sb, " -p %s", name);
		else
			sb_addf(sb, " -p %u", r->proto);
	}
	if (r->frag) {
		xt_print_inv(sb, r->frag_inv);
		sb_adds(sb, " -f");
	}
}

static void format_action(const struct rule *r, struct strbuf *sb)
{
	switch (r->action) {
	case RA_NONE:
		break;
	case RA_VERDICT:
		sb_addf(sb, " -j %s", verdict_name(r->verdict));
		break;
	case RA_JUMP:
		sb_addf(sb, " -j %s", r->jump);
		break;
	case RA_GOTO:
		sb_addf(sb, " -g %s", r->jump);
		break;
	case RA_TARGET:
		sb_addf(sb, " -j %s", r->target.type->name);
		if (r->target.type->print)
			r->target.type->print(&r->target, sb);
		break;
	}
}

void rule_format(const struct rule *r, struct strbuf *out)
{
	if (rule_is_unevaluable(r)) {
		sb_adds(out, r->comment_text);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	format_ip(r, &sb);
	for (size_t i = 0; i < r->nmatches; i++) {
		sb_addf(&sb, " -m %s", r->matches[i].type->name);
		if (r->matches[i].type->print)
			r->matches[i].type->print(&r->matches[i], &sb);
	}
	format_action(r, &sb);
	const char *s = sb_str(&sb);
	sb_adds(out, s[0] == ' ' ? s + 1 : s);
	sb_free(&sb);
}

bool rule_same(const struct rule *a, const struct rule *b)
{
	struct strbuf fa = STRBUF_INIT, fb = STRBUF_INIT;
	rule_format(a, &fa);
	rule_format(b, &fb);
	bool same = strcmp(sb_str(&fa), sb_str(&fb)) == 0;
	sb_free(&fa);
	sb_free(&fb);
	return same;
}

static void save_table(const struct ruleset *rs, enum nf_table t, bool counters,
		       struct strbuf *out)
{
	const struct table *tb = &rs->t[t];
	sb_addf(out, "*%s\n", table_name(t));
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		sb_addf(out, ":%s %s [%" PRIu64 ":%" PRIu64 "]\n", c->name,
			c->builtin ? verdict_name(c->policy) : "-", c->builtin ? c->policy_pkts : 0,
			c->builtin ? c->policy_bytes : 0);
	}
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		for (size_t k = 0; k < c->nrules; k++) {
			const struct rule *r = c->rules[k];
			if (counters)
				sb_addf(out, "[%" PRIu64 ":%" PRIu64 "] ", r->pkts, r->bytes);
			sb_addf(out, "-A %s", c->name);
			struct strbuf text = STRBUF_INIT;
			rule_format(r, &text);
			if (text.len)
				sb_addf(out, " %s", sb_str(&text));
			sb_free(&text);
			sb_adds(out, "\n");
		}
	}
	sb_adds(out, "COMMIT\n");
}

void ruleset_save(const struct ruleset *rs, bool counters, struct strbuf *out)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		if (rs->t[t].loaded)
			save_table(rs, (enum nf_table)t, counters, out);
}
