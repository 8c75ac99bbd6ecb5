/* test_event.c - what event.c gives the traces: field values written as
 * the printf formats they replace, packet views that follow every change
 * of the packet although the last one is reused, and rule texts kept
 * until the rules change. */
#include <stdlib.h>

#include "engine/walk/event.h"
#include "engine/track/conntrack.h"
#include "pkt_helpers.h"
#include "../tap.h"

/* pkt_view_field against the snprintf formats it replaced */
static int field_mismatches(const struct pkt_view *v)
{
	char want[48], got[48], a[INET_STRLEN];
	int bad = 0;
	for (int f = 0; f < PF_COUNT; f++) {
		switch (f) {
		case PF_SRC:
			snprintf(want, sizeof(want), "%s", inet_fmt(v->family, &v->src, a));
			break;
		case PF_DST:
			snprintf(want, sizeof(want), "%s", inet_fmt(v->family, &v->dst, a));
			break;
		case PF_SPORT:
			snprintf(want, sizeof(want), "%u", v->sport);
			break;
		case PF_DPORT:
			snprintf(want, sizeof(want), "%u", v->dport);
			break;
		case PF_MARK:
			snprintf(want, sizeof(want), "0x%x", v->mark);
			break;
		case PF_CTMARK:
			snprintf(want, sizeof(want), "0x%x", v->ctmark);
			break;
		case PF_TOS:
			snprintf(want, sizeof(want), "0x%02x", v->tos);
			break;
		case PF_TTL:
			snprintf(want, sizeof(want), "%u", v->ttl);
			break;
		case PF_PRIORITY:
			snprintf(want, sizeof(want), "%x:%x", v->priority >> 16, v->priority & 0xffff);
			break;
		case PF_OIF:
			snprintf(want, sizeof(want), "%s", v->oif[0] ? v->oif : "-");
			break;
		case PF_QSRC:
			snprintf(want, sizeof(want), "%s", inet_fmt(v->qfamily, &v->qsrc, a));
			break;
		case PF_QDST:
			snprintf(want, sizeof(want), "%s", inet_fmt(v->qfamily, &v->qdst, a));
			break;
		case PF_QSPORT:
			snprintf(want, sizeof(want), "%u", v->qsport);
			break;
		case PF_QDPORT:
			snprintf(want, sizeof(want), "%u", v->qdport);
			break;
		default:
			snprintf(want, sizeof(want), "?");
		}
		pkt_view_field(v, (enum pkt_field)f, got, sizeof(got));
		if (strcmp(got, want) != 0) {
			printf("# field %s: got '%s', want '%s'\n", pkt_field_name((enum pkt_field)f),
			       got, want);
			bad++;
		}
	}
	return bad;
}

static void test_fields(void)
{
	static const uint32_t values[] = {0, 1, 9, 10, 15, 16, 255, 256, 4095, 65535, 65536,
					  0x10002, 0xdeadbeef, 0xffffffff};
	int bad = 0;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		uint32_t x = values[i];
		struct pkt_view v = {.family = FAMILY_IPV4, .qfamily = FAMILY_IPV4};
		v.src.ip = x;
		v.dst.ip = ~x;
		v.sport = v.qsport = (uint16_t)x;
		v.dport = v.qdport = (uint16_t)(x >> 16);
		v.mark = x;
		v.ctmark = ~x;
		v.tos = v.ttl = (uint8_t)x;
		v.priority = x;
		strcpy(v.oif, i % 2 ? "eth1" : "");
		bad += field_mismatches(&v);
		v.family = v.qfamily = FAMILY_IPV6;
		v.src = A6("2001:db8::1");
		v.qdst = A6("fe80::1:2");
		bad += field_mismatches(&v);
	}
	ok(bad == 0, "every field of the view as its printf format wrote it (%d differ)", bad);
	char small[4];
	struct pkt_view v = {.family = FAMILY_IPV4, .src.ip = 0x0a000001};
	pkt_view_field(&v, PF_SRC, small, sizeof(small));
	is_str(small, "10.", "cut to the buffer as snprintf cuts");
}

/* a fresh view of p, built past the reuse: the reused one must equal it */
static bool view_is_fresh(const struct packet *p)
{
	struct pkt_view now, again;
	pkt_view_of(p, &now);
	struct packet *q = packet_clone(p); /* other bytes at another address */
	q->mark ^= 1;
	pkt_view_of(q, &again); /* a different packet: built */
	q->mark ^= 1;
	q->ct = p->ct;
	q->ctinfo = p->ctinfo;
	pkt_view_of(q, &again);
	packet_free(q);
	return memcmp(&now, &again, sizeof(now)) == 0;
}

