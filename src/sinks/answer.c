/* answer.c - the short answer: fate, the deciding rule, the rewrites and
 * the output interface of each packet, from its events.
 *
 * Which rule "decided": a packet that netfilter dropped (or REJECTed, or
 * queued) was decided by the rule or policy that gave that verdict.  A
 * packet that got through was decided by the last ACCEPT of the filter
 * table (the rule, or the policy when no rule matched), else by the last
 * ACCEPT anywhere; a packet that routing or the stack dropped names the
 * box instead. */
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "sinks/answer.h"
#include "sinks/trace.h"

static void rule_clear(struct answer_rule *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}

static void rule_copy(struct answer_rule *dst, const struct answer_rule *src)
{
	rule_clear(dst);
	*dst = *src;
	dst->text = src->text ? xstrdup(src->text) : NULL;
}

static void pkt_free(struct answer_pkt *p)
{
	free(p->desc);
	free(p->fate_text);
	rule_clear(&p->decided);
	rule_clear(&p->last_target);
	rule_clear(&p->last_accept);
	rule_clear(&p->filter_accept);
	rule_clear(&p->last_drop);
	rule_clear(&p->last_stop);
	free(p->nft_rule);
	for (size_t i = 0; i < p->nhops; i++) {
		free(p->hops[i].title);
		rule_clear(&p->hops[i].decided);
	}
	free(p->hops);
	free(p->rw);
}

void answer_free(struct answer *a)
{
	for (size_t i = 0; i < a->n; i++)
		pkt_free(&a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

void answer_rule_where(const struct answer_rule *r, char *buf, size_t n)
{
	/* an nftables chain's name says its family and table */
	const char *table = r->table == TABLE_NONE ? "" : table_name(r->table);
	const char *sp = *table ? " " : "";
	if (r->policy)
		snprintf(buf, n, "%s%s%s policy %s", table, sp, r->chain, verdict_name(r->verdict));
	else
		snprintf(buf, n, "%s%s%s #%d", table, sp, r->chain, r->rule);
}

/* The rule of an EV_TARGET or EV_VERDICT event (nft_rule: the text of
 * the nftables rule that matched last, NULL for none). */
static void rule_of(const struct event *ev, const char *nft_rule, struct answer_rule *r)
{
	rule_clear(r);
	r->set = true;
	r->stage = ev->stage;
	r->table = ev->table;
	str_copy(r->chain, sizeof(r->chain), ev->chain ? ev->chain : "");
	r->rule = ev->rule;
	r->policy = ev->kind == EV_VERDICT && ev->policy;
	r->verdict = ev->verdict;
	if (ev->rule_ptr && !r->policy) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "-A %s ", r->chain);
		if (ev->rule_ptr->comment_text)
			sb_adds(&sb, ev->rule_ptr->comment_text);
		else
			rule_format(ev->rule_ptr, &sb);
		r->text = sb.s;
		if (ev->rule_ptr->action == RA_TARGET)
			str_copy(r->target, sizeof(r->target), ev->rule_ptr->target.type->name);
	} else if (nft_rule && !r->policy && ev->table == TABLE_NONE) {
		r->text = xstrdup(nft_rule);
	}
}

static struct answer_pkt *cur(struct answer *a)
{
	return a->n ? &a->v[a->n - 1] : NULL;
}

/* The end of a built-in chain: which rule (or policy) it was. */
static void on_verdict(struct answer_pkt *p, const struct event *ev)
{
	if (ev->verdict != V_ACCEPT && ev->verdict != V_DROP && ev->verdict != V_QUEUE &&
	    ev->verdict != V_UNEVALUATED)
		return;
	struct answer_rule d = {0};
	if (!ev->policy && p->last_target.set && p->last_target.stage == ev->stage &&
	    p->last_target.verdict == ev->verdict)
		rule_copy(&d, &p->last_target); /* the rule, even in a user chain */
	else
		rule_of(ev, p->nft_rule, &d);
	if (p->nhops)
		rule_copy(&p->hops[p->nhops - 1].decided, &d);
	if (ev->verdict == V_ACCEPT) {
		rule_copy(&p->last_accept, &d);
		if (ev->table == TABLE_FILTER)
			rule_copy(&p->filter_accept, &d);
	} else if (ev->verdict == V_DROP) {
		rule_copy(&p->last_drop, &d);
	} else { /* queued, or a rule nfwalk cannot evaluate stopped the walk */
		rule_copy(&p->last_stop, &d);
	}
	rule_clear(&d);
}

