/* test_nft_eval.c - each kind of nftables expression and statement the
 * walk evaluates, matching and not, against real packets: payload, meta,
 * ct, anonymous/named/interval/concatenated sets, verdict maps, binops,
 * and the statements' effects (mark set, nat, reject, limit, quota);
 * IPv6 packets (ip6 fields, icmpv6, ports after extension headers,
 * ipv6_addr sets) and fib against a host with two interfaces. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nft/nft.h"
#include "engine/nft/nft_eval.h"
#include "engine/nft/nft_value.h"
#include "tests/tap.h"

#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

enum pk { PK_SYN, PK_ACK, PK_UDP, PK_ICMP, PK_SYN6, PK_UDP6, PK_ICMP6, PK_SYN6_HBH, PK_SYN6_SPOOF };

/* An empty hop-by-hop header (8 bytes: PadN) between the fixed header
 * and TCP: ip6 nexthdr then reads 0, meta l4proto and th still tcp. */
static void add_hop_by_hop(struct packet *p)
{
	uint8_t *d = xmalloc(p->len + 8);
	memcpy(d, p->data, 40);
	d[40] = p->data[6];
	d[41] = 0;
	d[42] = 1; /* PadN of 4 */
	d[43] = 4;
	memset(d + 44, 0, 4);
	memcpy(d + 48, p->data + 40, p->len - 40);
	d[6] = 0;
	unsigned plen = ((unsigned)d[4] << 8 | d[5]) + 8;
	d[4] = (uint8_t)(plen >> 8);
	d[5] = (uint8_t)plen;
	free(p->data);
	p->data = d;
	p->len += 8;
	pkt_header_changed(p);
}

static struct packet *make(enum pk k)
{
	struct pkt_spec s = {.src.ip = 0x0a000002, .dst.ip = 0xc0000201, .ttl = 64};
	if (k >= PK_SYN6) {
		int f = FAMILY_IPV6;
		s.family = FAMILY_IPV6;
		inet_parse(k == PK_SYN6_SPOOF ? "2001:db8:99::9" : "2001:db8:77::9", &f, &s.src);
		inet_parse("2001:db8::1", &f, &s.dst);
		s.ttl = 60;
	}
	switch (k) {
	case PK_SYN:
	case PK_ACK:
		s.proto = 6, s.sport = 40000, s.dport = 22, s.tcp_flags = k == PK_SYN ? 0x02 : 0x10;
		break;
	case PK_UDP:
		s.proto = 17, s.sport = 5000, s.dport = 53;
		break;
	case PK_ICMP:
		s.proto = 1, s.icmp_type = 8, s.icmp_id = 7;
		break;
	case PK_SYN6:
	case PK_SYN6_HBH:
	case PK_SYN6_SPOOF:
		s.proto = 6, s.sport = 40000, s.dport = 22, s.tcp_flags = 0x02;
		break;
	case PK_UDP6:
		s.proto = 17, s.sport = 5000, s.dport = 53;
		break;
	case PK_ICMP6:
		s.proto = 58, s.icmp_type = 128, s.icmp_id = 7;
		break;
	}
	struct packet *p = packet_build(&s);
	if (k == PK_SYN6_HBH)
		add_hop_by_hop(p);
	if (k == PK_SYN6_SPOOF)
		p->mark = 0x22, strcpy(p->iif, "eth1");
	else
		strcpy(p->iif, "eth0");
	p->mark = 0x22;
	return p;
}

static const char sets[] =
	"set allow { type ipv4_addr . inet_service; flags interval; "
	"elements = { 10.0.0.0/24 . 22, 10.0.1.1 . 80 } }\n"
	"set ports { type inet_service; elements = { 53, 1000-2000 } }\n"
	"set nets6 { type ipv6_addr; flags interval; elements = { 2001:db8:77::/48, fd00::1-fd00::9 } }\n"
	"set pair6 { type ipv6_addr . inet_service; flags interval; elements = { 2001:db8::/32 . 22 } }\n";

/* The rule alone in an inet chain at input, with the sets above. */
static bool load(const char *rule, struct nft_ruleset *rs)
{
	char text[1024];
	snprintf(text, sizeof(text),
		 "table inet t {\n%s chain c {\n type filter hook input priority 0;\n %s\n }\n}\n", sets, rule);
	struct nf_error err = {.col = -1};
	if (nft_load_text(text, "vector", NULL, rs, &err) || nft_check(rs, &err)) {
		diag("%s: %d:%d: %s", rule, err.line, err.col, err.msg);
		return false;
	}
	return true;
}

