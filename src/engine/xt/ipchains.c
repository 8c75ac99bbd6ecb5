/* ipchains.c - ipchains commands (Linux 2.2) into chains of rules.
 *
 * The syntax is ipchains 1.3's (ipchains(8), IPCHAINS-HOWTO section 4.1.3
 * "Filtering Specifications"): -s/-d ADDR[/MASK] [[!] PORT[:PORT]], -p,
 * -i, -y, -f, -l, -b, -j TARGET; the commands -A -I -D -R -N -X -F -P.
 * What the kernel checks (net/ipv4/ip_fw.c) is checked here: labels of at
 * most 8 characters, targets that exist, chains in use or not empty are
 * not deleted. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/xt/ipchains.h"
#include "lib/addr.h"
#include "lib/cmdwords.h"

static const char *const builtin_names[IPC_BUILTINS] = {"input", "forward", "output"};

void ipchains_init(struct ipchains *ic)
{
	memset(ic, 0, sizeof(*ic));
	ic->chains = xcalloc(IPC_BUILTINS, sizeof(*ic->chains));
	for (int i = 0; i < IPC_BUILTINS; i++) {
		str_copy(ic->chains[i].name, sizeof(ic->chains[i].name), builtin_names[i]);
		ic->chains[i].builtin = true;
		ic->chains[i].policy = IPC_ACCEPT;
	}
	ic->nchains = IPC_BUILTINS;
	ic->next_mport = IPC_MASQ_PORT_BEGIN;
}

void ipchains_free(struct ipchains *ic)
{
	for (size_t i = 0; i < ic->nchains; i++)
		free(ic->chains[i].rules);
	free(ic->chains);
	free(ic->masq);
	memset(ic, 0, sizeof(*ic));
}

struct ipc_chain *ipchains_chain(const struct ipchains *ic, const char *name)
{
	for (size_t i = 0; i < ic->nchains; i++)
		if (strcmp(ic->chains[i].name, name) == 0)
			return &ic->chains[i];
	return NULL;
}

/* The labels of net/ipv4/ip_fw.c's find_special. */
static const struct {
	const char *name;
	enum ipc_verdict v;
} specials[] = {
	{"ACCEPT", IPC_ACCEPT}, {"DENY", IPC_DENY},	     {"REJECT", IPC_REJECT},
	{"MASQ", IPC_MASQ},	{"REDIRECT", IPC_REDIRECT}, {"RETURN", IPC_RETURN},
};

const char *ipc_verdict_name(enum ipc_verdict v)
{
	for (size_t i = 0; i < ARRAY_SIZE(specials); i++)
		if (specials[i].v == v)
			return specials[i].name;
	return v == IPC_JUMP ? "JUMP" : "-";
}

static int special_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(specials); i++)
		if (strcmp(specials[i].name, name) == 0)
			return (int)specials[i].v;
	return -1;
}

/* ---- words ---- */

struct ipc_parse {
	const struct cmdwords *cw;
	size_t i;
	struct nf_error *err;
	bool invert; /* a `!` is waiting for what it inverts */
	int invert_col;
};

static bool at_end(const struct ipc_parse *ps)
{
	return ps->i >= ps->cw->n;
}

static const char *word(const struct ipc_parse *ps)
{
	return at_end(ps) ? "" : ps->cw->w[ps->i];
}

static int col(const struct ipc_parse *ps)
{
	return at_end(ps) ? ps->cw->end_col : ps->cw->col[ps->i];
}

/* The value after an option (with an optional `!` before it). */
static const char *value(struct ipc_parse *ps, const char *opt, bool *inv, int *vcol)
{
	ps->i++;
	if (!at_end(ps) && strcmp(word(ps), "!") == 0) {
		if (!inv) {
			nf_err(ps->err, col(ps), "%s cannot be inverted", opt);
			return NULL;
		}
		*inv = true;
		ps->i++;
	}
	if (at_end(ps)) {
		nf_err(ps->err, ps->cw->end_col, "%s needs a value", opt);
		return NULL;
	}
	*vcol = col(ps);
	return ps->cw->w[ps->i++];
}

