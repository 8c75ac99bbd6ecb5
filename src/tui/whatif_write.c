/* whatif_write.c - key w: the ruleset with the what-if changes, written
 * where it came from.  Rules from --rules (or a host no file describes,
 * a --packet question) are written as iptables-save, which
 * iptables-restore and --rules read.  Rules from a scenario are written
 * as that scenario: its text with the `iptables:` block made the changed
 * ruleset (`-P`, `-N` and `-A` commands, `-t TABLE` but for filter) and
 * each edited packet's `send:` (or `reply:`) line replaced; every other
 * line as it was.  The written file is loaded again to check it. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* open_memstream */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "prompt.h"
#include "ruleset/save_scenario.h"
#include "whatif.h"

/* The scenario's own text (the tour's, or its file's); NULL when the
 * rules go out as iptables-save. */
static char *scenario_text(const struct tui_app *app, size_t *len)
{
	if (app->opts.rules_path)
		return NULL;
	if (app->opts.scn_text) {
		*len = app->opts.scn_len;
		return xstrndup(app->opts.scn_text, app->opts.scn_len);
	}
	const char *path = app->opts.scn ? app->opts.scn->path : NULL;
	FILE *f = path ? fopen(path, "rb") : NULL;
	if (!f)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addf(&sb, "%.*s", (int)n, buf);
	fclose(f);
	*len = sb.len;
	return sb.s ? sb.s : xstrdup("");
}

void whatif_write(struct tui_app *app)
{
	char initial[256];
	size_t len;
	char *text = scenario_text(app, &len);
	const char *path = app->opts.scn ? app->opts.scn->path : NULL;
	if (text) {
		snprintf(initial, sizeof(initial), "%s", app->opts.scn_text ? "tour.yaml" : path);
		prompt_open(app, PROMPT_WRITE_RULES, "write the scenario to:", initial);
	} else if (app->opts.rules_path) {
		snprintf(initial, sizeof(initial), "%s", app->opts.rules_path);
		prompt_open(app, PROMPT_WRITE_RULES, "write the ruleset (iptables-save) to:", initial);
	} else {
		snprintf(initial, sizeof(initial), "nfwalk.rules.v4");
		prompt_open(app, PROMPT_WRITE_RULES, "write the ruleset (iptables-save) to:", initial);
	}
	free(text);
}

/* --- the scenario's text, changed --- */

struct lines {
	const char **at; /* each line's start */
	size_t *len;     /* without its newline */
	size_t n;
};

static void split_lines(const char *text, size_t len, struct lines *l)
{
	*l = (struct lines){0};
	for (size_t i = 0; i <= len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (!nl && i == len)
			break;
		l->at = xrealloc(l->at, (l->n + 1) * sizeof(*l->at));
		l->len = xrealloc(l->len, (l->n + 1) * sizeof(*l->len));
		l->at[l->n] = text + i;
		l->len[l->n++] = end - i;
		i = end + 1;
	}
}

static void lines_free(struct lines *l)
{
	free(l->at);
	free(l->len);
}

/* The save text's tables as scenario commands, each after prefix. */
static void save_as_commands(const char *save, const char *prefix, bool quote, struct strbuf *out)
{
	struct strbuf heads = STRBUF_INIT, rules = STRBUF_INIT;
	char table[32] = "filter";
	for (const char *p = save; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) ? len : sizeof(line) - 1), p);
		char t[48] = "";
		if (strcmp(table, "filter") != 0)
			snprintf(t, sizeof(t), "-t %s ", table);
		char cmd[1100] = "", chain[64], policy[32] = "";
		if (line[0] == '*')
			str_copy(table, sizeof(table), line + 1);
		else if (line[0] == ':' && sscanf(line + 1, "%63s %31s", chain, policy) == 2)
			snprintf(cmd, sizeof(cmd), strcmp(policy, "-") == 0 ? "%s-N %s" : "%s-P %s %s", t,
				 chain, policy);
		else if (strncmp(line, "-A ", 3) == 0)
			snprintf(cmd, sizeof(cmd), "%s%s", t, line);
		if (cmd[0] && !(line[0] == ':' && strcmp(policy, "ACCEPT") == 0)) {
			struct strbuf *to = line[0] == ':' ? &heads : &rules;
			sb_adds(to, prefix);
			if (quote) {
				sb_adds(to, "\"");
				for (const char *c = cmd; *c; c++)
					sb_addf(to, "%s%c", *c == '"' || *c == '\\' ? "\\" : "", *c);
				sb_adds(to, "\"\n");
			} else {
				sb_addf(to, "%s\n", cmd);
			}
		}
		if (line[0] == '*' || strncmp(line, "COMMIT", 6) == 0) { /* a table's end */
			sb_adds(out, sb_str(&heads));
			sb_adds(out, sb_str(&rules));
			sb_reset(&heads);
			sb_reset(&rules);
		}
		p = nl ? nl + 1 : p + len;
	}
	sb_adds(out, sb_str(&heads));
	sb_adds(out, sb_str(&rules));
	sb_free(&heads);
	sb_free(&rules);
}

