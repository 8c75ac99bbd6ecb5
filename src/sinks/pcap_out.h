/* pcap_out.h - an event sink that writes packets to a pcap file (raw IPv4,
 * LINKTYPE_RAW) as they were along their walk, so rewrites (DNAT, SNAT,
 * TTL, TOS, ...) open in tcpdump or Wireshark.
 *
 * Each walk writes the packet as it arrived (or left the local process),
 * then again whenever its bytes differ from the last copy written: at the
 * box after the one that changed it, and at its fate.  With every_box the
 * packet is written at every box it enters.  A record's time is the
 * walk's base time (the captured packet's, or packet N at second N) plus
 * sub * 1000 + step microseconds, so the step that wrote it can be read
 * back from the file. */
#ifndef NFWALK_PCAP_OUT_H
#define NFWALK_PCAP_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/walk/event.h"
#include "lib/util.h"

struct pcap_writer;

/* Create path ("-" for standard output).  NULL with err set on failure. */
struct pcap_writer *pcap_writer_open(const char *path, bool every_box, struct nf_error *err);
/* The base time of walk pkt (a captured packet's timestamp). */
void pcap_writer_set_time(struct pcap_writer *w, int pkt, int64_t sec, int32_t usec);
/* event_fn: ctx is the writer.  It reads only these events' packets. */
void pcap_writer_sink(const struct event *ev, void *ctx);
#define PCAP_WRITER_WANTS \
	((struct sink_wants){EV_BIT(EV_PACKET) | EV_BIT(EV_ENTER) | EV_BIT(EV_FATE), 0, 0, 0})
/* Records written so far. */
uint64_t pcap_writer_count(const struct pcap_writer *w);
/* Flush and close; -1 with err set when the file could not be written. */
int pcap_writer_close(struct pcap_writer *w, struct nf_error *err);

#endif
