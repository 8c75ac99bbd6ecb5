/* match_ttl.c - -m ttl --ttl-eq/--ttl-lt/--ttl-gt N (ipt_ttl); "!" only
 * with --ttl-eq, which makes it "not equal". */
#include "engine/xt/xt.h"

#include <stdio.h>

enum ttl_mode { TTL_EQ, TTL_NE, TTL_LT, TTL_GT };

struct ttl_info {
	enum ttl_mode mode;
	uint8_t ttl;
	bool given;
};

enum { O_EQ, O_LT, O_GT };

static const struct xt_option ttl_opts[] = {
	[O_EQ] = {"ttl-eq", true, true, false},
	[O_LT] = {"ttl-lt", true, false, false},
	[O_GT] = {"ttl-gt", true, false, false},
	{NULL, false, false, false},
};

static int ttl_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct ttl_info *in = m->data;
	uint32_t v;
	int which = xt_option_index(ttl_opts, opt + 2);
	if (in->given)
		return nf_err(err, -1, "-m ttl takes one of --ttl-eq, --ttl-lt, --ttl-gt");
	if (!xt_parse_u32(arg, 255, &v))
		return nf_err(err, -1, "bad TTL \"%s\" (0-255)", arg);
	in->ttl = (uint8_t)v;
	in->mode = which == O_LT ? TTL_LT : which == O_GT ? TTL_GT : invert ? TTL_NE : TTL_EQ;
	in->given = true;
	return 0;
}

static int ttl_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct ttl_info *)m->data)->given)
		return nf_err(err, -1, "-m ttl needs --ttl-eq, --ttl-lt or --ttl-gt");
	return 0;
}

static void ttl_print(const struct match *m, struct strbuf *sb)
{
	static const char *const forms[] = {" --ttl-eq", " ! --ttl-eq", " --ttl-lt", " --ttl-gt"};
	const struct ttl_info *in = m->data;
	sb_addf(sb, "%s %u", forms[in->mode], in->ttl);
}

static bool ttl_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct ttl_info *in = m->data;
	uint8_t ttl = pkt_ttl(ctx->p);
	snprintf(why, n, "ttl %u", ttl);
	switch (in->mode) {
	case TTL_EQ:
		return ttl == in->ttl;
	case TTL_NE:
		return ttl != in->ttl;
	case TTL_LT:
		return ttl < in->ttl;
	default:
		return ttl > in->ttl;
	}
}

const struct match_type match_ttl = {
	.name = "ttl",
	.family = FAMILY_IPV4, /* iptables only (libipt_ttl) */
	.options = ttl_opts,
	.data_size = sizeof(struct ttl_info),
	.parse = ttl_parse,
	.final_check = ttl_check,
	.eval = ttl_eval,
	.print = ttl_print,
};
