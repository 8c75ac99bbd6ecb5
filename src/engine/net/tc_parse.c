/* tc_parse.c - `tc qdisc|class|filter add ...` into the qos model, with
 * the checks tc and the kernel make (one root qdisc per device, classes
 * under an existing parent, the fw classifier's handle/mask). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cmdwords.h"
#include "engine/net/tc.h"

struct tc_cursor {
	const struct cmdwords *cw;
	size_t i;
	struct nf_error *err;
};

static bool at_end(const struct tc_cursor *c)
{
	return c->i >= c->cw->n;
}

static const char *word(const struct tc_cursor *c)
{
	return at_end(c) ? "" : c->cw->w[c->i];
}

static int col(const struct tc_cursor *c)
{
	return at_end(c) ? c->cw->end_col : c->cw->col[c->i];
}

/* Consume "KEY VALUE": returns VALUE (and its column) or NULL after
 * setting the error. */
static const char *value_of(struct tc_cursor *c, int *vcol)
{
	const char *key = word(c);
	c->i++;
	if (at_end(c)) {
		nf_err(c->err, c->cw->end_col, "\"%s\" needs a value", key);
		return NULL;
	}
	*vcol = col(c);
	return c->cw->w[c->i++];
}

static int handle_value(struct tc_cursor *c, uint32_t *out, int *vcol)
{
	const char *v = value_of(c, vcol);
	if (!v)
		return -1;
	if (!tc_handle_parse(v, out))
		return nf_err(c->err, *vcol, "\"%s\" is not a tc handle (like 1: or 1:10, hex)", v);
	return 0;
}

static int dev_value(struct tc_cursor *c, char dev[IFNAME_MAX])
{
	int vcol;
	const char *v = value_of(c, &vcol);
	if (!v)
		return -1;
	if (strlen(v) >= IFNAME_MAX)
		return nf_err(c->err, vcol, "interface name \"%s\" is longer than %d characters", v,
			      IFNAME_MAX - 1);
	str_copy(dev, IFNAME_MAX, v);
	return 0;
}

struct number_spec {
	uint64_t min, max;
	bool hex; /* tc reads htb's `default` in hex */
};

static int number_value(struct tc_cursor *c, struct number_spec spec, uint64_t *out)
{
	int vcol;
	const char *v = value_of(c, &vcol);
	if (!v)
		return -1;
	char *end;
	unsigned long long n = strtoull(v, &end, spec.hex ? 16 : 0);
	if (!*v || *end || *v == '-' || *v == '+')
		return nf_err(c->err, vcol, "\"%s\" is not a number%s", v,
			      spec.hex ? " (hex, as tc reads it)" : "");
	if (n < spec.min || n > spec.max)
		return nf_err(c->err, vcol, "\"%s\" is out of range (%llu..%llu)", v,
			      (unsigned long long)spec.min, (unsigned long long)spec.max);
	*out = n;
	return 0;
}

/* The words from..to of the command, one space apart. */
static char *join(const struct cmdwords *cw, size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = from; i < to; i++)
		sb_addf(&sb, "%s%s", i > from ? " " : "", cw->w[i]);
	char *s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

/* ---- qdisc ---- */

/* The default priomap of prio and pfifo_fast (TC_PRIO_* -> band). */
static const uint8_t default_priomap[TC_PRIO_BANDS_MAX] = {1, 2, 2, 2, 1, 2, 0, 0,
							   1, 1, 1, 1, 1, 1, 1, 1};

static int priomap_value(struct tc_cursor *c, struct tc_qdisc *d)
{
	c->i++;
	for (int k = 0; k < TC_PRIO_BANDS_MAX; k++, c->i++) {
		uint64_t band;
		if (at_end(c) || !parse_uint(word(c), TC_PRIO_BANDS_MAX - 1, &band))
			return nf_err(c->err, col(c), "priomap needs %d bands (0..%d)",
				      TC_PRIO_BANDS_MAX, TC_PRIO_BANDS_MAX - 1);
		d->priomap[k] = (uint8_t)band;
	}
	return 0;
}

/* htb options that do not change classification; each takes a value. */
static bool htb_ignored_option(const char *w)
{
	return strcmp(w, "r2q") == 0 || strcmp(w, "direct_qlen") == 0;
}

/* The options that decide classification (default, bands, priomap);
 * the rest (rates, limits) only matter to classless kinds and are kept
 * in the text. */
