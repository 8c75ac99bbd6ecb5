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
#include "whatif_diff.h"
#include "whatif_packet.h"

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

/* What-if builds the session's scenario again (tui_opts.reload); a
 * capture's packets come as they come and cannot be walked again. */
static bool can_whatif(struct tui_app *app)
{
	if (app->src->feed || !app->opts.reload || !replay_of(app->src)) {
		app_set_message(app, true, "what-if needs a scenario, the tour or a --packet question "
					   "(not a capture)");
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
	return out.s ? out.s : xstrdup(""); /* the buffer is the result */
}

/* The ruleset text (iptables-save) in place of fresh's tables, as
 * --rules adds a file; the first problem said as at load time. */
static int rules_into(struct scenario *fresh, const char *rules, struct nf_error *err, char *msg,
		      size_t n)
{
	char tmp[] = "/tmp/nfwalk-whatif.XXXXXX";
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		snprintf(msg, n, "what-if: cannot write a temporary file");
		return -1;
	}
	fputs(rules, f);
	fclose(f);
	char *problems = NULL;
	size_t plen = 0;
	FILE *pf = open_memstream(&problems, &plen);
	int rc = save_add_to_scenario(fresh, tmp, pf, err);
	if (pf)
		fclose(pf);
	unlink(tmp);
	if (rc != 0) {
		/* The first problem, as --rules reports it at load time. */
		char *nl = problems ? strchr(problems, '\n') : NULL;
		if (nl)
			*nl = '\0';
		const char *first = problems && problems[0] ? problems : err->msg;
		if (strncmp(first, "nfwalk: ", 8) == 0)
			first += 8;
		snprintf(msg, n, "what-if not applied: %s", first);
	}
	free(problems);
	return rc;
}

/* The session's scenario built again with the changes: the ruleset
 * rules (iptables-save text; NULL: as loaded) and each packet's line
 * (packet index given line, else the lines of earlier what-ifs).  0, or
 * -1 with msg said as at load time and err->col the column in line when
 * the line is at fault. */
static int rebuild(struct tui_app *app, const char *rules, size_t index, const char *line,
		   struct scenario *fresh, struct nf_error *err, char *msg, size_t n)
{
	struct whatif *w = &app->whatif;
	*err = (struct nf_error){.col = -1};
	if (app->opts.reload(app->opts.reload_ctx, fresh, err) != 0) {
		char why[700];
		nf_error_format(err, why, sizeof(why));
		snprintf(msg, n, "what-if: the scenario no longer loads: %.500s", why);
		err->col = -1;
		return -1;
	}
	if (rules && rules_into(fresh, rules, err, msg, n) != 0) {
		scenario_free(fresh);
		return -1;
	}
	for (size_t i = 0; i < fresh->npackets; i++) {
		const char *l = line && i == index ? line : i < w->npackets ? w->packets[i] : NULL;
		if (!l || packet_apply(fresh, i, l, err) == 0)
			continue;
		char where[48] = "";
		if (err->col >= 0)
			snprintf(where, sizeof(where), ", column %d", err->col + 1);
		snprintf(msg, n, "packet %zu%s: %s", i + 1, where, err->msg);
		if (i != index || !line)
			err->col = -1;
		scenario_free(fresh);
		return -1;
	}
	return 0;
}

/* Walk fresh instead, then mark what changed and say it after what. */
static void walk_changed(struct tui_app *app, struct scenario *fresh, const char *what)
{
	struct whatif *w = &app->whatif;
	struct walk_digest before, after;
	walk_digest_take(&before, &app->rec); /* while the old engine lives */
	adopt_scenario(app, replay_of(app->src), &w->scn, &w->have, fresh);
	walk_digest_take(&after, &app->rec);
	struct strbuf sb = STRBUF_INIT;
	w->edits++;
	w->nchanged = walk_digest_compare(&before, &after, w->changed, &sb);
	w->marks = w->nchanged > 0;
	if (app->run_error[0]) /* the walk stopped: say both */
		app_set_message(app, true, "what-if %d: %s: %s; then %s", w->edits, what, sb_str(&sb),
				app->run_error);
	else
		app_set_message(app, false, "what-if %d: %s: %s%s", w->edits, what, sb_str(&sb),
				w->marks ? " (Esc clears the marks)" : "");
	sb_free(&sb);
	walk_digest_free(&before);
	walk_digest_free(&after);
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
	struct scenario fresh;
	struct nf_error err;
	char msg[600];
	if (rebuild(app, next, 0, NULL, &fresh, &err, msg, sizeof(msg)) != 0) {
		free(next);
		app_set_message(app, true, "%s", msg);
		return;
	}
	free(w->rules);
	w->rules = next;
	char what[96];
	snprintf(what, sizeof(what), "%s %s %s",
		 op == OP_EDIT ? "edited" : op == OP_INSERT ? "inserted in" : "deleted from",
		 table_name(w->table), w->chain);
	walk_changed(app, &fresh, what);
}

