/* words.c - the one word splitter, and the ip/tc command form of it
 * (cmdwords.h).  Words are copied a span at a time. */
#include "lib/words.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cmdwords.h"
#include "lib/util.h"

/* What a byte is to the splitter, looked up once per byte: a table
 * built per call from the options, instead of strchr over the blanks and
 * the alone bytes for every byte of the line (the loader of a 50,000-rule
 * file splits 50,000 lines). */
enum byte_class {
	BC_END = 1 << 0,     /* NUL: the text ends */
	BC_BLANK = 1 << 1,   /* a separator */
	BC_ALONE = 1 << 2,   /* a word by itself */
	BC_HASH = 1 << 3,    /* '#' with WORD_COMMENT_ANYWHERE: ends the word */
	BC_SPECIAL = 1 << 4, /* a quote or backslash that needs more than copying */
};
#define BC_ENDS_WORD (BC_END | BC_BLANK | BC_ALONE | BC_HASH)

struct splitter {
	const char *text;
	size_t len, i;
	unsigned flags;
	unsigned char cls[256];
	char *out; /* where the next byte of the current word goes */
};

static void classes(struct splitter *sp, const char *blanks, const char *alone)
{
	memset(sp->cls, 0, sizeof(sp->cls));
	for (const char *b = blanks; *b; b++)
		sp->cls[(unsigned char)*b] |= BC_BLANK;
	for (const char *a = alone ? alone : ""; *a; a++)
		sp->cls[(unsigned char)*a] |= BC_ALONE;
	if (sp->flags & WORD_COMMENT_ANYWHERE)
		sp->cls['#'] |= BC_HASH;
	if (sp->flags & WORD_QUOTES)
		sp->cls['\''] |= BC_SPECIAL, sp->cls['"'] |= BC_SPECIAL;
	if (sp->flags & WORD_ESCAPES)
		sp->cls['\\'] |= BC_SPECIAL;
	sp->cls[0] = BC_END;
}

static unsigned cls_at(const struct splitter *sp, size_t i)
{
	return i < sp->len ? sp->cls[(unsigned char)sp->text[i]] : BC_END;
}

/* The first index from i whose byte is of a class in stop (the end of
 * the text counts as BC_END): the loop every byte of a line goes through. */
static size_t span(const struct splitter *sp, size_t i, unsigned stop)
{
	const unsigned char *t = (const unsigned char *)sp->text;
	const unsigned char *cls = sp->cls;
	size_t len = sp->len;
	while (i < len && !(cls[t[i]] & stop))
		i++;
	return i;
}

static bool at_end(const struct splitter *sp)
{
	return cls_at(sp, sp->i) & BC_END;
}

static void copy_span(struct splitter *sp, size_t from)
{
	memcpy(sp->out, sp->text + from, sp->i - from);
	sp->out += sp->i - from;
}

/* Inside "...": only these follow a backslash as themselves. */
static bool dq_escapable(char c)
{
	return c == '"' || c == '\\' || c == '$' || c == '`' || c == '\n';
}

/* One quoted section at text[i] (the quote); false when it is not closed. */
static bool quoted(struct splitter *sp)
{
	char q = sp->text[sp->i++];
	bool escapes = q == '"' && (sp->flags & WORD_ESCAPES);
	for (;;) {
		size_t from = sp->i;
		while (!at_end(sp) && sp->text[sp->i] != q && !(escapes && sp->text[sp->i] == '\\'))
			sp->i++;
		copy_span(sp, from);
		if (at_end(sp))
			return false;
		if (sp->text[sp->i] == q) {
			sp->i++;
			return true;
		}
		/* a backslash in "..." */
		if (sp->i + 1 < sp->len && dq_escapable(sp->text[sp->i + 1]))
			sp->i++;
		*sp->out++ = sp->text[sp->i++];
	}
}

/* The rest of the word starting at text[i]; false on an open quote
 * (*bad: where it opened). */
static bool one_word(struct splitter *sp, size_t *bad)
{
	if (cls_at(sp, sp->i) & BC_ALONE) {
		*sp->out++ = sp->text[sp->i++];
		return true;
	}
	for (;;) {
		unsigned c = cls_at(sp, sp->i);
		if (c & BC_ENDS_WORD)
			return true;
		if (!(c & BC_SPECIAL)) {
			size_t from = sp->i;
			sp->i = span(sp, from, BC_ENDS_WORD | BC_SPECIAL);
			copy_span(sp, from);
		} else if (sp->text[sp->i] == '\\') {
			/* a backslash takes the next byte; a last one is itself */
			if (sp->i + 1 < sp->len && sp->text[sp->i + 1])
				sp->i++;
			*sp->out++ = sp->text[sp->i++];
		} else {
			*bad = sp->i;
			if (!quoted(sp))
				return false;
		}
	}
}

