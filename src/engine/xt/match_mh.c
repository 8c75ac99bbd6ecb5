/* match_mh.c - ip6tables' -m mh --mh-type (ip6t_mh): the Mobility
 * Header's type, a number, a range or one of libip6t_mh's names; the rule
 * must say -p mobility-header (135), as the kernel checks.  A header
 * whose payload proto is not "no next header" is dropped (hotdrop). */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

enum { PROTO_MH = 135 };

struct mh_info {
	uint32_t lo, hi;
	bool inv;
};

static const struct {
	const char *name, *alias;
} mh_names[] = {
	{"binding-refresh-request", "brr"}, {"home-test-init", "hoti"},
	{"careof-test-init", "coti"},	    {"home-test", "hot"},
	{"careof-test", "cot"},		    {"binding-update", "bu"},
	{"binding-acknowledgement", "ba"},  {"binding-error", "be"},
};

static const struct xt_option mh_opts[] = {
	{"mh-type", true, true, false},
	{NULL, false, false, false},
};

static void mh_init(void *data)
{
	((struct mh_info *)data)->hi = 0xff;
}

static bool mh_name(const char *s, uint32_t *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(mh_names); i++)
		if (strcmp(s, mh_names[i].name) == 0 || strcmp(s, mh_names[i].alias) == 0) {
			*type = (uint32_t)i;
			return true;
		}
	return false;
}

static int mh_parse(struct match *m, const char *opt, const char *arg, bool invert,
		    struct nf_error *err)
{
	struct mh_info *in = m->data;
	in->inv = invert;
	if (mh_name(arg, &in->lo)) {
		in->hi = in->lo;
		return 0;
	}
	if (!xt_parse_range(arg, ':', 0xff, &in->lo, &in->hi))
		return nf_err(err, -1, "bad mobility header type \"%s\"", arg);
	return 0;
}

static int mh_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!xt_rule_proto_is(r, PROTO_MH))
		return nf_err(err, -1, "-m mh needs -p mobility-header (not inverted) before it");
	return 0;
}

static void mh_print(const struct match *m, struct strbuf *sb)
{
	const struct mh_info *in = m->data;
	if (in->lo == 0 && in->hi == 0xff && !in->inv)
		return;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --mh-type");
	xt_print_range(sb, in->lo, in->hi, ':');
}

static bool mh_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct mh_info *in = m->data;
	int proto;
	const uint8_t *h = xt_ip6_upper(ctx->p, 3, &proto);
	if (!h || proto != PROTO_MH) {
		snprintf(why, n, "no mobility header (a later fragment, or cut short)");
		return false;
	}
	if (h[0] != 59) {
		snprintf(why, n, "payload proto %u, not 59: the kernel drops the packet", h[0]);
		return false;
	}
	snprintf(why, n, "type %u", h[2]);
	return (h[2] >= in->lo && h[2] <= in->hi) != in->inv;
}

const struct match_type match_mh = {
	.name = "mh",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_mh) */
	.options = mh_opts,
	.data_size = sizeof(struct mh_info),
	.init = mh_init,
	.parse = mh_parse,
	.final_check = mh_check,
	.eval = mh_eval,
	.print = mh_print,
};
