/* test_ipchains.c - ipchains commands (Linux 2.2) and rule matching.
 * The semantics are read from linux-2.2 net/ipv4/ip_fw.c: ip_rule_match
 * (addresses masked, a '+' interface is a prefix, -y is SYN without ACK
 * or RST, a fragment fails every port test and every SYN test) and
 * ip_fw.c's chain commands; -b adds the mirrored rule (ipchains(8)). */
#include <stdlib.h>
#include <string.h>

#include "engine/xt/ipchains.h"
#include "tests/tap.h"

static int cmd(struct ipchains *ic, const char *text, struct nf_error *err)
{
	memset(err, 0, sizeof(*err));
	err->col = -1;
	return ipchains_command(ic, text, 1, err);
}

static struct packet *tcp(uint32_t s, uint16_t sp, uint32_t d, uint16_t dp, uint8_t flags)
{
	struct pkt_spec spec = {.proto = PROTO_TCP, .src.ip = s, .dst.ip = d, .sport = sp,
				.dport = dp, .tcp_flags = flags};
	return packet_build(&spec);
}

static bool matches(struct ipchains *ic, const char *chain, size_t i, const struct packet *p,
		    const char *ifname)
{
	struct match_result res[RULE_MAX_RESULTS];
	int n;
	const struct ipc_chain *c = ipchains_chain(ic, chain);
	return c && i < c->nrules &&
	       ipc_rule_match(&c->rules[i], p, ifname, res, RULE_MAX_RESULTS, &n);
}

static const char *fmt(struct ipchains *ic, const char *chain, size_t i, char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	ipc_rule_format(&ipchains_chain(ic, chain)->rules[i], &sb);
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
	return buf;
}

static void test_commands(void)
{
	struct ipchains ic;
	struct nf_error err;
	char b[200];
	ipchains_init(&ic);
	ok(cmd(&ic, "ipchains -A input -s 10.0.0.0/255.255.255.0 -j ACCEPT", &err) == 0,
	   "-A with a dotted mask");
	ok(strcmp(fmt(&ic, "input", 0, b, sizeof(b)), "-s 10.0.0.0/24 -j ACCEPT") == 0,
	   "printed with a prefix length: %s", b);
	ok(cmd(&ic, "-I input -p tcp -d 0/0 ! 1024:65535 -y -j DENY", &err) == 0, "-I at the top");
	ok(strcmp(fmt(&ic, "input", 0, b, sizeof(b)),
		  "-d 0.0.0.0/0 ! 1024:65535 -p tcp -y -j DENY") == 0,
	   "an inverted port range: %s", b);
	ok(cmd(&ic, "-R input 2 -s 10.0.0.7 -j REJECT", &err) == 0, "-R");
	ok(strcmp(fmt(&ic, "input", 1, b, sizeof(b)), "-s 10.0.0.7/32 -j REJECT") == 0,
	   "-R replaced rule 2: %s", b);
	ok(cmd(&ic, "-D input -s 10.0.0.7 -j REJECT", &err) == 0 &&
		   ipchains_chain(&ic, "input")->nrules == 1,
	   "-D by rule");
	ok(cmd(&ic, "-D input 1", &err) == 0 && ipchains_chain(&ic, "input")->nrules == 0,
	   "-D by number");
	ok(cmd(&ic, "-D input 1", &err) != 0 && err.col == 9, "-D of a missing rule points at it");
	ok(cmd(&ic, "-N longerthan8", &err) != 0, "labels are at most 8 characters");
	ok(cmd(&ic, "-N web", &err) == 0 && cmd(&ic, "-A forward -b -s 10.1.0.0/16 -j web", &err) == 0,
	   "-N and a jump with -b");
	ok(ipchains_chain(&ic, "forward")->nrules == 2 &&
		   strcmp(fmt(&ic, "forward", 1, b, sizeof(b)), "-d 10.1.0.0/16 -j web") == 0,
	   "-b adds the mirrored rule: %s", b);
	ok(cmd(&ic, "-X web", &err) != 0, "-X refuses a chain still jumped to");
	ok(cmd(&ic, "-F forward", &err) == 0 && cmd(&ic, "-X web", &err) == 0, "-F then -X");
	ok(cmd(&ic, "-P forward MASQ", &err) == 0 &&
		   ipchains_chain(&ic, "forward")->policy == IPC_MASQ,
	   "-P forward MASQ");
	ok(cmd(&ic, "-P forward RETURN", &err) != 0, "RETURN is no policy");
	ok(cmd(&ic, "-A input -y -j ACCEPT", &err) != 0, "-y needs -p tcp");
	ok(cmd(&ic, "-A input -p tcp -j REDIRECT 3128", &err) == 0 &&
		   ipchains_chain(&ic, "input")->rules[0].redirpt == 3128,
	   "REDIRECT takes a port");
	ok(cmd(&ic, "-A input -j ACCEPT extra", &err) != 0 && err.col == 19,
	   "a word left over is pointed at");
	ipchains_free(&ic);
}

