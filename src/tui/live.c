/* live.c - the capture as a tui_source (see live.h).
 *
 * Unlike replay.c, the walk cannot be run again: a live packet comes once,
 * and the connections the engine tracks depend on every packet before.
 * So one engine walks the whole run; switching the era (another diagram)
 * only changes the order the packets still to come are walked in. */
#include "live.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "capture/capture_run.h"
#include "scenario/session.h"

int live_open(struct live *l, const struct scenario *scn, const struct live_opts *o,
	      struct nf_error *err)
{
	*l = (struct live){.scn = scn, .o = *o};
	if (session_open(&l->eng, scn, NULL, NULL, err) < 0 ||
	    capture_open_for_host(&l->cap, scn, &l->eng, o->pcap, o->pcap ? NULL : o->dev,
				  o->filter, err) < 0) {
		engine_free(&l->eng);
		return -1;
	}
	if (o->pcap) {
		const char *base = strrchr(o->pcap, '/');
		str_copy(l->label, sizeof(l->label), base && base[1] ? base + 1 : o->pcap);
	} else {
		snprintf(l->label, sizeof(l->label), "live %s", o->dev);
	}
	return 0;
}

void live_close(struct live *l)
{
	capture_close(&l->cap);
	engine_free(&l->eng);
}

static int live_record(void *ctx, enum era era, struct recording *rec, struct nf_error *err)
{
	struct live *l = ctx;
	(void)err;
	l->eng.era = era;
	if (l->rec != rec) {
		recording_clear(rec);
		l->rec = rec;
		engine_set_sink(&l->eng, recording_sink, rec);
	}
	return 0;
}

/* Packet numbers are ints in the event record: a capture that would
 * overflow them ends instead. */
static bool numbers_left(const struct live *l)
{
	return l->walked < (uint64_t)INT_MAX && (!l->o.count || l->walked < l->o.count);
}

static size_t live_pull(void *ctx, size_t max)
{
	struct live *l = ctx;
	size_t n = 0;
	while (n < max && !l->ended && l->rec) {
		if (!numbers_left(l)) {
			l->ended = true;
			break;
		}
		struct packet *p;
		enum cap_status st = capture_next(&l->cap, &p);
		if (st == CAP_AGAIN)
			break;
		if (st == CAP_END) {
			l->ended = true;
			break;
		}
		walk_packet(&l->eng, p, (int)++l->walked, NULL);
		n++;
	}
	return n;
}

static int live_fd(void *ctx)
{
	const struct live *l = ctx;
	return l->ended ? -1 : capture_fd(&l->cap);
}

static bool live_ended(void *ctx)
{
	const struct live *l = ctx;
	return l->ended;
}

/* Why no packet will come any more, "" while some may. */
static const char *end_reason(const struct live *l)
{
	if (!l->ended)
		return "";
	if (l->cap.error[0])
		return l->o.pcap ? ", the file ends early" : ", the capture failed";
	if (l->o.count && l->walked >= l->o.count)
		return ", --count reached";
	return l->o.pcap ? ", end of the file" : ", the capture ended";
}

static void live_describe(void *ctx, char *buf, size_t n)
{
	const struct live *l = ctx;
	const struct capture_stats *st = &l->cap.st;
	uint64_t skipped = st->frames > st->packets ? st->frames - st->packets : 0;
	char skip[64] = "";
	if (skipped)
		snprintf(skip, sizeof(skip), ", %llu frame%s skipped", (unsigned long long)skipped,
			 skipped == 1 ? "" : "s");
	snprintf(buf, n, "%s: %llu packet%s%s%s%s%s", l->label, (unsigned long long)l->walked,
		 l->walked == 1 ? "" : "s", skip, end_reason(l), l->cap.error[0] ? ": " : "",
		 l->cap.error);
}

static const struct ruleset *live_rules(void *ctx)
{
	struct live *l = ctx;
	return &l->eng.rules;
}

static const struct tui_feed file_feed = {
	.fd = live_fd,
	.pull = live_pull,
	.ended = live_ended,
	.describe = live_describe,
	.paced = true,
};

static const struct tui_feed interface_feed = {
	.fd = live_fd,
	.pull = live_pull,
	.ended = live_ended,
	.describe = live_describe,
	.paced = false,
};

void live_source(struct live *l, struct tui_source *src)
{
	const struct scenario *scn = l->scn;
	*src = (struct tui_source){
		.name = scn->name && scn->name[0] ? scn->name : (scn->path ? scn->path : "capture"),
		.era = scn->era,
		.era_set = scn->era_set,
		.backend = scn->backend,
		.record = live_record,
		.rules = live_rules,
		.feed = l->o.pcap ? &file_feed : &interface_feed,
		.ctx = l,
	};
}
