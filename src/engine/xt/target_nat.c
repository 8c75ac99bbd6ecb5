/* target_nat.c - the nat table's targets: DNAT, SNAT, MASQUERADE,
 * REDIRECT and NETMAP.  Like the kernel's, they only choose the binding
 * for a new connection (nat_setup stores it in the conntrack entry) and
 * say ACCEPT; the walk rewrites this and every later packet of the
 * connection with nat_apply.  Each is valid only in the nat table and at
 * the hooks of its direction.
 *
 * Both families through one code path, as libxt_NAT.c parses for
 * iptables and ip6tables alike: the rule's family (struct target's
 * family; 0 when no ruleset said, then the text decides) picks how
 * addresses read.  An IPv6 range with ports is bracketed as ip6tables
 * writes it: "[2001:db8::1-2001:db8::9]:1000-2000"; without ports the
 * brackets may go ("2001:db8::1-2001:db8::9"). */
#include "engine/net/natsrc.h"
#include "engine/net/net.h"
#include "engine/track/nat.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

struct nat_info {
	struct nat_range range;
	uint16_t base; /* port offset base (--to-destination ...:a-b/base) */
	bool has_base, given;
};

enum { O_TO, O_RANDOM, O_RANDOM_FULLY, O_PERSISTENT };

/* --- parsing "[a[-b]][:p[-q[/base]]]" and "p[-q]" --- */

/* Addresses of one family as numbers (IPv6 by its big-endian bytes). */
static int addr_cmp(int family, const union inet_addr *a, const union inet_addr *b)
{
	if (family == FAMILY_IPV6)
		return memcmp(a->in6.b, b->in6.b, sizeof(a->in6.b));
	return a->ip < b->ip ? -1 : a->ip > b->ip;
}

/* "a" or "a-b", both of the rule's family (either when it is 0, but
 * the same for both ends). */
static bool parse_addr_range(const char *s, size_t len, int family, struct nat_range *r)
{
	char buf[2 * INET_STRLEN + 2];
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (!inet_parse(buf, &family, &r->min_addr) ||
	    (dash && !inet_parse(dash + 1, &family, &r->max_addr)))
		return false;
	if (!dash)
		r->max_addr = r->min_addr;
	r->family = family;
	r->has_addr = true;
	return addr_cmp(family, &r->min_addr, &r->max_addr) <= 0;
}

/* A single port may be a service name (ftp-data has a dash); both ends of
 * a range are numbers. */
static bool parse_port_range(const char *s, size_t len, struct nat_range *r)
{
	char buf[32];
	uint32_t lo, hi;
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	r->has_port = true;
	if (xt_parse_port(buf, &r->min_port)) {
		r->max_port = r->min_port;
		return true;
	}
	if (!xt_parse_range(buf, '-', 65535, &lo, &hi) || !strchr(buf, '-') || buf[0] == '-' ||
	    buf[len - 1] == '-')
		return false;
	r->min_port = (uint16_t)lo;
	r->max_port = (uint16_t)hi;
	return true;
}

static bool parse_base(const char *s, struct nat_info *in)
{
	if (!xt_parse_port(s, &in->base) || in->base == 0)
		return false;
	in->has_base = true;
	return true;
}

/* libxt_NAT's parse_to: without brackets a single colon starts the ports
 * and more colons make an IPv6 address without ports; "[...]" holds the
 * addresses (ip6tables only) and a colon after it the ports. */
static bool split_to(const char *arg, int family, const char **addr, size_t *alen,
		     const char **colon)
{
	const char *open = strchr(arg, '[');
	if (!open) {
		*addr = arg;
		*colon = strchr(arg, ':');
		if (*colon && strchr(*colon + 1, ':'))
			*colon = NULL;
		*alen = *colon ? (size_t)(*colon - arg) : strlen(arg);
		return true;
	}
	const char *close = strchr(open + 1, ']');
	if (open != arg || !close || family == FAMILY_IPV4)
		return false; /* "Invalid address format" */
	*addr = open + 1;
	*alen = (size_t)(close - open - 1);
	*colon = close[1] == ':' ? close + 1 : NULL;
	return close[1] == '\0' || *colon;
}

static int parse_to(struct nat_info *in, int family, const char *opt, const char *arg,
		    struct nf_error *err)
{
	const char *addr, *colon;
	size_t alen;
	bool ok = split_to(arg, family, &addr, &alen, &colon);
	ok = ok && (alen > 0 || colon);
	if (ok && alen > 0)
		ok = parse_addr_range(addr, alen, family, &in->range);
	if (ok && colon) {
		const char *slash = strchr(colon + 1, '/');
		size_t plen = slash ? (size_t)(slash - colon - 1) : strlen(colon + 1);
		ok = parse_port_range(colon + 1, plen, &in->range) &&
		     (!slash || (in->range.min_port != in->range.max_port && parse_base(slash + 1, in)));
	}
	if (!ok)
		return nf_err(err, -1, "bad %s \"%s\" (ADDR[-ADDR][:PORT[-PORT[/BASE]]], for IPv6 "
				       "[ADDR[-ADDR]]:PORT...)", opt, arg);
	in->given = true;
	return 0;
}

