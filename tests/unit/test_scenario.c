/* test_scenario.c - the YAML scenario loader: what each section becomes,
 * that every error carries file:line:column, that the lines handed to the
 * engine's parsers keep their place in the file, and that no malformed
 * input (tests/data/bad/, truncations, flipped bytes) can crash it. */
#define _DEFAULT_SOURCE /* opendir, chdir */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/addr.h"
#include "scenario/scenario.h"
#include "../tap.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

/* The baseline of nfwalk-scenario(5), every section used once. */
static const char baseline[] =
	"name: DNAT port forward\n"                                             /* 1 */
	"description: |\n"                                                      /* 2 */
	"  Free text shown by the TUI and the trace header.\n"                  /* 3 */
	"era: kptd            # or modern\n"                                    /* 4 */
	"sysctl: {ip_forward: 1, tcp_loose: 0}\n"                               /* 5 */
	"interfaces:\n"                                                         /* 6 */
	"  eth0: 203.0.113.1/24\n"                                              /* 7 */
	"  eth1: {addr: [10.0.0.1/24, 10.0.0.254/24], mac: \"02:00:00:00:01:01\"}\n" /* 8 */
	"  eth2: ~\n"                                                           /* 9 */
	"routes:\n"                                                             /* 10 */
	"  - default via 203.0.113.254 dev eth0\n"                              /* 11 */
	"  - \"table 100 default via 10.0.0.254 dev eth1\"\n"                   /* 12 */
	"ip-rules:\n"                                                           /* 13 */
	"  - priority 100 fwmark 0x1 lookup 100\n"                              /* 14 */
	"iptables: |\n"                                                         /* 15 */
	"  # the port forward\n"                                                /* 16 */
	"  -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n" /* 17 */
	"\n"                                                                    /* 18 */
	"    iptables -A FORWARD -p tcp -d 10.0.0.2 --dport 80 -j ACCEPT   # allow it\n" /* 19 */
	"  -A INPUT -m comment --comment \"a #1\" -j ACCEPT\n"                  /* 20 */
	"sockets: [tcp 22, udp 53]\n"                                           /* 21 */
	"tc:\n"                                                                 /* 22 */
	"  - qdisc add dev eth1 root handle 1: htb default 20\n"                /* 23 */
	"packets:\n"                                                            /* 24 */
	"  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on eth0\n"    /* 25 */
	"    note: The first SYN of a connection sees the nat table.\n"         /* 26 */
	"    expect:\n"                                                         /* 27 */
	"      fate: forwarded\n"                                               /* 28 */
	"      oif: eth1\n"                                                     /* 29 */
	"      dst: 10.0.0.2:80\n"                                              /* 30 */
	"      mark: 0x0\n"                                                     /* 31 */
	"      ctstate: new\n"                                                  /* 32 */
	"      class: \"1:10\"\n"                                               /* 33 */
	"      hits: [nat   PREROUTING 1, filter FORWARD 1]\n"                  /* 34 */
	"      misses: [filter FORWARD 2]\n"                                    /* 35 */
	"      visits: [nat-prerouting, route-input]\n"                         /* 36 */
	"      skips: nat-postrouting\n"                                        /* 37 */
	"      answers:\n"                                                      /* 38 */
	"        - {fate: sent, oif: eth0}\n"                                   /* 39 */
	"  - reply: 1\n"                                                        /* 40 */
	"    flags: syn ack\n"                                                  /* 41 */
	"    expect: {fate: forwarded, src: 203.0.113.1:8080}\n"                /* 42 */
	"  - send: udp local -> 8.8.8.8:53\n"                                   /* 43 */
	"    mark: 0x1\n"                                                       /* 44 */
	"    ttl: 9\n"                                                          /* 45 */
	"  - icmp 192.0.2.7 -> 203.0.113.1 on eth0\n";                          /* 46 */

