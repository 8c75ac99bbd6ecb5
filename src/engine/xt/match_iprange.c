/* match_iprange.c - -m iprange --src-range/--dst-range A-B (revision 1):
 * inclusive address ranges, each invertible; addresses of the rule's
 * family (ip6tables: IPv6 ranges, compared as xt_iprange's
 * iprange_ipv6_lt does, word by word from the most significant). */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#include "lib/inet.h"

struct iprange_info {
	union inet_addr src[2], dst[2];
	bool has_src, has_dst, inv_src, inv_dst;
};

enum { O_SRC, O_DST };

static const struct xt_option iprange_opts[] = {
	[O_SRC] = {"src-range", true, true, false},
	[O_DST] = {"dst-range", true, true, false},
	{NULL, false, false, false},
};

/* "A-B" or a single address "A" (then A-A, as iptables takes it). */
static bool parse_range(const char *s, int family, union inet_addr r[2])
{
	char first[INET_STRLEN];
	int f = family;
	const char *dash = strchr(s, '-');
	size_t len = dash ? (size_t)(dash - s) : strlen(s);
	if (len >= sizeof(first))
		return false;
	memcpy(first, s, len);
	first[len] = '\0';
	if (!inet_parse(first, &f, &r[0]))
		return false;
	if (!dash) {
		r[1] = r[0];
		return true;
	}
	return inet_parse(dash + 1, &f, &r[1]);
}

static int iprange_parse(struct match *m, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	struct iprange_info *in = m->data;
	bool src = xt_option_index(iprange_opts, opt + 2) == O_SRC;
	if (!parse_range(arg, m->family, src ? in->src : in->dst))
		return nf_err(err, -1, "bad address range \"%s\" for %s (%s)", arg, opt,
			      m->family == FAMILY_IPV6 ? "ADDR6-ADDR6" : "A.B.C.D-E.F.G.H");
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

static void print_one(struct strbuf *sb, int family, const char *opt,
		      const union inet_addr r[2], bool inv)
{
	char a[INET_STRLEN], b[INET_STRLEN];
	xt_print_inv(sb, inv);
	sb_addf(sb, " %s %s-%s", opt, inet_fmt(family, &r[0], a), inet_fmt(family, &r[1], b));
}

static void iprange_print(const struct match *m, struct strbuf *sb)
{
	const struct iprange_info *in = m->data;
	if (in->has_src)
		print_one(sb, m->family, "--src-range", in->src, in->inv_src);
	if (in->has_dst)
		print_one(sb, m->family, "--dst-range", in->dst, in->inv_dst);
}

/* a < b: IPv4 in host order, IPv6 by its bytes in network order (the
 * same order as iprange_ipv6_lt's ntohl'd words). */
static int inet_cmp(int family, const union inet_addr *a, const union inet_addr *b)
{
	if (family == FAMILY_IPV6)
		return memcmp(a->in6.b, b->in6.b, sizeof(a->in6.b));
	return (a->ip > b->ip) - (a->ip < b->ip);
}

static bool in_range(int family, const union inet_addr *a, const union inet_addr r[2])
{
	return inet_cmp(family, a, &r[0]) >= 0 && inet_cmp(family, a, &r[1]) <= 0;
}

static bool iprange_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct iprange_info *in = m->data;
	char a[INET_STRLEN];
	int f = m->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	union inet_addr s = pkt_src(ctx->p), d = pkt_dst(ctx->p);
	if (in->has_src && in_range(f, &s, in->src) == in->inv_src) {
		snprintf(why, n, "src %s", inet_fmt(f, &s, a));
		return false;
	}
	if (in->has_dst && in_range(f, &d, in->dst) == in->inv_dst) {
		snprintf(why, n, "dst %s", inet_fmt(f, &d, a));
		return false;
	}
	snprintf(why, n, "%s %s", in->has_dst ? "dst" : "src", inet_fmt(f, in->has_dst ? &d : &s, a));
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
