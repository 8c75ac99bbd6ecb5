/* conntrack.h - connection tracking: a tuple table with the kernel's
 * states, NAT bindings kept in the entry's reply tuple, and the connmark.
 *
 * Lifecycle, as in nf_conntrack_core: ct_in() at PREROUTING / OUTPUT
 * (priority -200) finds the entry or makes an unconfirmed one for a NEW
 * packet; ct_confirm() at the last hook inserts it into the table.  An
 * unconfirmed entry whose packet is dropped is simply discarded
 * (ct_discard).
 *
 * Entries time out as the kernel's do (the per-protocol, per-state
 * timeouts of nf_conntrack_proto_*.c, counted in packet time): a packet
 * finding its entry expired sees it go and starts over, and a sweep of a
 * few entries per packet collects the rest, so a long capture's table
 * holds its live connections.  Packets without a time (t == 0) never
 * expire anything.  Entries out of the table are freed by ct_reap once
 * nothing points at them. */
#ifndef NFWALK_CONNTRACK_H
#define NFWALK_CONNTRACK_H

#include "engine/track/ct_slab.h"
#include "engine/track/packet.h"
#include "lib/inet.h"

enum ct_dir { CT_DIR_ORIGINAL = 0, CT_DIR_REPLY = 1 };

/* Tuple as nf_conntrack_tuple: addresses of either family (union
 * nf_inet_addr: IPv4 in .ip, host order, the rest zero) with the family
 * beside them (l3num: FAMILY_IPV4 or FAMILY_IPV6); for ICMP and ICMPv6,
 * sport holds the echo id and dport (type << 8 | code).  40 bytes, as the
 * kernel's. */
struct ct_tuple {
	union inet_addr src, dst;
	uint16_t sport, dport;
	uint8_t proto;
	uint8_t family;
};

/* An IPv4 tuple from host-order addresses. */
static inline struct ct_tuple ct_tuple4(uint8_t proto, uint32_t src, uint32_t dst, uint16_t sport,
					uint16_t dport)
{
	return (struct ct_tuple){.family = FAMILY_IPV4, .proto = proto, .src = inet_v4(src),
				 .dst = inet_v4(dst), .sport = sport, .dport = dport};
}

/* Status bits (IPS_*). */
enum {
	CTS_EXPECTED = 1u << 0, /* created by a helper's expectation: RELATED until a reply */
	CTS_SEEN_REPLY = 1u << 1,
	CTS_ASSURED = 1u << 2,
	CTS_CONFIRMED = 1u << 3,
	CTS_SRC_NAT = 1u << 4,
	CTS_DST_NAT = 1u << 5,
	CTS_SRC_NAT_DONE = 1u << 7,
	CTS_DST_NAT_DONE = 1u << 8,
	CTS_DYING = 1u << 9, /* removed from the table (killed or discarded) */
};

/* TCP state machine (subset of tcp_conntrack). */
enum ct_tcp_state {
	CT_TCP_NONE,
	CT_TCP_SYN_SENT,
	CT_TCP_SYN_RECV,
	CT_TCP_ESTABLISHED,
	CT_TCP_FIN_WAIT,
	CT_TCP_CLOSE_WAIT,
	CT_TCP_LAST_ACK,
	CT_TCP_TIME_WAIT,
	CT_TCP_CLOSE,
	CT_TCP_SYN_SENT2, /* simultaneous open: a SYN from both ends */
};

/* What nf_conntrack_proto_tcp remembers besides the state (struct
 * ip_ct_tcp), for the transitions that depend on history.  Sequence
 * windows are not tracked: nfwalk never finds a segment out of window. */
struct ct_tcp_memory {
	uint32_t last_end;  /* seq + length of the last ignored segment */
	/* tcp_in_window's td_end per direction: where the data sent ends
	 * (CT_TCPF_TD_SET once a segment was seen that way) */
	uint32_t td_end[2];
	uint8_t last_index; /* flag class of the last accepted segment (SYN, ACK, RST...) */
	uint8_t flags;      /* CT_TCPF_* */
};
/* ct_tcp_memory's flags: bits, for the entry stays 168 bytes */
#define CT_TCPF_LAST_REPLY 0x01u	  /* the last accepted segment went the reply way */
#define CT_TCPF_CLOSE_INIT(d) (0x02u << (d)) /* a FIN started the close, that way */
#define CT_TCPF_SIMULTANEOUS 0x08u
#define CT_TCPF_TD_SET(d) (0x10u << (d))
/* IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED: data sent that way not acked yet */
#define CT_TCPF_UNACK(d) (0x40u << (d))

/* A conntrack helper's memory of a connection (struct nf_ct_ftp_master):
 * per direction, the sequence numbers just after the last two line ends,
 * for the ftp helper reads a command only at the start of a line. */
#define CT_HELPER_NAME_MAX 16
struct ct_help {
	char name[CT_HELPER_NAME_MAX]; /* "" when no helper is attached */
	uint32_t seq_aft_nl[2][2];
	uint8_t seq_aft_nl_num[2];
};

