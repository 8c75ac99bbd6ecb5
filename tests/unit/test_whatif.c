/* test_whatif.c - what-if on the engine's real walks, without a
 * terminal: the packet's line as p opens it (the keys beside `send:`
 * said as words, a reply as `reply N`), lines refused with the column of
 * the word at fault, the walk compared before and after (which boxes are
 * marked, what the message says), rule and packet edits adding up, Esc
 * clearing the marks, and the scenario w writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "tui/app.h"
#include "tui/replay.h"
#include "tui/whatif_packet.h"

static const char router_yaml[] =
	"name: router\n"
	"sysctl: {ip_forward: 1}\n"
	"interfaces: {eth0: 203.0.113.1/24, eth1: 10.0.0.1/24}\n"
	"routes: [default via 203.0.113.254 dev eth0]\n"
	"iptables: |\n"
	"  -P INPUT DROP\n"
	"  -A INPUT -p tcp --dport 22 -j ACCEPT\n"
	"  -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n"
	"packets:\n"
	"  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0\n"
	"    mark: 0x5\n"
	"    note: ssh to the router\n"
	"  - reply: 1\n"
	"  - send: tcp 198.51.100.7:40001 -> 203.0.113.1:8080 syn on eth0\n";

static int reloads;

static int reload(void *ctx, struct scenario *s, struct nf_error *err)
{
	reloads++;
	return scenario_load_string("router", router_yaml, strlen(router_yaml), s, err);
}

static void test_packet_line(const struct scenario *s)
{
	char line[256];
	packet_line(&s->packets[0], line, sizeof(line));
	is_str(line, "tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0 mark 0x5",
	       "the line is the short form, with the mark: key as a word");
	packet_line(&s->packets[1], line, sizeof(line));
	is_str(line, "reply 1", "a reply is `reply N`");
}

static void test_packet_refused(void)
{
	struct scenario s;
	struct nf_error err = {.col = -1};
	if (!ok(reload(NULL, &s, &err) == 0, "the scenario loads"))
		return;
	ok(packet_apply(&s, 0, "tcp 1.2.3.4:1 -> 203.0.113.1:22 on eth7", &err) < 0 &&
		   err.col == 35 && strstr(err.msg, "unknown interface `eth7` (declared: eth0, eth1)"),
	   "an unknown interface is refused at its column: %d %s", err.col, err.msg);
	ok(packet_apply(&s, 1, "reply 2", &err) < 0 && strstr(err.msg, "earlier packet"),
	   "a reply to itself is refused: %s", err.msg);
	ok(packet_apply(&s, 0, "tcp 1.2.3.4:1 -> 203.0.113.1:22 ttl 300", &err) < 0 && err.col == 36,
	   "a bad word is refused at its column: %d %s", err.col, err.msg);
	is_int(s.packets[0].spec.dport, 22, "and the packet is as it was");
	ok(packet_apply(&s, 0, "udp 1.2.3.4:1 -> 203.0.113.1:53 on eth1", &err) == 0,
	   "a good line is taken");
	is_int(s.packets[1].spec.proto, PROTO_UDP, "the reply to it speaks its protocol");
	is_str(s.packets[0].note, "ssh to the router", "what the line does not say stays");
	scenario_free(&s);
}

static void test_in_app(struct scenario *s)
{
	struct replay r;
	struct tui_source src;
	struct tui_app app;
	struct nf_error err = {0};
	replay_source(&r, s, &src);
	struct tui_opts opts = {.speed = 4, .scn = s, .reload = reload};
	if (!ok(app_init(&app, &src, &opts, &err) == 0, "the app starts: %s", err.msg))
		return;
	app_resize(&app, 40, 120);

	app_do(&app, ACT_EDIT_PACKET);
	is_int(app.prompt.kind, PROMPT_EDIT_PACKET, "p opens the packet editor");
	is_str(app.prompt.label, "packet 1:", "on packet 1");
	whatif_apply(&app, PROMPT_EDIT_PACKET, "tcp 198.51.100.7:40000 -> 203.0.113.1:22 on eth9");
	is_int(app.prompt.kind, PROMPT_EDIT_PACKET, "a refused line keeps the editor open");
	ok(strstr(app.prompt.error, "packet 1, column 45: unknown interface `eth9`") != NULL,
	   "and says why, as the loader would: %s", app.prompt.error);
	is_int(app.whatif.edits, 0, "nothing changed");
	app.prompt.kind = PROMPT_NONE;

	app.whatif.packet = 3; /* as p on packet 3 would */
	whatif_apply(&app, PROMPT_EDIT_PACKET, "tcp 198.51.100.7:40001 -> 203.0.113.1:8081 syn on eth0");
	is_str(app.message, "what-if 1: edited packet 3: packet 3: fate forwarded -> dropped at "
			    "filter INPUT policy DROP (Esc clears the marks)",
	       "the message says the new fate and where, and only for packet 3");
	ok(app.whatif.marks && app.whatif.changed[ST_NAT_PREROUTING], "nat PREROUTING (no DNAT now) is marked");
	ok(app.whatif.changed[ST_FILTER_INPUT] && app.whatif.changed[ST_FILTER_FORWARD],
	   "so are filter INPUT (entered now) and FORWARD (not any more)");
	ok(!app.whatif.changed[ST_RAW_PREROUTING] && !app.whatif.changed[ST_NET_IN],
	   "raw PREROUTING and the way in, the same either way, are not");
	size_t step;
	ok(timeline_find(&app.tl, 3, 0, 0, &step) && app.step == step, "the view is at packet 3's start");

	app.whatif.packet = 1;
	whatif_apply(&app, PROMPT_EDIT_PACKET, "tcp 198.51.100.7:40000 -> 203.0.113.1:23 syn on eth0");
	ok(strstr(app.message, "what-if 2: edited packet 1: packet 1: fate local -> dropped at "
			       "filter INPUT policy DROP; packet 1.1 (sent before) no longer happens") != NULL,
	   "a dropped packet: its answer no longer happens: %s", app.message);
	ok(app.message_is_error && strstr(app.message, "; then ") &&
		   strstr(app.run_error, "packet 1 was dropped"),
	   "and the reply to it cannot be walked, which the message says too: %s", app.run_error);

	/* Put packet 1 back; then a rule edit on top of it. */
	whatif_apply(&app, PROMPT_EDIT_PACKET, "tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0");
	ok(strstr(app.message, "what-if 3: edited packet 1: packet 1: fate dropped -> local at filter INPUT rule 1") != NULL,
	   "the packet back: %s", app.message);
	app.whatif.table = TABLE_FILTER;
	str_copy(app.whatif.chain, sizeof(app.whatif.chain), "INPUT");
	app.whatif.rule = 1;
	whatif_apply(&app, PROMPT_EDIT_RULE, "-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT");
	ok(strstr(app.message, "what-if 4: edited filter INPUT: packet 1: fate local -> dropped") != NULL,
	   "a rule edit: %s", app.message);
	ok(app.opts.scn->packets[0].spec.dport == 22 && app.whatif.packets[0] != NULL,
	   "the packet edit is kept under the rule edit");
	int before = reloads;
	whatif_apply(&app, PROMPT_EDIT_PACKET, "tcp 198.51.100.7:40000 -> 203.0.113.1:2222 syn on eth0");
	ok(strstr(app.message, "packet 1: fate dropped -> local at filter INPUT rule 1") != NULL,
	   "and the rule edit under the next packet edit: %s", app.message);
	is_int(reloads, before + 1, "each what-if builds the scenario once");

	app_do(&app, ACT_CANCEL);
	ok(!app.whatif.marks, "Esc clears the marks");
	is_str(app.message, "what-if marks cleared", "and says so");

	/* w: the scenario's text with the changes (given as the tour's is). */
	app.opts.scn_text = router_yaml;
	app.opts.scn_len = strlen(router_yaml);
	char path[] = "/tmp/nfwalk-test-whatif.XXXXXX";
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	whatif_apply(&app, PROMPT_WRITE_RULES, path);
	ok(strstr(app.message, "wrote the scenario with the what-if changes") != NULL, "w: %s",
	   app.message);
	struct scenario w;
	if (ok(scenario_load(path, &w, &err) == 0, "the written scenario loads: %s", err.msg) &&
	    ok(w.niptables == 3 && w.npackets == 3, "with 3 iptables lines and 3 packets")) {
		ok( strcmp(w.iptables[1].text, "-A INPUT -p tcp -m tcp --dport 2222 -j ACCEPT") == 0,
		   "with the edited rule: %s", w.niptables > 1 ? w.iptables[1].text : "");
		is_str(w.iptables[0].text, "-P INPUT DROP", "the policy first");
		is_str(w.packets[0].text, "tcp 198.51.100.7:40000 -> 203.0.113.1:2222 syn on eth0",
		       "and the edited packet");
		is_int(w.packets[0].mark, 0, "the line says the mark now: the mark: key is gone");
		is_str(w.packets[0].note, "ssh to the router", "its note stays");
		is_str(w.packets[2].text, "tcp 198.51.100.7:40001 -> 203.0.113.1:8081 syn on eth0",
		       "packet 3 too");
		is_int(w.packets[1].reply_to, 1, "the reply as it was");
		is_str(w.iptables[2].text,
		       "-t nat -A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80",
		       "the nat rule with -t nat");
		scenario_free(&w);
	}
	unlink(path);
	app_free(&app);
	replay_free(&r);
}

int main(void)
{
	struct scenario s;
	struct nf_error err = {.col = -1};
	if (!ok(reload(NULL, &s, &err) == 0, "the scenario loads: %s", err.msg))
		return tap_done();
	test_packet_line(&s);
	test_packet_refused();
	test_in_app(&s);
	scenario_free(&s);
	return tap_done();
}
