/* fuzz_theme.c - theme files (element = fg [on bg] attrs). */
#include "fuzz.h"

#include "tui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t;
	struct nf_error err = {.col = -1};
	memset(&t, 0, sizeof(t));
	if (theme_parse(&t, "fuzz.theme", (const char *)data, size, &err) == 0)
		theme_strip_colors(&t);
	return 0;
}