void whatif_edit(struct tui_app *app)
{
	if (!can_whatif(app))
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
	if (!can_whatif(app))
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
	if (can_whatif(app)) {
		apply(app, OP_DELETE, "");
		app->sel_rule = 0;
	}
	return true;
}

/* The packet the current step belongs to (an answer's: the packet that
 * caused it), 1-based; 0 when there is none. */
static int current_packet(const struct tui_app *app)
{
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	int pkt = ev ? ev->pkt : 1;
	return pkt >= 1 && (size_t)pkt <= app->opts.scn->npackets ? pkt : 0;
}

void whatif_packet(struct tui_app *app)
{
	if (!can_whatif(app))
		return;
	int pkt = current_packet(app);
	if (!pkt) {
		app_set_message(app, false, "p edits the current packet, and there is none");
		return;
	}
	char label[32], line[256];
	snprintf(label, sizeof(label), "packet %d:", pkt);
	packet_line(&app->opts.scn->packets[pkt - 1], line, sizeof(line));
	app->whatif.packet = pkt;
	prompt_open(app, PROMPT_EDIT_PACKET, label, line);
}

/* The edited packet's line: walk again from the start with it, at the
 * packet's first step; a line that does not load keeps the editor open
 * on the word at fault. */
static void apply_packet(struct tui_app *app, const char *line)
{
	struct whatif *w = &app->whatif;
	size_t index = (size_t)w->packet - 1;
	struct scenario fresh;
	struct nf_error err;
	char msg[600];
	if (rebuild(app, w->rules, index, line, &fresh, &err, msg, sizeof(msg)) != 0) {
		if (err.col >= 0 || strncmp(msg, "packet ", 7) == 0)
			prompt_fail(app, PROMPT_EDIT_PACKET, err.col, msg);
		else
			app_set_message(app, true, "%s", msg);
		return;
	}
	if (w->npackets < fresh.npackets) {
		w->packets = xrealloc(w->packets, fresh.npackets * sizeof(*w->packets));
		memset(w->packets + w->npackets, 0, (fresh.npackets - w->npackets) * sizeof(*w->packets));
		w->npackets = fresh.npackets;
	}
	free(w->packets[index]);
	w->packets[index] = xstrdup(line);
	char what[48];
	snprintf(what, sizeof(what), "edited packet %d", w->packet);
	walk_changed(app, &fresh, what);
	size_t step;
	if (timeline_find(&app->tl, w->packet, 0, 0, &step))
		app_goto(app, step);
}

void whatif_apply(struct tui_app *app, int kind, const char *line)
{
	if (kind == PROMPT_EDIT_RULE)
		apply(app, OP_EDIT, line);
	else if (kind == PROMPT_INSERT_RULE)
		apply(app, OP_INSERT, line);
	else if (kind == PROMPT_EDIT_PACKET)
		apply_packet(app, line);
	else if (kind == PROMPT_WRITE_RULES)
		whatif_write_to(app, line);
}

bool whatif_clear_marks(struct tui_app *app)
{
	bool had = app->whatif.marks;
	app->whatif.marks = false;
	return had;
}

void whatif_free(struct tui_app *app)
{
	struct whatif *w = &app->whatif;
	if (w->have)
		scenario_free(&w->scn);
	w->have = false;
	free(w->rules);
	w->rules = NULL;
	for (size_t i = 0; i < w->npackets; i++)
		free(w->packets[i]);
	free(w->packets);
	w->packets = NULL;
	w->npackets = 0;
}