static const char *item(const struct expect *x, size_t i, const char *key)
{
	return i < x->n && strcmp(x->items[i].key, key) == 0 ? x->items[i].value : "(other key)";
}

static void test_baseline(void)
{
	struct scenario s;
	struct nf_error err;
	int rc = scenario_load_string("base.yaml", baseline, strlen(baseline), &s, &err);
	is_int(rc, 0, "the baseline loads");
	if (rc) {
		char buf[800];
		nf_error_format(&err, buf, sizeof(buf));
		printf("# %s\n", buf);
		return;
	}
	is_str(s.path, "base.yaml", "path");
	is_str(s.name, "DNAT port forward", "name");
	is_str(s.description, "Free text shown by the TUI and the trace header.",
	       "description without its final newline");
	ok(s.era_set && s.era == ERA_KPTD, "era kptd");
	ok(s.ip_forward && !s.tcp_loose, "sysctl");

	is_int(s.nifaces, 3, "three interfaces");
	is_str(s.ifaces[0].ifc.name, "eth0", "eth0");
	is_int(s.ifaces[0].ifc.naddr, 1, "eth0: one address");
	is_int(s.ifaces[0].ifc.plen[0], 24, "eth0: /24");
	is_int(s.ifaces[0].line, 7, "eth0 is on line 7");
	is_int(s.ifaces[1].ifc.naddr, 2, "eth1: two addresses");
	ok(s.ifaces[1].ifc.has_mac && s.ifaces[1].ifc.mac[5] == 1, "eth1: mac");
	is_int(s.ifaces[2].ifc.naddr, 0, "eth2: no address");

	is_int(s.nroutes, 2, "two routes");
	is_int(s.routes[0].line, 11, "route 1 line");
	is_int(s.routes[0].col, 4, "route 1 column");
	is_int(s.routes[1].col, 5, "a quoted route starts after its quote");
	is_int(s.niprules, 1, "one ip rule");

	is_int(s.niptables, 3, "three iptables lines (comment and blank skipped)");
	is_int(s.iptables[0].line, 17, "iptables 1 on line 17");
	is_int(s.iptables[0].col, 2, "iptables 1 at its indentation");
	is_int(s.iptables[1].line, 19, "iptables 2 on line 19");
	is_int(s.iptables[1].col, 4, "extra indentation counted");
	is_str(s.iptables[1].text, "iptables -A FORWARD -p tcp -d 10.0.0.2 --dport 80 -j ACCEPT",
	       "the leading word kept, the trailing comment dropped");
	is_str(s.iptables[2].text, "-A INPUT -m comment --comment \"a #1\" -j ACCEPT",
	       "a # inside quotes is not a comment");
	is_int(s.nsockets, 2, "two sockets");
	is_str(s.sockets[1].text, "udp 53", "udp 53");
	is_int(s.sockets[1].col, 18, "flow item column");
	is_int(s.ntc, 1, "one tc line");

	is_int(s.npackets, 4, "four packets");
	const struct scn_packet *p1 = &s.packets[0];
	is_int(p1->line, 25, "packet 1 line");
	is_int(p1->col, 4, "packet 1 column");
	is_int(p1->spec.proto, PROTO_TCP, "packet 1 tcp");
	is_str(p1->iif, "eth0", "packet 1 on eth0");
	is_str(p1->note, "The first SYN of a connection sees the nat table.", "note");
	is_int(p1->expect.n, 12, "twelve expectations");
	is_str(item(&p1->expect, 0, "fate"), "forwarded", "fate");
	is_int(p1->expect.items[0].line, 28, "fate line");
	is_int(p1->expect.items[0].col, 12, "fate column");
	is_str(item(&p1->expect, 2, "dst"), "10.0.0.2:80", "dst");
	is_str(item(&p1->expect, 4, "ctstate"), "NEW", "ctstate in capitals");
	is_str(item(&p1->expect, 5, "class"), "1:10", "class");
	is_str(item(&p1->expect, 6, "hits"), "nat PREROUTING 1", "hits: one space between words");
	is_str(item(&p1->expect, 7, "hits"), "filter FORWARD 1", "second hit");
	is_str(item(&p1->expect, 11, "skips"), "nat-postrouting", "a single value for a list key");
	is_int(p1->nanswers, 1, "one answer");
	if (p1->nanswers == 1) {
		is_int(p1->answers[0].n, 2, "answer: two expectations");
		is_str(item(&p1->answers[0], 0, "fate"), "sent", "answer fate");
	}

	const struct scn_packet *p2 = &s.packets[1];
	is_int(p2->reply_to, 1, "packet 2 replies to 1");
	ok(p2->has_flags && p2->tcp_flags == (TCPF_SYN | TCPF_ACK), "reply flags");
	is_int(p2->spec.proto, PROTO_TCP, "the reply speaks tcp");
	is_str(p2->text, "", "a reply has no short form");
	is_str(item(&p2->expect, 1, "src"), "203.0.113.1:8080", "reply src");

	const struct scn_packet *p3 = &s.packets[2];
	ok(p3->local, "packet 3 is local");
	is_int(p3->mark, 1, "mark key");
	is_int(p3->spec.ttl, 9, "ttl key");
	is_int(p3->expect.n, 0, "no expectations");

	const struct scn_packet *p4 = &s.packets[3];
	is_int(p4->spec.proto, PROTO_ICMP, "a bare string is a send");
	is_str(p4->text, "icmp 192.0.2.7 -> 203.0.113.1 on eth0", "its text");
	is_str(p4->note, "", "no note");

	struct engine e;
	memset(&e, 0, sizeof(e));
	netconf_init(&e.net);
	ruleset_init(&e.rules);
	conntrack_init(&e.ct);
	sockets_init(&e.socks);
	qos_init(&e.qos);
	e.era = ERA_MODERN;
	is_int(scenario_build_engine(&s, &e, &err), 0, "builds an engine");
	ok(netconf_iface(&e.net, "eth1") != NULL, "with its interfaces");
	ok(e.net.ip_forward && !e.ct.tcp_loose, "with its sysctls");
	is_int(e.era, ERA_KPTD, "in its era");
	qos_free(&e.qos);
	sockets_free(&e.socks);
	conntrack_free(&e.ct);
	ruleset_free(&e.rules);
	netconf_free(&e.net);
	scenario_free(&s);
}

