/* match_tcpmss.c - -m tcpmss --mss MIN[:MAX]: the MSS option of a TCP
 * segment (usually a SYN).  A segment without the option matches only
 * when inverted, as tcpmss_mt answers. */
#include "engine/xt/xt.h"

#include <stdio.h>

struct tcpmss_info {
	uint32_t min, max;
	bool inv, given;
};

static const struct xt_option tcpmss_opts[] = {
	{"mss", true, true, false},
	{NULL, false, false, false},
};

static int tcpmss_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct tcpmss_info *in = m->data;
	if (!xt_parse_range(arg, ':', 65535, &in->min, &in->max))
		return nf_err(err, -1, "bad --mss \"%s\" (MIN[:MAX], 0-65535)", arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int tcpmss_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct tcpmss_info *)m->data)->given)
		return nf_err(err, -1, "-m tcpmss needs --mss");
	if (!xt_rule_proto_is(r, PROTO_TCP))
		return nf_err(err, -1, "-m tcpmss needs -p tcp (not inverted) before it");
	return 0;
}

static void tcpmss_print(const struct match *m, struct strbuf *sb)
{
	const struct tcpmss_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --mss");
	xt_print_range(sb, in->min, in->max, ':');
}

/* The MSS option's value, or -1 when the segment has none. */
static long find_mss(const uint8_t *th, size_t hl)
{
	for (size_t i = 20; i < hl;) {
		if (th[i] == 2 && hl - i >= 4 && th[i + 1] == 4)
			return (long)(th[i + 2] << 8 | th[i + 3]);
		if (th[i] < 2 || i + 1 >= hl || th[i + 1] == 0)
			i++;
		else
			i += th[i + 1];
	}
	return -1;
}

static bool tcpmss_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct tcpmss_info *in = m->data;
	const uint8_t *th = pkt_l4(ctx->p, 20);
	size_t hl = th ? (size_t)(th[12] >> 4) * 4 : 0;
	const uint8_t *full = hl >= 20 ? pkt_l4(ctx->p, hl) : NULL;
	if (!full) {
		snprintf(why, n, "TCP header cut short (the kernel drops it)");
		return false;
	}
	long mss = find_mss(full, hl);
	if (mss < 0) {
		snprintf(why, n, "no MSS option");
		return in->inv;
	}
	snprintf(why, n, "MSS %ld", mss);
	return ((uint32_t)mss >= in->min && (uint32_t)mss <= in->max) != in->inv;
}

const struct match_type match_tcpmss = {
	.name = "tcpmss",
	.options = tcpmss_opts,
	.data_size = sizeof(struct tcpmss_info),
	.parse = tcpmss_parse,
	.final_check = tcpmss_check,
	.eval = tcpmss_eval,
	.print = tcpmss_print,
};
