/* nft_ast.h - an nftables ruleset as the walk will evaluate it: tables of
 * chains of rules of statements, statements holding expressions.  Every
 * expression and statement knows its kind (an entry in a data table that
 * names it and prints it), its operands and where it was written. */
#ifndef NFWALK_NFT_AST_H
#define NFWALK_NFT_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/nft/nft_lex.h"
#include "engine/nft/nft_types.h"
#include "lib/util.h"

struct nval;

enum nft_ekind {
	EK_VALUE,    /* a literal: text, and the datatype it was read as */
	EK_SELECTOR, /* what a packet, its metadata or its conntrack gives: ip saddr, meta mark, ct state */
	EK_PREFIX,   /* sub[0] / text (the length) */
	EK_RANGE,    /* sub[0] - sub[1] */
	EK_SET,	     /* { sub... } an anonymous set (elements may be mappings) */
	EK_SETREF,   /* @text */
	EK_CONCAT,   /* sub[0] . sub[1] . ... */
	EK_LIST,     /* sub[0],sub[1]: flags or'ed together (syn,ack) */
	EK_BINOP,    /* sub[0] op sub[1]: & | ^ << >> */
	EK_RELATION, /* sub[0] op sub[1]; op "" is the implicit match */
	EK_MAPPING,  /* sub[0] : sub[1] inside a set */
	EK_MAP,	     /* sub[0] map|vmap sub[1]: text says which */
	EK_VERDICT,  /* accept, drop, jump CHAIN (text is the whole verdict) */
	EK_ELEM,     /* sub[0] with element options in text (timeout 10s, comment "x") */
	EK__N
};

struct nft_expr {
	enum nft_ekind kind;
	struct nft_pos pos;
	char *text;		       /* VALUE's literal, SETREF's name, op's symbol, VERDICT's words */
	enum nft_dtype type;	       /* the datatype of the value (DT_INVALID when unknown) */
	const struct nft_selector *sel; /* EK_SELECTOR: which one (its datatype, how it prints) */
	char *sel_arg;		       /* EK_SELECTOR: a tcp option's name, fib's flags, numgen's words */
	struct nft_expr **sub;
	size_t nsub;
	/* EK_VALUE: the value nval_parse gave text as a lit_t, kept by the
	 * evaluator at the first packet that tested it (nft_literal; with a
	 * statement's words_run, all of the tree written after parsing) */
	struct nval *lit;
	const char *lit_text;
	enum nft_dtype lit_t;
	bool lit_ok;
};

/* A statement: its kind (a table entry with its name and printer) and its
 * arguments as key/expression pairs (counter packets 0 bytes 0, log prefix
 * "x" level info); a match holds one relation, a verdict its expression. */
struct nft_arg {
	char *key;		/* the word before the value, NULL for a bare value */
	struct nft_expr *val;	/* NULL for a bare keyword (log flags all: key "flags") */
};

enum nft_skind {
	SK_MATCH,   /* expr is the relation */
	SK_VERDICT, /* expr is the verdict (or a vmap) */
	SK_SET,	    /* expr is a relation with op "set": meta mark set 1 */
	SK_WORDS,   /* a statement of keywords and values: counter, log, limit, nat, reject, ... */
	SK__N
};

struct nft_stmt {
	enum nft_skind kind;
	struct nft_pos pos;
	const char *name; /* SK_WORDS: the statement's keyword (counter, dnat, ...) */
	struct nft_expr *expr;
	struct nft_arg *args;
	size_t nargs;
	/* SK_WORDS: 1 + where the evaluator's table has its keyword (-1
	 * nowhere), kept at its first run (nft_stmt_words); 0 before */
	int words_run;
};

struct nft_rule {
	struct nft_pos pos;
	struct nft_stmt *stmts;
	size_t nstmts;
	char *comment; /* NULL when none */
	long handle;   /* -1 when the file gave none */
};

struct nft_chain {
	char *name;
	struct nft_pos pos;
	bool base;
	char *type, *hook, *device; /* base chains: filter|nat|route, the hook, netdev's device */
	int prio;		    /* base chains: the number the kernel orders by */
	bool has_policy;
	char *policy;	 /* accept|drop */
	char *comment;
	struct nft_rule *rules;
	size_t nrules;
};

/* A named set or map. */
struct nft_set {
	char *name;
	struct nft_pos pos;
	bool is_map;
	char *type;	      /* "ipv4_addr . inet_service", or NULL with typeof */
	char *typeof_text;     /* "ip saddr . tcp dport", or NULL */
	char *data_type;       /* a map's value type ("verdict", "mark") */
	char *flags;	      /* "interval,timeout" as written, NULL when none */
	char *timeout, *gc_interval, *size, *policy, *comment;
	bool counter, auto_merge;
	struct nft_expr *elements; /* EK_SET, NULL when none */
};

/* What is parsed but not modelled: flowtables, ct helpers, counters, quotas. */
struct nft_object {
	char *kind; /* "flowtable", "ct helper", "counter", ... */
	char *name;
	struct nft_pos pos;
	char *body; /* its statements, one per line as written */
};

enum nft_family { NF_FAM_IP, NF_FAM_IP6, NF_FAM_INET };

struct nft_table {
	enum nft_family family;
	char *name;
	struct nft_pos pos;
	char *flags;
	struct nft_object *objs;
	size_t nobjs;
	struct nft_set *sets;
	size_t nsets;
	struct nft_chain *chains;
	size_t nchains;
};

struct nft_ruleset {
	struct nft_table *tables;
	size_t ntables;
	char **files; /* every file read, for positions (nft_pos.file points here) */
	size_t nfiles;
};

/* The table of expression kinds. */
struct nft_ekind_info {
	const char *name;
	void (*print)(struct strbuf *sb, const struct nft_expr *e);
};
extern const struct nft_ekind_info nft_ekinds[EK__N];

struct nft_expr *nft_expr_new(enum nft_ekind k, struct nft_pos pos, const char *text);
void nft_expr_add(struct nft_expr *e, struct nft_expr *sub);
struct nft_expr *nft_expr_clone(const struct nft_expr *e, struct nft_pos pos);
void nft_expr_free(struct nft_expr *e);
/* The expression as nft list ruleset prints it. */
void nft_expr_print(struct strbuf *sb, const struct nft_expr *e);

void nft_stmt_free(struct nft_stmt *s);
void nft_rule_free(struct nft_rule *r);
void nft_chain_free(struct nft_chain *c);
void nft_set_free(struct nft_set *s);
void nft_table_free(struct nft_table *t);
void nft_ruleset_free(struct nft_ruleset *rs);

const char *nft_family_name(enum nft_family f);

#endif
