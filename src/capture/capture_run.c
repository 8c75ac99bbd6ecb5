/* capture_run.c - the batch front end for captures (see capture_run.h).
 *
 * One engine is built from the scenario; every event goes to a fan-out of
 * sinks: the text or JSON Lines trace, the summary's tally, and the pcap
 * writer.  Captured packets are walked one at a time as they are read, so
 * a capture of any size runs in constant memory apart from the
 * connections conntrack keeps. */
#define _DEFAULT_SOURCE /* sigaction, poll */

#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "capture/capture_run.h"
#include "sinks/pcap_out.h"
#include "sinks/progress.h"
#include "scenario/runner.h"
#include "scenario/session.h"
#include "sinks/tally.h"
#include "sinks/trace.h"

enum { MAX_SINKS = 4, LIVE_POLL_MS = 200, PROGRESS_EVERY = 256 };

/* --- several sinks behind one --- */

struct fanout {
	event_fn fn[MAX_SINKS];
	void *ctx[MAX_SINKS];
	int n;
	struct sink_wants wants; /* what any of them reads */
};

static void fanout_add(struct fanout *f, event_fn fn, void *ctx, struct sink_wants w)
{
	if (f->n < MAX_SINKS) {
		f->fn[f->n] = fn;
		f->ctx[f->n] = ctx;
		/* a sentence is left unmade only when no sink reads it */
		f->wants.textless_kinds = f->n ? f->wants.textless_kinds & w.textless_kinds
					       : w.textless_kinds;
		f->n++;
		f->wants.kinds |= w.kinds;
		f->wants.what |= w.what;
		f->wants.view_kinds |= w.view_kinds;
	}
}

static void fanout_sink(const struct event *ev, void *ctx)
{
	const struct fanout *f = ctx;
	for (int i = 0; i < f->n; i++)
		f->fn[i](ev, f->ctx[i]);
}

/* --- stopping on a signal --- */

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct saved_signals {
	struct sigaction sigint, sigterm;
};

/* No SA_RESTART: a poll() waiting for live packets returns at once. */
static void catch_stop_signals(struct saved_signals *saved)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	stop_requested = 0;
	sigaction(SIGINT, &sa, &saved->sigint);
	sigaction(SIGTERM, &sa, &saved->sigterm);
}

static void restore_signals(const struct saved_signals *saved)
{
	sigaction(SIGINT, &saved->sigint, NULL);
	sigaction(SIGTERM, &saved->sigterm, NULL);
}

/* --- the run --- */

struct run {
	const struct scenario *s;
	const struct capture_opts *o;
	struct engine e;
	struct fanout sinks;
	struct trace_out trace;
	struct tally tally;
	struct pcap_writer *writer;
	struct capture cap;
	FILE *summary; /* stdout, or stderr when stdout carries JSON Lines */
};

/* Print err ("file:line:col: msg", or the bare message when it names no
 * file) and return the exit status of an input error. */
static int fail(const struct nf_error *err)
{
	char msg[1024];
	nf_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "nfwalk: %s\n", msg);
	return 2;
}

const char *capture_iface_for(const struct scenario *s, const char *live_dev,
			      struct nf_error *err)
{
	if (s->capture_iface[0])
		return s->capture_iface;
	for (size_t i = 0; live_dev && i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, live_dev) == 0)
			return s->ifaces[i].ifc.name;
	const char *only = NULL;
	size_t n = 0;
	for (size_t i = 0; i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, "lo") != 0) {
			only = s->ifaces[i].ifc.name;
			n++;
		}
	if (n == 1)
		return only;
	str_copy(err->file, sizeof(err->file), s->path);
	err->line = 0;
	if (n == 0)
		nf_err(err, -1, "the scenario has no interface for the capture to arrive on: "
				"add one under `interfaces`");
	else
		nf_err(err, -1, "which interface did the capture arrive on? The scenario has %zu: "
				"say it with `capture: {iface: NAME}`",
		       n);
	return NULL;
}