/* eth0 2001:db8::1/64 with the default route, eth1 fd00:1::1/64; IPv4
 * 192.0.2.1/24 on eth0 and 10.0.0.1/24 on eth1. */
static void host(struct netconf *n)
{
	static const struct {
		const char *name, *a4, *a6;
	} ifs[] = {{"eth0", "192.0.2.1", "2001:db8::1"}, {"eth1", "10.0.0.1", "fd00:1::1"}};
	struct nf_error err = {.col = -1};
	for (size_t i = 0; i < ARRAY_SIZE(ifs); i++) {
		struct iface ifc = {.naddr = 1, .naddr6 = 1};
		snprintf(ifc.name, sizeof(ifc.name), "%s", ifs[i].name);
		addr_parse(ifs[i].a4, &ifc.addr[0]);
		ifc.plen[0] = 24;
		union inet_addr a;
		int f = FAMILY_IPV6;
		inet_parse(ifs[i].a6, &f, &a);
		ifc.addr6[0] = a.in6;
		ifc.plen6[0] = 64;
		if (netconf_add_iface(n, &ifc, &err))
			diag("iface %s: %s", ifs[i].name, err.msg);
	}
	if (netconf_add_route_family(n, FAMILY_IPV6, "default via 2001:db8::ff dev eth0", &err) ||
	    netconf_add_route(n, "default via 192.0.2.254 dev eth0", &err))
		diag("route: %s", err.msg);
}

struct run {
	bool matched;
	struct nft_verdict v;
	char chain[32]; /* v.chain, copied before the tree is freed */
	struct nft_ctx c;
};

static bool run(const char *rule, enum pk k, enum ct_info ci, struct run *out, struct packet **keep)
{
	struct nft_ruleset rs;
	if (!load(rule, &rs))
		return false;
	static struct conntrack ct;
	static struct netconf net;
	static bool init;
	if (!init) {
		conntrack_init(&ct);
		netconf_init(&net);
		host(&net);
		init = true;
	}
	struct nft_states st = {0};
	struct packet *p = make(k);
	p->ctinfo = ci;
	out->c = (struct nft_ctx){.p = p, .net = &net, .ct = &ct, .states = &st,
				  .table = &rs.tables[0], .hook = HOOK_INPUT, .in = p->iif};
	struct nft_test res[NFT_MAX_TESTS];
	int nres = 0;
	out->matched = nft_rule_eval(&rs.tables[0].chains[0].rules[0], &out->c, res, NFT_MAX_TESTS, &nres, &out->v);
	for (int i = 0; i < nres; i++)
		diag("  %s %s", res[i].ok ? "+" : "-", res[i].text);
	snprintf(out->chain, sizeof(out->chain), "%s", out->v.chain ? out->v.chain : "");
	out->v.chain = NULL;
	nft_states_free(&st);
	nft_ruleset_free(&rs);
	if (keep)
		*keep = p;
	else
		packet_free(p);
	return true;
}

