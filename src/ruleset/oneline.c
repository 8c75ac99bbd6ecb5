/* oneline.c - the scenario behind a one-line question (oneline.h): a host
 * from HOST.yaml, from --iface/--route, or assumed from the rules, and
 * the --packet lines as its packets. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nft/nft.h"
#include "lib/addr.h"
#include "lib/inet.h"
#include "ruleset/oneline.h"
#include "ruleset/ipset_scenario.h"
#include "ruleset/save_scenario.h"

#define CMDLINE "command line"

/* The /24s an assumed interface gets: the documentation ranges of RFC
 * 5737, then the benchmarking range of RFC 2544 when more are needed. */
static uint32_t assumed_net(size_t i)
{
	static const uint32_t doc[] = {0xc0000200u /* 192.0.2.0 */, 0xc6336400u /* 198.51.100.0 */,
				       0xcb007100u /* 203.0.113.0 */};
	if (i < ARRAY_SIZE(doc))
		return doc[i];
	return 0xc6120000u | (uint32_t)((i - ARRAY_SIZE(doc)) & 0x1ff) << 8; /* 198.18.N.0 */
}

static int cmd_err(struct nf_error *err, const char *fmt, const char *arg)
{
	str_copy(err->file, sizeof(err->file), "");
	err->line = 0;
	err->col = -1;
	snprintf(err->msg, sizeof(err->msg), fmt, arg);
	return -1;
}

static struct scn_iface *find_iface(struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, name) == 0)
			return &s->ifaces[i];
	return NULL;
}

static struct scn_iface *add_iface(struct scenario *s, const char *name)
{
	s->ifaces = xrealloc(s->ifaces, (s->nifaces + 1) * sizeof(*s->ifaces));
	struct scn_iface *si = &s->ifaces[s->nifaces++];
	memset(si, 0, sizeof(*si));
	str_copy(si->ifc.name, sizeof(si->ifc.name), name);
	return si;
}

static void add_line(struct scn_line **v, size_t *n, const char *text)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = (struct scn_line){.text = xstrdup(text), .line = 0, .col = 0};
}

/* An IPv6 ADDR/LEN of --iface into the interface's IPv6 list. */
static int iface_addr6(struct iface *ifc, const char *tok, const char *arg, struct nf_error *err)
{
	int fam = FAMILY_IPV6, plen;
	union inet_addr a;
	if (!inet_prefix_parse(tok, &fam, &a, &plen))
		return cmd_err(err, "--iface: bad address in `%s` (expected ADDR/LEN)", arg);
	if (ifc->naddr6 >= IFACE_MAX_ADDRS)
		return cmd_err(err, "--iface: too many addresses in `%s`", arg);
	ifc->addr6[ifc->naddr6] = a.in6;
	ifc->plen6[ifc->naddr6++] = plen;
	return 0;
}

/* --iface NAME=ADDR/LEN[,ADDR/LEN...][,group=N]; addresses of either
 * family */
