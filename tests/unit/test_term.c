/* test_term.c - a frame leaves in one write: after term_buffer_frames,
 * ncurses buffers a refresh whole instead of flushing at every cursor
 * move.  The screen writes into a SOCK_SEQPACKET socket, which keeps
 * each write(2) a message of its own, so the messages count the writes. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <curses.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../tap.h"
#include "tui/term.h"

/* Messages waiting in fd, read and counted. */
static int drain(int fd)
{
	char buf[1 << 16];
	int n = 0;
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	return n;
}

/* Twenty lines at scattered places: twenty cursor moves at least. */
static void draw_frame(int f)
{
	erase();
	for (int y = 0; y < 20; y++)
		mvprintw(y, (y * 7 + f) % 40, "frame %d line %d", f, y);
	refresh();
}

int main(void)
{
	int sv[2];
	FILE *in = fopen("/dev/null", "r");
	if (!in || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0) {
		printf("1..0 # SKIP no socket pair or /dev/null\n");
		return 0;
	}
	FILE *out = fdopen(sv[0], "w");
	SCREEN *scr = out ? newterm("xterm-256color", out, in) : NULL;
	if (!scr) {
		printf("1..0 # SKIP no xterm-256color terminfo\n");
		return 0;
	}
	set_term(scr);
	draw_frame(0);
	/* ncurses 6.4 wrote this frame in some twenty pieces */
	printf("# a frame of a new screen: %d writes\n", drain(sv[1]));
	term_buffer_frames();
	drain(sv[1]);
	for (int f = 1; f <= 3; f++) {
		draw_frame(f);
		is_int(drain(sv[1]), 1, "after term_buffer_frames, a frame is one write");
	}
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	close(sv[1]);
	return tap_done();
}
