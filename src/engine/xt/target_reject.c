/* target_reject.c - REJECT (ipt_REJECT): drop the packet and answer it
 * with an ICMP error or a TCP reset (IPv4 only on purpose, hence
 * pkt_saddr/pkt_daddr: ip6tables' REJECT is target_reject6.c), valid only in the filter table's
 * INPUT, FORWARD and OUTPUT (the kernel refuses it in mangle and raw).
 * The answer is a new locally generated packet (ctx->spawn) that walks
 * OUTPUT.  Like nf_send_unreach / icmp_send, no answer goes to a later
 * fragment, an ICMP error or a broadcast/multicast destination; an ICMP
 * error's source is the rejected packet's destination when that was this
 * host, else the address routing picks on the way back to the sender. */
#include "engine/net/net.h"
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct reject_type {
	const char *name, *alias;
	uint8_t code; /* ICMP destination unreachable code */
	bool tcp_reset;
};

/* libipt_REJECT's table, in its order (abbreviations match the first). */
static const struct reject_type reject_types[] = {
	{"icmp-net-unreachable", "net-unreach", 0, false},
	{"icmp-host-unreachable", "host-unreach", 1, false},
	{"icmp-proto-unreachable", "proto-unreach", 2, false},
	{"icmp-port-unreachable", "port-unreach", 3, false},
	{"icmp-net-prohibited", "net-prohib", 9, false},
	{"icmp-host-prohibited", "host-prohib", 10, false},
	{"tcp-reset", "tcp-rst", 0, true},
	{"icmp-admin-prohibited", "admin-prohib", 13, false},
};
#define REJECT_DEFAULT 3 /* icmp-port-unreachable */

struct reject_info {
	int with;
};

static const struct xt_option reject_opts[] = {
	{"reject-with", true, false, false},
	{NULL, false, false, false},
};

static void reject_init(void *data)
{
	((struct reject_info *)data)->with = REJECT_DEFAULT;
}

static int reject_parse(struct target *t, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	size_t len = strlen(arg);
	for (size_t i = 0; i < ARRAY_SIZE(reject_types) && len; i++) {
		if (strncasecmp(reject_types[i].name, arg, len) == 0 ||
		    strncasecmp(reject_types[i].alias, arg, len) == 0) {
			((struct reject_info *)t->data)->with = (int)i;
			return 0;
		}
	}
	if (strcasecmp(arg, "echo-reply") == 0 || strcasecmp(arg, "echoreply") == 0)
		return nf_err(err, -1, "--reject-with echo-reply is no longer supported by the kernel");
	return nf_err(err, -1, "unknown --reject-with \"%s\"", arg);
}

static int reject_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	const struct reject_info *in = t->data;
	if (reject_types[in->with].tcp_reset && !xt_rule_proto_is(r, PROTO_TCP))
		return nf_err(err, -1, "--reject-with tcp-reset needs -p tcp (not inverted)");
	return 0;
}

static void reject_print(const struct target *t, struct strbuf *sb)
{
	sb_addf(sb, " --reject-with %s", reject_types[((const struct reject_info *)t->data)->with].name);
}

static bool is_icmp_error(const struct packet *p)
{
	uint8_t type, code;
	if (pkt_proto(p) != PROTO_ICMP || !pkt_icmp(p, &type, &code))
		return false;
	return type == ICMP_DEST_UNREACH || type == 4 || type == 5 || type == ICMP_TIME_EXCEEDED ||
	       type == 12;
}

static bool is_group_address(const struct netconf *n, uint32_t a)
{
	/* multicast, or a broadcast address */
	return (a >> 28) == 0xe || net_is_broadcast(n, a);
}

static struct packet *tcp_reset(const struct packet *p, char *why, size_t n)
{
	if (pkt_tcp_flags(p) & TCPF_RST) {
		nf_say(why, n, "dropped; no reset is sent in answer to a reset");
		return NULL;
	}
	struct packet *rst = packet_tcp_reset(p);
	char a[ADDR_STRLEN];
	if (!rst)
		nf_say(why, n, "dropped; no TCP header to answer");
	else
		nf_say(why, n, "dropped; TCP reset sent to %s:%u", addr_fmt(pkt_saddr(p), a),
		       pkt_sport(p));
	return rst;
}

static struct packet *icmp_error(const struct xt_ctx *ctx, const struct reject_type *rt,
				 char *why, size_t n)
{
	const struct packet *p = ctx->p;
	const struct netconf *net = ctx->net;
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	uint32_t src = pkt_daddr(p);
	if (is_icmp_error(p) || is_group_address(net, pkt_daddr(p))) {
		nf_say(why, n, "dropped; no ICMP error %s",
		       is_icmp_error(p) ? "about an ICMP error" : "to a broadcast or multicast");
		return NULL;
	}
	if (!net_is_local(net, src)) {
		struct route_query q = {.dst.ip = pkt_saddr(p), .quiet = true}; /* only prefsrc is read */
		struct route_result res;
		if (route_lookup(net, &q, &res) < 0) {
			nf_say(why, n, "dropped; no route back to %s, so no ICMP error",
			       addr_fmt(pkt_saddr(p), a));
			return NULL;
		}
		src = res.prefsrc.ip;
	}
	struct packet *err = packet_icmp_error(p, ICMP_DEST_UNREACH, rt->code, src);
	if (err)
		nf_say(why, n, "dropped; ICMP %s sent to %s from %s", rt->name + 5,
		       addr_fmt(pkt_saddr(p), a), addr_fmt(src, b));
	else
		nf_say(why, n, "dropped; icmp_send would not answer this packet");
	return err;
}

static enum verdict reject_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct reject_type *rt = &reject_types[((const struct reject_info *)t->data)->with];
	struct packet *answer = NULL;
	/* the summary reads no why: 4,000 instructions an ICMP error */
	size_t why_n = ctx->quiet ? 0 : sizeof(ctx->why);
	ctx->rejected = true;
	if (pkt_is_fragment(ctx->p))
		nf_say(ctx->why, why_n, "dropped; a later fragment gets no answer");
	else if (rt->tcp_reset)
		answer = tcp_reset(ctx->p, ctx->why, why_n);
	else
		answer = icmp_error(ctx, rt, ctx->why, why_n);
	if (answer) {
		answer->local_out = true;
		/* nf_send_reset / nf_send_unreach: the answer joins the rejected
		 * packet's connection, confirmed or not */
		ct_attach(answer, ctx->p);
		ctx->spawn = answer;
	}
	return V_DROP;
}

const struct target_type target_reject = {
	.name = "REJECT",
	.family = FAMILY_IPV4, /* iptables only (libipt_REJECT) */
	.options = reject_opts,
	.data_size = sizeof(struct reject_info),
	.tables_mask = 1u << TABLE_FILTER,
	.hooks_mask = HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT),
	.init = reject_init,
	.parse = reject_parse,
	.final_check = reject_check,
	.exec = reject_exec,
	.print = reject_print,
};
