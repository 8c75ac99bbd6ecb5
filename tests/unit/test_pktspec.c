/* test_pktspec.c - the packet short form: what each word sets, the
 * defaults, and the column of every refused word. */
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "lib/addr.h"
#include "lib/inet.h"
#include "../tap.h"

static uint32_t ip(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

static int parse(const char *text, struct scn_packet *pk)
{
	struct nf_error err = {.col = -1};
	memset(pk, 0, sizeof(*pk));
	int rc = pktspec_parse(text, pk, &err);
	if (rc)
		printf("# %s\n#   -> col %d: %s\n", text, err.col, err.msg);
	return rc;
}

static void test_tcp_arriving(void)
{
	struct scn_packet pk;
	is_int(parse("tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on eth0", &pk), 0,
	       "tcp syn on eth0 parses");
	is_int(pk.spec.proto, PROTO_TCP, "proto tcp");
	is_int(pk.spec.src.ip, ip("198.51.100.7"), "source address");
	is_int(pk.spec.sport, 40000, "source port");
	is_int(pk.spec.dst.ip, ip("203.0.113.1"), "destination address");
	is_int(pk.spec.dport, 8080, "destination port");
	is_int(pk.spec.tcp_flags, TCPF_SYN, "SYN");
	is_int(pk.spec.seq, 1000, "default sequence number");
	is_str(pk.iif, "eth0", "arrives on eth0");
	ok(!pk.local, "not local");

	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2 on eth0", &pk), 0, "tcp without flags");
	is_int(pk.spec.tcp_flags, TCPF_SYN, "a TCP packet without flag words is a SYN");
	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2   ack\tpsh  on   eth1 seq 7", &pk), 0,
	       "extra white space");
	is_int(pk.spec.tcp_flags, TCPF_ACK | TCPF_PSH, "ack psh");
	is_int(pk.spec.seq, 7, "seq 7");
	is_str(pk.iif, "eth1", "on eth1");
	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2 flags SA on eth0", &pk), 0, "flags SA");
	is_int(pk.spec.tcp_flags, TCPF_SYN | TCPF_ACK, "SA is SYN/ACK");
	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2 flags . on eth0", &pk), 0, "flags .");
	is_int(pk.spec.tcp_flags, TCPF_ACK, "'.' is a bare ACK, as tcpdump prints it");
	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2 flags none on eth0", &pk), 0, "flags none");
	is_int(pk.spec.tcp_flags, 0, "no flags at all");
	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2 fin ack rst psh urg ece cwr syn on eth0", &pk),
	       0, "every flag word");
	is_int(pk.spec.tcp_flags, 0xff, "all eight flags");
}

static void test_local(void)
{
	struct scn_packet pk;
	is_int(parse("udp local -> 8.8.8.8:53", &pk), 0, "udp local");
	ok(pk.local, "local source means generated here");
	is_int(pk.spec.src.ip, 0, "routing picks the source address");
	is_int(pk.spec.sport, 40000, "an ephemeral source port");
	is_int(pk.spec.dport, 53, "port 53");
	is_str(pk.iif, "", "no arriving interface");

	is_int(parse("tcp local:1234 -> 1.2.3.4:80 fin ack local", &pk), 0,
	       "local:PORT, a redundant trailing local");
	is_int(pk.spec.sport, 1234, "chosen source port");
	is_int(pk.spec.tcp_flags, TCPF_FIN | TCPF_ACK, "fin ack");

	is_int(parse("udp 10.0.0.1:5 -> 10.0.0.2:53 local ttl 3 tos 0x10 len 100 mark 0x1 "
		     "mac 02:00:00:00:00:01",
		     &pk),
	       0, "a bound source address, generated here, with metadata");
	ok(pk.local, "trailing `local`");
	is_int(pk.spec.src.ip, ip("10.0.0.1"), "source kept");
	is_int(pk.spec.ttl, 3, "ttl");
	is_int(pk.spec.tos, 0x10, "tos");
	is_int(pk.spec.payload, 100, "len is the payload");
	is_int(pk.mark, 1, "mark");
	ok(pk.has_mac && pk.mac[0] == 2 && pk.mac[5] == 1, "mac");
}

static void test_payload_escapes(void)
{
	struct scn_packet pk;
	is_int(parse("tcp 10.0.0.5:40000 -> 10.0.0.7:21 psh ack payload \"PORT 1,2\\r\\n\" on eth0",
		     &pk),
	       0, "payload with \\r\\n");
	is_int(pk.spec.payload, 10, "an escape is one byte");
	ok(pk.payload_data && memcmp(pk.payload_data, "PORT 1,2\r\n", 10) == 0, "CR LF");
	free(pk.payload_data);
	is_int(parse("udp 1.2.3.4:1 -> 1.2.3.5:2 payload 'a\\tb\\x41\\0\\\\' on eth0", &pk), 0,
	       "\\t \\xHH \\0 \\\\");
	is_int(pk.spec.payload, 6, "six bytes");
	ok(pk.payload_data && memcmp(pk.payload_data, "a\tbA\0\\", 6) == 0, "as C reads them");
	free(pk.payload_data);
}