static int qdisc_options(struct tc_cursor *c, struct tc_qdisc *d, const struct tc_kind *k)
{
	uint64_t v;
	int vcol;
	bool is_prio = strcmp(d->kind, "prio") == 0;
	while (!at_end(c)) {
		const char *w = word(c);
		if (k->has_default && strcmp(w, "default") == 0) {
			if (number_value(c, (struct number_spec){0, 0xffff, true}, &v) != 0)
				return -1;
			d->defcls = (uint32_t)v;
		} else if (is_prio && strcmp(w, "bands") == 0) {
			struct number_spec bands = {2, TC_PRIO_BANDS_MAX, false};
			if (number_value(c, bands, &v) != 0)
				return -1;
			d->bands = (int)v;
		} else if (is_prio && strcmp(w, "priomap") == 0) {
			if (priomap_value(c, d) != 0)
				return -1;
		} else if (strcmp(d->kind, "htb") == 0 && htb_ignored_option(w)) {
			if (!value_of(c, &vcol))
				return -1;
		} else if (k->unclassified == TC_CLASSLESS) {
			c->i++;
		} else {
			return nf_err(c->err, col(c), "%s takes no option \"%s\"", d->kind, w);
		}
	}
	/* prio_tune (sch_prio.c) refuses a priomap naming a band that does not
	 * exist; read from the source, the test kernel had no sch_prio. */
	for (int i = 0; i < TC_PRIO_BANDS_MAX && is_prio; i++)
		if (d->priomap[i] >= d->bands)
			return nf_err(c->err, c->cw->end_col,
				      "priomap names band %u but prio has %d bands (0..%d)",
				      d->priomap[i], d->bands, d->bands - 1);
	return 0;
}

/* Where each word was, for errors found after parsing. */
struct qdisc_args {
	struct tc_qdisc d;
	int parent_col, handle_col, kind_col;
};

static int qdisc_words(struct tc_cursor *c, struct qdisc_args *a)
{
	struct tc_qdisc *d = &a->d;
	while (!at_end(c)) {
		const char *w = word(c);
		if (strcmp(w, "dev") == 0) {
			if (dev_value(c, d->dev) != 0)
				return -1;
		} else if (strcmp(w, "root") == 0) {
			d->parent = TC_H_ROOT;
			a->parent_col = col(c);
			c->i++;
		} else if (strcmp(w, "parent") == 0) {
			if (handle_value(c, &d->parent, &a->parent_col) != 0)
				return -1;
		} else if (strcmp(w, "handle") == 0) {
			if (handle_value(c, &d->handle, &a->handle_col) != 0)
				return -1;
		} else {
			const struct tc_kind *k = tc_kind_by_name(w);
			if (!k)
				return nf_err(c->err, col(c), "unknown qdisc \"%s\"", w);
			str_copy(d->kind, sizeof(d->kind), w);
			a->kind_col = col(c);
			c->i++;
			return qdisc_options(c, d, k);
		}
	}
	return nf_err(c->err, c->cw->end_col, "missing the qdisc kind (like htb or ingress)");
}

/* The kernel numbers qdiscs added without a handle from 8001: on. */
static uint32_t auto_handle(const struct qos *q, const char *dev)
{
	uint32_t h = 0x80010000u;
	while (tc_qdisc_by_handle(q, dev, h))
		h += 0x10000u;
	return h;
}

static int place_qdisc(const struct qos *q, struct qdisc_args *a, struct tc_cursor *c)
{
	struct tc_qdisc *d = &a->d;
	char h[16];
	if (strcmp(d->kind, "ingress") == 0) {
		d->ingress = true;
		d->parent = TC_H_INGRESS;
		a->parent_col = a->kind_col;
		if (!d->handle)
			d->handle = TC_H_INGRESS_QDISC;
	} else if (!d->parent) {
		return nf_err(c->err, c->cw->end_col, "say where the qdisc goes: root or parent H");
	}
	if (!d->dev[0])
		return nf_err(c->err, c->cw->end_col, "missing \"dev IF\"");
	if ((d->handle & 0xffff) != 0)
		return nf_err(c->err, a->handle_col, "a qdisc handle has no minor: %s",
			      tc_handle_fmt(d->handle, h, sizeof(h)));
	/* What 6.18 answered to a second one of each. */
	if (d->parent == TC_H_ROOT && tc_root(q, d->dev, false))
		return nf_err(c->err, a->parent_col,
			      "%s already has a root qdisc (tc: \"NLM_F_REPLACE needed to "
			      "override\")",
			      d->dev);
	if (d->ingress && tc_root(q, d->dev, true))
		return nf_err(c->err, a->parent_col,
			      "%s already has an ingress qdisc (tc: \"Exclusivity flag on, cannot "
			      "modify\")",
			      d->dev);
	if (d->parent != TC_H_ROOT && !d->ingress && !tc_class_exists(q, d->dev, d->parent))
		return nf_err(c->err, a->parent_col,
			      "parent %s is not a class on %s (tc: \"Specified class not found\")",
			      tc_handle_fmt(d->parent, h, sizeof(h)), d->dev);
	if (!d->handle)
		d->handle = auto_handle(q, d->dev);
	if (tc_qdisc_by_handle(q, d->dev, d->handle))
		return nf_err(c->err, a->handle_col, "%s already has a qdisc %s", d->dev,
			      tc_handle_fmt(d->handle, h, sizeof(h)));
	return 0;
}

