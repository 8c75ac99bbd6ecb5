/* test_inet.c - addresses of either family (src/lib/inet.c): which family
 * a text is, prefixes, equality and hashing across the union, and the
 * bracketed address:port form. */
#include <string.h>

#include "lib/inet.h"
#include "../tap.h"

static const char *fmt(const char *in, int want_family)
{
	static char buf[INET_STRLEN];
	int fam = want_family;
	union inet_addr a;
	if (!inet_parse(in, &fam, &a))
		return "(refused)";
	return inet_fmt(fam, &a, buf);
}

int main(void)
{
	int fam = 0;
	union inet_addr a, b, net;
	int plen;

	ok(inet_parse("10.0.1.2", &fam, &a) && fam == FAMILY_IPV4 && a.ip == 0x0a000102 &&
		   a.all[1] == 0 && a.all[3] == 0,
	   "a dotted quad is IPv4, host order, the rest zero");
	fam = 0;
	ok(inet_parse("2001:db8::1", &fam, &b) && fam == FAMILY_IPV6 && b.in6.b[0] == 0x20 &&
		   b.in6.b[15] == 1,
	   "an IPv6 text is IPv6, wire bytes");
	ok(!inet_eq(&a, &b), "different addresses differ");
	union inet_addr c = inet_v4(0x0a000102);
	ok(inet_eq(&a, &c) && inet_hash(&a, 7) == inet_hash(&c, 7), "equal addresses hash alike");
	is_str(fmt("2001:DB8:0:0:0:0:0:1", 0), "2001:db8::1", "RFC 5952 out");
	is_str(fmt("10.0.1.2", FAMILY_IPV6), "(refused)", "a family asked for refuses the other");
	is_str(fmt("::1", FAMILY_IPV4), "(refused)", "and the other way round");
	is_str(fmt("10.1", 0), "(refused)", "no IPv4 shorthand");

	fam = 0;
	ok(inet_prefix_parse("2001:db8:1::/48", &fam, &net, &plen) && fam == FAMILY_IPV6 && plen == 48,
	   "an IPv6 prefix");
	fam = FAMILY_IPV6;
	ok(inet_parse("2001:db8:1:ff::9", &fam, &a) && inet_in(FAMILY_IPV6, &a, &net, 48),
	   "an address in its /48");
	fam = FAMILY_IPV6;
	ok(inet_parse("2001:db8:2::9", &fam, &a) && !inet_in(FAMILY_IPV6, &a, &net, 48),
	   "and one outside it");
	fam = 0;
	ok(inet_prefix_parse("10.0.0.0/255.255.0.0", &fam, &net, &plen) && fam == FAMILY_IPV4 &&
		   plen == 16 && inet_in(FAMILY_IPV4, &c, &net, plen),
	   "a contiguous IPv4 mask is a length");
	fam = 0;
	ok(!inet_prefix_parse("10.0.0.0/255.0.255.0", &fam, &net, &plen),
	   "a non-contiguous mask is refused");
	fam = 0;
	ok(inet_prefix_parse("::/0", &fam, &net, &plen) && plen == 0 && inet_in(FAMILY_IPV6, &b, &net, 0),
	   "::/0 holds everything");
	fam = 0;
	ok(!inet_prefix_parse("2001:db8::/129", &fam, &net, &plen), "an IPv6 length over 128");

	char buf[64];
	is_str(inet_fmt_port(FAMILY_IPV6, &b, 80, buf, sizeof(buf)), "[2001:db8::1]:80",
	       "IPv6 with a port is bracketed");
	is_str(inet_fmt_port(FAMILY_IPV4, &c, 80, buf, sizeof(buf)), "10.0.1.2:80", "IPv4 is not");
	is_int(inet_bits(FAMILY_IPV6), 128, "IPv6 is 128 bits");
	is_str(inet_family_name(FAMILY_IPV6), "ipv6", "family names as conntrack -L");
	return tap_done();
}
