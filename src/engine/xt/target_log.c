/* target_log.c - LOG: write the kernel's log line for the packet (as
 * nf_log_syslog's dump_ipv4_packet formats it) and continue.  The line
 * goes in ctx->why with ctx->log set. */
#include "engine/net/net.h"
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#define LOG_PREFIX_MAX 29 /* the kernel keeps 30 bytes with the NUL */
#define LOG_DEFAULT_LEVEL 4

enum log_flag {
	LOGF_TCPSEQ = 1u << 0,
	LOGF_TCPOPT = 1u << 1,
	LOGF_IPOPT = 1u << 2,
	LOGF_UID = 1u << 3,
	LOGF_MACDECODE = 1u << 5,
};

struct log_info {
	char prefix[LOG_PREFIX_MAX + 1];
	uint8_t level;
	unsigned flags;
};

enum { O_LEVEL, O_PREFIX, O_TCPSEQ, O_TCPOPT, O_IPOPT, O_UID, O_MACDECODE };

static const struct xt_option log_opts[] = {
	[O_LEVEL] = {"log-level", true, false, false},
	[O_PREFIX] = {"log-prefix", true, false, false},
	[O_TCPSEQ] = {"log-tcp-sequence", false, false, false},
	[O_TCPOPT] = {"log-tcp-options", false, false, false},
	[O_IPOPT] = {"log-ip-options", false, false, false},
	[O_UID] = {"log-uid", false, false, false},
	[O_MACDECODE] = {"log-macdecode", false, false, false},
	{NULL, false, false, false},
};

static const unsigned option_flag[] = {
	[O_TCPSEQ] = LOGF_TCPSEQ, [O_TCPOPT] = LOGF_TCPOPT,	   [O_IPOPT] = LOGF_IPOPT,
	[O_UID] = LOGF_UID,	  [O_MACDECODE] = LOGF_MACDECODE,
};

/* syslog levels by name, index = level. */
static const char *const level_names[] = {"emerg",  "alert", "crit", "error",
					  "warning", "notice", "info", "debug", NULL};

static void log_init(void *data)
{
	((struct log_info *)data)->level = LOG_DEFAULT_LEVEL;
}

static int parse_level(struct log_info *in, const char *arg, struct nf_error *err)
{
	uint32_t v;
	int i = xt_name_index(level_names, arg);
	if (i >= 0) {
		in->level = (uint8_t)i;
		return 0;
	}
	if (!xt_parse_u32(arg, 7, &v))
		return nf_err(err, -1, "bad --log-level \"%s\" (0-7 or emerg ... debug)", arg);
	in->level = (uint8_t)v;
	return 0;
}

/* iptables keeps the first 29 bytes of a longer prefix, as the kernel's
 * structure holds no more. */
static int log_parse(struct target *t, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct log_info *in = t->data;
	int which = xt_option_index(log_opts, opt + 2);
	if (which == O_LEVEL)
		return parse_level(in, arg, err);
	if (which == O_PREFIX) {
		if (!*arg)
			return nf_err(err, -1, "--log-prefix needs a non-empty text");
		if (strchr(arg, '\n'))
			return nf_err(err, -1, "newlines are not allowed in --log-prefix");
		str_copy(in->prefix, sizeof(in->prefix), arg);
		return 0;
	}
	in->flags |= option_flag[which];
	return 0;
}

static void log_print(const struct target *t, struct strbuf *sb)
{
	const struct log_info *in = t->data;
	if (in->prefix[0]) {
		sb_adds(sb, " --log-prefix");
		xt_save_string(sb, in->prefix);
	}
	if (in->level != LOG_DEFAULT_LEVEL)
		sb_addf(sb, " --log-level %u", in->level);
	for (int o = O_TCPSEQ; o <= O_MACDECODE; o++)
		if (in->flags & option_flag[o])
			sb_addf(sb, " --%s", log_opts[o].name);
}

/* --- the log line --- */

static uint16_t be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void hex_bytes(struct strbuf *sb, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_addf(sb, "%02X", b[i]);
}

