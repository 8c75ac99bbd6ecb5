/* scn_tutor.c - notes, goals and breakpoints (see scn_tutor.h). */
#include "scn_tutor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/stage.h"

/* Block scalars end with a newline nobody wants to print. */
static char *trimmed(const char *v)
{
	size_t len = strlen(v);
	while (len && isspace((unsigned char)v[len - 1]))
		len--;
	return xstrndup(v, len);
}

static void stage_names(struct strbuf *sb)
{
	for (int i = 0; i < ST_COUNT; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", stage_info((enum stage_id)i)->name);
}

static int read_stage(struct ydoc *d, const yaml_node_t *n, const char *what, int *stage)
{
	const char *name;
	if (ydoc_scalar(d, n, what, &name))
		return -1;
	int st = stage_by_name(name);
	if (st < 0) {
		struct strbuf sb = STRBUF_INIT;
		stage_names(&sb);
		ydoc_err(d, n, 0, "unknown box `%s` in `%s` (boxes: %s)", name, what, sb_str(&sb));
		sb_free(&sb);
		return -1;
	}
	*stage = st;
	return 0;
}

int scn_read_notes(struct ydoc *d, const yaml_node_t *n, const char *what,
		   struct scn_notes *out)
{
	if (!ydoc_is_mapping(n))
		return ydoc_err(d, n, 0, "expected a mapping of box names to text for `%s`", what);
	size_t count = ydoc_map_len(n);
	out->v = xcalloc(count ? count : 1, sizeof(*out->v));
	for (size_t i = 0; i < count; i++) {
		const yaml_node_t *key, *val;
		ydoc_map_pair(d, n, i, &key, &val);
		int st;
		if (read_stage(d, key, what, &st))
			return -1;
		if (scn_note_for(out, st))
			return ydoc_err(d, key, 0, "duplicate box `%s` in `%s`", stage_info(st)->name,
					what);
		const char *text;
		if (ydoc_scalar(d, val, what, &text))
			return -1;
		out->v[out->n++] = (struct scn_note){st, trimmed(text)};
	}
	return 0;
}

int scn_read_goals(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	if (ydoc_is_scalar(n)) {
		s->goals = xcalloc(1, sizeof(*s->goals));
		s->goals[s->ngoals++] = trimmed(ydoc_str(n));
		return 0;
	}
	if (!ydoc_is_sequence(n))
		return ydoc_err(d, n, 0, "expected a list of sentences for `goals`");
	size_t count = ydoc_seq_len(n);
	s->goals = xcalloc(count ? count : 1, sizeof(*s->goals));
	for (size_t i = 0; i < count; i++) {
		const char *text;
		if (ydoc_scalar(d, ydoc_seq_item(d, n, i), "goals", &text))
			return -1;
		s->goals[s->ngoals++] = trimmed(text);
	}
	return 0;
}

int scn_read_breakpoints(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	if (!ydoc_is_sequence(n))
		return ydoc_err(d, n, 0, "expected a list of box names for `breakpoints`");
	size_t count = ydoc_seq_len(n);
	s->breakpoints = xcalloc(count ? count : 1, sizeof(*s->breakpoints));
	for (size_t i = 0; i < count; i++)
		if (read_stage(d, ydoc_seq_item(d, n, i), "breakpoints",
			       &s->breakpoints[s->nbreakpoints++]))
			return -1;
	return 0;
}

void scn_notes_free(struct scn_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		free(notes->v[i].text);
	free(notes->v);
	*notes = (struct scn_notes){0};
}

void scn_tutor_free(struct scenario *s)
{
	scn_notes_free(&s->notes);
	for (size_t i = 0; i < s->ngoals; i++)
		free(s->goals[i]);
	free(s->goals);
	free(s->breakpoints);
	s->goals = NULL;
	s->breakpoints = NULL;
	s->ngoals = s->nbreakpoints = 0;
}

const char *scn_note_for(const struct scn_notes *notes, int stage)
{
	for (size_t i = 0; i < notes->n; i++)
		if (notes->v[i].stage == stage)
			return notes->v[i].text;
	return NULL;
}
