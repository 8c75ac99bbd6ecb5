/* test_tutor_fixes.c - bugs a new user met, each pinned down: the fate
 * said twice, a missing theme blamed on the diagram file, a scenario that
 * fails while walking opening the TUI anyway, and the conntrack panel
 * keeping the pre-NAT reply tuple until confirm. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "tui/app.h"
#include "tui/ctview.h"
#include "tui/describe.h"
#include "tui/replay.h"

static const char dnat_yaml[] =
	"name: dnat\n"
	"interfaces: {eth0: 203.0.113.1/24, eth1: 10.0.0.1/24}\n"
	"iptables: |\n"
	"  -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80\n"
	"packets:\n"
	"  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on eth0\n";

static const char reply_to_dropped_yaml[] =
	"name: reply to a dropped packet\n"
	"interfaces: {eth0: 203.0.113.1/24}\n"
	"iptables: |\n"
	"  -P INPUT DROP\n"
	"packets:\n"
	"  - send: tcp 198.51.100.7:40000 -> 203.0.113.1:22 syn on eth0\n"
	"  - reply: 1\n";

static const char forward_off_yaml[] =
	"name: no forwarding\n"
	"interfaces: {eth0: 203.0.113.1/24, eth1: 10.0.0.1/24}\n"
	"sysctl: {net.ipv4.ip_forward: 0}\n"
	"packets:\n"
	"  - send: tcp 198.51.100.7:40000 -> 10.0.0.2:80 syn on eth0\n";

static bool load(const char *yaml, struct scenario *s)
{
	struct nf_error err = {0};
	if (scenario_load_string("test", yaml, strlen(yaml), s, &err) < 0) {
		fprintf(stderr, "# %s\n", err.msg);
		return false;
	}
	return true;
}

static void test_ct_reply_at_binding(void)
{
	struct scenario s;
	if (!ok(load(dnat_yaml, &s), "the DNAT scenario loads"))
		return;
	struct replay r;
	struct tui_source src;
	struct recording rec;
	struct nf_error err = {0};
	replay_source(&r, &s, &src);
	recording_init(&rec);
	ok(src.record(src.ctx, ERA_KPTD, &rec, &err) == 0, "it walks");
	size_t target = rec.n;
	for (size_t i = 0; i < rec.n; i++)
		if (rec.v[i].ev.kind == EV_TARGET && rec.v[i].ev.table == TABLE_NAT) {
			target = i;
			break;
		}
	if (ok(target < rec.n, "the walk has the DNAT target")) {
		struct ct_row rows[4];
		size_t n = ctview_compute(&rec, target - 1, rows, 4);
		ok(n == 1 && strstr(rows[0].line, "src=203.0.113.1 dst=198.51.100.7 sport=8080"),
		   "before the target the reply tuple is the original's inverse");
		n = ctview_compute(&rec, target, rows, 4);
		ok(n == 1 && strstr(rows[0].line, "src=10.0.0.2 dst=198.51.100.7 sport=80 dport=40000"),
		   "as soon as DNAT binds, the reply tuple comes from 10.0.0.2:80: %s",
		   n ? rows[0].line : "");
		ok(n == 1 && strstr(rows[0].line, "src=198.51.100.7 dst=203.0.113.1 sport=40000 dport=8080"),
		   "the original tuple stays");
		ok(n == 1 && rows[0].changed_at == target, "and the entry shows as changed there");
	}
	recording_free(&rec);
	replay_free(&r);
	scenario_free(&s);
}

static void test_fate_said_once(void)
{
	struct scenario s;
	if (!ok(load(forward_off_yaml, &s), "the ip_forward=0 scenario loads"))
		return;
	struct replay r;
	struct tui_source src;
	struct recording rec;
	struct timeline tl;
	struct nf_error err = {0};
	replay_source(&r, &s, &src);
	recording_init(&rec);
	src.record(src.ctx, ERA_KPTD, &rec, &err);
	timeline_build(&tl, &rec);
	char line[256] = "";
	if (tl.nsteps)
		describe_step(&tl, tl.nsteps - 1, line, sizeof(line));
	is_str(line, "fate: dropped: forwarding is disabled", "the fate's word is said once");
	timeline_free(&tl);
	recording_free(&rec);
	replay_free(&r);
	scenario_free(&s);
}

static void test_app_errors(void)
{
	struct scenario s;
	if (!ok(load(reply_to_dropped_yaml, &s), "the reply-to-a-drop scenario loads"))
		return;
	struct replay r;
	struct tui_source src;
	struct tui_app app;
	struct nf_error err = {0};
	replay_source(&r, &s, &src);
	struct tui_opts opts = {.speed = 4, .scn = &s};
	ok(app_init(&app, &src, &opts, &err) < 0,
	   "a scenario failing while it runs does not open the TUI");
	ok(strstr(err.msg, "no connection to reply to") != NULL, "and says why: %s", err.msg);
	replay_free(&r);
	scenario_free(&s);

	if (!load(dnat_yaml, &s))
		return;
	replay_source(&r, &s, &src);
	opts = (struct tui_opts){.speed = 4, .scn = &s, .theme = "nosuch"};
	ok(app_init(&app, &src, &opts, &err) < 0, "-t nosuch fails");
	char msg[1024];
	nf_error_format(&err, msg, sizeof(msg));
	ok(strncmp(msg, "unknown theme 'nosuch'", 22) == 0,
	   "blaming no diagram file: %s", msg);
	replay_free(&r);
	scenario_free(&s);
}

int main(void)
{
	test_ct_reply_at_binding();
	test_fate_said_once();
	test_app_errors();
	return tap_done();
}
