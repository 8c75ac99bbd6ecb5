/* packet_fmt.c - packets and their vocabulary in words for people:
 * protocol names, TCP flags as tcpdump prints them, ICMP types, conntrack
 * states, and the one-line description traces start with. */
#define _DEFAULT_SOURCE /* strcasecmp */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/addr.h"
#include "lib/fmt.h"
#include "lib/inet.h"
#include "engine/track/packet.h"
#include "lib/util.h"
#include "engine/track/wire.h"

static const struct {
	uint8_t num;
	struct piece name;
} protocols[] = {
	{PROTO_ICMP, PIECE("icmp")},
	{PROTO_TCP, PIECE("tcp")},
	{PROTO_UDP, PIECE("udp")},
	{PROTO_SCTP, PIECE("sctp")},
	/* /etc/protocols' name first (ip6tables-save prints it), then the
	 * spellings iptables' -p takes too */
	{PROTO_ICMPV6, PIECE("ipv6-icmp")},
	{PROTO_ICMPV6, PIECE("icmpv6")},
	{PROTO_ICMPV6, PIECE("icmp6")},
};

struct piece proto_name_piece(uint8_t proto)
{
	for (size_t i = 0; i < ARRAY_SIZE(protocols); i++)
		if (protocols[i].num == proto)
			return protocols[i].name;
	return (struct piece){NULL, 0};
}

const char *proto_name(uint8_t proto)
{
	return proto_name_piece(proto).s;
}

int proto_by_name(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(protocols); i++)
		if (strcasecmp(protocols[i].name.s, name) == 0)
			return protocols[i].num;
	uint64_t num;
	if (parse_uint(name, 255, &num))
		return (int)num;
	return -1;
}

/* tcpdump's tcp_flag_values, in its order: "[S]", "[S.]", "[F.]", "[P.]",
 * "[R.]"; "." is ACK.  Kept exactly so a trace reads like a capture. */
static const struct {
	uint8_t bit;
	char letter;
} tcp_letters[] = {
	{TCPF_FIN, 'F'}, {TCPF_SYN, 'S'}, {TCPF_RST, 'R'}, {TCPF_PSH, 'P'},
	{TCPF_ACK, '.'}, {TCPF_URG, 'U'}, {TCPF_ECE, 'E'}, {TCPF_CWR, 'W'},
};

size_t tcp_flags_fmt(uint8_t flags, char *buf, size_t n)
{
	char s[ARRAY_SIZE(tcp_letters) + 1];
	size_t k = 0;
	for (size_t i = 0; i < ARRAY_SIZE(tcp_letters); i++)
		if (flags & tcp_letters[i].bit)
			s[k++] = tcp_letters[i].letter;
	s[k] = '\0';
	return k ? str_copy_n(buf, n, s, k) : str_copy_n(buf, n, "none", 4);
}

static const struct piece ctinfo_names[] = {
	[CTINFO_NONE] = PIECE("-"),
	[CTINFO_NEW] = PIECE("NEW"),
	[CTINFO_ESTABLISHED] = PIECE("ESTABLISHED"),
	[CTINFO_RELATED] = PIECE("RELATED"),
	[CTINFO_ESTABLISHED_REPLY] = PIECE("ESTABLISHED_REPLY"),
	[CTINFO_RELATED_REPLY] = PIECE("RELATED_REPLY"),
	[CTINFO_INVALID] = PIECE("INVALID"),
	[CTINFO_UNTRACKED] = PIECE("UNTRACKED"),
};

struct piece ctinfo_name_piece(enum ct_info ci)
{
	return (unsigned)ci < ARRAY_SIZE(ctinfo_names) ? ctinfo_names[ci] : LIT("-");
}

const char *ctinfo_name(enum ct_info ci)
{
	return ctinfo_name_piece(ci).s;
}

