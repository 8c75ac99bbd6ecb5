/* nft_dynset.c - sets that rules fill from the packet path, as
 * nft_dynset.c does: `add @s { KEY [timeout T] }` puts the key in when it
 * is not there, `update @s { KEY ... }` also restarts an element's
 * timeout, `delete @s { KEY }` takes it out.  An element may carry a
 * stateful statement of its own (`update @flood { ip saddr limit rate
 * over 10/second }`): it runs on the element the packet found or made,
 * and ends the rule when it does not pass.  Timeouts run on packet time
 * (`struct packet`'s t, a scenario's `at:`): an element has expired
 * once that time reaches its expiry (nft_set_elem_expired). */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

struct dyn_elem {
	const struct nft_set *set;
	struct nft_key k;
	double expires;	      /* packet time; < 0: never */
	struct nft_state st;  /* the element's limit or quota */
	uint64_t pkts, bytes; /* its counter */
};

struct nft_dyn {
	struct dyn_elem *v;
	size_t n, cap;
};

void nft_dyn_free(struct nft_dyn *d)
{
	if (!d)
		return;
	free(d->v);
	free(d);
}

/* An option of the element ("timeout 30s", "limit rate ..."), or NULL. */
static const struct nft_expr *elem_opt(const struct nft_expr *v, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 1; i < v->nsub; i++)
		if (!strncmp(v->sub[i]->text, word, n) && (!v->sub[i]->text[n] || v->sub[i]->text[n] == ' '))
			return v->sub[i];
	return NULL;
}

static bool has_flag(const struct nft_set *s, const char *flag)
{
	return s->flags && strstr(s->flags, flag);
}

static bool live(const struct dyn_elem *e, double now)
{
	return e->expires < 0 || now < e->expires;
}

static struct dyn_elem *find(struct nft_dyn *d, const struct nft_set *s, const struct nft_key *k, double now)
{
	for (size_t i = 0; d && i < d->n; i++)
		if (d->v[i].set == s && live(&d->v[i], now) && nft_key_eq(&d->v[i].k, k))
			return &d->v[i];
	return NULL;
}

bool nft_dyn_has(const struct nft_ctx *c, const struct nft_set *s, const struct nft_key *k)
{
	return s && find(c->states->dyn, s, k, c->p->t) != NULL;
}

static size_t count(const struct nft_dyn *d, const struct nft_set *s, double now)
{
	size_t n = s->elements ? s->elements->nsub : 0;
	for (size_t i = 0; d && i < d->n; i++)
		n += d->v[i].set == s && live(&d->v[i], now);
	return n;
}

/* A new element in a free (or expired) slot. */
static struct dyn_elem *insert(struct nft_dyn *d, const struct nft_set *s, const struct nft_key *k, double now)
{
	struct dyn_elem *e = NULL;
	for (size_t i = 0; i < d->n && !e; i++)
		if (!live(&d->v[i], now))
			e = &d->v[i];
	if (!e) {
		if (d->n == d->cap) {
			d->cap = d->cap ? 2 * d->cap : 16;
			d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
		}
		e = &d->v[d->n++];
	}
	*e = (struct dyn_elem){.set = s, .k = *k, .expires = -1, .st = {.tokens = -1}};
	return e;
}

/* The element's own statement: a limit, a counter, a quota. */
static int elem_stmt(struct nft_ctx *c, struct dyn_elem *e, const struct nft_expr *v, struct tests *t,
		     char *say, size_t n)
{
	const struct nft_expr *lim = elem_opt(v, "limit");
	if (elem_opt(v, "counter")) {
		e->pkts++;
		e->bytes += pkt_tot_len(c->p);
	}
	if (!lim)
		return 0;
	/* "limit rate [over ]N/unit [burst N unit]" */
	char rate[64], burst[48] = "";
	const char *r = strstr(lim->text, "rate ");
	snprintf(rate, sizeof(rate), "%s", r ? r + 5 : "");
	char *b = strstr(rate, " burst ");
	if (b) {
		snprintf(burst, sizeof(burst), "%s", b + 7);
		*b = '\0';
	}
	bool within;
	int pass = nft_limit_take(&e->st, rate, b ? burst : NULL, c->p, &within);
	if (pass < 0)
		return 0;
	snprintf(say, n, "; its limit rate %s: %s", rate, within ? "within the rate" : "over the rate");
	(void)t;
	return pass ? 0 : -1;
}