static int add_qdisc(struct qos *q, struct tc_cursor *c, size_t text_from)
{
	struct qdisc_args a = {
		.d = {.bands = 3}, .parent_col = -1, .handle_col = -1, .kind_col = -1};
	memcpy(a.d.priomap, default_priomap, sizeof(a.d.priomap));
	if (qdisc_words(c, &a) != 0 || place_qdisc(q, &a, c) != 0)
		return -1;
	a.d.text = join(c->cw, text_from, c->cw->n);
	q->qdiscs = xrealloc(q->qdiscs, (q->nqdiscs + 1) * sizeof(*q->qdiscs));
	q->qdiscs[q->nqdiscs++] = a.d;
	return 0;
}

/* ---- class ---- */

struct class_args {
	struct tc_class k;
	int parent_col, classid_col, kind_col;
	size_t spec_from; /* the word that names the kind */
};

static int class_words(struct tc_cursor *c, struct class_args *a)
{
	while (!at_end(c)) {
		const char *w = word(c);
		if (strcmp(w, "dev") == 0) {
			if (dev_value(c, a->k.dev) != 0)
				return -1;
		} else if (strcmp(w, "parent") == 0) {
			if (handle_value(c, &a->k.parent, &a->parent_col) != 0)
				return -1;
		} else if (strcmp(w, "classid") == 0) {
			if (handle_value(c, &a->k.classid, &a->classid_col) != 0)
				return -1;
		} else {
			a->spec_from = c->i;
			a->kind_col = col(c);
			return 0;
		}
	}
	return nf_err(c->err, c->cw->end_col, "missing the class kind (like htb rate 1mbit)");
}

static int check_class(const struct qos *q, struct class_args *a, const char *kind,
		       struct tc_cursor *c)
{
	struct tc_class *k = &a->k;
	char h[16], id[16];
	if (!k->dev[0])
		return nf_err(c->err, a->kind_col, "missing \"dev IF\"");
	if (!k->parent)
		return nf_err(c->err, a->kind_col, "missing \"parent H\"");
	if (!k->classid || !(k->classid & 0xffff))
		return nf_err(c->err, a->classid_col >= 0 ? a->classid_col : a->kind_col,
			      "a class needs \"classid MAJ:MIN\" with a minor");
	tc_handle_fmt(k->classid, id, sizeof(id));
	const struct tc_qdisc *d = tc_qdisc_by_handle(q, k->dev, k->classid & 0xffff0000u);
	if (!d)
		return nf_err(c->err, a->classid_col, "no qdisc %s on %s for class %s",
			      tc_handle_fmt(k->classid & 0xffff0000u, h, sizeof(h)), k->dev, id);
	if (!tc_kind_by_name(d->kind)->user_classes)
		return nf_err(c->err, a->classid_col,
			      "%s %s makes its own classes; tc class add does not apply", d->kind,
			      tc_handle_fmt(d->handle, h, sizeof(h)));
	if (strcmp(kind, d->kind) != 0)
		return nf_err(c->err, a->kind_col, "class kind \"%s\" under %s qdisc %s", kind,
			      d->kind, tc_handle_fmt(d->handle, h, sizeof(h)));
	/* htb_change_class makes a class whose parent it cannot find a
	 * class at the root (6.18 took `parent 1:5 classid 1:6` with no 1:5);
	 * hfsc refuses it; drr and qfq are flat anyway. */
	if (k->parent != d->handle && !tc_class_by_id(q, k->dev, k->parent)) {
		if (strcmp(d->kind, "hfsc") == 0)
			return nf_err(c->err, a->parent_col, "parent %s is not a class on %s",
				      tc_handle_fmt(k->parent, h, sizeof(h)), k->dev);
		k->parent = d->handle;
	}
	if (tc_class_by_id(q, k->dev, k->classid))
		return nf_err(c->err, a->classid_col,
			      "class %s already exists on %s (tc: \"File exists\")", id, k->dev);
	return 0;
}

