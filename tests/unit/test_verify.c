/* test_verify.c - the kernel check's parts that need neither root nor a
 * kernel: splitting command lines, turning iptables commands into an
 * iptables-nft-restore file, reading `nft -a list` / `iptables -S` /
 * `conntrack -L` / `tc -s class show` output, decoding a trace message,
 * and lining two walks up.  The listings are what nftables 1.0.6,
 * iptables 1.8.9 and conntrack 1.4.7 printed on Linux 6.18. */
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "lib/addr.h"
#include "lib/inet.h"
#include "verify/compare.h"
#include "verify/ctlist.h"
#include "verify/kclass.h"
#include "verify/kload.h"
#include "verify/ktrace.h"
#include "verify/kwalk.h"
#include "verify/nwalk.h"
#include "lib/words.h"
#include "scenario/session.h"

static void test_quoted_words(void)
{
	struct word_list w;
	const char *line = "-A LOGDROP -j LOG --log-prefix \"drop: \" x'y z'";
	is_int(word_split_line(&w, line, WORD_QUOTES), WORD_OK, "a line with quotes splits");
	is_int(w.n, 7, "quoted words are one word each");
	is_str(w.v[5].s, "drop: ", "double quotes are removed, blanks kept");
	is_str(w.v[6].s, "xy z", "single quotes join a word");
	is_int(w.v[5].col, 31, "a word remembers where it started");
	is_int(w.v[5].end, 39, "and where it ended, quotes included");
	word_list_free(&w);
	is_int(word_split_line(&w, "-j LOG --log-prefix \"drop", WORD_QUOTES), WORD_OPEN_QUOTE,
	       "an open quote is refused");
	is_int(w.err_col, 20, "at the column of the quote");
}

static struct scn_line line_of(char *text, int line)
{
	return (struct scn_line){.text = text, .line = line, .col = 2};
}

static void test_restore_text(void)
{
	struct scn_line lines[] = {
		line_of("-t nat -A PREROUTING -i eth0 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2", 3),
		line_of("-P INPUT DROP", 4),
		line_of("iptables -A INPUT -j LOG --log-prefix \"in: \"", 5),
		line_of("-A POSTROUTING -o eth0 -j MASQUERADE --table nat", 6),
		line_of("-traw -A PREROUTING -j CT --notrack", 7),
	};
	struct scenario s = {.path = "x.yaml", .iptables = lines, .niptables = ARRAY_SIZE(lines)};
	struct strbuf out = STRBUF_INIT;
	struct kruleset k = {0};
	struct engine e;
	struct nf_error err = {0};
	ok(session_open(&e, &s, NULL, NULL, &err) == 0, "the commands parse (%s)", err.msg);
	int *line_of_out = NULL;
	size_t nline_of = 0;
	kload_restore_text(&s, &e.rules, &out, &line_of_out, &nline_of, &k);
	is_str(sb_str(&out),
	       "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
	       "-A PREROUTING -j CT --notrack\nCOMMIT\n"
	       "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
	       ":POSTROUTING ACCEPT [0:0]\n"
	       "-A PREROUTING -i eth0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.2\n"
	       "-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n"
	       "*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
	       "-A INPUT -j LOG --log-prefix \"in: \"\nCOMMIT\n",
	       "one section per table, every chain declared with its policy, the rules as parsed");
	is_int((int)nline_of, 20, "one entry per line, and line 0");
	is_int(line_of_out[11], 0, "restore line 11 is scenario line 1");
	is_int(line_of_out[18], 2, "restore line 18 is scenario line 3");
	is_int(line_of_out[4], 4, "restore line 4 is scenario line 5");
	is_int(line_of_out[15], -1, "a policy is nobody's line");
	is_int(k.ntables, 3, "three tables loaded");
	free(line_of_out);
	kruleset_free(&k);
	engine_free(&e);
	sb_free(&out);
}

