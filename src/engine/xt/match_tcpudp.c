/* match_tcpudp.c - -m tcp and -m udp (xt_tcpudp): port ranges, TCP flags
 * and options.  Both need the rule's -p to be their protocol, not
 * inverted, as the kernel's check does; a later fragment carries no
 * header and never matches. */
#include "engine/xt/xt.h"
#include "lib/fmt.h"

#include <stdio.h>
#include <string.h>

struct ports_info {
	uint16_t spts[2], dpts[2];
	bool inv_src, inv_dst;
	bool has_src, has_dst;
	/* tcp only */
	uint8_t flg_mask, flg_cmp;
	bool has_flags, inv_flags;
	uint8_t option;
	bool has_option, inv_option;
};

static void ports_init(void *data)
{
	struct ports_info *in = data;
	in->spts[1] = in->dpts[1] = 65535;
}

enum { O_SPORT, O_DPORT, O_SPORT_LONG, O_DPORT_LONG, O_SYN, O_FLAGS, O_OPTION };

static const struct xt_option tcp_opts[] = {
	[O_SPORT] = {"sport", true, true, false},
	[O_DPORT] = {"dport", true, true, false},
	[O_SPORT_LONG] = {"source-port", true, true, false},
	[O_DPORT_LONG] = {"destination-port", true, true, false},
	[O_SYN] = {"syn", false, true, false},
	[O_FLAGS] = {"tcp-flags", true, true, true},
	[O_OPTION] = {"tcp-option", true, true, false},
	{NULL, false, false, false},
};

static const struct xt_option udp_opts[] = {
	[O_SPORT] = {"sport", true, true, false},
	[O_DPORT] = {"dport", true, true, false},
	[O_SPORT_LONG] = {"source-port", true, true, false},
	[O_DPORT_LONG] = {"destination-port", true, true, false},
	{NULL, false, false, false},
};

/* Flag names in the order iptables-save prints them. */
static const struct {
	const char *name;
	uint8_t bits;
} tcp_flag_names[] = {
	{"FIN", TCPF_FIN}, {"SYN", TCPF_SYN}, {"RST", TCPF_RST}, {"PSH", TCPF_PSH},
	{"ACK", TCPF_ACK}, {"URG", TCPF_URG}, {"ALL", 0x3f},     {"NONE", 0},
};

static int flag_bits(const char *word)
{
	for (size_t k = 0; k < ARRAY_SIZE(tcp_flag_names); k++) {
		const char *const one[] = {tcp_flag_names[k].name, NULL};
		if (xt_name_index(one, word) == 0)
			return tcp_flag_names[k].bits;
	}
	return -1;
}

/* "SYN,ACK" (len bytes of s) into flag bits. */
static bool parse_flags(const char *s, size_t len, uint8_t *out)
{
	char list[64];
	if (len == 0 || len >= sizeof(list))
		return false;
	memcpy(list, s, len);
	list[len] = '\0';
	*out = 0;
	for (char *w = list;;) {
		char *comma = strchr(w, ',');
		if (comma)
			*comma = '\0';
		int bits = flag_bits(w);
		if (bits < 0)
			return false;
		*out |= (uint8_t)bits;
		if (!comma)
			return true;
		w = comma + 1;
	}
}

static void print_flags(struct strbuf *sb, uint8_t flags)
{
	const char *sep = " ";
	if (!flags)
		sb_adds(sb, " NONE");
	for (size_t k = 0; k < 6; k++) {
		if (flags & tcp_flag_names[k].bits) {
			sb_addf(sb, "%s%s", sep, tcp_flag_names[k].name);
			sep = ",";
		}
	}
}

static int parse_ports(struct ports_info *in, int which, const char *opt, const char *arg,
		       bool invert, struct nf_error *err)
{
	bool src = which == O_SPORT || which == O_SPORT_LONG;
	bool *given = src ? &in->has_src : &in->has_dst;
	uint16_t *pts = src ? in->spts : in->dpts;
	if (*given)
		return nf_err(err, -1, "only one %s", src ? "--sport" : "--dport");
	if (!xt_parse_port_range(arg, &pts[0], &pts[1]))
		return nf_err(err, -1, "bad port or range \"%s\" for %s", arg, opt);
	*given = true;
	*(src ? &in->inv_src : &in->inv_dst) = invert;
	return 0;
}

