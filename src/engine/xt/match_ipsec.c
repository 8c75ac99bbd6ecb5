/* match_ipsec.c - -m esp --espspi and -m ah --ahspi: a range of Security
 * Parameter Indexes, read from the ESP header (offset 0) or the AH header
 * (offset 4).  Each needs its protocol as -p, as the kernel checks. */
#include "engine/xt/xt.h"

#include <stdio.h>

struct spi_info {
	uint32_t min, max;
	bool inv;
};

static const struct xt_option esp_opts[] = {
	{"espspi", true, true, false},
	{NULL, false, false, false},
};

static const struct xt_option ah_opts[] = {
	{"ahspi", true, true, false},
	{NULL, false, false, false},
};

enum { PROTO_ESP = 50, PROTO_AH = 51 };

static void spi_init(void *data)
{
	((struct spi_info *)data)->max = UINT32_MAX;
}

static int spi_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct spi_info *in = m->data;
	if (!xt_parse_range(arg, ':', UINT32_MAX, &in->min, &in->max))
		return nf_err(err, -1, "bad SPI or range \"%s\" for %s", arg, opt);
	in->inv = invert;
	return 0;
}

static int spi_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	uint8_t proto = m->type->options == esp_opts ? PROTO_ESP : PROTO_AH;
	if (!xt_rule_proto_is(r, proto))
		return nf_err(err, -1, "-m %s needs -p %s (not inverted) before it", m->type->name,
			      m->type->name);
	return 0;
}

static void spi_print(const struct match *m, struct strbuf *sb)
{
	const struct spi_info *in = m->data;
	if (in->min == 0 && in->max == UINT32_MAX && !in->inv)
		return;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --%s", m->type->options[0].name);
	xt_print_range(sb, in->min, in->max, ':');
}

static bool spi_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct spi_info *in = m->data;
	size_t at = m->type->options == esp_opts ? 0 : 4;
	const uint8_t *h = pkt_l4(ctx->p, at + 4);
	if (!h) {
		snprintf(why, n, "%s", pkt_is_fragment(ctx->p) ? "a later fragment has no header"
							       : "header cut short (the kernel drops it)");
		return false;
	}
	uint32_t spi = (uint32_t)h[at] << 24 | (uint32_t)h[at + 1] << 16 |
		       (uint32_t)h[at + 2] << 8 | h[at + 3];
	snprintf(why, n, "spi %u", spi);
	return (spi >= in->min && spi <= in->max) != in->inv;
}

const struct match_type match_esp = {
	.name = "esp",
	.options = esp_opts,
	.data_size = sizeof(struct spi_info),
	.init = spi_init,
	.parse = spi_parse,
	.final_check = spi_check,
	.eval = spi_eval,
	.print = spi_print,
};

const struct match_type match_ah = {
	.name = "ah",
	.family = FAMILY_IPV4, /* iptables only (libipt_ah) */
	.options = ah_opts,
	.data_size = sizeof(struct spi_info),
	.init = spi_init,
	.parse = spi_parse,
	.final_check = spi_check,
	.eval = spi_eval,
	.print = spi_print,
};
