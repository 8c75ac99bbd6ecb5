/* test_rule_parse.c - the iptables rule and command parser: canonical
 * forms as iptables-save prints them, refusals pointing at the bad word,
 * and the ruleset commands with the kernel's table checks.  Expected
 * forms were checked against iptables-legacy 1.8.9 on Linux 6.18 in a
 * throwaway network namespace where the .t vectors do not cover them. */
#include <stdlib.h>
#include <string.h>

#include "engine/xt/rule.h"
#include "tests/tap.h"

static void roundtrip(const char *args, enum nf_table t, const char *chain, const char *want)
{
	struct nf_error err = {.col = -1};
	struct rule *r = rule_parse(args, t, chain, 0, &err);
	struct strbuf sb = STRBUF_INIT;
	if (r)
		rule_format(r, &sb);
	else
		sb_addf(&sb, "ERROR: %s", err.msg);
	char name[160];
	snprintf(name, sizeof(name), "%s -> %s", args, want);
	is_str(sb_str(&sb), want, name);
	sb_free(&sb);
	rule_free(r);
}

static void same(const char *args, enum nf_table t, const char *chain)
{
	roundtrip(args, t, chain, args);
}

/* Refused, with the message containing `msg` and pointing at column col. */
static void refuse(const char *args, enum nf_table t, const char *chain, int col,
		   const char *msg)
{
	struct nf_error err = {.col = -2};
	struct rule *r = rule_parse(args, t, chain, 0, &err);
	char name[200];
	snprintf(name, sizeof(name), "refused: %s", args);
	ok(!r && strstr(err.msg, msg) && err.col == col, "%s", name);
	if (r || !strstr(err.msg, msg) || err.col != col)
		printf("#   got col %d msg '%s'\n", err.col, r ? "(accepted)" : err.msg);
	rule_free(r);
}

static void test_ip_part(void)
{
	roundtrip("-s 10.11.12.13/8", TABLE_FILTER, "INPUT", "-s 10.0.0.0/8");
	roundtrip("! -s 0.0.0.0 -j ACCEPT", TABLE_FILTER, "INPUT", "! -s 0.0.0.0/32 -j ACCEPT");
	roundtrip("-s 10.11.12.13/255.0.255.0", TABLE_FILTER, "INPUT", "-s 10.0.12.0/255.0.255.0");
	roundtrip("-p TCP -d 5.6.7.8 -i eth0 -s 1.2.3.4", TABLE_FILTER, "FORWARD",
		  "-s 1.2.3.4/32 -d 5.6.7.8/32 -i eth0 -p tcp");
	roundtrip("--protocol=udp --source=1.2.3.4 --in-interface=eth+ --jump=DROP",
		  TABLE_FILTER, "FORWARD", "-s 1.2.3.4/32 -i eth+ -p udp -j DROP");
	roundtrip("-ptcp -s1.2.3.4 -oeth1 -jACCEPT", TABLE_FILTER, "FORWARD",
		  "-s 1.2.3.4/32 -o eth1 -p tcp -j ACCEPT");
	roundtrip("-i + -p 132", TABLE_FILTER, "FORWARD", "-p sctp");
	same("! -i +", TABLE_FILTER, "FORWARD");
	roundtrip("-f -p udp", TABLE_FILTER, "FORWARD", "-p udp -f");
	same("-p udp ! -f", TABLE_FILTER, "FORWARD");
	roundtrip("-p", TABLE_FILTER, "INPUT", "ERROR: option -p needs an argument");
	same("-p 200", TABLE_FILTER, "INPUT");
	roundtrip("-p all -c 2,3 -j RETURN", TABLE_FILTER, "INPUT", "-j RETURN");
	roundtrip("-c 2 3", TABLE_FILTER, "INPUT", "");
}

