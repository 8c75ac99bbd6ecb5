/* target_classify.c - CLASSIFY --set-class MAJOR:MINOR (hex, as tc
 * writes class ids): sets skb->priority, which tc takes as the class.
 * Valid where a packet is about to leave: OUTPUT, FORWARD, POSTROUTING. */
#include "engine/net/qos.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct classify_info {
	uint32_t priority;
	bool given;
};

static const struct xt_option classify_opts[] = {
	{"set-class", true, false, false},
	{NULL, false, false, false},
};

static int classify_parse(struct target *t, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	struct classify_info *in = t->data;
	/* tc's handle syntax, but both halves must be written (iptables
	 * reads "%x:%x") */
	const char *colon = strchr(arg, ':');
	if (!colon || colon == arg || !colon[1] || !tc_handle_parse(arg, &in->priority))
		return nf_err(err, -1, "bad --set-class \"%s\" (MAJOR:MINOR in hex, e.g. 1:10)", arg);
	in->given = true;
	return 0;
}

static int classify_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct classify_info *)t->data)->given)
		return nf_err(err, -1, "CLASSIFY needs --set-class");
	return 0;
}

static void classify_print(const struct target *t, struct strbuf *sb)
{
	uint32_t prio = ((const struct classify_info *)t->data)->priority;
	sb_addf(sb, " --set-class %04x:%04x", prio >> 16, prio & 0xffff);
}

static enum verdict classify_exec(const struct target *t, struct xt_ctx *ctx)
{
	uint32_t prio = ((const struct classify_info *)t->data)->priority;
	ctx->p->priority = prio;
	snprintf(ctx->why, sizeof(ctx->why), "class %x:%x", prio >> 16, prio & 0xffff);
	return V_CONTINUE;
}

const struct target_type target_classify = {
	.name = "CLASSIFY",
	.options = classify_opts,
	.data_size = sizeof(struct classify_info),
	.hooks_mask = HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT) | HOOKBIT(HOOK_POSTROUTING),
	.parse = classify_parse,
	.final_check = classify_check,
	.exec = classify_exec,
	.print = classify_print,
};