/* A value YAML takes as written, else double-quoted. */
static void yaml_value(const char *v, struct strbuf *out)
{
	bool plain = v[0] && !strchr("-?:,[]{}#&*!|>'\"%@`", v[0]) && !strstr(v, ": ") &&
		     !strstr(v, " #") && v[strlen(v) - 1] != ':' && v[strlen(v) - 1] != ' ';
	if (plain) {
		sb_adds(out, v);
		return;
	}
	sb_adds(out, "\"");
	for (const char *c = v; *c; c++)
		sb_addf(out, "%s%c", *c == '"' || *c == '\\' ? "\\" : "", *c);
	sb_adds(out, "\"");
}

/* The line of packet index (0-based) holding its send: or reply: key,
 * and where the key starts; -1 when not found. */
static long packet_key_line(const struct scenario *base, size_t index, const struct lines *l,
			    size_t *col)
{
	size_t first = (size_t)base->packets[index].line - 1;
	size_t last = index + 1 < base->npackets ? (size_t)base->packets[index + 1].line - 1 : l->n;
	for (size_t i = first; i < last && i < l->n; i++) {
		size_t c = 0;
		while (c < l->len[i] && (l->at[i][c] == ' ' || l->at[i][c] == '-'))
			c++;
		const char *s = l->at[i] + c;
		size_t rest = l->len[i] - c;
		if ((rest >= 5 && strncmp(s, "send:", 5) == 0) ||
		    (rest >= 6 && strncmp(s, "reply:", 6) == 0)) {
			*col = c;
			return (long)i;
		}
	}
	return -1;
}

/* Is line i a key beside an edited packet's send: that the edited line
 * says now (mark, ttl, tos, payload, mac: packet_line put them in it)? */
static bool said_by_line(const struct scenario *base, const struct whatif *w,
			 const struct lines *l, size_t i)
{
	static const char *const keys[] = {"mark:", "ttl:", "tos:", "payload:", "mac:"};
	for (size_t p = 0; p < w->npackets && p < base->npackets; p++) {
		size_t col;
		long kl = w->packets[p] && base->packets[p].line > 0
				  ? packet_key_line(base, p, l, &col) : -1;
		size_t last = p + 1 < base->npackets ? (size_t)base->packets[p + 1].line - 1 : l->n;
		if (kl < 0 || i <= (size_t)kl || i >= last)
			continue;
		size_t ind = 0;
		while (ind < l->len[i] && l->at[i][ind] == ' ')
			ind++;
		for (size_t k = 0; k < ARRAY_SIZE(keys) && ind == col; k++)
			if (l->len[i] - ind >= strlen(keys[k]) &&
			    strncmp(l->at[i] + ind, keys[k], strlen(keys[k])) == 0)
				return true;
	}
	return false;
}

/* The scenario text with the changes; NULL with why when its form is
 * not one this can change line by line. */
