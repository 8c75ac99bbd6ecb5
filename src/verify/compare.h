/* compare.h - nfwalk's walk beside the kernel's, step by step, with every
 * difference flagged by a `!` in the first column and counted. */
#ifndef NFWALK_COMPARE_H
#define NFWALK_COMPARE_H

#include <stdio.h>

#include "engine/xt/rule.h"
#include "kload.h"
#include "vwalk.h"

/* One scenario packet in both worlds. */
struct vpacket {
	int pkt;               /* 1-based */
	const char *label;     /* the scenario's short form, or "reply: N" */
	struct vwalk *n;       /* nfwalk's walks, [sub] */
	size_t nn;
	struct vwalk *k;       /* the kernel's: [0] the injected packet, then answers */
	size_t nk;
	char how[200];         /* how the harness sent it */
	char note[240];        /* what the harness noticed */
	/* conntrack: the entry of the packet's connection on both sides */
	bool ct_compared;
	char ct_nfwalk[320], ct_kernel[320];
	char ct_diff[200];     /* "" when they agree */
};

/* Print the packet's comparison; returns the number of differences. */
int compare_packet(FILE *out, const struct vpacket *vp);
/* The rules as nfwalk holds them (rule_format) against iptables-nft -S
 * (ip6tables-nft -S for the IPv6 ruleset, rs->family): prints each
 * mismatch, returns their number. */
int compare_rules(FILE *out, const struct ruleset *rs, const struct kruleset *k);

/* Source NAT that had to move the port (the original was taken): Linux
 * starts its search for a free port at a random offset
 * (nf_nat_l4proto_unique_tuple), so any moved port is as right as the
 * kernel's.  a0/a1 and b0/b1: each side's packet before and after. */
bool compare_random_snat_port(const struct pkt_view *a0, const struct pkt_view *a1,
			      const struct pkt_view *b0, const struct pkt_view *b1);

/* The pairing compare_packet uses: match[i] = index in k of nfwalk sub i,
 * or -1 (exposed for the unit test). */
void compare_pair_subs(const struct vwalk *n, size_t nn, const struct vwalk *k, size_t nk,
		       int *match);

#endif