static const char nft_listing[] =
	"table ip filter { # handle 1\n"
	"\tchain INPUT { # handle 1\n"
	"\t\ttype filter hook input priority filter; policy drop;\n"
	"\t\tmeta l4proto tcp counter packets 0 bytes 0 jump TCP_IN # handle 5\n"
	"\t\tcounter packets 0 bytes 0 log prefix \"drop: \" # handle 7\n"
	"\t}\n"
	"\n"
	"\tchain TCP_IN { # handle 4\n"
	"\t\ttcp dport 22 counter packets 0 bytes 0 accept # handle 6\n"
	"\t}\n"
	"}\n";

static const char save_listing[] = "-P INPUT DROP\n"
				   "-P FORWARD ACCEPT\n"
				   "-N TCP_IN\n"
				   "-A INPUT -p tcp -j TCP_IN\n"
				   "-A INPUT -j LOG --log-prefix \"drop: \"\n"
				   "-A TCP_IN -p tcp -m tcp --dport 22 -j ACCEPT\n";

static const char nft6_listing[] =
	"table ip6 filter { # handle 3\n"
	"\tchain FORWARD { # handle 2\n"
	"\t\ttype filter hook forward priority filter; policy drop;\n"
	"\t\tmeta l4proto ipv6-icmp icmpv6 type echo-request counter packets 0 bytes 0 accept"
	" # handle 7\n"
	"\t}\n"
	"}\n";

static const char save6_listing[] = "-P FORWARD DROP\n"
				    "-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT\n";

static void test_listings(void)
{
	struct kruleset k = {0};
	kload_parse_nft(nft_listing, FAMILY_IPV4, "filter", &k);
	kload_parse_save(save_listing, FAMILY_IPV4, "filter", &k);
	is_int(k.nrules, 3, "three rules read");
	const struct krule *r = kruleset_rule(&k, FAMILY_IPV4, "filter", 7);
	ok(r && r->pos == 2 && strcmp(r->chain, "INPUT") == 0, "handle 7 is INPUT rule 2");
	is_str(r ? r->text : NULL, "-A INPUT -j LOG --log-prefix \"drop: \"", "with iptables' text");
	r = kruleset_rule(&k, FAMILY_IPV4, "filter", 6);
	ok(r && r->pos == 1 && strcmp(r->chain, "TCP_IN") == 0, "handle 6 is TCP_IN rule 1");
	ok(kruleset_is_base(&k, FAMILY_IPV4, "filter", "INPUT"), "INPUT is a base chain");
	ok(!kruleset_is_base(&k, FAMILY_IPV4, "filter", "TCP_IN"), "TCP_IN is a user chain");
	ok(!kruleset_rule(&k, FAMILY_IPV4, "nat", 7), "handles are per table");
	ok(!kruleset_rule(&k, FAMILY_IPV6, "filter", 7), "and per family");
	ok(!kruleset_is_base(&k, FAMILY_IPV6, "filter", "INPUT"), "chains too");
	/* ip6tables' filter table: table ip6 filter, the same names and
	 * handles of its own */
	kload_parse_nft(nft6_listing, FAMILY_IPV6, "filter", &k);
	kload_parse_save(save6_listing, FAMILY_IPV6, "filter", &k);
	is_int(k.nrules, 4, "the IPv6 rule read beside them");
	r = kruleset_rule(&k, FAMILY_IPV6, "filter", 7);
	ok(r && r->pos == 1 && strcmp(r->chain, "FORWARD") == 0, "ip6 handle 7 is FORWARD rule 1");
	is_str(r ? r->text : NULL, "-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT",
	       "with ip6tables' text");
	r = kruleset_rule(&k, FAMILY_IPV4, "filter", 7);
	ok(r && r->pos == 2 && strcmp(r->chain, "INPUT") == 0, "ip handle 7 is still INPUT rule 2");
	ok(kruleset_is_base(&k, FAMILY_IPV6, "filter", "FORWARD"), "ip6 FORWARD is a base chain");
	kruleset_free(&k);
}

/* A trace message as nf_tables_trace.c builds it. */
static size_t put_attr(uint8_t *buf, size_t off, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = {.nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type};
	memcpy(buf + off, &a, sizeof(a));
	memcpy(buf + off + NLA_HDRLEN, data, len);
	return off + NLA_ALIGN(NLA_HDRLEN + len);
}

