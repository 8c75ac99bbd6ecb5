/* test_rule_match.c - rule_match on real packet bytes: the ipt_ip part in
 * the kernel's order, each match, the explanations, and the rule that the
 * last explanation is the test that failed. */
#include <stdlib.h>
#include <string.h>

#include "engine/track/conntrack.h"
#include "engine/xt/rule.h"
#include "tests/tap.h"
#include "tests/unit/rules_fixture.h"

static struct engine eng;

struct hookpos {
	enum nf_table table;
	enum nf_hook hook;
	const char *chain, *in, *out;
};

static const struct hookpos INPUT_ETH0 = {TABLE_FILTER, HOOK_INPUT, "INPUT", "eth0", NULL};
static const struct hookpos FWD_0_1 = {TABLE_FILTER, HOOK_FORWARD, "FORWARD", "eth0", "eth1"};
/* a user chain called from OUTPUT: -i is accepted there, and finds nothing */
static const struct hookpos OUTPUT_USER = {TABLE_FILTER, HOOK_OUTPUT, "mine", NULL, "eth1"};
static const struct hookpos RAW_PRE = {TABLE_RAW, HOOK_PREROUTING, "PREROUTING", "eth0", NULL};

static char last[128];
static int nres;

/* Does packet p match rule `args` at position at?  `last` gets the final
 * explanation. */
static bool matches(const char *args, struct packet *p, const struct hookpos *at)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse(args, at->table, at->chain, 0, &err);
	if (!r) {
		printf("# cannot parse %s: %s\n", args, err.msg);
		snprintf(last, sizeof(last), "PARSE ERROR");
		return false;
	}
	struct match_result res[RULE_MAX_RESULTS];
	struct xt_ctx ctx = mkctx(&eng, p, at->table, at->hook, at->in, at->out);
	nres = 0;
	bool m = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &nres);
	str_copy(last, sizeof(last), nres ? res[nres - 1].text : "");
	rule_free(r);
	return m;
}

#define YES(args, p, at, text)                                                             \
	do {                                                                               \
		ok(matches(args, p, at), "matches: %s", args);                             \
		is_str(last, text, "  explained");                                         \
	} while (0)
#define NO(args, p, at, text)                                                              \
	do {                                                                               \
		ok(!matches(args, p, at), "no match: %s", args);                           \
		is_str(last, text, "  explained");                                         \
	} while (0)

static void test_ip_part(void)
{
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "192.0.2.9", 80, TCPF_SYN);
	YES("-s 10.0.1.0/24", p, &FWD_0_1, "-s 10.0.1.0/24: yes, src 10.0.1.2");
	NO("! -s 10.0.0.0/8", p, &FWD_0_1, "! -s 10.0.0.0/8: no, src 10.0.1.2");
	NO("-s 10.0.0.0/8 -d 10.0.0.0/8", p, &FWD_0_1, "-d 10.0.0.0/8: no, dst 192.0.2.9");
	is_int(nres, 2, "  two tests ran, the failing one last");
	YES("-i eth+ -o eth1", p, &FWD_0_1, "-o eth1: yes, output eth1");
	NO("-i eth1", p, &FWD_0_1, "-i eth1: no, input eth0");
	NO("! -i +", p, &FWD_0_1, "! -i +: no, input eth0");
	NO("-i eth0", p, &OUTPUT_USER, "-i eth0: no, no input interface here");
	NO("-p udp", p, &FWD_0_1, "-p udp: no, packet is tcp");
	YES("! -p udp", p, &FWD_0_1, "! -p udp: yes, packet is tcp");
	YES("-p all", p, &FWD_0_1, "");
	is_int(nres, 0, "  -p all tests nothing");
	NO("-f", p, &FWD_0_1, "-f: no, not a later fragment");
	YES("! -f", p, &FWD_0_1, "! -f: yes, not a later fragment");
	/* a second fragment: offset 1480, no TCP header */
	p->data[6] = 0x00;
	p->data[7] = 185;
	pkt_header_changed(p); /* bytes the memo read */
	packet_fix_checksums(p);
	YES("-f", p, &FWD_0_1, "-f: yes, a later fragment (offset 1480)");
	NO("-p tcp --dport 80", p, &FWD_0_1,
	   "-m tcp --dport 80: no, a later fragment has no TCP header");
	packet_free(p);
}

