/* test_route.c - interfaces, kernel routes, `ip route add`, source
 * selection.  Expected texts are what Linux 6.18 printed for the same
 * commands in a throwaway namespace (ip netns add; veth pairs; iproute2
 * 6.1); each group says what was run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"
#include "engine/net/fib.h"
#include "engine/net/net.h"
#include "tests/tap.h"

static uint32_t A(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

/* The text of the route in table t to prefix s/plen, or NULL. */
static const char *route_text(const struct netconf *n, uint32_t t, const char *s, int plen)
{
	for (size_t i = 0; i < n->nroutes; i++)
		if (n->routes[i].table == t && n->routes[i].family == FAMILY_IPV4 && n->routes[i].dst.ip == A(s) && n->routes[i].plen == plen)
			return n->routes[i].text;
	return NULL;
}

static void add_iface(struct netconf *n, const char *name, const char *const *addrs, size_t na)
{
	struct iface ifc = {0};
	str_copy(ifc.name, sizeof(ifc.name), name);
	for (size_t i = 0; i < na; i++) {
		uint32_t mask;
		prefix_parse(addrs[i], &ifc.addr[i], &mask, &ifc.plen[i]);
		ifc.naddr++;
	}
	struct nf_error err = {0};
	if (netconf_add_iface(n, &ifc, &err) != 0)
		printf("# add_iface %s: %s\n", name, err.msg);
}

/* Two veth ends like the namespace the facts came from: eth0 has
 * 10.0.0.1/24, 10.1.0.1/16 and the secondary 10.0.0.2/24; eth1 has
 * 192.0.2.10/24; eth2 has 172.16.0.1/32, 172.17.0.0/31, 172.18.0.5/30;
 * eth3 has no address. */
static void lab(struct netconf *n)
{
	netconf_init(n);
	add_iface(n, "eth1", (const char *const[]){"192.0.2.10/24"}, 1);
	add_iface(n, "eth0", (const char *const[]){"10.0.0.1/24", "10.1.0.1/16", "10.0.0.2/24"}, 3);
	add_iface(n, "eth2",
		  (const char *const[]){"172.16.0.1/32", "172.17.0.0/31", "172.18.0.5/30"}, 3);
	add_iface(n, "eth3", NULL, 0);
}

static void test_loopback(void)
{
	struct netconf n;
	netconf_init(&n);
	/* `ip route show table local` in a fresh netns with lo up. */
	is_str(route_text(&n, RT_TABLE_LOCAL, "127.0.0.0", 8),
	       "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1", "lo: local /8");
	is_str(route_text(&n, RT_TABLE_LOCAL, "127.0.0.1", 32),
	       "local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1", "lo: local address");
	is_str(route_text(&n, RT_TABLE_LOCAL, "127.255.255.255", 32),
	       "broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1",
	       "lo: broadcast");
	size_t v4 = 0;
	for (size_t i = 0; i < n.nroutes; i++)
		v4 += n.routes[i].family == FAMILY_IPV4;
	is_int(v4, 3, "lo makes three routes, none in main");
	ok(n.ip_forward, "ip_forward defaults to on (a router)");
	ok(net_is_local(&n, A("127.3.4.5")), "all of 127/8 is local");
	netconf_free(&n);
}