static size_t put_be32(uint8_t *buf, size_t off, uint16_t type, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	return put_attr(buf, off, type, b, 4);
}

static void test_trace_decode(void)
{
	uint8_t msg[512] = {0};
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	off = put_attr(msg, off, NFTA_TRACE_TABLE, "filter", 7);
	off = put_attr(msg, off, NFTA_TRACE_CHAIN, "INPUT", 6);
	uint8_t handle[8] = {0, 0, 0, 0, 0, 0, 0, 5};
	off = put_attr(msg, off, NFTA_TRACE_RULE_HANDLE, handle, 8);
	off = put_be32(msg, off, NFTA_TRACE_TYPE, KT_RULE);
	uint8_t verdict[64];
	size_t voff = put_be32(verdict, 0, NFTA_VERDICT_CODE, (uint32_t)NFT_JUMP);
	voff = put_attr(verdict, voff, NFTA_VERDICT_CHAIN, "TCP_IN", 7);
	off = put_attr(msg, off, NFTA_TRACE_VERDICT | NLA_F_NESTED, verdict, voff);
	off = put_be32(msg, off, NFTA_TRACE_ID, 0x9080dd5f);
	off = put_be32(msg, off, NFTA_TRACE_MARK, 2);
	off = put_be32(msg, off, NFTA_TRACE_PAD + 4, KCT_NEW); /* CT_STATE (Linux 6.5) */
	struct nlmsghdr h = {.nlmsg_len = (uint32_t)off,
			     .nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_TRACE};
	memcpy(msg, &h, sizeof(h));
	msg[NLMSG_HDRLEN] = 1; /* nfgen_family: an inet table's */
	struct ktrace_ev ev;
	ok(ktrace_decode(msg, off, &ev), "a trace message decodes");
	is_int(ev.table_family, 1, "the table's family, from the message header");
	is_str(ev.table, "filter", "table");
	is_str(ev.chain, "INPUT", "chain");
	ok(ev.has_handle && ev.handle == 5, "rule handle");
	is_int(ev.type, KT_RULE, "type");
	is_str(ktrace_verdict_name(ev.verdict), "JUMP", "verdict");
	is_str(ev.jump, "TCP_IN", "jump target");
	is_int(ev.id, 0x9080dd5f, "trace id");
	is_int(ev.mark, 2, "mark");
	ok(ev.has_ct && ev.ct_state == KCT_NEW, "conntrack state");
	ok(!ktrace_decode(msg, off - 3, &ev), "a truncated message is not decoded");
	h.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE;
	memcpy(msg, &h, sizeof(h));
	ok(!ktrace_decode(msg, off, &ev), "another message type is not a trace");
	is_str(ktrace_verdict_name(NF_QUEUE | (3 << 16)), "QUEUE", "a queue verdict with its number");
}

