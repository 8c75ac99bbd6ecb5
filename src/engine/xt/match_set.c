/* match_set.c - -m set (xt_set, revision 4): is the packet in an IP set?
 *   [!] --match-set NAME src|dst[,src|dst...]   one flag per dimension
 *   --return-nomatch        a nomatch element matches, a plain one not
 *   ! --update-counters     leave the element's counters alone
 *   ! --update-subcounters  leave a list:set's members' counters alone
 *   [!] --packets-eq N, --packets-lt N, --packets-gt N (and --bytes-*)
 *                           compare the element's counters (after this
 *                           packet counted, as since Linux 5.2)
 * Options, messages and the saved form follow libxt_set.c's v4 parser;
 * the set must exist when the rule is inserted ("Set NAME doesn't
 * exist."), as get_set_byname asks the kernel.  The lookup is ipset.c's. */
#define _POSIX_C_SOURCE 200809L

#include "engine/xt/ipset.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct set_minfo {
	char name[IPSET_NAME_MAX + 1];
	struct ipset_opt o;
	bool inv;
};

enum { O_MATCH_SET, O_SET, O_RETURN_NOMATCH, O_UPDATE_COUNTERS, O_UPDATE_SUBCOUNTERS,
       O_PACKETS_EQ, O_PACKETS_LT, O_PACKETS_GT, O_BYTES_EQ, O_BYTES_LT, O_BYTES_GT };

static const struct xt_option set_opts[] = {
	[O_MATCH_SET] = {"match-set", true, true, true},
	[O_SET] = {"set", true, true, true}, /* the old name of --match-set */
	[O_RETURN_NOMATCH] = {"return-nomatch", false, false, false},
	[O_UPDATE_COUNTERS] = {"update-counters", false, true, false},
	[O_UPDATE_SUBCOUNTERS] = {"update-subcounters", false, true, false},
	[O_PACKETS_EQ] = {"packets-eq", true, true, false},
	[O_PACKETS_LT] = {"packets-lt", true, true, false},
	[O_PACKETS_GT] = {"packets-gt", true, true, false},
	[O_BYTES_EQ] = {"bytes-eq", true, true, false},
	[O_BYTES_LT] = {"bytes-lt", true, true, false},
	[O_BYTES_GT] = {"bytes-gt", true, true, false},
	{NULL, false, false, false},
};

/* "NAME FLAGS" (two_args) into the name and the src/dst flags
 * (libxt_set.h's parse_dirs); shared with -j SET. */
int set_parse_name_dirs(const char *opt, const char *arg, char *name, struct ipset_opt *o,
			struct nf_error *err)
{
	const char *sp = strchr(arg, ' ');
	if (o->dim)
		return nf_err(err, -1, "%s can be specified only once", opt);
	if (!sp || !sp[1] || sp[1] == '-' || sp[1] == '!')
		return nf_err(err, -1, "%s requires two args.", opt);
	if ((size_t)(sp - arg) > IPSET_NAME_MAX)
		return nf_err(err, -1, "setname `%.*s' too long, max %d characters.",
			      (int)(sp - arg), arg, IPSET_NAME_MAX);
	snprintf(name, IPSET_NAME_MAX + 1, "%.*s", (int)(sp - arg), arg);
	char dirs[64];
	str_copy(dirs, sizeof(dirs), sp + 1);
	char *save = NULL;
	for (char *d = strtok_r(dirs, ",", &save); d; d = strtok_r(NULL, ",", &save)) {
		if (o->dim == IPSET_DIM_MAX)
			return nf_err(err, -1, "Can't be more src/dst options than %d.",
				      IPSET_DIM_MAX);
		if (strcmp(d, "src") != 0 && strcmp(d, "dst") != 0)
			return nf_err(err, -1, "You must specify (the comma separated list of) "
					       "'src' or 'dst'.");
		o->src[o->dim++] = strcmp(d, "src") == 0;
	}
	if (!o->dim)
		return nf_err(err, -1, "You must specify (the comma separated list of) 'src' or "
				       "'dst'.");
	return 0;
}

void set_print_name_dirs(const char *opt, const char *name, const struct ipset_opt *o,
			 struct strbuf *sb)
{
	sb_addf(sb, " %s %s", opt, name);
	for (unsigned i = 0; i < o->dim; i++)
		sb_addf(sb, "%s%s", i ? "," : " ", o->src[i] ? "src" : "dst");
}

static void set_minit(void *data)
{
	struct set_minfo *in = data;
	in->o.timeout = UINT32_MAX;
}

static int counter_opt(struct set_minfo *in, int which, const char *opt, const char *arg,
		       bool invert, struct nf_error *err)
{
	bool bytes = which >= O_BYTES_EQ;
	enum ipset_counter_op *op = bytes ? &in->o.bytes_op : &in->o.packets_op;
	int kind = (which - O_PACKETS_EQ) % 3; /* eq, lt, gt */
	uint64_t v;
	if (*op != ICO_NONE)
		return nf_err(err, -1, "only one of the --%s-[eq|lt|gt] is allowed",
			      bytes ? "bytes" : "packets");
	if (invert && kind)
		return nf_err(err, -1, "%s option cannot be inverted", opt);
	if (!parse_uint(arg, UINT64_MAX, &v))
		return nf_err(err, -1, "Cannot parse %s as a number", arg);
	*op = kind == 0 ? (invert ? ICO_NE : ICO_EQ) : kind == 1 ? ICO_LT : ICO_GT;
	*(bytes ? &in->o.bytes : &in->o.packets) = v;
	in->o.match_counters = true;
	return 0;
}

