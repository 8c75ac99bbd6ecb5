/* nft_eval_priv.h - shared by the evaluator's files. */
#ifndef NFWALK_NFT_EVAL_PRIV_H
#define NFWALK_NFT_EVAL_PRIV_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nft/nft.h"
#include "engine/nft/nft_eval.h"
#include "engine/nft/nft_value.h"

#define NFT_MAX_CONCAT 8

/* Where a rule's tests go (res NULL: nobody reads them). */
struct tests {
	struct nft_test *res;
	int max;
	int *n;
};

/* A key: a selector, a concatenation, a selector & mask, as the
 * registers hold it before a lookup. */
struct nft_key {
	struct nval v[NFT_MAX_CONCAT];
	enum nft_dtype t[NFT_MAX_CONCAT];
	size_t n;
};
bool nft_read_key(const struct nft_ctx *c, const struct nft_expr *e, struct nft_key *k);
bool nft_key_eq(const struct nft_key *a, const struct nft_key *b);
void nft_key_fmt(const struct nft_key *k, char *buf, size_t n);
/* Does the set element e (a value, prefix, range, concatenation, an
 * element with options or a mapping's key) hold k? */
bool nft_elem_match(const struct nft_expr *e, const struct nft_key *k);
/* The datatype an expression gives. */
enum nft_dtype nft_type_of(const struct nft_expr *e);
/* A literal (a value, flags or'ed together) of type t. */
bool nft_literal(const struct nft_expr *e, enum nft_dtype t, struct nval *v);
/* The state owned by key (created empty on first use). */
struct nft_state *nft_state_of(struct nft_ctx *c, const void *key);

