/* test_fmt.c - fmt_append (src/lib/fmt.c) writes printf's bytes: each
 * case is formatted by both and compared, and what it does not know it
 * refuses (sb_vaddf then falls back to vsnprintf, also checked). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <wchar.h>

#include "lib/fmt.h"
#include "../tap.h"

/* Flags printf ignores (0 with a precision, + and space on unsigned) and
 * a 0 on %s are legal and tested; gcc's format check frowns on them. */
#pragma GCC diagnostic ignored "-Wformat"
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

static int cases, differ, refused;

/* fmt_append's text, or NULL when it refused */
__attribute__((format(printf, 1, 2))) static char *ours(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, ""); /* start from an allocated, empty buffer */
	va_list ap;
	va_start(ap, fmt);
	bool done = fmt_append(&sb, fmt, &ap);
	va_end(ap);
	if (done)
		return sb.s;
	sb_free(&sb);
	return NULL;
}

#define SAME(...)                                                                   \
	do {                                                                        \
		char want_[512];                                                    \
		snprintf(want_, sizeof(want_), __VA_ARGS__);                        \
		char *got_ = ours(__VA_ARGS__);                                     \
		cases++;                                                            \
		if (!got_ || strcmp(got_, want_) != 0) {                            \
			differ++;                                                   \
			printf("# %s: got '%s', want '%s'\n", #__VA_ARGS__,         \
			       got_ ? got_ : "(refused)", want_);                   \
		}                                                                   \
		free(got_);                                                         \
	} while (0)

#define REFUSED(...)                                                                \
	do {                                                                        \
		char *got_ = ours(__VA_ARGS__);                                     \
		if (got_)                                                           \
			printf("# %s: not refused: '%s'\n", #__VA_ARGS__, got_);    \
		else                                                                \
			refused++;                                                  \
		free(got_);                                                         \
	} while (0)

int main(void)
{
	const char *volatile nul = NULL; /* hidden from gcc's checks */
	static const int ints[] = {0, 1, -1, 7, 42, -42, 255, 1000, 65535, 123456789, INT_MAX, INT_MIN};
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		int v = ints[i];
		unsigned u = (unsigned)v;
		SAME("%d|%i|%u|%x|%X", v, v, u, u, u);
		SAME("[%4d][%-4d][%04d][%+d][% d][%.3d][%6.3d][%-6.3d][%06.3d]", v, v, v, v, v, v,
		     v, v, v);
		SAME("[%02x][%08x][%#x][%#X][%#08x][%-#8x][%.0x][%.0d][%+.0d]", u, u, u, u, u, u, u,
		     v, v);
		SAME("[%2u][%02u][%5u][%-5u][%+u][% u][%.5u][%02d][%3d][%2d]", u, u, u, u, u, u, u, v,
		     v, v);
		SAME("[%hhu][%hhd][%hu][%hd][%hhx]", (unsigned char)u, (signed char)v,
		     (unsigned short)u, (short)v, (unsigned char)u);
		SAME("[%*d][%-*d][%.*d][%*.*u]", 7, v, 7, v, 4, v, -9, 3, u);
	}
	static const long long lls[] = {0, -1, 9223372036854775807LL, -9223372036854775807LL - 1,
					 4294967296LL, 1000000007LL};
	for (size_t i = 0; i < sizeof(lls) / sizeof(lls[0]); i++) {
		long long v = lls[i];
		SAME("%lld %llu %llx %08llx %#llx %ld %lu %lx %08lx", v, (unsigned long long)v,
		     (unsigned long long)v, (unsigned long long)v, (unsigned long long)v, (long)v,
		     (unsigned long)v, (unsigned long)v, (unsigned long)v);
		SAME("%zu %2zu %jd %ju %td", (size_t)v, (size_t)v, (intmax_t)v, (uintmax_t)v,
		     (ptrdiff_t)v);
	}
	static const char *strs[] = {"", "a", "eth0", "a rather longer string than the field",
				     "tab\there", "x%y"};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		const char *s = strs[i];
		SAME("<%s>", s);
		SAME("<%10s><%-10s><%.3s><%.0s><%5.2s><%-5.2s><%.*s><%*s><%-*s>", s, s, s, s, s, s, 2,
		     s, 9, s, -9, s);
		SAME("literal %% and %s then %c%c [%3c][%-3c]", s, 'x', 'y', 'z', 'w');
	}
	SAME("%s", nul);
	SAME("[%10s]", nul);
	SAME("no conversions at all");
	SAME("%s=%u %s=%u %s=%s", "sport", 1234u, "dport", 80u, "state", "ESTABLISHED");
	ok(differ == 0, "%d cases formatted as printf does (%d differ)", cases, differ);

	REFUSED("%f", 1.5);
	REFUSED("%.3g", 1.5);
	REFUSED("%p", (void *)&cases);
	REFUSED("%o", 8u);
	REFUSED("%.3s", nul); /* glibc prints nothing: left to it */
	REFUSED("%lc", (wint_t)'a');
	REFUSED("%05s", "a");
	ok(refused == 7, "what it does not know it refuses (%d of 7)", refused);

	/* nf_snprintf: snprintf's bytes, cut and return value */
	char a[8], b[8];
	int ra = nf_snprintf(a, sizeof(a), "%s-%u", "abcdef", 123u);
	int rb = snprintf(b, sizeof(b), "%s-%u", "abcdef", 123u);
	ok(ra == rb && strcmp(a, b) == 0, "nf_snprintf cuts and counts as snprintf (%d '%s')", ra, a);
	ra = nf_snprintf(a, sizeof(a), "%.1f", 0.25);
	rb = snprintf(b, sizeof(b), "%.1f", 0.25);
	ok(ra == rb && strcmp(a, b) == 0, "and falls back to it for what it does not know");
	ok(nf_snprintf(NULL, 0, "%u", 12345u) == 5, "a size of 0 writes nothing, counts all");
	/* a plain %x goes the fast way too (marks): the same bytes, whole or cut */
	static const unsigned hexes[] = {0, 1, 0xf, 0x10, 0xabc, 0xdeadbeef, UINT_MAX};
	int hex_differ = 0;
	for (size_t i = 0; i < sizeof(hexes) / sizeof(hexes[0]); i++) {
		for (size_t n = 1; n <= 24; n += 5) {
			char ha[24], hb[24];
			ra = nf_snprintf(ha, n, "mark 0x%x/%x", hexes[i], ~hexes[i]);
			rb = snprintf(hb, n, "mark 0x%x/%x", hexes[i], ~hexes[i]);
			if (ra != rb || strcmp(ha, hb) != 0) {
				printf("# %u in %zu bytes: '%s' (%d), want '%s' (%d)\n", hexes[i], n, ha, ra,
				       hb, rb);
				hex_differ++;
			}
		}
	}
	ok(hex_differ == 0, "%%x into a buffer as snprintf writes it, cut or not (%d differ)",
	   hex_differ);

	/* sb_vaddf: the same bytes either way, appended */
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s:%u", "a", 1u);
	sb_addf(&sb, " %.2f %s %#o", 2.5, "b", 8u); /* falls back in the middle */
	sb_addf(&sb, " %d", -3);
	is_str(sb_str(&sb), "a:1 2.50 b 010 -3", "sb_addf appends, falling back where it must");
	ok(sb.len == strlen(sb.s), "its length stays the text's");
	sb_free(&sb);
	return tap_done();
}
