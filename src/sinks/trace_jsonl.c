/* trace_jsonl.c - JSON Lines: one object per event, the schema in
 * nfwalk(1).  Field names and meanings are stable: other tools read them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "engine/track/ct_expect.h"

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

/* The output not yet written (outline.h): each event's line is built
 * there piece by piece and a walk's lines go out in one fwrite. */
static struct outfile out;
static struct outline *const l = &out.ol;

static inline void put(const char *s)
{
	ol_adds(l, s);
}

/* A string literal, its length known when compiled. */
#define PUT(lit) ol_addn(l, "" lit, sizeof(lit) - 1)

/* One of our own names (stages, hooks, tables, verdicts, fields: the
 * X-macro tables' identifiers): nothing in them needs an escape. */
static inline void put_name(const char *s)
{
	ol_addc(l, '"');
	ol_adds(l, s);
	ol_addc(l, '"');
}

/* The length of a name that lives as long as the program (the X-macro
 * tables' strings, never a buffer), asked of a small cache keyed by the
 * pointer rather than of strlen: every event line carries half a dozen. */
static size_t const_len(const char *s)
{
	static struct {
		const char *s;
		size_t n;
	} seen[128];
	size_t h = ((uintptr_t)s >> 2) % ARRAY_SIZE(seen);
	if (seen[h].s != s) {
		seen[h].s = s;
		seen[h].n = strlen(s);
	}
	return seen[h].n;
}

/* key (a literal ,"name":" of klen bytes), then such a name and its
 * closing quote, with one room check for the three */
static inline void put_key_const(const char *key, size_t klen, const char *s)
{
	size_t n = const_len(s);
	if (l->cap - l->n < klen + n + 1)
		ol_grow(l, klen + n + 1);
	char *d = l->buf + l->n;
	memcpy(d, key, klen);
	nf_copy(d + klen, s, n);
	d[klen + n] = '"';
	l->n += klen + n + 1;
}

/* Does byte c need an escape in a JSON string? */
static inline bool json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/* The offset of the first byte of s[from..n) that needs an escape, n
 * when none: sixteen bytes at a time with SSE2, the last block
 * overlapping the one before (its bytes before from masked off). */
static size_t next_special(const char *s, size_t from, size_t n)
{
#ifdef __SSE2__
	if (n >= 16) {
		const __m128i ctl = _mm_set1_epi8(0x1f), quote = _mm_set1_epi8('"'),
			      backslash = _mm_set1_epi8('\\');
		for (size_t i = from; i < n; i += 16) {
			size_t at = i + 16 <= n ? i : n - 16;
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + at));
			__m128i hit = _mm_or_si128(
				_mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x),
				_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
			unsigned m = (unsigned)_mm_movemask_epi8(hit);
			if (at < i)
				m &= ~0u << (i - at);
			if (m)
				return at + (size_t)__builtin_ctz(m);
		}
		return n;
	}
#endif
	while (from < n && !json_special((unsigned char)s[from]))
		from++;
	return from;
}

/* json_string into the line: runs that need no escape in one memcpy.
 * n is strlen(s) when known, else (size_t)-1. */
static void put_strn(const char *s, size_t n)
{
	ol_addc(l, '"');
	size_t run = 0;
	if (n == (size_t)-1)
		n = s ? strlen(s) : 0;
	for (size_t i; (i = next_special(s, run, n)) < n; run = i + 1) {
		ol_addn(l, s + run, i - run);
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			PUT("\\\"");
			break;
		case '\\':
			PUT("\\\\");
			break;
		case '\n':
			PUT("\\n");
			break;
		case '\t':
			PUT("\\t");
			break;
		default: {
			static const char hex[] = "0123456789abcdef";
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			ol_addn(l, u, sizeof(u));
		}
		}
	}
	if (n > run)
		ol_addn(l, s + run, n - run);
	ol_addc(l, '"');
}

static void put_str(const char *s)
{
	put_strn(s, (size_t)-1);
}

/* ,"name": (name a string literal) */
#define KEY(name) PUT(",\"" name "\":")

