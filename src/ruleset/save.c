/* save.c - reading iptables-save files, as iptables-restore applies them:
 * each *TABLE ... COMMIT block is built aside and replaces the table of
 * that name at COMMIT (a block without COMMIT is not applied).  Rules go
 * through rule_parse() and ruleset_insert(), so the same checks hold as
 * for rules written in a scenario.
 *
 * When a rule cannot be loaded, its words are scanned for the extensions
 * it names (-m NAME, -j NAME), so the report can list every extension
 * nfwalk lacks, not only the first one rule_parse() stopped at. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/datapath.h"
#include "lib/hugeheap.h"
#include "ruleset/save.h"

struct loader {
	const char *file;
	int line;
	struct ruleset *dst;
	struct ruleset block;   /* the table being read */
	enum nf_table table;    /* TABLE_NONE outside a block */
	int table_line;
	bool skipping;          /* inside a block whose *TABLE was refused */
	struct save_report *rep; /* NULL: strict */
	struct nf_error *err;
};

/* --- problems --- */

static void report_add(struct save_report *rep, const struct save_problem *p)
{
	if (rep->n == rep->cap) {
		rep->cap = rep->cap ? rep->cap * 2 : 16;
		rep->v = xrealloc(rep->v, rep->cap * sizeof(*rep->v));
	}
	rep->v[rep->n++] = *p;
}

/* Record a problem at col of the current line.  Returns -1 in strict mode
 * (the caller stops) and 0 when loading goes on. */