static int load(const char *text, struct nf_error *err, char *buf, size_t n)
{
	struct scenario s;
	int rc = scenario_load_string("t.yaml", text, strlen(text), &s, err);
	nf_error_format(err, buf, n);
	if (rc == 0)
		scenario_free(&s);
	return rc;
}

/* What the engine's own parser says about one line, on a host with eth0
 * and eth1 (the column is the offset in the line). */
enum section { SEC_ROUTE, SEC_IPTABLES, SEC_SOCKET, SEC_TC };

static int engine_col(enum section sec, const char *text)
{
	struct engine e;
	struct nf_error err = {.col = -1};
	struct iface eth = {.name = "eth0", .naddr = 1, .addr = {0x0a000001}, .plen = {24}};
	memset(&e, 0, sizeof(e));
	netconf_init(&e.net);
	ruleset_init(&e.rules);
	sockets_init(&e.socks);
	qos_init(&e.qos);
	netconf_add_iface(&e.net, &eth, &err);
	str_copy(eth.name, sizeof(eth.name), "eth1");
	eth.addr[0] = 0x0a000101;
	netconf_add_iface(&e.net, &eth, &err);
	int rc = sec == SEC_ROUTE      ? netconf_add_route(&e.net, text, &err)
		 : sec == SEC_IPTABLES ? ruleset_command(&e.rules, text, 1, &err)
		 : sec == SEC_SOCKET   ? sockets_add(&e.socks, text, &err)
				       : qos_add(&e.qos, text, &err);
	qos_free(&e.qos);
	sockets_free(&e.socks);
	ruleset_free(&e.rules);
	netconf_free(&e.net);
	return rc ? (err.col > 0 ? err.col : 0) : -1;
}