static void on_rewrite(struct answer_pkt *p, const struct event *ev)
{
	/* The output interface is said apart; the TTL routing decrements
	 * on forwarding is no rewrite anyone asked about. */
	if (ev->field == PF_OIF || (ev->field == PF_TTL && ev->table == TABLE_NONE))
		return;
	p->rw = xrealloc(p->rw, (p->nrw + 1) * sizeof(*p->rw));
	struct answer_rewrite *w = &p->rw[p->nrw++];
	memset(w, 0, sizeof(*w));
	w->field = ev->field;
	str_copy(w->old_val, sizeof(w->old_val), ev->old_val);
	str_copy(w->new_val, sizeof(w->new_val), ev->new_val);
	/* the text reads "WHAT: field old -> new" */
	const char *text = ev->text ? ev->text : "";
	const char *colon = strstr(text, ": ");
	int what = colon ? (int)(colon - text) : (int)strlen(text);
	const struct answer_rule *t = &p->last_target;
	if (ev->table != TABLE_NONE && t->set && t->stage == ev->stage && !t->policy && t->target[0])
		snprintf(w->by, sizeof(w->by), "%s %s #%d %s", table_name(t->table), t->chain,
			 t->rule, t->target);
	else if (ev->table != TABLE_NONE && t->set && t->stage == ev->stage && !t->policy)
		snprintf(w->by, sizeof(w->by), "%s %s #%d %.*s", table_name(t->table), t->chain,
			 t->rule, what, text);
	else
		snprintf(w->by, sizeof(w->by), "%.*s (%s)", what, text, stage_name(ev->stage));
	if (p->nhops)
		p->hops[p->nhops - 1].nrw++;
}

static void on_fate(struct answer_pkt *p, const struct event *ev)
{
	p->fate = ev->fate;
	free(p->fate_text);
	p->fate_text = xstrdup(ev->text ? ev->text : "");
	p->where = ev->stage;
	str_copy(p->oif, sizeof(p->oif), ev->view->oif);
	p->final = *ev->view;
	const struct answer_rule *d = NULL;
	switch (ev->fate) {
	case FATE_DROPPED:
	case FATE_REJECTED:
		d = &p->last_drop;
		break;
	case FATE_QUEUED:
	case FATE_UNEVALUATED:
		d = &p->last_stop;
		break;
	case FATE_LOCAL:
	case FATE_FORWARDED:
	case FATE_SENT:
		d = p->filter_accept.set ? &p->filter_accept : &p->last_accept;
		break;
	case FATE_NONE:
	case FATE_COUNT:
		break;
	}
	if (d && d->set)
		rule_copy(&p->decided, d);
}

void answer_sink(const struct event *ev, void *ctx)
{
	struct answer *a = ctx;
	struct answer_pkt *p = cur(a);
	if (ev->kind == EV_PACKET) {
		a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
		p = &a->v[a->n++];
		memset(p, 0, sizeof(*p));
		p->pkt = ev->pkt;
		p->sub = ev->sub;
		p->desc = xstrdup(ev->text ? ev->text : "");
		p->where = ST_NONE;
		return;
	}
	if (!p)
		return;
	switch (ev->kind) {
	case EV_ENTER:
		p->hops = xrealloc(p->hops, (p->nhops + 1) * sizeof(*p->hops));
		p->hops[p->nhops] = (struct answer_hop){.stage = ev->stage,
							.title = xstrdup(ev->text ? ev->text : ""),
							.first_rw = p->nrw};
		p->nhops++;
		break;
	case EV_RULE: /* an nftables rule brings its text (iptables': rule_ptr) */
		if (ev->matched && !ev->rule_ptr && ev->table == TABLE_NONE && ev->detail) {
			free(p->nft_rule);
			p->nft_rule = xstrdup(ev->detail);
		}
		break;
	case EV_TARGET:
		rule_of(ev, p->nft_rule, &p->last_target);
		break;
	case EV_VERDICT:
		on_verdict(p, ev);
		break;
	case EV_REWRITE:
		on_rewrite(p, ev);
		break;
	case EV_FATE:
		on_fate(p, ev);
		break;
	default:
		break;
	}
}

/* --- printing --- */

static void label(const struct answer_pkt *p, char *buf, size_t n)
{
	if (p->sub)
		snprintf(buf, n, "%d.%d", p->pkt, p->sub);
	else
		snprintf(buf, n, "%d", p->pkt);
}

/* What decided, for people: the rule with its text, or the box. */
static void decided_text(const struct answer_pkt *p, struct strbuf *sb)
{
	char where[96];
	if (p->decided.set) {
		answer_rule_where(&p->decided, where, sizeof(where));
		sb_adds(sb, where);
		if (p->decided.text)
			sb_addf(sb, ": %s", p->decided.text);
		return;
	}
	const struct stage_info *si = p->where != ST_NONE ? stage_info(p->where) : NULL;
	sb_addf(sb, "no rule: %s", si ? si->title : "the walk");
}

static void each_assumed(const char *assumed, const char *prefix, FILE *f)
{
	const char *s = assumed ? assumed : "";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n)
			fprintf(f, "%s%.*s\n", prefix, (int)n, s);
		s += n + (nl ? 1 : 0);
	}
}

