/* test_iptables_t.c - conformance with iptables' own test vectors
 * (the extensions/ .t files iptables-test.py runs).  For every file of an
 * extension nfwalk claims, each OK line must be accepted in every chain
 * listed and print back exactly as iptables-save would (the RESULT
 * column), and each FAIL line must be refused.  Files of extensions
 * nfwalk does not claim are counted, not judged.  The vectors live
 * outside the tree: $SHARED_DIR/peer/iptables-t (default
 * $top_srcdir/../shared); without them the test is skipped. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/xt/rule.h"
#include "tests/tap.h"

/* Files whose every line nfwalk must get right. */
static const char *const claimed[] = {
	"iptables.t",	     "libipt_standard.t", "libxt_standard.t",  "libxt_tcp.t",
	"libxt_udp.t",	     "libipt_icmp.t",	  "libxt_multiport.t", "libxt_iprange.t",
	"libipt_iprange.t",  "libxt_mark.t",	  "libxt_connmark.t",  "libxt_conntrack.t",
	"libipt_conntrack.t", "libxt_state.t",	  "libxt_addrtype.t",  "libxt_comment.t",
	"libxt_mac.t",	     "libxt_length.t",	  "libipt_ttl.t",      "libxt_tos.t",
	"libxt_dscp.t",	     "libipt_REJECT.t",	  "libipt_LOG.t",      "libxt_MARK.t",
	"libxt_CONNMARK.t",  "libipt_DNAT.t",	  "libipt_SNAT.t",     "libipt_MASQUERADE.t",
	"libxt_REDIRECT.t",  "libipt_NETMAP.t",	  "libxt_CT.t",	       "libxt_NOTRACK.t",
	"libipt_TTL.t",	     "libxt_TOS.t",	  "libxt_DSCP.t",      "libxt_CLASSIFY.t",
	"libxt_TRACE.t",     "libxt_NFQUEUE.t",	  "libxt_esp.t",       "libipt_ah.t",
	"libxt_ecn.t",	     "libxt_tcpmss.t",	  "libxt_pkttype.t",   "libxt_rpfilter.t",
	"libxt_limit.t",     "libxt_helper.t",	  "libxt_NFLOG.t",     "libxt_CHECKSUM.t",
	"libxt_recent.t",    "libipt_recent.t",	  "libxt_owner.t",     "libxt_policy.t",
	"libipt_policy.t",   "libxt_physdev.t",	  "libxt_sctp.t",      "libxt_connlimit.t",
	"libipt_connlimit.t", "libxt_hashlimit.t", "libxt_TCPMSS.t",   "libxt_statistic.t",
	"libxt_quota.t",     "libxt_string.t",	  "libxt_u32.t",       "libxt_time.t",
	"libxt_set.t",       "libxt_SET.t",
	"libxt_connbytes.t",
	"libipt_realm.t",
	"libxt_cgroup.t",
	"libxt_socket.t",
	"libxt_HMARK.t",
	"libxt_AUDIT.t",
	"libipt_TEE.t",
	"libxt_TEE.t",
};

/* ip6tables' own files (libip6t_*), run with ip6tables. */
static const char *const claimed6[] = {
	"libip6t_standard.t", "libip6t_icmp6.t", "libip6t_hl.t", "libip6t_HL.t",
	"libip6t_REJECT.t", "libip6t_LOG.t", "libip6t_ah.t", "libip6t_frag.t",
	"libip6t_hbh.t", "libip6t_dst.t", "libip6t_rt.t", "libip6t_ipv6header.t",
	"libip6t_mh.t", "libip6t_eui64.t", "libip6t_recent.t", "libip6t_conntrack.t",
	"libip6t_iprange.t", "libip6t_connlimit.t", "libip6t_policy.t",
};

/* Family-neutral files (libxt_*) nfwalk also runs with ip6tables, as
 * iptables-nft's tests do: every line without an IPv4 address must hold
 * there too (a line naming an IPv4 address is iptables' only). */
