/* progress.h - a progress line on stderr for long runs: shown when stderr
 * is a terminal (redrawn in place) or when asked for (one line each
 * time, for logs), at most a few times a second. */
#ifndef NFWALK_PROGRESS_H
#define NFWALK_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool on, tty;
	double start, last; /* seconds, monotonic */
	bool drawn;
};

/* forced: --progress.  Starts the clock either way. */
void progress_init(struct progress *p, bool forced);
/* Seconds since progress_init. */
double progress_elapsed(const struct progress *p);
/* Show "N packets walked[, P% of the file], R packets/s" with what (the
 * file or interface); done is the share of the file read, < 0 unknown. */
void progress_update(struct progress *p, uint64_t packets, double done, const char *what);
/* Clear the line (terminal) before the summary is printed. */
void progress_end(struct progress *p);

#endif