const char *ctinfo_state_name(enum ct_info ci)
{
	if (ci == CTINFO_ESTABLISHED_REPLY)
		return "ESTABLISHED";
	if (ci == CTINFO_RELATED_REPLY)
		return "RELATED";
	return ctinfo_name(ci);
}

/* ---- ICMP ---- */

static const char *const icmp_type_names[] = {
	[0] = "echo reply",
	[3] = "destination unreachable",
	[4] = "source quench",
	[5] = "redirect",
	[8] = "echo request",
	[9] = "router advertisement",
	[10] = "router solicitation",
	[11] = "time exceeded",
	[12] = "parameter problem",
	[13] = "timestamp request",
	[14] = "timestamp reply",
	[15] = "information request",
	[16] = "information reply",
	[17] = "address mask request",
	[18] = "address mask reply",
};

/* Codes of destination unreachable (RFC 792, RFC 1812). */
static const char *const unreach_names[] = {
	[0] = "net unreachable",
	[1] = "host unreachable",
	[2] = "protocol unreachable",
	[3] = "port unreachable",
	[4] = "fragmentation needed",
	[5] = "source route failed",
	[6] = "net unknown",
	[7] = "host unknown",
	[9] = "net prohibited",
	[10] = "host prohibited",
	[11] = "net unreachable for tos",
	[12] = "host unreachable for tos",
	[13] = "administratively prohibited",
};

const char *icmp_type_name(uint8_t type, uint8_t code)
{
	if (type == ICMP_DEST_UNREACH && code < ARRAY_SIZE(unreach_names) && unreach_names[code])
		return unreach_names[code];
	if (type == ICMP_TIME_EXCEEDED)
		return code == 0 ? "ttl exceeded in transit" : "fragment reassembly time exceeded";
	if (type < ARRAY_SIZE(icmp_type_names) && icmp_type_names[type])
		return icmp_type_names[type];
	return NULL;
}

/* ---- ICMPv6 ---- */

/* ip6tables' --icmpv6-type names (libxt_icmp6's table), code -1 for the
 * whole type; the first name of a (type, code) is the one printed. */
static const struct icmp6_name {
	const char *name;
	uint8_t type;
	int code;
} icmp6_names[] = {
	{"destination-unreachable", ICMPV6_DEST_UNREACH, -1},
	{"no-route", ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE},
	{"communication-prohibited", ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED},
	{"adm-prohibited", ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED}, /* REJECT's word */
	{"beyond-scope", ICMPV6_DEST_UNREACH, ICMPV6_NOT_NEIGHBOUR},
	{"address-unreachable", ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH},
	{"port-unreachable", ICMPV6_DEST_UNREACH, ICMPV6_PORT_UNREACH},
	{"failed-policy", ICMPV6_DEST_UNREACH, ICMPV6_POLICY_FAIL},
	{"reject-route", ICMPV6_DEST_UNREACH, ICMPV6_REJECT_ROUTE},
	{"packet-too-big", ICMPV6_PKT_TOOBIG, -1},
	{"time-exceeded", ICMPV6_TIME_EXCEED, -1},
	{"ttl-exceeded", ICMPV6_TIME_EXCEED, -1},
	{"ttl-zero-during-transit", ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT},
	{"ttl-zero-during-reassembly", ICMPV6_TIME_EXCEED, ICMPV6_EXC_FRAGTIME},
	{"parameter-problem", ICMPV6_PARAMPROB, -1},
	{"bad-header", ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD},
	{"unknown-header-type", ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR},
	{"unknown-option", ICMPV6_PARAMPROB, ICMPV6_UNK_OPTION},
	{"echo-request", ICMPV6_ECHO_REQUEST, -1},
	{"ping", ICMPV6_ECHO_REQUEST, -1},
	{"echo-reply", ICMPV6_ECHO_REPLY, -1},
	{"pong", ICMPV6_ECHO_REPLY, -1},
	{"router-solicitation", ICMPV6_ROUTER_SOLICIT, -1},
	{"router-advertisement", ICMPV6_ROUTER_ADVERT, -1},
	{"neighbour-solicitation", ICMPV6_NEIGH_SOLICIT, -1},
	{"neighbor-solicitation", ICMPV6_NEIGH_SOLICIT, -1},
	{"neighbour-advertisement", ICMPV6_NEIGH_ADVERT, -1},
	{"neighbor-advertisement", ICMPV6_NEIGH_ADVERT, -1},
	{"redirect", ICMPV6_REDIRECT, -1},
};

