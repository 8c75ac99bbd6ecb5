/* rpdb.c - the routing policy database: `ip rule add` parsed into struct
 * rpdb_rule, and the look-up that input and output routing share
 * (fib_lookup -> fib_rules_lookup): rules in priority order, each with a
 * selector and an action.  Facts checked with `ip rule` and `ip route
 * get` on Linux 6.18 are noted where they are used. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/cmdwords.h"
#include "lib/fmt.h"
#include "engine/net/fib.h"

/* X(action, word after the selector in `ip rule show`, error of the
 * action itself: FR_ACT_BLACKHOLE -EINVAL, FR_ACT_UNREACHABLE
 * -ENETUNREACH, FR_ACT_PROHIBIT -EACCES). */
static const struct {
	const char *word;
	int error;
} action_info[] = {
	[RPDB_LOOKUP] = {"lookup", 0},
	[RPDB_BLACKHOLE] = {"blackhole", EINVAL},
	[RPDB_UNREACHABLE] = {"unreachable", ENETUNREACH},
	[RPDB_PROHIBIT] = {"prohibit", EACCES},
};

/* ---- text ---- */

static void add_selector_prefix(struct strbuf *sb, const char *word, int family,
				const union inet_addr *a, int plen)
{
	char b[INET_STRLEN];
	if (plen == inet_bits(family))
		sb_addf(sb, "%s %s", word, inet_fmt(family, a, b));
	else
		sb_addf(sb, "%s %s/%d", word, inet_fmt(family, a, b), plen);
}

/* As `ip rule show` prints it after "PRIO:\t": "from all fwmark 0x1
 * lookup 100", "not from 10.0.0.0/8 fwmark 0x10/0xf0 iif eth0 oif eth1
 * lookup main", "from all to 1.2.3.4 unreachable". */
static char *rule_text_make(const struct rpdb_rule *r)
{
	struct strbuf sb = STRBUF_INIT;
	if (r->invert)
		sb_adds(&sb, "not ");
	if (r->from_plen)
		add_selector_prefix(&sb, "from", r->family, &r->from, r->from_plen);
	else
		sb_adds(&sb, "from all");
	if (r->to_plen) {
		sb_adds(&sb, " ");
		add_selector_prefix(&sb, "to", r->family, &r->to, r->to_plen);
	}
	if (r->has_fwmark) {
		if (r->fwmask == 0xffffffffu)
			sb_addf(&sb, " fwmark %#x", r->fwmark);
		else
			sb_addf(&sb, " fwmark %#x/%#x", r->fwmark, r->fwmask);
	}
	if (r->iif[0])
		sb_addf(&sb, " iif %s", r->iif);
	if (r->oif[0])
		sb_addf(&sb, " oif %s", r->oif);
	if (r->action == RPDB_LOOKUP) {
		char t[16];
		sb_addf(&sb, " lookup %s", rt_table_name(r->table, t, sizeof(t)));
	} else {
		sb_addf(&sb, " %s", action_info[r->action].word);
	}
	char *text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return text;
}

/* ---- `ip rule add` ---- */

struct rule_args {
	struct rpdb_rule r;
	bool have_prio, have_action;
};

typedef int rule_kw_fn(struct rule_args *a, const char *val, int col, struct nf_error *err);

static int kw_prio(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	uint64_t v;
	if (!parse_uint(val, 0xffffffffu, &v))
		return nf_err(err, col, "priority \"%s\" is not a number (0..4294967295)", val);
	a->r.prio = (uint32_t)v;
	a->have_prio = true;
	return 0;
}

/* The family is the rule's: the first prefix sets it, a prefix of the
 * other family is refused as ip does ("inet6 prefix is expected rather
 * than \"10.0.0.0/8\"").  The kernel keeps the prefix unmasked. */
static int parse_selector(int *family, const char *val, int col, union inet_addr *addr,
			  int *plen, struct nf_error *err)
{
	memset(addr, 0, sizeof(*addr));
	*plen = 0;
	if (strcmp(val, "all") == 0)
		return 0;
	int want = *family;
	if (!inet_prefix_parse(val, family, addr, plen))
		return nf_err(err, col, "\"%s\" is not %s (like %s, or all)", val,
			      want == FAMILY_IPV6   ? "an IPv6 prefix (ip: \"inet6 prefix is expected\")"
			      : want == FAMILY_IPV4 ? "an IPv4 prefix (ip: \"inet prefix is expected\")"
						    : "a prefix",
			      want == FAMILY_IPV6 ? "2001:db8::/64" : "10.0.0.0/24");
	if (*plen == 0)
		memset(addr, 0, sizeof(*addr));
	return 0;
}

