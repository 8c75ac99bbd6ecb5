/* engine.h - one simulated host: its rules, network configuration,
 * conntrack table, sockets and qdiscs, and the walk that moves packets
 * through them, emitting events.  No I/O, no curses. */
#ifndef NFWALK_ENGINE_H
#define NFWALK_ENGINE_H

#include "engine/track/conntrack.h"
#include "engine/walk/event.h"
#include "engine/net/local.h"
#include "engine/net/net.h"
#include "engine/net/inetpeer.h"
#include "engine/net/qos.h"
#include "engine/xt/rule.h"
#include "engine/xt/ipchains.h"
#include "engine/nft/nft_eval.h"

/* Which diagram's order the walk follows where eras differ. */
enum era {
	ERA_KPTD,   /* the 2.4-era page: QoS ingress after PREROUTING */
	ERA_MODERN, /* tc ingress before netfilter's PREROUTING */
};

/* Which iptables loaded the rules: the tables' hook priorities differ.
 * iptables-nft puts security at 150, after nat INPUT (100); legacy
 * iptables registers it at 50 (NF_IP_PRI_SECURITY), before. */
enum backend {
	BACKEND_NFT,    /* iptables-nft, the default of current distributions */
	BACKEND_LEGACY, /* iptables-legacy (x_tables) */
};
const char *backend_name(enum backend b);
/* Which firewall the host runs. */
enum fw_model {
	FW_IPTABLES, /* netfilter: tables at hooks, conntrack */
	FW_IPCHAINS, /* Linux 2.2: input, forward, output chains, no conntrack */
};

struct engine {
	struct netconf net;
	struct ruleset rules;  /* iptables': what IPv4 packets meet */
	struct ruleset rules6; /* ip6tables': what IPv6 packets meet (issue 10) */
	struct conntrack ct;
	struct socket_table socks;
	struct qos qos;
	struct inetpeers peers; /* per-sender ICMP redirect limits */
	enum era era;
	enum backend backend;
	enum fw_model model;
	struct ipchains ipc; /* the rules when model is FW_IPCHAINS */

	event_fn sink;
	void *sink_ctx;
	struct sink_wants wants; /* what the sink reads (engine_sink_wants) */
	/* What every walk counts whether a sink listens or not, as the rule
	 * counters: boxes entered (EV_ENTER) and fates (EV_FATE) of the
	 * packets walked (sub 0) and of those they caused.  A summary reads
	 * these and asks for no events at all. */
	struct engine_counts {
		uint64_t entered[ST_COUNT];
		uint64_t walks, caused;
		uint64_t fate[FATE_COUNT], caused_fate[FATE_COUNT];
	} counts;
	unsigned long ct_gen;    /* rules.gen when ct_needed was computed, +1 */
	bool ct_needed;          /* some rule or the nat table needs conntrack */
	/* The same for IPv6 packets: the kernel registers conntrack's hooks
	 * per family (nf_ct_netns_get(net, NFPROTO_IPV4 or _IPV6)), so an
	 * iptables rule that tracks leaves IPv6 untouched and the reverse;
	 * ct_needed is IPv4's. */
	bool ct_needed6;
	/* Summary runs: chains of many rules evaluate only the rules their
	 * classifier says can match (classify.h).  Skipped rules emit no
	 * EV_RULE and count no step, so only for sinks that read neither. */
	bool classify;
	struct classifier *cls;
	unsigned long cls_gen; /* rules.gen + rules6.gen the classifiers were built for, +1 */
	/* Each table's built-in chain at each hook, looked up by name once
	 * per rules.gen (+1 in builtin_gen) instead of at every stage */
	struct chain *builtin[2][TABLE_COUNT][HOOK_COUNT]; /* [0] IPv4, [1] IPv6 */
	unsigned long builtin_gen[2];

	int max_spawn; /* bound on answers a packet may cause (loops) */

	/* nftables: the ruleset (owned; NULL: none), its base chains by hook
	 * in the kernel's order with the iptables tables (hookchain.c), the
	 * statements' state (limits, quotas, counters) */
	struct nft_ruleset *nft;
	struct hookchain *hooks; /* built from nft on the first walk */
	struct nft_states nft_states;
};

