/* match_helper.c - -m helper --helper NAME: the conntrack helper (ftp,
 * sip, ...) that expected this connection.  nfwalk models no helpers, so
 * no connection has one: the match fails, and "! --helper" passes, as
 * helper_mt answers for a connection without a helping master. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#define HELPER_NAME_MAX 29

struct helper_info {
	char name[HELPER_NAME_MAX + 1];
	bool inv, given;
};

static const struct xt_option helper_opts[] = {
	{"helper", true, true, false},
	{NULL, false, false, false},
};

static int helper_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct helper_info *in = m->data;
	if (!*arg || strlen(arg) > HELPER_NAME_MAX)
		return nf_err(err, -1, "bad --helper \"%s\" (1-%d characters)", arg, HELPER_NAME_MAX);
	str_copy(in->name, sizeof(in->name), arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int helper_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct helper_info *)m->data)->given)
		return nf_err(err, -1, "-m helper needs --helper");
	return 0;
}

static void helper_print(const struct match *m, struct strbuf *sb)
{
	const struct helper_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --helper");
	xt_save_string(sb, in->name);
}

static bool helper_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	snprintf(why, n, "no connection has a helper in nfwalk");
	return ((const struct helper_info *)m->data)->inv;
}

const struct match_type match_helper = {
	.name = "helper",
	.options = helper_opts,
	.data_size = sizeof(struct helper_info),
	.parse = helper_parse,
	.final_check = helper_check,
	.eval = helper_eval,
	.print = helper_print,
};
