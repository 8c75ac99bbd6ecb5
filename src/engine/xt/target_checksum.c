/* target_checksum.c - CHECKSUM --checksum-fill, mangle only: complete a
 * checksum left to the network card (CHECKSUM_PARTIAL), for guests that
 * cannot.  nfwalk's packets always carry complete checksums, so the
 * target finds nothing to do, and says so. */
#include "engine/xt/xt.h"

#include <stdio.h>

static const struct xt_option checksum_opts[] = {
	{"checksum-fill", false, false, false},
	{NULL, false, false, false},
};

static int checksum_parse(struct target *t, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	*(bool *)t->data = true;
	return 0;
}

static int checksum_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!*(const bool *)t->data)
		return nf_err(err, -1, "CHECKSUM needs --checksum-fill");
	return 0;
}

static void checksum_print(const struct target *t, struct strbuf *sb)
{
	sb_adds(sb, " --checksum-fill");
}

static enum verdict checksum_exec(const struct target *t, struct xt_ctx *ctx)
{
	snprintf(ctx->why, sizeof(ctx->why),
		 "checksums already complete (nfwalk never leaves them to the card)");
	return V_CONTINUE;
}

const struct target_type target_checksum = {
	.name = "CHECKSUM",
	.options = checksum_opts,
	.data_size = sizeof(bool),
	.tables_mask = 1u << TABLE_MANGLE,
	.parse = checksum_parse,
	.final_check = checksum_check,
	.exec = checksum_exec,
	.print = checksum_print,
};
