/* test_addr6.c - IPv6 addresses (src/lib/addr6.c): RFC 5952 text, prefixes,
 * the kernel's scopes, and the default address labels compared with the
 * running kernel's `ip addrlabel list` where ip is there. */
#define _POSIX_C_SOURCE 200809L /* popen */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr6.h"
#include "../tap.h"

static const char *roundtrip(const char *in)
{
	static char buf[ADDR6_STRLEN];
	struct addr6 a;
	if (!addr6_parse(in, &a))
		return "(refused)";
	return addr6_fmt(&a, buf);
}

static void test_text(void)
{
	/* RFC 5952 section 4 and its examples */
	is_str(roundtrip("2001:DB8:0:0:0:0:0:1"), "2001:db8::1", "lower case, zeros as ::");
	is_str(roundtrip("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1", "one zero group stays");
	is_str(roundtrip("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1", "the longest run is compressed");
	is_str(roundtrip("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1", "the first of equal runs");
	is_str(roundtrip("0:0:0:0:0:0:0:0"), "::", "all zeros");
	is_str(roundtrip("::ffff:192.0.2.1"), "::ffff:192.0.2.1", "v4-mapped keeps its quad");
	is_str(roundtrip("fe80::1%eth0"), "(refused)", "a zone index is not an address");
	is_str(roundtrip("2001:db8::1::2"), "(refused)", "two :: are refused");
	is_str(roundtrip("192.0.2.1"), "(refused)", "an IPv4 address is not IPv6");
}

static void test_prefix(void)
{
	struct addr6 a, n;
	int plen;
	ok(prefix6_parse("2001:db8:1::/48", &n, &plen) && plen == 48, "a /48");
	ok(prefix6_parse("2001:db8::1", &a, &plen) && plen == 128, "no length is /128");
	ok(!prefix6_parse("2001:db8::/129", &a, &plen), "/129 is refused");
	ok(!prefix6_parse("2001:db8::/ffff::", &a, &plen), "a mask is refused");
	ok(!prefix6_parse("2001:db8::/", &a, &plen), "an empty length is refused");
	ok(!prefix6_parse("2001:db8::/+4", &a, &plen), "a signed length is refused");
	addr6_parse("2001:db8:1:ff::7", &a);
	ok(addr6_in(&a, &n, 48), "2001:db8:1:ff::7 is in 2001:db8:1::/48");
	addr6_parse("2001:db8:2::7", &a);
	ok(!addr6_in(&a, &n, 48), "2001:db8:2::7 is not");
	ok(addr6_in(&a, &n, 0), "everything is in ::/0");
	is_int(addr6_common_prefix(&a, &n), 46, "2001:db8:2:: and 2001:db8:1:: share 46 bits");
	char buf[ADDR6_STRLEN];
	addr6_parse("2001:db8:abcd:ef01::1", &a);
	struct addr6 m = addr6_masked(&a, 36);
	is_str(addr6_fmt(&m, buf), "2001:db8:a000::", "masked to /36");
}

static void test_scope(void)
{
	static const struct {
		const char *addr;
		unsigned scope;
	} cases[] = {
		{"::", ADDR6_SCOPE_NONE},       {"::1", ADDR6_SCOPE_NODE},
		{"fe80::1", ADDR6_SCOPE_LINK},  {"febf::1", ADDR6_SCOPE_LINK},
		{"fec0::1", ADDR6_SCOPE_SITE},  {"fd00::1", ADDR6_SCOPE_GLOBAL},
		{"2001:db8::1", ADDR6_SCOPE_GLOBAL}, {"ff02::1", ADDR6_SCOPE_LINK},
		{"ff05::2", ADDR6_SCOPE_SITE},  {"ff0e::1", ADDR6_SCOPE_GLOBAL},
		{"ff08::1", 0x8},               {"::ffff:10.0.0.1", ADDR6_SCOPE_GLOBAL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct addr6 a;
		addr6_parse(cases[i].addr, &a);
		char name[64];
		snprintf(name, sizeof(name), "scope of %s", cases[i].addr);
		is_int(addr6_scope(&a), cases[i].scope, name);
	}
}

static void test_labels(void)
{
	static const struct {
		const char *addr;
		unsigned label;
	} cases[] = {
		{"::1", 0}, {"2001:0:5ef5:79fd::1", 6}, {"2001:db8::1", 1}, {"2001:10::1", 7}, {"2002:c000:201::1", 2},
		{"fd12::1", 5}, {"::ffff:192.0.2.1", 4}, {"::192.0.2.1", 3}, {"2a00::1", 1},
		{"fec0::1", 11}, {"3ffe::1", 12},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct addr6 a;
		addr6_parse(cases[i].addr, &a);
		char name[64];
		snprintf(name, sizeof(name), "label of %s", cases[i].addr);
		is_int(addr6_label(&a), cases[i].label, name);
	}
}

/* The table against the kernel's: `ip addrlabel list` prints
 * "prefix P/L label N" per row, in the same order on a fresh boot. */
static void test_labels_kernel(void)
{
	FILE *p = popen("ip addrlabel list 2>/dev/null", "r");
	char line[256], want[256];
	unsigned row = 0, same = 0;
	while (p && fgets(line, sizeof(line), p)) {
		if (row < addr6_default_nlabels) {
			const struct addr6_label_entry *e = &addr6_default_labels[row];
			char buf[ADDR6_STRLEN];
			snprintf(want, sizeof(want), "prefix %s/%d label %u", addr6_fmt(&e->prefix, buf),
				 e->plen, e->label);
			size_t n = strlen(want);
			same += strncmp(line, want, n) == 0 && (line[n] == ' ' || line[n] == '\n');
		}
		row++;
	}
	int st = p ? pclose(p) : -1;
	if (st != 0 || row == 0) {
		printf("ok %d - # SKIP no `ip addrlabel list` here\n", ++tap_n);
		return;
	}
	is_int(row, addr6_default_nlabels, "the kernel has as many default labels");
	is_int(same, addr6_default_nlabels, "and each row is the same");
}

int main(void)
{
	test_text();
	test_prefix();
	test_scope();
	test_labels();
	test_labels_kernel();
	return tap_done();
}
