/* tc.h - the traffic-control model's internals, shared by tc_parse.c
 * (building it from `tc` commands) and qos.c (classifying packets).
 * Not a contract for other modules: use qos.h. */
#ifndef NFWALK_TC_H
#define NFWALK_TC_H

#include "engine/net/qos.h"

/* What a classful qdisc does with a packet no filter classified. */
enum tc_unclassified {
	TC_CLASSLESS,		 /* no classes at all: nothing to decide */
	TC_DEFAULT_ELSE_DIRECT,	 /* htb: the default class, else sent direct */
	TC_DEFAULT_ELSE_DROP,	 /* hfsc: the default class, else dropped */
	TC_DROP,		 /* drr, qfq: dropped */
	TC_PRIOMAP,		 /* prio: skb->priority through the priomap */
	TC_INGRESS,		 /* the ingress qdisc: passes */
};

struct tc_kind {
	const char *name;
	bool user_classes; /* `tc class add` makes its classes */
	bool has_default;  /* takes `default MINOR` */
	enum tc_unclassified unclassified;
};

const struct tc_kind *tc_kind_by_name(const char *name);
/* The root (or ingress) qdisc of dev, or NULL. */
const struct tc_qdisc *tc_root(const struct qos *q, const char *dev, bool ingress);
const struct tc_qdisc *tc_qdisc_by_handle(const struct qos *q, const char *dev, uint32_t handle);
const struct tc_class *tc_class_by_id(const struct qos *q, const char *dev, uint32_t classid);
/* A class made with `tc class add`, or one of prio's bands. */
bool tc_class_exists(const struct qos *q, const char *dev, uint32_t classid);
/* A class no other class hangs from: where packets queue. */
bool tc_class_is_leaf(const struct qos *q, const struct tc_class *c);

/* u32 (tc_u32.c): parse one `match` selector from w[0] (after the word
 * "match"); returns the words used or -1.  Does the packet match every
 * key?  why gets the keys or the one that failed (may be NULL). */
int tc_u32_match_words(struct tc_filter *f, const char *const *w, const int *cols, size_t n,
		       int end_col, struct nf_error *err);
bool tc_u32_matches(const struct tc_filter *f, const struct packet *p, struct strbuf *why);

/* police (tc_police.c): w[0] is "police"; *used is the words it took. */
int tc_police_parse(const char *const *w, const int *cols, size_t n, int end_col, size_t *used,
		    struct tc_police **out, struct nf_error *err);
void tc_police_free(struct tc_police *pol);
/* Run the bucket at the packet's time; the action to take, said in why. */
enum tc_act tc_police_apply(struct tc_police *pol, const struct packet *p, struct strbuf *why);
const char *tc_act_name(enum tc_act a);

#endif