/* "0/0", "10.0.0.0/8", "10.0.0.0/255.0.0.0", "1.2.3.4" */
static bool parse_addr(const char *v, uint32_t *addr, uint32_t *mask)
{
	char buf[64];
	int plen;
	if (str_starts(v, "0/") || strcmp(v, "0") == 0) {
		snprintf(buf, sizeof(buf), "0.0.0.0%s", v + 1);
		v = buf;
	}
	if (!prefix_parse(v, addr, mask, &plen))
		return false;
	*addr &= *mask; /* ipchains stores the address masked */
	return true;
}

static const struct {
	const char *name;
	uint16_t port;
} port_names[] = {
	{"ftp-data", 20}, {"ftp", 21},	  {"ssh", 22},	  {"telnet", 23}, {"smtp", 25},
	{"domain", 53},	  {"www", 80},	  {"http", 80},	  {"pop-3", 110}, {"auth", 113},
	{"https", 443},	  {"echo-reply", 0}, {"destination-unreachable", 3},
	{"source-quench", 4}, {"redirect", 5}, {"echo-request", 8}, {"ping", 8},
	{"time-exceeded", 11}, {"parameter-problem", 12},
};

static bool one_port(const char *s, size_t len, uint16_t *out)
{
	char buf[32];
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	uint64_t v;
	if (parse_uint(buf, 65535, &v)) {
		*out = (uint16_t)v;
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(port_names); i++)
		if (strcmp(port_names[i].name, buf) == 0) {
			*out = port_names[i].port;
			return true;
		}
	return false;
}

/* "80", "1024:65535", ":1023", "1024:", "www" */
static bool parse_ports(const char *v, uint16_t pts[2])
{
	const char *colon = strchr(v, ':');
	if (!colon) {
		if (!one_port(v, strlen(v), &pts[0]))
			return false;
		pts[1] = pts[0];
		return true;
	}
	pts[0] = 0;
	pts[1] = 65535;
	if (colon > v && !one_port(v, (size_t)(colon - v), &pts[0]))
		return false;
	if (colon[1] && !one_port(colon + 1, strlen(colon + 1), &pts[1]))
		return false;
	return pts[0] <= pts[1];
}

static bool looks_like_port(const char *w)
{
	if (!*w || *w == '-')
		return false;
	uint16_t pts[2];
	return parse_ports(w, pts);
}

static int proto_value(const char *v, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t n;
	} names[] = {{"all", 0}, {"tcp", PROTO_TCP}, {"udp", PROTO_UDP}, {"icmp", PROTO_ICMP}};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcasecmp(names[i].name, v) == 0) {
			*out = names[i].n;
			return 0;
		}
	uint64_t n;
	if (!parse_uint(v, 255, &n))
		return -1;
	*out = (uint8_t)n;
	return 0;
}

/* ---- the rule specification ---- */

struct spec_state {
	struct ipc_rule r;
	bool has_ports;
	int ports_col, syn_col, target_col;
	bool bidir;
};

static void store_ports(struct spec_state *st, bool src, const uint16_t pts[2], bool inv,
			int pcol)
{
	memcpy(src ? st->r.spts : st->r.dpts, pts, 2 * sizeof(pts[0]));
	*(src ? &st->r.inv_sport : &st->r.inv_dport) = inv;
	st->has_ports = true;
	st->ports_col = pcol;
}

/* -s/-d ADDR [[!] PORTS] */
static int endpoint(struct ipc_parse *ps, struct spec_state *st, bool src)
{
	struct ipc_rule *r = &st->r;
	int vcol;
	bool inv = false;
	const char *opt = word(ps);
	const char *v = value(ps, opt, &inv, &vcol);
	if (!v)
		return -1;
	if (!parse_addr(v, src ? &r->src : &r->dst, src ? &r->smsk : &r->dmsk))
		return nf_err(ps->err, vcol,
			      "bad address `%s` (expected ADDR[/MASK], like 10.0.0.0/8 or 0/0)", v);
	*(src ? &r->inv_src : &r->inv_dst) = inv;
	/* a port range may follow as the next word */
	bool pinv = false;
	size_t at = ps->i;
	if (!at_end(ps) && strcmp(word(ps), "!") == 0 && at + 1 < ps->cw->n &&
	    looks_like_port(ps->cw->w[at + 1])) {
		pinv = true;
		ps->i++;
	}
	uint16_t pts[2];
	if (!at_end(ps) && looks_like_port(word(ps)) && parse_ports(word(ps), pts)) {
		store_ports(st, src, pts, pinv, col(ps));
		ps->i++;
	}
	return 0;
}

