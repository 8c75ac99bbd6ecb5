/* target_nfqueue.c - NFQUEUE (revision 3): hand the packet to the user
 * space program reading queue N.  No program reads queues in nfwalk, and
 * the kernel drops a packet queued to nobody, unless --queue-bypass lets
 * it go on as if accepted. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#define QUEUE_BALANCE_MAX 65534

struct nfqueue_info {
	uint16_t num, total; /* queues num .. num + total - 1 */
	bool bypass, fanout, has_num, has_balance;
};

enum { O_NUM, O_BALANCE, O_BYPASS, O_FANOUT };

static const struct xt_option nfqueue_opts[] = {
	[O_NUM] = {"queue-num", true, false, false},
	[O_BALANCE] = {"queue-balance", true, false, false},
	[O_BYPASS] = {"queue-bypass", false, false, false},
	[O_FANOUT] = {"queue-cpu-fanout", false, false, false},
	{NULL, false, false, false},
};

static void nfqueue_init(void *data)
{
	((struct nfqueue_info *)data)->total = 1;
}

static int parse_balance(struct nfqueue_info *in, const char *arg, struct nf_error *err)
{
	uint32_t lo, hi;
	if (!strchr(arg, ':') || !xt_parse_range(arg, ':', QUEUE_BALANCE_MAX, &lo, &hi) || lo >= hi)
		return nf_err(err, -1,
			      "bad --queue-balance \"%s\" (FIRST:LAST, increasing, at most %d)", arg,
			      QUEUE_BALANCE_MAX);
	in->num = (uint16_t)lo;
	in->total = (uint16_t)(hi - lo + 1);
	in->has_balance = true;
	return 0;
}

static int nfqueue_parse(struct target *t, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	struct nfqueue_info *in = t->data;
	uint32_t v;
	switch (xt_option_index(nfqueue_opts, opt + 2)) {
	case O_NUM:
		if (in->has_balance)
			return nf_err(err, -1, "--queue-num and --queue-balance cannot be combined");
		if (!xt_parse_u32(arg, 65535, &v))
			return nf_err(err, -1, "bad --queue-num \"%s\" (0-65535)", arg);
		in->num = (uint16_t)v;
		in->has_num = true;
		return 0;
	case O_BALANCE:
		if (in->has_num)
			return nf_err(err, -1, "--queue-num and --queue-balance cannot be combined");
		return parse_balance(in, arg, err);
	case O_BYPASS:
		in->bypass = true;
		return 0;
	default:
		in->fanout = true;
		return 0;
	}
}

static void nfqueue_print(const struct target *t, struct strbuf *sb)
{
	const struct nfqueue_info *in = t->data;
	if (in->total > 1)
		sb_addf(sb, " --queue-balance %u:%u", in->num, in->num + in->total - 1u);
	else
		sb_addf(sb, " --queue-num %u", in->num);
	if (in->bypass)
		sb_adds(sb, " --queue-bypass");
	if (in->fanout)
		sb_adds(sb, " --queue-cpu-fanout");
}

static enum verdict nfqueue_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct nfqueue_info *in = t->data;
	char spread[96] = "";
	if (in->total > 1)
		snprintf(spread, sizeof(spread), " (the kernel spreads flows over %u-%u; %s)", in->num,
			 in->num + in->total - 1u,
			 in->fanout ? "CPU 0 picks the first" : "its hash is seeded at boot");
	ctx->queue_num = in->num;
	if (in->bypass) {
		snprintf(ctx->why, sizeof(ctx->why),
			 "queue %u has no reader; --queue-bypass lets the packet go on%s", in->num,
			 spread);
		return V_ACCEPT;
	}
	snprintf(ctx->why, sizeof(ctx->why), "queued to %u%s", in->num, spread);
	return V_QUEUE;
}

const struct target_type target_nfqueue = {
	.name = "NFQUEUE",
	.options = nfqueue_opts,
	.data_size = sizeof(struct nfqueue_info),
	.init = nfqueue_init,
	.parse = nfqueue_parse,
	.exec = nfqueue_exec,
	.print = nfqueue_print,
};
