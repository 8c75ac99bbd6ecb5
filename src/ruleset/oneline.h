/* oneline.h - the host around a one-line question: `nfwalk --rules FILE
 * --packet 'tcp A:P -> B:Q on eth0' [HOST.yaml | --iface ... --route ...]`.
 *
 * The host is HOST.yaml's (its packets dropped), or built from --iface
 * and --route, or, for what neither says, assumed: the interfaces the
 * rules name with -i/-o (and the packets with `on`), each given a /24 of
 * a documentation range, a default route out of the uplink (the -o of a
 * MASQUERADE or SNAT rule, else the -i of a DNAT rule, else the first),
 * and ip_forward on; for IPv6 packets a /64 of 2001:db8::/32 on each
 * interface, a default route via fe80::1 out of the uplink and
 * net.ipv6.conf.all.forwarding on (an IPv6-only question assumes no IPv4
 * addresses).  Every assumption is said, one per line. */
#ifndef NFWALK_ONELINE_H
#define NFWALK_ONELINE_H

#include <stdio.h>

#include "scenario/scenario.h"

struct oneline_opts {
	const char *host;   /* HOST.yaml, NULL: none */
	const char *rules;  /* --rules FILE, NULL: none */
	const char *rules6; /* --rules6 FILE (ip6tables-save), NULL: none */
	const char *ipsets; /* --ipsets FILE (ipset save), NULL: none */
	const char **packets; /* --packet: the short form, or `reply N` */
	size_t npackets;
	const char **ifaces;  /* --iface NAME=ADDR/LEN[,ADDR/LEN...] */
	size_t nifaces;
	const char **routes;  /* --route 'default via ADDR [dev NAME]' */
	size_t nroutes;
	bool lenient;         /* --lenient: unloadable rules stay as stand-ins */
};

/* Build s (scenario_free it) and append to assumed what was taken for
 * granted, one item per line.  Problems of the rules file go to problems.
 * Returns 0, or -1 with err set. */
int oneline_scenario(const struct oneline_opts *o, struct scenario *s, struct strbuf *assumed,
		     FILE *problems, struct nf_error *err);

#endif
