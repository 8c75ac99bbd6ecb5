/* walker.h - the state of one packet's walk, shared by walk.c (the paths),
 * chain.c (a table's chains) and emit.c (events).  Internal to the engine. */
#ifndef NFWALK_WALKER_H
#define NFWALK_WALKER_H

#include "engine/walk/engine.h"
#include "engine/track/nat.h"

#define WALK_MAX_SPAWN 8

struct walker {
	struct engine *e;
	struct packet *p;
	int pkt, sub, step;
	enum stage_id stage; /* the box the packet is in */
	enum fate fate;
	enum stage_id fate_stage;
	int fate_step;
	bool ct_active;  /* some rule or the nat table needs conntrack */
	bool forwarded;  /* arrived from the wire (vs. generated here) */
	bool broadcast;  /* input routing found a broadcast destination */
	bool route_only; /* input routing decides, ip_forward does not follow
			    (2.2: REJECT and REDIRECT from the input chain) */
	uint32_t qos_class;
	struct packet *spawn[WALK_MAX_SPAWN];
	int nspawn;
	char stop_why[224]; /* V_UNEVALUATED: what and where (--lenient) */
	/* nftables (hookchain.c): the hook whose base chains are running and
	 * how many of them have run */
	enum nf_hook nft_hook;
	size_t nft_next;
	/* nobody reads step numbers: the capture summary (the engine's
	 * classify flag), or no sink and no walk_result */
	bool steps_unread;
	const char *nft_base; /* the base chain running, for event.base */
	/* the built-in chains of the packet's family, [table][hook]
	 * (engine_builtins, taken when the walk starts) */
	engine_builtin_row *builtin;
};

/* Fields of an event beyond kind, stage and the packet view. */
/* Hook and table always come from the stage. */
struct emit_args {
	const char *chain;
	size_t chain_n; /* strlen(chain) when the caller knows it, else 0 */
	int rule;
	const struct rule *rule_ptr;
	const char *jump;
	bool matched;
	const struct event_result *results;
	int nresults;
	enum verdict verdict;
	bool policy;
	enum pkt_field field;
	/* strings, lent to the event (copied only when longer than
	 * EVENT_VAL_MAX - 1, to be cut), with their lengths when the caller
	 * knows them (0: measured) */
	const char *old_val, *new_val;
	size_t old_n, new_n;
	const char *detail;
	size_t detail_n; /* 0: measured where read */
};

/* Does the sink want events of kind k at all; does it read their words? */
static inline bool walker_wants(const struct walker *w, enum event_kind k)
{
	return w->e->sink && (w->e->wants.kinds & EV_BIT(k));
}

static inline bool walker_says(const struct walker *w, enum event_kind k)
{
	return walker_wants(w, k) && (w->e->wants.what & EVW_TEXT);
}

/* Does a sink read the sentence of kind k (walker_says, and k not among
 * the sinks' textless_kinds)? */
static inline bool walker_reads_sentence(const struct walker *w, enum event_kind k)
{
	return walker_says(w, k) && !(w->e->wants.textless_kinds & EV_BIT(k));
}

/* Must a change of the packet be found by comparing views before and
 * after (emit_rewrites)?  Yes when a sink reads EV_REWRITE or the step
 * numbers (each rewrite counts one).  The capture summary reads neither
 * (steps_unread), and two views cost more than the rest of a target. */
static inline bool walker_sees_rewrites(const struct walker *w)
{
	return !w->steps_unread || walker_wants(w, EV_REWRITE);
}

/* The engine's own counts (struct engine_counts); k is a constant at each
 * emit, so the tests fold away. */
static inline void walker_count(struct walker *w, enum event_kind k)
{
	struct engine_counts *c = &w->e->counts;
	if (k == EV_ENTER && (unsigned)w->stage < ST_COUNT) {
		c->entered[w->stage]++;
	} else if (k == EV_FATE && (unsigned)w->fate < FATE_COUNT) {
		if (w->sub == 0) {
			c->walks++;
			c->fate[w->fate]++;
		} else {
			c->caused++;
			c->caused_fate[w->fate]++;
		}
	}
}

