/* snapshot.c - `nfwalk --snapshot`: the running host (or the network
 * namespace it runs in) written as a scenario that reproduces it.
 *
 * Read with the tools an admin would use, their output as text:
 *   ip -o -4 addr show / ip -o link show     interfaces and addresses
 *   ip -4 route show table all               routes (not the kernel's own:
 *                                            the local table, proto kernel)
 *   ip -4 rule show                          rules other than the defaults
 *   ipset save                               the sets (before the rules
 *                                            naming them)
 *   iptables-save, then iptables -t T -S     each table's rules as commands
 *   ss -lntuH                                listening sockets
 *   /proc/sys/net/...                        every sysctl of nfwalk's table
 *                                            (engine/net/sysctl.c) that is
 *                                            not the kernel's default
 * Packets are left for the user (`packets: []`); what nfwalk cannot
 * model (tc, IPv6) is named in a comment. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* popen, gethostname */
#endif
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/net/sysctl.h"
#include "ruleset/snapshot.h"

/* Each line of a command's output (no shell: the commands are ours). */
static int each_line(const char *cmd, void (*fn)(const char *line, void *ctx), void *ctx)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	char line[4096];
	while (fgets(line, sizeof(line), p)) {
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		fn(line, ctx);
	}
	return pclose(p) == 0 ? 0 : -1;
}

struct words {
	char *v[64];
	int n;
	char buf[4096];
};

static void split(const char *line, struct words *w)
{
	str_copy(w->buf, sizeof(w->buf), line);
	w->n = 0;
	for (char *t = strtok(w->buf, " \t"); t && w->n < 64; t = strtok(NULL, " \t"))
		w->v[w->n++] = t;
}

/* --- interfaces --- */

struct ifaces {
	char names[64][32];
	struct strbuf addrs[64];
	int n;
};

static int iface_index(struct ifaces *f, const char *name)
{
	char clean[32];
	str_copy(clean, sizeof(clean), name);
	char *at = strchr(clean, '@');
	if (at)
		*at = '\0';
	size_t len = strlen(clean);
	if (len && clean[len - 1] == ':')
		clean[len - 1] = '\0';
	if (!strcmp(clean, "lo"))
		return -1;
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], clean))
			return i;
	if (f->n >= 64)
		return -1;
	str_copy(f->names[f->n], sizeof(f->names[0]), clean);
	f->addrs[f->n] = (struct strbuf)STRBUF_INIT;
	return f->n++;
}

/* "2: eth0@if3: <...>" */
static void on_link(const char *line, void *ctx)
{
	struct words w;
	split(line, &w);
	if (w.n >= 2)
		iface_index(ctx, w.v[1]);
}

/* "2: eth0    inet 10.0.0.1/24 brd ... scope global eth0\ ..." */
static void on_addr(const char *line, void *ctx)
{
	struct ifaces *f = ctx;
	struct words w;
	split(line, &w);
	if (w.n < 4 || strcmp(w.v[2], "inet"))
		return;
	int i = iface_index(f, w.v[1]);
	if (i >= 0)
		sb_addf(&f->addrs[i], "%s%s", f->addrs[i].len ? ", " : "", w.v[3]);
}

/* --- routes, rules, rules of iptables, sockets --- */

/* Words of `ip route show` that describe the kernel's bookkeeping, not
 * the route: dropped with their argument (or alone). */
static bool route_word_skipped(const char *w, bool *with_arg)
{
	static const char *const one[] = {"proto", "scope", "pref", "expires", "realm"};
	static const char *const alone[] = {"linkdown", "onlink", "dead", "offload"};
	for (size_t i = 0; i < ARRAY_SIZE(one); i++)
		if (!strcmp(w, one[i]))
			return (*with_arg = true);
	for (size_t i = 0; i < ARRAY_SIZE(alone); i++)
		if (!strcmp(w, alone[i]))
			return !(*with_arg = false);
	return false;
}

