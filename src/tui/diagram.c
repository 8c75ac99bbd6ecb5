/* diagram.c - parsing diagram files (format in diagram.h). */
#include "diagram.h"

#include <stdlib.h>
#include <string.h>

#include "words.h"

/* The art while it is being read, one line at a time. */
struct art_lines {
	char **line;
	size_t n, cap;
	int width;
};

struct parser {
	struct diagram *d;
	struct nf_error *err;
	struct art_lines art;
	bool in_art, art_done;
	int art_line; /* where "art" was written */
};

static void art_add(struct art_lines *a, const char *s, size_t n)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->line = xrealloc(a->line, a->cap * sizeof(*a->line));
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	a->line[a->n++] = xstrndup(s, n);
	if ((int)n > a->width)
		a->width = (int)n;
}

static void art_free(struct art_lines *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->line[i]);
	free(a->line);
	*a = (struct art_lines){0};
}

bool diag_rect_contains(const struct diag_rect *r, int row, int col)
{
	return row >= r->row && row < r->row + r->height && col >= r->col &&
	       col < r->col + r->width;
}

char diagram_char(const struct diagram *d, int row, int col)
{
	if (row < 0 || row >= d->rows || col < 0 || col >= d->cols)
		return ' ';
	return d->art[(long)row * d->cols + col];
}

enum glyph diagram_glyph(const struct diagram *d, int row, int col)
{
	if (row < 0 || row >= d->rows || col < 0 || col >= d->cols)
		return GL_TEXT;
	return (enum glyph)d->glyph[(long)row * d->cols + col];
}

const struct diag_box *diagram_box_of(const struct diagram *d, enum stage_id st)
{
	for (size_t i = 0; i < d->nboxes; i++)
		if (d->boxes[i].stage == st)
			return &d->boxes[i];
	return NULL;
}

static const struct diag_box *box_named(const struct diagram *d, enum stage_id st,
				       const char *chain)
{
	for (size_t i = 0; i < d->nboxes; i++)
		if (d->boxes[i].stage == st && strcmp(d->boxes[i].chain, chain) == 0)
			return &d->boxes[i];
	return NULL;
}

const struct diag_alias *diagram_alias(const struct diagram *d, const char *base)
{
	for (size_t i = 0; base && i < d->naliases; i++)
		if (strcmp(d->aliases[i].chain, base) == 0)
			return &d->aliases[i];
	return NULL;
}

const struct diag_box *diagram_box_lit(const struct diagram *d, enum stage_id st, const char *base)
{
	const struct diag_box *b = base ? box_named(d, st, base) : NULL;
	if (b)
		return b;
	const struct diag_alias *a = diagram_alias(d, base);
	if (a)
		return a->stage == ST_NONE ? NULL : diagram_box_of(d, a->stage);
	b = box_named(d, st, "");
	return b ? b : diagram_box_of(d, st);
}

void diagram_add_box(struct diagram *d, const struct diag_box *b)
{
	d->boxes = xrealloc(d->boxes, (d->nboxes + 1) * sizeof(*d->boxes));
	d->boxes[d->nboxes++] = *b;
}

const struct diag_box *diagram_box_at(const struct diagram *d, int row, int col)
{
	const struct diag_box *best = NULL;
	for (size_t i = 0; i < d->nboxes; i++) {
		const struct diag_rect *r = &d->boxes[i].r;
		if (diag_rect_contains(r, row, col) &&
		    (!best || r->height * r->width < best->r.height * best->r.width))
			best = &d->boxes[i];
	}
	return best;
}

int diagram_decision(const struct diagram *d, const char *branch)
{
	for (size_t i = 0; i < d->ndecisions; i++)
		if (strcmp(d->decisions[i].name, branch) == 0)
			return (int)i;
	return -1;
}

/* --- the map lines --- */

static int parse_stage(struct parser *p, const struct words *ws, int i, enum stage_id *st)
{
	int s = stage_by_name(ws->w[i]);
	if (s < 0)
		return nf_err(p->err, ws->col[i], "unknown stage '%s' (see nfwalk-theme(5) for the names)",
			      ws->w[i]);
	*st = (enum stage_id)s;
	return 0;
}

