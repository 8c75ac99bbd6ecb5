/* theme.c - parsing theme files (see theme.h for the format). */
#include "theme.h"

#include <stdio.h>
#include <string.h>

#include "words.h"

static const struct {
	const char *name, *help;
} elements[] = {
#define X(id, name, what) [id] = {name, what},
	THEME_ELEMENT_LIST(X)
#undef X
};

static const char *const attr_names[] = {
#define X(id, name) [id##_BIT] = name,
	THEME_ATTR_LIST(X)
#undef X
};

/* The classic eight, in curses' COLOR_* order; "bright-" adds 8. */
static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

const char *theme_element_name(enum theme_element e)
{
	return (int)e >= 0 && e < EL_COUNT ? elements[e].name : "?";
}

const char *theme_element_help(enum theme_element e)
{
	return (int)e >= 0 && e < EL_COUNT ? elements[e].help : "";
}

int theme_element_by_name(const char *name)
{
	for (int i = 0; i < EL_COUNT; i++)
		if (strcmp(elements[i].name, name) == 0)
			return i;
	return -1;
}

static int basic_color(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(color_names); i++)
		if (strcmp(color_names[i], word) == 0)
			return (int)i;
	return -1;
}

int theme_color_by_name(const char *word)
{
	if (strcmp(word, "default") == 0)
		return THEME_COLOR_DEFAULT;
	if (strcmp(word, "gray") == 0 || strcmp(word, "grey") == 0)
		return 8;
	int c = basic_color(word);
	if (c >= 0)
		return c;
	if (str_starts(word, "bright-")) {
		c = basic_color(word + strlen("bright-"));
		return c >= 0 ? c + 8 : -2;
	}
	uint64_t n;
	if (str_starts(word, "color") && parse_uint(word + strlen("color"), 255, &n))
		return (int)n;
	return -2;
}

static int attr_by_name(const char *word)
{
	if (strcmp(word, "normal") == 0)
		return 0;
	for (int i = 0; i < TA_COUNT; i++)
		if (strcmp(attr_names[i], word) == 0)
			return 1 << i;
	return -1;
}

/* The words after '=': [FG] [on BG] [ATTR...]. */
static int parse_style(struct theme_style *st, const struct words *ws, int first,
		       struct nf_error *err)
{
	int i = first;
	st->fg = st->bg = THEME_COLOR_DEFAULT;
	st->attrs = 0;
	if (i < ws->n && strcmp(ws->w[i], "on") != 0 && attr_by_name(ws->w[i]) < 0) {
		int c = theme_color_by_name(ws->w[i]);
		if (c == -2)
			return nf_err(err, ws->col[i],
				      "unknown color or attribute '%s' (colors: default, black, red, "
				      "green, yellow, blue, magenta, cyan, white, bright-NAME, colorN)",
				      ws->w[i]);
		st->fg = (short)c;
		i++;
	}
	if (i < ws->n && strcmp(ws->w[i], "on") == 0) {
		if (++i >= ws->n)
			return nf_err(err, ws->col[i - 1], "'on' needs a background color");
		int c = theme_color_by_name(ws->w[i]);
		if (c == -2)
			return nf_err(err, ws->col[i], "unknown background color '%s'", ws->w[i]);
		st->bg = (short)c;
		i++;
	}
	for (; i < ws->n; i++) {
		int a = attr_by_name(ws->w[i]);
		if (a < 0)
			return nf_err(err, ws->col[i],
				      "unknown attribute '%s' (bold, dim, underline, reverse, standout, "
				      "blink, italic, normal)",
				      ws->w[i]);
		st->attrs |= (unsigned)a;
	}
	st->set = true;
	return 0;
}

static int parse_line(struct theme *t, const struct words *ws, int lineno, struct nf_error *err)
{
	if (ws->truncated)
		return nf_err(err, 0, "line too long or too many words");
	int e = theme_element_by_name(ws->w[0]);
	if (e < 0)
		return nf_err(err, ws->col[0], "unknown element '%s' (see nfwalk-theme(5))",
			      ws->w[0]);
	if (ws->n < 2 || strcmp(ws->w[1], "=") != 0)
		return nf_err(err, ws->n < 2 ? -1 : ws->col[1], "expected '=' after '%s'",
			      ws->w[0]);
	if (ws->n < 3)
		return nf_err(err, ws->col[1], "'%s' has no style after '='", ws->w[0]);
	struct theme_style *st = &t->style[e];
	if (st->set)
		return nf_err(err, ws->col[0], "'%s' set twice (first on line %d)", ws->w[0],
			      st->line);
	if (parse_style(st, ws, 2, err) < 0)
		return -1;
	st->line = lineno;
	return 0;
}

int theme_parse(struct theme *t, const char *file, const char *text, size_t len,
		struct nf_error *err)
{
	*t = (struct theme){0};
	for (int i = 0; i < EL_COUNT; i++)
		t->style[i] = (struct theme_style){THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0,
						   false, 0};
	*err = (struct nf_error){.col = -1};
	str_copy(err->file, sizeof(err->file), file);

	struct line_reader lr;
	const char *line;
	size_t n;
	struct words ws;
	line_reader_init(&lr, text, len);
	while (line_reader_next(&lr, &line, &n)) {
		words_split(&ws, line, n, "=");
		if (ws.n == 0 && !ws.truncated)
			continue;
		if (parse_line(t, &ws, lr.lineno, err) < 0) {
			err->line = lr.lineno;
			return -1;
		}
	}
	return 0;
}

void theme_strip_colors(struct theme *t)
{
	for (int i = 0; i < EL_COUNT; i++) {
		/* A colored background marks a block: reverse video says the same. */
		if (t->style[i].bg != THEME_COLOR_DEFAULT)
			t->style[i].attrs |= TA_REVERSE;
		t->style[i].fg = t->style[i].bg = THEME_COLOR_DEFAULT;
	}
}
