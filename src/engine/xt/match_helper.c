/* match_helper.c - -m helper --helper NAME: the conntrack helper (ftp,
 * sip, ...) of the connection that expected this one (helper_mt): the
 * master's helper, not the packet's own connection's, so the ftp control
 * connection itself does not match, its data connections do.  The name
 * is compared for the helper name's length only, as the kernel's strncmp
 * does ("ftp-21" matches ftp); an empty name matches any helper. */
#include "engine/track/conntrack.h"
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
	const struct helper_info *in = m->data;
	const struct ct_entry *e = ctx->p->ct;
	const struct ct_entry *master = e ? ct_master(e) : NULL;
	if (!master) {
		snprintf(why, n, "the connection was expected by no helper");
		return in->inv;
	}
	const char *name = ct_help(master) ? ct_help(master)->name : "";
	if (!name[0]) {
		snprintf(why, n, "master entry %u has no helper", master->id);
		return in->inv;
	}
	bool same = !in->name[0] || strncmp(name, in->name, strlen(name)) == 0;
	snprintf(why, n, "expected by master entry %u's %s helper", master->id, name);
	return same != in->inv;
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
