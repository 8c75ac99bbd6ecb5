/* save_scenario.c - `nfwalk --rules FILE`: an iptables-save file added to
 * a scenario's iptables section, so every front end (trace, checker, TUI,
 * capture) builds the same host.
 *
 * The file is loaded on its own first, so every line it cannot load is
 * reported at once with FILE:LINE:COL.  Then each of its tables becomes
 * the commands iptables-restore amounts to: flush the table and delete its
 * user chains (the table is replaced, as iptables-restore replaces it;
 * tables the file does not name keep the scenario's rules), set the
 * policies, create the user chains, and append each rule as it was
 * written. */
#include <string.h>

#include "lib/datapath.h"
#include "ruleset/save.h"
#include "ruleset/save_scenario.h"

#include "scenario/session.h"

/* One scenario line made of the parts (NULL ends them), copied as they
 * are: a file of 50,000 rules makes 50,000 lines, and printf read each
 * format byte by byte.  The array has room: add_table reserved it. */
static void add_line(struct scenario *s, int line, const char *const *parts)
{
	size_t len = 0, n[12], k;
	for (k = 0; parts[k] && k < ARRAY_SIZE(n); k++)
		len += n[k] = strlen(parts[k]);
	char *text = xmalloc(len + 1), *q = text;
	for (size_t i = 0; i < k; i++) {
		memcpy(q, parts[i], n[i]);
		q += n[i];
	}
	*q = '\0';
	s->iptables[s->niptables++] = (struct scn_line){.text = text, .line = line, .col = 0};
}

#define add_command(s, line, ...) add_line((s), (line), (const char *const[]){__VA_ARGS__, NULL})

/* The lines add_table makes for tb: room for them at once, not one
 * reallocation per line. */
static size_t table_lines(const struct table *tb)
{
	size_t n = 2;
	for (size_t i = 0; i < tb->nchains; i++)
		n += 1 + tb->chains[i]->nrules;
	return n;
}

/* IPv6 tables become ip6tables lines (the engine sends them to its
 * IPv6 rules); IPv4 ones stay bare, as they always were. */
static void add_table(struct scenario *s, const struct table *tb, enum nf_table t, int family)
{
	const char *tn = table_name(t);
	const char *prog = family == FAMILY_IPV6 ? "ip6tables " : "";
	s->iptables = xrealloc(s->iptables, (s->niptables + table_lines(tb)) * sizeof(*s->iptables));
	add_command(s, 0, prog, "-t ", tn, " -F");
	add_command(s, 0, prog, "-t ", tn, " -X");
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		if (c->builtin)
			add_command(s, 0, prog, "-t ", tn, " -P ", c->name, " ",
				    verdict_name(c->policy));
		else
			add_command(s, 0, prog, "-t ", tn, " -N ", c->name);
	}
	/* a chain's rules share "-t TABLE -A CHAIN ", made once */
	struct strbuf head = STRBUF_INIT;
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		sb_reset(&head);
		sb_adds(&head, prog);
		sb_adds(&head, "-t ");
		sb_adds(&head, tn);
		sb_adds(&head, " -A ");
		sb_adds(&head, c->name);
		for (size_t k = 0; k < c->nrules; k++) {
			const struct rule *r = c->rules[k];
			const char *args = r->comment_text ? r->comment_text : "";
			add_command(s, r->src_line, sb_str(&head), *args ? " " : "", args);
		}
	}
	sb_free(&head);
}

int save_report_print(const char *path, const struct save_report *rep, FILE *out)
{
	char line[1024];
	for (size_t i = 0; i < rep->n; i++) {
		save_problem_format(datapath_display_name(path), &rep->v[i], line, sizeof(line));
		fprintf(out, "nfwalk: %s\n", line);
	}
	return (int)rep->n;
}

/* --rules6 FILE must be ip6tables-save's. */
static int want_family(const struct ruleset *rs, int want, const char *path, struct nf_error *err)
{
	if (!want || rs->family == want)
		return 0;
	nf_err(err, -1, "these are iptables (IPv4) rules: --rules6 takes an ip6tables-save file "
			"(--rules takes either)");
	str_copy(err->file, sizeof(err->file), datapath_display_name(path));
	err->line = 0;
	return -1;
}

/* The file's tables as the lines that build them; want 0: the file's
 * family decides, FAMILY_IPV6: it must be IPv6. */
