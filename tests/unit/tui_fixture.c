/* tui_fixture.c - the hand-made recording (see tui_fixture.h). */
#include "tui_fixture.h"

#include <string.h>

struct builder {
	struct recording *rec;
	int pkt, sub, step;
	struct pkt_view view;
	enum stage_id stage;
};

static struct event base(struct builder *b, enum event_kind kind)
{
	const struct stage_info *si = stage_info(b->stage);
	return (struct event){
		.kind = kind,
		.pkt = b->pkt,
		.sub = b->sub,
		.step = ++b->step,
		.stage = b->stage,
		.hook = si->hook,
		.table = si->table,
		.view = &b->view,
	};
}

static void start(struct builder *b, int pkt, int sub, enum stage_id st, const char *text)
{
	b->pkt = pkt;
	b->sub = sub;
	b->step = 0;
	b->stage = st;
	struct event ev = base(b, EV_PACKET);
	ev.text = text;
	recording_sink(&ev, b->rec);
}

static void enter(struct builder *b, enum stage_id st)
{
	b->stage = st;
	struct event ev = base(b, EV_ENTER);
	ev.text = stage_info(st)->title;
	recording_sink(&ev, b->rec);
}

static void rule(struct builder *b, const char *chain, int n, bool matched, const char *fail)
{
	struct event_result res[2] = {{.ok = true, .text = "-p tcp: yes"},
				      {.ok = matched, .text = fail ? fail : "--dport 80: yes"}};
	struct event ev = base(b, EV_RULE);
	ev.chain = chain;
	ev.rule = n;
	ev.matched = matched;
	ev.results = res;
	ev.nresults = 2;
	recording_sink(&ev, b->rec);
}

static void target(struct builder *b, const char *chain, int n, enum verdict v, const char *text)
{
	struct event ev = base(b, EV_TARGET);
	ev.chain = chain;
	ev.rule = n;
	ev.verdict = v;
	ev.text = text;
	recording_sink(&ev, b->rec);
}

static void rewrite(struct builder *b, enum pkt_field f, const char *old_val, const char *new_val)
{
	struct event ev = base(b, EV_REWRITE);
	ev.field = f;
	ev.old_val = old_val;
	ev.new_val = new_val;
	recording_sink(&ev, b->rec);
}

static void verdict(struct builder *b, const char *chain, enum verdict v, bool policy)
{
	struct event ev = base(b, EV_VERDICT);
	ev.chain = chain;
	ev.verdict = v;
	ev.policy = policy;
	recording_sink(&ev, b->rec);
}

static void simple(struct builder *b, enum event_kind kind, const char *text, const char *detail)
{
	struct event ev = base(b, kind);
	ev.text = text;
	ev.detail = detail;
	recording_sink(&ev, b->rec);
}

static void fate(struct builder *b, enum fate f, const char *text)
{
	struct event ev = base(b, EV_FATE);
	ev.fate = f;
	ev.text = text;
	recording_sink(&ev, b->rec);
}

/* The arriving part every walk shares, in the era's order. */
static void prerouting(struct builder *b, enum era era, bool nat)
{
	if (era == ERA_MODERN)
		enter(b, ST_QOS_INGRESS_EARLY);
	enter(b, ST_CT_PREROUTING);
	b->view.ctinfo = CTINFO_NEW;
	b->view.ct_id = (unsigned)b->pkt;
	simple(b, EV_CONNTRACK, "new connection",
	       b->pkt == 1 ? "tcp 6 120 SYN_SENT src=10.0.1.2 dst=203.0.113.1 sport=40000 dport=8080"
			   : "tcp 6 120 SYN_SENT src=198.51.100.7 dst=203.0.113.1 sport=40001 dport=23");
	enter(b, ST_MANGLE_PREROUTING);
	if (nat) {
		rule(b, "PREROUTING", 1, true, NULL);
		target(b, "PREROUTING", 1, V_CONTINUE, "MARK set 0x2");
		b->view.mark = 2;
		rewrite(b, PF_MARK, "0x0", "0x2");
	}
	verdict(b, "PREROUTING", V_ACCEPT, true);
	if (nat) {
		enter(b, ST_NAT_PREROUTING);
		rule(b, "PREROUTING", 1, true, NULL);
		target(b, "PREROUTING", 1, V_ACCEPT, "DNAT to 10.0.0.2:80");
		verdict(b, "PREROUTING", V_ACCEPT, false);
		b->view.dst.ip = 0x0a000002;
		b->view.dport = 80;
		rewrite(b, PF_DST, "203.0.113.1", "10.0.0.2");
		rewrite(b, PF_DPORT, "8080", "80");
	}
	if (era == ERA_KPTD)
		enter(b, ST_QOS_INGRESS);
	enter(b, ST_ROUTE_INPUT);
}

