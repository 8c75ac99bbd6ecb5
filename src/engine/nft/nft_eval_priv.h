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
/* meta mark set, ct mark set, meta priority set. */
void nft_stmt_set(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t);
/* counter, log, limit, quota, reject, nat, notrack: 0 when the rule goes
 * on, 1 when the statement ends it with *v (reject, nat), -1 when it ends
 * it as a failed match would (a limit or quota that does not pass). */
int nft_stmt_words(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t, struct nft_verdict *v);

#endif
