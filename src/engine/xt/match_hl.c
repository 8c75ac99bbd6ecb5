/* match_hl.c - ip6tables' -m hl --hl-eq/--hl-lt/--hl-gt N (ip6t_hl, the
 * IPv6 twin of -m ttl): the hop limit of the fixed header; "!" only with
 * --hl-eq, which makes it "not equal". */
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>

enum hl_mode { HL_EQ, HL_NE, HL_LT, HL_GT };

struct hl_info {
	enum hl_mode mode;
	uint8_t hl;
	bool given;
};

enum { O_EQ, O_LT, O_GT };

static const struct xt_option hl_opts[] = {
	[O_EQ] = {"hl-eq", true, true, false},
	[O_LT] = {"hl-lt", true, false, false},
	[O_GT] = {"hl-gt", true, false, false},
	{NULL, false, false, false},
};

static int hl_parse(struct match *m, const char *opt, const char *arg, bool invert,
		    struct nf_error *err)
{
	struct hl_info *in = m->data;
	uint32_t v;
	int which = xt_option_index(hl_opts, opt + 2);
	if (in->given)
		return nf_err(err, -1, "-m hl takes one of --hl-eq, --hl-lt, --hl-gt");
	if (!xt_parse_u32(arg, 255, &v))
		return nf_err(err, -1, "bad hop limit \"%s\" (0-255)", arg);
	in->hl = (uint8_t)v;
	in->mode = which == O_LT ? HL_LT : which == O_GT ? HL_GT : invert ? HL_NE : HL_EQ;
	in->given = true;
	return 0;
}

static int hl_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct hl_info *)m->data)->given)
		return nf_err(err, -1, "-m hl needs --hl-eq, --hl-lt or --hl-gt");
	return 0;
}

static void hl_print(const struct match *m, struct strbuf *sb)
{
	static const char *const forms[] = {" --hl-eq", " ! --hl-eq", " --hl-lt", " --hl-gt"};
	const struct hl_info *in = m->data;
	sb_addf(sb, "%s %u", forms[in->mode], in->hl);
}

static bool hl_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct hl_info *in = m->data;
	const uint8_t *h = xt_ip6_at(ctx->p, 0, IP6_HDR_LEN);
	if (!h) {
		snprintf(why, n, "not an IPv6 packet");
		return false;
	}
	uint8_t hl = h[IP6_OFF_HOP_LIMIT];
	snprintf(why, n, "hop limit %u", hl);
	switch (in->mode) {
	case HL_EQ:
		return hl == in->hl;
	case HL_NE:
		return hl != in->hl;
	case HL_LT:
		return hl < in->hl;
	default:
		return hl > in->hl;
	}
}

const struct match_type match_hl = {
	.name = "hl",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_hl) */
	.options = hl_opts,
	.data_size = sizeof(struct hl_info),
	.parse = hl_parse,
	.final_check = hl_check,
	.eval = hl_eval,
	.print = hl_print,
};
