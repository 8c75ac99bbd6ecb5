/* route6_get.c - nfwalk's side of tests/kernel/route6.sh: build a host
 * from lines on stdin and answer each `get` as `ip -6 route get` would,
 * in the short form the script also cuts the kernel's answer to:
 *   iface NAME MAC [ADDR/LEN]     an interface with its link up
 *   route ARGS                    ip -6 route add ARGS
 *   rule ARGS                     ip -6 rule add ARGS
 *   get DST [oif IF] [mark M]     -> "[local ]DST [via GW] dev IF src S"
 *                                    or "error TEXT" */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/inet.h"
#include "engine/net/net.h"

static const char *err_text(int e)
{
	return e == ENETUNREACH    ? "Network is unreachable"
	       : e == EHOSTUNREACH ? "No route to host"
	       : e == EACCES	   ? "Permission denied"
				   : "Invalid argument";
}

static void mac_parse(const char *s, uint8_t mac[6])
{
	unsigned m[6] = {0};
	sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
}

static void add_iface(struct netconf *n, char *args)
{
	struct iface ifc = {.has_mac = true};
	char *name = strtok(args, " "), *mac = strtok(NULL, " "), *addr = strtok(NULL, " ");
	str_copy(ifc.name, sizeof(ifc.name), name ? name : "?");
	mac_parse(mac ? mac : "", ifc.mac);
	if (addr && prefix6_parse(addr, &ifc.addr6[0], &ifc.plen6[0]))
		ifc.naddr6 = 1;
	struct nf_error err = {0};
	if (netconf_add_iface(n, &ifc, &err) != 0)
		printf("setup error %s\n", err.msg);
}

static void get(const struct netconf *n, char *args)
{
	struct route_query q = {.family = FAMILY_IPV6};
	char *dst = strtok(args, " "), *w;
	int f = FAMILY_IPV6;
	if (!dst || !inet_parse(dst, &f, &q.dst)) {
		printf("bad get\n");
		return;
	}
	while ((w = strtok(NULL, " "))) {
		char *v = strtok(NULL, " ");
		if (v && strcmp(w, "oif") == 0)
			q.oif = v;
		else if (v && strcmp(w, "mark") == 0)
			q.mark = (uint32_t)strtoul(v, NULL, 0);
	}
	struct route_result r;
	if (route_lookup(n, &q, &r) != 0) {
		printf("error %s\n", err_text(r.error));
		return;
	}
	char a[INET_STRLEN], g[INET_STRLEN], s[INET_STRLEN];
	printf("%s%s", r.type == RT_LOCAL ? "local " : "", inet_fmt(FAMILY_IPV6, &q.dst, a));
	if (!inet_is_zero(&r.gw))
		printf(" via %s", inet_fmt(FAMILY_IPV6, &r.gw, g));
	printf(" dev %s src %s\n", r.oif, inet_fmt(FAMILY_IPV6, &r.prefsrc, s));
}

int main(void)
{
	struct netconf n;
	char line[512];
	netconf_init(&n);
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		struct nf_error err = {0};
		if (strncmp(line, "iface ", 6) == 0)
			add_iface(&n, line + 6);
		else if (strncmp(line, "route ", 6) == 0 &&
			 netconf_add_route_family(&n, FAMILY_IPV6, line + 6, &err) != 0)
			printf("setup error %s\n", err.msg);
		else if (strncmp(line, "rule ", 5) == 0 &&
			 netconf_add_rule_family(&n, FAMILY_IPV6, line + 5, &err) != 0)
			printf("setup error %s\n", err.msg);
		else if (strncmp(line, "get ", 4) == 0)
			get(&n, line + 4);
	}
	netconf_free(&n);
	return 0;
}
