/* target_classify.c - CLASSIFY --set-class MAJOR:MINOR (hex, as tc
 * writes class ids): sets skb->priority, which tc takes as the class.
 * Valid where a packet is about to leave: OUTPUT, FORWARD, POSTROUTING. */
#include "xt.h"

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

static bool parse_hex16(const char *s, size_t len, uint32_t *out)
{
	*out = 0;
	if (len == 0 || len > 4)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return false;
		*out = *out << 4 | (uint32_t)d;
	}
	return true;
}

static int classify_parse(struct target *t, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	struct classify_info *in = t->data;
	const char *colon = strchr(arg, ':');
	uint32_t major, minor;
	if (!colon || !parse_hex16(arg, (size_t)(colon - arg), &major) ||
	    !parse_hex16(colon + 1, strlen(colon + 1), &minor))
		return nf_err(err, -1, "bad --set-class \"%s\" (MAJOR:MINOR in hex, e.g. 1:10)", arg);
	in->priority = major << 16 | minor;
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
