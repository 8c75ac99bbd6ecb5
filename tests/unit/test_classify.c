/* test_classify.c - the big-chain classifier against the plain walk: many
 * random rulesets (addresses and prefixes, inverted tests, protocols,
 * ports, interfaces with and without '+', marks written and tested mid
 * chain, conntrack states, user chains reached by -j and -g, RETURN, no
 * target), iptables and ip6tables alike, and random IPv4 and IPv6
 * packets through two engines built alike, one walking rule by rule and
 * one with its classifier.  Every walk must end with the same fate and
 * the same packet, and every rule and policy counter of both families
 * must agree.  Then the same with random nftables rulesets (an inet table:
 * address and prefix matches of both families, != , interface names with
 * and without a wildcard, l4proto, ports single, ranged and in sets, marks
 * tested and set, ct state, counters, jump, goto, return): the same fates
 * and packets, and every counter statement at the same counts.
 *
 *   test_classify [PAIRS]   (default 20000 (ruleset, packet) pairs)
 */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "engine/nft/nft.h"
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

/* Two engines of the host, the second with its classifier. */
static void host_engines(struct engine *e[2], const struct scenario *s)
{
	for (int k = 0; k < 2; k++) {
		engine_init(e[k]);
		struct nf_error err = {0};
		if (scenario_build_engine(s, e[k], &err) != 0)
			bail("the host does not build", err.msg);
		e[k]->classify = k == 1;
	}
}

static void build(struct engine *e[2], const struct scenario *s)
{
	host_engines(e, s);
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

/* ---- nftables ---- */

static void nft_test(struct strbuf *sb)
{
	static const char *const ifs[] = {"eth0", "eth1", "eth2", "eth*"};
	static const char *const l4[] = {"tcp", "udp", "icmp", "ipv6-icmp"};
	static const char *const dports[] = {"22", "80", "443", "53", "1000-2000", "{ 22, 443 }"};
	static const char *const nmarks[] = {"0x1", "0x2", "0x0", "0x3"};
	static const char *const cts[] = {"new", "established,related", "invalid", "established"};
	static const char *const addrs[] = {"ip saddr", "ip daddr", "ip6 saddr", "ip6 daddr"};
	const char *neg = rnd(5) ? "" : "!= ";
	unsigned k = rnd(10);
	switch (k) {
	case 0:
	case 1:
	case 2:
	case 3:
		sb_addf(sb, " %s %s%s", addrs[k], neg, k < 2 ? PICK(nets) : PICK(nets6));
		break;
	case 4:
		sb_addf(sb, " %s %s\"%s\"", rnd(2) ? "iifname" : "oifname", neg, PICK(ifs));
		break;
	case 5:
		sb_addf(sb, " meta l4proto %s%s", neg, PICK(l4));
		break;
	case 6:
		sb_addf(sb, " %s dport %s", rnd(2) ? "tcp" : "udp", PICK(dports));
		break;
	case 7:
		sb_addf(sb, rnd(3) ? " meta mark %s" : " meta mark and %s == %s", PICK(nmarks),
			PICK(nmarks));
		break;
	case 8:
		sb_addf(sb, " ct state %s", PICK(cts));
		break;
	default:
		sb_addf(sb, " ip protocol %s", rnd(2) ? "tcp" : "icmp");
	}
}

static void nft_rules(struct strbuf *sb, int n, const char *jump_to)
{
	for (int i = 0; i < n; i++) {
		size_t before = sb->len;
		sb_adds(sb, "   ");
		for (int k = (int)rnd(4); k > 0; k--)
			nft_test(sb);
		if (rnd(5) == 0)
			sb_adds(sb, " counter");
		if (rnd(6) == 0)
			sb_addf(sb, " meta mark set 0x%x", rnd(4));
		unsigned a = rnd(10);
		if (a < 3)
			sb_adds(sb, " accept");
		else if (a < 5)
			sb_adds(sb, " drop");
		else if (a < 6)
			sb_adds(sb, " return");
		else if (a < 8 && jump_to)
			sb_addf(sb, " %s %s", rnd(3) ? "jump" : "goto", jump_to);
		if (sb->len == before + 3) /* nothing yet: a rule of its own */
			sb_adds(sb, " counter");
		sb_adds(sb, "\n");
	}
}

static void build_nft(struct engine *e[2], const struct scenario *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "table inet t {\n  chain b {\n");
	nft_rules(&sb, 4 + (int)rnd(20), NULL);
	sb_adds(&sb, "  }\n  chain a {\n");
	nft_rules(&sb, 4 + (int)rnd(30), "b");
	sb_adds(&sb, "  }\n  chain pre {\n    type filter hook prerouting priority mangle; policy accept;\n");
	nft_rules(&sb, 4 + (int)rnd(30), NULL);
	sb_addf(&sb, "  }\n  chain fwd {\n    type filter hook forward priority filter; policy %s;\n",
		rnd(2) ? "accept" : "drop");
	nft_rules(&sb, 4 + (int)rnd(60), "a");
	sb_adds(&sb, "  }\n}\n");
	host_engines(e, s);
	for (int k = 0; k < 2; k++) {
		struct nf_error err = {0};
		struct nft_ruleset *rs = xcalloc(1, sizeof(*rs));
		if (nft_load_text(sb_str(&sb), "t.nft", NULL, rs, &err) != 0 || nft_check(rs, &err) != 0) {
			printf("%s", sb_str(&sb));
			bail("a generated nft ruleset does not load", err.msg);
		}
		engine_set_nft(e[k], rs);
	}
	sb_free(&sb);
}