static void test_conntrack_lines(void)
{
	struct kct e;
	ok(ctlist_parse_line("tcp      6 119 SYN_SENT src=198.51.100.7 dst=203.0.113.1 sport=40000 "
			     "dport=8080 [UNREPLIED] src=10.0.0.2 dst=198.51.100.7 sport=80 "
			     "dport=40000 mark=0 use=1",
			     &e),
	   "a TCP entry parses");
	char a[ADDR_STRLEN];
	is_str(e.state, "SYN_SENT", "its state");
	ok(e.unreplied && !e.assured, "[UNREPLIED]");
	is_str(addr_fmt(e.tuple[CT_DIR_REPLY].src.ip, a), "10.0.0.2", "the reply tuple's source");
	is_int(e.tuple[CT_DIR_REPLY].sport, 80, "the reply tuple's port (the DNAT)");
	free(e.line);
	ok(ctlist_parse_line("icmp     1 29 src=10.0.0.5 dst=198.51.100.7 type=8 code=0 id=9 "
			     "src=198.51.100.7 dst=203.0.113.1 type=0 code=0 id=9 mark=3 use=1",
			     &e),
	   "an ICMP entry parses");
	is_int(e.tuple[CT_DIR_ORIGINAL].sport, 9, "the echo id");
	is_int(e.tuple[CT_DIR_ORIGINAL].dport, 8 << 8, "type and code");
	is_int(e.mark, 3, "the connection mark");
	struct kctlist l = {.v = &e, .n = 1};
	struct ct_tuple t = {.proto = PROTO_ICMP, .family = FAMILY_IPV4, .src = e.tuple[1].src, .dst = e.tuple[1].dst,
			     .sport = 9};
	enum ct_dir dir = CT_DIR_ORIGINAL;
	ok(ctlist_find(&l, &t, &dir) == &e && dir == CT_DIR_REPLY, "found by its reply tuple");
	free(e.line);
	ok(ctlist_parse_line("icmpv6   58 29 src=2001:db8:1::2 dst=2001:db8::1 type=128 code=0 id=1 "
			     "src=2001:db8::1 dst=2001:db8:1::2 type=129 code=0 id=1 mark=0 use=1",
			     &e),
	   "an ICMPv6 entry parses");
	is_int(e.tuple[CT_DIR_ORIGINAL].family, FAMILY_IPV6, "as IPv6");
	is_int(e.tuple[CT_DIR_ORIGINAL].dport, 128 << 8, "with its type and code, as ICMP's");
	is_int(e.tuple[CT_DIR_REPLY].dport, 129 << 8, "the reply's echo reply");
	free(e.line);
	ok(!ctlist_parse_line("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.",
			      &e),
	   "the summary line is not an entry");
}

static const char htb_before[] =
	"class htb 1:10 root prio 0 rate 8Mbit ceil 8Mbit burst 1600b cburst 1600b \n"
	" Sent 0 bytes 0 pkt (dropped 0, overlimits 0 requeues 0) \n"
	"class htb 1:20 root prio 0 rate 2Mbit ceil 2Mbit burst 1600b cburst 1600b \n"
	" Sent 54 bytes 1 pkt (dropped 0, overlimits 0 requeues 0) \n";
static const char htb_after[] =
	"class htb 1:10 root prio 0 rate 8Mbit ceil 8Mbit burst 1600b cburst 1600b \n"
	" Sent 60 bytes 1 pkt (dropped 0, overlimits 0 requeues 0) \n"
	"class htb 1:20 root prio 0 rate 2Mbit ceil 2Mbit burst 1600b cburst 1600b \n"
	" Sent 54 bytes 1 pkt (dropped 0, overlimits 0 requeues 0) \n";

static void test_classes(void)
{
	struct kclass before = {0}, after = {0};
	kclass_parse("eth0", htb_before, &before);
	kclass_parse("eth0", htb_after, &after);
	is_int(after.n, 2, "two classes read");
	char id[16] = "";
	ok(kclass_delta(&before, &after, "eth0", id, sizeof(id)), "one class grew by one");
	is_str(id, "1:10", "and it is 1:10");
	ok(!kclass_delta(&after, &after, "eth0", id, sizeof(id)), "nothing grew: unknown");
	kclass_free(&before);
	kclass_free(&after);
	struct scn_line tc[] = {line_of("qdisc add dev eth0 root handle 1: htb", 1),
				line_of("class add dev eth0 parent 1: classid 1:10 htb rate 1mbit", 2),
				line_of("qdisc add dev eth1 root handle 1: htb", 3)};
	struct scenario s = {.tc = tc, .ntc = 3};
	char devs[4][16];
	is_int(kclass_devices(&s, devs, 4), 2, "two devices have qdiscs");
	is_str(devs[1], "eth1", "in the order written");
}

static void test_header_view(void)
{
	struct pkt_spec spec = {.proto = PROTO_TCP, .sport = 40000, .dport = 80,
				.tcp_flags = TCPF_SYN, .seq = 1000};
	addr_parse("198.51.100.7", &spec.src.ip);
	addr_parse("203.0.113.1", &spec.dst.ip);
	struct packet *p = packet_build(&spec);
	struct pkt_view v;
	uint32_t seq = 0;
	ok(kwalk_view_of(p->data, 20, p->data + 20, 20, &v, &seq), "a traced header reads back");
	is_int(v.dport, 80, "with its port");
	is_int(v.tcp_flags, TCPF_SYN, "flags");
	is_int(seq, 1000, "and sequence number");
	ok(!kwalk_view_of(p->data, 12, NULL, 0, &v, NULL), "a short header is refused");
	packet_free(p);
}

