/* test_classify.c - the big-chain classifier against the plain walk: many
 * random rulesets (addresses and prefixes, inverted tests, protocols,
 * ports, interfaces with and without '+', marks written and tested mid
 * chain, conntrack states, user chains reached by -j and -g, RETURN, no
 * target), iptables and ip6tables alike, and random IPv4 and IPv6
 * packets through two engines built alike, one walking rule by rule and
 * one with its classifier.  Every walk must end with the same fate and
 * the same packet, and every rule and policy counter of both families
 * must agree.
 *
 *   test_classify [PAIRS]   (default 20000 (ruleset, packet) pairs)
 */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "lib/addr.h"
#include "scenario/scenario.h"

static void bail(const char *what, const char *msg)
{
	printf("Bail out! %s: %s\n", what, msg);
	exit(1);
}

static uint64_t rng = 0x2545f4914f6cdd1dull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)((rng >> 11) % n);
}

#define PICK(a) (a)[rnd(sizeof(a) / sizeof((a)[0]))]

static const char host[] = "interfaces:\n"
			   "  eth0: [10.0.0.1/8, 2001:db8::1/64]\n"
			   "  eth1: [192.168.1.1/24, 2001:db8:1::1/64]\n"
			   "  eth2: [172.16.0.1/12, fd00::1/64]\n"
			   "routes:\n"
			   "  - default via 10.0.0.254 dev eth0\n"
			   "routes6:\n"
			   "  - default via 2001:db8::ff dev eth0\n"
			   "sysctls: {ip_forward: 1, net.ipv6.conf.all.forwarding: 1}\n"
			   "packets: []\n";

static const char *const nets[] = {
	"10.1.2.3",       "10.1.2.3/32", "10.1.0.0/16",   "10.0.0.0/8",    "192.168.1.0/24",
	"192.168.1.7",    "172.16.0.0/12", "0.0.0.0/1",   "8.8.8.8",       "10.1.0.0/24",
};
static const char *const nets6[] = {
	"2001:db8:1::3",   "2001:db8:1::3/128", "2001:db8:1::/48", "2001:db8::/32",
	"fd00::/8",        "2001:db8:1::7",     "::/1",            "2001:db8:1:0:ffff::/80",
	"2001:db8:5::9",   "2001:db8:1::/64",
};
static const char *const ifaces[] = {"eth0", "eth1", "eth2", "eth+", "lo"};
static const char *const ports[] = {"22", "80", "443", "53", "1000:2000", "40000"};
static const char *const marks[] = {"0x1", "0x2/0x2", "0x0/0xff", "0x3", "0x1/0x1"};
static const char *const states[] = {"NEW", "ESTABLISHED", "RELATED,ESTABLISHED", "INVALID"};

static void rule_tests(struct strbuf *sb, bool v6)
{
	if (rnd(3) == 0)
		sb_addf(sb, " %s-s %s", rnd(5) ? "" : "! ", v6 ? PICK(nets6) : PICK(nets));
	if (rnd(3) == 0)
		sb_addf(sb, " %s-d %s", rnd(5) ? "" : "! ", v6 ? PICK(nets6) : PICK(nets));
	if (rnd(4) == 0)
		sb_addf(sb, " %s-i %s", rnd(5) ? "" : "! ", PICK(ifaces));
	if (rnd(4) == 0)
		sb_addf(sb, " %s-o %s", rnd(5) ? "" : "! ", PICK(ifaces));
	unsigned p = rnd(5);
	if (p == 0 || p == 1) {
		const char *proto = p ? "udp" : "tcp";
		sb_addf(sb, " -p %s", proto);
		if (rnd(2))
			sb_addf(sb, " -m %s %s--%s %s", proto, rnd(6) ? "" : "! ",
				rnd(4) ? "dport" : "sport", PICK(ports));
	} else if (p == 2) {
		sb_addf(sb, " %s-p %s", rnd(6) ? "" : "! ", v6 ? "ipv6-icmp" : "icmp");
	}
	if (rnd(4) == 0)
		sb_addf(sb, " -m mark %s--mark %s", rnd(5) ? "" : "! ", PICK(marks));
	if (rnd(5) == 0)
		sb_addf(sb, " -m conntrack --ctstate %s", PICK(states));
}

