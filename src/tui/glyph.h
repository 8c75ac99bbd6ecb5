/* glyph.h - turning the ASCII art's +, - and | into line drawing.  A '+'
 * becomes the corner, tee or cross its neighbours call for; a '-' is a
 * line only beside another '-' or a '+', so the text "<- MARK WRITE" and
 * "DE-MASQUERADE" keep their hyphens. */
#ifndef NFWALK_TUI_GLYPH_H
#define NFWALK_TUI_GLYPH_H

#include <stdint.h>

enum glyph {
	GL_TEXT, /* the character itself */
	GL_HLINE,
	GL_VLINE,
	GL_ULCORNER, /* ┌ */
	GL_URCORNER, /* ┐ */
	GL_LLCORNER, /* └ */
	GL_LRCORNER, /* ┘ */
	GL_LTEE,     /* ├ */
	GL_RTEE,     /* ┤ */
	GL_TTEE,     /* ┬ */
	GL_BTEE,     /* ┴ */
	GL_PLUS,     /* ┼ */
	GL_COUNT
};

/* art: rows * cols characters; out: rows * cols glyphs. */
void glyphs_compute(const char *art, int rows, int cols, uint8_t *out);

#endif
