/* event.h - the step events the engine emits.  Every front end (text
 * trace, JSON Lines, checker, TUI, pcap writer) is a consumer of these: it
 * changes nothing in the engine.  Pointers into the engine (packet,
 * rule_ptr, chain, jump, view, old_val, new_val, results) are valid
 * during the call only; the recorder (sinks/record.c) copies what it
 * keeps.  The TUI's rule listing also reads the ruleset (struct ruleset,
 * engine/xt/rule.h) to show a chain. */
#ifndef NFWALK_EVENT_H
#define NFWALK_EVENT_H

#include "engine/core/nf.h"
#include "engine/track/packet.h"
#include "engine/xt/rule.h"
#include "engine/core/stage.h"

/* X(id, name) : names are the JSON Lines `event` values. */
#define EVENT_KIND_LIST(X)          \
	X(EV_PACKET, "packet")       \
	X(EV_ENTER, "enter")         \
	X(EV_RULE, "rule")           \
	X(EV_TARGET, "target")       \
	X(EV_REWRITE, "rewrite")     \
	X(EV_ROUTE, "route")         \
	X(EV_CONNTRACK, "conntrack") \
	X(EV_QOS, "qos")             \
	X(EV_NOTE, "note")           \
	X(EV_VERDICT, "verdict")     \
	X(EV_FATE, "fate")

enum event_kind {
#define X(id, name) id,
	EVENT_KIND_LIST(X)
#undef X
	EV_COUNT
};

/* A packet header field or metadata the walk watches for changes (the
 * payload is not in the view: only nf_nat_ftp's rewrite reports it). */
#define PKT_FIELD_LIST(X)        \
	X(PF_SRC, "src")         \
	X(PF_DST, "dst")         \
	X(PF_SPORT, "sport")     \
	X(PF_DPORT, "dport")     \
	X(PF_MARK, "mark")       \
	X(PF_CTMARK, "ctmark")   \
	X(PF_TOS, "tos")         \
	X(PF_TTL, "ttl")         \
	X(PF_PRIORITY, "class")  \
	X(PF_OIF, "oif")         \
	X(PF_PAYLOAD, "payload")      \
	X(PF_QSRC, "quoted-src")   \
	X(PF_QDST, "quoted-dst")   \
	X(PF_QSPORT, "quoted-sport") \
	X(PF_QDPORT, "quoted-dport")

enum pkt_field {
#define X(id, name) id,
	PKT_FIELD_LIST(X)
#undef X
	PF_COUNT
};

/* A flat view of what the panels and traces show of a packet. */
struct pkt_view {
	uint8_t proto;
	/* FAMILY_IPV4 (also for what is no IP packet: then zeros) or
	 * FAMILY_IPV6; src/dst of that family (IPv4 in .ip, host order) */
	int family;
	union inet_addr src, dst;
	uint16_t sport, dport; /* echo id in sport for ICMP echo */
	uint8_t tcp_flags;
	uint8_t icmp_type, icmp_code;
	uint32_t mark, ctmark, priority;
	uint8_t tos, ttl;
	uint16_t len;
	char iif[IFNAME_MAX], oif[IFNAME_MAX];
	enum ct_info ctinfo;
	unsigned ct_id; /* 0: none */
	/* An ICMP error's quoted header (the packet it is about), so NAT's
	 * rewrites of it show as rewrites; 0 when the packet is no error.
	 * qfamily: the quoted packet's family, FAMILY_IPV4 when none. */
	int qfamily;
	union inet_addr qsrc, qdst;
	uint16_t qsport, qdport;
};

/* One test of a rule as its event carries it: whether it held, and its
 * words (n bytes; 0: unknown, measure).  The words are referred to, not
 * copied: a trace through 50,000 rules carried a 128-byte buffer a test,
 * mostly empty (the recording keeps only the bytes used). */
struct event_result {
	bool ok;
	unsigned char n;
	const char *text;
};

/* The events' form of n results of rule_match (out has room for n). */
void event_results_of(struct event_result *out, const struct match_result *res, int n);

/* The fields are ordered to leave no holes between them: the TUI keeps
 * one record per event, 100,000 for a walk through 50,000 rules. */
