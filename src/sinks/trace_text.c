/* trace_text.c - the readable trace: one line per event, indented by
 * depth (packet, box, what happened in the box). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/track/ct_expect.h"
#include "sinks/trace.h"

/* Nothing to escape: printable ASCII and line breaks only. */
static bool plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] < 0x20 && s[i] != '\n') || s[i] >= 0x7f) /* char may be signed */
			return false;
	return true;
}

/* fprintf, with the text escaped (sb_add_vis) but for its line breaks:
 * names, comments and notes come from the input files.  Lines that need
 * no escaping (nearly all) go out from the stack, without the two heap
 * buffers and the second formatting pass of the escaping path. */
__attribute__((format(printf, 2, 3))) static void out(FILE *f, const char *fmt, ...)
{
	char line[1024];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(line) && plain(line, (size_t)n)) {
		fwrite(line, 1, (size_t)n, f);
		va_end(ap2);
		return;
	}
	struct strbuf raw = STRBUF_INIT, safe = STRBUF_INIT;
	sb_vaddf(&raw, fmt, ap2);
	va_end(ap2);
	const char *s = sb_str(&raw);
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		sb_add_vis(&safe, s, (size_t)(nl - s));
		sb_adds(&safe, "\n");
	}
	sb_add_vis(&safe, s, strlen(s));
	fputs(sb_str(&safe), f);
	sb_free(&raw);
	sb_free(&safe);
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
	struct strbuf sb = STRBUF_INIT;
	if (ev->rule_ptr)
		rule_format(ev->rule_ptr, &sb);
	else if (ev->detail) /* an ipchains rule, formatted by the engine */
		sb_adds(&sb, ev->detail);
	out(f, "%4d       %s #%d %s: %s\n", ev->step, ev->chain, ev->rule,
		ev->matched ? "match" : "no match", sb_str(&sb));
	sb_free(&sb);
	for (int i = 0; i < ev->nresults; i++)
		out(f, "               %s %s\n", ev->results[i].ok ? "+" : "-",
			ev->results[i].text);
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
		out(f, "\npacket %s: %s\n", label, ev->text);
		break;
	case EV_ENTER:
		out(f, "%4d   [%s] %s\n", ev->step, stage_name(ev->stage), ev->text);
		break;
	case EV_RULE:
		print_rule(f, ev);
		break;
	case EV_TARGET:
		out(f, "%4d       -> %s\n", ev->step, ev->text);
		if (ev->detail)
			out(f, "               log: %s\n", ev->detail);
		break;
	case EV_REWRITE:
		out(f, "%4d       rewrite %s\n", ev->step, ev->text);
		break;
	case EV_ROUTE:
		out(f, "%4d       route: %s\n", ev->step, ev->text);
		break;
	case EV_CONNTRACK:
		out(f, "%4d       conntrack %s: %s\n", ev->step, ctinfo_name(ev->view.ctinfo),
			ev->text);
		if (ev->detail)
			out(f, "               %s: %s\n", ct_expect_line(ev->detail) ? "expect" : "entry",
			    ev->detail);
		break;
	case EV_QOS:
		out(f, "%4d       qos: %s\n", ev->step, ev->text);
		break;
	case EV_NOTE:
		out(f, "%4d       note: %s\n", ev->step, ev->text);
		break;
	case EV_VERDICT:
		out(f, "%4d       %s\n", ev->step, ev->text);
		break;
	case EV_FATE: {
		char desc[64];
		snprintf(desc, sizeof(desc), "%s", ev->view.oif[0] ? ev->view.oif : "-");
		out(f, "%4d   => %s (oif %s): %s\n", ev->step, fate_name(ev->fate), desc,
			ev->text);
		break;
	}
	case EV_COUNT:
		break;
	}
}