static int kw_from(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	return parse_selector(&a->r.family, val, col, &a->r.from, &a->r.from_plen, err);
}

static int kw_to(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	return parse_selector(&a->r.family, val, col, &a->r.to, &a->r.to_plen, err);
}

/* "M" or "M/MASK"; without a mask the kernel uses 0xffffffff. */
static int kw_fwmark(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	char mark[32];
	const char *slash = strchr(val, '/');
	size_t mlen = slash ? (size_t)(slash - val) : strlen(val);
	uint64_t m, mask = 0xffffffffu;
	if (mlen >= sizeof(mark))
		return nf_err(err, col, "fwmark \"%s\" is not a number", val);
	memcpy(mark, val, mlen);
	mark[mlen] = '\0';
	if (!parse_uint(mark, 0xffffffffu, &m))
		return nf_err(err, col, "fwmark \"%s\" is not a number", mark);
	if (slash && !parse_uint(slash + 1, 0xffffffffu, &mask))
		return nf_err(err, col + (int)mlen + 1, "fwmark mask \"%s\" is not a number",
			      slash + 1);
	a->r.has_fwmark = true;
	a->r.fwmark = (uint32_t)m;
	a->r.fwmask = (uint32_t)mask;
	return 0;
}

static int set_ifname(char *dst, const char *val, int col, struct nf_error *err)
{
	if (strlen(val) >= IFNAME_MAX)
		return nf_err(err, col, "interface name \"%s\" is longer than %d characters", val,
			      IFNAME_MAX - 1);
	str_copy(dst, IFNAME_MAX, val);
	return 0;
}

static int kw_iif(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	return set_ifname(a->r.iif, val, col, err);
}

static int kw_oif(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	return set_ifname(a->r.oif, val, col, err);
}

/* Table 0 would make the kernel allocate a fresh empty table (`ip rule
 * add lookup 0` shows "lookup 1"): refused here as surely a mistake. */
static int kw_lookup(struct rule_args *a, const char *val, int col, struct nf_error *err)
{
	if (!rt_table_parse(val, &a->r.table))
		return nf_err(err, col,
			      "\"%s\" is not a routing table (local, main, default or a number)",
			      val);
	if (a->r.table == 0)
		return nf_err(err, col, "table 0 is not a table (use 1..4294967295 or a name)");
	a->r.action = RPDB_LOOKUP;
	a->have_action = true;
	return 0;
}

static const struct {
	const char *word;
	rule_kw_fn *fn;
} rule_keywords[] = {
	{"priority", kw_prio}, {"pref", kw_prio},     {"preference", kw_prio},
	{"order", kw_prio},    {"from", kw_from},     {"to", kw_to},
	{"fwmark", kw_fwmark}, {"iif", kw_iif},	      {"dev", kw_iif},
	{"oif", kw_oif},       {"lookup", kw_lookup}, {"table", kw_lookup},
};

static rule_kw_fn *rule_keyword(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(rule_keywords); i++)
		if (strcmp(rule_keywords[i].word, w) == 0)
			return rule_keywords[i].fn;
	return NULL;
}

static int rule_action_by_word(const char *w)
{
	for (size_t i = 1; i < ARRAY_SIZE(action_info); i++)
		if (strcmp(action_info[i].word, w) == 0)
			return (int)i;
	return -1;
}

static int parse_rule_words(const struct cmdwords *cw, size_t i, struct rule_args *a,
			    struct nf_error *err)
{
	for (; i < cw->n; i++) {
		const char *w = cw->w[i];
		rule_kw_fn *fn = rule_keyword(w);
		int action = rule_action_by_word(w);
		if (fn) {
			if (i + 1 >= cw->n)
				return nf_err(err, cw->end_col, "\"%s\" needs a value", w);
			if (fn(a, cw->w[i + 1], cw->col[i + 1], err) != 0)
				return -1;
			i++;
		} else if (action >= 0) {
			a->r.action = (enum rpdb_action)action;
			a->r.table = 0;
			a->have_action = true;
		} else if (strcmp(w, "not") == 0) {
			a->r.invert = true;
		} else if (strcmp(w, "tos") == 0 || strcmp(w, "dsfield") == 0) {
			return nf_err(err, cw->col[i], "the \"%s\" selector is not modelled", w);
		} else {
			return nf_err(err, cw->col[i],
				      "unknown word \"%s\" (ip rule add takes priority, not, from, "
				      "to, fwmark, iif, oif, lookup, blackhole, unreachable, "
				      "prohibit)",
				      w);
		}
	}
	return 0;
}

