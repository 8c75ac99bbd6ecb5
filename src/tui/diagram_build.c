/* diagram_build.c - the diagram shaped for the ruleset walked (see
 * diagram_build.h).  The order of the boxes is the engine's
 * (engine_hook_boxes); nothing here orders chains. */
#include "diagram_build.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_MAX 48 /* boxes in one hook's column */

/* ---- the art, row by row ---- */

static char *cell(struct diagram *d, int row, int col)
{
	return &d->art[(long)row * d->cols + col];
}

static void put_text(struct diagram *d, int row, int col, const char *s)
{
	for (int i = 0; s[i] && col + i < d->cols; i++)
		if (row >= 0 && row < d->rows && col + i >= 0)
			*cell(d, row, col + i) = s[i];
}

/* Every region of the map, to move with the rows. */
static void each_rect(struct diagram *d, void (*fn)(struct diag_rect *r, int at, int k), int at,
		      int k)
{
	for (size_t i = 0; i < d->nboxes; i++)
		fn(&d->boxes[i].r, at, k);
	for (size_t i = 0; i < d->nlabels; i++)
		fn(&d->labels[i].r, at, k);
	for (size_t i = 0; i < d->nbranches; i++)
		fn(&d->branches[i].r, at, k);
	for (size_t i = 0; i < d->nhooks; i++)
		fn(&d->hooks[i].r, at, k);
}

/* k rows inserted before row at: below moves down, across grows. */
static void rect_insert(struct diag_rect *r, int at, int k)
{
	if (r->row >= at)
		r->row += k;
	else if (r->row + r->height > at)
		r->height += k;
}

static void rect_delete(struct diag_rect *r, int at, int k)
{
	(void)k;
	if (r->row > at)
		r->row--;
	else if (r->row + r->height > at)
		r->height--;
}

static bool is_vertical(char c)
{
	return c == '|' || c == '+';
}

/* k rows before row at, the vertical lines crossing it continued. */
static void insert_rows(struct diagram *d, int at, int k)
{
	char *art = xmalloc((size_t)(d->rows + k) * (size_t)d->cols);
	memcpy(art, d->art, (size_t)at * (size_t)d->cols);
	for (int i = 0; i < k; i++)
		for (int c = 0; c < d->cols; c++)
			art[(long)(at + i) * d->cols + c] =
				at > 0 && is_vertical(*cell(d, at - 1, c)) && is_vertical(*cell(d, at, c))
					? '|'
					: ' ';
	memcpy(art + (long)(at + k) * d->cols, cell(d, at, 0), (size_t)(d->rows - at) * (size_t)d->cols);
	free(d->art);
	d->art = art;
	d->rows += k;
	each_rect(d, rect_insert, at, k);
}

static void delete_row(struct diagram *d, int at)
{
	memmove(cell(d, at, 0), cell(d, at + 1, 0), (size_t)(d->rows - at - 1) * (size_t)d->cols);
	d->rows--;
	each_rect(d, rect_delete, at, 1);
}

/* Does a region start or end on the row? */
static bool rect_edge(const struct diag_rect *r, int row)
{
	return r->row == row || r->row + r->height - 1 == row;
}

/* A row that only carries lines down: it can go. */
static bool row_clean(const struct diagram *d, int row)
{
	for (int c = 0; c < d->cols; c++)
		if (d->art[(long)row * d->cols + c] != ' ' && d->art[(long)row * d->cols + c] != '|')
			return false;
	for (size_t i = 0; i < d->nboxes; i++)
		if (rect_edge(&d->boxes[i].r, row))
			return false;
	for (size_t i = 0; i < d->nlabels; i++)
		if (rect_edge(&d->labels[i].r, row))
			return false;
	for (size_t i = 0; i < d->nbranches; i++)
		if (rect_edge(&d->branches[i].r, row))
			return false;
	for (size_t i = 0; i < d->nhooks; i++)
		if (rect_edge(&d->hooks[i].r, row))
			return false;
	return true;
}

