/* export.c - SVG and HTML drawings of a walk (see export.h). */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "assets.h"
#include "describe.h"
#include "diagram.h"
#include "replay.h"
#include "timeline.h"

#define CH_W 8.4 /* a character cell of a 14px monospace font */
#define CH_H 17
#define LIST_X_GAP 24

bool export_format_of(const char *name, enum export_format *f)
{
	static const char *const names[] = {[EXPORT_SVG] = "svg", [EXPORT_HTML] = "html",
					    [EXPORT_CAST] = "cast"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(name, names[i]) == 0) {
			*f = (enum export_format)i;
			return true;
		}
	return false;
}

static void xml(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

/* What one walk did, in order. */
struct walk_facts {
	enum stage_id path[128];
	int npath;
	int order[ST_COUNT]; /* 1-based position in path of the first visit; 0: not */
	const struct event *fate;
};

static void collect(const struct timeline *tl, const struct tl_walk *w, struct walk_facts *wf)
{
	memset(wf, 0, sizeof(*wf));
	for (size_t s = w->first_step; s < w->first_step + w->nsteps; s++) {
		const struct event *ev = timeline_step_event(tl, s);
		if (ev->kind == EV_ENTER && (int)ev->stage >= 0 && ev->stage < ST_COUNT &&
		    wf->npath < (int)ARRAY_SIZE(wf->path)) {
			wf->path[wf->npath++] = ev->stage;
			if (!wf->order[ev->stage])
				wf->order[ev->stage] = wf->npath;
		}
		if (ev->kind == EV_FATE)
			wf->fate = ev;
	}
}

static void walk_title(const struct event *first, char *buf, size_t n)
{
	char who[48];
	describe_walk(first, who, sizeof(who));
	snprintf(buf, n, "%s: %s", who, first->text ? first->text : "");
}

/* The lines beside the drawing: path, deciding rules, rewrites, fate. */
static int facts_lines(const struct timeline *tl, const struct recording *rec,
		       const struct tl_walk *w, const struct walk_facts *wf, char lines[][200],
		       int max)
{
	int n = 0;
	snprintf(lines[n++], 200, "Boxes, in order:");
	for (int i = 0; i < wf->npath && n < max; i++)
		snprintf(lines[n++], 200, " %2d %s", i + 1, stage_info(wf->path[i])->title);
	if (n < max)
		snprintf(lines[n++], 200, "Rules that decided:");
	size_t end = tl->steps[w->first_step + w->nsteps - 1].last;
	for (size_t i = tl->steps[w->first_step].first; i <= end && n < max; i++) {
		const struct event *ev = &rec->v[i].ev;
		const char *chain = ev->chain ? ev->chain : "";
		if (ev->kind == EV_VERDICT && ev->policy)
			snprintf(lines[n++], 200, " %s %s policy: %s", table_name(ev->table), chain,
				 verdict_name(ev->verdict));
		else if (ev->kind == EV_VERDICT && ev->rule > 0)
			snprintf(lines[n++], 200, " %s %s rule %d: %s", table_name(ev->table), chain,
				 ev->rule, verdict_name(ev->verdict));
		if (ev->kind == EV_TARGET && rec_rule_text(&rec->v[i]) && n < max)
			snprintf(lines[n++], 200, "    %s", rec_rule_text(&rec->v[i]));
	}
	if (n < max)
		snprintf(lines[n++], 200, "Rewrites:");
	for (size_t i = tl->steps[w->first_step].first; i <= end && n < max; i++) {
		const struct event *ev = &rec->v[i].ev;
		if (ev->kind == EV_REWRITE)
			snprintf(lines[n++], 200, " %s %s -> %s (%s)", pkt_field_name(ev->field),
				 ev->old_val, ev->new_val,
				 stage_info(ev->stage) ? stage_info(ev->stage)->title : "-");
	}
	if (wf->fate && n < max)
		snprintf(lines[n++], 200, "Fate: %s%s%s", fate_name(wf->fate->fate),
			 wf->fate->view->oif[0] ? " via " : "", wf->fate->view->oif);
	return n;
}

/* One walk's drawing at vertical offset y; returns its height. */
static int svg_walk(FILE *f, const struct diagram *d, const struct timeline *tl,
		    const struct recording *rec, size_t wi, int y)
{
	const struct tl_walk *w = &tl->walks[wi];
	struct walk_facts wf;
	collect(tl, w, &wf);
	char title[300];
	walk_title(timeline_step_event(tl, w->first_step), title, sizeof(title));
	fprintf(f, "<g transform=\"translate(0,%d)\">\n<text x=\"4\" y=\"%d\" class=\"h\">", y,
		CH_H);
	xml(f, title);
	fputs("</text>\n", f);
	int top = CH_H + 6;
	for (size_t b = 0; b < d->nboxes; b++) {
		const struct diag_box *bx = &d->boxes[b];
		int ord = wf.order[bx->stage];
		if (!ord)
			continue;
		bool last = wf.fate && bx->stage == wf.path[wf.npath - 1];
		fprintf(f,
			"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"%s\"/>\n"
			"<text x=\"%.1f\" y=\"%d\" class=\"n\">%d</text>\n",
			bx->r.col * CH_W, top + bx->r.row * CH_H, bx->r.width * CH_W,
			bx->r.height * CH_H, last ? "end" : "seen", (bx->r.col + bx->r.width) * CH_W - 2,
			top + bx->r.row * CH_H + 11, ord);
	}
	for (int r = 0; r < d->rows; r++) {
		fprintf(f, "<text x=\"0\" y=\"%d\" class=\"a\">", top + (r + 1) * CH_H - 4);
		char line[512];
		int n = d->cols < (int)sizeof(line) - 1 ? d->cols : (int)sizeof(line) - 1;
		for (int c = 0; c < n; c++)
			line[c] = diagram_char(d, r, c);
		line[n] = '\0';
		xml(f, line);
		fputs("</text>\n", f);
	}
	char lines[160][200];
	int nl = facts_lines(tl, rec, w, &wf, lines, 160);
	double lx = d->cols * CH_W + LIST_X_GAP;
	for (int i = 0; i < nl; i++) {
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" class=\"%s\">", lx, top + (i + 1) * CH_H,
			lines[i][0] == ' ' ? "l" : "lh");
		xml(f, lines[i]);
		fputs("</text>\n", f);
	}
	fputs("</g>\n", f);
	int h = top + (d->rows > nl ? d->rows : nl) * CH_H + CH_H;
	return h;
}

