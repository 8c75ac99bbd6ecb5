/* test_rule_ip6.c - ip6tables rules on IPv6 packet bytes: the ip6t_ip6
 * part (addresses by prefix and by mask, -p after the extension headers),
 * ip6tables' own matches on headers crafted here, the HL target, REJECT's
 * IPv6 answers and LOG's IPv6 line; and an iptables rule never matching
 * an IPv6 packet (nor the other way round). */
#include <stdlib.h>
#include <string.h>

#include "engine/track/wire6.h"
#include "engine/xt/rule.h"
#include "tests/tap.h"
#include "tests/unit/rules_fixture.h"

static struct engine eng;
static char last[128];

static union inet_addr A6(const char *s)
{
	union inet_addr a = {0};
	int fam = FAMILY_IPV6;
	inet_parse(s, &fam, &a);
	return a;
}

static struct packet *mk6(uint8_t proto, const char *src, const char *dst, uint16_t dport)
{
	struct pkt_spec s = {.family = FAMILY_IPV6, .proto = proto, .src = A6(src),
			     .dst = A6(dst), .sport = 40000, .dport = dport, .ttl = 64,
			     .tcp_flags = TCPF_SYN};
	if (proto == PROTO_ICMPV6) {
		s.icmp_type = ICMPV6_ECHO_REQUEST;
		s.icmp_id = 7;
		s.icmp_seq = 1;
	}
	return packet_build(&s);
}

/* p with an extension header of type `type` (8 bytes, hdr[2..] given)
 * inserted after the fixed header. */
static struct packet *with_ext(struct packet *p, uint8_t type, const uint8_t rest[6])
{
	size_t n = p->len + 8;
	uint8_t *b = malloc(n);
	memcpy(b, p->data, 40);
	b[40] = b[IP6_OFF_NEXTHDR]; /* the header's next header: what followed */
	b[41] = 0;		    /* 8 bytes (the fragment header has no length) */
	memcpy(b + 42, rest, 6);
	memcpy(b + 48, p->data + 40, p->len - 40);
	b[IP6_OFF_NEXTHDR] = type;
	uint16_t plen = (uint16_t)(n - 40);
	b[4] = (uint8_t)(plen >> 8);
	b[5] = (uint8_t)plen;
	struct packet *q = packet_from_bytes(b, n);
	memcpy(q->src_mac, p->src_mac, 6);
	q->has_mac = p->has_mac;
	free(b);
	packet_free(p);
	return q;
}

static struct rule *parse6(const char *args, enum nf_table t, const char *chain)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse_family(args, FAMILY_IPV6, t, chain, 0, &err);
	if (!r)
		printf("# cannot parse %s: %s\n", args, err.msg);
	return r;
}

static bool matches_family(int family, const char *args, struct packet *p)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse_family(args, family, TABLE_FILTER, "INPUT", 0, &err);
	if (!r) {
		printf("# cannot parse %s: %s\n", args, err.msg);
		str_copy(last, sizeof(last), "PARSE ERROR");
		return false;
	}
	struct match_result res[RULE_MAX_RESULTS];
	int nres = 0;
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	bool m = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &nres);
	str_copy(last, sizeof(last), nres ? res[nres - 1].text : "");
	rule_free(r);
	return m;
}

static bool matches(const char *args, struct packet *p)
{
	return matches_family(FAMILY_IPV6, args, p);
}

