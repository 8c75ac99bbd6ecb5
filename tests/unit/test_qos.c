/* test_qos.c - tc commands and classification.  Facts from Linux 6.18
 * (iproute2 6.1) in a throwaway namespace: `htb default 30` is shown as
 * "default 0x30" (the minor is hex); a second root qdisc is refused
 * ("NLM_F_REPLACE needed to override"), a second ingress too ("Exclusivity
 * flag on, cannot modify"); a qdisc without a handle is 8001:; htb takes
 * a class whose parent does not exist as a root class; filters without a
 * prio get 49152, 49151, and after a `prio 3` one 49150; and, counting
 * packets from SO_PRIORITY sockets with `tc -s class show`: priority 1:1
 * (a class) beat a catch-all filter to 1:10, priority 1:99 (no class)
 * went by the filter, no filter -> the default 1:30, priority 1:0 ->
 * direct.
 * That kernel had no cls_fw or sch_prio module: the fw rule (mark & mask
 * == handle) is cls_fw.c's, the band choice and the priomap check are
 * sch_prio.c's (prio_classify, prio_tune). */
#include <stdlib.h>
#include <string.h>

#include "engine/net/qos.h"
#include "tests/tap.h"

static void add(struct qos *q, const char *cmd)
{
	struct nf_error err = {0};
	if (qos_add(q, cmd, &err) != 0)
		printf("# setup failed: %s: %s\n", cmd, err.msg);
}

/* LARTC's shape: htb on eth1, three classes, fw filters for marks. */
static void htb_lab(struct qos *q)
{
	qos_init(q);
	add(q, "tc qdisc add dev eth1 root handle 1: htb default 30");
	add(q, "class add dev eth1 parent 1: classid 1:1 htb rate 1mbit");
	add(q, "class add dev eth1 parent 1: classid 1:10 htb rate 2mbit");
	add(q, "class add dev eth1 parent 1: classid 1:30 htb rate 3mbit");
	add(q, "filter add dev eth1 parent 1: protocol ip prio 1 handle 6 fw classid 1:1");
	add(q, "filter add dev eth1 parent 1: protocol ip prio 2 handle 0x10/0xf0 fw flowid 1:10");
}

static struct packet *pkt(uint32_t mark, uint32_t priority)
{
	struct pkt_spec s = {.proto = PROTO_UDP, .src.ip = 0x0a000001, .dst.ip = 0x0a000002,
			     .sport = 1, .dport = 2};
	struct packet *p = packet_build(&s);
	p->mark = mark;
	p->priority = priority;
	return p;
}

static void classify(const struct qos *q, uint32_t mark, uint32_t priority, const char *dev,
		     bool ingress, struct qos_result *r)
{
	struct packet *p = pkt(mark, priority);
	qos_classify(q, p, dev, ingress, r);
	packet_free(p);
}

static void test_handles(void)
{
	char b[16];
	uint32_t h = 0;
	ok(tc_handle_parse("1:", &h) && h == 0x10000, "1: is 0x10000");
	ok(tc_handle_parse("1:10", &h) && h == 0x10010, "1:10 is hex");
	ok(tc_handle_parse("ffff:", &h) && h == 0xffff0000u, "ffff:");
	ok(tc_handle_parse(":1", &h) && h == 1, ":1");
	ok(tc_handle_parse("root", &h) && h == TC_H_ROOT, "root");
	ok(!tc_handle_parse("1", &h), "no colon");
	ok(!tc_handle_parse("10000:", &h), "major past ffff");
	ok(!tc_handle_parse("1:g", &h), "not hex");
	ok(!tc_handle_parse(":", &h), "nothing");
	is_str(tc_handle_fmt(0x10010, b, sizeof(b)), "1:10", "fmt 1:10");
	is_str(tc_handle_fmt(0x10000, b, sizeof(b)), "1:", "fmt 1:");
	is_str(tc_handle_fmt(TC_H_ROOT, b, sizeof(b)), "root", "fmt root");
}

