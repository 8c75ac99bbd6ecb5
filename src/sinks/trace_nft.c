/* trace_nft.c - the walk printed the way `nft monitor trace` prints the
 * kernel's (--trace-format nft), so an admin can hold one beside the
 * other: per base chain the packet line, every rule that matched with its
 * verdict (`(verdict continue)` for one without), the policy.  The
 * iptables-nft tables appear as the kernel lists them (`ip filter INPUT`).
 * Lines start with `trace id` and the packet's id; what nft's trace has
 * no line for (routing, conntrack, rewrites) is left out. */
#include <stdio.h>
#include <string.h>

#include "lib/inet.h"
#include "sinks/trace.h"

/* The matched rule waiting for its verdict (the next event says it). */
static struct {
	bool pending;
	char chain[100], rule[400];
} st;

static unsigned trace_id(const struct event *ev)
{
	/* a stable id per packet (the kernel's is random) */
	return 0x5c1e0000u + (unsigned)ev->pkt * 16u + (unsigned)ev->sub;
}

/* "ip filter INPUT" for an iptables table, the nft chain's own name. */
static void chain_label(const struct event *ev, char *buf, size_t n)
{
	const struct stage_info *si = stage_info(ev->stage);
	if (ev->table != TABLE_NONE && ev->chain && !strchr(ev->chain, ' '))
		snprintf(buf, n, "ip %s %s", table_name(ev->table), ev->chain);
	else
		snprintf(buf, n, "%s", ev->chain ? ev->chain : (si ? si->name : "?"));
}

static void flush(FILE *f, const struct event *ev, const char *verdict)
{
	if (!st.pending)
		return;
	fprintf(f, "trace id %08x %s rule %s (verdict %s)\n", trace_id(ev), st.chain, st.rule, verdict);
	st.pending = false;
}

static void packet_line(FILE *f, const struct event *ev, const char *chain)
{
	const struct pkt_view *v = &ev->view;
	char s[INET_STRLEN], d[INET_STRLEN];
	bool v6 = v->family == FAMILY_IPV6;
	fprintf(f, "trace id %08x %s packet:", trace_id(ev), chain);
	if (v->iif[0])
		fprintf(f, " iif \"%s\"", v->iif);
	if (v->oif[0])
		fprintf(f, " oif \"%s\"", v->oif);
	if (v->mark)
		fprintf(f, " meta mark 0x%08x", v->mark);
	/* the network header as nft prints it: ip6's hop limit is "hoplimit"
	 * and its length is the payload's */
	if (v6)
		fprintf(f, " ip6 saddr %s ip6 daddr %s ip6 hoplimit %u ip6 length %u",
			inet_fmt(v->family, &v->src, s), inet_fmt(v->family, &v->dst, d), v->ttl,
			v->len >= 40 ? v->len - 40 : 0);
	else
		fprintf(f, " ip saddr %s ip daddr %s ip ttl %u ip length %u",
			inet_fmt(v->family, &v->src, s), inet_fmt(v->family, &v->dst, d), v->ttl,
			v->len);
	if (v->proto == 6 || v->proto == 17)
		fprintf(f, " %s sport %u %s dport %u", v->proto == 6 ? "tcp" : "udp", v->sport,
			v->proto == 6 ? "tcp" : "udp", v->dport);
	else if (v->proto == 1 || v->proto == 58)
		fprintf(f, v->proto == 1 ? " icmp type %u icmp code %u" : " icmpv6 type %u icmpv6 code %u",
			v->icmp_type, v->icmp_code);
	else
		fprintf(f, v6 ? " ip6 nexthdr %u" : " ip protocol %u", v->proto);
	fputc('\n', f);
}

static const char *verdict_word(enum verdict v)
{
	switch (v) {
	case V_ACCEPT:
		return "accept";
	case V_DROP:
		return "drop";
	case V_RETURN:
		return "return";
	case V_QUEUE:
		return "queue";
	default:
		return "continue";
	}
}

void trace_nft_sink(const struct event *ev, void *ctx)
{
	struct trace_out *t = ctx;
	FILE *f = t->f;
	t->events++;
	char chain[100];
	if (ev->kind != EV_TARGET && ev->kind != EV_REWRITE)
		flush(f, ev, "continue");
	switch (ev->kind) {
	case EV_RULE:
		chain_label(ev, chain, sizeof(chain));
		if (ev->matched) {
			st.pending = true;
			snprintf(st.chain, sizeof(st.chain), "%s", chain);
			if (ev->rule_ptr) { /* an iptables rule: as iptables-save writes it */
				struct strbuf sb = STRBUF_INIT;
				rule_format(ev->rule_ptr, &sb);
				snprintf(st.rule, sizeof(st.rule), "%s", sb_str(&sb));
				sb_free(&sb);
			} else {
				snprintf(st.rule, sizeof(st.rule), "%s", ev->detail ? ev->detail : ev->text);
			}
		}
		break;
	case EV_TARGET:
		if (ev->verdict == V_JUMP || ev->verdict == V_GOTO) {
			char what[160];
			snprintf(what, sizeof(what), "%s %s", ev->verdict == V_JUMP ? "jump" : "goto",
				 ev->jump ? ev->jump : strchr(ev->text, ' ') ? strchr(ev->text, ' ') + 1 : "");
			flush(f, ev, what);
		} else {
			flush(f, ev, verdict_word(ev->verdict));
		}
		break;
	case EV_ENTER: {
		const struct stage_info *si = stage_info(ev->stage);
		if (si->kind == SK_NFT) {
			/* "inet filter input (priority 0, ...)": the chain is the text's head */
			const char *p = strchr(ev->text, '(');
			snprintf(chain, sizeof(chain), "%.*s", p ? (int)(p - ev->text - 1) : 99, ev->text);
			packet_line(f, ev, chain);
		} else if (si->kind == SK_CHAIN) {
			snprintf(chain, sizeof(chain), "ip %s %s", table_name(si->table), hook_name(si->hook));
			packet_line(f, ev, chain);
		}
		break;
	}
	case EV_VERDICT:
		chain_label(ev, chain, sizeof(chain));
		if (ev->policy)
			fprintf(f, "trace id %08x %s policy %s\n", trace_id(ev), chain, verdict_word(ev->verdict));
		break;
	default:
		break;
	}
}
