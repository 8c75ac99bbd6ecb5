/* target_audit.c - AUDIT --type accept|drop|reject: write an audit record
 * (AUDIT_NETFILTER_PKT, type 1324) about the packet and continue.  The
 * record is xt_AUDIT.c's: "mark=%#x saddr=%pI4 daddr=%pI4 proto=%hhu";
 * the --type is checked and kept but, since the records were normalised
 * (Linux 4.13), no longer written into them.  Without auditd the kernel
 * prints it as "audit: type=1324 ...", which is what the trace shows. */
#include "engine/xt/xt.h"
#include "lib/inet.h"

#include <stdio.h>

static const char *const audit_types[] = {"accept", "drop", "reject", NULL};

struct audit_info {
	int type; /* index in audit_types, -1: not given */
};

static const struct xt_option audit_opts[] = {
	{"type", true, false, false},
	{NULL, false, false, false},
};

static void audit_init(void *data)
{
	((struct audit_info *)data)->type = -1;
}

static int audit_parse(struct target *t, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct audit_info *in = t->data;
	in->type = xt_name_index(audit_types, arg);
	if (in->type < 0)
		return nf_err(err, -1, "bad AUDIT --type \"%s\" (accept, drop or reject)", arg);
	return 0;
}

static int audit_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (((const struct audit_info *)t->data)->type < 0)
		return nf_err(err, -1, "AUDIT needs --type accept, drop or reject");
	return 0;
}

static void audit_print(const struct target *t, struct strbuf *sb)
{
	sb_addf(sb, " --type %s", audit_types[((const struct audit_info *)t->data)->type]);
}

static enum verdict audit_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct packet *p = ctx->p;
	char s[INET_STRLEN], d[INET_STRLEN];
	/* the kernel's %#x prints 0 as 0x0; audit_ip6 prints %pI6c and the
	 * protocol after the extension headers (pkt_proto's) */
	union inet_addr sa = pkt_src(p), da = pkt_dst(p);
	if (pkt_l3_ok(p))
		snprintf(ctx->why, sizeof(ctx->why),
			 "audit: type=1324 mark=0x%x saddr=%s daddr=%s proto=%u", p->mark,
			 inet_fmt(pkt_family(p), &sa, s), inet_fmt(pkt_family(p), &da, d),
			 pkt_proto(p));
	else
		snprintf(ctx->why, sizeof(ctx->why),
			 "audit: type=1324 mark=0x%x saddr=? daddr=? proto=-1", p->mark);
	ctx->log = true;
	return V_CONTINUE;
}

const struct target_type target_audit = {
	.name = "AUDIT",
	.options = audit_opts,
	.data_size = sizeof(struct audit_info),
	.init = audit_init,
	.parse = audit_parse,
	.final_check = audit_check,
	.exec = audit_exec,
	.print = audit_print,
};
