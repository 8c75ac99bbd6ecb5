/* test_ipset.c - the set store and the ipset command language: what
 * create/add/del accept and refuse (ipset's messages), ranges expanded
 * as ipset expands them, `ipset save` written back, lookups with the
 * kernel's rules (longest prefix and nomatch, netmask, list:set,
 * counters, ICMP type/code, timeouts by packet time), and -m set / -j SET
 * options refused as libxt_set refuses them. */
#include <stdlib.h>
#include <string.h>

#include "engine/xt/ipset.h"
#include "tests/tap.h"
#include "tests/unit/rules_fixture.h"

static struct ipset_store st;

static int cmd(const char *line, char *msg, size_t n)
{
	struct nf_error err = {.col = -1};
	int rc = ipset_command(&st, line, 0, &err);
	if (msg)
		str_copy(msg, n, rc ? err.msg : "");
	return rc;
}

static void refuses(const char *line, const char *want)
{
	char msg[256];
	ok(cmd(line, msg, sizeof(msg)) != 0 && strstr(msg, want), "refused: %s (%s)", line, msg);
}

static const char *save(double now)
{
	static char buf[4096];
	struct strbuf sb = STRBUF_INIT;
	ipset_save(&st, now, &sb);
	str_copy(buf, sizeof(buf), sb_str(&sb));
	sb_free(&sb);
	return buf;
}

static void test_commands(void)
{
	ok(cmd("ipset create h hash:ip maxelem 2", NULL, 0) == 0, "create hash:ip");
	ok(cmd("add h 10.0.0.1", NULL, 0) == 0, "add without the leading ipset");
	refuses("add h 10.0.0.1", "Element cannot be added to the set: it's already added");
	ok(cmd("add -exist h 10.0.0.1", NULL, 0) == 0, "-exist re-adds");
	ok(cmd("add h 10.0.0.2", NULL, 0) == 0, "second element");
	refuses("add h 10.0.0.3", "Hash is full, cannot add more elements");
	refuses("del h 10.0.0.9", "Element cannot be deleted from the set: it's not added");
	ok(cmd("del h 10.0.0.9 -exist", NULL, 0) == 0, "-exist anywhere: a missing delete is fine");
	refuses("create h hash:net", "set with the same name already exists");
	refuses("create x hash:mac", "typename 'hash:mac' is unknown");
	refuses("create x hash:ip family inet6", "IPv4 (family inet) only");
	refuses("create x bitmap:port", "bitmap:port needs 'range FROM-TO'");
	refuses("create x hash:net netmask 24", "not supported by the set type");
	refuses("add h 10.0.0.4 timeout 5", "set was created without timeout support");
	refuses("add nosuch 10.0.0.4", "The set with the given name does not exist");
	ok(cmd("create n hash:net", NULL, 0) == 0, "create hash:net");
	refuses("add n 0.0.0.0/0", "CIDR parameter of the IP address is invalid");
	refuses("add h 10.0.0.1,tcp:80", "takes fewer components");
	ok(cmd("create p bitmap:port range 0-1024", NULL, 0) == 0, "create bitmap:port");
	refuses("add p 2000", "out of the range of the set");
	refuses("add h 10.0.0.1 nomatch", "not supported by the set type");
	refuses("frobnicate h", "unknown ipset command");
}

