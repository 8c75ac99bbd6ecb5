/* whatif.c - editing rules and walking again (see whatif.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* mkstemp, open_memstream */
#endif
#include "whatif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "listing.h"
#include "present.h"
#include "prompt.h"
#include "replay.h"
#include "ruleset/save_scenario.h"

#define WHATIF_ROWS_MAX 512

enum op { OP_EDIT, OP_INSERT, OP_DELETE };

/* The selected rule as (table, chain, n); false when none. */
static bool selected(struct tui_app *app, bool rule_needed)
{
	struct whatif *w = &app->whatif;
	if (app->sel_stage == ST_NONE || !app->src->rules)
		return false;
	const struct stage_info *si = stage_info(app->sel_stage);
	if (si->table == TABLE_NONE)
		return false;
	w->table = si->table;
	struct listing_row rows[WHATIF_ROWS_MAX];
	size_t n = chain_listing(app->src->rules(app->src->ctx), app->sel_stage, rows,
				 WHATIF_ROWS_MAX);
	int row = app->sel_rule > 0 ? listing_rule_row(rows, n, app->sel_rule) : -1;
	if (row < 0) {
		if (rule_needed || n == 0)
			return false;
		str_copy(w->chain, sizeof(w->chain), rows[0].chain->name);
		w->rule = 0;
		return true;
	}
	str_copy(w->chain, sizeof(w->chain), rows[row].chain->name);
	w->rule = rows[row].rule;
	return true;
}

static bool from_file(struct tui_app *app)
{
	const struct scenario *s = app->opts.scn;
	if (app->src->feed || !s || !s->path || access(s->path, R_OK) != 0) {
		app_set_message(app, true, "what-if needs a scenario from a file (not the tour or a capture)");
		return false;
	}
	return true;
}

/* The host's rules now, as iptables-save prints them. */
static char *save_text(const struct scenario *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	save_print_host(s, NULL, f);
	fclose(f);
	return buf;
}

/* The rule's line in the save text ("-A CHAIN ..."), NULL if absent. */
static char *rule_line(const char *text, enum nf_table t, const char *chain, int nth)
{
	char head[48], a[48];
	snprintf(head, sizeof(head), "*%s", table_name(t));
	snprintf(a, sizeof(a), "-A %s ", chain);
	bool in = false;
	int k = 0;
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (p[0] == '*')
			in = len == strlen(head) && strncmp(p, head, len) == 0;
		else if (in && strncmp(p, a, strlen(a)) == 0 && ++k == nth)
			return xstrndup(p, len);
		p = end ? end + 1 : p + len;
	}
	return NULL;
}

/* The save text with the change made; NULL when the rule is gone. */
static char *changed_text(const char *text, enum nf_table t, const char *chain, int nth,
			  enum op op, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	char head[48], a[48];
	snprintf(head, sizeof(head), "*%s", table_name(t));
	snprintf(a, sizeof(a), "-A %s ", chain);
	bool in = false, done = false;
	int k = 0;
	for (const char *p = text; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		bool is_rule = in && strncmp(p, a, strlen(a)) == 0;
		if (p[0] == '*')
			in = len == strlen(head) && strncmp(p, head, len) == 0;
		if (in && !done && nth == 0 && op == OP_INSERT && strncmp(p, "COMMIT", 6) == 0) {
			sb_addf(&out, "%s\n", line); /* the chain's end */
			done = true;
		}
		if (is_rule && ++k == nth && !done) {
			done = true;
			if (op == OP_EDIT)
				sb_addf(&out, "%s\n", line);
			else if (op == OP_INSERT)
				sb_addf(&out, "%.*s\n%s\n", (int)len, p, line);
			/* OP_DELETE: leave it out */
		} else {
			sb_addf(&out, "%.*s\n", (int)len, p);
		}
		p = end ? end + 1 : p + len;
	}
	if (!done) {
		sb_free(&out);
		return NULL;
	}
	return xstrdup(sb_str(&out));
}

/* Per walk, its fate; to say what the change changed. */
struct before {
	int pkt[256], sub[256];
	enum fate fate[256];
	size_t n;
};

static void remember(const struct tui_app *app, struct before *b)
{
	b->n = 0;
	for (size_t i = 0; i < app->tl.nwalks && b->n < 256; i++) {
		const struct tl_walk *w = &app->tl.walks[i];
		const struct event *last = timeline_step_event(&app->tl, w->first_step + w->nsteps - 1);
		b->pkt[b->n] = w->pkt;
		b->sub[b->n] = w->sub;
		b->fate[b->n++] = last && last->kind == EV_FATE ? last->fate : FATE_COUNT;
	}
}

static void compare(const struct tui_app *app, const struct before *b, struct strbuf *sb)
{
	int changes = 0;
	for (size_t i = 0; i < app->tl.nwalks; i++) {
		const struct tl_walk *w = &app->tl.walks[i];
		const struct event *last = timeline_step_event(&app->tl, w->first_step + w->nsteps - 1);
		enum fate now = last && last->kind == EV_FATE ? last->fate : FATE_COUNT;
		for (size_t j = 0; j < b->n; j++)
			if (b->pkt[j] == w->pkt && b->sub[j] == w->sub && b->fate[j] != now &&
			    now != FATE_COUNT && b->fate[j] != FATE_COUNT) {
				sb_addf(sb, "%spacket %d%s: %s -> %s", changes++ ? "; " : "", w->pkt,
					w->sub ? " answer" : "", fate_name(b->fate[j]), fate_name(now));
			}
	}
	if (!changes)
		sb_addf(sb, "no packet's fate changed");
}