static int add_class(struct qos *q, struct tc_cursor *c, size_t text_from)
{
	struct class_args a = {.parent_col = -1, .classid_col = -1, .kind_col = -1};
	if (class_words(c, &a) != 0 || check_class(q, &a, c->cw->w[a.spec_from], c) != 0)
		return -1;
	a.k.spec = join(c->cw, a.spec_from, c->cw->n);
	a.k.text = join(c->cw, text_from, c->cw->n);
	q->classes = xrealloc(q->classes, (q->nclasses + 1) * sizeof(*q->classes));
	q->classes[q->nclasses++] = a.k;
	return 0;
}

/* ---- filter ---- */

/* "H" or "H/MASK", numbers as tc's fw reads them (decimal or 0x hex). */
static int fw_handle(struct tc_cursor *c, struct tc_filter *f)
{
	int vcol;
	const char *v = value_of(c, &vcol);
	if (!v)
		return -1;
	char h[24];
	const char *slash = strchr(v, '/');
	size_t hlen = slash ? (size_t)(slash - v) : strlen(v);
	uint64_t handle, mask = 0xffffffffu;
	if (hlen >= sizeof(h))
		return nf_err(c->err, vcol, "fw handle \"%s\" is not a number", v);
	memcpy(h, v, hlen);
	h[hlen] = '\0';
	if (!parse_uint(h, 0xffffffffu, &handle))
		return nf_err(c->err, vcol, "fw handle \"%s\" is not a number", h);
	if (slash && !parse_uint(slash + 1, 0xffffffffu, &mask))
		return nf_err(c->err, vcol + (int)hlen + 1, "fw mask \"%s\" is not a number",
			      slash + 1);
	f->handle = (uint32_t)handle;
	f->mask = (uint32_t)mask;
	return 0;
}

static const struct {
	const char *word;
	bool drop, cont;
} gact[] = {
	{"drop", true, false}, {"shot", true, false},	   {"pass", false, false},
	{"ok", false, false},  {"continue", false, true},
};

static bool fw_keyword(const char *w);

/* `police ...` at the cursor: its words run to the filter's next word. */
static int police_words(struct tc_cursor *c, struct tc_filter *f)
{
	size_t used = 0;
	tc_police_free(f->pol);
	f->pol = NULL;
	if (tc_police_parse((const char *const *)&c->cw->w[c->i], &c->cw->col[c->i],
			    c->cw->n - c->i, c->cw->end_col, &used, &f->pol, c->err))
		return -1;
	c->i += used;
	return 0;
}

/* `action mirred egress mirror|redirect dev IF`: kept as written, shown
 * as a note (the copy or the redirected packet is not walked). */
static int mirred_words(struct tc_cursor *c, struct tc_filter *f)
{
	size_t from = c->i++;
	while (!at_end(c) && !fw_keyword(word(c)) && strcmp(word(c), "match") != 0)
		c->i++;
	free(f->mirred);
	f->mirred = join(c->cw, from, c->i);
	return 0;
}

static int action_value(struct tc_cursor *c, struct tc_filter *f)
{
	if (c->i + 1 < c->cw->n && strcmp(c->cw->w[c->i + 1], "police") == 0) {
		c->i++;
		return police_words(c, f);
	}
	if (c->i + 1 < c->cw->n && strcmp(c->cw->w[c->i + 1], "mirred") == 0) {
		c->i++;
		return mirred_words(c, f);
	}
	int vcol;
	const char *v = value_of(c, &vcol);
	if (!v)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(gact); i++)
		if (strcmp(gact[i].word, v) == 0) {
			f->drop = gact[i].drop;
			f->cont = gact[i].cont;
			return 0;
		}
	return nf_err(c->err, vcol,
		      "action \"%s\" is not modelled (drop, pass, ok, continue, police, mirred)", v);
}

static bool fw_keyword(const char *w)
{
	return strcmp(w, "classid") == 0 || strcmp(w, "flowid") == 0 ||
	       strcmp(w, "action") == 0 || strcmp(w, "police") == 0;
}

/* What every classifier takes after its own words: classid/flowid,
 * action, police (its words run to the next of these, as in LARTC's
 * "police rate 1mbit burst 10k drop flowid :1").  1: not one of them. */
