/* trace_text.c - the readable trace: one line per event, indented by
 * depth (packet, box, what happened in the box). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/track/ct_expect.h"
#include "sinks/outline.h"
#include "sinks/trace.h"

/* Nothing to escape: printable ASCII and line breaks only.  Eight bytes
 * at a time: a word with no byte below 0x20, none at 0x7f and none with
 * the high bit is plain (a line's own '\n' sends its word to the byte
 * loop). */
static bool plain(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, del;
		memcpy(&x, s + i, sizeof(x));
		del = x ^ (0x7f * ones);
		uint64_t bad = (x | ((x - 0x20 * ones) & ~x) | ((del - ones) & ~del)) & highs;
		if (!bad)
			continue;
		for (size_t j = i; j < i + 8; j++)
			if ((s[j] < 0x20 && s[j] != '\n') || s[j] >= 0x7f) /* char may be signed */
				return false;
	}
	for (; i < n; i++)
		if ((s[i] < 0x20 && s[i] != '\n') || s[i] >= 0x7f)
			return false;
	return true;
}

/* Write a line, its bytes escaped (sb_add_vis) but for its line breaks:
 * names, comments and notes come from the input files.  s is
 * NUL-terminated at n. */
static void put_line(FILE *f, const char *s, size_t n)
{
	if (plain(s, n)) {
		fwrite(s, 1, n, f);
		return;
	}
	struct strbuf safe = STRBUF_INIT;
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		sb_add_vis(&safe, s, (size_t)(nl - s));
		sb_adds(&safe, "\n");
	}
	sb_add_vis(&safe, s, strlen(s));
	fputs(sb_str(&safe), f);
	sb_free(&safe);
}

/* fprintf through put_line, for the header. */
__attribute__((format(printf, 2, 3))) static void out(FILE *f, const char *fmt, ...)
{
	char line[1024];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(line)) {
		put_line(f, line, (size_t)n);
		va_end(ap2);
		return;
	}
	struct strbuf raw = STRBUF_INIT;
	sb_vaddf(&raw, fmt, ap2);
	va_end(ap2);
	put_line(f, sb_str(&raw), raw.len);
	sb_free(&raw);
}

/* The event lines are built piece by piece (outline.h), not formatted:
 * vsnprintf's parsing and its byte-at-a-time copying of the strings were
 * half the trace.  The bytes are those of the printf formats they
 * replace (noted at each line). */
static struct outline line;

static void s_(const char *s)
{
	ol_adds(&line, s ? s : "(null)"); /* as glibc prints a NULL %s */
}

static void step_(int step)
{
	line.n = 0;
	ol_int_w(&line, step, 4); /* %4d */
}

static void end_line(FILE *f)
{
	ol_addn(&line, "\n", 2); /* the line break and a NUL for put_line */
	put_line(f, line.buf, line.n - 1);
}

void trace_text_header(FILE *f, const char *name, const char *path, const char *description)
{
	out(f, "# nfwalk trace: %s (%s)\n", name ? name : "scenario", path ? path : "-");
	if (!description || !*description)
		return;
	/* the description, each line commented */
	const char *s = description;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		out(f, "#   %.*s\n", (int)n, s);
		s += n + (nl ? 1 : 0);
	}
}

static void packet_label(const struct event *ev, char *buf, size_t n)
{
	if (ev->sub)
		snprintf(buf, n, "%d.%d", ev->pkt, ev->sub);
	else
		snprintf(buf, n, "%d", ev->pkt);
}

static void print_rule(FILE *f, const struct event *ev)
{
	static struct strbuf sb = STRBUF_INIT;
	sb_reset(&sb);
	if (ev->rule_ptr)
		rule_format(ev->rule_ptr, &sb);
	else if (ev->detail) /* an ipchains rule, formatted by the engine */
		sb_adds(&sb, ev->detail);
	/* "%4d       %s #%d %s: %s\n" */
	step_(ev->step);
	s_("       ");
	s_(ev->chain);
	s_(" #");
	ol_int_w(&line, ev->rule, 0);
	s_(ev->matched ? " match: " : " no match: ");
	s_(sb_str(&sb));
	end_line(f);
	for (int i = 0; i < ev->nresults; i++) {
		/* "               %s %s\n" */
		line.n = 0;
		s_(ev->results[i].ok ? "               + " : "               - ");
		s_(ev->results[i].text);
		end_line(f);
	}
}

/* "%4d<mid>%s\n": most event lines */
static void step_text(FILE *f, int step, const char *mid, const char *text)
{
	step_(step);
	s_(mid);
	s_(text);
	end_line(f);
}

void trace_text_sink(const struct event *ev, void *ctx)
{
	struct trace_out *t = ctx;
	FILE *f = t->f;
	char label[32];
	t->events++;
	switch (ev->kind) {
	case EV_PACKET:
		packet_label(ev, label, sizeof(label));
		/* "\npacket %s: %s\n" */
		line.n = 0;
		s_("\npacket ");
		s_(label);
		s_(": ");
		s_(ev->text);
		end_line(f);
		break;
	case EV_ENTER:
		/* "%4d   [%s] %s\n" */
		step_(ev->step);
		s_("   [");
		s_(stage_name(ev->stage));
		s_("] ");
		s_(ev->text);
		end_line(f);
		break;
	case EV_RULE:
		print_rule(f, ev);
		break;
	case EV_TARGET:
		step_text(f, ev->step, "       -> ", ev->text);
		if (ev->detail) {
			line.n = 0;
			s_("               log: ");
			s_(ev->detail);
			end_line(f);
		}
		break;
	case EV_REWRITE:
		step_text(f, ev->step, "       rewrite ", ev->text);
		break;
	case EV_ROUTE:
		step_text(f, ev->step, "       route: ", ev->text);
		break;
	case EV_CONNTRACK:
		/* "%4d       conntrack %s: %s\n" */
		step_(ev->step);
		s_("       conntrack ");
		s_(ctinfo_name(ev->view.ctinfo));
		s_(": ");
		s_(ev->text);
		end_line(f);
		if (ev->detail) {
			/* "               %s: %s\n" */
			line.n = 0;
			s_(ct_expect_line(ev->detail) ? "               expect: " : "               entry: ");
			s_(ev->detail);
			end_line(f);
		}
		break;
	case EV_QOS:
		step_text(f, ev->step, "       qos: ", ev->text);
		break;
	case EV_NOTE:
		step_text(f, ev->step, "       note: ", ev->text);
		break;
	case EV_VERDICT:
		step_text(f, ev->step, "       ", ev->text);
		break;
	case EV_FATE:
		/* "%4d   => %s (oif %s): %s\n" */
		step_(ev->step);
		s_("   => ");
		s_(fate_name(ev->fate));
		s_(" (oif ");
		s_(ev->view.oif[0] ? ev->view.oif : "-");
		s_("): ");
		s_(ev->text);
		end_line(f);
		break;
	case EV_COUNT:
		break;
	}
}