static void test_tokens(void)
{
	same("-m comment --comment \"two words\"", TABLE_FILTER, "INPUT");
	roundtrip("-m comment --comment 'it'\\''s'", TABLE_FILTER, "INPUT",
		  "-m comment --comment \"it\\'s\"");
	roundtrip("-m comment --comment a\\ b", TABLE_FILTER, "INPUT",
		  "-m comment --comment \"a b\"");
	roundtrip("-j LOG --log-prefix \"x: \" # trailing comment", TABLE_FILTER, "INPUT",
		  "-j LOG --log-prefix \"x: \"");
	refuse("-m comment --comment \"open", TABLE_FILTER, "INPUT", 21, "unterminated \" quote");
}

static void test_implicit_and_order(void)
{
	roundtrip("-p tcp --dport 80 -j ACCEPT", TABLE_FILTER, "INPUT",
		  "-p tcp -m tcp --dport 80 -j ACCEPT");
	roundtrip("-p tcp --syn", TABLE_FILTER, "INPUT",
		  "-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN");
	roundtrip("-p tcp --dport http:https --sport ssh", TABLE_FILTER, "INPUT",
		  "-p tcp -m tcp --sport 22 --dport 80:443");
	roundtrip("-p tcp --tcp-flags ALL NONE", TABLE_FILTER, "INPUT",
		  "-p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE");
	roundtrip("-p udp --dport 53 -m comment --comment dns", TABLE_FILTER, "INPUT",
		  "-p udp -m udp --dport 53 -m comment --comment dns");
	same("-p tcp -m tcp --dport 80 -m tcp --sport 99", TABLE_FILTER, "INPUT");
	roundtrip("-p icmp --icmp-type echo-request", TABLE_FILTER, "INPUT",
		  "-p icmp -m icmp --icmp-type 8");
	roundtrip("-p icmp ! --icmp-type port-unreachable", TABLE_FILTER, "INPUT",
		  "-p icmp -m icmp ! --icmp-type 3/3");
	roundtrip("-m state ! --state NEW", TABLE_FILTER, "INPUT", "-m state ! --state NEW");
	roundtrip("-m conntrack --ctstate established,related", TABLE_FILTER, "INPUT",
		  "-m conntrack --ctstate RELATED,ESTABLISHED");
	roundtrip("-m addrtype ! --src-type LOCAL,UNICAST", TABLE_FILTER, "INPUT",
		  "-m addrtype ! --src-type UNICAST,LOCAL");
	roundtrip("-m mac --mac-source AA:bb:CC:01:02:03", TABLE_FILTER, "INPUT",
		  "-m mac --mac-source aa:bb:cc:01:02:03");
	roundtrip("-m ttl ! --ttl-eq 3", TABLE_FILTER, "INPUT", "-m ttl ! --ttl-eq 3");
	roundtrip("-m iprange --src-range 1.1.1.1", TABLE_FILTER, "INPUT",
		  "-m iprange --src-range 1.1.1.1-1.1.1.1");
}

static void test_targets(void)
{
	roundtrip("-j MARK --set-mark 5/0xf", TABLE_MANGLE, "PREROUTING",
		  "-j MARK --set-xmark 0x5/0xf");
	roundtrip("-j MARK --and-mark 0x1", TABLE_MANGLE, "PREROUTING",
		  "-j MARK --set-xmark 0x0/0xfffffffe");
	roundtrip("-j CONNMARK --save-mark --mask 0xff", TABLE_MANGLE, "PREROUTING",
		  "-j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff");
	roundtrip("-j CONNMARK --and-mark 3", TABLE_MANGLE, "PREROUTING",
		  "-j CONNMARK --set-xmark 0x0/0xfffffffc");
	roundtrip("-j LOG --log-level warning --log-prefix x", TABLE_FILTER, "INPUT",
		  "-j LOG --log-prefix x");
	roundtrip("-j LOG --log-prefix 012345678901234567890123456789", TABLE_FILTER, "INPUT",
		  "-j LOG --log-prefix 01234567890123456789012345678");
	roundtrip("-j REJECT --reject-with host-unreach", TABLE_FILTER, "INPUT",
		  "-j REJECT --reject-with icmp-host-unreachable");
	roundtrip("-j CLASSIFY --set-class 1:10", TABLE_MANGLE, "POSTROUTING",
		  "-j CLASSIFY --set-class 0001:0010");
	roundtrip("-p tcp -j DNAT --to-destination :8080", TABLE_NAT, "PREROUTING",
		  "-p tcp -j DNAT --to-destination :8080");
	roundtrip("-j NETMAP --to 10.9.8.7/16", TABLE_NAT, "PREROUTING",
		  "-j NETMAP --to 10.9.0.0/16");
	same("-j IMQ --todev 0", TABLE_MANGLE, "PREROUTING");
	same("-j CT --notrack", TABLE_RAW, "PREROUTING");
	roundtrip("-j USERCHAIN", TABLE_FILTER, "INPUT", "-j USERCHAIN");
	roundtrip("-g USERCHAIN", TABLE_FILTER, "INPUT", "-g USERCHAIN");
	roundtrip("-j QUEUE", TABLE_FILTER, "INPUT", "-j QUEUE");
}

