/* narration.c - what the narration panel says (see narration.h). */
#include "narration.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "explain.h"
#include "scenario/scenario.h"

bool narration_in(const struct scenario *s)
{
	if (!s)
		return false;
	if ((s->description && s->description[0]) || s->notes.n || s->ngoals)
		return true;
	for (size_t i = 0; i < s->npackets; i++)
		if ((s->packets[i].note && s->packets[i].note[0]) || s->packets[i].notes.n)
			return true;
	return false;
}

int narration_rows(int rows)
{
	return rows >= 40 ? 5 : rows >= 30 ? 4 : 3;
}

static void add(struct narration *n, const char *fmt, const char *s)
{
	size_t used = strlen(n->text);
	snprintf(n->text + used, sizeof(n->text) - used, fmt, s);
}

/* A scenario's text as paragraphs: a single line break is a space (YAML
 * blocks break lines where the author's editor did), a blank line
 * starts a paragraph. */
static void add_text(struct narration *n, const char *s)
{
	size_t used = strlen(n->text);
	while (*s && used + 1 < sizeof(n->text)) {
		if (*s == '\n') {
			bool para = s[1] == '\n';
			while (*s == '\n')
				s++;
			n->text[used++] = para ? '\n' : ' ';
			continue;
		}
		n->text[used++] = *s++;
	}
	n->text[used] = '\0';
}

/* (scn_note_for, without linking the YAML reader into the TUI.) */
static const char *note_for(const struct scn_notes *notes, int stage)
{
	for (size_t i = 0; i < notes->n; i++)
		if (notes->v[i].stage == stage)
			return notes->v[i].text;
	return NULL;
}

static const struct scn_packet *packet_of(const struct scenario *s, int pkt)
{
	return s && pkt >= 1 && (size_t)pkt <= s->npackets ? &s->packets[pkt - 1] : NULL;
}

/* The start: the scenario's description and goals. */
static bool describe_scenario(const struct scenario *s, struct narration *n)
{
	if (!s || ((!s->description || !s->description[0]) && !s->ngoals))
		return false;
	snprintf(n->heading, sizeof(n->heading), "%s", s->name ? s->name : "This scenario");
	if (s->description && s->description[0]) {
		add_text(n, s->description);
		add(n, "%s", "\n");
	}
	for (size_t i = 0; i < s->ngoals; i++)
		add(n, i ? "  - %s\n" : "Goals:  - %s\n", s->goals[i]);
	return true;
}

void narration_at(const struct tui_app *app, struct narration *n)
{
	*n = (struct narration){0};
	const struct scenario *s = app->opts.scn;
	if (app->tl.nsteps == 0) {
		if (!describe_scenario(s, n))
			snprintf(n->heading, sizeof(n->heading), "Nothing was walked");
		return;
	}
	const struct tl_walk *w = &app->tl.walks[app->tl.steps[app->step].walk];
	const char *said = NULL;
	char said_where[96] = "";
	for (size_t i = w->first_step; i <= app->step; i++) {
		const struct event *ev = timeline_step_event(&app->tl, i);
		const struct scn_packet *pk = packet_of(s, ev->pkt);
		if (ev->kind == EV_PACKET && ev->sub == 0 && pk && pk->note && pk->note[0]) {
			said = pk->note;
			snprintf(said_where, sizeof(said_where), "Packet %d", ev->pkt);
		}
		if (ev->kind != EV_ENTER || !s)
			continue;
		const char *note = pk ? note_for(&pk->notes, ev->stage) : NULL;
		if (!note)
			note = note_for(&s->notes, ev->stage);
		if (note) {
			said = note;
			snprintf(said_where, sizeof(said_where), "%s", stage_info(ev->stage)->title);
		}
	}
	/* The first step: the scenario's own introduction, then the first
	 * packet's note; from the next step on, that note alone. */
	if (app->step == 0 && describe_scenario(s, n)) {
		if (said)
			add_text(n, said);
		return;
	}
	if (said) {
		snprintf(n->heading, sizeof(n->heading), "%s", said_where);
		add_text(n, said);
		return;
	}
	enum stage_id st = app->state.current;
	const char *builtin = st != ST_NONE ? explain_box(st) : NULL;
	if (builtin) {
		snprintf(n->heading, sizeof(n->heading), "%s (nfwalk(7))", stage_info(st)->title);
		add(n, "%s", builtin);
		n->builtin = true;
	}
}