/* fib_default_rule_pref, as Linux 6.18 does it: the second rule's
 * priority minus one, or 0 when that is 0.  Seen: with the default rules
 * a new rule gets 32765, then 32764; after `pref 500` and `pref 0 ...`
 * rules exist, the next automatic one gets 0 (the second rule is the new
 * pref-0 rule), not 499.  Counted in the family's own list (fib_rules_ops is per family). */
static uint32_t default_priority(const struct netconf *n, int family)
{
	size_t seen = 0;
	for (size_t i = 0; i < n->nrules; i++) {
		if (n->rules[i].family != family || ++seen < 2)
			continue;
		return n->rules[i].prio ? n->rules[i].prio - 1 : 0;
	}
	return 0;
}

static bool same_rule(const struct rpdb_rule *a, const struct rpdb_rule *b)
{
	return a->family == b->family && a->prio == b->prio && a->invert == b->invert &&
	       inet_eq(&a->from, &b->from) && a->from_plen == b->from_plen &&
	       inet_eq(&a->to, &b->to) && a->to_plen == b->to_plen &&
	       a->has_fwmark == b->has_fwmark && a->fwmark == b->fwmark && a->fwmask == b->fwmask &&
	       strcmp(a->iif, b->iif) == 0 && strcmp(a->oif, b->oif) == 0 &&
	       a->action == b->action && a->table == b->table;
}

/* "ip rule P (TEXT) -> table T: " or, for a rule that refuses, "ip rule P
 * (TEXT) -> ": what explain starts every route's why with. */
static char *why_head_make(const struct rpdb_rule *r, size_t *len)
{
	char t[16];
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "ip rule %u (%s) -> ", r->prio, r->text);
	if (r->action == RPDB_LOOKUP)
		sb_addf(&sb, "table %s: ", rt_table_name(r->table, t, sizeof(t)));
	*len = sb.len;
	char *head = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return head;
}

/* After the last rule whose priority is not higher (fib_nl_newrule), so
 * rules of equal priority keep the order they were added in. */
static void insert_rule(struct netconf *n, const struct rpdb_rule *r)
{
	size_t at = 0;
	while (at < n->nrules && n->rules[at].prio <= r->prio)
		at++;
	n->rules = xrealloc(n->rules, (n->nrules + 1) * sizeof(*n->rules));
	memmove(&n->rules[at + 1], &n->rules[at], (n->nrules - at) * sizeof(*n->rules));
	n->rules[at] = *r;
	n->rules[at].text = rule_text_make(r);
	n->rules[at].why_head = why_head_make(&n->rules[at], &n->rules[at].why_head_n);
	n->nrules++;
}

int netconf_add_rule_family(struct netconf *n, int family, const char *text,
			    struct nf_error *err)
{
	struct cmdwords cw;
	int col = 0;
	if (cmdwords_split(&cw, text, &col) != 0)
		return nf_err(err, col, "too many words (at most %d)", CMDWORDS_MAX);
	struct rule_args a = {.r = {.action = RPDB_LOOKUP}};
	size_t first = ip_cmd_skip(&cw, "rule", &family);
	a.r.family = family;
	int rc = parse_rule_words(&cw, first, &a, err);
	cmdwords_free(&cw);
	if (rc != 0)
		return -1;
	a.r.family = family_or_v4(a.r.family);
	if (!a.have_action) /* `ip rule add from X` alone means lookup main */
		a.r.table = RT_TABLE_MAIN;
	if (!a.have_prio)
		a.r.prio = default_priority(n, a.r.family);
	for (size_t i = 0; i < n->nrules; i++)
		if (same_rule(&n->rules[i], &a.r))
			return nf_err(err, 0,
				      "ip rule %u (%s) already exists (ip: \"File exists\")",
				      n->rules[i].prio, n->rules[i].text);
	insert_rule(n, &a.r);
	return 0;
}

