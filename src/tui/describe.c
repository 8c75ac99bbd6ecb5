/* describe.c - one-line summaries of steps. */
#include "describe.h"

#include <stdio.h>

void describe_walk(const struct event *ev, char *buf, size_t n)
{
	if (ev->sub > 0)
		snprintf(buf, n, "packet %d, answer %d", ev->pkt, ev->sub);
	else
		snprintf(buf, n, "packet %d", ev->pkt);
}

void describe_place(const struct event *ev, char *buf, size_t n)
{
	if (ev->table != TABLE_NONE && ev->chain)
		snprintf(buf, n, "%s %s", table_name(ev->table), ev->chain);
	else if (ev->chain && stage_info(ev->stage) && stage_info(ev->stage)->kind == SK_IPCHAINS)
		snprintf(buf, n, "ipchains %s", ev->chain); /* user chains too */
	else if (stage_info(ev->stage))
		snprintf(buf, n, "%s", stage_info(ev->stage)->title);
	else
		snprintf(buf, n, "-");
}

/* The failing test of a rule, or "match". */
static const char *rule_outcome(const struct event *ev)
{
	if (ev->matched)
		return "matches";
	for (int i = 0; i < ev->nresults; i++)
		if (!ev->results[i].ok)
			return ev->results[i].text;
	return "no match";
}

static void describe_rule(const struct event *ev, const char *place, char *buf, size_t n)
{
	snprintf(buf, n, "%s rule %d: %s", place, ev->rule, rule_outcome(ev));
}

static void describe_verdict(const struct event *ev, const char *place, char *buf, size_t n)
{
	if (ev->new_val[0]) /* ipchains: its own words (DENY, MASQ, ...) */
		snprintf(buf, n, "%s", ev->text ? ev->text : ev->new_val);
	else if (ev->policy)
		snprintf(buf, n, "%s policy %s", place, verdict_name(ev->verdict));
	else if (ev->rule == 0)
		snprintf(buf, n, "%s ends: %s", place, verdict_name(ev->verdict));
	else
		snprintf(buf, n, "%s verdict %s (rule %d)", place, verdict_name(ev->verdict),
			 ev->rule);
}

static void describe_enter(const struct event *ev, const char *place, char *buf, size_t n)
{
	snprintf(buf, n, "> %s", place);
}

static void describe_fate(const struct event *ev, const char *place, char *buf, size_t n)
{
	const char *text = ev->text ? ev->text : "";
	snprintf(buf, n, "fate: %s%s%s", fate_name(ev->fate), text[0] ? ": " : "", text);
}

static void describe_packet(const struct event *ev, const char *place, char *buf, size_t n)
{
	char walk[48];
	describe_walk(ev, walk, sizeof(walk));
	snprintf(buf, n, "%s: %s", walk, ev->text ? ev->text : "");
}

static void describe_text(const struct event *ev, const char *place, char *buf, size_t n)
{
	snprintf(buf, n, "%s: %s", place, ev->text ? ev->text : "");
}

typedef void (*describer)(const struct event *ev, const char *place, char *buf, size_t n);

/* Kinds not listed say where they happen and what the engine wrote. */
static const describer describers[EV_COUNT] = {
	[EV_PACKET] = describe_packet,
	[EV_ENTER] = describe_enter,
	[EV_RULE] = describe_rule,
	[EV_VERDICT] = describe_verdict,
	[EV_FATE] = describe_fate,
};

void describe_step(const struct timeline *tl, size_t step, char *buf, size_t n)
{
	const struct event *ev = timeline_step_event(tl, step);
	if (!ev) {
		snprintf(buf, n, "nothing recorded");
		return;
	}
	char place[96];
	if (ev->kind == EV_ENTER && stage_info(ev->stage))
		snprintf(place, sizeof(place), "%s", stage_info(ev->stage)->title);
	else
		describe_place(ev, place, sizeof(place));
	describer d = (int)ev->kind >= 0 && ev->kind < EV_COUNT && describers[ev->kind]
			      ? describers[ev->kind]
			      : describe_text;
	d(ev, place, buf, n);
}
