/* live.h - a tui_source fed by a capture: the packets of a pcap/pcapng
 * file (--pcap) or of a live interface (--live, with an optional BPF
 * filter) walked through the host a scenario describes, one engine for
 * the whole run, as they come.  The capture is opened before the
 * terminal is taken, so a missing right or interface is reported plainly. */
#ifndef NFWALK_TUI_LIVE_H
#define NFWALK_TUI_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/capture.h"
#include "scenario/scenario.h"
#include "source.h"

struct live_opts {
	const char *pcap;   /* a capture file, or NULL */
	const char *dev;    /* else the interface to capture on */
	const char *filter; /* --filter, with dev; NULL for none */
	uint64_t count;     /* stop after this many packets; 0: no limit */
};

struct live {
	const struct scenario *scn;
	struct live_opts o;
	struct engine eng;
	struct capture cap;
	struct recording *rec; /* where the engine's events go; NULL before record() */
	uint64_t walked;       /* packets walked, numbering them from 1 */
	bool ended;
	char label[300];       /* "live eth0", or the file's name */
};

/* Build the host of scn and open the capture.  Returns 0, or -1 with err
 * set (nothing to free then). */
int live_open(struct live *l, const struct scenario *scn, const struct live_opts *o,
	      struct nf_error *err);
void live_source(struct live *l, struct tui_source *src);
void live_close(struct live *l);

#endif
