/* target_nflog.c - NFLOG: pass a copy of the packet to the nfnetlink_log
 * group (ulogd, tcpdump -i nflog:N, ...) and continue.  Nothing listens
 * in nfwalk, so the copy goes nowhere; the trace says where it would go. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#define NFLOG_PREFIX_MAX 63 /* the kernel keeps 64 bytes with the NUL */

struct nflog_info {
	char prefix[NFLOG_PREFIX_MAX + 1];
	uint16_t group, threshold;
	uint32_t len;
	bool copy_len; /* --nflog-size; --nflog-range is the old, broken form */
};

enum { O_GROUP, O_PREFIX, O_RANGE, O_SIZE, O_THRESHOLD };

static const struct xt_option nflog_opts[] = {
	[O_GROUP] = {"nflog-group", true, false, false},
	[O_PREFIX] = {"nflog-prefix", true, false, false},
	[O_RANGE] = {"nflog-range", true, false, false},
	[O_SIZE] = {"nflog-size", true, false, false},
	[O_THRESHOLD] = {"nflog-threshold", true, false, false},
	{NULL, false, false, false},
};

static int nflog_number(const char *arg, const char *opt, uint32_t max, uint32_t *out,
			struct nf_error *err)
{
	if (!xt_parse_u32(arg, max, out))
		return nf_err(err, -1, "bad %s \"%s\" (0-%u)", opt, arg, max);
	return 0;
}

/* A prefix longer than the kernel keeps is cut, as iptables-legacy does. */
static int nflog_parse(struct target *t, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct nflog_info *in = t->data;
	uint32_t v;
	switch (xt_option_index(nflog_opts, opt + 2)) {
	case O_GROUP:
		if (nflog_number(arg, opt, 65535, &v, err) < 0)
			return -1;
		in->group = (uint16_t)v;
		return 0;
	case O_PREFIX:
		if (strchr(arg, '\n'))
			return nf_err(err, -1, "newlines are not allowed in --nflog-prefix");
		str_copy(in->prefix, sizeof(in->prefix), arg);
		return 0;
	case O_RANGE:
	case O_SIZE:
		if (in->copy_len || in->len)
			return nf_err(err, -1, "--nflog-range and --nflog-size cannot be combined");
		in->copy_len = xt_option_index(nflog_opts, opt + 2) == O_SIZE;
		return nflog_number(arg, opt, UINT32_MAX, &in->len, err);
	default:
		if (nflog_number(arg, opt, 65535, &v, err) < 0)
			return -1;
		in->threshold = (uint16_t)v;
		return 0;
	}
}

static void nflog_print(const struct target *t, struct strbuf *sb)
{
	const struct nflog_info *in = t->data;
	if (in->prefix[0]) {
		sb_adds(sb, " --nflog-prefix");
		xt_save_string(sb, in->prefix);
	}
	if (in->group)
		sb_addf(sb, " --nflog-group %u", in->group);
	if (in->copy_len)
		sb_addf(sb, " --nflog-size %u", in->len);
	else if (in->len)
		sb_addf(sb, " --nflog-range %u", in->len);
	if (in->threshold)
		sb_addf(sb, " --nflog-threshold %u", in->threshold);
}

static enum verdict nflog_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct nflog_info *in = t->data;
	snprintf(ctx->why, sizeof(ctx->why),
		 "copy for nflog group %u%s%s%s (no program listens in nfwalk)", in->group,
		 in->prefix[0] ? ", prefix \"" : "", in->prefix, in->prefix[0] ? "\"" : "");
	return V_CONTINUE;
}

const struct target_type target_nflog = {
	.name = "NFLOG",
	.options = nflog_opts,
	.data_size = sizeof(struct nflog_info),
	.parse = nflog_parse,
	.exec = nflog_exec,
	.print = nflog_print,
};
