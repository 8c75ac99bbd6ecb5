/* match_ah6.c - ip6tables' -m ah (ip6t_ah): the authentication header,
 * wherever ipv6_find_hdr finds it (no -p ah needed, unlike IPv4's):
 * --ahspi (a range), --ahlen (the header's length in bytes, compared only
 * when non-zero), --ahres (the reserved field zero). */
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>

struct ah6_info {
	uint32_t spi_min, spi_max, len;
	bool spi_inv, len_inv, res;
};

enum { O_SPI, O_LEN, O_RES };

static const struct xt_option ah6_opts[] = {
	[O_SPI] = {"ahspi", true, true, false},
	[O_LEN] = {"ahlen", true, true, false},
	[O_RES] = {"ahres", false, false, false},
	{NULL, false, false, false},
};

static void ah6_init(void *data)
{
	((struct ah6_info *)data)->spi_max = UINT32_MAX;
}

static int ah6_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct ah6_info *in = m->data;
	switch (xt_option_index(ah6_opts, opt + 2)) {
	case O_SPI:
		if (!xt_parse_range(arg, ':', UINT32_MAX, &in->spi_min, &in->spi_max))
			return nf_err(err, -1, "bad SPI or range \"%s\" for %s", arg, opt);
		in->spi_inv = invert;
		return 0;
	case O_LEN:
		if (!xt_parse_u32(arg, UINT32_MAX, &in->len))
			return nf_err(err, -1, "bad --ahlen \"%s\"", arg);
		in->len_inv = invert;
		return 0;
	default:
		in->res = true;
		return 0;
	}
}

static void ah6_print(const struct match *m, struct strbuf *sb)
{
	const struct ah6_info *in = m->data;
	if (in->spi_min != 0 || in->spi_max != UINT32_MAX || in->spi_inv) {
		xt_print_inv(sb, in->spi_inv);
		sb_adds(sb, " --ahspi");
		xt_print_range(sb, in->spi_min, in->spi_max, ':');
	}
	if (in->len || in->len_inv) {
		xt_print_inv(sb, in->len_inv);
		sb_addf(sb, " --ahlen %u", in->len);
	}
	sb_adds(sb, in->res ? " --ahres" : "");
}

static bool ah6_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct ah6_info *in = m->data;
	size_t off;
	const uint8_t *h = xt_ip6_find(ctx->p, NEXTHDR_AUTH, &off, NULL) == NEXTHDR_AUTH
				   ? xt_ip6_at(ctx->p, off, 12)
				   : NULL;
	if (!h) {
		snprintf(why, n, "no authentication header");
		return false;
	}
	uint32_t spi = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
	uint32_t len = ((uint32_t)h[1] + 2) << 2; /* ipv6_authlen */
	snprintf(why, n, "spi %u, length %u", spi, len);
	return ((spi >= in->spi_min && spi <= in->spi_max) != in->spi_inv) &&
	       (!in->len || ((in->len == len) != in->len_inv)) && !(in->res && (h[2] || h[3]));
}

const struct match_type match_ah6 = {
	.name = "ah",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_ah) */
	.options = ah6_opts,
	.data_size = sizeof(struct ah6_info),
	.init = ah6_init,
	.parse = ah6_parse,
	.eval = ah6_eval,
	.print = ah6_print,
};
