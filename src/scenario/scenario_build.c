/* scenario_build.c - configuring an engine from a loaded scenario.
 *
 * The engine's own parsers (ip route, ip rule, iptables, sockets, tc)
 * report a bad word by its offset in the one line they were given; here
 * that offset becomes a place in the scenario file again. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/xt/ipset.h"
#include "lib/addr.h"
#include "engine/nft/nft.h"
#include "scenario/scenario.h"

/* Move an error of a one-line parser to the line's place in the file. */
static int place_error(const struct scenario *s, int line, int col, const struct nf_error *in,
		       struct nf_error *err)
{
	if (!err)
		return -1;
	str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
	err->line = line;
	err->col = col + (in->col > 0 ? in->col : 0);
	if (in->msg[0])
		str_copy(err->msg, sizeof(err->msg), in->msg);
	else
		str_copy(err->msg, sizeof(err->msg), "refused by the engine");
	return -1;
}

static void error_reset(struct nf_error *e)
{
	memset(e, 0, sizeof(*e));
	e->col = -1;
}

static int add_route(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return netconf_add_route(&e->net, l->text, err);
}

static int add_ip_rule(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return netconf_add_rule(&e->net, l->text, err);
}

static int add_route6(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return netconf_add_route_family(&e->net, FAMILY_IPV6, l->text, err);
}

static int add_ip_rule6(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return netconf_add_rule_family(&e->net, FAMILY_IPV6, l->text, err);
}

static int add_ipset(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return ipset_command(ruleset_ipsets(&e->rules), l->text, 0, err);
}

int scenario_apply_ipsets(const struct scenario *s, struct ruleset *rs, struct nf_error *err)
{
	struct nf_error in;
	for (size_t i = 0; i < s->nipsets; i++) {
		error_reset(&in);
		if (ipset_command(ruleset_ipsets(rs), s->ipsets[i].text, 0, &in))
			return place_error(s, s->ipsets[i].line, s->ipsets[i].col, &in, err);
	}
	return 0;
}

/* An ip6tables line builds the IPv6 rules, any other the IPv4 ones. */
static int add_iptables(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	struct ruleset *rs = engine_rules(e, ruleset_command_family(l->text));
	return ruleset_command(rs, l->text, l->line, err);
}

/* inet6_bind: ::, a multicast address or one of this host's (an
 * IPv4-mapped one is checked as IPv4 by its caller's rules: here it must
 * be local too); IP_TRANSPARENT (`transparent`) lets any address in, as
 * ipv6_can_nonlocal_bind does.  net.ipv4.ip_nonlocal_bind is IPv4's only
 * (IPv6 has its own, which nfwalk does not read). */
static int check_bind6(struct engine *e, const struct sock *sk, struct nf_error *err)
{
	const struct addr6 *a = &sk->addr.in6;
	bool local;
	if (addr6_is_v4mapped(a)) {
		uint32_t v4 = (uint32_t)a->b[12] << 24 | (uint32_t)a->b[13] << 16 |
			      (uint32_t)a->b[14] << 8 | a->b[15];
		local = net_is_local(&e->net, v4);
	} else {
		local = net_is_local_inet(&e->net, FAMILY_IPV6, &sk->addr);
	}
	if (addr6_is_unspecified(a) || addr6_is_multicast(a) || local || sk->transparent)
		return 0;
	char buf[INET_STRLEN];
	return nf_err(err, 0,
		      "bind %s: Cannot assign requested address (%s is not an address of this "
		      "host)",
		      sk->text, inet_fmt(FAMILY_IPV6, &sk->addr, buf));
}

/* inet_bind takes an address of this host, a broadcast or a multicast
 * one; any other fails with EADDRNOTAVAIL unless ip_nonlocal_bind is 1.
 * Such a socket then only gets what routing delivers to this host, which
 * its address is not: nfwalk walks no packet to it, as the kernel. */
static int add_socket(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	if (sockets_add(&e->socks, l->text, err))
		return -1;
	const struct sock *sk = &e->socks.v[e->socks.n - 1];
	if (sk->family == FAMILY_IPV6)
		return check_bind6(e, sk, err);
	uint32_t a = sk->addr.ip;
	bool multicast = (a >> 28) == 0xe;
	if (!a || multicast || net_is_local(&e->net, a) || net_is_broadcast(&e->net, a) ||
	    sysctl_get(&e->net.sysctls, "net.ipv4.ip_nonlocal_bind", 0))
		return 0;
	char buf[ADDR_STRLEN];
	return nf_err(err, 0, "bind %s: Cannot assign requested address (%s is not an address of "
			      "this host; `sysctls: {net.ipv4.ip_nonlocal_bind: 1}` allows it)",
		      sk->text, addr_fmt(a, buf));
}

static int add_tc(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return qos_add(&e->qos, l->text, err);
}

static int add_ipchains(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return ipchains_command(&e->ipc, l->text, l->line, err);
}

/* In the order a shell script would run them: routes need their
 * devices, which come first. */
static const struct {
	size_t lines, count; /* offsets in struct scenario */
	int (*apply)(struct engine *e, const struct scn_line *l, struct nf_error *err);
} sections[] = {
	{offsetof(struct scenario, routes), offsetof(struct scenario, nroutes), add_route},
	{offsetof(struct scenario, iprules), offsetof(struct scenario, niprules), add_ip_rule},
	{offsetof(struct scenario, routes6), offsetof(struct scenario, nroutes6), add_route6},
	{offsetof(struct scenario, iprules6), offsetof(struct scenario, niprules6), add_ip_rule6},
	{offsetof(struct scenario, ipsets), offsetof(struct scenario, nipsets), add_ipset},
	{offsetof(struct scenario, iptables), offsetof(struct scenario, niptables), add_iptables},
	{offsetof(struct scenario, sockets), offsetof(struct scenario, nsockets), add_socket},
	{offsetof(struct scenario, tc), offsetof(struct scenario, ntc), add_tc},
	{offsetof(struct scenario, ipchains), offsetof(struct scenario, nipchains), add_ipchains},
};