static void test_kernel_routes(void)
{
	struct netconf n;
	lab(&n);
	/* `ip addr add 10.0.0.1/24 dev eth0` etc., then `ip route show table all`. */
	is_str(route_text(&n, RT_TABLE_MAIN, "10.0.0.0", 24),
	       "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1", "connected route");
	is_str(route_text(&n, RT_TABLE_MAIN, "10.1.0.0", 16),
	       "10.1.0.0/16 dev eth0 proto kernel scope link src 10.1.0.1", "second subnet");
	is_str(route_text(&n, RT_TABLE_LOCAL, "10.0.0.1", 32),
	       "local 10.0.0.1 dev eth0 proto kernel scope host src 10.0.0.1", "local route");
	is_str(route_text(&n, RT_TABLE_LOCAL, "10.0.0.2", 32),
	       "local 10.0.0.2 dev eth0 proto kernel scope host src 10.0.0.1",
	       "secondary address: local route with the primary as src");
	is_str(route_text(&n, RT_TABLE_LOCAL, "10.0.0.255", 32),
	       "broadcast 10.0.0.255 dev eth0 proto kernel scope link src 10.0.0.1",
	       "subnet broadcast");
	ok(!route_text(&n, RT_TABLE_LOCAL, "10.0.0.0", 32),
	   "no broadcast route for the network address (gone since 5.x)");
	/* /32: local route only; /31: no broadcast (RFC 3021). */
	ok(!route_text(&n, RT_TABLE_MAIN, "172.16.0.1", 32), "/32 makes no prefix route");
	is_str(route_text(&n, RT_TABLE_MAIN, "172.17.0.0", 31),
	       "172.17.0.0/31 dev eth2 proto kernel scope link src 172.17.0.0", "/31 prefix route");
	ok(!route_text(&n, RT_TABLE_LOCAL, "172.17.0.1", 32), "/31 has no broadcast");
	is_str(route_text(&n, RT_TABLE_LOCAL, "172.18.0.7", 32),
	       "broadcast 172.18.0.7 dev eth2 proto kernel scope link src 172.18.0.5", "/30 broadcast");

	ok(net_is_local(&n, A("10.0.0.2")), "secondary address is local");
	ok(!net_is_local(&n, A("10.0.0.255")), "broadcast is not local");
	ok(!net_is_local(&n, A("10.0.0.3")), "neighbour is not local");
	const struct iface *ifc = net_iface_of(&n, A("10.1.0.1"));
	is_str(ifc ? ifc->name : NULL, "eth0", "net_iface_of");
	ok(!net_iface_of(&n, A("10.1.0.2")), "net_iface_of: not ours");
	ok(netconf_iface(&n, "eth3") != NULL, "interface without addresses");

	struct nf_error err = {0};
	struct iface dup = {.name = "eth0"};
	is_int(netconf_add_iface(&n, &dup, &err), -1, "duplicate interface refused");
	is_str(err.msg, "interface eth0 already exists", "duplicate interface message");
	struct iface bad = {.name = "eth9", .addr = {0x0a000001}, .plen = {33}, .naddr = 1};
	is_int(netconf_add_iface(&n, &bad, &err), -1, "bad prefix length refused");
	netconf_free(&n);
}

static int add(struct netconf *n, const char *text, struct nf_error *err)
{
	memset(err, 0, sizeof(*err));
	return netconf_add_route(n, text, err);
}

static const struct route *last_route(const struct netconf *n)
{
	return &n->routes[n->nroutes - 1];
}

static void test_parse(void)
{
	struct netconf n;
	struct nf_error err;
	lab(&n);
	/* Each line: what `ip route add ...` then `ip route show [table T]` gave. */
	static const struct {
		const char *cmd, *shown;
		uint32_t table;
	} good[] = {
		{"default via 10.1.0.254 dev eth0", "default via 10.1.0.254 dev eth0", RT_TABLE_MAIN},
		{"198.51.100.0/24 dev eth0", "198.51.100.0/24 dev eth0 scope link", RT_TABLE_MAIN},
		{"5.0.0.0/8 via 10.1.0.254 metric 100", "5.0.0.0/8 via 10.1.0.254 dev eth0 metric 100",
		 RT_TABLE_MAIN},
		{"5.0.0.0/8 via 192.0.2.1 metric 50 src 10.0.0.1",
		 "5.0.0.0/8 via 192.0.2.1 dev eth1 src 10.0.0.1 metric 50", RT_TABLE_MAIN},
		{"5.3.0.0/16 via 198.51.100.1", "5.3.0.0/16 via 198.51.100.1 dev eth0", RT_TABLE_MAIN},
		{"5.4.0.0/16 via 10.0.0.1", "5.4.0.0/16 via 10.0.0.1 dev eth0", RT_TABLE_MAIN},
		{"to 7.0.0.0/8 dev eth0", "7.0.0.0/8 dev eth0 scope link", RT_TABLE_MAIN},
		{"ip route add 6.0.0.0/8 dev eth3", "6.0.0.0/8 dev eth3 scope link", RT_TABLE_MAIN},
		{"default dev eth1 table 8 src 192.0.2.10 metric 3",
		 "default dev eth1 scope link src 192.0.2.10 metric 3", 8},
		{"0.0.0.0/0 dev eth0 table 9", "default dev eth0 scope link", 9},
		{"table 100 default via 192.0.2.1", "default via 192.0.2.1 dev eth1", 100},
		{"local 10.9.9.9 dev eth0", "local 10.9.9.9 dev eth0 scope host", RT_TABLE_LOCAL},
		{"broadcast 10.9.9.255 dev eth0", "broadcast 10.9.9.255 dev eth0 scope link",
		 RT_TABLE_LOCAL},
		{"unreachable 8.8.8.0/24 table 101", "unreachable 8.8.8.0/24", 101},
		{"prohibit 8.8.4.0/24 table 101", "prohibit 8.8.4.0/24", 101},
		{"blackhole 9.9.9.0/24 table 101", "blackhole 9.9.9.0/24", 101},
		{"unicast 4.0.0.0/8 dev eth0 table main", "4.0.0.0/8 dev eth0 scope link",
		 RT_TABLE_MAIN},
		{"3.0.0.0/8 dev eth0 table 0", "3.0.0.0/8 dev eth0 scope link", RT_TABLE_MAIN},
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		int rc = add(&n, good[i].cmd, &err);
		is_int(rc, 0, good[i].cmd);
		if (rc != 0) {
			printf("#   %s\n", err.msg);
			continue;
		}
		is_str(last_route(&n)->text, good[i].shown, "  shown as ip does");
		is_int(last_route(&n)->table, good[i].table, "  in the right table");
	}
	ok(!last_route(&n)->kernel, "user routes are not kernel routes");
	netconf_free(&n);
}

