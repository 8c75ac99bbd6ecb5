/* fmt.h - printf's conversions without printf, for the string buffer
 * (sb_vaddf asks this first): see fmt.c for why and which. */
#ifndef NFWALK_FMT_H
#define NFWALK_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/util.h"

/* Append fmt's text with ap's arguments to sb, byte for byte as
 * vsnprintf would, and NUL-terminate.  Knows the flags -0+ #, widths and
 * precisions (digits or *), the lengths hh h l ll z j t and the
 * conversions d i u x X c s %; on anything else it returns false, having
 * appended part of the text and read part of ap: the caller cuts sb back
 * and formats with vsnprintf from a copy of ap taken before. */
bool fmt_append(struct strbuf *sb, const char *fmt, va_list *ap);
/* The same straight into buf's n bytes, *len the text's length, when fmt
 * holds no conversion but %s, %u, %d and %x and the text fits (n - 1 bytes and
 * the NUL); false else, having written part of buf and read part of ap.
 * nf_vsnprintf's fast way: no copy out of a scratch buffer. */
bool fmt_into(char *buf, size_t n, const char *fmt, va_list *ap, size_t *len);

/* "00" "01" ... "99": two decimal digits per division. */
extern const char fmt_digit_pairs[201];

/* v's decimal digits written backwards ending at e (room for 20: any
 * uintmax_t), two per division; returns the first digit.  The one
 * decimal writer: the traces, the sentences and the string buffer all
 * print their numbers through it. */
static inline char *fmt_utoa_end(char *e, uintmax_t v)
{
	char *q = e;
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		*--q = fmt_digit_pairs[2 * r + 1];
		*--q = fmt_digit_pairs[2 * r];
	}
	if (v >= 10) {
		*--q = fmt_digit_pairs[2 * v + 1];
		*--q = fmt_digit_pairs[2 * v];
	} else {
		*--q = (char)('0' + v);
	}
	return q;
}

/* v's lowercase hex digits written backwards ending at e (room for 8),
 * as printf's %x; returns the first digit. */
static inline char *fmt_xtoa_end(char *e, uint32_t v)
{
	char *q = e;
	do
		*--q = "0123456789abcdef"[v & 15u];
	while ((v >>= 4) != 0);
	return q;
}

/* Pieces written one after another into a fixed buffer and cut at its
 * end, as snprintf would cut them, without a format to read: the
 * sentences every trace line carries (a test's label and why, a route's
 * explanation).  end is the buffer's last byte, kept for the NUL. */
struct fmt_cursor {
	char *p, *end;
};

/* A cursor over buf's n bytes (n > 0). */
static inline struct fmt_cursor fmt_cursor(char *buf, size_t n)
{
	return (struct fmt_cursor){buf, buf + n - 1};
}

static inline void fmt_putn(struct fmt_cursor *c, const char *s, size_t n)
{
	size_t room = (size_t)(c->end - c->p);
	if (__builtin_constant_p(n) && n <= room) {
		memcpy(c->p, s, n); /* a literal: the compiler's few moves */
		c->p += n;
		return;
	}
	if (n > room)
		n = room;
	nf_copy(c->p, s, n); /* a name, an address: a few bytes, in line */
	c->p += n;
}

static inline void fmt_puts(struct fmt_cursor *c, const char *s)
{
	fmt_putn(c, s, strlen(s));
}

static inline void fmt_put_u(struct fmt_cursor *c, uintmax_t v)
{
	char d[24], *e = d + sizeof(d);
	char *q = fmt_utoa_end(e, v);
	fmt_putn(c, q, (size_t)(e - q));
}

/* printf's %x */
static inline void fmt_put_x(struct fmt_cursor *c, uint32_t v)
{
	char d[12], *e = d + sizeof(d);
	char *q = fmt_xtoa_end(e, v);
	fmt_putn(c, q, (size_t)(e - q));
}

/* NUL-terminate where the cursor is; returns the text's length from buf. */
static inline size_t fmt_close(struct fmt_cursor *c, const char *buf)
{
	*c->p = '\0';
	return (size_t)(c->p - buf);
}

/* snprintf(buf, n, "%s%u%s", a, v, b) by pieces (n > 0); returns the
 * length: the sentences that name a conntrack entry by its id.  Always
 * in line: a and b are literals, whose lengths the compiler then knows. */
static inline __attribute__((always_inline)) size_t fmt_say_u(char *buf, size_t n, const char *a, uintmax_t v, const char *b)
{
	struct fmt_cursor o = fmt_cursor(buf, n);
	fmt_puts(&o, a);
	fmt_put_u(&o, v);
	fmt_puts(&o, b);
	return fmt_close(&o, buf);
}

#endif