/* ROW COL HEIGHT WIDTH at words i..i+3, inside the art. */
static int parse_rect(struct parser *p, const struct words *ws, int i, struct diag_rect *r)
{
	static const char *const what[] = {"row", "column", "height", "width"};
	int v[4];
	if (ws->n != i + 4)
		return nf_err(p->err, ws->n > i + 4 ? ws->col[i + 4] : -1,
			      "'%s' takes ROW COL HEIGHT WIDTH", ws->w[0]);
	for (int k = 0; k < 4; k++) {
		uint64_t n;
		if (!parse_uint(ws->w[i + k], 10000, &n))
			return nf_err(p->err, ws->col[i + k], "bad %s '%s'", what[k], ws->w[i + k]);
		v[k] = (int)n;
	}
	*r = (struct diag_rect){v[0], v[1], v[2], v[3]};
	if (r->height < 1 || r->width < 1)
		return nf_err(p->err, ws->col[i + 2], "empty region");
	if (r->row + r->height > (int)p->art.n || r->col + r->width > p->art.width)
		return nf_err(p->err, ws->col[i], "region %d %d %d %d lies outside the art (%zu x %d)",
			      v[0], v[1], v[2], v[3], p->art.n, p->art.width);
	return 0;
}

static char art_at(const struct parser *p, int row, int col)
{
	const char *l = p->art.line[row];
	return col < (int)strlen(l) ? l[col] : ' ';
}

static int check_corners(struct parser *p, const struct words *ws, const struct diag_rect *r)
{
	if (r->height < 3 || r->width < 3)
		return 0;
	int rows[2] = {r->row, r->row + r->height - 1};
	int cols[2] = {r->col, r->col + r->width - 1};
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			if (art_at(p, rows[a], cols[b]) != '+')
				return nf_err(p->err, ws->col[2],
					      "box '%s' has no '+' corner at row %d column %d",
					      ws->w[1], rows[a], cols[b]);
	return 0;
}

/* CHAIN... after the rectangle: the base chain's words joined. */
static int box_chain(struct parser *p, const struct words *ws, struct diag_box *b)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 6; i < ws->n; i++)
		sb_addf(&sb, "%s%s", i > 6 ? " " : "", ws->w[i]);
	bool fits = strlen(sb_str(&sb)) < sizeof(b->chain);
	str_copy(b->chain, sizeof(b->chain), sb_str(&sb));
	sb_free(&sb);
	return fits ? 0 : nf_err(p->err, ws->col[6], "chain name too long");
}

static int map_box(struct parser *p, const struct words *ws)
{
	struct diag_box b = {0};
	if (ws->n < 2)
		return nf_err(p->err, -1, "'box' takes STAGE ROW COL HEIGHT WIDTH [CHAIN...]");
	struct words rect = *ws;
	if (rect.n > 6)
		rect.n = 6; /* the chain's words follow the rectangle */
	if (parse_stage(p, ws, 1, &b.stage) < 0 || parse_rect(p, &rect, 2, &b.r) < 0 ||
	    check_corners(p, ws, &b.r) < 0 || box_chain(p, ws, &b) < 0)
		return -1;
	if (box_named(p->d, b.stage, b.chain))
		return nf_err(p->err, ws->col[1], "stage '%s'%s%s already has a box", ws->w[1],
			      b.chain[0] ? " chain " : "", b.chain);
	diagram_add_box(p->d, &b);
	return 0;
}

static int map_hook(struct parser *p, const struct words *ws)
{
	struct diag_hook h;
	int k = ws->n >= 2 ? hook_by_name(ws->w[1]) : -1;
	if (k < 0)
		return nf_err(p->err, ws->n >= 2 ? ws->col[1] : -1,
			      "'hook' takes HOOK ROW COL HEIGHT WIDTH (HOOK: PREROUTING ... POSTROUTING)");
	h.hook = (enum nf_hook)k;
	if (parse_rect(p, ws, 2, &h.r) < 0 || check_corners(p, ws, &h.r) < 0)
		return -1;
	struct diagram *d = p->d;
	d->hooks = xrealloc(d->hooks, (d->nhooks + 1) * sizeof(*d->hooks));
	d->hooks[d->nhooks++] = h;
	return 0;
}