static int parse_tcp_flags(struct ports_info *in, const char *arg, bool invert,
			   struct nf_error *err)
{
	const char *space = strchr(arg, ' ');
	if (in->has_flags)
		return nf_err(err, -1, "--syn and --tcp-flags cannot be used together");
	if (!space || !parse_flags(arg, (size_t)(space - arg), &in->flg_mask) ||
	    !parse_flags(space + 1, strlen(space + 1), &in->flg_cmp))
		return nf_err(err, -1,
			      "bad --tcp-flags \"%s\": two lists of FIN,SYN,RST,PSH,ACK,URG,ALL,NONE",
			      arg);
	in->has_flags = true;
	in->inv_flags = invert;
	return 0;
}

static int tcp_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct ports_info *in = m->data;
	int which = xt_option_index(tcp_opts, opt + 2);
	uint32_t v;
	switch (which) {
	case O_SYN:
		if (in->has_flags)
			return nf_err(err, -1, "--syn and --tcp-flags cannot be used together");
		in->flg_mask = TCPF_FIN | TCPF_SYN | TCPF_RST | TCPF_ACK;
		in->flg_cmp = TCPF_SYN;
		in->has_flags = true;
		in->inv_flags = invert;
		return 0;
	case O_FLAGS:
		return parse_tcp_flags(in, arg, invert, err);
	case O_OPTION:
		if (!xt_parse_u32(arg, 255, &v))
			return nf_err(err, -1, "bad TCP option number \"%s\" (0-255)", arg);
		in->option = (uint8_t)v;
		in->has_option = true;
		in->inv_option = invert;
		return 0;
	default:
		return parse_ports(in, which, opt, arg, invert, err);
	}
}

static int udp_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	return parse_ports(m->data, xt_option_index(udp_opts, opt + 2), opt, arg, invert, err);
}

static int need_proto(const struct match *m, const struct rule *r, uint8_t proto,
		      struct nf_error *err)
{
	if (xt_rule_proto_is(r, proto))
		return 0;
	return nf_err(err, -1, "-m %s needs -p %s (not inverted) before it", m->type->name,
		      m->type->name);
}

static int tcp_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	return need_proto(m, r, PROTO_TCP, err);
}

static int udp_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	return need_proto(m, r, PROTO_UDP, err);
}

static void print_ports(const struct ports_info *in, struct strbuf *sb)
{
	if (in->spts[0] != 0 || in->spts[1] != 65535 || in->inv_src) {
		xt_print_inv(sb, in->inv_src);
		sb_adds(sb, " --sport");
		xt_print_range(sb, in->spts[0], in->spts[1], ':');
	}
	if (in->dpts[0] != 0 || in->dpts[1] != 65535 || in->inv_dst) {
		xt_print_inv(sb, in->inv_dst);
		sb_adds(sb, " --dport");
		xt_print_range(sb, in->dpts[0], in->dpts[1], ':');
	}
}

static void tcp_print(const struct match *m, struct strbuf *sb)
{
	const struct ports_info *in = m->data;
	print_ports(in, sb);
	if (in->has_option) {
		xt_print_inv(sb, in->inv_option);
		sb_addf(sb, " --tcp-option %u", in->option);
	}
	if (in->has_flags) {
		xt_print_inv(sb, in->inv_flags);
		sb_adds(sb, " --tcp-flags");
		print_flags(sb, in->flg_mask);
		print_flags(sb, in->flg_cmp);
	}
}

static void udp_print(const struct match *m, struct strbuf *sb)
{
	print_ports(m->data, sb);
}

static bool in_range(uint16_t v, const uint16_t r[2], bool inv)
{
	return (v >= r[0] && v <= r[1]) != inv;
}

