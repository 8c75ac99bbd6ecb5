/* test_rpdb.c - `ip rule add` and the look-up through the policy
 * database.  The expectations are what Linux 6.18 answered to `ip rule`
 * and `ip route get` in a throwaway namespace (veth pairs eth0 with
 * 10.0.0.1/24, eth1 with 192.0.2.10/24, eth2 with 198.51.100.1/24). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"
#include "engine/net/net.h"
#include "tests/tap.h"

static uint32_t A(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

static void add_iface(struct netconf *n, const char *name, const char *cidr)
{
	struct iface ifc = {0};
	uint32_t mask;
	str_copy(ifc.name, sizeof(ifc.name), name);
	prefix_parse(cidr, &ifc.addr[0], &mask, &ifc.plen[0]);
	ifc.naddr = 1;
	netconf_add_iface(n, &ifc, NULL);
}

static void must(int rc, const char *what, const struct nf_error *err)
{
	if (rc != 0)
		printf("# setup failed: %s: %s\n", what, err->msg);
}

static void route(struct netconf *n, const char *text)
{
	struct nf_error err = {0};
	must(netconf_add_route(n, text, &err), text, &err);
}

static void rule(struct netconf *n, const char *text)
{
	struct nf_error err = {0};
	must(netconf_add_rule(n, text, &err), text, &err);
}

static void lab(struct netconf *n)
{
	netconf_init(n);
	add_iface(n, "eth0", "10.0.0.1/24");
	add_iface(n, "eth1", "192.0.2.10/24");
	add_iface(n, "eth2", "198.51.100.1/24");
	route(n, "default via 10.0.0.254");
}

/* "PRIO:\tTEXT" lines, as `ip rule show` (or `ip -6 rule show`) prints them. */
static const char *listing_of(const struct netconf *n, int family)
{
	static char buf[2048];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n->nrules && len < sizeof(buf); i++)
		if (n->rules[i].family == family)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%u:\t%s\n", n->rules[i].prio,
					n->rules[i].text);
	return buf;
}

/* The IPv4 rule k-th from the end (1: the last). */
static const struct rpdb_rule *v4_rule(const struct netconf *n, size_t k)
{
	for (size_t i = n->nrules; i-- > 0;)
		if (n->rules[i].family == FAMILY_IPV4 && --k == 0)
			return &n->rules[i];
	return NULL;
}

static const char *listing(const struct netconf *n)
{
	return listing_of(n, FAMILY_IPV4);
}

static void test_defaults(void)
{
	struct netconf n;
	netconf_init(&n);
	is_str(listing(&n),
	       "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup "
	       "default\n",
	       "a fresh namespace's three rules");
	netconf_free(&n);
}

/* Linux 6.18, starting from the three default rules:
 *   ip rule add from 10.9.0.0/16 lookup 100   -> 32765
 *   ip rule add fwmark 0x1 lookup 101         -> 32764
 *   ip rule add pref 500 to 1.2.3.0/24 table 102
 *   ip rule add iif eth1 lookup 103           -> 499
 *   ip rule add pref 0 from 1.1.1.1 lookup 104 (after the local rule)
 *   ip rule add from 2.2.2.2 lookup 105       -> 0, not 498: the kernel
 *     (fib_default_rule_pref) takes the SECOND rule's priority minus one,
 *     and the second rule is now the pref-0 one. */
static void test_priorities(void)
{
	struct netconf n;
	netconf_init(&n);
	rule(&n, "from 10.9.0.0/16 lookup 100");
	rule(&n, "fwmark 0x1 lookup 101");
	rule(&n, "pref 500 to 1.2.3.0/24 table 102");
	rule(&n, "iif eth1 lookup 103");
	rule(&n, "pref 0 from 1.1.1.1 lookup 104");
	rule(&n, "from 2.2.2.2 lookup 105");
	is_str(listing(&n),
	       "0:\tfrom all lookup local\n"
	       "0:\tfrom 1.1.1.1 lookup 104\n"
	       "0:\tfrom 2.2.2.2 lookup 105\n"
	       "499:\tfrom all iif eth1 lookup 103\n"
	       "500:\tfrom all to 1.2.3.0/24 lookup 102\n"
	       "32764:\tfrom all fwmark 0x1 lookup 101\n"
	       "32765:\tfrom 10.9.0.0/16 lookup 100\n"
	       "32766:\tfrom all lookup main\n"
	       "32767:\tfrom all lookup default\n",
	       "automatic priorities and order as the kernel keeps them");
	netconf_free(&n);
}

