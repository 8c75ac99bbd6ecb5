/* save_print.c - a ruleset printed as iptables-save prints it.
 *
 * Order, as iptables-nft-save v1.8.9 printed it in a namespace holding all
 * five tables: mangle, security, raw, filter, nat (its table enum order;
 * iptables-legacy-save follows /proc/net/ip_tables_names, which depends on
 * the order the modules were loaded, so nft's order is the stable one).
 * Within a table: the built-in chains in hook order, then the user chains
 * sorted by name (both tools sort them), each as ":NAME POLICY [0:0]" with
 * "-" for a user chain; then every rule, chain by chain in that order. */
#include <stdlib.h>
#include <string.h>

#include "ruleset/save.h"

static const enum nf_table save_order[] = {TABLE_MANGLE, TABLE_SECURITY, TABLE_RAW,
					   TABLE_FILTER, TABLE_NAT};

static int cmp_chain_name(const void *a, const void *b)
{
	const struct chain *ca = *(const struct chain *const *)a;
	const struct chain *cb = *(const struct chain *const *)b;
	return strcmp(ca->name, cb->name);
}

/* The chains in printing order: built-ins as stored (hook order), then the
 * user chains sorted.  The caller frees the array. */
static const struct chain **chains_in_order(const struct table *tb)
{
	const struct chain **v = xcalloc(tb->nchains ? tb->nchains : 1, sizeof(*v));
	size_t nbuiltin = 0;
	for (size_t i = 0; i < tb->nchains; i++)
		if (tb->chains[i]->builtin)
			v[nbuiltin++] = tb->chains[i];
	size_t n = nbuiltin;
	for (size_t i = 0; i < tb->nchains; i++)
		if (!tb->chains[i]->builtin)
			v[n++] = tb->chains[i];
	qsort(v + nbuiltin, n - nbuiltin, sizeof(*v), cmp_chain_name);
	return v;
}

static void print_table(const struct table *tb, enum nf_table t, struct strbuf *out)
{
	const struct chain **v = chains_in_order(tb);
	sb_addf(out, "*%s\n", table_name(t));
	for (size_t i = 0; i < tb->nchains; i++)
		sb_addf(out, ":%s %s [0:0]\n", v[i]->name,
			v[i]->builtin ? verdict_name(v[i]->policy) : "-");
	struct strbuf text = STRBUF_INIT;
	for (size_t i = 0; i < tb->nchains; i++) {
		for (size_t k = 0; k < v[i]->nrules; k++) {
			sb_reset(&text);
			rule_format(v[i]->rules[k], &text);
			sb_addf(out, "-A %s%s%s\n", v[i]->name, text.len ? " " : "", sb_str(&text));
		}
	}
	sb_free(&text);
	sb_adds(out, "COMMIT\n");
	free(v);
}

bool save_has_tables(const struct ruleset *rs)
{
	for (int t = 0; t < TABLE_COUNT; t++)
		if (rs->t[t].loaded)
			return true;
	return false;
}

void save_print(const struct ruleset *rs, struct strbuf *out)
{
	/* ip6tables-save's format is iptables-save's; the comment tells the
	 * reader (and nfwalk --rules) which program the rules are for */
	if (rs->family == FAMILY_IPV6)
		sb_adds(out, "# ip6tables rules, as ip6tables-save prints them\n");
	for (size_t i = 0; i < ARRAY_SIZE(save_order); i++)
		if (rs->t[save_order[i]].loaded)
			print_table(&rs->t[save_order[i]], save_order[i], out);
}
