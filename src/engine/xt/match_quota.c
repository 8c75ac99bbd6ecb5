/* match_quota.c - -m quota --quota BYTES (xt_quota): the rule matches
 * while its byte budget lasts; each matching packet spends its length,
 * and the packet that does not fit empties it (quota_mt). */
#include "engine/xt/xt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

struct quota_info {
	uint64_t quota, left;
	bool inv, given;
};

static const struct xt_option quota_opts[] = {
	{"quota", true, true, false},
	{NULL, false, false, false},
};

static int quota_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct quota_info *in = m->data;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 0);
	if (end == arg || *end || errno || arg[0] == '-')
		return nf_err(err, -1, "bad --quota \"%s\" (bytes, 0-18446744073709551615)", arg);
	in->quota = in->left = v;
	in->inv = invert;
	in->given = true;
	return 0;
}

static int quota_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct quota_info *)m->data)->given)
		return nf_err(err, -1, "-m quota needs --quota BYTES");
	return 0;
}

static void quota_print(const struct match *m, struct strbuf *sb)
{
	const struct quota_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --quota %llu", (unsigned long long)in->quota);
}

static bool quota_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	struct quota_info *in = m->data;
	uint64_t len = pkt_tot_len(ctx->p);
	bool fits = in->left >= len;
	if (fits)
		in->left -= len;
	else
		in->left = 0;
	snprintf(why, n, "%llu bytes %s, %llu of %llu left", (unsigned long long)len,
		 fits ? "spent" : "do not fit", (unsigned long long)in->left,
		 (unsigned long long)in->quota);
	return fits != in->inv;
}

const struct match_type match_quota = {
	.name = "quota",
	.options = quota_opts,
	.data_size = sizeof(struct quota_info),
	.parse = quota_parse,
	.final_check = quota_check,
	.eval = quota_eval,
	.print = quota_print,
};