/* `ip rule show` after each `ip rule add pref N ...` on 6.18. */
static void test_texts(void)
{
	static const struct {
		const char *cmd, *shown;
	} cases[] = {
		{"pref 600 not from 10.0.0.0/8 fwmark 0x10/0xf0 iif eth0 oif eth1 table main",
		 "not from 10.0.0.0/8 fwmark 0x10/0xf0 iif eth0 oif eth1 lookup main"},
		{"pref 601 from 1.2.3.4 blackhole", "from 1.2.3.4 blackhole"},
		{"pref 602 to 1.2.3.4/32 unreachable", "from all to 1.2.3.4 unreachable"},
		{"pref 603 prohibit", "from all prohibit"},
		{"pref 604 fwmark 7 lookup 7", "from all fwmark 0x7 lookup 7"},
		{"pref 605 fwmark 0x7/0xffffffff lookup 7", "from all fwmark 0x7 lookup 7"},
		{"pref 606 from 0.0.0.0/0 to 0.0.0.0/0 lookup default", "from all lookup default"},
		{"pref 607 lookup 255", "from all lookup local"},
		{"pref 608 from 10.1.2.3/16 lookup 9", "from 10.1.2.3/16 lookup 9"},
		{"pref 609 oif lo lookup 9", "from all oif lo lookup 9"},
		{"pref 610 from 1.2.3.4", "from 1.2.3.4 lookup main"},
		{"order 611 lookup 5", "from all lookup 5"},
		{"priority 4294967295 lookup 5", "from all lookup 5"},
		{"ip rule add preference 612 fwmark 0/0x1 dev eth0 table 12",
		 "from all fwmark 0/0x1 iif eth0 lookup 12"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct netconf n;
		struct nf_error err = {0};
		netconf_init(&n);
		int rc = netconf_add_rule(&n, cases[i].cmd, &err);
		is_int(rc, 0, cases[i].cmd);
		if (rc == 0)
			is_str(v4_rule(&n, strstr(cases[i].cmd, "4294967295") ? 1 : 3)->text,
			       cases[i].shown, "  shown as ip does");
		else
			printf("#   %s\n", err.msg);
		netconf_free(&n);
	}
}

static void bad(const char *cmd, const char *msg, int col)
{
	struct netconf n;
	struct nf_error err = {0};
	netconf_init(&n);
	is_int(netconf_add_rule(&n, cmd, &err), -1, cmd);
	is_str(err.msg, msg, "  message");
	is_int(err.col, col, "  column");
	is_int(n.nrules, 5, "  nothing added (3 + the 2 IPv6 rules)");
	netconf_free(&n);
}

static void test_errors(void)
{
	/* ip: Error: argument "bad" is wrong: fwmark value is invalid */
	bad("fwmark bad lookup 5", "fwmark \"bad\" is not a number", 7);
	/* ip: Error: argument "x" is wrong: fwmask value is invalid */
	bad("fwmark 1/x lookup 5", "fwmark mask \"x\" is not a number", 9);
	bad("fwmark 0x100000000 lookup 5", "fwmark \"0x100000000\" is not a number", 7);
	/* ip: Error: argument "foo" is wrong: invalid table ID */
	bad("lookup foo", "\"foo\" is not a routing table (local, main, default or a number)", 7);
	bad("table 0", "table 0 is not a table (use 1..4294967295 or a name)", 6);
	/* ip: Error: any valid prefix is expected rather than "1.2.3.4/40". */
	bad("from 1.2.3.4/40 lookup 5", "\"1.2.3.4/40\" is not a prefix (like 10.0.0.0/24, or all)", 5);
	bad("to 1.2.3 lookup 5", "\"1.2.3\" is not a prefix (like 10.0.0.0/24, or all)", 3);
	/* ip: Error: argument "x" is wrong: preference value is invalid */
	bad("priority x lookup 5", "priority \"x\" is not a number (0..4294967295)", 9);
	bad("from 1.2.3.4 frob 5",
	    "unknown word \"frob\" (ip rule add takes priority, not, from, to, fwmark, iif, oif, "
	    "lookup, blackhole, unreachable, prohibit)",
	    13);
	bad("tos 0x10 lookup 5", "the \"tos\" selector is not modelled", 0);
	bad("from", "\"from\" needs a value", 4);
	bad("iif abcdefghijklmnopq lookup 5",
	    "interface name \"abcdefghijklmnopq\" is longer than 15 characters", 4);
	/* RTNETLINK answers: File exists (same rule, same explicit pref). */
	struct netconf n;
	struct nf_error err = {0};
	netconf_init(&n);
	rule(&n, "pref 700 from 3.3.3.3 lookup 7");
	is_int(netconf_add_rule(&n, "pref 700 from 3.3.3.3 lookup 7", &err), -1, "duplicate rule");
	is_str(err.msg, "ip rule 700 (from 3.3.3.3 lookup 7) already exists (ip: \"File exists\")",
	       "  message");
	is_int(netconf_add_rule(&n, "pref 700 from 3.3.3.3 lookup 8", &err), 0,
	       "same priority, other table: fine");
	is_int(netconf_add_rule(&n, "from 3.3.3.3 lookup 7", &err), 0,
	       "same rule without pref gets another priority: fine");
	netconf_free(&n);
}

static int lookup(const struct netconf *n, struct route_query q, struct route_result *r)
{
	return route_lookup(n, &q, r);
}

/* ip rule add fwmark 0x1 lookup 100; ip route add default via 192.0.2.1
 * dev eth1 table 100; `ip route get 8.8.8.8 mark 1` -> "8.8.8.8 via
 * 192.0.2.1 dev eth1 table 100 src 192.0.2.10 mark 1"; mark 2 -> main. */
static void test_fwmark(void)
{
	struct netconf n;
	struct route_result r;
	lab(&n);
	rule(&n, "pref 100 fwmark 0x1 lookup 100");
	route(&n, "default via 192.0.2.1 dev eth1 table 100");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .mark = 1}, &r), 0, "mark 1 routes");
	is_str(r.why,
	       "ip rule 100 (from all fwmark 0x1 lookup 100) -> table 100: default via 192.0.2.1 dev "
	       "eth1",
	       "  why");
	is_str(r.oif, "eth1", "  out of eth1");
	is_int(r.gw.ip, A("192.0.2.1"), "  via 192.0.2.1");
	is_int(r.prefsrc.ip, A("192.0.2.10"), "  src 192.0.2.10");
	is_int(r.table, 100, "  table 100");
	ok(r.rule && r.rule->prio == 100, "  decided by rule 100");
	ok(r.route && r.route->table == 100, "  the route of table 100");
	is_int(r.type, RT_UNICAST, "  unicast");

	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .mark = 2}, &r), 0, "mark 2");
	is_str(r.why, "ip rule 32766 (from all lookup main) -> table main: default via 10.0.0.254 dev eth0",
	       "  goes by main");
	is_int(r.prefsrc.ip, A("10.0.0.1"), "  src 10.0.0.1");

	/* fwmark 0x2/0x2: any mark with bit 1 set. */
	rule(&n, "pref 50 fwmark 0x2/0x2 lookup 101");
	route(&n, "1.1.1.0/24 via 192.0.2.1 table 101");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("1.1.1.1"), .mark = 0x7}, &r), 0, "masked mark");
	is_int(r.table, 101, "  0x7 & 0x2 == 0x2 -> table 101");
	netconf_free(&n);
}

