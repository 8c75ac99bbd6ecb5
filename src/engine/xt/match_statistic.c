/* match_statistic.c - -m statistic (xt_statistic): every nth packet
 * (--mode nth --every N --packet P), counted per rule exactly as the
 * kernel counts (the counter starts at N-1-P and a packet matches when it
 * wraps to 0: packet P+1, then every Nth), or at random (--mode random --probability p).  The
 * random draws come from a generator with a fixed seed per rule, so a
 * scenario walks the same way every time; the trace says so. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAT_SEED 0x6e66776bu /* "nfwk" */

struct statistic_info {
	int mode; /* 0 unset, 1 random, 2 nth */
	bool inv;
	uint32_t probability; /* of 0x80000000 */
	uint32_t every, packet; /* every stored as N-1, as the kernel keeps it */
	bool has_prob, has_every, has_packet;
	uint32_t count; /* the kernel's master->count */
	uint32_t rng;
	bool started;
};

enum { O_MODE, O_PROB, O_EVERY, O_PACKET };

static const struct xt_option statistic_opts[] = {
	[O_MODE] = {"mode", true, false, false},
	[O_PROB] = {"probability", true, true, false},
	[O_EVERY] = {"every", true, true, false},
	[O_PACKET] = {"packet", true, false, false},
	{NULL, false, false, false},
};

static int statistic_parse(struct match *m, const char *opt, const char *arg, bool invert,
			   struct nf_error *err)
{
	struct statistic_info *in = m->data;
	uint32_t v;
	char *end;
	switch (xt_option_index(statistic_opts, opt + 2)) {
	case O_MODE:
		if (strcmp(arg, "random") == 0)
			in->mode = 1;
		else if (strcmp(arg, "nth") == 0)
			in->mode = 2;
		else
			return nf_err(err, -1, "bad --mode \"%s\" (random or nth)", arg);
		return 0;
	case O_PROB: {
		double p = strtod(arg, &end);
		if (end == arg || *end || !(p >= 0.0 && p <= 1.0))
			return nf_err(err, -1, "bad --probability \"%s\" (0 to 1)", arg);
		in->probability = (uint32_t)(p * 0x80000000u + 0.5); /* lround */
		in->has_prob = true;
		in->inv |= invert;
		return 0;
	}
	case O_EVERY:
		if (!xt_parse_u32(arg, UINT32_MAX, &v) || v == 0)
			return nf_err(err, -1, "bad --every \"%s\" (1 or more)", arg);
		in->every = v - 1;
		in->has_every = true;
		in->inv |= invert;
		return 0;
	default:
		if (!xt_parse_u32(arg, UINT32_MAX, &v))
			return nf_err(err, -1, "bad --packet \"%s\"", arg);
		in->packet = v;
		in->has_packet = true;
		return 0;
	}
}

static int statistic_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct statistic_info *in = m->data;
	if (!in->mode)
		return nf_err(err, -1, "-m statistic needs --mode random or --mode nth");
	if (in->has_prob && in->mode != 1)
		return nf_err(err, -1, "--probability can only be used in random mode");
	if ((in->has_every || in->has_packet) && in->mode != 2)
		return nf_err(err, -1, "--every and --packet can only be used in nth mode");
	if (in->mode == 2 && (!in->has_every || !in->has_packet))
		return nf_err(err, -1, "--mode nth needs --every N and --packet P");
	if (in->mode == 2 && in->packet > in->every)
		return nf_err(err, -1, "--packet P must be 0 <= P <= N-1");
	return 0;
}

static void statistic_print(const struct match *m, struct strbuf *sb)
{
	const struct statistic_info *in = m->data;
	if (in->mode == 1)
		sb_addf(sb, " --mode random%s --probability %.11f", in->inv ? " !" : "",
			1.0 * in->probability / 0x80000000u);
	else
		sb_addf(sb, " --mode nth%s --every %u --packet %u", in->inv ? " !" : "",
			in->every + 1, in->packet);
}

/* xorshift32: reproducible draws */
static uint32_t draw(struct statistic_info *in)
{
	if (!in->rng)
		in->rng = STAT_SEED;
	uint32_t x = in->rng;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	in->rng = x;
	return x;
}

static bool statistic_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	struct statistic_info *in = m->data;
	bool hit;
	if (in->mode == 1) {
		uint32_t r = draw(in) & 0x7fffffffu;
		hit = r < in->probability;
		snprintf(why, n, "random draw %.4f %s %.4f (fixed seed: the same every run)",
			 r / 2147483648.0, hit ? "<" : ">=", in->probability / 2147483648.0);
	} else {
		if (!in->started) {
			in->count = in->every - in->packet;
			in->started = true;
		}
		in->count = in->count == in->every ? 0 : in->count + 1;
		hit = in->count == 0;
		snprintf(why, n, "counter %u of every %u%s", in->count, in->every + 1,
			 hit ? ": this is the one" : "");
	}
	return hit != in->inv;
}

const struct match_type match_statistic = {
	.name = "statistic",
	.options = statistic_opts,
	.data_size = sizeof(struct statistic_info),
	.parse = statistic_parse,
	.final_check = statistic_check,
	.eval = statistic_eval,
	.print = statistic_print,
};
