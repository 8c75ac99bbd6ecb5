/* util.h - small helpers every module uses: checked allocation, a growable
 * string buffer, and the error record parsers fill in. */
#ifndef NFWALK_UTIL_H
#define NFWALK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Abort with a message on out-of-memory: nothing sensible can continue. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Append-only string buffer; s is always NUL-terminated.  Adding to a
 * NULL buffer does nothing (code that explains itself only on demand). */
struct strbuf {
	char *s;
	size_t len, cap;
};
#define STRBUF_INIT {NULL, 0, 0}
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* memcpy for the short pieces sentences are made of (a word, a number,
 * an address, a name): two overlapping fixed-size moves in line rather
 * than a call into the library, whose memcpy was a tenth of a trace's
 * time, most of it for pieces under 32 bytes. */
#pragma GCC diagnostic push
/* gcc, knowing from the caller that n is 3 or 4, warns about the moves
 * for 8 and 16 bytes it will never make */
#pragma GCC diagnostic ignored "-Warray-bounds"
#if !defined(__clang__) && __GNUC__ >= 11
/* the same for the call past 32 bytes, seen from a caller that keeps n
 * within a small buffer (fmt_putn cuts n to its room) */
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
static inline void nf_copy(char *d, const char *s, size_t n)
{
	/* a known length (a literal's) is the compiler's to move */
	if (__builtin_constant_p(n) || n > 32) {
		memcpy(d, s, n);
	} else if (n >= 16) {
		char a[16], b[16];
		memcpy(a, s, 16);
		memcpy(b, s + n - 16, 16);
		memcpy(d, a, 16);
		memcpy(d + n - 16, b, 16);
	} else if (n >= 8) {
		uint64_t a, b;
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
	} else if (n) { /* 1 to 3 bytes: first, middle, last */
		char a = s[0], b = s[n / 2], c = s[n - 1];
		d[0] = a;
		d[n / 2] = b;
		d[n - 1] = c;
	}
}
#pragma GCC diagnostic pop

/* Grow sb for n more bytes and the NUL (the rare path of sb_addn). */
void sb_grow(struct strbuf *sb, size_t n);
/* Append the n bytes at s (no formatting).  Inline: the traces append
 * some two hundred pieces a packet, and a call, a NULL test and a
 * capacity check out of line were most of each. */
static inline void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	if (!sb)
		return;
	if (sb->cap - sb->len <= n)
		sb_grow(sb, n);
	nf_copy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}
/* A string and its length.  Names a trace says on every packet are kept
 * with theirs (tables of PIECE), so nobody measures them again: a strlen
 * call costs more than the few bytes it counts. */
struct piece {
	const char *s;
	size_t n;
};
#define PIECE(lit) {"" lit, sizeof(lit) - 1} /* an initializer */
#define LIT(lit) ((struct piece)PIECE(lit))   /* a value */
static inline struct piece piece_of(const char *s)
{
	if (!s)
		s = "(null)"; /* as glibc prints a NULL %s */
	return (struct piece){s, strlen(s)};
}

/* Inline too: for a literal the compiler knows the length. */
static inline void sb_adds(struct strbuf *sb, const char *s)
{
	if (sb)
		sb_addn(sb, s, strlen(s));
}
/* s, then v in decimal: "%s%u" without the printf machinery (conntrack
 * lines print a dozen numbers each, in every trace). */
void sb_add_su(struct strbuf *sb, const char *s, unsigned v);
/* v in decimal ("%u"). */
void sb_add_u(struct strbuf *sb, unsigned v);
void sb_reset(struct strbuf *sb);
/* snprintf and vsnprintf through fmt_append (sb_vaddf's printf without
 * printf): the same bytes, the same cut at n - 1, the same return value,
 * at a fraction of the cost, for sentences made per packet. */
int nf_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int nf_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
/* nf_snprintf into an explanation nobody may read: nothing at all when
 * why is NULL or n is 0 (a quiet walk passes those), so the sentence
 * costs nothing there. */
void nf_say(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void sb_free(struct strbuf *sb);
/* The buffer's text ("" when empty). */
const char *sb_str(const struct strbuf *sb);

/* Untrusted text made safe to show on a terminal, as cat -v shows it:
 * control bytes as ^X (^[ for Esc, ^? for DEL), bytes that are not
 * printable UTF-8 (C1 controls, broken sequences) as M-x; printable text,
 * UTF-8 included, is unchanged.  Messages and screens that show text from
 * input files go through this, so a file cannot set the window title or
 * move the cursor. */
void sb_add_vis(struct strbuf *sb, const char *s, size_t n);
/* s (NUL-terminated) so escaped, in a new string. */
char *vis_str(const char *s);

/* Where and why an input was refused.  Parsers of one line or one string
 * set col (0-based offset into what they were given); the scenario loader
 * turns that into file:line:column for the user. */
struct nf_error {
	char file[256];
	int line; /* 1-based; 0 when unknown */
	int col;  /* 0-based offset, -1 when unknown */
	char msg[512];
};
/* Set msg (and col) and return -1, so parsers can `return nf_err(...)`. */
int nf_err(struct nf_error *err, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "file:line:col: msg" (1-based column for people); the bare message
 * when it names neither file nor line.  File and message are escaped
 * (sb_add_vis): they may hold bytes of the input. */
void nf_error_format(const struct nf_error *err, char *buf, size_t n);

/* A count of the work the loaders do (rules examined, bytes rescanned),
 * so tests and the fuzzers can hold them to a bound that grows linearly
 * with the input instead of timing them. */
extern unsigned long long nf_work;
#define NF_WORK(n) (nf_work += (unsigned long long)(n))

/* Registered with atexit by main: flush and close standard output and
 * make a failed write the exit status.  A write error (a full disk) is
 * "nfwalk: cannot write the output: REASON" and exit status 2.  A closed
 * pipe (`nfwalk -b | head`) ends quietly, as the shell expects: by
 * SIGPIPE, or when SIGPIPE is ignored with status 141 (128 + SIGPIPE). */
void nf_close_stdout(void);

/* Bounded copy that always terminates. */
void str_copy(char *dst, size_t n, const char *src);
/* The same for the len bytes at src (a text whose length is known): cut
 * at n - 1 as snprintf cuts, then the NUL; nothing when n is 0.  Returns
 * the length copied. */
size_t str_copy_n(char *dst, size_t n, const char *src, size_t len);
bool str_starts(const char *s, const char *prefix);
/* Parse a whole string as an unsigned number (decimal or 0x hex); false on junk
 * or overflow past max. */
bool parse_uint(const char *s, uint64_t max, uint64_t *out);

#endif
