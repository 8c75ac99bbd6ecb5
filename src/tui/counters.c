/* counters.c - per-box and per-rule counts from the recording. */
#include "counters.h"

#include <stdlib.h>
#include <string.h>

static struct rule_count *find_rule(const struct counters *c, enum nf_table t,
				    const char *chain, int rule)
{
	for (size_t i = 0; i < c->nrules; i++) {
		struct rule_count *rc = &c->rules[i];
		if (rc->table == t && rc->rule == rule && strcmp(rc->chain, chain) == 0)
			return rc;
	}
	return NULL;
}

static void count_rule(struct counters *c, enum nf_table t, const char *chain, int rule,
		       unsigned pkts)
{
	if (!chain)
		return;
	struct rule_count *rc = find_rule(c, t, chain, rule);
	if (!rc) {
		if (c->nrules == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 32;
			c->rules = xrealloc(c->rules, c->cap * sizeof(*c->rules));
		}
		rc = &c->rules[c->nrules++];
		*rc = (struct rule_count){.table = t, .rule = rule};
		str_copy(rc->chain, sizeof(rc->chain), chain);
	}
	rc->pkts += pkts;
}

void counters_compute(struct counters *c, const struct recording *rec, size_t upto)
{
	memset(c->box, 0, sizeof(c->box));
	c->nrules = 0;
	bool counted[ST_COUNT] = {0};
	const struct event *prev = NULL;
	for (size_t i = 0; i < rec->n && i <= upto; i++) {
		const struct event *ev = &rec->v[i].ev;
		if (!prev || prev->pkt != ev->pkt || prev->sub != ev->sub)
			memset(counted, 0, sizeof(counted));
		prev = ev;
		bool enters = ev->kind == EV_ENTER || ev->kind == EV_PACKET;
		if (enters && (int)ev->stage >= 0 && ev->stage < ST_COUNT && !counted[ev->stage]) {
			counted[ev->stage] = true;
			c->box[ev->stage]++;
		}
		if (ev->kind == EV_RULE && ev->matched)
			count_rule(c, ev->table, ev->chain, ev->rule, 1);
		if (ev->kind == EV_VERDICT && ev->policy)
			count_rule(c, ev->table, ev->chain, 0, 1);
	}
}

void counters_add(struct counters *c, const struct counters *b)
{
	for (int s = 0; s < ST_COUNT; s++)
		c->box[s] += b->box[s];
	for (size_t i = 0; i < b->nrules; i++)
		count_rule(c, b->rules[i].table, b->rules[i].chain, b->rules[i].rule, b->rules[i].pkts);
}

unsigned counters_rule(const struct counters *c, enum nf_table t, const char *chain, int rule)
{
	const struct rule_count *rc = find_rule(c, t, chain, rule);
	return rc ? rc->pkts : 0;
}

void counters_free(struct counters *c)
{
	free(c->rules);
	*c = (struct counters){0};
}
