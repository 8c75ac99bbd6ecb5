/* fuzz_nft.c - the nftables reader (src/engine/nft): the input as an
 * `nft -f` file; what loaded is printed back as `nft list ruleset`.
 * (An include in the input reads the named file, as nft would.) */
#include "fuzz.h"

#include "engine/nft/nft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct nft_ruleset rs;
	struct nf_error err = {.col = -1};
	struct strbuf out = STRBUF_INIT;
	memset(&rs, 0, sizeof(rs));
	fuzz_work_start();
	if (nft_load_text(text, "fuzz.nft", NULL, &rs, &err) == 0)
		nft_print(&out, &rs);
	fuzz_work_check("reading and printing the nft ruleset", size);
	nft_ruleset_free(&rs);
	sb_free(&out);
	free(text);
	return 0;
}
