/* inet.c - addresses of either family (see inet.h). */
#include "lib/inet.h"

#include <stdio.h>
#include <string.h>

#include "lib/fmt.h"
#include "lib/util.h"

int inet_bits(int family)
{
	return family == FAMILY_IPV4 ? 32 : family == FAMILY_IPV6 ? 128 : 0;
}

bool inet_parse(const char *s, int *family, union inet_addr *out)
{
	uint32_t a4;
	struct addr6 a6;
	if ((*family == 0 || *family == FAMILY_IPV4) && addr_parse(s, &a4)) {
		*family = FAMILY_IPV4;
		*out = inet_v4(a4);
		return true;
	}
	if ((*family == 0 || *family == FAMILY_IPV6) && addr6_parse(s, &a6)) {
		*family = FAMILY_IPV6;
		*out = inet_v6(&a6);
		return true;
	}
	return false;
}

bool inet_prefix_parse(const char *s, int *family, union inet_addr *addr, int *plen)
{
	uint32_t a4, m4;
	struct addr6 a6;
	if ((*family == 0 || *family == FAMILY_IPV4) && prefix_parse(s, &a4, &m4, plen)) {
		if (*plen < 0)
			return false;
		*family = FAMILY_IPV4;
		*addr = inet_v4(a4);
		return true;
	}
	if ((*family == 0 || *family == FAMILY_IPV6) && prefix6_parse(s, &a6, plen)) {
		*family = FAMILY_IPV6;
		*addr = inet_v6(&a6);
		return true;
	}
	return false;
}

const char *inet_fmt(int family, const union inet_addr *a, char buf[INET_STRLEN])
{
	if (family == FAMILY_IPV4)
		return addr_fmt(a->ip, buf);
	if (family == FAMILY_IPV6)
		return addr6_fmt(&a->in6, buf);
	return strcpy(buf, "?");
}

size_t inet_fmt_n(int family, const union inet_addr *a, char t[INET_STRLEN])
{
	if (family == FAMILY_IPV4)
		return addr_fmt_n(a->ip, t);
	return strlen(inet_fmt(family, a, t));
}

void inet_put(struct fmt_cursor *c, int family, const union inet_addr *a)
{
	char t[INET_STRLEN];
	fmt_putn(c, t, inet_fmt_n(family, a, t));
}

void inet_put_port(struct fmt_cursor *c, int family, const union inet_addr *a, uint16_t port)
{
	char t[INET_STRLEN];
	size_t n = inet_fmt_n(family, a, t);
	bool v6 = family == FAMILY_IPV6;
	if (v6)
		fmt_putn(c, "[", 1);
	fmt_putn(c, t, n);
	fmt_putn(c, v6 ? "]:" : ":", v6 ? 2 : 1);
	fmt_put_u(c, port);
}

const char *inet_fmt_port(int family, const union inet_addr *a, uint16_t port, char *buf,
			  unsigned n)
{
	/* "%s:%u" or "[%s]:%u" by pieces, not nf_snprintf: every packet a
	 * trace describes has two, and the format cost more than the rest */
	if (n == 0)
		return buf;
	struct fmt_cursor c = fmt_cursor(buf, n);
	inet_put_port(&c, family, a, port);
	fmt_close(&c, buf);
	return buf;
}

const char *inet_family_name(int family)
{
	return family == FAMILY_IPV4 ? "ipv4" : family == FAMILY_IPV6 ? "ipv6" : "?";
}