static void bad(struct netconf *n, const char *cmd, const char *msg, int col)
{
	struct nf_error err;
	size_t before = n->nroutes;
	is_int(add(n, cmd, &err), -1, cmd);
	is_str(err.msg, msg, "  message");
	is_int(err.col, col, "  column");
	is_int(n->nroutes, before, "  nothing added");
}

static void test_errors(void)
{
	struct netconf n;
	lab(&n);
	netconf_add_route(&n, "198.51.100.0/24 dev eth0", NULL);
	/* ip: Error: any valid prefix is expected rather than "5.0.0.0/33". */
	bad(&n, "5.0.0.0/33 dev eth0", "\"5.0.0.0/33\" is not a prefix (like 10.0.0.0/24, 2001:db8::/64 or default)",
	    0);
	bad(&n, "5.0.0.0/255.0.255.0 dev eth0",
	    "\"5.0.0.0/255.0.255.0\" is not a prefix (like 10.0.0.0/24, 2001:db8::/64 or default)", 0);
	/* Kernel: Error: Invalid prefix for given prefix length. */
	bad(&n, "5.0.0.1/8 dev eth0",
	    "5.0.0.1/8 has host bits set: the network is 5.0.0.0/8 (ip: \"Invalid prefix for given "
	    "prefix length\")",
	    0);
	/* ip: Error: argument "foo" is wrong: "table" value is invalid. */
	bad(&n, "table foo 5.0.0.0/8 dev eth0",
	    "\"foo\" is not a routing table (local, main, default or a number)", 6);
	/* ip: Cannot find device "nosuch". */
	bad(&n, "5.0.0.0/8 dev nosuch", "Cannot find device \"nosuch\"", 14);
	/* RTNETLINK answers: No such device. */
	bad(&n, "5.0.0.0/8", "a route needs \"dev IF\" or \"via GATEWAY\" (ip: \"No such device\")",
	    0);
	/* Error: Nexthop has invalid gateway -- for a gateway off every
	 * connected net, one on another device's net, and one reached only
	 * through another gateway (the default route). */
	bad(&n, "5.0.0.0/8 via 9.9.9.9",
	    "gateway 9.9.9.9 is not on a network any interface reaches directly (ip: \"Nexthop has "
	    "invalid gateway\")",
	    14);
	bad(&n, "5.1.0.0/16 via 192.0.2.1 dev eth0",
	    "gateway 192.0.2.1 is not on a network eth0 reaches directly (ip: \"Nexthop has invalid "
	    "gateway\")",
	    15);
	netconf_add_route(&n, "default via 10.0.0.254", NULL);
	bad(&n, "5.2.0.0/16 via 8.8.8.8",
	    "gateway 8.8.8.8 is not on a network any interface reaches directly (ip: \"Nexthop has "
	    "invalid gateway\")",
	    15);
	/* Error: Gateway, device and multipath can not be specified for this route type. */
	bad(&n, "unreachable 3.0.0.0/8 via 10.0.0.5",
	    "a route of type unreachable takes no via or dev (ip: \"Gateway, device and multipath "
	    "can not be specified for this route type\")",
	    26);
	bad(&n, "blackhole 3.0.0.0/8 dev eth0",
	    "a route of type blackhole takes no via or dev (ip: \"Gateway, device and multipath "
	    "can not be specified for this route type\")",
	    24);
	/* Error: Invalid prefsrc address. */
	bad(&n, "5.0.0.0/8 dev eth0 src 1.2.3.4",
	    "src 1.2.3.4 is not an address of this host (ip: \"Invalid prefsrc address\")", 23);
	/* RTNETLINK answers: File exists. */
	bad(&n, "198.51.100.0/24 dev eth1",
	    "table main already has a route to this prefix with metric 0: 198.51.100.0/24 dev eth0 "
	    "scope link (ip: \"File exists\")",
	    0);
	bad(&n, "10.0.0.0/24 dev eth1",
	    "table main already has a route to this prefix with metric 0: 10.0.0.0/24 dev eth0 "
	    "proto kernel scope link src 10.0.0.1 (ip: \"File exists\")",
	    0);
	/* Error: argument "x" is wrong: "metric" value is invalid. */
	bad(&n, "5.0.0.0/8 dev eth0 metric x", "metric \"x\" is not a number", 26);
	/* Error: either "to" is duplicate, or "bogus" is a garbage. */
	bad(&n, "5.0.0.0/8 dev eth0 bogus",
	    "unknown word \"bogus\" (ip route add takes table, via, dev, src, metric, realm)", 19);
	bad(&n, "5.0.0.0/8 dev", "\"dev\" needs a value", 13);
	bad(&n, "dev eth0", "missing the destination (a prefix like 10.0.0.0/24, or default)", 8);
	bad(&n, "", "missing the destination (a prefix like 10.0.0.0/24, or default)", 0);
	/* RTNETLINK answers: No such device (local and broadcast alike). */
	bad(&n, "local 10.9.9.9", "a local route needs \"dev IF\" (ip: \"No such device\")", 6);
	bad(&n, "broadcast 10.9.9.255", "a broadcast route needs \"dev IF\" (ip: \"No such device\")",
	    10);
	/* A broadcast address is no gateway: "Nexthop has invalid gateway". */
	bad(&n, "12.0.0.0/8 via 10.0.0.255",
	    "gateway 10.0.0.255 is not on a network any interface reaches directly (ip: \"Nexthop "
	    "has invalid gateway\")",
	    15);
	bad(&n, "5.0.0.0/8 via 0.0.0.0", "\"0.0.0.0\" is not a gateway address", 14);
	bad(&n, "5.0.0.0/8 dev abcdefghijklmnopq",
	    "interface name \"abcdefghijklmnopq\" is longer than 15 characters", 14);
	netconf_free(&n);
}