static const char *const neutral6[] = {
	"libxt_standard.t", "libxt_tcp.t",     "libxt_udp.t",	   "libxt_multiport.t",
	"libxt_mark.t",	    "libxt_connmark.t", "libxt_conntrack.t", "libxt_state.t",
	"libxt_comment.t",  "libxt_length.t",  "libxt_limit.t",	   "libxt_MARK.t",
	"libxt_CONNMARK.t", "libxt_tcpmss.t",  "libxt_string.t",   "libxt_owner.t",
	"libxt_mac.t",	    "libxt_pkttype.t", "libxt_esp.t",	   "libxt_dscp.t",
	"libxt_DSCP.t",	    "libxt_helper.t",  "libxt_statistic.t", "libxt_quota.t",
	"libxt_time.t",	    "libxt_NFQUEUE.t", "libxt_NFLOG.t",	   "libxt_CT.t",
	"libxt_NOTRACK.t",  "libxt_TRACE.t",   "libxt_CLASSIFY.t", "libxt_physdev.t",
	"libxt_recent.t",   "libxt_hashlimit.t", "libxt_u32.t",    "libxt_socket.t",
	"libxt_cgroup.t",   "libxt_connbytes.t", "libxt_TCPMSS.t", "libxt_CHECKSUM.t",
	"libxt_ecn.t",      "libxt_tos.t",     "libxt_TOS.t",	   "libxt_policy.t",
	"libxt_sctp.t",     "libxt_addrtype.t", "libxt_rpfilter.t", "libxt_HMARK.t",
	"libxt_AUDIT.t",    "libxt_set.t",     "libxt_SET.t",	   "libxt_iprange.t",
	"libxt_connlimit.t",
};

static bool in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static bool is_claimed(const char *name)
{
	return in_list(claimed, sizeof(claimed) / sizeof(claimed[0]), name) ||
	       in_list(claimed6, sizeof(claimed6) / sizeof(claimed6[0]), name);
}

/* A dotted quad anywhere in the text. */
static bool names_ipv4(const char *s)
{
	unsigned a, b, c, d;
	for (; *s; s++)
		if ((s[0] >= '0' && s[0] <= '9') && sscanf(s, "%u.%u.%u.%u", &a, &b, &c, &d) == 4)
			return true;
	return false;
}

struct file_state {
	int family;     /* FAMILY_IPV4: iptables; FAMILY_IPV6: ip6tables */
	bool neutral6;  /* a libxt_ file run with ip6tables: IPv4 lines skipped */
	char table[16];
	char chains[128];
	int lines, passed;
};

/* Apply `rule` to a fresh ruleset in each chain; NULL result means
 * "must be refused". */
