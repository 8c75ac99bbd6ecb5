/* test_narration.c - the narration panel's words: the scenario's
 * description and goals at the start, a packet's note, notes keyed by
 * box (packet first, then scenario) kept until the next one, and the
 * built-in explanation of the box where the scenario says nothing; the
 * built-in file covers every box. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "scenario/scn_tutor.h"
#include "tui/app.h"
#include "tui/explain.h"
#include "tui/narration.h"
#include "tui/replay.h"

static const char yaml[] =
	"name: SNAT after routing\n"
	"description: |\n"
	"  Why SNAT waits\n"
	"  for routing.\n"
	"goals: [see the output interface chosen first]\n"
	"interfaces: {eth0: 203.0.113.1/24, eth1: 10.0.0.1/24}\n"
	"routes: [default via 203.0.113.254 dev eth0]\n"
	"sysctl: {ip_forward: 1}\n"
	"iptables: |\n"
	"  -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n"
	"  -A FORWARD -j ACCEPT\n"
	"notes: {nat-postrouting: \"Only now is -o eth0 known.\"}\n"
	"packets:\n"
	"  - send: tcp 10.0.0.5:50000 -> 93.184.216.34:443 syn on eth1\n"
	"    note: A laptop goes out.\n"
	"    notes: {route-input: \"Routing picks eth0.\"}\n"
	"  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0\n";

static size_t step_entering(const struct tui_app *app, int pkt, enum stage_id st)
{
	for (size_t i = 0; i < app->tl.nsteps; i++) {
		const struct event *ev = timeline_step_event(&app->tl, i);
		if (ev->pkt == pkt && ev->sub == 0 && ev->kind == EV_ENTER && ev->stage == st)
			return i;
	}
	return app->tl.nsteps;
}

static void test_explanations(void)
{
	int missing = 0;
	for (int st = 0; st < ST_COUNT; st++)
		if (!explain_box((enum stage_id)st)) {
			printf("# no explanation for %s\n", stage_info((enum stage_id)st)->name);
			missing++;
		}
	is_int(missing, 0, "every box has a built-in explanation");
	ok(strstr(explain_box(ST_NAT_POSTROUTING), "only routing knows the output interface"),
	   "nat POSTROUTING says why SNAT waits for routing");
	char *paras[ST_COUNT];
	struct nf_error err = {.col = -1};
	ok(explain_parse("x.explain", "[nat-postroutin]\ntext\n", paras, &err) < 0 &&
		   strstr(err.msg, "unknown box") && err.line == 1,
	   "an unknown box is an error with its line");
	ok(explain_parse("x.explain", "text\n", paras, &err) < 0, "text before a box is an error");
	ok(explain_parse("x.explain", "# c\n[network-in]\na\nb\n", paras, &err) == 0 &&
		   strcmp(paras[ST_NET_IN], "a b") == 0,
	   "lines join into one paragraph");
	explain_free(paras);
}

static void test_narration(void)
{
	struct scenario s;
	struct nf_error err = {0};
	if (!ok(scenario_load_string("n.yaml", yaml, strlen(yaml), &s, &err) == 0,
		"a scenario with notes, goals and a description loads: %s", err.msg))
		return;
	is_int(s.notes.n, 1, "one scenario note");
	is_int(s.packets[0].notes.n, 1, "one packet note by box");
	is_int(s.ngoals, 1, "one goal");
	ok(narration_in(&s), "it has words for the narration");
	struct replay r;
	struct tui_source src;
	struct tui_app app;
	replay_source(&r, &s, &src);
	struct tui_opts opts = {.speed = 4, .scn = &s};
	if (!ok(app_init(&app, &src, &opts, &err) == 0, "the app starts"))
		return;
	ok(app.narrate, "narration is on for a narrated scenario");
	struct narration n;
	narration_at(&app, &n);
	ok(strstr(n.text, "Why SNAT waits for routing.") && strstr(n.text, "Goals:") &&
		   strstr(n.text, "A laptop goes out."),
	   "at the start: the description (lines joined), the goals, the packet's note: %s",
	   n.text);
	app_goto(&app, step_entering(&app, 1, ST_ROUTE_INPUT));
	narration_at(&app, &n);
	is_str(n.text, "Routing picks eth0.", "the packet's note on input routing");
	app_goto(&app, step_entering(&app, 1, ST_FILTER_FORWARD));
	narration_at(&app, &n);
	is_str(n.text, "Routing picks eth0.", "kept until the next note");
	app_goto(&app, step_entering(&app, 1, ST_NAT_POSTROUTING));
	narration_at(&app, &n);
	is_str(n.text, "Only now is -o eth0 known.", "the scenario's note on nat POSTROUTING");
	is_str(n.heading, "nat POSTROUTING", "headed by the box");
	app_goto(&app, step_entering(&app, 2, ST_FILTER_INPUT));
	narration_at(&app, &n);
	ok(n.builtin && strstr(n.heading, "filter INPUT"),
	   "where the scenario says nothing: the box's own explanation (%s)", n.heading);
	app_free(&app);
	replay_free(&r);
	scenario_free(&s);

	const char *bad = "interfaces: {eth0: 10.0.0.1/24}\nnotes: {nat-postroutin: x}\npackets: []\n";
	ok(scenario_load_string("b.yaml", bad, strlen(bad), &s, &err) < 0 &&
		   strstr(err.msg, "unknown box `nat-postroutin` in `notes`") && err.line == 2,
	   "an unknown box in notes is an error at its line: %s", err.msg);
	bad = "interfaces: {eth0: 10.0.0.1/24}\nbreakpoints: [nope]\npackets: []\n";
	ok(scenario_load_string("b.yaml", bad, strlen(bad), &s, &err) < 0 &&
		   strstr(err.msg, "in `breakpoints`"),
	   "and in breakpoints");
}

int main(void)
{
	test_explanations();
	test_narration();
	return tap_done();
}