static void test_tables(void)
{
	char buf[16];
	uint32_t t = 0;
	ok(rt_table_parse("main", &t) && t == 254, "main is 254");
	ok(rt_table_parse("local", &t) && t == 255, "local is 255");
	ok(rt_table_parse("default", &t) && t == 253, "default is 253");
	ok(rt_table_parse("100", &t) && t == 100, "a number");
	ok(rt_table_parse("4294967295", &t) && t == 4294967295u, "the largest table");
	ok(!rt_table_parse("4294967296", &t), "past 32 bits");
	ok(!rt_table_parse("foo", &t), "unknown name");
	ok(!rt_table_parse("", &t), "empty");
	is_str(rt_table_name(254, buf, sizeof(buf)), "main", "name of 254");
	is_str(rt_table_name(100, buf, sizeof(buf)), "100", "name of 100");
	is_str(route_type_name(RT_PROHIBIT), "prohibit", "route_type_name");
}

/* Longest prefix wins; equal prefixes go to the lowest metric.  Seen:
 * with 5.0.0.0/8 via 192.0.2.1 metric 50 and via 10.0.0.254 metric 100,
 * `ip route get 5.1.1.1` took the metric 50 one. */
static void test_lpm(void)
{
	struct netconf n;
	lab(&n);
	netconf_add_route(&n, "5.0.0.0/8 via 10.0.0.254 metric 100", NULL);
	netconf_add_route(&n, "5.0.0.0/8 via 192.0.2.1 metric 50", NULL);
	netconf_add_route(&n, "5.5.0.0/16 via 10.0.0.9", NULL);
	netconf_add_route(&n, "default via 10.1.0.254", NULL);
	const struct route *r = fib_table_lookup(&n, FAMILY_IPV4, RT_TABLE_MAIN, &(union inet_addr){.ip = A("5.1.1.1")}, NULL);
	is_int(r ? r->metric : 0, 50, "equal prefixes: the lower metric");
	r = fib_table_lookup(&n, FAMILY_IPV4, RT_TABLE_MAIN, &(union inet_addr){.ip = A("5.5.1.1")}, NULL);
	is_int(r ? r->plen : 0, 16, "the longer prefix");
	r = fib_table_lookup(&n, FAMILY_IPV4, RT_TABLE_MAIN, &(union inet_addr){.ip = A("8.8.8.8")}, NULL);
	is_int(r ? r->plen : 99, 0, "default catches the rest");
	r = fib_table_lookup(&n, FAMILY_IPV4, RT_TABLE_MAIN, &(union inet_addr){.ip = A("5.1.1.1")}, "eth0");
	is_int(r ? r->metric : 0, 100, "bound to eth0: only routes out of eth0");
	ok(!fib_table_lookup(&n, FAMILY_IPV4, 77, &(union inet_addr){.ip = A("5.1.1.1")}, NULL), "an empty table has nothing");
	netconf_free(&n);
}

/* inet_select_addr, as `ip route get` showed on 6.18 with eth0 holding
 * 10.0.0.1/24 and 10.1.0.1/16. */