static void test_views(void)
{
	struct packet *p = tcp("10.0.0.1", 1000, "192.0.2.1", 80, TCPF_SYN, 1, 0, 0);
	struct pkt_view v1, v2;
	pkt_view_of(p, &v1);
	pkt_view_of(p, &v2);
	ok(memcmp(&v1, &v2, sizeof(v1)) == 0, "the same packet twice: the same view");

	pkt_set_saddr(p, A("198.51.100.7"));
	pkt_view_of(p, &v2);
	ok(v2.src.ip == A("198.51.100.7") && view_is_fresh(p), "a rewritten address shows");
	pkt_set_dport(p, 8080);
	pkt_view_of(p, &v2);
	ok(v2.dport == 8080 && view_is_fresh(p), "a rewritten port shows");
	pkt_set_ttl(p, 3);
	pkt_view_of(p, &v2);
	ok(v2.ttl == 3, "a rewritten ttl shows");
	p->mark = 0x42;
	pkt_view_of(p, &v2);
	ok(v2.mark == 0x42, "a new mark shows");
	p->priority = 0x10002;
	pkt_view_of(p, &v2);
	ok(v2.priority == 0x10002, "a new class shows");
	strcpy(p->oif, "eth1");
	pkt_view_of(p, &v2);
	is_str(v2.oif, "eth1", "a new output interface shows");
	p->ctinfo = CTINFO_ESTABLISHED;
	pkt_view_of(p, &v2);
	ok(v2.ctinfo == CTINFO_ESTABLISHED, "a new conntrack state shows");

	struct ct_entry ct;
	memset(&ct, 0, sizeof(ct));
	ct.id = 7;
	ct.mark = 5;
	p->ct = &ct;
	pkt_view_of(p, &v2);
	ok(v2.ct_id == 7 && v2.ctmark == 5, "the connection's id and mark show");
	ct.mark = 6;
	pkt_view_of(p, &v2);
	ok(v2.ctmark == 6, "a new connection mark shows, the packet unchanged");
	ct.id = 8;
	pkt_view_of(p, &v2);
	ok(v2.ct_id == 8, "another entry at the same address shows");
	p->ct = NULL;

	struct packet *q = udp("10.0.0.2", 53, "192.0.2.2", 53, 10);
	struct pkt_view vq;
	pkt_view_of(q, &vq);
	pkt_view_of(p, &v2);
	ok(vq.proto == PROTO_UDP && v2.proto == PROTO_TCP && v2.ttl == 3,
	   "two packets in turn: each its own view");
	packet_free(q);
	packet_free(p);
}

static void test_rule_text(void)
{
	struct ruleset rs;
	ruleset_init(&rs);
	struct nf_error err = {0};
	ok(ruleset_command(&rs, "-A FORWARD -p tcp --dport 22 -j ACCEPT", 1, &err) == 0,
	   "a rule");
	struct chain *c = ruleset_builtin(&rs, TABLE_FILTER, HOOK_FORWARD);
	struct event ev = {.kind = EV_RULE, .rule_ptr = c->rules[0], .rules_gen = rs.gen};
	size_t n;
	const char *t = event_rule_text(&ev, &n);
	is_str(t, "-p tcp -m tcp --dport 22 -j ACCEPT", "the rule as iptables-save prints it");
	ok(n == strlen(t), "with its length");
	ok(event_rule_text(&ev, NULL) == t, "asked again in the same generation: kept");

	/* the rules change: a new generation, and the rule there a new text */
	ok(ruleset_command(&rs, "-D FORWARD 1", 2, &err) == 0 &&
		   ruleset_command(&rs, "-A FORWARD -p udp --dport 53 -j DROP", 3, &err) == 0,
	   "the rule replaced");
	ev.rule_ptr = c->rules[0];
	ev.rules_gen = rs.gen;
	is_str(event_rule_text(&ev, NULL), "-p udp -m udp --dport 53 -j DROP",
	       "a new generation: the new rule's text");
	ev.rules_gen = 0;
	is_str(event_rule_text(&ev, NULL), "-p udp -m udp --dport 53 -j DROP",
	       "no generation known: formatted each time");
	ev.rule_ptr = NULL;
	is_str(event_rule_text(&ev, &n), "", "no rule: nothing");
	ruleset_free(&rs);
}

int main(void)
{
	test_fields();
	test_views();
	test_rule_text();
	return tap_done();
}