void answer_print_text(const struct answer *a, const char *assumed, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a->n; i++) {
		const struct answer_pkt *p = &a->v[i];
		char l[32];
		label(p, l, sizeof(l));
		fprintf(f, "%spacket %s: %s\n", i ? "\n" : "", l, p->desc);
		fprintf(f, "  fate     %s: %s\n", fate_name(p->fate), p->fate_text ? p->fate_text : "");
		sb_reset(&sb);
		decided_text(p, &sb);
		fprintf(f, "  decided  %s\n", sb_str(&sb));
		for (size_t k = 0; k < p->nrw; k++)
			fprintf(f, "  rewrite  %s %s -> %s by %s\n", pkt_field_name(p->rw[k].field),
				p->rw[k].old_val, p->rw[k].new_val, p->rw[k].by);
		fprintf(f, "  out      %s\n", p->oif[0] ? p->oif : "-");
	}
	if (assumed && *assumed)
		fputc('\n', f);
	each_assumed(assumed, "assumed  ", f);
	sb_free(&sb);
}

void answer_print_summary(const struct answer *a, const char *assumed, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < a->n; i++) {
		const struct answer_pkt *p = &a->v[i];
		char l[32];
		label(p, l, sizeof(l));
		sb_reset(&sb);
		decided_text(p, &sb);
		fprintf(f, "%s: %s => %s", l, p->desc, fate_name(p->fate));
		if (p->oif[0])
			fprintf(f, " out %s", p->oif);
		fprintf(f, " by %s", sb_str(&sb));
		for (size_t k = 0; k < p->nrw; k++)
			fprintf(f, "; %s %s -> %s", pkt_field_name(p->rw[k].field), p->rw[k].old_val,
				p->rw[k].new_val);
		fputc('\n', f);
	}
	each_assumed(assumed, "assumed: ", f);
	sb_free(&sb);
}

static void json_rule(const struct answer_pkt *p, FILE *f)
{
	const struct answer_rule *r = &p->decided;
	if (!r->set) {
		fputs("{\"stage\":", f);
		json_string(f, p->where != ST_NONE ? stage_name(p->where) : "");
		fputc('}', f);
		return;
	}
	fprintf(f, "{\"stage\":\"%s\",", stage_name(r->stage));
	if (r->table != TABLE_NONE) /* an nftables chain names its table */
		fprintf(f, "\"table\":\"%s\",", table_name(r->table));
	fputs("\"chain\":", f);
	json_string(f, r->chain);
	if (r->policy)
		fputs(",\"policy\":true", f);
	else
		fprintf(f, ",\"rule\":%d", r->rule);
	fprintf(f, ",\"verdict\":\"%s\"", verdict_name(r->verdict));
	if (r->text) {
		fputs(",\"text\":", f);
		json_string(f, r->text);
	}
	fputc('}', f);
}

static void json_packet(const struct answer_pkt *p, FILE *f)
{
	fprintf(f, "{\"packet\":%d,\"sub\":%d,\"in\":", p->pkt, p->sub);
	json_string(f, p->desc);
	fprintf(f, ",\"fate\":\"%s\",\"why\":", fate_name(p->fate));
	json_string(f, p->fate_text ? p->fate_text : "");
	fputs(",\"decided\":", f);
	json_rule(p, f);
	fputs(",\"rewrites\":[", f);
	for (size_t k = 0; k < p->nrw; k++) {
		fprintf(f, "%s{\"field\":\"%s\",\"old\":", k ? "," : "", pkt_field_name(p->rw[k].field));
		json_string(f, p->rw[k].old_val);
		fputs(",\"new\":", f);
		json_string(f, p->rw[k].new_val);
		fputs(",\"by\":", f);
		json_string(f, p->rw[k].by);
		fputc('}', f);
	}
	fputs("],\"oif\":", f);
	json_string(f, p->oif);
	char a6[INET_STRLEN];
	pkt_view_field(&p->final, PF_SRC, a6, sizeof(a6)); /* either family */
	fprintf(f, ",\"src\":\"%s\"", a6);
	pkt_view_field(&p->final, PF_DST, a6, sizeof(a6));
	fprintf(f, ",\"dst\":\"%s\"", a6);
	if (p->final.proto == PROTO_TCP || p->final.proto == PROTO_UDP)
		fprintf(f, ",\"sport\":%u,\"dport\":%u", p->final.sport, p->final.dport);
	fprintf(f, ",\"mark\":\"0x%x\"}", p->final.mark);
}

void answer_print_json(const struct answer *a, const char *assumed, FILE *f)
{
	fputs("{\"assumed\":[", f);
	const char *s = assumed ? assumed : "";
	bool first = true;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n) {
			char *item = xstrndup(s, n);
			fputs(first ? "" : ",", f);
			json_string(f, item);
			free(item);
			first = false;
		}
		s += n + (nl ? 1 : 0);
	}
	fputs("],\"packets\":[", f);
	for (size_t i = 0; i < a->n; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_packet(&a->v[i], f);
	}
	fputs("]}\n", f);
}
