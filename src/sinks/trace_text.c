/* trace_text.c - the readable trace: one line per event, indented by
 * depth (packet, box, what happened in the box). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lib/addr.h"
#include "engine/track/ct_expect.h"
#include "sinks/outline.h"
#include "sinks/trace.h"

/* Is byte c one sb_add_vis would change: a control but the line break,
 * DEL, or any byte with the high bit (which it may keep, as UTF-8: the
 * slow path decides)? */
static bool odd_byte(unsigned char c)
{
	return (c < 0x20 && c != '\n') || c >= 0x7f;
}

/* Nothing to escape: printable ASCII and line breaks only.  Sixteen
 * bytes at a time with SSE2, eight with plain words elsewhere; this runs
 * over every byte of the trace. */
#ifdef __SSE2__
/* The bytes of x to escape, as a mask: x + 1 is below 0x21 as a signed
 * byte exactly for the controls, DEL and the high bytes (DEL and 0x80..
 * 0xfe wrap to negative, 0xff to 0), and for '\n', taken out after: four
 * operations rather than six. */
static inline __m128i odd_bytes(__m128i x)
{
	const __m128i one = _mm_set1_epi8(1), limit = _mm_set1_epi8(0x21),
		      nl = _mm_set1_epi8('\n');
	return _mm_andnot_si128(_mm_cmpeq_epi8(x, nl),
				_mm_cmplt_epi8(_mm_add_epi8(x, one), limit));
}

static inline __m128i load16(const char *s)
{
	return _mm_loadu_si128((const __m128i *)(const void *)s);
}
#endif

static bool plain(const char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	/* four blocks a turn, their findings or-ed: one test per 64 bytes */
	for (; n >= 64 && i + 64 <= n; i += 64) {
		__m128i bad = _mm_or_si128(_mm_or_si128(odd_bytes(load16(s + i)),
							odd_bytes(load16(s + i + 16))),
					   _mm_or_si128(odd_bytes(load16(s + i + 32)),
							odd_bytes(load16(s + i + 48))));
		if (_mm_movemask_epi8(bad))
			return false;
	}
	/* the last block overlaps the one before rather than going byte by
	 * byte (an event's text is a few dozen bytes) */
	for (size_t at; i < n && n >= 16; i += 16) {
		at = i + 16 <= n ? i : n - 16;
		if (_mm_movemask_epi8(odd_bytes(load16(s + at))))
			return false;
	}
#else
	/* per byte y (x without its high bits, which are bad anyway): y >=
	 * 0x20 sets the high bit of y + 0x60, y == 0x7f that of y + 1, and
	 * y == '\n' clears that of (z + 0x7f) | z for z = y ^ '\n'; no sum
	 * carries into the next byte */
	const uint64_t ones = 0x0101010101010101ull, highs = 0x80 * ones, lows = 0x7f * ones;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, sizeof(x));
		uint64_t y = x & lows, z = y ^ ('\n' * ones);
		uint64_t control = ~(y + 0x60 * ones) & ((z + lows) | z);
		uint64_t bad = (x | control | (y + ones)) & highs;
		if (bad)
			return false;
	}
#endif
	for (; i < n; i++)
		if (odd_byte((unsigned char)s[i]))
			return false;
	return true;
}

#if defined(__SSE2__) && defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define HAVE_PLAIN_AVX2 1
/* plain() thirty-two bytes at a time where the CPU has AVX2 (asked
 * once, at run time: the build targets plain x86-64): the scan runs over
 * every byte of the trace and was a twentieth of it.  odd_bytes' test. */
__attribute__((target("avx2"))) static inline __m256i odd_bytes32(__m256i x)
{
	const __m256i one = _mm256_set1_epi8(1), limit = _mm256_set1_epi8(0x21),
		      nl = _mm256_set1_epi8('\n');
	return _mm256_andnot_si256(_mm256_cmpeq_epi8(x, nl),
				   _mm256_cmpgt_epi8(limit, _mm256_add_epi8(x, one)));
}

__attribute__((target("avx2"))) static inline __m256i load32(const char *s)
{
	return _mm256_loadu_si256((const __m256i *)(const void *)s);
}