static void test_match(void)
{
	struct ipchains ic;
	struct nf_error err;
	ipchains_init(&ic);
	cmd(&ic, "-A input -p tcp -y -i eth+ -j DENY", &err);
	cmd(&ic, "-A input -p tcp -s 0/0 80 -d 192.0.2.0/24 -j ACCEPT", &err);
	cmd(&ic, "-A input -p icmp -s 0/0 8 -j ACCEPT", &err);
	cmd(&ic, "-A input -f -j DENY", &err);
	struct packet *syn = tcp(0xc6336407, 40000, 0xc0000201, 80, TCPF_SYN);
	struct packet *synack = tcp(0xc6336407, 80, 0xc0000201, 40000, TCPF_SYN | TCPF_ACK);
	ok(matches(&ic, "input", 0, syn, "eth0"), "-y matches a SYN on eth+");
	ok(!matches(&ic, "input", 0, syn, "ppp0"), "eth+ does not match ppp0");
	ok(!matches(&ic, "input", 0, synack, "eth0"), "-y does not match a SYN/ACK");
	ok(matches(&ic, "input", 1, synack, "eth0"), "source port 80 into 192.0.2.0/24");
	ok(!matches(&ic, "input", 1, syn, "eth0"), "source port 40000 is not 80");
	struct pkt_spec ping = {.proto = PROTO_ICMP, .src.ip = 1, .dst.ip = 2, .icmp_type = 8};
	struct packet *echo = packet_build(&ping);
	ok(matches(&ic, "input", 2, echo, "eth0"), "an ICMP type is tested as the source port");
	ok(!matches(&ic, "input", 3, syn, "eth0"), "-f does not match a first fragment");
	packet_free(syn);
	packet_free(synack);
	packet_free(echo);
	ipchains_free(&ic);
}

static void test_masq(void)
{
	struct ipchains ic;
	ipchains_init(&ic);
	struct packet *out = tcp(0x0a000005, 40000, 0xc6336407, 80, TCPF_SYN);
	const struct ipc_masq *m = ipc_masq_out(&ic, out, 0xcb007101);
	ok(m && m->mport == IPC_MASQ_PORT_BEGIN, "the first masqueraded port is 61000");
	ok(ipc_masq_out(&ic, out, 0xcb007101) == m, "the same connection keeps its entry");
	struct packet *back = tcp(0xc6336407, 80, 0xcb007101, 61000, TCPF_SYN | TCPF_ACK);
	ok(ipc_masq_in(&ic, back) == m, "the reply finds it");
	struct packet *other = tcp(0xc6336408, 80, 0xcb007101, 61000, TCPF_ACK);
	ok(ipc_masq_in(&ic, other) == NULL, "another outside host does not");
	struct pkt_spec ping = {.proto = PROTO_ICMP, .src.ip = 0x0a000005, .dst.ip = 0xc6336407,
				.icmp_type = ICMP_ECHO, .icmp_id = 7};
	struct packet *echo = packet_build(&ping);
	const struct ipc_masq *e = ipc_masq_out(&ic, echo, 0xcb007101);
	ok(e && e->mport == IPC_MASQ_PORT_BEGIN + 1 && e->sport == 7,
	   "an echo request is masqueraded by its id");
	struct pkt_spec pong = {.proto = PROTO_ICMP, .src.ip = 0xc6336407, .dst.ip = 0xcb007101,
				.icmp_type = ICMP_ECHOREPLY, .icmp_id = IPC_MASQ_PORT_BEGIN + 1};
	struct packet *reply = packet_build(&pong);
	ok(ipc_masq_in(&ic, reply) == e, "its echo reply finds the entry by id");
	ok(ipc_masq_in(&ic, echo) == NULL, "an echo request is never a reply");
	packet_free(echo);
	packet_free(reply);
	packet_free(out);
	packet_free(back);
	packet_free(other);
	ipchains_free(&ic);
}

int main(void)
{
	test_commands();
	test_match();
	test_masq();
	return tap_done();
}
