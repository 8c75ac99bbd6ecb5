/* test_follow.c - the TUI on a growing recording (follow.c), through a
 * fake capture feed that walks made-up packets on demand: a live one
 * (packets arrive when the test says) and a file (read when asked).
 * Following while running, holding when paused, catching up with the
 * newest packet, the window of kept packets with the counters still
 * counting the forgotten ones, and the end of a file. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "tui/app.h"
#include "tui/follow.h"

struct fake {
	struct recording *rec;
	int arrived; /* packets that came (live) or are in the file */
	int walked;
	bool file;   /* paced; ends when every packet was read */
	int records; /* record() calls */
	enum era era;
};

/* --- made-up walks: packet n is accepted by filter INPUT rule 1 when n
 * is odd, else dropped by the policy; every third packet is answered. --- */

static void emit(struct recording *rec, struct event ev)
{
	recording_sink(&ev, rec);
}

static void walk(struct recording *rec, int pkt)
{
	bool accept = pkt % 2 == 1;
	struct event base = {.pkt = pkt, .hook = HOOK_INPUT, .table = TABLE_NONE};
	struct event ev = base;
	ev.kind = EV_PACKET, ev.stage = ST_NET_IN, ev.step = 1, ev.text = "udp";
	emit(rec, ev);
	ev = base;
	ev.kind = EV_ENTER, ev.stage = ST_FILTER_INPUT, ev.table = TABLE_FILTER, ev.step = 2;
	emit(rec, ev);
	ev.kind = EV_RULE, ev.chain = "INPUT", ev.rule = 1, ev.matched = accept, ev.step = 3;
	emit(rec, ev);
	ev.kind = EV_VERDICT, ev.matched = false, ev.rule = accept ? 1 : 0, ev.policy = !accept;
	ev.verdict = accept ? V_ACCEPT : V_DROP, ev.step = 4;
	emit(rec, ev);
	ev = base;
	ev.kind = EV_FATE, ev.stage = ST_FILTER_INPUT, ev.step = 5;
	ev.fate = accept ? FATE_LOCAL : FATE_DROPPED;
	emit(rec, ev);
	if (pkt % 3)
		return;
	ev = base;
	ev.sub = 1, ev.kind = EV_PACKET, ev.stage = ST_LOCAL, ev.step = 1;
	emit(rec, ev);
	ev.kind = EV_FATE, ev.fate = FATE_SENT, ev.step = 2;
	emit(rec, ev);
}

enum { WALK_STEPS = 5 };

static int fake_record(void *ctx, enum era era, struct recording *rec, struct nf_error *err)
{
	struct fake *f = ctx;
	f->records++;
	f->era = era;
	if (f->rec != rec)
		recording_clear(rec);
	f->rec = rec;
	return 0;
}

static size_t fake_pull(void *ctx, size_t max)
{
	struct fake *f = ctx;
	size_t n = 0;
	while (n < max && f->walked < f->arrived) {
		walk(f->rec, ++f->walked);
		n++;
	}
	return n;
}

static int fake_fd(void *ctx)
{
	return -1;
}

static bool fake_ended(void *ctx)
{
	const struct fake *f = ctx;
	return f->file && f->walked == f->arrived;
}

static void fake_describe(void *ctx, char *buf, size_t n)
{
	const struct fake *f = ctx;
	snprintf(buf, n, "fake: %d packets", f->walked);
}

static const struct tui_feed live_feed = {fake_fd, fake_pull, fake_ended, fake_describe, false};
static const struct tui_feed file_feed = {fake_fd, fake_pull, fake_ended, fake_describe, true};

static bool start(struct tui_app *app, struct fake *f, struct tui_source *src)
{
	*src = (struct tui_source){.name = "fake", .era = ERA_KPTD, .record = fake_record,
				   .feed = f->file ? &file_feed : &live_feed, .ctx = f};
	struct tui_opts opts = {.speed = 4};
	struct nf_error err;
	if (app_init(app, src, &opts, &err) < 0)
		return false;
	app_resize(app, 24, 80);
	return true;
}

static int shown_packet(const struct tui_app *app)
{
	const struct event *ev = timeline_step_event(&app->tl, app->step);
	return ev ? ev->pkt : 0;
}

static void ticks(struct tui_app *app, int n)
{
	for (int i = 0; i < n; i++)
		app_tick(app);
}

static void status_has(const struct tui_app *app, const char *want, const char *what)
{
	char buf[200];
	follow_status(app, buf, sizeof(buf));
	if (!ok(strstr(buf, want) != NULL, "%s", what))
		printf("# status: \"%s\"\n", buf);
}