static int problem(struct loader *ld, int col, const char *ext, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int problem(struct loader *ld, int col, const char *ext, const char *fmt, ...)
{
	struct save_problem p = {.line = ld->line, .col = col};
	str_copy(p.ext, sizeof(p.ext), ext ? ext : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p.msg, sizeof(p.msg), fmt, ap);
	va_end(ap);
	if (ld->rep) {
		report_add(ld->rep, &p);
		return 0;
	}
	str_copy(ld->err->file, sizeof(ld->err->file), ld->file);
	ld->err->line = p.line;
	ld->err->col = p.col;
	str_copy(ld->err->msg, sizeof(ld->err->msg), p.msg);
	return -1;
}

/* --- the extensions a rule names --- */

/* The next shell word of s from *pos (quotes removed), its column in *col;
 * false at the end. */
static bool next_word(const char *s, size_t *pos, char *buf, size_t n, int *col)
{
	size_t i = *pos, k = 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (!s[i])
		return false;
	*col = (int)i;
	char quote = 0;
	for (; s[i] && (quote || (s[i] != ' ' && s[i] != '\t')); i++) {
		if (!quote && (s[i] == '"' || s[i] == '\'')) {
			quote = s[i];
		} else if (quote && s[i] == quote) {
			quote = 0;
		} else {
			if (s[i] == '\\' && quote != '\'' && s[i + 1])
				i++;
			if (k + 1 < n)
				buf[k++] = s[i];
		}
	}
	buf[k] = '\0';
	*pos = i;
	return true;
}

static bool is_standard_verdict(const char *name)
{
	static const char *const verdicts[] = {"ACCEPT", "DROP", "QUEUE", "RETURN"};
	for (size_t i = 0; i < ARRAY_SIZE(verdicts); i++)
		if (strcmp(name, verdicts[i]) == 0)
			return true;
	return false;
}

/* Record one problem per extension of args (at offset off in the line)
 * that nfwalk does not implement; returns how many were found. */
static int unsupported_extensions(struct loader *ld, const char *args, int off, int *stop)
{
	char word[128], name[128];
	size_t pos = 0;
	int col, name_col, found = 0;
	while (!*stop && next_word(args, &pos, word, sizeof(word), &col)) {
		bool match = strcmp(word, "-m") == 0 || strcmp(word, "--match") == 0;
		bool jump = strcmp(word, "-j") == 0 || strcmp(word, "--jump") == 0;
		if ((!match && !jump) || !next_word(args, &pos, name, sizeof(name), &name_col))
			continue;
		char ext[48];
		snprintf(ext, sizeof(ext), "%s %.40s", match ? "-m" : "-j", name);
		int fam = ld->dst->family;
		int other = fam == FAMILY_IPV6 ? FAMILY_IPV4 : FAMILY_IPV6;
		if (match && !match_find_family(name, fam) && match_find_family(name, other)) {
			found++;
			*stop = problem(ld, off + name_col, ext, "%s has no match %s (it is %s')",
					ruleset_program(fam), name, ruleset_program(other));
		} else if (jump && !target_find_family(name, fam) &&
			   target_find_family(name, other) &&
			   !ruleset_chain(&ld->block, ld->table, name)) {
			found++;
			*stop = problem(ld, off + name_col, ext, "%s has no target %s (it is %s')",
					ruleset_program(fam), name, ruleset_program(other));
		} else if (match && !match_find_family(name, fam) &&
		    !(fam == FAMILY_IPV6 && (strcmp(name, "icmpv6") == 0 ||
					     strcmp(name, "ipv6-icmp") == 0))) {
			found++;
			*stop = match_refusal(name)
					? problem(ld, off + name_col, ext, "%s", match_refusal(name))
					: problem(ld, off + name_col, ext,
						  "match \"%s\" is not supported by nfwalk", name);
		} else if (jump && !is_standard_verdict(name) && !target_find_family(name, fam) &&
			   !ruleset_chain(&ld->block, ld->table, name)) {
			found++;
			*stop = problem(ld, off + name_col, ext,
					"target \"%s\" is not supported by nfwalk (and %s has no chain "
					"of that name)",
					name, table_name(ld->table));
		}
	}
	return found;
}

/* The option an error at column col of args is about ("--helper" in
 * "-j CT --helper ftp", whether col points at the option or its value),
 * with the extension it belongs to: "-j CT --helper".  False when col is
 * not in an extension's option. */
static bool option_at(const char *args, int col, char *ext, size_t n)
{
	char word[128], prev[128] = "", owner[64] = "";
	size_t pos = 0;
	int at;
	bool owner_next = false;
	while (next_word(args, &pos, word, sizeof(word), &at) && at <= col) {
		if (owner_next)
			snprintf(owner + strlen(owner), sizeof(owner) - strlen(owner), " %.40s", word);
		owner_next = false;
		if (strcmp(word, "-m") == 0 || strcmp(word, "-j") == 0) {
			str_copy(owner, sizeof(owner), word);
			owner_next = true;
		}
		if (at == col) {
			const char *opt = str_starts(word, "--") ? word : str_starts(prev, "--") ? prev : NULL;
			if (!opt || !owner[0])
				return false;
			snprintf(ext, n, "%s %.40s", owner, opt);
			return true;
		}
		str_copy(prev, sizeof(prev), word);
	}
	return false;
}

/* A rule could not be loaded: name its unsupported extensions (or the
 * unsupported option of a supported one), or else pass on why. */
static int rule_refused(struct loader *ld, const char *args, int off, const struct nf_error *e)
{
	int stop = 0;
	if (unsupported_extensions(ld, args, off, &stop) > 0)
		return stop;
	char ext[48];
	int col = e->col >= 0 ? off + e->col : off;
	if (e->col >= 0 && strstr(e->msg, "not supported") && option_at(args, e->col, ext, sizeof(ext)))
		return problem(ld, col, ext, "%s", e->msg);
	return problem(ld, col, NULL, "%s", e->msg);
}

/* --- lines --- */

static void block_discard(struct loader *ld)
{
	if (ld->table != TABLE_NONE) {
		ld->block.sets = NULL; /* the destination's, lent */
		ruleset_free(&ld->block);
	}
	ld->table = TABLE_NONE;
	ld->skipping = false;
}

static int table_start(struct loader *ld, const char *s)
{
	if (ld->table != TABLE_NONE || ld->skipping) {
		/* iptables-restore would stop here; the open block is not applied */
		if (problem(ld, 0, NULL, "COMMIT expected before *%s: the table begun at line %d is "
				       "not applied", s + 1, ld->table_line) < 0)
			return -1;
		block_discard(ld);
	}
	ld->table_line = ld->line;
	int t = table_by_name(s + 1);
	if (t < 0) {
		ld->skipping = true;
		return problem(ld, 1, NULL,
			       "unknown table \"%s\": expected raw, mangle, nat, filter or security",
			       s + 1);
	}
	ld->table = (enum nf_table)t;
	ruleset_init_family(&ld->block, ld->dst->family);
	/* the sets belong to the namespace: the block's rules see the
	 * destination's (lent, never freed with the block) */
	ld->block.sets = ld->dst->sets;
	ruleset_load_table(&ld->block, ld->table);
	if (ld->rep)
		ld->rep->tables++;
	return 0;
}

/* "[PACKETS:BYTES]" at s; *end is set past it. */
static bool parse_counters(const char *s, uint64_t *pkts, uint64_t *bytes, const char **end)
{
	char a[32], b[32];
	const char *colon = strchr(s, ':'), *close = strchr(s, ']');
	if (s[0] != '[' || !colon || !close || colon > close || (size_t)(colon - s - 1) >= sizeof(a) ||
	    (size_t)(close - colon - 1) >= sizeof(b))
		return false;
	memcpy(a, s + 1, (size_t)(colon - s - 1));
	a[colon - s - 1] = '\0';
	memcpy(b, colon + 1, (size_t)(close - colon - 1));
	b[close - colon - 1] = '\0';
	*end = close + 1;
	return parse_uint(a, UINT64_MAX, pkts) && parse_uint(b, UINT64_MAX, bytes);
}

static int set_policy(struct loader *ld, struct chain *c, const char *policy, int col)
{
	if (strcmp(policy, "-") == 0)
		return 0; /* iptables-restore leaves the policy as it is */
	if (strcmp(policy, "ACCEPT") == 0)
		c->policy = V_ACCEPT;
	else if (strcmp(policy, "DROP") == 0)
		c->policy = V_DROP;
	else
		return problem(ld, col, NULL,
			       "bad policy \"%s\" for built-in chain %s: expected ACCEPT or DROP",
			       policy, c->name);
	return 0;
}

/* ":CHAIN POLICY [p:b]" */
static int chain_line(struct loader *ld, const char *s)
{
	char name[64] = "", policy[32] = "";
	size_t pos = 1;
	int name_col = 1, policy_col = 1, counters_col;
	if (!next_word(s, &pos, name, sizeof(name), &name_col) || name_col != 1)
		return problem(ld, 1, NULL, "a chain name must follow \":\"");
	if (!next_word(s, &pos, policy, sizeof(policy), &policy_col))
		return problem(ld, (int)pos, NULL, "%s: the policy is missing (ACCEPT, DROP or -)",
			       name);
	char counters[64];
	uint64_t pkts = 0, bytes = 0;
	const char *end;
	if (next_word(s, &pos, counters, sizeof(counters), &counters_col) &&
	    (!parse_counters(counters, &pkts, &bytes, &end) || *end))
		return problem(ld, counters_col, NULL, "bad counters \"%s\": expected [PACKETS:BYTES]",
			       counters);
	if (ld->rep)
		ld->rep->chains++;
	struct chain *c = ruleset_chain(&ld->block, ld->table, name);
	if (c && c->builtin) {
		c->policy_pkts = pkts;
		c->policy_bytes = bytes;
		return set_policy(ld, c, policy, policy_col);
	}
	if (strcmp(policy, "-") != 0)
		return problem(ld, policy_col, NULL,
			       "%s is not a built-in chain of table %s: a user chain's policy is \"-\"",
			       name, table_name(ld->table));
	struct nf_error e = {.col = -1};
	if (!ruleset_new_chain(&ld->block, ld->table, name, &e))
		return problem(ld, name_col, NULL, "%s", e.msg);
	return 0;
}

/* --lenient: record the problems, then keep a stand-in naming the
 * extensions nfwalk lacks ("-m foo, -j BAR") or the refusal. */
static int keep_refused(struct loader *ld, struct chain *c, const char *args, int off,
			const struct nf_error *e)
{
	size_t before = ld->rep->n;
	rule_refused(ld, args, off, e);
	struct strbuf what = STRBUF_INIT;
	for (size_t i = before; i < ld->rep->n; i++)
		if (ld->rep->v[i].ext[0])
			sb_addf(&what, "%s%s", what.len ? ", " : "", ld->rep->v[i].ext);
	if (!what.len)
		sb_addf(&what, "this rule (%s)", ld->rep->n > before ? ld->rep->v[before].msg : e->msg);
	struct rule *r = rule_unevaluable(args, sb_str(&what), ld->line);
	sb_free(&what);
	struct nf_error ie = {.col = -1};
	if (ruleset_insert(&ld->block, ld->table, c, c->nrules, r, &ie) < 0) {
		rule_free(r);
		return 0;
	}
	ld->rep->rules_kept++;
	return 0;
}

/* "-A CHAIN ARGS" at offset off of line; counters from a "[p:b]" prefix. */
static int append_rule(struct loader *ld, const char *line, size_t off, bool has_counters,
		       uint64_t pkts, uint64_t bytes)
{
	char verb[16], chain[64];
	size_t pos = off;
	int verb_col, chain_col;
	next_word(line, &pos, verb, sizeof(verb), &verb_col);
	if (!next_word(line, &pos, chain, sizeof(chain), &chain_col))
		return problem(ld, (int)pos, NULL, "%s needs a chain name", verb);
	if (ld->rep)
		ld->rep->rules++;
	struct chain *c = ruleset_chain(&ld->block, ld->table, chain);
	if (!c)
		return problem(ld, chain_col, NULL,
			       "no chain %s in table %s: declare it first with \":%s - [0:0]\"", chain,
			       table_name(ld->table), chain);
	const char *args = line + pos;
	/* not zeroed whole (776 bytes for each of 50,000 rules): a refusal
	 * reads only col and the message its nf_err wrote */
	struct nf_error e;
	e.file[0] = e.msg[0] = '\0';
	e.line = 0;
	e.col = -1;
	struct rule *r = rule_parse_family(args, ld->dst->family, ld->table, chain, ld->line, &e);
	if (r && has_counters) {
		r->pkts = pkts;
		r->bytes = bytes;
	}
	if (r && ruleset_insert(&ld->block, ld->table, c, c->nrules, r, &e) < 0) {
		rule_free(r);
		r = NULL;
		e.col = -1; /* the rule as a whole */
	}
	if (!r && ld->rep && ld->rep->keep)
		return keep_refused(ld, c, args, (int)pos, &e);
	if (!r)
		return rule_refused(ld, args, (int)pos, &e);
	if (ld->rep)
		ld->rep->rules_loaded++;
	return 0;
}

/* Any other iptables command, as iptables-restore runs it in the table. */
static int other_command(struct loader *ld, const char *line, size_t off)
{
	struct strbuf cmd = STRBUF_INIT;
	sb_addf(&cmd, "-t %s ", table_name(ld->table));
	int prefix = (int)cmd.len - (int)off;
	sb_adds(&cmd, line + off);
	struct nf_error e = {.col = -1};
	int rc = ruleset_command(&ld->block, sb_str(&cmd), ld->line, &e);
	sb_free(&cmd);
	if (rc == 0)
		return 0;
	return problem(ld, e.col >= prefix ? e.col - prefix : (int)off, NULL, "%s", e.msg);
}

/* "[p:b] -A ..." or "-A ..." or another command. */
static int command_line(struct loader *ld, const char *line)
{
	uint64_t pkts = 0, bytes = 0;
	bool has_counters = line[0] == '[';
	const char *rest = line;
	if (has_counters && !parse_counters(line, &pkts, &bytes, &rest))
		return problem(ld, 0, NULL, "bad counters: expected [PACKETS:BYTES] before the rule");
	size_t off = (size_t)(rest - line);
	while (line[off] == ' ' || line[off] == '\t')
		off++;
	if (str_starts(line + off, "-A ") || str_starts(line + off, "--append "))
		return append_rule(ld, line, off, has_counters, pkts, bytes);
	if (has_counters)
		return problem(ld, (int)off, NULL, "counters [p:b] go only before -A");
	return other_command(ld, line, off);
}

static int commit(struct loader *ld)
{
	if (ld->skipping) {
		ld->skipping = false;
		return 0;
	}
	if (ld->table == TABLE_NONE)
		return problem(ld, 0, NULL, "COMMIT without a table: expected *TABLE before it");
	/* The block replaces the table: swap, then free what was there. */
	struct table old = ld->dst->t[ld->table];
	ld->dst->t[ld->table] = ld->block.t[ld->table];
	ld->block.t[ld->table] = old;
	ruleset_changed(ld->dst);
	ld->block.sets = NULL;
	ruleset_free(&ld->block);
	ld->table = TABLE_NONE;
	return 0;
}

static int content_line(struct loader *ld, const char *s)
{
	if (ld->skipping)
		return 0;
	if (ld->table == TABLE_NONE)
		return problem(ld, 0, NULL, "this line is outside a table: expected *TABLE first");
	if (s[0] == ':')
		return chain_line(ld, s);
	if (s[0] == '[' || s[0] == '-')
		return command_line(ld, s);
	return problem(ld, 0, NULL,
		       "unexpected line: expected :CHAIN POLICY [p:b], -A CHAIN ..., COMMIT or a "
		       "# comment");
}

static int one_line(struct loader *ld, const char *s)
{
	if (!s[0] || s[0] == '#')
		return 0;
	if (s[0] == '*')
		return table_start(ld, s);
	if (strcmp(s, "COMMIT") == 0)
		return commit(ld);
	return content_line(ld, s);
}

static bool any_table(const struct ruleset *rs)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		if (rs->t[t].loaded)
			return true;
	return false;
}

