/* palette.c - theme styles to curses attributes (see palette.h). */
#include "palette.h"

static const struct {
	unsigned bit;
	attr_t attr;
} attr_map[] = {
	{TA_BOLD, A_BOLD},	       {TA_DIM, A_DIM},	    {TA_UNDERLINE, A_UNDERLINE},
	{TA_REVERSE, A_REVERSE},       {TA_STANDOUT, A_STANDOUT}, {TA_BLINK, A_BLINK},
	{TA_ITALIC, A_ITALIC},
};

static attr_t curses_attrs(unsigned attrs)
{
	attr_t a = A_NORMAL;
	for (size_t i = 0; i < sizeof(attr_map) / sizeof(attr_map[0]); i++)
		if (attrs & attr_map[i].bit)
			a |= attr_map[i].attr;
	return a;
}

/* xterm-256: 16..231 a 6x6x6 cube, 232..255 greys; to the 16 classics. */
static int to_sixteen(int color)
{
	if (color < 16)
		return color;
	if (color >= 232) {
		int level = color - 232; /* 0..23 */
		return level < 6 ? 0 : level < 12 ? 8 : level < 18 ? 7 : 15;
	}
	int idx = color - 16;
	int r = idx / 36, g = (idx / 6) % 6, b = idx % 6;
	int basic = (r >= 2 ? 1 : 0) | (g >= 2 ? 2 : 0) | (b >= 2 ? 4 : 0);
	int top = r > g ? (r > b ? r : b) : (g > b ? g : b);
	return basic + (top >= 4 ? 8 : 0);
}

short palette_fit_color(int color, int ncolors, bool *bold)
{
	*bold = false;
	if (color < 0 || color < ncolors)
		return (short)color;
	color = to_sixteen(color);
	if (color < ncolors)
		return (short)color;
	/* An eight-color terminal shows bright colors as bold. */
	*bold = color >= 8;
	return (short)(color % 8);
}

static bool theme_has_color(const struct theme *t)
{
	for (int i = 0; i < EL_COUNT; i++)
		if (t->style[i].fg != THEME_COLOR_DEFAULT || t->style[i].bg != THEME_COLOR_DEFAULT)
			return true;
	return false;
}

/* Colors start once per process; whether the terminal's own default
 * colors (-1) may be used is remembered for every later theme. */
static bool colors_started, default_colors_ok;

static bool start_colors(void)
{
	if (!colors_started) {
		if (start_color() == ERR)
			return false;
		default_colors_ok = use_default_colors() == OK;
		colors_started = true;
	}
	return true;
}

static short pair_color(short c, bool fg)
{
	/* Without use_default_colors, -1 is not a color: pick the usual ones. */
	if (c >= 0)
		return c;
	return fg ? COLOR_WHITE : COLOR_BLACK;
}

void palette_init(struct palette *p, const struct theme *t, bool allow_color)
{
	bool color = allow_color && has_colors() && theme_has_color(t) && start_colors() &&
		     COLOR_PAIRS > EL_COUNT;
	p->colored = color;
	for (int i = 0; i < EL_COUNT; i++) {
		const struct theme_style *st = &t->style[i];
		attr_t a = curses_attrs(st->attrs);
		/* Without colors, a colored background becomes reverse video. */
		if (!color && st->bg != THEME_COLOR_DEFAULT)
			a |= A_REVERSE;
		if (color && (st->fg != THEME_COLOR_DEFAULT || st->bg != THEME_COLOR_DEFAULT)) {
			bool bold_fg, bold_bg;
			short fg = palette_fit_color(st->fg, COLORS, &bold_fg);
			short bg = palette_fit_color(st->bg, COLORS, &bold_bg);
			if (!default_colors_ok) {
				fg = pair_color(fg, true);
				bg = pair_color(bg, false);
			}
			init_pair((short)(i + 1), fg, bg);
			a |= COLOR_PAIR(i + 1) | (bold_fg ? A_BOLD : A_NORMAL);
		}
		p->attr[i] = a;
	}
}

attr_t palette_attr(const struct palette *p, enum theme_element e)
{
	return (int)e >= 0 && e < EL_COUNT ? p->attr[e] : A_NORMAL;
}
