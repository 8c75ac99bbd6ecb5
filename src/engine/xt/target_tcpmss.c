/* target_tcpmss.c - -j TCPMSS (xt_TCPMSS): rewrite the MSS option of a
 * TCP SYN, to --set-mss N or, with --clamp-mss-to-pmtu, to the smaller
 * of the outgoing and the incoming interface's MTU less 40 (the IPv4 and
 * TCP headers; 60 for IPv6, tcpmss_tg6's minlen).  As tcpmss_mangle_packet:
 * the MSS is only ever lowered; a SYN without the option gets one (at
 * most 536, RFC 879's default; 1220 for IPv6, its 1280-byte minimum MTU
 * less 60) unless it carries data or its header is full.  The rule must match
 * SYNs with -p tcp -m tcp --tcp-flags ... SYN, as the kernel's check
 * demands.  An interface's MTU is its scenario `mtu` (1500 when not
 * given; lo 65536). */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#include "engine/net/net.h"
#include "engine/track/wire.h"

#define MSS_CLAMP 0xffff /* XT_TCPMSS_CLAMP_PMTU */
#define TCPOPT_MSS 2
#define TCPOLEN_MSS 4

struct tcpmss_info {
	uint16_t mss; /* MSS_CLAMP: clamp to the path MTU */
	bool given;
};

enum { O_SET, O_CLAMP };

static const struct xt_option tcpmss_opts[] = {
	[O_SET] = {"set-mss", true, false, false},
	[O_CLAMP] = {"clamp-mss-to-pmtu", false, false, false},
	{NULL, false, false, false},
};

static int tcpmss_parse(struct target *t, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct tcpmss_info *in = t->data;
	uint32_t v;
	if (in->given)
		return nf_err(err, -1, "TCPMSS takes only one of --set-mss and --clamp-mss-to-pmtu");
	if (xt_option_index(tcpmss_opts, opt + 2) == O_SET) {
		if (!xt_parse_u32(arg, 65534, &v))
			return nf_err(err, -1, "bad --set-mss \"%s\" (0-65534)", arg);
		in->mss = (uint16_t)v;
	} else {
		in->mss = MSS_CLAMP;
	}
	in->given = true;
	return 0;
}

static int tcpmss_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	if (!((const struct tcpmss_info *)t->data)->given)
		return nf_err(err, -1, "TCPMSS needs --set-mss or --clamp-mss-to-pmtu");
	if (!xt_rule_proto_is(r, PROTO_TCP) || !xt_rule_tcp_syn(r))
		return nf_err(err, -1,
			      "TCPMSS only works on TCP SYNs: the rule needs -p tcp -m tcp "
			      "--tcp-flags ... SYN (or --syn)");
	return 0;
}

static void tcpmss_print(const struct target *t, struct strbuf *sb)
{
	const struct tcpmss_info *in = t->data;
	if (in->mss == MSS_CLAMP)
		sb_adds(sb, " --clamp-mss-to-pmtu");
	else
		sb_addf(sb, " --set-mss %u", in->mss);
}

static int iface_mtu(const struct netconf *net, const char *name)
{
	const struct iface *ifc = name && *name && net ? netconf_iface(net, name) : NULL;
	if (ifc && ifc->mtu)
		return ifc->mtu;
	return name && strcmp(name, "lo") == 0 ? 65536 : 1500;
}

