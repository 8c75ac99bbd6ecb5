/* match_icmp.c - -m icmp --icmp-type (ipt_icmp): a type, type/code, a
 * code range, or one of iptables' names.  Type 255 is "any", exactly as
 * the kernel's icmp_type_code_match treats it. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct icmp_info {
	uint8_t type, code_min, code_max;
	bool inv, given;
};

struct icmp_name {
	const char *name;
	uint8_t type, code_min, code_max;
};

/* libipt_icmp's table. */
static const struct icmp_name icmp_names[] = {
	{"any", 0xff, 0, 0xff},
	{"echo-reply", 0, 0, 0xff},
	{"pong", 0, 0, 0xff},
	{"destination-unreachable", 3, 0, 0xff},
	{"network-unreachable", 3, 0, 0},
	{"host-unreachable", 3, 1, 1},
	{"protocol-unreachable", 3, 2, 2},
	{"port-unreachable", 3, 3, 3},
	{"fragmentation-needed", 3, 4, 4},
	{"source-route-failed", 3, 5, 5},
	{"network-unknown", 3, 6, 6},
	{"host-unknown", 3, 7, 7},
	{"network-prohibited", 3, 9, 9},
	{"host-prohibited", 3, 10, 10},
	{"TOS-network-unreachable", 3, 11, 11},
	{"TOS-host-unreachable", 3, 12, 12},
	{"communication-prohibited", 3, 13, 13},
	{"host-precedence-violation", 3, 14, 14},
	{"precedence-cutoff", 3, 15, 15},
	{"source-quench", 4, 0, 0xff},
	{"redirect", 5, 0, 0xff},
	{"network-redirect", 5, 0, 0},
	{"host-redirect", 5, 1, 1},
	{"TOS-network-redirect", 5, 2, 2},
	{"TOS-host-redirect", 5, 3, 3},
	{"echo-request", 8, 0, 0xff},
	{"ping", 8, 0, 0xff},
	{"router-advertisement", 9, 0, 0xff},
	{"router-solicitation", 10, 0, 0xff},
	{"time-exceeded", 11, 0, 0xff},
	{"ttl-exceeded", 11, 0, 0xff},
	{"ttl-zero-during-transit", 11, 0, 0},
	{"ttl-zero-during-reassembly", 11, 1, 1},
	{"parameter-problem", 12, 0, 0xff},
	{"ip-header-bad", 12, 0, 0},
	{"required-option-missing", 12, 1, 1},
	{"timestamp-request", 13, 0, 0xff},
	{"timestamp-reply", 14, 0, 0xff},
	{"address-mask-request", 17, 0, 0xff},
	{"address-mask-reply", 18, 0, 0xff},
};

static const struct xt_option icmp_opts[] = {
	{"icmp-type", true, true, false},
	{NULL, false, false, false},
};

/* An exact name, else a unique abbreviation, as iptables allows. */
static const struct icmp_name *icmp_by_name(const char *s, struct nf_error *err, bool *ambiguous)
{
	const struct icmp_name *found = NULL;
	size_t len = strlen(s);
	*ambiguous = false;
	for (size_t i = 0; i < ARRAY_SIZE(icmp_names); i++)
		if (strcasecmp(icmp_names[i].name, s) == 0)
			return &icmp_names[i];
	for (size_t i = 0; i < ARRAY_SIZE(icmp_names) && len; i++) {
		if (strncasecmp(icmp_names[i].name, s, len) != 0)
			continue;
		if (found) {
			*ambiguous = true;
			nf_err(err, -1, "ambiguous ICMP type \"%s\": %s or %s?", s, found->name,
			       icmp_names[i].name);
			return NULL;
		}
		found = &icmp_names[i];
	}
	return found;
}

/* "TYPE", "TYPE/CODE" or "TYPE/MIN:MAX". */
static bool icmp_numeric(const char *s, struct icmp_info *in)
{
	char type[8];
	uint32_t t, lo = 0, hi = 0xff;
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	if (len == 0 || len >= sizeof(type))
		return false;
	memcpy(type, s, len);
	type[len] = '\0';
	if (!xt_parse_u32(type, 255, &t) || (slash && !xt_parse_range(slash + 1, ':', 255, &lo, &hi)))
		return false;
	in->type = (uint8_t)t;
	in->code_min = (uint8_t)lo;
	in->code_max = (uint8_t)hi;
	return true;
}

static void icmp_init(void *data)
{
	struct icmp_info *in = data;
	in->type = 0xff;
	in->code_max = 0xff;
}

static int icmp_parse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct icmp_info *in = m->data;
	bool ambiguous;
	const struct icmp_name *nm = icmp_by_name(arg, err, &ambiguous);
	in->inv = invert;
	in->given = true;
	if (ambiguous)
		return -1;
	if (nm) {
		in->type = nm->type;
		in->code_min = nm->code_min;
		in->code_max = nm->code_max;
		return 0;
	}
	if (!icmp_numeric(arg, in))
		return nf_err(err, -1, "unknown ICMP type \"%s\"", arg);
	return 0;
}

static int icmp_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!xt_rule_proto_is(r, PROTO_ICMP))
		return nf_err(err, -1, "-m icmp needs -p icmp (not inverted) before it");
	if (!((const struct icmp_info *)m->data)->given)
		return nf_err(err, -1, "-m icmp needs --icmp-type");
	return 0;
}

static void icmp_print(const struct match *m, struct strbuf *sb)
{
	const struct icmp_info *in = m->data;
	xt_print_inv(sb, in->inv);
	if (in->type == 0xff && in->code_min == 0 && in->code_max == 0xff) {
		sb_adds(sb, " --icmp-type any");
		return;
	}
	sb_addf(sb, " --icmp-type %u", in->type);
	if (in->code_min != 0 || in->code_max != 0xff)
		sb_addf(sb, "/%u", in->code_min);
}

static bool icmp_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct icmp_info *in = m->data;
	uint8_t type, code;
	if (pkt_is_fragment(ctx->p)) {
		snprintf(why, n, "a later fragment has no ICMP header");
		return false;
	}
	if (!pkt_icmp(ctx->p, &type, &code)) {
		snprintf(why, n, "ICMP header cut short (the kernel drops such a packet)");
		return false;
	}
	snprintf(why, n, "type %u code %u", type, code);
	bool hit = in->type == 0xff ||
		   (type == in->type && code >= in->code_min && code <= in->code_max);
	return hit != in->inv;
}

const struct match_type match_icmp = {
	.name = "icmp",
	.family = FAMILY_IPV4, /* iptables only (libipt_icmp) */
	.options = icmp_opts,
	.data_size = sizeof(struct icmp_info),
	.init = icmp_init,
	.parse = icmp_parse,
	.final_check = icmp_check,
	.eval = icmp_eval,
	.print = icmp_print,
};