static int port_option(struct ipc_parse *ps, struct spec_state *st, bool src)
{
	int vcol;
	bool inv = false;
	const char *opt = word(ps);
	const char *v = value(ps, opt, &inv, &vcol);
	if (!v)
		return -1;
	uint16_t pts[2];
	if (!parse_ports(v, pts))
		return nf_err(ps->err, vcol, "bad port `%s` (expected PORT or FROM:TO)", v);
	store_ports(st, src, pts, inv, vcol);
	return 0;
}

static int target_option(struct ipc_parse *ps, const struct ipchains *ic, struct spec_state *st)
{
	int vcol;
	const char *v = value(ps, "-j", NULL, &vcol);
	if (!v)
		return -1;
	st->target_col = vcol;
	int sp = special_by_name(v);
	if (sp >= 0) {
		st->r.verdict = (enum ipc_verdict)sp;
		if (sp == IPC_REDIRECT && !at_end(ps) && looks_like_port(word(ps))) {
			uint16_t pts[2];
			parse_ports(word(ps), pts);
			st->r.redirpt = pts[0];
			ps->i++;
		}
		return 0;
	}
	const struct ipc_chain *c = ipchains_chain(ic, v);
	if (!c)
		return nf_err(ps->err, vcol,
			      "no chain or target `%s` (ACCEPT, DENY, REJECT, MASQ, REDIRECT, "
			      "RETURN or a user chain made with -N)",
			      v);
	if (c->builtin)
		return nf_err(ps->err, vcol, "cannot jump to the built-in chain `%s`", v);
	st->r.verdict = IPC_JUMP;
	str_copy(st->r.target, sizeof(st->r.target), v);
	return 0;
}

static bool flag_word(const char *w, const char *s, const char *l)
{
	return strcmp(w, s) == 0 || strcmp(w, l) == 0;
}

/* One option of the rule; returns 1 when the word is not a rule option. */
static int spec_option(struct ipc_parse *ps, const struct ipchains *ic, struct spec_state *st)
{
	const char *w = word(ps);
	struct ipc_rule *r = &st->r;
	int vcol;
	bool inv = false;
	if (flag_word(w, "-s", "--source") || strcmp(w, "--src") == 0)
		return endpoint(ps, st, true);
	if (flag_word(w, "-d", "--destination") || strcmp(w, "--dst") == 0)
		return endpoint(ps, st, false);
	if (flag_word(w, "--sport", "--source-port") || strcmp(w, "--icmp-type") == 0)
		return port_option(ps, st, true);
	if (flag_word(w, "--dport", "--destination-port"))
		return port_option(ps, st, false);
	if (flag_word(w, "-p", "--protocol")) {
		const char *v = value(ps, w, &inv, &vcol);
		if (!v)
			return -1;
		if (proto_value(v, &r->proto))
			return nf_err(ps->err, vcol, "unknown protocol `%s` (tcp, udp, icmp, all or a number)",
				      v);
		r->inv_proto = inv;
		return 0;
	}
	if (flag_word(w, "-i", "--interface")) {
		const char *v = value(ps, w, &inv, &vcol);
		if (!v)
			return -1;
		if (strlen(v) >= IFNAME_MAX)
			return nf_err(ps->err, vcol, "interface name `%s` is too long", v);
		str_copy(r->iface, sizeof(r->iface), v);
		r->inv_iface = inv;
		return 0;
	}
	if (flag_word(w, "-j", "--jump"))
		return target_option(ps, ic, st);
	bool *flag = flag_word(w, "-y", "--syn")	   ? &r->syn
		     : flag_word(w, "-f", "--fragment")   ? &r->frag
		     : flag_word(w, "-l", "--log")	   ? &r->log
		     : flag_word(w, "-b", "--bidirectional") ? &st->bidir
							   : NULL;
	if (!flag)
		return 1;
	if (flag == &r->syn) {
		st->syn_col = col(ps);
		r->inv_syn = ps->invert;
	} else if (flag == &r->frag) {
		r->inv_frag = ps->invert;
	} else if (ps->invert) {
		return nf_err(ps->err, ps->invert_col, "%s cannot be inverted", w);
	}
	ps->invert = false;
	*flag = true;
	ps->i++;
	return 0;
}

