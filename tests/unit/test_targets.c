/* test_targets.c - what each target does to a packet, its connection and
 * the walk: verdicts, rewrites (with checksums kept), REJECT's answer,
 * LOG's kernel line and the NAT bindings. */
#include <stdlib.h>
#include <string.h>

#include "engine/track/conntrack.h"
#include "engine/track/nat.h"
#include "engine/xt/rule.h"
#include "tests/tap.h"
#include "tests/unit/rules_fixture.h"

static struct engine eng;

/* Run the rule's target (the rule must have one) on p at the hook. */
static enum verdict run(const char *args, enum nf_table t, enum nf_hook h, struct packet *p,
			const char *in, const char *out, struct xt_ctx *ctx)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse(args, t, hook_name(h), 0, &err);
	*ctx = mkctx(&eng, p, t, h, in, out);
	if (!r || r->action != RA_TARGET) {
		printf("# cannot use %s: %s\n", args, r ? "no target" : err.msg);
		rule_free(r);
		return V_COUNT;
	}
	enum verdict v = r->target.type->exec(&r->target, ctx);
	rule_free(r);
	return v;
}

static void test_marks(void)
{
	struct xt_ctx ctx;
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "192.0.2.9", 80, TCPF_SYN);
	p->mark = 0xf0;
	is_int(run("-j MARK --set-xmark 0x3/0xf", TABLE_MANGLE, HOOK_PREROUTING, p, "eth0", NULL,
		   &ctx),
	       V_CONTINUE, "MARK continues");
	is_int(p->mark, 0xf3, "MARK (mark & ~0xf) ^ 3");
	is_str(ctx.why, "mark 0xf0 -> 0xf3", "MARK explains");
	run("-j MARK --or-mark 0x100", TABLE_FILTER, HOOK_INPUT, p, "eth0", NULL, &ctx);
	is_int(p->mark, 0x1f3, "--or-mark in filter");
	run("-j MARK --xor-mark 0x3", TABLE_FILTER, HOOK_INPUT, p, "eth0", NULL, &ctx);
	is_int(p->mark, 0x1f0, "--xor-mark");

	run("-j CONNMARK --save-mark", TABLE_MANGLE, HOOK_PREROUTING, p, "eth0", NULL, &ctx);
	is_str(ctx.why, "no connection (untracked): nothing done", "CONNMARK without a connection");
	struct ct_entry e = {.id = 1, .mark = 0xab00};
	p->ct = &e;
	p->ctinfo = CTINFO_NEW;
	run("-j CONNMARK --save-mark --mask 0xff", TABLE_MANGLE, HOOK_PREROUTING, p, "eth0", NULL,
	    &ctx);
	is_int(e.mark, 0xabf0, "--save-mark --mask 0xff copies the low byte");
	is_str(ctx.why, "ctmark 0xab00 -> 0xabf0", "explains the ctmark");
	run("-j CONNMARK --set-mark 0x1/0xf00", TABLE_MANGLE, HOOK_PREROUTING, p, "eth0", NULL,
	    &ctx);
	is_int(e.mark, 0xa0f1, "--set-mark 1/0xf00: mask becomes 0xf01");
	p->mark = 0xffff0000;
	run("-j CONNMARK --restore-mark --nfmask 0xffff --ctmask 0xff", TABLE_MANGLE,
	    HOOK_PREROUTING, p, "eth0", NULL, &ctx);
	is_int(p->mark, 0xffff00f1u, "--restore-mark: (mark & ~nfmask) ^ (ctmark & ctmask)");
	p->ct = NULL;
	packet_free(p);
}

