/* listing.c - the chains behind a box (see listing.h). */
#include "listing.h"

static size_t add_chain(const struct chain *c, struct listing_row *rows, size_t n, size_t max)
{
	if (n < max)
		rows[n++] = (struct listing_row){c, 0};
	for (size_t i = 0; i < c->nrules && n < max; i++)
		rows[n++] = (struct listing_row){c, (int)i + 1};
	return n;
}

size_t chain_listing(const struct ruleset *rs, enum stage_id st, struct listing_row *rows,
		     size_t max)
{
	const struct stage_info *si = stage_info(st);
	if (!rs || !si || si->kind != SK_CHAIN)
		return 0;
	const struct chain *builtin = ruleset_builtin(rs, si->table, si->hook);
	if (!builtin)
		return 0;
	size_t n = add_chain(builtin, rows, 0, max);
	const struct table *t = &rs->t[si->table];
	for (size_t i = 0; i < t->nchains; i++)
		if (!t->chains[i]->builtin)
			n = add_chain(t->chains[i], rows, n, max);
	return n;
}

int listing_rule_row(const struct listing_row *rows, size_t n, int nth_rule)
{
	int seen = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].rule > 0 && ++seen == nth_rule)
			return (int)i;
	return -1;
}

size_t listing_rule_count(const struct listing_row *rows, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].rule > 0)
			c++;
	return c;
}
