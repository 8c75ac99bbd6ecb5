/* target_hl.c - ip6tables' HL target (ip6t_HL, the IPv6 twin of TTL),
 * mangle table only: --hl-set, --hl-dec or --hl-inc on the fixed
 * header's hop limit, which no checksum covers.  Decrement stops at 0 and
 * increment at 255, as the kernel's does. */
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>

enum hl_mode { HL_SET, HL_DEC, HL_INC };

struct hl_info {
	enum hl_mode mode;
	uint8_t value;
	bool given;
};

static const struct xt_option hl_opts[] = {
	[HL_SET] = {"hl-set", true, false, false},
	[HL_DEC] = {"hl-dec", true, false, false},
	[HL_INC] = {"hl-inc", true, false, false},
	{NULL, false, false, false},
};

static int hl_parse(struct target *t, const char *opt, const char *arg, bool invert,
		    struct nf_error *err)
{
	struct hl_info *in = t->data;
	int which = xt_option_index(hl_opts, opt + 2);
	uint32_t v;
	if (in->given)
		return nf_err(err, -1, "HL takes one of --hl-set, --hl-dec, --hl-inc");
	if (!xt_parse_u32(arg, 255, &v) || (which != HL_SET && v == 0))
		return nf_err(err, -1, "bad value \"%s\" for %s (%s-255)", arg, opt,
			      which == HL_SET ? "0" : "1");
	*in = (struct hl_info){(enum hl_mode)which, (uint8_t)v, true};
	return 0;
}

static int hl_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct hl_info *)t->data)->given)
		return nf_err(err, -1, "HL needs --hl-set, --hl-dec or --hl-inc");
	return 0;
}

static void hl_print(const struct target *t, struct strbuf *sb)
{
	const struct hl_info *in = t->data;
	sb_addf(sb, " --%s %u", hl_opts[in->mode].name, in->value);
}

static enum verdict hl_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct hl_info *in = t->data;
	if (!xt_ip6_at(ctx->p, 0, IP6_HDR_LEN)) {
		snprintf(ctx->why, sizeof(ctx->why), "not an IPv6 packet: unchanged");
		return V_CONTINUE;
	}
	uint8_t *h = ctx->p->data;
	int old = h[IP6_OFF_HOP_LIMIT], hl = in->value;
	if (in->mode == HL_DEC)
		hl = old - in->value < 0 ? 0 : old - in->value;
	else if (in->mode == HL_INC)
		hl = old + in->value > 255 ? 255 : old + in->value;
	h[IP6_OFF_HOP_LIMIT] = (uint8_t)hl;
	snprintf(ctx->why, sizeof(ctx->why), "hop limit %d -> %d", old, hl);
	return V_CONTINUE;
}

const struct target_type target_hl = {
	.name = "HL",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_HL) */
	.options = hl_opts,
	.data_size = sizeof(struct hl_info),
	.tables_mask = 1u << TABLE_MANGLE,
	.parse = hl_parse,
	.final_check = hl_check,
	.exec = hl_exec,
	.print = hl_print,
};
