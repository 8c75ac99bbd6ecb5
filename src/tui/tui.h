/* tui.h - the live diagram: nfwalk's full-screen ncurses front end.
 *
 * main.c calls tui_run when standard output is a terminal and neither
 * --batch nor --check was given.  The TUI walks the scenario with the same
 * engine as the batch trace (scenario_build_engine + runner_run into a
 * recording) and steps through the recorded events; switching diagrams
 * re-runs the walk in the new diagram's era.  With a capture (--pcap,
 * --live) the scenario only describes the host, and the captured packets
 * are walked as they come (live.c, follow.c). */
#ifndef NFWALK_TUI_H
#define NFWALK_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/util.h"
#include "scenario/scenario.h"

struct tui_opts {
	const struct scenario *scn; /* loaded and validated; the caller frees it */
	const char *theme;   /* name or path; NULL: "default" ("mono" under no_color) */
	const char *diagram; /* name or path; NULL: the one matching the
			      * scenario's era (kptd unless it says modern) */
	bool ascii;          /* --ascii: draw the art's own + - | */
	bool mouse;          /* false with --no-mouse */
	bool no_color;       /* attributes only; NO_COLOR (set, not empty) does the same */
	bool era_forced;     /* --era given: walk in scn->era whatever the diagram */
	double speed;        /* steps per second when running; <= 0: 2 */
	/* A capture to walk instead of the scenario's packets: */
	const char *pcap;    /* --pcap FILE */
	const char *live;    /* --live IFACE (when pcap is NULL) */
	const char *filter;  /* --filter EXPR, with live */
	uint64_t count;      /* --count: stop after this many packets; 0: no limit */
	/* Presenter mode (present.c): */
	bool present;        /* --present: run at a pace, large status, file watched */
	double pace;         /* --pace: seconds per step; <= 0: 2 */
	int breaks[32];      /* --break STAGE (enum stage_id), besides the scenario's */
	size_t nbreaks;
	bool quiz;               /* --quiz: start with the quiz on (quiz.h) */
	const char *quiz_report; /* --quiz-report FILE: the result, written at exit */
	/* What-if (whatif.c) starts every change from the session's scenario
	 * built again as it was at the start (the file or the tour with
	 * --rules added, or the --packet question); NULL: no what-if (a
	 * capture). */
	int (*reload)(void *ctx, struct scenario *s, struct nf_error *err);
	void *reload_ctx;
	const char *rules_path; /* --rules FILE: w writes iptables-save */
	const char *scn_text;   /* the scenario's text when no file holds it (the tour) */
	size_t scn_len;
};

/* Runs until the user quits.  Returns the process exit status: 0, or 2
 * with err set ("file:line:col: ...") when the theme or diagram file is
 * bad, the capture cannot be opened or the terminal cannot be used.  On
 * SIGINT/SIGTERM/SIGHUP the terminal is restored and the signal
 * re-raised. */
int tui_run(const struct tui_opts *o, struct nf_error *err);

#endif
