/* quiz.c - predictions before decisions (see quiz.h). */
#include "quiz.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lib/addr.h"

static struct quiz_question *new_question(struct tui_app *app, enum quiz_kind kind,
					  size_t step)
{
	struct quiz *qz = &app->quiz;
	if (qz->n == QUIZ_MAX)
		return NULL;
	struct quiz_question *q = &qz->q[qz->n];
	*q = (struct quiz_question){.kind = kind, .step = step, .given = -1};
	return q;
}

/* Place the right answer among the others, not always first. */
static void shuffle_in(struct quiz_question *q, const char *right, const char *wrong[],
		       int nwrong, size_t seed)
{
	int pos = (int)(seed % (size_t)(nwrong + 1));
	int w = 0;
	q->nchoices = nwrong + 1;
	for (int i = 0; i < q->nchoices; i++)
		snprintf(q->choices[i], sizeof(q->choices[i]), "%s", i == pos ? right : wrong[w++]);
	q->answer = pos;
	snprintf(q->keys, sizeof(q->keys), "%.*s", q->nchoices, "123");
}

/* The first drawn box of a hook, as the other road a packet could take. */
static enum stage_id first_box_of(const struct tui_app *app, enum nf_hook h)
{
	for (int st = 0; st < ST_COUNT; st++) {
		const struct stage_info *si = stage_info((enum stage_id)st);
		if (si->hook == h && si->kind == SK_CHAIN &&
		    diagram_box_of(&app->diagram, (enum stage_id)st))
			return (enum stage_id)st;
	}
	return ST_NONE;
}

static bool ask_next_box(struct tui_app *app, size_t next, const struct event *ev)
{
	if (next == 0 || ev->kind != EV_ENTER)
		return false;
	/* The box entered before this one must be a routing decision. */
	const struct tl_walk *w = &app->tl.walks[app->tl.steps[next].walk];
	const struct event *prev = NULL;
	for (size_t i = next; i-- > w->first_step;) {
		const struct event *e = timeline_step_event(&app->tl, i);
		if (e->kind == EV_ENTER) {
			prev = e;
			break;
		}
	}
	if (!prev || stage_info(prev->stage)->kind != SK_ROUTE)
		return false;
	const struct stage_info *right = stage_info(ev->stage);
	static const enum nf_hook hooks[] = {HOOK_INPUT, HOOK_FORWARD, HOOK_OUTPUT,
					     HOOK_POSTROUTING};
	const char *wrong[2];
	int nw = 0;
	for (size_t i = 0; i < ARRAY_SIZE(hooks) && nw < 2; i++) {
		enum stage_id alt = first_box_of(app, hooks[i]);
		if (alt != ST_NONE && hooks[i] != right->hook && alt != ev->stage)
			wrong[nw++] = stage_info(alt)->title;
	}
	if (nw == 0)
		return false;
	struct quiz_question *q = new_question(app, QZ_NEXT_BOX, next);
	if (!q)
		return false;
	snprintf(q->text, sizeof(q->text), "After %s, which box comes next?",
		 stage_info(prev->stage)->title);
	shuffle_in(q, right->title, wrong, nw, next);
	snprintf(q->reason, sizeof(q->reason), "%s", prev->text ? prev->text : "");
	const struct event *route = NULL;
	for (size_t i = next; i-- > w->first_step && !route;) {
		const struct event *e = timeline_step_event(&app->tl, i);
		if (e->kind == EV_ROUTE)
			route = e;
	}
	if (route && route->text)
		snprintf(q->reason, sizeof(q->reason), "routing said: %s", route->text);
	return true;
}

static bool ask_rule(struct tui_app *app, size_t next, const struct event *ev,
		     const struct rec_event *re)
{
	if (ev->kind != EV_RULE)
		return false;
	struct quiz_question *q = new_question(app, QZ_RULE, next);
	if (!q)
		return false;
	snprintf(q->text, sizeof(q->text), "%s %s rule %d: %s -- does it match?",
		 table_name(ev->table), ev->chain ? ev->chain : "", ev->rule,
		 rec_rule_text(re) ? rec_rule_text(re) : "");
	snprintf(q->keys, sizeof(q->keys), "yn");
	snprintf(q->choices[0], sizeof(q->choices[0]), "yes");
	snprintf(q->choices[1], sizeof(q->choices[1]), "no");
	q->nchoices = 2;
	q->answer = ev->matched ? 0 : 1;
	const char *why = "every test says yes";
	for (int i = 0; i < ev->nresults; i++)
		if (!ev->results[i].ok) {
			why = ev->results[i].text;
			break;
		}
	snprintf(q->reason, sizeof(q->reason), "%s", why);
	return true;
}

