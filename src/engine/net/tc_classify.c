/* tc_classify.c - which class a packet joins on a device's egress qdisc
 * (htb_classify, hfsc/drr/qfq alike, prio_classify), and what the ingress
 * qdisc's filters do with an arriving packet.  The facts behind the order
 * are in qos.c's header comment. */
#include <stdio.h>
#include <string.h>

#include "engine/net/tc.h"
#include "lib/fmt.h"

/* Inner classes a filter may lead through before a leaf: a bound on
 * what a looping configuration can cost. */
#define TC_MAX_DEPTH 8

struct classify {
	const struct qos *q;
	const struct packet *p;
	const char *dev;
	const struct tc_qdisc *qdisc;
	struct qos_result *r;
	struct strbuf why;
	const struct tc_filter *described; /* the filter first_match already told */
};

/* TC_ACT_RECLASSIFY restarts the filters from the first (cls_api.c,
 * tcf_classify: "goto reset"), at most this often, then the packet is
 * dropped (the reclassify loop limit, 4 in the kernels of the LARTC era;
 * tc-police(8) words it as "continue with the next filter").  An action
 * that says continue (TC_ACT_UNSPEC) makes cls_fw and cls_u32 go on to
 * their next filter. */
#define TC_MAX_RECLASSIFY 4

static void finish(struct classify *c)
{
	str_copy(c->r->why, sizeof(c->r->why), sb_str(&c->why));
	sb_free(&c->why);
}

static void fw_desc(struct classify *c, const struct tc_filter *f)
{
	if (c->described == f)
		return; /* first_match told it, with its policer */
	if (f->cls == TC_CLS_U32) {
		sb_addf(&c->why, "u32 filter (prio %u) matched ", f->prio);
		tc_u32_matches(f, c->p, &c->why);
		return;
	}
	if (f->mask == 0xffffffffu)
		sb_addf(&c->why, "fw filter handle 0x%x matched mark 0x%x", f->handle, c->p->mark);
	else
		sb_addf(&c->why, "fw filter handle 0x%x/0x%x matched mark 0x%x", f->handle, f->mask,
			c->p->mark);
}

static void class_desc(struct classify *c, uint32_t classid)
{
	char h[16];
	const struct tc_class *k = tc_class_by_id(c->q, c->dev, classid);
	sb_addf(&c->why, "class %s", tc_handle_fmt(classid, h, sizeof(h)));
	if (k)
		sb_addf(&c->why, " (%s)", k->spec);
}

static bool filter_hit(const struct classify *c, const struct tc_filter *f)
{
	if (f->cls == TC_CLS_U32)
		return tc_u32_matches(f, c->p, NULL);
	return (c->p->mark & f->mask) == f->handle;
}

/* "fw filter" when only fw filters hang from parent (the words of the
 * traces before u32), else "filter". */
static const char *filters_word(const struct classify *c, uint32_t parent)
{
	for (size_t i = 0; i < c->q->nfilters; i++) {
		const struct tc_filter *f = &c->q->filters[i];
		if (f->parent == parent && f->cls != TC_CLS_FW && strcmp(f->dev, c->dev) == 0)
			return "filter";
	}
	return "fw filter";
}

/* A matching filter's policer (tc_police.c): what it says to do. */
static enum tc_act police(struct classify *c, const struct tc_filter *f)
{
	fw_desc(c, f);
	c->described = f;
	sb_adds(&c->why, " -> ");
	return tc_police_apply(f->pol, c->p, &c->why);
}

/* The first filter on parent that takes the packet; `action continue`
 * filters that match are noted and passed, and so are policers that say
 * continue; reclassify starts again; a policer's drop is returned with
 * r->drop set. */
static const struct tc_filter *first_match(struct classify *c, uint32_t parent)
{
	int loops = 0;
	c->described = NULL;
	for (size_t i = 0; i < c->q->nfilters; i++) {
		const struct tc_filter *f = &c->q->filters[i];
		if (f->parent != parent || strcmp(f->dev, c->dev) != 0 || !filter_hit(c, f))
			continue;
		if (f->pol) {
			enum tc_act a = police(c, f);
			if (a == TC_ACT_DROP) {
				sb_adds(&c->why, ": the packet is dropped");
				c->r->drop = true;
				return f;
			}
			if (a == TC_ACT_CONTINUE) {
				sb_adds(&c->why, "; ");
				c->described = NULL;
				continue;
			}
			if (a == TC_ACT_RECLASSIFY) {
				c->described = NULL;
				if (++loops > TC_MAX_RECLASSIFY) {
					/* the loop's story is long; its end is what matters */
					sb_reset(&c->why);
					sb_addf(&c->why,
						"%s said reclassify %d times: the filters keep sending "
						"it back, the packet is dropped (reclassify loop)",
						f->pol->text, loops);
					c->r->drop = true;
					return f;
				}
				sb_adds(&c->why, ": the filters start again; ");
				i = (size_t)-1;
				continue;
			}
		}
		if (f->mirred) {
			fw_desc(c, f);
			c->described = f;
			sb_addf(&c->why, " -> %s (a note: the copy is not walked)", f->mirred);
		}
		if (!f->cont)
			return f;
		fw_desc(c, f);
		c->described = NULL;
		sb_adds(&c->why, " -> action continue; ");
	}
	return NULL;
}