struct event {
	enum event_kind kind;
	int pkt;  /* 1-based packet number in the scenario */
	int sub;  /* 0: the scenario's packet; 1..: packets it caused (answers, REJECTs) */
	int step; /* 1-based within (pkt, sub) */
	enum stage_id stage;
	enum nf_hook hook;   /* HOOK_NONE outside a hook */
	enum nf_table table; /* TABLE_NONE outside a table */
	int rule;            /* 1-based in its chain; 0 when a policy decides */
	const char *chain;   /* EV_RULE / EV_TARGET / EV_VERDICT in a table */
	size_t chain_n;      /* strlen(chain) when the engine knew it, else 0 */
	/* nftables: the base chain the walk is in ("inet filter input", as
	 * `chain` names it), for its EV_ENTER and every event inside it, the
	 * nat chains in a nat box too, though `chain` names a chain it
	 * jumped to; NULL elsewhere.  The diagrams light its box by it. */
	const char *base;
	const struct rule *rule_ptr;
	/* The generation (struct ruleset's gen) of the ruleset rule_ptr is
	 * in, so a rule's text can be kept until the rules change
	 * (event_rule_text); 0: unknown, formatted every time. */
	unsigned long rules_gen;
	/* EV_RULE / EV_TARGET: what the rule's -j or -g names (a user chain,
	 * ACCEPT, LOG, ...); NULL when it has no target.  Points into the
	 * engine's ruleset like rule_ptr: valid while the engine lives. */
	const char *jump;
	const struct event_result *results; /* EV_RULE: tests performed */
	int nresults;
	enum verdict verdict; /* EV_TARGET, EV_VERDICT */
	enum pkt_field field; /* EV_REWRITE */
	enum fate fate;       /* EV_FATE */
	bool matched;         /* EV_RULE */
	bool policy;          /* EV_VERDICT reached by the chain policy */
	/* EV_REWRITE: the field's value before and after, as the traces
	 * write it; EV_QOS: new_val the class; ipchains' EV_TARGET and
	 * EV_VERDICT: new_val its own word.  Never NULL ("" when none), at
	 * most EVENT_VAL_MAX - 1 bytes. */
	const char *old_val, *new_val;
	const char *text;   /* one sentence for people: why, what, where */
	/* strlen(text) + 1 when emit_built knew it (the traces then need
	 * no strlen of their own); 0: not known, ask strlen */
	size_t text_n;
	const char *detail; /* EV_CONNTRACK: the entry as `conntrack -L` prints it
			     * after the event; EV_TARGET of LOG: the kernel log
			     * line; otherwise NULL */
	size_t detail_n;    /* strlen(detail) when the engine knew it, else 0 */
	/* The packet after the event (sink_wants.view_kinds); never NULL:
	 * &pkt_view_none (family 0) where the sink does not read it.  A
	 * pointer, not a copy: an event is read far more often than it is
	 * viewed, and the TUI keeps 100,000 of them (record.c stores a view
	 * once for a run of events that see the same packet). */
	const struct pkt_view *view;
	const struct packet *packet; /* valid during the callback only */
};

/* An event's old_val and new_val are cut to this many bytes with the NUL. */
#define EVENT_VAL_MAX 48

/* The view of an event no sink reads the view of: all zero, family 0. */
extern const struct pkt_view pkt_view_none;

const char *event_kind_name(enum event_kind k);
const char *pkt_field_name(enum pkt_field f);
struct piece pkt_field_piece(enum pkt_field f); /* with its length */
void pkt_view_of(const struct packet *p, struct pkt_view *v);
/* ev's rule as iptables-save prints it after -A CHAIN (rule_format),
 * kept per rule and ruleset generation: a rule's text never changes
 * while its ruleset does not, and the traces print it at every EV_RULE.
 * Valid until the next call; *len (may be NULL) its length.  "" without
 * a rule. */
const char *event_rule_text(const struct event *ev, size_t *len);
/* Format field f of v as the traces show it (addresses dotted, marks hex). */
void pkt_view_field(const struct pkt_view *v, enum pkt_field f, char *buf, size_t n);
/* The same, returning the length written. */
size_t pkt_view_field_n(const struct pkt_view *v, enum pkt_field f, char *buf, size_t n);
/* Does field f differ between a and b?  (As the formatted values would.) */
bool pkt_view_differs(const struct pkt_view *a, const struct pkt_view *b, enum pkt_field f);

typedef void (*event_fn)(const struct event *ev, void *ctx);

/* What a sink reads, so the engine builds nothing nobody reads: the kinds
 * of event it wants (others are counted in `step` but never built), and
 * whether it reads the words (EVW_TEXT: text, detail, the match results,
 * rewrite values as strings) and the packet view (EVW_VIEW).  A sink that
 * declares nothing gets everything. */
#define EV_BIT(k) (1u << (k))
#define EV_ALL ((1u << EV_COUNT) - 1)
enum {
	EVW_TEXT = 1u << 0,
	EVW_VIEW = 1u << 1,
	EVW_ALL = EVW_TEXT | EVW_VIEW,
};
struct sink_wants {
	unsigned kinds; /* EV_BIT(EV_...) */
	unsigned what;  /* EVW_* */
	/* With EVW_VIEW: the kinds whose view it reads (EV_BIT mask); the
	 * others' view has family 0, the mark of no view, and nothing else
	 * set (never read it).  The text trace reads it on two kinds only,
	 * and a view costs more than the rest of an event. */
	unsigned view_kinds;
	/* With EVW_TEXT: the kinds whose sentence (text) it never reads,
	 * though it may read their detail and match results (0: it reads
	 * every sentence).  The text trace prints a rule from the rule
	 * itself, so no rule's sentence need be made for it. */
	unsigned textless_kinds;
};

#endif
