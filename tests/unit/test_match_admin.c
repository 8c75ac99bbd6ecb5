/* test_match_admin.c - the extensions real rulesets use beyond the
 * basics, evaluated on real packet bytes: owner (a local socket's uid and
 * gid), policy (no IPsec), physdev (no bridge), sctp (ports and chunks),
 * connlimit (connections per address), hashlimit (buckets per key) and
 * the TCPMSS target (the SYN's MSS option, old -> new). */
#include <stdlib.h>
#include <string.h>

#include "engine/track/conntrack.h"
#include "engine/xt/rule.h"
#include "tests/tap.h"
#include "tests/unit/rules_fixture.h"

static struct engine eng;

static char last[128];

static bool eval_at(const char *args, struct packet *p, enum nf_table t, enum nf_hook h,
		    const char *chain, const char *in, const char *out)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse(args, t, chain, 0, &err);
	if (!r) {
		printf("# cannot parse %s: %s\n", args, err.msg);
		snprintf(last, sizeof(last), "PARSE ERROR");
		return false;
	}
	struct match_result res[RULE_MAX_RESULTS];
	int n = 0;
	struct xt_ctx ctx = mkctx(&eng, p, t, h, in, out);
	bool m = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &n);
	str_copy(last, sizeof(last), n ? res[n - 1].text : "");
	rule_free(r);
	return m;
}

#define OUT(args, p) eval_at(args, p, TABLE_FILTER, HOOK_OUTPUT, "OUTPUT", NULL, "eth1")
#define IN(args, p) eval_at(args, p, TABLE_FILTER, HOOK_INPUT, "INPUT", "eth0", NULL)

static void test_owner(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "192.0.2.1", 40000, "198.51.100.1", 53, 0);
	p->local_out = true;
	p->has_owner = true;
	p->uid = 1000;
	p->gid = 100;
	ok(OUT("-m owner --uid-owner 1000", p), "uid 1000 matches --uid-owner 1000");
	is_str(last, "-m owner --uid-owner 1000: yes, sent by a socket of uid 1000 gid 100",
	       "  explained");
	ok(!OUT("-m owner --uid-owner 0-999", p), "uid 1000 is outside 0-999");
	is_str(last, "-m owner --uid-owner 0-999: no, socket owner uid 1000", "  explained");
	ok(OUT("-m owner ! --uid-owner 0", p), "! --uid-owner 0");
	ok(OUT("-m owner --uid-owner 1000 --gid-owner 100", p), "uid and gid");
	ok(!OUT("-m owner --gid-owner 0", p), "gid 100 is not 0");
	ok(OUT("-m owner --socket-exists", p), "--socket-exists");
	ok(!OUT("-m owner ! --socket-exists", p), "! --socket-exists");
	p->has_owner = false; /* the kernel's own packet: REJECT's answer */
	ok(!OUT("-m owner --uid-owner 0", p), "a socketless packet has no uid");
	is_str(last,
	       "-m owner --uid-owner 0: no, the packet has no sending socket (made by the kernel)",
	       "  explained");
	ok(OUT("-m owner ! --uid-owner 0", p), "but every inverted test holds (owner_mt)");
	ok(OUT("-m owner ! --socket-exists", p), "! --socket-exists holds without a socket");
	struct nf_error err;
	ok(rule_parse("-m owner --uid-owner 0", TABLE_FILTER, "INPUT", 0, &err) == NULL,
	   "refused at INPUT: only locally generated packets have an owner");
	packet_free(p);
}

