/* match_eui64.c - ip6tables' -m eui64 (ip6t_eui64): the source address's
 * interface identifier is the modified EUI-64 of the frame's source MAC
 * (ff:fe in the middle, the universal/local bit flipped).  Only where a
 * frame arrived: PREROUTING, INPUT, FORWARD. */
#include "engine/xt/xt.h"

#include <stdio.h>

static bool eui64_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct packet *p = ctx->p;
	const uint8_t *h = xt_ip6_at(p, 0, 40);
	if (!p->has_mac || !h) {
		snprintf(why, n, "no Ethernet header");
		return false;
	}
	const uint8_t *mac = p->src_mac;
	uint8_t eui[8] = {mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]};
	for (int i = 0; i < 8; i++)
		if (h[8 + 8 + i] != eui[i]) {
			snprintf(why, n, "source's interface id is not the EUI-64 of %02x:%02x:%02x:"
					 "%02x:%02x:%02x",
				 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
			return false;
		}
	snprintf(why, n, "source's interface id is its MAC's EUI-64");
	return true;
}

const struct match_type match_eui64 = {
	.name = "eui64",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_eui64) */
	.eval = eui64_eval,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD),
};