static void test_select_src(void)
{
	struct netconf n;
	lab(&n);
	/* 198.51.100.0/24 dev eth0 -> src 10.0.0.1 (first address). */
	is_str(addr_fmt(net_select_src(&n, "eth0", 0), (char[ADDR_STRLEN]){0}), "10.0.0.1",
	       "on-link route: the device's first address");
	/* default via 10.1.0.254 -> src 10.1.0.1 (the gateway's subnet). */
	is_str(addr_fmt(net_select_src(&n, "eth0", A("10.1.0.254")), (char[ADDR_STRLEN]){0}),
	       "10.1.0.1", "the address on the gateway's subnet");
	/* the secondary 10.0.0.2 is never picked. */
	is_str(addr_fmt(net_select_src(&n, "eth0", A("10.0.0.99")), (char[ADDR_STRLEN]){0}),
	       "10.0.0.1", "primary, not secondary");
	/* 203.0.113.0/24 dev eth2 -> src 172.16.0.1 (its first address, a /32). */
	is_str(addr_fmt(net_select_src(&n, "eth2", 0), (char[ADDR_STRLEN]){0}), "172.16.0.1",
	       "a /32 address is a source too");
	/* 6.0.0.0/8 dev eth3 (no address) -> src 192.0.2.10: the first
	 * interface with one, in creation order, lo's 127.0.0.1 skipped. */
	is_str(addr_fmt(net_select_src(&n, "eth3", 0), (char[ADDR_STRLEN]){0}), "192.0.2.10",
	       "an address-less device borrows another's");
	is_str(addr_fmt(net_select_src(&n, "nosuch", 0), (char[ADDR_STRLEN]){0}), "192.0.2.10",
	       "unknown device: any interface's");
	struct netconf bare;
	netconf_init(&bare);
	is_int(net_select_src(&bare, "lo", 0), 0, "only loopback addresses: none");
	netconf_free(&bare);
	netconf_free(&n);
}


/* ---- IPv6 ---- */

static union inet_addr A6(const char *s)
{
	union inet_addr a = {0};
	int f = FAMILY_IPV6;
	inet_parse(s, &f, &a);
	return a;
}

static const char *A6s(const union inet_addr *a)
{
	static char buf[INET_STRLEN];
	return inet_fmt(FAMILY_IPV6, a, buf);
}

/* The IPv6 route in table t to prefix s/plen, as text, or NULL. */
static const char *route6_text(const struct netconf *n, uint32_t t, const char *s, int plen)
{
	union inet_addr d = A6(s);
	for (size_t i = 0; i < n->nroutes; i++)
		if (n->routes[i].family == FAMILY_IPV6 && n->routes[i].table == t &&
		    inet_eq(&n->routes[i].dst, &d) && n->routes[i].plen == plen)
			return n->routes[i].text;
	return NULL;
}

static void add_iface6(struct netconf *n, const char *name, const char *mac,
		       const char *const *addrs, size_t na)
{
	struct iface ifc = {0};
	str_copy(ifc.name, sizeof(ifc.name), name);
	if (mac) {
		unsigned m[6];
		sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]);
		for (int i = 0; i < 6; i++)
			ifc.mac[i] = (uint8_t)m[i];
		ifc.has_mac = true;
	}
	for (size_t i = 0; i < na; i++) {
		prefix6_parse(addrs[i], &ifc.addr6[i], &ifc.plen6[i]);
		ifc.naddr6++;
	}
	struct nf_error err = {0};
	if (netconf_add_iface(n, &ifc, &err) != 0)
		printf("# add_iface6 %s: %s\n", name, err.msg);
}

/* The namespace of the kernel checks: veth0 with MAC 02:00:00:00:00:01
 * and 2001:db8:1::1/64 (`ip -6 addr add`), its link up. */
static void lab6(struct netconf *n)
{
	netconf_init(n);
	add_iface6(n, "eth0", "02:00:00:00:00:01", (const char *const[]){"2001:db8:1::1/64"}, 1);
	add_iface6(n, "eth1", "02:00:00:00:00:02", (const char *const[]){"2001:db8:2::1/64"}, 1);
}

