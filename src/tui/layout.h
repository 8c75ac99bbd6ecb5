/* layout.h - where the title line, the diagram, the panels and the status
 * line go for a terminal size.  Small terminals get the panels under the
 * diagram; wide ones get them beside it.  Panels that find no slot take
 * turns in the last one (key Tab).  Pure arithmetic, no curses. */
#ifndef NFWALK_TUI_LAYOUT_H
#define NFWALK_TUI_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 18

/* X(id, title) - in the order they get slots. */
#define PANEL_LIST(X)                      \
	X(PANEL_PACKET, "Packet")          \
	X(PANEL_RULE, "Rule")              \
	X(PANEL_LOG, "Log")                \
	X(PANEL_CONNTRACK, "Conntrack")

enum panel_id {
#define X(id, title) id,
	PANEL_LIST(X)
#undef X
	PANEL_COUNT
};

struct rect {
	int y, x, h, w;
};

struct layout {
	bool too_small;
	bool side; /* panels beside the diagram */
	int rows, cols;
	struct rect title, diagram, status;
	struct rect narration; /* h 0: none (layout_narration) */
	struct rect slot[PANEL_COUNT];
	int nslots;
};

const char *panel_title(enum panel_id p);
void layout_compute(struct layout *l, int rows, int cols, int art_cols);
/* Presenter mode: a status line three rows tall; without panels the
 * diagram takes their room. */
void layout_present(struct layout *l, bool big_status, bool no_panels);
/* Carve a narration strip of h rows off the bottom of the diagram,
 * when the diagram keeps some rows. */
void layout_narration(struct layout *l, int h);
/* The panel shown in slot i, given how many times Tab was pressed. */
enum panel_id layout_panel_in_slot(const struct layout *l, int slot, int cycle);
bool rect_contains(const struct rect *r, int y, int x);

#endif
