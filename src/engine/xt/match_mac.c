/* match_mac.c - -m mac --mac-source XX:XX:XX:XX:XX:XX: the Ethernet
 * source of a received frame, so only where there is one (PREROUTING,
 * INPUT, FORWARD).  A packet without a MAC header never matches, even
 * inverted, as in mac_mt. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct mac_info {
	uint8_t mac[6];
	bool inv, given;
};

static const struct xt_option mac_opts[] = {
	{"mac-source", true, true, false},
	{NULL, false, false, false},
};

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly "XX:XX:XX:XX:XX:XX", as xtables_parse_mac wants it. */
static bool parse_mac(const char *s, uint8_t mac[6])
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 6; i++) {
		int hi = hex_digit(s[i * 3]), lo = hex_digit(s[i * 3 + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static int mac_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct mac_info *in = m->data;
	if (!parse_mac(arg, in->mac))
		return nf_err(err, -1, "bad MAC address \"%s\" (XX:XX:XX:XX:XX:XX)", arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int mac_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct mac_info *)m->data)->given)
		return nf_err(err, -1, "-m mac needs --mac-source");
	return 0;
}

static void mac_print(const struct match *m, struct strbuf *sb)
{
	const struct mac_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --mac-source %02x:%02x:%02x:%02x:%02x:%02x", in->mac[0], in->mac[1],
		in->mac[2], in->mac[3], in->mac[4], in->mac[5]);
}

static bool mac_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct mac_info *in = m->data;
	const uint8_t *h = ctx->p->src_mac;
	if (!ctx->p->has_mac) {
		snprintf(why, n, "no Ethernet header");
		return false;
	}
	snprintf(why, n, "source MAC %02x:%02x:%02x:%02x:%02x:%02x", h[0], h[1], h[2], h[3], h[4],
		 h[5]);
	return (memcmp(h, in->mac, 6) == 0) != in->inv;
}

const struct match_type match_mac = {
	.name = "mac",
	.options = mac_opts,
	.data_size = sizeof(struct mac_info),
	.parse = mac_parse,
	.final_check = mac_check,
	.eval = mac_eval,
	.print = mac_print,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD),
};
