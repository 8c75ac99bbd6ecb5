/* panel_rule.c - what happens at the current step, or at the selected
 * box: the rule being evaluated in iptables syntax with one line per test
 * ("--dport 80: no, packet has 443"), the target and what it rewrote, the
 * routing decision, the conntrack entry; with counters on (key c), the
 * box's chains as `iptables -L -v` lists them. */
#include "draw.h"

#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "listing.h"

#define LISTING_MAX 512

static attr_t el(const struct tui_app *app, enum theme_element e)
{
	return palette_attr(&app->pal, e);
}

static const char *yes_mark(const struct tui_app *app, bool ok)
{
	if (app->lines == LINES_UNICODE)
		return ok ? "\u2713" : "\u2717";
	return ok ? "+" : "-";
}

static void show_text(struct pane *p, const struct tui_app *app, const char *text)
{
	if (!text || !text[0])
		return;
	pane_add(p, el(app, EL_PANEL), " ");
	pane_wrap(p, el(app, EL_PANEL), text, 1);
	pane_newline(p);
}

static void show_rule_text(struct pane *p, const struct tui_app *app, const struct rec_event *re)
{
	if (rec_rule_text(re)) {
		pane_add(p, el(app, EL_PANEL), " ");
		pane_wrap(p, el(app, EL_PANEL) | A_BOLD, rec_rule_text(re), 3);
		pane_newline(p);
	}
}

static void show_results(struct pane *p, const struct tui_app *app, const struct event *ev)
{
	for (int i = 0; i < ev->nresults && !pane_full(p); i++) {
		const struct event_result *r = &ev->results[i];
		attr_t a = el(app, r->ok ? EL_MATCH_YES : EL_MATCH_NO);
		pane_addf(p, a, "  %s ", yes_mark(app, r->ok));
		pane_wrap(p, a, r->text, 4);
		pane_newline(p);
	}
	pane_addf(p, el(app, ev->matched ? EL_MATCH_YES : EL_MATCH_NO), "  -> %s",
		  ev->matched ? "the rule matches" : "no match: on to the next rule");
	pane_newline(p);
}

/* Every rewrite of the step, "dst 203.0.113.1 -> 10.0.0.2". */
static void show_rewrites(struct pane *p, const struct tui_app *app, const struct tl_step *s)
{
	for (size_t i = s->first; i <= s->last && !pane_full(p); i++) {
		const struct event *ev = &app->rec.v[i].ev;
		if (ev->kind != EV_REWRITE)
			continue;
		char line[160];
		snprintf(line, sizeof(line), "%s %s -> %s", pkt_field_name(ev->field), ev->old_val,
			 ev->new_val);
		pane_add(p, el(app, EL_REWRITE), "  ");
		pane_wrap(p, el(app, EL_REWRITE), line, 4);
		pane_newline(p);
	}
}

static void show_verdict(struct pane *p, const struct tui_app *app, const struct event *ev)
{
	attr_t a = el(app, EL_PANEL) | A_BOLD;
	/* ipchains verdicts carry their own name (DENY, MASQ, ...) */
	const char *name = ev->new_val[0] ? ev->new_val : verdict_name(ev->verdict);
	if (ev->policy)
		pane_addf(p, a, " no rule decided: the policy %s", name);
	else if (ev->verdict == V_RETURN)
		pane_addf(p, a, " end of %s: back to the calling chain", ev->chain ? ev->chain : "chain");
	else
		pane_addf(p, a, " verdict %s", name);
	pane_newline(p);
}

static void show_fate(struct pane *p, const struct tui_app *app, const struct event *ev)
{
	const struct stage_info *si = stage_info(ev->stage);
	pane_addf(p, el(app, EL_PANEL) | A_BOLD, " %s%s%s%s%s", fate_name(ev->fate),
		  si ? " at " : "", si ? si->title : "", ev->view->oif[0] ? " via " : "",
		  ev->view->oif);
	pane_newline(p);
}

/* The scenario's words about the packet, at its first step. */
static void show_note(struct pane *p, const struct tui_app *app, int pkt)
{
	const char *note = app->src->note ? app->src->note(app->src->ctx, pkt) : NULL;
	if (!note)
		return;
	pane_add(p, el(app, EL_LABEL), " ");
	pane_wrap(p, el(app, EL_LABEL), note, 1);
	pane_newline(p);
}