static void test_model(void)
{
	struct qos q;
	htb_lab(&q);
	is_int(q.nqdiscs, 1, "one qdisc");
	is_str(q.qdiscs[0].kind, "htb", "  htb");
	is_int(q.qdiscs[0].defcls, 0x30, "  default 30 is minor 0x30");
	is_int(q.qdiscs[0].parent, TC_H_ROOT, "  root");
	is_str(q.qdiscs[0].text, "qdisc add dev eth1 root handle 1: htb default 30", "  text");
	is_int(q.nclasses, 3, "three classes");
	is_str(q.classes[0].spec, "htb rate 1mbit", "  spec");
	is_int(q.classes[1].classid, 0x10010, "  1:10");
	is_int(q.nfilters, 2, "two filters");
	is_int(q.filters[1].handle, 0x10, "  handle 0x10");
	is_int(q.filters[1].mask, 0xf0, "  mask 0xf0");
	is_int(q.filters[0].mask, 0xffffffffu, "  default mask");
	ok(qos_has_dev(&q, "eth1", false), "eth1 has egress tc");
	ok(!qos_has_dev(&q, "eth1", true), "eth1 has no ingress");
	ok(!qos_has_dev(&q, "eth0", false), "eth0 has nothing");

	/* Automatic filter priorities as 6.18 hands them out. */
	add(&q, "filter add dev eth1 parent 1: handle 1 fw classid 1:1");
	add(&q, "filter add dev eth1 parent 1: handle 2 fw classid 1:1");
	add(&q, "filter add dev eth1 parent 1: prio 3 handle 3 fw classid 1:1");
	add(&q, "filter add dev eth1 parent 1: handle 4 fw classid 1:1");
	uint32_t want[] = {1, 2, 3, 49150, 49151, 49152};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		is_int(q.filters[i].prio, want[i], "  filters sorted by prio, automatic ones 4915x");
	is_int(q.filters[3].handle, 4, "  the last one added got 49150");
	qos_free(&q);
}

static void test_egress(void)
{
	struct qos q;
	struct qos_result r;
	htb_lab(&q);
	classify(&q, 6, 0, "eth1", false, &r);
	ok(r.has_qdisc, "mark 6: a qdisc is there");
	is_int(r.classid, 0x10001, "  class 1:1");
	is_str(r.why, "fw filter handle 0x6 matched mark 0x6 -> class 1:1 (htb rate 1mbit)", "  why");
	classify(&q, 0x13, 0, "eth1", false, &r);
	is_int(r.classid, 0x10010, "mark 0x13 & 0xf0 == 0x10: class 1:10");
	is_str(r.why, "fw filter handle 0x10/0xf0 matched mark 0x13 -> class 1:10 (htb rate 2mbit)",
	       "  why");
	classify(&q, 7, 0, "eth1", false, &r);
	is_int(r.classid, 0x10030, "no filter: the default class");
	is_str(r.why, "no fw filter (on qdisc 1:) matched mark 0x7 -> htb default class 1:30 (htb rate 3mbit)",
	       "  why");
	classify(&q, 6, 0x10010, "eth1", false, &r);
	is_int(r.classid, 0x10010, "CLASSIFY 1:10 beats the mark-6 filter");
	is_str(r.why,
	       "skb->priority 1:10 (CLASSIFY) names a class, no filter asked: class 1:10 (htb rate "
	       "2mbit)",
	       "  why");
	classify(&q, 6, 0x10099, "eth1", false, &r);
	is_int(r.classid, 0x10001, "priority 1:99 names no class: the filters decide");
	classify(&q, 6, 0x10000, "eth1", false, &r);
	is_int(r.classid, 0, "priority 1:0: sent direct");
	is_str(r.why, "skb->priority 1: names the qdisc itself: sent direct", "  why");
	classify(&q, 6, 0x20001, "eth1", false, &r);
	is_int(r.classid, 0x10001, "priority of another major: ignored");
	classify(&q, 6, 0, "eth0", false, &r);
	ok(!r.has_qdisc && r.classid == 0, "eth0: nothing configured");
	is_str(r.why, "no tc qdisc on eth0: the default qdisc just queues it", "  why");
	qos_free(&q);
}

