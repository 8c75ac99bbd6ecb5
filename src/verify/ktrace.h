/* ktrace.h - the kernel's own account of a packet's walk: nf_tables trace
 * events (what `nft monitor trace` prints), read straight from the
 * NFNLGRP_NFTRACE netlink group of the router namespace.  iptables-nft
 * rules are nf_tables rules, so every matched rule, policy and return of
 * the iptables tables shows up here with its table, chain and handle. */
#ifndef NFWALK_KTRACE_H
#define NFWALK_KTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nsexec.h"

/* enum nft_trace_types */
enum ktrace_type { KT_UNSPEC = 0, KT_POLICY = 1, KT_RETURN = 2, KT_RULE = 3 };

/* Bit values of NFTA_TRACE_CT_STATE (NF_CT_STATE_BIT and friends). */
enum {
	KCT_INVALID = 1u << 0,
	KCT_ESTABLISHED = 1u << 1,
	KCT_RELATED = 1u << 2,
	KCT_NEW = 1u << 3,
	KCT_UNTRACKED = 1u << 6,
};

#define KTRACE_NAME_MAX 64
#define KTRACE_HDR_MAX 64

struct ktrace_ev {
	unsigned seq;       /* arrival order, from 0 */
	double when;        /* seconds on the monotonic clock */
	uint32_t id;        /* same for every event of one skb */
	enum ktrace_type type;
	char table[KTRACE_NAME_MAX], chain[KTRACE_NAME_MAX];
	bool has_handle;
	uint64_t handle;
	bool has_verdict;
	int32_t verdict;    /* NF_ACCEPT, NF_DROP, NFT_CONTINUE, NFT_JUMP, ... */
	char jump[KTRACE_NAME_MAX]; /* target chain of a jump or goto */
	bool has_policy;
	uint32_t policy;
	uint32_t iif, oif;  /* ifindex, 0 when absent */
	uint32_t mark;
	uint32_t nfproto;   /* the packet's (the hook's) protocol family */
	uint8_t table_family; /* the table's, nfgenmsg's: NFPROTO_INET for an inet table */
	/* Headers, dumped once per base chain (as the kernel does). */
	uint8_t net[KTRACE_HDR_MAX], l4[KTRACE_HDR_MAX];
	size_t net_len, l4_len;
	bool has_ct;        /* kernel 6.5+: conntrack view of the packet */
	uint32_t ct_state;  /* KCT_* bit */
	bool has_ct_dir;
	uint8_t ct_dir;     /* 0 original, 1 reply */
	uint32_t ct_id, ct_status;
};

struct ktrace {
	int fd;
	struct ktrace_ev *v;
	size_t n, cap;
	bool overrun; /* the socket lost messages (ENOBUFS) */
};

/* Subscribe in ns.  -1 with err set when the kernel refuses. */
int ktrace_open(struct ktrace *t, const struct netns *ns, struct nf_error *err);
void ktrace_close(struct ktrace *t);
/* Read what is queued, waiting up to wait_ms for the first message.
 * Returns how many events were added. */
size_t ktrace_poll(struct ktrace *t, int wait_ms);
/* Decode one netlink message (exposed for the unit test).  false when it
 * is not a trace event. */
bool ktrace_decode(const uint8_t *msg, size_t len, struct ktrace_ev *ev);

/* "ACCEPT", "DROP", "CONTINUE", "JUMP", "GOTO", "RETURN", "QUEUE", ... */
const char *ktrace_verdict_name(int32_t code);
/* One event the way `nft monitor trace` words it, for the raw dump:
 * "9080dd5f filter INPUT rule handle 7 verdict DROP mark 0x0 ct NEW". */
void ktrace_format(const struct ktrace_ev *ev, char *buf, size_t n);
/* Monotonic seconds, the clock of ktrace_ev.when. */
double ktrace_now(void);

#endif
