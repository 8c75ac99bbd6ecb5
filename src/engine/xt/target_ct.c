/* target_ct.c - CT and NOTRACK, raw table only (they act before
 * connection tracking looks at the packet).  CT --notrack and NOTRACK
 * leave the packet untracked.  --ctevents / --expevents only filter what
 * ctnetlink listeners hear, and --zone picks a conntrack zone, which
 * nfwalk's single conntrack table does not model: the trace says so.
 * --helper NAME attaches one of the kernel's conntrack helpers (refused
 * when the kernel has no helper of that name, as CT's check fails) to the
 * connection the packet opens: the template is read when conntrack
 * creates the entry, and a packet of a known connection ignores it.
 * nfwalk runs the ftp helper (engine/track/ct_helper.h); the others are
 * attached and shown, but read nothing and expect nothing.  --timeout NAME names a timeout policy (nfct timeout);
 * it is shown, and nfwalk's connections keep their default timeouts.
 * Directional zones are refused. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

/* IPCT_* and IPEXP_* bits in iptables' print order. */
static const char *const ct_events[] = {"new",	     "related", "destroy", "reply",
					"assured",   "protoinfo", "helper", "mark",
					"natseqinfo", "secmark", NULL};
static const char *const exp_events[] = {"new", NULL};

/* The conntrack helpers Linux registers for IPv4 (nf_conntrack_*). */
static const char *const ct_helpers[] = {"amanda", "ftp",  "H.245", "irc",	 "netbios-ns",
					 "pptp",   "Q.931", "RAS",   "sane", "sip",
					 "snmp",   "tftp",  NULL};

struct ct_target_info {
	bool notrack;
	char helper[16], timeout[32];
	unsigned events, expevents;
	uint16_t zone;
};

enum { O_NOTRACK, O_CTEVENTS, O_EXPEVENTS, O_ZONE, O_HELPER, O_TIMEOUT, O_ZONE_ORIG,
       O_ZONE_REPLY };

static const struct xt_option ct_opts[] = {
	[O_NOTRACK] = {"notrack", false, false, false},
	[O_CTEVENTS] = {"ctevents", true, false, false},
	[O_EXPEVENTS] = {"expevents", true, false, false},
	[O_ZONE] = {"zone", true, false, false},
	[O_HELPER] = {"helper", true, false, false},
	[O_TIMEOUT] = {"timeout", true, false, false},
	[O_ZONE_ORIG] = {"zone-orig", true, false, false},
	[O_ZONE_REPLY] = {"zone-reply", true, false, false},
	{NULL, false, false, false},
};

static int parse_events(const char *arg, const char *opt, const char *const *names,
			unsigned *bits, struct nf_error *err)
{
	size_t bad;
	if (!xt_parse_name_list(arg, names, bits, &bad))
		return nf_err(err, -1, "unknown event \"%s\" for %s", arg + bad, opt);
	return 0;
}

/* Exact names: the kernel's helper look-up is case-sensitive. */
static bool known_helper(const char *name)
{
	for (size_t i = 0; ct_helpers[i]; i++)
		if (strcmp(ct_helpers[i], name) == 0)
			return true;
	return false;
}

