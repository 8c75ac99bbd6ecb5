/* outline.h - one output line built in memory by the traces, with inline
 * appends (a length check and a memcpy).  Why not strbuf: the JSON Lines
 * sink made some sixty sb_adds/sb_addn calls per event, each a function
 * call, a strlen and a capacity check in a loop, and put_str another per
 * run of plain characters: most of its time.  The buffer is reused from
 * line to line, so it grows a few times in a run and then stays. */
#ifndef NFWALK_OUTLINE_H
#define NFWALK_OUTLINE_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "lib/fmt.h"
#include "lib/util.h"

struct outline {
	char *buf;
	size_t n, cap;
};

static inline void ol_grow(struct outline *l, size_t more)
{
	size_t cap = l->cap ? l->cap : 1024;
	while (cap < l->n + more)
		cap *= 2;
	l->buf = xrealloc(l->buf, cap);
	l->cap = cap;
}

static inline void ol_addn(struct outline *l, const char *s, size_t n)
{
	if (l->cap - l->n < n)
		ol_grow(l, n);
	nf_copy(l->buf + l->n, s, n);
	l->n += n;
}

static inline void ol_adds(struct outline *l, const char *s)
{
	ol_addn(l, s, strlen(s));
}

static inline void ol_addc(struct outline *l, char c)
{
	if (l->cap == l->n)
		ol_grow(l, 1);
	l->buf[l->n++] = c;
}

/* v in decimal, right-aligned in at least width columns (printf's
 * %*ld), written backwards ending at e (room for 20 + width); returns
 * the first byte.  Two digits per division (steps and ports are most of
 * them). */
static inline char *int_w_end(char *e, long v, int width)
{
	char *q = fmt_utoa_end(e, v >= 0 ? (unsigned long)v : 0ul - (unsigned long)v);
	if (v < 0)
		*--q = '-';
	while (e - q < width)
		*--q = ' ';
	return q;
}

/* printf's %*lu */
static inline void ol_uint_w(struct outline *l, unsigned long v, int width)
{
	if (v < 10 && width <= 1) { /* a sub packet, a flag, a step */
		ol_addc(l, (char)('0' + v));
		return;
	}
	char d[24], *e = d + sizeof(d), *q = fmt_utoa_end(e, v);
	while (e - q < width)
		*--q = ' ';
	ol_addn(l, q, (size_t)(e - q));
}

/* printf's %*ld */
static inline void ol_int_w(struct outline *l, long v, int width)
{
	if (v >= 0) {
		ol_uint_w(l, (unsigned long)v, width);
		return;
	}
	char d[24], *e = d + sizeof(d), *q = int_w_end(e, v, width);
	ol_addn(l, q, (size_t)(e - q));
}

/* A whole line written through a cursor: room for it asked once (its
 * pieces' lengths are known first), then the pieces copied to a local
 * pointer.  Why: ol_addn's buffer is a global, and the compiler loads
 * buf and n again after every byte stored (a char store may alias
 * them); a line of five pieces made fifteen loads and five room checks. */
static inline char *ol_room(struct outline *l, size_t n)
{
	if (l->cap - l->n < n)
		ol_grow(l, n);
	return l->buf + l->n;
}

/* The line written ends at end (from ol_room). */
static inline void ol_done(struct outline *l, const char *end)
{
	l->n = (size_t)(end - l->buf);
}

/* n bytes of s at d; returns the byte after them. */
static inline char *ol_put(char *d, const char *s, size_t n)
{
	nf_copy(d, s, n);
	return d + n;
}

/* A string literal at d. */
#define OL_PUT_LIT(d, lit) ol_put((d), "" lit, sizeof(lit) - 1)

/* A trace's output not yet written, and where it goes.  The sinks append
 * an event's lines to ol and a walk's lines go out in one fwrite when it
 * ends (EV_FATE), or at OUTFILE_FLUSH_AT bytes: one fwrite per line, each
 * taking the FILE's lock, was a tenth of a trace. */
struct outfile {
	struct outline ol;
	FILE *f;
	/* Called on the pending bytes just before they are written (NULL:
	 * none): the text trace escapes a walk's lines there at once rather
	 * than each event's as it comes. */
	void (*seal)(struct outline *ol);
};
enum { OUTFILE_FLUSH_AT = 1 << 16 };
/* Lines go to f from now on; what is pending for another FILE goes there
 * first.  The first call registers o so that lines still pending at exit
 * (a walk cut short) are written then, before main's nf_close_stdout
 * (atexit runs the later registration first); o must be static. */
void outfile_switch(struct outfile *o, FILE *f);
/* Inline: the sinks ask at every event, and the FILE seldom changes. */
static inline void outfile_to(struct outfile *o, FILE *f)
{
	if (o->f != f)
		outfile_switch(o, f);
}
void outfile_flush(struct outfile *o);

#endif