static void test_policy_physdev(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1701, "10.0.1.1", 1701, 0);
	ok(!IN("-m policy --dir in --pol ipsec", p), "--pol ipsec never matches");
	is_str(last,
	       "-m policy --dir in --pol ipsec: no, no IPsec is modelled: no packet arrived "
	       "through an IPsec policy",
	       "  explained");
	ok(IN("-m policy --dir in --pol none", p), "--pol none always matches");
	ok(!IN("-m policy --dir in --pol ipsec --strict --reqid 1 --proto esp", p),
	   "elements change nothing");
	struct nf_error err;
	ok(rule_parse("-m policy --dir in --pol none", TABLE_FILTER, "OUTPUT", 0, &err) == NULL,
	   "--dir in is refused at OUTPUT");

	ok(!IN("-m physdev --physdev-is-bridged", p), "no bridge: --physdev-is-bridged fails");
	is_str(last,
	       "-m physdev --physdev-is-bridged: no, no bridge is modelled: the packet crossed no "
	       "bridge port",
	       "  explained");
	ok(IN("-m physdev ! --physdev-is-bridged", p), "inverted, it holds");
	ok(!IN("-m physdev ! --physdev-is-in --physdev-in eth0", p),
	   "one test not inverted is enough to fail");
	ok(rule_parse("-m physdev --physdev-out eth0", TABLE_FILTER, "FORWARD", 0, &err) == NULL,
	   "--physdev-out without --physdev-is-bridged is refused in FORWARD");
	packet_free(p);
}

/* An SCTP INIT from 10.0.1.2:5000 to 10.0.1.1:50000 (no checksum: the
 * match does not read it). */
static struct packet *sctp_init_packet(void)
{
	uint8_t b[20 + 12 + 20] = {0x45, 0, 0, sizeof(b), 0, 1, 0, 0, 64, 132, 0, 0,
				   10,   0, 1, 2,	  10, 0, 1, 1};
	uint8_t *s = b + 20;
	s[0] = 5000 >> 8, s[1] = 5000 & 0xff, s[2] = 50000 >> 8, s[3] = 50000 & 0xff;
	s[12] = 1;  /* INIT */
	s[15] = 20; /* length */
	return packet_from_bytes(b, sizeof(b));
}

static void test_sctp(void)
{
	struct packet *p = sctp_init_packet();
	ok(IN("-p sctp -m sctp --dport 50000", p), "sctp --dport 50000");
	is_str(last, "-m sctp --dport 50000: yes, ports 5000 -> 50000", "  explained");
	ok(!IN("-p sctp -m sctp --sport 1:4999", p), "sctp --sport 1:4999");
	ok(IN("-p sctp -m sctp --chunk-types any INIT,DATA", p), "any INIT,DATA");
	ok(!IN("-p sctp -m sctp --chunk-types all INIT,DATA", p), "all INIT,DATA: no DATA");
	ok(IN("-p sctp -m sctp --chunk-types only INIT", p), "only INIT");
	ok(IN("-p sctp -m sctp ! --chunk-types any DATA", p), "! any DATA");
	struct nf_error err;
	ok(rule_parse("-p udp -m sctp --dport 1", TABLE_FILTER, "INPUT", 0, &err) == NULL,
	   "-m sctp needs -p sctp");
	packet_free(p);
}

/* Three connections from 10.0.1.2; a fourth from 10.0.1.3. */
static void test_connlimit(void)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse("-p tcp --syn -m connlimit --connlimit-above 2", TABLE_FILTER,
				    "INPUT", 0, &err);
	ok(r != NULL, "connlimit rule parses");
	bool hit[4];
	struct match_result res[RULE_MAX_RESULTS];
	int n = 0;
	for (int i = 0; i < 4; i++) {
		struct packet *p = mkpkt(PROTO_TCP, i == 3 ? "10.0.1.3" : "10.0.1.2",
					 (uint16_t)(40000 + i), "10.0.1.1", 22, TCPF_SYN);
		char why[128];
		ct_in(&eng.ct, p, why, sizeof(why));
		struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
		hit[i] = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &n);
		if (i == 2)
			ok(strstr(res[n - 1].text, ": yes, 3 connections from 10.0.1.2/32, limit 2"),
			   "  the third is over the limit: %s", res[n - 1].text);
		ct_confirm(&eng.ct, p);
		packet_free(p);
	}
	ok(!hit[0] && !hit[1] && hit[2] && !hit[3],
	   "the first two pass, the third from the same address is above 2, another address "
	   "is not");
	rule_free(r);
}

