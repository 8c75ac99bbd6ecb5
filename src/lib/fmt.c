/* fmt.c - the printf conversions nfwalk's sentences use, without the
 * printf machinery.  Why: a trace builds some forty sentences per packet
 * (the match results, the route's and conntrack's explanations, the rule
 * texts), and glibc's vsnprintf spent most of its time setting up a FILE
 * for a string, parsing and copying byte by byte: half of a text trace
 * went there.  The bytes are printf's exactly; what this does not know it
 * refuses, and sb_vaddf then asks vsnprintf. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strnlen, strchrnul */
#endif
#include "lib/fmt.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* One conversion's flags, width and precision. */
struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec; /* -1: none */
};

/* Room for n more bytes and the NUL (sb_reserve's growth). */
static inline char *room(struct strbuf *sb, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;
		while (cap < sb->len + n + 1)
			cap *= 2;
		sb->s = xrealloc(sb->s, cap);
		sb->cap = cap;
	}
	return sb->s + sb->len;
}

const char fmt_digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
				 "25262728293031323334353637383940414243444546474849"
				 "50515253545556575859606162636465666768697071727374"
				 "75767778798081828384858687888990919293949596979899";

static inline void put(struct strbuf *sb, const char *s, size_t n)
{
	nf_copy(room(sb, n), s, n);
	sb->len += n;
}

static void pad(struct strbuf *sb, char c, size_t n)
{
	memset(room(sb, n), c, n);
	sb->len += n;
}

/* text of n bytes in the field: spaces before it, or after it for '-' */
static void field(struct strbuf *sb, const struct spec *sp, const char *text, size_t n)
{
	size_t w = sp->width > 0 ? (size_t)sp->width : 0;
	if (!sp->left && w > n)
		pad(sb, ' ', w - n);
	put(sb, text, n);
	if (sp->left && w > n)
		pad(sb, ' ', w - n);
}

/* An integer: sign or 0x, the precision's zeros, the digits, in the
 * field (the '0' flag pads with zeros unless a precision is given). */
static void integer(struct strbuf *sb, const struct spec *sp, uintmax_t v, bool neg, int base,
		    bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char d[48], *e = d + sizeof(d), *q = e;
	if (base == 10) {
		if (v) /* none for 0: the precision's zeros are added below */
			q = fmt_utoa_end(e, v);
	} else
		for (uintmax_t x = v; x; x >>= 4)
			*--q = digits[x & 15];
	size_t nd = (size_t)(e - q);
	size_t prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	char pre[2];
	size_t np = 0;
	if (neg)
		pre[np++] = '-';
	else if (sp->plus)
		pre[np++] = '+';
	else if (sp->space)
		pre[np++] = ' ';
	if (base == 16 && sp->alt && v) {
		pre[np++] = '0';
		pre[np++] = upper ? 'X' : 'x';
	}
	size_t zeros = prec > nd ? prec - nd : 0;
	size_t len = np + zeros + nd;
	size_t w = sp->width > 0 ? (size_t)sp->width : 0;
	if (sp->zero && !sp->left && sp->prec < 0 && w > len) {
		zeros += w - len;
		len = w;
	}
	if (!sp->left && w > len)
		pad(sb, ' ', w - len);
	put(sb, pre, np);
	pad(sb, '0', zeros);
	put(sb, q, nd);
	if (sp->left && w > len)
		pad(sb, ' ', w - len);
}

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T };