/* ,"name":"value" */
#define FIELD_STR(name, value) (KEY(name), put_str(value))
/* ,"name":"value" for a value of ours (put_name) */
#define FIELD_NAME(name, value) (KEY(name), put_name(value))
/* the same for a name of the program's own tables (const_len) */
#define FIELD_CONST(name, value) \
	put_key_const(",\"" name "\":\"", sizeof(",\"" name "\":\"") - 1, (value))
/* ,"name":N */
#define FIELD_UINT(name, v) (KEY(name), ol_uint_w(l, (v), 0))
#define FIELD_BOOL(name, v) (KEY(name), (v) ? PUT("true") : PUT("false"))

/* printf's "0x%x" */
static void put_hex(uint32_t v)
{
	char d[16], *e = d + sizeof(d), *q = fmt_xtoa_end(e, v);
	*--q = 'x';
	*--q = '0';
	ol_addn(l, q, (size_t)(e - q));
}

/* The packet's header fields, "src" to "icmp_code": they change at NAT
 * only. */
static void header_fields(const struct pkt_view *v)
{
	char a[INET_STRLEN];
	int family = v->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4; /* a zeroed view: IPv4 */
	FIELD_NAME("src", inet_fmt(family, &v->src, a));
	FIELD_NAME("dst", inet_fmt(family, &v->dst, a));
	const char *proto = proto_name(v->proto);
	if (proto)
		FIELD_CONST("proto", proto);
	else
		FIELD_UINT("proto", v->proto);
	if (v->proto == PROTO_TCP || v->proto == PROTO_UDP) {
		FIELD_UINT("sport", v->sport);
		FIELD_UINT("dport", v->dport);
	}
	if (v->proto == PROTO_TCP) {
		char flags[16];
		tcp_flags_fmt(v->tcp_flags, flags, sizeof(flags));
		FIELD_NAME("flags", flags);
	}
	if (v->proto == PROTO_ICMP) {
		FIELD_UINT("icmp_type", v->icmp_type);
		FIELD_UINT("icmp_code", v->icmp_code);
	}
}

/* The rest, "mark" to "oif": what the walk changes more often. */
static void meta_fields(const struct pkt_view *v)
{
	KEY("mark");
	ol_addc(l, '"');
	put_hex(v->mark);
	ol_addc(l, '"');
	FIELD_CONST("ctstate", ctinfo_state_name(v->ctinfo));
	if (v->ctinfo == CTINFO_ESTABLISHED_REPLY || v->ctinfo == CTINFO_RELATED_REPLY)
		PUT(",\"ctreply\":true");
	FIELD_UINT("ttl", v->ttl);
	FIELD_STR("iif", v->iif);
	FIELD_STR("oif", v->oif);
}

/* The text a part of the view made last time, and the view. */
struct fields_memo {
	struct pkt_view view;
	struct outline text;
};

/* part(v) as it was written for the last view whose bytes from..to
 * were the same: most events of a walk see the same packet, so its text
 * is made again only when the fields that part prints differ (compared
 * as bytes: views are zeroed before they are filled). */
static void memo_fields(struct fields_memo *m, const struct pkt_view *v, size_t from, size_t to,
			void (*part)(const struct pkt_view *))
{
	if (m->text.n && memcmp((const char *)&m->view + from, (const char *)v + from, to - from) == 0) {
		ol_addn(l, m->text.buf, m->text.n);
		return;
	}
	size_t at = l->n;
	part(v);
	m->text.n = 0;
	ol_addn(&m->text, l->buf + at, l->n - at);
	m->view = *v;
}

/* Is member m of struct pkt_view inside the span first .. last? */
#define VIEW_IN(m, first, last)                                               \
	(offsetof(struct pkt_view, m) >= offsetof(struct pkt_view, first) && \
	 offsetof(struct pkt_view, m) <= offsetof(struct pkt_view, last))
_Static_assert(VIEW_IN(family, proto, icmp_code) && VIEW_IN(src, proto, icmp_code) &&
		       VIEW_IN(dst, proto, icmp_code) && VIEW_IN(sport, proto, icmp_code) &&
		       VIEW_IN(dport, proto, icmp_code) && VIEW_IN(tcp_flags, proto, icmp_code) &&
		       VIEW_IN(icmp_type, proto, icmp_code),
	       "header_fields reads the view's proto .. icmp_code");