static int ct_parse(struct target *t, const char *opt, const char *arg, bool invert,
		    struct nf_error *err)
{
	struct ct_target_info *in = t->data;
	uint32_t zone;
	switch (xt_option_index(ct_opts, opt + 2)) {
	case O_NOTRACK:
		in->notrack = true;
		return 0;
	case O_CTEVENTS:
		return parse_events(arg, opt, ct_events, &in->events, err);
	case O_EXPEVENTS:
		return parse_events(arg, opt, exp_events, &in->expevents, err);
	case O_HELPER:
		if (!known_helper(arg))
			return nf_err(err, -1,
				      "no conntrack helper \"%s\" (the kernel has amanda, ftp, H.245, "
				      "irc, netbios-ns, pptp, Q.931, RAS, sane, sip, snmp, tftp)",
				      arg);
		str_copy(in->helper, sizeof(in->helper), arg);
		return 0;
	case O_TIMEOUT:
		if (!*arg || strlen(arg) >= sizeof(in->timeout))
			return nf_err(err, -1, "bad --timeout \"%s\" (a policy name of 1-31 characters)",
				      arg);
		str_copy(in->timeout, sizeof(in->timeout), arg);
		return 0;
	case O_ZONE:
		if (!xt_parse_u32(arg, 65535, &zone))
			return nf_err(err, -1, "bad --zone \"%s\" (0-65535)", arg);
		in->zone = (uint16_t)zone;
		return 0;
	default:
		return nf_err(err, -1,
			      "CT %s is not supported by nfwalk (no directional zones)",
			      opt);
	}
}

static void ct_print(const struct target *t, struct strbuf *sb)
{
	const struct ct_target_info *in = t->data;
	if (in->notrack)
		sb_adds(sb, " --notrack");
	if (in->helper[0])
		sb_addf(sb, " --helper %s", in->helper);
	if (in->timeout[0])
		sb_addf(sb, " --timeout %s", in->timeout);
	if (in->events) {
		sb_adds(sb, " --ctevents ");
		xt_print_name_list(sb, ct_events, in->events);
	}
	if (in->expevents) {
		sb_adds(sb, " --expevents ");
		xt_print_name_list(sb, exp_events, in->expevents);
	}
	if (in->zone)
		sb_addf(sb, " --zone %u", in->zone);
}

static enum verdict ct_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct ct_target_info *in = t->data;
	struct strbuf sb = STRBUF_INIT;
	if (in->notrack) {
		/* the kernel attaches the untracked state at once (nf_ct_set
		 * IP_CT_UNTRACKED): the next rule already sees UNTRACKED */
		ctx->p->notrack = true;
		ctx->p->ctinfo = CTINFO_UNTRACKED;
		sb_adds(&sb, "untracked: connection tracking will skip the packet");
	}
	if (in->helper[0]) {
		str_copy(ctx->p->ct_helper, sizeof(ctx->p->ct_helper), in->helper);
		sb_addf(&sb, "%shelper %s in the template: a connection this packet opens gets it%s",
			sb.len ? "; " : "", in->helper,
			strcmp(in->helper, "ftp") == 0 ? "" : " (nfwalk runs only ftp's helper)");
	}
	if (in->timeout[0])
		sb_addf(&sb, "%stimeout policy %s attached (nfwalk keeps the default timeouts)",
			sb.len ? "; " : "", in->timeout);
	if (in->zone)
		sb_addf(&sb, "%szone %u asked for; nfwalk keeps a single conntrack zone",
			sb.len ? "; " : "", in->zone);
	if (in->events || in->expevents)
		sb_addf(&sb, "%sevent filter for conntrack listeners (no effect on the path)",
			sb.len ? "; " : "");
	if (!sb.len)
		sb_adds(&sb, "conntrack template attached, nothing changed");
	str_copy(ctx->why, sizeof(ctx->why), sb_str(&sb));
	sb_free(&sb);
	return V_CONTINUE;
}

const struct target_type target_ct = {
	.name = "CT",
	.options = ct_opts,
	.data_size = sizeof(struct ct_target_info),
	.tables_mask = 1u << TABLE_RAW,
	.parse = ct_parse,
	.exec = ct_exec,
	.print = ct_print,
};

static enum verdict notrack_exec(const struct target *t, struct xt_ctx *ctx)
{
	ctx->p->notrack = true;
	ctx->p->ctinfo = CTINFO_UNTRACKED;
	snprintf(ctx->why, sizeof(ctx->why), "untracked: connection tracking will skip the packet");
	return V_CONTINUE;
}

const struct target_type target_notrack = {
	.name = "NOTRACK",
	.tables_mask = 1u << TABLE_RAW,
	.exec = notrack_exec,
};