static int common_option(struct tc_cursor *c, struct tc_filter *f)
{
	const char *w = word(c);
	if (strcmp(w, "classid") == 0 || strcmp(w, "flowid") == 0) {
		int vcol;
		if (handle_value(c, &f->classid, &vcol) != 0)
			return -1;
		f->has_classid = true;
		return 0;
	}
	if (strcmp(w, "action") == 0)
		return action_value(c, f);
	if (strcmp(w, "police") == 0)
		return police_words(c, f);
	return 1;
}

static int fw_options(struct tc_cursor *c, struct tc_filter *f)
{
	while (!at_end(c)) {
		int rc = common_option(c, f);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return nf_err(c->err, col(c),
				      "fw takes classid, flowid, action or police, not \"%s\"", word(c));
	}
	return 0;
}

/* After `u32`: match selectors, classid/flowid, action, police. */
static int u32_options(struct tc_cursor *c, struct tc_filter *f)
{
	f->cls = TC_CLS_U32;
	while (!at_end(c)) {
		const char *w = word(c);
		if (strcmp(w, "match") == 0) {
			c->i++;
			int used = tc_u32_match_words(f, (const char *const *)&c->cw->w[c->i],
						      &c->cw->col[c->i], c->cw->n - c->i,
						      c->cw->end_col, c->err);
			if (used < 0)
				return -1;
			c->i += (size_t)used;
			continue;
		}
		int rc = common_option(c, f);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		if (strcmp(w, "ht") == 0 || strcmp(w, "link") == 0 || strcmp(w, "hashkey") == 0 ||
		    strcmp(w, "divisor") == 0 || strcmp(w, "offset") == 0 || strcmp(w, "sample") == 0)
			return nf_err(c->err, col(c), "u32 \"%s\" (hash tables, links) is not modelled",
				      w);
		return nf_err(c->err, col(c),
			      "u32 takes match, classid, flowid, action or police, not \"%s\"", w);
	}
	return 0;
}

static int protocol_value(struct tc_cursor *c)
{
	int vcol;
	const char *v = value_of(c, &vcol);
	if (!v)
		return -1;
	if (strcmp(v, "ip") != 0 && strcmp(v, "all") != 0)
		return nf_err(c->err, vcol, "protocol \"%s\": only ip (or all) is modelled", v);
	return 0;
}

struct filter_args {
	struct tc_filter f;
	bool has_handle;
	int parent_col;
};

static int filter_words(struct tc_cursor *c, struct filter_args *a)
{
	struct tc_filter *f = &a->f;
	uint64_t v;
	while (!at_end(c)) {
		const char *w = word(c);
		if (strcmp(w, "dev") == 0) {
			if (dev_value(c, f->dev) != 0)
				return -1;
		} else if (strcmp(w, "parent") == 0) {
			if (handle_value(c, &f->parent, &a->parent_col) != 0)
				return -1;
		} else if (strcmp(w, "protocol") == 0) {
			if (protocol_value(c) != 0)
				return -1;
		} else if (strcmp(w, "prio") == 0 || strcmp(w, "pref") == 0 ||
			   strcmp(w, "priority") == 0) {
			if (number_value(c, (struct number_spec){1, 0xffff, false}, &v) != 0)
				return -1;
			f->prio = (uint32_t)v;
		} else if (strcmp(w, "handle") == 0) {
			/* u32's own handles ("800::800") name hash table slots */
			if (c->i + 1 < c->cw->n && strchr(c->cw->w[c->i + 1], ':')) {
				c->i += 2;
				continue;
			}
			if (fw_handle(c, f) != 0)
				return -1;
			a->has_handle = true;
		} else if (strcmp(w, "fw") == 0) {
			c->i++;
			return fw_options(c, f);
		} else if (strcmp(w, "u32") == 0) {
			c->i++;
			return u32_options(c, f);
		} else {
			return nf_err(c->err, col(c),
				      "\"%s\": only the fw and u32 classifiers are modelled", w);
		}
	}
	return nf_err(c->err, c->cw->end_col, "missing the classifier (fw or u32)");
}

/* tc's automatic priority, as Linux 6.18 gave it: one less than the
 * lowest priority at or above 0x8000 already on the same parent, else
 * 49152 (seen: 49152, 49151, then `prio 3`, then 49150). */
