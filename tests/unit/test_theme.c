/* test_theme.c - theme files: the shipped ones parse completely, bad ones
 * are refused with an error naming the file, line and word. */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "tui/embedded.h"
#include "tui/palette.h"
#include "tui/theme.h"

static int parse(struct theme *t, const char *text, struct nf_error *err)
{
	return theme_parse(t, "bad.theme", text, strlen(text), err);
}

static void expect_error(const char *text, int line, const char *message_start,
			 const char *what)
{
	struct theme t;
	struct nf_error err;
	char buf[700];
	int rc = parse(&t, text, &err);
	nf_error_format(&err, buf, sizeof(buf));
	ok(rc == -1 && err.line == line && strstr(buf, message_start) == buf, "%s: %s", what, buf);
}

static void test_shipped_themes(void)
{
	int themes = 0;
	for (size_t i = 0; i < embedded_asset_count; i++) {
		const struct embedded_asset *a = &embedded_assets[i];
		if (strcmp(a->kind, "theme") != 0)
			continue;
		themes++;
		struct theme t;
		struct nf_error err;
		int rc = theme_parse(&t, a->name, a->data, a->len, &err);
		bool all = true;
		for (int e = 0; e < EL_COUNT; e++)
			all &= t.style[e].set;
		ok(rc == 0 && all, "shipped theme %s parses and sets every element", a->name);
	}
	ok(themes >= 4, "at least four themes ship (%d)", themes);
}

static void test_mono_has_no_color(void)
{
	for (size_t i = 0; i < embedded_asset_count; i++) {
		const struct embedded_asset *a = &embedded_assets[i];
		if (strcmp(a->name, "mono") != 0)
			continue;
		struct theme t;
		struct nf_error err;
		theme_parse(&t, a->name, a->data, a->len, &err);
		bool colorless = true;
		for (int e = 0; e < EL_COUNT; e++)
			colorless &= t.style[e].fg == THEME_COLOR_DEFAULT &&
				     t.style[e].bg == THEME_COLOR_DEFAULT;
		ok(colorless, "mono names no color at all");
		is_int(t.style[EL_HIGHLIGHT].attrs, TA_REVERSE | TA_BOLD, "mono highlight is reverse bold");
	}
}

static void test_syntax(void)
{
	struct theme t;
	struct nf_error err;
	int rc = parse(&t, "# comment\n\nhighlight=black on yellow bold # trailing\r\n"
			   "dimmed = bright-black\ntrail = color208 on color17 underline dim\n"
			   "box = on blue\nlabel = normal\n",
		       &err);
	is_int(rc, 0, "a theme with comments, CRLF and no blanks around '=' parses");
	is_int(t.style[EL_HIGHLIGHT].fg, 0, "highlight fg black");
	is_int(t.style[EL_HIGHLIGHT].bg, 3, "highlight bg yellow");
	is_int(t.style[EL_HIGHLIGHT].attrs, TA_BOLD, "highlight bold");
	is_int(t.style[EL_DIMMED].fg, 8, "bright-black is color 8");
	is_int(t.style[EL_TRAIL].fg, 208, "color208");
	is_int(t.style[EL_TRAIL].bg, 17, "on color17");
	is_int(t.style[EL_TRAIL].attrs, TA_UNDERLINE | TA_DIM, "two attributes");
	is_int(t.style[EL_BOX].fg, THEME_COLOR_DEFAULT, "background only keeps fg default");
	is_int(t.style[EL_BOX].bg, 4, "on blue");
	ok(t.style[EL_LABEL].set && t.style[EL_LABEL].attrs == 0, "normal sets nothing");
	ok(!t.style[EL_PANEL].set, "elements not written stay unset");
	theme_strip_colors(&t);
	ok(t.style[EL_HIGHLIGHT].fg == THEME_COLOR_DEFAULT &&
		   t.style[EL_HIGHLIGHT].attrs == (TA_BOLD | TA_REVERSE),
	   "stripping colors keeps attributes, a background turns into reverse");
	ok(t.style[EL_DIMMED].attrs == 0, "a foreground color alone leaves nothing");
}

static void test_errors(void)
{
	expect_error("box = white\nhighlite = red\n", 2, "bad.theme:2:1: unknown element 'highlite'",
		     "misspelt element");
	expect_error("# x\n\nhighlight = yelow\n", 3, "bad.theme:3:13: unknown color or attribute 'yelow'",
		     "misspelt color");
	expect_error("trail = red on\n", 1, "bad.theme:1:13: 'on' needs a background", "on without color");
	expect_error("trail = red on purple\n", 1, "bad.theme:1:16: unknown background color 'purple'",
		     "bad background");
	expect_error("trail = red bolder\n", 1, "bad.theme:1:13: unknown attribute 'bolder'",
		     "bad attribute");
	expect_error("trail red\n", 1, "bad.theme:1:7: expected '='", "missing =");
	expect_error("trail =\n", 1, "bad.theme:1:7: 'trail' has no style", "empty style");
	expect_error("box = red\ntrail = blue\nbox = green\n", 3,
		     "bad.theme:3:1: 'box' set twice (first on line 1)", "set twice");
	expect_error("box = color256\n", 1, "bad.theme:1:7: unknown color", "color out of range");
}

static void test_colors(void)
{
	is_int(theme_color_by_name("default"), -1, "default");
	is_int(theme_color_by_name("white"), 7, "white");
	is_int(theme_color_by_name("bright-cyan"), 14, "bright-cyan");
	is_int(theme_color_by_name("grey"), 8, "grey");
	is_int(theme_color_by_name("bright-bright-red"), -2, "nonsense");
	bool bold;
	is_int(palette_fit_color(9, 8, &bold), 1, "bright red on 8 colors is red...");
	ok(bold, "...in bold");
	is_int(palette_fit_color(9, 256, &bold), 9, "bright red on 256 colors stays");
	is_int(palette_fit_color(196, 16, &bold), 9, "xterm 196 is bright red on 16 colors");
	is_int(palette_fit_color(244, 8, &bold), 7, "a mid grey is white on 8 colors");
	is_int(palette_fit_color(-1, 8, &bold), -1, "default stays default");
}

int main(void)
{
	test_shipped_themes();
	test_mono_has_no_color();
	test_syntax();
	test_errors();
	test_colors();
	return tap_done();
}