static void test_egress_shapes(void)
{
	struct qos q;
	struct qos_result r;
	/* No default class: what no filter takes goes direct. */
	qos_init(&q);
	add(&q, "qdisc add dev eth1 root handle 1: htb");
	add(&q, "class add dev eth1 parent 1: classid 1:1 htb rate 1mbit");
	add(&q, "class add dev eth1 parent 1:1 classid 1:2 htb rate 512kbit");
	add(&q, "class add dev eth1 parent 1:1 classid 1:3 htb rate 512kbit");
	add(&q, "filter add dev eth1 parent 1: prio 1 handle 1 fw classid 1:1");
	add(&q, "filter add dev eth1 parent 1:1 prio 1 handle 1 fw classid 1:3");
	add(&q, "filter add dev eth1 parent 1: prio 2 handle 9 fw classid 1:9");
	add(&q, "filter add dev eth1 parent 1: prio 3 handle 5 fw action drop");
	classify(&q, 0, 0, "eth1", false, &r);
	is_int(r.classid, 0, "htb without default: direct");
	is_str(r.why, "no fw filter (on qdisc 1:) matched mark 0x0 -> htb has no default class: sent direct, "
		      "unclassified",
	       "  why");
	classify(&q, 1, 0, "eth1", false, &r);
	is_int(r.classid, 0x10003, "through the inner class 1:1 to its filter's leaf 1:3");
	is_str(r.why,
	       "fw filter handle 0x1 matched mark 0x1 -> inner class 1:1, whose filters decide: fw "
	       "filter handle 0x1 matched mark 0x1 -> class 1:3 (htb rate 512kbit)",
	       "  why");
	classify(&q, 9, 0, "eth1", false, &r);
	is_int(r.classid, 0, "a filter naming a missing class: unclassified");
	classify(&q, 5, 0, "eth1", false, &r);
	ok(r.drop, "action drop on egress drops");
	is_str(r.why, "fw filter handle 0x5 matched mark 0x5 -> action drop: the packet is dropped",
	       "  why");
	qos_free(&q);

	/* prio: bands from the priomap, a filter, or skb->priority. */
	qos_init(&q);
	add(&q, "qdisc add dev eth2 root handle 2: prio");
	add(&q, "qdisc add dev eth2 parent 2:1 handle 10: sfq");
	add(&q, "filter add dev eth2 parent 2: handle 4 fw flowid 2:3");
	classify(&q, 0, 0, "eth2", false, &r);
	is_int(r.classid, 0x20002, "priority 0 -> priomap band 1 -> 2:2");
	is_str(r.why, "no fw filter matched mark 0x0; priomap[0] is band 1 -> prio band 1, class 2:2",
	       "  why");
	classify(&q, 0, 6, "eth2", false, &r);
	is_int(r.classid, 0x20001, "TC_PRIO_INTERACTIVE (6) -> band 0 -> 2:1");
	classify(&q, 4, 0, "eth2", false, &r);
	is_int(r.classid, 0x20003, "the fw filter -> 2:3");
	classify(&q, 0, 0x20003, "eth2", false, &r);
	is_int(r.classid, 0x20003, "priority 2:3 -> band 2");
	classify(&q, 0, 0x20009, "eth2", false, &r);
	is_int(r.classid, 0x20002, "band out of range -> priomap[0]");
	qos_free(&q);

	/* Classless root. */
	qos_init(&q);
	add(&q, "qdisc add dev eth3 root tbf rate 1mbit burst 32kbit latency 400ms");
	classify(&q, 6, 0, "eth3", false, &r);
	ok(r.has_qdisc && r.classid == 0, "tbf: no class");
	is_str(r.why, "root qdisc 8001: tbf is classless: one queue for every packet",
	       "  automatic handle 8001:");
	qos_free(&q);

	/* hfsc and drr: unclassified packets are dropped. */
	qos_init(&q);
	add(&q, "qdisc add dev eth4 root handle 1: drr");
	add(&q, "class add dev eth4 parent 1: classid 1:1 drr");
	classify(&q, 0, 0, "eth4", false, &r);
	ok(r.drop, "drr drops what no filter classifies");
	qos_free(&q);
}

static void test_ingress(void)
{
	struct qos q;
	struct qos_result r;
	qos_init(&q);
	add(&q, "qdisc add dev eth0 ingress");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 1 handle 6 fw action drop");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 2 handle 7 fw police rate 1mbit "
		"burst 10k drop flowid :1");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 3 handle 8 fw classid :1");
	ok(qos_has_dev(&q, "eth0", true), "eth0 has ingress");
	is_int(q.qdiscs[0].handle, 0xffff0000u, "  handle ffff:");
	classify(&q, 6, 0, "eth0", true, &r);
	ok(r.drop, "mark 6: dropped at ingress");
	is_str(r.why, "fw filter handle 0x6 matched mark 0x6 -> action drop: the packet is dropped",
	       "  why");
	classify(&q, 7, 0, "eth0", true, &r);
	ok(!r.drop, "mark 7: policed, one packet passes");
	is_str(r.why,
	       "fw filter handle 0x7 matched mark 0x7 -> police rate 1mbit burst 10k drop: at "
	       "t=0.000s bucket 10240/10240 bytes (+125000 bytes/s), packet 28 bytes: conforms -> "
	       "pass; classid ffff:1 (ingress has no queues): the packet passes",
	       "  why");
	is_int(r.classid, 0xffff0001u, "  flowid :1 after the policer is the filter's");
	classify(&q, 8, 0, "eth0", true, &r);
	ok(!r.drop && r.classid == 0xffff0001u, "mark 8: classid ffff:1 recorded");
	classify(&q, 0, 0, "eth0", true, &r);
	ok(!r.drop && r.has_qdisc, "no mark: passes");
	is_str(r.why, "no ingress fw filter matched mark 0x0: the packet passes", "  why");
	classify(&q, 6, 0, "eth1", true, &r);
	ok(!r.has_qdisc && !r.drop, "no ingress qdisc on eth1");
	is_str(r.why, "no ingress qdisc on eth1: the packet passes", "  why");
	qos_free(&q);
}