/* iptables-restore and ip6tables-restore read the same format: the text
 * says which one it is for (its header, its addresses, its extensions). */
static int adopt_family(struct loader *ld, const char *text)
{
	int fam = save_text_family(text);
	if (!fam || fam == ld->dst->family)
		return 0;
	if (!any_table(ld->dst)) {
		ld->dst->family = fam;
		return 0;
	}
	/* the whole file is refused, lenient or not */
	nf_err(ld->err, -1, "these are %s rules; they cannot be added to %s rules",
	       ruleset_program(fam), ruleset_program(ld->dst->family));
	str_copy(ld->err->file, sizeof(ld->err->file), ld->file);
	ld->err->line = 0;
	return -1;
}

int save_load_text(struct ruleset *rs, const char *file, const char *text,
		   struct save_report *rep, struct nf_error *err)
{
	struct nf_error scratch;
	struct loader ld = {.file = file, .dst = rs, .table = TABLE_NONE, .rep = rep,
			    .err = err ? err : &scratch};
	struct strbuf line = STRBUF_INIT;
	int rc = adopt_family(&ld, text);
	for (const char *p = text; *p && rc == 0;) {
		size_t n = strcspn(p, "\n");
		size_t keep = n;
		while (keep && (p[keep - 1] == '\r' || p[keep - 1] == ' ' || p[keep - 1] == '\t'))
			keep--;
		sb_reset(&line);
		sb_addn(&line, p, keep);
		ld.line++;
		rc = one_line(&ld, sb_str(&line));
		p += n + (p[n] == '\n');
	}
	sb_free(&line);
	if (rc == 0 && (ld.table != TABLE_NONE || ld.skipping)) {
		ld.line++;
		rc = problem(&ld, 0, NULL, "COMMIT expected: the table begun at line %d is not applied",
			     ld.table_line);
	}
	block_discard(&ld);
	if (rc < 0)
		return -1;
	return rep && rep->n ? 1 : 0;
}