static void test_ip6_part(void)
{
	struct packet *p = mk6(PROTO_TCP, "2001:db8::5", "2001:db8:1::1", 22);
	ok(matches("-s 2001:db8::/32 -d 2001:db8:1::1 -p tcp --dport 22", p), "prefix, host, -p tcp");
	ok(!matches("-s 2001:db8:2::/48", p), "another prefix");
	is_str(last, "-s 2001:db8:2::/48: no, src 2001:db8::5", "  explained");
	ok(matches("! -s 2001:db8:2::/48", p), "inverted");
	ok(matches("-s ::5/::ffff", p), "a mask written as an address (ip6tables takes it)");
	ok(!matches("-p udp", p), "-p udp");
	is_str(last, "-p udp: no, packet is tcp", "  explained");
	ok(!matches_family(FAMILY_IPV4, "-p tcp", p), "an iptables rule never matches IPv6");
	is_str(last, "iptables: no, the rule is for IPv4 packets only", "  explained");
	struct packet *v4 = mkpkt(PROTO_TCP, "10.0.1.2", 1000, "10.0.1.1", 22, TCPF_SYN);
	ok(!matches("-p tcp", v4), "nor an ip6tables rule IPv4");
	packet_free(v4);
	/* a hop-by-hop header (PadN) before TCP: -p is what follows it */
	static const uint8_t padn[6] = {1, 4, 0, 0, 0, 0};
	p = with_ext(p, NEXTHDR_HOP, padn);
	ok(matches("-p tcp", p), "-p tcp after a hop-by-hop header");
	ok(!matches("-p ipv6-opts", p) && matches("! -p ipv6-opts", p), "-p is not an extension header");
	ok(matches("-m ipv6header --header hop-by-hop,protocol", p), "ipv6header: exactly those");
	ok(!matches("-m ipv6header --header hop-by-hop", p), "  not without protocol");
	ok(matches("-m ipv6header --header hop-by-hop --soft", p), "  --soft: among them");
	ok(matches("-m hbh --hbh-len 8 --hbh-opts 1:4", p), "hbh: length and PadN option");
	ok(!matches("-m hbh --hbh-opts 1:2", p), "  not another option length");
	ok(!matches("-m dst", p), "no destination options header");
	packet_free(p);
}

static void test_icmp6_hl(void)
{
	struct packet *p = mk6(PROTO_ICMPV6, "fe80::1", "ff02::1", 0);
	ok(matches("-p ipv6-icmp -m icmp6 --icmpv6-type echo-request", p), "icmp6 by name");
	ok(matches("-p icmpv6 --icmpv6-type 128/0", p), "type/code, the match loaded by -p");
	ok(!matches("-p icmp6 -m icmp6 --icmpv6-type neighbour-solicitation", p), "another type");
	is_str(last, "-m icmp6 --icmpv6-type 135: no, type 128 code 0", "  explained");
	ok(matches("-m hl --hl-eq 64", p) && !matches("-m hl --hl-lt 64", p), "hop limit 64");
	struct rule *r = parse6("-j HL --hl-dec 5", TABLE_MANGLE, "PREROUTING");
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_MANGLE, HOOK_PREROUTING, "eth0", NULL);
	ok(r && r->target.type->exec(&r->target, &ctx) == V_CONTINUE &&
		   p->data[IP6_OFF_HOP_LIMIT] == 59,
	   "HL --hl-dec 5: 64 -> 59 (%s)", ctx.why);
	rule_free(r);
	packet_free(p);
}

static void test_frag(void)
{
	/* a first fragment with more to come, id 0x1234 */
	static const uint8_t first[6] = {0, 1, 0, 0, 0x12, 0x34};
	struct packet *p = with_ext(mk6(PROTO_UDP, "2001:db8::5", "2001:db8::1", 53),
				    NEXTHDR_FRAGMENT, first);
	ok(matches("-m frag --fragfirst --fragmore --fragid 0x1234", p), "frag: first, more, id");
	ok(!matches("-m frag --fraglast", p), "  not the last");
	ok(matches("-p udp --dport 53", p), "a first fragment shows its UDP header");
	packet_free(p);
	static const uint8_t later[6] = {0, 0x10, 0, 0, 0x12, 0x34}; /* offset 16, last */
	p = with_ext(mk6(PROTO_UDP, "2001:db8::5", "2001:db8::1", 53), NEXTHDR_FRAGMENT, later);
	ok(matches("-m frag --fraglast ! --fragid 1", p) && !matches("-m frag --fragfirst", p),
	   "a later fragment");
	ok(matches("-p udp", p), "-p is the fragment header's next header (ip6_packet_match)");
	packet_free(p);
}