static const struct vec {
	const char *rule;
	enum pk pkt;
	enum ct_info ct;
	bool match;
} vecs[] = {
	/* payload */
	{"ip saddr 10.0.0.2 accept", PK_SYN, CTINFO_NEW, true},
	{"ip saddr 10.0.0.3 accept", PK_SYN, CTINFO_NEW, false},
	{"ip daddr 192.0.2.0/24 accept", PK_SYN, CTINFO_NEW, true},
	{"ip daddr != 192.0.2.0/24 accept", PK_SYN, CTINFO_NEW, false},
	{"ip protocol tcp accept", PK_SYN, CTINFO_NEW, true},
	{"ip protocol udp accept", PK_SYN, CTINFO_NEW, false},
	{"tcp dport 22 accept", PK_SYN, CTINFO_NEW, true},
	{"tcp dport 22 accept", PK_UDP, CTINFO_NEW, false},
	{"tcp dport ssh accept", PK_SYN, CTINFO_NEW, true},
	{"tcp window 64240 tcp doff 5 tcp urgptr 0 accept", PK_SYN, CTINFO_NEW, true},
	{"tcp window 1024 accept", PK_SYN, CTINFO_NEW, false},
	{"tcp sequence 0 tcp ackseq 0 accept", PK_SYN, CTINFO_NEW, true},
	{"udp length 8 accept", PK_UDP, CTINFO_NEW, true},
	{"udp length 8 accept", PK_SYN, CTINFO_NEW, false},
	{"ip hdrlength 5 ip ecn not-ect accept", PK_SYN, CTINFO_NEW, true},
	{"ip frag-off & 0x4000 != 0 accept", PK_SYN, CTINFO_NEW, true},
	{"ip frag-off & 0x1fff != 0 accept", PK_SYN, CTINFO_NEW, false},
	{"sctp dport 22 accept", PK_SYN, CTINFO_NEW, false},
	{"icmp sequence 0 accept", PK_ICMP, CTINFO_NEW, true},
	{"ip6 ecn not-ect accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 ecn not-ect accept", PK_SYN, CTINFO_NEW, false},
	{"tcp sport 1024-65535 accept", PK_SYN, CTINFO_NEW, true},
	{"tcp dport < 1024 accept", PK_SYN, CTINFO_NEW, true},
	{"tcp dport > 1024 accept", PK_SYN, CTINFO_NEW, false},
	/* each operator at the boundary (dport 22) */
	{"tcp dport < 22 accept", PK_SYN, CTINFO_NEW, false},
	{"tcp dport <= 22 accept", PK_SYN, CTINFO_NEW, true},
	{"tcp dport > 22 accept", PK_SYN, CTINFO_NEW, false},
	{"tcp dport >= 22 accept", PK_SYN, CTINFO_NEW, true},
	{"tcp dport != 22 accept", PK_SYN, CTINFO_NEW, false},
	{"tcp dport >= 23 accept", PK_SYN, CTINFO_NEW, false},
	{"tcp dport <= 21 accept", PK_SYN, CTINFO_NEW, false},
	{"udp dport 53 accept", PK_UDP, CTINFO_NEW, true},
	{"udp dport 54 accept", PK_UDP, CTINFO_NEW, false},
	{"th dport 53 accept", PK_UDP, CTINFO_NEW, true},
	{"th dport 22 accept", PK_UDP, CTINFO_NEW, false},
	{"icmp type echo-request accept", PK_ICMP, CTINFO_NEW, true},
	{"icmp type echo-reply accept", PK_ICMP, CTINFO_NEW, false},
	{"tcp flags syn accept", PK_SYN, CTINFO_NEW, true},
	{"tcp flags syn accept", PK_ACK, CTINFO_NEW, false},
	{"tcp flags & (syn | ack) == syn accept", PK_SYN, CTINFO_NEW, true},
	{"tcp flags & (syn | ack) == syn accept", PK_ACK, CTINFO_NEW, false},
	{"ip6 saddr ::1 accept", PK_SYN, CTINFO_NEW, false},
	/* IPv6 */
	{"ip6 saddr 2001:db8:77::9 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 saddr 2001:db8:77::8 accept", PK_SYN6, CTINFO_NEW, false},
	{"ip6 saddr 2001:db8:77::/48 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 daddr != 2001:db8::/64 accept", PK_SYN6, CTINFO_NEW, false},
	{"ip6 saddr 2001:db8:77::9 accept", PK_SYN, CTINFO_NEW, false},
	{"ip saddr 10.0.0.2 accept", PK_SYN6, CTINFO_NEW, false},
	{"ip6 nexthdr tcp accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 nexthdr tcp accept", PK_SYN6_HBH, CTINFO_NEW, false},
	{"ip6 nexthdr 0 accept", PK_SYN6_HBH, CTINFO_NEW, true},
	{"meta l4proto tcp accept", PK_SYN6_HBH, CTINFO_NEW, true},
	{"tcp dport 22 accept", PK_SYN6_HBH, CTINFO_NEW, true},
	{"th dport 22 accept", PK_SYN6, CTINFO_NEW, true},
	{"udp dport 53 accept", PK_UDP6, CTINFO_NEW, true},
	{"ip6 hoplimit 60 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 hoplimit < 60 accept", PK_SYN6, CTINFO_NEW, false},
	{"ip6 length 20 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 length 28 accept", PK_SYN6_HBH, CTINFO_NEW, true},
	{"ip6 flowlabel 0 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 version 6 accept", PK_SYN6, CTINFO_NEW, true},
	{"icmpv6 type echo-request accept", PK_ICMP6, CTINFO_NEW, true},
	{"icmpv6 type echo-reply accept", PK_ICMP6, CTINFO_NEW, false},
	{"icmpv6 id 7 accept", PK_ICMP6, CTINFO_NEW, true},
	{"icmpv6 type echo-request accept", PK_ICMP, CTINFO_NEW, false},
	{"icmp type echo-request accept", PK_ICMP6, CTINFO_NEW, false},
	{"meta l4proto ipv6-icmp accept", PK_ICMP6, CTINFO_NEW, true},
	{"meta nfproto ipv6 accept", PK_SYN6, CTINFO_NEW, true},
	{"meta nfproto ipv4 accept", PK_SYN6, CTINFO_NEW, false},
	{"ip6 saddr @nets6 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 saddr @nets6 accept", PK_SYN6_SPOOF, CTINFO_NEW, false},
	{"ip6 daddr { fd00::1-fd00::9, 2001:db8::1 } accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 daddr { fd00::1-fd00::9 } accept", PK_SYN6, CTINFO_NEW, false},
	{"ip6 saddr . tcp dport @pair6 accept", PK_SYN6, CTINFO_NEW, true},
	{"ip6 saddr . tcp dport @pair6 accept", PK_UDP6, CTINFO_NEW, false},
	/* fib */
	{"fib saddr . iif oif missing drop", PK_SYN6, CTINFO_NEW, false},
	{"fib saddr . iif oif missing drop", PK_SYN6_SPOOF, CTINFO_NEW, true},
	{"fib saddr oif \"eth0\" accept", PK_SYN6_SPOOF, CTINFO_NEW, true},
	{"fib saddr . iif oif exists accept", PK_SYN, CTINFO_NEW, false}, /* 10.0.0.2 routes via eth1 */
	{"fib saddr oif \"eth1\" accept", PK_SYN, CTINFO_NEW, true},
	{"fib daddr type local accept", PK_SYN6, CTINFO_NEW, true},
	{"fib daddr . iif type local accept", PK_SYN6, CTINFO_NEW, true},
	{"fib daddr . iif type local accept", PK_SYN6_SPOOF, CTINFO_NEW, false}, /* arrived on eth1 */
	{"fib saddr type unicast accept", PK_SYN6, CTINFO_NEW, true},
	{"fib daddr type { local, broadcast } accept", PK_SYN, CTINFO_NEW, true},
	/* meta */
	{"iifname \"eth0\" accept", PK_SYN, CTINFO_NEW, true},
	{"iifname \"eth*\" accept", PK_SYN, CTINFO_NEW, true},
	{"iifname \"eth1\" accept", PK_SYN, CTINFO_NEW, false},
	/* a name pattern: only a trailing * is a wildcard; * alone is any */
	{"iifname \"*\" accept", PK_SYN, CTINFO_NEW, true},
	{"iifname \"eth0*\" accept", PK_SYN, CTINFO_NEW, true},
	{"iifname \"eth\" accept", PK_SYN, CTINFO_NEW, false},
	{"iifname \"eth00\" accept", PK_SYN, CTINFO_NEW, false},
	{"iifname \"eth0x*\" accept", PK_SYN, CTINFO_NEW, false},
	{"iifname != \"et*\" accept", PK_SYN, CTINFO_NEW, false},
	{"iifname { \"lo\", \"eth*\" } accept", PK_SYN, CTINFO_NEW, true},
	{"iif \"eth0\" accept", PK_SYN, CTINFO_NEW, true},
	{"oifname \"eth0\" accept", PK_SYN, CTINFO_NEW, false},
	{"meta mark 0x22 accept", PK_SYN, CTINFO_NEW, true},
	{"meta mark 0x23 accept", PK_SYN, CTINFO_NEW, false},
	{"mark & 0xf0 == 0x20 accept", PK_SYN, CTINFO_NEW, true},
	{"meta l4proto { tcp, udp } accept", PK_UDP, CTINFO_NEW, true},
	{"meta l4proto { tcp, udp } accept", PK_ICMP, CTINFO_NEW, false},
	{"meta nfproto ipv4 accept", PK_SYN, CTINFO_NEW, true},
	{"meta nfproto ipv6 accept", PK_SYN, CTINFO_NEW, false},
	{"meta pkttype host accept", PK_SYN, CTINFO_NEW, true},
	{"meta pkttype broadcast accept", PK_SYN, CTINFO_NEW, false},
	/* ct */
	{"ct state established,related accept", PK_ACK, CTINFO_ESTABLISHED, true},
	{"ct state established,related accept", PK_SYN, CTINFO_NEW, false},
	{"ct state new accept", PK_SYN, CTINFO_NEW, true},
	{"ct state invalid drop", PK_SYN, CTINFO_INVALID, true},
	{"ct state untracked accept", PK_SYN, CTINFO_UNTRACKED, true},
	{"ct direction original accept", PK_SYN, CTINFO_NEW, false}, /* no entry: nothing to read */
	/* sets */
	{"tcp dport { 22, 80 } accept", PK_SYN, CTINFO_NEW, true},
	{"tcp dport { 23, 80 } accept", PK_SYN, CTINFO_NEW, false},
	{"udp dport @ports accept", PK_UDP, CTINFO_NEW, true},
	{"tcp sport @ports accept", PK_SYN, CTINFO_NEW, false},
	{"ip saddr . tcp dport @allow accept", PK_SYN, CTINFO_NEW, true},
	{"ip saddr . udp dport @allow accept", PK_UDP, CTINFO_NEW, false},
	{"ip saddr . tcp dport { 10.0.0.2 . 22 } accept", PK_SYN, CTINFO_NEW, true},
	{"ip saddr . tcp dport { 10.0.0.2 . 23 } accept", PK_SYN, CTINFO_NEW, false},
	{"ip saddr != { 10.0.0.0/8 } accept", PK_SYN, CTINFO_NEW, false},
	/* verdict maps */
	{"meta l4proto vmap { tcp : accept, udp : drop }", PK_UDP, CTINFO_NEW, true},
	{"meta l4proto vmap { tcp : accept, udp : drop }", PK_ICMP, CTINFO_NEW, false},
	/* statements that do not decide */
	{"counter", PK_SYN, CTINFO_NEW, true},
	{"log prefix \"x \"", PK_SYN, CTINFO_NEW, true},
	{"quota over 10 bytes drop", PK_SYN, CTINFO_NEW, true},
	{"quota until 100 bytes accept", PK_SYN, CTINFO_NEW, true},
	{"quota until 10 bytes accept", PK_SYN, CTINFO_NEW, false},
};

