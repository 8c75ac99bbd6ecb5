/* rule.h - tables, chains and rules as iptables keeps them, and the
 * interface every match and target implements.
 *
 * A rule is the ipt_ip part (-p -s -d -i -o -f, each invertible), a list
 * of matches evaluated in order (the first that fails ends the rule, as in
 * ipt_do_table), and either a standard verdict/jump or an extension
 * target.  Matches and targets are data: one match_type / target_type
 * record each, listed once in xt_list.h (the registries in match.c and
 * target.c are generated from that list). */
#ifndef NFWALK_RULE_H
#define NFWALK_RULE_H

#include "engine/core/nf.h"
#include "engine/track/packet.h"
#include "lib/inet.h"
#include "lib/util.h"

struct conntrack;
struct netconf;
struct ipset_store;
struct recent_list;
struct rule;
struct ruleset;
struct socket_table;

/* What one test of a rule found: "--dport 80: no, packet has 443". */
struct match_result {
	bool ok;
	char text[128];
	/* strlen(text) where the test set it, 0 when unknown: a trace
	 * prints every test's text */
	unsigned char n;
};
#define RULE_MAX_RESULTS 24

/* Everything a match or target may read or change while a packet is in a
 * table, and nothing more (as the kernel hands an extension an
 * xt_action_param, not the namespace).  in/out are the interface names
 * valid at this hook (NULL when the kernel has none: no out at
 * PREROUTING/INPUT, no in at OUTPUT/POSTROUTING). */
struct xt_ctx {
	/* the host's interfaces and routes (addrtype, pkttype, rpfilter, LOG,
	 * REJECT, MASQUERADE, NETMAP) */
	const struct netconf *net;
	/* the connection table NAT targets bind in */
	struct conntrack *ct;
	/* -m recent's named lists: the head of the ruleset's list */
	struct recent_list **recent;
	/* the IP sets -m set tests and -j SET changes (NULL: none) */
	struct ipset_store *sets;
	/* the local sockets and the connections they hold (-m socket,
	 * -m cgroup at INPUT); NULL: none */
	const struct socket_table *socks;
	struct packet *p;
	enum nf_hook hook;
	enum nf_table table;
	const char *in, *out;
	/* Nobody reads why (the summary of a capture): a target may skip
	 * formatting it.  It must still fill it for LOG's line and for
	 * V_UNEVALUATED, which say what stopped the walk. */
	bool quiet;
	/* set by targets */
	char why[256];           /* what the target did, for the trace */
	struct packet *spawn;    /* REJECT's answer, to walk OUTPUT */
	bool rejected;           /* the DROP came from REJECT */
	uint32_t queue_num;      /* NFQUEUE */
	bool log;                /* LOG: the kernel log line is in why */
	/* a change the target made beyond the packet (an ipset element
	 * added or deleted): the walk shows it as a note; "" none */
	char note[160];
};

struct match;
struct target;

/* A field a classifier can index (see match_type.key). */
enum xt_key_field { XK_NONE, XK_SRC, XK_DST, XK_PROTO, XK_IIF, XK_OIF, XK_DPORT, XK_SPORT, XK_MARK };
/* "Only packets whose field, under mask, equals value can match": the
 * test a classifier uses to skip rules (value is compared with the field
 * & mask exactly as the match compares). */
struct xt_key {
	enum xt_key_field field;
	uint32_t value, mask;
};

/* Option table entry shared by matches and targets (like xt_option_entry). */
struct xt_option {
	const char *name; /* "dport": the option without its two dashes */
	bool has_arg;
	bool invertible; /* accepts "! --opt" */
	/* Takes a second argument (--tcp-flags MASK COMP); parse then gets
	 * both words in arg, separated by one space. */
	bool two_args;
};