static void test_kernel_routes6(void)
{
	struct netconf n;
	lab6(&n);
	/* `ip -6 route show table all` on 6.18 */
	is_str(route6_text(&n, RT_TABLE_MAIN, "2001:db8:1::", 64),
	       "2001:db8:1::/64 dev eth0 proto kernel metric 256 pref medium", "v6 prefix route");
	is_str(route6_text(&n, RT_TABLE_MAIN, "fe80::", 64),
	       "fe80::/64 dev eth0 proto kernel metric 256 pref medium", "fe80::/64 per interface");
	is_str(route6_text(&n, RT_TABLE_LOCAL, "2001:db8:1::1", 128),
	       "local 2001:db8:1::1 dev eth0 proto kernel metric 0 pref medium", "v6 local route");
	is_str(route6_text(&n, RT_TABLE_LOCAL, "fe80::ff:fe00:1", 128),
	       "local fe80::ff:fe00:1 dev eth0 proto kernel metric 0 pref medium",
	       "the EUI-64 link-local address from the MAC");
	is_str(route6_text(&n, RT_TABLE_LOCAL, "::1", 128),
	       "local ::1 dev lo proto kernel metric 0 pref medium", "lo: ::1");
	ok(!route6_text(&n, RT_TABLE_MAIN, "::1", 128), "no main route for ::1");
	union inet_addr ll = A6("fe80::ff:fe00:1"), g = A6("2001:db8:1::1"), o = A6("2001:db8:1::2");
	ok(net_is_local_inet(&n, FAMILY_IPV6, &ll), "link-local is local");
	ok(net_is_local_inet(&n, FAMILY_IPV6, &g), "global is local");
	ok(!net_is_local_inet(&n, FAMILY_IPV6, &o), "neighbour is not");
	ok(!net_is_local(&n, 0x0a000001), "IPv6 routes make no IPv4 address local");
	netconf_free(&n);
	/* an interface without a MAC gets no link-local (nfwalk's choice) */
	netconf_init(&n);
	add_iface6(&n, "tun0", NULL, (const char *const[]){"2001:db8:5::1/64"}, 1);
	ok(!route6_text(&n, RT_TABLE_MAIN, "fe80::", 64), "no MAC: no link-local, no fe80::/64");
	netconf_free(&n);
	/* a given link-local address replaces the generated one */
	netconf_init(&n);
	add_iface6(&n, "eth0", "02:00:00:00:00:01", (const char *const[]){"fe80::1/64"}, 1);
	ok(route6_text(&n, RT_TABLE_LOCAL, "fe80::1", 128) &&
		   !route6_text(&n, RT_TABLE_LOCAL, "fe80::ff:fe00:1", 128),
	   "a given link-local address: no EUI-64 one");
	netconf_free(&n);
}

static void test_parse6(void)
{
	struct netconf n;
	lab6(&n);
	static const struct {
		const char *cmd, *shown;
		uint32_t table;
	} good[] = {
		/* each as `ip -6 route add ...` then `ip -6 route show` on 6.18 */
		{"2001:db8:20::/64 via 2001:db8:1::fe",
		 "2001:db8:20::/64 via 2001:db8:1::fe dev eth0 metric 1024 pref medium", RT_TABLE_MAIN},
		{"2001:db8:4::/64 via fe80::1 dev eth0",
		 "2001:db8:4::/64 via fe80::1 dev eth0 metric 1024 pref medium", RT_TABLE_MAIN},
		{"2001:db8:6::1/64 dev eth0", "2001:db8:6::/64 dev eth0 metric 1024 pref medium",
		 RT_TABLE_MAIN},
		{"2001:db8:7::/64 dev eth0 src 2001:db8:1::1",
		 "2001:db8:7::/64 dev eth0 src 2001:db8:1::1 metric 1024 pref medium", RT_TABLE_MAIN},
		{"blackhole 2001:db8:8::/64", "blackhole 2001:db8:8::/64 dev lo metric 1024 pref medium",
		 RT_TABLE_MAIN},
		{"unreachable 2001:db8:9::/64",
		 "unreachable 2001:db8:9::/64 dev lo metric 1024 pref medium", RT_TABLE_MAIN},
		{"prohibit 2001:db8:a::/64", "prohibit 2001:db8:a::/64 dev lo metric 1024 pref medium",
		 RT_TABLE_MAIN},
		{"ip -6 route add table 100 default via 2001:db8:1::fe",
		 "default via 2001:db8:1::fe dev eth0 metric 1024 pref medium", 100},
		{"default via 2001:db8:1::fe", "default via 2001:db8:1::fe dev eth0 metric 1024 pref medium",
		 RT_TABLE_MAIN},
		{"2001:db8:b::5 dev eth1 metric 0", "2001:db8:b::5 dev eth1 metric 1024 pref medium",
		 RT_TABLE_MAIN},
		{"2001:db8:c::/48 via 2001:db8:2::fe metric 5",
		 "2001:db8:c::/48 via 2001:db8:2::fe dev eth1 metric 5 pref medium", RT_TABLE_MAIN},
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct nf_error err;
		int rc = add(&n, good[i].cmd, &err);
		is_int(rc, 0, good[i].cmd);
		if (rc != 0) {
			printf("#   %s\n", err.msg);
			continue;
		}
		is_int(last_route(&n)->family, FAMILY_IPV6, "  an IPv6 route");
		is_str(last_route(&n)->text, good[i].shown, "  shown as ip -6 does");
		is_int(last_route(&n)->table, good[i].table, "  in the right table");
	}
	/* `routes6:` says the family: `default dev eth0` is then IPv6 */
	struct nf_error err = {0};
	is_int(netconf_add_route_family(&n, FAMILY_IPV6, "default dev eth1 metric 9", &err), 0,
	       "family given: default dev eth1");
	is_str(last_route(&n)->text, "default dev eth1 metric 9 pref medium", "  an IPv6 default");
	is_int(add(&n, "default dev eth1 metric 9", &err), 0, "family not given: IPv4");
	is_int(last_route(&n)->family, FAMILY_IPV4, "  an IPv4 route");
	netconf_free(&n);
}