static int map_decision(struct parser *p, const struct words *ws)
{
	struct diag_decision dec = {0};
	if (ws->n < 4)
		return nf_err(p->err, -1, "'decision' takes STAGE BRANCH STAGE...");
	if (parse_stage(p, ws, 1, &dec.after) < 0)
		return -1;
	if (strlen(ws->w[2]) >= sizeof(dec.name))
		return nf_err(p->err, ws->col[2], "branch name too long");
	if (diagram_decision(p->d, ws->w[2]) >= 0)
		return nf_err(p->err, ws->col[2], "branch '%s' already decided", ws->w[2]);
	str_copy(dec.name, sizeof(dec.name), ws->w[2]);
	for (int i = 3; i < ws->n; i++) {
		enum stage_id st = ST_NONE;
		if (parse_stage(p, ws, i, &st) < 0)
			return -1;
		dec.to[st] = true;
	}
	struct diagram *d = p->d;
	d->decisions = xrealloc(d->decisions, (d->ndecisions + 1) * sizeof(*d->decisions));
	d->decisions[d->ndecisions++] = dec;
	return 0;
}

static void add_region(struct diag_region **v, size_t *n, int owner, const struct diag_rect *r)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = (struct diag_region){owner, *r};
}

static int map_branch(struct parser *p, const struct words *ws)
{
	struct diag_rect r;
	if (ws->n < 2)
		return nf_err(p->err, -1, "'branch' takes BRANCH ROW COL HEIGHT WIDTH");
	int dec = diagram_decision(p->d, ws->w[1]);
	if (dec < 0)
		return nf_err(p->err, ws->col[1], "branch '%s' has no decision line before it",
			      ws->w[1]);
	if (parse_rect(p, ws, 2, &r) < 0)
		return -1;
	add_region(&p->d->branches, &p->d->nbranches, dec, &r);
	return 0;
}

static int map_label(struct parser *p, const struct words *ws)
{
	struct diag_rect r;
	enum stage_id st = ST_NONE;
	if (ws->n < 2)
		return nf_err(p->err, -1, "'label' takes STAGE ROW COL HEIGHT WIDTH");
	if (parse_stage(p, ws, 1, &st) < 0 || parse_rect(p, ws, 2, &r) < 0)
		return -1;
	add_region(&p->d->labels, &p->d->nlabels, (int)st, &r);
	return 0;
}

/* --- the header lines --- */

static int head_name(struct parser *p, const struct words *ws)
{
	if (ws->n != 2 || strlen(ws->w[1]) >= sizeof(p->d->name))
		return nf_err(p->err, ws->n > 1 ? ws->col[1] : -1, "'name' takes one short word");
	str_copy(p->d->name, sizeof(p->d->name), ws->w[1]);
	return 0;
}

static int head_title(struct parser *p, const struct words *ws)
{
	if (ws->n < 2)
		return nf_err(p->err, -1, "'title' needs some words");
	struct strbuf sb = STRBUF_INIT;
	for (int i = 1; i < ws->n; i++)
		sb_addf(&sb, "%s%s", i > 1 ? " " : "", ws->w[i]);
	str_copy(p->d->title, sizeof(p->d->title), sb_str(&sb));
	sb_free(&sb);
	return 0;
}

static int head_era(struct parser *p, const struct words *ws)
{
	static const struct {
		const char *name;
		enum era era;
	} eras[] = {{"kptd", ERA_KPTD}, {"modern", ERA_MODERN}};
	for (size_t i = 0; ws->n == 2 && i < ARRAY_SIZE(eras); i++)
		if (strcmp(ws->w[1], eras[i].name) == 0) {
			p->d->era = eras[i].era;
			return 0;
		}
	return nf_err(p->err, ws->n > 1 ? ws->col[1] : -1, "'era' is kptd or modern");
}

static int head_art(struct parser *p, const struct words *ws)
{
	if (p->art_done)
		return nf_err(p->err, ws->col[0], "a second 'art' block");
	p->in_art = true;
	return 0;
}

/* Lines that need the art come after it. */
static int need_art(struct parser *p, const struct words *ws)
{
	if (!p->art_done)
		return nf_err(p->err, ws->col[0], "'%s' before the 'art' block", ws->w[0]);
	return 0;
}

static int line_box(struct parser *p, const struct words *ws)
{
	return need_art(p, ws) < 0 ? -1 : map_box(p, ws);
}

static int line_decision(struct parser *p, const struct words *ws)
{
	return map_decision(p, ws);
}

static int line_branch(struct parser *p, const struct words *ws)
{
	return need_art(p, ws) < 0 ? -1 : map_branch(p, ws);
}

static int line_label(struct parser *p, const struct words *ws)
{
	return need_art(p, ws) < 0 ? -1 : map_label(p, ws);
}