/* The whole 128-byte blocks of s[0..n): any byte to escape?  *done: how
 * many bytes it looked at. */
__attribute__((target("avx2"))) static bool odd_avx2(const char *s, size_t n, size_t *done)
{
	size_t i = 0;
	for (; i + 128 <= n; i += 128) {
		__m256i bad = _mm256_or_si256(_mm256_or_si256(odd_bytes32(load32(s + i)),
							      odd_bytes32(load32(s + i + 32))),
					      _mm256_or_si256(odd_bytes32(load32(s + i + 64)),
							      odd_bytes32(load32(s + i + 96))));
		if (_mm256_movemask_epi8(bad))
			return true;
	}
	*done = i;
	return false;
}

static bool have_avx2(void)
{
	static int have = -1;
	if (have < 0)
		have = __builtin_cpu_supports("avx2") != 0;
	return have;
}
#endif

/* plain(), with AVX2 for the long part where the CPU has it */
static bool all_plain(const char *s, size_t n)
{
	size_t done = 0;
#ifdef HAVE_PLAIN_AVX2
	if (have_avx2() && odd_avx2(s, n, &done))
		return false;
#endif
	return plain(s + done, n - done);
}

/* Escape (sb_add_vis) the pending output but for its line breaks:
 * names, comments and notes come from the input files.  Run once on a
 * walk's lines when they are written (outfile's seal), not per event:
 * every event ends its lines with a line break, and the escaping works
 * line by line, so the bytes are the same; the scan of each event's few
 * dozen bytes was a sixth of the sink.  Most output needs nothing
 * (plain). */
static void escape_lines(struct outline *ol)
{
	const char *s = ol->buf;
	size_t n = ol->n;
	if (all_plain(s, n))
		return;
	struct strbuf safe = STRBUF_INIT;
	for (const char *e = s + n, *nl; s < e;) {
		nl = memchr(s, '\n', (size_t)(e - s));
		sb_add_vis(&safe, s, (size_t)((nl ? nl : e) - s));
		if (!nl)
			break;
		sb_addn(&safe, "\n", 1);
		s = nl + 1;
	}
	ol->n = 0;
	if (safe.len)
		ol_addn(ol, safe.s, safe.len);
	sb_free(&safe);
}

/* The output not yet written (outline.h), where the event lines are
 * built piece by piece, not formatted: vsnprintf's parsing and its
 * byte-at-a-time copying of the strings were half the trace.  The bytes
 * are those of the printf formats they replace (noted at each line). */
static struct outfile out = {.seal = escape_lines};
static struct outline *const line = &out.ol;

/* fprintf through the escaping, for the header. */
__attribute__((format(printf, 2, 3))) static void header_line(FILE *f, const char *fmt, ...)
{
	struct strbuf raw = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&raw, fmt, ap);
	va_end(ap);
	outfile_to(&out, f);
	if (raw.len)
		ol_addn(line, raw.s, raw.len);
	sb_free(&raw);
}

/* The event's sentence: its length known (text_n) spares a strlen. */
static inline struct piece text_of(const struct event *ev)
{
	if (ev->text_n && ev->text)
		return (struct piece){ev->text, ev->text_n - 1};
	return piece_of(ev->text);
}

/* The most a step takes ("%4d" of an int) */
enum { STEP_MAX = 24 };

/* "%4d" of 0 to 99, four bytes each: every line of a trace starts with
 * its step, and dividing it by ten for each was a sixth of what the sink
 * itself did */
static const char small_steps[100][4] = {
#define STEP_1(t, u) {' ', ' ', t, u}
#define STEP_10(t) STEP_1(t, '0'), STEP_1(t, '1'), STEP_1(t, '2'), STEP_1(t, '3'), STEP_1(t, '4'), \
		   STEP_1(t, '5'), STEP_1(t, '6'), STEP_1(t, '7'), STEP_1(t, '8'), STEP_1(t, '9')
	STEP_10(' '), STEP_10('1'), STEP_10('2'), STEP_10('3'), STEP_10('4'),
	STEP_10('5'), STEP_10('6'), STEP_10('7'), STEP_10('8'), STEP_10('9'),
#undef STEP_10
#undef STEP_1
};

