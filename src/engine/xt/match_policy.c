/* match_policy.c - -m policy (xt_policy): the IPsec policy that decoded
 * (--dir in) or will encode (--dir out) the packet.  nfwalk models no
 * IPsec: no packet was ever decapsulated or will be encapsulated, so
 * --pol none always matches and --pol ipsec never does, whatever the
 * elements (--reqid, --spi, --proto, --mode, --tunnel-src/-dst, joined
 * by --next under --strict) say.  The options are parsed and checked as
 * libxt_policy and the kernel's check do; ip6tables' tunnel addresses
 * are IPv6. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#include "lib/inet.h"

#define POLICY_MAX_ELEM 4

enum { PE_REQID = 1, PE_SPI = 2, PE_PROTO = 4, PE_MODE = 8, PE_DADDR = 16, PE_SADDR = 32 };

struct policy_elem {
	unsigned given, inv; /* PE_* bits */
	uint32_t reqid, spi;
	uint8_t proto; /* 50 esp, 51 ah, 108 ipcomp */
	bool tunnel;
	union inet_addr saddr, smask, daddr, dmask;
};

struct policy_info {
	bool dir_given, out; /* --dir */
	bool pol_given, none; /* --pol */
	bool strict;
	unsigned len; /* elements begun */
	struct policy_elem e[POLICY_MAX_ELEM];
};

enum { O_DIR, O_POL, O_STRICT, O_REQID, O_SPI, O_PROTO, O_MODE, O_TDST, O_TSRC, O_NEXT };

static const struct xt_option policy_opts[] = {
	[O_DIR] = {"dir", true, false, false},
	[O_POL] = {"pol", true, false, false},
	[O_STRICT] = {"strict", false, false, false},
	[O_REQID] = {"reqid", true, true, false},
	[O_SPI] = {"spi", true, true, false},
	[O_PROTO] = {"proto", true, true, false},
	[O_MODE] = {"mode", true, true, false},
	[O_TDST] = {"tunnel-dst", true, true, false},
	[O_TSRC] = {"tunnel-src", true, true, false},
	[O_NEXT] = {"next", false, false, false},
	{NULL, false, false, false},
};

static struct policy_elem *cur(struct policy_info *in)
{
	if (in->len == 0)
		in->len = 1;
	return &in->e[in->len - 1];
}

/* --tunnel-src/--tunnel-dst: an address of the rule's family. */
static bool parse_tunnel(int family, const char *arg, union inet_addr *a, union inet_addr *m)
{
	memset(a, 0, sizeof(*a));
	memset(m, 0, sizeof(*m));
	if (family == FAMILY_IPV6)
		return xt_parse_addr6_mask(arg, a, m);
	return xt_parse_addr_mask(arg, &a->ip, &m->ip);
}

static int elem_option(const struct match *m, int o, const char *opt, const char *arg,
		       bool invert, struct nf_error *err)
{
	struct policy_info *in = m->data;
	struct policy_elem *e = cur(in);
	static const unsigned bits[] = {[O_REQID] = PE_REQID, [O_SPI] = PE_SPI,
					[O_PROTO] = PE_PROTO, [O_MODE] = PE_MODE,
					[O_TDST] = PE_DADDR, [O_TSRC] = PE_SADDR};
	unsigned bit = bits[o];
	if (e->given & bit)
		return nf_err(err, -1, "%s given twice in one policy element", opt);
	switch (o) {
	case O_REQID:
		if (!xt_parse_u32(arg, UINT32_MAX, &e->reqid))
			return nf_err(err, -1, "bad --reqid \"%s\"", arg);
		break;
	case O_SPI:
		if (!xt_parse_u32(arg, UINT32_MAX, &e->spi))
			return nf_err(err, -1, "bad --spi \"%s\"", arg);
		break;
	case O_PROTO:
		if (!xt_proto_parse(arg, &e->proto) || (e->proto != 50 && e->proto != 51 &&
							  e->proto != 108))
			return nf_err(err, -1, "bad --proto \"%s\" (esp, ah or ipcomp)", arg);
		break;
	case O_MODE:
		if (strcmp(arg, "tunnel") == 0)
			e->tunnel = true;
		else if (strcmp(arg, "transport") == 0)
			e->tunnel = false;
		else
			return nf_err(err, -1, "bad --mode \"%s\" (tunnel or transport)", arg);
		break;
	case O_TDST:
		if (!parse_tunnel(m->family, arg, &e->daddr, &e->dmask))
			return nf_err(err, -1, "bad --tunnel-dst \"%s\"", arg);
		break;
	default:
		if (!parse_tunnel(m->family, arg, &e->saddr, &e->smask))
			return nf_err(err, -1, "bad --tunnel-src \"%s\"", arg);
		break;
	}
	e->given |= bit;
	if (invert)
		e->inv |= bit;
	return 0;
}

