/* tally.c - counting a run's fates and boxes, and printing them with the
 * rule counters in the shape of `iptables -L -v -n` (a chain heading with
 * its policy counters, then pkts and bytes per rule). */
#include <inttypes.h>
#include <string.h>

#include "sinks/tally.h"

void tally_init(struct tally *t)
{
	memset(t, 0, sizeof(*t));
}

void tally_from_counts(struct tally *t, const struct engine_counts *c)
{
	t->walks = c->walks;
	t->caused = c->caused;
	memcpy(t->fate, c->fate, sizeof(t->fate));
	memcpy(t->caused_fate, c->caused_fate, sizeof(t->caused_fate));
	memcpy(t->box, c->entered, sizeof(t->box));
}

void tally_zero_rules(struct ruleset *rs)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tb = &rs->t[t];
		for (size_t i = 0; i < tb->nchains; i++) {
			struct chain *c = tb->chains[i];
			c->policy_pkts = c->policy_bytes = 0;
			for (size_t k = 0; k < c->nrules; k++)
				c->rules[k]->pkts = c->rules[k]->bytes = 0;
		}
	}
}

static void print_fates(FILE *f, const char *title, const uint64_t *fate, uint64_t total)
{
	fprintf(f, "%s: %" PRIu64 "\n", title, total);
	for (int i = 0; i < FATE_COUNT; i++)
		if (fate[i])
			fprintf(f, "  %10" PRIu64 "  %s\n", fate[i], fate_name((enum fate)i));
}

static void print_boxes(FILE *f, const struct tally *t)
{
	fputs("Boxes entered (walks):\n", f);
	for (int s = 0; s < ST_COUNT; s++)
		if (t->box[s])
			fprintf(f, "  %10" PRIu64 "  %s\n", t->box[s], stage_name((enum stage_id)s));
}

static void print_chain(FILE *f, const struct chain *c, struct strbuf *text)
{
	if (c->builtin)
		fprintf(f, "Chain %s (policy %s %" PRIu64 " packets, %" PRIu64 " bytes)\n", c->name,
			verdict_name(c->policy), c->policy_pkts, c->policy_bytes);
	else
		fprintf(f, "Chain %s (user chain)\n", c->name);
	fprintf(f, "  %10s %12s  %s\n", "pkts", "bytes", "rule");
	for (size_t k = 0; k < c->nrules; k++) {
		const struct rule *r = c->rules[k];
		sb_reset(text);
		rule_format(r, text);
		fprintf(f, "  %10" PRIu64 " %12" PRIu64 "  -A %s%s%s\n", r->pkts, r->bytes, c->name,
			text->len ? " " : "", sb_str(text));
	}
}

static void print_rules(FILE *f, const struct ruleset *rs)
{
	struct strbuf text = STRBUF_INIT;
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tb = &rs->t[t];
		if (!tb->loaded)
			continue;
		fprintf(f, "Table %s (as %s -t %s -L -v counts):\n", table_name((enum nf_table)t),
			ruleset_program(rs->family), table_name((enum nf_table)t));
		for (size_t i = 0; i < tb->nchains; i++)
			print_chain(f, tb->chains[i], &text);
	}
	sb_free(&text);
}

void tally_print(const struct tally *t, const struct ruleset *rs, const struct ruleset *rs6,
		 FILE *f)
{
	print_fates(f, "Packets walked, by fate", t->fate, t->walks);
	if (t->caused)
		print_fates(f, "Packets they caused (answers, REJECT errors), by fate",
			    t->caused_fate, t->caused);
	print_boxes(f, t);
	print_rules(f, rs);
	if (rs6)
		print_rules(f, rs6);
}
