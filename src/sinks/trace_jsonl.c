/* trace_jsonl.c - JSON Lines: one object per event, the schema in
 * nfwalk(1).  Field names and meanings are stable: other tools read them. */
#include "engine/track/ct_expect.h"
#include <stdio.h>

#include "lib/addr.h"
#include "sinks/outline.h"
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

/* One line is built in memory (outline.h) and written with one fwrite. */
struct line {
	struct outline ol;
};

static inline void put(struct line *l, const char *s)
{
	ol_adds(&l->ol, s);
}

static inline void put_uint(struct line *l, unsigned long v)
{
	ol_uint_w(&l->ol, v, 0);
}

static inline void put_int(struct line *l, long v)
{
	ol_int_w(&l->ol, v, 0);
}

/* json_string into the line: runs that need no escape in one memcpy. */
static void put_str(struct line *l, const char *s)
{
	ol_addc(&l->ol, '"');
	const unsigned char *run = (const unsigned char *)s, *p = run;
	for (; p && *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		ol_addn(&l->ol, (const char *)run, (size_t)(p - run));
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
		default: {
			static const char hex[] = "0123456789abcdef";
			char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
			ol_addn(&l->ol, u, sizeof(u));
		}
		}
	}
	if (p)
		ol_addn(&l->ol, (const char *)run, (size_t)(p - run));
	ol_addc(&l->ol, '"');
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

/* printf's "0x%x" */
static void hex_fmt(uint32_t v, char out[16])
{
	char d[16], *e = d + sizeof(d), *q = e;
	do
		*--q = "0123456789abcdef"[v & 15];
	while ((v >>= 4) != 0);
	*--q = 'x';
	*--q = '0';
	memcpy(out, q, (size_t)(e - q));
	out[e - q] = '\0';
}

static void packet_fields(struct line *l, const struct pkt_view *v)
{
	char a[INET_STRLEN], mark[16];
	pkt_view_field(v, PF_SRC, a, sizeof(a)); /* either family */
	field_str(l, "src", a);
	pkt_view_field(v, PF_DST, a, sizeof(a));
	field_str(l, "dst", a);
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
	hex_fmt(v->mark, mark);
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
	l->ol.n = 0;
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
	fwrite(l->ol.buf, 1, l->ol.n, t->f);
}
