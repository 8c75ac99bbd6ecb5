/* test_timeline.c - the TUI's model of a recorded walk, on a recording
 * made by hand (tui_fixture.c): steps and walks, where the packet is, what
 * is dimmed and lit, counters, the conntrack table, breakpoints and the
 * one-line descriptions. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "tui/breakpoints.h"
#include "tui/counters.h"
#include "tui/ctview.h"
#include "tui/describe.h"
#include "tui/timeline.h"
#include "tui_fixture.h"

/* The first step whose main event is kind at stage (or any stage). */
static size_t find_step(const struct timeline *tl, enum event_kind kind, int stage)
{
	for (size_t i = 0; i < tl->nsteps; i++) {
		const struct event *ev = timeline_step_event(tl, i);
		if (ev->kind == kind && (stage < 0 || (int)ev->stage == stage))
			return i;
	}
	return (size_t)-1;
}

static void test_steps(const struct timeline *tl, const struct recording *rec)
{
	size_t rewrites = 0;
	for (size_t i = 0; i < rec->n; i++)
		rewrites += rec->v[i].ev.kind == EV_REWRITE;
	is_int(tl->nsteps, rec->n - rewrites, "rewrites join the step before them");
	is_int(tl->nwalks, 3, "three walks");
	ok(tl->walks[2].pkt == 2 && tl->walks[2].sub == 1, "the answer is its own walk");
	size_t dnat = find_step(tl, EV_TARGET, ST_NAT_PREROUTING);
	const struct tl_step *s = &tl->steps[dnat];
	is_int(s->last - s->first, 0, "DNAT's target step holds only the target");
	size_t verdict = dnat + 1;
	is_int(tl->steps[verdict].last - tl->steps[verdict].first, 2,
	       "the binding's two rewrites follow the nat verdict");
	is_int(timeline_next_walk(tl, 3), tl->walks[1].first_step, "N goes to the next walk");
	is_int(timeline_prev_walk(tl, tl->walks[1].first_step + 2), tl->walks[1].first_step,
	       "P inside a walk goes to its start");
	is_int(timeline_prev_walk(tl, tl->walks[1].first_step), 0, "P at a start goes back one walk");
	size_t st;
	ok(timeline_find(tl, 2, 1, 99, &st) && st == tl->nsteps - 1, "find clamps the offset");
	ok(!timeline_find(tl, 7, 0, 0, &st), "no walk 7");
}

static void test_state(const struct timeline *tl)
{
	struct tl_state s;
	timeline_state(tl, 0, &s);
	is_int(s.current, ST_NET_IN, "step 1: the packet is at the network");
	ok(s.on_path[ST_FILTER_FORWARD] && !s.visited[ST_FILTER_FORWARD],
	   "the path is known, not yet visited");
	ok(s.skipped[ST_IPCHAINS_INPUT], "ipchains is dimmed from the start");
	ok(!s.skipped[ST_FILTER_INPUT], "a box the packet may still reach is not dimmed");
	ok(s.skipped[ST_MANGLE_INPUT], "a table no walk enters is dimmed from the start");

	size_t mark = find_step(tl, EV_TARGET, ST_MANGLE_PREROUTING);
	timeline_state(tl, mark - 1, &s);
	ok(!s.rewrote[ST_MANGLE_PREROUTING], "no rewrite before the MARK step");
	timeline_state(tl, mark, &s);
	ok(s.rewrote[ST_MANGLE_PREROUTING], "MARK WRITE lit at its step");

	size_t fwd = find_step(tl, EV_ENTER, ST_FILTER_FORWARD);
	timeline_state(tl, fwd, &s);
	is_int(s.current, ST_FILTER_FORWARD, "the packet is in filter FORWARD");
	ok(s.visited[ST_ROUTE_INPUT] && s.visited[ST_NAT_PREROUTING], "the trail behind it");
	is_int(s.next_after[ST_ROUTE_INPUT], ST_FILTER_FORWARD, "routing chose forward");
	ok(s.skipped[ST_MANGLE_INPUT] && s.skipped[ST_LOCAL], "the INPUT side is now skipped");
	ok(!s.skipped[ST_NAT_POSTROUTING], "POSTROUTING still ahead");
	ok(!s.ended, "not ended");

	size_t rule = find_step(tl, EV_RULE, ST_FILTER_FORWARD);
	timeline_state(tl, rule, &s);
	is_int(s.current, ST_FILTER_FORWARD, "a rule step stays in its box");

	timeline_state(tl, tl->walks[0].first_step + tl->walks[0].nsteps - 1, &s);
	ok(s.ended && s.skipped[ST_FILTER_INPUT], "at the fate every unvisited box is skipped");

	timeline_state(tl, tl->walks[2].first_step, &s);
	is_int(s.current, ST_LOCAL, "the answer starts at the local process");
	ok(s.skipped[ST_NET_IN] && s.skipped[ST_ROUTE_INPUT], "an answer skips the input side");
}

