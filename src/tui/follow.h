/* follow.h - a recording that grows while the TUI shows it (a source with
 * a feed, source.h: a capture).  Packets are walked as they come (live)
 * or as the run needs them (a file, which a held view reads ahead as fast
 * as it reads).  While the run is on, the view follows the newest packet;
 * paused or stepped back, it keeps its place and the status line counts
 * the packets waiting.  Only the newest FOLLOW_KEEP_PACKETS packets are
 * kept, so a capture of any length runs in bounded memory; the counters
 * keep counting the ones forgotten. */
#ifndef NFWALK_TUI_FOLLOW_H
#define NFWALK_TUI_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

enum {
	FOLLOW_KEEP_PACKETS = 1000,
	FOLLOW_PULL_MAX = 64, /* packets walked between two looks at the keyboard */
};

/* Walk what the feed has ready now (a held file: the next packets of it).
 * Returns true when the screen changed (packets came, or the capture ended). */
bool follow_pull(struct tui_app *app);
/* A descriptor to wait on beside the keyboard; -1 for none. */
int follow_fd(const struct tui_app *app);
/* True while there is reading to do without waiting (a held file reading
 * ahead): the main loop then does not sleep. */
bool follow_busy(const struct tui_app *app);
/* No packet will come any more; true for a whole recording. */
bool follow_over(const struct tui_app *app);

enum follow_end {
	FOLLOW_MORE, /* steps came after the current one */
	FOLLOW_WAIT, /* none yet: a live capture is waiting for packets */
	FOLLOW_OVER, /* none will come */
};

/* A step or the run reached the last step: read the next packet of a
 * file, take what a live capture has, and say whether there is more. */
enum follow_end follow_at_end(struct tui_app *app);
/* One tick of a run on a live capture: at the end of a packet's walk, with
 * more than one packet waiting, go to the newest one (the ones between
 * stay counted).  Returns true when it moved. */
bool follow_catch_up(struct tui_app *app);
/* Packets recorded after the one shown. */
unsigned follow_waiting(const struct tui_app *app);
/* "live eth0: 12 packets, 3 waiting"; "" without a feed. */
void follow_status(const struct tui_app *app, char *buf, size_t n);

#endif
