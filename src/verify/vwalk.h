/* vwalk.h - one packet's walk reduced to what both nfwalk and the kernel
 * can tell: the rules that matched and the chain ends (policy, return) in
 * order, how the walk ended, and the packet as it ended.  The nfwalk side
 * is made from recorded events (nwalk.c), the kernel side from the trace
 * and the wires (kwalk.c); compare.c holds one against the other. */
#ifndef NFWALK_VWALK_H
#define NFWALK_VWALK_H

#include <stdbool.h>

#include "engine/walk/event.h"

enum vstep_kind {
	VS_RULE,   /* a rule matched (its target ran) */
	VS_POLICY, /* a built-in chain ended: its policy decided */
	VS_RETURN, /* a user chain ended without a verdict */
};

struct vstep {
	enum vstep_kind kind;
	char table[16];
	char chain[200];
	int rule;         /* VS_RULE: 1-based position in the chain */
	char verdict[12]; /* ACCEPT DROP QUEUE CONTINUE JUMP GOTO RETURN */
	char target[128]; /* JUMP / GOTO: the chain */
	char *text;       /* the rule in iptables-save form, or NULL */
};

struct vwalk {
	bool present;
	char desc[200];       /* the packet as it appeared */
	struct pkt_view start; /* its header then (addresses, ports, flags) */
	struct vstep *steps;
	size_t nsteps;
	enum fate fate;
	enum stage_id fate_stage; /* nfwalk: where the fate was decided */
	char why[200];        /* how the fate was decided or found */
	struct pkt_view end;  /* the packet as it left or died */
	bool end_known;       /* header of end is known */
	bool ct_known;        /* end.ctinfo is known */
	bool class_known;     /* qos_class is known */
	char qos_class[16];   /* the egress qdisc's class ("1:10"), "" when none */
	uint32_t tcp_seq;     /* the sequence number it carried (kernel side) */
	char note[240];       /* what the harness did or saw besides */
};

void vwalk_add_step(struct vwalk *w, const struct vstep *st);
void vwalk_free(struct vwalk *w);
/* Set why (truncated to fit). */
void vwalk_set_why(struct vwalk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "filter INPUT #3 ACCEPT", "filter INPUT #1 JUMP TCP_IN",
 * "filter INPUT policy DROP", "filter TCP_IN return". */
void vstep_fmt(const struct vstep *st, char *buf, size_t n);
bool vstep_eq(const struct vstep *a, const struct vstep *b);

#endif