/* Emit an event of kind k at the walker's stage (text is printf-style).
 * Every call counts a step; the event is built only when the sink wants
 * its kind, and the text only when it reads words (callers skip their own
 * formatting with walker_says). */
void emit_built(struct walker *w, enum event_kind k, const struct emit_args *a, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));
/* emit() of a sentence whose length the caller knows (a literal, a
 * table's title, a buffer it filled): no format, no strlen. */
void emit_said(struct walker *w, enum event_kind k, const struct emit_args *a, const char *text,
	       size_t n);
/* The count and the test inline: in a summary run most events are unwanted,
 * and a call to the variadic function (its register save area, its 512-byte
 * text buffer) cost more than the test.  The arguments are evaluated only
 * for a wanted event: they must have no side effects. */
#define emit_through(fn, w, k, ...)                    \
	do {                                           \
		struct walker *emit_w_ = (w);          \
		++emit_w_->step;                       \
		walker_count(emit_w_, (k));            \
		if (walker_wants(emit_w_, (k)))        \
			fn(emit_w_, (k), __VA_ARGS__); \
	} while (0)
#define emit(w, k, ...) emit_through(emit_built, w, k, __VA_ARGS__)      /* a, fmt, ... */
#define emit_n(w, k, ...) emit_through(emit_said, w, k, __VA_ARGS__) /* a, text, n */
/* Emit one EV_REWRITE per watched field that differs between before and the
 * packet now.  with_oif: also report an output interface change (re-route). */
void emit_rewrites(struct walker *w, const struct pkt_view *before, bool with_oif,
		   const char *why);
/* emit_rewrites for a change known to touch the TTL (hop limit) alone,
 * from old to now: no views of the packet before and after (forwarding
 * decrements it in every forwarded packet's trace). */
void emit_rewrite_ttl(struct walker *w, unsigned old, unsigned now, struct piece why);
/* Queue a packet this one caused (answer, REJECT); the walker owns it. */
void walker_spawn(struct walker *w, struct packet *p);

/* Run table t's built-in chain at hook h (ipt_do_table): rule by rule,
 * jumps and gotos, targets, the policy.  Returns ACCEPT, DROP or QUEUE;
 * *rejected is set when the DROP came from REJECT. */
enum verdict chain_run(struct walker *w, enum nf_table t, enum nf_hook h, bool *rejected);
/* The same with the built-in chain already looked up (engine_builtin, not
 * NULL): a box asks whether its table exists before it runs it. */
enum verdict chain_run_base(struct walker *w, struct chain *base, enum nf_table t,
			    enum nf_hook h, bool *rejected);

/* nftables base chains at the hook of stage st that come before it (the
 * stage's priority), and, when st is at another hook, the rest of the
 * hook the walk leaves.  False when one of them ended the packet. */
bool hookchain_before(struct walker *w, enum stage_id st);
void hookchain_free(struct hookchain *h);
/* Are there nftables nat chains at hook h; run them and the iptables nat
 * table in order (the nat box's chain walk). */
bool hookchain_has_nat(struct engine *e, enum nf_hook h);
enum verdict hookchain_nat_run(struct walker *w, enum nf_hook h, bool *rejected);

/* The Linux 2.2 path (walk_ipchains.c), for engines whose model is
 * FW_IPCHAINS; it shares walk.c's boxes through these. */
void walk_ipchains(struct walker *w);
bool walk_stage(struct walker *w, enum stage_id st);
bool walk_route_input(struct walker *w, bool *local);
bool walk_finish(struct walker *w, enum fate f, const char *why);
/* ip_route_me_harder (mangle OUTPUT, nft's type route chains). */
bool walk_reroute(struct walker *w, const char *cause);

#endif