static void test_local_and_broadcast(void)
{
	struct netconf n;
	struct route_result r;
	lab(&n);
	/* `ip route get 10.0.0.1` -> "local 10.0.0.1 dev lo src 10.0.0.1". */
	is_int(lookup(&n, (struct route_query){.dst.ip = A("10.0.0.1")}, &r), 0, "own address");
	is_str(r.why, "ip rule 0 (from all lookup local) -> table local: local 10.0.0.1 dev eth0",
	       "  why");
	is_int(r.type, RT_LOCAL, "  local");
	is_str(r.oif, "lo", "  dev lo");
	is_int(r.prefsrc.ip, A("10.0.0.1"), "  src 10.0.0.1");
	/* `ip route get 127.0.0.5` -> "local 127.0.0.5 dev lo src 127.0.0.1". */
	is_int(lookup(&n, (struct route_query){.dst.ip = A("127.0.0.5")}, &r), 0, "127.0.0.5");
	is_int(r.prefsrc.ip, A("127.0.0.1"), "  src 127.0.0.1");
	/* `ip route get 10.0.0.255` -> "broadcast 10.0.0.255 dev eth0 src 10.0.0.1". */
	is_int(lookup(&n, (struct route_query){.dst.ip = A("10.0.0.255")}, &r), 0, "broadcast out");
	is_int(r.type, RT_BROADCAST, "  broadcast");
	is_str(r.oif, "eth0", "  out of eth0");
	/* `ip route get 192.0.2.255 from 192.0.2.5 iif eth1` -> "broadcast ... dev lo". */
	is_int(lookup(&n, (struct route_query){.dst.ip = A("192.0.2.255"), .src.ip = A("192.0.2.5"),
					      .iif = "eth1"},
		      &r),
	       0, "broadcast in");
	is_str(r.oif, "lo", "  delivered from lo");
	/* `ip route get 255.255.255.255 from 192.0.2.5 iif eth1` -> broadcast, dev lo. */
	is_int(lookup(&n, (struct route_query){.dst.ip = 0xffffffffu, .src.ip = A("192.0.2.5"),
					      .iif = "eth1"},
		      &r),
	       0, "limited broadcast in");
	is_int(r.type, RT_BROADCAST, "  broadcast");
	/* `ip route get 10.0.0.1 from 192.0.2.5 iif eth1` -> local, dev lo. */
	is_int(lookup(&n, (struct route_query){.dst.ip = A("10.0.0.1"), .src.ip = A("192.0.2.5"),
					      .iif = "eth1"},
		      &r),
	       0, "another interface's address from outside");
	is_int(r.type, RT_LOCAL, "  local (the weak host model)");
	netconf_free(&n);
}

