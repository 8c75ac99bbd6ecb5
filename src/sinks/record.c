/* record.c - deep-copying event sink. */
#include "sinks/record.h"

#include <stdlib.h>
#include <string.h>

void recording_init(struct recording *r)
{
	*r = (struct recording){0};
}

static void rec_event_free(struct rec_event *re)
{
	free((char *)re->ev.text);
	free((char *)re->ev.chain);
	free((char *)re->ev.jump);
	free((char *)re->ev.detail);
	free((struct match_result *)re->ev.results);
	free(re->rule_text);
}

void recording_clear(struct recording *r)
{
	for (size_t i = 0; i < r->n; i++)
		rec_event_free(&r->v[i]);
	r->n = 0;
}

void recording_drop_front(struct recording *r, size_t n)
{
	if (n > r->n)
		n = r->n;
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		rec_event_free(&r->v[i]);
	/* The copies' strings belong to each record, so records can move. */
	memmove(r->v, r->v + n, (r->n - n) * sizeof(*r->v));
	r->n -= n;
}

void recording_free(struct recording *r)
{
	recording_clear(r);
	free(r->v);
	*r = (struct recording){0};
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void recording_sink(const struct event *ev, void *ctx)
{
	struct recording *r = ctx;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	struct rec_event *re = &r->v[r->n++];
	re->ev = *ev;
	re->ev.packet = NULL;
	re->ev.text = dup_or_null(ev->text);
	re->ev.chain = dup_or_null(ev->chain);
	re->ev.jump = dup_or_null(ev->jump); /* the engine may be gone when it is read */
	re->ev.detail = dup_or_null(ev->detail);
	re->ev.results = NULL;
	if (ev->nresults > 0 && ev->results) {
		struct match_result *res = xmalloc((size_t)ev->nresults * sizeof(*res));
		memcpy(res, ev->results, (size_t)ev->nresults * sizeof(*res));
		re->ev.results = res;
	}
	re->rule_text = NULL;
	if (ev->rule_ptr && ev->chain) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "-A %s ", ev->chain);
		rule_format(ev->rule_ptr, &sb);
		re->rule_text = xstrdup(sb_str(&sb));
		sb_free(&sb);
	} else if (ev->kind == EV_RULE && ev->detail && ev->chain) {
		/* an ipchains rule: the engine formatted it */
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "ipchains -A %s %s", ev->chain, ev->detail);
		re->rule_text = xstrdup(sb_str(&sb));
		sb_free(&sb);
	}
	re->ev.rule_ptr = NULL;
}
