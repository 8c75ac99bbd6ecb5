/* match_iprange.c - -m iprange --src-range/--dst-range A-B (revision 1):
 * inclusive address ranges, each invertible. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct iprange_info {
	uint32_t src[2], dst[2];
	bool has_src, has_dst, inv_src, inv_dst;
};

enum { O_SRC, O_DST };

static const struct xt_option iprange_opts[] = {
	[O_SRC] = {"src-range", true, true, false},
	[O_DST] = {"dst-range", true, true, false},
	{NULL, false, false, false},
};

/* "A-B" or a single address "A" (then A-A, as iptables takes it). */
static bool parse_range(const char *s, uint32_t r[2])
{
	char first[ADDR_STRLEN];
	const char *dash = strchr(s, '-');
	size_t len = dash ? (size_t)(dash - s) : strlen(s);
	if (len >= sizeof(first))
		return false;
	memcpy(first, s, len);
	first[len] = '\0';
	if (!addr_parse(first, &r[0]))
		return false;
	if (!dash) {
		r[1] = r[0];
		return true;
	}
	return addr_parse(dash + 1, &r[1]);
}

static int iprange_parse(struct match *m, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	struct iprange_info *in = m->data;
	bool src = xt_option_index(iprange_opts, opt + 2) == O_SRC;
	if (!parse_range(arg, src ? in->src : in->dst))
		return nf_err(err, -1, "bad address range \"%s\" for %s (A.B.C.D-E.F.G.H)", arg, opt);
	*(src ? &in->has_src : &in->has_dst) = true;
	*(src ? &in->inv_src : &in->inv_dst) = invert;
	return 0;
}

static int iprange_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct iprange_info *in = m->data;
	if (!in->has_src && !in->has_dst)
		return nf_err(err, -1, "-m iprange needs --src-range or --dst-range");
	return 0;
}

static void print_one(struct strbuf *sb, const char *opt, const uint32_t r[2], bool inv)
{
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	xt_print_inv(sb, inv);
	sb_addf(sb, " %s %s-%s", opt, addr_fmt(r[0], a), addr_fmt(r[1], b));
}

static void iprange_print(const struct match *m, struct strbuf *sb)
{
	const struct iprange_info *in = m->data;
	if (in->has_src)
		print_one(sb, "--src-range", in->src, in->inv_src);
	if (in->has_dst)
		print_one(sb, "--dst-range", in->dst, in->inv_dst);
}

static bool in_range(uint32_t a, const uint32_t r[2])
{
	return a >= r[0] && a <= r[1];
}

static bool iprange_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct iprange_info *in = m->data;
	char a[ADDR_STRLEN];
	uint32_t s = pkt_saddr(ctx->p), d = pkt_daddr(ctx->p);
	if (in->has_src && in_range(s, in->src) == in->inv_src) {
		snprintf(why, n, "src %s", addr_fmt(s, a));
		return false;
	}
	if (in->has_dst && in_range(d, in->dst) == in->inv_dst) {
		snprintf(why, n, "dst %s", addr_fmt(d, a));
		return false;
	}
	snprintf(why, n, "%s %s", in->has_dst ? "dst" : "src", addr_fmt(in->has_dst ? d : s, a));
	return true;
}

const struct match_type match_iprange = {
	.name = "iprange",
	.options = iprange_opts,
	.data_size = sizeof(struct iprange_info),
	.parse = iprange_parse,
	.final_check = iprange_check,
	.eval = iprange_eval,
	.print = iprange_print,
};
