/* target_set.c - -j SET (xt_SET, revision 3): add the packet to a set or
 * delete it from one, then continue.
 *   --add-set NAME src|dst[,...] [--exist] [--timeout N]
 *   --del-set NAME src|dst[,...]
 * --exist re-adds an element that is there (its timeout starts again);
 * without it the add of a present element fails, silently, as the
 * kernel ignores ip_set_add's answer.  --timeout N overrides the set's
 * default (0: for ever).  A hash:net set takes the packet's address
 * under the longest prefix it holds (/32 when empty).  --map-set needs
 * the skbinfo extension, which nfwalk does not model: refused.  The
 * change is said in the target's text and as a note the trace and the
 * TUI show. */
#include "engine/xt/ipset.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct set_tinfo {
	char add[IPSET_NAME_MAX + 1], del[IPSET_NAME_MAX + 1];
	struct ipset_opt addo, delo;
	bool timeout_given;
};

enum { O_ADD_SET, O_DEL_SET, O_MAP_SET, O_EXIST, O_TIMEOUT };

static const struct xt_option set_topts[] = {
	[O_ADD_SET] = {"add-set", true, false, true},
	[O_DEL_SET] = {"del-set", true, false, true},
	[O_MAP_SET] = {"map-set", true, false, true},
	[O_EXIST] = {"exist", false, false, false},
	[O_TIMEOUT] = {"timeout", true, false, false},
	{NULL, false, false, false},
};

static void set_tinit(void *data)
{
	struct set_tinfo *in = data;
	in->addo.timeout = in->delo.timeout = UINT32_MAX;
}

static int set_tparse(struct target *t, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct set_tinfo *in = t->data;
	uint32_t v;
	switch (xt_option_index(set_topts, opt + 2)) {
	case O_ADD_SET:
		return set_parse_name_dirs("--add-set", arg, in->add, &in->addo, err);
	case O_DEL_SET:
		return set_parse_name_dirs("--del-set", arg, in->del, &in->delo, err);
	case O_MAP_SET:
		return nf_err(err, -1, "--map-set needs sets with skbinfo, which nfwalk does not "
				       "model");
	case O_EXIST:
		in->addo.exist = true;
		return 0;
	default:
		if (!xt_parse_u32(arg, UINT32_MAX - 1, &v))
			return nf_err(err, -1, "Invalid value for option --timeout or out of range "
					       "0-%u",
				      UINT32_MAX - 1);
		in->addo.timeout = v;
		in->timeout_given = true;
		return 0;
	}
}

static int set_tcheck(const struct target *t, const struct rule *r, struct nf_error *err)
{
	const struct set_tinfo *in = t->data;
	if (!in->addo.dim && !in->delo.dim)
		return nf_err(err, -1, "You must specify either `--add-set' or `--del-set' or "
				       "`--map-set'");
	if (!in->addo.dim && in->addo.exist)
		return nf_err(err, -1, "Option `--exist' can be used with `--add-set' only");
	if (!in->addo.dim && in->timeout_given)
		return nf_err(err, -1, "Option `--timeout' can be used with `--add-set' only");
	return 0;
}

static int set_tbind(const struct target *t, const struct ruleset *rs, struct nf_error *err)
{
	const struct set_tinfo *in = t->data;
	/* nfwalk's ipset holds family inet sets only; a rule of ip6tables
	 * needs one of family inet6 (the kernel refuses the other family) */
	if (t->family == FAMILY_IPV6)
		return nf_err(err, -1,
			      "set %s: an ip6tables rule needs an IPv6 set (family inet6), and "
			      "nfwalk's IP sets are IPv4 only (family inet)",
			      in->addo.dim ? in->add : in->del);
	if (in->addo.dim && !ipset_find(rs->sets, in->add))
		return nf_err(err, -1, "Set %s doesn't exist.", in->add);
	if (in->delo.dim && !ipset_find(rs->sets, in->del))
		return nf_err(err, -1, "Set %s doesn't exist.", in->del);
	return 0;
}

static void set_tprint(const struct target *t, struct strbuf *sb)
{
	const struct set_tinfo *in = t->data;
	if (in->addo.dim)
		set_print_name_dirs("--add-set", in->add, &in->addo, sb);
	if (in->addo.exist)
		sb_adds(sb, " --exist");
	if (in->addo.timeout != UINT32_MAX)
		sb_addf(sb, " --timeout %u", in->addo.timeout);
	if (in->delo.dim)
		set_print_name_dirs("--del-set", in->del, &in->delo, sb);
}

/* One change, said in why (appended) and in the note. */
static void set_change(struct xt_ctx *ctx, const char *name, const struct ipset_opt *o, bool add)
{
	struct ipset *s = ipset_find(ctx->sets, name);
	struct ipset_found f = {0};
	if (!s)
		return;
	int rc = add ? ipset_kadd(ctx->sets, s, ctx->p, o, &f) : ipset_kdel(ctx->sets, s, ctx->p, o, &f);
	char what[160], tmo[48] = "";
	const char *via = f.via[0] ? " via " : "", *vn = f.via[0] ? f.via : "";
	struct ipset *target = f.via[0] ? ipset_find(ctx->sets, f.via) : s;
	if (add && !rc && target && target->has_timeout) {
		uint32_t tm = o->timeout == UINT32_MAX ? target->timeout : o->timeout;
		if (tm)
			snprintf(tmo, sizeof(tmo), " (timeout %us)", tm);
		else
			snprintf(tmo, sizeof(tmo), " (no timeout)");
	}
	if (rc)
		snprintf(what, sizeof(what), "%s %s %s: not done: %s", add ? "add" : "del",
			 f.key[0] ? f.key : "packet", name, f.refused ? f.refused : "refused");
	else
		snprintf(what, sizeof(what), "%s %s %s %s%s%s%s", add ? "added" : "deleted", f.key,
			 add ? "to" : "from", name, via, vn, tmo);
	size_t len = strlen(ctx->why);
	snprintf(ctx->why + len, sizeof(ctx->why) - len, "%s%s", len ? "; " : "", what);
	if (!rc) {
		len = strlen(ctx->note);
		snprintf(ctx->note + len, sizeof(ctx->note) - len, "%sipset %s", len ? "; " : "", what);
	}
}

/* set_target_v3: add, then delete, then continue. */
static enum verdict set_texec(const struct target *t, struct xt_ctx *ctx)
{
	const struct set_tinfo *in = t->data;
	struct ipset_opt o;
	if (in->addo.dim) {
		o = in->addo;
		o.in = ctx->in;
		o.out = ctx->out;
		set_change(ctx, in->add, &o, true);
	}
	if (in->delo.dim) {
		o = in->delo;
		o.in = ctx->in;
		o.out = ctx->out;
		set_change(ctx, in->del, &o, false);
	}
	return V_CONTINUE;
}

const struct target_type target_set = {
	.name = "SET",
	.options = set_topts,
	.data_size = sizeof(struct set_tinfo),
	.init = set_tinit,
	.parse = set_tparse,
	.final_check = set_tcheck,
	.exec = set_texec,
	.print = set_tprint,
	.bind = set_tbind,
};
