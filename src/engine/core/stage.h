/* stage.h - every box a packet can pass, in kernel order, as one X-macro
 * list.  The walk emits these ids; diagrams map their boxes to them by
 * name, so a new drawing needs no engine change. */
#ifndef NFWALK_STAGE_H
#define NFWALK_STAGE_H

#include "engine/core/nf.h"

enum stage_kind {
	SK_NETWORK,   /* the wire: arrival or departure */
	SK_CHAIN,     /* an iptables table's built-in chain at a hook */
	SK_CONNTRACK, /* state computed (PREROUTING, OUTPUT) */
	SK_CONFIRM,   /* entry confirmed at the last hook */
	SK_IMQ,       /* IMQ enqueue point (2.4/2.6 patch) */
	SK_QOS,       /* tc ingress / egress */
	SK_ROUTE,     /* a routing decision (with the policy database) */
	SK_LOCAL,     /* the local process (sockets) */
	SK_IPCHAINS,  /* the legacy 2.2 column, drawn beside iptables */
	SK_NFT,       /* nftables base chains at a hook (engine/walk/hookchain.c) */
};

/* X(id, name, kind, hook, table, title)
 * name: stable identifier used by traces, diagrams and expectations.
 * title: what a person reads. */
#define STAGE_LIST(X)                                                                          \
	X(ST_NET_IN, "network-in", SK_NETWORK, HOOK_NONE, TABLE_NONE, "Network (in)")          \
	X(ST_QOS_INGRESS_EARLY, "qos-ingress-early", SK_QOS, HOOK_NONE, TABLE_NONE,            \
	  "QoS ingress (tc, modern position)")                                                 \
	X(ST_RAW_PREROUTING, "raw-prerouting", SK_CHAIN, HOOK_PREROUTING, TABLE_RAW,           \
	  "raw PREROUTING")                                                                    \
	X(ST_CT_PREROUTING, "conntrack-prerouting", SK_CONNTRACK, HOOK_PREROUTING, TABLE_NONE, \
	  "conntrack (PREROUTING)")                                                            \
	X(ST_MANGLE_PREROUTING, "mangle-prerouting", SK_CHAIN, HOOK_PREROUTING, TABLE_MANGLE,  \
	  "mangle PREROUTING")                                                                 \
	X(ST_IMQ_PREROUTING, "imq-prerouting", SK_IMQ, HOOK_PREROUTING, TABLE_NONE,            \
	  "IMQ (PREROUTING)")                                                                  \
	X(ST_NAT_PREROUTING, "nat-prerouting", SK_CHAIN, HOOK_PREROUTING, TABLE_NAT,           \
	  "nat PREROUTING")                                                                    \
	X(ST_QOS_INGRESS, "qos-ingress", SK_QOS, HOOK_NONE, TABLE_NONE, "QoS ingress")         \
	X(ST_ROUTE_INPUT, "route-input", SK_ROUTE, HOOK_NONE, TABLE_NONE,                      \
	  "input routing + policy DB")                                                         \
	X(ST_MANGLE_INPUT, "mangle-input", SK_CHAIN, HOOK_INPUT, TABLE_MANGLE, "mangle INPUT") \
	X(ST_FILTER_INPUT, "filter-input", SK_CHAIN, HOOK_INPUT, TABLE_FILTER, "filter INPUT") \
	X(ST_SECURITY_INPUT, "security-input", SK_CHAIN, HOOK_INPUT, TABLE_SECURITY,           \
	  "security INPUT")                                                                    \
	X(ST_NAT_INPUT, "nat-input", SK_CHAIN, HOOK_INPUT, TABLE_NAT, "nat INPUT")             \
	X(ST_CONFIRM_INPUT, "confirm-input", SK_CONFIRM, HOOK_INPUT, TABLE_NONE,               \
	  "conntrack confirm (INPUT)")                                                         \
	X(ST_LOCAL, "local-process", SK_LOCAL, HOOK_NONE, TABLE_NONE, "Local process")         \
	X(ST_ROUTE_OUTPUT, "route-output", SK_ROUTE, HOOK_NONE, TABLE_NONE, "output routing")  \
	X(ST_RAW_OUTPUT, "raw-output", SK_CHAIN, HOOK_OUTPUT, TABLE_RAW, "raw OUTPUT")         \
	X(ST_CT_OUTPUT, "conntrack-output", SK_CONNTRACK, HOOK_OUTPUT, TABLE_NONE,             \
	  "conntrack (OUTPUT)")                                                                \
	X(ST_MANGLE_OUTPUT, "mangle-output", SK_CHAIN, HOOK_OUTPUT, TABLE_MANGLE,              \
	  "mangle OUTPUT")                                                                     \
	X(ST_NAT_OUTPUT, "nat-output", SK_CHAIN, HOOK_OUTPUT, TABLE_NAT, "nat OUTPUT")         \
	X(ST_FILTER_OUTPUT, "filter-output", SK_CHAIN, HOOK_OUTPUT, TABLE_FILTER,              \
	  "filter OUTPUT")                                                                     \
	X(ST_SECURITY_OUTPUT, "security-output", SK_CHAIN, HOOK_OUTPUT, TABLE_SECURITY,        \
	  "security OUTPUT")                                                                   \
	X(ST_REROUTE_OUTPUT, "reroute-output", SK_ROUTE, HOOK_OUTPUT, TABLE_NONE,              \
	  "output re-route (ip_route_me_harder)")                                              \
	X(ST_MANGLE_FORWARD, "mangle-forward", SK_CHAIN, HOOK_FORWARD, TABLE_MANGLE,           \
	  "mangle FORWARD")                                                                    \
	X(ST_FILTER_FORWARD, "filter-forward", SK_CHAIN, HOOK_FORWARD, TABLE_FILTER,           \
	  "filter FORWARD")                                                                    \
	X(ST_SECURITY_FORWARD, "security-forward", SK_CHAIN, HOOK_FORWARD, TABLE_SECURITY,     \
	  "security FORWARD")                                                                  \
	X(ST_MANGLE_POSTROUTING, "mangle-postrouting", SK_CHAIN, HOOK_POSTROUTING,             \
	  TABLE_MANGLE, "mangle POSTROUTING")                                                  \
	X(ST_NAT_POSTROUTING, "nat-postrouting", SK_CHAIN, HOOK_POSTROUTING, TABLE_NAT,        \
	  "nat POSTROUTING")                                                                   \
	X(ST_IMQ_POSTROUTING, "imq-postrouting", SK_IMQ, HOOK_POSTROUTING, TABLE_NONE,         \
	  "IMQ (POSTROUTING)")                                                                 \
	X(ST_CONFIRM_POSTROUTING, "confirm-postrouting", SK_CONFIRM, HOOK_POSTROUTING,         \
	  TABLE_NONE, "conntrack confirm (POSTROUTING)")                                       \
	X(ST_QOS_EGRESS, "qos-egress", SK_QOS, HOOK_NONE, TABLE_NONE, "QoS egress")            \
	X(ST_NET_OUT, "network-out", SK_NETWORK, HOOK_NONE, TABLE_NONE, "Network (out)")       \
	X(ST_IPCHAINS_INPUT, "ipchains-input", SK_IPCHAINS, HOOK_NONE, TABLE_NONE,             \
	  "IPCHAINS input")                                                                    \
	X(ST_IPCHAINS_FORWARD, "ipchains-forward", SK_IPCHAINS, HOOK_NONE, TABLE_NONE,         \
	  "IPCHAINS forward")                                                                  \
	X(ST_IPCHAINS_OUTPUT, "ipchains-output", SK_IPCHAINS, HOOK_NONE, TABLE_NONE,           \
	  "IPCHAINS output")                                                                   \
	X(ST_NFT_PREROUTING, "nft-prerouting", SK_NFT, HOOK_PREROUTING, TABLE_NONE,            \
	  "nftables PREROUTING")                                                               \
	X(ST_NFT_INPUT, "nft-input", SK_NFT, HOOK_INPUT, TABLE_NONE, "nftables INPUT")         \
	X(ST_NFT_FORWARD, "nft-forward", SK_NFT, HOOK_FORWARD, TABLE_NONE, "nftables FORWARD") \
	X(ST_NFT_OUTPUT, "nft-output", SK_NFT, HOOK_OUTPUT, TABLE_NONE, "nftables OUTPUT")     \
	X(ST_NFT_POSTROUTING, "nft-postrouting", SK_NFT, HOOK_POSTROUTING, TABLE_NONE,         \
	  "nftables POSTROUTING")

enum stage_id {
#define X(id, name, kind, hook, table, title) id,
	STAGE_LIST(X)
#undef X
	ST_COUNT,
	ST_NONE = -1
};

struct stage_info {
	const char *name;
	enum stage_kind kind;
	enum nf_hook hook;
	enum nf_table table;
	const char *title;
	/* strlen of name and title (they are literals): a trace prints
	 * both for every box a packet enters, a dozen a packet */
	unsigned char name_n, title_n;
};

/* Inline: the walk asks it at every stage of every packet. */
extern const struct stage_info stage_table_[];
static inline const struct stage_info *stage_info(enum stage_id id)
{
	if ((int)id < 0 || id >= ST_COUNT)
		return NULL;
	return &stage_table_[id];
}
const char *stage_name(enum stage_id id);
/* -1 when no stage has that name. */
int stage_by_name(const char *name);
/* The chain stage of a table at a hook, or ST_NONE. */
enum stage_id stage_for_chain(enum nf_table t, enum nf_hook h);

#endif