static void log_tcp(struct strbuf *sb, const struct packet *p, unsigned flags)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {{TCPF_CWR, "CWR"}, {TCPF_ECE, "ECE"}, {TCPF_URG, "URG"}, {TCPF_ACK, "ACK"},
		     {TCPF_PSH, "PSH"}, {TCPF_RST, "RST"}, {TCPF_SYN, "SYN"}, {TCPF_FIN, "FIN"}};
	const uint8_t *th = pkt_l4(p, 20);
	sb_adds(sb, "PROTO=TCP ");
	if (pkt_is_fragment(p))
		return;
	if (!th) {
		sb_addf(sb, "INCOMPLETE [%zu bytes] ", p->len - pkt_ihl_bytes(p));
		return;
	}
	sb_addf(sb, "SPT=%u DPT=%u ", be16(th), be16(th + 2));
	if (flags & LOGF_TCPSEQ)
		sb_addf(sb, "SEQ=%u ACK=%u ", be32(th + 4), be32(th + 8));
	sb_addf(sb, "WINDOW=%u RES=0x%02x ", be16(th + 14), (th[12] & 0x0f) << 2);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (th[13] & names[i].bit)
			sb_addf(sb, "%s ", names[i].name);
	sb_addf(sb, "URGP=%u ", be16(th + 18));
	size_t hl = (size_t)(th[12] >> 4) * 4;
	const uint8_t *full = hl > 20 ? pkt_l4(p, hl) : NULL;
	if ((flags & LOGF_TCPOPT) && full) {
		sb_adds(sb, "OPT (");
		hex_bytes(sb, full + 20, hl - 20);
		sb_adds(sb, ") ");
	}
}

static void log_udp(struct strbuf *sb, const struct packet *p)
{
	const uint8_t *uh = pkt_l4(p, 8);
	sb_adds(sb, "PROTO=UDP ");
	if (pkt_is_fragment(p))
		return;
	if (!uh)
		sb_addf(sb, "INCOMPLETE [%zu bytes] ", p->len - pkt_ihl_bytes(p));
	else
		sb_addf(sb, "SPT=%u DPT=%u LEN=%u ", be16(uh), be16(uh + 2), be16(uh + 4));
}

static void log_ip(struct strbuf *sb, const struct packet *p, unsigned flags, bool inner);

static void log_icmp(struct strbuf *sb, const struct packet *p, unsigned flags, bool inner)
{
	const uint8_t *ih = pkt_l4(p, 8);
	sb_adds(sb, "PROTO=ICMP ");
	if (pkt_is_fragment(p))
		return;
	if (!ih) {
		sb_addf(sb, "INCOMPLETE [%zu bytes] ", p->len - pkt_ihl_bytes(p));
		return;
	}
	sb_addf(sb, "TYPE=%u CODE=%u ", ih[0], ih[1]);
	switch (ih[0]) {
	case ICMP_ECHO:
	case ICMP_ECHOREPLY:
		sb_addf(sb, "ID=%u SEQ=%u ", be16(ih + 4), be16(ih + 6));
		break;
	case 12: /* parameter problem */
		sb_addf(sb, "PARAMETER=%u ", ih[4]);
		break;
	case 5: { /* redirect */
		char a[ADDR_STRLEN];
		sb_addf(sb, "GATEWAY=%s ", addr_fmt(be32(ih + 4), a));
		break;
	}
	case ICMP_DEST_UNREACH:
	case 4: /* source quench */
	case ICMP_TIME_EXCEEDED: {
		struct packet *q = inner ? NULL : pkt_icmp_inner(p);
		if (q) {
			sb_adds(sb, "[");
			log_ip(sb, q, flags, true);
			sb_adds(sb, "] ");
			packet_free(q);
		}
		if (ih[0] == ICMP_DEST_UNREACH && ih[1] == 4)
			sb_addf(sb, "MTU=%u ", be16(ih + 6));
		break;
	}
	default:
		break;
	}
}

/* dump_ipv4_packet's IP part: IPv4 only on purpose (IPv6 packets take
 * dump_ipv6_packet's line below). */
static void log_ip(struct strbuf *sb, const struct packet *p, unsigned flags, bool inner)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];
	const uint8_t *ip = p->data;
	uint16_t frag = be16(ip + 6);
	sb_addf(sb, "SRC=%s DST=%s ", addr_fmt(pkt_saddr(p), s), addr_fmt(pkt_daddr(p), d));
	sb_addf(sb, "LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u ID=%u ", pkt_tot_len(p),
		pkt_tos(p) & 0x1e, pkt_tos(p) & 0xe0, pkt_ttl(p), be16(ip + 4));
	if (frag & 0x8000)
		sb_adds(sb, "CE ");
	if (frag & 0x4000)
		sb_adds(sb, "DF ");
	if (frag & 0x2000)
		sb_adds(sb, "MF ");
	if (frag & 0x1fff)
		sb_addf(sb, "FRAG:%u ", frag & 0x1fff);
	if ((flags & LOGF_IPOPT) && pkt_ihl_bytes(p) > 20) {
		sb_adds(sb, "OPT (");
		hex_bytes(sb, ip + 20, pkt_ihl_bytes(p) - 20u);
		sb_adds(sb, ") ");
	}
	switch (pkt_proto(p)) {
	case PROTO_TCP:
		log_tcp(sb, p, flags);
		break;
	case PROTO_UDP:
		log_udp(sb, p);
		break;
	case PROTO_ICMP:
		log_icmp(sb, p, flags, inner);
		break;
	default:
		sb_addf(sb, "PROTO=%u ", pkt_proto(p));
		break;
	}
	if (!inner && p->mark)
		sb_addf(sb, "MARK=0x%x ", p->mark);
}

