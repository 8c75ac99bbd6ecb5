/* route.c - routing tables: `ip route add` parsed into struct route, the
 * text `ip route show` prints, and the longest-prefix match in one table.
 * Facts below were checked against `ip route` on Linux 6.18. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/cmdwords.h"
#include "engine/net/fib.h"

/* One row per route type.  word: how ip names it before the prefix;
 * error: fib_props[type].error; no_nexthop: ip refuses via/dev for it
 * ("Gateway, device and multipath can not be specified for this route
 * type"); in_local: ip puts it in table local unless told otherwise;
 * scope: what `ip route show` prints for it (unicast depends on via). */
static const struct route_type_info {
	const char *word;
	int error;
	bool no_nexthop;
	bool in_local;
	const char *scope;
} type_info[] = {
	[RT_UNICAST] = {"unicast", 0, false, false, NULL},
	[RT_LOCAL] = {"local", 0, false, true, "host"},
	[RT_BROADCAST] = {"broadcast", 0, false, true, "link"},
	[RT_BLACKHOLE] = {"blackhole", EINVAL, true, false, NULL},
	[RT_UNREACHABLE] = {"unreachable", EHOSTUNREACH, true, false, NULL},
	[RT_PROHIBIT] = {"prohibit", EACCES, true, false, NULL},
};

const char *route_type_name(enum route_type t)
{
	return (size_t)t < ARRAY_SIZE(type_info) ? type_info[t].word : "?";
}

int route_type_error(enum route_type t)
{
	return (size_t)t < ARRAY_SIZE(type_info) ? type_info[t].error : EINVAL;
}

static int route_type_by_word(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_info); i++)
		if (strcmp(type_info[i].word, w) == 0)
			return (int)i;
	return -1;
}

static const struct {
	const char *name;
	uint32_t id;
} table_names[] = {
	{"local", RT_TABLE_LOCAL},
	{"main", RT_TABLE_MAIN},
	{"default", RT_TABLE_DEFAULT},
};

