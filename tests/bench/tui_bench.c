/* tui_bench.c - how fast the live diagram redraws: steps through a
 * scenario again and again, drawing every step into a pseudo-terminal of
 * a given size (a child process drains it, as a terminal would), and
 * prints steps per second.  Run by `make bench`; a measurement, never a
 * pass/fail test.
 *
 *   tui_bench [SCENARIO.yaml [STEPS [RULES]]]
 *
 * With RULES (an iptables-save file, as --rules takes it) it measures the
 * first frame only, at 200x60, loading the rules included: the issue's
 * "first frame under 100 ms with 50,000 rules".
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <curses.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ruleset/save_scenario.h"
#include "scenario/scenario.h"
#include "tui/app.h"
#include "tui/draw.h"
#include "tui/replay.h"
#include "tui/term.h"

struct pty {
	int master, slave;
	pid_t drainer;
};

static double seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A pty of the given size whose output a child reads and throws away. */
static int pty_open(struct pty *p, int rows, int cols)
{
	p->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (p->master < 0 || grantpt(p->master) < 0 || unlockpt(p->master) < 0)
		return -1;
	p->slave = open(ptsname(p->master), O_RDWR | O_NOCTTY);
	if (p->slave < 0)
		return -1;
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	ioctl(p->slave, TIOCSWINSZ, &ws);
	p->drainer = fork();
	if (p->drainer == 0) {
		char buf[65536];
		close(p->slave);
		while (read(p->master, buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	return p->drainer < 0 ? -1 : 0;
}

static void pty_close(struct pty *p)
{
	close(p->slave);
	kill(p->drainer, SIGTERM);
	waitpid(p->drainer, NULL, 0);
	close(p->master);
}

/* --rules for the first-frame bench: loaded after the drainer is forked
 * (forking a process holding 50,000 rules would charge copy-on-write
 * faults to the frame), its CPU counted in the frame. */
static const char *rules_path;
static double load_cpu;

static void load_rules(struct scenario *scn)
{
	struct nf_error err;
	double t0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (save_add_to_scenario(scn, rules_path, stderr, &err) != 0) {
		char buf[700];
		nf_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "tui_bench: %s\n", buf);
		exit(2);
	}
	load_cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - t0;
}

static void bench_size(struct scenario *scn, int rows, int cols, int steps)
{
	struct pty p;
	if (pty_open(&p, rows, cols) < 0) {
		perror("tui_bench: pty");
		exit(1);
	}
	FILE *out = fdopen(dup(p.slave), "w"), *in = fdopen(dup(p.slave), "r");
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr) {
		fputs("tui_bench: no xterm-256color terminfo\n", stderr);
		exit(1);
	}
	set_term(scr);
	term_buffer_frames(); /* as term_start: a frame in one write */
	if (rules_path)
		load_rules(scn);
	struct replay replay;
	struct tui_source src;
	struct tui_app app;
	struct tui_opts opts = {.scn = scn, .speed = 4};
	struct nf_error err;
	double f0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	replay_source(&replay, scn, &src);
	if (app_init(&app, &src, &opts, &err) < 0) {
		endwin();
		fprintf(stderr, "tui_bench: %s\n", err.msg);
		exit(1);
	}
	app.lines = LINES_UNICODE;
	app_apply_theme(&app);
	app_resize(&app, rows, cols);
	app.show_counters = true; /* the most work a step's redraw can do */
	draw_screen(&app);
	double first = seconds(CLOCK_PROCESS_CPUTIME_ID) - f0;
	/* Wall time includes the machine's other load; the process's CPU
	 * time is what a redraw costs. */
	double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	for (int i = 0; i < steps; i++) {
		if (app.step + 1 >= app.tl.nsteps)
			app_goto(&app, 0);
		else
			app_do(&app, ACT_STEP);
		draw_screen(&app);
	}
	double wall = seconds(CLOCK_MONOTONIC) - w0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	pty_close(&p);
	if (steps == 0) {
		printf("%3dx%-3d first frame %.1f ms cpu with the rules (load %.1f ms, then walk, "
		       "recording, layout, draw; target < 100 ms)\n",
		       cols, rows, 1000 * (load_cpu + first), 1000 * load_cpu);
		app_free(&app);
		replay_free(&replay);
		return;
	}
	printf("%3dx%-3d first frame %.2f ms cpu (walk, recording, layout, draw); %6d steps: "
	       "%6.3f s wall (%5.0f steps/s), %6.3f s cpu (%5.0f steps/s, %.3f ms per step; "
	       "target < 1 ms)\n",
	       cols, rows, 1000 * first, steps, wall, steps / wall, cpu, steps / cpu,
	       1000 * cpu / steps);
	app_free(&app);
	replay_free(&replay);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "scenarios/tour.yaml";
	int steps = argc > 2 ? atoi(argv[2]) : 2000;
	struct scenario scn;
	struct nf_error err;
	if (scenario_load(path, &scn, &err) < 0) {
		char buf[700];
		nf_error_format(&err, buf, sizeof(buf));
		fprintf(stderr, "tui_bench: %s\n", buf);
		return 2;
	}
	if (argc > 3) {
		rules_path = argv[3];
		printf("first frame of the live diagram, %s with --rules %s:\n", path, argv[3]);
		bench_size(&scn, 60, 200, 0);
		scenario_free(&scn);
		return 0;
	}
	printf("redraw speed of the live diagram, %s, counters on, Unicode lines:\n", path);
	bench_size(&scn, 24, 80, steps);
	bench_size(&scn, 60, 200, steps);
	scenario_free(&scn);
	return 0;
}
