/* tutor_opts.h - the command-line options of the tutor (presenter mode,
 * breakpoints, quiz, exports), parsed here so main.c only hands them on. */
#ifndef NFWALK_TUTOR_OPTS_H
#define NFWALK_TUTOR_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/tui.h"

/* In the order of main.c's OPT_PRESENT, OPT_PACE, OPT_BREAK. */
enum tutor_opt { TUTOR_PRESENT, TUTOR_PACE, TUTOR_BREAK, TUTOR_QUIZ, TUTOR_QUIZ_REPORT };

struct tutor_opts {
	bool present;
	double pace;
	int breaks[32];
	size_t nbreaks;
	bool quiz;
	const char *quiz_report;
};

/* One option (which: enum tutor_opt); 0, or 2 after printing an error. */
int tutor_option(int which, const char *arg, struct tutor_opts *t);
void tutor_apply(const struct tutor_opts *t, struct tui_opts *o);

#endif
