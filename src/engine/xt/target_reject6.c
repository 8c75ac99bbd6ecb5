/* target_reject6.c - ip6tables' REJECT (ip6t_REJECT): drop the packet and
 * answer with an ICMPv6 destination unreachable or a TCP reset; filter
 * table INPUT, FORWARD and OUTPUT only, as the kernel allows.  The names
 * and their order are libip6t_REJECT's (an abbreviation takes the first
 * that fits).  The answer (ctx->spawn) walks OUTPUT as IPv4's does; like
 * nf_send_unreach6, none goes to a multicast destination or about an
 * ICMPv6 error. */
#include "engine/net/net.h"
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct reject6_type {
	const char *name, *alias;
	uint8_t code; /* ICMPv6 destination unreachable code */
	bool tcp_reset;
};

static const struct reject6_type reject6_types[] = {
	{"icmp6-no-route", "no-route", 0, false},
	{"icmp6-adm-prohibited", "adm-prohibited", 1, false},
	{"icmp6-addr-unreachable", "addr-unreach", 3, false},
	{"icmp6-port-unreachable", "port-unreach", 4, false},
	{"tcp-reset", "tcp-reset", 0, true},
	{"icmp6-policy-fail", "policy-fail", 5, false},
	{"icmp6-reject-route", "reject-route", 6, false},
};
#define REJECT6_DEFAULT 3 /* icmp6-port-unreachable */


struct reject6_info {
	int with;
};

static const struct xt_option reject6_opts[] = {
	{"reject-with", true, false, false},
	{NULL, false, false, false},
};

static void reject6_init(void *data)
{
	((struct reject6_info *)data)->with = REJECT6_DEFAULT;
}

static int reject6_parse(struct target *t, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	size_t len = strlen(arg);
	for (size_t i = 0; i < ARRAY_SIZE(reject6_types) && len; i++) {
		if (strncasecmp(reject6_types[i].name, arg, len) == 0 ||
		    strncasecmp(reject6_types[i].alias, arg, len) == 0) {
			((struct reject6_info *)t->data)->with = (int)i;
			return 0;
		}
	}
	if (strcasecmp(arg, "echo-reply") == 0)
		return nf_err(err, -1, "--reject-with echo-reply is no longer supported by the kernel");
	return nf_err(err, -1, "unknown --reject-with \"%s\" for ip6tables' REJECT", arg);
}

static int reject6_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	const struct reject6_info *in = t->data;
	if (reject6_types[in->with].tcp_reset && !xt_rule_proto_is(r, PROTO_TCP))
		return nf_err(err, -1, "--reject-with tcp-reset needs -p tcp (not inverted)");
	return 0;
}

static void reject6_print(const struct target *t, struct strbuf *sb)
{
	sb_addf(sb, " --reject-with %s",
		reject6_types[((const struct reject6_info *)t->data)->with].name);
}

static enum verdict reject6_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct reject6_type *rt =
		&reject6_types[((const struct reject6_info *)t->data)->with];
	const struct packet *p = ctx->p;
	char a[INET_STRLEN], b[INET_STRLEN];
	union inet_addr to = pkt_src(p), src = pkt_dst(p);
	struct packet *answer;
	ctx->rejected = true;
	if (rt->tcp_reset) {
		/* nf_send_reset6; packet_tcp_reset refuses what it refuses */
		answer = packet_tcp_reset(p);
		if (answer)
			snprintf(ctx->why, sizeof(ctx->why), "dropped; TCP reset sent to %s",
				 inet_fmt_port(FAMILY_IPV6, &to, pkt_sport(p), a, sizeof(a)));
		else
			snprintf(ctx->why, sizeof(ctx->why), "dropped; no reset (a reset, a "
							     "fragment or a cut header gets none)");
	} else {
		/* nf_send_unreach6 -> icmp6_send, whose refusals
		 * packet_icmp_error_addr keeps.  The source: the rejected
		 * packet's destination when it is this host's, else the one
		 * source selection gives the route back to the sender. */
		if (!net_is_local_inet(ctx->net, FAMILY_IPV6, &src)) {
			struct route_query q = {.family = FAMILY_IPV6, .dst = to, .quiet = true};
			struct route_result res;
			if (route_lookup(ctx->net, &q, &res) < 0) {
				snprintf(ctx->why, sizeof(ctx->why),
					 "dropped; no route back to %s, so no ICMPv6 error",
					 inet_fmt(FAMILY_IPV6, &to, a));
				return V_DROP;
			}
			src = res.prefsrc;
		}
		answer = packet_icmp_error_addr(p, ICMPV6_DEST_UNREACH, rt->code, src, 0);
		if (answer)
			snprintf(ctx->why, sizeof(ctx->why), "dropped; ICMPv6 %s sent to %s from %s",
				 rt->name + 6, inet_fmt(FAMILY_IPV6, &to, a),
				 inet_fmt(FAMILY_IPV6, &src, b));
		else
			snprintf(ctx->why, sizeof(ctx->why), "dropped; icmpv6_send would not answer "
							     "(an ICMPv6 error, or multicast)");
	}
	if (answer) {
		answer->local_out = true;
		/* the answer joins the rejected packet's connection */
		ct_attach(answer, ctx->p);
		ctx->spawn = answer;
	}
	return V_DROP;
}

const struct target_type target_reject6 = {
	.name = "REJECT",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_REJECT) */
	.options = reject6_opts,
	.data_size = sizeof(struct reject6_info),
	.tables_mask = 1u << TABLE_FILTER,
	.hooks_mask = HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT),
	.init = reject6_init,
	.parse = reject6_parse,
	.final_check = reject6_check,
	.exec = reject6_exec,
	.print = reject6_print,
};