/* IPv6 as the trace dumps it: the 40-byte fixed header, the transport
 * header where nf_tables found it. */
static void test_header_view6(void)
{
	struct pkt_spec spec = {.proto = PROTO_TCP, .family = FAMILY_IPV6, .sport = 40000,
				.dport = 443, .tcp_flags = TCPF_SYN, .seq = 7, .ttl = 5};
	int fam = FAMILY_IPV6;
	inet_parse("2001:db8:1::2", &fam, &spec.src);
	inet_parse("2001:db8:5::9", &fam, &spec.dst);
	struct packet *p = packet_build(&spec);
	struct pkt_view v;
	uint32_t seq = 0;
	ok(kwalk_view_of(p->data, 40, p->data + 40, 20, &v, &seq), "a traced IPv6 header reads back");
	is_int(v.family, FAMILY_IPV6, "as IPv6");
	ok(inet_eq(&v.dst, &spec.dst), "with its destination");
	is_int(v.dport, 443, "port");
	is_int(v.ttl, 5, "hop limit");
	is_int(seq, 7, "and sequence number");
	char text[200];
	view_describe(&v, text, sizeof(text));
	is_str(text, "tcp [2001:db8:1::2]:40000 -> [2001:db8:5::9]:443 [S]", "described as ip6tables would");
	/* a hop-by-hop header between: the fixed header names it, the
	 * transport header follows it */
	uint8_t net[40];
	memcpy(net, p->data, 40);
	net[6] = 0;
	ok(kwalk_view_of_proto(net, 40, p->data + 40, 20, PROTO_TCP, &v, NULL),
	   "behind an extension header");
	is_int(v.proto, PROTO_TCP, "the transport is the one the injected packet had");
	is_int(v.dport, 443, "with its port");
	ok(kwalk_view_of(net, 40, p->data + 40, 20, &v, NULL), "without knowing it");
	is_int(v.dport, 0, "no port is made up");
	ok(!kwalk_view_of(p->data, 39, NULL, 0, &v, NULL), "a short IPv6 header is refused");
	packet_free(p);

	struct pkt_spec echo = {.proto = PROTO_ICMPV6, .family = FAMILY_IPV6,
				.icmp_type = ICMPV6_ECHO_REQUEST, .icmp_id = 9};
	echo.src = spec.src;
	echo.dst = spec.dst;
	p = packet_build(&echo);
	ok(kwalk_view_of(p->data, 40, p->data + 40, 8, &v, NULL), "an ICMPv6 header reads back");
	view_describe(&v, text, sizeof(text));
	is_str(text, "icmp6 2001:db8:1::2 -> 2001:db8:5::9 echo-request", "named as ip6tables names it");
	is_int(v.sport, 9, "the echo id");
	packet_free(p);
}

static void test_trace_table(void)
{
	struct strbuf t = STRBUF_INIT;
	kload_trace_text(false, false, &t);
	ok(strstr(sb_str(&t), "table ip nfwalk_verify") && !strstr(sb_str(&t), "ip6"),
	   "IPv4 only: one table of family ip");
	sb_reset(&t);
	kload_trace_text(true, false, &t);
	const char *six = strstr(sb_str(&t), "table ip6 nfwalk_verify");
	ok(six && strstr(six, "chain trace_in") && strstr(six, "chain local_done"),
	   "with IPv6 the same chains in a table of family ip6");
	ok(six && strstr(six, "icmpv6 type { 130, 131, 132, 143 } drop; meta nftrace set 1"),
	   "which drops the router's MLD reports before tracing");
	ok(!strstr(sb_str(&t), "table ip nfwalk_verify {\n\tchain trace_in { type filter hook "
				"prerouting priority -500; policy accept; meta nftrace set 1; }\n"
				"\tchain trace_local { type filter hook output priority -500; policy "
				"accept; icmpv6") ,
	   "but the ip one does not");
	sb_reset(&t);
	kload_trace_text(true, true, &t);
	ok(!strstr(sb_str(&t), "icmpv6"), "a scenario sending ND or MLD keeps them");
	sb_free(&t);
}