/* Ports first, as tcp_mt / udp_mt test them. */
static bool ports_ok(const struct ports_info *in, const struct packet *p, char *why, size_t n)
{
	uint16_t sp = pkt_sport(p), dp = pkt_dport(p);
	bool ok = in_range(sp, in->spts, in->inv_src) && in_range(dp, in->dpts, in->inv_dst);
	if (!n) /* nobody reads why */
		return ok;
	/* by pieces, not a format: every -m tcp/udp of a trace says it */
	if (!in_range(sp, in->spts, in->inv_src)) {
		fmt_say_u(why, n, "sport ", sp, "");
		return false;
	}
	if (!in_range(dp, in->dpts, in->inv_dst)) {
		fmt_say_u(why, n, "dport ", dp, "");
		return false;
	}
	struct fmt_cursor o = fmt_cursor(why, n);
	fmt_puts(&o, "sport ");
	fmt_put_u(&o, sp);
	fmt_puts(&o, ", dport ");
	fmt_put_u(&o, dp);
	fmt_close(&o, why);
	return true;
}

/* The header is there unless the packet is a later fragment or cut short;
 * the kernel drops a cut-short first fragment (hotdrop). */
static bool header_ok(const struct packet *p, size_t need, const char *proto, char *why,
		      size_t n)
{
	if (pkt_is_fragment(p)) {
		snprintf(why, n, "a later fragment has no %s header", proto);
		return false;
	}
	if (!pkt_l4(p, need)) {
		snprintf(why, n, "%s header cut short (the kernel drops such a packet)", proto);
		return false;
	}
	return true;
}

/* tcp_find_option: walk the option list (kinds 0 and 1 are one byte). */
static bool has_tcp_option(const struct packet *p, uint8_t kind)
{
	const uint8_t *th = pkt_l4(p, 20);
	size_t hl = th ? (size_t)(th[12] >> 4) * 4 : 0;
	const uint8_t *full = hl > 20 ? pkt_l4(p, hl) : NULL;
	if (!full)
		return false;
	for (size_t i = 20; i < hl;) {
		if (full[i] == kind)
			return true;
		if (full[i] < 2 || i + 1 >= hl || full[i + 1] == 0)
			i++;
		else
			i += full[i + 1];
	}
	return false;
}

static bool tcp_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct ports_info *in = m->data;
	const struct packet *p = ctx->p;
	if (!header_ok(p, 20, "TCP", why, n) || !ports_ok(in, p, why, n))
		return false;
	if (in->has_option && has_tcp_option(p, in->option) == in->inv_option) {
		snprintf(why, n, "TCP option %u %s", in->option,
			 in->inv_option ? "present" : "absent");
		return false;
	}
	if (in->has_flags) {
		char f[16];
		uint8_t have = pkt_tcp_flags(p);
		tcp_flags_fmt(have, f, sizeof(f));
		bool ok = ((have & in->flg_mask) == in->flg_cmp) != in->inv_flags;
		nf_snprintf(why, n, "flags [%s]", f);
		return ok;
	}
	return true;
}

static bool udp_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	return header_ok(ctx->p, 8, "UDP", why, n) && ports_ok(m->data, ctx->p, why, n);
}

/* A single, not inverted destination port, else a single source port. */
static bool ports_key(const struct match *m, struct xt_key *k)
{
	const struct ports_info *in = m->data;
	if (in->has_dst && !in->inv_dst && in->dpts[0] == in->dpts[1]) {
		*k = (struct xt_key){XK_DPORT, in->dpts[0], 0xffff};
		return true;
	}
	if (in->has_src && !in->inv_src && in->spts[0] == in->spts[1]) {
		*k = (struct xt_key){XK_SPORT, in->spts[0], 0xffff};
		return true;
	}
	return false;
}

const struct match_type match_tcp = {
	.name = "tcp",
	.options = tcp_opts,
	.data_size = sizeof(struct ports_info),
	.init = ports_init,
	.parse = tcp_parse,
	.final_check = tcp_check,
	.eval = tcp_eval,
	.print = tcp_print,
	.key = ports_key,
};

const struct match_type match_udp = {
	.name = "udp",
	.options = udp_opts,
	.data_size = sizeof(struct ports_info),
	.init = ports_init,
	.parse = udp_parse,
	.final_check = udp_check,
	.eval = udp_eval,
	.print = udp_print,
	.key = ports_key,
};

bool xt_rule_tcp_syn(const struct rule *r)
{
	for (size_t i = 0; i < r->nmatches; i++) {
		const struct ports_info *in = r->matches[i].data;
		if (r->matches[i].type == &match_tcp && in->has_flags && !in->inv_flags &&
		    (in->flg_cmp & TCPF_SYN))
			return true;
	}
	return false;
}