bool rt_table_parse(const char *s, uint32_t *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(table_names); i++)
		if (strcmp(s, table_names[i].name) == 0) {
			*out = table_names[i].id;
			return true;
		}
	uint64_t v;
	if (!parse_uint(s, 0xffffffffu, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

const char *rt_table_name(uint32_t table, char *buf, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(table_names); i++)
		if (table_names[i].id == table) {
			str_copy(buf, n, table_names[i].name);
			return buf;
		}
	nf_snprintf(buf, n, "%u", table);
	return buf;
}

/* ---- text ---- */

static void add_prefix(struct strbuf *sb, int family, const union inet_addr *dst, int plen)
{
	char a[INET_STRLEN];
	if (plen == 0)
		sb_adds(sb, "default");
	else if (plen == inet_bits(family))
		sb_adds(sb, inet_fmt(family, dst, a));
	else
		sb_addf(sb, "%s/%d", inet_fmt(family, dst, a), plen);
}

/* The part every form shares: "[type ]PREFIX[ via GW][ dev IF]". */
static void add_route_head(struct strbuf *sb, const struct route *r)
{
	char a[INET_STRLEN];
	if (r->type != RT_UNICAST)
		sb_addf(sb, "%s ", route_type_name(r->type));
	add_prefix(sb, r->family, &r->dst, r->plen);
	if (!inet_is_zero(&r->gw))
		sb_addf(sb, " via %s", inet_fmt(r->family, &r->gw, a));
	if (r->dev[0])
		sb_addf(sb, " dev %s", r->dev);
}

/* iproute2: "realm TO", or "realms FROM/TO" with a FROM; realm 0 is
 * "cosmos" (its /etc/iproute2/rt_realms). */
static void add_realms(struct strbuf *sb, uint32_t realms)
{
	uint32_t from = realms >> 16, to = realms & 0xffff;
	char t[12];
	snprintf(t, sizeof(t), "%u", to);
	if (from)
		sb_addf(sb, " realms %u/%s", from, to ? t : "cosmos");
	else if (to)
		sb_addf(sb, " realm %s", t);
}

/* IPv6 routes have no scope (`ip -6 route` prints none). */
static const char *route_scope(const struct route *r)
{
	if (r->family == FAMILY_IPV6)
		return NULL;
	if (r->type == RT_UNICAST)
		return inet_is_zero(&r->gw) ? "link" : NULL;
	return type_info[r->type].scope;
}

/* As Linux 6.18 prints them: "10.0.0.0/24 dev eth0 proto kernel scope
 * link src 10.0.0.1", "default via 10.0.0.254 dev eth0", "5.0.0.0/8 via
 * 10.0.0.254 dev eth0 metric 100", "local 10.9.9.9 dev eth0 scope host",
 * "blackhole 9.9.9.0/24".  IPv6 always has a metric and the router
 * preference: "2001:db8:1::/64 dev veth0 proto kernel metric 256 pref
 * medium", "local 2001:db8:1::1 dev veth0 proto kernel metric 0 pref
 * medium", "blackhole 2001:db8:8::/64 dev lo metric 1024 pref medium". */
char *route_text_make(const struct route *r, size_t *head_len)
{
	struct strbuf sb = STRBUF_INIT;
	char a[INET_STRLEN];
	bool v6 = r->family == FAMILY_IPV6;
	add_route_head(&sb, r);
	*head_len = sb.len;
	if (r->kernel)
		sb_adds(&sb, " proto kernel");
	const char *scope = route_scope(r);
	if (scope)
		sb_addf(&sb, " scope %s", scope);
	if (!inet_is_zero(&r->src))
		sb_addf(&sb, " src %s", inet_fmt(r->family, &r->src, a));
	if (r->metric || v6)
		sb_addf(&sb, " metric %u", r->metric);
	add_realms(&sb, r->realms);
	if (v6)
		sb_adds(&sb, " pref medium");
	char *text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return text;
}

void route_brief(const struct route *r, char *buf, size_t n)
{
	/* the head of the route's text, made once by fib_insert: every
	 * look-up a trace shows is explained with it */
	str_copy_n(buf, n, r->text, r->head_len);
}

void fib_insert(struct netconf *n, const struct route *r)
{
	n->routes = xrealloc(n->routes, (n->nroutes + 1) * sizeof(*n->routes));
	struct route *copy = &n->routes[n->nroutes++];
	if (r->realms)
		n->nrealm_routes++;
	*copy = *r;
	copy->text = route_text_make(r, &copy->head_len);
}

/* ---- look-up ---- */

/* The longest prefix, then the lowest metric, then the route added
 * first: fib_index.c keeps each table's routes in that order. */
static const struct route *lpm(const struct netconf *n, int family, uint32_t table,
			       const union inet_addr *dst, route_filter *keep, const void *ctx)
{
	return fib_index_lookup(n, family, table, dst, keep, ctx);
}

static bool out_of_dev(const struct route *r, const void *ctx)
{
	const char *oif = ctx;
	return !r->dev[0] || strcmp(r->dev, oif) == 0;
}

const struct route *fib_table_lookup(const struct netconf *n, int family, uint32_t table,
				     const union inet_addr *dst, const char *oif)
{
	family = family_or_v4(family);
	if (oif && *oif)
		return lpm(n, family, table, dst, out_of_dev, oif);
	return lpm(n, family, table, dst, NULL, NULL);
}

/* fib_check_nh_v4_gw: a gateway is looked up with scope link, so only
 * routes without a gateway (connected or `dev` routes), local and
 * broadcast routes can answer; only unicast or local is accepted.  The
 * kernel asks the route's own table first (unless main), then the whole
 * policy database, approximated as local, main, default. */
static bool reaches_gateway(const struct route *r, const void *ctx)
{
	const char *dev = ctx;
	if (dev && dev[0] && strcmp(r->dev, dev) != 0)
		return false;
	return (r->type == RT_UNICAST && inet_is_zero(&r->gw)) || r->type == RT_LOCAL ||
	       r->type == RT_BROADCAST;
}

static const struct route *gateway_route(const struct netconf *n, int family, uint32_t table,
					 const union inet_addr *gw, const char *dev)
{
	const uint32_t order[] = {table, RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT};
	for (size_t i = table == RT_TABLE_MAIN ? 1 : 0; i < ARRAY_SIZE(order); i++) {
		const struct route *r = lpm(n, family, order[i], gw, reaches_gateway, dev);
		if (r)
			return r->type == RT_BROADCAST ? NULL : r;
	}
	return NULL;
}

/* ---- `ip route add` ---- */

struct route_args {
	struct route r;
	bool have_dst, have_table, have_metric;
	int dst_col, gw_col, dev_col, src_col, nexthop_col;
};

/* What ip says when an address is of the other family: "inet6
 * prefix is expected rather than ...". */
static const char *family_hint(int family, const char *val)
{
	int other = 0;
	union inet_addr a;
	int plen;
	if (!inet_prefix_parse(val, &other, &a, &plen) || other == family)
		return "";
	if (family == FAMILY_IPV6)
		return " (ip: \"inet6 address is expected\")";
	if (family == FAMILY_IPV4)
		return " (ip: \"inet address is expected\")";
	return "";
}

typedef int keyword_fn(struct route_args *a, const char *val, int col, struct nf_error *err);

static int kw_table(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	if (!rt_table_parse(val, &a->r.table))
		return nf_err(err, col,
			      "\"%s\" is not a routing table (local, main, default or a number)",
			      val);
	a->have_table = true;
	return 0;
}

static int kw_via(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	if (!inet_parse(val, &a->r.family, &a->r.gw) || inet_is_zero(&a->r.gw))
		return nf_err(err, col, "\"%s\" is not a gateway address%s", val,
			      family_hint(a->r.family, val));
	a->gw_col = col;
	if (a->nexthop_col < 0)
		a->nexthop_col = col;
	return 0;
}

static int kw_dev(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	if (strlen(val) >= IFNAME_MAX)
		return nf_err(err, col, "interface name \"%s\" is longer than %d characters", val,
			      IFNAME_MAX - 1);
	str_copy(a->r.dev, sizeof(a->r.dev), val);
	a->dev_col = col;
	if (a->nexthop_col < 0)
		a->nexthop_col = col;
	return 0;
}

static int kw_src(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	if (!inet_parse(val, &a->r.family, &a->r.src) || inet_is_zero(&a->r.src))
		return nf_err(err, col, "\"%s\" is not a source address%s", val,
			      family_hint(a->r.family, val));
	a->src_col = col;
	return 0;
}

static int kw_metric(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	uint64_t v;
	if (!parse_uint(val, 0xffffffffu, &v))
		return nf_err(err, col, "metric \"%s\" is not a number", val);
	a->r.metric = (uint32_t)v;
	a->have_metric = true;
	return 0;
}

/* One realm: a number below 65536 or "cosmos" (0). */
static bool realm_word(const char *s, size_t len, uint32_t *out)
{
	char buf[16];
	uint64_t v;
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (strcmp(buf, "cosmos") == 0) {
		*out = 0;
		return true;
	}
	if (!parse_uint(buf, 0xffff, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

/* `realm TO` or `realms [FROM/]TO` (iproute2 takes both spellings). */
static int kw_realms(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	const char *slash = strchr(val, '/');
	uint32_t from = 0, to;
	if ((slash && !realm_word(val, (size_t)(slash - val), &from)) ||
	    !realm_word(slash ? slash + 1 : val, strlen(slash ? slash + 1 : val), &to))
		return nf_err(err, col, "realm \"%s\" is not [FROM/]TO (numbers below 65536 or cosmos)",
			      val);
	a->r.realms = from << 16 | to;
	return 0;
}

static int parse_dst(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	if (a->have_dst)
		return nf_err(err, col,
			      "unknown word \"%s\" (ip route add takes table, via, dev, src, "
			      "metric, realm)",
			      val);
	if (strcmp(val, "default") == 0) {
		memset(&a->r.dst, 0, sizeof(a->r.dst));
		a->r.plen = 0;
	} else if (!inet_prefix_parse(val, &a->r.family, &a->r.dst, &a->r.plen)) {
		return nf_err(err, col,
			      "\"%s\" is not a prefix (like 10.0.0.0/24, 2001:db8::/64 or "
			      "default)%s",
			      val, family_hint(a->r.family, val));
	}
	a->have_dst = true;
	a->dst_col = col;
	return 0;
}

static int kw_to(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	return parse_dst(a, val, col, err);
}

static const struct {
	const char *word;
	keyword_fn *fn;
} route_keywords[] = {
	{"table", kw_table},	 {"via", kw_via},	    {"dev", kw_dev},
	{"oif", kw_dev},	 {"src", kw_src},	    {"metric", kw_metric},
	{"priority", kw_metric}, {"preference", kw_metric}, {"to", kw_to},
	{"realm", kw_realms},	 {"realms", kw_realms},
};

static keyword_fn *route_keyword(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(route_keywords); i++)
		if (strcmp(route_keywords[i].word, w) == 0)
			return route_keywords[i].fn;
	return NULL;
}

static int parse_words(const struct cmdwords *cw, size_t i, struct route_args *a,
		       struct nf_error *err)
{
	for (; i < cw->n; i++) {
		const char *w = cw->w[i];
		keyword_fn *fn = route_keyword(w);
		int type = a->have_dst ? -1 : route_type_by_word(w);
		if (fn) {
			if (i + 1 >= cw->n)
				return nf_err(err, cw->end_col, "\"%s\" needs a value", w);
			if (fn(a, cw->w[i + 1], cw->col[i + 1], err) != 0)
				return -1;
			i++;
		} else if (type >= 0) {
			a->r.type = (enum route_type)type;
		} else if (parse_dst(a, w, cw->col[i], err) != 0) {
			return -1;
		}
	}
	if (!a->have_dst)
		return nf_err(err, cw->end_col,
			      "missing the destination (a prefix like 10.0.0.0/24, or default)");
	return 0;
}

/* ip6_validate_gw, as 6.18 answers: a link-local gateway is only
 * meaningful on one link ("Egress device not specified" without dev); a
 * gateway of this host is refused; any other must be reached by a route
 * without a gateway ("No route to host" otherwise: `via 2001:db8:9::1`
 * with no route there). */
static int check_gateway6(const struct netconf *n, struct route_args *a, struct nf_error *err)
{
	struct route *r = &a->r;
	char g[INET_STRLEN];
	inet_fmt(FAMILY_IPV6, &r->gw, g);
	if (addr6_is_multicast(&r->gw.in6))
		return nf_err(err, a->gw_col, "gateway %s is multicast (ip: \"Invalid gateway "
					      "address\")", g);
	if (net_is_local_inet(n, FAMILY_IPV6, &r->gw))
		return nf_err(err, a->gw_col,
			      "gateway %s is an address of this host (ip: \"Gateway can not be a "
			      "local address\")",
			      g);
	if (addr6_is_link_local(&r->gw.in6)) {
		if (!r->dev[0])
			return nf_err(err, a->gw_col,
				      "a link-local gateway needs \"dev IF\": %s is on every link "
				      "(ip: \"Egress device not specified\")",
				      g);
		return 0;
	}
	const struct route *via = gateway_route(n, FAMILY_IPV6, r->table, &r->gw, r->dev);
	if (!via || via->type != RT_UNICAST)
		return nf_err(err, a->gw_col,
			      "gateway %s is not on a network %s reaches directly (ip: \"No route "
			      "to host\")",
			      g, r->dev[0] ? r->dev : "any interface");
	if (!r->dev[0])
		str_copy(r->dev, sizeof(r->dev), via->dev);
	return 0;
}

static int check_nexthop(const struct netconf *n, struct route_args *a, struct nf_error *err)
{
	struct route *r = &a->r;
	const char *type = route_type_name(r->type);
	if (type_info[r->type].no_nexthop && (!inet_is_zero(&r->gw) || r->dev[0]))
		return nf_err(err, a->nexthop_col,
			      "a route of type %s takes no via or dev (ip: \"Gateway, device and "
			      "multipath can not be specified for this route type\")",
			      type);
	if (r->dev[0] && !netconf_iface(n, r->dev))
		return nf_err(err, a->dev_col, "Cannot find device \"%s\"", r->dev);
	if ((r->type == RT_LOCAL || r->type == RT_BROADCAST) && !r->dev[0])
		return nf_err(err, a->nexthop_col >= 0 ? a->nexthop_col : a->dst_col,
			      "a %s route needs \"dev IF\" (ip: \"No such device\")", type);
	if (r->family == FAMILY_IPV6 && r->type == RT_BROADCAST)
		return nf_err(err, a->dst_col, "IPv6 has no broadcast routes (ip: \"Invalid "
					       "argument\")");
	if (r->type == RT_UNICAST && inet_is_zero(&r->gw) && !r->dev[0])
		return nf_err(err, a->dst_col,
			      "a route needs \"dev IF\" or \"via GATEWAY\" (ip: \"No such "
			      "device\")");
	if (inet_is_zero(&r->gw))
		return 0;
	if (r->family == FAMILY_IPV6)
		return check_gateway6(n, a, err);
	const struct route *via = gateway_route(n, r->family, r->table, &r->gw, r->dev);
	char g[INET_STRLEN];
	if (!via)
		return nf_err(err, a->gw_col,
			      "gateway %s is not on a network %s reaches directly (ip: "
			      "\"Nexthop has invalid gateway\")",
			      inet_fmt(r->family, &r->gw, g), r->dev[0] ? r->dev : "any interface");
	if (!r->dev[0])
		str_copy(r->dev, sizeof(r->dev), via->dev);
	return 0;
}

static int check_route(const struct netconf *n, struct route_args *a, struct nf_error *err)
{
	struct route *r = &a->r;
	char p[INET_STRLEN], s[INET_STRLEN];
	if (r->family == FAMILY_IPV4 && (r->dst.ip & ~prefix_mask(r->plen)))
		return nf_err(err, a->dst_col,
			      "%s/%d has host bits set: the network is %s/%d (ip: \"Invalid "
			      "prefix for given prefix length\")",
			      addr_fmt(r->dst.ip, p), r->plen,
			      addr_fmt(r->dst.ip & prefix_mask(r->plen), s), r->plen);
	if (r->family == FAMILY_IPV6) /* fib6 clears them without a word */
		r->dst.in6 = addr6_masked(&r->dst.in6, r->plen);
	if (check_nexthop(n, a, err) != 0)
		return -1;
	if (!inet_is_zero(&r->src) && !net_is_local_inet(n, r->family, &r->src))
		return nf_err(err, a->src_col, "src %s is not an address of this host (ip: \"%s\")",
			      inet_fmt(r->family, &r->src, s),
			      r->family == FAMILY_IPV6 ? "Invalid source address"
						       : "Invalid prefsrc address");
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *o = &n->routes[i];
		if (o->family == r->family && o->table == r->table && inet_eq(&o->dst, &r->dst) &&
		    o->plen == r->plen && o->metric == r->metric) {
			char t[16];
			return nf_err(err, a->dst_col,
				      "table %s already has a route to this prefix with metric "
				      "%u: %s (ip: \"File exists\")",
				      rt_table_name(r->table, t, sizeof(t)), r->metric, o->text);
		}
	}
	return 0;
}

/* The family's defaults: fib6 files a user route without a metric (or
 * with 0) at 1024 (IP6_RT_PRIO_USER), and sends its reject routes out of
 * lo; IPv4's metric stays 0. */
static void family_defaults(struct route_args *a)
{
	if (!a->r.family)
		a->r.family = FAMILY_IPV4; /* `default dev eth0`: ip's default family */
	if (a->r.family != FAMILY_IPV6)
		return;
	if (!a->r.metric)
		a->r.metric = 1024;
}

static void default_table(struct route_args *a)
{
	if (!a->have_table)
		a->r.table = type_info[a->r.type].in_local ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
	else if (a->r.table == 0) /* RT_TABLE_UNSPEC: the kernel files it in main */
		a->r.table = RT_TABLE_MAIN;
}

/* A leading "ip [-6|-4] OBJECT add", each part optional; -6/-4 set
 * the family unless the caller already has. */
size_t ip_cmd_skip(const struct cmdwords *cw, const char *object, int *family)
{
	size_t i = 0;
	if (i < cw->n && strcmp(cw->w[i], "ip") == 0)
		i++;
	if (i < cw->n && (strcmp(cw->w[i], "-6") == 0 || strcmp(cw->w[i], "-4") == 0)) {
		if (!*family)
			*family = cw->w[i][1] == '6' ? FAMILY_IPV6 : FAMILY_IPV4;
		i++;
	}
	if (i < cw->n && strcmp(cw->w[i], object) == 0)
		i++;
	if (i < cw->n && strcmp(cw->w[i], "add") == 0)
		i++;
	return i;
}

int netconf_add_route_family(struct netconf *n, int family, const char *text,
			     struct nf_error *err)
{
	struct cmdwords cw;
	int col = 0;
	if (cmdwords_split(&cw, text, &col) != 0)
		return nf_err(err, col, "too many words (at most %d)", CMDWORDS_MAX);
	struct route_args a = {.dst_col = 0, .gw_col = -1, .dev_col = -1, .src_col = -1,
			       .nexthop_col = -1};
	size_t first = ip_cmd_skip(&cw, "route", &family);
	a.r.family = family;
	int rc = parse_words(&cw, first, &a, err);
	cmdwords_free(&cw);
	if (rc != 0)
		return -1;
	family_defaults(&a);
	default_table(&a);
	if (check_route(n, &a, err) != 0)
		return -1;
	if (a.r.family == FAMILY_IPV6 && type_info[a.r.type].no_nexthop)
		str_copy(a.r.dev, sizeof(a.r.dev), "lo");
	fib_insert(n, &a.r);
	return 0;
}

int netconf_add_route(struct netconf *n, const char *text, struct nf_error *err)
{
	return netconf_add_route_family(n, 0, text, err);
}
