/* term.h - taking the terminal over and giving it back on every way out:
 * a normal quit, exit(), SIGINT/SIGTERM/SIGHUP/SIGQUIT (restored, then the
 * signal is raised again so the exit status tells), and crashes
 * (SIGSEGV/SIGBUS/SIGFPE/SIGABRT/SIGILL: restored as well as can be, then
 * the default action). */
#ifndef NFWALK_TUI_TERM_H
#define NFWALK_TUI_TERM_H

#include <stdbool.h>

#include "lib/util.h"

/* Start curses on the controlling terminal.  Returns 0, or -1 with err. */
int term_start(bool mouse, struct nf_error *err);
/* ncurses (6.4) flushes its output after every cursor move while a new
 * screen is in its initial state, before its first endwin (_nc_mvcur):
 * a step's redraw left in 20 to 40 write(2)s, over ssh as many packets.
 * One endwin and refresh, before anything is drawn, make it a running
 * screen, whose frames leave in one write each.  term_start does it;
 * a program with its own newterm (tui_bench) calls it after set_term. */
void term_buffer_frames(void);
/* Give the terminal back (safe to call twice). */
void term_stop(void);
/* The signal that asked us to stop, 0 if none. */
int term_pending_signal(void);
/* After term_stop: die of the pending signal, if any. */
void term_reraise(void);
/* Whether the terminal on standard output can show the live diagram:
 * its description has cursor addressing (TERM=dumb has none).  An unset
 * or unknown TERM answers true, so that term_start says what is wrong. */
bool term_can_draw(void);
/* Whether the locale speaks UTF-8 (for line drawing). */
bool term_utf8(void);

#endif