static void test_errors6(void)
{
	struct netconf n;
	lab6(&n);
	add(&n, "2001:db8:20::/64 via 2001:db8:1::fe", &(struct nf_error){0});
	/* each message quotes what ip -6 route add answered on 6.18 */
	bad(&n, "2001:db8:3::/64 via fe80::1",
	    "a link-local gateway needs \"dev IF\": fe80::1 is on every link (ip: \"Egress device "
	    "not specified\")",
	    20);
	bad(&n, "2001:db8:5::/64 via 2001:db8:9::1",
	    "gateway 2001:db8:9::1 is not on a network any interface reaches directly (ip: \"No "
	    "route to host\")",
	    20);
	bad(&n, "2001:db8:7::/64 dev eth0 src 2001:db8:1::99",
	    "src 2001:db8:1::99 is not an address of this host (ip: \"Invalid source address\")",
	    29);
	bad(&n, "2001:db8:20::/64 via 2001:db8:1::fd",
	    "table main already has a route to this prefix with metric 1024: 2001:db8:20::/64 via "
	    "2001:db8:1::fe dev eth0 metric 1024 pref medium (ip: \"File exists\")",
	    0);
	bad(&n, "2001:db8:b::/64 dev nosuch", "Cannot find device \"nosuch\"", 20);
	bad(&n, "2001:db8:c::/64",
	    "a route needs \"dev IF\" or \"via GATEWAY\" (ip: \"No such device\")", 0);
	bad(&n, "2001:db8:d::/64 via 2001:db8:1::1",
	    "gateway 2001:db8:1::1 is an address of this host (ip: \"Gateway can not be a local "
	    "address\")",
	    20);
	bad(&n, "10.0.0.0/8 via 2001:db8:1::fe",
	    "\"2001:db8:1::fe\" is not a gateway address (ip: \"inet address is expected\")", 15);
	bad(&n, "2001:db8:e::/129 dev eth0",
	    "\"2001:db8:e::/129\" is not a prefix (like 10.0.0.0/24, 2001:db8::/64 or default)", 0);
	bad(&n, "broadcast 2001:db8:f::1 dev eth0",
	    "IPv6 has no broadcast routes (ip: \"Invalid argument\")", 10);
	struct nf_error err = {0};
	is_int(netconf_add_route_family(&n, FAMILY_IPV6, "10.0.0.0/8 dev eth0", &err), -1,
	       "routes6: an IPv4 prefix");
	is_str(err.msg,
	       "\"10.0.0.0/8\" is not a prefix (like 10.0.0.0/24, 2001:db8::/64 or default) (ip: "
	       "\"inet6 address is expected\")",
	       "  message");
	netconf_free(&n);
}

static void test_lpm6(void)
{
	struct netconf n;
	lab6(&n);
	add(&n, "2001:db8:5::/48 via 2001:db8:1::fe metric 100", &(struct nf_error){0});
	add(&n, "2001:db8:5::/48 via 2001:db8:2::fe metric 50", &(struct nf_error){0});
	add(&n, "2001:db8:5:5::/64 via 2001:db8:1::9", &(struct nf_error){0});
	union inet_addr d = A6("2001:db8:5:1::1");
	const struct route *r = fib_table_lookup(&n, FAMILY_IPV6, RT_TABLE_MAIN, &d, NULL);
	is_int(r ? r->metric : 0, 50, "v6 equal prefixes: the lower metric");
	d = A6("2001:db8:5:5::1");
	r = fib_table_lookup(&n, FAMILY_IPV6, RT_TABLE_MAIN, &d, NULL);
	is_int(r ? r->plen : 0, 64, "v6: the longer prefix");
	d = A6("2001:db8:5:1::1");
	r = fib_table_lookup(&n, FAMILY_IPV6, RT_TABLE_MAIN, &d, "eth0");
	is_int(r ? r->metric : 0, 100, "v6 bound to eth0: only routes out of eth0");
	/* the same 16 bytes as an IPv4 look-up find nothing of IPv6's */
	union inet_addr z = {0};
	ok(!fib_table_lookup(&n, FAMILY_IPV4, RT_TABLE_MAIN, &z, NULL),
	   "IPv4 look-ups never see IPv6 routes");
	netconf_free(&n);
}