static intmax_t signed_arg(enum length l, va_list *ap)
{
	switch (l) {
	case L_HH:
		return (signed char)va_arg(*ap, int);
	case L_H:
		return (short)va_arg(*ap, int);
	case L_L:
		return va_arg(*ap, long);
	case L_LL:
		return va_arg(*ap, long long);
	case L_Z:
		return (ptrdiff_t)va_arg(*ap, size_t);
	case L_J:
		return va_arg(*ap, intmax_t);
	case L_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t unsigned_arg(enum length l, va_list *ap)
{
	switch (l) {
	case L_HH:
		return (unsigned char)va_arg(*ap, unsigned);
	case L_H:
		return (unsigned short)va_arg(*ap, unsigned);
	case L_L:
		return va_arg(*ap, unsigned long);
	case L_LL:
		return va_arg(*ap, unsigned long long);
	case L_Z:
		return va_arg(*ap, size_t);
	case L_J:
		return va_arg(*ap, uintmax_t);
	case L_T:
		return (size_t)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

/* Digits of a width or precision; -1 past INT_MAX's magnitude (refused). */
static int number(const char **f)
{
	int n = 0;
	while (**f >= '0' && **f <= '9') {
		if (n > 100000000)
			return -1;
		n = n * 10 + (*(*f)++ - '0');
	}
	return n;
}

static enum length length_of(const char **f)
{
	switch (**f) {
	case 'h':
		if ((*f)[1] == 'h') {
			*f += 2;
			return L_HH;
		}
		++*f;
		return L_H;
	case 'l':
		if ((*f)[1] == 'l') {
			*f += 2;
			return L_LL;
		}
		++*f;
		return L_L;
	case 'z':
		++*f;
		return L_Z;
	case 'j':
		++*f;
		return L_J;
	case 't':
		++*f;
		return L_T;
	default:
		return L_NONE;
	}
}

/* The flags, width and precision after a '%'; false for what printf
 * would read differently (positional arguments, glibc's ' and I). */
static bool parse_spec(const char **f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){.prec = -1};
	for (;; ++*f) {
		switch (**f) {
		case '-':
			sp->left = true;
			continue;
		case '0':
			sp->zero = true;
			continue;
		case '+':
			sp->plus = true;
			continue;
		case ' ':
			sp->space = true;
			continue;
		case '#':
			sp->alt = true;
			continue;
		}
		break;
	}
	if (**f == '*') {
		++*f;
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			if (sp->width == INT_MIN)
				return false;
			sp->left = true;
			sp->width = -sp->width;
		}
	} else if ((sp->width = number(f)) < 0 || **f == '$') {
		return false;
	}
	if (**f == '.') {
		++*f;
		if (**f == '*') {
			++*f;
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
		} else if ((sp->prec = number(f)) < 0) {
			return false;
		}
	}
	return true;
}

/* One conversion at *f (after the '%'); false when it is not ours. */
static bool convert(struct strbuf *sb, const char **f, va_list *ap)
{
	struct spec sp;
	if (!parse_spec(f, &sp, ap))
		return false;
	enum length l = length_of(f);
	char c = *(*f)++;
	switch (c) {
	case 'd':
	case 'i': {
		intmax_t v = signed_arg(l, ap);
		uintmax_t u = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
		integer(sb, &sp, u, v < 0, 10, false);
		return true;
	}
	case 'u':
		sp.plus = sp.space = false; /* printf ignores them for unsigned */
		integer(sb, &sp, unsigned_arg(l, ap), false, 10, false);
		return true;
	case 'x':
	case 'X':
		sp.plus = sp.space = false;
		integer(sb, &sp, unsigned_arg(l, ap), false, 16, c == 'X');
		return true;
	case 'c': {
		if (l != L_NONE || sp.zero)
			return false; /* %lc is a wide character */
		char ch = (char)(unsigned char)va_arg(*ap, int);
		field(sb, &sp, &ch, 1);
		return true;
	}
	case 's': {
		if (l != L_NONE || sp.zero)
			return false; /* %ls is a wide string */
		const char *s = va_arg(*ap, const char *);
		if (!s) {
			if (sp.prec >= 0)
				return false; /* glibc's rule for a short "(null)" */
			s = "(null)";
		}
		size_t n = sp.prec < 0 ? strlen(s) : strnlen(s, (size_t)sp.prec);
		field(sb, &sp, s, n);
		return true;
	}
	case '%':
		if (l != L_NONE || sp.left || sp.zero || sp.plus || sp.space || sp.alt ||
		    sp.width || sp.prec >= 0)
			return false;
		put(sb, "%", 1);
		return true;
	default:
		return false; /* floating point, %p, %n, %o, extensions */
	}
}

/* Where fmt_append writes: the buffer's next byte and its last before
 * the NUL's, in locals rather than sb's fields, which the compiler loads
 * again after every byte stored (a char store may alias them): some
 * thirty loads and stores a sentence. */
struct cursor {
	char *d, *lim;
};

/* n bytes of s at the cursor; false when they do not fit a fixed
 * buffer (one that may not grow: fmt_into's) */
static inline bool cursor_put(struct strbuf *sb, struct cursor *c, const char *s, size_t n,
			      bool fixed)
{
	if ((size_t)(c->lim - c->d) < n) {
		if (fixed)
			return false;
		sb->len = (size_t)(c->d - sb->s);
		c->d = room(sb, n);
		c->lim = sb->s + sb->cap - 1;
	}
	nf_copy(c->d, s, n);
	c->d += n;
	return true;
}

enum fmt_end { FMT_DONE, FMT_REFUSED, FMT_FULL };

/* fmt_append's work.  fixed: sb holds a caller's array of sb->cap bytes
 * that may not grow, and only %s, %u, %d and %x are taken (FMT_FULL, FMT_REFUSED
 * else); sb->s is no NULL. */
__attribute__((always_inline)) static inline enum fmt_end format(struct strbuf *sb, const char *fmt,
								    va_list *ap, bool fixed)
{
	const char *f = fmt;
	struct cursor c = {sb->s + sb->len, sb->s + sb->cap - 1};
	for (;;) {
		/* the literal run by strchrnul, not a byte loop: most of a
		 * sentence is its format's words (the loop was a third of
		 * this function); not called for an empty run (a format
		 * beginning or ending with a conversion, or two in a row),
		 * where the call cost more than the whole test */
		if (*f != '%' && *f) {
			const char *run = f;
			f = strchrnul(f, '%');
			if (!cursor_put(sb, &c, run, (size_t)(f - run), fixed))
				return FMT_FULL;
		}
		if (!*f)
			break;
		f++;
		if (*f == 's') { /* most conversions are a plain %s, %u or %d */
			const char *arg = va_arg(*ap, const char *);
			if (!arg)
				arg = "(null)";
			if (!cursor_put(sb, &c, arg, strlen(arg), fixed))
				return FMT_FULL;
			f++;
		} else if (*f == 'u') {
			char d[16], *e = d + sizeof(d), *q = fmt_utoa_end(e, va_arg(*ap, unsigned));
			if (!cursor_put(sb, &c, q, (size_t)(e - q), fixed))
				return FMT_FULL;
			f++;
		} else if (*f == 'd') { /* rule numbers, prefix lengths */
			int v = va_arg(*ap, int);
			char d[16], *e = d + sizeof(d);
			char *q = fmt_utoa_end(e, v < 0 ? 0u - (unsigned)v : (unsigned)v);
			if (v < 0)
				*--q = '-';
			if (!cursor_put(sb, &c, q, (size_t)(e - q), fixed))
				return FMT_FULL;
			f++;
		} else if (*f == 'x') { /* marks, "0x%x" everywhere */
			char d[16], *e = d + sizeof(d), *q = fmt_xtoa_end(e, va_arg(*ap, unsigned));
			if (!cursor_put(sb, &c, q, (size_t)(e - q), fixed))
				return FMT_FULL;
			f++;
		} else if (fixed) {
			return FMT_REFUSED;
		} else {
			sb->len = (size_t)(c.d - sb->s);
			if (!convert(sb, &f, ap))
				return FMT_REFUSED;
			c.d = room(sb, 0);
			c.lim = sb->s + sb->cap - 1;
		}
	}
	sb->len = (size_t)(c.d - sb->s);
	*c.d = '\0';
	return FMT_DONE;
}

bool fmt_append(struct strbuf *sb, const char *fmt, va_list *ap)
{
	room(sb, 0); /* allocates: sb->s is no NULL from here */
	return format(sb, fmt, ap, false) == FMT_DONE;
}

bool fmt_into(char *buf, size_t n, const char *fmt, va_list *ap, size_t *len)
{
	if (n == 0)
		return false;
	struct strbuf fixed = {buf, 0, n};
	if (format(&fixed, fmt, ap, true) != FMT_DONE)
		return false;
	*len = fixed.len;
	return true;
}
