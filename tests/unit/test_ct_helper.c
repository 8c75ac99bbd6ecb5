/* test_ct_helper.c - the ftp conntrack helper and expectations, after
 * nf_conntrack_ftp.c and nf_conntrack_expect.c.  What Linux 6.18 does
 * with the same segments (a router namespace between a client and a
 * server, raw PREROUTING -j CT --helper ftp) is in
 * scenarios/ftp-helper.yaml, which --verify-kernel finds identical. */
#include <string.h>

#include "../tap.h"
#include "engine/track/ct_helper.h"
#include "engine/track/nat.h"
#include "pkt_helpers.h"

#define CLI "10.0.0.5"
#define SRV "198.51.100.7"

static struct conntrack ct;
static struct ct_help_result hr;
static char why[512];
static double now;

static struct packet *seg(bool from_client, uint32_t seq, const char *text)
{
	size_t n = strlen(text);
	struct pkt_spec s = {.proto = PROTO_TCP,
			     .src.ip = A(from_client ? CLI : SRV),
			     .dst.ip = A(from_client ? SRV : CLI),
			     .sport = from_client ? 40000 : 21,
			     .dport = from_client ? 21 : 40000,
			     .tcp_flags = n ? TCPF_PSH | TCPF_ACK : TCPF_ACK,
			     .seq = seq,
			     .payload = (uint16_t)n,
			     .data = (const uint8_t *)text};
	return packet_build(&s);
}

/* Conntrack at PREROUTING, the helper and confirm at POSTROUTING. */
static enum ct_info pass(struct packet *p, const char *helper, struct ct_entry **entry)
{
	p->t = now;
	if (helper)
		strcpy(p->ct_helper, helper);
	enum ct_info ci = ct_in(&ct, p, why, sizeof(why));
	ct_helper_run(&ct, p, &hr);
	if (!hr.drop)
		ct_confirm(&ct, p);
	if (entry)
		*entry = p->ct;
	packet_free(p);
	return ci;
}

static enum ct_info data_syn(const char *src, uint16_t sport, const char *dst, uint16_t dport,
			     struct ct_entry **entry)
{
	return pass(tcp(src, sport, dst, dport, TCPF_SYN, 1, 0, 0), NULL, entry);
}

static const char *expect_line(void)
{
	static char buf[400];
	buf[0] = '\0';
	if (hr.exp)
		ct_expect_fmt(hr.exp, buf, sizeof(buf));
	return buf;
}

static unsigned nexpects(void)
{
	unsigned n = 0;
	for (const struct ct_expect *x = ct.expects; x; x = x->next)
		n++;
	return n;
}

/* A control connection through its handshake, the greeting and USER:
 * the next client line starts at 1011, the next server line at 5012. */
static struct ct_entry *control(const char *helper)
{
	conntrack_init(&ct);
	now = 0;
	struct ct_entry *m;
	pass(tcp(CLI, 40000, SRV, 21, TCPF_SYN, 1000, 0, 0), helper, &m);
	pass(tcp(SRV, 21, CLI, 40000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0), helper, NULL);
	pass(seg(true, 1001, ""), helper, NULL);
	pass(seg(false, 5001, "220 ready\r\n"), NULL, NULL);
	pass(seg(true, 1001, "USER ftp\r\n"), NULL, NULL);
	return m;
}

static void test_attach(void)
{
	struct ct_entry *m = control("ftp");
	is_str(ct_help(m) ? ct_help(m)->name : "(none)", "ftp", "CT --helper's template gives the new entry its helper");
	ok(hr.read && !hr.exp, "USER is read, nothing expected");
	char buf[320];
	ct_entry_fmt(m, buf, sizeof(buf));
	ok(strstr(buf, " mark=0 helper=ftp id=1") != NULL, "conntrack -L shows helper=ftp");
	conntrack_free(&ct);

	conntrack_init(&ct);
	struct ct_entry *e;
	pass(tcp(CLI, 40000, SRV, 21, TCPF_SYN, 1000, 0, 0), NULL, &e);
	pass(seg(true, 1001, ""), "ftp", NULL);
	is_str(ct_help(e) ? ct_help(e)->name : "", "", "a packet of a known connection ignores the template");
	conntrack_free(&ct);
}

