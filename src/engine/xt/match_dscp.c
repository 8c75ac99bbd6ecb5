/* match_dscp.c - -m tos --tos V[/M] ((tos & M) == V) and -m dscp
 * --dscp N / --dscp-class C (the TOS byte's upper six bits). */
#include "engine/xt/xt.h"

#include <stdio.h>

struct tos_info {
	uint8_t value, mask;
	bool inv, given;
};

static const struct xt_option tos_opts[] = {
	{"tos", true, true, false},
	{NULL, false, false, false},
};

static int tos_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct tos_info *in = m->data;
	if (!xt_parse_tos(arg, &in->value, &in->mask))
		return nf_err(err, -1, "bad TOS \"%s\" (value[/mask] or a name like Minimize-Delay)",
			      arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int tos_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct tos_info *)m->data)->given)
		return nf_err(err, -1, "-m tos needs --tos");
	return 0;
}

static void tos_print(const struct match *m, struct strbuf *sb)
{
	const struct tos_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --tos 0x%02x/0x%02x", in->value, in->mask);
}

static bool tos_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct tos_info *in = m->data;
	uint8_t tos = pkt_tos(ctx->p);
	snprintf(why, n, "tos 0x%02x", tos);
	return ((tos & in->mask) == in->value) != in->inv;
}

const struct match_type match_tos = {
	.name = "tos",
	.options = tos_opts,
	.data_size = sizeof(struct tos_info),
	.parse = tos_parse,
	.final_check = tos_check,
	.eval = tos_eval,
	.print = tos_print,
};

struct dscp_info {
	uint8_t dscp;
	bool inv, given;
};

static const struct xt_option dscp_opts[] = {
	{"dscp", true, true, false},
	{"dscp-class", true, true, false},
	{NULL, false, false, false},
};

static int dscp_parse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct dscp_info *in = m->data;
	if (in->given)
		return nf_err(err, -1, "--dscp and --dscp-class cannot be used together");
	in->given = true;
	in->inv = invert;
	return xt_parse_dscp(arg, xt_option_index(dscp_opts, opt + 2) == 1, &in->dscp, err);
}

static int dscp_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct dscp_info *)m->data)->given)
		return nf_err(err, -1, "-m dscp needs --dscp or --dscp-class");
	return 0;
}

static void dscp_print(const struct match *m, struct strbuf *sb)
{
	const struct dscp_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --dscp 0x%02x", in->dscp);
}

static bool dscp_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct dscp_info *in = m->data;
	uint8_t dscp = pkt_tos(ctx->p) >> 2;
	snprintf(why, n, "dscp 0x%02x", dscp);
	return (dscp == in->dscp) != in->inv;
}

const struct match_type match_dscp = {
	.name = "dscp",
	.options = dscp_opts,
	.data_size = sizeof(struct dscp_info),
	.parse = dscp_parse,
	.final_check = dscp_check,
	.eval = dscp_eval,
	.print = dscp_print,
};
