/* nft.h - nftables rulesets: read an `nft -f` file (or `nft list ruleset`
 * output) into a tree, print it back as nft list ruleset would.  The walk
 * does not evaluate these yet (issue 11); the tree is made for it. */
#ifndef NFWALK_NFT_H
#define NFWALK_NFT_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/nft/nft_ast.h"

struct nft_opts {
	/* Directories an include that is not found beside its file is
	 * looked up in (nft -I); NULL-terminated, may be NULL. */
	const char *const *include_dirs;
};

/* Read path (and what it includes).  -1 with err at file:line:col. */
int nft_load_file(const char *path, const struct nft_opts *o, struct nft_ruleset *rs, struct nf_error *err);
/* The same from a string, named name in messages; includes are relative
 * to the current directory. */
int nft_load_text(const char *text, const char *name, const struct nft_opts *o, struct nft_ruleset *rs,
		  struct nf_error *err);
/* Does this text look like an nftables ruleset (table, flush, define,
 * include at the top level) rather than iptables-save output? */
bool nft_detect(const char *text);
bool nft_file_detect(const char *path);
/* The ruleset as `nft list ruleset` prints it. */
void nft_print(struct strbuf *sb, const struct nft_ruleset *rs);
/* One rule's statements, as nft prints them in a table of family fam
 * (no indentation). */
void nft_rule_print(struct strbuf *sb, const struct nft_rule *r, enum nft_family fam);

#endif
