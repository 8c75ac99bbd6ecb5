/* fuzz_diagram.c - diagram files (name, title, era, the art, the box
 * map), and the questions the TUI asks of a diagram. */
#include "fuzz.h"

#include "tui/diagram.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diagram d;
	struct nf_error err = {.col = -1};
	memset(&d, 0, sizeof(d));
	if (diagram_parse(&d, "fuzz.diagram", (const char *)data, size, &err) != 0)
		return 0;
	for (int row = 0; row < 4; row++)
		for (int col = 0; col < 4; col++)
			(void)diagram_glyph(&d, row, col);
	diagram_free(&d);
	return 0;
}