void engine_init(struct engine *e);
void engine_free(struct engine *e);
/* Send every event, with its words and view, to fn. */
void engine_set_sink(struct engine *e, event_fn fn, void *ctx);
/* Narrow what the sink gets (after engine_set_sink): only these kinds
 * (EV_BIT mask), and only the parts in what (EVW_*). */
void engine_sink_wants(struct engine *e, unsigned kinds, unsigned what);
/* The same from a sink's declaration, views only for w.view_kinds. */
void engine_sink_wants_of(struct engine *e, struct sink_wants w);

/* Give the engine an nftables ruleset (it owns it from now on; checked
 * with nft_check first).  Its base chains join the iptables tables at
 * their hooks in priority order. */
void engine_set_nft(struct engine *e, struct nft_ruleset *rs);

/* One box of a hook's column, in the order the walk runs them: the
 * diagrams draw the nftables base chains from it (src/tui/diagram_build.c). */
struct hook_box {
	/* whose events light it: ST_NFT_<hook> for an nftables filter or
	 * route chain, the nat stage for a nat chain, else the stage */
	enum stage_id stage;
	const char *chain; /* the base chain as event.base names it; NULL: the stage */
	const char *type;  /* the chain's type ("filter", "nat", "route"); NULL: a stage */
	int family;        /* the chain's table's enum nft_family */
	int prio;          /* the hook priority it runs at; INT_MAX: last */
};
/* The boxes at hook h: the given stages of the walk's path at h (those
 * of a table the scenario did not load left out) with the nftables base
 * chains among them as the walk runs them (hookchain.c's order: by
 * priority, nat chains inside the nat box).  Writes at most max, returns
 * how many there are.  The strings live as long as the ruleset. */
size_t engine_hook_boxes(struct engine *e, enum nf_hook h, const enum stage_id *stages, size_t n,
			 struct hook_box *out, size_t max);
/* Does the nftables ruleset have base chains at hook h? */
bool engine_has_nft_chains(struct engine *e, enum nf_hook h);

/* How one walk ended. */
struct walk_result {
	enum fate fate;
	char oif[IFNAME_MAX];
	struct ct_entry *ct; /* the connection, for later replies (pinned: valid
			      * until engine_free) */
	struct pkt_view final; /* the packet as it left (or died) */
	enum stage_id where;   /* stage that decided the fate */
	int fate_step;
};

/* Walk a packet arriving on p->iif (or, when p->local_out, generated by the
 * local process) through every stage, emitting events for (pkt, sub 0),
 * then walk the packets it causes (answers, REJECTs) as subs 1, 2, ...
 * The engine owns p afterwards (it is freed).  res may be NULL. */
void walk_packet(struct engine *e, struct packet *p, int pkt_no, struct walk_result *res);
/* The ruleset a packet of that family meets: rules6 for FAMILY_IPV6,
 * rules for anything else. */
static inline struct ruleset *engine_rules(struct engine *e, int family)
{
	return family == FAMILY_IPV6 ? &e->rules6 : &e->rules;
}
/* ruleset_builtin(engine_rules(e, family), t, h), cached while the rules
 * stay the same.  engine_builtins makes the family's cache current and
 * returns it, [table][hook]: a walk takes it once (rules never change
 * during one) and reads its tables from it. */
void engine_builtin_refresh(struct engine *e, int family);
typedef struct chain *engine_builtin_row[HOOK_COUNT];
static inline engine_builtin_row *engine_builtins(struct engine *e, int family)
{
	int f = family == FAMILY_IPV6;
	if (e->builtin_gen[f] != engine_rules(e, family)->gen + 1)
		engine_builtin_refresh(e, family);
	return e->builtin[f];
}
static inline struct chain *engine_builtin(struct engine *e, int family, enum nf_table t,
					   enum nf_hook h)
{
	if (t < 0 || t >= TABLE_COUNT || h < 0 || h >= HOOK_COUNT)
		return NULL;
	return engine_builtins(e, family)[t][h];
}

#endif
