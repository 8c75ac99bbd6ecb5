/* test_nft_py.c - nftables' own rule vectors (tests/py/ *.t, a curated
 * subset with its attribution in tests/data/nft-py/README).  Every `ok`
 * line must be read (in a chain of each family the file names that
 * nfwalk reads: ip, ip6, inet), and so must its expected listing; how
 * many print exactly as that listing is counted and must not fall (the
 * rest differ where nft's evaluation rewrites a rule: service names,
 * folded constants, the kernel's set order).  `fail` lines are counted
 * by how many the reader already refuses; most are refused by nft's
 * evaluation, which is the walk's work (issue 11). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nft/nft.h"
#include "tests/tap.h"

struct counts {
	int ok_lines, ok_read, listing_read, same, fail_lines, fail_refused;
};

/* A rule read in a chain of a table of family fam; its listing in out. */
static bool read_rule(const char *fam, const char *rule, struct strbuf *out)
{
	struct strbuf text = STRBUF_INIT;
	sb_addf(&text, "table %s t {\n\tchain c {\n\t\t%s\n\t}\n}\n", fam, rule);
	struct nft_ruleset rs;
	struct nf_error err = {.col = -1};
	bool ok_ = nft_load_text(sb_str(&text), "vector", NULL, &rs, &err) == 0 && rs.ntables == 1 &&
		   rs.tables[0].nchains == 1 && rs.tables[0].chains[0].nrules == 1;
	if (ok_ && out)
		nft_rule_print(out, &rs.tables[0].chains[0].rules[0], rs.tables[0].family);
	nft_ruleset_free(&rs);
	sb_free(&text);
	return ok_;
}

/* nft-test.py compares listings without caring for the space before '}'. */
static void squeeze(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == ' ' && (r[1] == '}' || r[1] == ' ' || r[1] == '\0'))
			continue;
		*w++ = *r;
	}
	*w = '\0';
}

static void run_line(const char *fam, char *line, struct counts *c, const char *file, int lineno)
{
	char *f1 = strchr(line, ';');
	if (!f1)
		return;
	*f1++ = '\0';
	char *f2 = strchr(f1, ';');
	if (f2)
		*f2++ = '\0';
	if (!strcmp(f1, "fail")) {
		c->fail_lines++;
		c->fail_refused += !read_rule(fam, line, NULL);
		return;
	}
	if (strcmp(f1, "ok"))
		return;
	c->ok_lines++;
	struct strbuf got = STRBUF_INIT;
	if (!read_rule(fam, line, &got)) {
		printf("# %s:%d (%s): not read: %s\n", file, lineno, fam, line);
		sb_free(&got);
		return;
	}
	c->ok_read++;
	const char *want_src = f2 ? f2 : line;
	c->listing_read += read_rule(fam, want_src, NULL);
	char *want = xstrdup(want_src), *g = xstrdup(sb_str(&got));
	squeeze(want);
	squeeze(g);
	if (!strcmp(want, g))
		c->same++;
	else if (getenv("NFT_PY_VERBOSE"))
		printf("# %s:%d: listed '%s', nft lists '%s'\n", file, lineno, g, want);
	free(want);
	free(g);
	sb_free(&got);
}

static bool run_file(const char *dir, const char *name, struct counts *c)
{
	struct strbuf path = STRBUF_INIT;
	sb_addf(&path, "%s/%s", dir, name);
	FILE *f = fopen(sb_str(&path), "r");
	sb_free(&path);
	if (!f)
		return false;
	char fams[3][16];
	int nfams = 0, lineno = 0;
	char line[4096];
	/* First pass: the families (the *family;table;chains lines). */
	while (fgets(line, sizeof(line), f)) {
		if (line[0] != '*')
			continue;
		char fam[16];
		if (sscanf(line + 1, "%15[^;]", fam) == 1 && nfams < 3 &&
		    (!strcmp(fam, "ip") || !strcmp(fam, "ip6") || !strcmp(fam, "inet")))
			snprintf(fams[nfams++], sizeof(fams[0]), "%s", fam);
	}
	for (int k = 0; k < nfams; k++) {
		rewind(f);
		lineno = 0;
		while (fgets(line, sizeof(line), f)) {
			lineno++;
			line[strcspn(line, "\n")] = '\0';
			if (!line[0] || strchr("#:*-%@", line[0]))
				continue;
			run_line(fams[k], line, c, name, lineno);
		}
	}
	fclose(f);
	return nfams > 0;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/data/nft-py", top ? top : ".");
	static const char *const files[] = {"tcp.t", "ct.t", "limit.t", "dnat.t"};
	/* Listed as nft lists them, per file, measured when the reader was
	 * written: the floor this test holds. */
	static const int same_floor[] = {186, 162, 105, 9};
	struct counts all = {0};
	int ran = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct counts c = {0};
		if (!run_file(dir, files[i], &c))
			continue;
		ran++;
		printf("# %-8s ok lines %3d read %3d listings read %3d same %3d; fail lines %3d refused %3d\n",
		       files[i], c.ok_lines, c.ok_read, c.listing_read, c.same, c.fail_lines, c.fail_refused);
		ok(c.ok_read == c.ok_lines, "%s: every ok line is read (%d/%d)", files[i], c.ok_read, c.ok_lines);
		ok(c.listing_read == c.ok_lines, "%s: every expected listing is read (%d/%d)", files[i],
		   c.listing_read, c.ok_lines);
		ok(c.same >= same_floor[i], "%s: %d of %d print as nft lists them (at least %d)", files[i], c.same,
		   c.ok_lines, same_floor[i]);
		all.ok_lines += c.ok_lines;
		all.same += c.same;
		all.fail_lines += c.fail_lines;
		all.fail_refused += c.fail_refused;
	}
	if (ran == 0) {
		printf("1..0 # SKIP no nftables vectors in %s\n", dir);
		return 0;
	}
	printf("# all: %d of %d ok lines print as nft lists them; %d of %d fail lines refused by the reader\n",
	       all.same, all.ok_lines, all.fail_refused, all.fail_lines);
	return tap_done();
}
