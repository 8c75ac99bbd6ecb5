/* record.h - an event sink that keeps a deep copy of every event, so a
 * front end can step forwards and backwards through a finished walk (the
 * TUI) or inspect it afterwards (the checker).
 *
 * Why an arena: a walk through a 50,000-rule chain records 50,000 events,
 * and one malloc per string and per results array was most of the TUI's
 * first frame.  The copies' strings and results live in chunks the
 * recording owns, chain and target names are stored once, and a rule's
 * iptables-save text is formatted once per rule, not once per event. */
#ifndef NFWALK_RECORD_H
#define NFWALK_RECORD_H

#include "engine/walk/event.h"

struct rec_event {
	struct event ev; /* ev.text/chain/results/view/old_val/new_val point into
			 * this record (view maybe into an earlier one); ev.packet is NULL */
	/* EV_RULE/EV_TARGET: the rule in iptables-save form ("-A CHAIN ...");
	 * read it with rec_rule_text (NULL here when the recording keeps
	 * `rule` instead) */
	char *rule_text;
	const struct rule *rule; /* rules_outlive: the rule, its text made when read */
};

struct rec_chunk;
struct rec_intern;

/* record.c: the names copied last, by the engine's pointer */
#define REC_NAME_CACHE 4
struct rec_name_cache {
	const char *src, *text;
	struct rec_chunk *chunk;
};

struct recording {
	struct rec_event *v;
	size_t n, cap;
	size_t v_mapped; /* record.c: v's mapping (0: malloc'd) */
	/* storage of the copies (record.c): chunks in event order, and
	 * tables of the strings stored once */
	struct rec_chunk *head, *tail;
	struct rec_intern *names, *rules;
	struct rec_name_cache name_cache[REC_NAME_CACHE];
	/* record.c: the view stored last, and its chunk */
	const struct pkt_view *view_last;
	struct rec_chunk *view_chunk;
	/* Set by an owner whose engine outlives the recording and walks
	 * again into a cleared recording when its rules change (the TUI):
	 * a rule's text is then formatted when a panel shows it, not for
	 * each of the 50,000 rules a walk passes. */
	bool rules_outlive;
};

void recording_init(struct recording *r);
void recording_free(struct recording *r);
void recording_clear(struct recording *r);
/* Forget the first n events (a live view keeps a window of the newest). */
void recording_drop_front(struct recording *r, size_t n);
/* event_fn: append a copy of ev to the recording passed as ctx. */
void recording_sink(const struct event *ev, void *ctx);
/* The rule's iptables-save text of an EV_RULE/EV_TARGET record, or NULL;
 * valid until the next call. */
const char *rec_rule_text(const struct rec_event *re);

#endif
