/* nft_eval.h - evaluating an nftables rule against a packet, as
 * nft_do_chain runs a rule's expressions: each match either passes or
 * ends the rule (NFT_BREAK), statements act in the order written, and a
 * verdict (accept, drop, jump, ...) ends the rule.  The evaluator reads
 * the host through the narrow struct nft_ctx, never the engine, as the
 * iptables extensions read struct xt_ctx. */
#ifndef NFWALK_NFT_EVAL_H
#define NFWALK_NFT_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/core/nf.h"
#include "engine/net/net.h"
#include "engine/nft/nft_ast.h"
#include "engine/track/conntrack.h"
#include "engine/track/packet.h"

/* One test or action of a rule, for the rule's event (its text is what
 * the event's struct event_result refers to). */
struct nft_test {
	bool ok;
	char text[128];
};
#define NFT_MAX_TESTS 24

/* State that outlives a packet, keyed by what owns it (a statement, an
 * expression, a named object): limit's bucket, quota's bytes, counters,
 * numgen's counter and generator (the tree itself is never changed). */
struct conncount;
struct nft_state {
	const void *key;
	double tokens, last;
	uint64_t pkts, bytes;
	uint32_t counter; /* numgen inc: the last value given */
	uint64_t rng;	  /* numgen random: the generator's state */
	struct conncount *conns; /* ct count: the rule's connections (made on first use) */
};
struct nft_dyn; /* the elements rules added to sets (nft_dynset.c) */
struct nft_states {
	struct nft_state *v;
	size_t n, cap;
	struct nft_dyn *dyn;
};

struct nft_ctx {
	struct packet *p;
	const struct netconf *net;
	struct conntrack *ct;
	struct nft_states *states;
	const struct nft_table *table;
	enum nf_hook hook;
	const char *in, *out; /* interfaces valid at this hook, NULL when none */
	bool quiet;	      /* nobody reads why */
	/* out: */
	char why[256];	      /* what the deciding statement did */
	char log[256];	      /* a log statement's kernel line, "" when none */
	struct packet *spawn; /* reject's answer */
	bool rejected;
};

/* QUEUE: the packet leaves for a user space queue (nft_queue's
 * NF_QUEUE); nfwalk has no reader, so the walk ends there. */
enum nft_verdict_kind { NFTV_CONTINUE, NFTV_ACCEPT, NFTV_DROP, NFTV_JUMP, NFTV_GOTO, NFTV_RETURN, NFTV_QUEUE };

struct nft_verdict {
	enum nft_verdict_kind kind;
	const char *chain; /* JUMP/GOTO: the chain's name (points into the tree) */
};

/* Run rule r.  Returns true when every match passed (the rule "matched");
 * *v is what it decided (CONTINUE when no verdict).  res/nres (res may be
 * NULL) get one entry per expression tested or statement run. */
bool nft_rule_eval(const struct nft_rule *r, struct nft_ctx *c, struct nft_test *res, int max,
		   int *nres, struct nft_verdict *v);

/* For the big-chain classifier (engine/walk/classify.c, nft_classify.c):
 * a key is what one selector gives, under a mask, for every packet a rule
 * matches; value is a 32-bit hash of the masked value, equal for equal
 * ones (a collision only makes a rule a candidate it is not). */
struct nft_rule_key {
	const struct nft_selector *sel;
	uint64_t mask; /* numbers and IPv4 addresses */
	int plen6;     /* IPv6 addresses: the prefix length; -1 otherwise */
	bool str;      /* an interface name */
	uint32_t value;
};
/* The most selective of r's leading matches (those before any other
 * statement) that compares a plain selector with one value or prefix;
 * false when r has none. */
bool nft_rule_key(const struct nft_rule *r, struct nft_rule_key *k);
/* The packet's value for k's selector and mask; false when it has none
 * to read (then no rule keyed by k can match it). */
bool nft_key_value(const struct nft_ctx *c, const struct nft_rule_key *k, uint32_t *value);
/* Can running r change what a key reads (a statement other than a match,
 * a verdict, counter, log, limit or quota)? */
bool nft_rule_writes(const struct nft_rule *r);

/* Can the walk evaluate everything in rs?  0, or -1 with err at the
 * file:line:column of the first thing it cannot, and why. */
int nft_check(const struct nft_ruleset *rs, struct nf_error *err);

/* Does rs make the kernel track packets of family fam (FAMILY_IPV4/6)?
 * A table's ct expressions and nat chains load conntrack for the
 * families it sees (nf_ct_netns_get of the table's: inet is both). */
bool nft_needs_ct(const struct nft_ruleset *rs, int fam);

/* Does rs read the accounting counters (ct bytes, packets, avgpkt)?
 * nft_ct_get_init turns nf_conntrack_acct on when such a rule loads. */
bool nft_needs_acct(const struct nft_ruleset *rs);

/* Does a table of family f see packets of family fam (FAMILY_IPV4/6)? */
bool nft_family_sees(enum nft_family f, int fam);

void nft_states_free(struct nft_states *st);

#endif
