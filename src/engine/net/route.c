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
			snprintf(buf, n, "%s", table_names[i].name);
			return buf;
		}
	snprintf(buf, n, "%u", table);
	return buf;
}

/* ---- text ---- */

static void add_prefix(struct strbuf *sb, uint32_t dst, int plen)
{
	char a[ADDR_STRLEN];
	if (plen == 0)
		sb_adds(sb, "default");
	else if (plen == 32)
		sb_adds(sb, addr_fmt(dst, a));
	else
		sb_addf(sb, "%s/%d", addr_fmt(dst, a), plen);
}

/* The part every form shares: "[type ]PREFIX[ via GW][ dev IF]". */
static void add_route_head(struct strbuf *sb, const struct route *r)
{
	char a[ADDR_STRLEN];
	if (r->type != RT_UNICAST)
		sb_addf(sb, "%s ", route_type_name(r->type));
	add_prefix(sb, r->dst, r->plen);
	if (r->gw)
		sb_addf(sb, " via %s", addr_fmt(r->gw, a));
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

static const char *route_scope(const struct route *r)
{
	if (r->type == RT_UNICAST)
		return r->gw ? NULL : "link";
	return type_info[r->type].scope;
}

/* As Linux 6.18 prints them: "10.0.0.0/24 dev eth0 proto kernel scope
 * link src 10.0.0.1", "default via 10.0.0.254 dev eth0", "5.0.0.0/8 via
 * 10.0.0.254 dev eth0 metric 100", "local 10.9.9.9 dev eth0 scope host",
 * "blackhole 9.9.9.0/24". */
char *route_text_make(const struct route *r)
{
	struct strbuf sb = STRBUF_INIT;
	char a[ADDR_STRLEN];
	add_route_head(&sb, r);
	if (r->kernel)
		sb_adds(&sb, " proto kernel");
	const char *scope = route_scope(r);
	if (scope)
		sb_addf(&sb, " scope %s", scope);
	if (r->src)
		sb_addf(&sb, " src %s", addr_fmt(r->src, a));
	if (r->metric)
		sb_addf(&sb, " metric %u", r->metric);
	add_realms(&sb, r->realms);
	char *text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return text;
}

void route_brief(const struct route *r, char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	add_route_head(&sb, r);
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
}

void fib_insert(struct netconf *n, const struct route *r)
{
	n->routes = xrealloc(n->routes, (n->nroutes + 1) * sizeof(*n->routes));
	struct route *copy = &n->routes[n->nroutes++];
	*copy = *r;
	copy->text = route_text_make(r);
}

/* ---- look-up ---- */

typedef bool route_filter(const struct route *r, const void *ctx);

/* Is a better than b for the same destination? Longer prefix, then the
 * lower metric; on a full tie the earlier route stays. */
static bool route_better(const struct route *a, const struct route *b)
{
	if (!b)
		return true;
	if (a->plen != b->plen)
		return a->plen > b->plen;
	return a->metric < b->metric;
}

static const struct route *lpm(const struct netconf *n, uint32_t table, uint32_t dst,
			       route_filter *keep, const void *ctx)
{
	const struct route *best = NULL;
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *r = &n->routes[i];
		if (r->table != table || !addr_in(dst, r->dst, prefix_mask(r->plen)))
			continue;
		if (keep && !keep(r, ctx))
			continue;
		if (route_better(r, best))
			best = r;
	}
	return best;
}

static bool out_of_dev(const struct route *r, const void *ctx)
{
	const char *oif = ctx;
	return !r->dev[0] || strcmp(r->dev, oif) == 0;
}

const struct route *fib_table_lookup(const struct netconf *n, uint32_t table, uint32_t dst,
				     const char *oif)
{
	if (oif && *oif)
		return lpm(n, table, dst, out_of_dev, oif);
	return lpm(n, table, dst, NULL, NULL);
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
	return (r->type == RT_UNICAST && !r->gw) || r->type == RT_LOCAL || r->type == RT_BROADCAST;
}

static const struct route *gateway_route(const struct netconf *n, uint32_t table, uint32_t gw,
					 const char *dev)
{
	const uint32_t order[] = {table, RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT};
	for (size_t i = table == RT_TABLE_MAIN ? 1 : 0; i < ARRAY_SIZE(order); i++) {
		const struct route *r = lpm(n, order[i], gw, reaches_gateway, dev);
		if (r)
			return r->type == RT_BROADCAST ? NULL : r;
	}
	return NULL;
}

/* ---- `ip route add` ---- */

struct route_args {
	struct route r;
	bool have_dst, have_table;
	int dst_col, gw_col, dev_col, src_col, nexthop_col;
};

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
	if (!addr_parse(val, &a->r.gw) || a->r.gw == 0)
		return nf_err(err, col, "\"%s\" is not a gateway address", val);
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
	if (!addr_parse(val, &a->r.src) || a->r.src == 0)
		return nf_err(err, col, "\"%s\" is not a source address", val);
	a->src_col = col;
	return 0;
}

