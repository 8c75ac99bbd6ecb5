/* match_icmp6.c - ip6tables' -m icmp6 --icmpv6-type (ip6t_icmp6; -m
 * icmpv6 and -m ipv6-icmp load it too): a type, type/code or one of
 * libip6t_icmp6's names, read from the ICMPv6 header after the extension
 * headers.  Unlike IPv4's icmp there is no "any" type; the option is
 * required and the rule must say -p ipv6-icmp, as the kernel checks. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>


struct icmp6_info {
	uint8_t type, code_min, code_max;
	bool inv, given;
};

struct icmp6_name {
	const char *name;
	uint8_t type, code_min, code_max;
};

/* libip6t_icmp6's table, aliases included. */
static const struct icmp6_name icmp6_names[] = {
	{"destination-unreachable", 1, 0, 0xff},
	{"no-route", 1, 0, 0},
	{"communication-prohibited", 1, 1, 1},
	{"beyond-scope", 1, 2, 2},
	{"address-unreachable", 1, 3, 3},
	{"port-unreachable", 1, 4, 4},
	{"failed-policy", 1, 5, 5},
	{"reject-route", 1, 6, 6},
	{"packet-too-big", 2, 0, 0xff},
	{"time-exceeded", 3, 0, 0xff},
	{"ttl-exceeded", 3, 0, 0xff},
	{"ttl-zero-during-transit", 3, 0, 0},
	{"ttl-zero-during-reassembly", 3, 1, 1},
	{"parameter-problem", 4, 0, 0xff},
	{"bad-header", 4, 0, 0},
	{"unknown-header-type", 4, 1, 1},
	{"unknown-option", 4, 2, 2},
	{"echo-request", 128, 0, 0xff},
	{"ping", 128, 0, 0xff},
	{"echo-reply", 129, 0, 0xff},
	{"pong", 129, 0, 0xff},
	{"mld-listener-query", 130, 0, 0xff},
	{"mld-listener-report", 131, 0, 0xff},
	{"mld-listener-done", 132, 0, 0xff},
	{"mld-listener-reduction", 132, 0, 0xff},
	{"router-solicitation", 133, 0, 0xff},
	{"router-advertisement", 134, 0, 0xff},
	{"neighbour-solicitation", 135, 0, 0xff},
	{"neighbor-solicitation", 135, 0, 0xff},
	{"neighbour-advertisement", 136, 0, 0xff},
	{"neighbor-advertisement", 136, 0, 0xff},
	{"redirect", 137, 0, 0xff},
};

static const struct xt_option icmp6_opts[] = {
	{"icmpv6-type", true, true, false},
	{NULL, false, false, false},
};

/* An exact name, else a unique abbreviation (aliases of one type count
 * as one), as libip6t_icmp6's parse_icmpv6 allows. */
static const struct icmp6_name *icmp6_by_name(const char *s, struct nf_error *err, bool *bad)
{
	const struct icmp6_name *found = NULL;
	size_t len = strlen(s);
	*bad = false;
	for (size_t i = 0; i < ARRAY_SIZE(icmp6_names); i++)
		if (strcasecmp(icmp6_names[i].name, s) == 0)
			return &icmp6_names[i];
	for (size_t i = 0; i < ARRAY_SIZE(icmp6_names) && len; i++) {
		const struct icmp6_name *c = &icmp6_names[i];
		if (strncasecmp(c->name, s, len) != 0)
			continue;
		if (found && (found->type != c->type || found->code_min != c->code_min ||
			      found->code_max != c->code_max)) {
			*bad = true;
			nf_err(err, -1, "ambiguous ICMPv6 type \"%s\": %s or %s?", s, found->name,
			       c->name);
			return NULL;
		}
		found = found ? found : c;
	}
	return found;
}

/* "TYPE" or "TYPE/CODE" (libip6t_icmp6 takes one code, not a range). */
static bool icmp6_numeric(const char *s, struct icmp6_info *in)
{
	char type[8];
	uint32_t t, code = 0;
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	if (len == 0 || len >= sizeof(type))
		return false;
	memcpy(type, s, len);
	type[len] = '\0';
	if (!xt_parse_u32(type, 255, &t) || (slash && !xt_parse_u32(slash + 1, 255, &code)))
		return false;
	in->type = (uint8_t)t;
	in->code_min = slash ? (uint8_t)code : 0;
	in->code_max = slash ? (uint8_t)code : 0xff;
	return true;
}

static int icmp6_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct icmp6_info *in = m->data;
	bool bad;
	const struct icmp6_name *nm = icmp6_by_name(arg, err, &bad);
	in->inv = invert;
	in->given = true;
	if (bad)
		return -1;
	if (nm) {
		in->type = nm->type;
		in->code_min = nm->code_min;
		in->code_max = nm->code_max;
		return 0;
	}
	if (!icmp6_numeric(arg, in))
		return nf_err(err, -1, "unknown ICMPv6 type \"%s\"", arg);
	return 0;
}

static int icmp6_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct icmp6_info *)m->data)->given)
		return nf_err(err, -1, "-m icmp6 needs --icmpv6-type");
	if (!xt_rule_proto_is(r, PROTO_ICMPV6))
		return nf_err(err, -1, "-m icmp6 needs -p ipv6-icmp (not inverted) before it");
	return 0;
}

/* libip6t_icmp6's save: always numeric, "/CODE" unless any code. */
static void icmp6_print(const struct match *m, struct strbuf *sb)
{
	const struct icmp6_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --icmpv6-type %u", in->type);
	if (in->code_min != 0 || in->code_max != 0xff)
		sb_addf(sb, "/%u", in->code_min);
}

static bool icmp6_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct icmp6_info *in = m->data;
	int proto;
	const uint8_t *h = xt_ip6_upper(ctx->p, 2, &proto);
	if (!h || proto != PROTO_ICMPV6) {
		snprintf(why, n, "no ICMPv6 header (a later fragment, or cut short)");
		return false;
	}
	snprintf(why, n, "type %u code %u", h[0], h[1]);
	bool hit = h[0] == in->type && h[1] >= in->code_min && h[1] <= in->code_max;
	return hit != in->inv;
}

const struct match_type match_icmp6 = {
	.name = "icmp6",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_icmp6) */
	.options = icmp6_opts,
	.data_size = sizeof(struct icmp6_info),
	.parse = icmp6_parse,
	.final_check = icmp6_check,
	.eval = icmp6_eval,
	.print = icmp6_print,
};