static void bad(struct qos *q, const char *cmd, const char *msg, int col)
{
	struct nf_error err = {0};
	size_t nq = q->nqdiscs, nc = q->nclasses, nf = q->nfilters;
	is_int(qos_add(q, cmd, &err), -1, cmd);
	is_str(err.msg, msg, "  message");
	is_int(err.col, col, "  column");
	ok(q->nqdiscs == nq && q->nclasses == nc && q->nfilters == nf, "  nothing added");
}

static void test_errors(void)
{
	struct qos q;
	htb_lab(&q);
	add(&q, "qdisc add dev eth1 ingress");
	bad(&q, "qdisc add dev eth1 root handle 2: htb",
	    "eth1 already has a root qdisc (tc: \"NLM_F_REPLACE needed to override\")", 19);
	bad(&q, "qdisc add dev eth1 ingress",
	    "eth1 already has an ingress qdisc (tc: \"Exclusivity flag on, cannot modify\")", 19);
	bad(&q, "qdisc add dev eth1 root handle 1: bogus", "unknown qdisc \"bogus\"", 34);
	bad(&q, "qdisc add dev eth1 root handle 1", "\"1\" is not a tc handle (like 1: or 1:10, hex)",
	    31);
	bad(&q, "qdisc add dev eth2 root handle 1:5 htb", "a qdisc handle has no minor: 1:5", 31);
	bad(&q, "qdisc add dev eth2 htb", "say where the qdisc goes: root or parent H", 22);
	bad(&q, "qdisc add root handle 1: htb", "missing \"dev IF\"", 28);
	bad(&q, "qdisc add dev eth2 root handle 1: htb default x",
	    "\"x\" is not a number (hex, as tc reads it)", 46);
	bad(&q, "qdisc add dev eth2 root handle 1: htb bogus 1", "htb takes no option \"bogus\"", 38);
	bad(&q, "qdisc add dev eth2 root handle 1: prio bands 1", "\"1\" is out of range (2..16)", 45);
	bad(&q, "qdisc add dev eth2 root handle 1: prio bands 2",
	    "priomap names band 2 but prio has 2 bands (0..1)", 46);
	add(&q, "qdisc add dev eth5 root handle 5: prio bands 2 priomap 1 1 1 1 1 1 0 0 1 1 1 1 1 1 1 1");
	is_int(q.qdiscs[q.nqdiscs - 1].bands, 2, "prio bands 2 with a priomap that fits");
	bad(&q, "qdisc add dev eth1 parent 1:7 handle 10: sfq",
	    "parent 1:7 is not a class on eth1 (tc: \"Specified class not found\")", 26);
	bad(&q, "qdisc change dev eth1 root htb", "only \"tc qdisc add\" is modelled", 6);
	bad(&q, "tc monitor", "\"monitor\" is not qdisc, class or filter", 3);
	bad(&q, "", "\"\" is not qdisc, class or filter", 0);
	bad(&q, "class add dev eth1 parent 1: classid 1:1 htb rate 1mbit",
	    "class 1:1 already exists on eth1 (tc: \"File exists\")", 37);
	bad(&q, "class add dev eth1 parent 1: classid 2:1 htb rate 1mbit",
	    "no qdisc 2: on eth1 for class 2:1", 37);
	add(&q, "class add dev eth1 parent 1:5 classid 1:6 htb rate 1mbit");
	is_int(q.classes[q.nclasses - 1].parent, 0x10000, "htb: a missing parent means the root");
	bad(&q, "class add dev eth1 parent 1: classid 1:7 hfsc sc rate 1mbit",
	    "class kind \"hfsc\" under htb qdisc 1:", 41);
	bad(&q, "class add dev eth1 parent 1: classid 1: htb rate 1mbit",
	    "a class needs \"classid MAJ:MIN\" with a minor", 37);
	bad(&q, "class add dev eth1 parent 1: classid 1:8", "missing the class kind (like htb rate 1mbit)",
	    40);
	/* A filter's bad fw mark, bad handle, missing pieces. */
	bad(&q, "filter add dev eth1 parent 1: protocol ip handle 6/x fw classid 1:1",
	    "fw mask \"x\" is not a number", 51);
	bad(&q, "filter add dev eth1 parent 1: protocol ip handle bad fw classid 1:1",
	    "fw handle \"bad\" is not a number", 49);
	bad(&q, "filter add dev eth1 parent 1: protocol ip fw classid 1:1",
	    "a fw filter needs \"handle MARK[/MASK]\"", 56);
	bad(&q, "filter add dev eth1 parent 1: protocol ip prio 1 basic classid 1:1",
	    "\"basic\": only the fw and u32 classifiers are modelled", 49);
	bad(&q, "filter add dev eth1 parent 1: protocol ip prio 1 u32 match ip dst 1.2.3.4/33 flowid 1:1",
	    "bad prefix \"1.2.3.4/33\" (like 10.0.0.0/24)", 66);
	bad(&q, "filter add dev eth1 parent 1: protocol ip prio 1 u32 match u32 0 0 at 2 flowid 1:1",
	    "bad offset \"2\" (a multiple of 4 from the IP header)", 70);
	bad(&q, "filter add dev eth1 parent 1: protocol ip u32 flowid 1:1",
	    "a u32 filter needs a selector (match ip ... or match u32 ...)", 56);
	bad(&q, "filter add dev eth1 parent 1: handle 6 fw police rate fast burst 10k drop",
	    "bad rate \"fast\" (like 1mbit or 500kbit)", 54);
	bad(&q, "filter add dev eth1 parent 1: protocol ipv6 handle 6 fw classid 1:1",
	    "protocol \"ipv6\": only ip (or all) is modelled", 39);
	bad(&q, "filter add dev eth1 parent 5: handle 6 fw classid 1:1",
	    "parent 5: is not a qdisc or class on eth1", 27);
	bad(&q, "filter add dev eth1 handle 6 fw classid 1:1",
	    "missing \"parent H\" (the qdisc, like 1: or ffff:)", 43);
	bad(&q, "filter add dev eth1 parent 1: handle 6 fw action reclassify",
	    "action \"reclassify\" is not modelled (drop, pass, ok, continue, police, mirred)", 49);
	bad(&q, "filter add dev eth1 parent 1: handle 6 fw classid", "\"classid\" needs a value", 49);
	bad(&q, "filter add dev eth1 parent 1: handle 6 fw bogus",
	    "fw takes classid, flowid, action or police, not \"bogus\"", 42);
	bad(&q, "filter add dev eth1 parent 1: prio 0 handle 6 fw", "\"0\" is out of range (1..65535)",
	    35);
	qos_free(&q);

	qos_init(&q);
	add(&q, "qdisc add dev eth3 root tbf rate 1mbit burst 32kbit latency 400ms");
	bad(&q, "filter add dev eth3 parent 8001: handle 6 fw classid 1:1",
	    "tbf 8001: is classless: filters do not apply", 27);
	add(&q, "qdisc add dev eth4 root handle 3: prio");
	bad(&q, "class add dev eth4 parent 3: classid 3:1 prio",
	    "prio 3: makes its own classes; tc class add does not apply", 37);
	qos_free(&q);
}

