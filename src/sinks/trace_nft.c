/* trace_nft.c - the walk printed the way `nft monitor trace` prints the
 * kernel's (--trace-format nft), so an admin can hold one beside the
 * other: per base chain the packet line, every rule that matched with its
 * verdict (`(verdict continue)` for one without), the policy.  The
 * iptables-nft tables appear as the kernel lists them (`ip filter INPUT`).
 * Lines start with `trace id` and the packet's id; what nft's trace has
 * no line for (routing, conntrack, rewrites) is left out. */
#include <stdio.h>
#include <string.h>

#include "engine/track/packet.h"
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

/* "ip filter INPUT" for an iptables table ("ip6 filter INPUT" for
 * ip6tables'), the nft chain's own label. */
static void chain_label(const struct event *ev, char *buf, size_t n)
{
	const struct stage_info *si = stage_info(ev->stage);
	if (ev->table != TABLE_NONE && ev->chain && !strchr(ev->chain, ' '))
		snprintf(buf, n, "%s %s %s", ev->view->family == FAMILY_IPV6 ? "ip6" : "ip",
			 table_name(ev->table), ev->chain);
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

/* --- the packet line: nft's payload statements of the headers the
 * kernel dumps, in nft 1.0's order and words, each followed by a space
 * (as nft prints them).  The link layer header (ether saddr/daddr) is
 * not modelled and left out. --- */

struct code_name {
	unsigned v;
	const char *name;
};

static const char *name_of(const struct code_name *t, size_t n, unsigned v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].name;
	return NULL;
}

/* nft's dscp_type and ecn_type */
static const struct code_name dscps[] = {
	{0x00, "cs0"}, {0x08, "cs1"}, {0x10, "cs2"}, {0x18, "cs3"}, {0x20, "cs4"}, {0x28, "cs5"},
	{0x30, "cs6"}, {0x38, "cs7"}, {0x01, "lephb"}, {0x0a, "af11"}, {0x0c, "af12"},
	{0x0e, "af13"}, {0x12, "af21"}, {0x14, "af22"}, {0x16, "af23"}, {0x1a, "af31"},
	{0x1c, "af32"}, {0x1e, "af33"}, {0x22, "af41"}, {0x24, "af42"}, {0x26, "af43"},
	{0x2c, "va"}, {0x2e, "ef"}};
static const char *const ecns[] = {"not-ect", "ect1", "ect0", "ce"};

/* nft's icmp_type, icmp_code_type, icmpv6_type, icmpv6_code_type */
static const struct code_name icmp_types[] = {
	{0, "echo-reply"}, {3, "destination-unreachable"}, {4, "source-quench"}, {5, "redirect"},
	{8, "echo-request"}, {9, "router-advertisement"}, {10, "router-solicitation"},
	{11, "time-exceeded"}, {12, "parameter-problem"}, {13, "timestamp-request"},
	{14, "timestamp-reply"}, {15, "info-request"}, {16, "info-reply"},
	{17, "address-mask-request"}, {18, "address-mask-reply"}};
static const struct code_name icmp_codes[] = {
	{0, "net-unreachable"}, {1, "host-unreachable"}, {2, "prot-unreachable"},
	{3, "port-unreachable"}, {4, "frag-needed"}, {9, "net-prohibited"},
	{10, "host-prohibited"}, {13, "admin-prohibited"}};
static const struct code_name icmp6_types[] = {
	{1, "destination-unreachable"}, {2, "packet-too-big"}, {3, "time-exceeded"},
	{4, "parameter-problem"}, {128, "echo-request"}, {129, "echo-reply"},
	{130, "mld-listener-query"}, {131, "mld-listener-report"}, {132, "mld-listener-done"},
	{133, "nd-router-solicit"}, {134, "nd-router-advert"}, {135, "nd-neighbor-solicit"},
	{136, "nd-neighbor-advert"}, {137, "nd-redirect"}, {138, "router-renumbering"},
	{141, "ind-neighbor-solicit"}, {142, "ind-neighbor-advert"}, {143, "mld2-listener-report"}};
static const struct code_name icmp6_codes[] = {
	{0, "no-route"}, {1, "admin-prohibited"}, {3, "addr-unreachable"},
	{4, "port-unreachable"}, {5, "policy-fail"}, {6, "reject-route"}};
/* nft's inet_protocol_type, as getprotobynumber names them */
static const struct code_name protos[] = {
	{1, "icmp"}, {2, "igmp"}, {4, "ipencap"}, {6, "tcp"}, {17, "udp"}, {41, "ipv6"},
	{47, "gre"}, {50, "esp"}, {51, "ah"}, {58, "ipv6-icmp"}, {132, "sctp"}, {136, "udplite"}};

#define NAME(t, v) name_of(t, ARRAY_SIZE(t), v)

static void put_named(FILE *f, const char *what, const char *name, unsigned v)
{
	if (name)
		fprintf(f, "%s %s ", what, name);
	else
		fprintf(f, "%s %u ", what, v);
}