static void test_refusals(void)
{
	refuse("-p tcp --dprot 80", TABLE_FILTER, "INPUT", 7, "unknown option \"--dprot\"");
	refuse("-m tcp --dport 80", TABLE_FILTER, "INPUT", 3, "needs -p tcp");
	refuse("-p udp -m tcp --dport 80", TABLE_FILTER, "INPUT", 10, "needs -p tcp");
	refuse("-j DNAT --to-destination 1.2.3.4", TABLE_FILTER, "INPUT", 3,
	       "DNAT is only valid in the nat table");
	refuse("-j DNAT --to-destination 1.2.3.4", TABLE_NAT, "POSTROUTING", 3,
	       "DNAT is not valid in POSTROUTING: only in PREROUTING, OUTPUT");
	refuse("-j REJECT", TABLE_MANGLE, "INPUT", 3, "only valid in the filter table");
	refuse("-j REJECT --reject-with tcp-reset", TABLE_FILTER, "INPUT", 3, "needs -p tcp");
	refuse("-i eth0 -j ACCEPT", TABLE_FILTER, "OUTPUT", 0, "-i cannot be used in OUTPUT");
	refuse("-o eth0", TABLE_NAT, "PREROUTING", 0, "-o cannot be used in PREROUTING");
	refuse("-m mac --mac-source 42:01:02:03:04:05", TABLE_FILTER, "OUTPUT", 3,
	       "match mac is not valid in OUTPUT");
	refuse("-m cpu --cpu 0", TABLE_FILTER, "OUTPUT", 3, "match \"cpu\" is not supported");
	refuse("-m owner --uid-owner 0", TABLE_FILTER, "INPUT", 3,
	       "match owner is not valid in INPUT");
	refuse("-j LED --led-trigger-id x", TABLE_MANGLE, "PREROUTING", 7,
	       "nfwalk has no target of that name");
	refuse("-p tcp --dport 65536", TABLE_FILTER, "INPUT", 15, "bad port");
	refuse("-p ! tcp", TABLE_FILTER, "INPUT", 3, "\"!\" goes before the option");
	refuse("! ! -p tcp", TABLE_FILTER, "INPUT", 2, "multiple \"!\"");
	refuse("! -m tcp", TABLE_FILTER, "INPUT", 0, "not allowed before -m");
	refuse("-m ttl ! --ttl-lt 4", TABLE_FILTER, "INPUT", 7, "cannot be inverted");
	refuse("-j ACCEPT -j DROP", TABLE_FILTER, "INPUT", 10, "multiple -j");
	refuse("-j ACCEPT -g X", TABLE_FILTER, "INPUT", 10, "-j and -g cannot be combined");
	refuse("-g ACCEPT", TABLE_FILTER, "INPUT", 3, "-g needs a user-defined chain");
	refuse("-s 1.2.3.4,5.6.7.8", TABLE_FILTER, "INPUT", 3, "several addresses");
	refuse("-s example.org", TABLE_FILTER, "INPUT", 3, "bad address");
	refuse("-i thisinterfaceistoolong0", TABLE_FILTER, "FORWARD", 3, "longer than 15");
	refuse("foo", TABLE_FILTER, "INPUT", 0, "unexpected argument \"foo\"");
	refuse("-p tcp --dport 1 --dport 2", TABLE_FILTER, "INPUT", 17, "can only be used once");
	refuse("! -p all", TABLE_FILTER, "INPUT", 0, "would never match");
	refuse("-j MASQUERADE", TABLE_NAT, "PREROUTING", 3, "only in POSTROUTING");
	refuse("-p tcp -j LOG --log-level bad", TABLE_FILTER, "INPUT", 26, "bad --log-level");
	refuse("-m comment", TABLE_FILTER, "INPUT", 3, "needs --comment");
	refuse("-m addrtype --src-type LOCAL --limit-iface-out", TABLE_FILTER, "INPUT", 3,
	       "match addrtype is not valid in INPUT");
	refuse("-p tcp --tcp-flags SYN", TABLE_FILTER, "INPUT", 7, "needs two arguments");
	refuse("-c ,3", TABLE_FILTER, "INPUT", 3, "-c needs PACKETS,BYTES");
	refuse("-j DROP", TABLE_NAT, "PREROUTING", 3, "refuses DROP there");
}