static uint32_t auto_prio(const struct qos *q, const struct tc_filter *f)
{
	uint32_t lowest = 0;
	for (size_t i = 0; i < q->nfilters; i++) {
		const struct tc_filter *o = &q->filters[i];
		if (strcmp(o->dev, f->dev) == 0 && o->parent == f->parent && o->prio >= 0x8000 &&
		    (!lowest || o->prio < lowest))
			lowest = o->prio;
	}
	return lowest ? lowest - 1 : 0xc000;
}

static int check_filter(const struct qos *q, struct filter_args *a, struct tc_cursor *c)
{
	struct tc_filter *f = &a->f;
	char h[16];
	if (!f->dev[0])
		return nf_err(c->err, c->cw->end_col, "missing \"dev IF\"");
	if (!f->parent)
		return nf_err(c->err, c->cw->end_col,
			      "missing \"parent H\" (the qdisc, like 1: or ffff:)");
	if (!a->has_handle && f->cls == TC_CLS_FW)
		return nf_err(c->err, c->cw->end_col, "a fw filter needs \"handle MARK[/MASK]\"");
	if (f->cls == TC_CLS_U32 && !f->nkeys)
		return nf_err(c->err, c->cw->end_col,
			      "a u32 filter needs a selector (match ip ... or match u32 ...)");
	const struct tc_qdisc *d = tc_qdisc_by_handle(q, f->dev, f->parent & 0xffff0000u);
	if (!d || ((f->parent & 0xffff) && !tc_class_exists(q, f->dev, f->parent)))
		return nf_err(c->err, a->parent_col, "parent %s is not a qdisc or class on %s",
			      tc_handle_fmt(f->parent, h, sizeof(h)), f->dev);
	if (tc_kind_by_name(d->kind)->unclassified == TC_CLASSLESS)
		return nf_err(c->err, a->parent_col, "%s %s is classless: filters do not apply",
			      d->kind, tc_handle_fmt(d->handle, h, sizeof(h)));
	f->ingress = d->ingress;
	if (f->has_classid && !(f->classid & 0xffff0000u)) /* ":1" is under the parent's major */
		f->classid |= d->handle;
	if (!f->prio)
		f->prio = auto_prio(q, f);
	return 0;
}

/* Kept sorted by priority; equal priorities in the order added. */
static void insert_filter(struct qos *q, const struct tc_filter *f)
{
	size_t at = 0;
	while (at < q->nfilters && q->filters[at].prio <= f->prio)
		at++;
	q->filters = xrealloc(q->filters, (q->nfilters + 1) * sizeof(*q->filters));
	memmove(&q->filters[at + 1], &q->filters[at], (q->nfilters - at) * sizeof(*q->filters));
	q->filters[at] = *f;
	q->nfilters++;
}

static int add_filter(struct qos *q, struct tc_cursor *c, size_t text_from)
{
	struct filter_args a = {.f = {.mask = 0xffffffffu}, .parent_col = -1};
	if (filter_words(c, &a) != 0 || check_filter(q, &a, c) != 0) {
		tc_police_free(a.f.pol);
		free(a.f.mirred);
		return -1;
	}
	a.f.text = join(c->cw, text_from, c->cw->n);
	insert_filter(q, &a.f);
	return 0;
}

/* ---- the command ---- */

typedef int add_fn(struct qos *q, struct tc_cursor *c, size_t text_from);

static const struct {
	const char *object;
	add_fn *add;
} tc_objects[] = {
	{"qdisc", add_qdisc},
	{"class", add_class},
	{"filter", add_filter},
};

static int dispatch(struct qos *q, struct tc_cursor *c)
{
	if (!at_end(c) && strcmp(word(c), "tc") == 0)
		c->i++;
	size_t from = c->i;
	for (size_t k = 0; k < ARRAY_SIZE(tc_objects); k++) {
		if (strcmp(word(c), tc_objects[k].object) != 0)
			continue;
		c->i++;
		if (strcmp(word(c), "add") != 0)
			return nf_err(c->err, col(c), "only \"tc %s add\" is modelled",
				      tc_objects[k].object);
		c->i++;
		return tc_objects[k].add(q, c, from);
	}
	return nf_err(c->err, col(c), "\"%s\" is not qdisc, class or filter", word(c));
}

int qos_add(struct qos *q, const char *text, struct nf_error *err)
{
	struct cmdwords cw;
	int at = 0;
	if (cmdwords_split(&cw, text, &at) != 0)
		return nf_err(err, at, "too many words (at most %d)", CMDWORDS_MAX);
	struct tc_cursor c = {&cw, 0, err};
	int rc = dispatch(q, &c);
	cmdwords_free(&cw);
	return rc;
}
