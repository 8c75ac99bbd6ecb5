/* answer_dot.c - `--format dot`: each packet's path as a Graphviz digraph.
 * One cluster per packet (and per packet it caused); the boxes it entered
 * in order, joined by edges; beside a box, a note with the rule that ended
 * its chain (policies only when they drop) and the rewrites made there;
 * the fate at the end.  Node names are p<N>_<SUB>_<I>, so the graph reads
 * the same every run. */
#include <string.h>

#include "sinks/answer.h"

/* A double-quoted DOT string: quotes and backslashes escaped, control
 * characters dropped but for a newline, which becomes DOT's \n. */
static void dot_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '\n')
			fputs("\\n", f);
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		if (*p >= 0x20)
			fputc(*p, f);
	}
	fputc('"', f);
}

static bool worth_a_note(const struct answer_hop *h)
{
	return h->nrw || (h->decided.set && (!h->decided.policy || h->decided.verdict != V_ACCEPT));
}

static void hop_note(const struct answer_pkt *p, const struct answer_hop *h, struct strbuf *sb)
{
	if (h->decided.set && (!h->decided.policy || h->decided.verdict != V_ACCEPT)) {
		char where[96];
		answer_rule_where(&h->decided, where, sizeof(where));
		sb_adds(sb, where);
		if (h->decided.text)
			sb_addf(sb, "\n%s", h->decided.text);
	}
	for (size_t k = h->first_rw; k < h->first_rw + h->nrw && k < p->nrw; k++)
		sb_addf(sb, "%s%s %s -> %s", sb->len ? "\n" : "", pkt_field_name(p->rw[k].field),
			p->rw[k].old_val, p->rw[k].new_val);
}

static void dot_packet(const struct answer_pkt *p, FILE *f)
{
	char id[32];
	snprintf(id, sizeof(id), "p%d_%d", p->pkt, p->sub);
	struct strbuf sb = STRBUF_INIT;
	fprintf(f, "  subgraph cluster_%s {\n    label=", id);
	if (p->sub)
		sb_addf(&sb, "packet %d.%d: %s", p->pkt, p->sub, p->desc);
	else
		sb_addf(&sb, "packet %d: %s", p->pkt, p->desc);
	dot_string(f, sb_str(&sb));
	fputs(";\n", f);
	for (size_t i = 0; i < p->nhops; i++) {
		const struct answer_hop *h = &p->hops[i];
		fprintf(f, "    %s_%zu [label=", id, i);
		dot_string(f, h->title);
		fputs(h->decided.set && h->decided.verdict == V_DROP ? ", color=red];\n" : "];\n", f);
		if (i)
			fprintf(f, "    %s_%zu -> %s_%zu;\n", id, i - 1, id, i);
		if (!worth_a_note(h))
			continue;
		sb_reset(&sb);
		hop_note(p, h, &sb);
		fprintf(f, "    %s_%zu_note [shape=note, label=", id, i);
		dot_string(f, sb_str(&sb));
		fprintf(f, "];\n    %s_%zu -> %s_%zu_note [style=dashed, arrowhead=none];\n", id, i,
			id, i);
	}
	sb_reset(&sb);
	sb_addf(&sb, "%s%s%s", fate_name(p->fate), p->oif[0] ? " out " : "", p->oif);
	fprintf(f, "    %s_fate [shape=oval, label=", id);
	dot_string(f, sb_str(&sb));
	fputs("];\n", f);
	if (p->nhops)
		fprintf(f, "    %s_%zu -> %s_fate;\n", id, p->nhops - 1, id);
	fputs("  }\n", f);
	sb_free(&sb);
}

void answer_print_dot(const struct answer *a, const char *title, FILE *f)
{
	fputs("digraph nfwalk {\n  label=", f);
	dot_string(f, title ? title : "nfwalk");
	fputs(";\n  labelloc=t;\n  node [shape=box, fontname=\"monospace\"];\n", f);
	for (size_t i = 0; i < a->n; i++)
		dot_packet(&a->v[i], f);
	fputs("}\n", f);
}