static int cmd(struct ruleset *rs, const char *line, struct nf_error *err)
{
	memset(err, 0, sizeof(*err));
	return ruleset_command(rs, line, 1, err);
}

static void save_is(const struct ruleset *rs, const char *want, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	ruleset_save(rs, false, &sb);
	is_str(sb_str(&sb), want, name);
	sb_free(&sb);
}

static void test_commands(void)
{
	struct ruleset rs;
	struct nf_error err;
	ruleset_init(&rs);
	ok(!rs.t[TABLE_FILTER].loaded, "no table before a command names it");
	is_int(cmd(&rs, "iptables -A INPUT -p tcp --dport 22 -j ACCEPT", &err), 0, "-A");
	is_int(cmd(&rs, "-I INPUT -s 10.0.0.0/8 -j DROP", &err), 0, "-I at the top");
	is_int(cmd(&rs, "-I INPUT 2 -i lo -j ACCEPT", &err), 0, "-I 2");
	is_int(cmd(&rs, "/usr/sbin/iptables -N LOGDROP", &err), 0, "-N");
	is_int(cmd(&rs, "-A LOGDROP -j LOG --log-prefix 'drop: '", &err), 0, "-A user chain");
	is_int(cmd(&rs, "-A LOGDROP -j DROP", &err), 0, "-A user chain 2");
	is_int(cmd(&rs, "-A INPUT -j LOGDROP", &err), 0, "jump to user chain");
	is_int(cmd(&rs, "-P FORWARD DROP", &err), 0, "-P");
	is_int(cmd(&rs, "-A PREROUTING -t nat -p tcp --dport 80 -j DNAT --to-destination "
			"10.0.0.2:8080",
		   &err),
	       0, "-t after the command");
	save_is(&rs,
		"*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
		":POSTROUTING ACCEPT [0:0]\n"
		"-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.2:8080\n"
		"COMMIT\n"
		"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
		":LOGDROP - [0:0]\n"
		"-A INPUT -s 10.0.0.0/8 -j DROP\n-A INPUT -i lo -j ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j LOGDROP\n"
		"-A LOGDROP -j LOG --log-prefix \"drop: \"\n-A LOGDROP -j DROP\n"
		"COMMIT\n",
		"iptables-save of the result");
	ok(ruleset_builtin(&rs, TABLE_NAT, HOOK_INPUT) != NULL, "nat has INPUT");
	ok(ruleset_builtin(&rs, TABLE_FILTER, HOOK_PREROUTING) == NULL, "filter has no PREROUTING");
	ok(ruleset_builtin(&rs, TABLE_RAW, HOOK_PREROUTING) == NULL, "raw not loaded");

	is_int(cmd(&rs, "-A INPUT -j NOSUCH", &err), -1, "jump to a missing chain");
	ok(strstr(err.msg, "no chain \"NOSUCH\""), "says which chain: %s", err.msg);
	is_int(cmd(&rs, "-A LOGDROP -j LOGDROP", &err), -1, "a loop (LOGDROP is reached)");
	ok(strstr(err.msg, "loop"), "says loop: %s", err.msg);
	is_int(rs.t[TABLE_FILTER].chains[3]->nrules, 2, "the refused rule is not kept");
	is_int(cmd(&rs, "-X LOGDROP", &err), -1, "-X of a chain in use");
	ok(strstr(err.msg, "not empty"), "not empty: %s", err.msg);
	is_int(cmd(&rs, "-D INPUT -p tcp --dport 22 -j ACCEPT", &err), 0, "-D by rule");
	is_int(cmd(&rs, "-D INPUT 1", &err), 0, "-D by number");
	is_int(cmd(&rs, "-D INPUT 9", &err), -1, "-D past the end");
	ok(strstr(err.msg, "no rule 9") && err.col == 9, "names the number: %s", err.msg);
	is_int(cmd(&rs, "-R INPUT 1 -i lo -j DROP", &err), 0, "-R");
	is_int(cmd(&rs, "-E LOGDROP LOGIT", &err), 0, "-E renames");
	struct chain *in = ruleset_chain(&rs, TABLE_FILTER, "INPUT");
	is_str(in->rules[1]->jump, "LOGIT", "jumps follow the rename");
	is_int(cmd(&rs, "-F LOGIT", &err), 0, "-F");
	is_int(cmd(&rs, "-X LOGIT", &err), -1, "-X of a referenced chain");
	ok(strstr(err.msg, "still used"), "still used: %s", err.msg);
	is_int(cmd(&rs, "-D INPUT 2", &err), 0, "drop the jump");
	is_int(cmd(&rs, "-X", &err), 0, "-X all");
	ok(ruleset_chain(&rs, TABLE_FILTER, "LOGIT") == NULL, "gone");
	is_int(cmd(&rs, "-N DROP", &err), -1, "chain named like a verdict");
	is_int(cmd(&rs, "-N DNAT", &err), -1, "chain named like a target");
	is_int(cmd(&rs, "-N -x", &err), -1, "chain name with a dash");
	is_int(cmd(&rs, "-P INPUT REJECT", &err), -1, "policy REJECT");
	ok(err.col == 9, "points at REJECT (col %d)", err.col);
	is_int(cmd(&rs, "-t nat -P PREROUTING DROP", &err), -1, "no DROP policy in nat");
	is_int(cmd(&rs, "-t bogus -A INPUT", &err), -1, "bad table");
	ok(err.col == 3, "points at the table (col %d)", err.col);
	is_int(cmd(&rs, "-A INPUT -A OUTPUT", &err), -1, "two commands");
	is_int(cmd(&rs, "-L", &err), -1, "listing is refused");
	is_int(cmd(&rs, "ip6tables -A INPUT", &err), -1, "ip6tables is refused");
	is_int(cmd(&rs, "-p tcp", &err), -1, "no command");
	is_int(cmd(&rs, "-N X -p tcp", &err), -1, "rule words after -N");
	is_int(cmd(&rs, "-A INPUT -m comment --comment -A", &err), 0,
	       "an option's argument that looks like a command");
	is_int(cmd(&rs, "-w 5 -v --append=OUTPUT -p udp", &err), 0, "harmless options, --opt=");
	/* how many words each option takes (the extensions' arities):
	 * a command word after an option is a second command exactly when
	 * the option takes no argument there */
	is_int(cmd(&rs, "-A INPUT -p tcp --syn -A OUTPUT", &err), -1, "--syn takes no argument");
	ok(strstr(err.msg, "one command at a time") && err.col == 22,
	   "the second -A is a command (col %d): %s", err.col, err.msg);
	is_int(cmd(&rs, "-A INPUT -m comment --comment=-A -p tcp -m tcp --tcp-flags SYN,ACK SYN "
			"-j LOG --log-prefix -D",
		   &err),
	       0, "--comment=ARG, --tcp-flags' two and --log-prefix' one");
	struct chain *input = ruleset_chain(&rs, TABLE_FILTER, "INPUT");
	struct strbuf last = STRBUF_INIT;
	if (input && input->nrules)
		rule_format(input->rules[input->nrules - 1], &last);
	is_str(sb_str(&last),
	       "-p tcp -m comment --comment -A -m tcp --tcp-flags SYN,ACK SYN -j LOG --log-prefix -D",
	       "each option kept its own arguments");
	sb_free(&last);
	is_int(cmd(&rs, "-A NOSUCH -j ACCEPT", &err), -1, "unknown chain");
	ok(err.col == 3, "points at the chain (col %d)", err.col);
	ruleset_free(&rs);
}

