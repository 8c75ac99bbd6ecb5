/* record.h - an event sink that keeps a deep copy of every event, so a
 * front end can step forwards and backwards through a finished walk (the
 * TUI) or inspect it afterwards (the checker). */
#ifndef NFWALK_RECORD_H
#define NFWALK_RECORD_H

#include "engine/walk/event.h"

struct rec_event {
	struct event ev; /* ev.text/chain/results point into this record; ev.packet is NULL */
	char *rule_text; /* EV_RULE/EV_TARGET: the rule in iptables-save form ("-A CHAIN ...") */
};

struct recording {
	struct rec_event *v;
	size_t n, cap;
};

void recording_init(struct recording *r);
void recording_free(struct recording *r);
void recording_clear(struct recording *r);
/* Forget the first n events (a live view keeps a window of the newest). */
void recording_drop_front(struct recording *r, size_t n);
/* event_fn: append a copy of ev to the recording passed as ctx. */
void recording_sink(const struct event *ev, void *ctx);

#endif
