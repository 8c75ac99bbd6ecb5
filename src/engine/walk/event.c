/* event.c - event names and the flat packet view the front ends print. */
#include "engine/walk/event.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "engine/track/conntrack.h"

static const char *const kind_names[] = {
#define X(id, name) [id] = name,
	EVENT_KIND_LIST(X)
#undef X
};

static const struct piece field_names[] = {
#define X(id, name) [id] = PIECE(name),
	PKT_FIELD_LIST(X)
#undef X
};

const char *event_kind_name(enum event_kind k)
{
	return (int)k >= 0 && k < EV_COUNT ? kind_names[k] : "?";
}

struct piece pkt_field_piece(enum pkt_field f)
{
	return (int)f >= 0 && f < PF_COUNT ? field_names[f] : LIT("?");
}

const char *pkt_field_name(enum pkt_field f)
{
	return pkt_field_piece(f).s;
}

/* A direct-mapped cache of rule texts: a slot holds the last rule that
 * hashed there, with the generation its text was made in. */
enum { RULE_TEXT_SLOTS = 1024 };
struct rule_text {
	const struct rule *rule;
	unsigned long gen;
	char *text;
	size_t len;
};

const char *event_rule_text(const struct event *ev, size_t *len)
{
	static struct rule_text slots[RULE_TEXT_SLOTS];
	static struct strbuf once; /* a rule of no known generation */
	size_t n_;
	if (!len)
		len = &n_;
	if (!ev->rule_ptr) {
		*len = 0;
		return "";
	}
	if (!ev->rules_gen) {
		sb_reset(&once);
		rule_format(ev->rule_ptr, &once);
		*len = once.len;
		return sb_str(&once);
	}
	uintptr_t h = (uintptr_t)ev->rule_ptr / sizeof(void *);
	struct rule_text *slot = &slots[(h ^ (h >> 10)) % RULE_TEXT_SLOTS];
	if (slot->rule != ev->rule_ptr || slot->gen != ev->rules_gen || !slot->text) {
		struct strbuf sb = STRBUF_INIT;
		rule_format(ev->rule_ptr, &sb);
		free(slot->text);
		slot->rule = ev->rule_ptr;
		slot->gen = ev->rules_gen;
		slot->len = sb.len;
		slot->text = sb.s ? sb.s : xstrdup("");
	}
	*len = slot->len;
	return slot->text;
}

const struct pkt_view pkt_view_none;

void event_results_of(struct event_result *out, const struct match_result *res, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = (struct event_result){res[i].ok, res[i].n, res[i].text};
}

static void view_build(const struct packet *p, struct pkt_view *v)
{
	/* all bytes zero, padding too: emit_rewrites compares whole views */
	memset(v, 0, sizeof(*v));
	struct pkt_l4_fields l4;
	pkt_l4_fields(p, &l4); /* one parse of the headers, not seven */
	v->proto = l4.proto;
	v->family = pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	v->src = pkt_src(p);
	v->dst = pkt_dst(p);
	v->sport = l4.sport;
	v->dport = l4.dport;
	v->tcp_flags = l4.tcp_flags;
	bool v6 = v->family == FAMILY_IPV6;
	bool icmp = l4.icmp;
	v->icmp_type = l4.icmp_type;
	v->icmp_code = l4.icmp_code;
	if (icmp && (v6 ? v->icmp_type == ICMPV6_ECHO_REQUEST || v->icmp_type == ICMPV6_ECHO_REPLY
			: v->icmp_type == ICMP_ECHO || v->icmp_type == ICMP_ECHOREPLY))
		v->sport = l4.icmp_id;
	v->mark = p->mark;
	v->ctmark = p->ct ? p->ct->mark : 0;
	v->priority = p->priority;
	v->tos = pkt_tos(p);
	v->ttl = pkt_ttl(p);
	v->len = pkt_tot_len(p);
	/* the same sizes: a copy, not str_copy's strlen (bytes after the
	 * NUL may differ between two views of equal names; the fast path in
	 * emit_rewrites then merely compares field by field) */
	_Static_assert(sizeof(v->iif) == sizeof(p->iif) && sizeof(v->oif) == sizeof(p->oif),
		       "view and packet hold interface names alike");
	memcpy(v->iif, p->iif, sizeof(v->iif));
	memcpy(v->oif, p->oif, sizeof(v->oif));
	v->iif[sizeof(v->iif) - 1] = v->oif[sizeof(v->oif) - 1] = '\0';
	v->ctinfo = p->ctinfo;
	v->ct_id = p->ct ? p->ct->id : 0;
	v->qfamily = FAMILY_IPV4;
	if (icmp && pkt_icmp_quoted_addr(p, &v->qfamily, &v->qsrc, &v->qdst, &v->qsport,
					 &v->qdport) &&
	    v->qfamily != FAMILY_IPV6)
		v->qfamily = FAMILY_IPV4;
}

/* pkt_view_of's last view and everything it was made of: the packet's
 * bytes and the metadata view_build reads.  A walk asks for the view of
 * the same unchanged packet at most of its events (a trace reads one per
 * event, every target is bracketed by two), and comparing the bytes
 * costs a fraction of parsing the headers again. */
static struct {
	bool valid;
	uint8_t *bytes;
	size_t len, cap;
	uint32_t mark, priority, ctmark;
	unsigned ct_id;
	enum ct_info ctinfo;
	char iif[IFNAME_MAX], oif[IFNAME_MAX];
	struct pkt_view view;
} last_view;