int nft_dynset(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *ref = s->nargs > 0 ? s->args[0].val : NULL;
	const struct nft_expr *v = s->nargs > 1 ? s->args[1].val : NULL;
	const struct nft_set *set = ref ? nft_find_set(c->table, ref->text) : NULL;
	struct nft_key k;
	char have[96];
	if (!set || !v || !v->nsub)
		return 0;
	if (!nft_read_key(c, v->sub[0], &k)) {
		nft_record(t, false, "%s @%s: nothing to read here", s->name, set->name);
		return -1;
	}
	nft_key_fmt(&k, have, sizeof(have));
	if (!c->states->dyn)
		c->states->dyn = xcalloc(1, sizeof(*c->states->dyn));
	struct nft_dyn *d = c->states->dyn;
	double now = c->p->t;
	struct dyn_elem *e = find(d, set, &k, now);
	if (!strcmp(s->name, "delete")) {
		if (e)
			e->expires = now; /* gone from now on */
		nft_record(t, true, "delete @%s: %s %s", set->name, have, e ? "taken out" : "was not in it");
		return 0;
	}
	double timeout = -1;
	const struct nft_expr *to = elem_opt(v, "timeout");
	if (!to || !nft_duration_parse(to->text + 8, &timeout)) {
		timeout = -1;
		if (has_flag(set, "timeout") || set->timeout)
			if (!set->timeout || !nft_duration_parse(set->timeout, &timeout))
				timeout = -1;
	}
	char what[160];
	if (e) {
		/* update restarts the timeout; add leaves the element as it is */
		bool refresh = !strcmp(s->name, "update") && e->expires >= 0 && timeout >= 0;
		if (refresh)
			e->expires = now + timeout;
		if (refresh)
			snprintf(what, sizeof(what), "%s is in it, its timeout starts again (%gs)", have, timeout);
		else
			snprintf(what, sizeof(what), "%s is in it already", have);
	} else {
		char *size_end;
		unsigned long size = set->size ? strtoul(set->size, &size_end, 0) : 0;
		if (size && count(d, set, now) >= size) {
			/* the set is full: the update fails and the rule breaks */
			nft_record(t, false, "%s @%s: %s: the set is full (size %lu)", s->name, set->name, have, size);
			return -1;
		}
		e = insert(d, set, &k, now);
		if (timeout >= 0)
			e->expires = now + timeout;
		if (timeout >= 0)
			snprintf(what, sizeof(what), "%s added, expires in %gs", have, timeout);
		else
			snprintf(what, sizeof(what), "%s added", have);
	}
	char say[200] = "";
	int rc = elem_stmt(c, e, v, t, say, sizeof(say));
	nft_record(t, rc == 0, "%s @%s: %s%s", s->name, set->name, what, say);
	return rc;
}

bool nft_dynset_can(const struct nft_table *t, const struct nft_stmt *s, const char **why)
{
	const struct nft_expr *ref = s->nargs > 0 ? s->args[0].val : NULL;
	const struct nft_expr *v = s->nargs > 1 ? s->args[1].val : NULL;
	if (!ref || !nft_find_set(t, ref->text)) {
		*why = "no such set in this table";
		return false;
	}
	if (!v || !v->nsub) {
		*why = "this set statement has no key";
		return false;
	}
	if (nft_find_set(t, ref->text)->is_map) {
		*why = "adding to a map from the packet path is not evaluated by nfwalk yet";
		return false;
	}
	if (elem_opt(v, "quota")) {
		*why = "a quota in a set element is not evaluated by nfwalk yet";
		return false;
	}
	return true;
}