int capture_open_for_host(struct capture *c, const struct scenario *s, const struct engine *e,
			  const char *pcap, const char *live, const char *filter,
			  struct nf_error *err)
{
	const char *iface = capture_iface_for(s, live, err);
	if (!iface)
		return -1;
	int rc = live ? capture_open_live(c, live, filter, iface, err)
		      : capture_open_file(c, pcap, iface, err);
	if (rc == 0)
		capture_learn_host(c, &e->net);
	return rc;
}

static int open_capture(struct run *r)
{
	struct nf_error err = {.col = -1};
	if (capture_open_for_host(&r->cap, r->s, &r->e, r->o->pcap, r->o->live, r->o->filter,
				  &err) < 0)
		return fail(&err);
	return 0;
}

/* The summary needs no sink: it reads the engine's counts at the end. */
static int set_up_sinks(struct run *r)
{
	const struct capture_opts *o = r->o;
	r->trace = (struct trace_out){stdout, 0};
	if (!o->quiet)
		fanout_add(&r->sinks, o->jsonl ? trace_jsonl_sink : trace_text_sink, &r->trace,
			   o->jsonl ? TRACE_WANTS : TRACE_TEXT_WANTS);
	if (o->write_pcap) {
		struct nf_error err = {.col = -1};
		r->writer = pcap_writer_open(o->write_pcap, o->write_all, &err);
		if (!r->writer)
			return fail(&err);
		fanout_add(&r->sinks, pcap_writer_sink, r->writer, PCAP_WRITER_WANTS);
	}
	/* none (the summary alone, most often): the walk builds no event;
	 * one: the engine calls it directly, not through the fan-out's loop */
	if (r->sinks.n == 0)
		engine_set_sink(&r->e, NULL, NULL);
	else if (r->sinks.n == 1)
		engine_set_sink(&r->e, r->sinks.fn[0], r->sinks.ctx[0]);
	else
		engine_set_sink(&r->e, fanout_sink, &r->sinks);
	engine_sink_wants_of(&r->e, r->sinks.wants);
	/* The summary alone reads no rule events and no step numbers: big
	 * chains may skip the rules that cannot match. */
	r->e.classify = o->quiet && !o->write_pcap;
	return 0;
}

static void print_header(const struct run *r)
{
	if (r->o->quiet || r->o->jsonl)
		return;
	char what[600];
	if (r->o->live || r->o->pcap)
		snprintf(what, sizeof(what), "packets from %s, arriving on %s",
			 r->o->live ? r->o->live : r->o->pcap, r->cap.iface);
	else
		snprintf(what, sizeof(what), "%s", r->s->description ? r->s->description : "");
	trace_text_header(stdout, r->s->name, r->s->path, what);
}

static double share_read(const struct capture *c)
{
	long long at = capture_offset(c);
	return c->file_size > 0 && at >= 0 ? (double)at / (double)c->file_size : -1;
}

/* Every PROGRESS_EVERY packets.  The share read costs an lseek (ftell):
 * asked only when a progress line may be shown. */
static void file_progress(struct run *r, struct progress *pg, uint64_t n)
{
	if (n % PROGRESS_EVERY == 0 && pg->on)
		progress_update(pg, n, share_read(&r->cap), r->cap.source);
}

/* A file read one packet ahead: while packet N is walked, conntrack's
 * bucket for N+1 comes into the cache, and its entry is asked for just
 * before N+1's walk (ct_prefetch_*).  Only where reading ahead changes
 * nothing: a file (a live capture would wait for the next packet), no
 * --count (it would read a frame more than it walks), no pcap writer
 * (it stamps records with the capture's current time). */
static void walk_file_ahead(struct run *r, struct progress *pg)
{
	const struct conntrack *ct = &r->e.ct;
	struct packet *cur = NULL;
	size_t cur_hash = 0;
	bool cur_hint = false;
	uint64_t n = 0;
	for (;;) {
		struct packet *next = NULL;
		size_t next_hash = 0;
		bool next_hint = false;
		/* a packet read is walked, even after a signal: the counts
		 * of frames and walks stay together */
		if (!stop_requested && capture_next(&r->cap, &next) == CAP_PACKET)
			next_hint = ct_prefetch_bucket(ct, next, &next_hash);
		else
			next = NULL;
		if (cur) {
			if (cur_hint)
				ct_prefetch_entry(ct, cur_hash);
			n++;
			walk_packet(&r->e, cur, (int)n, NULL);
			file_progress(r, pg, n);
		}
		if (!next)
			break;
		cur = next;
		cur_hash = next_hash;
		cur_hint = next_hint;
	}
}