const char *icmp6_type_name(uint8_t type, uint8_t code)
{
	const char *whole = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(icmp6_names); i++) {
		const struct icmp6_name *e = &icmp6_names[i];
		if (e->type != type)
			continue;
		if (e->code == code)
			return e->name;
		if (e->code < 0 && !whole)
			whole = e->name;
	}
	return whole;
}

bool icmp6_type_by_name(const char *name, uint8_t *type, int *code)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(icmp6_names); i++)
		if (strcasecmp(icmp6_names[i].name, name) == 0) {
			*type = icmp6_names[i].type;
			*code = icmp6_names[i].code;
			return true;
		}
	return false;
}

/* ---- the one-line description ---- */

/* Returns the length written. */
static size_t describe_endpoints(const struct packet *p, char *buf, size_t n)
{
	int fam = pkt_family(p);
	struct piece name = pkt_proto(p) == PROTO_ICMPV6 && fam == FAMILY_IPV6
				    ? LIT("icmp6") /* as tcpdump and the packet short form say */
				    : proto_name_piece(pkt_proto(p));
	char proto[16];
	if (!name.s) {
		nf_snprintf(proto, sizeof(proto), "proto %u", pkt_proto(p));
		name = piece_of(proto);
	}
	union inet_addr sa = pkt_src(p), da = pkt_dst(p);
	const uint8_t *sctp = pkt_proto(p) == PROTO_SCTP ? pkt_l4(p, 4) : NULL;
	if (n == 0)
		return 0;
	/* "%s %s -> %s" by pieces, cut as snprintf would: every packet of a
	 * trace is described (packet_describe) */
	struct fmt_cursor o = fmt_cursor(buf, n);
	fmt_putn(&o, name.s, name.n);
	fmt_putn(&o, " ", 1);
	if (pkt_has_ports(p) || sctp) {
		uint16_t sp = sctp ? get16(sctp) : pkt_sport(p);
		uint16_t dp = sctp ? get16(sctp + 2) : pkt_dport(p);
		inet_put_port(&o, fam, &sa, sp);
		fmt_putn(&o, " -> ", 4);
		inet_put_port(&o, fam, &da, dp);
	} else {
		inet_put(&o, fam, &sa);
		fmt_putn(&o, " -> ", 4);
		inet_put(&o, fam, &da);
	}
	return fmt_close(&o, buf);
}

/* The type's name for people: ip6tables' words without hyphens for
 * ICMPv6 ("echo request", "port unreachable"). */
static const char *icmp_words(const struct packet *p, uint8_t type, uint8_t code, char *buf,
			      size_t n)
{
	if (pkt_family(p) != FAMILY_IPV6)
		return icmp_type_name(type, code);
	const char *name = icmp6_type_name(type, code);
	if (!name)
		return NULL;
	str_copy(buf, n, name);
	for (char *c = buf; *c; c++)
		if (*c == '-')
			*c = ' ';
	return buf;
}

static void describe_icmp(const struct packet *p, struct strbuf *sb)
{
	uint8_t type, code;
	if (!pkt_icmp(p, &type, &code))
		return;
	char words[40];
	const char *name = icmp_words(p, type, code, words, sizeof(words));
	if (name)
		sb_addf(sb, " %s", name);
	else
		sb_addf(sb, " type %u code %u", type, code);
	bool v6 = pkt_family(p) == FAMILY_IPV6;
	if (v6 ? type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY
	       : type == ICMP_ECHO || type == ICMP_ECHOREPLY)
		sb_addf(sb, " id %u seq %u", pkt_icmp_id(p), pkt_icmp_seq(p));
	struct packet *inner = pkt_icmp_inner(p);
	if (inner) {
		char q[160];
		describe_endpoints(inner, q, sizeof(q));
		sb_addf(sb, " [quoting %s]", q);
		packet_free(inner);
	}
}

