/* test_record.c - the recorder's copies (sinks/record.c): what an event
 * points at is the engine's for the callback only, so the recording keeps
 * its own copy of the view, the rewritten values and the tests' words; a
 * view is stored once for a run of events that see the same packet, and
 * stays readable while any kept event points at it, when older events are
 * forgotten too. */
#include <string.h>

#include "../tap.h"
#include "sinks/record.h"

static struct pkt_view view_of(uint32_t dst, uint16_t dport)
{
	struct pkt_view v;
	memset(&v, 0, sizeof(v)); /* padding too, as pkt_view_of makes them */
	v.family = FAMILY_IPV4;
	v.proto = PROTO_TCP;
	v.src.ip = 0x0a000005;
	v.dst.ip = dst;
	v.sport = 40000;
	v.dport = dport;
	return v;
}

/* Record an event seeing v, from a copy that is then overwritten (as the
 * engine's stack is, after the callback). */
static void record(struct recording *r, enum event_kind k, struct pkt_view v, const char *text)
{
	struct pkt_view scratch = v;
	struct event ev = {.kind = k, .text = text, .view = &scratch, .old_val = "", .new_val = ""};
	recording_sink(&ev, r);
	memset(&scratch, 0xa5, sizeof(scratch));
}

static void test_views_shared(void)
{
	struct recording r;
	recording_init(&r);
	struct pkt_view a = view_of(0xcb007101, 80), b = view_of(0xcb007102, 80);
	record(&r, EV_ENTER, a, "filter FORWARD");
	record(&r, EV_RULE, a, "FORWARD rule 1: no match");
	record(&r, EV_RULE, a, "FORWARD rule 2: no match");
	record(&r, EV_REWRITE, b, "DNAT: dst 203.0.113.1 -> 203.0.113.2");
	record(&r, EV_RULE, b, "POSTROUTING rule 1: no match");
	ok(memcmp(r.v[0].ev.view, &a, sizeof(a)) == 0, "the view kept, not the engine's overwritten copy");
	ok(r.v[1].ev.view == r.v[0].ev.view && r.v[2].ev.view == r.v[0].ev.view,
	   "events seeing the same packet share one stored view");
	ok(r.v[3].ev.view != r.v[2].ev.view && memcmp(r.v[3].ev.view, &b, sizeof(b)) == 0,
	   "a changed packet gets a view of its own");
	ok(r.v[4].ev.view == r.v[3].ev.view, "and shares it on");

	struct event none = {.kind = EV_NOTE, .text = "no view read", .view = &pkt_view_none};
	recording_sink(&none, &r);
	struct event bare = {.kind = EV_NOTE, .text = "made by hand"}; /* NULLs */
	recording_sink(&bare, &r);
	ok(r.v[5].ev.view == &pkt_view_none && r.v[6].ev.view == &pkt_view_none,
	   "an event with no view keeps the view of none (never NULL)");
	ok(r.v[6].ev.old_val && !r.v[6].ev.old_val[0] && r.v[6].ev.new_val &&
		   !r.v[6].ev.new_val[0],
	   "values left NULL are read as empty");
	recording_free(&r);
}

static void test_values_copied(void)
{
	struct recording r;
	recording_init(&r);
	char old_val[EVENT_VAL_MAX] = "10.0.0.5", new_val[EVENT_VAL_MAX] = "198.51.100.1";
	struct pkt_view v = view_of(0xcb007101, 80);
	struct event ev = {.kind = EV_REWRITE, .field = PF_SRC, .text = "MASQUERADE", .view = &v,
			   .old_val = old_val, .new_val = new_val};
	recording_sink(&ev, &r);
	strcpy(old_val, "overwritten");
	strcpy(new_val, "overwritten");
	is_str(r.v[0].ev.old_val, "10.0.0.5", "the old value is the recording's copy");
	is_str(r.v[0].ev.new_val, "198.51.100.1", "so is the new one");
	recording_free(&r);
}

static void test_results_copied(void)
{
	struct recording r;
	recording_init(&r);
	char words[2][128] = {"-p tcp: yes", "--dport 80: no, packet has 443"};
	struct event_result res[2] = {{true, 0, words[0]}, {false, 30, words[1]}};
	struct event ev = {.kind = EV_RULE, .text = "FORWARD rule 1: no match", .chain = "FORWARD",
			   .rule = 1, .results = res, .nresults = 2};
	recording_sink(&ev, &r);
	memset(words, 'x', sizeof(words));
	res[0].ok = false;
	const struct event *e = &r.v[0].ev;
	ok(e->nresults == 2 && e->results && e->results != res, "the results are the recording's copy");
	ok(e->results[0].ok && !e->results[1].ok, "each keeps whether its test held");
	is_str(e->results[0].text, "-p tcp: yes", "the words of a test measured when copied");
	is_int(e->results[0].n, 11, "and their length said");
	is_str(e->results[1].text, "--dport 80: no, packet has 443", "the words of a test with its length");
	is_int(e->results[1].n, 30, "that length kept");

	struct event none = {.kind = EV_RULE, .text = "made by hand", .nresults = 3}; /* no array */
	recording_sink(&none, &r);
	ok(r.v[1].ev.nresults == 0 && !r.v[1].ev.results, "a count without results records none");
	recording_free(&r);
}

/* A view stored with the first event of a long run lives in an old chunk;
 * forgetting every event but the last must keep that chunk (ASan and
 * valgrind see a read of a freed one). */
static void test_view_outlives_front(void)
{
	struct recording r;
	recording_init(&r);
	struct pkt_view a = view_of(0xcb007101, 443);
	char text[200];
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	enum { N = 5000 }; /* 1 MB of texts: many chunks */
	for (int i = 0; i < N; i++)
		record(&r, EV_RULE, a, text);
	ok(r.v[N - 1].ev.view == r.v[0].ev.view, "one view for the whole run");
	recording_drop_front(&r, N - 1);
	ok(r.n == 1 && memcmp(r.v[0].ev.view, &a, sizeof(a)) == 0,
	   "the last event's view is intact after the others are forgotten");
	record(&r, EV_RULE, a, "after");
	ok(memcmp(r.v[1].ev.view, &a, sizeof(a)) == 0, "and a new event after that sees it right");
	recording_free(&r);
}

int main(void)
{
	test_views_shared();
	test_values_copied();
	test_results_copied();
	test_view_outlives_front();
	return tap_done();
}