/* k rows below the region hold nothing but its line down. */
static bool free_below(struct diagram *d, const struct diag_rect *r, int k)
{
	int bottom = r->row + r->height - 1;
	if (bottom + k >= d->rows)
		return false;
	for (int row = bottom + 1; row <= bottom + k; row++)
		for (int c = r->col; c < r->col + r->width; c++)
			if (*cell(d, row, c) != ' ' && *cell(d, row, c) != '|')
				return false;
	return true;
}

static bool inside(const struct diag_rect *outer, const struct diag_rect *r)
{
	return r->row >= outer->row && r->col >= outer->col &&
	       r->row + r->height <= outer->row + outer->height &&
	       r->col + r->width <= outer->col + outer->width;
}

/* ---- one hook's column ---- */

struct gbox {
	enum stage_id stage;
	char chain[DIAG_CHAIN_MAX];
	char line[2][64];
	int nlines;
};

/* A label moved with its stage's box. */
struct moved_label {
	int owner, drow, height, width, col;
	char text[4][80];
};

static void fit(char *out, size_t n, const char *s, int width)
{
	str_copy(out, n, s);
	if ((int)strlen(out) > width && width > 0 && (size_t)width < n) {
		out[width - 1] = '~'; /* cut: the panels show the whole name */
		out[width] = '\0';
	}
}

/* A base chain: "inet filter input 0", or two lines when narrow. */
static void name_chain(struct gbox *g, const struct hook_box *h, int width)
{
	char all[160], head[96], tail[96];
	snprintf(all, sizeof(all), "%s %d", h->chain, h->prio);
	if ((int)strlen(all) <= width) {
		fit(g->line[0], sizeof(g->line[0]), all, width);
		g->nlines = 1;
		return;
	}
	/* "family table" / "chain prio" */
	const char *last = strrchr(h->chain, ' ');
	size_t hn = last ? (size_t)(last - h->chain) : strlen(h->chain);
	snprintf(head, sizeof(head), "%.*s", (int)hn, h->chain);
	snprintf(tail, sizeof(tail), "%s %d", last ? last + 1 : "", h->prio);
	fit(g->line[0], sizeof(g->line[0]), head, width);
	fit(g->line[1], sizeof(g->line[1]), tail, width);
	g->nlines = 2;
}

static void name_stage(struct gbox *g, const struct hook_box *h, int width)
{
	const struct stage_info *si = stage_info(h->stage);
	char all[96];
	g->nlines = 1;
	switch (si->kind) {
	case SK_CHAIN: /* iptables' table at its priority */
		snprintf(all, sizeof(all), "%s %d", table_name(si->table), h->prio);
		break;
	case SK_CONNTRACK:
		snprintf(all, sizeof(all), "conntrack %d", h->prio);
		break;
	case SK_CONFIRM:
		if (width < 17) {
			fit(g->line[0], sizeof(g->line[0]), "conntrack", width);
			fit(g->line[1], sizeof(g->line[1]), "confirm", width);
			g->nlines = 2;
			return;
		}
		snprintf(all, sizeof(all), "conntrack confirm");
		break;
	default:
		snprintf(all, sizeof(all), "%s", si->title);
		break;
	}
	fit(g->line[0], sizeof(g->line[0]), all, width);
}

static void center(struct diagram *d, int row, int col, int width, const char *s)
{
	int len = (int)strlen(s);
	put_text(d, row, col + (width - len + 1) / 2, s);
}

static void hline(struct diagram *d, int row, int col, int width, int mid)
{
	for (int c = col; c < col + width; c++)
		*cell(d, row, c) = '-';
	*cell(d, row, col) = *cell(d, row, col + width - 1) = '+';
	*cell(d, row, mid) = '+';
}

static int group_height(const struct gbox *g, size_t n)
{
	int h = 5; /* borders, the title's two lines, the first box's top */
	for (size_t i = 0; i < n; i++)
		h += g[i].nlines + 1;
	return h;
}