/* An error reported by an engine parser must come back at the place of
 * its word in the file: the line's own position plus the parser's
 * offset. */
static void test_engine_errors(void)
{
	static const char host[] = "interfaces: {eth0: 10.0.0.1/24, eth1: 10.0.1.1/24}\n";
	static const struct {
		const char *yaml; /* after the host line */
		enum section sec;
		const char *text; /* the line as the engine gets it */
		int line, col;    /* where that text starts in the file */
		const char *what;
	} cases[] = {
		{"routes:\n  - default via 10.0.0.9 dev BAD\n", SEC_ROUTE,
		 "default via 10.0.0.9 dev BAD", 3, 4, "route in a block list"},
		{"routes: [\"10.1.0.0/16 via 10.0.0.300\"]\n", SEC_ROUTE,
		 "10.1.0.0/16 via 10.0.0.300", 2, 10, "route in a quoted flow item"},
		{"iptables: |\n  -A INPUT -j ACCEPT\n\n      -A INPUT -j BAD\n", SEC_IPTABLES,
		 "-A INPUT -j BAD", 5, 6, "iptables in a literal block"},
		{"iptables: |\r\n  -A INPUT -j ACCEPT\r\n   -A INPUT -j BAD  # why\r\n", SEC_IPTABLES,
		 "-A INPUT -j BAD", 4, 3, "iptables with CRLF line ends and a comment"},
		{"iptables:\n- -A INPUT -p tcp --dport BAD -j ACCEPT\n", SEC_IPTABLES,
		 "-A INPUT -p tcp --dport BAD -j ACCEPT", 3, 2, "iptables as a list"},
		{"iptables: iptables -A INPUT -j BAD\n", SEC_IPTABLES, "iptables -A INPUT -j BAD", 2,
		 10, "iptables as one line, with its leading word"},
		{"sockets: [tcp 22, BAD 53]\n", SEC_SOCKET, "BAD 53", 2, 18, "a socket"},
		{"tc:\n  - qdisc add dev eth1 root handle 1: BAD default 20\n", SEC_TC,
		 "qdisc add dev eth1 root handle 1: BAD default 20", 3, 4,
		 "tc with `1: ` in a plain list item"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char yaml[512], want[64], buf[800];
		struct nf_error err;
		snprintf(yaml, sizeof(yaml), "%s%s", host, cases[i].yaml);
		int off = engine_col(cases[i].sec, cases[i].text);
		if (!ok(off >= 0, "the engine refuses `%s`", cases[i].text))
			continue;
		snprintf(want, sizeof(want), "t.yaml:%d:%d:", cases[i].line, cases[i].col + off + 1);
		int rc = load(yaml, &err, buf, sizeof(buf));
		ok(rc == -1 && str_starts(buf, want), "%s: %s", cases[i].what, want);
		if (rc != -1 || !str_starts(buf, want))
			printf("#   got: %s\n", rc ? buf : "(loaded)");
	}

	struct nf_error err;
	char buf[800];
	int rc = load("interfaces: {eth0: 10.0.0.1/24, lo: 1.2.3.4/8}\n", &err, buf, sizeof(buf));
	ok(rc == -1 && str_starts(buf, "t.yaml:1:33:"),
	   "an interface the engine refuses is reported at its name");
	if (rc != -1 || !str_starts(buf, "t.yaml:1:33:"))
		printf("#   got: %s\n", rc ? buf : "(loaded)");
	rc = load("tc:\n  - qdisc add dev eth1 root handle 1: htb\n  - class add dev eth1 parent 1: "
		  "classid 1:10 htb rate 1mbit\ninterfaces: {eth1: 10.0.0.1/24}\n",
		  &err, buf, sizeof(buf));
	ok(rc == 0, "tc lines holding `1: ` load as written");
	if (rc)
		printf("#   got: %s\n", buf);
}

static void test_odd_inputs(void)
{
	struct nf_error err;
	char buf[800];
	static const char nul[] = "name: a\0b\n";
	struct scenario s;
	is_int(scenario_load_string("t.yaml", nul, sizeof(nul) - 1, &s, &err), -1,
	       "a NUL byte is refused");
	nf_error_format(&err, buf, sizeof(buf));
	ok(str_starts(buf, "t.yaml:1:"), "with its line: %s", buf);
	static const char bad_utf8[] = "name: \xff\xfe\n";
	is_int(scenario_load_string("t.yaml", bad_utf8, sizeof(bad_utf8) - 1, &s, &err), -1,
	       "bad UTF-8 is refused");
	nf_error_format(&err, buf, sizeof(buf));
	ok(str_starts(buf, "t.yaml:1:7:"), "at the byte: %s", buf);
	is_int(load("", &err, buf, sizeof(buf)), -1, "an empty text is refused");
	is_str(buf, "t.yaml:1:1: empty scenario: expected a mapping with `interfaces` and `packets`",
	       "empty scenario");
	is_int(load("# nothing\n", &err, buf, sizeof(buf)), -1, "only a comment");
	is_int(load("name: x\n", &err, buf, sizeof(buf)), 0, "a name alone is a scenario");
	is_int(load("&a [*a]\n", &err, buf, sizeof(buf)), -1, "a recursive alias is refused");
	is_int(load("packets: &p [{send: *p}]\n", &err, buf, sizeof(buf)), -1,
	       "an alias to an ancestor is refused");

	is_int(scenario_load("/nonexistent/x.yaml", &s, &err), -1, "a missing file");
	nf_error_format(&err, buf, sizeof(buf));
	ok(strstr(buf, "/nonexistent/x.yaml: cannot open") != NULL, "names the file: %s", buf);

	is_int(scenario_load_string("dir/tour.yaml", "packets: []\n", 12, &s, &err), 0,
	       "no name");
	is_str(s.name, "tour.yaml", "the file name is the default name");
	ok(!s.ip_forward && s.tcp_loose && !s.era_set, "kernel defaults");
	ok(s.ct_timeouts.tcp[CT_TCP_ESTABLISHED] == 432000 && s.ct_timeouts.udp == 30,
	   "the kernel's conntrack timeouts");
	scenario_free(&s);

	static const char timeouts[] =
		"sysctl: {net.netfilter.nf_conntrack_tcp_timeout_established: 600, udp_timeout: 5,\n"
		"         tcp_timeout_syn_sent: 7}\n";
	is_int(scenario_load_string("t.yaml", timeouts, sizeof(timeouts) - 1, &s, &err), 0,
	       "conntrack timeouts as sysctls");
	ok(s.ct_timeouts.tcp[CT_TCP_ESTABLISHED] == 600 && s.ct_timeouts.udp == 5 &&
		   s.ct_timeouts.tcp[CT_TCP_SYN_SENT2] == 7 && s.ct_timeouts.icmp == 30,
	   "set, and the others keep their defaults");
	scenario_free(&s);
	static const char bad[] = "sysctl: {udp_timeout: soon}\n";
	is_int(scenario_load_string("t.yaml", bad, sizeof(bad) - 1, &s, &err), -1,
	       "a timeout must be a number");
	scenario_free(&s);
	scenario_free(&s); /* twice is harmless */
}

/* Every prefix of the baseline and many one-byte changes of it: each
 * loads or fails with a message, never crashes (run under ASan). */
static void test_mangled(void)
{
	size_t len = strlen(baseline);
	char *buf = xmalloc(len + 1);
	int failures = 0, loaded = 0, malformed = 0;
	for (size_t cut = 0; cut <= len; cut++) {
		struct scenario s;
		struct nf_error err;
		memcpy(buf, baseline, cut);
		if (scenario_load_string("t.yaml", buf, cut, &s, &err) == 0) {
			loaded++;
			scenario_free(&s);
		} else if (!err.msg[0] || err.line < 0) {
			malformed++;
		}
	}
	ok(malformed == 0, "every truncation loads or says why (%d loaded)", loaded);
	static const char noise[] = ":-[]{}#|>&*!%@`'\"\t\n 0x,?";
	srand(7);
	for (int i = 0; i < 3000; i++) {
		struct scenario s;
		struct nf_error err;
		memcpy(buf, baseline, len);
		for (int k = 0; k < 1 + i % 3; k++)
			buf[(size_t)rand() % len] = noise[(size_t)rand() % (sizeof(noise) - 1)];
		if (scenario_load_string("t.yaml", buf, len, &s, &err) == 0)
			scenario_free(&s);
		else if (!err.msg[0])
			failures++;
	}
	ok(failures == 0, "3000 mangled copies: each loads or says why");
	free(buf);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char line[1024];
	while (fgets(line, sizeof(line), f))
		sb_adds(&sb, line);
	fclose(f);
	return sb.s ? sb.s : xstrdup("");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* tests/data/bad/NAME.yaml must fail with exactly the first line of
 * NAME.err (loaded from that directory, so the file name is NAME.yaml). */
static void test_bad_files(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/data/bad", top && *top ? top : TOP_SRCDIR);
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)) || chdir(dir) != 0) {
		ok(0, "cannot enter %s", dir);
		return;
	}
	DIR *d = opendir(".");
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	}
	if (d)
		closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	ok(n >= 20, "%zu bad inputs found", n);
	/* `make dist` ships only what scenario.mk lists. */
	char mk[1200];
	snprintf(mk, sizeof(mk), "%s/../../src/scenario/scenario.mk", dir);
	char *listed = read_text(mk);
	for (size_t i = 0; listed && i < n; i++) {
		char want[600];
		snprintf(want, sizeof(want), "tests/data/bad/%s ", names[i]);
		bool found = strstr(listed, want) != NULL;
		want[strlen(want) - 1] = '\n';
		found = found || strstr(listed, want) != NULL;
		if (!found)
			ok(0, "%s is listed in EXTRA_DIST (src/scenario/scenario.mk)", names[i]);
	}
	free(listed);
	for (size_t i = 0; i < n; i++) {
		char errname[512], got[800];
		snprintf(errname, sizeof(errname), "%.*s.err", (int)strlen(names[i]) - 5, names[i]);
		char *want = read_text(errname);
		if (want)
			want[strcspn(want, "\n")] = '\0';
		struct scenario s;
		struct nf_error err;
		int rc = scenario_load(names[i], &s, &err);
		nf_error_format(&err, got, sizeof(got));
		ok(rc == -1 && want && strcmp(got, want) == 0, "%s", names[i]);
		if (rc != -1 || !want || strcmp(got, want) != 0)
			printf("#   got  %s\n#   want %s\n", rc ? got : "(loaded)",
			       want ? want : "(no .err file)");
		if (rc == 0)
			scenario_free(&s);
		free(want);
		free(names[i]);
	}
	free(names);
	if (chdir(cwd) != 0)
		ok(0, "cannot return to %s", cwd);
}