static void test_tcp_udp_icmp(void)
{
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "10.0.1.1", 22, TCPF_SYN);
	YES("-p tcp --dport 22", p, &INPUT_ETH0, "-m tcp --dport 22: yes, sport 40000, dport 22");
	NO("-p tcp --dport 1:21", p, &INPUT_ETH0, "-m tcp --dport 1:21: no, dport 22");
	YES("-p tcp ! --sport 1:1023", p, &INPUT_ETH0,
	    "-m tcp ! --sport 1:1023: yes, sport 40000, dport 22");
	YES("-p tcp --syn", p, &INPUT_ETH0,
	    "-m tcp --tcp-flags FIN,SYN,RST,ACK SYN: yes, flags [S]");
	NO("-p tcp ! --syn", p, &INPUT_ETH0,
	   "-m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN: no, flags [S]");
	NO("-p tcp --tcp-option 2", p, &INPUT_ETH0, "-m tcp --tcp-option 2: no, TCP option 2 absent");
	packet_free(p);

	/* a SYN carrying MSS 1460 (kind 2, length 4) */
	struct pkt_spec s = {.proto = PROTO_TCP, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.1.1"),
			     .sport = 1, .dport = 2, .tcp_flags = TCPF_SYN, .payload = 4};
	p = packet_build(&s);
	uint8_t *th = p->data + 20;
	th[12] = 6 << 4;
	memcpy(th + 20, (const uint8_t[]){2, 4, 0x05, 0xb4}, 4);
	packet_fix_checksums(p);
	YES("-p tcp --tcp-option 2", p, &INPUT_ETH0,
	    "-m tcp --tcp-option 2: yes, sport 1, dport 2");
	NO("-p tcp ! --tcp-option 2", p, &INPUT_ETH0,
	   "-m tcp ! --tcp-option 2: no, TCP option 2 present");
	packet_free(p);

	p = mkpkt(PROTO_UDP, "10.0.1.2", 5353, "10.0.1.1", 53, 0);
	YES("-p udp --dport domain", p, &INPUT_ETH0, "-m udp --dport 53: yes, sport 5353, dport 53");
	YES("-p udp -m multiport --ports 1,53:60", p, &INPUT_ETH0,
	    "-m multiport --ports 1,53:60: yes, sport 5353, dport 53");
	NO("-p udp -m multiport --sports 53", p, &INPUT_ETH0,
	   "-m multiport --sports 53: no, sport 5353, dport 53");
	YES("-p udp -m multiport ! --dports 54,55", p, &INPUT_ETH0,
	    "-m multiport ! --dports 54,55: yes, sport 5353, dport 53");
	packet_free(p);

	p = mkpkt(PROTO_ICMP, "10.0.1.2", 7, "10.0.1.1", 0, 0);
	YES("-p icmp --icmp-type echo-request", p, &INPUT_ETH0,
	    "-m icmp --icmp-type 8: yes, type 8 code 0");
	NO("-p icmp --icmp-type 8/1", p, &INPUT_ETH0, "-m icmp --icmp-type 8/1: no, type 8 code 0");
	YES("-p icmp --icmp-type any", p, &INPUT_ETH0, "-m icmp --icmp-type any: yes, type 8 code 0");
	/* type 255 is "any" to the kernel whatever the codes */
	YES("-p icmp --icmp-type 255/3", p, &INPUT_ETH0,
	    "-m icmp --icmp-type 255/3: yes, type 8 code 0");
	NO("-p icmp ! --icmp-type ping", p, &INPUT_ETH0,
	   "-m icmp ! --icmp-type 8: no, type 8 code 0");
	packet_free(p);
}

