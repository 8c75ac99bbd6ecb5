/* tui.c - tui_run: walk the scenario (or open the capture), take the
 * terminal, and loop over keys, mouse, resizes, run ticks and arriving
 * packets until the user quits. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* clock_gettime */
#endif
#include "tui.h"

#include <curses.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "draw.h"
#include "follow.h"
#include "live.h"
#include "present.h"
#include "replay.h"
#include "term.h"

/* Without a run in progress, wake up now and then anyway so a stop
 * signal is seen even if the terminal stays silent. */
#define IDLE_WAIT_MS 500

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void handle_mouse(struct tui_app *app)
{
	MEVENT me;
	if (getmouse(&me) != OK)
		return;
	if (me.bstate & BUTTON4_PRESSED)
		app_wheel(app, -3);
	else if (me.bstate & BUTTON5_PRESSED)
		app_wheel(app, +3);
	else if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		app_click(app, me.y, me.x);
}

/* After an Esc byte: the rest of a sequence curses did not know, read
 * without waiting (it arrives with the Esc), as the key it stands for,
 * 27 for Esc alone, or -1. */
static int read_escape(void)
{
	int seq[16], c;
	size_t n = 0;
	timeout(0);
	while (n < ARRAY_SIZE(seq) && (c = getch()) != ERR) {
		seq[n++] = c;
		if (c == 27 || c >= KEY_MIN)
			return -1;
		bool csi = seq[0] == '[' || seq[0] == 'O';
		if (n == 1 ? !csi : (seq[0] == 'O' || (c >= 0x40 && c <= 0x7e)))
			break; /* Alt+key; SS3's one byte; CSI's final byte */
	}
	return key_decode_escape(seq, n);
}

static void handle_key(struct tui_app *app, int key)
{
	if (key == 27)
		key = read_escape();
	if (app->confirm_quit && key != KEY_RESIZE && key != KEY_MOUSE) {
		app->confirm_quit = false;
		app->message[0] = '\0';
		app->quit = key == 'y' || key == 'Y' || key == 'q';
		return;
	}
	if (key == 3) { /* ^C, when it reaches us as a key: no question */
		app->quit = true;
		return;
	}
	if (key == KEY_RESIZE) {
		app_resize(app, LINES, COLS);
		return;
	}
	if (key == KEY_MOUSE) {
		handle_mouse(app);
		return;
	}
	if (prompt_key(app, key) || quiz_key(app, key) || present_key(app, key))
		return;
	enum action a = action_for_key(key);
	/* A key press answers the last message. */
	app->message[0] = '\0';
	if (a != ACT_NONE)
		app_do(app, a);
	else if (app->overlay != OV_NONE)
		app->overlay = OV_NONE; /* any other key closes the help or list */
	else
		app_set_message(app, false, "no such key: ? lists them");
}

/* How long to wait for a key: until the next step of a run (rounded up,
 * so the wait never spins), else a while. */
static int wait_ms(const struct tui_app *app, double next_tick)
{
	if (follow_busy(app))
		return 0;
	if (!app->running)
		return IDLE_WAIT_MS;
	double left = next_tick - now_seconds();
	int ms = left > 0 ? (int)(left * 1000) + 1 : 0;
	/* Presenting, the scenario file is watched between slow steps. */
	return app->opts.present && ms > IDLE_WAIT_MS ? IDLE_WAIT_MS : ms;
}

/* The next key within ms milliseconds, or ERR.  With a live capture the
 * wait ends as well when packets arrive; after a key, the next call only
 * looks, as curses may hold keys that poll() no longer sees. */
static int next_key(const struct tui_app *app, int ms, bool *more_keys)
{
	int fd = follow_fd(app);
	if (fd >= 0) {
		if (!*more_keys && ms > 0) {
			struct pollfd pfd[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
						{.fd = fd, .events = POLLIN}};
			poll(pfd, 2, ms);
		}
		ms = 0;
	}
	timeout(ms);
	int key = getch();
	*more_keys = key != ERR;
	return key;
}

/* Did the terminal go away (its window closed, ssh dropped)?  Then the
 * kernel sends SIGHUP, and term.c ends the program; but where the signal
 * is blocked (a supervisor's mask, inherited), getch() only fails at
 * once from then on and the loop would spin for ever.  A hung-up terminal
 * polls as POLLHUP. */
static bool terminal_gone(void)
{
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* Where the recording comes from: the scenario's packets, or a capture. */
struct tui_input {
	struct replay replay;
	struct live live;
	bool is_capture;
};

static void loop(struct tui_app *app, struct tui_input *in, struct tui_source *src)
{
	struct watch w;
	watch_init(&w, app->opts.present && !in->is_capture ? app->opts.scn->path : NULL);
	double next_tick = now_seconds();
	bool dirty = true, more_keys = false;
	while (!app->quit && !term_pending_signal()) {
		if (dirty)
			draw_screen(app);
		dirty = false;
		int key = next_key(app, wait_ms(app, next_tick), &more_keys);
		if (key != ERR) {
			handle_key(app, key);
			dirty = true;
			continue;
		}
		if (terminal_gone())
			break;
		if (follow_pull(app))
			dirty = true;
		if (watch_poll(&w, app, &in->replay, src))
			dirty = true;
		if (app->running && now_seconds() >= next_tick) {
			app_tick(app);
			next_tick = now_seconds() + 1.0 / app_speed(app);
			dirty = true;
		}
	}
	watch_free(&w);
}

/* https://no-color.org: set and not empty means no color. */
static bool no_color_env(void)
{
	const char *v = getenv("NO_COLOR");
	return v && v[0];
}


static int open_input(struct tui_input *in, const struct tui_opts *o, struct tui_source *src,
		      struct nf_error *err)
{
	in->is_capture = o->pcap || o->live;
	if (!in->is_capture) {
		replay_source(&in->replay, o->scn, src);
		return 0;
	}
	struct live_opts lo = {.pcap = o->pcap, .dev = o->live, .filter = o->filter,
			       .count = o->count};
	if (live_open(&in->live, o->scn, &lo, err) < 0)
		return -1;
	live_source(&in->live, src);
	return 0;
}

static void close_input(struct tui_input *in)
{
	if (in->is_capture)
		live_close(&in->live);
	else
		replay_free(&in->replay);
}

int tui_run(const struct tui_opts *o, struct nf_error *err)
{
	struct tui_input in;
	struct tui_source src;
	struct tui_app app;
	struct tui_opts opts = *o;
	opts.no_color |= no_color_env();
	if (open_input(&in, o, &src, err) < 0)
		return 2;
	if (app_init(&app, &src, &opts, err) < 0) {
		close_input(&in);
		return 2;
	}
	if (term_start(o->mouse, err) < 0) {
		app_free(&app);
		close_input(&in);
		return 2;
	}
	/* The locale is known only now; line drawing follows it. */
	app.lines = o->ascii ? LINES_ASCII : term_utf8() ? LINES_UNICODE : LINES_ACS;
	app_apply_theme(&app);
	present_start(&app);
	app_resize(&app, LINES, COLS);
	loop(&app, &in, &src);
	term_stop();
	if (o->quiz_report && quiz_report_file(&app, o->quiz_report) < 0)
		fprintf(stderr, "nfwalk: --quiz-report: cannot write %s\n", o->quiz_report);
	app_free(&app);
	close_input(&in);
	term_reraise();
	return 0;
}