struct match_type {
	const char *name; /* as after -m */
	/* 0: both families (libxt_*); FAMILY_IPV4 or FAMILY_IPV6: only
	 * iptables or only ip6tables has it (libipt_* / libip6t_*) */
	int family;
	const struct xt_option *options;
	size_t data_size;
	/* Set the defaults iptables' init gives a fresh instance (optional). */
	void (*init)(void *data);
	/* Parse one option (opt as written, "--dport"; arg its argument or
	 * NULL).  Returns 0 or -1 with err set (col -1: the parser points
	 * it at the argument). */
	int (*parse)(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err);
	/* Called after the rule's options: checks required options, protocol
	 * and table/hook constraints. */
	int (*final_check)(const struct match *m, const struct rule *r, struct nf_error *err);
	/* Evaluate; why explains the answer in one clause (n 0: nobody reads
	 * it, so a match may skip making it; snprintf(why, 0, ...) is safe). */
	bool (*eval)(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n);
	/* Append the iptables-save form, options only (" --dport 80"). */
	void (*print)(const struct match *m, struct strbuf *out);
	unsigned hooks_mask;  /* 0: any hook */
	unsigned tables_mask; /* 0: any table (bit = 1 << enum nf_table) */
	/* Hooks this instance may run at when its options narrow them (as
	 * addrtype's --limit-iface-in does); optional, 0: any. */
	unsigned (*instance_hooks)(const struct match *m);
	/* Offer a key every packet this instance matches satisfies, so a
	 * classifier for big chains can skip rules that cannot match
	 * (optional; false or NULL: none, a wildcard).  Only for matches
	 * without side effects; a key must never refuse a packet eval
	 * accepts. */
	bool (*key)(const struct match *m, struct xt_key *k);
	/* Options (bit = index in options) that may be given more than once,
	 * as -m policy's element options, once per --next element. */
	unsigned repeat_mask;
	/* Find what the instance names outside the rule (the set of -m
	 * set) when the rule is inserted, as the kernel's checkentry does;
	 * an error refuses the rule (optional). */
	int (*bind)(const struct match *m, const struct ruleset *rs, struct nf_error *err);
};

struct match {
	const struct match_type *type;
	void *data;
	/* FAMILY_IPV4 (iptables) or FAMILY_IPV6 (ip6tables): the rule's,
	 * set before init and parse, for options that take addresses */
	int family;
	/* "-m NAME OPTIONS", as rule_match's results name the match: made at
	 * its first reported test and kept with the rule (NULL until then),
	 * for building it was a tenth of a text trace.  The options print
	 * the same while the rule lives, as event_rule_text's kept rule
	 * text also relies on. */
	char *label;
	size_t label_n;
};

struct target_type {
	const char *name;
	int family; /* as match_type's */
	const struct xt_option *options;
	size_t data_size;
	unsigned tables_mask; /* 0: any table (bit = 1 << enum nf_table) */
	unsigned hooks_mask;  /* 0: any hook */
	void (*init)(void *data); /* defaults of a fresh instance (optional) */
	int (*parse)(struct target *t, const char *opt, const char *arg, bool invert,
		     struct nf_error *err);
	int (*final_check)(const struct target *t, const struct rule *r, struct nf_error *err);
	/* Run the target; return V_CONTINUE, V_ACCEPT, V_DROP or V_QUEUE, and
	 * say what was done in ctx->why. */
	enum verdict (*exec)(const struct target *t, struct xt_ctx *ctx);
	void (*print)(const struct target *t, struct strbuf *out);
	/* As match_type's bind (the sets of -j SET); optional. */
	int (*bind)(const struct target *t, const struct ruleset *rs, struct nf_error *err);
};

struct target {
	const struct target_type *type;
	void *data;
	int family; /* as struct match's: the NAT targets' addresses */
};

enum rule_action {
	RA_NONE,    /* no -j: counts only, continues */
	RA_VERDICT, /* -j ACCEPT / DROP / RETURN / QUEUE */
	RA_JUMP,    /* -j USERCHAIN */
	RA_GOTO,    /* -g USERCHAIN */
	RA_TARGET,  /* extension target */
};

/* A rule's own tests, for its labels. */
enum rule_label { RL_SRC, RL_DST, RL_IN, RL_OUT, RL_PROTO, RL_COUNT };