/* The ruleset of a family in each engine. */
static struct ruleset *rules_of(struct engine *e, bool v6)
{
	return v6 ? &e->rules6 : &e->rules;
}

static void add_rules(struct engine *e[2], bool v6, const char *table, const char *chain, int n,
		      bool mangle, const char *jump_to)
{
	for (int i = 0; i < n; i++) {
		struct strbuf sb = STRBUF_INIT;
		sb_addf(&sb, "-t %s -A %s", table, chain);
		rule_tests(&sb, v6);
		unsigned a = rnd(10);
		if (mangle && a < 4)
			sb_addf(&sb, " -j MARK --set-mark 0x%x", rnd(4));
		else if (a < 6)
			sb_addf(&sb, " -j %s", rnd(2) ? "ACCEPT" : mangle ? "RETURN" : "DROP");
		else if (a < 7)
			sb_adds(&sb, " -j RETURN");
		else if (a < 9 && jump_to)
			sb_addf(&sb, " -%c %s", rnd(3) ? 'j' : 'g', jump_to);
		for (int k = 0; k < 2; k++)
			if (ruleset_command(rules_of(e[k], v6), sb_str(&sb), 0, NULL) != 0)
				bail("a generated rule does not load", sb_str(&sb));
		sb_free(&sb);
	}
}

/* The same shape of ruleset for one family. */
static void add_family(struct engine *e[2], bool v6)
{
	static const char *const cmds[] = {"-t mangle -N M1", "-N A", "-N B"};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		for (int k = 0; k < 2; k++)
			ruleset_command(rules_of(e[k], v6), cmds[i], 0, NULL);
	add_rules(e, v6, "mangle", "M1", 4 + (int)rnd(20), true, NULL);
	add_rules(e, v6, "mangle", "FORWARD", 4 + (int)rnd(40), true, "M1");
	add_rules(e, v6, "filter", "B", 4 + (int)rnd(20), false, NULL);
	add_rules(e, v6, "filter", "A", 4 + (int)rnd(30), false, "B");
	add_rules(e, v6, "filter", "FORWARD", 4 + (int)rnd(60), false, "A");
	if (rnd(2))
		for (int k = 0; k < 2; k++)
			ruleset_command(rules_of(e[k], v6), "-P FORWARD DROP", 0, NULL);
}

static void build(struct engine *e[2], const struct scenario *s)
{
	for (int k = 0; k < 2; k++) {
		engine_init(e[k]);
		struct nf_error err = {0};
		if (scenario_build_engine(s, e[k], &err) != 0)
			bail("the host does not build", err.msg);
		e[k]->classify = k == 1;
	}
	add_family(e, false);
	add_family(e, true);
}

static union inet_addr random_host(bool v6)
{
	static const char *const hosts[] = {"10.1.2.3", "10.1.9.9",   "10.2.0.1", "192.168.1.7",
					    "192.168.1.50", "172.16.5.5", "8.8.8.8", "10.1.0.77"};
	static const char *const hosts6[] = {"2001:db8:1::3", "2001:db8:1::7", "2001:db8:1:0:ffff::9",
					     "2001:db8:5::9", "fd00::5",       "2001:db8:2::1",
					     "2001:db8::77",  "2001:db8:1:1::3"};
	union inet_addr a;
	int family = 0;
	if (!inet_parse(v6 ? PICK(hosts6) : PICK(hosts), &family, &a))
		bail("a test address does not parse", "");
	return a;
}