_Static_assert(VIEW_IN(ttl, mark, ctinfo) && VIEW_IN(iif, mark, ctinfo) &&
		       VIEW_IN(oif, mark, ctinfo),
	       "meta_fields reads the view's mark .. ctinfo");

static void packet_fields(const struct pkt_view *v)
{
	static struct fields_memo header, meta;
	/* header_fields reads proto .. icmp_code, meta_fields mark .. oif
	 * and ctinfo; each part compares the span of the view holding them */
	memo_fields(&header, v, offsetof(struct pkt_view, proto),
		    offsetof(struct pkt_view, icmp_code) + sizeof(v->icmp_code), header_fields);
	memo_fields(&meta, v, offsetof(struct pkt_view, mark),
		    offsetof(struct pkt_view, ctinfo) + sizeof(v->ctinfo), meta_fields);
}

/* The chain's table: its own, or for chains without one what names them */
static const char *table_of(const struct event *ev)
{
	if (ev->table != TABLE_NONE)
		return table_name(ev->table);
	const struct stage_info *si = ev->chain ? stage_info(ev->stage) : NULL;
	if (si && si->kind == SK_IPCHAINS)
		return "ipchains"; /* Linux 2.2: chains without tables */
	if (si && si->kind == SK_NFT)
		return "nft"; /* the chain names family and table */
	return NULL;
}

static void event_line(const struct event *ev)
{
	PUT("{\"pkt\":");
	ol_int_w(l, ev->pkt, 0);
	PUT(",\"sub\":");
	ol_int_w(l, ev->sub, 0);
	PUT(",\"step\":");
	ol_int_w(l, ev->step, 0);
	FIELD_CONST("event", event_kind_name(ev->kind));
	FIELD_CONST("stage", stage_name(ev->stage));
	if (ev->hook != HOOK_NONE)
		FIELD_CONST("hook", hook_name(ev->hook));
	const char *table = table_of(ev);
	if (table)
		FIELD_CONST("table", table);
	if (ev->chain)
		FIELD_STR("chain", ev->chain);
	if (ev->rule > 0)
		FIELD_UINT("rule", (unsigned long)ev->rule);
	if (ev->kind == EV_RULE)
		FIELD_BOOL("matched", ev->matched);
	if (ev->kind == EV_TARGET || ev->kind == EV_VERDICT)
		FIELD_CONST("verdict", verdict_name(ev->verdict));
	if (ev->kind == EV_VERDICT)
		FIELD_BOOL("policy", ev->policy);
	if (ev->kind == EV_REWRITE) {
		FIELD_CONST("field", pkt_field_name(ev->field));
		FIELD_STR("old", ev->old_val);
		FIELD_STR("new", ev->new_val);
	}
	if (ev->kind == EV_QOS && ev->new_val[0])
		FIELD_STR("class", ev->new_val);
	if (ev->kind == EV_FATE)
		FIELD_CONST("fate", fate_name(ev->fate));
	if (ev->kind == EV_RULE && ev->nresults > 0) {
		PUT(",\"tests\":[");
		for (int i = 0; i < ev->nresults; i++) {
			put(i ? ",{\"ok\":" : "{\"ok\":");
			put(ev->results[i].ok ? "true" : "false");
			PUT(",\"text\":");
			put_str(ev->results[i].text);
			ol_addc(l, '}');
		}
		ol_addc(l, ']');
	}
	packet_fields(ev->view);
	KEY("text");
	put_strn(ev->text ? ev->text : "", ev->text && ev->text_n ? ev->text_n - 1 : (size_t)-1);
	if (ev->detail)
		FIELD_STR("detail", ev->detail);
	if (ev->kind == EV_CONNTRACK && ct_expect_line(ev->detail))
		PUT(",\"expectation\":true");
	PUT("}\n");
}

void trace_jsonl_sink(const struct event *ev, void *ctx)
{
	struct trace_out *t = ctx;
	t->events++;
	outfile_to(&out, t->f);
	event_line(ev);
	if (ev->kind == EV_FATE || l->n >= OUTFILE_FLUSH_AT)
		outfile_flush(&out);
}