static void test_live_following(void)
{
	struct fake f = {0};
	struct tui_source src;
	struct tui_app app;
	if (!ok(start(&app, &f, &src), "the app starts on a live feed"))
		return;
	ok(app.running && app.show_counters, "a capture runs from the start, counters on");
	is_int(app.tl.nsteps, 0, "nothing recorded yet");
	ok(!follow_pull(&app), "nothing to pull: the screen stays");
	app_tick(&app);
	is_int(app.step, 0, "a tick with nothing recorded waits");
	ok(app.running, "and the run goes on, waiting");

	f.arrived = 1;
	ok(follow_pull(&app), "a packet came: the screen changes");
	is_int(app.tl.nsteps, WALK_STEPS, "its walk is recorded");
	is_int(app.state.current, ST_NET_IN, "and its first step shown");
	ticks(&app, WALK_STEPS);
	is_int(app.step, WALK_STEPS - 1, "the run walks it to its fate and waits there");
	is_str(app.message, "", "without a message");
	is_int(app.counts.box[ST_FILTER_INPUT], 1, "filter INPUT counted once");

	f.arrived = 2;
	follow_pull(&app);
	app_tick(&app);
	is_int(shown_packet(&app), 2, "one more packet: the run steps into it");

	app_do(&app, ACT_RUN);
	ok(!app.running, "r pauses");
	size_t held = app.step;
	f.arrived = 5;
	follow_pull(&app);
	is_int(app.step, held, "paused, the view keeps its place as packets come");
	is_int(follow_waiting(&app), 3, "three packets wait");
	status_has(&app, "fake: 5 packets, 3 waiting", "the status line counts them");

	app_do(&app, ACT_RUN);
	ticks(&app, WALK_STEPS);
	is_int(shown_packet(&app), 5, "r: at the end of the walk, the run jumps to the newest packet");
	is_int(app.step, app.tl.nsteps - WALK_STEPS, "at its first step");
	is_int(app.counts.box[ST_FILTER_INPUT], 4, "the packets jumped over are counted");
	is_int(follow_waiting(&app), 0, "nothing waits");

	app_do(&app, ACT_LAST);
	app_do(&app, ACT_STEP);
	ok(strstr(app.message, "no more packets yet") != NULL, "a step at the end says none came yet");

	int records = f.records;
	size_t steps = app.tl.nsteps;
	app_do(&app, ACT_DIAGRAM);
	is_int(f.records, records + 1, "d asks the feed for the other era");
	is_int(f.era, ERA_MODERN, "the modern one");
	is_int(app.tl.nsteps, steps, "what was recorded stays");
	ok(strstr(app.message, "packets from now on walk in this order") != NULL,
	   "and the message says only new packets change");
	app_free(&app);
}

static void test_answers_first(void)
{
	struct fake f = {.arrived = 3};
	struct tui_source src;
	struct tui_app app;
	start(&app, &f, &src);
	follow_pull(&app);
	app_goto(&app, app.tl.walks[2].first_step + WALK_STEPS - 1); /* packet 3's fate */
	f.arrived = 6;
	follow_pull(&app);
	app_tick(&app);
	ok(shown_packet(&app) == 3 && app.tl.walks[app.tl.steps[app.step].walk].sub == 1,
	   "the run shows a packet's answer before jumping on");
	ticks(&app, 2);
	is_int(shown_packet(&app), 6, "then jumps to the newest");
	app_free(&app);
}

static void test_window(void)
{
	struct fake f = {0};
	struct tui_source src;
	struct tui_app app;
	start(&app, &f, &src);
	f.arrived = 20;
	follow_pull(&app);
	app_do(&app, ACT_RUN); /* hold packet 1 */
	const int total = FOLLOW_KEEP_PACKETS * 2;
	f.arrived = total;
	int pulls = 0;
	while (follow_pull(&app))
		pulls++;
	is_int(f.walked, total, "every packet was walked");
	ok(pulls >= total / FOLLOW_PULL_MAX, "a few at a time (%d pulls)", pulls);
	int kept = app.tl.walks[app.tl.nwalks - 1].pkt - app.tl.walks[0].pkt + 1;
	ok(kept >= FOLLOW_KEEP_PACKETS && kept <= FOLLOW_KEEP_PACKETS + FOLLOW_KEEP_PACKETS / 4,
	   "only the newest packets are kept (%d)", kept);
	ok(strstr(app.message, "only the newest") != NULL, "the held place was forgotten: said so");
	is_int(app.step, 0, "the view is on the oldest kept packet");
	app_do(&app, ACT_LAST);
	is_int(app.counts.box[ST_NET_IN], total, "the counters count every packet");
	is_int(counters_rule(&app.counts, TABLE_FILTER, "INPUT", 1), total / 2,
	       "rule 1: the odd ones");
	is_int(counters_rule(&app.counts, TABLE_FILTER, "INPUT", 0), total / 2,
	       "the policy: the even ones");
	app_free(&app);
}

static void test_file(void)
{
	struct fake f = {.file = true, .arrived = 3};
	struct tui_source src;
	struct tui_app app;
	start(&app, &f, &src);
	ok(!follow_busy(&app), "a running file is not read ahead");
	follow_pull(&app);
	is_int(f.walked, 0, "it is read as the run needs packets");
	app_tick(&app);
	is_int(f.walked, 1, "the first tick reads the first packet");
	is_int(app.step, 0, "and shows its first step");
	ticks(&app, WALK_STEPS);
	is_int(f.walked, 2, "at its fate, the run reads the next");
	is_int(shown_packet(&app), 2, "and steps into it");

	app_do(&app, ACT_RUN);
	ok(follow_busy(&app), "paused, the file is read ahead");
	while (follow_busy(&app))
		follow_pull(&app);
	is_int(f.walked, 3, "to its end");
	is_int(shown_packet(&app), 2, "while the view keeps its place");
	status_has(&app, "1 waiting", "one packet waits");

	app_do(&app, ACT_LAST);
	app_do(&app, ACT_STEP);
	ok(strstr(app.message, "end of the capture") != NULL, "a step past the end: end of the capture");
	app_do(&app, ACT_RUN);
	is_int(app.step, 0, "r at the end of a finished capture starts again");
	app_free(&app);

	struct fake big = {.file = true, .arrived = FOLLOW_KEEP_PACKETS * 3};
	start(&app, &big, &src);
	app_tick(&app);
	app_do(&app, ACT_RUN);
	while (follow_busy(&app))
		follow_pull(&app);
	is_int(big.walked, FOLLOW_KEEP_PACKETS, "a held file reads only as far as the window keeps");
	is_int(shown_packet(&app), 1, "so the held place stays");
	app_free(&app);
}

int main(void)
{
	test_live_following();
	test_answers_first();
	test_window();
	test_file();
	return tap_done();
}
