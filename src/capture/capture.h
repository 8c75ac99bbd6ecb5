/* capture.h - packets from the wire: a pcap or pcapng file (pcap_in.c) or
 * a live interface (live.c), both read through libpcap and handed out one
 * `struct packet` at a time, the way the kernel's ip_rcv would receive
 * them.  Frames nfwalk does not model (IPv6, ARP, ...) and frames the
 * kernel would drop before netfilter (bad IPv4 headers) are counted by
 * reason and skipped, never walked and never a crash.
 *
 * A front end polls: capture_next() returns CAP_PACKET with a packet it
 * now owns, CAP_AGAIN when a live capture has nothing yet (wait on
 * capture_fd()), or CAP_END at the end of a file. */
#ifndef NFWALK_CAPTURE_H
#define NFWALK_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/net/net.h"
#include "engine/track/packet.h"
#include "lib/util.h"

/* X(id, what the summary says) : why a captured frame was not walked. */
#define CAP_SKIP_LIST(X)                                                          \
	X(SKIP_ARP, "ARP")                                                     \
	X(SKIP_OTHER_L3, "other protocols (LLC, LLDP, MPLS, PPPoE, ...)")      \
	X(SKIP_LINKTYPE, "link type nfwalk does not read")                     \
	X(SKIP_SHORT_FRAME, "shorter than its link-layer header")              \
	X(SKIP_TRUNCATED, "truncated by the capture (caplen < len)")           \
	X(SKIP_IPV4_HEADER, "bad IPv4 header (under 20 bytes, version, IHL < 5)") \
	X(SKIP_IPV4_CSUM, "bad IPv4 header checksum")                          \
	X(SKIP_IPV4_LENGTH, "bad IPv4 total length (shorter than the header, " \
			    "longer than the frame, or 0 as in BIG TCP)")      \
	X(SKIP_IPV6_HEADER, "bad IPv6 header (under 40 bytes, version, multicast source)") \
	X(SKIP_IPV6_LENGTH, "bad IPv6 payload length (longer than the frame, or 0 as in " \
			    "jumbograms and BIG TCP)")                         \
	X(SKIP_FORWARDED_COPY, "sent by the capturing host from an address not its own (forwarded)")

enum cap_skip {
#define X(id, text) id,
	CAP_SKIP_LIST(X)
#undef X
	CAP_SKIP_COUNT,
	CAP_TAKEN = -1 /* not skipped: the frame became a packet */
};

const char *cap_skip_text(enum cap_skip s);

struct capture_stats {
	uint64_t frames;   /* read from the capture */
	uint64_t packets;  /* handed out as packets (IPv4 and IPv6) */
	uint64_t ipv6;     /* ... of which IPv6 */
	uint64_t local;    /* ... of which sent by the host itself (walk OUTPUT) */
	uint64_t bytes;    /* captured bytes read (for progress) */
	uint64_t skipped[CAP_SKIP_COUNT];
};

struct pcap;

struct capture {
	struct pcap *pc;
	int dlt;               /* pcap_datalink() */
	bool live;
	char source[256];      /* file path or interface, for messages */
	char iface[IFNAME_MAX]; /* the simulated interface packets arrive on */
	uint8_t iface_mac[6];  /* frames from this MAC were sent by the host */
	bool has_iface_mac;
	/* Addresses of the simulated host: a frame from one of them was sent
	 * by the host (walked as locally generated, OUTPUT path). */
	const uint32_t *local_addrs;
	size_t nlocal;
	uint32_t *owned_addrs; /* capture_learn_host's copy, freed on close */
	struct capture_stats st;
	char *read_buf;      /* offline: the FILE's stdio buffer (pcap_in.c) */
	long long file_size; /* offline: bytes in the file, for progress; -1 unknown */
	char error[256];     /* set when a file ended early (truncated dump) */
	int64_t ts_sec; /* capture time of the last packet handed out */
	int32_t ts_usec;
};

enum cap_status { CAP_PACKET, CAP_AGAIN, CAP_END };

/* Open a pcap or pcapng file; packets arrive on iface (the simulated
 * host's interface the capture was taken on).  -1 with err naming the
 * file and libpcap's reason. */
int capture_open_file(struct capture *c, const char *path, const char *iface,
		      struct nf_error *err);
/* Capture live on device dev (promiscuous, immediate, inbound only) with an
 * optional BPF filter; packets arrive on iface.  Without capture rights:
 * -1 with an error naming dev and CAP_NET_RAW. */
int capture_open_live(struct capture *c, const char *dev, const char *filter, const char *iface,
		      struct nf_error *err);
/* Tell the capture which frames the simulated host sent itself: those
 * from mac (NULL: unknown) or from one of addrs (borrowed, must outlive c). */
void capture_set_host(struct capture *c, const uint8_t *mac, const uint32_t *addrs, size_t n);
/* The same, learnt from the simulated host's configuration: every address
 * of every interface, and the MAC of c->iface when it has one. */
void capture_learn_host(struct capture *c, const struct netconf *net);
/* The next packet (*out, caller owns it), CAP_AGAIN (live, nothing yet) or
 * CAP_END.  A live capture's read error is CAP_END with c->error set. */
enum cap_status capture_next(struct capture *c, struct packet **out);
/* A descriptor to poll() for a live capture; -1 for a file. */
int capture_fd(const struct capture *c);
/* Bytes of the file consumed so far (offline), for progress; -1 unknown. */
long long capture_offset(const struct capture *c);
void capture_close(struct capture *c);
/* "12 frames: 9 IPv4 packets walked (2 sent by the host), skipped: 3 IPv6" */
void capture_summary(const struct capture *c, FILE *f);

/* --- the frame decoder both sources share (frame.c) --- */

/* Classify one captured frame of link type dlt (caplen bytes present of
 * len on the wire) and, when it is an IPv4 datagram ip_rcv would accept,
 * build the packet: trimmed to its total length (Ethernet padding gone),
 * iif = c->iface (or a locally generated packet when the host sent it),
 * the source MAC kept for -m mac.  Returns CAP_TAKEN with *out set, or why
 * it was skipped. */
enum cap_skip frame_to_packet(const struct capture *c, const uint8_t *bytes, size_t caplen,
			      size_t len, struct packet **out);
/* A short name for a link type ("EN10MB", "LINUX_SLL2", ...) or NULL when
 * nfwalk does not read it. */
const char *frame_linktype_name(int dlt);

#endif