bool nft_record(struct tests *t, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const struct nft_set *nft_find_set(const struct nft_table *t, const char *name);
const struct nft_expr *nft_lookup(const struct nft_ctx *c, const struct nft_expr *rhs,
				  const struct nft_expr *lhs, bool *readable);
bool nft_value_of(const struct nft_ctx *c, const struct nft_expr *e, enum nft_dtype t, struct nval *v);
bool nft_verdict_of(const struct nft_expr *e, struct nft_verdict *v);
/* The fib expression e (fib_flags result): an interface name, 0 for
 * none, or with present the 1/0 `exists`/`missing` compare; a type. */
bool nft_fib_read(const struct nft_ctx *c, const struct nft_expr *e, bool present, struct nval *v);
/* Is this fib form evaluated?  false with *why when not. */
bool nft_fib_can(const struct nft_expr *e, const char **why);
static inline bool nft_is_fib(const struct nft_expr *e)
{
	return e->kind == EK_SELECTOR && e->sel && !strcmp(e->sel->proto, "fib");
}
/* The ct keys nft_ct.c reads (a direction's tuple, helper, counters,
 * expiration, zone, l3proto, count), and whether it can. */
bool nft_is_ct_key(const struct nft_expr *e);
/* `ct count [over] N`: a match with an effect (the connection joins the
 * count's list). */
bool nft_is_ct_count(const struct nft_expr *rel);
bool nft_ct_can(const struct nft_expr *e, const char **why);
/* ct bytes, packets or avgpkt: the accounting counters */
bool nft_ct_counts(const struct nft_expr *e);
bool nft_ct_read(const struct nft_ctx *c, const struct nft_expr *e, struct nval *v);
/* ct count [over] N with limit N: 1 the rule goes on, 0 it ends, -2 the
 * packet is dropped, -1 a bad limit; why says the count. */
int nft_ct_count(struct nft_ctx *c, const struct nft_expr *e, const struct nft_expr *limit, char *why,
		 size_t n);
/* tcp option NAME [FIELD] (nft_tcpopt.c): is it evaluated, its value
 * (present: 1/0 for exists/missing), and nft_exthdr's walk to the option
 * of a kind in a TCP header of hdr bytes (NULL: none). */
bool nft_is_tcpopt(const struct nft_expr *e);
bool nft_tcpopt_can(const struct nft_expr *e, const char **why);
bool nft_tcpopt_read(const struct nft_ctx *c, const struct nft_expr *e, bool present, struct nval *v);
const uint8_t *nft_tcpopt_find(const uint8_t *tcp, size_t hdr, uint8_t kind);
/* meta mark set, ct mark set, meta priority set, ct helper set, and
 * the payload writes (nft_payload_set.c). */
/* false when the rule ends there (nothing to read the value from). */
bool nft_stmt_set(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t);

/* ---- nft_gen.c: numgen, jhash, symhash ---- */
static inline bool nft_is_gen(const struct nft_expr *e)
{
	return e->kind == EK_SELECTOR && e->sel && !e->sel->field &&
	       (!strcmp(e->sel->proto, "numgen") || !strcmp(e->sel->proto, "jhash") ||
		!strcmp(e->sel->proto, "symhash"));
}
/* include/linux/jhash.h's jhash() on a little-endian CPU. */
uint32_t nft_jhash(const void *key, uint32_t length, uint32_t initval);
/* The value numgen, jhash or symhash gives this packet (numgen's state
 * advances).  false when jhash's input has nothing to read. */
bool nft_gen_read(const struct nft_ctx *c, const struct nft_expr *e, struct nval *v);
/* Is this form evaluated?  false with *why when not. */
bool nft_gen_can(const struct nft_expr *e, const char **why);

/* ---- nft_map.c: data maps ---- */
/* The value e (key map { k : v }, key map @m) maps this packet to: the
 * element's value expression, or NULL with *readable false when the key
 * had nothing to read (the lookup breaks either way). */
const struct nft_expr *nft_map_lookup(const struct nft_ctx *c, const struct nft_expr *e, bool *readable);
/* Is this map evaluated?  false with *why when not. */
bool nft_map_can(const struct nft_table *t, const struct nft_expr *e, const char **why);

/* ---- nft_dynset.c: add, update, delete @set from the packet path ---- */
/* 0 when the rule goes on, -1 when it ends it (the element's limit is
 * over, the set is full). */
int nft_dynset(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t);
/* Is k an element a rule added to set s (and not timed out)? */
bool nft_dyn_has(const struct nft_ctx *c, const struct nft_set *s, const struct nft_key *k);
bool nft_dynset_can(const struct nft_table *t, const struct nft_stmt *s, const char **why);
void nft_dyn_free(struct nft_dyn *d);

/* ---- nft_payload_set.c ---- */
/* Is `lhs set ...` a payload write nfwalk evaluates? */
bool nft_payload_set_can(const struct nft_expr *lhs);
bool nft_payload_set(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t);

/* ---- nft_objects.c: named limits, quotas, counters, ct helpers ---- */
const struct nft_object *nft_find_object(const struct nft_table *t, const char *kind, const char *name);
/* The token bucket of nft_limit_eval over packet time, packets or bytes:
 * rate_text is "[over ]N/unit" or "[over ]N bytes|kbytes|mbytes/unit",
 * burst_text "N packets|bytes|kbytes|mbytes" or NULL.  -1 when the text
 * is not a rate, else 1 when the limit passes (within, or over with
 * over), 0 when not; *within says which. */
int nft_limit_take(struct nft_state *st, const char *rate_text, const char *burst_text,
		   const struct packet *p, bool *within);
bool nft_object_can(const struct nft_table *t, const char *kind, const char *quoted_name, const char **why);
int nft_named_limit(struct nft_ctx *c, const char *quoted_name, struct tests *t);
int nft_named_counter(struct nft_ctx *c, const char *quoted_name, struct tests *t);
/* amount: a quota's text ("over 100 mbytes") as bytes, *over set. */
int nft_named_quota(struct nft_ctx *c, const char *quoted_name, double (*amount)(const char *, bool *),
		    struct tests *t);
void nft_ct_helper_set(struct nft_ctx *c, const char *quoted_name, struct tests *t);
/* counter, log, limit, quota, reject, nat, notrack: 0 when the rule goes
 * on, 1 when the statement ends it with *v (reject, nat), -1 when it ends
 * it as a failed match would (a limit or quota that does not pass). */
int nft_stmt_words(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v);

#endif
