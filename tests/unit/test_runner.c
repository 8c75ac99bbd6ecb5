/* test_runner.c - turning scenario entries into packets: a `send:` as
 * its short form says, a `reply: N` from packet N's conntrack reply tuple
 * (hand-made walk results and entries here), and the refusals when there
 * is nothing to answer. */
#include <string.h>

#include "lib/addr.h"
#include "scenario/runner.h"
#include "../tap.h"

static uint32_t ip(const char *s)
{
	uint32_t a = 0;
	addr_parse(s, &a);
	return a;
}

/* Packet 1 is answered by each of packets 2..: their fields decide how. */
static const char scenario_text[] =
	"interfaces:\n"
	"  eth0: 203.0.113.1/24\n"
	"  eth1: 10.0.0.1/24\n"
	"packets:\n"
	"  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on eth0 seq 77\n" /* 5 */
	"    mark: 0x5\n"
	"    mac: 02:00:00:00:00:07\n"
	"  - reply: 1\n"                                                               /* 8 */
	"  - reply: 1\n"
	"    flags: rst\n"
	"    ttl: 3\n"
	"    mark: 0x9\n"
	"  - send: icmp 192.0.2.9 -> 203.0.113.1 echo-request id 42 seq 5 on eth0\n" /* 13 */
	"  - reply: 4\n"
	"  - send: udp local -> 8.8.8.8:53\n"                                         /* 15 */
	"  - reply: 6\n"
	"  - reply: 2\n";

static void tcp_entry(struct ct_entry *ct)
{
	/* A DNAT: 198.51.100.7:40000 -> 203.0.113.1:8080 became 10.0.0.2:80. */
	memset(ct, 0, sizeof(*ct));
	ct->id = 1;
	ct->tuple[CT_DIR_ORIGINAL] = ct_tuple4(PROTO_TCP, ip("198.51.100.7"),
						       ip("203.0.113.1"), 40000, 8080);
	ct->tuple[CT_DIR_REPLY] = ct_tuple4(PROTO_TCP, ip("10.0.0.2"), ip("198.51.100.7"),
						    80, 40000);
}

static void test_send(const struct scenario *s)
{
	struct nf_error err;
	struct packet *p = runner_make_packet(s, 0, NULL, &err);
	if (!ok(p != NULL, "a sent packet needs no results"))
		return;
	is_int(pkt_saddr(p), ip("198.51.100.7"), "source");
	is_int(pkt_daddr(p), ip("203.0.113.1"), "destination");
	is_int(pkt_sport(p), 40000, "source port");
	is_int(pkt_dport(p), 8080, "destination port");
	is_int(pkt_tcp_flags(p), TCPF_SYN, "SYN");
	is_int(pkt_tcp_seq(p), 77, "seq");
	is_str(p->iif, "eth0", "arrives on eth0");
	ok(!p->local_out, "not local");
	is_int(p->mark, 5, "mark");
	ok(p->has_mac && p->src_mac[5] == 7, "source mac");
	is_int(p->imq_todev, -1, "no IMQ device");
	ok(packet_checksums_ok(p), "checksums");
	packet_free(p);

	p = runner_make_packet(s, 5, NULL, &err);
	if (ok(p != NULL, "a local packet")) {
		ok(p->local_out, "generated here");
		is_str(p->iif, "", "no arriving interface");
		is_int(pkt_saddr(p), 0, "routing picks the source");
		packet_free(p);
	}
}