static void test_counters(const struct timeline *tl, const struct recording *rec)
{
	struct counters c = {0};
	counters_compute(&c, rec, rec->n - 1);
	is_int(c.box[ST_ROUTE_INPUT], 2, "two packets were routed on input");
	is_int(c.box[ST_NET_OUT], 2, "two left");
	is_int(counters_rule(&c, TABLE_MANGLE, "PREROUTING", 1), 1, "mangle rule 1 matched once");
	is_int(counters_rule(&c, TABLE_FILTER, "FORWARD", 1), 0, "a rule that failed counts nothing");
	is_int(counters_rule(&c, TABLE_FILTER, "FORWARD", 2), 1, "filter FORWARD rule 2 once");
	is_int(counters_rule(&c, TABLE_FILTER, "INPUT", 0), 1, "the INPUT policy once");
	counters_compute(&c, rec, tl->steps[tl->walks[1].first_step].last);
	is_int(counters_rule(&c, TABLE_FILTER, "INPUT", 0), 0, "stepping back takes counts back");
	is_int(c.box[ST_ROUTE_INPUT], 1, "one packet routed so far");
	counters_free(&c);
}

static void test_ctview(const struct recording *rec)
{
	struct ct_row rows[8];
	size_t n = ctview_compute(rec, rec->n - 1, rows, 8);
	is_int(n, 2, "two conntrack entries");
	ok(n == 2 && rows[0].id == 1 && strstr(rows[0].line, "dport=8080"), "entry 1 as reported");
	is_int(ctview_compute(rec, 0, rows, 8), 0, "none at the first event");
}

/* A helper's expectation is listed under its master until a connection
 * whose line says master=N uses it up. */
static void test_ctview_expect(void)
{
	static const char *const details[] = {
		"tcp 6 ESTABLISHED src=10.0.0.5 dst=198.51.100.7 sport=40000 dport=21 mark=0 helper=ftp id=1",
		"proto=6 src=198.51.100.7 dst=10.0.0.5 sport=0 dport=40004 class=0 helper=ftp",
		"tcp 6 SYN_SENT src=198.51.100.7 dst=10.0.0.5 sport=20 dport=40004 mark=0 master=1 id=2",
	};
	static const unsigned ids[] = {1, 1, 2};
	struct rec_event v[3];
	struct pkt_view views[3];
	memset(v, 0, sizeof(v));
	memset(views, 0, sizeof(views));
	for (int i = 0; i < 3; i++) {
		v[i].ev.kind = EV_CONNTRACK;
		views[i].ct_id = ids[i];
		v[i].ev.view = &views[i];
		v[i].ev.detail = details[i];
	}
	struct recording rec = {.v = v, .n = 3, .cap = 3};
	struct ct_row rows[8];
	size_t n = ctview_compute(&rec, 1, rows, 8);
	ok(n == 2 && !rows[0].expect && rows[1].expect && rows[1].id == 1 &&
		   strstr(rows[1].line, "dport=40004"),
	   "the expectation under its master, the master's line kept");
	n = ctview_compute(&rec, 2, rows, 8);
	ok(n == 2 && rows[1].id == 2 && !rows[1].expect, "used up by entry 2 (master=1)");
}

static void test_breakpoints(const struct timeline *tl)
{
	struct breakpoints bp = {0};
	char why[128];
	size_t in = find_step(tl, EV_ENTER, ST_FILTER_INPUT);
	ok(bp_toggle_stage(&bp, ST_FILTER_INPUT), "set a box breakpoint");
	ok(bp_hit(&bp, tl, in, why, sizeof(why)) && strstr(why, "filter INPUT"),
	   "entering the box hits it: %s", why);
	ok(!bp_hit(&bp, tl, in + 1, why, sizeof(why)), "the next step does not");
	struct rule_ref r = {TABLE_FILTER, "FORWARD", 2};
	ok(bp_toggle_rule(&bp, &r), "set a rule breakpoint");
	size_t rule2 = find_step(tl, EV_RULE, ST_FILTER_FORWARD) + 1;
	ok(bp_hit(&bp, tl, rule2, why, sizeof(why)), "evaluating rule 2 hits it: %s", why);
	ok(!bp_toggle_rule(&bp, &r) && !bp_hit(&bp, tl, rule2, why, sizeof(why)),
	   "toggling clears it");
}

static void test_describe(const struct timeline *tl)
{
	char buf[256];
	describe_step(tl, find_step(tl, EV_RULE, ST_FILTER_FORWARD), buf, sizeof(buf));
	is_str(buf, "filter FORWARD rule 1: --dport 443: no, packet has 80", "a failed rule says why");
	describe_step(tl, find_step(tl, EV_VERDICT, ST_FILTER_INPUT), buf, sizeof(buf));
	is_str(buf, "filter INPUT policy DROP", "a policy verdict");
	describe_step(tl, find_step(tl, EV_ENTER, ST_ROUTE_INPUT), buf, sizeof(buf));
	is_str(buf, "> input routing + policy DB", "entering a box");
	describe_step(tl, find_step(tl, EV_FATE, -1), buf, sizeof(buf));
	is_str(buf, "fate: forwarded: out of eth1", "the fate");
}

int main(void)
{
	struct recording rec;
	struct timeline tl;
	recording_init(&rec);
	tui_fixture_record(&rec, ERA_KPTD);
	timeline_build(&tl, &rec);
	test_steps(&tl, &rec);
	test_state(&tl);
	test_counters(&tl, &rec);
	test_ctview(&rec);
	test_ctview_expect();
	test_breakpoints(&tl);
	test_describe(&tl);
	timeline_free(&tl);
	recording_free(&rec);
	return tap_done();
}