/* --- IPv6 (nf_log_ip6_packet's dump_ipv6_packet) --- */

static void log_ip6(struct strbuf *sb, const struct packet *p, unsigned flags, bool inner);

static void log_icmp6(struct strbuf *sb, const struct packet *p, size_t ptr, bool fragment,
		      unsigned flags, bool inner)
{
	sb_adds(sb, "PROTO=ICMPv6 ");
	if (fragment)
		return;
	const uint8_t *ic = xt_ip6_at(p, ptr, 8);
	if (!ic) {
		sb_addf(sb, "INCOMPLETE [%zu bytes] ", p->len > ptr ? p->len - ptr : 0);
		return;
	}
	sb_addf(sb, "TYPE=%u CODE=%u ", ic[0], ic[1]);
	switch (ic[0]) {
	case ICMPV6_ECHO_REQUEST:
	case ICMPV6_ECHO_REPLY:
		sb_addf(sb, "ID=%u SEQ=%u ", be16(ic + 4), be16(ic + 6));
		return;
	case ICMPV6_PARAMPROB:
	case ICMPV6_DEST_UNREACH:
	case ICMPV6_PKT_TOOBIG:
	case ICMPV6_TIME_EXCEED:
		if (ic[0] == ICMPV6_PARAMPROB)
			sb_addf(sb, "POINTER=%08x ", be32(ic + 4));
		if (!inner) {
			struct packet *q = packet_from_bytes(p->data + ptr + 8, p->len - ptr - 8);
			sb_adds(sb, "[");
			log_ip6(sb, q, flags, true);
			sb_adds(sb, "] ");
			packet_free(q);
		}
		if (ic[0] == ICMPV6_PKT_TOOBIG)
			sb_addf(sb, "MTU=%u ", be32(ic + 4));
		return;
	default:
		return;
	}
}

/* One extension header: what the line says, its length; false when the
 * kernel's dump stops there. */
static bool log_exthdr(struct strbuf *sb, const struct packet *p, uint8_t type, size_t ptr,
		       bool *fragment, unsigned flags, size_t *hdrlen)
{
	const uint8_t *hp = xt_ip6_at(p, ptr, 2);
	bool opt = flags & LOGF_IPOPT;
	if (!hp) {
		sb_adds(sb, "TRUNCATED");
		return false;
	}
	sb_adds(sb, opt ? "OPT ( " : "");
	if (type == NEXTHDR_FRAGMENT) {
		const uint8_t *fh = xt_ip6_at(p, ptr, 8);
		sb_adds(sb, "FRAG:");
		if (!fh) {
			sb_adds(sb, "TRUNCATED ");
			return false;
		}
		sb_addf(sb, "%u ", be16(fh + 2) & 0xfff8u);
		sb_adds(sb, fh[3] & 1 ? "INCOMPLETE " : "");
		sb_addf(sb, "ID:%08x ", be32(fh + 4));
		*fragment |= (be16(fh + 2) & 0xfff8u) != 0;
		*hdrlen = 8;
	} else if (type == NEXTHDR_DEST || type == NEXTHDR_ROUTING || type == NEXTHDR_HOP) {
		if (*fragment) {
			sb_adds(sb, opt ? ")" : "");
			return false;
		}
		*hdrlen = ((size_t)hp[1] + 1) << 3;
	} else if (type == NEXTHDR_AUTH) {
		const uint8_t *ah = xt_ip6_at(p, ptr, 8);
		if (opt) {
			sb_adds(sb, "AH ");
			if (*fragment || !ah) {
				if (!*fragment)
					sb_addf(sb, "INCOMPLETE [%zu bytes] ", p->len - ptr);
				sb_adds(sb, ")");
				return false;
			}
			sb_addf(sb, "SPI=0x%x ", be32(ah + 4));
		}
		*hdrlen = ((size_t)hp[1] + 2) << 2;
	} else {
		sb_addf(sb, "Unknown Ext Hdr %u", type);
		return false;
	}
	sb_adds(sb, opt ? ") " : "");
	return true;
}