/* `ip rule add pref 100 iif lo lookup 200`: `ip route get 8.8.8.8` (a
 * locally generated packet) -> "via 192.0.2.1 dev eth1 table 200";
 * `ip route get 8.8.8.8 from 192.0.2.99 iif eth1` ignores it. */
static void test_iif(void)
{
	struct netconf n;
	struct route_result r;
	lab(&n);
	rule(&n, "pref 100 iif lo lookup 200");
	route(&n, "default via 192.0.2.1 table 200");
	rule(&n, "pref 110 iif eth2 lookup 210");
	route(&n, "default via 198.51.100.254 table 210");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8")}, &r), 0, "local output");
	is_int(r.table, 200, "  output routing has iif lo");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .src.ip = A("192.0.2.99"),
					      .iif = "eth1"},
		      &r),
	       0, "arriving on eth1");
	is_int(r.table, RT_TABLE_MAIN, "  iif lo does not match; main");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .src.ip = A("198.51.100.7"),
					      .iif = "eth2"},
		      &r),
	       0, "arriving on eth2");
	is_int(r.table, 210, "  iif eth2 matches");
	netconf_free(&n);
}

static void test_selectors(void)
{
	struct netconf n;
	struct route_result r;
	lab(&n);
	route(&n, "default via 192.0.2.1 table 300");
	rule(&n, "pref 300 from 10.0.0.0/24 lookup 300");
	/* Output with the source not chosen yet (0): a from-rule cannot match. */
	lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8")}, &r);
	is_int(r.table, RT_TABLE_MAIN, "from-rule vs unknown source");
	lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .src.ip = A("10.0.0.1")}, &r);
	is_int(r.table, 300, "from-rule vs a bound source");
	rule(&n, "pref 310 not to 8.8.0.0/16 lookup 300");
	lookup(&n, (struct route_query){.dst.ip = A("9.9.9.9")}, &r);
	is_int(r.table, 300, "not to 8.8/16 matches 9.9.9.9");
	lookup(&n, (struct route_query){.dst.ip = A("8.8.4.4")}, &r);
	is_int(r.table, RT_TABLE_MAIN, "not to 8.8/16 skips 8.8.4.4");
	/* `ip rule add pref 320 oif eth1 lookup 300`: `ip route get 8.8.4.4
	 * oif eth1` -> table 300; without oif, or with iif eth1, -> main. */
	rule(&n, "pref 320 oif eth1 lookup 300");
	lookup(&n, (struct route_query){.dst.ip = A("8.8.4.4"), .oif = "eth1"}, &r);
	is_int(r.table, 300, "oif rule: a socket bound to eth1");
	is_str(r.oif, "eth1", "  out of eth1");
	lookup(&n, (struct route_query){.dst.ip = A("8.8.4.4"), .src.ip = A("192.0.2.1"), .iif = "eth1",
					.oif = "eth1"},
	       &r);
	is_int(r.table, RT_TABLE_MAIN, "oif rules never match input routing");
	netconf_free(&n);
}

