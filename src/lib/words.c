/* words.c - the one word splitter, and the ip/tc command form of it
 * (cmdwords.h).  Words are copied a span at a time. */
#include "lib/words.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cmdwords.h"
#include "lib/util.h"

struct splitter {
	const char *text;
	size_t len, i;
	unsigned flags;
	const char *blanks, *alone;
	char *out; /* where the next byte of the current word goes */
};

static bool at_end(const struct splitter *sp)
{
	return sp->i >= sp->len || sp->text[sp->i] == '\0';
}

static bool is_in(char c, const char *set)
{
	return c != '\0' && set && strchr(set, c) != NULL;
}

static bool ends_word(const struct splitter *sp, char c)
{
	return is_in(c, sp->blanks) || is_in(c, sp->alone) ||
	       ((sp->flags & WORD_COMMENT_ANYWHERE) && c == '#');
}

/* Bytes that need more than copying. */
static bool special(const struct splitter *sp, char c)
{
	return ((sp->flags & WORD_QUOTES) && (c == '\'' || c == '"')) ||
	       ((sp->flags & WORD_ESCAPES) && c == '\\');
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
	if (is_in(sp->text[sp->i], sp->alone)) {
		*sp->out++ = sp->text[sp->i++];
		return true;
	}
	while (!at_end(sp) && !ends_word(sp, sp->text[sp->i])) {
		char c = sp->text[sp->i];
		if (!special(sp, c)) {
			size_t from = sp->i;
			while (!at_end(sp) && !ends_word(sp, sp->text[sp->i]) &&
			       !special(sp, sp->text[sp->i]))
				sp->i++;
			copy_span(sp, from);
		} else if (c == '\\') {
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
	return true;
}

static void push(struct word_list *wl, size_t *cap, char *s, size_t col, size_t end)
{
	if (wl->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		wl->v = xrealloc(wl->v, *cap * sizeof(*wl->v));
	}
	wl->v[wl->n++] = (struct word_tok){s, (int)col, (int)end};
}

static int fail(struct word_list *wl, int status, size_t col)
{
	word_list_free(wl);
	wl->err_col = (int)col;
	return status;
}

int word_split(struct word_list *wl, const char *text, size_t len, const struct word_opts *o)
{
	*wl = (struct word_list){0};
	struct splitter sp = {
		.text = text,
		.len = len,
		.flags = o->flags,
		.blanks = o->blanks ? o->blanks : " \t\n\r",
		.alone = o->alone,
	};
	/* a word takes at most its bytes and a NUL; a byte of `alone` is one */
	wl->buf = xmalloc(2 * len + 1);
	sp.out = wl->buf;
	size_t cap = 0;
	for (;;) {
		while (!at_end(&sp) && is_in(text[sp.i], sp.blanks))
			sp.i++;
		if (at_end(&sp) ||
		    (text[sp.i] == '#' && (sp.flags & (WORD_COMMENT | WORD_COMMENT_ANYWHERE))))
			return WORD_OK;
		if (o->max && wl->n == o->max)
			return fail(wl, WORD_TOO_MANY, sp.i);
		size_t col = sp.i, bad = 0;
		char *s = sp.out;
		if (!one_word(&sp, &bad))
			return fail(wl, WORD_OPEN_QUOTE, bad);
		*sp.out++ = '\0';
		push(wl, &cap, s, col, sp.i);
	}
}

int word_split_line(struct word_list *wl, const char *line, unsigned flags)
{
	return word_split(wl, line, strlen(line), &(struct word_opts){.flags = flags});
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
