/* match_rpfilter.c - -m rpfilter: reverse path filtering in raw or mangle
 * PREROUTING.  Route a reply to the packet's source (an output look-up,
 * with the mark when --validmark); it passes when that route is unicast
 * (or local, with --accept-local) and leaves through the interface the
 * packet came in on, or through any with --loose (rpfilter_mt).  That
 * path reads IPv4 addresses on purpose; ip6tables' rpfilter_mt6 is its
 * own below. */
#include "engine/net/net.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

enum rpf_flag { RPF_LOOSE = 1u << 0, RPF_VALIDMARK = 1u << 1, RPF_ACCEPT_LOCAL = 1u << 2,
		RPF_INVERT = 1u << 3 };

static const struct xt_option rpfilter_opts[] = {
	{"loose", false, false, false},
	{"validmark", false, false, false},
	{"accept-local", false, false, false},
	{"invert", false, false, false},
	{NULL, false, false, false},
};

static int rpfilter_parse(struct match *m, const char *opt, const char *arg, bool invert,
			  struct nf_error *err)
{
	*(unsigned *)m->data |= 1u << xt_option_index(rpfilter_opts, opt + 2);
	return 0;
}

static void rpfilter_print(const struct match *m, struct strbuf *sb)
{
	unsigned flags = *(const unsigned *)m->data;
	for (int i = 0; rpfilter_opts[i].name; i++)
		if (flags & (1u << i))
			sb_addf(sb, " --%s", rpfilter_opts[i].name);
}

static bool group_or_zero(uint32_t a)
{
	return (a >> 28) == 0xe || a == UINT32_MAX || (a >> 24) == 0;
}

static bool reverse_path_ok(const struct xt_ctx *ctx, unsigned flags, char *why, size_t n)
{
	const struct packet *p = ctx->p;
	char a[ADDR_STRLEN];
	if (ctx->in && strcmp(ctx->in, "lo") == 0) {
		snprintf(why, n, "came in on lo");
		return true;
	}
	if ((pkt_saddr(p) >> 24) == 0 && (pkt_daddr(p) == UINT32_MAX ||
					   (pkt_daddr(p) & 0xffffff00u) == 0xe0000000u)) {
		snprintf(why, n, "from 0.0.0.0 to a local broadcast or multicast");
		return true;
	}
	struct route_query q = {.dst.ip = pkt_saddr(p),
				.src.ip = group_or_zero(pkt_daddr(p)) ? 0 : pkt_daddr(p),
				.mark = flags & RPF_VALIDMARK ? p->mark : 0,
				.tos = pkt_tos(p),
				.quiet = n == 0,
				.no_prefsrc = true};
	struct route_result res;
	if (route_lookup(ctx->net, &q, &res) < 0) {
		snprintf(why, n, "no route back to %s", addr_fmt(pkt_saddr(p), a));
		return false;
	}
	if (res.type != RT_UNICAST && !(res.type == RT_LOCAL && (flags & RPF_ACCEPT_LOCAL))) {
		snprintf(why, n, "the route back to %s is not unicast", addr_fmt(pkt_saddr(p), a));
		return false;
	}
	if (n) /* formatted only for a reader */
		snprintf(why, n, "the way back to %s is via %s", addr_fmt(pkt_saddr(p), a),
			 res.oif);
	return (ctx->in && ifname_eq(res.oif, ctx->in)) || (flags & RPF_LOOSE);
}

/* rpfilter_mt6: a packet from lo, or from the unspecified address (the
 * forward path drops it), passes; else rpfilter_lookup_reverse6 routes
 * to the source (an output look-up; a link-local source only out of the
 * input interface): a reject route fails, a local one passes with
 * --accept-local, a unicast one when it leaves through the input
 * interface (any with --loose). */
static bool reverse_path6_ok(const struct xt_ctx *ctx, unsigned flags, char *why, size_t n)
{
	const struct packet *p = ctx->p;
	union inet_addr src = pkt_src(p);
	char a[INET_STRLEN];
	if (ctx->in && strcmp(ctx->in, "lo") == 0) {
		snprintf(why, n, "came in on lo");
		return true;
	}
	if (inet_is_zero(&src)) {
		snprintf(why, n, "from ::, which the forward path drops");
		return true;
	}
	struct route_query q = {.family = FAMILY_IPV6,
				.dst = src,
				.mark = flags & RPF_VALIDMARK ? p->mark : 0,
				.oif = addr6_is_link_local(&src.in6) ? ctx->in : NULL,
				.quiet = n == 0,
				.no_prefsrc = true};
	struct route_result res;
	inet_fmt(FAMILY_IPV6, &src, a);
	if (route_lookup(ctx->net, &q, &res) < 0) {
		snprintf(why, n, "no route back to %s", a);
		return false;
	}
	if (res.type == RT_LOCAL) {
		snprintf(why, n, "the way back to %s is local", a);
		return flags & RPF_ACCEPT_LOCAL;
	}
	if (res.type != RT_UNICAST) {
		snprintf(why, n, "the route back to %s is not unicast", a);
		return false;
	}
	snprintf(why, n, "the way back to %s is via %s", a, res.oif);
	return (ctx->in && ifname_eq(res.oif, ctx->in)) || (flags & RPF_LOOSE);
}

static bool rpfilter_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	unsigned flags = *(const unsigned *)m->data;
	bool ok = pkt_family(ctx->p) == FAMILY_IPV6 ? reverse_path6_ok(ctx, flags, why, n)
						    : reverse_path_ok(ctx, flags, why, n);
	return ok != !!(flags & RPF_INVERT);
}

const struct match_type match_rpfilter = {
	.name = "rpfilter",
	.options = rpfilter_opts,
	.data_size = sizeof(unsigned),
	.parse = rpfilter_parse,
	.eval = rpfilter_eval,
	.print = rpfilter_print,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING),
	.tables_mask = (1u << TABLE_RAW) | (1u << TABLE_MANGLE),
};