/* `ip route get 8.8.8.8 mark 2` with `fwmark 0x2/0x2 lookup 101` and
 * table 101 holding unreachable 8.8.8.0/24 -> "No route to host";
 * prohibit 8.8.4.0/24 -> "Permission denied"; blackhole 9.9.9.0/24 ->
 * "Invalid argument"; 7.7.7.7 (no route in 101) -> on to main.  Rules
 * `to 4.4.4.4 unreachable`, `to 5.5.5.5 prohibit`, `to 6.6.6.6 blackhole`
 * -> "Network is unreachable", "Permission denied", "Invalid argument". */
static void test_errors_of_lookup(void)
{
	struct netconf n;
	struct route_result r;
	lab(&n);
	rule(&n, "pref 50 fwmark 0x2/0x2 lookup 101");
	route(&n, "unreachable 8.8.8.0/24 table 101");
	route(&n, "prohibit 8.8.4.0/24 table 101");
	route(&n, "blackhole 9.9.9.0/24 table 101");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .mark = 2}, &r), -1, "unreachable route");
	is_int(r.error, EHOSTUNREACH, "  EHOSTUNREACH");
	is_int(r.type, RT_UNREACHABLE, "  type unreachable");
	is_str(r.why,
	       "ip rule 50 (from all fwmark 0x2/0x2 lookup 101) -> table 101: unreachable 8.8.8.0/24 "
	       "(No route to host)",
	       "  why");
	lookup(&n, (struct route_query){.dst.ip = A("8.8.4.4"), .mark = 2}, &r);
	is_int(r.error, EACCES, "prohibit route: EACCES");
	lookup(&n, (struct route_query){.dst.ip = A("9.9.9.9"), .mark = 2}, &r);
	is_int(r.error, EINVAL, "blackhole route: EINVAL");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("7.7.7.7"), .mark = 2}, &r), 0,
	       "no route in 101: the next rule");
	is_str(r.why,
	       "ip rule 32766 (from all lookup main) -> table main: default via 10.0.0.254 dev eth0 "
	       "(no route in table 101)",
	       "  why names the table passed over");

	rule(&n, "pref 40 to 4.4.4.4 unreachable");
	rule(&n, "pref 41 to 5.5.5.5 prohibit");
	rule(&n, "pref 42 to 6.6.6.6 blackhole");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("4.4.4.4")}, &r), -1, "unreachable rule");
	is_int(r.error, ENETUNREACH, "  ENETUNREACH");
	is_str(r.why, "ip rule 40 (from all to 4.4.4.4 unreachable) -> Network is unreachable", "  why");
	lookup(&n, (struct route_query){.dst.ip = A("5.5.5.5")}, &r);
	is_int(r.error, EACCES, "prohibit rule: EACCES");
	lookup(&n, (struct route_query){.dst.ip = A("6.6.6.6")}, &r);
	is_int(r.error, EINVAL, "blackhole rule: EINVAL");
	netconf_free(&n);

	/* No default route: "RTNETLINK answers: Network is unreachable". */
	netconf_init(&n);
	add_iface(&n, "eth0", "10.0.0.1/24");
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8")}, &r), -1, "no route at all");
	is_int(r.error, ENETUNREACH, "  ENETUNREACH");
	is_str(r.why,
	       "no ip rule leads to a route to 8.8.8.8 (no route in table main, default): "
	       "Network is unreachable",
	       "  why");
	/* A socket bound to eth0 with no route: assumed on-link (`ip route
	 * get 77.7.7.7 oif eth0` -> "77.7.7.7 dev eth0 src 10.0.0.1"). */
	is_int(lookup(&n, (struct route_query){.dst.ip = A("8.8.8.8"), .oif = "eth0"}, &r), 0,
	       "bound socket, no route");
	is_str(r.oif, "eth0", "  on-link out of eth0");
	is_int(r.prefsrc.ip, A("10.0.0.1"), "  src 10.0.0.1");
	netconf_free(&n);
}