static void test_first_segment(void)
{
	conntrack_init(&ct);
	pass(tcp(CLI, 40000, SRV, 21, TCPF_SYN, 1000, 0, 0), "ftp", NULL);
	pass(seg(true, 1001, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(!hr.read, "not read before a reply was seen (still NEW)");
	pass(tcp(SRV, 21, CLI, 40000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0), NULL, NULL);
	pass(seg(true, 1001, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(hr.read && !hr.exp, "the first segment each way is not read: no line start known");
	ok(strstr(hr.why, "seq 1001 does not start a line") != NULL, "why: %s", hr.why);
	pass(seg(true, 1023, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(hr.exp != NULL, "the next one, just after its \\n, is");
	conntrack_free(&ct);
}

static void test_port(void)
{
	struct ct_entry *m = control("ftp");
	pass(seg(true, 1011, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(hr.exp != NULL, "PORT makes an expectation");
	/* Linux 6.18, a PORT over lo: conntrack -L expect printed "299
	 * proto=6 src=127.0.0.1 dst=127.0.0.1 sport=0 dport=40004
	 * mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0
	 * dport=65535 master-src=127.0.0.1 master-dst=127.0.0.1 sport=40000
	 * dport=21 class=0 helper=ftp" */
	is_str(expect_line(),
	       "proto=6 src=198.51.100.7 dst=10.0.0.5 sport=0 dport=40004 mask-src=255.255.255.255 "
	       "mask-dst=255.255.255.255 sport=0 dport=65535 master-src=10.0.0.5 "
	       "master-dst=198.51.100.7 sport=40000 dport=21 class=0 helper=ftp",
	       "as conntrack -L expect prints it");
	ok(ct_expect_line(expect_line()), "told apart from an entry line");
	struct ct_entry *d;
	is_int(data_syn(SRV, 20, CLI, 40004, &d), CTINFO_RELATED,
	       "the data connection, from any source port, is RELATED");
	ok(ct_master(d) == m && (d->status & CTS_EXPECTED), "its master is the control connection");
	is_str(ct_help(d) ? ct_help(d)->name : "", "", "the ftp helper's expectation gives the child no helper");
	ok(strstr(why, "RELATED: expectation 1 of entry 1's ftp helper fits it") != NULL, "why: %s",
	   why);
	is_int(nexpects(), 0, "the expectation is used up");
	is_int(data_syn(SRV, 20, CLI, 40004, NULL), CTINFO_RELATED,
	       "a retransmitted SYN is still RELATED before a reply");
	is_int(pass(tcp(CLI, 40004, SRV, 20, TCPF_SYN | TCPF_ACK, 9, 2, 0), NULL, NULL),
	       CTINFO_ESTABLISHED_REPLY, "the answer is ESTABLISHED");
	is_int(data_syn(SRV, 2020, CLI, 40004, NULL), CTINFO_NEW, "another connection there is NEW");
	conntrack_free(&ct);
}

static void test_replies(void)
{
	control("ftp");
	pass(seg(false, 5012, "227 Entering Passive Mode (198,51,100,7,195,80).\r\n"), NULL, NULL);
	ok(hr.exp && hr.exp->tuple.src.ip == A(CLI) && hr.exp->tuple.dst.ip == A(SRV) &&
		   hr.exp->tuple.dport == 50000,
	   "227: the client will connect to the server's port 50000");
	pass(seg(false, 5062, "229 Entering Extended Passive Mode (|||50001|)\r\n"), NULL, NULL);
	ok(hr.exp && hr.exp->tuple.dst.ip == A(SRV) && hr.exp->tuple.dport == 50001,
	   "229: the port only, the address is the server's");
	is_int(nexpects(), 1, "max_expected 1: the newer replaces the older");
	is_int(data_syn(CLI, 40010, SRV, 50000, NULL), CTINFO_NEW, "the evicted one no longer fits");
	is_int(data_syn(CLI, 40011, SRV, 50001, NULL), CTINFO_RELATED, "the newer does");
	pass(seg(true, 1011, "eprt |1|10.0.0.5|40006|\r\n"), NULL, NULL);
	ok(hr.exp && hr.exp->tuple.dst.ip == A(CLI) && hr.exp->tuple.dport == 40006,
	   "EPRT, in any case");
	pass(seg(false, 5110, "227 PORT 10,0,0,5,1,2\r\n"), NULL, NULL);
	ok(!hr.exp && !hr.drop, "227 naming the client is not the sender's address: not recorded");
	ok(strstr(hr.why, "not recorded (loose=0)") != NULL, "why: %s", hr.why);
	conntrack_free(&ct);
}

static void test_partial(void)
{
	control("ftp");
	pass(seg(true, 1011, "PORT 10,0,0,5,156,68"), NULL, NULL);
	ok(hr.drop && !hr.exp, "numbers not ended by \\r: partial match, dropped");
	ok(strstr(hr.why, "partial matching of `PORT'") != NULL, "why: %s", hr.why);
	pass(seg(true, 1011, "POR"), NULL, NULL);
	ok(hr.drop, "a segment shorter than the pattern that starts like it: dropped too");
	pass(seg(true, 1011, "NOOP\r\n"), NULL, NULL);
	ok(!hr.drop && !hr.exp, "another command passes");
	pass(seg(true, 1011, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(hr.exp != NULL, "a dropped segment remembered no line end; the retransmission is read");
	conntrack_free(&ct);
}

static void test_lifetime(void)
{
	struct ct_entry *m = control("ftp");
	now = 100;
	pass(seg(true, 1011, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(hr.exp && hr.exp->expires == 400, "expires 300 s after it was made");
	/* tcp_packet: data one way not yet acknowledged cuts the timeout to
	 * tcp_timeout_unacknowledged; both ends acknowledging all ends that */
	ok(m->expires == 400, "the control connection too, while its data is unacknowledged");
	pass(tcp(SRV, 21, CLI, 40000, TCPF_ACK, 5012, 1033, 0), NULL, NULL);
	ok(m->expires == 400, "the server's greeting is not acknowledged yet");
	pass(tcp(CLI, 40000, SRV, 21, TCPF_ACK, 1033, 5012, 0), NULL, NULL);
	ok(m->expires == 100 + 432000, "all acknowledged: established's 5 days again");
	now = 400;
	is_int(data_syn(SRV, 20, CLI, 40004, NULL), CTINFO_NEW, "after 300 s it is gone");
	ok(strstr(why, "expectation 1 would have fitted, but its time ran out") != NULL, "why: %s",
	   why);
	is_int(nexpects(), 0, "and out of the table");
	now = 401;
	pass(seg(true, 1033, "PORT 10,0,0,5,156,69\r\n"), NULL, NULL);
	ok(hr.exp != NULL, "a new one");
	ct_expect_forget_master(&ct, m);
	is_int(nexpects(), 0, "the master's going takes its expectations");
	conntrack_free(&ct);

	control("irc");
	pass(seg(true, 1011, "PORT 10,0,0,5,156,68\r\n"), NULL, NULL);
	ok(!hr.read && !hr.exp, "another helper is attached but reads nothing");
	conntrack_free(&ct);
}

/* The payload of a segment, as a string. */
static const char *payload_of(const struct packet *p)
{
	static char buf[128];
	size_t n = pkt_payload_len(p);
	const uint8_t *l4 = pkt_l4(p, pkt_tcp_hdr_len(p) + n);
	if (!l4 || n >= sizeof(buf))
		return "";
	memcpy(buf, l4 + pkt_tcp_hdr_len(p), n);
	buf[n] = '\0';
	return buf;
}

/* nf_nat_ftp: verified with Linux 6.18 by scenarios/ftp-nat.yaml (the
 * server's SYN to 203.0.113.1:40004 is RELATED and DNATed to
 * 10.0.0.5:40004). */
static void test_nat(void)
{
	conntrack_init(&ct);
	struct packet *syn = tcp(CLI, 40000, SRV, 21, TCPF_SYN, 1000, 0, 0);
	strcpy(syn->ct_helper, "ftp");
	ct_in(&ct, syn, NULL, 0);
	struct ct_entry *m = syn->ct;
	struct nat_range masq = {.min_addr = {.ip = A("203.0.113.1")}, .max_addr = {.ip = A("203.0.113.1")},
				 .has_addr = true};
	nat_setup(&ct, m, NAT_MANIP_SRC, &masq, NULL, 0);
	ct_confirm(&ct, syn);
	packet_free(syn);
	pass(tcp(SRV, 21, "203.0.113.1", 40000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0), NULL, NULL);
	pass(seg(true, 1001, "USER ftp\r\n"), NULL, NULL);
	struct packet *p = seg(true, 1011, "PORT 10,0,0,5,156,68\r\n");
	ct_in(&ct, p, NULL, 0);
	ct_helper_run(&ct, p, &hr);
	ok(hr.exp && hr.exp->tuple.dst.ip == A("203.0.113.1") && hr.exp->tuple.dport == 40004,
	   "a masqueraded client's PORT is expected at the public address");
	is_str(payload_of(p), "PORT 203,0,113,1,156,68\r\n", "and the payload says so");
	is_str(hr.old_val, "10,0,0,5,156,68", "rewrite: old");
	is_str(hr.new_val, "203,0,113,1,156,68", "rewrite: new");
	is_int(pkt_tot_len(p), 40 + 25, "the segment grew by three bytes");
	ok(packet_checksums_ok(p), "checksums follow");
	packet_free(p);
	struct ct_entry *d;
	is_int(data_syn(SRV, 20, "203.0.113.1", 40004, &d), CTINFO_RELATED, "the data connection");
	ok(d && nat_done(d, NAT_MANIP_DST) && nat_done(d, NAT_MANIP_SRC),
	   "bound both ways when made: no nat chain is consulted");
	ok(d && d->tuple[CT_DIR_REPLY].src.ip == A(CLI) && d->tuple[CT_DIR_REPLY].sport == 40004,
	   "DNAT to the client's own address and port");
	conntrack_free(&ct);
}

/* The ftp helper on an IPv6 control connection: EPRT |2|, the family
 * the connection's (try_eprt takes |1| only on IPv4); the expectation's
 * mask is 128 bits. */
#define CLI6 "2001:db8:1::5"
#define SRV6 "2001:db8:2::7"

static struct packet *seg6(bool from_client, uint32_t seq, const char *text)
{
	size_t n = strlen(text);
	struct pkt_spec s = {.proto = PROTO_TCP, .family = FAMILY_IPV6,
			     .src = A6(from_client ? CLI6 : SRV6), .dst = A6(from_client ? SRV6 : CLI6),
			     .sport = from_client ? 40000 : 21, .dport = from_client ? 21 : 40000,
			     .tcp_flags = n ? TCPF_PSH | TCPF_ACK : TCPF_ACK, .seq = seq,
			     .payload = (uint16_t)n, .data = (const uint8_t *)text};
	return packet_build(&s);
}

static void test_ipv6(void)
{
	conntrack_init(&ct);
	now = 0;
	struct ct_entry *m;
	pass(tcp6(CLI6, 40000, SRV6, 21, TCPF_SYN, 1000, 0, 0), "ftp", &m);
	pass(tcp6(SRV6, 21, CLI6, 40000, TCPF_SYN | TCPF_ACK, 5000, 1001, 0), NULL, NULL);
	pass(seg6(true, 1001, ""), NULL, NULL);
	pass(seg6(false, 5001, "220 ready\r\n"), NULL, NULL);
	pass(seg6(true, 1001, "USER ftp\r\n"), NULL, NULL);
	pass(seg6(true, 1011, "EPRT |2|2001:db8:1::5|40006|\r\n"), NULL, NULL);
	union inet_addr c = A6(CLI6);
	ok(hr.exp && hr.exp->tuple.family == FAMILY_IPV6 && inet_eq(&hr.exp->tuple.dst, &c) &&
		   hr.exp->tuple.dport == 40006,
	   "EPRT |2|: the server will connect to [2001:db8:1::5]:40006");
	ok(strstr(expect_line(), "src=2001:db8:2::7 dst=2001:db8:1::5 sport=0 dport=40006 "
				 "mask-src=ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") != NULL,
	   "conntrack -L expect: %s", expect_line());
	struct ct_entry *d;
	is_int(pass(tcp6(SRV6, 20, CLI6, 40006, TCPF_SYN, 1, 0, 0), NULL, &d), CTINFO_RELATED,
	       "the data connection is RELATED");
	pass(seg6(true, 1041, "EPRT |1|10.0.0.5|40007|\r\n"), NULL, NULL);
	ok(hr.drop && !hr.exp, "EPRT |1| on an IPv6 connection: partial match, dropped");
	conntrack_free(&ct);
}

int main(void)
{
	test_attach();
	test_first_segment();
	test_port();
	test_replies();
	test_partial();
	test_lifetime();
	test_nat();
	test_ipv6();
	return tap_done();
}