static int parse_flag(struct nat_info *in, int which)
{
	if (which == O_RANDOM)
		in->range.random = true;
	else if (which == O_RANDOM_FULLY)
		in->range.fully_random = true;
	else
		in->range.persistent = true;
	return 0;
}

static int parse_to_ports(struct nat_info *in, const char *arg, struct nf_error *err)
{
	if (!parse_port_range(arg, strlen(arg), &in->range))
		return nf_err(err, -1, "bad --to-ports \"%s\" (PORT or PORT-PORT)", arg);
	return 0;
}

static int check_ports(const struct nat_info *in, const struct target *t, const struct rule *r,
		       struct nf_error *err)
{
	if (in->range.has_port && !xt_rule_has_ports(r))
		return nf_err(err, -1, "%s with a port needs -p tcp, udp, sctp or dccp", t->type->name);
	return 0;
}

/* --- printing --- */

static void print_ports(struct strbuf *sb, const struct nat_info *in)
{
	sb_addf(sb, "%u", in->range.min_port);
	if (in->range.max_port != in->range.min_port)
		sb_addf(sb, "-%u", in->range.max_port);
	if (in->has_base)
		sb_addf(sb, "/%u", in->base);
}

/* sprint_range: IPv6 addresses are bracketed when ports follow. */
static void print_to(struct strbuf *sb, const char *opt, const struct nat_info *in)
{
	char a[INET_STRLEN];
	const struct nat_range *r = &in->range;
	int f = r->family ? r->family : FAMILY_IPV4;
	bool brackets = f == FAMILY_IPV6 && r->has_port;
	sb_addf(sb, " %s ", opt);
	if (r->has_addr) {
		sb_addf(sb, "%s%s", brackets ? "[" : "", inet_fmt(f, &r->min_addr, a));
		if (!inet_eq(&r->max_addr, &r->min_addr))
			sb_addf(sb, "-%s", inet_fmt(f, &r->max_addr, a));
		sb_adds(sb, brackets ? "]" : "");
	}
	if (in->range.has_port) {
		sb_adds(sb, ":");
		print_ports(sb, in);
	}
}

static void print_flags(struct strbuf *sb, const struct nat_range *r)
{
	if (r->random)
		sb_adds(sb, " --random");
	if (r->fully_random)
		sb_adds(sb, " --random-fully");
	if (r->persistent)
		sb_adds(sb, " --persistent");
}

/* --- binding --- */

static enum verdict bind(struct xt_ctx *ctx, const struct nat_range *r)
{
	struct ct_entry *ct = ctx->p->ct;
	if (!ct) {
		snprintf(ctx->why, sizeof(ctx->why), "no connection to bind (untracked packet)");
		return V_ACCEPT;
	}
	if (nat_setup(ctx->ct, ct, nat_manip_of_hook(ctx->hook), r, ctx->quiet ? NULL : ctx->why,
		      ctx->quiet ? 0 : sizeof(ctx->why)) < 0)
		return V_DROP;
	return V_ACCEPT;
}

/* With a base port the new port keeps the old one's distance from the base
 * (NF_NAT_RANGE_PROTO_OFFSET): min + (port - base) mod range size. */
static struct nat_range with_offset(const struct nat_info *in, uint16_t port)
{
	struct nat_range r = in->range;
	if (in->has_base) {
		unsigned size = (unsigned)r.max_port - r.min_port + 1;
		uint16_t off = (uint16_t)(port - in->base);
		r.min_port = r.max_port = (uint16_t)(r.min_port + off % size);
	}
	return r;
}

/* --- DNAT / SNAT --- */

static const struct xt_option snat_opts[] = {
	[O_TO] = {"to-source", true, false, false},
	[O_RANDOM] = {"random", false, false, false},
	[O_RANDOM_FULLY] = {"random-fully", false, false, false},
	[O_PERSISTENT] = {"persistent", false, false, false},
	{NULL, false, false, false},
};

static const struct xt_option dnat_all_opts[] = {
	{"to-destination", true, false, false},
	{"random", false, false, false},
	{"persistent", false, false, false},
	{NULL, false, false, false},
};