static struct vstep step(enum vstep_kind kind, const char *chain, int rule, const char *verdict)
{
	struct vstep st = {.kind = kind, .rule = rule};
	str_copy(st.table, sizeof(st.table), "filter");
	str_copy(st.chain, sizeof(st.chain), chain);
	str_copy(st.verdict, sizeof(st.verdict), verdict);
	return st;
}

static void test_compare(void)
{
	struct vstep a = step(VS_RULE, "INPUT", 1, "JUMP");
	str_copy(a.target, sizeof(a.target), "TCP_IN");
	char buf[128];
	vstep_fmt(&a, buf, sizeof(buf));
	is_str(buf, "filter INPUT #1 JUMP TCP_IN", "a jump prints its chain");
	struct vstep ret = step(VS_RETURN, "TCP_IN", 0, "");
	vstep_fmt(&ret, buf, sizeof(buf));
	is_str(buf, "filter TCP_IN return", "a user chain's end");

	struct vwalk n[1] = {{.present = true, .fate = FATE_LOCAL, .end_known = true,
			      .ct_known = true, .class_known = true}};
	struct vwalk k[1] = {{.present = true, .fate = FATE_DROPPED, .end_known = true,
			      .ct_known = true}};
	struct vstep pol_accept = step(VS_POLICY, "INPUT", 0, "ACCEPT");
	struct vstep pol_drop = step(VS_POLICY, "INPUT", 0, "DROP");
	vwalk_add_step(&n[0], &a);
	vwalk_add_step(&n[0], &ret);
	vwalk_add_step(&n[0], &pol_accept);
	vwalk_add_step(&k[0], &a);
	vwalk_add_step(&k[0], &ret);
	vwalk_add_step(&k[0], &pol_drop);
	struct vpacket vp = {.pkt = 1, .label = "tcp 1.2.3.4:5 -> 5.6.7.8:22 on eth0", .n = n,
			     .nn = 1, .k = k, .nk = 1};
	FILE *f = tmpfile();
	is_int(compare_packet(f, &vp), 3, "a different policy: two step rows and the fate");
	rewind(f);
	char text[4096] = "";
	size_t got = fread(text, 1, sizeof(text) - 1, f);
	text[got] = '\0';
	fclose(f);
	ok(strstr(text, "    filter INPUT #1 JUMP TCP_IN") != NULL, "common steps are not flagged");
	ok(strstr(text, "!   filter INPUT policy ACCEPT") != NULL, "nfwalk's own step is flagged");
	ok(strstr(text, "!   fate      local") != NULL, "the fate row is flagged");
	vwalk_free(&n[0]);
	vwalk_free(&k[0]);

	struct vwalk ns[3] = {{.present = true}, {.present = true}, {.present = true}};
	struct vwalk ks[3] = {{.present = true}, {.present = true}, {.present = true}};
	ns[1].start.proto = PROTO_TCP;
	ns[2].start.proto = PROTO_ICMP;
	ks[1].start.proto = PROTO_ICMP;
	ks[2].start.proto = PROTO_TCP;
	int match[3];
	compare_pair_subs(ns, 3, ks, 3, match);
	ok(match[0] == 0 && match[1] == 2 && match[2] == 1, "answers pair by protocol");
}

/* nfwalk's rule_format against iptables-nft -S, one rule. */
static int rules_differ_family(int family, const char *cmd, const char *kernel_text)
{
	struct ruleset rs;
	ruleset_init_family(&rs, family);
	struct nf_error err = {0};
	if (ruleset_command(&rs, cmd, 1, &err) != 0) {
		ruleset_free(&rs);
		return -1;
	}
	struct krule kr = {.family = rs.family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4,
			   .table = "filter", .chain = "INPUT", .handle = 4, .pos = 1,
			   .text = (char *)kernel_text};
	struct kruleset k = {.rules = &kr, .nrules = 1};
	FILE *f = tmpfile();
	int d = compare_rules(f, &rs, &k);
	fclose(f);
	ruleset_free(&rs);
	return d;
}