static void on_route(const char *line, void *ctx)
{
	FILE *out = ctx;
	struct words w;
	split(line, &w);
	struct strbuf sb = STRBUF_INIT;
	char table[32] = "";
	for (int i = 0; i < w.n; i++) {
		if (!strcmp(w.v[i], "proto") && i + 1 < w.n && !strcmp(w.v[i + 1], "kernel"))
			goto skip; /* made from an interface address */
		if (!strcmp(w.v[i], "table") && i + 1 < w.n &&
		    (!strcmp(w.v[i + 1], "local") || !strcmp(w.v[i + 1], "main"))) {
			if (!strcmp(w.v[i + 1], "local"))
				goto skip; /* the kernel's local and broadcast routes */
			i++;
			continue;
		}
		if (!strcmp(w.v[i], "table") && i + 1 < w.n) {
			snprintf(table, sizeof(table), "table %.20s ", w.v[++i]);
			continue;
		}
		if (!strcmp(w.v[i], "multicast") || !strcmp(w.v[i], "anycast"))
			goto skip;
		if (!strcmp(w.v[i], "local") || !strcmp(w.v[i], "broadcast"))
			goto skip;
		bool with_arg;
		if (route_word_skipped(w.v[i], &with_arg)) {
			i += with_arg;
			continue;
		}
		sb_addf(&sb, "%s%s", sb.len ? " " : "", w.v[i]);
	}
	if (sb.len)
		fprintf(out, "  - %s%s\n", table, sb_str(&sb));
skip:
	sb_free(&sb);
}

/* "100:	from all fwmark 0x1 lookup 100" */
static void on_rule(const char *line, void *ctx)
{
	FILE *out = ctx;
	char prio[16];
	const char *colon = strchr(line, ':');
	if (!colon || (size_t)(colon - line) >= sizeof(prio))
		return;
	snprintf(prio, sizeof(prio), "%.*s", (int)(colon - line), line);
	if (!strcmp(prio, "0") || !strcmp(prio, "32766") || !strcmp(prio, "32767"))
		return;
	const char *rest = colon + 1;
	while (isspace((unsigned char)*rest))
		rest++;
	fprintf(out, "  - priority %s %s\n", prio, rest);
}

struct tables {
	char names[8][16];
	int n;
};

static void on_save(const char *line, void *ctx)
{
	struct tables *t = ctx;
	if (line[0] == '*' && t->n < 8)
		str_copy(t->names[t->n++], sizeof(t->names[0]), line + 1);
}

struct table_out {
	FILE *out;
	const char *table;
};

static void on_rule_line(const char *line, void *ctx)
{
	struct table_out *t = ctx;
	if (line[0] == '-')
		fprintf(t->out, "  -t %s %s\n", t->table, line);
}

static void on_ipset_line(const char *line, void *ctx)
{
	if (line[0])
		fprintf((FILE *)ctx, "  %s\n", line);
}

/* "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*" / "udp UNCONN 0 0 0.0.0.0:53 ..." */
static void on_socket(const char *line, void *ctx)
{
	FILE *out = ctx;
	struct words w;
	split(line, &w);
	if (w.n < 5 || (strcmp(w.v[0], "tcp") && strcmp(w.v[0], "udp")))
		return;
	const char *local = w.v[4];
	if (local[0] == '[' || strchr(local, '%'))
		return; /* IPv6, or bound to a device */
	fprintf(out, "  - %s %s\n", w.v[0], local);
}

/* --- sysctls --- */

