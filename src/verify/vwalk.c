/* vwalk.c - the comparable walk: steps and their text. */
#include "vwalk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vwalk_add_step(struct vwalk *w, const struct vstep *st)
{
	w->steps = xrealloc(w->steps, (w->nsteps + 1) * sizeof(*w->steps));
	w->steps[w->nsteps] = *st;
	w->steps[w->nsteps].text = st->text ? xstrdup(st->text) : NULL;
	w->nsteps++;
}

void vwalk_set_why(struct vwalk *w, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	str_copy(w->why, sizeof(w->why), sb_str(&sb));
	sb_free(&sb);
}

void vwalk_free(struct vwalk *w)
{
	for (size_t i = 0; i < w->nsteps; i++)
		free(w->steps[i].text);
	free(w->steps);
	w->steps = NULL;
	w->nsteps = 0;
}

void vstep_fmt(const struct vstep *st, char *buf, size_t n)
{
	/* an nftables chain's label stands alone ("inet filter input") */
	const char *sep = st->table[0] ? " " : "";
	switch (st->kind) {
	case VS_RULE:
		snprintf(buf, n, "%s%s%s #%d %s%s%s", st->table, sep, st->chain, st->rule,
			 st->verdict, st->target[0] ? " " : "", st->target);
		break;
	case VS_POLICY:
		snprintf(buf, n, "%s%s%s policy %s", st->table, sep, st->chain, st->verdict);
		break;
	case VS_RETURN:
		snprintf(buf, n, "%s%s%s return", st->table, sep, st->chain);
		break;
	}
}

bool vstep_eq(const struct vstep *a, const struct vstep *b)
{
	return a->kind == b->kind && strcmp(a->table, b->table) == 0 &&
	       strcmp(a->chain, b->chain) == 0 && a->rule == b->rule &&
	       strcmp(a->verdict, b->verdict) == 0 && strcmp(a->target, b->target) == 0;
}
