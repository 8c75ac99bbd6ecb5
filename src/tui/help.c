/* help.c - the help screen (key ?): every key from the bindings table,
 * the mouse, and how diagrams, eras and themes work. */
#include "draw.h"

#include <stdio.h>

#include "assets.h"

static const char *const notes[] = {
	"",
	"Mouse: click a box to select it and see what happens there; click",
	"elsewhere to follow the packet again; the wheel scrolls the diagram.",
	"",
	"The diagram: the box the packet is in is highlighted, boxes it passed",
	"keep a trail, boxes it skips are dimmed, and the branch taken after",
	"input routing (for this machine / another address) is lit.  A note",
	"such as <- DEST REWRITE lights when its box rewrote the packet.",
	"",
	"Diagrams and eras: d switches between the diagrams (kptd, the 2.4-era",
	"page with its ipchains column, and modern, with raw, security, nat",
	"INPUT, conntrack confirm and the OUTPUT re-route).  Each diagram sets",
	"the engine's era and the walk is run again: in the kptd era tc ingress",
	"(QOS INGRESS) runs after nat PREROUTING, as the legacy ingress qdisc",
	"hooked in; in the modern era it runs first, before PREROUTING.  Pick",
	"one at start with --diagram NAME or --diagram FILE.",
	"",
	"nftables: modern draws each base chain as a box in its hook's column,",
	"in the order they run (inet filter input 0: family table chain prio);",
	"kptd draws one in the table box it stands for, and where it has none",
	"(raw's priority, filter at PREROUTING) the status line says so.",
	"",
	"Themes: --theme NAME or FILE, or $NFWALK_THEME; T cycles them.  NO_COLOR",
	"keeps attributes only.  Theme and diagram files: nfwalk-theme(5).",
};

static void add_keys(struct pane *p, attr_t a, attr_t key_attr, int *skip)
{
	for (int act = 0; act < ACT_COUNT && !pane_full(p); act++) {
		if ((*skip)-- > 0)
			continue;
		char keys[64];
		action_keys((enum action)act, keys, sizeof(keys));
		pane_addf(p, key_attr, "  %-18s", keys);
		pane_add(p, a, action_help((enum action)act));
		pane_newline(p);
	}
}

static void add_notes(struct pane *p, attr_t a, int *skip)
{
	for (size_t i = 0; i < ARRAY_SIZE(notes) && !pane_full(p); i++) {
		if ((*skip)-- > 0)
			continue;
		pane_addf(p, a, "  %s", notes[i]);
		pane_newline(p);
	}
}

static void add_themes(struct pane *p, attr_t a, int *skip)
{
	if ((*skip)-- > 0 || pane_full(p))
		return;
	char names[32][64];
	size_t n = asset_names("theme", names, ARRAY_SIZE(names));
	pane_add(p, a, "  Themes here:");
	for (size_t i = 0; i < n; i++)
		pane_addf(p, a, " %s", names[i]);
	pane_newline(p);
}

int help_lines(void)
{
	/* The keys, the notes, the theme list. */
	return ACT_COUNT + (int)ARRAY_SIZE(notes) + 1;
}

void draw_help(const struct tui_app *app)
{
	struct rect r = {1, 0, app->lay.rows - 2, app->lay.cols};
	struct pane p;
	attr_t a = palette_attr(&app->pal, EL_PANEL);
	pane_start(&p, &r, a);
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE),
		     "nfwalk keys   (Up/Down scroll, any other key closes)");
	int skip = app->help_top;
	add_keys(&p, a, palette_attr(&app->pal, EL_COUNTER) | A_BOLD, &skip);
	add_notes(&p, a, &skip);
	add_themes(&p, a, &skip);
}
