/* sysctl.c - every sysctl nfwalk reads, one row each (sysctl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/net/sysctl.h"

/* How a net.ipv4.conf key's interface value combines with all's; C_ONE:
 * a global sysctl, one value. */
enum combine { C_ONE, C_MAX, C_OR, C_DEV, C_RX };

#define SECS 2147483647L /* proc_dointvec_jiffies takes an int */
#define MINS 60L
#define DAYS (24 * 60 * 60L)

/* One line per sysctl.  The conntrack timeouts' defaults are
 * ct_timeouts_default's (the kernel's). */
static const struct sysctl_def defs[] = {
	{"net.ipv4.ip_forward", "ip_forward", 1, 0, C_ONE, true},
	{"net.ipv4.ip_nonlocal_bind", "ip_nonlocal_bind", 1, 0, C_ONE, false},
	{"net.ipv4.icmp_echo_ignore_all", "icmp_echo_ignore_all", 1, 0, C_ONE, false},
	{"net.ipv4.icmp_ignore_bogus_error_responses", "icmp_ignore_bogus_error_responses", 1, 1, C_ONE, false},
	{"net.ipv6.conf.all.forwarding", NULL, 1, 0, C_ONE, false},
	{"net.ipv4.conf.*.forwarding", NULL, 1, -1, C_DEV, false},
	{"net.ipv4.conf.*.rp_filter", NULL, 2, 0, C_MAX, false},
	{"net.ipv4.conf.*.accept_local", NULL, 1, 0, C_OR, false},
	{"net.ipv4.conf.*.send_redirects", NULL, 1, 1, C_OR, false},
	{"net.ipv4.conf.*.accept_redirects", NULL, 1, 1, C_RX, false},
	{"net.netfilter.nf_conntrack_tcp_loose", "tcp_loose", 1, 1, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_be_liberal", "tcp_be_liberal", 1, 0, C_ONE, false},
	{"net.netfilter.nf_conntrack_tcp_timeout_syn_sent", "tcp_timeout_syn_sent", SECS, 2 * MINS, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_syn_recv", "tcp_timeout_syn_recv", SECS, 60, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_established", "tcp_timeout_established", SECS, 5 * DAYS, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_fin_wait", "tcp_timeout_fin_wait", SECS, 2 * MINS, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_close_wait", "tcp_timeout_close_wait", SECS, 60, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_last_ack", "tcp_timeout_last_ack", SECS, 30, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_time_wait", "tcp_timeout_time_wait", SECS, 2 * MINS, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_close", "tcp_timeout_close", SECS, 10, C_ONE, true},
	{"net.netfilter.nf_conntrack_tcp_timeout_unacknowledged", "tcp_timeout_unacknowledged", SECS, 5 * MINS, C_ONE, true},
	{"net.netfilter.nf_conntrack_udp_timeout", "udp_timeout", SECS, 30, C_ONE, true},
	{"net.netfilter.nf_conntrack_udp_timeout_stream", "udp_timeout_stream", SECS, 120, C_ONE, true},
	{"net.netfilter.nf_conntrack_icmp_timeout", "icmp_timeout", SECS, 30, C_ONE, true},
	{"net.netfilter.nf_conntrack_generic_timeout", "generic_timeout", SECS, 600, C_ONE, true},
	{NULL, NULL, 0, 0, C_ONE, false},
};

#define CONF_PREFIX "net.ipv4.conf."

const struct sysctl_def *sysctl_defs(void)
{
	return defs;
}

/* The interface part of net.ipv4.conf.IFACE.KEY (an interface name may
 * hold dots: KEY is after the last one) and the row of KEY. */
/* The per-interface definition whose last name part is key. */
static bool is_conf_name(const char *name)
{
	return strncmp(name, CONF_PREFIX, sizeof(CONF_PREFIX) - 1) == 0;
}

static const struct sysctl_def *conf_def_of_key_slow(const char *key)
{
	for (const struct sysctl_def *r = defs; r->name; r++)
		if (r->how != C_ONE && strcmp(strrchr(r->name, '.') + 1, key) == 0)
			return r;
	return NULL;
}

/* The walk asks with a few string literals per packet: their rows are
 * remembered by the key's address (the table never changes), which
 * spares a scan of it with strcmp per question. */
static const struct sysctl_def *conf_def_of_key(const char *key)
{
	enum { MEMO = 8 };
	static struct {
		const char *key;
		const struct sysctl_def *def;
	} memo[MEMO];
	static unsigned next;
	for (unsigned i = 0; i < MEMO; i++)
		if (memo[i].key == key)
			return memo[i].def;
	const struct sysctl_def *d = conf_def_of_key_slow(key);
	memo[next % MEMO].key = key;
	memo[next % MEMO].def = d;
	next++;
	return d;
}

static const struct sysctl_def *conf_def(const char *name, char *dev, size_t n)
{
	if (strncmp(name, CONF_PREFIX, strlen(CONF_PREFIX)) != 0)
		return NULL;
	const char *d = name + strlen(CONF_PREFIX), *dot = strrchr(d, '.');
	if (!dot || dot == d)
		return NULL;
	snprintf(dev, n, "%.*s", (int)(dot - d), d);
	for (const struct sysctl_def *r = defs; r->name; r++)
		if (r->how != C_ONE && strcmp(strrchr(r->name, '.'), dot) == 0)
			return r;
	return NULL;
}

const struct sysctl_def *sysctl_def_of(const char *name)
{
	char dev[64];
	for (const struct sysctl_def *r = defs; r->name; r++)
		if (r->how == C_ONE && (strcmp(r->name, name) == 0 || (r->alias && strcmp(r->alias, name) == 0)))
			return r;
	return conf_def(name, dev, sizeof(dev));
}

static struct sysctl_kv *find(const struct sysctls *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

/* The names, short: the aliases (each also by its kernel name), the
 * conntrack timeouts and the per-interface keys as groups (the whole
 * list would not fit an error message). */
static int unknown(const char *name, struct nf_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	for (const struct sysctl_def *r = defs; r->name; r++)
		if (r->how == C_ONE && !strstr(r->name, "_timeout"))
			sb_addf(&sb, "%s, ", r->alias ? r->alias : r->name);
	sb_adds(&sb, "the conntrack timeouts {tcp_timeout_STATE,udp_timeout[_stream],icmp_timeout,"
		     "generic_timeout}, " CONF_PREFIX "{all,IFACE}.{");
	for (const struct sysctl_def *r = defs; r->name; r++)
		if (r->how != C_ONE)
			sb_addf(&sb, "%s%s", sb.len && sb_str(&sb)[sb.len - 1] == '{' ? "" : ",",
				strrchr(r->name, '.') + 1);
	sb_adds(&sb, "}");
	nf_err(err, 0, "sysctl `%.80s` is not one nfwalk reads (%.420s)", name, sb_str(&sb));
	sb_free(&sb);
	return -1;
}

int sysctl_check_name(const char *name, bool (*iface_ok)(const void *ctx, const char *name),
		      const void *ctx, struct nf_error *err)
{
	char dev[64];
	const struct sysctl_def *r = sysctl_def_of(name);
	if (!r)
		return unknown(name, err);
	if (r->how == C_ONE)
		return 0;
	conf_def(name, dev, sizeof(dev));
	if (strcmp(dev, "default") == 0)
		return nf_err(err, 0, "`%.100s`: `default` only applies to interfaces made "
				      "later; set `all` or the interface", name);
	if (strcmp(dev, "all") != 0 && iface_ok && !iface_ok(ctx, dev))
		return nf_err(err, 0, "`%.100s`: no interface `%.40s`", name, dev);
	return 0;
}

/* A number 0..max, or a switch's word as YAML people write it. */
static bool parse_value(const char *text, long max, long *out)
{
	static const struct {
		const char *word;
		long value;
	} words[] = {{"true", 1}, {"false", 0}, {"yes", 1}, {"no", 0}, {"on", 1}, {"off", 0}};
	uint64_t v;
	if (parse_uint(text, (uint64_t)max, &v)) {
		*out = (long)v;
		return true;
	}
	for (size_t i = 0; max == 1 && i < ARRAY_SIZE(words); i++)
		if (strcmp(words[i].word, text) == 0) {
			*out = words[i].value;
			return true;
		}
	return false;
}

int sysctls_set(struct sysctls *s, const char *name, const char *value,
		bool (*iface_ok)(const void *ctx, const char *name), const void *ctx,
		struct nf_error *err)
{
	if (sysctl_check_name(name, iface_ok, ctx, err))
		return -1;
	const struct sysctl_def *r = sysctl_def_of(name);
	long v;
	if (!parse_value(value, r->max, &v)) {
		if (r->max == 1)
			return nf_err(err, 0, "bad value `%.40s` for `%.100s` (expected 0 or 1)", value,
				      name);
		return nf_err(err, 0, "bad value `%.40s` for `%.100s` (expected 0..%ld)", value, name,
			      r->max);
	}
	const char *key = r->how == C_ONE ? r->name : name; /* aliases become kernel names */
	struct sysctl_kv *kv = find(s, key);
	if (!kv) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		kv = &s->v[s->n++];
		s->nconf += is_conf_name(key);
		kv->name = xstrdup(key);
	}
	kv->value = v;
	return 0;
}

long sysctl_get(const struct sysctls *s, const char *name, long dflt)
{
	const struct sysctl_kv *kv = find(s, name);
	return kv ? kv->value : dflt;
}

/* Is name CONF_PREFIX dev "." key?  Compared in place: the walk asks
 * for these on every packet, and formatting the name cost more than the
 * rest of input routing. */
static bool conf_name_is(const char *name, const char *dev, const char *key)
{
	size_t np = sizeof(CONF_PREFIX) - 1, nd = strlen(dev);
	return strncmp(name, CONF_PREFIX, np) == 0 && strncmp(name + np, dev, nd) == 0 &&
	       name[np + nd] == '.' && strcmp(name + np + nd + 1, key) == 0;
}

static long conf_get(const struct sysctls *s, const char *dev, const char *key, long dflt)
{
	if (!s->nconf)
		return dflt;
	for (size_t i = 0; i < s->n; i++)
		if (conf_name_is(s->v[i].name, dev, key))
			return s->v[i].value;
	return dflt;
}

long sysctl_accept_redirects(const struct sysctls *s, const char *iface, bool ip_forward)
{
	long all = conf_get(s, "all", "accept_redirects", 1);
	long one = conf_get(s, iface ? iface : "", "accept_redirects", 1);
	long fwd = conf_get(s, iface ? iface : "", "forwarding", -1);
	bool forwarding = fwd < 0 ? ip_forward : fwd != 0;
	/* IN_DEV_RX_REDIRECTS: AND on a forwarding interface, OR on a host's */
	return forwarding ? (all && one) : (all || one);
}

bool sysctl_ip6_forwarding(const struct sysctls *s, const char *iif)
{
	(void)iif; /* its force_forwarding would go here */
	return sysctl_get(s, "net.ipv6.conf.all.forwarding", 0) != 0;
}

long sysctl_conf(const struct sysctls *s, const char *key, const char *iface)
{
	const struct sysctl_def *k = conf_def_of_key(key); /* per packet: no formatting */
	if (!k)
		return 0;
	if (!s->nconf) /* nothing set: the default, `all`'s and the device's */
		return k->how == C_DEV ? -1 : k->how == C_MAX ? k->dflt : k->dflt != 0;
	const char *dev = iface ? iface : "";
	if (k->how == C_DEV)
		return conf_get(s, dev, key, -1);
	long all = conf_get(s, "all", key, k->dflt);
	long devv = conf_get(s, dev, key, k->dflt);
	if (k->how == C_MAX)
		return all > devv ? all : devv;
	return all || devv;
}

void sysctls_copy(struct sysctls *dst, const struct sysctls *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct sysctl_def *r = sysctl_def_of(src->v[i].name);
		if (r && r->engine_field)
			continue;
		struct sysctl_kv *kv = find(dst, src->v[i].name);
		if (!kv) {
			dst->v = xrealloc(dst->v, (dst->n + 1) * sizeof(*dst->v));
			kv = &dst->v[dst->n++];
			dst->nconf += is_conf_name(src->v[i].name);
			kv->name = xstrdup(src->v[i].name);
		}
		kv->value = src->v[i].value;
	}
}

void sysctls_free(struct sysctls *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	s->v = NULL;
	s->n = s->nconf = 0;
}