static void apply(struct tui_app *app, enum op op, const char *line)
{
	struct whatif *w = &app->whatif;
	if (op != OP_DELETE && strncmp(line, "-A ", 3) != 0) {
		app_set_message(app, true, "what-if not applied: a rule is written -A CHAIN ... "
					   "(d deletes one)");
		return;
	}
	char *text = save_text(app->opts.scn);
	char *next = text ? changed_text(text, w->table, w->chain, w->rule, op, line) : NULL;
	free(text);
	if (!next) {
		app_set_message(app, true, "what-if: %s %s rule %d is not in the ruleset",
				table_name(w->table), w->chain, w->rule);
		return;
	}
	char tmp[] = "/tmp/nfwalk-whatif.XXXXXX";
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		free(next);
		app_set_message(app, true, "what-if: cannot write a temporary file");
		return;
	}
	fputs(next, f);
	fclose(f);
	free(next);
	struct scenario fresh;
	struct nf_error err = {.col = -1};
	int rc = scenario_load(app->opts.scn->path, &fresh, &err);
	if (rc == 0) {
		char *problems = NULL;
		size_t plen = 0;
		FILE *pf = open_memstream(&problems, &plen);
		rc = save_add_to_scenario(&fresh, tmp, pf, &err);
		if (pf)
			fclose(pf);
		if (rc != 0) {
			scenario_free(&fresh);
			/* The first problem, as --rules reports it at load time. */
			char *nl = problems ? strchr(problems, '\n') : NULL;
			if (nl)
				*nl = '\0';
			app_set_message(app, true, "what-if not applied: %s",
					problems && problems[0] ? problems + (strncmp(problems, "nfwalk: ", 8) ? 0 : 8)
								: err.msg);
		}
		free(problems);
	} else {
		app_set_message(app, true, "what-if: the scenario no longer loads: %s", err.msg);
	}
	unlink(tmp);
	if (rc != 0)
		return;
	struct replay *rp = replay_of(app->src);
	if (!rp) {
		scenario_free(&fresh);
		return;
	}
	struct before b;
	remember(app, &b);
	adopt_scenario(app, rp, &w->scn, &w->have, &fresh);
	w->edits++;
	struct strbuf sb = STRBUF_INIT;
	compare(app, &b, &sb);
	if (!app->run_error[0])
		app_set_message(app, false, "what-if %d: %s %s %s; walked again: %s", w->edits,
				op == OP_EDIT ? "edited" : op == OP_INSERT ? "inserted in" : "deleted from",
				table_name(w->table), w->chain, sb_str(&sb));
	sb_free(&sb);
}

void whatif_edit(struct tui_app *app)
{
	if (!from_file(app))
		return;
	if (!selected(app, true)) {
		app_set_message(app, false, "e edits a rule: select one first (g, then [ ])");
		return;
	}
	char *text = save_text(app->opts.scn);
	char *line = text ? rule_line(text, app->whatif.table, app->whatif.chain,
				      app->whatif.rule)
			  : NULL;
	char label[80];
	snprintf(label, sizeof(label), "edit %s:", table_name(app->whatif.table));
	prompt_open(app, PROMPT_EDIT_RULE, label, line ? line : "");
	free(line);
	free(text);
}

void whatif_insert(struct tui_app *app)
{
	if (!from_file(app))
		return;
	if (!selected(app, false)) {
		app_set_message(app, false, "i inserts a rule: select a box or a rule first (g, [ ])");
		return;
	}
	char label[80], initial[64];
	snprintf(label, sizeof(label), "insert in %s:", table_name(app->whatif.table));
	snprintf(initial, sizeof(initial), "-A %s ", app->whatif.chain);
	prompt_open(app, PROMPT_INSERT_RULE, label, initial);
}

bool whatif_delete(struct tui_app *app)
{
	if (app->sel_rule <= 0 || !selected(app, true))
		return false;
	if (from_file(app)) {
		apply(app, OP_DELETE, "");
		app->sel_rule = 0;
	}
	return true;
}

void whatif_write(struct tui_app *app)
{
	/* Beside the scenario: office.yaml -> office.rules.v4. */
	char initial[256];
	const struct scenario *s = app->opts.scn;
	const char *path = s && s->path && access(s->path, R_OK) == 0 ? s->path : "nfwalk.yaml";
	size_t len = strlen(path);
	if (len > 5 && strcmp(path + len - 5, ".yaml") == 0)
		len -= 5;
	snprintf(initial, sizeof(initial), "%.*s.rules.v4", (int)len, path);
	prompt_open(app, PROMPT_WRITE_RULES, "write the ruleset (iptables-save) to:", initial);
}

void whatif_apply(struct tui_app *app, int kind, const char *line)
{
	if (kind == PROMPT_EDIT_RULE)
		apply(app, OP_EDIT, line);
	else if (kind == PROMPT_INSERT_RULE)
		apply(app, OP_INSERT, line);
	else if (kind == PROMPT_WRITE_RULES) {
		FILE *f = fopen(line, "w");
		if (!f) {
			app_set_message(app, true, "cannot write %s", line);
			return;
		}
		int rc = save_print_host(app->opts.scn, NULL, f);
		if (fclose(f) != 0 || rc != 0)
			app_set_message(app, true, "cannot write %s", line);
		else
			app_set_message(app, false, "wrote the ruleset%s to %s (iptables-restore reads it)",
					app->whatif.edits ? " with the what-if changes" : "", line);
	}
}

void whatif_free(struct tui_app *app)
{
	if (app->whatif.have)
		scenario_free(&app->whatif.scn);
	app->whatif.have = false;
}
