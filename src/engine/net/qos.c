/* qos.c - traffic control as the diagram's QOS boxes see it: which class
 * a packet joins on egress, and whether an ingress filter drops it.
 *
 * Egress follows htb_classify (checked on Linux 6.18 with an htb root
 * 1: default 30, classes 1:1, 1:10, 1:30 and a catch-all filter to 1:10,
 * counting with `tc -s class show` what SO_PRIORITY sockets sent):
 * skb->priority naming an existing class (1:1) wins over every filter;
 * one naming no class (1:99) goes through the filters (-> 1:10); with no
 * filter the default class takes it (-> 1:30); priority 1:0, the qdisc
 * itself, is sent direct (direct_packets_stat).  The fw classifier picks
 * a filter when skb->mark & mask == handle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/net/tc.h"

static const struct tc_kind kinds[] = {
	{"htb", true, true, TC_DEFAULT_ELSE_DIRECT},
	{"hfsc", true, true, TC_DEFAULT_ELSE_DROP},
	{"drr", true, false, TC_DROP},
	{"qfq", true, false, TC_DROP},
	{"prio", false, false, TC_PRIOMAP},
	{"ingress", false, false, TC_INGRESS},
	{"pfifo_fast", false, false, TC_CLASSLESS},
	{"pfifo", false, false, TC_CLASSLESS},
	{"bfifo", false, false, TC_CLASSLESS},
	{"pfifo_head_drop", false, false, TC_CLASSLESS},
	{"tbf", false, false, TC_CLASSLESS},
	{"sfq", false, false, TC_CLASSLESS},
	{"fq_codel", false, false, TC_CLASSLESS},
	{"fq", false, false, TC_CLASSLESS},
	{"codel", false, false, TC_CLASSLESS},
	{"red", false, false, TC_CLASSLESS},
	{"netem", false, false, TC_CLASSLESS},
	{"cake", false, false, TC_CLASSLESS},
	{"sfb", false, false, TC_CLASSLESS},
	{"choke", false, false, TC_CLASSLESS},
	{"pie", false, false, TC_CLASSLESS},
	{"fq_pie", false, false, TC_CLASSLESS},
	{"noqueue", false, false, TC_CLASSLESS},
};

const struct tc_kind *tc_kind_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

void qos_init(struct qos *q)
{
	memset(q, 0, sizeof(*q));
}

void qos_free(struct qos *q)
{
	for (size_t i = 0; i < q->nqdiscs; i++)
		free(q->qdiscs[i].text);
	for (size_t i = 0; i < q->nclasses; i++) {
		free(q->classes[i].text);
		free(q->classes[i].spec);
	}
	for (size_t i = 0; i < q->nfilters; i++) {
		free(q->filters[i].text);
		tc_police_free(q->filters[i].pol);
		free(q->filters[i].mirred);
	}
	free(q->qdiscs);
	free(q->classes);
	free(q->filters);
	memset(q, 0, sizeof(*q));
}

/* ---- handles ---- */

const char *tc_handle_fmt(uint32_t h, char *buf, size_t n)
{
	if (h == TC_H_ROOT)
		snprintf(buf, n, "root");
	else if (!(h & 0xffff))
		snprintf(buf, n, "%x:", h >> 16);
	else if (!(h >> 16))
		snprintf(buf, n, ":%x", h & 0xffff);
	else
		snprintf(buf, n, "%x:%x", h >> 16, h & 0xffff);
	return buf;
}

/* One hex part of a handle, at most ffff; "" is 0. */
static bool hex16(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	if (len > 4)
		return false;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		int d = ch >= '0' && ch <= '9'	 ? ch - '0'
			: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
						 : -1;
		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

bool tc_handle_parse(const char *s, uint32_t *out)
{
	if (strcmp(s, "root") == 0) {
		*out = TC_H_ROOT;
		return true;
	}
	const char *colon = strchr(s, ':');
	uint32_t maj, min;
	if (!colon || (colon == s && !colon[1]))
		return false;
	if (!hex16(s, (size_t)(colon - s), &maj) || !hex16(colon + 1, strlen(colon + 1), &min))
		return false;
	*out = maj << 16 | min;
	return true;
}

/* ---- look-ups ---- */

const struct tc_qdisc *tc_root(const struct qos *q, const char *dev, bool ingress)
{
	uint32_t parent = ingress ? TC_H_INGRESS : TC_H_ROOT;
	for (size_t i = 0; i < q->nqdiscs; i++)
		if (q->qdiscs[i].parent == parent && strcmp(q->qdiscs[i].dev, dev) == 0)
			return &q->qdiscs[i];
	return NULL;
}

const struct tc_qdisc *tc_qdisc_by_handle(const struct qos *q, const char *dev, uint32_t handle)
{
	for (size_t i = 0; i < q->nqdiscs; i++)
		if (q->qdiscs[i].handle == handle && strcmp(q->qdiscs[i].dev, dev) == 0)
			return &q->qdiscs[i];
	return NULL;
}

const struct tc_class *tc_class_by_id(const struct qos *q, const char *dev, uint32_t classid)
{
	for (size_t i = 0; i < q->nclasses; i++)
		if (q->classes[i].classid == classid && strcmp(q->classes[i].dev, dev) == 0)
			return &q->classes[i];
	return NULL;
}

bool tc_class_exists(const struct qos *q, const char *dev, uint32_t classid)
{
	if (tc_class_by_id(q, dev, classid))
		return true;
	const struct tc_qdisc *d = tc_qdisc_by_handle(q, dev, classid & 0xffff0000u);
	uint32_t band = classid & 0xffff;
	return d && strcmp(d->kind, "prio") == 0 && band >= 1 && band <= (uint32_t)d->bands;
}

bool tc_class_is_leaf(const struct qos *q, const struct tc_class *c)
{
	for (size_t i = 0; i < q->nclasses; i++)
		if (q->classes[i].parent == c->classid && strcmp(q->classes[i].dev, c->dev) == 0)
			return false;
	return true;
}

bool qos_has_dev(const struct qos *q, const char *dev, bool ingress)
{
	return tc_root(q, dev, ingress) != NULL;
}