/* `ip route get DST from SRC iif eth1` on 6.18: each "Invalid argument". */
static void test_martians(void)
{
	static const struct {
		const char *src, *dst, *what;
	} cases[] = {
		{"10.0.0.1", "192.0.2.10", "source is our own address"},
		{"192.0.2.5", "127.0.0.1", "loopback destination"},
		{"127.0.0.1", "192.0.2.10", "loopback source"},
		{"0.0.0.0", "192.0.2.10", "zero source"},
		{"224.0.0.5", "192.0.2.10", "multicast source"},
	};
	struct netconf n;
	struct route_result r;
	lab(&n);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct route_query q = {.dst.ip = A(cases[i].dst), .src.ip = A(cases[i].src), .iif = "eth1"};
		is_int(route_lookup(&n, &q, &r), -1, cases[i].what);
		is_int(r.error, EINVAL, "  EINVAL");
	}
	struct route_query q = {.dst.ip = A("192.0.2.10"), .src.ip = A("10.0.0.1"), .iif = "eth1"};
	route_lookup(&n, &q, &r);
	is_str(r.why,
	       "martian source: 10.0.0.1 -> 192.0.2.10 arriving on eth1 has a source that is an "
	       "address of this host (Invalid argument)",
	       "martian why");
	q.iif = "lo";
	is_int(route_lookup(&n, &q, &r), 0, "looped back from this host: fine");
	netconf_free(&n);
}

/* Source selection through a route, as `ip route get` printed it. */
static void test_prefsrc(void)
{
	struct netconf n;
	struct route_result r;
	struct iface eth = {.name = "eth5", .addr = {A("10.5.0.1"), A("10.6.0.1")}, .plen = {24, 16},
			    .naddr = 2};
	lab(&n);
	netconf_add_iface(&n, &eth, NULL);
	route(&n, "10.6.5.0/24 dev eth5");
	route(&n, "8.8.0.0/16 via 10.6.0.254");
	route(&n, "5.5.0.0/16 via 10.5.0.9 src 192.0.2.10");
	lookup(&n, (struct route_query){.dst.ip = A("10.6.5.5")}, &r);
	is_int(r.prefsrc.ip, A("10.5.0.1"), "on-link route: the first address, not the dst's subnet");
	lookup(&n, (struct route_query){.dst.ip = A("8.8.1.1")}, &r);
	is_int(r.prefsrc.ip, A("10.6.0.1"), "gateway route: the gateway's subnet");
	lookup(&n, (struct route_query){.dst.ip = A("5.5.0.1")}, &r);
	is_int(r.prefsrc.ip, A("192.0.2.10"), "the route's src wins");
	lookup(&n, (struct route_query){.dst.ip = A("10.6.7.7")}, &r);
	is_int(r.prefsrc.ip, A("10.6.0.1"), "connected route: its kernel src");
	netconf_free(&n);
}


/* ---- IPv6: `ip -6 rule` and `ip -6 route get` ---- */

static union inet_addr A6(const char *s)
{
	union inet_addr a = {0};
	int f = FAMILY_IPV6;
	inet_parse(s, &f, &a);
	return a;
}

static const char *A6s(const union inet_addr *a)
{
	static char buf[2][INET_STRLEN];
	static int k;
	k ^= 1;
	return inet_fmt(FAMILY_IPV6, a, buf[k]);
}

static void add_iface6(struct netconf *n, const char *name, uint8_t mac_last, const char *cidr)
{
	struct iface ifc = {.mac = {2, 0, 0, 0, 0, mac_last}, .has_mac = true};
	str_copy(ifc.name, sizeof(ifc.name), name);
	prefix6_parse(cidr, &ifc.addr6[0], &ifc.plen6[0]);
	ifc.naddr6 = 1;
	netconf_add_iface(n, &ifc, NULL);
}

static void rule6(struct netconf *n, const char *text)
{
	struct nf_error err = {0};
	must(netconf_add_rule_family(n, FAMILY_IPV6, text, &err), text, &err);
}

/* The kernel check's namespace: veth0 (02:00:00:00:00:01,
 * 2001:db8:1::1/64) and veth1 (only its link-local address). */