static bool ask_verdict(struct tui_app *app, size_t next, const struct event *ev)
{
	if (ev->kind != EV_VERDICT || !ev->policy || ev->table != TABLE_FILTER)
		return false;
	if (ev->verdict != V_ACCEPT && ev->verdict != V_DROP)
		return false;
	struct quiz_question *q = new_question(app, QZ_VERDICT, next);
	if (!q)
		return false;
	snprintf(q->text, sizeof(q->text),
		 "No rule of filter %s decided. What happens to the packet?",
		 ev->chain ? ev->chain : "");
	snprintf(q->keys, sizeof(q->keys), "ad");
	snprintf(q->choices[0], sizeof(q->choices[0]), "ACCEPT");
	snprintf(q->choices[1], sizeof(q->choices[1]), "DROP");
	q->nchoices = 2;
	q->answer = ev->verdict == V_ACCEPT ? 0 : 1;
	snprintf(q->reason, sizeof(q->reason), "the chain's policy is %s",
		 verdict_name(ev->verdict));
	return true;
}

/* Another address to offer: an interface address of the scenario. */
static void other_address(const struct tui_app *app, const char *a, const char *b, char *out,
			  size_t n)
{
	snprintf(out, n, "unchanged");
	const struct scenario *s = app->opts.scn;
	for (size_t i = 0; s && i < s->nifaces; i++)
		for (int k = 0; k < s->ifaces[i].ifc.naddr; k++) {
			char buf[ADDR_STRLEN];
			addr_fmt(s->ifaces[i].ifc.addr[k], buf);
			if (strcmp(buf, a) && strcmp(buf, b)) {
				snprintf(out, n, "%s", buf);
				return;
			}
		}
}

static bool ask_rewrite(struct tui_app *app, size_t next)
{
	const struct tl_step *s = &app->tl.steps[next];
	const struct event *rw = NULL;
	for (size_t i = s->first; i <= s->last && !rw; i++) {
		const struct event *e = timeline_event(&app->tl, i);
		if (e->kind == EV_REWRITE && (e->field == PF_SRC || e->field == PF_DST))
			rw = e;
	}
	if (!rw)
		return false;
	struct quiz_question *q = new_question(app, QZ_REWRITE, next);
	if (!q)
		return false;
	bool dst = rw->field == PF_DST;
	snprintf(q->text, sizeof(q->text), "%s rewrites the %s address %s. Into what?",
		 stage_info(rw->stage) ? stage_info(rw->stage)->title : "this box",
		 dst ? "destination" : "source", rw->old_val);
	char other[48];
	other_address(app, rw->old_val, rw->new_val, other, sizeof(other));
	const char *wrong[2] = {rw->old_val, other};
	shuffle_in(q, rw->new_val, wrong, 2, next);
	snprintf(q->reason, sizeof(q->reason), "%s", rw->text ? rw->text : "the NAT binding");
	return true;
}

bool quiz_before_step(struct tui_app *app, size_t next)
{
	struct quiz *qz = &app->quiz;
	if (!qz->on || qz->asking || next >= app->tl.nsteps || next < qz->asked_upto)
		return false;
	qz->asked_upto = next + 1;
	const struct event *ev = timeline_step_event(&app->tl, next);
	const struct rec_event *re = &app->rec.v[app->tl.steps[next].first];
	if (!ask_next_box(app, next, ev) && !ask_rule(app, next, ev, re) &&
	    !ask_verdict(app, next, ev) && !ask_rewrite(app, next))
		return false;
	qz->n++;
	qz->asking = true;
	app->running = false;
	return true;
}