static int line_hook(struct parser *p, const struct words *ws)
{
	return need_art(p, ws) < 0 ? -1 : map_hook(p, ws);
}

static const struct {
	const char *keyword;
	int (*parse)(struct parser *p, const struct words *ws);
} keywords[] = {
	{"name", head_name},       {"title", head_title},	  {"era", head_era},
	{"art", head_art},	   {"box", line_box},		  {"decision", line_decision},
	{"branch", line_branch},   {"label", line_label},	  {"hook", line_hook},
};

static int parse_keyword_line(struct parser *p, const struct words *ws)
{
	if (ws->truncated)
		return nf_err(p->err, 0, "line too long or too many words");
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (strcmp(keywords[i].keyword, ws->w[0]) == 0)
			return keywords[i].parse(p, ws);
	return nf_err(p->err, ws->col[0],
		      "unknown keyword '%s' (name, title, era, art, box, decision, branch, label, hook)",
		      ws->w[0]);
}

static int parse_art_line(struct parser *p, const char *line, size_t n)
{
	if (n == 3 && memcmp(line, "end", 3) == 0) {
		p->in_art = false;
		p->art_done = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (line[i] == '\t' || (unsigned char)line[i] < ' ' || (unsigned char)line[i] > '~')
			return nf_err(p->err, (int)i,
				      "the art is plain ASCII without tabs (found byte 0x%02x)",
				      (unsigned char)line[i]);
	art_add(&p->art, line, n);
	return 0;
}

/* Copy the finished art into the diagram's grid. */
static void art_finish(struct parser *p)
{
	struct diagram *d = p->d;
	d->rows = (int)p->art.n;
	d->cols = p->art.width;
	size_t cells = (size_t)d->rows * (size_t)d->cols;
	d->art = xmalloc(cells ? cells : 1);
	d->glyph = xcalloc(cells ? cells : 1, 1);
	memset(d->art, ' ', cells);
	for (int r = 0; r < d->rows; r++)
		memcpy(d->art + (long)r * d->cols, p->art.line[r], strlen(p->art.line[r]));
	glyphs_compute(d->art, d->rows, d->cols, d->glyph);
}

static int parse_lines(struct parser *p, const char *text, size_t len)
{
	struct line_reader lr;
	const char *line;
	size_t n;
	struct words ws;
	line_reader_init(&lr, text, len);
	while (line_reader_next(&lr, &line, &n)) {
		p->err->line = lr.lineno;
		if (p->in_art) {
			if (parse_art_line(p, line, n) < 0)
				return -1;
			if (p->art_done)
				art_finish(p);
			continue;
		}
		words_split(&ws, line, n, "");
		if (ws.n == 0 && !ws.truncated)
			continue;
		if (parse_keyword_line(p, &ws) < 0)
			return -1;
		if (p->in_art)
			p->art_line = lr.lineno;
	}
	return 0;
}

static int check_complete(struct parser *p)
{
	p->err->col = -1;
	if (p->in_art) {
		p->err->line = p->art_line;
		return nf_err(p->err, -1, "the 'art' block has no 'end' line");
	}
	p->err->line = 0;
	if (!p->art_done || p->art.n == 0)
		return nf_err(p->err, -1, "no art (an 'art' ... 'end' block)");
	if (p->d->nboxes == 0)
		return nf_err(p->err, -1, "no 'box' lines: nothing maps to the engine's stages");
	if (!p->d->name[0])
		return nf_err(p->err, -1, "no 'name' line");
	return 0;
}

int diagram_parse(struct diagram *d, const char *file, const char *text, size_t len,
		  struct nf_error *err)
{
	*d = (struct diagram){.era = ERA_KPTD};
	*err = (struct nf_error){.col = -1};
	str_copy(err->file, sizeof(err->file), file);
	struct parser p = {.d = d, .err = err};
	int rc = parse_lines(&p, text, len);
	if (rc == 0)
		rc = check_complete(&p);
	art_free(&p.art);
	if (rc < 0) {
		diagram_free(d);
		return -1;
	}
	d->source = xstrdup(file);
	if (!d->title[0])
		str_copy(d->title, sizeof(d->title), d->name);
	return 0;
}

void diagram_free(struct diagram *d)
{
	free(d->source);
	free(d->art);
	free(d->glyph);
	free(d->boxes);
	free(d->decisions);
	free(d->branches);
	free(d->labels);
	free(d->hooks);
	free(d->aliases);
	*d = (struct diagram){0};
}