/* Append a word; a full array moves to the heap (the store, if it was
 * one, stays the caller's). */
static void push(struct word_list *wl, size_t *cap, bool *own, char *s, size_t col, size_t end)
{
	if (wl->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct word_tok *v = xmalloc(ncap * sizeof(*v));
		if (wl->n)
			memcpy(v, wl->v, wl->n * sizeof(*v));
		if (*own)
			free(wl->v);
		wl->v = v;
		*cap = ncap;
		*own = true;
	}
	wl->v[wl->n++] = (struct word_tok){s, (int)col, (int)end};
}

static int fail(struct word_list *wl, const struct word_store *st, int status, size_t col)
{
	if (!st || wl->v != st->v)
		free(wl->v);
	if (!st || wl->buf != st->buf)
		free(wl->buf);
	*wl = (struct word_list){.err_col = (int)col};
	return status;
}

int word_split_into(struct word_list *wl, const char *text, size_t len,
		    const struct word_opts *o, const struct word_store *st)
{
	*wl = (struct word_list){0};
	struct splitter sp;
	sp.text = text;
	sp.len = len;
	sp.i = 0;
	sp.flags = o->flags;
	classes(&sp, o->blanks ? o->blanks : " \t\n\r", o->alone);
	/* a word takes at most its bytes and a NUL; a byte of `alone` is one */
	size_t need = 2 * len + 1;
	wl->buf = st && st->bufcap >= need ? st->buf : xmalloc(need);
	sp.out = wl->buf;
	size_t cap = 0;
	bool own_v = true;
	if (st && st->vcap) {
		wl->v = st->v;
		cap = st->vcap;
		own_v = false;
	}
	for (;;) {
		while (sp.i < len && (sp.cls[(unsigned char)text[sp.i]] & BC_BLANK))
			sp.i++;
		if (at_end(&sp) ||
		    (text[sp.i] == '#' && (sp.flags & (WORD_COMMENT | WORD_COMMENT_ANYWHERE))))
			return WORD_OK;
		if (o->max && wl->n == o->max)
			return fail(wl, st, WORD_TOO_MANY, sp.i);
		size_t col = sp.i, bad = 0;
		char *s = sp.out;
		if (!one_word(&sp, &bad))
			return fail(wl, st, WORD_OPEN_QUOTE, bad);
		*sp.out++ = '\0';
		push(wl, &cap, &own_v, s, col, sp.i);
	}
}

int word_split(struct word_list *wl, const char *text, size_t len, const struct word_opts *o)
{
	return word_split_into(wl, text, len, o, NULL);
}

int word_split_line(struct word_list *wl, const char *line, unsigned flags)
{
	return word_split(wl, line, strlen(line), &(struct word_opts){.flags = flags});
}

void word_list_release(struct word_list *wl, const struct word_store *st)
{
	if (!st || wl->v != st->v)
		free(wl->v);
	if (!st || wl->buf != st->buf)
		free(wl->buf);
	*wl = (struct word_list){0};
}

void word_list_free(struct word_list *wl)
{
	free(wl->v);
	free(wl->buf);
	*wl = (struct word_list){0};
}

/* --- ip and tc commands: blanks only, at most CMDWORDS_MAX words --- */

int cmdwords_split(struct cmdwords *cw, const char *line, int *too_many_col)
{
	memset(cw, 0, sizeof(*cw));
	size_t len = strlen(line);
	cw->end_col = (int)len;
	struct word_list wl;
	if (word_split(&wl, line, len, &(struct word_opts){.max = CMDWORDS_MAX}) != WORD_OK) {
		if (too_many_col)
			*too_many_col = wl.err_col;
		return -1;
	}
	for (size_t i = 0; i < wl.n; i++) {
		cw->w[i] = wl.v[i].s;
		cw->col[i] = wl.v[i].col;
	}
	cw->n = wl.n;
	cw->buf = wl.buf;
	free(wl.v);
	return 0;
}

void cmdwords_free(struct cmdwords *cw)
{
	free(cw->buf);
	memset(cw, 0, sizeof(*cw));
}

size_t cmdwords_skip_prefix(const struct cmdwords *cw, const char *const *prefix, size_t nprefix)
{
	size_t i = 0;
	for (size_t k = 0; k < nprefix && i < cw->n; k++)
		if (strcmp(cw->w[i], prefix[k]) == 0)
			i++;
	return i;
}