static void test_simple_matches(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.1.1", 53, 0);
	p->mark = 0x12;
	YES("-m mark --mark 0x2/0xf", p, &INPUT_ETH0, "-m mark --mark 0x2/0xf: yes, mark 0x12");
	NO("-m mark ! --mark 0x12", p, &INPUT_ETH0, "-m mark ! --mark 0x12: no, mark 0x12");
	YES("-m iprange --src-range 10.0.1.1-10.0.1.9", p, &INPUT_ETH0,
	    "-m iprange --src-range 10.0.1.1-10.0.1.9: yes, src 10.0.1.2");
	NO("-m iprange ! --dst-range 10.0.1.1-10.0.1.1", p, &INPUT_ETH0,
	   "-m iprange ! --dst-range 10.0.1.1-10.0.1.1: no, dst 10.0.1.1");
	YES("-m comment --comment hello", p, &INPUT_ETH0,
	    "-m comment --comment hello: yes, a comment always matches");
	YES("-m length --length 28", p, &INPUT_ETH0, "-m length --length 28: yes, length 28");
	NO("-m length ! --length 0:100", p, &INPUT_ETH0,
	   "-m length ! --length 0:100: no, length 28");
	YES("-m ttl --ttl-gt 63", p, &INPUT_ETH0, "-m ttl --ttl-gt 63: yes, ttl 64");
	NO("-m ttl ! --ttl-eq 64", p, &INPUT_ETH0, "-m ttl ! --ttl-eq 64: no, ttl 64");
	NO("-m ttl --ttl-lt 64", p, &INPUT_ETH0, "-m ttl --ttl-lt 64: no, ttl 64");
	NO("-m mac --mac-source 02:00:00:00:00:09", p, &INPUT_ETH0,
	   "-m mac --mac-source 02:00:00:00:00:09: no, no Ethernet header");
	NO("-m mac ! --mac-source 02:00:00:00:00:09", p, &INPUT_ETH0,
	   "-m mac ! --mac-source 02:00:00:00:00:09: no, no Ethernet header");
	p->has_mac = true;
	memcpy(p->src_mac, (const uint8_t[]){2, 0, 0, 0, 0, 9}, 6);
	YES("-m mac --mac-source 02:00:00:00:00:09", p, &INPUT_ETH0,
	    "-m mac --mac-source 02:00:00:00:00:09: yes, source MAC 02:00:00:00:00:09");
	pkt_set_tos(p, 0xb8); /* EF with ECN 0 */
	YES("-m dscp --dscp-class EF", p, &INPUT_ETH0, "-m dscp --dscp 0x2e: yes, dscp 0x2e");
	YES("-m tos --tos 0x18/0x18", p, &INPUT_ETH0, "-m tos --tos 0x18/0x18: yes, tos 0xb8");
	NO("-m tos --tos Minimize-Delay", p, &INPUT_ETH0, "-m tos --tos 0x10/0x3f: no, tos 0xb8");
	packet_free(p);
}

/* addrtype looks in the local table only: on Linux 6.18 a packet to
 * 10.99.0.1 with "blackhole 10.99.0.0/16" in main counted as UNICAST, not
 * BLACKHOLE, with and without a custom ip rule (checked in a namespace). */
static void test_addrtype(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.2.1", 53, 0);
	YES("-m addrtype --dst-type LOCAL", p, &INPUT_ETH0,
	    "-m addrtype --dst-type LOCAL: yes, dst 10.0.2.1 is LOCAL");
	/* 10.0.2.1 belongs to eth2: not LOCAL when only eth0's routes count */
	NO("-m addrtype --dst-type LOCAL --limit-iface-in", p, &INPUT_ETH0,
	   "-m addrtype --dst-type LOCAL --limit-iface-in: no, dst 10.0.2.1 is UNICAST on eth0");
	YES("-m addrtype --src-type UNICAST", p, &INPUT_ETH0,
	    "-m addrtype --src-type UNICAST: yes, src 10.0.1.2 is UNICAST");
	pkt_set_daddr(p, A("10.0.1.255"));
	YES("-m addrtype --dst-type BROADCAST", p, &INPUT_ETH0,
	    "-m addrtype --dst-type BROADCAST: yes, dst 10.0.1.255 is BROADCAST");
	pkt_set_daddr(p, A("224.0.0.251"));
	NO("-m addrtype ! --dst-type MULTICAST", p, &INPUT_ETH0,
	   "-m addrtype ! --dst-type MULTICAST: no, dst 224.0.0.251 is MULTICAST");
	pkt_set_saddr(p, 0);
	YES("-m addrtype --src-type BROADCAST", p, &INPUT_ETH0,
	    "-m addrtype --src-type BROADCAST: yes, src 0.0.0.0 is BROADCAST");
	pkt_set_daddr(p, A("127.0.0.5"));
	YES("-m addrtype --dst-type LOCAL", p, &INPUT_ETH0,
	    "-m addrtype --dst-type LOCAL: yes, dst 127.0.0.5 is LOCAL");
	packet_free(p);
}