static int option_iface(struct scenario *s, const char *arg, struct nf_error *err)
{
	const char *eq = strchr(arg, '=');
	char name[IFNAME_MAX + 1];
	if (!eq || (size_t)(eq - arg) >= sizeof(name))
		return cmd_err(err, "--iface: expected NAME=ADDR/LEN, got `%s`", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (!iface_name_ok(name))
		return cmd_err(err, "--iface: bad interface name in `%s`", arg);
	struct scn_iface *si = find_iface(s, name);
	if (!si)
		si = add_iface(s, name);
	char *addrs = xstrdup(eq + 1);
	int rc = 0;
	for (char *tok = strtok(addrs, ","); tok && rc == 0; tok = strtok(NULL, ",")) {
		uint32_t a, mask;
		int plen;
		uint64_t group;
		if (str_starts(tok, "group=")) {
			if (!parse_uint(tok + 6, UINT32_MAX, &group))
				rc = cmd_err(err, "--iface: bad group in `%s` (group=N, 0 to 4294967295)", arg);
			si->ifc.group = (uint32_t)group;
		} else if (strchr(tok, ':')) {
			rc = iface_addr6(&si->ifc, tok, arg, err);
		} else if (!prefix_parse(tok, &a, &mask, &plen) || plen < 0)
			rc = cmd_err(err, "--iface: bad address in `%s` (expected ADDR/LEN)", arg);
		else if (si->ifc.naddr >= IFACE_MAX_ADDRS)
			rc = cmd_err(err, "--iface: too many addresses in `%s`", arg);
		else {
			si->ifc.addr[si->ifc.naddr] = a;
			si->ifc.plen[si->ifc.naddr++] = plen;
		}
	}
	free(addrs);
	return rc;
}

/* The packets: the short form, or `reply N`. */
static int add_packets(const struct oneline_opts *o, struct scenario *s, struct nf_error *err)
{
	s->packets = xcalloc(o->npackets ? o->npackets : 1, sizeof(*s->packets));
	for (size_t i = 0; i < o->npackets; i++) {
		const char *text = o->packets[i];
		struct scn_packet *pk = &s->packets[s->npackets++];
		pk->note = xstrdup("");
		pk->line = 0;
		pk->col = 0;
		unsigned long to;
		int used = 0;
		if (sscanf(text, " reply %lu %n", &to, &used) == 1 && !text[used]) {
			if (to < 1 || to > i)
				return cmd_err(err, "--packet `%s`: a reply answers an earlier --packet",
					       text);
			pk->reply_to = (int)to;
			pk->spec.proto = s->packets[to - 1].spec.proto;
			pk->text = xstrdup("");
			continue;
		}
		pk->text = xstrdup(text);
		struct nf_error perr = {.col = -1};
		if (pktspec_parse(text, pk, &perr)) {
			snprintf(err->msg, sizeof(err->msg), "--packet `%.200s`: %.280s", text, perr.msg);
			err->file[0] = '\0';
			err->line = 0;
			err->col = -1;
			return -1;
		}
	}
	return 0;
}

/* Interface names of the rules, in order: -i and -o, without wildcards,
 * negations or lo; and the uplink (see oneline.h). */
struct names {
	char (*v)[IFNAME_MAX];
	size_t n;
	char uplink[IFNAME_MAX];
	const char *why; /* why that one is the uplink */
};

static void name_add(struct names *nm, const char *name, bool inv)
{
	size_t len = strlen(name);
	if (!len || inv || name[len - 1] == '+' || strcmp(name, "lo") == 0)
		return;
	for (size_t i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i], name) == 0)
			return;
	nm->v = xrealloc(nm->v, (nm->n + 1) * sizeof(*nm->v));
	str_copy(nm->v[nm->n++], IFNAME_MAX, name);
}

static void uplink_from(struct names *nm, const struct rule *r, enum nf_table t)
{
	if (t != TABLE_NAT || r->action != RA_TARGET || nm->why)
		return;
	const char *tg = r->target.type->name;
	if ((!strcmp(tg, "MASQUERADE") || !strcmp(tg, "SNAT")) && r->oif[0] && !r->oif_inv &&
	    !strchr(r->oif, '+')) {
		str_copy(nm->uplink, sizeof(nm->uplink), r->oif);
		nm->why = !strcmp(tg, "SNAT") ? "the -o of an SNAT rule" : "the -o of a MASQUERADE rule";
	}
}

