/* match_realm.c - -m realm (xt_realm): the realms the routing decision
 * left on the packet (the dst's tclassid, FROM << 16 | TO), tested as
 * realm_mt does: value == (tclassid & mask), so a plain `--realm 5`
 * needs the FROM half 0 too (`--realm 5/0xffff` looks at TO alone).
 * Routes get realms in the scenario as `ip route add ... realm TO` or
 * `realms FROM/TO`; a forwarded or delivered packet's FROM is the TO
 * realm of the route back to its source (route_realms).  A routing
 * decision exists only after routing: the kernel allows the match at
 * INPUT, FORWARD, OUTPUT and POSTROUTING. */
#include "engine/xt/xt.h"

#include <stdio.h>

struct realm_info {
	uint32_t id, mask;
	bool inv, given;
};

static const struct xt_option realm_opts[] = {
	{"realm", true, true, false},
	{NULL, false, false, false},
};

static const char realm_zero[] = "cosmos"; /* /etc/iproute2/rt_realms' 0 */

static int realm_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct realm_info *in = m->data;
	if (!xt_parse_val_mask_named(arg, realm_zero, &in->id, &in->mask))
		return nf_err(err, -1, "bad --realm \"%s\" (a realm number[/mask] or \"cosmos\")",
			      arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int realm_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct realm_info *)m->data)->given)
		return nf_err(err, -1, "-m realm needs --realm");
	return 0;
}

static void realm_print(const struct match *m, struct strbuf *sb)
{
	const struct realm_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --realm");
	xt_print_val_mask_named(sb, in->id, in->mask, realm_zero);
}

static bool realm_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct realm_info *in = m->data;
	uint32_t realms = ctx->p->realms;
	snprintf(why, n, "routed with realms %u/%u (0x%x)", realms >> 16, realms & 0xffff, realms);
	return (in->id == (realms & in->mask)) != in->inv;
}

const struct match_type match_realm = {
	.name = "realm",
	.family = FAMILY_IPV4, /* iptables only (libipt_realm) */
	.options = realm_opts,
	.data_size = sizeof(struct realm_info),
	.parse = realm_parse,
	.final_check = realm_check,
	.eval = realm_eval,
	.print = realm_print,
	.hooks_mask = HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT) |
		      HOOKBIT(HOOK_POSTROUTING),
};