static int rules_differ(const char *cmd, const char *kernel_text)
{
	return rules_differ_family(FAMILY_IPV4, cmd, kernel_text);
}

static void test_rule_texts(void)
{
	is_int(rules_differ("-A INPUT -s 10.0.0.1 -j ACCEPT", "-A INPUT -s 10.0.0.1/32 -j ACCEPT"), 0,
	       "a rule printed as iptables-nft -S prints it agrees");
	is_int(rules_differ("-A INPUT -s 10.0.0.1 -j ACCEPT", "-A INPUT -s 10.0.0.2/32 -j ACCEPT"), 1,
	       "another text is one difference");
	is_int(rules_differ("-A INPUT -s 10.0.0.1 -j ACCEPT", NULL), 1,
	       "a rule the kernel does not have is one difference");
	is_int(rules_differ_family(FAMILY_IPV6, "-A INPUT -s 2001:db8::1 -j ACCEPT",
				   "-A INPUT -s 2001:db8::1/128 -j ACCEPT"),
	       0, "an ip6tables rule printed as ip6tables-nft -S prints it agrees");
	is_int(rules_differ_family(FAMILY_IPV6, "-A INPUT -s 2001:db8::1 -j ACCEPT",
				   "-A INPUT -s 2001:db8::2/128 -j ACCEPT"),
	       1, "and another IPv6 text differs");
}

/* The scenario's own nftables table: its rules keep nft's text, and a
 * raw-priority prerouting chain runs before conntrack. */
static void test_nft_tables(void)
{
	static const char listing[] =
		"table inet fw { # handle 3\n"
		"\tchain pre { # handle 1\n"
		"\t\ttype filter hook prerouting priority raw; policy accept;\n"
		"\t\tfib saddr . iif oif missing drop # handle 4\n"
		"\t}\n"
		"\tchain early { # handle 2\n"
		"\t\ttype filter hook output priority raw + 150; policy accept;\n"
		"\t}\n"
		"\tchain late { # handle 5\n"
		"\t\ttype filter hook prerouting priority -301; policy accept;\n"
		"\t}\n"
		"\tchain in { # handle 6\n"
		"\t\ttype filter hook input priority -400; policy accept;\n"
		"\t}\n"
		"}\n";
	struct kruleset k = {0};
	k.tables[0].family = 1;
	k.tables[0].nft = true;
	str_copy(k.tables[0].name, sizeof(k.tables[0].name), "fw");
	k.ntables = 1;
	kload_parse_nft(listing, 1, "fw", &k);
	ok(kruleset_is_nft(&k, 1, "fw") && !kruleset_is_nft(&k, 2, "fw"), "fw is inet's");
	const struct krule *r = kruleset_rule(&k, 1, "fw", 4);
	ok(r && r->pos == 1, "handle 4 is pre's first rule");
	is_str(r && r->text ? r->text : "", "fib saddr . iif oif missing drop",
	       "an nft rule keeps its text, the handle cut off");
	ok(kruleset_before_ct(&k, 1, "fw", "pre"), "priority raw at prerouting: before conntrack");
	ok(!kruleset_before_ct(&k, 1, "fw", "early"), "raw + 150 is after conntrack's -200");
	ok(kruleset_before_ct(&k, 1, "fw", "late"), "-301 is before it");
	ok(!kruleset_before_ct(&k, 1, "fw", "in"), "input is after conntrack whatever its priority");
	is_str(kload_family_word(1), "inet", "family 1 is inet");
	is_str(kload_family_word(10), "ip6", "family 10 is ip6");
	kruleset_free(&k);
}

int main(void)
{
	test_nft_tables();
	test_quoted_words();
	test_restore_text();
	test_listings();
	test_trace_decode();
	test_conntrack_lines();
	test_classes();
	test_header_view();
	test_header_view6();
	test_trace_table();
	test_compare();
	test_rule_texts();
	return tap_done();
}