static void walk_forwarded(struct builder *b, enum era era)
{
	b->view = (struct pkt_view){.proto = PROTO_TCP, .src.ip = 0x0a000102, .dst.ip = 0xcb007101,
				    .sport = 40000, .dport = 8080, .tcp_flags = TCPF_SYN,
				    .ttl = 64, .len = 60, .iif = "eth0"};
	start(b, 1, 0, ST_NET_IN, "tcp 10.0.1.2:40000 -> 203.0.113.1:8080 [S]");
	prerouting(b, era, true);
	strcpy(b->view.oif, "eth1");
	simple(b, EV_ROUTE, "to 10.0.0.0/24 via eth1 (table main)", NULL);
	enter(b, ST_FILTER_FORWARD);
	rule(b, "FORWARD", 1, false, "--dport 443: no, packet has 80");
	rule(b, "FORWARD", 2, true, NULL);
	target(b, "FORWARD", 2, V_ACCEPT, "ACCEPT");
	verdict(b, "FORWARD", V_ACCEPT, false);
	enter(b, ST_NAT_POSTROUTING);
	verdict(b, "POSTROUTING", V_ACCEPT, true);
	enter(b, ST_NET_OUT);
	fate(b, FATE_FORWARDED, "out of eth1");
}

static void walk_dropped(struct builder *b, enum era era)
{
	b->view = (struct pkt_view){.proto = PROTO_TCP, .src.ip = 0xc6336407, .dst.ip = 0xcb007101,
				    .sport = 40001, .dport = 23, .tcp_flags = TCPF_SYN,
				    .ttl = 64, .len = 60, .iif = "eth0"};
	start(b, 2, 0, ST_NET_IN, "tcp 198.51.100.7:40001 -> 203.0.113.1:23 [S]");
	prerouting(b, era, false);
	simple(b, EV_ROUTE, "local address 203.0.113.1", NULL);
	enter(b, ST_FILTER_INPUT);
	verdict(b, "INPUT", V_DROP, true);
	fate(b, FATE_DROPPED, "filter INPUT policy DROP");
}

static void walk_answer(struct builder *b)
{
	b->view = (struct pkt_view){.proto = PROTO_TCP, .src.ip = 0xcb007101, .dst.ip = 0xc6336407,
				    .sport = 23, .dport = 40001, .tcp_flags = TCPF_RST | TCPF_ACK,
				    .ttl = 64, .len = 40};
	start(b, 2, 1, ST_LOCAL, "tcp 203.0.113.1:23 -> 198.51.100.7:40001 [R.]");
	enter(b, ST_ROUTE_OUTPUT);
	strcpy(b->view.oif, "eth0");
	simple(b, EV_ROUTE, "default via 203.0.113.254 dev eth0", NULL);
	enter(b, ST_NET_OUT);
	fate(b, FATE_SENT, "out of eth0");
}

void tui_fixture_record(struct recording *rec, enum era era)
{
	struct builder b = {.rec = rec};
	recording_clear(rec);
	walk_forwarded(&b, era);
	walk_dropped(&b, era);
	walk_answer(&b);
}