/* tcp flags as nft 1.0 prints a set of them: "syn", "syn | ack" */
static void put_tcp_flags(FILE *f, uint8_t flags)
{
	static const char *const names[] = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};
	if (!flags)
		return;
	fputs("tcp flags == ", f);
	const char *sep = "";
	for (int b = 0; b < 8; b++)
		if (flags & (1u << b)) {
			fprintf(f, "%s%s", sep, names[b]);
			sep = " | ";
		}
	fputc(' ', f);
}

static void put_transport(FILE *f, const struct pkt_view *v, const struct packet *p)
{
	switch (v->proto) {
	case PROTO_TCP:
		fprintf(f, "tcp sport %u tcp dport %u ", v->sport, v->dport);
		put_tcp_flags(f, v->tcp_flags);
		if (p && pkt_l4(p, 20))
			fprintf(f, "tcp window %u ", pkt_tcp_window(p));
		break;
	case PROTO_UDP:
		fprintf(f, "udp sport %u udp dport %u ", v->sport, v->dport);
		if (p && pkt_l4(p, 8))
			fprintf(f, "udp length %u ", (unsigned)(p->len - pkt_l4_offset(p)));
		break;
	case PROTO_ICMP:
	case PROTO_ICMPV6: {
		bool v4 = v->proto == PROTO_ICMP;
		const char *w = v4 ? "icmp" : "icmpv6";
		char what[16];
		snprintf(what, sizeof(what), "%s type", w);
		put_named(f, what, v4 ? NAME(icmp_types, v->icmp_type) : NAME(icmp6_types, v->icmp_type),
			  v->icmp_type);
		snprintf(what, sizeof(what), "%s code", w);
		put_named(f, what, v4 ? NAME(icmp_codes, v->icmp_code) : NAME(icmp6_codes, v->icmp_code),
			  v->icmp_code);
		bool echo = v4 ? v->icmp_type == 0 || v->icmp_type == 8
			       : v->icmp_type == 128 || v->icmp_type == 129;
		if (echo && p)
			fprintf(f, "%s id %u %s sequence %u ", w, pkt_icmp_id(p), w, pkt_icmp_seq(p));
		break;
	}
	default:
		break;
	}
}

/* Is the transport one nft decodes, so that in a table of the packet's
 * own family its protocol field goes as the dependency of the
 * transport's statements? */
static bool decoded(uint8_t proto)
{
	return proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_ICMP ||
	       proto == PROTO_ICMPV6;
}

static void packet_line(FILE *f, const struct event *ev, const char *chain)
{
	const struct pkt_view *v = ev->view;
	const struct packet *p = ev->packet;
	char s[INET_STRLEN], d[INET_STRLEN];
	bool v6 = v->family == FAMILY_IPV6;
	/* an inet table keeps the protocol (nfproto is its dependency there) */
	bool inet = strncmp(chain, "inet ", 5) == 0;
	const char *ip = v6 ? "ip6" : "ip";
	fprintf(f, "trace id %08x %s packet: ", trace_id(ev), chain);
	if (v->iif[0])
		fprintf(f, "iif \"%s\" ", v->iif);
	if (v->oif[0])
		fprintf(f, "oif \"%s\" ", v->oif);
	fprintf(f, "%s saddr %s %s daddr %s ", ip, inet_fmt(v->family, &v->src, s), ip,
		inet_fmt(v->family, &v->dst, d));
	put_named(f, v6 ? "ip6 dscp" : "ip dscp", NAME(dscps, v->tos >> 2), v->tos >> 2);
	fprintf(f, "%s ecn %s ", ip, ecns[v->tos & 3]);
	if (v6) {
		uint32_t flow = 0;
		if (p && p->len >= 40)
			flow = (uint32_t)(p->data[1] & 0x0f) << 16 | (uint32_t)p->data[2] << 8 |
			       p->data[3];
		fprintf(f, "ip6 hoplimit %u ip6 flowlabel %u ", v->ttl, flow);
	} else {
		fprintf(f, "ip ttl %u ", v->ttl);
		if (p)
			fprintf(f, "ip id %u ", pkt_ip_id(p));
	}
	if (inet || !decoded(v->proto))
		put_named(f, v6 ? "ip6 nexthdr" : "ip protocol", NAME(protos, v->proto), v->proto);
	fprintf(f, "%s length %u ", ip, v6 ? (v->len >= 40 ? v->len - 40u : 0u) : v->len);
	put_transport(f, v, p);
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
			snprintf(chain, sizeof(chain), "%s %s %s",
				 ev->view->family == FAMILY_IPV6 ? "ip6" : "ip", table_name(si->table),
				 hook_name(si->hook));
			packet_line(f, ev, chain);
		}
		break;
	}
	case EV_VERDICT:
		chain_label(ev, chain, sizeof(chain));
		/* nft words a policy "policy accept " with the mark after it
		 * when there is one; a user chain's end has no line (Linux
		 * 6.x sends it without a rule handle, nft prints nothing) */
		if (ev->policy) {
			fprintf(f, "trace id %08x %s policy %s ", trace_id(ev), chain,
				verdict_word(ev->verdict));
			if (ev->view->mark)
				fprintf(f, "meta mark 0x%08x ", ev->view->mark);
			fputc('\n', f);
		}
		break;
	default:
		break;
	}
}
