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
#include <stdarg.h>
#include <string.h>

#include "lib/datapath.h"
#include "ruleset/save.h"
#include "ruleset/save_scenario.h"

#include "scenario/session.h"

static void add_command(struct scenario *s, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_command(struct scenario *s, int line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	s->iptables = xrealloc(s->iptables, (s->niptables + 1) * sizeof(*s->iptables));
	s->iptables[s->niptables++] = (struct scn_line){.text = sb.s, .line = line, .col = 0};
}

static void add_table(struct scenario *s, const struct table *tb, enum nf_table t)
{
	const char *tn = table_name(t);
	add_command(s, 0, "-t %s -F", tn);
	add_command(s, 0, "-t %s -X", tn);
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		if (c->builtin)
			add_command(s, 0, "-t %s -P %s %s", tn, c->name, verdict_name(c->policy));
		else
			add_command(s, 0, "-t %s -N %s", tn, c->name);
	}
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		for (size_t k = 0; k < c->nrules; k++) {
			const struct rule *r = c->rules[k];
			const char *args = r->comment_text ? r->comment_text : "";
			add_command(s, r->src_line, "-t %s -A %s%s%s", tn, c->name, *args ? " " : "",
				    args);
		}
	}
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

int save_add_to_scenario(struct scenario *s, const char *path, FILE *problems,
			 struct nf_error *err)
{
	struct ruleset rs;
	struct save_report rep = {.keep = s->lenient};
	ruleset_init(&rs);
	/* the sets the rules name (--ipsets, `ipsets:`) exist first */
	int rc = scenario_apply_ipsets(s, &rs, err);
	if (rc == 0)
		rc = save_load_file(&rs, path, &rep, err);
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
				add_table(s, &rs.t[t], (enum nf_table)t);
	/* The tables as loaded stand for those lines: the engine takes them
	 * rather than parsing every rule a second time.  Not with stand-ins
	 * (--lenient) or -m recent's lists, which the lines rebuild. */
	if (rc == 0 && !s->preloaded && rep.rules_kept == 0 && !rs.recent &&
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

/* The rules of the scenario's host, or of the file alone. */
static int host_rules(const struct scenario *s, const char *rules_path, struct ruleset *rs,
		      FILE *problems, struct nf_error *err)
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
	}
	engine_free(&e);
	return rc;
}

int save_print_host(const struct scenario *s, const char *rules_path, FILE *out)
{
	struct ruleset rs;
	ruleset_init(&rs);
	struct nf_error err = {.col = -1};
	int rc = host_rules(s, rules_path, &rs, stderr, &err);
	if (rc == 0) {
		struct strbuf sb = STRBUF_INIT;
		save_print(&rs, &sb);
		fputs(sb_str(&sb), out);
		sb_free(&sb);
	} else {
		char msg[1024];
		nf_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "nfwalk: %s\n", msg);
	}
	ruleset_free(&rs);
	return rc ? 2 : 0;
}
