/* scn_icmp.c - `icmp:` on a reply: the far end answers packet N with an
 * ICMP error instead of the protocol's answer.  The names are those of
 * iptables' `--icmp-type` for the same type and code. */
#include <stdio.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/util.h"
#include "scenario/scn_icmp.h"

static const struct {
	const char *name;
	uint8_t type, code;
	bool mtu; /* takes `mtu M` (the next hop's, RFC 1191) */
} icmp_errors[] = {
	{"net-unreachable", 3, 0, false},
	{"host-unreachable", 3, 1, false},
	{"port-unreachable", 3, 3, false},
	{"frag-needed", 3, 4, true},
	{"admin-prohibited", 3, 13, false},
	{"time-exceeded", 11, 0, false},
};

/* 68: the least MTU an IPv4 link may have (RFC 791). */
#define MTU_MIN 68

static int bad_name(struct ydoc *d, const yaml_node_t *n, const char *w)
{
	char names[200] = "";
	for (size_t i = 0; i < ARRAY_SIZE(icmp_errors); i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s%s",
			 i ? ", " : "", icmp_errors[i].name, icmp_errors[i].mtu ? " mtu M" : "");
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
	for (size_t i = 0; i < ARRAY_SIZE(icmp_errors); i++) {
		if (strcmp(icmp_errors[i].name, name) != 0)
			continue;
		if (icmp_errors[i].mtu && (got != 3 || strcmp(word, "mtu") != 0))
			return ydoc_err(d, n, 0, "`%s` needs the next hop's MTU: `%s mtu M`", name, name);
		if (!icmp_errors[i].mtu && got > 1)
			return ydoc_err(d, n, strlen(name) + 1, "`%s` takes nothing after it", name);
		if (icmp_errors[i].mtu && (mtu < MTU_MIN || mtu > 65535))
			return ydoc_err(d, n, strlen(name) + 5, "bad mtu `%lu` (expected %d..65535)", mtu,
					MTU_MIN);
		pk->icmp_error = true;
		pk->icmp_type = icmp_errors[i].type;
		pk->icmp_code = icmp_errors[i].code;
		pk->icmp_mtu = (uint16_t)mtu;
		return 0;
	}
	return bad_name(d, n, name);
}

int scn_icmp_from(struct ydoc *d, const yaml_node_t *n, struct scn_packet *pk)
{
	const char *v;
	if (ydoc_scalar(d, n, "from", &v))
		return -1;
	if (!addr_parse(v, &pk->icmp_from) || !pk->icmp_from)
		return ydoc_err(d, n, 0, "bad address `%s` (expected the router's IPv4 address)", v);
	return 0;
}
