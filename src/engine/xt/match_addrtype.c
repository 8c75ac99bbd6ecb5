/* match_addrtype.c - -m addrtype --src-type/--dst-type (revision 1): the
 * route type the kernel gives an address (inet_dev_addr_type): 0.0.0.0/8
 * and 255.255.255.255 are BROADCAST, 224.0.0.0/4 MULTICAST, otherwise the
 * type of the local table's longest match, UNICAST when none.  With
 * --limit-iface-in/-out only routes of that interface count.
 *
 * ip6tables (addrtype_mt6, match_type6) differs: every type asked must
 * hold, not one of them; MULTICAST, UNICAST and UNSPEC come from the
 * address alone (ipv6_addr_type), LOCAL, ANYCAST and UNREACHABLE from an
 * output route look-up (match_lookup_rt6), and the check refuses
 * BROADCAST, BLACKHOLE and PROHIBIT and above. */
#include "engine/net/net.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#include "lib/inet.h"

/* RTN_* in order: bit i stands for type i. */
static const char *const rtn_names[] = {
	"UNSPEC",    "UNICAST",	    "LOCAL",	"BROADCAST", "ANYCAST", "MULTICAST", "BLACKHOLE",
	"UNREACHABLE", "PROHIBIT", "THROW", "NAT",	      "XRESOLVE", NULL,
};
enum { RTN_UNSPEC, RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST, RTN_MULTICAST,
       RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT };
#define RTN_BIT(t) (1u << (t))

struct addrtype_info {
	unsigned src, dst;
	bool inv_src, inv_dst, limit_in, limit_out;
};

enum { O_SRC, O_DST, O_LIMIT_IN, O_LIMIT_OUT };

static const struct xt_option addrtype_opts[] = {
	[O_SRC] = {"src-type", true, true, false},
	[O_DST] = {"dst-type", true, true, false},
	[O_LIMIT_IN] = {"limit-iface-in", false, false, false},
	[O_LIMIT_OUT] = {"limit-iface-out", false, false, false},
	{NULL, false, false, false},
};

static int addrtype_parse(struct match *m, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	struct addrtype_info *in = m->data;
	size_t bad;
	switch (xt_option_index(addrtype_opts, opt + 2)) {
	case O_LIMIT_IN:
		in->limit_in = true;
		return 0;
	case O_LIMIT_OUT:
		in->limit_out = true;
		return 0;
	case O_SRC:
		in->inv_src = invert;
		if (!xt_parse_name_list(arg, rtn_names, &in->src, &bad))
			return nf_err(err, -1, "bad address type \"%s\"", arg + bad);
		return 0;
	default:
		in->inv_dst = invert;
		if (!xt_parse_name_list(arg, rtn_names, &in->dst, &bad))
			return nf_err(err, -1, "bad address type \"%s\"", arg + bad);
		return 0;
	}
}

static int addrtype_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct addrtype_info *in = m->data;
	if (!in->src && !in->dst)
		return nf_err(err, -1, "-m addrtype needs --src-type or --dst-type");
	if (in->limit_in && in->limit_out)
		return nf_err(err, -1,
			      "--limit-iface-in and --limit-iface-out cannot be used together");
	unsigned both = in->src | in->dst;
	if (m->family == FAMILY_IPV6 && (both & RTN_BIT(RTN_BLACKHOLE)))
		return nf_err(err, -1, "ipv6 BLACKHOLE matching not supported");
	if (m->family == FAMILY_IPV6 && both >= RTN_BIT(RTN_PROHIBIT))
		return nf_err(err, -1, "ipv6 PROHIBIT (THROW, NAT ..) matching not supported");
	if (m->family == FAMILY_IPV6 && (both & RTN_BIT(RTN_BROADCAST)))
		return nf_err(err, -1, "ipv6 does not support BROADCAST matching");
	return 0;
}

/* The input interface exists only on the way in, the output one only on
 * the way out (addrtype_mt_checkentry_v1). */