/* "%4d" at d; returns the byte after it */
static inline char *put_step(char *d, int step)
{
	if (step >= 0 && step < 100) { /* most steps: four bytes at once */
		memcpy(d, small_steps[step], 4);
		return d + 4;
	}
	char t[STEP_MAX], *e = t + sizeof(t), *q = int_w_end(e, step, 4);
	return ol_put(d, q, (size_t)(e - q));
}

/* "%4d<mid><a>\n" (mid a literal: STEP_LINE, its copy the compiler's),
 * the shape of most lines: its room asked once */
static inline void step_line(int step, const char *mid, size_t mid_n, struct piece a)
{
	char *d = ol_room(line, STEP_MAX + mid_n + a.n + 1);
	d = put_step(d, step);
	d = ol_put(d, mid, mid_n);
	d = ol_put(d, a.s, a.n);
	*d++ = '\n';
	ol_done(line, d);
}
#define STEP_LINE(step, mid, a) step_line((step), "" mid, sizeof(mid) - 1, (a))

static const struct piece nothing = {"", 0};

/* "<a><b>\n": the lines under an event's (tests, entries, log), and a
 * fate's sentence */
static void sub_line(struct piece a, struct piece b)
{
	char *d = ol_room(line, a.n + b.n + 1);
	d = ol_put(d, a.s, a.n);
	d = ol_put(d, b.s, b.n);
	*d++ = '\n';
	ol_done(line, d);
}

void trace_text_header(FILE *f, const char *name, const char *path, const char *description)
{
	header_line(f, "# nfwalk trace: %s (%s)\n", name ? name : "scenario", path ? path : "-");
	if (!description || !*description) {
		outfile_flush(&out);
		return;
	}
	/* the description, each line commented */
	const char *s = description;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		header_line(f, "#   %.*s\n", (int)n, s);
		s += n + (nl ? 1 : 0);
	}
	outfile_flush(&out);
}

/* "\npacket %d: %s\n" or "\npacket %d.%d: %s\n" */
static void packet_line(const struct event *ev)
{
	struct piece t = text_of(ev);
	char *d = ol_room(line, 2 * STEP_MAX + 12 + t.n);
	d = OL_PUT_LIT(d, "\npacket ");
	char n[2 * STEP_MAX], *e = n + sizeof(n), *q = e;
	if (ev->sub) {
		q = int_w_end(e, ev->sub, 0);
		*--q = '.';
	}
	q = int_w_end(q, ev->pkt, 0);
	d = ol_put(d, q, (size_t)(e - q));
	d = OL_PUT_LIT(d, ": ");
	d = ol_put(d, t.s, t.n);
	*d++ = '\n';
	ol_done(line, d);
}

/* A test's text, its length known where the test set it */
static inline struct piece result_piece(const struct event_result *m)
{
	return m->n ? (struct piece){m->text, m->n} : piece_of(m->text);
}

static void print_rule(const struct event *ev)
{
	/* "%4d       %s #%d %s: %s\n" */
	struct piece rule = nothing;
	if (ev->rule_ptr)
		rule.s = event_rule_text(ev, &rule.n);
	else if (ev->detail) /* an ipchains rule, formatted by the engine */
		rule = piece_of(ev->detail);
	struct piece chain = ev->chain_n ? (struct piece){ev->chain, ev->chain_n} : piece_of(ev->chain);
	char *d = ol_room(line, 2 * STEP_MAX + 20 + chain.n + rule.n);
	d = put_step(d, ev->step);
	d = OL_PUT_LIT(d, "       ");
	d = ol_put(d, chain.s, chain.n);
	char no[STEP_MAX], *e = no + sizeof(no), *q = int_w_end(e, ev->rule, 0);
	*--q = '#';
	*--q = ' ';
	d = ol_put(d, q, (size_t)(e - q));
	d = ev->matched ? OL_PUT_LIT(d, " match: ") : OL_PUT_LIT(d, " no match: ");
	d = ol_put(d, rule.s, rule.n);
	*d++ = '\n';
	ol_done(line, d);
	for (int i = 0; i < ev->nresults; i++) /* "               %s %s\n" */
		sub_line(ev->results[i].ok ? LIT("               + ") : LIT("               - "),
			 result_piece(&ev->results[i]));
}

