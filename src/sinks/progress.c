/* progress.c - the progress line (see progress.h). */
#define _DEFAULT_SOURCE /* clock_gettime, fileno, isatty */

#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "sinks/progress.h"

enum { REDRAW_PER_SECOND = 4 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, bool forced)
{
	p->tty = isatty(fileno(stderr));
	p->on = forced || p->tty;
	p->start = p->last = now();
	p->drawn = false;
}

double progress_elapsed(const struct progress *p)
{
	return now() - p->start;
}

void progress_update(struct progress *p, uint64_t packets, double done, const char *what)
{
	if (!p->on)
		return;
	double t = now();
	if (t - p->last < 1.0 / REDRAW_PER_SECOND)
		return;
	p->last = t;
	double rate = t > p->start ? (double)packets / (t - p->start) : 0;
	fprintf(stderr, "%snfwalk: %" PRIu64 " packets walked", p->tty ? "\r\033[K" : "", packets);
	if (done >= 0)
		fprintf(stderr, ", %.0f%% of %s", done * 100, what);
	else
		fprintf(stderr, " from %s", what);
	fprintf(stderr, ", %.0f packets/s%s", rate, p->tty ? "" : "\n");
	fflush(stderr);
	p->drawn = true;
}

void progress_end(struct progress *p)
{
	if (p->on && p->tty && p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = false;
}
