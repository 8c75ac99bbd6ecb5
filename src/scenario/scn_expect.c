/* scn_expect.c - reading and checking a packet's `expect:` mapping.
 *
 * Every value is validated here, where the YAML position is still known,
 * and stored in one canonical spelling, so the checker compares strings
 * and numbers without parsing user text again. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"
#include "scenario/scn_expect.h"

/* One value being checked. */
struct xval {
	struct ydoc *d;
	const yaml_node_t *node; /* where the value is written */
	const struct scenario *s;
	const char *key;
	const char *text;
	struct strbuf *out; /* the canonical spelling */
};

typedef int (*xread_fn)(struct xval *v);

static int read_fate(struct xval *v)
{
	int f = fate_by_name(v->text);
	if (f <= FATE_NONE) {
		struct strbuf names = STRBUF_INIT;
		for (int i = FATE_NONE + 1; i < FATE_COUNT; i++)
			sb_addf(&names, "%s%s", i > FATE_NONE + 1 ? ", " : "", fate_name(i));
		ydoc_err(v->d, v->node, 0, "bad fate `%s` (expected one of: %s)", v->text,
			 sb_str(&names));
		sb_free(&names);
		return -1;
	}
	sb_adds(v->out, v->text);
	return 0;
}

static int read_stage(struct xval *v)
{
	if (stage_by_name(v->text) < 0)
		return ydoc_err(v->d, v->node, 0,
				"unknown stage `%s` (stage names are listed in nfwalk-scenario(5))",
				v->text);
	sb_adds(v->out, v->text);
	return 0;
}

static bool iface_declared(const struct scenario *s, const char *name)
{
	if (strcmp(name, "lo") == 0)
		return true;
	for (size_t i = 0; i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, name) == 0)
			return true;
	return false;
}

static int read_iface(struct xval *v)
{
	if (!iface_declared(v->s, v->text)) {
		struct strbuf names = STRBUF_INIT;
		sb_adds(&names, "lo");
		for (size_t i = 0; i < v->s->nifaces; i++)
			sb_addf(&names, ", %s", v->s->ifaces[i].ifc.name);
		ydoc_err(v->d, v->node, 0, "unknown interface `%s` (declared: %s)", v->text,
			 sb_str(&names));
		sb_free(&names);
		return -1;
	}
	sb_adds(v->out, v->text);
	return 0;
}

/* ADDR, ADDR:PORT, or for IPv6 ADDR and [ADDR]:PORT (as the short form
 * writes them), stored as the traces print them: RFC 5952 for IPv6,
 * bracketed when a port follows. */
static int read_endpoint(struct xval *v)
{
	char addr[INET_STRLEN], buf[INET_STRLEN];
	const char *t = v->text, *port = NULL;
	size_t skip = 0, alen;
	if (t[0] == '[') {
		const char *close = strchr(t, ']');
		if (!close || (close[1] && close[1] != ':'))
			return ydoc_err(v->d, v->node, 0,
					"bad endpoint `%s` (expected [IPV6]:PORT)", t);
		skip = 1;
		alen = (size_t)(close - t) - 1;
		port = close[1] ? close + 2 : NULL;
	} else {
		const char *colon = strchr(t, ':');
		bool v6 = colon && strchr(colon + 1, ':');
		alen = colon && !v6 ? (size_t)(colon - t) : strlen(t);
		port = colon && !v6 ? colon + 1 : NULL;
	}
	if (alen >= sizeof(addr))
		alen = sizeof(addr) - 1;
	memcpy(addr, t + skip, alen);
	addr[alen] = '\0';
	int family = 0;
	union inet_addr a;
	uint64_t pnum;
	if (!inet_parse(addr, &family, &a))
		return ydoc_err(v->d, v->node, skip,
				"bad address `%s` (expected ADDR, ADDR:PORT or [IPV6]:PORT)", addr);
	if (port && (!parse_uint(port, 65535, &pnum) || pnum == 0))
		return ydoc_err(v->d, v->node, (size_t)(port - t),
				"bad port `%s` (expected 1..65535)", port);
	inet_fmt(family, &a, buf);
	if (port)
		sb_addf(v->out, family == FAMILY_IPV6 ? "[%s]:%llu" : "%s:%llu", buf,
			(unsigned long long)pnum);
	else
		sb_adds(v->out, buf);
	return 0;
}

static int read_port(struct xval *v)
{
	uint64_t port;
	if (!parse_uint(v->text, 65535, &port) || port == 0)
		return ydoc_err(v->d, v->node, 0, "bad port `%s` (expected 1..65535)", v->text);
	sb_addf(v->out, "%llu", (unsigned long long)port);
	return 0;
}

static int read_number(struct xval *v, uint64_t max)
{
	uint64_t n;
	if (!parse_uint(v->text, max, &n))
		return ydoc_err(v->d, v->node, 0, "bad %s `%s` (expected a number up to %#llx)",
				v->key, v->text, (unsigned long long)max);
	sb_adds(v->out, v->text);
	return 0;
}