/* Every counter statement's packets, in the ruleset's order (0 for one
 * never reached): the states are the walk's, keyed by statement. */
static size_t nft_counts(const struct engine *e, uint64_t *out, size_t max)
{
	size_t n = 0;
	const struct nft_ruleset *rs = e->nft;
	for (size_t t = 0; t < rs->ntables; t++)
		for (size_t c = 0; c < rs->tables[t].nchains; c++) {
			const struct nft_chain *ch = &rs->tables[t].chains[c];
			for (size_t r = 0; r < ch->nrules; r++)
				for (size_t i = 0; i < ch->rules[r].nstmts && n < max; i++) {
					const struct nft_stmt *st = &ch->rules[r].stmts[i];
					out[n] = 0;
					for (size_t k = 0; k < e->nft_states.n; k++)
						if (e->nft_states.v[k].key == st)
							out[n] = e->nft_states.v[k].pkts;
					n++;
				}
		}
	return n;
}

static bool same_nft_counts(const struct engine *a, const struct engine *b)
{
	static uint64_t ca[4096], cb[4096];
	size_t na = nft_counts(a, ca, 4096), nb = nft_counts(b, cb, 4096);
	return na == nb && memcmp(ca, cb, na * sizeof(*ca)) == 0;
}

/* PAIRS (ruleset, packet) pairs through rulesets of iptables (nft
 * false) or nftables: its three checks. */
static void compare(const struct scenario *s, long pairs, bool nft)
{
	const char *what = nft ? "nftables" : "iptables";
	long walked = 0, bad_walks = 0, bad_counters = 0, rulesets = 0, classified = 0;
	while (walked < pairs) {
		struct engine ea, eb, *e[2] = {&ea, &eb};
		if (nft)
			build_nft(e, s);
		else
			build(e, s);
		rulesets++;
		int n = 100 + (int)rnd(200);
		for (int i = 0; i < n && walked < pairs; i++, walked++) {
			struct packet *p = random_packet();
			struct walk_result ra, rb;
			walk_packet(&ea, packet_clone(p), i + 1, &ra);
			walk_packet(&eb, p, i + 1, &rb);
			if (!same_result(&ra, &rb) && bad_walks++ < 5)
				printf("# %s ruleset %ld packet %d: fate %s/%s\n", what, rulesets, i + 1,
				       fate_name(ra.fate), fate_name(rb.fate));
		}
		if (eb.cls)
			classified++;
		if (!same_counters(&ea.rules, &eb.rules) || !same_counters(&ea.rules6, &eb.rules6) ||
		    (nft && !same_nft_counts(&ea, &eb)))
			bad_counters++;
		engine_free(&ea);
		engine_free(&eb);
	}
	ok(classified > 0, "%s: the classifier ran (%ld of %ld rulesets)", what, classified, rulesets);
	ok(bad_walks == 0,
	   "%s: %ld walks: the same fate and packet with and without the classifier (%ld differ)",
	   what, walked, bad_walks);
	ok(bad_counters == 0, "%s: %ld rulesets: every counter the same (%ld differ)", what, rulesets,
	   bad_counters);
}

int main(int argc, char **argv)
{
	long pairs = argc > 1 ? atol(argv[1]) : 20000;
	struct scenario s;
	struct nf_error err = {0};
	if (scenario_load_string("host.yaml", host, sizeof(host) - 1, &s, &err) != 0)
		bail("the host does not load", err.msg);
	compare(&s, pairs, false);
	compare(&s, pairs, true);
	scenario_free(&s);
	return tap_done();
}
