/* tutor_opts.h - the command-line options of the tutor (presenter mode,
 * breakpoints, quiz, exports), parsed here so main.c only hands them on. */
#ifndef NFWALK_TUTOR_OPTS_H
#define NFWALK_TUTOR_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/tui.h"

/* In the order of main.c's OPT_PRESENT, OPT_PACE, OPT_BREAK. */
enum tutor_opt {
	TUTOR_PRESENT,
	TUTOR_PACE,
	TUTOR_BREAK,
	TUTOR_QUIZ,
	TUTOR_QUIZ_REPORT,
	TUTOR_EXPORT,
};

struct tutor_opts {
	bool present;
	double pace;
	int breaks[32];
	size_t nbreaks;
	bool quiz;
	const char *quiz_report;
	bool export;
	int export_format; /* enum export_format */
	const char *export_path;
};

/* One option (which: enum tutor_opt); 0, or 2 after printing an error.
 * --export takes two words: FORMAT (arg) and FILE, the next of argv,
 * which *optind passes. */
int tutor_option(int which, const char *arg, struct tutor_opts *t, int argc, char **argv,
		 int *optind);
/* --export: walk the scenario into the file; the exit status. */
int tutor_export(const struct tutor_opts *t, const struct tui_opts *o);
void tutor_apply(const struct tutor_opts *t, struct tui_opts *o);

#endif