static void test_ranges_and_save(void)
{
	ipset_store_free(&st);
	cmd("create h hash:ip", NULL, 0);
	ok(cmd("add h 10.0.0.0/30", NULL, 0) == 0 && ipset_find(&st, "h")->n == 4,
	   "a /30 added to hash:ip is four addresses");
	cmd("create n hash:net counters comment", NULL, 0);
	ok(cmd("add n 10.1.0.0-10.1.0.5", NULL, 0) == 0 && ipset_find(&st, "n")->n == 2,
	   "a range added to hash:net is split into prefixes (/30 and /31)");
	cmd("add n 10.2.0.0/16 nomatch comment \"a \\\"hole\\\"\"", NULL, 0);
	cmd("create ip hash:ip,port timeout 300", NULL, 0);
	ok(cmd("add ip 10.0.0.1,udp:53-54", NULL, 0) == 0, "a port range");
	cmd("add ip 10.0.0.1,icmp:8/0 timeout 0", NULL, 0);
	cmd("add ip 10.0.0.1,80 timeout 10", NULL, 0);
	cmd("create l list:set size 4", NULL, 0);
	cmd("add l h", NULL, 0);
	refuses("add l l", "a list:set cannot hold a list:set");
	is_str(save(4),
	       "create h hash:ip family inet hashsize 1024 maxelem 65536\n"
	       "add h 10.0.0.0\nadd h 10.0.0.1\nadd h 10.0.0.2\nadd h 10.0.0.3\n"
	       "create n hash:net family inet hashsize 1024 maxelem 65536 counters comment\n"
	       "add n 10.1.0.0/30 packets 0 bytes 0\n"
	       "add n 10.1.0.4/31 packets 0 bytes 0\n"
	       "add n 10.2.0.0/16 nomatch packets 0 bytes 0 comment \"a \\\"hole\\\"\"\n"
	       "create ip hash:ip,port family inet hashsize 1024 maxelem 65536 timeout 300\n"
	       "add ip 10.0.0.1,udp:53 timeout 296\n"
	       "add ip 10.0.0.1,udp:54 timeout 296\n"
	       "add ip 10.0.0.1,icmp:echo-request timeout 0\n"
	       "add ip 10.0.0.1,tcp:80 timeout 6\n"
	       "create l list:set size 4\nadd l h\n",
	       "ipset save: list:set last, timeouts left, ICMP by name, tcp the default");
	struct ipset_store again = {0};
	struct nf_error err = {.col = -1};
	ok(ipset_restore_text(&again, "saved", save(0), &err) == 0, "the saved text restores: %s",
	   err.msg);
	ipset_store_free(&again);
	ok(ipset_restore_text(&again, "f", "create a hash:ip\nadd a 1.2.3\n", &err) != 0 &&
	       err.line == 2 && err.col == 6,
	   "restore errors name the line and column (%d:%d %s)", err.line, err.col, err.msg);
	ipset_store_free(&again);
}

static bool test_pkt(const char *set, struct packet *p, const struct ipset_opt *o,
		     struct ipset_found *f)
{
	return ipset_test(&st, ipset_find(&st, set), p, o, f);
}

