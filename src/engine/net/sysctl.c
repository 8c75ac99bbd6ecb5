/* sysctl.c - the sysctls that change the walk (sysctl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/net/sysctl.h"

/* net.ipv4.conf.X.KEY: the keys, their range and default, and how the
 * interface's value combines with all's. */
enum combine { C_MAX, C_OR, C_DEV };
static const struct conf_key {
	const char *key;
	long max, dflt;
	enum combine how;
} conf_keys[] = {
	{"rp_filter", 2, 0, C_MAX},
	{"accept_local", 1, 0, C_OR},
	{"send_redirects", 1, 1, C_OR},
	{"forwarding", 1, -1, C_DEV}, /* default: ip_forward, which sets them all */
};

#define CONF_PREFIX "net.ipv4.conf."

static const struct conf_key *conf_key(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(conf_keys); i++)
		if (strcmp(conf_keys[i].key, key) == 0)
			return &conf_keys[i];
	return NULL;
}

static struct sysctl_kv *find(const struct sysctls *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

static int unknown(const char *name, struct nf_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(conf_keys); i++)
		sb_addf(&sb, "%s" CONF_PREFIX "{all,IFACE}.%s", i ? ", " : "", conf_keys[i].key);
	nf_err(err, 0, "sysctl `%.100s` is not one nfwalk models (it models %.300s)", name,
	       sb_str(&sb));
	sb_free(&sb);
	return -1;
}

int sysctls_set(struct sysctls *s, const char *name, const char *value,
		bool (*iface_ok)(const void *ctx, const char *name), const void *ctx,
		struct nf_error *err)
{
	long max;
	if (strncmp(name, CONF_PREFIX, strlen(CONF_PREFIX)) == 0) {
		const char *dev = name + strlen(CONF_PREFIX);
		const char *dot = strrchr(dev, '.');
		const struct conf_key *k = dot ? conf_key(dot + 1) : NULL;
		if (!k)
			return unknown(name, err);
		char ifname[64];
		snprintf(ifname, sizeof(ifname), "%.*s", (int)(dot - dev), dev);
		if (strcmp(ifname, "default") == 0)
			return nf_err(err, 0, "`%.100s`: `default` only applies to interfaces made "
					      "later; set `all` or the interface", name);
		if (strcmp(ifname, "all") != 0 && iface_ok && !iface_ok(ctx, ifname))
			return nf_err(err, 0, "`%.100s`: no interface `%.40s`", name, ifname);
		max = k->max;
	} else {
		return unknown(name, err);
	}
	uint64_t v;
	if (!parse_uint(value, (uint64_t)max, &v))
		return nf_err(err, 0, "bad value `%.40s` for %.100s (expected 0..%ld)", value, name,
			      max);
	struct sysctl_kv *kv = find(s, name);
	if (!kv) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		kv = &s->v[s->n++];
		kv->name = xstrdup(name);
	}
	kv->value = (long)v;
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
	for (size_t i = 0; i < s->n; i++)
		if (conf_name_is(s->v[i].name, dev, key))
			return s->v[i].value;
	return dflt;
}

long sysctl_conf(const struct sysctls *s, const char *key, const char *iface)
{
	const struct conf_key *k = conf_key(key);
	if (!k)
		return 0;
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
		struct sysctl_kv *kv = find(dst, src->v[i].name);
		if (!kv) {
			dst->v = xrealloc(dst->v, (dst->n + 1) * sizeof(*dst->v));
			kv = &dst->v[dst->n++];
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
	s->n = 0;
}
