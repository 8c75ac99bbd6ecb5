/* classify.h - a classifier for big chains: which rules of a chain can
 * match this packet at all, so summary runs evaluate only those.
 *
 * Each rule gives the classifier one key: the most selective test it
 * makes of every packet it matches, taken from its ipt_ip part (-s/-d with
 * their prefix, -i/-o without a wildcard, -p) or from its first match
 * (match_type.key: a single port of -m tcp/udp, -m mark's value/mask).
 * ip6tables chains have theirs too: an IPv6 prefix is keyed by a 32-bit
 * hash of the masked address (its mask kept whole beside the probe), so
 * two prefixes of one hash only make an extra candidate.  So do nftables
 * chains: an nft rule's key is its most selective leading match of a plain
 * selector against one value or prefix (nft_rule_key), read of the packet
 * by the evaluator's own readers (nft_key_value); after a rule with a
 * statement that can change the packet (a mark set, NAT), matched or not,
 * the candidates are worked out again.
 * Rules are filed under their key in one hash table, per (field, mask)
 * pair the chain uses; rules with no key (inverted tests only, unknown
 * matches, no tests) are on the `always` list.  For a packet the
 * classifier probes each (field, mask) pair with the packet's value and
 * gets a few sorted lists of rule indexes; the next candidate at or after
 * rule i is the smallest index at or after i over those lists.
 *
 * Why keys and hashing rather than per-field bit vectors: the chains that
 * are long in practice are long lists of addresses, ports and interfaces
 * (blocklists, per-host rules), so one key per rule skips nearly all of
 * them with a handful of hash probes; bit vectors cost rules x intervals
 * bits per field (25 MB a field at 10,000 rules) and their intersection
 * is linear in the chain anyway.  A key is only a necessary condition:
 * a candidate is evaluated in full by rule_match, so the classifier can
 * only skip rules that could not match, never change what matches.
 * First-match order, jumps, gotos, RETURN and counters stay chain_run's;
 * after a target runs the candidates are recomputed (a mark written mid
 * chain is seen).  Match side effects (limit, recent) are safe: a rule is
 * skipped only when its ipt_ip part or its first match fails, which ends
 * the rule before any later match runs, in the kernel too. */
#ifndef NFWALK_CLASSIFY_H
#define NFWALK_CLASSIFY_H

#include "engine/nft/nft_eval.h"
#include "engine/xt/rule.h"

/* Chains shorter than this are walked rule by rule. */
#define CLS_MIN_RULES 8
#define CLS_MAX_PROBES 80

struct cls_chain;
struct classifier;

/* The classifier of chain c (built on first use), or NULL when c is short. */
const struct cls_chain *cls_get(struct classifier **cls, struct chain *c);
/* The same for an nftables chain (keys from nft_rule_key). */
const struct cls_chain *cls_get_nft(struct classifier **cls, const struct nft_chain *c);
void cls_free(struct classifier *cls);

/* Where one walk of one chain is among its candidates. */
struct cls_cursor {
	const struct cls_chain *cc;
	const uint32_t *list[CLS_MAX_PROBES + 1];
	size_t len[CLS_MAX_PROBES + 1], pos[CLS_MAX_PROBES + 1];
	int n;
};

/* Probe cc with the packet and its interfaces at this hook. */
void cls_cursor_init(struct cls_cursor *cur, const struct cls_chain *cc, const struct packet *p,
		     const char *in, const char *out);
/* The same for an nft chain: the probes read what nft_key_value reads
 * in the rule's context. */
void cls_cursor_init_nft(struct cls_cursor *cur, const struct cls_chain *cc,
			 const struct nft_ctx *ctx);
/* The first candidate rule index >= from, or the chain's length. */
size_t cls_cursor_next(struct cls_cursor *cur, size_t from);

#endif