static void test_header_rewrites(void)
{
	struct xt_ctx ctx;
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "192.0.2.9", 53, 0);
	run("-j TTL --ttl-dec 100", TABLE_MANGLE, HOOK_FORWARD, p, "eth0", "eth1", &ctx);
	is_int(pkt_ttl(p), 0, "--ttl-dec stops at 0");
	is_str(ctx.why, "ttl 64 -> 0", "TTL explains");
	run("-j TTL --ttl-inc 200", TABLE_MANGLE, HOOK_FORWARD, p, "eth0", "eth1", &ctx);
	run("-j TTL --ttl-inc 200", TABLE_MANGLE, HOOK_FORWARD, p, "eth0", "eth1", &ctx);
	is_int(pkt_ttl(p), 255, "--ttl-inc stops at 255");
	ok(packet_checksums_ok(p), "checksums still right after TTL");
	pkt_set_tos(p, 0xc3);
	run("-j TOS --set-tos Minimize-Delay", TABLE_MANGLE, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	is_int(pkt_tos(p), 0xd0, "TOS names keep the precedence bits (mask 0x3f)");
	run("-j TOS --and-tos 0x10", TABLE_MANGLE, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	is_int(pkt_tos(p), 0x10, "--and-tos");
	run("-j DSCP --set-dscp-class AF41", TABLE_MANGLE, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	is_int(pkt_tos(p), 0x88, "DSCP AF41 in the upper six bits");
	pkt_set_tos(p, 0x8b);
	run("-j DSCP --set-dscp 0", TABLE_MANGLE, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	is_int(pkt_tos(p), 0x03, "DSCP keeps the ECN bits");
	ok(packet_checksums_ok(p), "checksums still right after TOS/DSCP");
	is_int(run("-j CLASSIFY --set-class 1:10", TABLE_MANGLE, HOOK_POSTROUTING, p, NULL, "eth1",
		   &ctx),
	       V_CONTINUE, "CLASSIFY continues");
	is_int(p->priority, 0x10010, "CLASSIFY sets skb->priority 1:10");
	run("-j IMQ --todev 1", TABLE_MANGLE, HOOK_PREROUTING, p, "eth0", NULL, &ctx);
	is_int(p->imq_todev, 1, "IMQ records the device");
	run("-j TRACE", TABLE_RAW, HOOK_PREROUTING, p, "eth0", NULL, &ctx);
	ok(p->nftrace, "TRACE sets nftrace");
	is_int(run("-j CT --notrack --zone 3", TABLE_RAW, HOOK_PREROUTING, p, "eth0", NULL, &ctx),
	       V_CONTINUE, "CT continues");
	ok(p->notrack, "CT --notrack");
	ok(strstr(ctx.why, "nfwalk keeps a single conntrack zone") != NULL, "zones are said to be "
									     "unmodelled");
	p->notrack = false;
	run("-j NOTRACK", TABLE_RAW, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	ok(p->notrack, "NOTRACK");
	is_int(run("-j NFLOG --nflog-group 5 --nflog-prefix dropped", TABLE_FILTER, HOOK_FORWARD,
		   p, "eth0", "eth1", &ctx),
	       V_CONTINUE, "NFLOG continues");
	is_str(ctx.why, "copy for nflog group 5, prefix \"dropped\" (no program listens in nfwalk)",
	       "NFLOG says where the copy would go");
	is_int(run("-j CHECKSUM --checksum-fill", TABLE_MANGLE, HOOK_POSTROUTING, p, NULL, "eth1",
		   &ctx),
	       V_CONTINUE, "CHECKSUM continues");
	packet_free(p);
}

static void test_queue(void)
{
	struct xt_ctx ctx;
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "192.0.2.9", 53, 0);
	is_int(run("-j NFQUEUE --queue-num 3", TABLE_FILTER, HOOK_FORWARD, p, "eth0", "eth1", &ctx),
	       V_QUEUE, "NFQUEUE queues");
	is_int(ctx.queue_num, 3, "to queue 3");
	is_int(run("-j NFQUEUE --queue-balance 4:7 --queue-bypass", TABLE_FILTER, HOOK_FORWARD, p,
		   "eth0", "eth1", &ctx),
	       V_ACCEPT, "--queue-bypass goes on when nobody reads the queue");
	ok(strstr(ctx.why, "no reader") != NULL, "and says why: %s", ctx.why);
	packet_free(p);
}

/* The line's layout was checked against Linux 6.18 (nf_log_syslog, with
 * nf_log_all_netns=1 for a throwaway namespace): "IN=eth0 OUT= MAC=<the
 * receiving interface's MAC>:<sender's MAC>:08:00 SRC=... ID=5634 DF
 * PROTO=TCP SPT=33214 DPT=22 SEQ=... ACK=0 WINDOW=64240 RES=0x00 SYN
 * URGP=0", and an ICMP error quotes "[SRC=... LEN=9 ] ". */
static void test_log(void)
{
	struct xt_ctx ctx;
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "10.0.1.1", 22, TCPF_SYN);
	p->has_mac = true;
	memcpy(p->src_mac, (const uint8_t[]){2, 0, 0, 0, 0, 2}, 6);
	is_int(run("-j LOG --log-prefix 'IN: '", TABLE_FILTER, HOOK_INPUT, p, "eth0", NULL, &ctx),
	       V_CONTINUE, "LOG continues");
	ok(ctx.log, "LOG sets ctx->log");
	is_str(ctx.why,
	       "IN: IN=eth0 OUT= MAC=02:00:00:00:00:01:02:00:00:00:00:02:08:00 SRC=10.0.1.2 "
	       "DST=10.0.1.1 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 "
	       "WINDOW=64240 RES=0x00 SYN URGP=0",
	       "the kernel's line for a SYN");
	p->mark = 5;
	run("-j LOG --log-tcp-sequence", TABLE_FILTER, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	ok(strstr(ctx.why, "IN= OUT=eth1 SRC=") == ctx.why, "no MAC on output: %s", ctx.why);
	ok(strstr(ctx.why, "SEQ=") && strstr(ctx.why, " MARK=0x5"), "sequence and mark");
	packet_free(p);

	struct packet *orig = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "192.0.2.9", 53, 0);
	struct packet *icmp = packet_icmp_error(orig, ICMP_DEST_UNREACH, 3, A("192.0.2.9"));
	run("-j LOG", TABLE_FILTER, HOOK_FORWARD, icmp, "eth1", "eth0", &ctx);
	ok(strstr(ctx.why, "PROTO=ICMP TYPE=3 CODE=3 [SRC=10.0.1.2 DST=192.0.2.9 LEN=28 ") != NULL,
	   "an ICMP error shows the quoted header: %s", ctx.why);
	ok(strstr(ctx.why, "MAC= SRC=") != NULL, "no link header known: empty MAC=");
	packet_free(icmp);
	packet_free(orig);
}

/* Linux 6.18 in a namespace (iptables-legacy, INPUT and FORWARD -p udp
 * -j REJECT): a datagram from 10.0.1.2 to the router's eth2 address
 * 10.0.2.1, arriving on eth0, was answered from 10.0.2.1 (icmp_send keeps
 * the destination when the route was local); one forwarded to 192.0.2.77
 * was answered from 10.0.1.1, the address on the way back. */
static void test_reject(void)
{
	struct xt_ctx ctx;
	/* to this host's eth2 address, arriving on eth0 */
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.2.1", 53, 0);
	is_int(run("-j REJECT", TABLE_FILTER, HOOK_INPUT, p, "eth0", NULL, &ctx), V_DROP,
	       "REJECT drops");
	ok(ctx.rejected, "and says it rejected");
	ok(ctx.spawn && ctx.spawn->local_out, "an answer walks OUTPUT");
	is_int(pkt_saddr(ctx.spawn), A("10.0.2.1"), "from the rejected packet's destination");
	is_int(pkt_daddr(ctx.spawn), A("10.0.1.2"), "to the sender");
	uint8_t type = 0, code = 0;
	pkt_icmp(ctx.spawn, &type, &code);
	ok(type == 3 && code == 3, "port unreachable");
	is_str(ctx.why, "dropped; ICMP port-unreachable sent to 10.0.1.2 from 10.0.2.1", "explains");
	packet_free(ctx.spawn);

	/* forwarded: routing back to the sender picks eth0's address */
	pkt_set_daddr(p, A("192.0.2.9"));
	run("-j REJECT --reject-with icmp-admin-prohibited", TABLE_FILTER, HOOK_FORWARD, p, "eth0",
	    "eth1", &ctx);
	ok(ctx.spawn && pkt_saddr(ctx.spawn) == A("10.0.1.1"), "forwarded: from the way back");
	pkt_icmp(ctx.spawn, &type, &code);
	ok(type == 3 && code == 13, "admin prohibited");
	packet_free(ctx.spawn);
	packet_free(p);

	p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "192.0.2.9", 80, TCPF_SYN);
	run("-p tcp -j REJECT --reject-with tcp-reset", TABLE_FILTER, HOOK_FORWARD, p, "eth0",
	    "eth1", &ctx);
	ok(ctx.spawn && (pkt_tcp_flags(ctx.spawn) & TCPF_RST), "a TCP reset");
	ok(ctx.spawn && pkt_saddr(ctx.spawn) == A("192.0.2.9") && pkt_sport(ctx.spawn) == 80,
	   "from the rejected packet's destination");
	packet_free(ctx.spawn);
	packet_free(p);

	struct packet *orig = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "192.0.2.9", 53, 0);
	struct packet *icmp = packet_icmp_error(orig, ICMP_DEST_UNREACH, 3, A("192.0.2.9"));
	run("-j REJECT", TABLE_FILTER, HOOK_FORWARD, icmp, "eth1", "eth0", &ctx);
	ok(!ctx.spawn && ctx.rejected, "no ICMP error about an ICMP error");
	is_str(ctx.why, "dropped; no ICMP error about an ICMP error", "explains");
	packet_free(icmp);
	packet_free(orig);
}