static void test_icmp(void)
{
	struct scn_packet pk;
	is_int(parse("icmp 192.0.2.7 -> 10.0.0.1 echo-request id 7 seq 3 on eth0", &pk), 0,
	       "icmp echo-request");
	is_int(pk.spec.proto, PROTO_ICMP, "proto icmp");
	is_int(pk.spec.icmp_type, ICMP_ECHO, "type 8");
	is_int(pk.spec.icmp_id, 7, "id 7");
	is_int(pk.spec.icmp_seq, 3, "seq 3");
	is_int(parse("icmp 192.0.2.7 -> 10.0.0.1 on eth0", &pk), 0, "icmp without a type");
	is_int(pk.spec.icmp_type, ICMP_ECHO, "defaults to an echo request");
	is_int(pk.spec.icmp_id, 1, "default id");
	is_int(pk.spec.icmp_seq, 1, "default seq");
	is_int(parse("icmp 1.2.3.4 -> 5.6.7.8 type 3 code 1 on eth0", &pk), 0, "type 3 code 1");
	is_int(pk.spec.icmp_type, 3, "type 3");
	is_int(pk.spec.icmp_code, 1, "code 1");
	is_int(parse("icmp local -> 5.6.7.8 echo-reply", &pk), 0, "local echo-reply");
	is_int(pk.spec.icmp_type, ICMP_ECHOREPLY, "type 0");
}

/* Each refusal: the message must name the word, the column must point at
 * `at` (a substring of the text; NULL: the end of the text). */
