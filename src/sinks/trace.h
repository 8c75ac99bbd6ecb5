/* trace.h - the batch front ends: a readable text trace and JSON Lines.
 * Both are event sinks (engine_set_sink); ctx is a struct trace_out. */
#ifndef NFWALK_TRACE_H
#define NFWALK_TRACE_H

#include <stdio.h>

#include "engine/walk/event.h"

struct trace_out {
	FILE *f;
	int events; /* written so far */
};

/* Both read every event and its words; JSON Lines every view.  The text
 * trace needs no view: the two fields it shows (a conntrack line's
 * ctinfo, a fate's oif) it reads from the event's packet. */
#define TRACE_WANTS ((struct sink_wants){EV_ALL, EVW_ALL, EV_ALL, 0})
#define TRACE_TEXT_WANTS ((struct sink_wants){EV_ALL, EVW_ALL, 0, EV_BIT(EV_RULE)})
void trace_text_sink(const struct event *ev, void *ctx);
void trace_jsonl_sink(const struct event *ev, void *ctx);
/* As `nft monitor trace` prints the kernel's trace (trace_nft.c). */
void trace_nft_sink(const struct event *ev, void *ctx);
/* The heading of a text trace for one scenario. */
void trace_text_header(FILE *f, const char *name, const char *path, const char *description);

/* Write s as a JSON string literal (quotes included). */
void json_string(FILE *f, const char *s);

#endif
