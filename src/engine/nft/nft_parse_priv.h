/* nft_parse_priv.h - the parser's state, shared by the files that read
 * the ruleset's structure, its expressions and its statements. */
#ifndef NFWALK_NFT_PARSE_PRIV_H
#define NFWALK_NFT_PARSE_PRIV_H

#include "engine/nft/nft.h"

struct nft_define {
	char *name;
	struct nft_expr *val;
};

struct nft_parser {
	struct nft_ruleset *rs;
	const struct nft_opts *opts;
	struct nf_error *err;
	struct nft_toks toks; /* the file being read */
	size_t i;
	struct nft_define *defs;
	size_t ndefs;
	int depth;		   /* include depth */
	enum nft_family family;	   /* the table being read */
	const char *const *incdirs;
};

const struct nft_tok *nft_peek(struct nft_parser *p);
const struct nft_tok *nft_peek_at(struct nft_parser *p, size_t ahead);
const struct nft_tok *nft_next(struct nft_parser *p);
/* Consume the word or punctuation s if it is next. */
bool nft_accept(struct nft_parser *p, const char *s);
/* Consume s or fail: "expected S, got ..." at the token. */
int nft_expect(struct nft_parser *p, const char *s);
/* An error at tok: "expected WHAT, got 'word'" and friends. */
int nft_perr(struct nft_parser *p, const struct nft_tok *tok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int nft_perr_expected(struct nft_parser *p, const struct nft_tok *tok, const char *what);
/* Skip newlines (and ';' when semi). */
void nft_skip_nl(struct nft_parser *p, bool semi);
bool nft_at_stmt_end(struct nft_parser *p);

/* Expressions (nft_expr_parse.c). */
struct nft_expr *nft_parse_lhs(struct nft_parser *p);
/* A value, concatenation of values, set, range, prefix; typed by lhs. */
struct nft_expr *nft_parse_rhs(struct nft_parser *p, const struct nft_expr *lhs);
/* What a set statement assigns (value, selector, bitwise operations). */
struct nft_expr *nft_parse_value(struct nft_parser *p, const struct nft_expr *lhs);
/* Set types on values from what they are compared with. */
void nft_expr_type_from(struct nft_expr *e, const struct nft_expr *lhs);
/* Is the next token the start of a selector (ip saddr, meta mark, iifname)? */
bool nft_at_selector(struct nft_parser *p);
struct nft_expr *nft_parse_set_body(struct nft_parser *p, const struct nft_expr *lhs, bool named);
const struct nft_define *nft_define_find(struct nft_parser *p, const char *name);

/* Statements (nft_stmt_parse.c): one rule, up to the end of its line. */
int nft_parse_rule(struct nft_parser *p, struct nft_rule *r);

#endif