/* IPv6: addresses beside IPv4 ones, `routes6:`, `ip6-rules:`, IPv6 lines
 * in `routes:` by family, and errors at their word. */
static void test_ipv6_keys(void)
{
	static const char yaml[] = "interfaces:\n"
				   "  eth0: [10.0.0.1/24, 2001:db8:1::1/64]\n"
				   "  eth1: {addr: 2001:db8:2::1/64, mac: 02:00:00:00:00:02}\n"
				   "routes:\n"
				   "  - 2001:db8:9::/64 dev eth0\n"
				   "routes6:\n"
				   "  - default via 2001:db8:2::fe\n"
				   "ip6-rules:\n"
				   "  - fwmark 1 lookup 100\n"
				   "packets: []\n";
	struct scenario s;
	struct nf_error err = {0};
	is_int(scenario_load_string("t.yaml", yaml, strlen(yaml), &s, &err), 0, "IPv6 keys load");
	is_int(s.ifaces[0].ifc.naddr, 1, "eth0: one IPv4 address");
	is_int(s.ifaces[0].ifc.naddr6, 1, "eth0: one IPv6 address");
	is_int(s.ifaces[0].ifc.plen6[0], 64, "  /64");
	is_int((int)s.nroutes6, 1, "one routes6 line");
	is_int((int)s.niprules6, 1, "one ip6-rules line");
	struct engine e;
	memset(&e, 0, sizeof(e));
	netconf_init(&e.net);
	ruleset_init(&e.rules);
	conntrack_init(&e.ct);
	sockets_init(&e.socks);
	qos_init(&e.qos);
	is_int(scenario_build_engine(&s, &e, &err), 0, "builds an engine");
	size_t v6routes = 0, v6rules = 0;
	for (size_t i = 0; i < e.net.nroutes; i++)
		v6routes += e.net.routes[i].family == FAMILY_IPV6 && !e.net.routes[i].kernel;
	for (size_t i = 0; i < e.net.nrules; i++)
		v6rules += e.net.rules[i].family == FAMILY_IPV6;
	is_int((int)v6routes, 2, "  two IPv6 user routes (routes: by family, routes6:)");
	is_int((int)v6rules, 3, "  three IPv6 rules (the two defaults and ip6-rules:)");
	qos_free(&e.qos);
	sockets_free(&e.socks);
	conntrack_free(&e.ct);
	ruleset_free(&e.rules);
	netconf_free(&e.net);
	scenario_free(&s);

	static const char bad[] = "interfaces: {eth0: 2001:db8:1::1/64}\n"
				  "routes6:\n"
				  "  - 2001:db8:3::/64 via fe80::1\n"
				  "packets: []\n";
	char buf[512];
	is_int(load(bad, &err, buf, sizeof(buf)), -1, "a link-local gateway without dev");
	ok(str_starts(buf, "t.yaml:3:25: a link-local gateway needs"), "at its word: %s", buf);
	/* inet6_bind: EADDRNOTAVAIL for an address the host lacks (seen on
	 * 6.18), unless the socket is transparent */
	static const char bind6[] = "interfaces: {eth0: 2001:db8:1::1/64}\n"
				    "sockets:\n"
				    "  - tcp [2001:db8:1::9]:80\n";
	is_int(load(bind6, &err, buf, sizeof(buf)), -1, "an IPv6 socket on another's address");
	is_str(buf,
	       "t.yaml:3:5: bind tcp [2001:db8:1::9]:80: Cannot assign requested address "
	       "(2001:db8:1::9 is not an address of this host)",
	       "  refused at its line");
	is_int(load("interfaces: {eth0: 2001:db8:1::1/64}\nsockets: ['tcp [2001:db8:1::1]:80', "
		    "'tcp [2001:db8:1::9]:81 transparent', 'udp [::]:53']\n",
		    &err, buf, sizeof(buf)),
	       0, "its own address, a transparent one, [::]: fine");
	ok(load("interfaces: {eth0: '2001:db8::zz/64'}\n", &err, buf, sizeof(buf)) == -1 &&
		   str_starts(buf, "t.yaml:1:21: bad address"),
	   "a bad IPv6 address: %s", buf);
}

int main(void)
{
	test_baseline();
	test_engine_errors();
	test_odd_inputs();
	test_mangled();
	test_bad_files();
	test_ipv6_keys();
	return tap_done();
}