static void rules_names(const struct scenario *s, struct names *nm)
{
	struct ruleset rs, rs6;
	ruleset_init(&rs);
	ruleset_init_family(&rs6, FAMILY_IPV6);
	struct nf_error se = {.col = -1};
	scenario_apply_ipsets(s, &rs, &se); /* the rules that name a set need it */
	for (size_t i = 0; i < s->niptables; i++) {
		struct nf_error e = {.col = -1};
		const char *cmd = s->iptables[i].text;
		ruleset_command(ruleset_command_family(cmd) == FAMILY_IPV6 ? &rs6 : &rs, cmd, 0, &e);
	}
	const char *dnat_in = NULL;
	char dnat_buf[IFNAME_MAX] = "";
	for (int t = 0; t < 2 * TABLE_COUNT; t++) {
		const struct table *tb = t < TABLE_COUNT ? &rs.t[t] : &rs6.t[t - TABLE_COUNT];
		for (size_t c = 0; tb->loaded && c < tb->nchains; c++) {
			for (size_t k = 0; k < tb->chains[c]->nrules; k++) {
				const struct rule *r = tb->chains[c]->rules[k];
				name_add(nm, r->iif, r->iif_inv);
				name_add(nm, r->oif, r->oif_inv);
				uplink_from(nm, r, (enum nf_table)(t % TABLE_COUNT));
				if (!dnat_in && t % TABLE_COUNT == TABLE_NAT && r->action == RA_TARGET &&
				    !strcmp(r->target.type->name, "DNAT") && r->iif[0] && !r->iif_inv &&
				    !strchr(r->iif, '+')) {
					str_copy(dnat_buf, sizeof(dnat_buf), r->iif);
					dnat_in = dnat_buf;
				}
			}
		}
	}
	if (!nm->why && dnat_in) {
		str_copy(nm->uplink, sizeof(nm->uplink), dnat_in);
		nm->why = "the -i of a DNAT rule";
	}
	ruleset_free(&rs);
	ruleset_free(&rs6);
}

static bool net_holds(uint32_t net, int plen, uint32_t a)
{
	uint32_t mask = plen ? ~0u << (32 - plen) : 0;
	return (a & mask) == (net & mask);
}

/* Whether a packet's address falls in net/24 (the range is then not
 * assumed: the packet would look local or on-link by accident). */
static bool net_taken(const struct scenario *s, uint32_t net)
{
	for (size_t i = 0; i < s->npackets; i++) {
		const struct pkt_spec *sp = &s->packets[i].spec;
		if (!s->packets[i].reply_to &&
		    (net_holds(net, 24, sp->src.ip) || net_holds(net, 24, sp->dst.ip)))
			return true;
	}
	for (size_t i = 0; i < s->nifaces; i++)
		for (int k = 0; k < s->ifaces[i].ifc.naddr; k++)
			if (net_holds(net, 24, s->ifaces[i].ifc.addr[k]))
				return true;
	return false;
}

/* Interfaces without an address get one; names from the rules and the
 * packets become interfaces. */
static void assume_ifaces(struct scenario *s, const struct names *nm, struct strbuf *assumed)
{
	for (size_t i = 0; i < nm->n; i++)
		if (!find_iface(s, nm->v[i]))
			add_iface(s, nm->v[i]);
	for (size_t i = 0; i < s->npackets; i++)
		if (s->packets[i].iif[0] && !find_iface(s, s->packets[i].iif))
			add_iface(s, s->packets[i].iif);
	size_t next = 0;
	for (size_t i = 0; i < s->nifaces; i++) {
		struct iface *ifc = &s->ifaces[i].ifc;
		if (ifc->naddr)
			continue;
		uint32_t net;
		do
			net = assumed_net(next++);
		while (net_taken(s, net) && next < 512);
		ifc->addr[0] = net | 1;
		ifc->plen[0] = 24;
		ifc->naddr = 1;
		char a[ADDR_STRLEN];
		sb_addf(assumed, "interface %s %s/24\n", ifc->name, addr_fmt(net | 1, a));
	}
}

/* A default route out of the uplink, via the last host of its subnet
 * (the one before, when that is the interface's own address). */