static void verdicts(void)
{
	struct run r;
	ok(run("tcp dport 22 accept", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_ACCEPT, "accept");
	ok(run("tcp dport 22 drop", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_DROP, "drop");
	ok(run("tcp dport 22 jump c", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_JUMP &&
		   !strcmp(r.chain, "c"),
	   "jump names its chain");
	ok(run("goto c", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_GOTO, "goto");
	ok(run("return", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_RETURN, "return");
	ok(run("counter", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_CONTINUE, "counter continues");
	ok(run("meta l4proto vmap { tcp : accept, udp : drop }", PK_UDP, CTINFO_NEW, &r, NULL) &&
		   r.v.kind == NFTV_DROP,
	   "vmap: udp maps to drop");
	struct packet *p;
	ok(run("meta mark set 0x7", PK_SYN, CTINFO_NEW, &r, &p) && p->mark == 7, "meta mark set");
	packet_free(p);
	ok(run("meta mark set mark and 0xf0 xor 0x1", PK_SYN, CTINFO_NEW, &r, &p) && p->mark == 0x21,
	   "meta mark set from an expression (0x22 & 0xf0 ^ 1)");
	packet_free(p);
	ok(run("reject with tcp reset", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_DROP &&
		   r.c.rejected && r.c.spawn,
	   "reject with tcp reset: drop and a reset");
	packet_free(r.c.spawn);
	ok(run("reject with tcp reset", PK_SYN6, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_DROP && r.c.spawn &&
		   pkt_family(r.c.spawn) == FAMILY_IPV6 && (pkt_tcp_flags(r.c.spawn) & TCPF_RST),
	   "reject with tcp reset over IPv6: an IPv6 reset");
	packet_free(r.c.spawn);
	ok(run("reject with tcp reset", PK_UDP6, CTINFO_NEW, &r, NULL) && !r.matched && r.v.kind == NFTV_CONTINUE,
	   "reject with tcp reset: a UDP packet does not match (meta l4proto tcp)");
	uint8_t ty = 0, co = 0;
	ok(run("reject with icmpx admin-prohibited", PK_UDP6, CTINFO_NEW, &r, NULL) && r.c.spawn &&
		   pkt_family(r.c.spawn) == FAMILY_IPV6 && pkt_icmp(r.c.spawn, &ty, &co) && ty == 1 && co == 1,
	   "icmpx admin-prohibited over IPv6: ICMPv6 type 1 code 1 (got %u/%u)", ty, co);
	packet_free(r.c.spawn);
	ok(run("reject", PK_UDP6, CTINFO_NEW, &r, NULL) && r.c.spawn && pkt_icmp(r.c.spawn, &ty, &co) &&
		   ty == 1 && co == 4,
	   "reject over IPv6: ICMPv6 port unreachable (code 4)");
	packet_free(r.c.spawn);
	ok(run("reject with icmp host-unreachable", PK_UDP6, CTINFO_NEW, &r, NULL) && !r.matched && !r.c.spawn,
	   "reject with icmp: an IPv6 packet does not match (meta nfproto ipv4)");
	ok(run("reject with icmpv6 addr-unreachable", PK_UDP6, CTINFO_NEW, &r, NULL) && r.c.spawn &&
		   pkt_icmp(r.c.spawn, &ty, &co) && ty == 1 && co == 3,
	   "reject with icmpv6 addr-unreachable: code 3");
	packet_free(r.c.spawn);
	ok(run("notrack", PK_SYN, CTINFO_NONE, &r, &p) && p->ctinfo == CTINFO_UNTRACKED, "notrack");
	packet_free(p);
	ok(run("masquerade", PK_SYN, CTINFO_NEW, &r, NULL) && r.v.kind == NFTV_ACCEPT &&
		   strstr(r.c.why, "no connection to bind"),
	   "masquerade of an untracked packet binds nothing");
}

/* What the walk cannot evaluate is refused at load with its place. */
static void refusals(void)
{
	static const char *const bad[] = {"meta cpu 1 accept", "dup to 10.0.0.1", "numgen inc mod 1 0 accept",
					  "meta mark set 1 map @nope", "tcp dport 22 ct helper set \"nope\"",
					  "limit name \"nope\" accept", "fib saddr . daddr oif missing drop",
					  "fib saddr . iif . oif oif missing drop", "update @nope { ip saddr }",
					  "ip checksum set 1", "tcp option maxseg count 1 accept", "ct id 1 accept"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char text[512];
		snprintf(text, sizeof(text), "table ip t {\n chain c {\n  %s\n }\n}\n", bad[i]);
		struct nft_ruleset rs;
		struct nf_error err = {.col = -1};
		int rc = nft_load_text(text, "v", NULL, &rs, &err);
		if (rc == 0)
			rc = nft_check(&rs, &err);
		ok(rc != 0 && err.line == 3 && err.msg[0], "refused at line 3: %s (%s)", bad[i], err.msg);
		nft_ruleset_free(&rs);
	}
}

/* nft_value.c keeps the constants it parsed and the readers it found by
 * address: other words or names at the same address get their own. */
static void kept_answers(void)
{
	char words[16] = "22";
	struct nval v;
	ok(nval_parse(DT_PORT, words, &v) && v.n == 22, "a port constant parsed");
	strcpy(words, "80");
	ok(nval_parse(DT_PORT, words, &v) && v.n == 80, "other words at its address parsed anew");
	strcpy(words, "ssh");
	ok(nval_parse(DT_PORT, words, &v) && v.n == 22, "a service's name at that address");
	ok(!nval_parse(DT_IPV4, words, &v), "the same words as another type: that type's answer");
	strcpy(words, "10.0.0.1");
	ok(nval_parse(DT_IPV4, words, &v) && v.n == 0x0a000001, "an address at that address");

	struct packet *p = make(PK_SYN);
	struct nft_ctx c = {.p = p};
	struct nft_selector sel = {.proto = "tcp", .field = "dport", .type = DT_PORT};
	ok(nval_read(&c, &sel, &v) && v.n == 22, "tcp dport read");
	sel.field = "sport";
	ok(nval_read(&c, &sel, &v) && v.n == 40000, "another field at the selector's address read anew");
	sel.proto = "udp";
	ok(!nval_read(&c, &sel, &v), "udp sport of a tcp packet: nothing to read");
	packet_free(p);
}

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(vecs); i++) {
		struct run r;
		bool loaded = run(vecs[i].rule, vecs[i].pkt, vecs[i].ct, &r, NULL);
		ok(loaded && r.matched == vecs[i].match, "%s: %s (packet %d)", vecs[i].rule,
		   vecs[i].match ? "matches" : "does not match", vecs[i].pkt);
	}
	verdicts();
	refusals();
	kept_answers();
	return tap_done();
}
