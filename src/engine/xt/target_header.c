/* target_header.c - targets that rewrite the IP header, mangle table
 * only: TTL (--ttl-set/--ttl-dec/--ttl-inc), TOS (revision 1: new tos =
 * (tos & ~mask) ^ value) and DSCP (the upper six bits, ECN kept).  The
 * packet writers keep the checksum right. */
#include "engine/xt/xt.h"

#include <stdio.h>

#define MANGLE_ONLY (1u << TABLE_MANGLE)

/* --- TTL --- */

enum ttl_mode { TTL_SET, TTL_DEC, TTL_INC };

struct ttl_info {
	enum ttl_mode mode;
	uint8_t value;
	bool given;
};

static const struct xt_option ttl_opts[] = {
	[TTL_SET] = {"ttl-set", true, false, false},
	[TTL_DEC] = {"ttl-dec", true, false, false},
	[TTL_INC] = {"ttl-inc", true, false, false},
	{NULL, false, false, false},
};

static int ttl_parse(struct target *t, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct ttl_info *in = t->data;
	int which = xt_option_index(ttl_opts, opt + 2);
	uint32_t v;
	if (in->given)
		return nf_err(err, -1, "TTL takes one of --ttl-set, --ttl-dec, --ttl-inc");
	if (!xt_parse_u32(arg, 255, &v) || (which != TTL_SET && v == 0))
		return nf_err(err, -1, "bad value \"%s\" for %s (%s-255)", arg, opt,
			      which == TTL_SET ? "0" : "1");
	*in = (struct ttl_info){(enum ttl_mode)which, (uint8_t)v, true};
	return 0;
}

static int ttl_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct ttl_info *)t->data)->given)
		return nf_err(err, -1, "TTL needs --ttl-set, --ttl-dec or --ttl-inc");
	return 0;
}

static void ttl_print(const struct target *t, struct strbuf *sb)
{
	const struct ttl_info *in = t->data;
	sb_addf(sb, " --%s %u", ttl_opts[in->mode].name, in->value);
}

/* Decrement stops at 0 and increment at 255, as ipt_TTL does. */
static enum verdict ttl_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct ttl_info *in = t->data;
	int old = pkt_ttl(ctx->p), ttl = in->value;
	if (in->mode == TTL_DEC)
		ttl = old - in->value < 0 ? 0 : old - in->value;
	else if (in->mode == TTL_INC)
		ttl = old + in->value > 255 ? 255 : old + in->value;
	pkt_set_ttl(ctx->p, (uint8_t)ttl);
	snprintf(ctx->why, sizeof(ctx->why), "ttl %d -> %d", old, ttl);
	return V_CONTINUE;
}

const struct target_type target_ttl = {
	.name = "TTL",
	.family = FAMILY_IPV4, /* iptables only (libipt_TTL) */
	.options = ttl_opts,
	.data_size = sizeof(struct ttl_info),
	.tables_mask = MANGLE_ONLY,
	.parse = ttl_parse,
	.final_check = ttl_check,
	.exec = ttl_exec,
	.print = ttl_print,
};

/* --- TOS --- */

struct tos_info {
	uint8_t value, mask;
	bool given;
};

enum { O_SET_TOS, O_AND_TOS, O_OR_TOS, O_XOR_TOS };

static const struct xt_option tos_opts[] = {
	[O_SET_TOS] = {"set-tos", true, false, false},
	[O_AND_TOS] = {"and-tos", true, false, false},
	[O_OR_TOS] = {"or-tos", true, false, false},
	[O_XOR_TOS] = {"xor-tos", true, false, false},
	{NULL, false, false, false},
};

static int tos_parse(struct target *t, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct tos_info *in = t->data;
	int which = xt_option_index(tos_opts, opt + 2);
	uint32_t bits;
	if (in->given)
		return nf_err(err, -1, "TOS takes one of --set-tos, --and-tos, --or-tos, --xor-tos");
	in->given = true;
	if (which == O_SET_TOS) {
		if (!xt_parse_tos(arg, &in->value, &in->mask))
			return nf_err(err, -1, "bad TOS \"%s\" (value[/mask] or a name)", arg);
		return 0;
	}
	if (!xt_parse_u32(arg, 0xff, &bits))
		return nf_err(err, -1, "bad value \"%s\" for %s (0-0xff)", arg, opt);
	in->value = which == O_AND_TOS ? 0 : (uint8_t)bits;
	in->mask = which == O_AND_TOS ? (uint8_t)~bits : which == O_OR_TOS ? (uint8_t)bits : 0;
	return 0;
}

static int tos_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct tos_info *)t->data)->given)
		return nf_err(err, -1, "TOS needs --set-tos, --and-tos, --or-tos or --xor-tos");
	return 0;
}

static void tos_print(const struct target *t, struct strbuf *sb)
{
	const struct tos_info *in = t->data;
	sb_addf(sb, " --set-tos 0x%02x/0x%02x", in->value, in->mask);
}

static enum verdict tos_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct tos_info *in = t->data;
	uint8_t old = pkt_tos(ctx->p), tos = (uint8_t)((old & ~in->mask) ^ in->value);
	pkt_set_tos(ctx->p, tos);
	snprintf(ctx->why, sizeof(ctx->why), "tos 0x%02x -> 0x%02x", old, tos);
	return V_CONTINUE;
}

const struct target_type target_tos = {
	.name = "TOS",
	.options = tos_opts,
	.data_size = sizeof(struct tos_info),
	.tables_mask = MANGLE_ONLY,
	.parse = tos_parse,
	.final_check = tos_check,
	.exec = tos_exec,
	.print = tos_print,
};

/* --- DSCP --- */

struct dscp_info {
	uint8_t dscp;
	bool given;
};

static const struct xt_option dscp_opts[] = {
	{"set-dscp", true, false, false},
	{"set-dscp-class", true, false, false},
	{NULL, false, false, false},
};

static int dscp_parse(struct target *t, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct dscp_info *in = t->data;
	if (in->given)
		return nf_err(err, -1, "--set-dscp and --set-dscp-class cannot be used together");
	in->given = true;
	return xt_parse_dscp(arg, xt_option_index(dscp_opts, opt + 2) == 1, &in->dscp, err);
}

static int dscp_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct dscp_info *)t->data)->given)
		return nf_err(err, -1, "DSCP needs --set-dscp or --set-dscp-class");
	return 0;
}

static void dscp_print(const struct target *t, struct strbuf *sb)
{
	sb_addf(sb, " --set-dscp 0x%02x", ((const struct dscp_info *)t->data)->dscp);
}

static enum verdict dscp_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct dscp_info *in = t->data;
	uint8_t old = pkt_tos(ctx->p), tos = (uint8_t)((old & 0x03) | in->dscp << 2);
	pkt_set_tos(ctx->p, tos);
	snprintf(ctx->why, sizeof(ctx->why), "dscp 0x%02x -> 0x%02x (tos 0x%02x)", old >> 2,
		 in->dscp, tos);
	return V_CONTINUE;
}

const struct target_type target_dscp = {
	.name = "DSCP",
	.options = dscp_opts,
	.data_size = sizeof(struct dscp_info),
	.tables_mask = MANGLE_ONLY,
	.parse = dscp_parse,
	.final_check = dscp_check,
	.exec = dscp_exec,
	.print = dscp_print,
};
