/* trace_jsonl.c - JSON Lines: one object per event, the schema in
 * nfwalk(1).  Field names and meanings are stable: other tools read them. */
#include "engine/track/ct_expect.h"
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

static void field_str(FILE *f, const char *name, const char *value)
{
	putc(',', f);
	putc('"', f);
	fputs(name, f);
	putc('"', f);
	putc(':', f);
	json_string(f, value);
}

static void packet_fields(FILE *f, const struct pkt_view *v)
{
	char a[ADDR_STRLEN], mark[16];
	field_str(f, "src", addr_fmt(v->src, a));
	field_str(f, "dst", addr_fmt(v->dst, a));
	const char *proto = proto_name(v->proto);
	if (proto)
		field_str(f, "proto", proto);
	else
		fprintf(f, ",\"proto\":%u", v->proto);
	if (v->proto == PROTO_TCP || v->proto == PROTO_UDP)
		fprintf(f, ",\"sport\":%u,\"dport\":%u", v->sport, v->dport);
	if (v->proto == PROTO_TCP) {
		char flags[16];
		tcp_flags_fmt(v->tcp_flags, flags, sizeof(flags));
		field_str(f, "flags", flags);
	}
	if (v->proto == PROTO_ICMP)
		fprintf(f, ",\"icmp_type\":%u,\"icmp_code\":%u", v->icmp_type, v->icmp_code);
	snprintf(mark, sizeof(mark), "0x%x", v->mark);
	field_str(f, "mark", mark);
	field_str(f, "ctstate", ctinfo_state_name(v->ctinfo));
	if (v->ctinfo == CTINFO_ESTABLISHED_REPLY || v->ctinfo == CTINFO_RELATED_REPLY)
		fputs(",\"ctreply\":true", f);
	fprintf(f, ",\"ttl\":%u", v->ttl);
	field_str(f, "iif", v->iif);
	field_str(f, "oif", v->oif);
}

void trace_jsonl_sink(const struct event *ev, void *ctx)
{
	struct trace_out *t = ctx;
	FILE *f = t->f;
	t->events++;
	fprintf(f, "{\"pkt\":%d,\"sub\":%d,\"step\":%d", ev->pkt, ev->sub, ev->step);
	field_str(f, "event", event_kind_name(ev->kind));
	field_str(f, "stage", stage_name(ev->stage));
	if (ev->hook != HOOK_NONE)
		field_str(f, "hook", hook_name(ev->hook));
	if (ev->table != TABLE_NONE)
		field_str(f, "table", table_name(ev->table));
	else if (stage_info(ev->stage) && stage_info(ev->stage)->kind == SK_IPCHAINS && ev->chain)
		field_str(f, "table", "ipchains"); /* Linux 2.2: chains without tables */
	if (ev->chain)
		field_str(f, "chain", ev->chain);
	if (ev->rule > 0)
		fprintf(f, ",\"rule\":%d", ev->rule);
	if (ev->kind == EV_RULE)
		fprintf(f, ",\"matched\":%s", ev->matched ? "true" : "false");
	if (ev->kind == EV_TARGET || ev->kind == EV_VERDICT)
		field_str(f, "verdict", verdict_name(ev->verdict));
	if (ev->kind == EV_VERDICT)
		fprintf(f, ",\"policy\":%s", ev->policy ? "true" : "false");
	if (ev->kind == EV_REWRITE) {
		field_str(f, "field", pkt_field_name(ev->field));
		field_str(f, "old", ev->old_val);
		field_str(f, "new", ev->new_val);
	}
	if (ev->kind == EV_QOS && ev->new_val[0])
		field_str(f, "class", ev->new_val);
	if (ev->kind == EV_FATE)
		field_str(f, "fate", fate_name(ev->fate));
	if (ev->kind == EV_RULE && ev->nresults > 0) {
		fputs(",\"tests\":[", f);
		for (int i = 0; i < ev->nresults; i++) {
			fprintf(f, "%s{\"ok\":%s,\"text\":", i ? "," : "",
				ev->results[i].ok ? "true" : "false");
			json_string(f, ev->results[i].text);
			fputc('}', f);
		}
		fputc(']', f);
	}
	packet_fields(f, &ev->view);
	field_str(f, "text", ev->text ? ev->text : "");
	if (ev->detail)
		field_str(f, "detail", ev->detail);
	if (ev->kind == EV_CONNTRACK && ct_expect_line(ev->detail))
		fputs(",\"expectation\":true", f);
	fputs("}\n", f);
}