static void lab6(struct netconf *n)
{
	netconf_init(n);
	add_iface6(n, "veth0", 1, "2001:db8:1::1/64");
	struct iface v1 = {.name = "veth1", .mac = {2, 0, 0, 0, 0, 2}, .has_mac = true};
	netconf_add_iface(n, &v1, NULL);
	route(n, "2001:db8:2::/64 via 2001:db8:1::fe");
	route(n, "2001:db8:7::/64 dev veth0 src 2001:db8:1::1");
	route(n, "blackhole 2001:db8:8::/64");
	route(n, "unreachable 2001:db8:9::/64");
	route(n, "prohibit 2001:db8:a::/64");
	route(n, "ip -6 route add table 100 default via 2001:db8:1::fe");
}

static void test_rules6(void)
{
	struct netconf n;
	netconf_init(&n);
	/* `ip -6 rule` in a fresh namespace on 6.18 */
	is_str(listing_of(&n, FAMILY_IPV6), "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n",
	       "ip -6 rule: two default rules");
	rule6(&n, "fwmark 1 lookup 100");
	rule6(&n, "from 2001:db8:1::/64 lookup 100");
	rule(&n, "from 10.9.0.0/16 lookup 100");
	/* the IPv6 list counts its own priorities: 32765 then 32764 */
	is_str(listing_of(&n, FAMILY_IPV6),
	       "0:\tfrom all lookup local\n32764:\tfrom 2001:db8:1::/64 lookup 100\n32765:\tfrom "
	       "all fwmark 0x1 lookup 100\n32766:\tfrom all lookup main\n",
	       "ip -6 rule: automatic priorities of its own");
	is_str(listing(&n),
	       "0:\tfrom all lookup local\n32765:\tfrom 10.9.0.0/16 lookup 100\n32766:\tfrom all "
	       "lookup main\n32767:\tfrom all lookup default\n",
	       "ip rule: untouched by the IPv6 rules");
	struct nf_error err = {0};
	is_int(netconf_add_rule_family(&n, FAMILY_IPV6, "from 10.0.0.0/8 lookup 100", &err), -1,
	       "ip -6 rule add from 10.0.0.0/8");
	is_str(err.msg,
	       "\"10.0.0.0/8\" is not an IPv6 prefix (ip: \"inet6 prefix is expected\") (like "
	       "2001:db8::/64, or all)",
	       "  message");
	is_int(err.col, 5, "  column");
	is_int(netconf_add_rule(&n, "from 2001:db8:3::/48 to 2001:db8:4::1 lookup 7", &err), 0,
	       "family taken from the prefixes");
	is_int(netconf_add_rule(&n, "from 2001:db8:3::/48 to 10.0.0.1 lookup 7", &err), -1,
	       "both families in one rule");
	is_int(netconf_add_rule(&n, "ip -6 rule add pref 5 iif veth0 unreachable", &err), 0,
	       "ip -6 rule add, written out");
	is_str(listing_of(&n, FAMILY_IPV6),
	       "0:\tfrom all lookup local\n5:\tfrom all iif veth0 unreachable\n32763:\tfrom "
	       "2001:db8:3::/48 to 2001:db8:4::1 lookup 7\n32764:\tfrom 2001:db8:1::/64 lookup "
	       "100\n32765:\tfrom all fwmark 0x1 lookup 100\n32766:\tfrom all lookup main\n",
	       "ip -6 rule: shown as ip does");
	netconf_free(&n);
}

static int get6(const struct netconf *n, struct route_query q, struct route_result *r)
{
	q.family = FAMILY_IPV6;
	return route_lookup(n, &q, r);
}

