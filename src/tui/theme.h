/* theme.h - what each part of the screen looks like, as data.
 *
 * A theme file is a table, one element a line (the htop idea: colors are
 * data, not code):
 *
 *     # comment
 *     highlight = black on yellow bold
 *     dimmed    = bright-black
 *
 * ELEMENT = [FOREGROUND] [on BACKGROUND] [ATTRIBUTE...].  Elements missing
 * from a file are drawn plain.  This module only parses; palette.c turns a
 * theme into curses attributes. */
#ifndef NFWALK_TUI_THEME_H
#define NFWALK_TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

/* X(id, name, what it colors) - the name is the theme file's key. */
#define THEME_ELEMENT_LIST(X)                                                                  \
	X(EL_DIAGRAM, "diagram", "the drawing's lines and words")                              \
	X(EL_BOX, "box", "a box the packet may still enter")                                   \
	X(EL_HIGHLIGHT, "highlight", "the box the packet is in")                               \
	X(EL_TRAIL, "trail", "boxes the packet has passed (key t)")                            \
	X(EL_DIMMED, "dimmed", "boxes the packet skips, and the ipchains column")              \
	X(EL_BRANCH, "branch", "the branch taken at a decision")                               \
	X(EL_SELECTED, "selected", "the border of the box chosen with g or the mouse")         \
	X(EL_BREAKPOINT, "breakpoint", "breakpoint marks (key B)")                             \
	X(EL_CHANGED, "changed", "boxes whose result the last what-if changed (until Esc)")     \
	X(EL_COUNTER, "counter", "packet counters (key c)")                                    \
	X(EL_LABEL, "label", "the drawing's notes, such as <- MARK WRITE")                     \
	X(EL_REWRITE, "rewrite", "fields changed at this step, and the note of the box that did it") \
	X(EL_PANEL, "panel", "panel text")                                                     \
	X(EL_PANEL_TITLE, "panel-title", "panel headings")                                     \
	X(EL_MATCH_YES, "match-yes", "a test of a rule that passed")                           \
	X(EL_MATCH_NO, "match-no", "a test of a rule that failed")                             \
	X(EL_LOG_CURRENT, "log-current", "the current step in the log")                        \
	X(EL_TITLE, "title", "the top line")                                                   \
	X(EL_STATUS, "status", "the bottom line")                                              \
	X(EL_ERROR, "error", "messages about a problem")

enum theme_element {
#define X(id, name, what) id,
	THEME_ELEMENT_LIST(X)
#undef X
	EL_COUNT
};

/* X(id, name) - text attributes a style may carry. */
#define THEME_ATTR_LIST(X)          \
	X(TA_BOLD, "bold")          \
	X(TA_DIM, "dim")            \
	X(TA_UNDERLINE, "underline") \
	X(TA_REVERSE, "reverse")    \
	X(TA_STANDOUT, "standout")  \
	X(TA_BLINK, "blink")        \
	X(TA_ITALIC, "italic")

enum theme_attr_bit {
#define X(id, name) id##_BIT,
	THEME_ATTR_LIST(X)
#undef X
	TA_COUNT
};
enum {
#define X(id, name) id = 1u << id##_BIT,
	THEME_ATTR_LIST(X)
#undef X
};

#define THEME_COLOR_DEFAULT (-1)

/* fg/bg: THEME_COLOR_DEFAULT or 0..255 (0-7 the classic eight, 8-15
 * their bright forms, then the xterm-256 cube and greys). */
struct theme_style {
	short fg, bg;
	unsigned attrs; /* TA_* */
	bool set;       /* written in the file */
	int line;       /* where, for "set twice" messages */
};

struct theme {
	char name[64];
	struct theme_style style[EL_COUNT];
};

const char *theme_element_name(enum theme_element e);
const char *theme_element_help(enum theme_element e);
/* -1 when unknown. */
int theme_element_by_name(const char *name);
/* A color word ("red", "bright-red", "default", "color123"); -2 when
 * unknown, else THEME_COLOR_DEFAULT or 0..255. */
int theme_color_by_name(const char *word);

/* Parse a theme's text.  file names it in errors; on error returns -1
 * with err->file/line/col set ("default.theme:4:13: unknown color
 * 'yelow'"). */
int theme_parse(struct theme *t, const char *file, const char *text, size_t len,
		struct nf_error *err);
/* Keep the attributes, drop every color (NO_COLOR, monochrome terminals);
 * a style that had a background color becomes reverse video. */
void theme_strip_colors(struct theme *t);

#endif