static void test_reject_log(void)
{
	struct packet *p = mk6(PROTO_TCP, "2001:db8::5", "2001:db8::1", 23);
	struct rule *r = parse6("-p tcp -j REJECT --reject-with tcp-reset", TABLE_FILTER, "INPUT");
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	ok(r && r->target.type->exec(&r->target, &ctx) == V_DROP && ctx.rejected, "REJECT drops");
	ok(ctx.spawn && pkt_family(ctx.spawn) == FAMILY_IPV6 &&
		   (pkt_tcp_flags(ctx.spawn) & TCPF_RST),
	   "  with an IPv6 TCP reset: %s", ctx.why);
	packet_free(ctx.spawn);
	rule_free(r);
	r = parse6("-j REJECT", TABLE_FILTER, "INPUT");
	ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	r->target.type->exec(&r->target, &ctx);
	uint8_t type = 0, code = 0;
	ok(ctx.spawn && pkt_icmp(ctx.spawn, &type, &code) && type == 1 && code == 4,
	   "the default answer: ICMPv6 port unreachable (%s)", ctx.why);
	packet_free(ctx.spawn);
	rule_free(r);
	struct packet *fwd = mk6(PROTO_UDP, "2001:db8::5", "2001:db8:99::9", 53);
	r = parse6("-j REJECT --reject-with addr-unreach", TABLE_FILTER, "FORWARD");
	ctx = mkctx(&eng, fwd, TABLE_FILTER, HOOK_FORWARD, "eth3", "eth1");
	r->target.type->exec(&r->target, &ctx);
	union inet_addr from = ctx.spawn ? pkt_src(ctx.spawn) : (union inet_addr){0};
	union inet_addr want = A6("2001:db8::1");
	ok(ctx.spawn && inet_eq(&from, &want) && pkt_icmp(ctx.spawn, &type, &code) && code == 3,
	   "forwarded: the error comes from the address source selection picks (%s)", ctx.why);
	packet_free(ctx.spawn);
	packet_free(fwd);
	rule_free(r);
	r = parse6("-j LOG --log-prefix \"v6: \"", TABLE_FILTER, "INPUT");
	ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	r->target.type->exec(&r->target, &ctx);
	ok(strstr(ctx.why, "SRC=2001:db8::5 DST=2001:db8::1 LEN=60 TC=0 HOPLIMIT=64 FLOWLBL=0 "
			   "PROTO=TCP SPT=40000 DPT=23") != NULL,
	   "LOG's IPv6 line: %s", ctx.why);
	rule_free(r);
	packet_free(p);
}