static bool view_inputs_same(const struct packet *p, uint32_t ctmark, unsigned ct_id)
{
	return last_view.valid && last_view.len == p->len && last_view.mark == p->mark &&
	       last_view.priority == p->priority && last_view.ctinfo == p->ctinfo &&
	       last_view.ctmark == ctmark && last_view.ct_id == ct_id &&
	       memcmp(last_view.iif, p->iif, sizeof(last_view.iif)) == 0 &&
	       memcmp(last_view.oif, p->oif, sizeof(last_view.oif)) == 0 &&
	       (p->len == 0 || memcmp(last_view.bytes, p->data, p->len) == 0);
}

void pkt_view_of(const struct packet *p, struct pkt_view *v)
{
	uint32_t ctmark = p->ct ? p->ct->mark : 0;
	unsigned ct_id = p->ct ? p->ct->id : 0;
	if (view_inputs_same(p, ctmark, ct_id)) {
		*v = last_view.view;
		return;
	}
	view_build(p, v);
	if (last_view.cap < p->len) {
		last_view.cap = p->len;
		last_view.bytes = xrealloc(last_view.bytes, last_view.cap);
	}
	if (p->len)
		memcpy(last_view.bytes, p->data, p->len);
	last_view.len = p->len;
	last_view.mark = p->mark;
	last_view.priority = p->priority;
	last_view.ctinfo = p->ctinfo;
	last_view.ctmark = ctmark;
	last_view.ct_id = ct_id;
	memcpy(last_view.iif, p->iif, sizeof(last_view.iif));
	memcpy(last_view.oif, p->oif, sizeof(last_view.oif));
	last_view.view = *v;
	last_view.valid = true;
}

/* A view made by hand (zeroed, family 0) reads as IPv4, as views did. */
static int view_family(int family)
{
	return family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
}

/* v in base 10 or 16, at least `digits` of them, ending at e; returns
 * where they start */
static char *digits_to(char *e, uint32_t v, unsigned base, int digits)
{
	char *q = e;
	do {
		*--q = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0 || e - q < digits);
	return q;
}

/* Written by hand, not through snprintf: every rewrite a trace reports
 * formats two of them. */
size_t pkt_view_field_n(const struct pkt_view *v, enum pkt_field f, char *buf, size_t n)
{
	char t[INET_STRLEN + 16], *e = t + sizeof(t) - 1;
	const char *s = t;
	size_t len = SIZE_MAX; /* known for addresses and numbers (they end at e) */
	*e = '\0';
	switch (f) {
	case PF_SRC:
		len = inet_fmt_n(view_family(v->family), &v->src, t);
		break;
	case PF_DST:
		len = inet_fmt_n(view_family(v->family), &v->dst, t);
		break;
	case PF_QSRC:
		len = inet_fmt_n(view_family(v->qfamily), &v->qsrc, t);
		break;
	case PF_QDST:
		len = inet_fmt_n(view_family(v->qfamily), &v->qdst, t);
		break;
	case PF_SPORT:
	case PF_DPORT:
	case PF_TTL:
	case PF_QSPORT:
	case PF_QDPORT: {
		uint32_t x = f == PF_SPORT ? v->sport : f == PF_DPORT ? v->dport : f == PF_TTL ? v->ttl
			   : f == PF_QSPORT ? v->qsport : v->qdport;
		s = digits_to(e, x, 10, 1); /* %u */
		len = (size_t)(e - s);
		break;
	}
	case PF_MARK:
	case PF_CTMARK:
	case PF_TOS: {
		/* 0x%x, 0x%x, 0x%02x */
		char *q = digits_to(e, f == PF_MARK ? v->mark : f == PF_CTMARK ? v->ctmark : v->tos,
				    16, f == PF_TOS ? 2 : 1);
		*--q = 'x';
		*--q = '0';
		s = q;
		len = (size_t)(e - s);
		break;
	}
	case PF_PRIORITY: { /* %x:%x */
		char *q = digits_to(e, v->priority & 0xffff, 16, 1);
		*--q = ':';
		s = digits_to(q, v->priority >> 16, 16, 1);
		break;
	}
	case PF_OIF:
		s = v->oif[0] ? v->oif : "-";
		break;
	default:
		s = "?";
	}
	if (len == SIZE_MAX)
		len = strlen(s);
	return str_copy_n(buf, n, s, len);
}

void pkt_view_field(const struct pkt_view *v, enum pkt_field f, char *buf, size_t n)
{
	pkt_view_field_n(v, f, buf, n);
}

bool pkt_view_differs(const struct pkt_view *a, const struct pkt_view *b, enum pkt_field f)
{
	switch (f) {
	case PF_SRC:
		return !inet_eq(&a->src, &b->src);
	case PF_DST:
		return !inet_eq(&a->dst, &b->dst);
	case PF_SPORT:
		return a->sport != b->sport;
	case PF_DPORT:
		return a->dport != b->dport;
	case PF_MARK:
		return a->mark != b->mark;
	case PF_CTMARK:
		return a->ctmark != b->ctmark;
	case PF_TOS:
		return a->tos != b->tos;
	case PF_TTL:
		return a->ttl != b->ttl;
	case PF_PRIORITY:
		return a->priority != b->priority;
	case PF_OIF:
		return strcmp(a->oif, b->oif) != 0;
	case PF_QSRC:
		return !inet_eq(&a->qsrc, &b->qsrc);
	case PF_QDST:
		return !inet_eq(&a->qdst, &b->qdst);
	case PF_QSPORT:
		return a->qsport != b->qsport;
	case PF_QDPORT:
		return a->qdport != b->qdport;
	default:
		return false;
	}
}