static int kw_metric(struct route_args *a, const char *val, int col, struct nf_error *err)
{
	uint64_t v;
	if (!parse_uint(val, 0xffffffffu, &v))
		return nf_err(err, col, "metric \"%s\" is not a number", val);
	a->r.metric = (uint32_t)v;
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
	uint32_t mask;
	if (strcmp(val, "default") == 0) {
		a->r.dst = 0;
		a->r.plen = 0;
	} else if (!prefix_parse(val, &a->r.dst, &mask, &a->r.plen) || a->r.plen < 0) {
		return nf_err(err, col, "\"%s\" is not a prefix (like 10.0.0.0/24 or default)",
			      val);
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

static int check_nexthop(const struct netconf *n, struct route_args *a, struct nf_error *err)
{
	struct route *r = &a->r;
	const char *type = route_type_name(r->type);
	if (type_info[r->type].no_nexthop && (r->gw || r->dev[0]))
		return nf_err(err, a->nexthop_col,
			      "a route of type %s takes no via or dev (ip: \"Gateway, device and "
			      "multipath can not be specified for this route type\")",
			      type);
	if (r->dev[0] && !netconf_iface(n, r->dev))
		return nf_err(err, a->dev_col, "Cannot find device \"%s\"", r->dev);
	if ((r->type == RT_LOCAL || r->type == RT_BROADCAST) && !r->dev[0])
		return nf_err(err, a->nexthop_col >= 0 ? a->nexthop_col : a->dst_col,
			      "a %s route needs \"dev IF\" (ip: \"No such device\")", type);
	if (r->type == RT_UNICAST && !r->gw && !r->dev[0])
		return nf_err(err, a->dst_col,
			      "a route needs \"dev IF\" or \"via GATEWAY\" (ip: \"No such "
			      "device\")");
	if (r->gw) {
		const struct route *via = gateway_route(n, r->table, r->gw, r->dev);
		char g[ADDR_STRLEN];
		if (!via)
			return nf_err(err, a->gw_col,
				      "gateway %s is not on a network %s reaches directly (ip: "
				      "\"Nexthop has invalid gateway\")",
				      addr_fmt(r->gw, g), r->dev[0] ? r->dev : "any interface");
		if (!r->dev[0])
			str_copy(r->dev, sizeof(r->dev), via->dev);
	}
	return 0;
}

static int check_route(const struct netconf *n, struct route_args *a, struct nf_error *err)
{
	struct route *r = &a->r;
	char p[ADDR_STRLEN], s[ADDR_STRLEN];
	uint32_t mask = prefix_mask(r->plen);
	if (r->dst & ~mask)
		return nf_err(err, a->dst_col,
			      "%s/%d has host bits set: the network is %s/%d (ip: \"Invalid "
			      "prefix for given prefix length\")",
			      addr_fmt(r->dst, p), r->plen, addr_fmt(r->dst & mask, s), r->plen);
	if (check_nexthop(n, a, err) != 0)
		return -1;
	if (r->src && !net_is_local(n, r->src))
		return nf_err(err, a->src_col,
			      "src %s is not an address of this host (ip: \"Invalid prefsrc "
			      "address\")",
			      addr_fmt(r->src, s));
	for (size_t i = 0; i < n->nroutes; i++) {
		const struct route *o = &n->routes[i];
		if (o->table == r->table && o->dst == r->dst && o->plen == r->plen &&
		    o->metric == r->metric) {
			char t[16];
			return nf_err(err, a->dst_col,
				      "table %s already has a route to this prefix with metric "
				      "%u: %s (ip: \"File exists\")",
				      rt_table_name(r->table, t, sizeof(t)), r->metric, o->text);
		}
	}
	return 0;
}

static void default_table(struct route_args *a)
{
	if (!a->have_table)
		a->r.table = type_info[a->r.type].in_local ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
	else if (a->r.table == 0) /* RT_TABLE_UNSPEC: the kernel files it in main */
		a->r.table = RT_TABLE_MAIN;
}

static const char *const route_cmd_prefix[] = {"ip", "route", "add"};

int netconf_add_route(struct netconf *n, const char *text, struct nf_error *err)
{
	struct cmdwords cw;
	int col = 0;
	if (cmdwords_split(&cw, text, &col) != 0)
		return nf_err(err, col, "too many words (at most %d)", CMDWORDS_MAX);
	struct route_args a = {.dst_col = 0, .gw_col = -1, .dev_col = -1, .src_col = -1,
			       .nexthop_col = -1};
	size_t first = cmdwords_skip_prefix(&cw, route_cmd_prefix, ARRAY_SIZE(route_cmd_prefix));
	int rc = parse_words(&cw, first, &a, err);
	cmdwords_free(&cw);
	if (rc != 0)
		return -1;
	default_table(&a);
	if (check_route(n, &a, err) != 0)
		return -1;
	fib_insert(n, &a.r);
	return 0;
}