/* Draw the column in r (blank); the boxes are added to the map. */
static void draw_group(struct diagram *d, const struct diag_rect *r, enum nf_hook hook,
		       const struct gbox *g, size_t n, int *box_row)
{
	int mid = r->col + r->width / 2, bottom = r->row + r->height - 1;
	hline(d, r->row, r->col, r->width, mid);
	hline(d, bottom, r->col, r->width, mid);
	for (int row = r->row + 1; row < bottom; row++)
		*cell(d, row, r->col) = *cell(d, row, r->col + r->width - 1) = '|';
	center(d, r->row + 1, r->col + 1, r->width - 2, "NETFILTER");
	center(d, r->row + 2, r->col + 1, r->width - 2, hook_name(hook));
	int bc = r->col + 2, bw = r->width - 4, row = r->row + 3;
	for (size_t i = 0; i < n; i++) {
		int h = g[i].nlines + 2;
		hline(d, row, bc, bw, mid);
		hline(d, row + h - 1, bc, bw, mid);
		for (int k = 0; k < g[i].nlines; k++) {
			*cell(d, row + 1 + k, bc) = *cell(d, row + 1 + k, bc + bw - 1) = '|';
			center(d, row + 1 + k, bc + 1, bw - 2, g[i].line[k]);
		}
		struct diag_box b = {.stage = g[i].stage, .r = {row, bc, h, bw}};
		str_copy(b.chain, sizeof(b.chain), g[i].chain);
		diagram_add_box(d, &b);
		box_row[i] = row;
		row += h - 1;
	}
	/* a column shorter than the region: its line down */
	for (row = row + 1; row < bottom; row++)
		*cell(d, row, mid) = '|';
}

/* The stages of the template's boxes in the column, and the labels they
 * own taken out of the art (put back beside the new boxes). */
static size_t take_template(struct diagram *d, const struct diag_rect *r, enum stage_id *stages,
			    struct moved_label *ml, size_t *nml)
{
	size_t ns = 0, k = 0;
	*nml = 0;
	for (size_t i = 0; i < d->nboxes; i++) {
		const struct diag_box *b = &d->boxes[i];
		if (!inside(r, &b->r)) {
			d->boxes[k++] = *b;
			continue;
		}
		stages[ns++] = b->stage;
		for (size_t j = 0; j < d->nlabels; j++) {
			struct diag_region *l = &d->labels[j];
			if (l->owner != (int)b->stage || l->r.height > 4 || *nml >= ST_COUNT)
				continue;
			struct moved_label *m = &ml[(*nml)++];
			*m = (struct moved_label){.owner = l->owner,
						  .drow = l->r.row - b->r.row,
						  .height = l->r.height,
						  .width = l->r.width < 80 ? l->r.width : 79,
						  .col = l->r.col};
			for (int row = 0; row < m->height; row++) {
				memcpy(m->text[row], cell(d, l->r.row + row, l->r.col), (size_t)m->width);
				m->text[row][m->width] = '\0';
				memset(cell(d, l->r.row + row, l->r.col), ' ', (size_t)l->r.width);
			}
			l->owner = -1; /* dropped below */
		}
	}
	d->nboxes = k;
	k = 0;
	for (size_t j = 0; j < d->nlabels; j++)
		if (d->labels[j].owner >= 0)
			d->labels[k++] = d->labels[j];
	d->nlabels = k;
	return ns;
}

static void put_labels(struct diagram *d, const struct gbox *g, size_t n, const int *box_row,
		       const struct moved_label *ml, size_t nml)
{
	for (size_t i = 0; i < nml; i++) {
		size_t j = 0;
		while (j < n && g[j].stage != (enum stage_id)ml[i].owner)
			j++;
		if (j == n)
			continue; /* the table is not loaded: no box, no note */
		struct diag_rect r = {box_row[j] + ml[i].drow, ml[i].col, ml[i].height, ml[i].width};
		if (r.row + r.height > d->rows)
			continue;
		for (int row = 0; row < r.height; row++)
			put_text(d, r.row + row, r.col, ml[i].text[row]);
		d->labels = xrealloc(d->labels, (d->nlabels + 1) * sizeof(*d->labels));
		d->labels[d->nlabels++] = (struct diag_region){ml[i].owner, r};
	}
}