int netconf_add_rule(struct netconf *n, const char *text, struct nf_error *err)
{
	return netconf_add_rule_family(n, 0, text, err);
}

/* ---- the look-up ---- */

static const char *errno_text(int e)
{
	switch (e) {
	case ENETUNREACH:
		return "Network is unreachable";
	case EHOSTUNREACH:
		return "No route to host";
	case EACCES:
		return "Permission denied";
	default:
		return "Invalid argument";
	}
}

/* fib_rule_match + fib4_rule_match; `not` inverts the whole selector.
 * Output routing looks up with iif "lo": ip_route_output_key_hash sets
 * flowi4_iif = LOOPBACK_IFINDEX.  Seen on 6.18: after `ip rule add pref
 * 100 iif lo lookup 200`, `ip route get 8.8.8.8` (a local packet) went by
 * table 200, `ip route get 8.8.8.8 from 192.0.2.99 iif eth1` did not.
 * An `oif` rule only matches a socket bound to that device; input routing
 * never has an oif. */
static bool rule_matches(const struct rpdb_rule *r, const struct route_query *q, const char *iif,
			 const char *oif)
{
	if (r->family != family_or_v4(q->family))
		return false;
	int f = r->family;
	bool m = inet_in(f, &q->src, &r->from, r->from_plen) &&
		 inet_in(f, &q->dst, &r->to, r->to_plen) &&
		 ((q->mark ^ r->fwmark) & r->fwmask) == 0 &&
		 (!r->iif[0] || ifname_eq(r->iif, iif)) &&
		 (!r->oif[0] || ifname_eq(r->oif, oif));
	return r->invert ? !m : m;
}

static int fail(struct route_result *r, int error)
{
	r->error = error;
	return -1;
}

static bool is_loopback(uint32_t a)
{
	return addr_in(a, 0x7f000000u, prefix_mask(8));
}

struct martian {
	const char *why; /* NULL: not a martian */
	bool destination;
};

/* ip_route_input_slow's sanity checks, in its order, for a packet that
 * arrived from outside (fib_validate_source included).  All of these
 * answer "Invalid argument" to `ip route get ... iif eth1` on 6.18. */
static struct martian martian_of(const struct netconf *n, const struct route_query *q)
{
	/* accept_local (all or the interface) lets an own source in */
	uint32_t src = q->src.ip, dst = q->dst.ip;
	bool own_source = src && net_is_local(n, src) &&
			  !sysctl_conf(&n->sysctls, "accept_local", q->iif);
	if (addr_in(src, 0xe0000000u, prefix_mask(4)) || src == 0xffffffffu)
		return (struct martian){"a multicast or broadcast source", false};
	if (dst == 0xffffffffu)
		return (struct martian){own_source ? "a source that is an address of this host"
						   : NULL,
					false};
	if (src == 0)
		return (struct martian){"a zero source", false};
	if (dst == 0)
		return (struct martian){"a zero destination", true};
	if (is_loopback(dst))
		return (struct martian){"a loopback destination", true};
	if (is_loopback(src))
		return (struct martian){"a loopback source", false};
	if (own_source)
		return (struct martian){"a source that is an address of this host", false};
	return (struct martian){NULL, false};
}

static bool martian(const struct netconf *n, const struct route_query *q, struct route_result *r)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];
	struct martian m = martian_of(n, q);
	if (!m.why)
		return false;
	snprintf(r->why, sizeof(r->why), "martian %s: %s -> %s arriving on %s has %s (%s)",
		 m.destination ? "destination" : "source", addr_fmt(q->src.ip, s),
		 addr_fmt(q->dst.ip, d), q->iif, m.why, errno_text(EINVAL));
	fail(r, EINVAL);
	return true;
}

/* 255.255.255.255 is delivered before any rule is read (brd_input). */
static int limited_broadcast(const struct netconf *n, const struct route_query *q,
			     struct route_result *r)
{
	r->type = RT_BROADCAST;
	str_copy(r->oif, sizeof(r->oif), "lo");
	if (!q->no_prefsrc)
		r->prefsrc = inet_v4(net_select_src(n, q->iif, 0));
	snprintf(r->why, sizeof(r->why),
		 "255.255.255.255 is the limited broadcast: delivered locally before any ip rule");
	return 0;
}