static void assume_route(struct scenario *s, const struct names *nm, struct strbuf *assumed)
{
	if (!s->nifaces)
		return;
	const struct scn_iface *up = nm->why ? find_iface(s, nm->uplink) : NULL;
	const char *why = nm->why;
	for (size_t i = 0; !up && i < s->nifaces; i++) {
		if (s->ifaces[i].ifc.naddr && s->ifaces[i].ifc.plen[0] < 31) {
			up = &s->ifaces[i];
			why = "the first interface";
		}
	}
	if (!up || !up->ifc.naddr || up->ifc.plen[0] >= 31)
		return;
	int plen = up->ifc.plen[0];
	uint32_t host = plen ? ~(~0u << (32 - plen)) : ~0u;
	uint32_t gw = (up->ifc.addr[0] & ~host) | (host - 1);
	if (gw == up->ifc.addr[0])
		gw--;
	char a[ADDR_STRLEN], line[128];
	snprintf(line, sizeof(line), "default via %s dev %s", addr_fmt(gw, a), up->ifc.name);
	add_line(&s->routes, &s->nroutes, line);
	sb_addf(assumed, "route %s (the uplink: %s)\n", line, why);
}

/* Which families the question's packets are: bit 0 IPv4, bit 1 IPv6
 * (replies follow their packet). */
static unsigned packet_families(const struct scenario *s)
{
	unsigned fams = 0;
	for (size_t i = 0; i < s->npackets; i++)
		if (!s->packets[i].reply_to)
			fams |= s->packets[i].spec.family == FAMILY_IPV6 ? 2u : 1u;
	return fams;
}

/* 2001:db8:N::/64, N from 1: RFC 3849's documentation prefix. */
static union inet_addr assumed_net6(size_t i)
{
	union inet_addr a = {0};
	a.in6.b[0] = 0x20, a.in6.b[1] = 0x01, a.in6.b[2] = 0x0d, a.in6.b[3] = 0xb8;
	a.in6.b[4] = (uint8_t)((i + 1) >> 8), a.in6.b[5] = (uint8_t)(i + 1);
	return a;
}

/* Whether an IPv6 packet's address or an interface's falls in net/64. */
static bool net6_taken(const struct scenario *s, const union inet_addr *net)
{
	for (size_t i = 0; i < s->npackets; i++) {
		const struct pkt_spec *sp = &s->packets[i].spec;
		if (!s->packets[i].reply_to && sp->family == FAMILY_IPV6 &&
		    (inet_in(FAMILY_IPV6, &sp->src, net, 64) || inet_in(FAMILY_IPV6, &sp->dst, net, 64)))
			return true;
	}
	for (size_t i = 0; i < s->nifaces; i++)
		for (int k = 0; k < s->ifaces[i].ifc.naddr6; k++) {
			union inet_addr a = inet_v6(&s->ifaces[i].ifc.addr6[k]);
			if (inet_in(FAMILY_IPV6, &a, net, 64))
				return true;
		}
	return false;
}

/* For IPv6 packets: interfaces without a global IPv6 address get a /64
 * of 2001:db8::/32 (the kernel adds their link-local ones), a default
 * route out of the uplink via fe80::1 (a router as RAs announce it) and
 * net.ipv6.conf.all.forwarding on. */
