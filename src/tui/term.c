/* term.c - curses start and restore (see term.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* sigaction */
#endif
#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

static volatile sig_atomic_t pending_signal;
static bool active, atexit_done;
static SCREEN *screen;

/* Signals that ask the program to stop: the main loop notices, restores
 * the terminal and re-raises. */
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
/* Signals of a crash: restore right away, then take the default action. */
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL};

static struct sigaction saved_stop[sizeof(stop_signals) / sizeof(int)];
static struct sigaction saved_crash[sizeof(crash_signals) / sizeof(int)];
static bool crash_installed[sizeof(crash_signals) / sizeof(int)];

static void on_stop_signal(int sig)
{
	pending_signal = sig;
}

static void on_crash_signal(int sig)
{
	/* endwin is not async-signal-safe, but the process is dying anyway
	 * and a usable terminal is worth the risk (htop does the same). */
	if (active)
		endwin();
	active = false;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a stop signal must interrupt the wait for a key. */
	sa.sa_handler = on_stop_signal;
	for (size_t i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &sa, &saved_stop[i]);
	sa.sa_handler = on_crash_signal;
	for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++) {
		struct sigaction old;
		sigaction(crash_signals[i], NULL, &old);
		/* Leave a sanitizer's or debugger's handler alone. */
		crash_installed[i] = old.sa_handler == SIG_DFL;
		if (crash_installed[i])
			sigaction(crash_signals[i], &sa, &saved_crash[i]);
	}
}

static void restore_handlers(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &saved_stop[i], NULL);
	for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++)
		if (crash_installed[i])
			sigaction(crash_signals[i], &saved_crash[i], NULL);
}

bool term_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

void term_buffer_frames(void)
{
	endwin();
	refresh();
}

int term_start(bool mouse, struct nf_error *err)
{
	setlocale(LC_CTYPE, "");
	install_handlers();
	if (!atexit_done) {
		atexit(term_stop);
		atexit_done = true;
	}
	/* Arrow keys send Esc sequences; wait for them briefly, not a second. */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	const char *term = getenv("TERM");
	/* Without TERM, newterm fails (and leaks what it allocated). */
	screen = term && *term ? newterm(NULL, stdout, stdin) : NULL;
	if (!screen) {
		restore_handlers();
		const char *t = getenv("TERM");
		return nf_err(err, -1, "cannot use the terminal (TERM=%s)", t ? t : "unset");
	}
	active = true;
	term_buffer_frames();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
		mouseinterval(0);
	}
	return 0;
}

void term_stop(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
	fflush(stdout);
	restore_handlers();
}

int term_pending_signal(void)
{
	return pending_signal;
}

void term_reraise(void)
{
	int sig = pending_signal;
	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

bool term_can_draw(void)
{
	const char *t = getenv("TERM");
	int e = 0;
	if (!t || !*t)
		return true;
	TERMINAL *before = cur_term;
	if (setupterm(NULL, STDOUT_FILENO, &e) != OK)
		return true;
	const char *cup = tigetstr("cup");
	bool can = cup && cup != (const char *)-1;
	TERMINAL *probe = cur_term;
	set_curterm(before);
	del_curterm(probe);
	return can;
}