static void test_tcp_reply(const struct scenario *s)
{
	struct walk_result res[8];
	struct ct_entry ct;
	struct nf_error err;
	memset(res, 0, sizeof(res));
	tcp_entry(&ct);
	res[0].fate = FATE_FORWARDED;
	str_copy(res[0].oif, sizeof(res[0].oif), "eth1");
	res[0].ct = &ct;
	res[0].final.tcp_flags = TCPF_SYN;

	struct packet *p = runner_make_packet(s, 1, res, &err);
	if (!ok(p != NULL, "the reply to a forwarded SYN"))
		return;
	is_int(pkt_saddr(p), ip("10.0.0.2"), "from the real server (reply tuple)");
	is_int(pkt_sport(p), 80, "its port");
	is_int(pkt_daddr(p), ip("198.51.100.7"), "to the client");
	is_int(pkt_dport(p), 40000, "the client's port");
	is_int(pkt_tcp_flags(p), TCPF_SYN | TCPF_ACK, "SYN -> SYN/ACK");
	is_int(pkt_tcp_ack(p), 78, "acknowledges the SYN's seq + 1");
	is_str(p->iif, "eth1", "arrives where packet 1 left");
	ok(!p->local_out, "not local");
	ok(packet_checksums_ok(p), "checksums");
	packet_free(p);

	p = runner_make_packet(s, 2, res, &err);
	if (ok(p != NULL, "a reply with its own flags")) {
		is_int(pkt_tcp_flags(p), TCPF_RST, "flags: rst");
		is_int(pkt_ttl(p), 3, "ttl: 3");
		is_int(p->mark, 9, "mark: 0x9");
		packet_free(p);
	}

	res[0].final.tcp_flags = TCPF_SYN | TCPF_ACK;
	p = runner_make_packet(s, 1, res, &err);
	if (ok(p != NULL, "the reply to a SYN/ACK")) {
		is_int(pkt_tcp_flags(p), TCPF_ACK, "is an ACK");
		packet_free(p);
	}

	/* Packet 2 (the SYN/ACK) went the reply way: the answer to it is the
	 * client's ACK, to the address the client knows, back on eth0. */
	res[0].final.tcp_flags = TCPF_SYN;
	res[1].fate = FATE_FORWARDED;
	str_copy(res[1].oif, sizeof(res[1].oif), "eth0");
	res[1].ct = &ct;
	res[1].final.tcp_flags = TCPF_SYN | TCPF_ACK;
	res[1].final.ctinfo = CTINFO_ESTABLISHED_REPLY;
	p = runner_make_packet(s, 7, res, &err);
	if (ok(p != NULL, "the answer to a reply")) {
		is_int(pkt_saddr(p), ip("198.51.100.7"), "from the client");
		is_int(pkt_daddr(p), ip("203.0.113.1"), "to the public address (original tuple)");
		is_int(pkt_dport(p), 8080, "and its public port");
		is_int(pkt_tcp_flags(p), TCPF_ACK, "an ACK");
		is_int(pkt_tcp_seq(p), 78, "the client's next sequence number");
		is_int(pkt_tcp_ack(p), 5001, "acknowledging the SYN/ACK");
		is_str(p->iif, "eth0", "arriving on eth0");
		packet_free(p);
	}

	res[0].fate = FATE_LOCAL;
	res[0].oif[0] = '\0';
	p = runner_make_packet(s, 1, res, &err);
	if (ok(p != NULL, "the reply to a packet delivered here")) {
		ok(p->local_out, "is generated here");
		is_str(p->iif, "", "arrives on no interface");
		packet_free(p);
	}
}

static void test_refusals(const struct scenario *s)
{
	struct walk_result res[8];
	struct ct_entry ct;
	struct nf_error err;
	char buf[800];
	memset(res, 0, sizeof(res));
	tcp_entry(&ct);

	res[0].fate = FATE_DROPPED;
	ok(runner_make_packet(s, 1, res, &err) == NULL, "no entry: refused");
	nf_error_format(&err, buf, sizeof(buf));
	is_str(buf, "r.yaml:8:5: packet 1 has no connection to reply to", "names the packet and line");

	res[0].ct = &ct;
	ok(runner_make_packet(s, 1, res, &err) == NULL, "a dropped packet: refused");
	is_str(err.msg, "packet 1 was dropped: nothing answers it", "says why");

	res[0].fate = FATE_FORWARDED;
	ok(runner_make_packet(s, 1, res, &err) == NULL, "forwarded by no interface: refused");
	ok(runner_make_packet(s, 1, NULL, &err) == NULL, "no results: refused");
	ok(runner_make_packet(s, 99, res, &err) == NULL, "no such packet");
}

static void test_icmp_reply(const struct scenario *s)
{
	struct walk_result res[8];
	struct ct_entry ct;
	struct nf_error err;
	memset(res, 0, sizeof(res));
	memset(&ct, 0, sizeof(ct));
	ct.tuple[CT_DIR_ORIGINAL] = ct_tuple4(PROTO_ICMP, ip("192.0.2.9"),
						      ip("203.0.113.1"), 42, ICMP_ECHO << 8);
	ct.tuple[CT_DIR_REPLY] = ct_tuple4(PROTO_ICMP, ip("203.0.113.1"), ip("192.0.2.9"),
						   42, ICMP_ECHOREPLY << 8);
	res[3].fate = FATE_LOCAL;
	res[3].ct = &ct;
	struct packet *p = runner_make_packet(s, 4, res, &err);
	if (!ok(p != NULL, "the reply to a ping delivered here"))
		return;
	uint8_t type = 99, code = 99;
	ok(pkt_icmp(p, &type, &code) && type == ICMP_ECHOREPLY && code == 0, "an echo reply");
	is_int(pkt_icmp_id(p), 42, "same id");
	is_int(pkt_saddr(p), ip("203.0.113.1"), "from the pinged address");
	ok(p->local_out, "generated here");
	packet_free(p);
}

