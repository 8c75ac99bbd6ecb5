/* nf.h - the vocabulary shared by every engine module: families of hooks,
 * tables, verdicts and fates, each as one X-macro list so the enum and its
 * name table can never drift apart (the tig idiom). */
#ifndef NFWALK_NF_H
#define NFWALK_NF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* X(id, name) : netfilter hooks, in NF_INET_* order. */
#define NF_HOOK_LIST(X)          \
	X(HOOK_PREROUTING, "PREROUTING")   \
	X(HOOK_INPUT, "INPUT")             \
	X(HOOK_FORWARD, "FORWARD")         \
	X(HOOK_OUTPUT, "OUTPUT")           \
	X(HOOK_POSTROUTING, "POSTROUTING")

enum nf_hook {
#define X(id, name) id,
	NF_HOOK_LIST(X)
#undef X
	HOOK_COUNT,
	HOOK_NONE = -1
};

/* X(id, name, priority, hooks-mask) : iptables tables (xtables.conf). */
#define HOOKBIT(h) (1u << (h))
#define NF_TABLE_LIST(X)                                                       \
	X(TABLE_RAW, "raw", -300, HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_OUTPUT)) \
	X(TABLE_MANGLE, "mangle", -150, 0x1f)                                      \
	X(TABLE_NAT, "nat", -100,                                                  \
	  HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_OUTPUT) |  \
		  HOOKBIT(HOOK_POSTROUTING))                                       \
	X(TABLE_FILTER, "filter", 0,                                               \
	  HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT))      \
	X(TABLE_SECURITY, "security", 50,                                          \
	  HOOKBIT(HOOK_INPUT) | HOOKBIT(HOOK_FORWARD) | HOOKBIT(HOOK_OUTPUT))

enum nf_table {
#define X(id, name, prio, hooks) id,
	NF_TABLE_LIST(X)
#undef X
	TABLE_COUNT,
	TABLE_NONE = -1
};

/* Verdicts a rule, chain or stage can reach.  CONTINUE is xtables'
 * XT_CONTINUE (non-terminal target); JUMP/GOTO/RETURN only live inside a
 * table walk. */
#define NF_VERDICT_LIST(X)        \
	X(V_CONTINUE, "CONTINUE") \
	X(V_ACCEPT, "ACCEPT")     \
	X(V_DROP, "DROP")         \
	X(V_QUEUE, "QUEUE")       \
	X(V_RETURN, "RETURN")     \
	X(V_JUMP, "JUMP")         \
	X(V_GOTO, "GOTO")         \
	X(V_UNEVALUATED, "CANNOT-EVALUATE")

enum verdict {
#define X(id, name) id,
	NF_VERDICT_LIST(X)
#undef X
	V_COUNT
};

/* The end of a packet's walk. */
#define NF_FATE_LIST(X)               \
	X(FATE_NONE, "none")          \
	X(FATE_LOCAL, "local")        \
	X(FATE_FORWARDED, "forwarded") \
	X(FATE_SENT, "sent")          \
	X(FATE_DROPPED, "dropped")    \
	X(FATE_REJECTED, "rejected")  \
	X(FATE_QUEUED, "queued")      \
	X(FATE_UNEVALUATED, "cannot-evaluate")

enum fate {
#define X(id, name) id,
	NF_FATE_LIST(X)
#undef X
	FATE_COUNT
};

const char *hook_name(enum nf_hook h);
const char *table_name(enum nf_table t);
int table_priority(enum nf_table t);
unsigned table_hooks(enum nf_table t);
const char *verdict_name(enum verdict v);
const char *fate_name(enum fate f);
/* strlen of verdict_name and fate_name, from tables */
size_t verdict_name_len(enum verdict v);
size_t fate_name_len(enum fate f);
/* Reverse look-ups; return -1 when the name is unknown. */
int hook_by_name(const char *name);
int table_by_name(const char *name);
int fate_by_name(const char *name);

#endif
