/* emit.c - build event records and hand them to the engine's sink. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strnlen */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/walk/walker.h"
#include "lib/fmt.h"

/* An event's sentence is cut at this many bytes (as vsnprintf into 512
 * bytes cut it). */
enum { TEXT_MAX = 511 };

/* Does a sink read the sentence of an event of kind k? */
static bool reads_text(const struct walker *w, enum event_kind k)
{
	return (w->e->wants.what & EVW_TEXT) && !(w->e->wants.textless_kinds & EV_BIT(k));
}

static inline void deliver(struct walker *w, enum event_kind k, const struct emit_args *a,
			   const char *text, size_t text_len) __attribute__((always_inline));

/* emit()'s wanted events (walker.h counted the step). */
void emit_built(struct walker *w, enum event_kind k, const struct emit_args *a, const char *fmt, ...)
{
	/* The sentence, through sb_vaddf's printf without printf; the
	 * buffer is reused. */
	static struct strbuf said;
	const char *text = "";
	size_t text_len = 0;
	if (reads_text(w, k)) {
		va_list ap;
		va_start(ap, fmt);
		if (fmt[0] == '%' && fmt[1] == 's' && fmt[2] == '\0') {
			/* a sentence the caller built: lent, not copied, when
			 * it needs no cut */
			const char *s = va_arg(ap, const char *);
			text = s ? s : "(null)";
			text_len = strnlen(text, TEXT_MAX + 1);
		} else {
			sb_reset(&said);
			sb_vaddf(&said, fmt, ap);
			text = sb_str(&said);
			text_len = strlen(text); /* said.len but for a NUL a %c put in */
		}
		va_end(ap);
	}
	deliver(w, k, a, text, text_len);
}

void emit_said(struct walker *w, enum event_kind k, const struct emit_args *a, const char *text,
	       size_t n)
{
	if (reads_text(w, k))
		deliver(w, k, a, text, n);
	else
		deliver(w, k, a, "", 0);
}

/* A rewrite's value of n bytes (0: unknown) as the event carries it:
 * the caller's string (values are strings), or, longer than the event
 * promises, its first EVENT_VAL_MAX - 1 bytes in cut. */
static const char *val_fit(const char *val, size_t n, char cut[EVENT_VAL_MAX])
{
	if (!n)
		n = strlen(val);
	if (n < EVENT_VAL_MAX)
		return val;
	str_copy_n(cut, EVENT_VAL_MAX, val, n);
	return cut;
}

/* The event, its sentence text[0, text_len) (cut at TEXT_MAX), to the
 * sink.  In line in both entry points: one call less for each of the
 * thirty-odd events a packet's trace makes. */
static inline void deliver(struct walker *w, enum event_kind k, const struct emit_args *a,
		    const char *text, size_t text_len)
{
	static const struct emit_args none;
	static struct strbuf cut;
	if (text_len > TEXT_MAX) {
		sb_reset(&cut);
		sb_addn(&cut, text, TEXT_MAX);
		text = cut.s;
		text_len = TEXT_MAX;
	}
	int step = w->step;
	if (!a)
		a = &none;

	const struct stage_info *si = stage_info(w->stage);
	/* Every field is set one by one: a `struct event ev = {...}` zeroes
	 * the whole record (values and view, some 300 bytes) for each of the
	 * dozen events a packet makes, which was most of a summary run's
	 * emit.  A field added to struct event is set here too. */
	struct event ev;
	ev.kind = k;
	ev.pkt = w->pkt;
	ev.sub = w->sub;
	ev.step = step;
	ev.stage = w->stage;
	ev.hook = si ? si->hook : HOOK_NONE;
	ev.table = si ? si->table : TABLE_NONE;
	ev.chain = a->chain;
	ev.chain_n = a->chain_n;
	ev.base = w->nft_base;
	ev.rule = a->rule;
	ev.rule_ptr = a->rule_ptr;
	ev.rules_gen = a->rule_ptr ? engine_rules(w->e, a->rule_ptr->family)->gen : 0;
	ev.jump = a->jump;
	ev.matched = a->matched;
	ev.results = a->results;
	ev.nresults = a->nresults;
	ev.verdict = a->verdict;
	ev.policy = a->policy;
	ev.field = a->field;
	static char old_cut[EVENT_VAL_MAX], new_cut[EVENT_VAL_MAX];
	ev.old_val = a->old_val ? val_fit(a->old_val, a->old_n, old_cut) : "";
	ev.new_val = a->new_val ? val_fit(a->new_val, a->new_n, new_cut) : "";
	ev.fate = w->fate;
	ev.text = text;
	ev.text_n = text_len + 1;
	ev.detail = a->detail;
	ev.detail_n = a->detail_n;
	/* the view only for a sink that reads it on this kind; else the
	 * view of none (family 0): making its 144 bytes for every line of a
	 * text trace was a tenth of this function */
	struct pkt_view view;
	ev.view = &pkt_view_none;
	if ((w->e->wants.what & EVW_VIEW) && (w->e->wants.view_kinds & EV_BIT(k))) {
		pkt_view_of(w->p, &view);
		ev.view = &view;
	}
	ev.packet = w->p;
	w->e->sink(&ev, w->e->sink_ctx);
}

