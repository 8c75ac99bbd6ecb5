/* target_trace.c - TRACE, raw table only: marks the packet so that every
 * rule it meets afterwards is reported (nftrace), then continues. */
#include "engine/xt/xt.h"

#include <stdio.h>

static enum verdict trace_exec(const struct target *t, struct xt_ctx *ctx)
{
	ctx->p->nftrace = true;
	snprintf(ctx->why, sizeof(ctx->why), "packet traced from here on");
	return V_CONTINUE;
}

const struct target_type target_trace = {
	.name = "TRACE",
	.tables_mask = 1u << TABLE_RAW,
	.exec = trace_exec,
};