static int add_file(struct scenario *s, const char *path, int want, FILE *problems,
		    struct nf_error *err)
{
	struct ruleset rs;
	struct save_report rep = {.keep = s->lenient};
	ruleset_init_family(&rs, want ? want : FAMILY_IPV4);
	/* the sets the rules name (--ipsets, `ipsets:`) exist first; they
	 * are IPv4 sets, which ip6tables rules cannot name */
	int rc = want == FAMILY_IPV6 ? 0 : scenario_apply_ipsets(s, &rs, err);
	if (rc == 0)
		rc = save_load_file(&rs, path, &rep, err);
	if (rc >= 0 && want_family(&rs, want, path, err) < 0)
		rc = -2;
	if (rc == 1 && s->lenient) {
		/* --lenient: say what stays unevaluable, and go on */
		if (problems) {
			save_report_print(path, &rep, problems);
			fprintf(problems,
				"nfwalk: --lenient: %zu rule%s kept as stand-ins: a packet reaching one "
				"stops there (cannot evaluate)\n",
				rep.rules_kept, rep.rules_kept == 1 ? "" : "s");
		}
		rc = 0;
	}
	if (rc == -2)
		rc = -1;
	if (rc == 1) {
		struct strbuf ext = STRBUF_INIT;
		save_report_extensions(&rep, &ext);
		if (problems)
			save_report_print(path, &rep, problems);
		nf_err(err, -1, "%zu line%s could not be loaded%s%s", rep.n,
		       rep.n == 1 ? "" : "s", ext.len ? "; extensions nfwalk lacks: " : "",
		       sb_str(&ext));
		str_copy(err->file, sizeof(err->file), datapath_display_name(path));
		err->line = 0;
		sb_free(&ext);
		rc = -1;
	}
	size_t first = s->niptables;
	if (rc == 0)
		for (int t = 0; t < TABLE_COUNT; t++)
			if (rs.t[t].loaded)
				add_table(s, &rs.t[t], (enum nf_table)t, rs.family);
	/* The tables as loaded stand for those lines: the engine takes them
	 * rather than parsing every rule a second time.  Not with stand-ins
	 * (--lenient) or -m recent's lists, which the lines rebuild. */
	if (rc == 0 && !s->preloaded && rep.rules_kept == 0 && !rs.recent &&
	    rs.family != FAMILY_IPV6 &&
	    s->niptables > first) {
		s->preloaded = xcalloc(1, sizeof(*s->preloaded));
		s->preloaded->rs = rs;
		s->preloaded->first = first;
		s->preloaded->n = s->niptables - first;
		ruleset_init(&rs);
	}
	save_report_free(&rep);
	ruleset_free(&rs);
	return rc;
}

int save_add_to_scenario(struct scenario *s, const char *path, FILE *problems,
			 struct nf_error *err)
{
	return add_file(s, path, 0, problems, err);
}

int save_add6_to_scenario(struct scenario *s, const char *path, FILE *problems,
			  struct nf_error *err)
{
	return add_file(s, path, FAMILY_IPV6, problems, err);
}

/* The rules of the scenario's host (rs6: its IPv6 rules), or of the
 * file alone (rs, of the file's family). */
static int host_rules(const struct scenario *s, const char *rules_path, struct ruleset *rs,
		      struct ruleset *rs6, FILE *problems, struct nf_error *err)
{
	if (!s || rules_path) {
		/* the file alone (s: only its sets) */
		struct save_report rep = {0};
		int rc = s ? scenario_apply_ipsets(s, rs, err) : 0;
		if (rc == 0)
			rc = save_load_file(rs, rules_path, &rep, err);
		if (rc == 1)
			nf_err(err, -1, "%d line%s could not be loaded",
			       save_report_print(rules_path, &rep, problems), rep.n == 1 ? "" : "s");
		save_report_free(&rep);
		return rc ? -1 : 0;
	}
	struct engine e;
	int rc = session_open(&e, s, NULL, NULL, err);
	if (rc == 0) {
		/* take the ruleset over: swap it with the empty one given */
		struct ruleset built = e.rules;
		e.rules = *rs;
		*rs = built;
		built = e.rules6;
		e.rules6 = *rs6;
		*rs6 = built;
	}
	engine_free(&e);
	return rc;
}

int save_print_host(const struct scenario *s, const char *rules_path, FILE *out)
{
	struct ruleset rs, rs6;
	ruleset_init(&rs);
	ruleset_init_family(&rs6, FAMILY_IPV6);
	struct nf_error err = {.col = -1};
	int rc = host_rules(s, rules_path, &rs, &rs6, stderr, &err);
	if (rc == 0) {
		/* the IPv4 rules as they always printed, then any IPv6 ones */
		struct strbuf sb = STRBUF_INIT;
		if (rs.family != FAMILY_IPV6 || !save_has_tables(&rs6))
			save_print(&rs, &sb);
		if (save_has_tables(&rs6))
			save_print(&rs6, &sb);
		fputs(sb_str(&sb), out);
		sb_free(&sb);
	} else {
		char msg[1024];
		nf_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "nfwalk: %s\n", msg);
	}
	ruleset_free(&rs);
	ruleset_free(&rs6);
	return rc ? 2 : 0;
}
