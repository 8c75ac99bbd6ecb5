/* match_opts6.c - ip6tables' -m hbh and -m dst (ip6t_hbh, one kernel
 * module for both option headers): the hop-by-hop or destination options
 * header wherever ipv6_find_hdr finds it, --hbh-len/--dst-len (its
 * length in bytes) and --hbh-opts/--dst-opts TYPE[:LEN],... (the options
 * in that order from the first, each type and, when given, its length;
 * Pad1 has no length byte), as hbh_mt6 walks them. */
#define _POSIX_C_SOURCE 200809L

#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPTS_MAX 16 /* IP6T_OPTS_OPTSNR */
#define ANY_LEN 0xff

struct opts6_info {
	uint32_t len;
	bool len_set, len_inv;
	unsigned nopts;
	uint8_t type[OPTS_MAX], olen[OPTS_MAX]; /* olen ANY_LEN: any */
};

static const struct xt_option hbh_opts[] = {
	{"hbh-len", true, true, false},
	{"hbh-opts", true, false, false},
	{NULL, false, false, false},
};

static const struct xt_option dst_opts[] = {
	{"dst-len", true, true, false},
	{"dst-opts", true, false, false},
	{NULL, false, false, false},
};

/* "TYPE[:LEN],..." as libip6t_hbh's parse_options. */
static int parse_list(struct opts6_info *in, const char *arg, struct nf_error *err)
{
	char buf[256];
	str_copy(buf, sizeof(buf), arg);
	in->nopts = 0;
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		uint32_t t, l = ANY_LEN;
		char *colon = strchr(w, ':');
		if (colon)
			*colon = '\0';
		if (in->nopts == OPTS_MAX)
			return nf_err(err, -1, "at most %d options", OPTS_MAX);
		if (!xt_parse_u32(w, 255, &t) || (colon && !xt_parse_u32(colon + 1, 255, &l)))
			return nf_err(err, -1, "bad option \"%s\" (TYPE[:LEN], each 0-255)", arg);
		in->type[in->nopts] = (uint8_t)t;
		in->olen[in->nopts++] = (uint8_t)l;
	}
	return in->nopts ? 0 : nf_err(err, -1, "no option in \"%s\"", arg);
}

static int opts6_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct opts6_info *in = m->data;
	if (xt_option_index(m->type->options, opt + 2) == 1)
		return parse_list(in, arg, err);
	if (!xt_parse_u32(arg, UINT32_MAX, &in->len))
		return nf_err(err, -1, "bad %s \"%s\"", opt, arg);
	in->len_set = true;
	in->len_inv = invert;
	return 0;
}

static void opts6_print(const struct match *m, struct strbuf *sb)
{
	const struct opts6_info *in = m->data;
	if (in->len_set) {
		xt_print_inv(sb, in->len_inv);
		sb_addf(sb, " --%s %u", m->type->options[0].name, in->len);
	}
	if (in->nopts)
		sb_addf(sb, " --%s ", m->type->options[1].name);
	for (unsigned i = 0; i < in->nopts; i++) {
		sb_addf(sb, "%s%u", i ? "," : "", in->type[i]);
		if (in->olen[i] != ANY_LEN)
			sb_addf(sb, ":%u", in->olen[i]);
	}
}

/* The listed options, in order from the header's first (hbh_mt6's
 * strict walk); a list longer than the header matches what fits. */
static bool opts_match(const struct opts6_info *in, const struct packet *p, size_t ptr,
		       long left, char *why, size_t n)
{
	unsigned k;
	for (k = 0; k < in->nopts && left >= 1; k++) {
		const uint8_t *tp = xt_ip6_at(p, ptr, 1);
		if (!tp)
			break;
		if (*tp != in->type[k]) {
			snprintf(why, n, "option %u is type %u, not %u", k + 1, *tp, in->type[k]);
			return false;
		}
		long optlen = 1;
		if (*tp) {
			const uint8_t *lp = left >= 2 ? xt_ip6_at(p, ptr + 1, 1) : NULL;
			if (!lp)
				break;
			if (in->olen[k] != ANY_LEN && in->olen[k] != *lp) {
				snprintf(why, n, "option %u has length %u, not %u", k + 1, *lp,
					 in->olen[k]);
				return false;
			}
			optlen = *lp + 2;
		}
		/* the next option would be past the header: the rest unmatched */
		if ((ptr + (size_t)optlen > p->len || left < optlen) && k < in->nopts - 1)
			break;
		ptr += (size_t)optlen;
		left -= optlen;
	}
	return k == in->nopts;
}

static bool opts6_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct opts6_info *in = m->data;
	bool hbh = m->type->options == hbh_opts;
	int want = hbh ? NEXTHDR_HOP : NEXTHDR_DEST;
	size_t off;
	const uint8_t *h =
		xt_ip6_find(ctx->p, want, &off, NULL) == want ? xt_ip6_at(ctx->p, off, 2) : NULL;
	if (!h) {
		snprintf(why, n, "no %s options header", hbh ? "hop-by-hop" : "destination");
		return false;
	}
	uint32_t len = ((uint32_t)h[1] + 1) << 3; /* ipv6_optlen */
	snprintf(why, n, "header of %u bytes", len);
	if (in->len_set && (in->len == len) == in->len_inv)
		return false;
	return !in->nopts || opts_match(in, ctx->p, off + 2, (long)len - 2, why, n);
}

const struct match_type match_hbh = {
	.name = "hbh",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_hbh) */
	.options = hbh_opts,
	.data_size = sizeof(struct opts6_info),
	.parse = opts6_parse,
	.eval = opts6_eval,
	.print = opts6_print,
};

const struct match_type match_dst = {
	.name = "dst",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_dst) */
	.options = dst_opts,
	.data_size = sizeof(struct opts6_info),
	.parse = opts6_parse,
	.eval = opts6_eval,
	.print = opts6_print,
};