static void test_conntrack(void)
{
	struct packet *p = mkpkt(PROTO_TCP, "192.0.2.9", 80, "10.0.1.2", 40000, TCPF_ACK);
	NO("-m conntrack --ctstate ESTABLISHED", p, &RAW_PRE,
	   "-m conntrack --ctstate ESTABLISHED: no, state INVALID");
	YES("-m state --state INVALID", p, &RAW_PRE, "-m state --state INVALID: yes, state INVALID");
	/* without an entry only the state is tested */
	YES("-m conntrack --ctstate INVALID --ctproto udp", p, &RAW_PRE,
	    "-m conntrack --ctstate INVALID --ctproto 17: yes, state INVALID");
	NO("-m conntrack --ctproto udp", p, &RAW_PRE,
	   "-m conntrack --ctproto 17: no, state INVALID");
	NO("-m connmark --mark 0", p, &RAW_PRE,
	   "-m connmark --mark 0x0: no, no connection (untracked or invalid)");
	p->notrack = true;
	YES("-m state --state UNTRACKED", p, &RAW_PRE,
	    "-m state --state UNTRACKED: yes, state UNTRACKED");
	p->notrack = false;

	/* A masqueraded connection 10.0.1.2:40000 -> 192.0.2.9:80 seen from
	 * its reply. */
	struct ct_entry e = {.id = 1, .status = CTS_CONFIRMED | CTS_SEEN_REPLY | CTS_ASSURED |
						    CTS_SRC_NAT,
			     .mark = 7, .tcp_state = CT_TCP_ESTABLISHED};
	e.tuple[CT_DIR_ORIGINAL] = ct_tuple4(PROTO_TCP, A("10.0.1.2"), A("192.0.2.9"),
						     40000, 80);
	e.tuple[CT_DIR_REPLY] = ct_tuple4(PROTO_TCP, A("192.0.2.9"), A("192.0.2.1"), 80,
						  40000);
	p->ct = &e;
	p->ctinfo = CTINFO_ESTABLISHED_REPLY;
	YES("-m conntrack --ctstate ESTABLISHED", p, &RAW_PRE,
	    "-m conntrack --ctstate ESTABLISHED: yes, state ESTABLISHED,SNAT");
	YES("-m conntrack --ctstate SNAT --ctdir REPLY", p, &RAW_PRE,
	    "-m conntrack --ctstate SNAT --ctdir REPLY: yes, state ESTABLISHED,SNAT");
	NO("-m conntrack --ctdir ORIGINAL", p, &RAW_PRE,
	   "-m conntrack --ctdir ORIGINAL: no, direction REPLY");
	YES("-m conntrack --ctorigsrc 10.0.1.0/24 --ctrepldst 192.0.2.1", p, &RAW_PRE,
	    "-m conntrack --ctorigsrc 10.0.1.0/24 --ctrepldst 192.0.2.1: yes, state "
	    "ESTABLISHED,SNAT");
	NO("-m conntrack --ctreplsrcport 443", p, &RAW_PRE,
	   "-m conntrack --ctreplsrcport 443: no, replsrcport is 80");
	NO("-m conntrack ! --ctproto tcp", p, &RAW_PRE,
	   "-m conntrack ! --ctproto 6: no, connection protocol 6");
	YES("-m conntrack --ctstatus ASSURED,EXPECTED", p, &RAW_PRE,
	    "-m conntrack --ctstatus EXPECTED,ASSURED: yes, state ESTABLISHED,SNAT");
	/* the kernel's quirk: NONE tests no bit, so it never matches */
	NO("-m conntrack --ctstatus NONE", p, &RAW_PRE,
	   "-m conntrack --ctstatus NONE: no, status SEEN_REPLY,ASSURED,CONFIRMED");
	YES("-m conntrack --ctexpire 432000", p, &RAW_PRE,
	    "-m conntrack --ctexpire 432000: yes, state ESTABLISHED,SNAT");
	NO("-m conntrack ! --ctexpire 400000:500000", p, &RAW_PRE,
	   "-m conntrack ! --ctexpire 400000:500000: no, expires in 432000 s");
	YES("-m connmark --mark 7", p, &RAW_PRE, "-m connmark --mark 0x7: yes, ctmark 0x7");
	e.status &= ~CTS_ASSURED;
	NO("-m conntrack --ctexpire 432000", p, &RAW_PRE,
	   "-m conntrack --ctexpire 432000: no, expires in 300 s");
	p->ctinfo = CTINFO_NEW;
	e.status = 0;
	YES("-m state --state NEW,RELATED", p, &RAW_PRE, "-m state --state NEW,RELATED: yes, state NEW");
	NO("-m conntrack --ctstate DNAT", p, &RAW_PRE, "-m conntrack --ctstate DNAT: no, state NEW");

	/* helper_mt: the helper of the connection's master, compared for
	 * the helper name's length */
	struct ct_help ftp = {.name = "ftp"};
	struct ct_ext child_ext = {.master = &e}, master_ext = {.help = &ftp};
	struct ct_entry child = {.id = 2, .status = CTS_EXPECTED, .ext = &child_ext};
	e.ext = &master_ext;
	p->ct = &child;
	p->ctinfo = CTINFO_RELATED;
	YES("-m helper --helper ftp", p, &RAW_PRE,
	    "-m helper --helper ftp: yes, expected by master entry 1's ftp helper");
	YES("-m helper --helper ftp-21", p, &RAW_PRE,
	    "-m helper --helper ftp-21: yes, expected by master entry 1's ftp helper");
	NO("-m helper --helper sip", p, &RAW_PRE,
	   "-m helper --helper sip: no, expected by master entry 1's ftp helper");
	NO("-m helper ! --helper ftp", p, &RAW_PRE,
	   "-m helper ! --helper ftp: no, expected by master entry 1's ftp helper");
	YES("-m conntrack --ctstate RELATED --ctstatus EXPECTED", p, &RAW_PRE,
	    "-m conntrack --ctstate RELATED --ctstatus EXPECTED: yes, state RELATED");
	p->ct = &e;
	NO("-m helper --helper ftp", p, &RAW_PRE,
	   "-m helper --helper ftp: no, the connection was expected by no helper");
	packet_free(p);
}

