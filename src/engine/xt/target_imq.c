/* target_imq.c - IMQ --todev N (the out-of-tree IMQ patch), mangle only:
 * records which imq device the packet will be queued to and continues;
 * the enqueue itself happens at the IMQ hook after the table. */
#include "engine/xt/xt.h"

#include <stdio.h>

#define IMQ_MAX_DEVS 16

struct imq_info {
	uint32_t todev;
};

static const struct xt_option imq_opts[] = {
	{"todev", true, false, false},
	{NULL, false, false, false},
};

static int imq_parse(struct target *t, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	if (!xt_parse_u32(arg, IMQ_MAX_DEVS - 1, &((struct imq_info *)t->data)->todev))
		return nf_err(err, -1, "bad --todev \"%s\" (0-%d)", arg, IMQ_MAX_DEVS - 1);
	return 0;
}

static void imq_print(const struct target *t, struct strbuf *sb)
{
	sb_addf(sb, " --todev %u", ((const struct imq_info *)t->data)->todev);
}

static enum verdict imq_exec(const struct target *t, struct xt_ctx *ctx)
{
	uint32_t dev = ((const struct imq_info *)t->data)->todev;
	ctx->p->imq_todev = (int)dev;
	snprintf(ctx->why, sizeof(ctx->why), "to be queued to imq%u", dev);
	return V_CONTINUE;
}

const struct target_type target_imq = {
	.name = "IMQ",
	.options = imq_opts,
	.data_size = sizeof(struct imq_info),
	.tables_mask = 1u << TABLE_MANGLE,
	.parse = imq_parse,
	.exec = imq_exec,
	.print = imq_print,
};
