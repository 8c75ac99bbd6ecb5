/* answer.h - the short answer to "what happens to this packet": for each
 * packet its fate, the rule that decided it, every rewrite and the output
 * interface, collected from the events (an event sink like the traces)
 * and printed as text, one line per packet (--summary), one JSON object,
 * or a Graphviz graph of the path (answer_dot.c). */
#ifndef NFWALK_ANSWER_H
#define NFWALK_ANSWER_H

#include <stdio.h>

#include "engine/walk/event.h"

/* A rule (or a chain's policy) that ended a built-in chain's walk. */
struct answer_rule {
	bool set;
	enum stage_id stage;
	enum nf_table table;
	char chain[32];
	int rule; /* 1-based in chain; 0 with policy */
	bool policy;
	enum verdict verdict;
	char *text; /* "-A CHAIN ..." as written; NULL for a policy */
	char target[32]; /* its extension target ("DNAT"), "" for none */
};

struct answer_rewrite {
	enum pkt_field field;
	char old_val[48], new_val[48];
	char by[96]; /* "nat PREROUTING #1 DNAT", or what did it ("conntrack de-NAT") */
};

/* One box the packet entered, and what was decided or changed there. */
struct answer_hop {
	enum stage_id stage;
	char *title;
	struct answer_rule decided; /* chain stages: the chain's end */
	size_t first_rw, nrw;       /* its rewrites in answer_pkt.rw */
};

struct answer_pkt {
	int pkt, sub;
	char *desc; /* the packet as it arrived ("tcp A:1 -> B:2 [S] len 40 arrives on eth0") */
	enum fate fate;
	char *fate_text;
	enum stage_id where; /* the box where its fate was decided */
	char oif[IFNAME_MAX];
	struct pkt_view final;
	struct answer_rule decided; /* the rule that decided the fate; unset: routing or the stack */
	struct answer_rewrite *rw;
	size_t nrw;
	struct answer_hop *hops;
	size_t nhops;
	/* while collecting */
	struct answer_rule last_target, last_accept, filter_accept, last_drop, last_stop;
	char *nft_rule; /* the last nftables rule that matched, as nft lists it */
};

struct answer {
	struct answer_pkt *v;
	size_t n;
};

/* The sink: ctx is a struct answer (zeroed before the first packet). */
void answer_sink(const struct event *ev, void *ctx);
void answer_free(struct answer *a);

/* Printers.  assumed: what was taken for granted about the host, one
 * item per line ("" or NULL: nothing). */
void answer_print_text(const struct answer *a, const char *assumed, FILE *f);
/* One line per packet. */
void answer_print_summary(const struct answer *a, const char *assumed, FILE *f);
/* One JSON object: {"assumed": [...], "packets": [...]}. */
void answer_print_json(const struct answer *a, const char *assumed, FILE *f);
/* A Graphviz digraph: one cluster per packet, its boxes in order, the
 * rules that decided and the rewrites beside them. */
void answer_print_dot(const struct answer *a, const char *title, FILE *f);

/* "filter INPUT #3" or "filter INPUT policy DROP" into buf. */
void answer_rule_where(const struct answer_rule *r, char *buf, size_t n);

#endif