static struct packet *random_packet(void)
{
	static const uint16_t pp[] = {22, 80, 443, 53, 1500, 40000, 1000, 2000};
	struct pkt_spec spec = {0};
	bool v6 = rnd(2);
	spec.family = v6 ? FAMILY_IPV6 : FAMILY_IPV4;
	spec.src = random_host(v6);
	spec.dst = random_host(v6);
	unsigned p = rnd(3);
	spec.proto = p == 0 ? PROTO_TCP : p == 1 ? PROTO_UDP : v6 ? PROTO_ICMPV6 : PROTO_ICMP;
	spec.sport = PICK(pp);
	spec.dport = PICK(pp);
	spec.tcp_flags = rnd(2) ? TCPF_SYN : TCPF_ACK;
	spec.seq = 1000;
	spec.icmp_type = v6 ? 128 : 8; /* an echo request */
	spec.icmp_id = (uint16_t)rnd(4);
	struct packet *pk = packet_build(&spec);
	str_copy(pk->iif, sizeof(pk->iif), PICK(ifaces) + 0);
	if (strcmp(pk->iif, "eth+") == 0 || strcmp(pk->iif, "lo") == 0)
		str_copy(pk->iif, sizeof(pk->iif), "eth1");
	pk->mark = rnd(3) ? 0 : rnd(4);
	return pk;
}

static bool same_counters(const struct ruleset *a, const struct ruleset *b)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (a->t[t].nchains != b->t[t].nchains)
			return false;
		for (size_t c = 0; c < a->t[t].nchains; c++) {
			const struct chain *x = a->t[t].chains[c], *y = b->t[t].chains[c];
			if (x->nrules != y->nrules || x->policy_pkts != y->policy_pkts ||
			    x->policy_bytes != y->policy_bytes)
				return false;
			for (size_t i = 0; i < x->nrules; i++)
				if (x->rules[i]->pkts != y->rules[i]->pkts ||
				    x->rules[i]->bytes != y->rules[i]->bytes)
					return false;
		}
	}
	return true;
}

static bool same_result(const struct walk_result *a, const struct walk_result *b)
{
	const struct pkt_view *x = &a->final, *y = &b->final;
	return a->fate == b->fate && a->where == b->where && strcmp(a->oif, b->oif) == 0 &&
	       inet_eq(&x->src, &y->src) && inet_eq(&x->dst, &y->dst) && x->sport == y->sport &&
	       x->dport == y->dport && x->mark == y->mark && x->ctmark == y->ctmark &&
	       x->tos == y->tos && x->ttl == y->ttl && x->priority == y->priority &&
	       x->ctinfo == y->ctinfo && x->ct_id == y->ct_id;
}

int main(int argc, char **argv)
{
	long pairs = argc > 1 ? atol(argv[1]) : 20000;
	struct scenario s;
	struct nf_error err = {0};
	if (scenario_load_string("host.yaml", host, sizeof(host) - 1, &s, &err) != 0)
		bail("the host does not load", err.msg);
	long walked = 0, bad_walks = 0, bad_counters = 0, rulesets = 0, classified = 0;
	while (walked < pairs) {
		struct engine ea, eb, *e[2] = {&ea, &eb};
		build(e, &s);
		rulesets++;
		int n = 100 + (int)rnd(200);
		for (int i = 0; i < n && walked < pairs; i++, walked++) {
			struct packet *p = random_packet();
			struct walk_result ra, rb;
			walk_packet(&ea, packet_clone(p), i + 1, &ra);
			walk_packet(&eb, p, i + 1, &rb);
			if (!same_result(&ra, &rb) && bad_walks++ < 5)
				printf("# ruleset %ld packet %d: fate %s/%s\n", rulesets, i + 1,
				       fate_name(ra.fate), fate_name(rb.fate));
		}
		if (eb.cls)
			classified++;
		if (!same_counters(&ea.rules, &eb.rules) || !same_counters(&ea.rules6, &eb.rules6))
			bad_counters++;
		engine_free(&ea);
		engine_free(&eb);
	}
	scenario_free(&s);
	ok(classified > 0, "the classifier ran (%ld of %ld rulesets)", classified, rulesets);
	ok(bad_walks == 0, "%ld walks: the same fate and packet with and without the classifier (%ld differ)",
	   walked, bad_walks);
	ok(bad_counters == 0, "%ld rulesets: every rule and policy counter the same (%ld differ)",
	   rulesets, bad_counters);
	return tap_done();
}
