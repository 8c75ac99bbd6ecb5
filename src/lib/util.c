/* util.c - allocation, string buffer and error helpers. */
#include "lib/util.h"
#include "lib/fmt.h"

#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* _exit */
#endif
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned long long nf_work;

static void oom(void)
{
	fputs("nfwalk: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void sb_grow(struct strbuf *sb, size_t more)
{
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + more + 1)
		cap *= 2;
	sb->s = xrealloc(sb->s, cap);
	sb->cap = cap;
}

static void sb_reserve(struct strbuf *sb, size_t more)
{
	if (sb->len + more + 1 > sb->cap)
		sb_grow(sb, more);
}

/* fmt_append first (printf's bytes at a fraction of its cost); for the
 * conversions it does not know, vsnprintf: one pass when the text fits
 * the room left, a second after growing. */
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	if (!sb)
		return;
	size_t start = sb->len;
	va_list ap2;
	va_copy(ap2, ap);
	bool done = fmt_append(sb, fmt, &ap2);
	va_end(ap2);
	if (done)
		return;
	sb->len = start;
	va_copy(ap2, ap);
	size_t room = sb->cap - sb->len;
	int need = vsnprintf(sb->s ? sb->s + sb->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (need < 0) {
		if (sb->s)
			sb->s[sb->len] = '\0';
		return;
	}
	if ((size_t)need >= room) {
		sb_reserve(sb, (size_t)need);
		vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, ap);
	}
	sb->len += (size_t)need;
}

int nf_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	static struct strbuf text; /* reused: nothing formats within a format */
	size_t len;
	va_list ap2;
	va_copy(ap2, ap);
	bool done = fmt_into(buf, n, fmt, &ap2, &len);
	va_end(ap2);
	if (done)
		return len > INT_MAX ? -1 : (int)len;
	/* a cut text or another conversion: the whole text first */
	text.len = 0;
	va_copy(ap2, ap);
	done = fmt_append(&text, fmt, &ap2);
	va_end(ap2);
	if (!done)
		return vsnprintf(buf, n, fmt, ap);
	str_copy_n(buf, n, text.s, text.len);
	return text.len > INT_MAX ? -1 : (int)text.len;
}

int nf_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = nf_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

void nf_say(char *why, size_t n, const char *fmt, ...)
{
	if (!why || n == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	nf_vsnprintf(why, n, fmt, ap);
	va_end(ap);
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sb_add_u(struct strbuf *sb, unsigned v)
{
	char d[24], *e = d + sizeof(d), *q = fmt_utoa_end(e, v);
	sb_addn(sb, q, (size_t)(e - q));
}

void sb_add_su(struct strbuf *sb, const char *s, unsigned v)
{
	sb_adds(sb, s);
	sb_add_u(sb, v);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->s ? sb->s : "";
}

/* Bytes of a printable UTF-8 character at s (n bytes left), or 0. */
static size_t utf8_printable(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (s[0] >= 0xf5 || len == 0 || len > n)
		return 0;
	uint32_t cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return 0; /* overlong, out of range, a surrogate */
	return cp < 0xa0 ? 0 : len; /* C1 controls are shown as bytes */
}

static void vis_byte(char *out, unsigned char c)
{
	char *o = out;
	if (c >= 0x80) {
		*o++ = 'M';
		*o++ = '-';
		c &= 0x7f;
	}
	if (c < 0x20 || c == 0x7f) {
		*o++ = '^';
		c = c == 0x7f ? '?' : (unsigned char)(c + '@');
	}
	*o++ = (char)c;
	*o = '\0';
}

void sb_add_vis(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && u[run] >= 0x20 && u[run] < 0x7f)
			run++;
		if (run > i) {
			sb_addn(sb, s + i, run - i);
			i = run;
			continue;
		}
		size_t len = u[i] >= 0x80 ? utf8_printable(u + i, n - i) : 0;
		if (len) {
			sb_addn(sb, s + i, len);
			i += len;
			continue;
		}
		char buf[8];
		vis_byte(buf, u[i++]);
		sb_adds(sb, buf);
	}
}

char *vis_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add_vis(&sb, s, strlen(s));
	return sb.s ? sb.s : xstrdup("");
}

void nf_close_stdout(void)
{
	/* An earlier write failed: its errno is likely still there, and a
	 * pipe whose reader is gone polls as an error. */
	bool failed = ferror(stdout) != 0;
	int e = failed ? errno : 0;
	struct pollfd pfd = {.fd = STDOUT_FILENO, .events = POLLOUT};
	if (failed && poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR))
		e = EPIPE;
	errno = 0;
	if (fflush(stdout) != 0) {
		failed = true;
		e = e == EPIPE ? e : errno;
	}
	errno = 0;
	if (fclose(stdout) != 0) {
		failed = true;
		e = e ? e : errno;
	}
	if (!failed)
		return;
	if (e == EPIPE) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(128 + SIGPIPE);
	}
	fprintf(stderr, "nfwalk: cannot write the output: %s\n", e ? strerror(e) : "write error");
	_exit(2);
}

int nf_err(struct nf_error *err, int col, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->col = col;
	return -1;
}

void nf_error_format(const struct nf_error *err, char *buf, size_t n)
{
	char *file = vis_str(err->file[0] ? err->file : "<input>"), *msg = vis_str(err->msg);
	if (!err->file[0] && err->line <= 0)
		snprintf(buf, n, "%s", msg); /* names no file: a device, say */
	else if (err->line > 0 && err->col >= 0)
		snprintf(buf, n, "%s:%d:%d: %s", file, err->line, err->col + 1, msg);
	else if (err->line > 0)
		snprintf(buf, n, "%s:%d: %s", file, err->line, msg);
	else
		snprintf(buf, n, "%s: %s", file, msg);
	free(file);
	free(msg);
}

size_t str_copy_n(char *dst, size_t n, const char *src, size_t len)
{
	if (n == 0)
		return 0;
	if (len >= n)
		len = n - 1;
	nf_copy(dst, src, len); /* most are names and values: short */
	dst[len] = '\0';
	return len;
}

void str_copy(char *dst, size_t n, const char *src)
{
	str_copy_n(dst, n, src, strlen(src));
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}
