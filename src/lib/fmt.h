/* fmt.h - printf's conversions without printf, for the string buffer
 * (sb_vaddf asks this first): see fmt.c for why and which. */
#ifndef NFWALK_FMT_H
#define NFWALK_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

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

#endif