/* "%4d<before><name><after>%s\n" (before and after: NAMED_LINE's
 * literals) */
static void named_line(const struct event *ev, struct piece before, struct piece n,
		       struct piece after)
{
	struct piece t = text_of(ev);
	char *d = ol_room(line, STEP_MAX + before.n + n.n + after.n + t.n + 1);
	d = put_step(d, ev->step);
	d = ol_put(d, before.s, before.n);
	d = ol_put(d, n.s, n.n);
	d = ol_put(d, after.s, after.n);
	d = ol_put(d, t.s, t.n);
	*d++ = '\n';
	ol_done(line, d);
}
#define NAMED_LINE(ev, before, name, after) named_line((ev), LIT(before), (name), LIT(after))

/* The stage's name, its length from the stage table */
static struct piece stage_piece(enum stage_id st)
{
	const struct stage_info *si = stage_info(st);
	return si ? (struct piece){si->name, si->name_n} : LIT("-");
}

static void event_lines(const struct event *ev)
{
	switch (ev->kind) {
	case EV_PACKET:
		packet_line(ev);
		break;
	case EV_ENTER: /* "%4d   [%s] %s\n" */
		NAMED_LINE(ev, "   [", stage_piece(ev->stage), "] ");
		break;
	case EV_RULE:
		print_rule(ev);
		break;
	case EV_TARGET:
		STEP_LINE(ev->step, "       -> ", text_of(ev));
		if (ev->detail)
			sub_line(LIT("               log: "), piece_of(ev->detail));
		break;
	case EV_REWRITE:
		STEP_LINE(ev->step, "       rewrite ", text_of(ev));
		break;
	case EV_ROUTE:
		STEP_LINE(ev->step, "       route: ", text_of(ev));
		break;
	case EV_CONNTRACK: /* "%4d       conntrack %s: %s\n", "               %s: %s\n" */
		NAMED_LINE(ev, "       conntrack ", ctinfo_name_piece(ev->packet->ctinfo), ": ");
		if (ev->detail)
			sub_line(ct_expect_line(ev->detail) ? LIT("               expect: ")
							    : LIT("               entry: "),
				 ev->detail_n ? (struct piece){ev->detail, ev->detail_n}
					      : piece_of(ev->detail));
		break;
	case EV_QOS:
		STEP_LINE(ev->step, "       qos: ", text_of(ev));
		break;
	case EV_NOTE:
		STEP_LINE(ev->step, "       note: ", text_of(ev));
		break;
	case EV_VERDICT:
		STEP_LINE(ev->step, "       ", text_of(ev));
		break;
	case EV_FATE: { /* "%4d   => %s (oif %s): %s\n" */
		struct piece oif = ev->packet->oif[0] ? (struct piece){ev->packet->oif, ifname_len(ev->packet->oif)}
						      : LIT("-");
		struct piece fate = {fate_name(ev->fate), fate_name_len(ev->fate)};
		char *d = ol_room(line, STEP_MAX + 16 + fate.n + oif.n);
		d = put_step(d, ev->step);
		d = OL_PUT_LIT(d, "   => ");
		d = ol_put(d, fate.s, fate.n);
		d = OL_PUT_LIT(d, " (oif ");
		d = ol_put(d, oif.s, oif.n);
		d = OL_PUT_LIT(d, "): ");
		ol_done(line, d);
		sub_line(text_of(ev), nothing);
		break;
	}
	case EV_COUNT:
		break;
	}
}

void trace_text_sink(const struct event *ev, void *ctx)
{
	struct trace_out *t = ctx;
	t->events++;
	outfile_to(&out, t->f);
	event_lines(ev);
	/* a walk's lines go out when it ends, before anything else the
	 * program prints after it */
	if (ev->kind == EV_FATE || line->n >= OUTFILE_FLUSH_AT)
		outfile_flush(&out);
}
