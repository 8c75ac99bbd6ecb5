/* scn_tutor.h - the scenario keys a teacher writes: `notes:` (narration
 * per box, on the scenario or on a packet), `goals:` (what a lesson
 * teaches) and `breakpoints:` (boxes a run stops at).  See
 * nfwalk-scenario(5). */
#ifndef NFWALK_SCN_TUTOR_H
#define NFWALK_SCN_TUTOR_H

#include "scenario.h"
#include "ydoc.h"

int scn_read_notes(struct ydoc *d, const yaml_node_t *n, const char *what,
		   struct scn_notes *out);
int scn_read_goals(struct ydoc *d, const yaml_node_t *n, struct scenario *s);
int scn_read_breakpoints(struct ydoc *d, const yaml_node_t *n, struct scenario *s);
void scn_notes_free(struct scn_notes *notes);
void scn_tutor_free(struct scenario *s);

/* The note for a box, NULL if none. */
const char *scn_note_for(const struct scn_notes *notes, int stage);

#endif