/* One EV_REWRITE of field f from the value old to now, as the traces
 * show them, with the sentence "WHY: FIELD OLD -> NEW" by pieces rather
 * than through a format: a trace's every rewrite says it. */
static void emit_rewrite_said(struct walker *w, struct piece why, enum pkt_field f,
			      struct piece old, struct piece now)
{
	struct emit_args a = {.field = f,
			      .old_val = old.s,
			      .new_val = now.s,
			      .old_n = old.n,
			      .new_n = now.n};
	char said[512]; /* deliver's cut */
	struct fmt_cursor o = fmt_cursor(said, sizeof(said));
	struct piece field = pkt_field_piece(f);
	fmt_putn(&o, why.s, why.n);
	fmt_puts(&o, ": ");
	fmt_putn(&o, field.s, field.n);
	fmt_puts(&o, " ");
	fmt_putn(&o, old.s, old.n);
	fmt_puts(&o, " -> ");
	fmt_putn(&o, now.s, now.n);
	size_t n = fmt_close(&o, said);
	emit_n(w, EV_REWRITE, &a, said, n);
}

/* The EV_REWRITE of field f between two views: the values become words
 * only for a sink that reads them. */
static void emit_rewrite(struct walker *w, struct piece why, const struct pkt_view *before,
			 const struct pkt_view *now, enum pkt_field f)
{
	if (!walker_says(w, EV_REWRITE)) { /* no values either */
		emit_n(w, EV_REWRITE, &(struct emit_args){.field = f}, "", 0);
		return;
	}
	char old_val[EVENT_VAL_MAX], new_val[EVENT_VAL_MAX];
	size_t old_n = pkt_view_field_n(before, f, old_val, sizeof(old_val));
	size_t new_n = pkt_view_field_n(now, f, new_val, sizeof(new_val));
	emit_rewrite_said(w, why, f, (struct piece){old_val, old_n}, (struct piece){new_val, new_n});
}

/* Rewrites are found by comparing the fields; the values become words
 * only for a sink that reads them. */
void emit_rewrites(struct walker *w, const struct pkt_view *before, bool with_oif,
		   const char *why)
{
	struct pkt_view now;
	pkt_view_of(w->p, &now);
	/* most targets change nothing: two views from pkt_view_of are then
	 * equal byte for byte (it zeroes padding), and no field need be asked */
	if (memcmp(before, &now, sizeof(now)) == 0)
		return;
	struct piece said = piece_of(why); /* measured once for every field */
	for (int f = 0; f < PF_COUNT; f++) {
		if (f == PF_OIF && !with_oif)
			continue;
		if (pkt_view_differs(before, &now, (enum pkt_field)f))
			emit_rewrite(w, said, before, &now, (enum pkt_field)f);
	}
}

void emit_rewrite_ttl(struct walker *w, unsigned old, unsigned now, struct piece why)
{
	if (old == now)
		return;
	if (!walker_says(w, EV_REWRITE)) {
		emit_n(w, EV_REWRITE, &(struct emit_args){.field = PF_TTL}, "", 0);
		return;
	}
	/* the two numbers as pkt_view_field_n says a TTL: no views of the
	 * packet (every forwarded packet's trace says this) */
	char a[8], b[8], *ea = a + sizeof(a) - 1, *eb = b + sizeof(b) - 1;
	*ea = *eb = '\0'; /* values are strings too, for a reader without the lengths */
	char *qa = fmt_utoa_end(ea, (uint8_t)old), *qb = fmt_utoa_end(eb, (uint8_t)now);
	emit_rewrite_said(w, why, PF_TTL, (struct piece){qa, (size_t)(ea - qa)},
			  (struct piece){qb, (size_t)(eb - qb)});
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