static void log_ip6(struct strbuf *sb, const struct packet *p, unsigned flags, bool inner)
{
	const uint8_t *ih = xt_ip6_at(p, 0, IP6_HDR_LEN);
	char s[INET_STRLEN], d[INET_STRLEN];
	if (!ih) {
		sb_adds(sb, "TRUNCATED");
		return;
	}
	union inet_addr src = pkt_src(p), dst = pkt_dst(p);
	uint32_t first = be32(ih);
	sb_addf(sb, "SRC=%s DST=%s ", inet_fmt(FAMILY_IPV6, &src, s), inet_fmt(FAMILY_IPV6, &dst, d));
	sb_addf(sb, "LEN=%u TC=%u HOPLIMIT=%u FLOWLBL=%u ", be16(ih + IP6_OFF_PAYLOAD_LEN) + 40u,
		(first & 0x0ff00000u) >> 20, ih[IP6_OFF_HOP_LIMIT], first & 0x000fffffu);
	bool fragment = false;
	size_t ptr = IP6_HDR_LEN;
	uint8_t cur = ih[IP6_OFF_NEXTHDR];
	while (cur != NEXTHDR_NONE && (ip6_is_ext_hdr(cur) || cur == NEXTHDR_ESP)) {
		size_t hdrlen = 0;
		if (cur == NEXTHDR_ESP) {
			const uint8_t *eh = xt_ip6_at(p, ptr, 4);
			if (flags & LOGF_IPOPT) {
				sb_adds(sb, "OPT ( ESP ");
				if (fragment)
					sb_adds(sb, ")");
				else if (!eh)
					sb_addf(sb, "INCOMPLETE [%zu bytes] )", p->len - ptr);
				else
					sb_addf(sb, "SPI=0x%x )", be32(eh));
			}
			return;
		}
		if (!log_exthdr(sb, p, cur, ptr, &fragment, flags, &hdrlen))
			return;
		cur = p->data[ptr];
		ptr += hdrlen;
	}
	if (cur == PROTO_TCP)
		log_tcp(sb, p, flags);
	else if (cur == PROTO_UDP)
		log_udp(sb, p);
	else if (cur == PROTO_ICMPV6)
		log_icmp6(sb, p, ptr, fragment, flags, inner);
	else
		sb_addf(sb, "PROTO=%u ", cur);
	if (!inner && p->mark)
		sb_addf(sb, "MARK=0x%x ", p->mark);
}

/* On input the kernel shows the link-layer header: destination, source,
 * EtherType.  The destination is taken to be the receiving interface. */
static void log_mac(struct strbuf *sb, const struct xt_ctx *ctx)
{
	const struct iface *ifc = netconf_iface(ctx->net, ctx->in);
	const struct packet *p = ctx->p;
	uint8_t hdr[14] = {0};
	sb_adds(sb, "MAC=");
	if (!p->has_mac && strcmp(ctx->in, "lo") != 0) {
		sb_adds(sb, " ");
		return;
	}
	if (ifc && ifc->has_mac)
		memcpy(hdr, ifc->mac, 6);
	if (p->has_mac)
		memcpy(hdr + 6, p->src_mac, 6);
	/* the EtherType: IPv4's 08:00, IPv6's 86:dd */
	bool v6 = pkt_family(p) == FAMILY_IPV6;
	hdr[12] = v6 ? 0x86 : 0x08;
	hdr[13] = v6 ? 0xdd : 0x00;
	for (size_t i = 0; i < sizeof(hdr); i++)
		sb_addf(sb, "%s%02x", i ? ":" : "", hdr[i]);
	sb_adds(sb, " ");
}

static enum verdict log_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct log_info *in = t->data;
	struct strbuf sb = STRBUF_INIT;
	const char *dev_in = ctx->in ? ctx->in : "", *dev_out = ctx->out ? ctx->out : "";
	sb_addf(&sb, "%sIN=%s OUT=%s ", in->prefix, dev_in, dev_out);
	if (dev_in[0])
		log_mac(&sb, ctx);
	if (pkt_family(ctx->p) == FAMILY_IPV6)
		log_ip6(&sb, ctx->p, in->flags, false);
	else if (pkt_ip_ok(ctx->p))
		log_ip(&sb, ctx->p, in->flags, false);
	/* the kernel's line ends in a blank; people do not see it */
	if (sb.len && sb.s[sb.len - 1] == ' ')
		sb.s[--sb.len] = '\0';
	str_copy(ctx->why, sizeof(ctx->why), sb_str(&sb));
	sb_free(&sb);
	ctx->log = true;
	return V_CONTINUE;
}

const struct target_type target_log = {
	.name = "LOG",
	.options = log_opts,
	.data_size = sizeof(struct log_info),
	.init = log_init,
	.parse = log_parse,
	.exec = log_exec,
	.print = log_print,
};