static void test_header_matches(void)
{
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "10.0.1.1", 22, TCPF_SYN | TCPF_ECE);
	pkt_set_tos(p, 0x02);
	YES("-m ecn --ecn-ip-ect 2", p, &INPUT_ETH0, "-m ecn --ecn-ip-ect 2: yes, ECN codepoint 2");
	YES("-p tcp -m ecn --ecn-tcp-ece ! --ecn-tcp-cwr", p, &INPUT_ETH0,
	    "-m ecn --ecn-tcp-ece ! --ecn-tcp-cwr: yes, ECN codepoint 2, flags [SE]");
	NO("-p tcp -m ecn --ecn-tcp-cwr", p, &INPUT_ETH0,
	   "-m ecn --ecn-tcp-cwr: no, ECN codepoint 2, flags [SE]");
	NO("-p tcp -m tcpmss --mss 1", p, &INPUT_ETH0, "-m tcpmss --mss 1: no, no MSS option");
	YES("-p tcp -m tcpmss ! --mss 1", p, &INPUT_ETH0, "-m tcpmss ! --mss 1: yes, no MSS option");
	packet_free(p);

	struct pkt_spec s = {.proto = PROTO_TCP, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.1.1"),
			     .sport = 1, .dport = 2, .tcp_flags = TCPF_SYN, .payload = 4};
	p = packet_build(&s);
	p->data[20 + 12] = 6 << 4;
	memcpy(p->data + 40, (const uint8_t[]){2, 4, 0x05, 0xb4}, 4);
	packet_fix_checksums(p);
	YES("-p tcp -m tcpmss --mss 1400:1500", p, &INPUT_ETH0,
	    "-m tcpmss --mss 1400:1500: yes, MSS 1460");
	packet_free(p);

	struct pkt_spec esp = {.proto = 50, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.1.1"),
			       .payload = 16};
	p = packet_build(&esp);
	memcpy(p->data + 20, (const uint8_t[]){0, 0, 0x10, 0x01}, 4);
	packet_fix_checksums(p);
	YES("-p esp -m esp --espspi 4096:5000", p, &INPUT_ETH0,
	    "-m esp --espspi 4096:5000: yes, spi 4097");
	NO("-p esp -m esp ! --espspi 4097", p, &INPUT_ETH0, "-m esp ! --espspi 4097: no, spi 4097");
	p->data[9] = 51; /* now AH: the SPI sits 4 bytes in */
	pkt_header_changed(p); /* bytes the memo read */
	memcpy(p->data + 24, (const uint8_t[]){0, 0, 0, 7}, 4);
	packet_fix_checksums(p);
	YES("-p ah -m ah --ahspi 7", p, &INPUT_ETH0, "-m ah --ahspi 7: yes, spi 7");
	packet_free(p);
}