/* Each as `ip -6 route get ...` answered on 6.18 in lab6's namespace. */
static void test_lookup6(void)
{
	struct netconf n;
	struct route_result r;
	lab6(&n);
	/* 2001:db8:1::5 from :: dev veth0 proto kernel src 2001:db8:1::1 metric 256 */
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:1::5")}, &r), 0, "on-link");
	is_str(r.oif, "veth0", "  dev veth0");
	ok(inet_is_zero(&r.gw), "  no gateway");
	is_str(A6s(&r.prefsrc), "2001:db8:1::1", "  src 2001:db8:1::1");
	is_int(r.route ? (int)r.route->metric : -1, 256, "  metric 256");
	/* 2001:db8:2::1 via 2001:db8:1::fe dev veth0 src 2001:db8:1::1 metric 1024 */
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:2::1")}, &r), 0, "via a gateway");
	is_str(A6s(&r.gw), "2001:db8:1::fe", "  via 2001:db8:1::fe");
	is_str(A6s(&r.prefsrc), "2001:db8:1::1", "  src 2001:db8:1::1");
	is_str(r.why,
	       "ip rule 32766 (from all lookup main) -> table main: 2001:db8:2::/64 via "
	       "2001:db8:1::fe dev veth0",
	       "  why");
	/* fe80::5 oif veth0 -> dev veth0 src fe80::ff:fe00:1 */
	is_int(get6(&n, (struct route_query){.dst = A6("fe80::5"), .oif = "veth0"}, &r), 0,
	       "link-local, oif veth0");
	is_str(r.oif, "veth0", "  dev veth0");
	is_str(A6s(&r.prefsrc), "fe80::ff:fe00:1", "  src: veth0's link-local");
	is_int(get6(&n, (struct route_query){.dst = A6("fe80::5"), .oif = "veth1"}, &r), 0,
	       "link-local, oif veth1");
	is_str(A6s(&r.prefsrc), "fe80::ff:fe00:2", "  src: veth1's link-local");
	/* input: a link-local destination goes back out of its own link */
	is_int(get6(&n, (struct route_query){.dst = A6("fe80::5"), .src = A6("fe80::9"),
					     .iif = "veth1"},
		    &r),
	       0, "link-local from veth1");
	is_str(r.oif, "veth1", "  stays on veth1");
	/* 2001:db8:7::1 dev veth0 src 2001:db8:1::1 (the route's src) */
	get6(&n, (struct route_query){.dst = A6("2001:db8:7::1")}, &r);
	is_str(A6s(&r.prefsrc), "2001:db8:1::1", "  the route's src");
	/* blackhole / unreachable / prohibit: EINVAL, EHOSTUNREACH, EACCES */
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:8::1")}, &r), -1, "blackhole");
	is_int(r.error, EINVAL, "  Invalid argument");
	get6(&n, (struct route_query){.dst = A6("2001:db8:9::1")}, &r);
	is_int(r.error, EHOSTUNREACH, "unreachable: No route to host");
	get6(&n, (struct route_query){.dst = A6("2001:db8:a::1")}, &r);
	is_int(r.error, EACCES, "prohibit: Permission denied");
	/* no default route in main: Network is unreachable */
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:ff::1")}, &r), -1, "no route");
	is_int(r.error, ENETUNREACH, "  Network is unreachable");
	/* local 2001:db8:1::1 dev lo table local src 2001:db8:1::1 metric 0 */
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:1::1")}, &r), 0, "own address");
	is_int(r.type, RT_LOCAL, "  local");
	is_str(r.oif, "lo", "  dev lo");
	is_int((int)r.table, RT_TABLE_LOCAL, "  table local");
	is_str(A6s(&r.prefsrc), "2001:db8:1::1", "  src itself");
	/* ip -6 rule add fwmark 1 lookup 100; ip -6 route get 2001:db8:ff::1 mark 1 */
	rule6(&n, "fwmark 1 lookup 100");
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:ff::1"), .mark = 1}, &r), 0,
	       "mark 1: table 100");
	is_int((int)r.table, 100, "  table 100");
	is_str(A6s(&r.gw), "2001:db8:1::fe", "  via 2001:db8:1::fe");
	/* the families keep apart: IPv6's default route (table 100 via the
	 * fwmark rule, which is IPv6's) routes no IPv4 packet */
	struct route_query q4 = {.dst.ip = A("8.8.8.8"), .mark = 1};
	is_int(route_lookup(&n, &q4, &r), -1, "IPv6 rules and routes route no IPv4 packet");
	is_int(r.error, ENETUNREACH, "  Network is unreachable");
	rule(&n, "pref 1 prohibit");
	is_int(get6(&n, (struct route_query){.dst = A6("2001:db8:2::1")}, &r), 0,
	       "an IPv4 prohibit rule does not touch IPv6");
	netconf_free(&n);
}

int main(void)
{
	test_defaults();
	test_priorities();
	test_texts();
	test_errors();
	test_fwmark();
	test_local_and_broadcast();
	test_iif();
	test_selectors();
	test_errors_of_lookup();
	test_martians();
	test_prefsrc();
	test_rules6();
	test_lookup6();
	return tap_done();
}