static int check_spec(struct ipc_parse *ps, struct spec_state *st)
{
	struct ipc_rule *r = &st->r;
	bool ported = r->proto == PROTO_TCP || r->proto == PROTO_UDP || r->proto == PROTO_ICMP;
	if (st->has_ports && (!ported || r->inv_proto))
		return nf_err(ps->err, st->ports_col,
			      "ports need -p tcp, udp or icmp (ip_fw.c keeps ports for those only)");
	if (r->syn && (r->proto != PROTO_TCP || r->inv_proto))
		return nf_err(ps->err, st->syn_col, "-y needs -p tcp");
	if (st->has_ports && r->frag)
		return nf_err(ps->err, st->ports_col, "a fragment rule (-f) cannot test ports");
	return 0;
}

/* Parse rule options from ps->i to the end. */
static int parse_spec(struct ipc_parse *ps, const struct ipchains *ic, struct spec_state *st)
{
	st->r.smsk = st->r.dmsk = 0;
	st->r.spts[1] = st->r.dpts[1] = 65535;
	st->r.verdict = IPC_NONE;
	while (!at_end(ps)) {
		if (strcmp(word(ps), "!") == 0) {
			ps->invert = true;
			ps->invert_col = col(ps);
			ps->i++;
			continue;
		}
		int rc = spec_option(ps, ic, st);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return nf_err(ps->err, col(ps), "unknown option `%s`", word(ps));
	}
	if (ps->invert)
		return nf_err(ps->err, ps->invert_col, "`!` inverts nothing here");
	return check_spec(ps, st);
}

/* -b: the same rule with source and destination swapped. */
static struct ipc_rule mirror(const struct ipc_rule *r)
{
	struct ipc_rule m = *r;
	m.src = r->dst, m.smsk = r->dmsk, m.inv_src = r->inv_dst;
	m.dst = r->src, m.dmsk = r->smsk, m.inv_dst = r->inv_src;
	memcpy(m.spts, r->dpts, sizeof(m.spts));
	memcpy(m.dpts, r->spts, sizeof(m.dpts));
	m.inv_sport = r->inv_dport, m.inv_dport = r->inv_sport;
	return m;
}

/* ---- chain edits ---- */

static void insert_rule(struct ipc_chain *c, size_t at, const struct ipc_rule *r)
{
	c->rules = xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
	memmove(&c->rules[at + 1], &c->rules[at], (c->nrules - at) * sizeof(*c->rules));
	c->rules[at] = *r;
	c->nrules++;
}

static void delete_rule(struct ipc_chain *c, size_t at)
{
	memmove(&c->rules[at], &c->rules[at + 1], (c->nrules - at - 1) * sizeof(*c->rules));
	c->nrules--;
}

static bool same_rule(const struct ipc_rule *a, const struct ipc_rule *b)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	ipc_rule_format(a, &x);
	ipc_rule_format(b, &y);
	bool same = strcmp(sb_str(&x), sb_str(&y)) == 0;
	sb_free(&x);
	sb_free(&y);
	return same;
}

static size_t references(const struct ipchains *ic, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < ic->nchains; i++)
		for (size_t k = 0; k < ic->chains[i].nrules; k++)
			n += ic->chains[i].rules[k].verdict == IPC_JUMP &&
			     strcmp(ic->chains[i].rules[k].target, name) == 0;
	return n;
}

