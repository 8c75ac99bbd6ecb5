/* scn_icmp.c - `icmp:` on a reply: the far end answers packet N with an
 * ICMP error instead of the protocol's answer.  The names are those of
 * iptables' `--icmp-type` for the same type and code. */
#include <stdio.h>
#include <string.h>

#include "lib/inet.h"
#include "lib/util.h"
#include "scenario/scn_icmp.h"

static const struct {
	const char *name;
	int family;
	uint8_t type, code;
	bool mtu; /* takes `mtu M` (the next hop's, RFC 1191 / RFC 8201) */
} icmp_errors[] = {
	{"net-unreachable", FAMILY_IPV4, 3, 0, false},
	{"host-unreachable", FAMILY_IPV4, 3, 1, false},
	{"port-unreachable", FAMILY_IPV4, 3, 3, false},
	{"frag-needed", FAMILY_IPV4, 3, 4, true},
	{"admin-prohibited", FAMILY_IPV4, 3, 13, false},
	{"time-exceeded", FAMILY_IPV4, 11, 0, false},
	/* ICMPv6 (RFC 4443), ip6tables' names */
	{"no-route", FAMILY_IPV6, 1, 0, false},
	{"admin-prohibited", FAMILY_IPV6, 1, 1, false},
	{"beyond-scope", FAMILY_IPV6, 1, 2, false},
	{"address-unreachable", FAMILY_IPV6, 1, 3, false},
	{"port-unreachable", FAMILY_IPV6, 1, 4, false},
	{"packet-too-big", FAMILY_IPV6, 2, 0, true},
	{"time-exceeded", FAMILY_IPV6, 3, 0, false},
	{"parameter-problem", FAMILY_IPV6, 4, 0, false},
};

/* The least MTU a link may have: 68 for IPv4 (RFC 791), 1280 for IPv6
 * (RFC 8200). */
#define MTU_MIN 68
#define MTU6_MIN 1280

static int bad_name(struct ydoc *d, const yaml_node_t *n, const char *w)
{
	char names[400] = "";
	for (size_t i = 0; i < ARRAY_SIZE(icmp_errors); i++) {
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			dup |= strcmp(icmp_errors[k].name, icmp_errors[i].name) == 0;
		if (!dup)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s%s",
				 names[0] ? ", " : "", icmp_errors[i].name,
				 icmp_errors[i].mtu ? " mtu M" : "");
	}
	return ydoc_err(d, n, 0, "unknown ICMP error `%s` (expected %s)", w, names);
}

int scn_icmp_parse(struct ydoc *d, const yaml_node_t *n, struct scn_packet *pk)
{
	const char *v;
	if (ydoc_scalar(d, n, "icmp", &v))
		return -1;
	char name[32], word[16], extra[16];
	unsigned long mtu = 0;
	int got = sscanf(v, "%31s %15s %lu %15s", name, word, &mtu, extra);
	if (got < 1)
		return bad_name(d, n, v);
	bool found = false;
	for (size_t i = 0; i < ARRAY_SIZE(icmp_errors); i++) {
		if (strcmp(icmp_errors[i].name, name) != 0)
			continue;
		unsigned long least = icmp_errors[i].family == FAMILY_IPV6 ? MTU6_MIN : MTU_MIN;
		if (icmp_errors[i].mtu && (got != 3 || strcmp(word, "mtu") != 0))
			return ydoc_err(d, n, 0, "`%s` needs the next hop's MTU: `%s mtu M`", name, name);
		if (!icmp_errors[i].mtu && got > 1)
			return ydoc_err(d, n, strlen(name) + 1, "`%s` takes nothing after it", name);
		if (icmp_errors[i].mtu && (mtu < least || mtu > 65535))
			return ydoc_err(d, n, strlen(name) + 5, "bad mtu `%lu` (expected %lu..65535)",
					mtu, least);
		found = pk->icmp_error = true;
		if (icmp_errors[i].family == FAMILY_IPV6) {
			pk->icmp6_ok = true;
			pk->icmp6_type = icmp_errors[i].type;
			pk->icmp6_code = icmp_errors[i].code;
		} else {
			pk->icmp4_ok = true;
			pk->icmp_type = icmp_errors[i].type;
			pk->icmp_code = icmp_errors[i].code;
		}
		pk->icmp_mtu = (uint16_t)mtu;
		str_copy(pk->icmp_name, sizeof(pk->icmp_name), name);
	}
	return found ? 0 : bad_name(d, n, name);
}

int scn_icmp_from(struct ydoc *d, const yaml_node_t *n, struct scn_packet *pk)
{
	const char *v;
	if (ydoc_scalar(d, n, "from", &v))
		return -1;
	int family = 0;
	if (!inet_parse(v, &family, &pk->icmp_from) || inet_is_zero(&pk->icmp_from))
		return ydoc_err(d, n, 0, "bad address `%s` (expected the router's address)", v);
	pk->icmp_from_family = family;
	return 0;
}
