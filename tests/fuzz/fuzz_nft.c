/* fuzz_nft.c - the nftables reader (src/engine/nft): the input as an
 * `nft -f` file; what loaded is printed back as `nft list ruleset`, and
 * every rule gives the classifier its key (nft_classify.c reads the tree
 * as the parser left it).  (An include in the input reads the named
 * file, as nft would.) */
#include "fuzz.h"

#include "engine/nft/nft.h"
#include "engine/nft/nft_eval.h"

static void classifier_keys(const struct nft_ruleset *rs)
{
	for (size_t t = 0; t < rs->ntables; t++)
		for (size_t c = 0; c < rs->tables[t].nchains; c++)
			for (size_t r = 0; r < rs->tables[t].chains[c].nrules; r++) {
				const struct nft_rule *rule = &rs->tables[t].chains[c].rules[r];
				struct nft_rule_key k;
				(void)nft_rule_key(rule, &k);
				(void)nft_rule_writes(rule);
			}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct nft_ruleset rs;
	struct nf_error err = {.col = -1};
	struct strbuf out = STRBUF_INIT;
	memset(&rs, 0, sizeof(rs));
	fuzz_work_start();
	if (nft_load_text(text, "fuzz.nft", NULL, &rs, &err) == 0) {
		nft_print(&out, &rs);
		classifier_keys(&rs);
	}
	fuzz_work_check("reading and printing the nft ruleset", size);
	nft_ruleset_free(&rs);
	sb_free(&out);
	free(text);
	return 0;
}
