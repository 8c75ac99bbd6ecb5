/* match_devgroup.c - -m devgroup (xt_devgroup): the group of the
 * interface the packet came in on (--src-group) or leaves by
 * (--dst-group), each [!] value[/mask] with ((group ^ value) & mask) == 0,
 * as devgroup_mt tests.  Interfaces get their group in the scenario
 * (`eth0: {addr: ..., group: 2}`, `ip link set dev eth0 group 2`) or with
 * --iface eth0=ADDR,group=2; every other interface, lo included, is in
 * group 0 ("default" in /etc/iproute2/group, as iptables-save prints it).
 * The kernel's check allows --src-group only where there is an input
 * interface (PREROUTING, INPUT, FORWARD) and --dst-group only where there
 * is an output one (FORWARD, OUTPUT, POSTROUTING). */
#include "engine/net/net.h"
#include "engine/xt/xt.h"

#include <stdio.h>

enum { DG_SRC, DG_DST, DG_COUNT };

struct devgroup_info {
	uint32_t group[DG_COUNT], mask[DG_COUNT];
	bool given[DG_COUNT], inv[DG_COUNT];
};

static const struct xt_option devgroup_opts[] = {
	[DG_SRC] = {"src-group", true, true, false},
	[DG_DST] = {"dst-group", true, true, false},
	{NULL, false, false, false},
};

static const char group_zero[] = "default";

static const unsigned side_hooks[DG_COUNT] = {
	[DG_SRC] = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD),
	[DG_DST] = HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT) | HOOKBIT(HOOK_POSTROUTING),
};

static int devgroup_parse(struct match *m, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	struct devgroup_info *in = m->data;
	int side = xt_option_index(devgroup_opts, opt + 2);
	if (!xt_parse_val_mask_named(arg, group_zero, &in->group[side], &in->mask[side]))
		return nf_err(err, -1, "bad %s \"%s\" (a group number[/mask] or \"default\")", opt,
			      arg);
	in->given[side] = true;
	in->inv[side] = invert;
	return 0;
}

static int devgroup_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct devgroup_info *in = m->data;
	if (!in->given[DG_SRC] && !in->given[DG_DST])
		return nf_err(err, -1, "-m devgroup needs --src-group or --dst-group");
	return 0;
}

static unsigned devgroup_hooks(const struct match *m)
{
	const struct devgroup_info *in = m->data;
	unsigned hooks = HOOKBIT(HOOK_COUNT) - 1;
	for (int side = 0; side < DG_COUNT; side++)
		if (in->given[side])
			hooks &= side_hooks[side];
	return hooks;
}

static void devgroup_print(const struct match *m, struct strbuf *sb)
{
	const struct devgroup_info *in = m->data;
	for (int side = 0; side < DG_COUNT; side++) {
		if (!in->given[side])
			continue;
		xt_print_inv(sb, in->inv[side]);
		sb_addf(sb, " --%s", devgroup_opts[side].name);
		xt_print_val_mask_named(sb, in->group[side], in->mask[side], group_zero);
	}
}

static uint32_t iface_group(const struct netconf *net, const char *name)
{
	const struct iface *ifc = net && name && *name ? netconf_iface(net, name) : NULL;
	return ifc ? ifc->group : 0;
}

static bool devgroup_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct devgroup_info *in = m->data;
	const char *dev[DG_COUNT] = {ctx->in, ctx->out};
	size_t used = 0;
	for (int side = 0; side < DG_COUNT; side++) {
		if (!in->given[side])
			continue;
		uint32_t g = iface_group(ctx->net, dev[side]);
		bool hit = ((g ^ in->group[side]) & in->mask[side]) == 0;
		int w = snprintf(used < n ? why + used : NULL, used < n ? n - used : 0,
				 "%s%s %s is in group %u",
				 used ? ", " : "", side == DG_SRC ? "in" : "out",
				 dev[side] ? dev[side] : "?", g);
		used += w > 0 ? (size_t)w : 0;
		if (hit == in->inv[side])
			return false;
	}
	return true;
}

const struct match_type match_devgroup = {
	.name = "devgroup",
	.options = devgroup_opts,
	.data_size = sizeof(struct devgroup_info),
	.parse = devgroup_parse,
	.final_check = devgroup_check,
	.eval = devgroup_eval,
	.print = devgroup_print,
	.instance_hooks = devgroup_hooks,
};
