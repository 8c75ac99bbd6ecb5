/* pane.c - clipped and wrapped text in a screen rectangle. */
#include "pane.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static bool continuation_byte(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

int text_cols(const char *s)
{
	int n = 0;
	for (; *s; s++)
		if (!continuation_byte((unsigned char)*s))
			n++;
	return n;
}

/* Bytes of s that fit in cols columns. */
static size_t bytes_for_cols(const char *s, int cols)
{
	size_t i = 0;
	int used = 0;
	while (s[i]) {
		if (!continuation_byte((unsigned char)s[i]) && used++ == cols)
			break;
		i++;
	}
	return i;
}

void pane_start(struct pane *p, const struct rect *r, attr_t base)
{
	*p = (struct pane){.r = *r, .base = base};
	attrset(base);
	for (int y = 0; y < r->h; y++)
		mvhline(r->y + y, r->x, ' ' | base, r->w);
}

bool pane_full(const struct pane *p)
{
	return p->y >= p->r.h;
}

int pane_room(const struct pane *p)
{
	return pane_full(p) ? 0 : p->r.w - p->x;
}

void pane_newline(struct pane *p)
{
	p->y++;
	p->x = 0;
}

/* Text from scenario and rules files is drawn escaped (sb_add_vis). */
void pane_add(struct pane *p, attr_t a, const char *text)
{
	int room = pane_room(p);
	if (room <= 0 || !*text)
		return;
	char *s = vis_str(text);
	size_t n = bytes_for_cols(s, room);
	attrset(a);
	mvaddnstr(p->r.y + p->y, p->r.x + p->x, s, (int)n);
	p->x += text_cols(s) < room ? text_cols(s) : room;
	free(s);
}

void pane_addf(struct pane *p, attr_t a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pane_add(p, a, buf);
}

/* Length in bytes of the word at s (up to a blank or the end). */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

static void wrap_line(struct pane *p, int indent)
{
	pane_newline(p);
	p->x = indent;
}

/* A word longer than the line is cut into line-sized pieces. */
static void add_cut(struct pane *p, attr_t a, const char *word, int indent)
{
	while (*word && !pane_full(p)) {
		int room = pane_room(p);
		if (room <= 0) {
			wrap_line(p, indent);
			continue;
		}
		size_t n = bytes_for_cols(word, room);
		char piece[512];
		memcpy(piece, word, n);
		piece[n] = '\0';
		pane_add(p, a, piece);
		word += n;
	}
}

void pane_wrap(struct pane *p, attr_t a, const char *text, int indent)
{
	char *v = vis_str(text); /* widths are of the text as drawn */
	const char *s = v;
	if (indent >= p->r.w)
		indent = 0;
	/* The first word follows whatever the caller wrote on the line. */
	bool after_word = false;
	while (!pane_full(p)) {
		while (*s == ' ')
			s++;
		size_t wl = word_len(s);
		if (wl == 0)
			break;
		char word[512];
		size_t take = wl < sizeof(word) - 1 ? wl : sizeof(word) - 1;
		memcpy(word, s, take);
		word[take] = '\0';
		int need = text_cols(word) + (after_word ? 1 : 0);
		if (need > pane_room(p) && p->x > indent) {
			wrap_line(p, indent);
		} else if (after_word) {
			pane_add(p, a, " ");
		}
		add_cut(p, a, word, indent);
		after_word = true;
		s += wl;
	}
	free(v);
}

void pane_heading(struct pane *p, attr_t a, const char *text)
{
	if (pane_full(p))
		return;
	if (p->x > 0)
		pane_newline(p);
	if (pane_full(p))
		return;
	attrset(a);
	mvhline(p->r.y + p->y, p->r.x, ' ' | a, p->r.w);
	p->x = 0;
	pane_add(p, a, " ");
	pane_add(p, a, text);
	pane_newline(p);
}
