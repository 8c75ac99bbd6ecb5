/* match_ecn.c - -m ecn: the IP header's ECN codepoint (--ecn-ip-ect 0-3)
 * and the TCP ECE / CWR flags (which need -p tcp, as the kernel checks). */
#include "engine/xt/xt.h"

#include <stdio.h>

enum ecn_op { ECN_ECE = 1u << 0, ECN_CWR = 1u << 1, ECN_IP = 1u << 2 };

struct ecn_info {
	unsigned ops, inv;
	uint8_t ect;
};

static const struct xt_option ecn_opts[] = {
	{"ecn-tcp-ece", false, true, false},
	{"ecn-tcp-cwr", false, true, false},
	{"ecn-ip-ect", true, true, false},
	{NULL, false, false, false},
};

static int ecn_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct ecn_info *in = m->data;
	unsigned op = 1u << xt_option_index(ecn_opts, opt + 2);
	uint32_t v;
	if (op == ECN_IP) {
		if (!xt_parse_u32(arg, 3, &v))
			return nf_err(err, -1, "bad --ecn-ip-ect \"%s\" (0-3)", arg);
		in->ect = (uint8_t)v;
	}
	in->ops |= op;
	if (invert)
		in->inv |= op;
	return 0;
}

static int ecn_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct ecn_info *in = m->data;
	if (!in->ops)
		return nf_err(err, -1, "-m ecn needs --ecn-tcp-ece, --ecn-tcp-cwr or --ecn-ip-ect");
	if ((in->ops & (ECN_ECE | ECN_CWR)) && !xt_rule_proto_is(r, PROTO_TCP))
		return nf_err(err, -1, "--ecn-tcp-ece and --ecn-tcp-cwr need -p tcp (not inverted)");
	return 0;
}

static void ecn_print(const struct match *m, struct strbuf *sb)
{
	const struct ecn_info *in = m->data;
	for (int i = 0; i < 3; i++) {
		if (!(in->ops & (1u << i)))
			continue;
		xt_print_inv(sb, in->inv & (1u << i));
		sb_addf(sb, " --%s", ecn_opts[i].name);
		if (i == 2)
			sb_addf(sb, " %u", in->ect);
	}
}

static bool flag_ok(const struct ecn_info *in, unsigned op, bool set)
{
	return !(in->ops & op) || set != !!(in->inv & op);
}

static bool ecn_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct ecn_info *in = m->data;
	uint8_t ect = pkt_tos(ctx->p) & 3;
	snprintf(why, n, "ECN codepoint %u", ect);
	if ((in->ops & ECN_IP) && (ect == in->ect) == !!(in->inv & ECN_IP))
		return false;
	if (!(in->ops & (ECN_ECE | ECN_CWR)))
		return true;
	if (!pkt_l4(ctx->p, 20)) {
		snprintf(why, n, "no TCP header");
		return false;
	}
	char f[16];
	uint8_t flags = pkt_tcp_flags(ctx->p);
	tcp_flags_fmt(flags, f, sizeof(f));
	snprintf(why, n, "ECN codepoint %u, flags [%s]", ect, f);
	return flag_ok(in, ECN_ECE, flags & TCPF_ECE) && flag_ok(in, ECN_CWR, flags & TCPF_CWR);
}

const struct match_type match_ecn = {
	.name = "ecn",
	.options = ecn_opts,
	.data_size = sizeof(struct ecn_info),
	.parse = ecn_parse,
	.final_check = ecn_check,
	.eval = ecn_eval,
	.print = ecn_print,
};