/* The current step, as it happens. */
static void show_step(struct pane *p, const struct tui_app *app)
{
	const struct tl_step *s = &app->tl.steps[app->step];
	const struct rec_event *re = &app->rec.v[s->first];
	const struct event *ev = &re->ev;
	if (ev->kind == EV_RULE || ev->kind == EV_TARGET)
		show_rule_text(p, app, re);
	if (ev->kind == EV_RULE)
		show_results(p, app, ev);
	if (ev->kind == EV_VERDICT)
		show_verdict(p, app, ev);
	if (ev->kind == EV_FATE)
		show_fate(p, app, ev);
	if (ev->kind != EV_RULE)
		show_text(p, app, ev->text);
	if (ev->kind == EV_PACKET && ev->sub == 0 && !app->narrate) /* else narrated */
		show_note(p, app, ev->pkt);
	if (ev->kind == EV_ROUTE)
		show_text(p, app, ev->view->oif[0] ? "" : "(local delivery: no output interface)");
	if (ev->detail)
		show_text(p, app, ev->detail);
	show_rewrites(p, app, s);
}

/* What the selected box did to this packet so far. */
static void show_box_events(struct pane *p, const struct tui_app *app, enum stage_id st)
{
	const struct tl_walk *w = &app->tl.walks[app->tl.steps[app->step].walk];
	bool any = false;
	for (size_t i = w->first_step; i <= app->step && !pane_full(p); i++) {
		const struct event *ev = timeline_step_event(&app->tl, i);
		if (ev->stage != st)
			continue;
		char line[256];
		describe_step(&app->tl, i, line, sizeof(line));
		pane_addf(p, el(app, i == app->step ? EL_LOG_CURRENT : EL_PANEL), " %3d ", ev->step);
		pane_wrap(p, el(app, i == app->step ? EL_LOG_CURRENT : EL_PANEL), line, 5);
		pane_newline(p);
		any = true;
	}
	if (!any) {
		const char *why = app->state.skipped[st]   ? "this packet skips this box"
				  : app->state.on_path[st] ? "the packet has not reached it yet"
							   : "the packet has not come here";
		show_text(p, app, why);
	}
}

static bool is_current_rule(const struct tui_app *app, const struct listing_row *row)
{
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	const struct stage_info *at = ev ? stage_info(ev->stage) : NULL;
	const struct stage_info *focus = stage_info(app_focus_stage(app));
	return app->sel_stage == ST_NONE && at && focus &&
	       (ev->kind == EV_RULE || ev->kind == EV_TARGET) && ev->chain &&
	       ev->rule == row->rule && strcmp(ev->chain, row->chain->name) == 0 &&
	       at->table == focus->table;
}

static void show_chain_heading(struct pane *p, const struct tui_app *app, enum nf_table t,
			       const struct chain *c)
{
	attr_t a = el(app, EL_PANEL) | A_BOLD;
	if (c->builtin)
		pane_addf(p, a, " Chain %s (policy %s %u packets)", c->name, verdict_name(c->policy),
			  counters_rule(&app->counts, t, c->name, 0));
	else
		pane_addf(p, a, " Chain %s", c->name);
	pane_newline(p);
}

static void show_listing_rule(struct pane *p, const struct tui_app *app, enum nf_table t,
			      const struct listing_row *row, int nth)
{
	const struct rule *r = row->chain->rules[row->rule - 1];
	bool marked = is_current_rule(app, row) ||
		      (app->sel_stage != ST_NONE && app->sel_rule == nth);
	attr_t a = el(app, marked ? EL_LOG_CURRENT : EL_PANEL);
	bool bp = bp_has_rule(&app->bp, t, row->chain->name, row->rule);
	pane_add(p, el(app, bp ? EL_BREAKPOINT : EL_PANEL), bp ? "*" : " ");
	struct strbuf sb = STRBUF_INIT;
	rule_format(r, &sb);
	pane_addf(p, a, "%5u %2d ", counters_rule(&app->counts, t, row->chain->name, row->rule),
		  row->rule);
	pane_wrap(p, a, sb_str(&sb), 10);
	sb_free(&sb);
	pane_newline(p);
}

/* An ipchains box: its built-in chain, then every user chain, as
 * `ipchains -L -v` would list them, with the walk's counters. */