static void test_hashlimit(void)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse("-m hashlimit --hashlimit-above 1/sec --hashlimit-burst 2 "
				    "--hashlimit-mode srcip --hashlimit-name t",
				    TABLE_FILTER, "INPUT", 0, &err);
	struct match_result res[RULE_MAX_RESULTS];
	int n = 0;
	bool hit[4];
	for (int i = 0; i < 4; i++) {
		struct packet *p = mkpkt(PROTO_UDP, i == 3 ? "10.0.1.3" : "10.0.1.2", 1000,
					 "10.0.1.1", 53, 0);
		struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
		hit[i] = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &n);
		if (i == 2)
			ok(strstr(res[n - 1].text,
				  ": yes, t bucket empty: 0 of 2"),
			   "  explained: %s", res[n - 1].text);
		packet_free(p);
	}
	ok(!hit[0] && !hit[1] && hit[2] && !hit[3],
	   "a bucket of 2 per source: the third from one source is above, another source has "
	   "its own bucket");
	rule_free(r);
}

static enum verdict run_target(const char *args, struct packet *p, char *why, size_t n)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse(args, TABLE_MANGLE, "FORWARD", 0, &err);
	if (!r) {
		printf("# cannot parse %s: %s\n", args, err.msg);
		return V_CONTINUE;
	}
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_MANGLE, HOOK_FORWARD, "eth0", "eth1");
	enum verdict v = r->target.type->exec(&r->target, &ctx);
	str_copy(why, n, ctx.why);
	rule_free(r);
	return v;
}

static void test_tcpmss(void)
{
	struct packet *p = mkpkt(PROTO_TCP, "10.0.1.2", 40000, "198.51.100.1", 80, TCPF_SYN);
	char why[256];
	uint16_t len0 = pkt_tot_len(p);
	run_target("-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu", p, why, sizeof(why));
	is_str(why, "MSS none -> 536 (option added; path MTU 1500 - 40, at most 536 as RFC 879 says)",
	       "a SYN without MSS gets the option, at most 536");
	is_int(pkt_tot_len(p), len0 + 4, "  4 bytes longer");
	is_int(pkt_tcp_hdr_len(p), 24, "  in the TCP header");
	ok(packet_checksums_ok(p), "  checksums still right");
	run_target("-p tcp --syn -j TCPMSS --set-mss 500", p, why, sizeof(why));
	is_str(why, "MSS 536 -> 500 (--set-mss)", "--set-mss lowers it, old -> new");
	run_target("-p tcp --syn -j TCPMSS --set-mss 1400", p, why, sizeof(why));
	is_str(why, "MSS 500 kept: not above 1400 (--set-mss); TCPMSS never raises it",
	       "and never raises it");
	ok(packet_checksums_ok(p), "  checksums still right");
	struct nf_error err;
	ok(rule_parse("-p tcp -j TCPMSS --set-mss 42", TABLE_MANGLE, "FORWARD", 0, &err) == NULL,
	   "refused without a SYN match, as the kernel refuses it");
	packet_free(p);
}