static void svg(FILE *f, const struct diagram *d, const struct timeline *tl,
		const struct recording *rec, const char *name)
{
	int height = 0;
	/* A first pass for the height would walk twice; a generous bound. */
	for (size_t i = 0; i < tl->nwalks; i++)
		height += (d->rows + 4) * CH_H + 200 * CH_H / 10;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%d\">\n"
		"<style>text{font-family:monospace;font-size:14px;white-space:pre}"
		".h{font-weight:bold;font-size:15px}.n{font-size:11px;fill:#a00;text-anchor:end}"
		".lh{font-weight:bold}.seen{fill:#fff3b0;stroke:#c90}"
		".end{fill:#ffc9c9;stroke:#c00}</style>\n<title>",
		d->cols * CH_W + LIST_X_GAP + 90 * CH_W, height);
	xml(f, name);
	fputs("</title>\n", f);
	int y = 0;
	for (size_t i = 0; i < tl->nwalks; i++)
		y += svg_walk(f, d, tl, rec, i, y);
	fputs("</svg>\n", f);
}

static void html(FILE *f, const struct diagram *d, const struct timeline *tl,
		 const struct recording *rec, const struct scenario *s)
{
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", f);
	xml(f, s->name);
	fputs("</title><style>body{font-family:sans-serif}li{font-family:monospace}</style>"
	      "</head><body>\n<h1>", f);
	xml(f, s->name);
	fputs("</h1>\n<p>", f);
	xml(f, s->description);
	fputs("</p>\n", f);
	for (size_t i = 0; i < tl->nwalks; i++) {
		const struct tl_walk *w = &tl->walks[i];
		char title[300];
		walk_title(timeline_step_event(tl, w->first_step), title, sizeof(title));
		fputs("<h2>", f);
		xml(f, title);
		fputs("</h2>\n", f);
		struct timeline one = *tl;
		one.walks = (struct tl_walk *)w;
		one.nwalks = 1;
		svg(f, d, &one, rec, title);
		fputs("<ol>\n", f);
		for (size_t st = w->first_step; st < w->first_step + w->nsteps; st++) {
			char line[512];
			describe_step(tl, st, line, sizeof(line));
			fputs("<li>", f);
			xml(f, line);
			const struct rec_event *re = &rec->v[tl->steps[st].first];
			if (re->ev.kind == EV_TARGET && rec_rule_text(re)) {
				fputs("<br><b>", f);
				xml(f, rec_rule_text(re));
				fputs("</b>", f);
			}
			for (size_t e = tl->steps[st].first; e <= tl->steps[st].last; e++)
				if (rec->v[e].ev.kind == EV_REWRITE) {
					fprintf(f, "<br><i>%s ", pkt_field_name(rec->v[e].ev.field));
					xml(f, rec->v[e].ev.old_val);
					fputs(" -&gt; ", f);
					xml(f, rec->v[e].ev.new_val);
					fputs("</i>", f);
				}
			fputs("</li>\n", f);
		}
		fputs("</ol>\n", f);
	}
	fputs("</body></html>\n", f);
}

int export_walk(const struct tui_opts *o, enum export_format fmt, const char *path,
		struct nf_error *err)
{
	if (fmt == EXPORT_CAST)
		return export_cast(o, path, err);
	struct asset_text a;
	struct diagram d;
	const char *dname = o->diagram ? o->diagram
			    : o->scn->era_set && o->scn->era == ERA_MODERN ? "modern" : "kptd";
	if (asset_load("diagram", dname, &a, err) < 0)
		return 2;
	int rc = diagram_parse(&d, a.origin, a.data, a.len, err);
	asset_text_free(&a);
	if (rc < 0)
		return 2;
	struct replay r;
	struct tui_source src;
	struct recording rec;
	struct timeline tl;
	replay_source(&r, o->scn, &src);
	recording_init(&rec);
	rc = src.record(src.ctx, o->era_forced ? o->scn->era : d.era, &rec, err) < 0 ? 2 : 0;
	timeline_build(&tl, &rec);
	FILE *f = rc ? NULL : fopen(path, "w");
	if (!rc && !f) {
		nf_err(err, -1, "cannot write %s: %s", path, strerror(errno));
		rc = 2;
	}
	if (f) {
		if (fmt == EXPORT_SVG)
			svg(f, &d, &tl, &rec, o->scn->name);
		else
			html(f, &d, &tl, &rec, o->scn);
		if (fclose(f) != 0) {
			nf_err(err, -1, "cannot write %s: %s", path, strerror(errno));
			rc = 2;
		}
	}
	timeline_free(&tl);
	recording_free(&rec);
	replay_free(&r);
	diagram_free(&d);
	return rc;
}