static void assume_ipv6(struct scenario *s, const struct names *nm, bool routes_given,
			struct strbuf *assumed)
{
	size_t next = 0;
	char a[INET_STRLEN];
	for (size_t i = 0; i < s->nifaces; i++) {
		struct iface *ifc = &s->ifaces[i].ifc;
		if (ifc->naddr6)
			continue;
		union inet_addr net;
		do
			net = assumed_net6(next++);
		while (net6_taken(s, &net) && next < 0xffff);
		net.in6.b[15] = 1;
		ifc->addr6[0] = net.in6;
		ifc->plen6[0] = 64;
		ifc->naddr6 = 1;
		sb_addf(assumed, "interface %s %s/64\n", ifc->name, inet_fmt(FAMILY_IPV6, &net, a));
	}
	struct nf_error err = {.col = -1};
	if (sysctls_set(&s->sysctls, "net.ipv6.conf.all.forwarding", "1", NULL, NULL, &err) == 0)
		sb_adds(assumed, "sysctl net.ipv6.conf.all.forwarding = 1 (a router)\n");
	const struct scn_iface *up = nm->why ? find_iface(s, nm->uplink) : NULL;
	const char *why = up ? nm->why : "the first interface";
	if (!up && s->nifaces)
		up = &s->ifaces[0];
	if (routes_given || !up)
		return;
	char line[128];
	snprintf(line, sizeof(line), "default via fe80::1 dev %s", up->ifc.name);
	add_line(&s->routes6, &s->nroutes6, line);
	sb_addf(assumed, "route -6 %s (the uplink: %s)\n", line, why);
}

static void empty_host(struct scenario *s, struct strbuf *assumed)
{
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(CMDLINE);
	s->name = xstrdup("one-line question");
	s->description = xstrdup("");
	s->tcp_loose = true;
	s->ip_forward = true;
	sb_adds(assumed, "sysctl net.ipv4.ip_forward = 1 (a router)\n");
}

int oneline_scenario(const struct oneline_opts *o, struct scenario *s, struct strbuf *assumed,
		     FILE *problems, struct nf_error *err)
{
	if (o->host) {
		if (o->nifaces || o->nroutes)
			return cmd_err(err, "%s", "--iface and --route describe the host when no HOST.yaml does");
		if (scenario_load(o->host, s, err))
			return -1;
		scenario_free_packets(s); /* the question brings its own */
	} else {
		empty_host(s, assumed);
	}
	int rc = 0;
	s->lenient = o->lenient;
	for (size_t i = 0; i < o->nifaces && rc == 0; i++)
		rc = option_iface(s, o->ifaces[i], err);
	for (size_t i = 0; i < o->nroutes; i++)
		add_line(&s->routes, &s->nroutes, o->routes[i]);
	if (rc == 0 && o->ipsets)
		rc = ipsets_add_to_scenario(s, o->ipsets, err);
	if (rc == 0 && o->rules && nft_file_detect(o->rules)) {
		free(s->nft_path); /* the engine reads it beside the host's own */
		s->nft_path = xstrdup(o->rules);
	} else if (rc == 0 && o->rules) {
		rc = save_add_to_scenario(s, o->rules, problems, err);
	}
	if (rc == 0 && o->rules6)
		rc = save_add6_to_scenario(s, o->rules6, problems, err);
	if (rc == 0)
		rc = add_packets(o, s, err);
	if (rc == 0 && !o->host) {
		struct names nm = {0};
		if (!o->nifaces)
			rules_names(s, &nm);
		unsigned fams = packet_families(s);
		if (fams != 2u) { /* an IPv6-only question needs no IPv4 host */
			assume_ifaces(s, &nm, assumed);
			if (!o->nroutes)
				assume_route(s, &nm, assumed);
		} else {
			for (size_t i = 0; i < nm.n; i++)
				if (!find_iface(s, nm.v[i]))
					add_iface(s, nm.v[i]);
			for (size_t i = 0; i < s->npackets; i++)
				if (s->packets[i].iif[0] && !find_iface(s, s->packets[i].iif))
					add_iface(s, s->packets[i].iif);
		}
		if (fams & 2u)
			assume_ipv6(s, &nm, o->nroutes > 0, assumed);
		free(nm.v);
	}
	for (size_t i = 0; rc == 0 && i < s->npackets; i++) {
		const char *iif = s->packets[i].iif;
		if (iif[0] && !find_iface(s, iif))
			rc = cmd_err(err, "--packet: unknown interface `%s` (not in the host)", iif);
	}
	if (rc)
		scenario_free(s);
	return rc;
}
