/* match_rt.c - ip6tables' -m rt (ip6t_rt): the routing header wherever
 * ipv6_find_hdr finds it: --rt-type, --rt-segsleft (a range), --rt-len
 * (its length in bytes), --rt-0-res (type 0's reserved word zero).  The
 * type 0 address list options (--rt-0-addrs, --rt-0-not-strict) are for
 * a header type RFC 5095 deprecated; nfwalk refuses them. */
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>

struct rt_info {
	uint32_t type, segs_min, segs_max, len;
	bool type_set, type_inv, segs_inv, len_set, len_inv, res;
};

enum { O_TYPE, O_SEGS, O_LEN, O_RES, O_ADDRS, O_NSTRICT };

static const struct xt_option rt_opts[] = {
	[O_TYPE] = {"rt-type", true, true, false},
	[O_SEGS] = {"rt-segsleft", true, true, false},
	[O_LEN] = {"rt-len", true, true, false},
	[O_RES] = {"rt-0-res", false, false, false},
	[O_ADDRS] = {"rt-0-addrs", true, false, false},
	[O_NSTRICT] = {"rt-0-not-strict", false, false, false},
	{NULL, false, false, false},
};

static void rt_init(void *data)
{
	((struct rt_info *)data)->segs_max = UINT32_MAX;
}

static int rt_parse(struct match *m, const char *opt, const char *arg, bool invert,
		    struct nf_error *err)
{
	struct rt_info *in = m->data;
	switch (xt_option_index(rt_opts, opt + 2)) {
	case O_TYPE:
		if (!xt_parse_u32(arg, UINT32_MAX, &in->type))
			return nf_err(err, -1, "bad --rt-type \"%s\"", arg);
		in->type_set = true;
		in->type_inv = invert;
		return 0;
	case O_SEGS:
		if (!xt_parse_range(arg, ':', UINT32_MAX, &in->segs_min, &in->segs_max))
			return nf_err(err, -1, "bad --rt-segsleft \"%s\"", arg);
		in->segs_inv = invert;
		return 0;
	case O_LEN:
		if (!xt_parse_u32(arg, UINT32_MAX, &in->len))
			return nf_err(err, -1, "bad --rt-len \"%s\"", arg);
		in->len_set = true;
		in->len_inv = invert;
		return 0;
	case O_RES:
		in->res = true;
		return 0;
	default:
		return nf_err(err, -1,
			      "%s (type 0 routing header addresses) is not supported by nfwalk", opt);
	}
}

static void rt_print(const struct match *m, struct strbuf *sb)
{
	const struct rt_info *in = m->data;
	if (in->type_set) {
		xt_print_inv(sb, in->type_inv);
		sb_addf(sb, " --rt-type %u", in->type);
	}
	if (in->segs_min != 0 || in->segs_max != UINT32_MAX || in->segs_inv) {
		xt_print_inv(sb, in->segs_inv);
		sb_adds(sb, " --rt-segsleft");
		xt_print_range(sb, in->segs_min, in->segs_max, ':');
	}
	if (in->len_set) {
		xt_print_inv(sb, in->len_inv);
		sb_addf(sb, " --rt-len %u", in->len);
	}
	sb_adds(sb, in->res ? " --rt-0-res" : "");
}

static bool rt_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct rt_info *in = m->data;
	size_t off;
	const uint8_t *h = xt_ip6_find(ctx->p, NEXTHDR_ROUTING, &off, NULL) == NEXTHDR_ROUTING
				   ? xt_ip6_at(ctx->p, off, 4)
				   : NULL;
	if (!h) {
		snprintf(why, n, "no routing header");
		return false;
	}
	uint32_t len = ((uint32_t)h[1] + 1) << 3;
	snprintf(why, n, "type %u, %u segments left, %u bytes", h[2], h[3], len);
	bool ok = ((h[3] >= in->segs_min && h[3] <= in->segs_max) != in->segs_inv) &&
		  (!in->len_set || (in->len == len) != in->len_inv) &&
		  (!in->type_set || (in->type == h[2]) != in->type_inv);
	if (ok && in->res) {
		const uint8_t *r = xt_ip6_at(ctx->p, off + 4, 4);
		ok = r && !(r[0] | r[1] | r[2] | r[3]);
	}
	return ok;
}

const struct match_type match_rt = {
	.name = "rt",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_rt) */
	.options = rt_opts,
	.data_size = sizeof(struct rt_info),
	.init = rt_init,
	.parse = rt_parse,
	.eval = rt_eval,
	.print = rt_print,
};
