/* match_ipv6header.c - ip6tables' -m ipv6header --header LIST [--soft]
 * (ip6t_ipv6header): which extension headers the packet has, walked from
 * the fixed header as ipv6header_mt6 walks them.  Without --soft the set
 * must be exactly the list; with it, the list must be among them.
 * "protocol" stands for an upper-layer header after them. */
#define _POSIX_C_SOURCE 200809L

#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

/* libip6t_ipv6header's MASK_* bits and the names it prints and reads
 * (the /etc/protocols name first, then its own). */
static const struct {
	uint8_t proto, mask;
	const char *name, *alias, *number;
} hdrs[] = {
	{NEXTHDR_HOP, 0x80, "hop-by-hop", "hop", "0"},
	{NEXTHDR_DEST, 0x40, "ipv6-opts", "dst", "60"},
	{NEXTHDR_ROUTING, 0x20, "ipv6-route", "route", "43"},
	{NEXTHDR_FRAGMENT, 0x10, "ipv6-frag", "frag", "44"},
	{NEXTHDR_AUTH, 0x08, "ah", "auth", "51"},
	{NEXTHDR_ESP, 0x04, "esp", "esp", "50"},
	{NEXTHDR_NONE, 0x02, "ipv6-nonxt", "none", "59"},
	{255, 0x01, "protocol", "prot", "255"},
};
#define MASK_NONE 0x02
#define MASK_ESP 0x04
#define MASK_PROTO 0x01

struct ipv6header_info {
	uint8_t flags;
	bool inv, soft;
};

static const struct xt_option ipv6header_opts[] = {
	{"header", true, true, false},
	{"soft", false, false, false},
	{NULL, false, false, false},
};

static int header_bit(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(hdrs); i++)
		if (strcmp(w, hdrs[i].name) == 0 || strcmp(w, hdrs[i].alias) == 0 ||
		    strcmp(w, hdrs[i].number) == 0)
			return hdrs[i].mask;
	return -1;
}

static int ipv6header_parse(struct match *m, const char *opt, const char *arg, bool invert,
			    struct nf_error *err)
{
	struct ipv6header_info *in = m->data;
	if (strcmp(opt, "--soft") == 0) {
		in->soft = true;
		return 0;
	}
	char buf[256];
	str_copy(buf, sizeof(buf), arg);
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int bit = header_bit(w);
		if (bit < 0)
			return nf_err(err, -1, "unknown header \"%s\"", w);
		in->flags |= (uint8_t)bit;
	}
	if (!in->flags)
		return nf_err(err, -1, "--header needs at least one header");
	in->inv = invert;
	return 0;
}

static int ipv6header_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct ipv6header_info *)m->data)->flags)
		return nf_err(err, -1, "-m ipv6header needs --header");
	return 0;
}

static void ipv6header_print(const struct match *m, struct strbuf *sb)
{
	const struct ipv6header_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --header ");
	const char *sep = "";
	for (size_t i = 0; i < ARRAY_SIZE(hdrs); i++)
		if (in->flags & hdrs[i].mask) {
			sb_addf(sb, "%s%s", sep, hdrs[i].name);
			sep = ",";
		}
	sb_adds(sb, in->soft ? " --soft" : "");
}

static int header_mask(uint8_t proto)
{
	for (size_t i = 0; i < ARRAY_SIZE(hdrs); i++)
		if (hdrs[i].proto == proto && proto != 255)
			return hdrs[i].mask;
	return -1;
}

/* The headers present as MASK_* bits; -1 for one the walk cannot read. */
static int headers_present(const struct packet *p)
{
	const uint8_t *fixed = xt_ip6_at(p, 0, IP6_HDR_LEN);
	if (!fixed)
		return -1;
	uint8_t next = fixed[IP6_OFF_NEXTHDR];
	size_t ptr = IP6_HDR_LEN;
	int seen = 0;
	while (ip6_is_ext_hdr(next) || next == NEXTHDR_ESP || next == NEXTHDR_NONE) {
		if (next == NEXTHDR_NONE || next == NEXTHDR_ESP)
			return seen | header_mask(next);
		const uint8_t *hp = xt_ip6_at(p, ptr, 2);
		if (!hp)
			return -1;
		size_t len = next == NEXTHDR_FRAGMENT ? 8
			     : next == NEXTHDR_AUTH   ? ((size_t)hp[1] + 2) << 2
						      : ((size_t)hp[1] + 1) << 3;
		int bit = header_mask(next);
		if (bit < 0)
			return -1;
		seen |= bit;
		next = hp[0];
		ptr += len;
		if (ptr > p->len)
			break;
	}
	return next != NEXTHDR_NONE && next != NEXTHDR_ESP ? seen | MASK_PROTO : seen;
}

static bool ipv6header_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct ipv6header_info *in = m->data;
	int seen = headers_present(ctx->p);
	if (seen < 0) {
		snprintf(why, n, "extension headers cut short");
		return false;
	}
	struct strbuf sb = STRBUF_INIT;
	struct ipv6header_info now = {.flags = (uint8_t)seen};
	struct match shown = {.type = m->type, .data = &now};
	if (n) {
		ipv6header_print(&shown, &sb);
		snprintf(why, n, "headers:%s", sb_str(&sb) + strlen(" --header"));
		sb_free(&sb);
	}
	uint8_t inv = in->inv ? 0xff : 0;
	if (in->soft)
		return !((seen ^ in->flags ^ inv) & in->flags);
	return in->inv ? seen != in->flags : seen == in->flags;
}

const struct match_type match_ipv6header = {
	.name = "ipv6header",
	.family = FAMILY_IPV6, /* ip6tables only (libip6t_ipv6header) */
	.options = ipv6header_opts,
	.data_size = sizeof(struct ipv6header_info),
	.parse = ipv6header_parse,
	.final_check = ipv6header_check,
	.eval = ipv6header_eval,
	.print = ipv6header_print,
};
