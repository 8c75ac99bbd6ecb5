/* panel_narration.c - the narration strip under the diagram: the
 * scenario's words at this step, or what the box does (narration.h). */
#include "draw.h"

#include <string.h>

#include "narration.h"

void panel_narration(const struct tui_app *app, const struct rect *r)
{
	struct pane p;
	attr_t panel = palette_attr(&app->pal, EL_PANEL);
	attr_t title = palette_attr(&app->pal, EL_PANEL_TITLE);
	pane_start(&p, r, panel);
	const struct quiz_question *q = quiz_pending(app);
	if (q) {
		char choices[400];
		quiz_choices(q, choices, sizeof(choices));
		pane_addf(&p, title, " Quiz, question %zu:", app->quiz.n);
		pane_add(&p, panel, " ");
		pane_wrap(&p, panel | A_BOLD, q->text, 1);
		pane_newline(&p);
		pane_add(&p, panel, " ");
		pane_wrap(&p, panel, choices, 1);
		return;
	}
	struct narration n;
	narration_at(app, &n);
	pane_addf(&p, title, " %s:", n.heading);
	pane_add(&p, panel, " ");
	const char *line = n.text;
	bool first = true;
	while (*line && !pane_full(&p)) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[sizeof(n.text)];
		memcpy(buf, line, len);
		buf[len] = '\0';
		if (!first) {
			pane_newline(&p);
			pane_add(&p, panel, " ");
		}
		pane_wrap(&p, n.builtin ? palette_attr(&app->pal, EL_LABEL) : panel, buf, 1);
		first = false;
		line = end ? end + 1 : line + len;
	}
}