/* u32 keys (iproute2's offsets: dst at 16, dport at 22, protocol at 9)
 * on an htb tree, and a policer's bucket over packet time: 1500-byte
 * packets 1 ms apart through `rate 1mbit burst 3k` (125 bytes refill per
 * ms): two conform, the third exceeds; after 30 ms the bucket is full
 * again. */
static void test_u32_police(void)
{
	struct qos q;
	struct qos_result r;
	qos_init(&q);
	add(&q, "qdisc add dev eth1 root handle 1: htb default 30");
	add(&q, "class add dev eth1 parent 1: classid 1:10 htb rate 2mbit");
	add(&q, "class add dev eth1 parent 1: classid 1:30 htb rate 3mbit");
	add(&q, "filter add dev eth1 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.2/32 "
		"match ip dport 22 0xffff match ip protocol 6 0xff flowid 1:10");
	struct pkt_spec ssh = {.proto = PROTO_TCP, .src.ip = 0x0a000001, .dst.ip = 0x0a000002,
			       .sport = 40000, .dport = 22};
	struct packet *p = packet_build(&ssh);
	qos_classify(&q, p, "eth1", false, &r);
	is_int(r.classid, 0x10010, "u32: ssh to 10.0.0.2 -> 1:10");
	is_str(r.why,
	       "u32 filter (prio 1) matched ip dst 10.0.0.2/32, ip dport 22 0xffff, ip protocol 6 "
	       "0xff -> class 1:10 (htb rate 2mbit)",
	       "  why");
	pkt_set_dport(p, 80);
	qos_classify(&q, p, "eth1", false, &r);
	is_int(r.classid, 0x10030, "u32: port 80 misses -> default 1:30");
	packet_free(p);
	qos_free(&q);

	qos_init(&q);
	add(&q, "qdisc add dev eth0 ingress");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip src 0.0.0.0/0 "
		"police rate 1mbit burst 3k drop flowid :1");
	struct pkt_spec big = {.proto = PROTO_UDP, .src.ip = 1, .dst.ip = 2, .sport = 1, .dport = 2,
			       .payload = 1472};
	bool dropped[4];
	double at[4] = {0, 0.001, 0.002, 0.032};
	for (int i = 0; i < 4; i++) {
		p = packet_build(&big);
		p->t = at[i];
		qos_classify(&q, p, "eth0", true, &r);
		dropped[i] = r.drop;
		packet_free(p);
	}
	ok(!dropped[0] && !dropped[1], "police: the first two 1500-byte packets conform");
	ok(dropped[2], "police: the third, 1 ms later, exceeds and is dropped");
	ok(!dropped[3], "police: 30 ms later the bucket has refilled");
	qos_free(&q);
}

