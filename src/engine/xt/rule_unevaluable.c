/* rule_unevaluable.c - the stand-in a lenient load (--lenient) puts where
 * a rule nfwalk cannot load was: it keeps the rule's place and its text,
 * matches every packet that reaches it, and stops the walk with the
 * verdict CANNOT-EVALUATE, naming what nfwalk lacks ("-m string") or why
 * the rule was refused.  It is no extension a ruleset can name: it is not
 * in xt_list.h, and its name cannot be written after -j. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unevaluable_info {
	char what[160]; /* "-m string", or the parser's complaint */
};

static enum verdict unevaluable_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct unevaluable_info *in = t->data;
	str_copy(ctx->why, sizeof(ctx->why), in->what);
	return V_UNEVALUATED;
}

const struct target_type target_unevaluable = {
	.name = "(cannot evaluate)",
	.data_size = sizeof(struct unevaluable_info),
	.exec = unevaluable_exec,
};

struct rule *rule_unevaluable(const char *args, const char *what, int src_line)
{
	struct rule *r = xcalloc(1, sizeof(*r));
	r->action = RA_TARGET;
	r->target.type = &target_unevaluable;
	struct unevaluable_info *in = xcalloc(1, sizeof(*in));
	str_copy(in->what, sizeof(in->what), what);
	r->target.data = in;
	r->comment_text = xstrdup(args);
	r->src_line = src_line;
	return r;
}

bool rule_is_unevaluable(const struct rule *r)
{
	return r->action == RA_TARGET && r->target.type == &target_unevaluable;
}
