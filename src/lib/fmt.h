/* fmt.h - printf's conversions without printf, for the string buffer
 * (sb_vaddf asks this first): see fmt.c for why and which. */
#ifndef NFWALK_FMT_H
#define NFWALK_FMT_H

#include <stdarg.h>
#include <stdbool.h>

#include "lib/util.h"

/* Append fmt's text with ap's arguments to sb, byte for byte as
 * vsnprintf would, and NUL-terminate.  Knows the flags -0+ #, widths and
 * precisions (digits or *), the lengths hh h l ll z j t and the
 * conversions d i u x X c s %; on anything else it returns false, having
 * appended part of the text and read part of ap: the caller cuts sb back
 * and formats with vsnprintf from a copy of ap taken before. */
bool fmt_append(struct strbuf *sb, const char *fmt, va_list *ap);

/* v's decimal digits written backwards ending at e (room for 10), two
 * per division; returns the first digit. */
char *fmt_utoa_end(char *e, unsigned v);

#endif
