/* whatif_diff.c - what a what-if changed (see whatif_diff.h). */
#include "whatif_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sinks/answer.h"

static struct wd_walk *walk_of(struct walk_digest *d, int pkt, int sub)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].pkt == pkt && d->v[i].sub == sub)
			return &d->v[i];
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	struct wd_walk *w = &d->v[d->n++];
	memset(w, 0, sizeof(*w));
	w->pkt = pkt;
	w->sub = sub;
	w->fate = FATE_NONE;
	return w;
}

/* One event as it counts for its box: what a rule, a target, the chain,
 * routing, conntrack, tc or the stack decided, and what changed. */
static void event_word(const struct event *ev, struct strbuf *sb)
{
	switch (ev->kind) {
	case EV_RULE:
		sb_addf(sb, "%s#%d:%c ", ev->chain ? ev->chain : "", ev->rule, ev->matched ? 'y' : 'n');
		break;
	case EV_TARGET:
		sb_addf(sb, "T%d:%s ", ev->rule, verdict_name(ev->verdict));
		break;
	case EV_VERDICT:
		sb_addf(sb, "V:%s%s ", verdict_name(ev->verdict), ev->policy ? "/policy" : "");
		break;
	case EV_REWRITE:
		sb_addf(sb, "%s=%s ", pkt_field_name(ev->field), ev->new_val);
		break;
	case EV_ROUTE:
		sb_addf(sb, "R:%s ", ev->view->oif);
		break;
	case EV_CONNTRACK:
		sb_addf(sb, "C:%d ", (int)ev->view->ctinfo);
		break;
	case EV_QOS:
		sb_addf(sb, "Q:%x ", ev->view->priority);
		break;
	case EV_FATE:
		sb_addf(sb, "F:%s ", fate_name(ev->fate));
		break;
	default: /* entering is the box's presence; notes say nothing new */
		break;
	}
}

static void add_sig(struct wd_walk *w, enum stage_id st, const struct event *ev)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, w->sig[st] ? w->sig[st] : "");
	event_word(ev, &sb);
	free(w->sig[st]);
	w->sig[st] = xstrdup(sb_str(&sb));
	sb_free(&sb);
}

static void decided_of(const struct answer_pkt *p, char *buf, size_t n)
{
	const struct answer_rule *r = &p->decided;
	if (r->set && r->policy)
		snprintf(buf, n, "%s %s policy %s", table_name(r->table), r->chain,
			 verdict_name(r->verdict));
	else if (r->set)
		snprintf(buf, n, "%s %s rule %d", table_name(r->table), r->chain, r->rule);
	else if (p->where != ST_NONE)
		snprintf(buf, n, "%s", stage_info(p->where)->title);
	else
		buf[0] = '\0';
}

void walk_digest_take(struct walk_digest *d, const struct recording *rec)
{
	*d = (struct walk_digest){0};
	struct answer ans = {0};
	for (size_t i = 0; i < rec->n; i++) {
		const struct event *ev = &rec->v[i].ev;
		answer_sink(ev, &ans);
		struct wd_walk *w = walk_of(d, ev->pkt, ev->sub);
		if (ev->kind == EV_FATE)
			w->fate = ev->fate;
		if (ev->stage != ST_NONE && ev->stage >= 0 && ev->stage < ST_COUNT)
			add_sig(w, ev->stage, ev);
	}
	for (size_t i = 0; i < ans.n; i++)
		decided_of(&ans.v[i], walk_of(d, ans.v[i].pkt, ans.v[i].sub)->decided,
			   sizeof(d->v[0].decided));
	answer_free(&ans);
}

void walk_digest_free(struct walk_digest *d)
{
	for (size_t i = 0; i < d->n; i++)
		for (int s = 0; s < ST_COUNT; s++)
			free(d->v[i].sig[s]);
	free(d->v);
	*d = (struct walk_digest){0};
}

static const struct wd_walk *find(const struct walk_digest *d, int pkt, int sub)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].pkt == pkt && d->v[i].sub == sub)
			return &d->v[i];
	return NULL;
}

static bool sig_differs(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Mark the boxes where the two walks differ (either may be NULL); how many
 * newly marked. */
static int mark_boxes(const struct wd_walk *a, const struct wd_walk *b, bool changed[ST_COUNT],
		      bool mine[ST_COUNT])
{
	int n = 0;
	for (int s = 0; s < ST_COUNT; s++) {
		mine[s] = sig_differs(a ? a->sig[s] : NULL, b ? b->sig[s] : NULL);
		if (mine[s] && !changed[s]) {
			changed[s] = true;
			n++;
		}
	}
	return n;
}

static void label(const struct wd_walk *w, char *buf, size_t n)
{
	if (w->sub)
		snprintf(buf, n, "packet %d.%d", w->pkt, w->sub);
	else
		snprintf(buf, n, "packet %d", w->pkt);
}

/* One walk's change in words; false when nothing of it changed. */
static bool say_walk(const struct wd_walk *was, const struct wd_walk *now, const bool mine[ST_COUNT],
		     struct strbuf *sb)
{
	char who[32];
	label(now ? now : was, who, sizeof(who));
	if (!was) {
		sb_addf(sb, "%s is new: %s%s%s", who, fate_name(now->fate), now->decided[0] ? " at " : "",
			now->decided);
		return true;
	}
	if (!now) {
		sb_addf(sb, "%s (%s before) no longer happens", who, fate_name(was->fate));
		return true;
	}
	if (was->fate != now->fate) {
		sb_addf(sb, "%s: fate %s -> %s%s%s", who, fate_name(was->fate), fate_name(now->fate),
			now->decided[0] ? " at " : "", now->decided);
		return true;
	}
	if (strcmp(was->decided, now->decided) != 0) {
		sb_addf(sb, "%s: still %s, now at %s (was %s)", who, fate_name(now->fate),
			now->decided[0] ? now->decided : "no rule",
			was->decided[0] ? was->decided : "no rule");
		return true;
	}
	sb_addf(sb, "%s: same fate, changed at ", who);
	bool any = false;
	for (int s = 0; s < ST_COUNT; s++) {
		if (!mine[s])
			continue;
		sb_addf(sb, "%s%s", any ? ", " : "", stage_info((enum stage_id)s)->title);
		any = true;
	}
	return any; /* none: the caller drops the words */
}

int walk_digest_compare(const struct walk_digest *before, const struct walk_digest *after,
			bool changed[ST_COUNT], struct strbuf *sb)
{
	int boxes = 0, said = 0;
	bool mine[ST_COUNT];
	memset(changed, 0, ST_COUNT * sizeof(bool));
	/* The walks after, in order, then those that no longer happen. */
	for (size_t i = 0; i < after->n + before->n; i++) {
		const struct wd_walk *now = i < after->n ? &after->v[i] : NULL;
		const struct wd_walk *was = now ? find(before, now->pkt, now->sub) : &before->v[i - after->n];
		if (!now && find(after, was->pkt, was->sub))
			continue;
		boxes += mark_boxes(was, now, changed, mine);
		struct strbuf one = STRBUF_INIT;
		if (say_walk(was, now, mine, &one))
			sb_addf(sb, "%s%s", said++ ? "; " : "", sb_str(&one));
		sb_free(&one);
	}
	if (!said)
		sb_adds(sb, "no box or verdict changed");
	return boxes;
}