/* The chain named at ps->i (consumed); NULL after an error. */
static struct ipc_chain *chain_arg(struct ipc_parse *ps, const struct ipchains *ic,
				   const char *opt)
{
	ps->i++;
	if (at_end(ps)) {
		nf_err(ps->err, ps->cw->end_col, "%s needs a chain", opt);
		return NULL;
	}
	struct ipc_chain *c = ipchains_chain(ic, word(ps));
	if (!c) {
		if (ipchains_chain(ic, "input") && strcasecmp(word(ps), "input") == 0)
			nf_err(ps->err, col(ps), "no chain `%s` (ipchains' built-in chains are lower "
				"case: input, forward, output)", word(ps));
		else
			nf_err(ps->err, col(ps), "no chain `%s` (create it with -N)", word(ps));
		return NULL;
	}
	ps->i++;
	return c;
}

/* An optional rule number at ps->i (1-based); 0 when absent. */
static int rulenum_arg(struct ipc_parse *ps, size_t max, size_t have, uint64_t *n)
{
	*n = 0;
	if (at_end(ps) || !isdigit((unsigned char)word(ps)[0]))
		return 0;
	if (!parse_uint(word(ps), 1000000, n) || *n == 0 || *n > max)
		return nf_err(ps->err, col(ps), "no rule %s in this chain (it has %zu)", word(ps),
			      have);
	ps->i++;
	return 0;
}

static int cmd_add(struct ipc_parse *ps, struct ipchains *ic, char cmd, int line)
{
	const char *opt = word(ps);
	struct ipc_chain *c = chain_arg(ps, ic, opt);
	if (!c)
		return -1;
	size_t chain_index = (size_t)(c - ic->chains);
	uint64_t n = 0;
	size_t limit = cmd == 'I' ? c->nrules + 1 : c->nrules;
	if (cmd != 'A' && rulenum_arg(ps, limit, c->nrules, &n))
		return -1;
	if (cmd == 'R' && !n)
		return nf_err(ps->err, col(ps), "-R needs a rule number");
	if (cmd == 'D' && n) {
		if (!at_end(ps))
			return nf_err(ps->err, col(ps), "-D takes a rule number or a rule, not both");
		delete_rule(c, n - 1);
		return 0;
	}
	struct spec_state st = {.ports_col = -1};
	st.r.line = line;
	if (parse_spec(ps, ic, &st))
		return -1;
	c = &ic->chains[chain_index];
	if (st.r.verdict == IPC_JUMP && strcmp(st.r.target, c->name) == 0)
		return nf_err(ps->err, st.target_col, "a chain cannot jump to itself (the kernel "
			      "would report \"Loop detected\")");
	struct ipc_rule rules[2] = {st.r, mirror(&st.r)};
	int nr = st.bidir ? 2 : 1;
	for (int k = 0; k < nr; k++) {
		switch (cmd) {
		case 'A':
			insert_rule(c, c->nrules, &rules[k]);
			break;
		case 'I':
			insert_rule(c, (n ? n - 1 : 0) + (size_t)k, &rules[k]);
			break;
		case 'R':
			c->rules[n - 1] = rules[k];
			nr = 1; /* -R -b replaces one rule */
			break;
		case 'D': {
			size_t at = 0;
			while (at < c->nrules && !same_rule(&c->rules[at], &rules[k]))
				at++;
			if (at == c->nrules)
				return nf_err(ps->err, 0,
					      "no such rule in %s (ipchains: \"Bad rule (does a "
					      "matching rule exist in that chain?)\")",
					      c->name);
			delete_rule(c, at);
			break;
		}
		}
	}
	return 0;
}

static int cmd_new(struct ipc_parse *ps, struct ipchains *ic)
{
	ps->i++;
	if (at_end(ps))
		return nf_err(ps->err, ps->cw->end_col, "-N needs a chain name");
	const char *name = word(ps);
	if (strlen(name) > IPC_LABEL_MAX)
		return nf_err(ps->err, col(ps), "chain name `%s` is longer than %d characters", name,
			      IPC_LABEL_MAX);
	if (special_by_name(name) >= 0 || name[0] == '-' || name[0] == '!')
		return nf_err(ps->err, col(ps), "`%s` cannot name a chain", name);
	if (ipchains_chain(ic, name))
		return nf_err(ps->err, col(ps), "chain `%s` already exists", name);
	ic->chains = xrealloc(ic->chains, (ic->nchains + 1) * sizeof(*ic->chains));
	struct ipc_chain *c = &ic->chains[ic->nchains++];
	memset(c, 0, sizeof(*c));
	str_copy(c->name, sizeof(c->name), name);
	ps->i++;
	return 0;
}

