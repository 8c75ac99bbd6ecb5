/* match_length.c - -m length --length MIN[:MAX]: the IP total length. */
#include "engine/xt/xt.h"

#include <stdio.h>

struct length_info {
	uint32_t min, max;
	bool inv, given;
};

static const struct xt_option length_opts[] = {
	{"length", true, true, false},
	{NULL, false, false, false},
};

static int length_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct length_info *in = m->data;
	if (!xt_parse_range(arg, ':', 65535, &in->min, &in->max))
		return nf_err(err, -1, "bad length or range \"%s\" (0-65535)", arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int length_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct length_info *)m->data)->given)
		return nf_err(err, -1, "-m length needs --length");
	return 0;
}

static void length_print(const struct match *m, struct strbuf *sb)
{
	const struct length_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --length");
	xt_print_range(sb, in->min, in->max, ':');
}

static bool length_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct length_info *in = m->data;
	uint16_t len = pkt_tot_len(ctx->p);
	snprintf(why, n, "length %u", len);
	return (len >= in->min && len <= in->max) != in->inv;
}

const struct match_type match_length = {
	.name = "length",
	.options = length_opts,
	.data_size = sizeof(struct length_info),
	.parse = length_parse,
	.final_check = length_check,
	.eval = length_eval,
	.print = length_print,
};