/* RFC 6724 section 10.2's examples that apply to a host without
 * deprecated, home or temporary addresses. */
static void test_select_src6(void)
{
	static const struct {
		const char *dst, *a, *b, *want, *why;
	} cases[] = {
		{"2001:db8:1::1", "2001:db8:3::1/64", "fe80::1/64", "2001:db8:3::1",
		 "rule 2: appropriate scope (global)"},
		{"ff05::1", "2001:db8:3::1/64", "fe80::1/64", "2001:db8:3::1",
		 "rule 2: appropriate scope (site multicast)"},
		{"2001:db8:1::1", "2001:db8:1::1/64", "2001:db8:2::1/64", "2001:db8:1::1",
		 "rule 1: the same address"},
		{"fe80::1", "fe80::2/64", "2001:db8:1::1/64", "fe80::2",
		 "rule 2: appropriate scope (link)"},
		{"2001:db8:1::1", "2001:db8:3::2/64", "2001:db8:1::2/64", "2001:db8:1::2",
		 "rule 8: longest matching prefix"},
		{"2002:c633:6401::1", "2001:db8:1::2/64", "2002:c633:6401::d5e3:7953:13eb:22e8/64",
		 "2002:c633:6401:0:d5e3:7953:13eb:22e8", "rule 6: matching label (6to4)"},
		{"2001:db8:1::1", "2001:db8:1:ffff::2/32", "2001:db8:3::2/64", "2001:db8:3::2",
		 "rule 8 counts only up to the candidate's prefix length: 48 bits cut to 32 lose to 46"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct netconf n;
		netconf_init(&n);
		add_iface6(&n, "eth0", NULL, (const char *const[]){cases[i].a, cases[i].b}, 2);
		union inet_addr d = A6(cases[i].dst);
		union inet_addr got = {.in6 = net_select_src6(&n, "eth0", &d.in6)};
		is_str(A6s(&got), cases[i].want, cases[i].why);
		netconf_free(&n);
	}
	/* rule 5: the outgoing interface's address before another's */
	struct netconf n;
	lab6(&n);
	union inet_addr d = A6("2001:db8:9::1");
	union inet_addr got = {.in6 = net_select_src6(&n, "eth1", &d.in6)};
	is_str(A6s(&got), "2001:db8:2::1", "rule 5: the outgoing interface's");
	got.in6 = net_select_src6(&n, "eth0", &d.in6);
	is_str(A6s(&got), "2001:db8:1::1", "rule 5: the other way");
	/* a link-local destination: only the outgoing interface's candidates */
	d = A6("fe80::5");
	got.in6 = net_select_src6(&n, "eth1", &d.in6);
	is_str(A6s(&got), "fe80::ff:fe00:2", "link-local destination: eth1's link-local");
	netconf_free(&n);
	netconf_init(&n);
	d = A6("2001:db8:9::1");
	got.in6 = net_select_src6(&n, "eth0", &d.in6);
	is_str(A6s(&got), "::1", "only lo: ::1 (the kernel's lo address is a candidate)");
	netconf_free(&n);
}

/* ip6_forward reads only net.ipv6.conf.all.forwarding (6.18). */
static void test_ip6_forwarding(void)
{
	struct sysctls s = {0};
	struct nf_error err = {0};
	ok(!sysctl_ip6_forwarding(&s, "eth0"), "IPv6 forwarding: off by default, as a fresh netns");
	is_int(sysctls_set(&s, "net.ipv6.conf.all.forwarding", "1", NULL, NULL, &err), 0,
	       "net.ipv6.conf.all.forwarding: 1");
	ok(sysctl_ip6_forwarding(&s, "eth0"), "  forwards");
	ok(sysctl_conf(&s, "forwarding", "eth0") < 0,
	   "  and sets no net.ipv4.conf forwarding: the families keep apart");
	is_int(sysctls_set(&s, "net.ipv6.conf.eth0.forwarding", "0", NULL, NULL, &err), -1,
	       "an interface's IPv6 forwarding is refused: it decides nothing in ip6_forward");
	sysctls_free(&s);
}

int main(void)
{
	test_loopback();
	test_kernel_routes();
	test_parse();
	test_errors();
	test_tables();
	test_lpm();
	test_select_src();
	test_kernel_routes6();
	test_parse6();
	test_errors6();
	test_lpm6();
	test_select_src6();
	test_ip6_forwarding();
	return tap_done();
}