struct ct_expect;

/* nf_conn_acct: packets and bytes (the IP datagram) per direction. */
struct ct_acct {
	uint64_t pkts[2], bytes[2];
};

/* The parts few entries have, apart as the kernel's nf_ct_ext extensions
 * are, so that a million plain entries stay small: the master of an
 * expected connection, the helper's memory and the accounting counters. */
struct ct_ext {
	struct ct_entry *master; /* for RELATED: the connection whose helper expected this one */
	struct ct_help *help;    /* the helper attached (CT --helper) and its state */
	/* nf_conntrack_acct's counters by direction (CT_DIR_*): every packet
	 * conntrack accepted for the entry, its IP length; -m connbytes
	 * reads them.  The kernel counts only when accounting is on
	 * (net.netfilter.nf_conntrack_acct, which a connbytes rule turns on
	 * when it loads, before any packet of a scenario). */
	struct ct_acct *acct;
};

/* 168 bytes on x86-64, as before IPv6: the tuples grew by 48 bytes
 * (16-byte addresses), paid for by moving the rare parts to ct_ext, the
 * UDP stream time into the TCP memory's union (nf_conntrack_proto) and
 * narrowing status and tcp_state (test_conntrack checks the size). */
struct ct_entry {
	/* The hash chains next to the tuples they are compared by: a lookup
	 * passing an entry reads adjacent bytes, not the tuples at the start
	 * and the links further on. */
	/* hash chain links by tuple[dir] (confirmed): the next node of the
	 * one table both directions share (struct ct_index) */
	uintptr_t hnext[2];
	struct ct_tuple tuple[2]; /* [CT_DIR_ORIGINAL], [CT_DIR_REPLY] */
	unsigned id; /* 1, 2, ... in creation order: stable for traces */
	uint32_t mark; /* ctmark (CONNMARK) */
	unsigned pins;  /* walk results pointing at it (ct_pin): ct_reap keeps it */
	uint16_t status; /* CTS_* */
	uint8_t tcp_state; /* enum ct_tcp_state */
	/* nf_conntrack_proto: what the protocol remembers */
	union {
		struct ct_tcp_memory tcp;
		double udp_stream_ts; /* udp_packet's stream_ts: first packet + 2 s */
	};
	struct ct_entry *next, *prev; /* the list the entry is on */
	struct ct_entry *snext;       /* hash chain by original source (SNATed) */
	struct ct_ext *ext;           /* NULL: none of the rare parts */
	double expires; /* packet time it times out; 0: never */
};

static inline struct ct_entry *ct_master(const struct ct_entry *e)
{
	return e->ext ? e->ext->master : NULL;
}
static inline struct ct_help *ct_help(const struct ct_entry *e)
{
	return e->ext ? e->ext->help : NULL;
}
static inline struct ct_acct *ct_acct(const struct ct_entry *e)
{
	return e->ext ? e->ext->acct : NULL;
}
/* The entry's ct_ext, made on first use. */
struct ct_ext *ct_ext_get(struct ct_entry *e);
/* The entry's family (its tuples'). */
static inline int ct_family(const struct ct_entry *e)
{
	return e->tuple[CT_DIR_ORIGINAL].family;
}

/* Timeouts in seconds (the nf_conntrack_*_timeout sysctls, kernel
 * defaults from ct_timeouts_default). */
struct ct_timeouts {
	unsigned tcp[CT_TCP_SYN_SENT2 + 1]; /* by tcp state */
	unsigned tcp_unack; /* while data is unacknowledged (tcp_timeout_unacknowledged) */
	unsigned udp, udp_stream, icmp, icmpv6, generic;
};

/* Hash indexes over the confirmed entries, so a long capture does not
 * scan the whole table for every packet (nf_conntrack_hash and
 * nf_nat_bysource in the kernel). */
struct ct_index {
	/* Both directions' tuples in one table, as nf_conntrack_hash: a
	 * look-up reads one bucket, not one per direction.  A node is the
	 * entry's address with the direction in its low bit (ct_hnode). */
	uintptr_t *by_tuple;         /* [2 * size] */
	struct ct_entry **by_source; /* [size], SNATed entries */
	size_t size;                 /* a power of two */
	size_t count;
};

struct conntrack {
	struct ct_entry *head; /* confirmed entries, oldest first */
	struct ct_entry *tail;
	struct ct_index index;
	struct ct_entry *unconfirmed;
	/* Entries discarded or killed: out of the table, but packets and walk
	 * results may still point at them, so they live until conntrack_free. */
	struct ct_entry *dead;
	struct ct_entry *gc_next; /* where the sweep goes on (NULL: from the head) */
	size_t count;             /* entries in the table (confirmed or not) */
	unsigned next_id;
	struct ct_expect *expects; /* the helpers' expectations, oldest first (ct_expect.h) */
	unsigned next_exp_id;
	bool tcp_loose; /* nf_conntrack_tcp_loose (default 1) */
	/* nf_conntrack_acct: new entries get counters (ct_acct); -m connbytes
	 * turns it on for good, as xt_connbytes does */
	bool acct;
	struct ct_timeouts timeouts;
	struct ct_slab slab; /* where entries come from (ct_slab.h) */
};

