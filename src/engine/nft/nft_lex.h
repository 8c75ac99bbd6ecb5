/* nft_lex.h - the nftables language's tokens.  Every token knows the file,
 * line and column it came from, so the parser can point at a word. */
#ifndef NFWALK_NFT_LEX_H
#define NFWALK_NFT_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

/* Where a token (or an expression built from it) came from.  file points
 * into the ruleset's list of file names, which outlives the AST. */
struct nft_pos {
	const char *file;
	int line, col; /* both 1-based */
};

enum nft_tok_kind {
	NT_EOF,
	NT_NL,	   /* end of a line (statements end at it, as ';' ends them) */
	NT_WORD,   /* a symbol: table, accept, port-unreachable, br-lan */
	NT_NUM,	   /* 22, 0x10 */
	NT_TIME,   /* 10m, 1h30s, 5mbytes: digits with a unit glued on */
	NT_IP4,	   /* 192.0.2.1 */
	NT_IP6,	   /* 2001:db8::1, ::ffff */
	NT_LLADDR, /* 00:11:22:33:44:55 */
	NT_STRING, /* "quoted", the quotes dropped */
	NT_VAR,	   /* $name (text without the $) */
	NT_SETREF, /* @name (text without the @) */
	NT_PUNCT,  /* { } ( ) [ ] ; , : . / - = * and the operators == != < > <= >= & | ^ ! << >> */
};

struct nft_tok {
	enum nft_tok_kind kind;
	char *text;
	struct nft_pos pos;
};

struct nft_toks {
	struct nft_tok *v;
	size_t n, cap;
};

/* Split text (the whole file) into tokens; the list ends with NT_EOF.
 * -1 with err (file:line:col) on an unterminated string or a byte that
 * starts no token. */
int nft_lex(const char *text, size_t len, const char *file, struct nft_toks *out, struct nf_error *err);
void nft_toks_free(struct nft_toks *t);
const char *nft_tok_kind_name(enum nft_tok_kind k);
/* Is this token the punctuation (or operator) p? */
bool nft_tok_is(const struct nft_tok *t, const char *p);

#endif