static int read_u32(struct xval *v)
{
	return read_number(v, UINT32_MAX);
}

/* Conntrack's view of the packet, named as the traces name it (the
 * _REPLY forms are the reply direction of a connection). */
static int read_ctstate(struct xval *v)
{
	char upper[32];
	size_t n = 0;
	for (; v->text[n] && n + 1 < sizeof(upper); n++)
		upper[n] = (char)toupper((unsigned char)v->text[n]);
	upper[n] = '\0';
	for (int ci = CTINFO_NEW; ci <= CTINFO_UNTRACKED && !v->text[n]; ci++) {
		if (strcmp(ctinfo_name((enum ct_info)ci), upper) == 0) {
			sb_adds(v->out, upper);
			return 0;
		}
	}
	return ydoc_err(v->d, v->node, 0,
			"bad ctstate `%s` (expected NEW, ESTABLISHED, RELATED, ESTABLISHED_REPLY, "
			"RELATED_REPLY, INVALID or UNTRACKED)",
			v->text);
}

static bool hex16(const char *s, size_t n)
{
	if (n == 0 || n > 4)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A tc class "MAJOR:MINOR" (hex, as tc writes them), or none; stored as
 * tc prints it ("1:a"). */
static int read_class(struct xval *v)
{
	const char *colon = strchr(v->text, ':');
	if (strcmp(v->text, "none") == 0) {
		sb_adds(v->out, "none");
		return 0;
	}
	if (!colon || !hex16(v->text, (size_t)(colon - v->text)) ||
	    !hex16(colon + 1, strlen(colon + 1)))
		return ydoc_err(v->d, v->node, 0,
				"bad class `%s` (expected MAJOR:MINOR like 1:10, or none)", v->text);
	sb_addf(v->out, "%lx:%lx", strtoul(v->text, NULL, 16), strtoul(colon + 1, NULL, 16));
	return 0;
}

/* iptables' XT_EXTENSION_MAXNAMELEN less the terminating NUL. */
#define CHAIN_NAME_MAX 28

/* "FAMILY TABLE CHAIN N": the N-th rule of an nftables chain (-1: not
 * that form). */
static int read_nft_rule_ref(struct xval *v, const char *t, const size_t *off, const size_t *len)
{
	static const char *const fams[] = {"ip", "ip6", "inet"};
	bool fam = false;
	for (size_t i = 0; i < ARRAY_SIZE(fams); i++)
		fam |= len[0] == strlen(fams[i]) && !strncmp(t + off[0], fams[i], len[0]);
	uint64_t rn;
	char num[16];
	snprintf(num, sizeof(num), "%.*s", (int)len[3], t + off[3]);
	if (!fam || len[1] > 64 || len[2] > 64 || !parse_uint(num, 100000, &rn) || rn == 0)
		return -1;
	sb_addf(v->out, "%.*s %.*s %.*s %llu", (int)len[0], t + off[0], (int)len[1], t + off[1],
		(int)len[2], t + off[2], (unsigned long long)rn);
	return 0;
}

/* "TABLE CHAIN N": the N-th rule of a chain. */
static int read_rule_ref(struct xval *v)
{
	const char *t = v->text;
	size_t off[4], len[4], n = 0, i = 0;
	while (t[i] && n < 4) {
		while (t[i] == ' ' || t[i] == '\t')
			i++;
		if (!t[i])
			break;
		off[n] = i;
		while (t[i] && t[i] != ' ' && t[i] != '\t')
			i++;
		len[n] = i - off[n];
		n++;
	}
	if (n == 4 && read_nft_rule_ref(v, t, off, len) == 0)
		return 0;
	if (n != 3)
		return ydoc_err(v->d, v->node, n == 4 ? off[3] : 0,
				"bad rule `%s` in `%s` (expected TABLE CHAIN N, like `filter FORWARD 2`, "
				"or FAMILY TABLE CHAIN N for nftables, like `inet filter input 3`)",
				t, v->key);
	char table[16], chain[CHAIN_NAME_MAX + 1], num[16];
	snprintf(table, sizeof(table), "%.*s", (int)len[0], t + off[0]);
	snprintf(chain, sizeof(chain), "%.*s", (int)len[1], t + off[1]);
	snprintf(num, sizeof(num), "%.*s", (int)len[2], t + off[2]);
	int tb = table_by_name(table);
	if (strcmp(table, "ipchains") == 0 && len[0] < sizeof(table))
		tb = TABLE_COUNT; /* `ipchains CHAIN N`: a rule of a Linux 2.2 chain */
	if (tb < 0 || len[0] >= sizeof(table))
		return ydoc_err(v->d, v->node, off[0],
				"unknown table `%.*s` (expected raw, mangle, nat, filter, security or ipchains)",
				(int)len[0], t + off[0]);
	int hook = hook_by_name(chain);
	if (len[1] > CHAIN_NAME_MAX)
		return ydoc_err(v->d, v->node, off[1], "chain name `%.*s` too long", (int)len[1],
				t + off[1]);
	if (tb < TABLE_COUNT && hook >= 0 && !(table_hooks(tb) & HOOKBIT(hook)))
		return ydoc_err(v->d, v->node, off[1], "table %s has no %s chain", table, chain);
	uint64_t rn;
	if (len[2] >= sizeof(num) || !parse_uint(num, 100000, &rn) || rn == 0)
		return ydoc_err(v->d, v->node, off[2], "bad rule number `%.*s` (expected 1, 2, ...)",
				(int)len[2], t + off[2]);
	sb_addf(v->out, "%s %s %llu", table, chain, (unsigned long long)rn);
	return 0;
}

/* The keys of EXPECT_KEYS (scn_expect.h) with their readers, then
 * `answers`, which parse_answers reads. */
static const struct expect_key {
	const char *name;
	bool list; /* may be a list; one item per element */
	xread_fn read;
} expect_keys[] = {
#define EXPECT_KEY_READER(key, list, value) {#key, list, read_##value},
	EXPECT_KEYS(EXPECT_KEY_READER)
#undef EXPECT_KEY_READER
	{"answers", true, NULL},
};
#define NKEYS ARRAY_SIZE(expect_keys)

static void add_item(struct expect *x, const char *key, const char *value, int line, int col)
{
	x->items = xrealloc(x->items, (x->n + 1) * sizeof(*x->items));
	struct expect_item *it = &x->items[x->n++];
	it->key = xstrdup(key);
	it->value = xstrdup(value);
	it->line = line;
	it->col = col;
}

static int add_checked(struct ydoc *d, const struct scenario *s, const struct expect_key *k,
		       const yaml_node_t *n, struct expect *x)
{
	const char *text;
	if (ydoc_scalar(d, n, k->name, &text))
		return -1;
	struct strbuf out = STRBUF_INIT;
	struct xval v = {d, n, s, k->name, text, &out};
	int rc = k->read(&v);
	if (rc == 0) {
		int line, col;
		ydoc_text_pos(d, n, 0, &line, &col);
		add_item(x, k->name, sb_str(&out), line, col);
	}
	sb_free(&out);
	return rc;
}

static int add_values(struct ydoc *d, const struct scenario *s, const struct expect_key *k,
		      const yaml_node_t *n, struct expect *x)
{
	if (!ydoc_is_sequence(n))
		return add_checked(d, s, k, n, x);
	if (!k->list)
		return ydoc_err(d, n, 0, "expected one value for `%s`, not a list", k->name);
	for (size_t i = 0; i < ydoc_seq_len(n); i++)
		if (add_checked(d, s, k, ydoc_seq_item(d, n, i), x))
			return -1;
	return 0;
}

/* One expectation mapping; answers (when allowed) go to pk. */
static int parse_expect(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
			const char *what, struct expect *x, struct scn_packet *pk);

static int parse_answers(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
			 struct scn_packet *pk)
{
	if (!ydoc_is_sequence(n))
		return ydoc_err(d, n, 0, "expected a list for `answers` (one mapping per packet caused)");
	size_t count = ydoc_seq_len(n);
	pk->answers = xcalloc(count ? count : 1, sizeof(*pk->answers));
	pk->nanswers = 0;
	for (size_t i = 0; i < count; i++) {
		/* Counted first, so a half-read answer is still freed. */
		struct expect *a = &pk->answers[pk->nanswers++];
		if (parse_expect(d, ydoc_seq_item(d, n, i), s, "answers", a, NULL))
			return -1;
	}
	return 0;
}

static int parse_expect(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
			const char *what, struct expect *x, struct scn_packet *pk)
{
	const char *names[NKEYS];
	const yaml_node_t *vals[NKEYS];
	size_t count = pk ? NKEYS : NKEYS - 1; /* answers have no answers of their own */
	for (size_t i = 0; i < NKEYS; i++)
		names[i] = expect_keys[i].name;
	if (ydoc_fields(d, n, what, names, count, vals, NULL))
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (!vals[i])
			continue;
		int rc = expect_keys[i].read ? add_values(d, s, &expect_keys[i], vals[i], x)
					       : parse_answers(d, vals[i], s, pk);
		if (rc)
			return -1;
	}
	return 0;
}

int scn_expect_parse(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
		     struct scn_packet *pk)
{
	return parse_expect(d, n, s, "expect", &pk->expect, pk);
}

void scn_expect_clear(struct expect *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->items[i].key);
		free(x->items[i].value);
	}
	free(x->items);
	x->items = NULL;
	x->n = 0;
}