static int policy_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct policy_info *in = m->data;
	int o = xt_option_index(policy_opts, opt + 2);
	switch (o) {
	case O_DIR:
		if (strcmp(arg, "in") != 0 && strcmp(arg, "out") != 0)
			return nf_err(err, -1, "bad --dir \"%s\" (in or out)", arg);
		in->out = arg[0] == 'o';
		in->dir_given = true;
		return 0;
	case O_POL:
		if (strcmp(arg, "none") != 0 && strcmp(arg, "ipsec") != 0)
			return nf_err(err, -1, "bad --pol \"%s\" (none or ipsec)", arg);
		in->none = arg[0] == 'n';
		in->pol_given = true;
		return 0;
	case O_STRICT:
		in->strict = true;
		return 0;
	case O_NEXT:
		if (in->len == 0 || !in->e[in->len - 1].given)
			return nf_err(err, -1, "--next without a policy element before it");
		if (in->len == POLICY_MAX_ELEM)
			return nf_err(err, -1, "at most %d policy elements", POLICY_MAX_ELEM);
		in->len++;
		return 0;
	default:
		return elem_option(m, o, opt, arg, invert, err);
	}
}

static int policy_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct policy_info *in = m->data;
	if (!in->dir_given)
		return nf_err(err, -1, "-m policy needs --dir in or --dir out");
	if (!in->pol_given)
		return nf_err(err, -1, "-m policy needs --pol none or --pol ipsec");
	if (in->len && !in->e[in->len - 1].given)
		return nf_err(err, -1, "--next ends without a policy element after it");
	if (in->none && (in->strict || in->len))
		return nf_err(err, -1, "--pol none takes no --strict and no policy elements");
	if (in->strict && in->len == 0)
		return nf_err(err, -1, "--strict needs at least one policy element");
	if (!in->strict && in->len > 1)
		return nf_err(err, -1, "several policy elements (--next) need --strict");
	for (unsigned i = 0; i < in->len; i++) {
		const struct policy_elem *e = &in->e[i];
		if ((e->given & (PE_SADDR | PE_DADDR)) &&
		    (!(e->given & PE_MODE) || !e->tunnel || (e->inv & PE_MODE)))
			return nf_err(err, -1, "--tunnel-src/--tunnel-dst need --mode tunnel");
	}
	return 0;
}

/* --dir in is not valid where a packet is only leaving, --dir out not
 * where it has only arrived (policy_mt_check). */
static unsigned policy_hooks(const struct match *m)
{
	const struct policy_info *in = m->data;
	if (in->out)
		return HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT) | HOOKBIT(HOOK_POSTROUTING);
	return HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD);
}

static void policy_print(const struct match *m, struct strbuf *sb)
{
	const struct policy_info *in = m->data;
	sb_addf(sb, " --dir %s --pol %s", in->out ? "out" : "in", in->none ? "none" : "ipsec");
	if (in->strict)
		sb_adds(sb, " --strict");
	for (unsigned i = 0; i < in->len; i++) {
		const struct policy_elem *e = &in->e[i];
		if (e->given & PE_REQID) {
			xt_print_inv(sb, e->inv & PE_REQID);
			sb_addf(sb, " --reqid %u", e->reqid);
		}
		if (e->given & PE_SPI) {
			xt_print_inv(sb, e->inv & PE_SPI);
			sb_addf(sb, " --spi 0x%x", e->spi);
		}
		if (e->given & PE_PROTO) {
			xt_print_inv(sb, e->inv & PE_PROTO);
			sb_addf(sb, " --proto %s",
				e->proto == 50 ? "esp" : e->proto == 51 ? "ah" : "ipcomp");
		}
		if (e->given & PE_MODE) {
			xt_print_inv(sb, e->inv & PE_MODE);
			sb_addf(sb, " --mode %s", e->tunnel ? "tunnel" : "transport");
		}
		if (e->given & PE_DADDR) {
			xt_print_inv(sb, e->inv & PE_DADDR);
			sb_adds(sb, " --tunnel-dst ");
			xt_print_inet_mask(sb, m->family, &e->daddr, &e->dmask, false);
		}
		if (e->given & PE_SADDR) {
			xt_print_inv(sb, e->inv & PE_SADDR);
			sb_adds(sb, " --tunnel-src ");
			xt_print_inet_mask(sb, m->family, &e->saddr, &e->smask, false);
		}
		if (i + 1 < in->len)
			sb_adds(sb, " --next");
	}
}

static bool policy_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct policy_info *in = m->data;
	snprintf(why, n, "no IPsec is modelled: no packet %s an IPsec policy",
		 in->out ? "leaves through" : "arrived through");
	return in->none;
}

const struct match_type match_policy = {
	.name = "policy",
	.options = policy_opts,
	.data_size = sizeof(struct policy_info),
	.parse = policy_parse,
	.final_check = policy_check,
	.eval = policy_eval,
	.print = policy_print,
	.instance_hooks = policy_hooks,
	.repeat_mask = 1u << O_REQID | 1u << O_SPI | 1u << O_PROTO | 1u << O_MODE |
		       1u << O_TDST | 1u << O_TSRC | 1u << O_NEXT,
};
