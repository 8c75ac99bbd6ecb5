/* capture_run.h - the batch front end for real traffic: walk the packets
 * of a capture file (--pcap) or of a live interface (--live) through the
 * host a scenario describes, printing the trace (unless quiet), progress
 * on stderr for long runs, and a summary at the end; and --write-pcap,
 * which records the packets box by box, for captures and for a
 * scenario's own packets alike. */
#ifndef NFWALK_CAPTURE_RUN_H
#define NFWALK_CAPTURE_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/capture.h"
#include "scenario/scenario.h"

struct capture_opts {
	const char *pcap;       /* --pcap FILE */
	const char *live;       /* --live IFACE */
	const char *filter;     /* --filter EXPR (BPF), with --live */
	const char *write_pcap; /* --write-pcap FILE */
	bool write_all;         /* --write-pcap-all: at every box */
	bool jsonl;             /* trace as JSON Lines (the summary then goes to stderr) */
	bool quiet;             /* summary only, no trace */
	bool progress;          /* progress on stderr even when it is not a terminal */
	uint64_t count;         /* stop after this many packets; 0: no limit */
};

/* Run s's host on the packets o names (the scenario's own when neither
 * pcap nor live is set).  Errors are printed as "nfwalk: ...".  Returns
 * the exit status: 0, or 2 when something could not be opened or built.
 * SIGINT and SIGTERM end a capture early, with its summary. */
int capture_run(const struct scenario *s, const struct capture_opts *o);

/* Open the capture a front end asked for (pcap, else live with filter)
 * for the host s describes, built in e: the packets arrive on
 * capture_iface_for(), and frames from the host's addresses or its
 * interface's MAC are known as its own.  This is all the TUI needs to
 * follow a live interface: then poll capture_fd() and walk each packet
 * capture_next() yields with walk_packet().  -1 with err set. */
int capture_open_for_host(struct capture *c, const struct scenario *s, const struct engine *e,
			  const char *pcap, const char *live, const char *filter,
			  struct nf_error *err);

/* The interface captured packets arrive on: the scenario's capture iface,
 * else the live device when the scenario has an interface of that name,
 * else its only interface.  NULL with err set when none can be chosen. */
const char *capture_iface_for(const struct scenario *s, const char *live_dev,
			      struct nf_error *err);

#endif