static char *changed_scenario(const struct tui_app *app, const char *text, size_t len,
			      const struct scenario *base, const char **why)
{
	const struct whatif *w = &app->whatif;
	struct lines l;
	split_lines(text, len, &l);
	/* The iptables block: its lines, and what comes before each command. */
	size_t from = l.n, to = 0;
	char prefix[64] = "  ";
	bool quote = false;
	if (w->rules && base->niptables) {
		for (size_t i = 0; i < base->niptables; i++) {
			size_t ln = (size_t)base->iptables[i].line - 1;
			from = ln < from ? ln : from;
			to = ln > to ? ln : to;
		}
		size_t col = (size_t)base->iptables[0].col;
		if (from >= l.n || col >= sizeof(prefix) || col > l.len[from] ||
		    memchr(l.at[from], ':', col) || memchr(l.at[from], '[', col) ||
		    memchr(l.at[from], '"', col) || memchr(l.at[from], '\'', col)) {
			lines_free(&l);
			*why = "its iptables: is not one command a line";
			return NULL;
		}
		snprintf(prefix, sizeof(prefix), "%.*s", (int)col, l.at[from]);
		quote = strchr(prefix, '-') != NULL; /* a list: "  - ..." */
	}
	struct strbuf out = STRBUF_INIT;
	for (size_t i = 0; i < l.n; i++) {
		if (i == from)
			save_as_commands(w->rules, prefix, quote, &out);
		if ((i >= from && i <= to) || said_by_line(base, w, &l, i))
			continue;
		size_t col;
		long pl = -1;
		size_t pi;
		for (pi = 0; pi < w->npackets && pi < base->npackets && pl < 0; pi++)
			if (w->packets[pi] && base->packets[pi].line > 0 &&
			    packet_key_line(base, pi, &l, &col) == (long)i)
				pl = (long)pi;
		if (pl < 0) {
			sb_addf(&out, "%.*s\n", (int)l.len[i], l.at[i]);
			continue;
		}
		const struct scn_packet *pk = &app->opts.scn->packets[pl];
		sb_addf(&out, "%.*s", (int)col, l.at[i]);
		if (pk->reply_to) {
			sb_addf(&out, "reply: %d\n", pk->reply_to);
		} else {
			sb_adds(&out, "send: ");
			yaml_value(w->packets[pl], &out);
			sb_adds(&out, "\n");
		}
	}
	if (w->rules && !base->niptables) {
		sb_adds(&out, "iptables: |\n");
		save_as_commands(w->rules, "  ", false, &out);
	}
	lines_free(&l);
	return out.s ? out.s : xstrdup("");
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The changed scenario into path, checked by loading it; 0 or -1 (the
 * message says why). */
static int write_scenario(struct tui_app *app, const char *path, const char *text, size_t len)
{
	struct scenario base;
	struct nf_error err = {.col = -1};
	if (app->opts.reload(app->opts.reload_ctx, &base, &err) != 0) {
		app_set_message(app, true, "not written: the scenario no longer loads: %s", err.msg);
		return -1;
	}
	const char *why = NULL;
	char *out = changed_scenario(app, text, len, &base, &why);
	scenario_free(&base);
	if (!out) {
		app_set_message(app, true, "not written: %s (w on a --rules session writes iptables-save)",
				why);
		return -1;
	}
	int rc = write_file(path, out);
	free(out);
	if (rc != 0) {
		app_set_message(app, true, "cannot write %s", path);
		return -1;
	}
	struct scenario check;
	if (scenario_load(path, &check, &err) != 0) {
		char msg[700];
		nf_error_format(&err, msg, sizeof(msg));
		app_set_message(app, true, "wrote %s, but it does not load: %s", path, msg);
		return -1;
	}
	scenario_free(&check);
	app_set_message(app, false, "wrote the scenario%s to %s", app->whatif.edits ?
				" with the what-if changes" : "", path);
	return 0;
}

void whatif_write_to(struct tui_app *app, const char *path)
{
	size_t len = 0;
	char *text = app->opts.reload ? scenario_text(app, &len) : NULL;
	if (text) {
		write_scenario(app, path, text, len);
		free(text);
		return;
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		app_set_message(app, true, "cannot write %s", path);
		return;
	}
	int rc = save_print_host(app->opts.scn, NULL, f);
	if (fclose(f) != 0 || rc != 0)
		app_set_message(app, true, "cannot write %s", path);
	else
		app_set_message(app, false, "wrote the ruleset%s to %s (iptables-restore reads it)",
				app->whatif.edits ? " with the what-if changes" : "", path);
}