static void take_class(struct classify *c, uint32_t classid)
{
	c->r->classid = classid;
	class_desc(c, classid);
}

static void dropped(struct classify *c, const struct tc_filter *f)
{
	fw_desc(c, f);
	sb_adds(&c->why, " -> action drop: the packet is dropped");
	c->r->drop = true;
}

/* ---- classful qdiscs with their own classes (htb, hfsc, drr, qfq) ---- */

/* What the qdisc does with a packet no filter classified. */
static void unclassified(struct classify *c)
{
	const struct tc_qdisc *d = c->qdisc;
	enum tc_unclassified how = tc_kind_by_name(d->kind)->unclassified;
	uint32_t def = d->defcls ? (d->handle | d->defcls) : 0;
	const struct tc_class *k = def ? tc_class_by_id(c->q, c->dev, def) : NULL;
	if (k && tc_class_is_leaf(c->q, k)) {
		sb_addf(&c->why, "%s default ", d->kind);
		take_class(c, def);
	} else if (how == TC_DEFAULT_ELSE_DIRECT) {
		sb_addf(&c->why, "%s has no default class: sent direct, unclassified", d->kind);
	} else {
		sb_addf(&c->why, "%s has no class for it: the packet is dropped", d->kind);
		c->r->drop = true;
	}
}

/* Follow filters from `level` (the qdisc or an inner class) down to a
 * leaf; false when nothing classified the packet. */
static bool by_filters(struct classify *c, uint32_t level)
{
	char h[16];
	for (int depth = 0; depth < TC_MAX_DEPTH; depth++) {
		const struct tc_filter *f = first_match(c, level);
		if (!f) {
			sb_addf(&c->why, "no %s (on qdisc %s) matched mark 0x%x -> ",
				filters_word(c, level), tc_handle_fmt(level, h, sizeof(h)), c->p->mark);
			return false;
		}
		if (c->r->drop)
			return true; /* its policer dropped it */
		if (f->drop) {
			dropped(c, f);
			return true;
		}
		fw_desc(c, f);
		const struct tc_class *k =
			f->has_classid ? tc_class_by_id(c->q, c->dev, f->classid) : NULL;
		if (f->has_classid && f->classid == c->qdisc->handle &&
		    tc_kind_by_name(c->qdisc->kind)->unclassified == TC_DEFAULT_ELSE_DIRECT) {
			sb_addf(&c->why, " -> %s itself: sent direct",
				tc_handle_fmt(f->classid, h, sizeof(h)));
			return true;
		}
		if (!k) {
			sb_addf(&c->why, " but names %s%s, which does not exist -> ",
				f->has_classid ? "class " : "no class",
				f->has_classid ? tc_handle_fmt(f->classid, h, sizeof(h)) : "");
			return false;
		}
		if (tc_class_is_leaf(c->q, k)) {
			sb_adds(&c->why, " -> ");
			take_class(c, k->classid);
			return true;
		}
		sb_addf(&c->why, " -> inner class %s, whose filters decide: ",
			tc_handle_fmt(k->classid, h, sizeof(h)));
		level = k->classid;
	}
	sb_adds(&c->why, "too many inner classes -> ");
	return false;
}

/* skb->priority (CLASSIFY, SO_PRIORITY) under this qdisc's major is
 * looked at before any filter. */
static void classful(struct classify *c)
{
	const struct tc_qdisc *d = c->qdisc;
	uint32_t prio = c->p->priority;
	uint32_t level = d->handle;
	char h[16];
	if (prio && (prio & 0xffff0000u) == d->handle) {
		tc_handle_fmt(prio, h, sizeof(h));
		const struct tc_class *k = tc_class_by_id(c->q, c->dev, prio);
		bool htb_like = tc_kind_by_name(d->kind)->unclassified == TC_DEFAULT_ELSE_DIRECT;
		if (prio == d->handle && htb_like) {
			sb_addf(&c->why, "skb->priority %s names the qdisc itself: sent direct", h);
			return;
		}
		if (k && tc_class_is_leaf(c->q, k)) {
			sb_addf(&c->why,
				"skb->priority %s (CLASSIFY) names a class, no filter asked: ", h);
			take_class(c, prio);
			return;
		}
		if (k)
			level = prio;
		sb_addf(&c->why, "skb->priority %s names %s; ", h,
			k ? "an inner class" : "no class");
	}
	if (!by_filters(c, level))
		unclassified(c);
}

