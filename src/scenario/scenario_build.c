/* scenario_build.c - configuring an engine from a loaded scenario.
 *
 * The engine's own parsers (ip route, ip rule, iptables, sockets, tc)
 * report a bad word by its offset in the one line they were given; here
 * that offset becomes a place in the scenario file again. */
#include <stddef.h>
#include <string.h>

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

static int add_iptables(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return ruleset_command(&e->rules, l->text, l->line, err);
}

static int add_socket(struct engine *e, const struct scn_line *l, struct nf_error *err)
{
	return sockets_add(&e->socks, l->text, err);
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

int scenario_build_engine(const struct scenario *s, struct engine *e, struct nf_error *err)
{
	struct nf_error in;
	if (check_model(s, err))
		return -1;
	e->rules.lenient = s->lenient;
	for (size_t i = 0; i < s->nifaces; i++) {
		const struct scn_iface *si = &s->ifaces[i];
		error_reset(&in);
		/* The interface itself is the place: its parser has no text. */
		if (netconf_add_iface(&e->net, &si->ifc, &in)) {
			in.col = -1;
			return place_error(s, si->line, si->col, &in, err);
		}
	}
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
	sysctls_copy(&e->net.sysctls, &s->sysctls);
	e->ct.tcp_loose = s->tcp_loose;
	e->ct.timeouts = s->ct_timeouts;
	e->backend = s->backend;
	e->model = s->model;
	if (s->era_set)
		e->era = s->era;
	return 0;
}