static int delete_chain(struct ipc_parse *ps, struct ipchains *ic, size_t at, int wcol)
{
	struct ipc_chain *c = &ic->chains[at];
	if (c->builtin)
		return nf_err(ps->err, wcol, "built-in chain `%s` cannot be deleted", c->name);
	if (references(ic, c->name))
		return nf_err(ps->err, wcol, "chain `%s` is still jumped to (kernel: EBUSY)",
			      c->name);
	if (c->nrules)
		return nf_err(ps->err, wcol, "chain `%s` is not empty: flush it first (-F)",
			      c->name);
	free(c->rules);
	memmove(c, c + 1, (ic->nchains - at - 1) * sizeof(*c));
	ic->nchains--;
	return 0;
}

static int cmd_delete_chain(struct ipc_parse *ps, struct ipchains *ic)
{
	int wcol = col(ps);
	ps->i++;
	if (at_end(ps)) {
		/* every user chain: callers first, so nothing is in use */
		while (ic->nchains > IPC_BUILTINS) {
			size_t at = IPC_BUILTINS;
			while (at < ic->nchains && references(ic, ic->chains[at].name))
				at++;
			if (at == ic->nchains)
				at = IPC_BUILTINS;
			if (delete_chain(ps, ic, at, wcol))
				return -1;
		}
		return 0;
	}
	struct ipc_chain *c = ipchains_chain(ic, word(ps));
	if (!c)
		return nf_err(ps->err, col(ps), "no chain `%s`", word(ps));
	int ccol = col(ps);
	ps->i++;
	return delete_chain(ps, ic, (size_t)(c - ic->chains), ccol);
}

static int cmd_flush(struct ipc_parse *ps, struct ipchains *ic)
{
	ps->i++;
	if (at_end(ps)) {
		for (size_t i = 0; i < ic->nchains; i++)
			ic->chains[i].nrules = 0;
		return 0;
	}
	ps->i--;
	struct ipc_chain *c = chain_arg(ps, ic, "-F");
	if (!c)
		return -1;
	c->nrules = 0;
	return 0;
}

static int cmd_policy(struct ipc_parse *ps, struct ipchains *ic)
{
	struct ipc_chain *c = chain_arg(ps, ic, "-P");
	if (!c)
		return -1;
	if (!c->builtin)
		return nf_err(ps->err, ps->cw->col[ps->i - 1],
			      "only the built-in chains have a policy");
	if (at_end(ps))
		return nf_err(ps->err, ps->cw->end_col, "-P needs a target");
	int v = special_by_name(word(ps));
	if (v != IPC_ACCEPT && v != IPC_DENY && v != IPC_REJECT && v != IPC_MASQ)
		return nf_err(ps->err, col(ps), "bad policy `%s` (ACCEPT, DENY, REJECT or MASQ)",
			      word(ps));
	c->policy = (enum ipc_verdict)v;
	ps->i++;
	return 0;
}

static int dispatch(struct ipc_parse *ps, struct ipchains *ic, int line)
{
	const char *w = word(ps);
	int rc;
	if (flag_word(w, "-A", "--append"))
		rc = cmd_add(ps, ic, 'A', line);
	else if (flag_word(w, "-I", "--insert"))
		rc = cmd_add(ps, ic, 'I', line);
	else if (flag_word(w, "-D", "--delete"))
		rc = cmd_add(ps, ic, 'D', line);
	else if (flag_word(w, "-R", "--replace"))
		rc = cmd_add(ps, ic, 'R', line);
	else if (flag_word(w, "-N", "--new-chain"))
		rc = cmd_new(ps, ic);
	else if (flag_word(w, "-X", "--delete-chain"))
		rc = cmd_delete_chain(ps, ic);
	else if (flag_word(w, "-F", "--flush"))
		rc = cmd_flush(ps, ic);
	else if (flag_word(w, "-P", "--policy"))
		rc = cmd_policy(ps, ic);
	else
		return nf_err(ps->err, col(ps),
			      "expected a command (-A, -I, -D, -R, -N, -X, -F or -P), not `%s`", w);
	if (rc == 0 && !at_end(ps))
		return nf_err(ps->err, col(ps), "unexpected `%s`", word(ps));
	return rc;
}