/* ---- prio: bands ---- */

/* prio_classify: priority under this major picks the band directly,
 * else a filter's classid does, else the priomap of priority & 15.  A
 * band out of range falls to priomap[0]. */
static void prio(struct classify *c)
{
	const struct tc_qdisc *d = c->qdisc;
	uint32_t prio = c->p->priority, band;
	char h[16];
	if ((prio & 0xffff0000u) == d->handle) {
		band = (prio & 0xffff) - 1; /* minor 0 wraps: out of range below */
		sb_addf(&c->why, "skb->priority %s picks the band -> ",
			tc_handle_fmt(prio, h, sizeof(h)));
	} else {
		const struct tc_filter *f = first_match(c, d->handle);
		if (c->r->drop)
			return; /* a policer dropped it */
		if (f && f->drop) {
			dropped(c, f);
			return;
		}
		if (f) {
			fw_desc(c, f);
			sb_adds(&c->why, " -> ");
			band = (f->classid & 0xffff) - 1;
		} else {
			band = d->priomap[prio & (TC_PRIO_BANDS_MAX - 1)];
			sb_addf(&c->why, "no %s matched mark 0x%x; priomap[%u] is band %u -> ",
				filters_word(c, d->handle), c->p->mark, prio & (TC_PRIO_BANDS_MAX - 1),
				band);
		}
	}
	if (band >= (uint32_t)d->bands)
		band = d->priomap[0];
	c->r->classid = d->handle | (band + 1);
	sb_addf(&c->why, "prio band %u, class %s", band,
		tc_handle_fmt(c->r->classid, h, sizeof(h)));
}

/* ---- ingress ---- */

static void ingress(struct classify *c)
{
	char h[16];
	const struct tc_filter *f = first_match(c, c->qdisc->handle);
	if (!f) {
		sb_addf(&c->why, "no ingress %s matched mark 0x%x: the packet passes",
			filters_word(c, c->qdisc->handle), c->p->mark);
		return;
	}
	if (c->r->drop)
		return; /* its policer dropped it */
	if (f->drop) {
		dropped(c, f);
		return;
	}
	bool policed = c->described == f && f->pol;
	fw_desc(c, f);
	if (policed && f->has_classid)
		sb_addf(&c->why, "; classid %s (ingress has no queues): the packet passes",
			tc_handle_fmt(f->classid, h, sizeof(h)));
	else if (policed)
		sb_adds(&c->why, ": the packet passes");
	else if (f->has_classid)
		sb_addf(&c->why, " -> classid %s (ingress has no queues): the packet passes",
			tc_handle_fmt(f->classid, h, sizeof(h)));
	else
		sb_adds(&c->why, ": the packet passes");
	if (f->has_classid)
		c->r->classid = f->classid;
}

void qos_classify(const struct qos *q, const struct packet *p, const char *dev, bool is_ingress,
		  struct qos_result *r)
{
	qos_result_none(r);
	struct classify c = {q, p, dev, tc_root(q, dev, is_ingress), r, STRBUF_INIT, NULL};
	char h[16];
	if (!c.qdisc) {
		/* by pieces, not a format (a third of the cost), each literal
		 * on its own branch so that its length is the compiler's: a
		 * trace says this at every device a packet meets */
		struct fmt_cursor o = fmt_cursor(r->why, sizeof(r->why));
		if (is_ingress)
			fmt_puts(&o, "no ingress qdisc on ");
		else
			fmt_puts(&o, "no tc qdisc on ");
		fmt_putn(&o, dev, ifname_len(dev));
		if (is_ingress)
			fmt_puts(&o, ": the packet passes");
		else
			fmt_puts(&o, ": the default qdisc just queues it");
		r->why_n = fmt_close(&o, r->why);
		return;
	}
	r->has_qdisc = true;
	switch (tc_kind_by_name(c.qdisc->kind)->unclassified) {
	case TC_CLASSLESS:
		sb_addf(&c.why, "root qdisc %s %s is classless: one queue for every packet",
			tc_handle_fmt(c.qdisc->handle, h, sizeof(h)), c.qdisc->kind);
		break;
	case TC_INGRESS:
		ingress(&c);
		break;
	case TC_PRIOMAP:
		prio(&c);
		break;
	default:
		classful(&c);
		break;
	}
	finish(&c);
}