/* Walk every packet the capture yields, until its end, the count, or a
 * signal. */
static void walk_capture(struct run *r, struct progress *pg)
{
	struct saved_signals saved;
	catch_stop_signals(&saved);
	if (!r->o->live && !r->o->count && !r->writer) {
		walk_file_ahead(r, pg);
		restore_signals(&saved);
		fflush(stdout);
		return;
	}
	uint64_t n = 0;
	while (!stop_requested && (!r->o->count || n < r->o->count)) {
		struct packet *p;
		enum cap_status st = capture_next(&r->cap, &p);
		if (st == CAP_END)
			break;
		if (st == CAP_AGAIN) {
			struct pollfd pfd = {.fd = capture_fd(&r->cap), .events = POLLIN};
			poll(&pfd, 1, LIVE_POLL_MS);
			progress_update(pg, n, -1, r->cap.source);
			continue;
		}
		n++;
		if (r->writer)
			pcap_writer_set_time(r->writer, (int)n, r->cap.ts_sec, r->cap.ts_usec);
		walk_packet(&r->e, p, (int)n, NULL);
		file_progress(r, pg, n);
	}
	restore_signals(&saved);
	fflush(stdout);
}

static void print_summary(struct run *r, const struct progress *pg)
{
	FILE *f = r->summary;
	double secs = progress_elapsed(pg);
	fprintf(f, "\n== summary ==\n");
	capture_summary(&r->cap, f);
	tally_from_counts(&r->tally, &r->e.counts);
	tally_print(&r->tally, &r->e.rules, &r->e.rules6, f);
	fprintf(f, "Time: %" PRIu64 " packets in %.3f s", r->tally.walks, secs);
	if (secs > 0)
		fprintf(f, " (%.0f packets/s)", (double)r->tally.walks / secs);
	fputs("\n", f);
	if (r->writer)
		fprintf(f, "Wrote %" PRIu64 " packet records to %s\n", pcap_writer_count(r->writer),
			r->o->write_pcap);
	fflush(f);
}

static int run_capture(struct run *r)
{
	int rc = open_capture(r);
	if (rc)
		return rc;
	rc = set_up_sinks(r);
	if (rc)
		return rc;
	tally_zero_rules(&r->e.rules);
	print_header(r);
	struct progress pg;
	progress_init(&pg, r->o->progress);
	walk_capture(r, &pg);
	progress_end(&pg);
	print_summary(r, &pg);
	if (r->cap.error[0]) { /* walked and summed up to there, but bad input */
		char *why = vis_str(r->cap.error);
		fprintf(stderr, "nfwalk: %s: the capture ended early: %s\n", r->cap.source, why);
		free(why);
		return 2;
	}
	return 0;
}

static int run_scenario_packets(struct run *r)
{
	int rc = set_up_sinks(r);
	if (rc)
		return rc;
	print_header(r);
	struct nf_error err = {.col = -1};
	if (runner_run(r->s, &r->e, NULL, &err) != 0)
		return fail(&err);
	fflush(stdout);
	return 0;
}

static int close_writer(struct run *r)
{
	struct nf_error err = {.col = -1};
	str_copy(err.file, sizeof(err.file), r->o->write_pcap ? r->o->write_pcap : "");
	int rc = pcap_writer_close(r->writer, &err);
	r->writer = NULL;
	return rc < 0 ? fail(&err) : 0;
}

int capture_run(const struct scenario *s, const struct capture_opts *o)
{
	struct run r = {.s = s, .o = o, .summary = o->jsonl ? stderr : stdout};
	tally_init(&r.tally);
	struct nf_error err = {.col = -1};
	int rc = session_open(&r.e, s, NULL, NULL, &err) == 0 ? 0 : fail(&err);
	if (rc == 0)
		rc = o->pcap || o->live ? run_capture(&r) : run_scenario_packets(&r);
	int wrc = close_writer(&r);
	capture_close(&r.cap);
	engine_free(&r.e);
	return rc ? rc : wrc;
}