static unsigned addrtype_hooks(const struct match *m)
{
	const struct addrtype_info *in = m->data;
	if (in->limit_in)
		return HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD);
	if (in->limit_out)
		return HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT) | HOOKBIT(HOOK_POSTROUTING);
	return 0;
}

static void addrtype_print(const struct match *m, struct strbuf *sb)
{
	const struct addrtype_info *in = m->data;
	if (in->src) {
		xt_print_inv(sb, in->inv_src);
		sb_adds(sb, " --src-type ");
		xt_print_name_list(sb, rtn_names, in->src);
	}
	if (in->dst) {
		xt_print_inv(sb, in->inv_dst);
		sb_adds(sb, " --dst-type ");
		xt_print_name_list(sb, rtn_names, in->dst);
	}
	if (in->limit_in)
		sb_adds(sb, " --limit-iface-in");
	if (in->limit_out)
		sb_adds(sb, " --limit-iface-out");
}

static int rtn_of(enum route_type t)
{
	static const int map[] = {
		[RT_UNICAST] = RTN_UNICAST,	    [RT_LOCAL] = RTN_LOCAL,
		[RT_BROADCAST] = RTN_BROADCAST,	    [RT_BLACKHOLE] = RTN_BLACKHOLE,
		[RT_UNREACHABLE] = RTN_UNREACHABLE, [RT_PROHIBIT] = RTN_PROHIBIT,
	};
	return (size_t)t < ARRAY_SIZE(map) ? map[t] : RTN_UNICAST;
}

static int addr_type(const struct netconf *n, uint32_t a, const char *dev)
{
	if ((a >> 24) == 0 || a == UINT32_MAX)
		return RTN_BROADCAST;
	if ((a >> 28) == 0xe)
		return RTN_MULTICAST;
	const struct route *best = NULL;
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *r = &n->routes[i];
		if (r->family == FAMILY_IPV4 && r->table == RT_TABLE_LOCAL &&
		    addr_in(a, r->dst.ip, prefix_mask(r->plen)) &&
		    (!best || r->plen > best->plen))
			best = r;
	}
	if (!best || (dev && strcmp(dev, best->dev) != 0))
		return RTN_UNICAST;
	return rtn_of(best->type);
}

static bool test_one(const struct xt_ctx *ctx, const char *dev, uint32_t a, unsigned want,
		     bool inv, const char *what, char *why, size_t n)
{
	char buf[ADDR_STRLEN];
	int type = addr_type(ctx->net, a, dev);
	snprintf(why, n, "%s %s is %s%s%s", what, addr_fmt(a, buf), rtn_names[type],
		 dev ? " on " : "", dev ? dev : "");
	return !!(want & (1u << type)) != inv;
}

/* ipv6_addr_type's classes match_type6 reads: ff00::/8 multicast, ::
 * unspecified, ::ffff:0:0/96 (mapped) neither; every other address
 * unicast. */
static unsigned addr6_class(const struct addr6 *a)
{
	static const uint8_t zero[12], mapped[12] = {[10] = 0xff, [11] = 0xff};
	if (a->b[0] == 0xff)
		return RTN_BIT(RTN_MULTICAST);
	if (memcmp(a->b, mapped, 12) == 0)
		return 0;
	if (memcmp(a->b, zero, 12) == 0 && !a->b[12] && !a->b[13] && !a->b[14] && !a->b[15])
		return RTN_BIT(RTN_UNSPEC);
	return RTN_BIT(RTN_UNICAST);
}

/* match_lookup_rt6: LOCAL when dev has the address (with a device) or the
 * route is local (without); UNREACHABLE when no route or a reject one;
 * ANYCAST for a subnet-router anycast address (ipv6_anycast_destination:
 * the prefix itself of an on-link route shorter than /127). */
