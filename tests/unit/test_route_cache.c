/* test_route_cache.c - route_cache.c never changes an answer: quiet
 * look-ups through the cache against the same look-ups without it, over
 * many random queries (martians, broadcasts, marks, rules by source and
 * by mark, input and output), and the cache forgets what a change to the
 * routes, the rules or the interfaces makes wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/net/fib.h"
#include "engine/net/net.h"
#include "tests/tap.h"

static uint32_t A(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

static void add_iface(struct netconf *n, const char *name, const char *addr)
{
	struct iface ifc = {0};
	uint32_t mask;
	str_copy(ifc.name, sizeof(ifc.name), name);
	prefix_parse(addr, &ifc.addr[0], &mask, &ifc.plen[0]);
	ifc.naddr = 1;
	netconf_add_iface(n, &ifc, NULL);
}

static void must(int rc, const char *what)
{
	if (rc != 0)
		printf("# setup failed: %s\n", what);
}

static void lab(struct netconf *n)
{
	netconf_init(n);
	add_iface(n, "eth0", "10.0.0.1/16");
	add_iface(n, "eth1", "198.51.100.1/24");
	add_iface(n, "eth2", "192.0.2.1/24");
	must(netconf_add_route(n, "default via 198.51.100.254 dev eth1", NULL), "default");
	must(netconf_add_route(n, "203.0.113.0/24 via 192.0.2.254", NULL), "203.0.113.0/24");
	must(netconf_add_route(n, "table 100 default via 192.0.2.254", NULL), "table 100");
	must(netconf_add_route(n, "table 200 unreachable 203.0.113.128/25", NULL), "table 200");
	must(netconf_add_rule(n, "fwmark 0x1 lookup 100", NULL), "fwmark rule");
	must(netconf_add_rule(n, "fwmark 0x7 lookup 200", NULL), "fwmark 7 rule");
}

/* Two answers are the same when every field but the explanation is. */
static bool same(int rc1, const struct route_result *a, int rc2, const struct route_result *b)
{
	return rc1 == rc2 && a->error == b->error && a->family == b->family && a->type == b->type &&
	       a->rule == b->rule && a->table == b->table && a->route == b->route &&
	       strcmp(a->oif, b->oif) == 0 && inet_eq(&a->gw, &b->gw) &&
	       inet_eq(&a->prefsrc, &b->prefsrc);
}

static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static uint32_t some_address(void)
{
	static const char *const pool[] = {
		"10.0.3.4",	"10.0.0.1",	   "198.51.100.1", "198.51.100.77", "192.0.2.9",
		"203.0.113.5", "203.0.113.200", "8.8.8.8",	   "127.0.0.1",	    "224.0.0.5",
		"0.0.0.0",	"255.255.255.255", "10.0.255.255", "100.64.0.1",   "192.0.2.255",
	};
	return rnd() % 4 ? A(pool[rnd() % (sizeof(pool) / sizeof(pool[0]))]) : rnd();
}

/* Each query asked through the cache (twice: the second is the kept
 * answer when the first found a route) and without it. */
static int compare_random(struct netconf *n, int count)
{
	static const char *const iifs[] = {"eth0", "eth1", "eth2", "lo", "", NULL};
	static const uint32_t marks[] = {0, 0, 1, 7, 3};
	int differ = 0;
	for (int i = 0; i < count; i++) {
		struct route_query q = {.dst.ip = some_address(),
					.src.ip = some_address(),
					.mark = marks[rnd() % 5],
					.tos = (uint8_t)(rnd() % 3 * 4),
					.iif = iifs[rnd() % 6],
					.quiet = true};
		struct route_result cached, again, plain;
		int rc1 = route_lookup(n, &q, &cached);
		int rc2 = route_lookup(n, &q, &again);
		struct route_cache *keep = n->route_cache;
		n->route_cache = NULL;
		int rc3 = route_lookup(n, &q, &plain);
		n->route_cache = keep;
		if (!same(rc1, &cached, rc3, &plain) || !same(rc2, &again, rc3, &plain))
			differ++;
	}
	return differ;
}

static void test_same_answers(void)
{
	struct netconf n;
	lab(&n);
	is_int(compare_random(&n, 20000), 0, "20000 random queries: the cache answers as the look-up");
	must(netconf_add_rule(&n, "from 10.0.3.0/24 lookup 100", NULL), "from rule");
	is_int(compare_random(&n, 20000), 0,
	       "with a `from` rule (the source is part of the key): the same");
	netconf_free(&n);
}

static const struct route_result *ask(struct netconf *n, const char *dst, const char *src,
				      const char *iif, struct route_result *r)
{
	struct route_query q = {.dst.ip = A(dst), .src.ip = A(src), .iif = iif, .quiet = true};
	return route_lookup(n, &q, r) == 0 ? r : NULL;
}

static void test_forgets(void)
{
	struct netconf n;
	lab(&n);
	struct route_result r;
	ok(ask(&n, "8.8.8.8", "10.0.3.4", "eth0", &r) && ask(&n, "8.8.8.8", "10.0.3.4", "eth0", &r) &&
		   strcmp(r.oif, "eth1") == 0,
	   "8.8.8.8 from the LAN: the default route, asked twice (kept)");
	must(netconf_add_route(&n, "8.8.8.0/24 via 192.0.2.254", NULL), "8.8.8.0/24");
	ok(ask(&n, "8.8.8.8", "10.0.3.4", "eth0", &r) && strcmp(r.oif, "eth2") == 0,
	   "a route added after: the new route, not the kept answer");
	must(netconf_add_rule(&n, "from 10.0.3.0/24 lookup 100", NULL), "from rule");
	ok(ask(&n, "9.9.9.9", "10.0.3.4", "eth0", &r) && r.table == 100,
	   "a `from` rule added after: its source goes to table 100");
	ok(ask(&n, "9.9.9.9", "10.0.4.4", "eth0", &r) && r.table == RT_TABLE_MAIN,
	   "  another source of the same destination: main");
	ok(ask(&n, "9.9.9.9", "10.0.3.4", "eth0", &r) && r.table == 100,
	   "  and the first again: table 100");
	ok(ask(&n, "10.9.9.9", "10.0.5.5", "eth0", &r) && strcmp(r.oif, "eth1") == 0,
	   "10.9.9.9 before eth3 has 10.9.0.1/16: the default route (kept)");
	add_iface(&n, "eth3", "10.9.0.1/16");
	ok(ask(&n, "10.9.9.9", "10.0.5.5", "eth0", &r) && strcmp(r.oif, "eth3") == 0,
	   "an interface added after: its connected route");
	netconf_free(&n);
}

int main(void)
{
	test_same_answers();
	test_forgets();
	return tap_done();
}
