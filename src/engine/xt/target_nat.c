/* target_nat.c - the nat table's targets: DNAT, SNAT, MASQUERADE,
 * REDIRECT and NETMAP.  Like the kernel's, they only choose the binding
 * for a new connection (nat_setup stores it in the conntrack entry) and
 * say ACCEPT; the walk rewrites this and every later packet of the
 * connection with nat_apply.  Each is valid only in the nat table and at
 * the hooks of its direction. */
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

static bool parse_addr_range(const char *s, size_t len, struct nat_range *r)
{
	char buf[2 * ADDR_STRLEN];
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (!addr_parse(buf, &r->min_addr) || (dash && !addr_parse(dash + 1, &r->max_addr)))
		return false;
	if (!dash)
		r->max_addr = r->min_addr;
	r->has_addr = true;
	return r->min_addr <= r->max_addr;
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

static int parse_to(struct nat_info *in, const char *opt, const char *arg, struct nf_error *err)
{
	const char *colon = strchr(arg, ':');
	size_t alen = colon ? (size_t)(colon - arg) : strlen(arg);
	bool ok = alen > 0 || colon;
	if (alen > 0)
		ok = parse_addr_range(arg, alen, &in->range);
	if (ok && colon) {
		const char *slash = strchr(colon + 1, '/');
		size_t plen = slash ? (size_t)(slash - colon - 1) : strlen(colon + 1);
		ok = parse_port_range(colon + 1, plen, &in->range) &&
		     (!slash || (in->range.min_port != in->range.max_port && parse_base(slash + 1, in)));
	}
	if (!ok)
		return nf_err(err, -1, "bad %s \"%s\" (ADDR[-ADDR][:PORT[-PORT[/BASE]]])", opt, arg);
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

static void print_to(struct strbuf *sb, const char *opt, const struct nat_info *in)
{
	char a[ADDR_STRLEN];
	sb_addf(sb, " %s ", opt);
	if (in->range.has_addr) {
		sb_adds(sb, addr_fmt(in->range.min_addr, a));
		if (in->range.max_addr != in->range.min_addr)
			sb_addf(sb, "-%s", addr_fmt(in->range.max_addr, a));
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
		return parse_to(t->data, opt, arg, err);
	return parse_flag(t->data, which == 1 ? O_RANDOM : O_PERSISTENT);
}

static int snat_parse(struct target *t, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	int which = xt_option_index(snat_opts, opt + 2);
	if (which == O_TO)
		return parse_to(t->data, opt, arg, err);
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

/* The source an outgoing packet gets: inet_select_addr on the output
 * interface toward the next hop. */
static enum verdict masquerade_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct nat_info *in = t->data;
	uint32_t toward = ctx->p->nexthop.ip ? ctx->p->nexthop.ip : pkt_daddr(ctx->p);
	uint32_t src = net_select_src(ctx->net, ctx->out, toward);
	if (!src) {
		snprintf(ctx->why, sizeof(ctx->why), "dropped: %s has no address to masquerade with",
			 ctx->out ? ctx->out : "the output interface");
		return V_DROP;
	}
	struct nat_range r = in->range;
	r.min_addr = r.max_addr = src;
	r.has_addr = true;
	return bind(ctx, &r);
}

/* To this host: the incoming interface's primary address, or 127.0.0.1
 * for locally generated packets. */
static enum verdict redirect_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct nat_info *in = t->data;
	uint32_t to = 0x7f000001;
	if (ctx->hook == HOOK_PREROUTING) {
		const struct iface *ifc = netconf_iface(ctx->net, ctx->in);
		to = ifc && ifc->naddr > 0 ? ifc->addr[0] : 0;
	}
	if (!to) {
		snprintf(ctx->why, sizeof(ctx->why), "dropped: %s has no address to redirect to",
			 ctx->in ? ctx->in : "the input interface");
		return V_DROP;
	}
	struct nat_range r = in->range;
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
	uint32_t addr, mask;
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
	if (!xt_parse_addr_mask(arg, &in->addr, &in->mask) || mask_len(in->mask) < 0)
		return nf_err(err, -1, "bad --to \"%s\" (ADDRESS[/PREFIXLEN])", arg);
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
	char a[ADDR_STRLEN];
	sb_addf(sb, " --to %s/%d", addr_fmt(in->addr, a), mask_len(in->mask));
}

/* Keep the host part, take the network part from --to: the destination
 * on the way in and out of local processes, the source otherwise. */
static enum verdict netmap_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct netmap_info *in = t->data;
	bool dst = nat_manip_of_hook(ctx->hook) == NAT_MANIP_DST;
	uint32_t old = dst ? pkt_daddr(ctx->p) : pkt_saddr(ctx->p);
	uint32_t to = (old & ~in->mask) | (in->addr & in->mask);
	struct nat_range r = {.min_addr = to, .max_addr = to, .has_addr = true};
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
