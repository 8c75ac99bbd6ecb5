/* match_physdev.c - -m physdev (xt_physdev): the bridge ports a bridged
 * packet came in on and goes out of.  nfwalk models no bridge, so no
 * packet carries bridge port information; then, as physdev_mt does, a
 * test matches only when it is inverted ("! --physdev-is-bridged" holds,
 * "--physdev-in eth0" does not).  --physdev-out and --physdev-is-out
 * without --physdev-is-bridged are refused at OUTPUT, FORWARD and
 * POSTROUTING, as the kernel's check refuses them. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

enum { PD_IN = 1, PD_OUT = 2, PD_ISIN = 4, PD_ISOUT = 8, PD_BRIDGED = 16 };

struct physdev_info {
	char in[IFNAME_MAX], out[IFNAME_MAX];
	unsigned given, inv; /* PD_* bits */
};

enum { O_IN, O_OUT, O_ISIN, O_ISOUT, O_BRIDGED };

static const struct xt_option physdev_opts[] = {
	[O_IN] = {"physdev-in", true, true, false},
	[O_OUT] = {"physdev-out", true, true, false},
	[O_ISIN] = {"physdev-is-in", false, true, false},
	[O_ISOUT] = {"physdev-is-out", false, true, false},
	[O_BRIDGED] = {"physdev-is-bridged", false, true, false},
	{NULL, false, false, false},
};

static int physdev_parse(struct match *m, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	struct physdev_info *in = m->data;
	int o = xt_option_index(physdev_opts, opt + 2);
	unsigned bit = 1u << o;
	if (o == O_IN || o == O_OUT) {
		if (!*arg || strlen(arg) >= IFNAME_MAX)
			return nf_err(err, -1, "bad interface name \"%s\" for %s", arg, opt);
		str_copy(o == O_IN ? in->in : in->out, IFNAME_MAX, arg);
	}
	if (in->given & bit)
		return nf_err(err, -1, "%s given twice", opt);
	in->given |= bit;
	if (invert)
		in->inv |= bit;
	return 0;
}

static int physdev_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct physdev_info *)m->data)->given)
		return nf_err(err, -1, "-m physdev needs at least one option");
	return 0;
}

static unsigned physdev_hooks(const struct match *m)
{
	const struct physdev_info *in = m->data;
	if ((in->given & (PD_OUT | PD_ISOUT)) &&
	    (!(in->given & PD_BRIDGED) || (in->inv & PD_BRIDGED)))
		return HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT);
	return 0;
}

static void print_opt(struct strbuf *sb, const struct physdev_info *in, unsigned bit,
		      const char *name, const char *arg)
{
	if (!(in->given & bit))
		return;
	xt_print_inv(sb, in->inv & bit);
	sb_addf(sb, " --%s", name);
	if (arg)
		xt_save_string(sb, arg);
}

static void physdev_print(const struct match *m, struct strbuf *sb)
{
	const struct physdev_info *in = m->data;
	print_opt(sb, in, PD_ISIN, "physdev-is-in", NULL);
	print_opt(sb, in, PD_IN, "physdev-in", in->in);
	print_opt(sb, in, PD_ISOUT, "physdev-is-out", NULL);
	print_opt(sb, in, PD_OUT, "physdev-out", in->out);
	print_opt(sb, in, PD_BRIDGED, "physdev-is-bridged", NULL);
}

static bool physdev_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct physdev_info *in = m->data;
	bool ok = (in->given & ~in->inv) == 0;
	snprintf(why, n, "no bridge is modelled: the packet crossed no bridge port%s",
		 ok ? " (every test is inverted)" : "");
	return ok;
}

const struct match_type match_physdev = {
	.name = "physdev",
	.options = physdev_opts,
	.data_size = sizeof(struct physdev_info),
	.parse = physdev_parse,
	.final_check = physdev_check,
	.eval = physdev_eval,
	.print = physdev_print,
	.instance_hooks = physdev_hooks,
};
