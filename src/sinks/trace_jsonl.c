/* trace_jsonl.c - JSON Lines: one object per event, the schema in
 * nfwalk(1).  Field names and meanings are stable: other tools read them. */
#include "engine/track/ct_expect.h"
#include <stdio.h>

#include "lib/addr.h"
#include "sinks/trace.h"

/* Runs of characters that need no escape go out in one write. */
void json_string(FILE *f, const char *s)
{
	putc('"', f);
	const unsigned char *run = (const unsigned char *)s, *p = run;
	for (; p && *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		run = p + 1;
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			fprintf(f, "\\u%04x", *p);
		}
	}
	if (p && p > run)
		fwrite(run, 1, (size_t)(p - run), f);
	putc('"', f);
}

/* One line is built in memory and written with one fwrite: the sink used
 * to make some sixty stdio calls (each taking the stream's lock) and a
 * dozen fprintf per event. */
struct line {
	struct strbuf sb;
};

static void put(struct line *l, const char *s)
{
	sb_adds(&l->sb, s);
}

static void put_uint(struct line *l, unsigned long v)
{
	char d[24], *e = d + sizeof(d), *q = e;
	do
		*--q = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	sb_addn(&l->sb, q, (size_t)(e - q));
}

static void put_int(struct line *l, long v)
{
	if (v < 0) {
		put(l, "-");
		put_uint(l, (unsigned long)-v);
	} else {
		put_uint(l, (unsigned long)v);
	}
}

/* json_string into the line. */
static void put_str(struct line *l, const char *s)
{
	sb_addn(&l->sb, "\"", 1);
	const unsigned char *run = (const unsigned char *)s, *p = run;
	for (; p && *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		sb_addn(&l->sb, (const char *)run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"':
			put(l, "\\\"");
			break;
		case '\\':
			put(l, "\\\\");
			break;
		case '\n':
			put(l, "\\n");
			break;
		case '\t':
			put(l, "\\t");
			break;
		default:
			sb_addf(&l->sb, "\\u%04x", *p);
		}
	}
	if (p)
		sb_addn(&l->sb, (const char *)run, (size_t)(p - run));
	sb_addn(&l->sb, "\"", 1);
}

/* ,"name":"value" (name is one of ours: no escaping) */
static void field_str(struct line *l, const char *name, const char *value)
{
	put(l, ",\"");
	put(l, name);
	put(l, "\":");
	put_str(l, value);
}

/* ,"name":N */
static void field_uint(struct line *l, const char *name, unsigned long v)
{
	put(l, ",\"");
	put(l, name);
	put(l, "\":");
	put_uint(l, v);
}

static void field_bool(struct line *l, const char *name, bool v)
{
	put(l, ",\"");
	put(l, name);
	put(l, v ? "\":true" : "\":false");
}

static void packet_fields(struct line *l, const struct pkt_view *v)
{
	char a[ADDR_STRLEN], mark[16];
	field_str(l, "src", addr_fmt(v->src, a));
	field_str(l, "dst", addr_fmt(v->dst, a));
	const char *proto = proto_name(v->proto);
	if (proto)
		field_str(l, "proto", proto);
	else
		field_uint(l, "proto", v->proto);
	if (v->proto == PROTO_TCP || v->proto == PROTO_UDP) {
		field_uint(l, "sport", v->sport);
		field_uint(l, "dport", v->dport);
	}
	if (v->proto == PROTO_TCP) {
		char flags[16];
		tcp_flags_fmt(v->tcp_flags, flags, sizeof(flags));
		field_str(l, "flags", flags);
	}
	if (v->proto == PROTO_ICMP) {
		field_uint(l, "icmp_type", v->icmp_type);
		field_uint(l, "icmp_code", v->icmp_code);
	}
	snprintf(mark, sizeof(mark), "0x%x", v->mark);
	field_str(l, "mark", mark);
	field_str(l, "ctstate", ctinfo_state_name(v->ctinfo));
	if (v->ctinfo == CTINFO_ESTABLISHED_REPLY || v->ctinfo == CTINFO_RELATED_REPLY)
		put(l, ",\"ctreply\":true");
	field_uint(l, "ttl", v->ttl);
	field_str(l, "iif", v->iif);
	field_str(l, "oif", v->oif);
}

void trace_jsonl_sink(const struct event *ev, void *ctx)
{
	struct trace_out *t = ctx;
	static struct line line; /* reused: its buffer stays allocated */
	struct line *l = &line;
	sb_reset(&l->sb);
	t->events++;
	put(l, "{\"pkt\":");
	put_int(l, ev->pkt);
	put(l, ",\"sub\":");
	put_int(l, ev->sub);
	put(l, ",\"step\":");
	put_int(l, ev->step);
	field_str(l, "event", event_kind_name(ev->kind));
	field_str(l, "stage", stage_name(ev->stage));
	if (ev->hook != HOOK_NONE)
		field_str(l, "hook", hook_name(ev->hook));
	if (ev->table != TABLE_NONE)
		field_str(l, "table", table_name(ev->table));
	else if (stage_info(ev->stage) && stage_info(ev->stage)->kind == SK_IPCHAINS && ev->chain)
		field_str(l, "table", "ipchains"); /* Linux 2.2: chains without tables */
	else if (stage_info(ev->stage) && stage_info(ev->stage)->kind == SK_NFT && ev->chain)
		field_str(l, "table", "nft"); /* the chain names family and table */
	if (ev->chain)
		field_str(l, "chain", ev->chain);
	if (ev->rule > 0)
		field_uint(l, "rule", (unsigned long)ev->rule);
	if (ev->kind == EV_RULE)
		field_bool(l, "matched", ev->matched);
	if (ev->kind == EV_TARGET || ev->kind == EV_VERDICT)
		field_str(l, "verdict", verdict_name(ev->verdict));
	if (ev->kind == EV_VERDICT)
		field_bool(l, "policy", ev->policy);
	if (ev->kind == EV_REWRITE) {
		field_str(l, "field", pkt_field_name(ev->field));
		field_str(l, "old", ev->old_val);
		field_str(l, "new", ev->new_val);
	}
	if (ev->kind == EV_QOS && ev->new_val[0])
		field_str(l, "class", ev->new_val);
	if (ev->kind == EV_FATE)
		field_str(l, "fate", fate_name(ev->fate));
	if (ev->kind == EV_RULE && ev->nresults > 0) {
		put(l, ",\"tests\":[");
		for (int i = 0; i < ev->nresults; i++) {
			put(l, i ? ",{\"ok\":" : "{\"ok\":");
			put(l, ev->results[i].ok ? "true" : "false");
			put(l, ",\"text\":");
			put_str(l, ev->results[i].text);
			put(l, "}");
		}
		put(l, "]");
	}
	packet_fields(l, &ev->view);
	field_str(l, "text", ev->text ? ev->text : "");
	if (ev->detail)
		field_str(l, "detail", ev->detail);
	if (ev->kind == EV_CONNTRACK && ct_expect_line(ev->detail))
		put(l, ",\"expectation\":true");
	put(l, "}\n");
	fwrite(l->sb.s, 1, l->sb.len, t->f);
}