const struct quiz_question *quiz_pending(const struct tui_app *app)
{
	return app->quiz.asking ? &app->quiz.q[app->quiz.n - 1] : NULL;
}

bool quiz_key(struct tui_app *app, int key)
{
	struct quiz *qz = &app->quiz;
	if (!qz->asking)
		return false;
	struct quiz_question *q = &qz->q[qz->n - 1];
	const char *k = key > 0 && key < 128 ? strchr(q->keys, key) : NULL;
	if (!k) {
		if (key == 'q' || key == 'Q' || key == 27)
			return false; /* quitting or leaving the quiz stays possible */
		app_set_message(app, false, "answer with %s", q->keys);
		return true;
	}
	q->given = (int)(k - q->keys);
	qz->asking = false;
	bool right = q->given == q->answer;
	if (right)
		qz->right++;
	app_goto(app, q->step);
	app_set_message(app, !right, "%s: %s (%s). Score %d/%zu", right ? "Right" : "Wrong",
			q->choices[q->answer], q->reason, qz->right, qz->n);
	return true;
}

void quiz_toggle(struct tui_app *app)
{
	struct quiz *qz = &app->quiz;
	qz->on = !qz->on;
	qz->asking = false;
	if (qz->on && qz->n == 0 && app->step > 0)
		qz->asked_upto = app->step + 1;
	app_set_message(app, false,
			qz->on ? "quiz on: before each decision, predict it (score %d/%zu)"
			       : "quiz off (score %d/%zu)",
			qz->right, qz->n);
}

void quiz_choices(const struct quiz_question *q, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < q->nchoices && used < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%c) %s", i ? "  " : "", q->keys[i],
				 q->choices[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static const char *const kind_names[] = {
	[QZ_NEXT_BOX] = "next-box", [QZ_RULE] = "rule-match", [QZ_VERDICT] = "verdict",
	[QZ_REWRITE] = "rewrite"};

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void quiz_report(const struct tui_app *app, FILE *f, bool json)
{
	const struct quiz *qz = &app->quiz;
	const char *who = getenv("USER");
	const struct scenario *s = app->opts.scn;
	const char *lesson = s && s->name ? s->name : "";
	const char *path = s && s->path ? s->path : "";
	size_t answered = 0;
	for (size_t i = 0; i < qz->n; i++)
		answered += qz->q[i].given >= 0;
	if (!json) {
		fprintf(f, "who: %s\nlesson: %s (%s)\nscore: %d/%zu\n", who ? who : "", lesson, path,
			qz->right, answered);
		for (size_t i = 0; i < qz->n; i++) {
			const struct quiz_question *q = &qz->q[i];
			if (q->given < 0)
				continue;
			fprintf(f, "%zu. [%s] %s\n   answered %s, %s: %s (%s)\n", i + 1,
				kind_names[q->kind], q->text, q->choices[q->given],
				q->given == q->answer ? "right" : "wrong", q->choices[q->answer],
				q->reason);
		}
		return;
	}
	fputs("{\"who\":", f);
	json_str(f, who ? who : "");
	fputs(",\"lesson\":", f);
	json_str(f, lesson);
	fputs(",\"file\":", f);
	json_str(f, path);
	fprintf(f, ",\"score\":%d,\"questions\":%zu,\"answers\":[", qz->right, answered);
	bool first = true;
	for (size_t i = 0; i < qz->n; i++) {
		const struct quiz_question *q = &qz->q[i];
		if (q->given < 0)
			continue;
		fputs(first ? "\n {\"kind\":" : ",\n {\"kind\":", f);
		first = false;
		json_str(f, kind_names[q->kind]);
		fputs(",\"question\":", f);
		json_str(f, q->text);
		fputs(",\"answer\":", f);
		json_str(f, q->choices[q->given]);
		fputs(",\"correct\":", f);
		json_str(f, q->choices[q->answer]);
		fprintf(f, ",\"right\":%s,\"reason\":", q->given == q->answer ? "true" : "false");
		json_str(f, q->reason);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

int quiz_report_file(const struct tui_app *app, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	size_t n = strlen(path);
	quiz_report(app, f, n > 5 && strcmp(path + n - 5, ".json") == 0);
	return fclose(f) == 0 ? 0 : -1;
}
