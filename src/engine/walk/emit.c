/* emit.c - build event records and hand them to the engine's sink. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/walk/walker.h"

void emit(struct walker *w, enum event_kind k, const struct emit_args *a, const char *fmt, ...)
{
	static const struct emit_args none;
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!a)
		a = &none;

	const struct stage_info *si = stage_info(w->stage);
	struct event ev = {
		.kind = k,
		.pkt = w->pkt,
		.sub = w->sub,
		.step = ++w->step,
		.stage = w->stage,
		.hook = si ? si->hook : HOOK_NONE,
		.table = si ? si->table : TABLE_NONE,
		.chain = a->chain,
		.rule = a->rule,
		.rule_ptr = a->rule_ptr,
		.matched = a->matched,
		.results = a->results,
		.nresults = a->nresults,
		.verdict = a->verdict,
		.policy = a->policy,
		.field = a->field,
		.fate = w->fate,
		.text = text,
		.detail = a->detail,
		.jump = a->jump,
		.packet = w->p,
	};
	if (a->old_val)
		str_copy(ev.old_val, sizeof(ev.old_val), a->old_val);
	if (a->new_val)
		str_copy(ev.new_val, sizeof(ev.new_val), a->new_val);
	pkt_view_of(w->p, &ev.view);
	if (w->e->sink)
		w->e->sink(&ev, w->e->sink_ctx);
}

void emit_rewrites(struct walker *w, const struct pkt_view *before, bool with_oif,
		   const char *why)
{
	struct pkt_view now;
	pkt_view_of(w->p, &now);
	for (int f = 0; f < PF_COUNT; f++) {
		if (f == PF_OIF && !with_oif)
			continue;
		char old_val[48], new_val[48];
		pkt_view_field(before, (enum pkt_field)f, old_val, sizeof(old_val));
		pkt_view_field(&now, (enum pkt_field)f, new_val, sizeof(new_val));
		if (strcmp(old_val, new_val) == 0)
			continue;
		struct emit_args a = {.field = (enum pkt_field)f,
				      .old_val = old_val,
				      .new_val = new_val};
		emit(w, EV_REWRITE, &a, "%s: %s %s -> %s", why, pkt_field_name((enum pkt_field)f),
		     old_val, new_val);
	}
}

void walker_spawn(struct walker *w, struct packet *p)
{
	if (!p)
		return;
	if (p->t == 0)
		p->t = w->p->t; /* an answer leaves when its cause arrived */
	if (w->nspawn >= WALK_MAX_SPAWN) {
		packet_free(p);
		return;
	}
	w->spawn[w->nspawn++] = p;
}
