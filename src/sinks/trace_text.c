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
	if (plain(s, n))
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

static inline void s_(const char *s)
{
	ol_adds(line, s ? s : "(null)"); /* as glibc prints a NULL %s */
}

/* The event's sentence: its length known (text_n) spares a strlen. */
static inline void text_(const struct event *ev)
{
	if (ev->text_n)
		ol_addn(line, ev->text, ev->text_n - 1);
	else
		s_(ev->text);
}

static void step_(int step)
{
	if (step >= 0 && step < 100) { /* %4d of most steps: four bytes at once */
		char d[4] = {' ', ' ', ' ', (char)('0' + step % 10)};
		if (step >= 10)
			d[2] = (char)('0' + step / 10);
		ol_addn(line, d, sizeof(d));
		return;
	}
	ol_int_w(line, step, 4); /* %4d */
}

static void end_line(void)
{
	ol_addc(line, '\n');
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

/* "%d" or "%d.%d" */
static void packet_label(const struct event *ev)
{
	ol_int_w(line, ev->pkt, 0);
	if (ev->sub) {
		ol_addc(line, '.');
		ol_int_w(line, ev->sub, 0);
	}
}

static void print_rule(const struct event *ev)
{
	/* "%4d       %s #%d %s: %s\n" */
	step_(ev->step);
	s_("       ");
	s_(ev->chain);
	s_(" #");
	ol_int_w(line, ev->rule, 0);
	s_(ev->matched ? " match: " : " no match: ");
	if (ev->rule_ptr) {
		size_t n;
		const char *text = event_rule_text(ev, &n);
		ol_addn(line, text, n);
	} else if (ev->detail) { /* an ipchains rule, formatted by the engine */
		s_(ev->detail);
	}
	end_line();
	for (int i = 0; i < ev->nresults; i++) {
		/* "               %s %s\n" */
		s_(ev->results[i].ok ? "               + " : "               - ");
		s_(ev->results[i].text);
		end_line();
	}
}

/* "%4d<mid>%s\n": most event lines (mid a literal, its length known) */
#define STEP_TEXT(ev, mid) step_text((ev), "" mid, sizeof(mid) - 1)
static void step_text(const struct event *ev, const char *mid, size_t mid_n)
{
	step_(ev->step);
	ol_addn(line, mid, mid_n);
	text_(ev);
	end_line();
}

static void event_lines(const struct event *ev)
{
	switch (ev->kind) {
	case EV_PACKET:
		/* "\npacket %s: %s\n" */
		s_("\npacket ");
		packet_label(ev);
		s_(": ");
		text_(ev);
		end_line();
		break;
	case EV_ENTER:
		/* "%4d   [%s] %s\n" */
		step_(ev->step);
		s_("   [");
		s_(stage_name(ev->stage));
		s_("] ");
		text_(ev);
		end_line();
		break;
	case EV_RULE:
		print_rule(ev);
		break;
	case EV_TARGET:
		STEP_TEXT(ev, "       -> ");
		if (ev->detail) {
			s_("               log: ");
			s_(ev->detail);
			end_line();
		}
		break;
	case EV_REWRITE:
		STEP_TEXT(ev, "       rewrite ");
		break;
	case EV_ROUTE:
		STEP_TEXT(ev, "       route: ");
		break;
	case EV_CONNTRACK:
		/* "%4d       conntrack %s: %s\n" */
		step_(ev->step);
		s_("       conntrack ");
		s_(ctinfo_name(ev->view.ctinfo));
		s_(": ");
		text_(ev);
		end_line();
		if (ev->detail) {
			/* "               %s: %s\n" */
			s_(ct_expect_line(ev->detail) ? "               expect: " : "               entry: ");
			s_(ev->detail);
			end_line();
		}
		break;
	case EV_QOS:
		STEP_TEXT(ev, "       qos: ");
		break;
	case EV_NOTE:
		STEP_TEXT(ev, "       note: ");
		break;
	case EV_VERDICT:
		STEP_TEXT(ev, "       ");
		break;
	case EV_FATE:
		/* "%4d   => %s (oif %s): %s\n" */
		step_(ev->step);
		s_("   => ");
		s_(fate_name(ev->fate));
		s_(" (oif ");
		s_(ev->view.oif[0] ? ev->view.oif : "-");
		s_("): ");
		text_(ev);
		end_line();
		break;
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