static void test_lookups(void)
{
	ipset_store_free(&st);
	cmd("create n hash:net counters", NULL, 0);
	cmd("add n 10.0.0.0/8", NULL, 0);
	cmd("add n 10.1.0.0/16 nomatch", NULL, 0);
	cmd("add n 10.1.2.0/24", NULL, 0);
	struct ipset_opt src = {.dim = 1, .src = {true}};
	struct ipset_found f;
	struct packet *p = mkpkt(PROTO_TCP, "10.1.2.3", 1000, "192.0.2.1", 80, TCPF_SYN);
	ok(test_pkt("n", p, &src, &f) && !strcmp(f.elem, "10.1.2.0/24"),
	   "the longest prefix decides: 10.1.2.3 in 10.1.2.0/24 inside the nomatch /16");
	packet_free(p);
	p = mkpkt(PROTO_TCP, "10.1.9.3", 1000, "192.0.2.1", 80, TCPF_SYN);
	ok(!test_pkt("n", p, &src, &f) && f.result < 0, "10.1.9.3 meets the nomatch /16 first");
	struct ipset_opt rn = src;
	rn.return_nomatch = true;
	ok(test_pkt("n", p, &rn, &f), "--return-nomatch: the nomatch element matches");
	packet_free(p);
	p = mkpkt(PROTO_TCP, "10.9.9.9", 1000, "192.0.2.1", 80, TCPF_SYN);
	ok(!test_pkt("n", p, &rn, &f), "--return-nomatch: a plain element does not");
	struct ipset_opt cnt = src;
	cnt.match_counters = true;
	cnt.packets_op = ICO_EQ;
	cnt.packets = 3; /* the /8 has counted one packet (the --return-nomatch test) */
	ok(!test_pkt("n", p, &cnt, &f), "--packets-eq 3: the element's count is now 2");
	ok(test_pkt("n", p, &cnt, &f), "then 3 (the count comes before the comparison)");
	cnt.skip_counters = true;
	ok(test_pkt("n", p, &cnt, &f), "! --update-counters: still 3");
	packet_free(p);

	cmd("create m hash:ip netmask 24", NULL, 0);
	ok(cmd("add m 192.0.2.77", NULL, 0) == 0 && cmd("add m 192.0.3.0-192.0.4.255", NULL, 0) == 0 &&
	       ipset_find(&st, "m")->n == 3,
	   "netmask 24: the set keeps 192.0.2.0, and a range is one element per /24");
	refuses("add m 192.0.2.1", "already added");
	struct ipset_opt dst = {.dim = 1, .src = {false}};
	p = mkpkt(PROTO_ICMP, "10.0.0.1", 7, "192.0.2.200", 0, 0);
	ok(test_pkt("m", p, &dst, &f) && !strcmp(f.key, "192.0.2.0"),
	   "netmask 24: 192.0.2.200 is looked up as 192.0.2.0");
	cmd("create ip hash:ip,port", NULL, 0);
	cmd("add ip 192.0.2.200,icmp:echo-request", NULL, 0);
	struct ipset_opt dd = {.dim = 2, .src = {false, false}};
	ok(test_pkt("ip", p, &dd, &f) && !strcmp(f.key, "192.0.2.200,icmp:echo-request"),
	   "ICMP is looked up as type/code (%s)", f.key);
	ok(!test_pkt("ip", p, &dst, &f) && f.refused, "one flag on a two-dimension type: no lookup");
	cmd("create l list:set", NULL, 0);
	cmd("add l ip", NULL, 0);
	cmd("add l m", NULL, 0);
	ok(test_pkt("l", p, &dd, &f) && !strcmp(f.via, "ip"), "list:set: its first member matches");
	ok(test_pkt("l", p, &dst, &f) && !strcmp(f.via, "m"),
	   "list:set: a member needing more flags is passed over");
	packet_free(p);

	cmd("create ni hash:net,iface", NULL, 0);
	cmd("add ni 10.0.0.0/8,eth0", NULL, 0);
	struct ipset_opt ss = {.dim = 2, .src = {true, true}, .in = "eth0"};
	p = mkpkt(PROTO_UDP, "10.3.3.3", 53, "192.0.2.1", 53, 0);
	ok(test_pkt("ni", p, &ss, &f), "hash:net,iface: src reads the input interface");
	ss.out = "eth0";
	ss.in = NULL;
	ok(!test_pkt("ni", p, &ss, &f) && f.refused, "no input interface: no lookup");

	cmd("create t hash:ip timeout 10", NULL, 0);
	cmd("add t 10.3.3.3", NULL, 0);
	p->t = 9.5;
	ok(test_pkt("t", p, &src, &f), "at 9.5 the element (timeout 10) is there");
	p->t = 10.5;
	ok(!test_pkt("t", p, &src, &f), "at 10.5 it has timed out");
	struct ipset_opt add = src;
	add.timeout = UINT32_MAX;
	ok(ipset_kadd(&st, ipset_find(&st, "t"), p, &add, &f) == 0, "-j SET adds it again");
	p->t = 15;
	ok(test_pkt("t", p, &src, &f), "for the set's 10 seconds from 10.5");
	cmd("create nn hash:net", NULL, 0);
	cmd("add nn 172.16.0.0/12", NULL, 0);
	ok(ipset_kadd(&st, ipset_find(&st, "nn"), p, &add, &f) == 0 && !strcmp(f.key, "10.0.0.0/12"),
	   "-j SET on a hash:net adds under its longest prefix (%s)", f.key);
	packet_free(p);
}

static void test_rules(void)
{
	struct ruleset rs;
	ruleset_init(&rs);
	ipset_command(ruleset_ipsets(&rs), "create s hash:ip", 0, NULL);
	static const struct {
		const char *rule, *want;
	} v[] = {
		{"-A INPUT -m set --match-set s", "two arg"},
		{"-A INPUT -m set --match-set s src,dst,src,dst,src,dst,src",
		 "Can't be more src/dst options than 6."},
		{"-A INPUT -m set --match-set s srcx", "'src' or 'dst'"},
		{"-A INPUT -m set --match-set s src --update-counters",
		 "--update-counters flag can only be inverted"},
		{"-A INPUT -m set --match-set s src ! --packets-lt 3",
		 "--packets-lt option cannot be inverted"},
		{"-A INPUT -m set --match-set s src --packets-eq 1 --packets-gt 2",
		 "only one of the --packets-[eq|lt|gt] is allowed"},
		{"-A INPUT -m set --match-set nope src", "Set nope doesn't exist."},
		{"-A INPUT -j SET --exist", "You must specify either `--add-set'"},
		{"-A INPUT -j SET --del-set s src --timeout 3",
		 "Option `--timeout' can be used with `--add-set' only"},
		{"-A INPUT -j SET --add-set nope src", "Set nope doesn't exist."},
		{"-A INPUT -j SET --map-set s src", "skbinfo"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct nf_error err = {.col = -1};
		ok(ruleset_command(&rs, v[i].rule, 0, &err) != 0 && strstr(err.msg, v[i].want),
		   "%s: %s", v[i].rule, err.msg);
	}
	ruleset_free(&rs);
}

int main(void)
{
	test_commands();
	test_ranges_and_save();
	test_lookups();
	test_rules();
	ipset_store_free(&st);
	return tap_done();
}