/* Make the region r rows tall: rows added before its bottom (or taken
 * from the free line below, when another column crosses that row), or
 * rows it no longer needs taken out where nothing else is on them. */
static void resize_region(struct diagram *d, struct diag_hook *hk, int want)
{
	struct diag_rect *r = &hk->r;
	int grow = want - r->height, bottom = r->row + r->height - 1;
	if (grow > 0) {
		bool crossed = false;
		for (size_t i = 0; i < d->nhooks; i++)
			if (&d->hooks[i] != hk && d->hooks[i].r.row <= bottom &&
			    d->hooks[i].r.row + d->hooks[i].r.height > bottom)
				crossed = true;
		if (crossed && free_below(d, r, grow))
			r->height = want;
		else
			insert_rows(d, bottom, grow); /* r spans it: grows */
		return;
	}
	int mid = r->col + r->width / 2;
	r->height = want;
	for (int row = r->row + want; row <= bottom; row++) {
		memset(cell(d, row, r->col), ' ', (size_t)r->width);
		*cell(d, row, mid) = '|';
	}
	for (int row = bottom; row >= r->row + want; row--)
		if (row_clean(d, row))
			delete_row(d, row);
}

static void build_hook(struct diagram *d, size_t hi, struct engine *e)
{
	enum stage_id stages[ST_COUNT];
	struct moved_label ml[ST_COUNT];
	size_t nml;
	struct diag_hook *hk = &d->hooks[hi];
	size_t ns = take_template(d, &hk->r, stages, ml, &nml);
	struct hook_box hb[GROUP_MAX];
	size_t n = engine_hook_boxes(e, hk->hook, stages, ns, hb, GROUP_MAX);
	if (n > GROUP_MAX)
		n = GROUP_MAX;
	struct gbox g[GROUP_MAX];
	int width = hk->r.width - 6;
	for (size_t i = 0; i < n; i++) {
		g[i] = (struct gbox){.stage = hb[i].stage};
		if (hb[i].chain) {
			str_copy(g[i].chain, sizeof(g[i].chain), hb[i].chain);
			name_chain(&g[i], &hb[i], width);
		} else {
			name_stage(&g[i], &hb[i], width);
		}
	}
	for (int row = hk->r.row; row < hk->r.row + hk->r.height; row++)
		memset(cell(d, row, hk->r.col), ' ', (size_t)hk->r.width);
	resize_region(d, hk, group_height(g, n));
	int box_row[GROUP_MAX];
	draw_group(d, &hk->r, hk->hook, g, n, box_row);
	put_labels(d, g, n, box_row, ml, nml);
}

/* The columns lowest first (a column that grows adds rows at its
 * bottom, below the ones not yet drawn). */
static void build_columns(struct diagram *d, struct engine *e)
{
	bool done[HOOK_COUNT] = {false};
	for (;;) {
		size_t pick = d->nhooks;
		for (size_t i = 0; i < d->nhooks; i++) {
			const struct diag_rect *r = &d->hooks[i].r;
			if (done[d->hooks[i].hook] || !engine_has_nft_chains(e, d->hooks[i].hook))
				continue;
			if (pick == d->nhooks ||
			    r->row + r->height > d->hooks[pick].r.row + d->hooks[pick].r.height)
				pick = i;
		}
		if (pick == d->nhooks)
			break;
		done[d->hooks[pick].hook] = true;
		build_hook(d, pick, e);
	}
	free(d->glyph);
	d->glyph = xcalloc((size_t)d->rows * (size_t)d->cols, 1);
	glyphs_compute(d->art, d->rows, d->cols, d->glyph);
}

/* ---- the 2.4 diagram: base chains onto its tables ---- */

/* The table a filter chain's priority is nearest to (nat is no filter
 * chain's); the 2.4 kernel had mangle and filter of these. */