/* Chunk types by number, the names iptables' sctp match and RFC 9260
 * use. */
static const char *const sctp_chunk_names[] = {
	[0] = "DATA",	       [1] = "INIT",	       [2] = "INIT_ACK",
	[3] = "SACK",	       [4] = "HEARTBEAT",      [5] = "HEARTBEAT_ACK",
	[6] = "ABORT",	       [7] = "SHUTDOWN",       [8] = "SHUTDOWN_ACK",
	[9] = "ERROR",	       [10] = "COOKIE_ECHO",   [11] = "COOKIE_ACK",
	[12] = "ECN_ECNE",     [13] = "ECN_CWR",       [14] = "SHUTDOWN_COMPLETE",
};

/* " [INIT]", " [COOKIE_ECHO,DATA]": the chunks present, in order. */
static void describe_sctp(const struct packet *p, struct strbuf *sb)
{
	size_t avail = pkt_l4_avail(p), off = SCTP_HDR_LEN;
	const uint8_t *l4 = pkt_l4(p, SCTP_HDR_LEN);
	if (!l4 || avail < SCTP_HDR_LEN + SCTP_CHUNK_HDR)
		return;
	sb_adds(sb, " [");
	for (int k = 0; off + SCTP_CHUNK_HDR <= avail; k++) {
		uint8_t type = l4[off];
		size_t len = get16(l4 + off + 2);
		if (type < ARRAY_SIZE(sctp_chunk_names) && sctp_chunk_names[type])
			sb_addf(sb, "%s%s", k ? "," : "", sctp_chunk_names[type]);
		else
			sb_addf(sb, "%s%u", k ? "," : "", type);
		if (len < SCTP_CHUNK_HDR)
			break;
		off += (len + 3) & ~(size_t)3;
	}
	sb_adds(sb, "]");
}

static void describe_fragment(const struct packet *p, struct strbuf *sb)
{
	if (pkt_is_fragment(p))
		sb_addf(sb, " frag off %u", pkt_frag_off(p) * 8u);
	if (pkt_more_fragments(p))
		sb_adds(sb, " MF");
}

size_t packet_describe(const struct packet *p, char *buf, size_t n)
{
	if (!pkt_l3_ok(p)) {
		snprintf(buf, n, "not an IP packet (%zu bytes)", p ? p->len : 0);
		return strnlen(buf, n);
	}
	/* reused, not allocated: a description per packet; describing
	 * never describes another packet meanwhile (describe_icmp's quote
	 * goes through describe_endpoints) */
	static struct strbuf sb;
	sb_reset(&sb);
	char ends[160];
	sb_addn(&sb, ends, describe_endpoints(p, ends, sizeof(ends)));
	if (pkt_proto(p) == PROTO_TCP && pkt_l4(p, TCP_HDR_MIN)) {
		char flags[16];
		size_t k = tcp_flags_fmt(pkt_tcp_flags(p), flags, sizeof(flags));
		sb_adds(&sb, " [");
		sb_addn(&sb, flags, k);
		sb_adds(&sb, "]");
	}
	if (pkt_icmp(p, NULL, NULL))
		describe_icmp(p, &sb);
	if (pkt_proto(p) == PROTO_SCTP)
		describe_sctp(p, &sb);
	describe_fragment(p, &sb);
	sb_adds(&sb, " len ");
	sb_add_u(&sb, pkt_tot_len(p));
	if (p->len < pkt_tot_len(p))
		sb_addf(&sb, " (%zu captured)", p->len);
	return str_copy_n(buf, n, sb.s, sb.len);
}