static enum verdict tcpmss_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct tcpmss_info *in = t->data;
	struct packet *p = ctx->p;
	bool v6 = pkt_family(p) == FAMILY_IPV6;
	size_t ihl = pkt_l4_offset(p), tot = pkt_tot_len(p);
	int minlen = v6 ? 60 : 40; /* the IP and TCP headers */
	size_t hdr = pkt_tcp_hdr_len(p);
	if (pkt_is_fragment(p) || !pkt_l4(p, 20) || p->len < tot || hdr < 20 ||
	    tot < ihl + hdr) {
		snprintf(ctx->why, sizeof(ctx->why), "no whole TCP header: dropped");
		return V_DROP;
	}
	unsigned newmss = in->mss;
	char how[96] = "--set-mss";
	if (in->mss == MSS_CLAMP) {
		const char *out = ctx->out ? ctx->out : p->oif;
		int mtu = iface_mtu(ctx->net, out);
		if (ctx->in && *ctx->in && iface_mtu(ctx->net, ctx->in) < mtu)
			mtu = iface_mtu(ctx->net, ctx->in);
		if (mtu <= minlen) {
			snprintf(ctx->why, sizeof(ctx->why), "invalid path MTU %d: dropped", mtu);
			return V_DROP;
		}
		newmss = (unsigned)(mtu - minlen);
		snprintf(how, sizeof(how), "path MTU %d - %d", mtu, minlen);
	}
	uint8_t *tcp = p->data + ihl;
	for (size_t i = 20; i + TCPOLEN_MSS <= hdr;) {
		if (tcp[i] == 0)
			break;
		if (tcp[i] == 1) {
			i++;
			continue;
		}
		if (tcp[i] == TCPOPT_MSS && tcp[i + 1] == TCPOLEN_MSS) {
			unsigned old = get16(tcp + i + 2);
			if (old <= newmss) {
				snprintf(ctx->why, sizeof(ctx->why),
					 "MSS %u kept: not above %u (%s); TCPMSS never raises it", old,
					 newmss, how);
				return V_CONTINUE;
			}
			put16(tcp + i + 2, (uint16_t)newmss);
			packet_fix_checksums(p);
			snprintf(ctx->why, sizeof(ctx->why), "MSS %u -> %u (%s)", old, newmss, how);
			return V_CONTINUE;
		}
		if (tcp[i + 1] < 2)
			break;
		i += tcp[i + 1];
	}
	if (tot > ihl + hdr || hdr >= 60) {
		snprintf(ctx->why, sizeof(ctx->why),
			 "no MSS option, and none can be added (%s): unchanged",
			 hdr >= 60 ? "the TCP header is full" : "the SYN carries data");
		return V_CONTINUE;
	}
	unsigned dflt = v6 ? 1220 : 536;
	if (newmss > dflt)
		newmss = dflt;
	if (p->cap < tot + TCPOLEN_MSS) {
		p->data = xrealloc(p->data, tot + TCPOLEN_MSS);
		p->cap = tot + TCPOLEN_MSS;
		tcp = p->data + ihl;
	}
	memmove(tcp + 20 + TCPOLEN_MSS, tcp + 20, hdr - 20);
	tcp[20] = TCPOPT_MSS;
	tcp[21] = TCPOLEN_MSS;
	put16(tcp + 22, (uint16_t)newmss);
	tcp[12] = (uint8_t)((((hdr + TCPOLEN_MSS) / 4) << 4) | (tcp[12] & 0x0f));
	if (v6) /* the payload length */
		put16(p->data + 4, (uint16_t)(tot + TCPOLEN_MSS - 40));
	else
		put16(p->data + 2, (uint16_t)(tot + TCPOLEN_MSS));
	p->len = tot + TCPOLEN_MSS;
	pkt_header_changed(p);
	packet_fix_checksums(p);
	snprintf(ctx->why, sizeof(ctx->why),
		 "MSS none -> %u (option added; %s, at most %u as %s says)", newmss, how, dflt,
		 v6 ? "xt_TCPMSS for IPv6" : "RFC 879");
	return V_CONTINUE;
}

const struct target_type target_tcpmss = {
	.name = "TCPMSS",
	.options = tcpmss_opts,
	.data_size = sizeof(struct tcpmss_info),
	.parse = tcpmss_parse,
	.final_check = tcpmss_check,
	.exec = tcpmss_exec,
	.print = tcpmss_print,
};
