/* target_synproxy.c - SYNPROXY, parsed and checked as the kernel checks
 * it, then refused: nfwalk does not model its state machine.
 *
 * In the kernel (nf_synproxy_core.c, xt_SYNPROXY.c) the firewall answers
 * a client's SYN itself with a SYN-cookie SYN/ACK, takes the client's ACK
 * (validating the cookie), opens the real handshake to the server with
 * its own SYN, and from then on shifts every sequence number of the
 * connection (the seqadj extension).  A walk that only showed the rule
 * matching and the packet going on would be a lie, so a ruleset with
 * SYNPROXY is refused at load with that reason; --lenient keeps the rule
 * in its chain and stops the packets that reach it there. */
#include "engine/xt/xt.h"

#include <stdio.h>

struct synproxy_info {
	bool sack, ts, ecn, has_wscale, has_mss;
	uint8_t wscale;
	uint16_t mss;
};

enum { O_SACK, O_TS, O_WSCALE, O_MSS, O_ECN };

static const struct xt_option synproxy_opts[] = {
	[O_SACK] = {"sack-perm", false, false, false},
	[O_TS] = {"timestamp", false, false, false},
	[O_WSCALE] = {"wscale", true, false, false},
	[O_MSS] = {"mss", true, false, false},
	[O_ECN] = {"ecn", false, false, false},
	{NULL, false, false, false},
};

static int synproxy_parse(struct target *t, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	struct synproxy_info *in = t->data;
	uint32_t v;
	switch (xt_option_index(synproxy_opts, opt + 2)) {
	case O_SACK: in->sack = true; return 0;
	case O_TS: in->ts = true; return 0;
	case O_ECN: in->ecn = true; return 0;
	case O_WSCALE:
		if (!xt_parse_u32(arg, 14, &v))
			return nf_err(err, -1, "bad SYNPROXY --wscale \"%s\" (0-14)", arg);
		in->wscale = (uint8_t)v;
		in->has_wscale = true;
		return 0;
	default:
		if (!xt_parse_u32(arg, 65535, &v))
			return nf_err(err, -1, "bad SYNPROXY --mss \"%s\" (0-65535)", arg);
		in->mss = (uint16_t)v;
		in->has_mss = true;
		return 0;
	}
}

/* synproxy_tg4_check's demands first, so a rule the kernel refuses gets
 * the kernel's reason; then nfwalk's own refusal. */
static int synproxy_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (r->proto != 6 || r->proto_inv)
		return nf_err(err, -1, "SYNPROXY needs -p tcp (the kernel refuses it otherwise)");
	return nf_err(err, -1, "SYNPROXY is not modelled: nfwalk does not play the SYN proxy "
			       "(cookie SYN/ACK, then its own handshake with the server)");
}

/* libxt_SYNPROXY's save order. */
static void synproxy_print(const struct target *t, struct strbuf *sb)
{
	const struct synproxy_info *in = t->data;
	if (in->sack)
		sb_adds(sb, " --sack-perm");
	if (in->ts)
		sb_adds(sb, " --timestamp");
	if (in->has_wscale)
		sb_addf(sb, " --wscale %u", in->wscale);
	if (in->has_mss)
		sb_addf(sb, " --mss %u", in->mss);
	if (in->ecn)
		sb_adds(sb, " --ecn");
}

static enum verdict synproxy_exec(const struct target *t, struct xt_ctx *ctx)
{
	/* unreachable: synproxy_check refuses every rule, so none is loaded */
	snprintf(ctx->why, sizeof(ctx->why), "SYNPROXY is not modelled");
	return V_CONTINUE;
}

const struct target_type target_synproxy = {
	.name = "SYNPROXY",
	.options = synproxy_opts,
	.data_size = sizeof(struct synproxy_info),
	.tables_mask = 1u << TABLE_FILTER,
	.hooks_mask = HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD),
	.parse = synproxy_parse,
	.final_check = synproxy_check,
	.exec = synproxy_exec,
	.print = synproxy_print,
};
