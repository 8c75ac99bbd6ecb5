/* match_limit.c - -m limit --limit RATE --limit-burst N: a token bucket
 * per rule (xt_limit) holding `burst` tokens, refilled at RATE.  Time does
 * not pass between the packets of an nfwalk scenario, so the bucket only
 * empties: the first `burst` packets match, the later ones do not. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LIMIT_SCALE 10000u /* XT_LIMIT_SCALE: avg is in 1/10000 s */
#define LIMIT_BURST_DEFAULT 5
#define LIMIT_BURST_MAX 10000

struct limit_info {
	uint32_t avg; /* seconds between packets, scaled */
	uint32_t burst;
	uint32_t tokens; /* left in the bucket: the kernel's per-rule state */
};

static const struct {
	const char *name;
	uint32_t mult;
} units[] = {
	{"day", LIMIT_SCALE * 24 * 60 * 60},
	{"hour", LIMIT_SCALE * 60 * 60},
	{"min", LIMIT_SCALE * 60},
	{"sec", LIMIT_SCALE},
};

static const struct xt_option limit_opts[] = {
	{"limit", true, false, false},
	{"limit-burst", true, false, false},
	{NULL, false, false, false},
};

static void limit_init(void *data)
{
	struct limit_info *in = data;
	in->avg = LIMIT_SCALE * 60 * 60 / 3; /* 3/hour */
	in->burst = in->tokens = LIMIT_BURST_DEFAULT;
}

/* The kernel's average: LIMIT_SCALE units of time between two packets. */
static bool parse_rate(const char *s, uint32_t *avg)
{
	uint32_t r, secs;
	if (!xt_parse_packet_rate(s, &r, &secs))
		return false;
	*avg = (uint32_t)((uint64_t)LIMIT_SCALE * secs / r);
	return *avg != 0;
}

static int limit_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct limit_info *in = m->data;
	if (xt_option_index(limit_opts, opt + 2) == 0) {
		if (!parse_rate(arg, &in->avg))
			return nf_err(err, -1, "bad --limit \"%s\" (N/sec, N/minute, N/hour, N/day)",
				      arg);
		return 0;
	}
	if (!xt_parse_u32(arg, LIMIT_BURST_MAX, &in->burst))
		return nf_err(err, -1, "bad --limit-burst \"%s\" (0-%d)", arg, LIMIT_BURST_MAX);
	in->tokens = in->burst;
	return 0;
}

/* The largest unit that still divides evenly, as iptables prints it. */
static void limit_print(const struct match *m, struct strbuf *sb)
{
	const struct limit_info *in = m->data;
	size_t i;
	for (i = 1; i < ARRAY_SIZE(units); i++)
		if (in->avg > units[i].mult || units[i].mult / in->avg < units[i].mult % in->avg)
			break;
	sb_addf(sb, " --limit %u/%s", units[i - 1].mult / in->avg, units[i - 1].name);
	if (in->burst != LIMIT_BURST_DEFAULT)
		sb_addf(sb, " --limit-burst %u", in->burst);
}

static bool limit_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	struct limit_info *in = m->data;
	if (!in->tokens) {
		snprintf(why, n, "the bucket of %u is empty (time does not pass in nfwalk)",
			 in->burst);
		return false;
	}
	in->tokens--;
	snprintf(why, n, "token taken, %u of %u left", in->tokens, in->burst);
	return true;
}

const struct match_type match_limit = {
	.name = "limit",
	.options = limit_opts,
	.data_size = sizeof(struct limit_info),
	.init = limit_init,
	.parse = limit_parse,
	.eval = limit_eval,
	.print = limit_print,
};
