/* target_tee.c - TEE --gateway ADDR [--oif DEV]: send a copy of the
 * packet to another host (an IDS, a logger) and let the original go on.
 *
 * As nf_dup_ipv4 does: the copy gets the untracked conntrack entry (it
 * must not count towards the original's connection), DF set, one TTL
 * less when taken at PREROUTING or INPUT, is routed to the gateway
 * (FLOWI_FLAG_KNOWN_NH: the gateway is the next hop, whatever the
 * destination) and sent with ip_local_out, so it walks the OUTPUT chains
 * then POSTROUTING.  A copy is never copied again (nf_skb_duplicated),
 * and a gateway without a route drops the copy silently.  Here the copy
 * is a packet of its own the walk follows after the original, with the
 * same packet number (a nested walk: event.sub > 0).  ip6tables' TEE
 * (nf_dup_ipv6) is refused: the copy's gateway is IPv4 only in the walk. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct tee_info {
	uint32_t gw;
	char oif[IFNAME_MAX];
};

enum { O_GATEWAY, O_OIF };

static const struct xt_option tee_opts[] = {
	[O_GATEWAY] = {"gateway", true, false, false},
	[O_OIF] = {"oif", true, false, false},
	{NULL, false, false, false},
};

static int tee_parse(struct target *t, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct tee_info *in = t->data;
	if (xt_option_index(tee_opts, opt + 2) == O_OIF) {
		if (strlen(arg) >= IFNAME_MAX)
			return nf_err(err, -1, "TEE --oif \"%s\": an interface name is at most %d "
					       "characters", arg, IFNAME_MAX - 1);
		str_copy(in->oif, sizeof(in->oif), arg);
		return 0;
	}
	if (t->family == FAMILY_IPV6)
		return nf_err(err, -1,
			      "ip6tables' TEE (nf_dup_ipv6) is not modelled: nfwalk sends TEE "
			      "copies of IPv4 packets only");
	if (!addr_parse(arg, &in->gw))
		return nf_err(err, -1, "bad TEE --gateway \"%s\" (an IPv4 address)", arg);
	return 0;
}

static int tee_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct tee_info *)t->data)->gw)
		return nf_err(err, -1, "TEE needs --gateway ADDR (not 0.0.0.0)");
	return 0;
}

static void tee_print(const struct target *t, struct strbuf *sb)
{
	const struct tee_info *in = t->data;
	char a[ADDR_STRLEN];
	sb_addf(sb, " --gateway %s", addr_fmt(in->gw, a));
	if (in->oif[0])
		sb_addf(sb, " --oif %s", in->oif);
}

static enum verdict tee_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct tee_info *in = t->data;
	char a[ADDR_STRLEN];
	addr_fmt(in->gw, a);
	if (ctx->p->tee_gw) {
		snprintf(ctx->why, sizeof(ctx->why),
			 "this is a copy TEE made: it is not copied again (nf_skb_duplicated)");
		return V_CONTINUE;
	}
	struct packet *c = packet_clone(ctx->p);
	c->ct = NULL;
	c->ctinfo = CTINFO_UNTRACKED;
	c->notrack = true;
	c->tee_gw = in->gw;
	str_copy(c->tee_oif, sizeof(c->tee_oif), in->oif);
	c->local_out = true;
	c->iif[0] = c->oif[0] = '\0';
	c->nexthop = (union inet_addr){0};
	pkt_set_df(c);
	bool dec = ctx->hook == HOOK_PREROUTING || ctx->hook == HOOK_INPUT;
	if (dec && pkt_ttl(c) > 0)
		pkt_set_ttl(c, (uint8_t)(pkt_ttl(c) - 1));
	ctx->spawn = c;
	snprintf(ctx->why, sizeof(ctx->why),
		 "a copy (untracked, DF%s) is sent to gateway %s%s%s; the original continues",
		 dec ? ", TTL - 1" : "", a, in->oif[0] ? " via " : "", in->oif);
	return V_CONTINUE;
}

const struct target_type target_tee = {
	.name = "TEE",
	.options = tee_opts,
	.data_size = sizeof(struct tee_info),
	.parse = tee_parse,
	.final_check = tee_check,
	.exec = tee_exec,
	.print = tee_print,
};
