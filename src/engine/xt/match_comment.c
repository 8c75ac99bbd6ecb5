/* match_comment.c - -m comment --comment TEXT: always matches; the text
 * (at most 255 bytes, as XT_MAX_COMMENT_LEN allows) is for people. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#define COMMENT_MAX 255

struct comment_info {
	char text[COMMENT_MAX + 1];
	bool given;
};

static const struct xt_option comment_opts[] = {
	{"comment", true, false, false},
	{NULL, false, false, false},
};

static int comment_parse(struct match *m, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	struct comment_info *in = m->data;
	if (strlen(arg) > COMMENT_MAX)
		return nf_err(err, -1, "--comment is longer than %d characters", COMMENT_MAX);
	str_copy(in->text, sizeof(in->text), arg);
	in->given = true;
	return 0;
}

static int comment_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct comment_info *)m->data)->given)
		return nf_err(err, -1, "-m comment needs --comment");
	return 0;
}

static void comment_print(const struct match *m, struct strbuf *sb)
{
	sb_adds(sb, " --comment");
	xt_save_string(sb, ((const struct comment_info *)m->data)->text);
}

static bool comment_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	snprintf(why, n, "a comment always matches");
	return true;
}

const struct match_type match_comment = {
	.name = "comment",
	.options = comment_opts,
	.data_size = sizeof(struct comment_info),
	.parse = comment_parse,
	.final_check = comment_check,
	.eval = comment_eval,
	.print = comment_print,
};