struct rule {
	/* ipt_ip / ip6t_ip6 */
	int family;    /* FAMILY_IPV4 (iptables) or FAMILY_IPV6 (ip6tables) */
	uint8_t proto; /* 0: all; for IPv6 the header after the extension headers */
	bool proto_inv;
	union inet_addr src, smsk, dst, dmsk; /* of the rule's family; masks are bit masks */
	bool src_inv, dst_inv;
	char iif[IFNAME_MAX], oif[IFNAME_MAX]; /* "" any; trailing '+' is a wildcard */
	bool iif_inv, oif_inv;
	bool frag, frag_inv; /* -f (iptables only) */

	struct match *matches;
	size_t nmatches;

	enum rule_action action;
	enum verdict verdict; /* RA_VERDICT */
	char *jump;           /* RA_JUMP / RA_GOTO chain name */
	/* the chain jump names, as chain.c last found it, and the ruleset
	 * generation + 1 it was found in (0: not looked up): a jump taken
	 * a hundred thousand times looks its chain up by name once */
	struct chain *jump_chain;
	unsigned long jump_gen;
	struct target target; /* RA_TARGET */

	uint64_t pkts, bytes; /* counters ([p:b] from iptables-save -c, then ours) */
	/* the labels of its own tests as a trace shows them ("-s
	 * 10.0.0.0/16", "! -i eth+", "-p tcp"), made at the first
	 * evaluation someone reads (rule_match.c), as a match's label */
	char *labels[RL_COUNT];
	unsigned char labels_n[RL_COUNT]; /* their lengths (under 160) */
	char *comment_text;   /* unused by eval: the rule as written, for people */
	int src_line;         /* line in the file it came from, 0 if none */
};

struct cls_chain; /* the walk's classifier of a chain (engine/walk/classify.c) */

struct chain {
	char *name;
	size_t name_n; /* strlen(name): a trace says it at every rule and chain end */
	bool builtin;
	enum verdict policy; /* built-in chains: V_ACCEPT or V_DROP */
	uint64_t policy_pkts, policy_bytes;
	struct rule **rules;
	size_t nrules;
	/* the walk's classifier of this chain (classify.c), remembered
	 * with the serial of the classifier that built it */
	const struct cls_chain *cls_memo;
	unsigned long cls_serial;
};

struct table {
	bool loaded; /* tables never mentioned do not exist and are not traversed */
	struct chain **chains; /* built-ins first, in hook order, then user chains */
	size_t nchains;
	struct table_graph *graph; /* rule_check.c's index of the chains and jumps */
};

struct ruleset {
	/* FAMILY_IPV4: iptables' tables; FAMILY_IPV6: ip6tables' (the same
	 * tables and chains at the same hook priorities) */
	int family;
	struct table t[TABLE_COUNT];
	/* -m recent's named address lists, shared by every rule naming
	 * them, as the kernel keeps them per network namespace */
	struct recent_list *recent;
	/* The IP sets (ipset.h), owned; NULL until a set is created.  Like
	 * the recent lists they belong to the namespace, not to a table. */
	struct ipset_store *sets;
	/* New at every change to tables, chains or rules (ruleset_changed),
	 * so what the engine derives from them (conntrack's need,
	 * classifiers) knows to be rebuilt. */
	unsigned long gen;
	/* --lenient: -A and -I keep a rule they cannot load as a stand-in
	 * (rule_unevaluable) that stops the packets reaching it; counted */
	bool lenient;
	size_t unevaluable;
};

void ruleset_init(struct ruleset *rs);
/* ruleset_init for ip6tables' (FAMILY_IPV6) or iptables' rules. */
void ruleset_init_family(struct ruleset *rs, int family);
/* "iptables" or "ip6tables", the program a family's rules belong to. */
const char *ruleset_program(int family);
/* Give rs a new generation (every change to its tables, chains or rules). */
void ruleset_changed(struct ruleset *rs);
void ruleset_free(struct ruleset *rs);
/* Replace dst's table t with src's, which is left empty (not loaded).
 * Rules may point at state their ruleset owns (-m recent's lists): move
 * tables only out of a ruleset that has none. */