static enum nf_table nearest_table(int prio)
{
	static const enum nf_table cand[] = {TABLE_RAW, TABLE_MANGLE, TABLE_FILTER, TABLE_SECURITY};
	enum nf_table best = TABLE_FILTER;
	long bestd = LONG_MAX;
	for (size_t i = 0; i < ARRAY_SIZE(cand); i++) {
		long dist = labs((long)prio - table_priority(cand[i]));
		if (dist < bestd) {
			bestd = dist;
			best = cand[i];
		}
	}
	return best;
}

static void map_chain(const struct diagram *d, enum nf_hook h, const struct hook_box *hb,
		      struct diag_alias *a)
{
	const char *type = hb->type ? hb->type : "filter";
	enum stage_id st = hb->stage;
	enum nf_table t = TABLE_FILTER;
	*a = (struct diag_alias){.stage = ST_NONE};
	str_copy(a->chain, sizeof(a->chain), hb->chain);
	if (!strcmp(type, "route")) {
		t = TABLE_MANGLE; /* type route: what mangle OUTPUT did */
		st = stage_for_chain(t, h);
	} else if (strcmp(type, "nat") != 0) {
		t = nearest_table(hb->prio);
		if (t == TABLE_RAW || t == TABLE_SECURITY) {
			snprintf(a->why, sizeof(a->why), "%s (%s %d): Linux 2.4 had no %s table", hb->chain,
				 type, hb->prio, table_name(t));
			return;
		}
		st = stage_for_chain(t, h);
	} else {
		t = TABLE_NAT;
	}
	if (st == ST_NONE || !diagram_box_of(d, st)) {
		snprintf(a->why, sizeof(a->why), "%s (%s %d): %s has no %s %s box", hb->chain, type,
			 hb->prio, d->name, table_name(t), hook_name(h));
		return;
	}
	a->stage = st;
	snprintf(a->why, sizeof(a->why), "%s (%s %d) as %s", hb->chain, type, hb->prio,
		 stage_info(st)->title);
}

static void build_aliases(struct diagram *d, struct engine *e)
{
	for (int h = 0; h < HOOK_COUNT; h++) {
		if (!engine_has_nft_chains(e, (enum nf_hook)h))
			continue;
		enum stage_id stages[ST_COUNT];
		size_t ns = 0;
		for (int s = 0; s < ST_COUNT; s++)
			if (stage_info((enum stage_id)s)->kind == SK_CHAIN &&
			    stage_info((enum stage_id)s)->hook == (enum nf_hook)h)
				stages[ns++] = (enum stage_id)s;
		struct hook_box hb[GROUP_MAX];
		size_t n = engine_hook_boxes(e, (enum nf_hook)h, stages, ns, hb, GROUP_MAX);
		for (size_t i = 0; i < n && i < GROUP_MAX; i++) {
			if (!hb[i].chain || diagram_alias(d, hb[i].chain))
				continue;
			d->aliases = xrealloc(d->aliases, (d->naliases + 1) * sizeof(*d->aliases));
			map_chain(d, (enum nf_hook)h, &hb[i], &d->aliases[d->naliases++]);
		}
	}
}

void diagram_build(struct diagram *d, struct engine *e)
{
	if (!e || !e->nft)
		return;
	if (d->nhooks)
		build_columns(d, e);
	else
		build_aliases(d, e);
}

void diagram_where(const struct diagram *d, enum stage_id st, const char *base, char *buf, size_t n)
{
	buf[0] = '\0';
	if (st == ST_NONE)
		return;
	const struct diag_alias *a = diagram_alias(d, base);
	if (a)
		snprintf(buf, n, "[%s] ", a->why);
	else if (!diagram_box_lit(d, st, base))
		snprintf(buf, n, "[not drawn here] ");
}

size_t diagram_unplaced(const struct diagram *d, char *buf, size_t n)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < d->naliases; i++)
		if (d->aliases[i].stage == ST_NONE && k++ == 0)
			str_copy(buf, n, d->aliases[i].why);
	return k;
}