static int dnat_parse(struct target *t, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	int which = xt_option_index(dnat_all_opts, opt + 2);
	if (which == 0)
		return parse_to(t->data, t->family, opt, arg, err);
	return parse_flag(t->data, which == 1 ? O_RANDOM : O_PERSISTENT);
}

static int snat_parse(struct target *t, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	int which = xt_option_index(snat_opts, opt + 2);
	if (which == O_TO)
		return parse_to(t->data, t->family, opt, arg, err);
	return parse_flag(t->data, which);
}

static int to_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	const struct nat_info *in = t->data;
	if (!in->given)
		return nf_err(err, -1, "%s needs --%s", t->type->name, t->type->options[0].name);
	return check_ports(in, t, r, err);
}

static void dnat_print(const struct target *t, struct strbuf *sb)
{
	const struct nat_info *in = t->data;
	print_to(sb, "--to-destination", in);
	print_flags(sb, &in->range);
}

static void snat_print(const struct target *t, struct strbuf *sb)
{
	const struct nat_info *in = t->data;
	print_to(sb, "--to-source", in);
	print_flags(sb, &in->range);
}

static enum verdict dnat_exec(const struct target *t, struct xt_ctx *ctx)
{
	struct nat_range r = with_offset(t->data, pkt_dport(ctx->p));
	return bind(ctx, &r);
}

static enum verdict snat_exec(const struct target *t, struct xt_ctx *ctx)
{
	struct nat_range r = with_offset(t->data, pkt_sport(ctx->p));
	return bind(ctx, &r);
}

#define NAT_ONLY (1u << TABLE_NAT)

const struct target_type target_dnat = {
	.name = "DNAT",
	.options = dnat_all_opts,
	.data_size = sizeof(struct nat_info),
	.tables_mask = NAT_ONLY,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_OUTPUT),
	.parse = dnat_parse,
	.final_check = to_check,
	.exec = dnat_exec,
	.print = dnat_print,
};

const struct target_type target_snat = {
	.name = "SNAT",
	.options = snat_opts,
	.data_size = sizeof(struct nat_info),
	.tables_mask = NAT_ONLY,
	.hooks_mask = HOOKBIT(HOOK_POSTROUTING) | HOOKBIT(HOOK_INPUT),
	.parse = snat_parse,
	.final_check = to_check,
	.exec = snat_exec,
	.print = snat_print,
};

/* --- MASQUERADE / REDIRECT --- */

static const struct xt_option masq_opts[] = {
	[O_TO] = {"to-ports", true, false, false},
	[O_RANDOM] = {"random", false, false, false},
	[O_RANDOM_FULLY] = {"random-fully", false, false, false},
	{NULL, false, false, false},
};

static const struct xt_option redirect_opts[] = {
	[O_TO] = {"to-ports", true, false, false},
	[O_RANDOM] = {"random", false, false, false},
	{NULL, false, false, false},
};

static int ports_parse(struct target *t, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	int which = xt_option_index(t->type->options, opt + 2);
	if (which == O_TO)
		return parse_to_ports(t->data, arg, err);
	return parse_flag(t->data, which);
}

static int ports_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	return check_ports(t->data, t, r, err);
}

static void ports_print(const struct target *t, struct strbuf *sb)
{
	const struct nat_info *in = t->data;
	if (in->range.has_port) {
		sb_adds(sb, " --to-ports ");
		print_ports(sb, in);
	}
	print_flags(sb, &in->range);
}

/* The source an outgoing packet gets (natsrc.c, shared with nft's
 * masquerade statement). */
static bool masquerade_source(const struct xt_ctx *ctx, union inet_addr *src)
{
	union inet_addr dst = pkt_dst(ctx->p);
	return net_masq_source(ctx->net, ctx->out, pkt_family(ctx->p), &dst, &ctx->p->nexthop, src);
}

static enum verdict masquerade_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct nat_info *in = t->data;
	union inet_addr src;
	if (!masquerade_source(ctx, &src)) {
		snprintf(ctx->why, sizeof(ctx->why), "dropped: %s has no address to masquerade with",
			 ctx->out ? ctx->out : "the output interface");
		return V_DROP;
	}
	struct nat_range r = in->range;
	r.family = pkt_family(ctx->p);
	r.min_addr = r.max_addr = src;
	r.has_addr = true;
	return bind(ctx, &r);
}

/* To this host: the incoming interface's primary address, or the
 * loopback address (127.0.0.1, ::1) for locally generated packets. */
static bool redirect_target(const struct xt_ctx *ctx, union inet_addr *to)
{
	bool v6 = pkt_family(ctx->p) == FAMILY_IPV6;
	if (ctx->hook != HOOK_PREROUTING) {
		struct addr6 loop = {.b = {[15] = 1}};
		*to = v6 ? inet_v6(&loop) : inet_v4(0x7f000001);
		return true;
	}
	return net_redirect_addr(ctx->net, ctx->in, pkt_family(ctx->p), to);
}

