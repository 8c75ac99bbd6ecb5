/* qos.h - traffic control as the diagram's QOS boxes see it: qdiscs,
 * classes, and the fw classifier (skb->mark & mask == handle) or a class
 * set directly by CLASSIFY (skb->priority). */
#ifndef NFWALK_QOS_H
#define NFWALK_QOS_H

#include "engine/track/packet.h"
#include "lib/util.h"

/* Handles as the kernel writes them (include/uapi/linux/pkt_sched.h). */
#define TC_H_ROOT 0xffffffffu
#define TC_H_INGRESS 0xfffffff1u     /* the parent an ingress qdisc hangs from */
#define TC_H_INGRESS_QDISC 0xffff0000u /* the ingress qdisc itself: "ffff:" */
#define TC_PRIO_BANDS_MAX 16

struct tc_qdisc {
	char dev[IFNAME_MAX];
	bool ingress;
	uint32_t handle; /* major << 16 */
	char *text;
	uint32_t parent;	/* TC_H_ROOT, TC_H_INGRESS, or the class it hangs under */
	char kind[16];		/* "htb", "prio", "ingress", "tbf", ... */
	uint32_t defcls;	/* htb/hfsc `default N` (a hex minor; 0: none) */
	int bands;		/* prio: classes MAJ:1 .. MAJ:bands */
	uint8_t priomap[TC_PRIO_BANDS_MAX]; /* prio: skb->priority & 15 -> band */
};

struct tc_class {
	char dev[IFNAME_MAX];
	uint32_t classid; /* major << 16 | minor */
	char *text;
	uint32_t parent; /* the qdisc (MAJ:0) or the parent class */
	char *spec;	 /* what follows the classid: "htb rate 1mbit" */
};

/* What an action tells the classifier (TC_ACT_OK, _SHOT, _UNSPEC, _RECLASSIFY). */
enum tc_act { TC_ACT_OK, TC_ACT_DROP, TC_ACT_CONTINUE, TC_ACT_RECLASSIFY };

/* The police action and its token bucket (tc_police.c). */
struct tc_police {
	double rate;  /* bytes per second */
	double burst; /* bytes: the bucket's size */
	enum tc_act conform, exceed;
	char *text;   /* "police rate 1mbit burst 10k drop" */
	double tokens, last; /* the bucket: bytes in it at time last */
	bool started;
};

/* A u32 key: the 32-bit word at off (from the IP header), masked. */
#define TC_U32_MAX_KEYS 8
struct tc_u32_key {
	uint32_t val, mask;
	int off;
	char what[64]; /* as written: "ip dst 10.0.0.0/24" */
};

enum tc_cls { TC_CLS_FW, TC_CLS_U32 };

struct tc_filter {
	char dev[IFNAME_MAX];
	bool ingress;
	uint32_t prio;
	uint32_t handle, mask; /* fw: mark & mask == handle (mask default 0xffffffff) */
	uint32_t classid;
	bool drop; /* `action drop` (shot); a policer is not a drop: one packet
		      is within any rate, see police */
	char *text;
	uint32_t parent;    /* the qdisc or class it is attached to ("1:", "ffff:") */
	bool has_classid;   /* classid/flowid given */
	bool cont;	    /* `action continue`: on to the next filter */
	struct tc_police *pol; /* `police ...`, NULL when none */
	enum tc_cls cls;
	struct tc_u32_key keys[TC_U32_MAX_KEYS]; /* u32: all must match */
	size_t nkeys;
	char *mirred; /* `action mirred ...` as written: shown as a note */
};

struct qos {
	struct tc_qdisc *qdiscs;
	size_t nqdiscs;
	struct tc_class *classes;
	size_t nclasses;
	struct tc_filter *filters;
	size_t nfilters;
};

void qos_init(struct qos *q);
void qos_free(struct qos *q);
/* `tc` arguments: "qdisc add dev D root handle 1: htb ...", "qdisc add dev
 * D ingress", "class add dev D parent 1: classid 1:1 htb rate 1mbit",
 * "filter add dev D parent 1: protocol ip [prio N] handle H[/M] fw classid 1:1"
 * and "filter add dev D parent ffff: ... fw action drop".  A leading "tc"
 * is allowed.  Qdisc kinds: htb, hfsc, drr, qfq, prio (classful) and the
 * usual classless ones (pfifo_fast, tbf, sfq, fq_codel, netem, ...).  Only
 * the fw classifier is modelled. */
int qos_add(struct qos *q, const char *text, struct nf_error *err);
bool qos_has_dev(const struct qos *q, const char *dev, bool ingress);

struct qos_result {
	bool has_qdisc;  /* something is configured on the device */
	uint32_t classid; /* the class chosen (htb's default class too); 0: none -
			     classless qdisc, sent direct, or ingress without one */
	bool drop;
	char why[512];
	size_t why_n; /* strlen(why) where known, else 0 */
};
/* No qdisc, no class, nothing said: set field by field, as zeroing why's
 * 512 bytes cost more than the look at a device without a qdisc. */
static inline void qos_result_none(struct qos_result *r)
{
	r->has_qdisc = r->drop = false;
	r->classid = 0;
	r->why[0] = '\0';
	r->why_n = 0;
}
/* Classify a packet on dev (ingress or egress).  Policers' buckets
 * (reached through the filters) are updated. */
void qos_classify(const struct qos *q, const struct packet *p, const char *dev, bool ingress,
		  struct qos_result *r);
/* "1:10", "1:" (a qdisc), "root"; numbers are hex as in tc. */
const char *tc_handle_fmt(uint32_t h, char *buf, size_t n);
/* "MAJ:MIN", "MAJ:", ":MIN" (hex, each at most ffff) or "root". */
bool tc_handle_parse(const char *s, uint32_t *out);

#endif