/* -m recent's lists hold IPv6 addresses (masked by an IPv6 --mask) */
static void test_recent6(void)
{
	struct nf_error err = {.col = -1};
	struct rule *set = rule_parse_family("-m recent --set --name V6 --mask ffff:ffff::",
					     FAMILY_IPV6, TABLE_FILTER, "INPUT", 0, &err);
	struct rule *chk = rule_parse_family("-m recent --rcheck --name V6", FAMILY_IPV6,
					     TABLE_FILTER, "INPUT", 0, &err);
	struct packet *a = mk6(PROTO_UDP, "2001:db8:1::5", "2001:db8::1", 53);
	struct packet *b = mk6(PROTO_UDP, "2001:db8:2::5", "2001:db8::1", 53);
	struct xt_ctx ca = mkctx(&eng, a, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	struct xt_ctx cb = mkctx(&eng, b, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	struct match_result res[RULE_MAX_RESULTS];
	int nres = 0;
	/* the --set rule first: the list keeps the mask of the rule that made it */
	ok(set && chk && rule_match(set, &ca, res, RULE_MAX_RESULTS, &nres), "--set");
	is_str(res[nres - 1].text,
	       "-m recent --set --name V6 --mask ffff:ffff:: --rsource: yes, 2001:db8:: added to V6",
	       "  the masked IPv6 address is listed");
	ok(rule_match(chk, &cb, res, RULE_MAX_RESULTS, &nres),
	   "another address under the same /32 mask is seen");
	rule_free(set);
	rule_free(chk);
	packet_free(a);
	packet_free(b);
}

/* rpfilter_mt6 through the IPv6 routes: eth3 holds 2001:db8::1/64 */
static void test_rpfilter6(void)
{
	struct packet *p = mk6(PROTO_UDP, "2001:db8::5", "2001:db8::1", 53);
	struct rule *strict = parse6("-m rpfilter", TABLE_RAW, "PREROUTING");
	struct rule *loose = parse6("-m rpfilter --loose", TABLE_RAW, "PREROUTING");
	struct match_result res[RULE_MAX_RESULTS];
	int nres = 0;
	struct xt_ctx on3 = mkctx(&eng, p, TABLE_RAW, HOOK_PREROUTING, "eth3", NULL);
	struct xt_ctx on0 = mkctx(&eng, p, TABLE_RAW, HOOK_PREROUTING, "eth0", NULL);
	ok(strict && rule_match(strict, &on3, res, RULE_MAX_RESULTS, &nres),
	   "rpfilter: the way back to 2001:db8::5 is out of eth3, where it came in");
	is_str(nres ? res[nres - 1].text : "",
	       "-m rpfilter: yes, the way back to 2001:db8::5 is via eth3", "  explained");
	ok(!rule_match(strict, &on0, res, RULE_MAX_RESULTS, &nres), "  not when it came in on eth0");
	ok(loose && rule_match(loose, &on0, res, RULE_MAX_RESULTS, &nres), "  unless --loose");
	rule_free(strict);
	rule_free(loose);
	packet_free(p);
}

/* Family-neutral matches on IPv6 packets: iprange's IPv6 ranges,
 * addrtype's match_type6 (every type asked must hold; LOCAL, ANYCAST and
 * UNREACHABLE from the route look-up), connlimit's /128 default. */
static void test_neutral6(void)
{
	struct packet *in = mk6(PROTO_TCP, "2001:db8::5", "2001:db8::1", 22);
	struct packet *far = mk6(PROTO_TCP, "2001:db8::a", "2001:db8:77::1", 22);
	struct packet *mc = mk6(PROTO_UDP, "fe80::1", "ff02::1", 53);
	struct packet *any = mk6(PROTO_UDP, "2001:db8::5", "2001:db8::", 53);
	ok(matches("-m iprange --src-range 2001:db8::1-2001:db8::9", in),
	   "iprange: 2001:db8::5 in 2001:db8::1-2001:db8::9: %s", last);
	ok(!matches("-m iprange --src-range 2001:db8::1-2001:db8::9", far),
	   "  2001:db8::a is not: %s", last);
	ok(matches("-m iprange ! --dst-range 2001:db8::1-2001:db8::ffff", far),
	   "  inverted, the destination 2001:db8:77::1");
	ok(matches("-m iprange --src-range 2001:db8::5", in), "  a single address is A-A");
	ok(matches("-m addrtype --dst-type LOCAL", in), "addrtype: 2001:db8::1 is LOCAL: %s",
	   last);
	ok(!matches("-m addrtype --dst-type LOCAL", far), "  2001:db8:77::1 is not: %s", last);
	ok(matches("-m addrtype --dst-type UNREACHABLE", far), "  it is UNREACHABLE (no route)");
	ok(matches("-m addrtype --dst-type UNICAST --src-type UNICAST", in), "  both UNICAST");
	ok(matches("-m addrtype --dst-type MULTICAST", mc) &&
		   !matches("-m addrtype --dst-type MULTICAST", in),
	   "  ff02::1 is MULTICAST, 2001:db8::1 not");
	ok(!matches("-m addrtype --dst-type UNICAST,MULTICAST", mc),
	   "  UNICAST,MULTICAST asks both, as match_type6 does: %s", last);
	ok(matches("-m addrtype --dst-type ANYCAST", any) &&
		   !matches("-m addrtype --dst-type ANYCAST", in),
	   "  2001:db8:: is eth3's subnet-router anycast, 2001:db8::1 not");
	ok(!matches("-m addrtype --dst-type LOCAL --limit-iface-in", in),
	   "  with --limit-iface-in only eth0's own addresses are LOCAL: %s", last);
	ok(!matches("-m iprange --src-range 10.0.0.1-10.0.0.9", in) && strcmp(last, "PARSE ERROR") == 0,
	   "ip6tables refuses an IPv4 range");
	ok(!matches("-m addrtype --dst-type BROADCAST", in) && strcmp(last, "PARSE ERROR") == 0,
	   "ip6tables refuses addrtype BROADCAST");
	ok(!matches("-m addrtype --dst-type BLACKHOLE", in) && strcmp(last, "PARSE ERROR") == 0,
	   "  and BLACKHOLE");
	ok(!matches("-m connlimit --connlimit-above 1 --connlimit-mask 129", in) &&
		   strcmp(last, "PARSE ERROR") == 0,
	   "connlimit: an IPv6 mask is at most 128");
	ok(matches("-m connlimit --connlimit-upto 1 --connlimit-mask 64", in),
	   "  one connection from 2001:db8::/64: %s", last);
	ok(strstr(last, "from 2001:db8::/64") != NULL, "  keyed on the masked IPv6 source");
	packet_free(in);
	packet_free(far);
	packet_free(mc);
	packet_free(any);
}

/* -m socket looks up IPv6 sockets (nf_sk_lookup_slow_v6), -m pkttype
 * finds ff00::/8 multicast, -j AUDIT prints IPv6 addresses. */
static void test_socket_pkttype_audit6(void)
{
	struct socket_table socks;
	struct nf_error err = {.col = -1};
	sockets_init(&socks);
	ok(sockets_add(&socks, "tcp [2001:db8::1]:22", &err) == 0, "a socket on [2001:db8::1]:22");
	struct packet *ssh = mk6(PROTO_TCP, "2001:db8::5", "2001:db8::1", 22);
	struct packet *web = mk6(PROTO_TCP, "2001:db8::5", "2001:db8::1", 80);
	struct packet *mc = mk6(PROTO_UDP, "fe80::1", "ff02::fb", 5353);
	struct rule *r = parse6("-m socket", TABLE_MANGLE, "PREROUTING");
	struct match_result res[RULE_MAX_RESULTS];
	int nres = 0;
	struct xt_ctx ctx = mkctx(&eng, ssh, TABLE_MANGLE, HOOK_PREROUTING, "eth3", NULL);
	ctx.socks = &socks;
	ok(r && rule_match(r, &ctx, res, RULE_MAX_RESULTS, &nres),
	   "-m socket: tcp to [2001:db8::1]:22 has a socket: %s", nres ? res[nres - 1].text : "");
	ctx.p = web;
	ok(r && !rule_match(r, &ctx, res, RULE_MAX_RESULTS, &nres), "  port 80 has none: %s",
	   nres ? res[nres - 1].text : "");
	rule_free(r);
	ok(matches("-m pkttype --pkt-type multicast", mc) &&
		   !matches("-m pkttype --pkt-type multicast", ssh) &&
		   matches("-m pkttype --pkt-type unicast", ssh),
	   "-m pkttype: ff02::fb is multicast, 2001:db8::1 unicast");
	ok(!matches("-m pkttype --pkt-type broadcast", mc), "  and nothing is broadcast in IPv6");
	r = parse6("-j AUDIT --type accept", TABLE_FILTER, "INPUT");
	ctx = mkctx(&eng, ssh, TABLE_FILTER, HOOK_INPUT, "eth3", NULL);
	if (r)
		r->target.type->exec(&r->target, &ctx);
	is_str(ctx.why, "audit: type=1324 mark=0x0 saddr=2001:db8::5 daddr=2001:db8::1 proto=6",
	       "-j AUDIT: audit_ip6's addresses");
	rule_free(r);
	packet_free(ssh);
	packet_free(web);
	packet_free(mc);
	sockets_free(&socks);
}

/* -j TCPMSS on IPv6 (tcpmss_tg6): the path MTU less 60, and an added
 * option at most 1220; the payload length grows with it. */
static void test_tcpmss6(void)
{
	struct packet *syn = mk6(PROTO_TCP, "2001:db8::5", "2001:db8:1::1", 443);
	size_t len = syn->len;
	struct rule *r = parse6("-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400",
				TABLE_MANGLE, "FORWARD");
	struct xt_ctx ctx = mkctx(&eng, syn, TABLE_MANGLE, HOOK_FORWARD, "eth0", "eth3");
	if (r)
		r->target.type->exec(&r->target, &ctx);
	is_str(ctx.why, "MSS none -> 1220 (option added; --set-mss, at most 1220 as xt_TCPMSS for IPv6 says)",
	       "TCPMSS adds an MSS option to an IPv6 SYN, at most 1220");
	ok(syn->len == len + 4 && pkt_tot_len(syn) == len + 4 && pkt_tcp_hdr_len(syn) == 24,
	   "  the payload length and the TCP header grew by 4");
	rule_free(r);
	r = parse6("-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu",
		   TABLE_MANGLE, "FORWARD");
	ctx = mkctx(&eng, syn, TABLE_MANGLE, HOOK_FORWARD, "eth0", "eth3");
	if (r)
		r->target.type->exec(&r->target, &ctx);
	is_str(ctx.why, "MSS 1220 kept: not above 1440 (path MTU 1500 - 60); TCPMSS never raises it",
	       "--clamp-mss-to-pmtu: the path MTU less 60 for IPv6");
	rule_free(r);
	packet_free(syn);
}

static uint32_t hmark6(const char *args, const char *src, const char *dst, uint16_t sport,
		       uint16_t dport)
{
	struct packet *p = mk6(PROTO_UDP, src, dst, dport);
	struct packet *q = mk6(PROTO_UDP, dst, src, sport);
	struct rule *r = parse6(args, TABLE_MANGLE, "PREROUTING");
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_MANGLE, HOOK_PREROUTING, "eth0", NULL);
	uint32_t mark = 0;
	if (r) {
		r->target.type->exec(&r->target, &ctx);
		mark = p->mark;
		ctx.p = q; /* the reverse direction hashes the same (lower address first) */
		if (r && sport == 40000)
			r->target.type->exec(&r->target, &ctx);
		if (sport == 40000 && q->mark != mark)
			mark = 0xdeadbeef;
	}
	rule_free(r);
	packet_free(p);
	packet_free(q);
	return mark;
}

/* HMARK on IPv6 (hmark_pkt_set_htuple_ipv6): prefixes to 128, the
 * masked words folded, the same mark both ways. */
static void test_hmark6(void)
{
	const char *p64 = "-j HMARK --hmark-src-prefix 64 --hmark-dst-prefix 64 --hmark-rnd 0x1 "
			  "--hmark-mod 1000";
	const char *p128 = "-j HMARK --hmark-tuple src,dst --hmark-rnd 0x1 --hmark-mod 1000";
	uint32_t a = hmark6(p64, "2001:db8::5", "2001:db8:1::1", 40000, 53);
	uint32_t b = hmark6(p64, "2001:db8::6", "2001:db8:1::9", 40000, 53);
	ok(a != 0xdeadbeef && a == b, "HMARK /64: hosts of the same /64s share a mark (%u, %u)", a, b);
	uint32_t c = hmark6(p128, "2001:db8::5", "2001:db8:1::1", 40000, 53);
	uint32_t d = hmark6(p128, "2001:db8::6", "2001:db8:1::9", 40000, 53);
	ok(c != 0xdeadbeef && c != d, "  /128: they do not (%u, %u), and each is the same both ways",
	   c, d);
	struct rule *r = parse6("-j HMARK --hmark-src-prefix 128 --hmark-rnd 0x1 --hmark-mod 9",
				TABLE_MANGLE, "PREROUTING");
	struct strbuf sb = STRBUF_INIT;
	if (r)
		rule_format(r, &sb);
	ok(strstr(sb_str(&sb), "--hmark-src-prefix 128") != NULL, "  prints back /128: %s",
	   sb_str(&sb));
	sb_free(&sb);
	rule_free(r);
	struct nf_error err = {.col = -1};
	r = rule_parse_family("-j HMARK --hmark-src-prefix 129 --hmark-rnd 1 --hmark-mod 9",
			      FAMILY_IPV6, TABLE_MANGLE, "PREROUTING", 0, &err);
	ok(!r && strstr(err.msg, "0-128"), "  refuses 129: %s", err.msg);
	rule_free(r);
}

static void test_refusals(void)
{
	static const struct {
		const char *args, *want;
	} v[] = {
		{"-f", "ip6tables has no -f"},
		{"-p icmp -m icmp --icmp-type 8", "ip6tables has no match icmp"},
		{"-m ttl --ttl-eq 1", "ip6tables has no match ttl"},
		{"-j TTL --ttl-set 1", "ip6tables has no target TTL"},
		{"-s 10.0.0.1", "bad IPv6 address"},
		{"-m icmp6 --icmpv6-type 1", "needs -p ipv6-icmp"},
		{"-j TEE --gateway 2001:db8::1", "TEE (nf_dup_ipv6) is not modelled"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		struct nf_error err = {.col = -1};
		struct rule *r =
			rule_parse_family(v[i].args, FAMILY_IPV6, TABLE_MANGLE, "INPUT", 0, &err);
		ok(!r && strstr(err.msg, v[i].want), "ip6tables refuses %s: %s", v[i].args, err.msg);
		rule_free(r);
	}
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse("-m hl --hl-eq 1", TABLE_FILTER, "INPUT", 0, &err);
	ok(!r && strstr(err.msg, "iptables has no match hl"), "iptables has no -m hl: %s", err.msg);
	rule_free(r);
	r = rule_parse("-j HL --hl-set 1", TABLE_MANGLE, "PREROUTING", 0, &err);
	ok(!r && strstr(err.msg, "-j HL is taken as a user chain"),
	   "-j HL is a user chain to iptables: %s", err.msg);
	rule_free(r);
	struct ruleset rs;
	ruleset_init_family(&rs, FAMILY_IPV6);
	ok(ruleset_command(&rs, "ip6tables -A INPUT -s fe80::/10 -j ACCEPT", 1, &err) == 0,
	   "an ip6tables command for the IPv6 rules");
	ok(ruleset_command(&rs, "-A INPUT -m set --match-set blocked src -j DROP", 2, &err) < 0 &&
		   strstr(err.msg, "IPv6 set (family inet6)"),
	   "-m set: %s", err.msg);
	ok(ruleset_command(&rs, "iptables -A INPUT -j ACCEPT", 2, &err) < 0 &&
		   strstr(err.msg, "IPv6 (ip6tables) rules"),
	   "not an iptables one: %s", err.msg);
	ok(ruleset_command_family("/sbin/ip6tables-legacy -A INPUT") == FAMILY_IPV6 &&
		   ruleset_command_family("iptables -A INPUT") == FAMILY_IPV4 &&
		   ruleset_command_family("-A INPUT") == FAMILY_IPV4,
	   "a command's family is its program's");
	ruleset_free(&rs);
}

int main(void)
{
	fixture_init(&eng);
	struct iface eth3 = {.name = "eth3", .naddr6 = 1, .plen6 = {64}};
	addr6_parse("2001:db8::1", &eth3.addr6[0]);
	netconf_add_iface(&eng.net, &eth3, NULL);
	test_ip6_part();
	test_icmp6_hl();
	test_frag();
	test_reject_log();
	test_recent6();
	test_rpfilter6();
	test_neutral6();
	test_socket_pkttype_audit6();
	test_tcpmss6();
	test_hmark6();
	test_refusals();
	fixture_free(&eng);
	return tap_done();
}