static const struct {
	const char *text;
	const char *at;
	const char *msg_has;
} bad[] = {
	{"", "", "empty packet"},
	{"   ", "", "empty packet"},
	{"dccp 1.2.3.4:1 -> 1.2.3.5:2 on eth0", "dccp", "unknown protocol `dccp`"},
	{"sctp 1.2.3.4:1 -> 1.2.3.5:2 len 5 on eth0", "len", "`len` does not apply to a sctp packet"},
	{"tcp", NULL, "expected the source address"},
	{"tcp 10.0.0.300:1 -> 1.2.3.4:80 on eth0", "10.0.0.300", "bad source address `10.0.0.300`"},
	{"tcp 1.2.3.4 -> 1.2.3.5:80 on eth0", "1.2.3.4", "missing port"},
	{"tcp 1.2.3.4:1 => 1.2.3.5:80 on eth0", "=>", "expected `->`"},
	{"tcp 1.2.3.4:1", NULL, "expected `->`"},
	{"tcp 1.2.3.4:1 ->", NULL, "destination address"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:99999 on eth0", "99999", "bad port `99999`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:0 on eth0", "0 on", "bad port `0`"},
	{"tcp 1.2.3.4:x -> 1.2.3.5:1 on eth0", "x", "bad port `x`"},
	{"tcp 1.2.3.4:1 -> local:80 on eth0", "local:80", "bad destination address `local`"},
	{"udp 1.2.3.4:1 -> 1.2.3.5:2 syn on eth0", "syn", "`syn` is a TCP flag"},
	{"icmp 1.2.3.4:80 -> 1.2.3.5 on eth0", ":80", "icmp has no ports"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 syn syn on eth0", "syn on", "`syn` given twice"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 on eth0 local", "local", "`local` conflicts with `on`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 syn", NULL, "`on IFACE`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 on eth0 ttl", "ttl", "`ttl` needs a number"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 ttl 300 on eth0", "300", "bad ttl `300`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 ttl 0 on eth0", "0 on", "bad ttl `0`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 bogus on eth0", "bogus", "unknown word `bogus`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 flags SX on eth0", "X", "flag letter `X`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 syn flags S on eth0", "flags", "conflicts"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 flags S syn on eth0", "syn", "`syn` conflicts with `flags`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 mac 02:00 on eth0", "02:00", "bad MAC address `02:00`"},
	{"tcp local -> 1.2.3.4:80 on eth0", "on", "`on` conflicts with the `local` source"},
	{"icmp 1.2.3.4 -> 5.6.7.8 echo-request type 3 on eth0", "type", "`type` conflicts with `echo-request`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 on eth0/1", "eth0/1", "bad interface name `eth0/1`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 on averyveryverylongname", "avery", "bad interface name"},
	{"udp 1.2.3.4:1 -> 1.2.3.5:2 seq 5 on eth0", "seq", "`seq` does not apply to a udp packet"},
	{"udp 1.2.3.4:1 -> 1.2.3.5:2 len 70000 on eth0", "70000", "bad payload length `70000`"},
	{"tcp 1.2.3.4:1 -> 1.2.3.5:2 mark 0x100000000 on eth0", "0x1", "bad mark"},
	{"icmp 1.2.3.4 -> 5.6.7.8 id -1 on eth0", "-1", "bad icmp id `-1`"},
	{"udp 1.2.3.4:1 -> 1.2.3.5:2 payload 'a\\q' on eth0", "'a", "bad escape in payload"},
	{"udp 1.2.3.4:1 -> 1.2.3.5:2 payload 'a\\x4' on eth0", "'a", "bad escape in payload"},
	{"tcp [2001:db8::1:4000 -> [2001:db8::2]:80 on eth0", " -> ", "missing `]` after the source"},
	{"tcp [2001:db8::zz]:1 -> [2001:db8::2]:80 on eth0", "2001:db8::zz",
	 "bad source IPv6 address `2001:db8::zz`"},
	{"tcp [10.0.0.1]:1 -> [2001:db8::2]:80 on eth0", "10.0.0.1", "bad source IPv6 address"},
	{"tcp [2001:db8::1]x -> [2001:db8::2]:80 on eth0", "x", "unexpected `x` after `]`"},
	{"tcp [2001:db8::1]:1 -> [2001:db8::2]:0 on eth0", "0 on", "bad port `0`"},
	{"tcp [2001:db8::1]:4000 -> 10.0.0.1:80 on eth0", "10.0.0.1",
	 "the source is IPv6 but the destination is IPv4"},
	{"tcp 2001:db8::1 -> [2001:db8::2]:80 on eth0", "2001:db8::1", "missing port: tcp needs [ADDR]:PORT"},
	{"icmp 2001:db8::1 -> 2001:db8::2 on eth0", "2001:db8::2", "icmp is IPv4's"},
	{"icmp6 1.2.3.4 -> 5.6.7.8 on eth0", "5.6.7.8", "icmp6 needs IPv6"},
	{"icmp6 [2001:db8::1]:80 -> 2001:db8::2 on eth0", ":80", "icmp6 has no ports"},
	{"icmp6 2001:db8::1 -> 2001:db8::2 echo-request packet-too-big on eth0", "packet-too-big",
	 "`packet-too-big` conflicts with `echo-request`"},
	{"icmp6 2001:db8::1 -> 2001:db8::2 bogus-type on eth0", "bogus-type", "unknown word"},
};

static bool is_addr6(const union inet_addr *a, const char *text)
{
	int fam = FAMILY_IPV6;
	union inet_addr w;
	return inet_parse(text, &fam, &w) && inet_eq(a, &w);
}

static void test_ipv6(void)
{
	struct scn_packet pk;
	is_int(parse("tcp [2001:db8::1]:4000 -> [2001:db8:1::2]:80 on eth0", &pk), 0,
	       "tcp over IPv6 parses");
	is_int(pk.spec.family, FAMILY_IPV6, "family IPv6");
	ok(is_addr6(&pk.spec.src, "2001:db8::1") && is_addr6(&pk.spec.dst, "2001:db8:1::2"),
	   "both addresses");
	ok(pk.spec.sport == 4000 && pk.spec.dport == 80 && pk.spec.tcp_flags == TCPF_SYN,
	   "ports, a SYN by default");
	is_int(parse("udp [2001:db8::1]:5353 -> [ff02::fb]:5353 on eth0", &pk), 0, "udp to mDNS");
	ok(is_addr6(&pk.spec.dst, "ff02::fb") && pk.spec.dport == 5353, "multicast destination");
	is_int(parse("icmp6 2001:db8::1 -> 2001:db8:1::2 on eth0", &pk), 0, "icmp6, bare addresses");
	ok(pk.spec.proto == PROTO_ICMPV6 && pk.spec.icmp_type == ICMPV6_ECHO_REQUEST &&
		   pk.spec.icmp_id == 1 && pk.spec.icmp_seq == 1,
	   "an echo request (128) by default, id 1 seq 1");
	is_int(parse("icmp6 2001:db8::1 -> 2001:db8:1::2 echo-reply id 9 seq 3 on eth0", &pk), 0,
	       "echo-reply");
	ok(pk.spec.icmp_type == ICMPV6_ECHO_REPLY && pk.spec.icmp_id == 9, "129, id 9");
	is_int(parse("icmp6 fe80::1 -> ff02::1:ff00:2 neighbour-solicitation on eth0", &pk), 0,
	       "neighbour-solicitation");
	ok(pk.spec.icmp_type == 135 && pk.spec.ttl == 255, "135, hop limit 255 (RFC 4861)");
	is_int(parse("icmp6 2001:db8::1 -> 2001:db8::2 port-unreachable on eth0", &pk), 0,
	       "a code's name");
	ok(pk.spec.icmp_type == 1 && pk.spec.icmp_code == 4, "port-unreachable is 1/4");
	is_int(parse("ipv6-icmp 2001:db8::1 -> 2001:db8::2 type 2 ttl 3 on eth0", &pk), 0,
	       "ipv6-icmp with type and ttl");
	ok(pk.spec.icmp_type == 2 && pk.spec.ttl == 3, "type 2, hop limit 3");
	is_int(parse("tcp local -> [2001:db8::2]:22 uid 1000", &pk), 0, "a local IPv6 packet");
	ok(pk.local && pk.spec.family == FAMILY_IPV6 && pk.spec.sport == 40000 &&
		   inet_is_zero(&pk.spec.src),
	   "takes the destination's family; routing picks the source");
	is_int(parse("tcp 10.0.0.1:1 -> 10.0.0.2:2 on eth0", &pk), 0, "IPv4 as before");
	is_int(pk.spec.family, 0, "family 0: IPv4");
}

static void test_bad(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct scn_packet pk;
		struct nf_error err = {.col = -1};
		memset(&pk, 0, sizeof(pk));
		const char *t = bad[i].text;
		int want_col = (int)strlen(t);
		if (bad[i].at && *bad[i].at) {
			/* the last occurrence for "syn on", the first otherwise */
			const char *p = strstr(t, bad[i].at);
			want_col = (int)(p - t);
		}
		if (bad[i].at && !*bad[i].at)
			want_col = 0;
		int rc = pktspec_parse(t, &pk, &err);
		ok(rc == -1 && strstr(err.msg, bad[i].msg_has) && err.col == want_col,
		   "refused: '%s'", t);
		if (rc != -1 || !strstr(err.msg, bad[i].msg_has) || err.col != want_col)
			printf("#   got col %d '%s'; want col %d '%s'\n", err.col, err.msg, want_col,
			       bad[i].msg_has);
	}
}

