/* source.h - where the TUI gets its recording from: the scenario walked
 * by the engine (replay.c), a capture walked as its packets come
 * (live.c), or a recording made by hand (the unit tests and the
 * benchmark).  Asking a whole recording again with another era re-runs
 * the walk; a growing one walks the packets still to come in that era. */
#ifndef NFWALK_TUI_SOURCE_H
#define NFWALK_TUI_SOURCE_H

#include <stdbool.h>

#include "engine/walk/engine.h"
#include "sinks/record.h"

/* What a source whose recording grows while the TUI runs (a capture)
 * offers besides record(); follow.c drives it. */
struct tui_feed {
	/* A descriptor that becomes readable when packets arrive; -1 when
	 * there is none (a file is read when asked). */
	int (*fd)(void *ctx);
	/* Walk up to max packets that are ready, appending their events to
	 * the recording record() was given; returns how many were walked. */
	size_t (*pull)(void *ctx, size_t max);
	/* No packet will come any more (the file ended, --count was reached,
	 * the capture failed). */
	bool (*ended)(void *ctx);
	/* What the status line says of the capture: "live eth0: 12 packets". */
	void (*describe)(void *ctx, char *buf, size_t n);
	/* Packets are read when the run needs one (a file), not as they come
	 * (a live interface, which cannot wait). */
	bool paced;
};

struct tui_source {
	const char *name; /* shown in the title line */
	enum era era;     /* the era the scenario asks for */
	bool era_set;     /* the scenario says which */
	enum backend backend; /* which iptables: labels the modern drawing */
	bool ipchains;    /* the host runs Linux 2.2's ipchains (model: ipchains) */
	/* Fill rec (cleared first) with the whole walk in the given era.
	 * Returns 0, or -1 with err set; rec then holds what was walked
	 * before the error.  A source with a feed clears rec the first time
	 * only: what it recorded stays, and the packets still to come are
	 * walked in the era asked last. */
	int (*record)(void *ctx, enum era era, struct recording *rec, struct nf_error *err);
	/* The engine of the last walk (its nftables base chains shape the
	 * diagram, diagram_build.h); the member may be NULL, and so may its
	 * answer. */
	struct engine *(*engine)(void *ctx);
	/* The ruleset of the last walk, for chain listings; NULL if unknown. */
	const struct ruleset *(*rules)(void *ctx);
	/* The ipchains rules of the last walk (model: ipchains); the member
	 * may be NULL. */
	const struct ipchains *(*ipchains_rules)(void *ctx);
	/* The scenario's note on packet pkt (1-based), NULL if none; the
	 * member may be NULL. */
	const char *(*note)(void *ctx, int pkt);
	const struct tui_feed *feed; /* NULL: the recording is whole */
	void *ctx;
};

#endif