int ipchains_command(struct ipchains *ic, const char *text, int line, struct nf_error *err)
{
	struct cmdwords cw;
	int at = 0;
	if (cmdwords_split(&cw, text, &at) != 0)
		return nf_err(err, at, "too many words (at most %d)", CMDWORDS_MAX);
	struct ipc_parse ps = {.cw = &cw, .err = err};
	if (!at_end(&ps) && strcmp(word(&ps), "ipchains") == 0)
		ps.i++;
	int rc = at_end(&ps) ? nf_err(err, cw.end_col, "expected an ipchains command")
			     : dispatch(&ps, ic, line);
	cmdwords_free(&cw);
	return rc;
}

/* ---- printing ---- */

static void fmt_ports(struct strbuf *sb, const uint16_t pts[2], bool inv)
{
	if (pts[0] == 0 && pts[1] == 65535)
		return;
	sb_addf(sb, " %s", inv ? "! " : "");
	if (pts[0] == pts[1])
		sb_addf(sb, "%u", pts[0]);
	else
		sb_addf(sb, "%u:%u", pts[0], pts[1]);
}

static void fmt_addr(struct strbuf *sb, const char *opt, uint32_t a, uint32_t m, bool inv,
		     const uint16_t pts[2], bool pinv)
{
	bool ports = !(pts[0] == 0 && pts[1] == 65535);
	if (!m && !inv && !ports)
		return;
	char buf[ADDR_STRLEN];
	sb_addf(sb, " %s %s%s", opt, inv ? "! " : "", addr_fmt(a, buf));
	int len = mask_len(m);
	if (len >= 0)
		sb_addf(sb, "/%d", len);
	else
		sb_addf(sb, "/%s", addr_fmt(m, buf));
	fmt_ports(sb, pts, pinv);
}

static void format_words(const struct ipc_rule *r, struct strbuf *sb)
{
	fmt_addr(sb, "-s", r->src, r->smsk, r->inv_src, r->spts, r->inv_sport);
	fmt_addr(sb, "-d", r->dst, r->dmsk, r->inv_dst, r->dpts, r->inv_dport);
	if (r->proto || r->inv_proto) {
		const char *n = r->proto == PROTO_TCP	? "tcp"
				: r->proto == PROTO_UDP ? "udp"
				: r->proto == PROTO_ICMP ? "icmp"
							 : NULL;
		sb_addf(sb, " -p %s", r->inv_proto ? "! " : "");
		if (n)
			sb_adds(sb, n);
		else
			sb_addf(sb, "%u", r->proto);
	}
	if (r->iface[0])
		sb_addf(sb, " -i %s%s", r->inv_iface ? "! " : "", r->iface);
	if (r->syn)
		sb_addf(sb, " %s-y", r->inv_syn ? "! " : "");
	if (r->frag)
		sb_addf(sb, " %s-f", r->inv_frag ? "! " : "");
	if (r->log)
		sb_adds(sb, " -l");
	if (r->verdict == IPC_JUMP)
		sb_addf(sb, " -j %s", r->target);
	else if (r->verdict != IPC_NONE)
		sb_addf(sb, " -j %s", ipc_verdict_name(r->verdict));
	if (r->verdict == IPC_REDIRECT && r->redirpt)
		sb_addf(sb, " %u", r->redirpt);
}

void ipc_rule_format(const struct ipc_rule *r, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	format_words(r, &sb);
	const char *s = sb_str(&sb);
	sb_adds(out, *s == ' ' ? s + 1 : s);
	sb_free(&sb);
}
