/* glyph.c - line drawing from ASCII art (see glyph.h). */
#include "glyph.h"

#include <stdbool.h>

enum { UP = 1, DOWN = 2, LEFT = 4, RIGHT = 8 };

/* Indexed by the directions a '+' connects to. */
static const uint8_t plus_glyph[16] = {
	[0] = GL_TEXT,
	[UP] = GL_VLINE,
	[DOWN] = GL_VLINE,
	[UP | DOWN] = GL_VLINE,
	[LEFT] = GL_HLINE,
	[RIGHT] = GL_HLINE,
	[LEFT | RIGHT] = GL_HLINE,
	[DOWN | RIGHT] = GL_ULCORNER,
	[DOWN | LEFT] = GL_URCORNER,
	[UP | RIGHT] = GL_LLCORNER,
	[UP | LEFT] = GL_LRCORNER,
	[UP | DOWN | RIGHT] = GL_LTEE,
	[UP | DOWN | LEFT] = GL_RTEE,
	[DOWN | LEFT | RIGHT] = GL_TTEE,
	[UP | LEFT | RIGHT] = GL_BTEE,
	[UP | DOWN | LEFT | RIGHT] = GL_PLUS,
};

static char at(const char *art, int rows, int cols, int r, int c)
{
	if (r < 0 || r >= rows || c < 0 || c >= cols)
		return ' ';
	return art[(long)r * cols + c];
}

static bool vertical(char ch)
{
	return ch == '|' || ch == '+';
}

static bool horizontal(char ch)
{
	return ch == '-' || ch == '+';
}

static enum glyph glyph_of(const char *art, int rows, int cols, int r, int c)
{
	switch (at(art, rows, cols, r, c)) {
	case '|':
		return GL_VLINE;
	case '-':
		return horizontal(at(art, rows, cols, r, c - 1)) ||
				       horizontal(at(art, rows, cols, r, c + 1))
			       ? GL_HLINE
			       : GL_TEXT;
	case '+': {
		unsigned dirs = 0;
		if (vertical(at(art, rows, cols, r - 1, c)))
			dirs |= UP;
		if (vertical(at(art, rows, cols, r + 1, c)))
			dirs |= DOWN;
		if (horizontal(at(art, rows, cols, r, c - 1)))
			dirs |= LEFT;
		if (horizontal(at(art, rows, cols, r, c + 1)))
			dirs |= RIGHT;
		return (enum glyph)plus_glyph[dirs];
	}
	default:
		return GL_TEXT;
	}
}

void glyphs_compute(const char *art, int rows, int cols, uint8_t *out)
{
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
			out[(long)r * cols + c] = (uint8_t)glyph_of(art, rows, cols, r, c);
}