static void show_ipchains_listing(struct pane *p, const struct tui_app *app, enum stage_id st)
{
	const struct ipchains *ic =
		app->src->ipchains_rules ? app->src->ipchains_rules(app->src->ctx) : NULL;
	size_t builtin = st == ST_IPCHAINS_INPUT ? IPC_INPUT : st == ST_IPCHAINS_FORWARD ? IPC_FORWARD
											      : IPC_OUTPUT;
	if (!ic || builtin >= ic->nchains)
		return;
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	pane_addf(p, el(app, EL_PANEL_TITLE), " %s", " pkts  # rule ");
	pane_newline(p);
	for (size_t k = 0; k < ic->nchains && !pane_full(p); k++) {
		const struct ipc_chain *c = &ic->chains[k];
		if (k != builtin && c->builtin)
			continue;
		attr_t h = el(app, EL_PANEL) | A_BOLD;
		if (c->builtin)
			pane_addf(p, h, " Chain %s (policy %s %u packets)", c->name,
				  ipc_verdict_name(c->policy), counters_rule(&app->counts, TABLE_NONE, c->name, 0));
		else
			pane_addf(p, h, " Chain %s", c->name);
		pane_newline(p);
		for (size_t i = 0; i < c->nrules && !pane_full(p); i++) {
			bool now = ev && (ev->kind == EV_RULE || ev->kind == EV_TARGET) && ev->chain &&
				   ev->rule == (int)i + 1 && strcmp(ev->chain, c->name) == 0 &&
				   stage_info(ev->stage)->kind == SK_IPCHAINS;
			attr_t a = el(app, now ? EL_LOG_CURRENT : EL_PANEL);
			struct strbuf sb = STRBUF_INIT;
			ipc_rule_format(&c->rules[i], &sb);
			pane_addf(p, a, " %5u %2zu ",
				  counters_rule(&app->counts, TABLE_NONE, c->name, (int)i + 1), i + 1);
			pane_wrap(p, a, sb_str(&sb), 10);
			sb_free(&sb);
			pane_newline(p);
		}
	}
}

static void show_listing(struct pane *p, const struct tui_app *app, enum stage_id st)
{
	if (stage_info(st)->kind == SK_IPCHAINS) {
		show_ipchains_listing(p, app, st);
		return;
	}
	const struct ruleset *rs = app->src->rules ? app->src->rules(app->src->ctx) : NULL;
	struct listing_row rows[LISTING_MAX];
	size_t n = chain_listing(rs, st, rows, LISTING_MAX);
	if (n == 0)
		return;
	enum nf_table t = stage_info(st)->table;
	pane_addf(p, el(app, EL_PANEL_TITLE), " %s", " pkts  # rule ");
	pane_newline(p);
	int nth = 0;
	for (size_t i = 0; i < n && !pane_full(p); i++) {
		if (rows[i].rule == 0)
			show_chain_heading(p, app, t, rows[i].chain);
		else
			show_listing_rule(p, app, t, &rows[i], ++nth);
	}
}

void panel_rule(const struct tui_app *app, const struct rect *r)
{
	struct pane p;
	pane_start(&p, r, el(app, EL_PANEL));
	if (app->tl.nsteps == 0) {
		pane_heading(&p, el(app, EL_PANEL_TITLE), "Rule");
		return;
	}
	enum stage_id focus = app_focus_stage(app);
	char head[160], place[96];
	if (app->sel_stage != ST_NONE) {
		snprintf(head, sizeof(head), "Selected: %s (Esc: follow the packet)",
			 stage_info(focus)->title);
		pane_heading(&p, el(app, EL_PANEL_TITLE), head);
		show_box_events(&p, app, focus);
	} else {
		const struct event *ev = timeline_step_event(&app->tl, app->step);
		describe_place(ev, place, sizeof(place));
		if (ev->rule > 0 && (ev->kind == EV_RULE || ev->kind == EV_TARGET))
			snprintf(head, sizeof(head), "Rule: %s, rule %d", place, ev->rule);
		else
			snprintf(head, sizeof(head), "Now: %s", place);
		pane_heading(&p, el(app, EL_PANEL_TITLE), head);
		show_step(&p, app);
	}
	if (app->show_counters || app->sel_stage != ST_NONE)
		show_listing(&p, app, focus);
}