/* One firewall per host: iptables lines under `model: ipchains`, or
 * ipchains lines without it, are refused at their first line. */
static int check_model(const struct scenario *s, struct nf_error *err)
{
	struct nf_error in = {.col = -1};
	if (s->model == FW_IPCHAINS && s->niptables) {
		str_copy(in.msg, sizeof(in.msg),
			 "`iptables` under `model: ipchains`: Linux 2.2 has no iptables (write the "
			 "rules in `ipchains`)");
		return place_error(s, s->iptables[0].line, s->iptables[0].col, &in, err);
	}
	if (s->model != FW_IPCHAINS && s->nipchains) {
		str_copy(in.msg, sizeof(in.msg),
			 "`ipchains` needs `model: ipchains` (one firewall per host)");
		return place_error(s, s->ipchains[0].line, s->ipchains[0].col, &in, err);
	}
	return 0;
}

/* The iptables lines of a --rules file, from its tables as loaded: what
 * those lines amount to (each table flushed, its user chains deleted,
 * policies set, chains created, rules appended), counters at zero as
 * the lines would leave them. */
static void take_preloaded(struct scn_preloaded *pre, struct engine *e)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		struct table *tb = &pre->rs.t[t];
		if (!tb->loaded)
			continue;
		for (size_t i = 0; i < tb->nchains; i++) {
			struct chain *c = tb->chains[i];
			c->policy_pkts = c->policy_bytes = 0;
			for (size_t k = 0; k < c->nrules; k++)
				c->rules[k]->pkts = c->rules[k]->bytes = 0;
		}
		ruleset_take_table(&e->rules, &pre->rs, (enum nf_table)t);
	}
	pre->taken = true;
}

static bool preloaded_at(const struct scenario *s, const struct scn_line *lines, size_t i)
{
	const struct scn_preloaded *pre = s->preloaded;
	return pre && !pre->taken && lines == s->iptables && i == pre->first &&
	       pre->first + pre->n <= s->niptables;
}

/* The `nftables:` block or the --rules FILE.nft: read, checked for what
 * the walk evaluates, and handed to the engine.  A block's errors are
 * placed in the scenario (its first line and indentation added). */
static int add_nftables(const struct scenario *s, struct engine *e, struct nf_error *err)
{
	if (!s->nftables && !s->nft_path)
		return 0;
	struct nft_ruleset *rs = xcalloc(1, sizeof(*rs));
	struct nf_error in = {.col = -1};
	int rc = s->nft_path ? nft_load_file(s->nft_path, NULL, rs, &in)
			     : nft_load_text(s->nftables, s->path ? s->path : "nftables", NULL, rs, &in);
	if (rc == 0)
		rc = nft_check(rs, &in);
	if (rc != 0) {
		nft_ruleset_free(rs);
		free(rs);
		if (s->nft_path) {
			*err = in;
			return -1;
		}
		struct nf_error at = in;
		at.col = -1;
		int col = s->nft_col + (in.col > 0 ? in.col : 0);
		place_error(s, s->nft_line + (in.line > 0 ? in.line - 1 : 0), 0, &at, err);
		err->col = col;
		return -1;
	}
	e->nft = rs; /* the engine owns it; the walk orders its base chains */
	return 0;
}

int scenario_build_engine(const struct scenario *s, struct engine *e, struct nf_error *err)
{
	struct nf_error in;
	if (check_model(s, err))
		return -1;
	e->rules.lenient = e->rules6.lenient = s->lenient;
	for (size_t i = 0; i < s->nifaces; i++) {
		const struct scn_iface *si = &s->ifaces[i];
		error_reset(&in);
		/* The interface itself is the place: its parser has no text. */
		if (netconf_add_iface(&e->net, &si->ifc, &in)) {
			in.col = -1;
			return place_error(s, si->line, si->col, &in, err);
		}
	}
	/* before the sections: a socket's bind reads ip_nonlocal_bind */
	sysctls_copy(&e->net.sysctls, &s->sysctls);
	e->socks.echo_ignore_all = sysctl_get(&e->net.sysctls, "net.ipv4.icmp_echo_ignore_all", 0);
	for (size_t k = 0; k < ARRAY_SIZE(sections); k++) {
		const struct scn_line *lines =
			*(struct scn_line *const *)((const char *)s + sections[k].lines);
		size_t n = *(const size_t *)((const char *)s + sections[k].count);
		for (size_t i = 0; i < n; i++) {
			if (preloaded_at(s, lines, i)) {
				take_preloaded(s->preloaded, e);
				i += s->preloaded->n - 1;
				continue;
			}
			error_reset(&in);
			if (sections[k].apply(e, &lines[i], &in))
				return place_error(s, lines[i].line, lines[i].col, &in, err);
		}
	}
	e->net.ip_forward = s->ip_forward;
	e->ct.tcp_loose = s->tcp_loose;
	e->ct.timeouts = s->ct_timeouts;
	e->backend = s->backend;
	e->model = s->model;
	if (s->era_set)
		e->era = s->era;
	return add_nftables(s, e, err);
}
