/* panel_conntrack.c - the conntrack table at the current step, as
 * `conntrack -L` prints it; an entry this step changed is in the rewrite
 * color. */
#include "draw.h"

#include <stdio.h>

#include "ctview.h"

#define CT_ROWS_MAX 256

void panel_conntrack(const struct tui_app *app, const struct rect *r)
{
	struct pane p;
	attr_t panel = palette_attr(&app->pal, EL_PANEL);
	pane_start(&p, r, panel);
	struct ct_row rows[CT_ROWS_MAX];
	size_t n = 0;
	const struct tl_step *s = app->step < app->tl.nsteps ? &app->tl.steps[app->step] : NULL;
	if (s)
		n = ctview_compute(&app->rec, s->last, rows, CT_ROWS_MAX);
	char head[64];
	if (app->src->ipchains) {
		pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), "Conntrack: none in 2.2");
		pane_add(&p, panel, " (ipchains judges each packet alone; MASQ keeps its own table)");
		return;
	}
	size_t nexp = 0;
	for (size_t i = 0; i < n; i++)
		nexp += rows[i].expect;
	if (nexp)
		snprintf(head, sizeof(head), "Conntrack: %zu entr%s, %zu expectation%s", n - nexp,
			 n - nexp == 1 ? "y" : "ies", nexp, nexp == 1 ? "" : "s");
	else
		snprintf(head, sizeof(head), "Conntrack: %zu entr%s", n, n == 1 ? "y" : "ies");
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), head);
	if (n == 0) {
		pane_add(&p, panel, " (no connection tracked yet)");
		return;
	}
	for (size_t i = 0; i < n && !pane_full(&p); i++) {
		bool now = s && rows[i].changed_at >= s->first && rows[i].changed_at <= s->last;
		attr_t a = now ? palette_attr(&app->pal, EL_REWRITE) : panel;
		if (rows[i].expect)
			pane_add(&p, a, "  > expect ");
		else
			pane_addf(&p, a, "%2u ", rows[i].id);
		pane_wrap(&p, a, rows[i].line, 3);
		pane_newline(&p);
	}
}