static enum verdict redirect_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct nat_info *in = t->data;
	union inet_addr to;
	if (!redirect_target(ctx, &to)) {
		snprintf(ctx->why, sizeof(ctx->why), "dropped: %s has no address to redirect to",
			 ctx->in ? ctx->in : "the input interface");
		return V_DROP;
	}
	struct nat_range r = in->range;
	r.family = pkt_family(ctx->p);
	r.min_addr = r.max_addr = to;
	r.has_addr = true;
	return bind(ctx, &r);
}

const struct target_type target_masquerade = {
	.name = "MASQUERADE",
	.options = masq_opts,
	.data_size = sizeof(struct nat_info),
	.tables_mask = NAT_ONLY,
	.hooks_mask = HOOKBIT(HOOK_POSTROUTING),
	.parse = ports_parse,
	.final_check = ports_check,
	.exec = masquerade_exec,
	.print = ports_print,
};

const struct target_type target_redirect = {
	.name = "REDIRECT",
	.options = redirect_opts,
	.data_size = sizeof(struct nat_info),
	.tables_mask = NAT_ONLY,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_OUTPUT),
	.parse = ports_parse,
	.final_check = ports_check,
	.exec = redirect_exec,
	.print = ports_print,
};

/* --- NETMAP --- */

struct netmap_info {
	int family;
	union inet_addr addr, mask; /* mask: the prefix's bits */
	int plen;
	bool given;
};

static const struct xt_option netmap_opts[] = {
	{"to", true, false, false},
	{NULL, false, false, false},
};

static int netmap_parse(struct target *t, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct netmap_info *in = t->data;
	uint32_t a4, m4;
	int family = t->family;
	bool ok;
	if (family != FAMILY_IPV6 && xt_parse_addr_mask(arg, &a4, &m4) && mask_len(m4) >= 0) {
		/* iptables takes a dotted mask too, as long as it is a prefix */
		in->family = FAMILY_IPV4;
		in->addr = inet_v4(a4);
		in->plen = mask_len(m4);
		ok = true;
	} else {
		ok = family != FAMILY_IPV4 && inet_prefix_parse(arg, &family, &in->addr, &in->plen) &&
		     family == FAMILY_IPV6;
		in->family = family;
	}
	if (!ok)
		return nf_err(err, -1, "bad --to \"%s\" (ADDRESS[/PREFIXLEN])", arg);
	in->mask = (union inet_addr){.all = {0}};
	for (int i = 0; i < in->plen; i++) {
		if (in->family == FAMILY_IPV4)
			in->mask.ip |= 0x80000000u >> i;
		else
			in->mask.in6.b[i / 8] |= (uint8_t)(0x80 >> (i % 8));
	}
	in->given = true;
	return 0;
}

static int netmap_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct netmap_info *)t->data)->given)
		return nf_err(err, -1, "NETMAP needs --to");
	return 0;
}

static void netmap_print(const struct target *t, struct strbuf *sb)
{
	const struct netmap_info *in = t->data;
	char a[INET_STRLEN];
	sb_addf(sb, " --to %s/%d", inet_fmt(in->family, &in->addr, a), in->plen);
}

/* Keep the host part, take the network part from --to: the destination
 * on the way in and out of local processes, the source otherwise
 * (netmap_tg_exec: new = (old & ~mask) | (to & mask), word by word). */
static enum verdict netmap_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct netmap_info *in = t->data;
	if (pkt_family(ctx->p) != in->family) {
		snprintf(ctx->why, sizeof(ctx->why), "NETMAP --to is %s, the packet is not",
			 inet_family_name(in->family));
		return V_DROP;
	}
	bool dst = nat_manip_of_hook(ctx->hook) == NAT_MANIP_DST;
	union inet_addr old = dst ? pkt_dst(ctx->p) : pkt_src(ctx->p), to;
	for (int i = 0; i < 4; i++)
		to.all[i] = (old.all[i] & ~in->mask.all[i]) | (in->addr.all[i] & in->mask.all[i]);
	struct nat_range r = {.family = in->family, .min_addr = to, .max_addr = to, .has_addr = true};
	return bind(ctx, &r);
}

const struct target_type target_netmap = {
	.name = "NETMAP",
	.options = netmap_opts,
	.data_size = sizeof(struct netmap_info),
	.tables_mask = NAT_ONLY,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_OUTPUT) |
		      HOOKBIT(HOOK_POSTROUTING),
	.parse = netmap_parse,
	.final_check = netmap_check,
	.exec = netmap_exec,
	.print = netmap_print,
};