static void test_flags(void)
{
	uint8_t f = 0;
	struct nf_error err = {.col = -1};
	is_int(pktspec_parse_flags("syn ack", &f, &err), 0, "flag words");
	is_int(f, TCPF_SYN | TCPF_ACK, "syn ack");
	is_int(pktspec_parse_flags("FA", &f, &err), 0, "flag letters");
	is_int(f, TCPF_FIN | TCPF_ACK, "FA");
	is_int(pktspec_parse_flags("none", &f, &err), 0, "none");
	is_int(f, 0, "no flags");
	is_int(pktspec_parse_flags("syn foo", &f, &err), -1, "unknown flag word");
	is_int(err.col, 4, "column of foo");
	is_int(pktspec_parse_flags("SQ", &f, &err), -1, "unknown flag letter");
	is_int(err.col, 1, "column of Q");
	is_int(pktspec_parse_flags("ack ack", &f, &err), -1, "repeated flag");
	is_int(pktspec_parse_flags("", &f, &err), -1, "empty flags");
}

static void test_helpers(void)
{
	uint8_t mac[6];
	ok(mac_addr_parse("02:00:00:00:01:ff", mac) && mac[5] == 0xff && mac[0] == 2, "mac");
	ok(mac_addr_parse("2-0-0-0-1-A", mac) && mac[5] == 0xa, "mac with dashes and single digits");
	ok(!mac_addr_parse("02:00:00:00:01", mac), "five bytes refused");
	ok(!mac_addr_parse("02:00:00:00:01:02:03", mac), "seven bytes refused");
	ok(!mac_addr_parse("02:00:00:00:01:100", mac), "three digits refused");
	ok(!mac_addr_parse("", mac), "empty mac refused");
	/* Asked of Linux 6.18 in a throwaway netns (`ip link set lo name X`):
	 * "fifteen-chars-x" is accepted; "eth0:1" and ".." get EINVAL from
	 * dev_valid_name(); a 16-character name fails netlink's policy check. */
	ok(iface_name_ok("eth0") && iface_name_ok("imq0") && iface_name_ok("br-lan.10"),
	   "usual interface names");
	ok(!iface_name_ok("") && !iface_name_ok("a/b") && !iface_name_ok("eth0:1") &&
		   !iface_name_ok("a b") && !iface_name_ok("..") &&
		   !iface_name_ok("sixteen-chars-xx"),
	   "dev_valid_name refusals");
	ok(iface_name_ok("fifteen-chars-x"), "fifteen characters fit");
}

int main(void)
{
	test_tcp_arriving();
	test_local();
	test_payload_escapes();
	test_icmp();
	test_ipv6();
	test_bad();
	test_flags();
	test_helpers();
	return tap_done();
}