static int set_mparse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct set_minfo *in = m->data;
	int which = xt_option_index(set_opts, opt + 2);
	switch (which) {
	case O_MATCH_SET:
	case O_SET:
		in->inv = invert;
		return set_parse_name_dirs("--match-set", arg, in->name, &in->o, err);
	case O_RETURN_NOMATCH:
		in->o.return_nomatch = true;
		return 0;
	case O_UPDATE_COUNTERS:
	case O_UPDATE_SUBCOUNTERS:
		if (!invert)
			return nf_err(err, -1, "%s flag can only be inverted", opt);
		*(which == O_UPDATE_COUNTERS ? &in->o.skip_counters : &in->o.skip_subcounters) =
			true;
		return 0;
	default:
		return counter_opt(in, which, opt, arg, invert, err);
	}
}

static int set_mcheck(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct set_minfo *)m->data)->o.dim)
		return nf_err(err, -1, "You must specify `--match-set' with proper arguments");
	return 0;
}

static int set_mbind(const struct match *m, const struct ruleset *rs, struct nf_error *err)
{
	const struct set_minfo *in = m->data;
	/* nfwalk's ipset holds family inet sets only; a rule of ip6tables
	 * needs one of family inet6 (the kernel refuses the other family) */
	if (m->family == FAMILY_IPV6)
		return nf_err(err, -1,
			      "set %s: an ip6tables rule needs an IPv6 set (family inet6), and "
			      "nfwalk's IP sets are IPv4 only (family inet)",
			      in->name);
	if (!ipset_find(rs->sets, in->name))
		return nf_err(err, -1, "Set %s doesn't exist.", in->name);
	return 0;
}

static void counter_print(enum ipset_counter_op op, uint64_t v, const char *what,
			  struct strbuf *sb)
{
	static const char *const fmt[] = {[ICO_EQ] = " --%s-eq %llu", [ICO_NE] = " ! --%s-eq %llu",
					  [ICO_LT] = " --%s-lt %llu", [ICO_GT] = " --%s-gt %llu"};
	if (op != ICO_NONE)
		sb_addf(sb, fmt[op], what, (unsigned long long)v);
}

static void set_mprint(const struct match *m, struct strbuf *sb)
{
	const struct set_minfo *in = m->data;
	xt_print_inv(sb, in->inv);
	set_print_name_dirs("--match-set", in->name, &in->o, sb);
	if (in->o.return_nomatch)
		sb_adds(sb, " --return-nomatch");
	if (in->o.skip_counters)
		sb_adds(sb, " ! --update-counters");
	if (in->o.skip_subcounters)
		sb_adds(sb, " ! --update-subcounters");
	counter_print(in->o.packets_op, in->o.packets, "packets", sb);
	counter_print(in->o.bytes_op, in->o.bytes, "bytes", sb);
}

static bool set_meval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct set_minfo *in = m->data;
	struct ipset *s = ipset_find(ctx->sets, in->name);
	if (!s) {
		snprintf(why, n, "no set %s", in->name);
		return in->inv;
	}
	struct ipset_opt o = in->o;
	o.in = ctx->in;
	o.out = ctx->out;
	struct ipset_found f;
	bool found = ipset_test(ctx->sets, s, ctx->p, &o, &f);
	if (n == 0)
		return found != in->inv;
	const char *via = f.via[0] ? " via " : "", *vn = f.via[0] ? f.via : "";
	if (f.refused)
		snprintf(why, n, "%s %s: no lookup: %s", ipset_type_name(s->type), s->name,
			 f.refused);
	else if (f.result > 0)
		snprintf(why, n, "%s in set %s%s%s (element %s)%s", f.key, s->name, via, vn, f.elem,
			 found ? "" : ", --return-nomatch: no");
	else if (f.result < 0)
		snprintf(why, n, "%s in set %s%s%s as nomatch %s: %s", f.key, s->name, via, vn,
			 f.elem, found ? "--return-nomatch matches" : "not a member");
	else if (s->type == IPS_LIST_SET)
		snprintf(why, n, "in no member of list %s%s%s%s", s->name, f.msg[0] ? " (" : "", f.msg,
			 f.msg[0] ? ")" : "");
	else
		snprintf(why, n, "%s not in set %s%s%s%s", f.key, s->name, f.msg[0] ? " (" : "", f.msg,
			 f.msg[0] ? ")" : o.match_counters ? " (or its counters differ)" : "");
	return found != in->inv;
}

const struct match_type match_set = {
	.name = "set",
	.options = set_opts,
	.data_size = sizeof(struct set_minfo),
	.init = set_minit,
	.parse = set_mparse,
	.final_check = set_mcheck,
	.eval = set_meval,
	.print = set_mprint,
	.bind = set_mbind,
};
