/* match_frag.c - ip6tables' -m frag (ip6t_frag): the fragment header,
 * wherever ipv6_find_hdr finds it: --fragid (a range of identifications),
 * --fraglen (parsed and printed; the kernel never compares it: the header
 * has one size), --fragres (reserved bits zero), --fragfirst (offset 0),
 * --fragmore / --fraglast (the M flag set / clear).  A packet without a
 * fragment header does not match. */
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>

struct frag_info {
	uint32_t id_min, id_max, len;
	bool id_inv, len_set, len_inv, res, first, more, last;
};

enum { O_ID, O_LEN, O_RES, O_FIRST, O_MORE, O_LAST };

static const struct xt_option frag_opts[] = {
	[O_ID] = {"fragid", true, true, false},
	[O_LEN] = {"fraglen", true, true, false},
	[O_RES] = {"fragres", false, false, false},
	[O_FIRST] = {"fragfirst", false, false, false},
	[O_MORE] = {"fragmore", false, false, false},
	[O_LAST] = {"fraglast", false, false, false},
	{NULL, false, false, false},
};

static void frag_init(void *data)
{
	((struct frag_info *)data)->id_max = UINT32_MAX;
}

static int frag_parse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct frag_info *in = m->data;
	switch (xt_option_index(frag_opts, opt + 2)) {
	case O_ID:
		if (!xt_parse_range(arg, ':', UINT32_MAX, &in->id_min, &in->id_max))
			return nf_err(err, -1, "bad fragment id or range \"%s\"", arg);
		in->id_inv = invert;
		return 0;
	case O_LEN:
		if (!xt_parse_u32(arg, UINT32_MAX, &in->len))
			return nf_err(err, -1, "bad --fraglen \"%s\"", arg);
		in->len_set = true;
		in->len_inv = invert;
		return 0;
	case O_RES:
		in->res = true;
		return 0;
	case O_FIRST:
		in->first = true;
		return 0;
	case O_MORE:
		in->more = true;
		break;
	default:
		in->last = true;
		break;
	}
	if (in->more && in->last)
		return nf_err(err, -1, "--fragmore and --fraglast cannot be combined");
	return 0;
}

static void frag_print(const struct match *m, struct strbuf *sb)
{
	const struct frag_info *in = m->data;
	if (in->id_min != 0 || in->id_max != UINT32_MAX || in->id_inv) {
		xt_print_inv(sb, in->id_inv);
		sb_adds(sb, " --fragid");
		xt_print_range(sb, in->id_min, in->id_max, ':');
	}
	if (in->len_set) {
		xt_print_inv(sb, in->len_inv);
		sb_addf(sb, " --fraglen %u", in->len);
	}
	sb_adds(sb, in->res ? " --fragres" : "");
	sb_adds(sb, in->first ? " --fragfirst" : "");
	sb_adds(sb, in->more ? " --fragmore" : "");
	sb_adds(sb, in->last ? " --fraglast" : "");
}

static bool frag_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct frag_info *in = m->data;
	size_t off;
	const uint8_t *h = xt_ip6_find(ctx->p, NEXTHDR_FRAGMENT, &off, NULL) == NEXTHDR_FRAGMENT
				   ? xt_ip6_at(ctx->p, off, FRAG6_HDR_LEN)
				   : NULL;
	if (!h) {
		snprintf(why, n, "no fragment header");
		return false;
	}
	uint32_t id = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
	uint16_t fo = (uint16_t)(h[FRAG6_OFF_OFFSET] << 8 | h[FRAG6_OFF_OFFSET + 1]);
	snprintf(why, n, "id %u, offset %u%s", id, (fo & FRAG6_OFFSET_MASK),
		 fo & FRAG6_FLAG_MF ? ", more fragments" : ", the last");
	return ((id >= in->id_min && id <= in->id_max) != in->id_inv) &&
	       !(in->res && (h[1] || (fo & 0x6))) && !(in->first && (fo & FRAG6_OFFSET_MASK)) &&
	       !(in->more && !(fo & FRAG6_FLAG_MF)) && !(in->last && (fo & FRAG6_FLAG_MF));
}

const struct match_type match_frag = {
	.name = "frag",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_frag) */
	.options = frag_opts,
	.data_size = sizeof(struct frag_info),
	.init = frag_init,
	.parse = frag_parse,
	.eval = frag_eval,
	.print = frag_print,
};