/* The whole file; `-` is standard input, named <stdin>. */
static char *read_file(const char *path, struct nf_error *err)
{
	str_copy(err->file, sizeof(err->file), datapath_display_name(path));
	err->line = 0;
	FILE *f = datapath_is_stdin(path) ? stdin : fopen(path, "rb");
	if (!f) {
		nf_err(err, -1, "cannot read the rules: %s", strerror(errno));
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	bool has_nul = false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		has_nul |= memchr(buf, '\0', n) != NULL;
		sb_addn(&sb, buf, n); /* (a NUL refuses the file below) */
	}
	bool bad = ferror(f) || has_nul;
	if (f != stdin)
		fclose(f);
	if (bad) {
		nf_err(err, -1, "%s",
		       has_nul ? "not an iptables-save file (it holds NUL bytes)" : "read error");
		sb_free(&sb);
		return NULL;
	}
	return sb.s ? sb.s : xstrdup("");
}

int save_load_file(struct ruleset *rs, const char *path, struct save_report *rep,
		   struct nf_error *err)
{
	struct nf_error scratch;
	if (!err)
		err = &scratch;
	char *text = read_file(path, err);
	if (!text)
		return -1;
	/* the rules take some 8 bytes for each byte of their text */
	bool grown = heap_grow_huge(8 * strlen(text));
	int rc = save_load_text(rs, datapath_display_name(path), text, rep, err);
	heap_grow_done(grown);
	free(text);
	return rc;
}

void save_report_free(struct save_report *rep)
{
	free(rep->v);
	memset(rep, 0, sizeof(*rep));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void save_report_extensions(const struct save_report *rep, struct strbuf *out)
{
	const char **names = xcalloc(rep->n ? rep->n : 1, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < rep->n; i++)
		if (rep->v[i].ext[0])
			names[n++] = rep->v[i].ext;
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			sb_addf(out, "%s%s", out->len ? ", " : "", names[i]);
	free(names);
}

void save_problem_format(const char *file, const struct save_problem *p, char *buf, size_t n)
{
	struct nf_error e = {.line = p->line, .col = p->col};
	str_copy(e.file, sizeof(e.file), file);
	str_copy(e.msg, sizeof(e.msg), p->msg);
	nf_error_format(&e, buf, n);
}