static void test_path_matches(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.1.255", 53, 0);
	YES("-m pkttype --pkt-type broadcast", p, &INPUT_ETH0,
	    "-m pkttype --pkt-type broadcast: yes, a broadcast packet");
	pkt_set_daddr(p, A("224.0.0.1"));
	YES("-m pkttype --pkt-type multicast", p, &INPUT_ETH0,
	    "-m pkttype --pkt-type multicast: yes, a multicast packet");
	pkt_set_daddr(p, A("10.0.1.1"));
	NO("-m pkttype ! --pkt-type unicast", p, &INPUT_ETH0,
	   "-m pkttype ! --pkt-type unicast: no, a unicast packet");

	static const struct hookpos RAW_ETH1 = {TABLE_RAW, HOOK_PREROUTING, "PREROUTING", "eth1",
						NULL};
	YES("-m rpfilter", p, &RAW_PRE, "-m rpfilter: yes, the way back to 10.0.1.2 is via eth0");
	NO("-m rpfilter", p, &RAW_ETH1, "-m rpfilter: no, the way back to 10.0.1.2 is via eth0");
	YES("-m rpfilter --loose", p, &RAW_ETH1,
	    "-m rpfilter --loose: yes, the way back to 10.0.1.2 is via eth0");
	YES("-m rpfilter --invert", p, &RAW_ETH1,
	    "-m rpfilter --invert: yes, the way back to 10.0.1.2 is via eth0");
	pkt_set_saddr(p, A("10.0.2.1"));
	NO("-m rpfilter", p, &RAW_PRE, "-m rpfilter: no, the route back to 10.0.2.1 is not unicast");
	YES("-m rpfilter --accept-local --loose", p, &RAW_PRE,
	    "-m rpfilter --loose --accept-local: yes, the way back to 10.0.2.1 is via lo");

	NO("-m helper --helper ftp", p, &INPUT_ETH0,
	   "-m helper --helper ftp: no, the connection was expected by no helper");
	YES("-m helper ! --helper ftp", p, &INPUT_ETH0,
	    "-m helper ! --helper ftp: yes, the connection was expected by no helper");

	/* one bucket per rule: two tokens, then nothing */
	struct rule *r = rule_parse("-m limit --limit 1/sec --limit-burst 2", TABLE_FILTER, "INPUT",
				    0, NULL);
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	struct match_result res[4];
	int n;
	ok(rule_match(r, &ctx, res, 4, &n), "limit: first packet");
	ok(rule_match(r, &ctx, res, 4, &n), "limit: second packet");
	ok(!rule_match(r, &ctx, res, 4, &n), "limit: the third finds the bucket empty");
	is_str(res[n - 1].text,
	       "-m limit --limit 1/sec --limit-burst 2: no, the bucket of 2 is empty (time does not "
	       "pass in nfwalk)",
	       "  explained");
	rule_free(r);
	packet_free(p);
}

/* The classic brute-force guard: every new SSH connection is recorded,
 * and one that finds three earlier ones within the minute (no time passes
 * here) is caught: the fourth and later.  Linux 6.18 in a namespace with
 * these two rules and a tcp-reset REJECT: connections 1-3 were refused,
 * 4 and 5 timed out (DROP counted 2, --set counted 3). */