/* nth: packet P+1 of every N, then every Nth (xt_statistic's counter) */
static void test_statistic_quota_string(void)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse("-m statistic --mode nth --every 3 --packet 1", TABLE_FILTER,
				    "INPUT", 0, &err);
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.1.1", 53, 0);
	struct xt_ctx ctx = mkctx(&eng, p, TABLE_FILTER, HOOK_INPUT, "eth0", NULL);
	struct match_result res[RULE_MAX_RESULTS];
	int n = 0;
	char seq[8] = "";
	for (int i = 0; i < 7; i++)
		seq[i] = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &n) ? 'y' : '.';
	is_str(seq, ".y..y..", "--every 3 --packet 1: the 2nd, 5th, ... packets");
	rule_free(r);

	r = rule_parse("-m statistic --mode random --probability 0.5", TABLE_FILTER, "INPUT", 0,
		       &err);
	int hits = 0;
	for (int i = 0; i < 1000; i++)
		hits += rule_match(r, &ctx, res, RULE_MAX_RESULTS, &n);
	ok(hits > 400 && hits < 600, "random 0.5: about half of 1000 (%d)", hits);
	ok(strstr(res[n - 1].text, "fixed seed") != NULL, "  the trace says the seed is fixed");
	rule_free(r);

	/* 28-byte datagrams: two fit in 60 bytes, the third does not */
	r = rule_parse("-m quota --quota 60", TABLE_FILTER, "INPUT", 0, &err);
	for (int i = 0; i < 3; i++)
		seq[i] = rule_match(r, &ctx, res, RULE_MAX_RESULTS, &n) ? 'y' : '.';
	seq[3] = '\0';
	is_str(seq, "yy.", "quota 60: two 28-byte packets fit, the third does not");
	is_str(res[n - 1].text, "-m quota --quota 60: no, 28 bytes do not fit, 0 of 60 left",
	       "  explained");
	rule_free(r);
	packet_free(p);

	struct pkt_spec s = {.proto = PROTO_TCP, .src.ip = A("10.0.1.2"), .dst.ip = A("10.0.1.1"),
			     .sport = 40000, .dport = 80, .tcp_flags = TCPF_ACK | TCPF_PSH,
			     .data = (const uint8_t *)"GET /admin HTTP/1.0\r\n", .payload = 21};
	p = packet_build(&s);
	ok(IN("-m string --string \"/admin\" --algo bm", p), "--string finds /admin");
	is_str(last, "-m string --string \"/admin\" --algo bm: yes, found at byte 44 of the packet",
	       "  at its offset from the IP header");
	ok(!IN("-m string --string \"/ADMIN\" --algo kmp", p), "case matters");
	ok(IN("-m string --string \"/ADMIN\" --algo kmp --icase", p), "unless --icase");
	ok(IN("-m string --hex-string \"|0d0a|\" --algo bm", p), "--hex-string CR LF");
	ok(!IN("-m string --string \"GET\" --algo bm --to 42", p), "--to 42 ends before the payload");
	/* u32: past the IP header (IHL from word 0), past the TCP header (its
	 * data offset from word 12), the first payload word is "GET " */
	ok(IN("-m u32 --u32 \"6&0xFF=6&&0>>22&0x3C@12>>26&0x3C@0=0x47455420\"", p),
	   "u32 walks the headers to the payload's \"GET \"");
	ok(!IN("-m u32 --u32 \"0>>22&0x3C@12>>26&0x3C@0=0x504f5354\"", p), "and it is not POST");
	ok(!IN("-m u32 --u32 \"0x1000=0x0:0xffffffff\"", p), "a read past the end fails");
	is_str(last, "-m u32 --u32 \"0x1000=0x0:0xffffffff\": no, test 1 reads past the packet's 61 bytes",
	       "  explained");
	packet_free(p);
}

/* scenario time 0 is Thursday 1970-01-01 00:00:00 UTC */
static void test_time(void)
{
	struct packet *p = mkpkt(PROTO_UDP, "10.0.1.2", 1000, "10.0.1.1", 53, 0);
	p->t = 378000; /* Monday 09:00 */
	ok(IN("-m time --timestart 08:00 --timestop 18:00 --weekdays Mon,Fri", p),
	   "Monday 09:00 is office hours");
	ok(strstr(last, "--weekdays Mon,Fri: yes, Mon 1970-01-05 09:00:00 UTC") != NULL,
	   "  explained: %s", last);
	ok(!IN("-m time ! --weekdays Mon", p), "! --weekdays Mon");
	ok(IN("-m time --timestart 22:00 --timestop 10:00", p), "a range past midnight");
	ok(IN("-m time --monthdays 5 --datestart 1970-01-05", p), "monthday 5, from the 5th");
	ok(!IN("-m time --datestop 1970-01-04T23:59:59", p), "after --datestop");
	p->t = 0;
	ok(IN("-m time --weekdays Thu", p), "time 0 is a Thursday");
	packet_free(p);
}

int main(void)
{
	fixture_init(&eng);
	test_owner();
	test_policy_physdev();
	test_sctp();
	test_connlimit();
	test_hashlimit();
	test_tcpmss();
	test_statistic_quota_string();
	test_time();
	fixture_free(&eng);
	return tap_done();
}