/* Tables passed over for want of a route, kept as numbers: they become
 * words only when an explanation is written (a quiet look-up that found
 * a route never says them).  The local table, which every non-local
 * destination passes, would only be noise. */
enum { SKIPPED_MAX = 32 };
struct skipped {
	uint32_t table[SKIPPED_MAX];
	int n;
};

static void note_skipped(struct skipped *sk, uint32_t table)
{
	if (table != RT_TABLE_LOCAL && sk->n < SKIPPED_MAX)
		sk->table[sk->n++] = table;
}

/* " (no route in table A, B)" after r->why, when there were any. */
static void why_add(struct route_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void why_skipped(struct route_result *r, const struct skipped *sk)
{
	if (!sk->n)
		return;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < sk->n; i++) {
		char t[16];
		sb_addf(&sb, "%s%s", i ? ", " : "", rt_table_name(sk->table[i], t, sizeof(t)));
	}
	why_add(r, " (no route in table %s)", sb_str(&sb));
	sb_free(&sb);
}

/* Append to r->why, cutting at its end. */
static void why_add(struct route_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void why_add(struct route_result *r, const char *fmt, ...)
{
	size_t len = strlen(r->why); /* always terminated: snprintf wrote it */
	if (len + 1 >= sizeof(r->why))
		return;
	va_list ap;
	va_start(ap, fmt);
	/* nf_vsnprintf, not vsnprintf: three pieces per route explained,
	 * every packet of a trace */
	nf_vsnprintf(r->why + len, sizeof(r->why) - len, fmt, ap);
	va_end(ap);
}

/* "ip rule P (TEXT) -> table T: OUTCOME (no route in table A, B)". */
static void explain(struct route_result *r, const struct rpdb_rule *rule, const char *outcome,
		    size_t outcome_n, const struct skipped *skipped)
{
	/* by pieces straight into why, cut as snprintf would: a trace
	 * explains every route a packet takes, and the rule's part is the
	 * same every time */
	struct fmt_cursor o = fmt_cursor(r->why, sizeof(r->why));
	fmt_putn(&o, rule->why_head, rule->why_head_n);
	fmt_putn(&o, outcome, outcome_n);
	fmt_close(&o, r->why);
	why_skipped(r, skipped);
}

static int rule_refuses(const struct rpdb_rule *rule, struct route_result *r,
			const struct skipped *skipped)
{
	r->rule = rule;
	const char *outcome = errno_text(action_info[rule->action].error);
	explain(r, rule, outcome, strlen(outcome), skipped);
	return fail(r, action_info[rule->action].error);
}

static int route_found(const struct netconf *n, const struct route_query *q, bool input,
		       const struct rpdb_rule *rule, const struct route *rt, struct route_result *r,
		       const struct skipped *skipped)
{
	int error = route_type_error(rt->type);
	r->rule = rule;
	r->table = rule->table;
	r->route = rt;
	r->type = rt->type;
	if (error) {
		char brief[128], outcome[200];
		route_brief(rt, brief, sizeof(brief));
		snprintf(outcome, sizeof(outcome), "%s (%s)", brief, errno_text(error));
		explain(r, rule, outcome, strlen(outcome), skipped); /* snprintf ended it */
		return fail(r, error);
	}
	/* `ip route get` shows local destinations, and broadcasts that
	 * arrived, on dev lo: that is where the kernel delivers them from. */
	bool to_lo = rt->type == RT_LOCAL || (input && rt->type == RT_BROADCAST);
	static const char lo[IFNAME_MAX] = "lo"; /* whole, for ifname_copy */
	ifname_copy(r->oif, to_lo ? lo : rt->dev);
	r->gw = rt->gw;
	if (!q->no_prefsrc)
		r->prefsrc = route_prefsrc(n, rt, &q->dst);
	if (!q->quiet) /* the route's brief form: the head of its text */
		explain(r, rule, rt->text, rt->head_len, skipped);
	return 0;
}

/* A socket bound to a device with no route: "Apparently, routing tables
 * are wrong. Assume, that the destination is on link." (route.c). */
static int assume_on_link(const struct netconf *n, const struct route_query *q,
			  struct route_result *r)
{
	char d[INET_STRLEN];
	int f = family_or_v4(q->family);
	r->type = RT_UNICAST;
	str_copy(r->oif, sizeof(r->oif), q->oif);
	if (f == FAMILY_IPV6) {
		struct addr6 a = net_select_src6(n, q->oif, &q->dst.in6);
		r->prefsrc = inet_v6(&a);
	} else {
		r->prefsrc = inet_v4(net_select_src(n, q->oif, 0));
	}
	snprintf(r->why, sizeof(r->why),
		 "no route to %s, but the socket is bound to %s: the kernel assumes it is "
		 "on-link there",
		 inet_fmt(f, &q->dst, d), q->oif);
	return 0;
}

static int no_route(const struct route_query *q, struct route_result *r,
		    const struct skipped *skipped)
{
	char d[INET_STRLEN];
	r->why[0] = '\0';
	why_add(r, "no ip rule leads to a route to %s", inet_fmt(family_or_v4(q->family), &q->dst, d));
	why_skipped(r, skipped);
	why_add(r, ": %s", errno_text(ENETUNREACH));
	return fail(r, ENETUNREACH);
}

int route_lookup(const struct netconf *n, const struct route_query *q, struct route_result *r)
{
	/* every field but why[]'s tail (a string): zeroing its 320 bytes
	 * was a tenth of a look-up */
	r->family = r->error = 0;
	r->type = RT_UNICAST;
	r->rule = NULL;
	r->table = 0;
	r->route = NULL;
	memset(r->oif, 0, sizeof(r->oif));
	r->gw = r->prefsrc = inet_v4(0);
	r->why[0] = '\0';
	int family = family_or_v4(q->family);
	r->family = family;
	bool input = q->iif && q->iif[0];
	const char *iif = input ? q->iif : "lo";
	const char *oif = !input && q->oif ? q->oif : "";
	if (family == FAMILY_IPV4 && input && strcmp(q->iif, "lo") != 0) {
		if (martian(n, q, r))
			return -1;
		if (q->dst.ip == 0xffffffffu)
			return limited_broadcast(n, q, r);
	}
	/* fib6's strict interface match (RT6_LOOKUP_F_IFACE): a
	 * link-local destination is only reached out of the interface it
	 * came in on (ip6_pol_route_input looks up with the iif as oif) or
	 * the one the socket is bound to. */
	const char *table_oif = oif;
	if (family == FAMILY_IPV6 && input && addr6_is_link_local(&q->dst.in6))
		table_oif = q->iif;
	struct skipped skipped;
	skipped.n = 0;
	enum { UNDECIDED = 1 };
	int rc = UNDECIDED; /* then 0 (a route) or -1 (an error) */
	for (size_t i = 0; rc == UNDECIDED && i < n->nrules; i++) {
		const struct rpdb_rule *rule = &n->rules[i];
		if (!rule_matches(rule, q, iif, oif))
			continue;
		if (rule->action != RPDB_LOOKUP) {
			rc = rule_refuses(rule, r, &skipped);
			break;
		}
		const struct route *rt = fib_table_lookup(n, family, rule->table, &q->dst, table_oif);
		if (rt)
			rc = route_found(n, q, input, rule, rt, r, &skipped);
		else
			note_skipped(&skipped, rule->table);
	}
	if (rc == UNDECIDED)
		rc = oif[0] && netconf_iface(n, oif) ? assume_on_link(n, q, r)
						     : no_route(q, r, &skipped);
	return rc;
}

uint32_t route_realms(const struct netconf *n, const struct route_result *r, bool from_iif,
		      uint32_t saddr, uint32_t daddr)
{
	if (r->family == FAMILY_IPV6)
		return 0; /* realms are IPv4's (rt_set_nexthop); fib6 has none */
	if (!n->nrealm_routes)
		return 0;
	uint32_t realms = r->route ? r->route->realms : 0;
	if (!from_iif)
		return realms;
	/* fib_validate_source: the way back to the source, looked up as
	 * the host would send to it; its TO realm is the packet's FROM */
	struct route_query back = {
		.dst.ip = saddr, .src.ip = daddr, .quiet = true, .no_prefsrc = true};
	struct route_result br;
	uint32_t itag = 0;
	if (route_lookup(n, &back, &br) == 0 && br.route)
		itag = (br.route->realms & 0xffff) << 16;
	if (r->type == RT_LOCAL || r->type == RT_BROADCAST)
		return itag; /* ip_route_input_slow's local_input: tclassid = itag */
	if (!(realms & 0xffff0000u))
		realms |= itag & 0xffff0000u;
	return realms;
}