static void test_recent(void)
{
	struct nf_error err;
	ok(ruleset_command(&eng.rules, "-A INPUT -p tcp --dport 22 -m recent --update --seconds 60 "
				       "--hitcount 3 --name SSH -j DROP",
			   1, &err) == 0,
	   "recent --update rule");
	ok(ruleset_command(&eng.rules, "-A INPUT -p tcp --dport 22 -m recent --set --name SSH", 2,
			   &err) == 0,
	   "recent --set rule");
	struct chain *c = ruleset_chain(&eng.rules, TABLE_FILTER, "INPUT");
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "10.0.1.1", 22, TCPF_SYN);
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	struct match_result res[4];
	int n;
	bool caught[5];
	for (int i = 0; i < 5; i++) {
		caught[i] = rule_match(c->rules[0], &ctx, res, 4, &n);
		if (!caught[i])
			rule_match(c->rules[1], &ctx, res, 4, &n);
	}
	ok(!caught[0] && !caught[1] && !caught[2] && caught[3] && caught[4],
	   "the first three pass, the fourth and fifth are caught");
	is_str(res[n - 1].text,
	       "-m recent --update --seconds 60 --hitcount 3 --name SSH --mask 255.255.255.255 "
	       "--rsource: yes, 10.0.1.2: 5 hits in SSH",
	       "  explained");
	pkt_set_saddr(p, A("10.0.1.3"));
	ok(!rule_match(c->rules[0], &ctx, res, 4, &n), "another source is not in the list");
	is_str(res[n - 1].text,
	       "-m recent --update --seconds 60 --hitcount 3 --name SSH --mask 255.255.255.255 "
	       "--rsource: no, 10.0.1.3 not in SSH",
	       "  explained");
	ruleset_command(&eng.rules, "-F INPUT", 3, &err);
	packet_free(p);
}

/* ip_list_tot=100: the 101st address pushes out the least recently seen. */
static void test_recent_bound(void)
{
	struct rule *set = rule_parse("-m recent --set --name BOUND", TABLE_FILTER, "INPUT", 0, NULL);
	struct rule *check =
		rule_parse("-m recent --rcheck --name BOUND", TABLE_FILTER, "INPUT", 0, NULL);
	struct packet *p = mkpkt(PROTO_UDP, "10.9.0.0", 1000, "10.0.1.1", 53, 0);
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	for (uint32_t i = 0; i < 150; i++) {
		pkt_set_saddr(p, A("10.9.0.0") + i);
		rule_match(set, &ctx, NULL, 0, NULL);
		if (i >= 1 && i < 60) { /* 10.9.0.0 is seen again: recently used */
			pkt_set_saddr(p, A("10.9.0.0"));
			rule_match(set, &ctx, NULL, 0, NULL);
		}
	}
	int kept = 0;
	for (uint32_t i = 0; i < 150; i++) {
		pkt_set_saddr(p, A("10.9.0.0") + i);
		kept += rule_match(check, &ctx, NULL, 0, NULL);
	}
	is_int(kept, 100, "a recent list keeps 100 addresses");
	pkt_set_saddr(p, A("10.9.0.0") + 149);
	ok(rule_match(check, &ctx, NULL, 0, NULL), "the newest is kept");
	pkt_set_saddr(p, A("10.9.0.0") + 1);
	ok(!rule_match(check, &ctx, NULL, 0, NULL), "an old one is gone");
	pkt_set_saddr(p, A("10.9.0.0"));
	ok(rule_match(check, &ctx, NULL, 0, NULL), "the first, seen again since, is kept (LRU)");
	rule_free(set);
	rule_free(check);
	packet_free(p);
}

static void test_results_bound(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.1.1", 53, 0);
	struct rule *r = rule_parse("-s 10.0.1.2 -d 10.0.1.1 -i eth0 -p udp -m length --length 28 "
				    "-m ttl --ttl-eq 1",
				    TABLE_FILTER, "INPUT", 0, NULL);
	struct match_result res[3];
	int n = 0;
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	ok(!rule_match(r, &ctx, res, 3, &n), "no match with a small result array");
	is_int(n, 3, "the array is full");
	is_str(res[2].text, "-m ttl --ttl-eq 1: no, ttl 64", "the failing test is still last");
	ok(rule_match(r, &ctx, NULL, 0, NULL) == false, "no result array at all");
	rule_free(r);
	packet_free(p);
}

int main(void)
{
	fixture_init(&eng);
	test_ip_part();
	test_tcp_udp_icmp();
	test_simple_matches();
	test_addrtype();
	test_conntrack();
	test_header_matches();
	test_path_matches();
	test_recent();
	test_recent_bound();
	test_results_bound();
	fixture_free(&eng);
	return tap_done();
}