/* The kernel checks a user chain's rules against every hook it is reached
 * from (mark_source_chains); unreached chains take anything. */
static void test_reachability(void)
{
	struct ruleset rs;
	struct nf_error err;
	ruleset_init(&rs);
	is_int(cmd(&rs, "-t nat -N SNATS", &err), 0, "nat user chain");
	is_int(cmd(&rs, "-t nat -A SNATS -j MASQUERADE", &err), 0, "MASQUERADE in an unreached chain");
	is_int(cmd(&rs, "-t nat -A POSTROUTING -j SNATS", &err), 0, "reached from POSTROUTING");
	is_int(cmd(&rs, "-t nat -A PREROUTING -j SNATS", &err), -1, "refused from PREROUTING");
	ok(strstr(err.msg, "MASQUERADE is not valid in chain SNATS, which is reached from "
			   "PREROUTING"),
	   "explains: %s", err.msg);
	is_int(rs.t[TABLE_NAT].chains[0]->nrules, 0, "the jump was not kept");
	/* Linux 6.18 (iptables-legacy): A -> B -> A is accepted while no
	 * built-in chain reaches it; "-A INPUT -j A" then fails with ELOOP. */
	is_int(cmd(&rs, "-t filter -N A", &err), 0, "-N A");
	is_int(cmd(&rs, "-N B", &err), 0, "-N B");
	is_int(cmd(&rs, "-N C", &err), 0, "-N C");
	is_int(cmd(&rs, "-A A -j B", &err), 0, "A -> B");
	is_int(cmd(&rs, "-A B -g A", &err), 0, "B -> A: a loop nothing reaches yet");
	is_int(cmd(&rs, "-A INPUT -j A", &err), -1, "INPUT -> A reaches the loop");
	ok(strstr(err.msg, "loop") != NULL, "says loop: %s", err.msg);
	is_int(cmd(&rs, "-D B 1", &err), 0, "break the loop");
	is_int(cmd(&rs, "-A INPUT -j INPUT", &err), -1, "jump to a built-in chain");
	is_int(cmd(&rs, "-A OUTPUT -j A", &err), 0, "OUTPUT -> A");
	is_int(cmd(&rs, "-A B -j A", &err), -1, "B -> A loops once reached");
	is_int(cmd(&rs, "-A B -m mac --mac-source 00:11:22:33:44:55", &err), -1,
	       "mac in a chain reached from OUTPUT");
	is_int(cmd(&rs, "-A C -m mac --mac-source 00:11:22:33:44:55", &err), 0,
	       "mac in a chain nothing reaches");
	is_int(cmd(&rs, "-A B -j C", &err), -1, "then reaching it from OUTPUT is refused");
	ok(strstr(err.msg, "match mac is not valid in chain C, which is reached from OUTPUT") !=
		   NULL,
	   "explains: %s", err.msg);
	ruleset_free(&rs);
}

int main(void)
{
	test_ip_part();
	test_tokens();
	test_implicit_and_order();
	test_targets();
	test_refusals();
	test_commands();
	test_reachability();
	return tap_done();
}