static long read_proc(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* One sysctl as /proc/sys shows it, under `sysctls:` when it is not the
 * kernel's default (ip_forward always: a reader wants to see it). */
static void write_one(const char *name, long dflt, FILE *out)
{
	char path[200] = "/proc/sys/";
	size_t n = strlen(path);
	for (size_t i = 0; name[i] && n + 1 < sizeof(path); i++)
		path[n++] = name[i] == '.' ? '/' : name[i];
	path[n] = '\0';
	long v = read_proc(path);
	if (v >= 0 && (v != dflt || strcmp(name, "net.ipv4.ip_forward") == 0))
		fprintf(out, "  %s: %ld\n", name, v);
}

/* Every sysctl of nfwalk's table (engine/net/sysctl.c): the global ones,
 * then net.ipv4.conf.{all,IFACE}.KEY for each interface.  (A path holds
 * an interface's name as is: /proc/sys has no dots to escape for it.) */
static void write_sysctls(const struct ifaces *f, FILE *out)
{
	fputs("sysctls:\n", out);
	for (const struct sysctl_def *d = sysctl_defs(); d->name; d++)
		if (!strchr(d->name, '*'))
			write_one(d->name, d->dflt, out);
	for (const struct sysctl_def *d = sysctl_defs(); d->name; d++) {
		if (!strchr(d->name, '*'))
			continue;
		const char *key = strrchr(d->name, '.') + 1;
		for (int i = -1; i < f->n; i++) {
			const char *dev = i < 0 ? "all" : f->names[i];
			char path[160];
			snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", dev, key);
			long v = read_proc(path);
			/* forwarding follows ip_forward unless set apart: keep only differences */
			long dflt = d->dflt < 0 ? read_proc("/proc/sys/net/ipv4/ip_forward") : d->dflt;
			if (v >= 0 && v != dflt)
				fprintf(out, "  net.ipv4.conf.%s.%s: %ld\n", dev, key, v);
		}
	}
}

static bool have(const char *prog)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
	return system(cmd) == 0;
}

int snapshot_write(FILE *out, FILE *problems)
{
	struct ifaces f = {.n = 0};
	if (each_line("ip -o link show 2>/dev/null", on_link, &f) ||
	    each_line("ip -o -4 addr show 2>/dev/null", on_addr, &f)) {
		fputs("nfwalk: --snapshot: `ip` failed (is iproute2 installed?)\n", problems);
		return 2;
	}
	char host[64] = "this host";
	gethostname(host, sizeof(host) - 1);
	fprintf(out, "# nfwalk --snapshot of %s: the host as it runs; add packets to walk.\n", host);
	fputs("# Not taken: tc, IPv6 (nfwalk reads IPv4 only).\n", out);
	fprintf(out, "name: snapshot of %s\n", host);
	fputs("interfaces:\n", out);
	for (int i = 0; i < f.n; i++) {
		if (f.addrs[i].len)
			fprintf(out, "  %s: [%s]\n", f.names[i], sb_str(&f.addrs[i]));
		else
			fprintf(out, "  %s:\n", f.names[i]);
		sb_free(&f.addrs[i]);
	}
	write_sysctls(&f, out);
	fputs("routes:\n", out);
	each_line("ip -4 route show table all 2>/dev/null", on_route, out);
	fputs("ip-rules:\n", out);
	each_line("ip -4 rule show 2>/dev/null", on_rule, out);
	fputs("ipsets: |\n", out);
	if (have("ipset"))
		each_line("ipset save 2>/dev/null", on_ipset_line, out);
	fputs("iptables: |\n", out);
	struct tables t = {.n = 0};
	if (have("iptables-save"))
		each_line("iptables-save 2>/dev/null", on_save, &t);
	for (int i = 0; i < t.n; i++) {
		bool ok = true;
		for (const char *c = t.names[i]; *c; c++)
			ok = ok && (islower((unsigned char)*c) != 0);
		if (!ok)
			continue;
		char cmd[96];
		snprintf(cmd, sizeof(cmd), "iptables -t %s -S 2>/dev/null", t.names[i]);
		struct table_out to = {out, t.names[i]};
		each_line(cmd, on_rule_line, &to);
	}
	fputs("sockets:\n", out);
	if (have("ss"))
		each_line("ss -lntuH 2>/dev/null", on_socket, out);
	fputs("packets: []\n", out);
	return 0;
}
