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

#endif
