/* target_mark.c - MARK (revision 2) and CONNMARK (revision 1).  Every
 * form is kept as iptables keeps it, an XOR-mask pair: the new mark is
 * (old & ~mask) ^ value, so --set-mark, --and-mark, --or-mark and
 * --xor-mark all print back as --set-xmark.  CONNMARK also copies between
 * the packet's mark and its connection's (--save-mark, --restore-mark). */
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"
#include "lib/fmt.h"

#include <stdio.h>

struct xmark {
	uint32_t value, mask;
	bool given;
};

enum { O_SET_XMARK, O_SET_MARK, O_AND_MARK, O_OR_MARK, O_XOR_MARK };

/* Turn one of the five forms into value/mask. */
static int parse_xmark(struct xmark *x, int which, const char *opt, const char *arg,
		       struct nf_error *err)
{
	uint32_t v, m = UINT32_MAX;
	bool ok = which <= O_SET_MARK ? xt_parse_value_mask(arg, &v, &m)
				      : xt_parse_u32(arg, UINT32_MAX, &v);
	if (x->given)
		return nf_err(err, -1, "%s: only one of --set-xmark, --set-mark, --and-mark, "
				       "--or-mark, --xor-mark, --save-mark, --restore-mark",
			      opt);
	if (!ok)
		return nf_err(err, -1, "bad mark \"%s\" for %s (a 32-bit value%s)", arg, opt,
			      which <= O_SET_MARK ? "[/mask]" : "");
	switch (which) {
	case O_SET_XMARK:
		*x = (struct xmark){v, m, true};
		break;
	case O_SET_MARK:
		*x = (struct xmark){v, v | m, true};
		break;
	case O_AND_MARK:
		*x = (struct xmark){0, ~v, true};
		break;
	case O_OR_MARK:
		*x = (struct xmark){v, v, true};
		break;
	default:
		*x = (struct xmark){v, 0, true};
		break;
	}
	return 0;
}

static uint32_t apply(const struct xmark *x, uint32_t old)
{
	return (old & ~x->mask) ^ x->value;
}

/* --- MARK --- */

static const struct xt_option mark_opts[] = {
	[O_SET_XMARK] = {"set-xmark", true, false, false},
	[O_SET_MARK] = {"set-mark", true, false, false},
	[O_AND_MARK] = {"and-mark", true, false, false},
	[O_OR_MARK] = {"or-mark", true, false, false},
	[O_XOR_MARK] = {"xor-mark", true, false, false},
	{NULL, false, false, false},
};

static int mark_parse(struct target *t, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	return parse_xmark(t->data, xt_option_index(mark_opts, opt + 2), opt, arg, err);
}

static int mark_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct xmark *)t->data)->given)
		return nf_err(err, -1, "MARK needs --set-xmark, --set-mark, --and-mark, --or-mark "
				       "or --xor-mark");
	return 0;
}

static void mark_print(const struct target *t, struct strbuf *sb)
{
	const struct xmark *x = t->data;
	sb_addf(sb, " --set-xmark 0x%x/0x%x", x->value, x->mask);
}

static enum verdict mark_exec(const struct target *t, struct xt_ctx *ctx)
{
	uint32_t old = ctx->p->mark;
	ctx->p->mark = apply(t->data, old);
	if (!ctx->quiet) { /* "mark 0x%x -> 0x%x", by pieces: every MARK a trace shows */
		struct fmt_cursor o = fmt_cursor(ctx->why, sizeof(ctx->why));
		fmt_puts(&o, "mark 0x");
		fmt_put_x(&o, old);
		fmt_puts(&o, " -> 0x");
		fmt_put_x(&o, ctx->p->mark);
		fmt_close(&o, ctx->why);
	}
	return V_CONTINUE;
}

const struct target_type target_mark = {
	.name = "MARK",
	.options = mark_opts,
	.data_size = sizeof(struct xmark),
	.parse = mark_parse,
	.final_check = mark_check,
	.exec = mark_exec,
	.print = mark_print,
};

/* --- CONNMARK --- */

enum connmark_mode { CM_NONE, CM_SET, CM_SAVE, CM_RESTORE };

struct connmark_info {
	enum connmark_mode mode;
	struct xmark ct;     /* CM_SET */
	uint32_t nfmask, ctmask; /* CM_SAVE / CM_RESTORE */
	bool masks_given;
};