void conntrack_init(struct conntrack *ct);
void conntrack_free(struct conntrack *ct);

/* The packet's tuple; false when the packet cannot be tracked (no L4). */
bool ct_tuple_of(const struct packet *p, struct ct_tuple *t);
/* Hints for a reader that knows the next packet while it walks this one
 * (a capture): the look-up of each misses the cache twice in a big
 * table, for its bucket and its entry.  ct_prefetch_bucket asks for the
 * bucket p's look-up reads and gives its hash (false: p has no tuple);
 * later, just before p's walk, ct_prefetch_entry asks for the first
 * entry there.  Nothing changes but what is in the cache. */
bool ct_prefetch_bucket(const struct conntrack *ct, const struct packet *p, size_t *hash);
void ct_prefetch_entry(const struct conntrack *ct, size_t hash);
void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *inv);
bool ct_tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b);
void ct_tuple_fmt(const struct ct_tuple *t, char *buf, size_t n);

/* Look the packet up (PREROUTING / OUTPUT): sets p->ct and p->ctinfo.
 * A NEW packet gets an unconfirmed entry; an ICMP error quoting a tracked
 * flow is RELATED to it (RELATED_REPLY when the quoted packet went the
 * original way); TCP rules as nf_conntrack_proto_tcp (an unsolicited
 * SYN-ACK is INVALID, a bare ACK is NEW under tcp_loose).  INVALID and
 * UNTRACKED packets get p->ct = NULL; a packet that already has an entry
 * (ct_attach, loopback) keeps it.  why (may be NULL) receives a sentence
 * saying how the state was found, e.g. "new connection: no entry for tcp
 * 10.0.1.2:40000 -> 10.0.2.2:80; entry 1 created (unconfirmed until the
 * packet leaves), tcp state SYN_SENT" or "reply direction of entry 1; tcp
 * SYN_SENT -> SYN_RECV". */
enum ct_info ct_in(struct conntrack *ct, struct packet *p, char *why, size_t n);
/* Confirm the packet's entry if it is unconfirmed (the INT_MAX hook);
 * returns true when this call confirmed it. */
bool ct_confirm(struct conntrack *ct, struct packet *p);
/* Throw away an unconfirmed entry whose packet died.  p->ct keeps
 * pointing at it (readable until conntrack_free). */
void ct_discard(struct conntrack *ct, struct packet *p);
/* nf_ct_attach, as REJECT does for the reset or ICMP error it sends: the
 * new packet joins orig's connection as RELATED in the opposite direction
 * (RELATED_REPLY when orig went the original way).  Verified: the REJECT
 * answer to a NEW SYN or UDP datagram shows in OUTPUT as --ctstate RELATED
 * --ctdir REPLY; the answer to an INVALID packet (no entry) is looked up
 * normally. */
void ct_attach(struct packet *nskb, const struct packet *orig);
/* The confirmed entry one of whose tuples is t (and which one), or NULL. */
struct ct_entry *ct_find(const struct conntrack *ct, const struct ct_tuple *t, enum ct_dir *dir);
/* Call fn for each confirmed, source-NATed entry whose original tuple has
 * t's family, protocol, source address and port, until fn returns true;
 * returns that entry or NULL (nf_nat_bysource). */
struct ct_entry *ct_find_by_source(const struct conntrack *ct, const struct ct_tuple *t,
				   bool (*fn)(const struct ct_entry *e, void *arg), void *arg);

/* Free the entries out of the table that no walk result pins.  The
 * engine calls it when a walk is over: no packet points at an entry any
 * more. */
void ct_reap(struct conntrack *ct);
/* A walk result keeps e (until conntrack_free). */
void ct_pin(struct ct_entry *e);
/* The kernel's default timeouts. */
struct ct_timeouts ct_timeouts_default(void);

/* Direction of the packet relative to its entry. */
enum ct_dir ct_packet_dir(const struct packet *p);
/* The conntrack state name for matches and traces, as --ctstate spells
 * it: "NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED" (both
 * directions share a name); "-" before conntrack looked at the packet. */
const char *ct_state_name(const struct packet *p);
const char *ct_tcp_state_name(enum ct_tcp_state s);
struct piece ct_tcp_state_piece(enum ct_tcp_state s); /* with its length */
/* One conntrack -L style line for an entry, without the timeout and with
 * nfwalk's id: "tcp 6 ESTABLISHED src=10.0.1.2 dst=10.0.2.2 sport=40000
 * dport=80 src=10.0.2.2 dst=10.0.1.2 sport=80 dport=40000 [ASSURED] mark=0
 * id=1" ([UNREPLIED] after the first tuple until a reply was seen). */
size_t ct_entry_fmt(const struct ct_entry *e, char *buf, size_t n); /* returns the length */

#endif