void ruleset_take_table(struct ruleset *dst, struct ruleset *src, enum nf_table t);
/* Load a table with its built-in chains (policy ACCEPT), if not yet. */
struct table *ruleset_load_table(struct ruleset *rs, enum nf_table t);
struct chain *ruleset_chain(const struct ruleset *rs, enum nf_table t, const char *name);
/* The built-in chain of table t at hook h, NULL when the table is not
 * loaded or has no chain there. */
struct chain *ruleset_builtin(const struct ruleset *rs, enum nf_table t, enum nf_hook h);

/* Apply one iptables command ("iptables -t nat -A PREROUTING ...", the
 * leading word optional): -A, -I [n], -N, -P, -F, -X, -D n.  Errors name
 * the offending word; err->col is its offset in cmd. */
int ruleset_command(struct ruleset *rs, const char *cmd, int src_line, struct nf_error *err);
/* The family a command's program word names: FAMILY_IPV6 for ip6tables
 * (any path or suffix), FAMILY_IPV4 for anything else, so a reader can
 * send the command to the ruleset of that family. */
int ruleset_command_family(const char *cmd);
/* Parse rule arguments (what follows "-A CHAIN") into a new rule; used by
 * the command parser and by the iptables-save loader. */
struct rule *rule_parse(const char *args, enum nf_table table, const char *chain, int src_line,
			struct nf_error *err);
/* rule_parse for either family (rule_parse is FAMILY_IPV4). */
struct rule *rule_parse_family(const char *args, int family, enum nf_table table,
			       const char *chain, int src_line, struct nf_error *err);
void rule_free(struct rule *r);
/* The rule in iptables-save's canonical form, without "-A CHAIN ". */
void rule_format(const struct rule *r, struct strbuf *out);

/* Evaluate the rule's ipt_ip part then its matches, stopping at the first
 * failure as the kernel does; one result per test performed (so the last
 * result is the failing one when the rule does not match). */
bool rule_match(const struct rule *r, const struct xt_ctx *ctx, struct match_result *res,
		int max, int *nres);
/* Interface name match with iptables' '+' wildcard. */
bool ifname_match(const char *pattern, const char *name);

/* Create a user chain (iptables -N): the name must be new, at most 28
 * characters, not start with '-' or '!', and not be a target's name. */
struct chain *ruleset_new_chain(struct ruleset *rs, enum nf_table t, const char *name,
				struct nf_error *err);
/* Insert r into chain c of table t at index pos (0-based, <= nrules), as
 * the kernel would accept it: a jump must name an existing user chain of
 * the table and may not make a loop, and every match and target must be
 * valid at each hook the chain is reachable from.  On error r is not
 * inserted (the caller still owns it). */
int ruleset_insert(struct ruleset *rs, enum nf_table t, struct chain *c, size_t pos,
		   struct rule *r, struct nf_error *err);
/* Every loaded table as iptables-save prints it (with -c counters when
 * counters is true). */
void ruleset_save(const struct ruleset *rs, bool counters, struct strbuf *out);

/* --lenient: a stand-in for a rule that could not be loaded (args as
 * written, what names the missing extension or the refusal).  It
 * matches every packet and stops the walk with V_UNEVALUATED; it prints
 * as args.  (rule_unevaluable.c) */
struct rule *rule_unevaluable(const char *args, const char *what, int src_line);
bool rule_is_unevaluable(const struct rule *r);

/* Registries (match.c / target.c, generated from xt_list.h). */
const struct match_type *match_find(const char *name);
/* The extension of that name the family's program has (the IPv6 "ah"
 * is ip6t_ah, IPv4's is ipt_ah); NULL when it has none. */
const struct match_type *match_find_family(const char *name, int family);
const struct target_type *target_find_family(const char *name, int family);
/* Why nfwalk refuses a match iptables has on purpose ("nfwalk does not
 * run BPF programs ..."), NULL for any other name. */
const char *match_refusal(const char *name);
const struct target_type *target_find(const char *name);
/* Names of every match/target nfwalk implements, NULL-terminated. */
const char *const *match_names(void);
const char *const *target_names(void);
/* Whether a rule using the extension makes the kernel track connections. */
bool match_needs_ct(const struct match_type *type);
bool target_needs_ct(const struct target_type *type);

#endif
