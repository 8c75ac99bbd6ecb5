/* match_mark.c - -m mark --mark V[/M] (the packet's nfmark) and
 * -m connmark --mark V[/M] (its connection's ctmark): (mark & M) == V.
 * A packet without a connection never matches connmark, inverted or not. */
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <stdio.h>

struct mark_info {
	uint32_t mark, mask;
	bool inv, given;
};

static const struct xt_option mark_opts[] = {
	{"mark", true, true, false},
	{NULL, false, false, false},
};

static int mark_parse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct mark_info *in = m->data;
	if (!xt_parse_value_mask(arg, &in->mark, &in->mask))
		return nf_err(err, -1, "bad mark \"%s\" (a 32-bit value[/mask])", arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int mark_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct mark_info *)m->data)->given)
		return nf_err(err, -1, "-m %s needs --mark", m->type->name);
	return 0;
}

static void mark_print(const struct match *m, struct strbuf *sb)
{
	const struct mark_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --mark 0x%x", in->mark);
	if (in->mask != UINT32_MAX)
		sb_addf(sb, "/0x%x", in->mask);
}

static bool mark_test(const struct mark_info *in, uint32_t have, const char *what, char *why,
		      size_t n)
{
	snprintf(why, n, "%s 0x%x", what, have);
	return ((have & in->mask) == in->mark) != in->inv;
}

static bool mark_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	return mark_test(m->data, ctx->p->mark, "mark", why, n);
}

static bool connmark_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	if (!ctx->p->ct) {
		snprintf(why, n, "no connection (untracked or invalid)");
		return false;
	}
	return mark_test(m->data, ctx->p->ct->mark, "ctmark", why, n);
}

static bool mark_key(const struct match *m, struct xt_key *k)
{
	const struct mark_info *in = m->data;
	if (in->inv)
		return false;
	*k = (struct xt_key){XK_MARK, in->mark, in->mask};
	return true;
}

const struct match_type match_mark = {
	.name = "mark",
	.options = mark_opts,
	.data_size = sizeof(struct mark_info),
	.parse = mark_parse,
	.final_check = mark_check,
	.eval = mark_eval,
	.print = mark_print,
	.key = mark_key,
};

const struct match_type match_connmark = {
	.name = "connmark",
	.options = mark_opts,
	.data_size = sizeof(struct mark_info),
	.parse = mark_parse,
	.final_check = mark_check,
	.eval = connmark_eval,
	.print = mark_print,
};