static void test_udp_reply(const struct scenario *s)
{
	struct walk_result res[8];
	struct ct_entry ct;
	struct nf_error err;
	memset(res, 0, sizeof(res));
	memset(&ct, 0, sizeof(ct));
	/* MASQUERADEd on the way out: the answer comes back to 203.0.113.1. */
	ct.tuple[CT_DIR_ORIGINAL] = ct_tuple4(PROTO_UDP, ip("10.0.0.1"), ip("8.8.8.8"),
						      40000, 53);
	ct.tuple[CT_DIR_REPLY] = ct_tuple4(PROTO_UDP, ip("8.8.8.8"), ip("203.0.113.1"),
						   53, 40000);
	res[5].fate = FATE_SENT;
	str_copy(res[5].oif, sizeof(res[5].oif), "eth0");
	res[5].ct = &ct;
	struct packet *p = runner_make_packet(s, 6, res, &err);
	if (!ok(p != NULL, "the answer to a local DNS query"))
		return;
	is_int(pkt_proto(p), PROTO_UDP, "udp");
	is_int(pkt_saddr(p), ip("8.8.8.8"), "from the server");
	is_int(pkt_daddr(p), ip("203.0.113.1"), "to the reply tuple's destination");
	is_int(pkt_sport(p), 53, "port 53");
	is_int(pkt_dport(p), 40000, "the query's port");
	is_str(p->iif, "eth0", "back on eth0");
	ok(!p->local_out, "arrives from the wire");
	packet_free(p);
}

/* The whole way through a real engine: a DNATed handshake. */
static const char handshake_text[] =
	"sysctl: {ip_forward: 1}\n"
	"interfaces: {eth0: 203.0.113.1/24, eth1: 10.0.0.1/24}\n"
	"routes: [default via 203.0.113.254 dev eth0]\n"
	"iptables: |\n"
	"  -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n"
	"  -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
	"  -A FORWARD -p tcp -d 10.0.0.2 --dport 80 -j ACCEPT\n"
	"  -P FORWARD DROP\n"
	"packets:\n"
	"  - tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on eth0\n"
	"  - reply: 1\n"
	"  - reply: 2\n"
	"  - tcp 198.51.100.7:40001 -> 10.0.0.3:22 syn on eth0\n"
	"  - reply: 4\n";

static void test_run(void)
{
	struct scenario s;
	struct nf_error err;
	char buf[800];
	if (scenario_load_string("h.yaml", handshake_text, strlen(handshake_text), &s, &err)) {
		nf_error_format(&err, buf, sizeof(buf));
		ok(0, "the handshake scenario loads: %s", buf);
		return;
	}
	struct engine e;
	struct walk_result res[5];
	engine_init(&e);
	is_int(scenario_build_engine(&s, &e, &err), 0, "engine built");
	is_int(runner_run(&s, &e, res, &err), -1, "the run stops at packet 5");
	nf_error_format(&err, buf, sizeof(buf));
	is_str(buf, "h.yaml:14:5: packet 4 was dropped: nothing answers it",
	       "a reply to a dropped packet names its line");

	is_int(res[0].fate, FATE_FORWARDED, "SYN forwarded");
	is_str(res[0].oif, "eth1", "to the server's side");
	is_int(res[0].final.dst.ip, ip("10.0.0.2"), "DNATed");
	ok(res[0].ct != NULL, "with a connection");
	is_int(res[1].fate, FATE_FORWARDED, "SYN/ACK forwarded");
	is_str(res[1].oif, "eth0", "back to the client");
	is_int(res[1].final.src.ip, ip("203.0.113.1"), "from the public address");
	is_int(res[1].final.sport, 8080, "and port");
	is_int(res[1].final.tcp_flags, TCPF_SYN | TCPF_ACK, "SYN/ACK");
	is_int(res[2].fate, FATE_FORWARDED, "the client's ACK forwarded");
	is_str(res[2].oif, "eth1", "to the server again");
	is_int(res[2].final.tcp_flags, TCPF_ACK, "ACK");
	is_int(res[2].final.dst.ip, ip("10.0.0.2"), "DNATed by the connection");
	is_int(res[3].fate, FATE_DROPPED, "port 22 is not forwarded");
	engine_free(&e);
	scenario_free(&s);
}

int main(void)
{
	struct scenario s;
	struct nf_error err;
	if (scenario_load_string("r.yaml", scenario_text, strlen(scenario_text), &s, &err)) {
		char buf[800];
		nf_error_format(&err, buf, sizeof(buf));
		ok(0, "the test scenario loads: %s", buf);
		return tap_done();
	}
	test_send(&s);
	test_tcp_reply(&s);
	test_refusals(&s);
	test_icmp_reply(&s);
	test_udp_reply(&s);
	scenario_free(&s);
	test_run();
	return tap_done();
}