static unsigned lookup6(const struct xt_ctx *ctx, const char *dev, const union inet_addr *a,
			unsigned mask)
{
	unsigned ret = 0;
	const struct iface *ifc = dev ? netconf_iface(ctx->net, dev) : NULL;
	if (ifc && (mask & RTN_BIT(RTN_LOCAL)))
		for (int i = 0; i < ifc->naddr6; i++)
			if (memcmp(ifc->addr6[i].b, a->in6.b, 16) == 0)
				ret = RTN_BIT(RTN_LOCAL);
	struct route_query q = {.family = FAMILY_IPV6, .dst = *a, .oif = dev, .quiet = true};
	struct route_result res;
	if (route_lookup(ctx->net, &q, &res) < 0)
		return RTN_BIT(RTN_UNREACHABLE);
	if (!dev && res.type == RT_LOCAL)
		ret |= RTN_BIT(RTN_LOCAL);
	const struct route *r = res.route;
	if (r && r->plen < 127 && inet_is_zero(&r->gw) && inet_eq(&r->dst, a))
		ret |= RTN_BIT(RTN_ANYCAST);
	return ret;
}

static bool match_type6(const struct xt_ctx *ctx, const char *dev, const union inet_addr *a,
			unsigned mask, const char **failed)
{
	unsigned cls = addr6_class(&a->in6);
	static const int by_address[] = {RTN_MULTICAST, RTN_UNICAST, RTN_UNSPEC};
	for (size_t i = 0; i < ARRAY_SIZE(by_address); i++)
		if ((mask & RTN_BIT(by_address[i])) && !(cls & RTN_BIT(by_address[i]))) {
			*failed = rtn_names[by_address[i]];
			return false;
		}
	unsigned routed = RTN_BIT(RTN_LOCAL) | RTN_BIT(RTN_ANYCAST) | RTN_BIT(RTN_UNREACHABLE);
	if ((mask & routed) && !(mask & lookup6(ctx, dev, a, mask))) {
		*failed = "LOCAL, ANYCAST or UNREACHABLE as asked";
		return false;
	}
	return true;
}

static bool test_one6(const struct xt_ctx *ctx, const char *dev, const union inet_addr *a,
		      unsigned want, bool inv, const char *what, char *why, size_t n)
{
	char buf[INET_STRLEN];
	const char *failed = NULL;
	bool ok = match_type6(ctx, dev, a, want, &failed);
	snprintf(why, n, "%s %s %s%s%s%s", what, inet_fmt(FAMILY_IPV6, a, buf),
		 ok ? "is of every type asked" : "is not ", ok ? "" : failed,
		 dev ? " on " : "", dev ? dev : "");
	return ok != inv;
}

static bool addrtype_eval6(const struct addrtype_info *in, const struct xt_ctx *ctx,
			   const char *dev, char *why, size_t n)
{
	union inet_addr s = pkt_src(ctx->p), d = pkt_dst(ctx->p);
	if (in->src && !test_one6(ctx, dev, &s, in->src, in->inv_src, "src", why, n))
		return false;
	if (in->dst && !test_one6(ctx, dev, &d, in->dst, in->inv_dst, "dst", why, n))
		return false;
	return true;
}

static bool addrtype_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct addrtype_info *in = m->data;
	const char *dev = in->limit_in ? ctx->in : in->limit_out ? ctx->out : NULL;
	if (dev && !dev[0])
		dev = NULL;
	if (m->family == FAMILY_IPV6)
		return addrtype_eval6(in, ctx, dev, why, n);
	if (in->src && !test_one(ctx, dev, pkt_saddr(ctx->p), in->src, in->inv_src, "src", why, n))
		return false;
	if (in->dst && !test_one(ctx, dev, pkt_daddr(ctx->p), in->dst, in->inv_dst, "dst", why, n))
		return false;
	return true;
}

const struct match_type match_addrtype = {
	.name = "addrtype",
	.options = addrtype_opts,
	.data_size = sizeof(struct addrtype_info),
	.parse = addrtype_parse,
	.final_check = addrtype_check,
	.eval = addrtype_eval,
	.print = addrtype_print,
	.instance_hooks = addrtype_hooks,
};