enum { O_SAVE = O_XOR_MARK + 1, O_RESTORE, O_MASK, O_NFMASK, O_CTMASK };

static const struct xt_option connmark_opts[] = {
	[O_SET_XMARK] = {"set-xmark", true, false, false},
	[O_SET_MARK] = {"set-mark", true, false, false},
	[O_AND_MARK] = {"and-mark", true, false, false},
	[O_OR_MARK] = {"or-mark", true, false, false},
	[O_XOR_MARK] = {"xor-mark", true, false, false},
	[O_SAVE] = {"save-mark", false, false, false},
	[O_RESTORE] = {"restore-mark", false, false, false},
	[O_MASK] = {"mask", true, false, false},
	[O_NFMASK] = {"nfmask", true, false, false},
	[O_CTMASK] = {"ctmask", true, false, false},
	{NULL, false, false, false},
};

static void connmark_init(void *data)
{
	struct connmark_info *in = data;
	in->nfmask = in->ctmask = UINT32_MAX;
}

static int parse_mask(struct connmark_info *in, int which, const char *opt, const char *arg,
		      struct nf_error *err)
{
	uint32_t m;
	if (!xt_parse_u32(arg, UINT32_MAX, &m))
		return nf_err(err, -1, "bad mask \"%s\" for %s", arg, opt);
	if (which != O_CTMASK)
		in->nfmask = m;
	if (which != O_NFMASK)
		in->ctmask = m;
	in->masks_given = true;
	return 0;
}

static int connmark_parse(struct target *t, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	struct connmark_info *in = t->data;
	int which = xt_option_index(connmark_opts, opt + 2);
	if (which >= O_MASK)
		return parse_mask(in, which, opt, arg, err);
	if (in->mode != CM_NONE)
		return nf_err(err, -1, "CONNMARK takes one operation; %s is a second one", opt);
	if (which == O_SAVE || which == O_RESTORE) {
		in->mode = which == O_SAVE ? CM_SAVE : CM_RESTORE;
		return 0;
	}
	in->mode = CM_SET;
	return parse_xmark(&in->ct, which, opt, arg, err);
}

static int connmark_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	const struct connmark_info *in = t->data;
	if (in->mode == CM_NONE)
		return nf_err(err, -1, "CONNMARK needs an operation (--set-xmark, --set-mark, "
				       "--save-mark, --restore-mark, ...)");
	if (in->mode == CM_SET && in->masks_given)
		return nf_err(err, -1, "--mask, --nfmask and --ctmask go with --save-mark or "
				       "--restore-mark");
	return 0;
}

static void connmark_print(const struct target *t, struct strbuf *sb)
{
	const struct connmark_info *in = t->data;
	if (in->mode == CM_SET)
		sb_addf(sb, " --set-xmark 0x%x/0x%x", in->ct.value, in->ct.mask);
	else
		sb_addf(sb, " --%s-mark --nfmask 0x%x --ctmask 0x%x",
			in->mode == CM_SAVE ? "save" : "restore", in->nfmask, in->ctmask);
}

static enum verdict connmark_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct connmark_info *in = t->data;
	struct ct_entry *ct = ctx->p->ct;
	if (!ct) {
		snprintf(ctx->why, sizeof(ctx->why), "no connection (untracked): nothing done");
		return V_CONTINUE;
	}
	uint32_t old_ct = ct->mark, old_nf = ctx->p->mark;
	switch (in->mode) {
	case CM_SET:
		ct->mark = apply(&in->ct, ct->mark);
		break;
	case CM_SAVE:
		ct->mark = (ct->mark & ~in->ctmask) ^ (ctx->p->mark & in->nfmask);
		break;
	default:
		ctx->p->mark = (ctx->p->mark & ~in->nfmask) ^ (ct->mark & in->ctmask);
		snprintf(ctx->why, sizeof(ctx->why), "mark 0x%x -> 0x%x (from ctmark 0x%x)", old_nf,
			 ctx->p->mark, ct->mark);
		return V_CONTINUE;
	}
	snprintf(ctx->why, sizeof(ctx->why), "ctmark 0x%x -> 0x%x", old_ct, ct->mark);
	return V_CONTINUE;
}

const struct target_type target_connmark = {
	.name = "CONNMARK",
	.options = connmark_opts,
	.data_size = sizeof(struct connmark_info),
	.init = connmark_init,
	.parse = connmark_parse,
	.final_check = connmark_check,
	.exec = connmark_exec,
	.print = connmark_print,
};