static bool line_holds(const struct file_state *fs, const char *rule, const char *want,
		       char *got, size_t n)
{
	char chains[sizeof(fs->chains)];
	str_copy(chains, sizeof(chains), fs->chains);
	for (char *save = NULL, *c = strtok_r(chains, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		struct ruleset rs;
		struct nf_error err = {.col = -1};
		struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
		ruleset_init_family(&rs, fs->family);
		sb_addf(&cmd, "-t %s -A %s %s", fs->table, c, rule);
		bool accepted = ruleset_command(&rs, sb_str(&cmd), 0, &err) == 0;
		struct chain *ch = ruleset_chain(&rs, table_by_name(fs->table), c);
		if (accepted && ch && ch->nrules)
			rule_format(ch->rules[ch->nrules - 1], &out);
		bool holds = want ? accepted && strcmp(sb_str(&out), want) == 0 : !accepted;
		if (!holds)
			snprintf(got, n, "%s: %s", c, accepted ? sb_str(&out) : err.msg);
		sb_free(&cmd);
		sb_free(&out);
		ruleset_free(&rs);
		if (!holds)
			return false;
	}
	return true;
}

/* One "RULE;RESULT;STATUS[;VARIANT[;EXTRA]]" line.  A legacy simulator
 * reads STATUS as it is. */
static void run_line(struct file_state *fs, char *line, bool judge)
{
	char *fields[5] = {0};
	int nf = 0;
	for (char *p = line; nf < 5; nf++) {
		fields[nf] = p;
		char *semi = strchr(p, ';');
		if (!semi) {
			nf++;
			break;
		}
		*semi = '\0';
		p = semi + 1;
	}
	if (nf < 3)
		return;
	fs->lines++;
	const char *rule = fields[0], *result = fields[1], *status = fields[2];
	if (fs->neutral6 && (names_ipv4(rule) || names_ipv4(result))) {
		fs->lines--;
		return;
	}
	bool expect_ok = strcmp(status, "OK") == 0;
	const char *want = expect_ok ? (strcmp(result, "=") == 0 ? rule : result) : NULL;
	char got[600] = "";
	if (line_holds(fs, rule, want, got, sizeof(got))) {
		fs->passed++;
	} else if (judge) {
		printf("#   %s line: %s\n#     want %s\n#     got  %s\n", status, rule,
		       want ? want : "(refused)", got);
	}
}

static void strip_newline(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static bool run_file(const char *dir, const char *name, int family, bool judge,
		     struct file_state *fs)
{
	char path[2048], line[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	*fs = (struct file_state){.table = "filter", .family = family,
				  .neutral6 = family == FAMILY_IPV6 && strncmp(name, "libxt_", 6) == 0};
	while (fgets(line, sizeof(line), f)) {
		strip_newline(line);
		if (line[0] == ':')
			str_copy(fs->chains, sizeof(fs->chains), line + 1);
		else if (line[0] == '*')
			str_copy(fs->table, sizeof(fs->table), line + 1);
		else if (line[0] && line[0] != '#' && line[0] != '%' && line[0] != '@')
			run_line(fs, line, judge);
	}
	fclose(f);
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* iptables.t and the libxt_ / libipt_ / libip6t_ files. */
static bool is_vector_file(const char *name)
{
	size_t n = strlen(name);
	return n > 2 && strcmp(name + n - 2, ".t") == 0 &&
	       (strcmp(name, "iptables.t") == 0 || strncmp(name, "libxt_", 6) == 0 ||
		strncmp(name, "libipt_", 7) == 0 || strncmp(name, "libip6t_", 8) == 0);
}

static char **list_files(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	*count = 0;
	if (!d)
		return NULL;
	for (struct dirent *e; (e = readdir(d));) {
		if (!is_vector_file(e->d_name))
			continue;
		names = realloc(names, (*count + 1) * sizeof(*names));
		names[(*count)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, *count, sizeof(*names), by_name);
	return names;
}

int main(void)
{
	const char *shared = getenv("SHARED_DIR");
	const char *top = getenv("top_srcdir");
	char dir[1024];
	if (shared)
		snprintf(dir, sizeof(dir), "%s/peer/iptables-t", shared);
	else
		snprintf(dir, sizeof(dir), "%s/../shared/peer/iptables-t", top ? top : ".");
	size_t n;
	char **names = list_files(dir, &n);
	if (!names) {
		printf("1..0 # SKIP no iptables test vectors in %s\n", dir);
		return 0;
	}
	int claimed_lines = 0, claimed_passed = 0, other_lines = 0, other_files = 0;
	printf("# %-24s %6s %6s\n", "file", "lines", "passed");
	for (size_t i = 0; i < n; i++) {
		struct file_state fs;
		bool judge = is_claimed(names[i]);
		int family = strncmp(names[i], "libip6t_", 8) == 0 ? FAMILY_IPV6 : FAMILY_IPV4;
		if (!run_file(dir, names[i], family, judge, &fs))
			continue;
		if (judge) {
			printf("# %-24s %6d %6d\n", names[i], fs.lines, fs.passed);
			ok(fs.lines == fs.passed, "%s: %d/%d", names[i], fs.passed, fs.lines);
			claimed_lines += fs.lines;
			claimed_passed += fs.passed;
		} else {
			printf("# %-24s %6d %6d  unclaimed\n", names[i], fs.lines, fs.passed);
			other_files++;
			other_lines += fs.lines;
		}
		if (family == FAMILY_IPV4 &&
		    in_list(neutral6, sizeof(neutral6) / sizeof(neutral6[0]), names[i]) &&
		    run_file(dir, names[i], FAMILY_IPV6, true, &fs)) {
			printf("# %-24s %6d %6d  with ip6tables\n", names[i], fs.lines, fs.passed);
			ok(fs.lines == fs.passed, "%s with ip6tables: %d/%d", names[i], fs.passed,
			   fs.lines);
			claimed_lines += fs.lines;
			claimed_passed += fs.passed;
		}
		free(names[i]);
	}
	free(names);
	printf("# claimed: %zu files (+%zu with ip6tables), %d/%d lines; unclaimed: %d files, "
	       "%d lines\n",
	       sizeof(claimed) / sizeof(claimed[0]) + sizeof(claimed6) / sizeof(claimed6[0]),
	       sizeof(neutral6) / sizeof(neutral6[0]), claimed_passed, claimed_lines, other_files,
	       other_lines);
	is_int(claimed_passed, claimed_lines, "every claimed line holds");
	return tap_done();
}