/* A new connection for p, as conntrack at PREROUTING/OUTPUT makes it. */
static void track(struct packet *p)
{
	char why[256];
	ct_in(&eng.ct, p, why, sizeof(why));
}

static void test_nat(void)
{
	struct xt_ctx ctx;
	struct packet *p = mkpkt(PROTO_TCP, "198.51.100.7", 40000, "192.0.2.1", 85, TCPF_SYN);
	track(p);
	ok(p->ct != NULL, "conntrack made an entry");
	is_int(run("-p tcp -j DNAT --to-destination 10.0.1.2:1000-2000/80", TABLE_NAT,
		   HOOK_PREROUTING, p, "eth1", NULL, &ctx),
	       V_ACCEPT, "DNAT says ACCEPT");
	is_int(p->ct->tuple[CT_DIR_REPLY].src.ip, A("10.0.1.2"), "the reply comes from the new "
								"destination");
	is_int(p->ct->tuple[CT_DIR_REPLY].sport, 1005, "port kept at its distance from the base");
	is_int(pkt_daddr(p), A("192.0.2.1"), "the target does not rewrite the packet");
	ct_discard(&eng.ct, p);
	packet_free(p);

	p = mkpkt(PROTO_UDP, "10.0.1.2", 5000, "198.51.100.7", 53, 0);
	p->nexthop.ip = A("192.0.2.254");
	track(p);
	is_int(run("-j MASQUERADE", TABLE_NAT, HOOK_POSTROUTING, p, NULL, "eth1", &ctx), V_ACCEPT,
	       "MASQUERADE says ACCEPT");
	is_int(p->ct->tuple[CT_DIR_REPLY].dst.ip, A("192.0.2.1"), "masqueraded to eth1's address");
	ct_discard(&eng.ct, p);
	packet_free(p);

	p = mkpkt(PROTO_TCP, "10.0.1.2", 5000, "198.51.100.7", 80, TCPF_SYN);
	track(p);
	run("-p tcp -j REDIRECT --to-ports 3128", TABLE_NAT, HOOK_PREROUTING, p, "eth0", NULL, &ctx);
	ok(p->ct->tuple[CT_DIR_REPLY].src.ip == A("10.0.1.1") &&
		   p->ct->tuple[CT_DIR_REPLY].sport == 3128,
	   "REDIRECT to the incoming interface's address");
	ct_discard(&eng.ct, p);
	packet_free(p);

	p = mkpkt(PROTO_TCP, "10.0.1.1", 5000, "198.51.100.7", 80, TCPF_SYN);
	p->local_out = true;
	track(p);
	run("-p tcp -j REDIRECT", TABLE_NAT, HOOK_OUTPUT, p, NULL, "eth1", &ctx);
	is_int(p->ct->tuple[CT_DIR_REPLY].src.ip, A("127.0.0.1"), "REDIRECT in OUTPUT: 127.0.0.1");
	ct_discard(&eng.ct, p);
	packet_free(p);

	p = mkpkt(PROTO_UDP, "10.0.1.2", 5000, "198.51.100.7", 53, 0);
	track(p);
	run("-j NETMAP --to 172.16.0.0/16", TABLE_NAT, HOOK_POSTROUTING, p, NULL, "eth1", &ctx);
	is_int(p->ct->tuple[CT_DIR_REPLY].dst.ip, A("172.16.1.2"), "NETMAP keeps the host part");
	ct_discard(&eng.ct, p);
	packet_free(p);

	p = mkpkt(PROTO_UDP, "10.0.1.2", 5000, "198.51.100.7", 53, 0);
	p->notrack = true;
	is_int(run("-j SNAT --to-source 192.0.2.1", TABLE_NAT, HOOK_POSTROUTING, p, NULL, "eth1",
		   &ctx),
	       V_ACCEPT, "SNAT of an untracked packet");
	is_str(ctx.why, "no connection to bind (untracked packet)", "explains");
	packet_free(p);
}

int main(void)
{
	fixture_init(&eng);
	test_marks();
	test_header_rewrites();
	test_queue();
	test_log();
	test_reject();
	test_nat();
	fixture_free(&eng);
	return tap_done();
}