/* What a policer's actions do with the packet: continue and reclassify
 * (cls_fw/cls_u32 go on to the next filter on TC_ACT_UNSPEC; tcf_classify
 * restarts on TC_ACT_RECLASSIFY, and drops after too many loops);
 * mirred is a note and the filter still classifies. */
static void test_actions(void)
{
	struct qos q;
	struct qos_result r;
	qos_init(&q);
	add(&q, "qdisc add dev eth0 ingress");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip protocol 17 0xff "
		"police rate 8kbit burst 100 conform-exceed continue/pass flowid :1");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 2 u32 match ip dport 2 0xffff "
		"action drop");
	struct packet *p = pkt(0, 0); /* udp 1 -> 2, 28 bytes */
	qos_classify(&q, p, "eth0", true, &r);
	ok(!r.drop && r.classid == 0xffff0001u, "police: a conforming packet passes with its flowid");
	qos_classify(&q, p, "eth0", true, &r); /* 100 - 3 * 28 = 16 bytes left */
	qos_classify(&q, p, "eth0", true, &r);
	qos_classify(&q, p, "eth0", true, &r);
	ok(r.drop && strstr(r.why, "exceeds -> continue") && strstr(r.why, "action drop"),
	   "police: exceeding with continue goes on to the next filter, which drops");
	qos_free(&q);

	qos_init(&q);
	add(&q, "qdisc add dev eth0 ingress");
	add(&q, "filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip protocol 17 0xff "
		"police rate 8kbit burst 10 reclassify flowid :1");
	qos_classify(&q, p, "eth0", true, &r);
	ok(r.drop && strstr(r.why, "said reclassify 5 times") && strstr(r.why, "reclassify loop"),
	   "police: reclassify restarts the filters; the same policer loops until dropped");
	qos_free(&q);

	qos_init(&q);
	add(&q, "qdisc add dev eth1 root handle 1: prio");
	add(&q, "filter add dev eth1 parent 1: protocol ip prio 1 u32 match ip dport 2 0xffff "
		"action mirred egress mirror dev eth2 flowid 1:3");
	qos_classify(&q, p, "eth1", false, &r);
	ok(r.classid == 0x10003 && strstr(r.why, "mirred egress mirror dev eth2 (a note"),
	   "mirred is a note; the filter still classifies: %s", r.why);
	packet_free(p);
	qos_free(&q);
}

int main(void)
{
	test_u32_police();
	test_actions();
	test_handles();
	test_model();
	test_egress();
	test_egress_shapes();
	test_ingress();
	test_errors();
	return tap_done();
}
