/* ctview.h - the conntrack table as it stood at a step: the latest
 * `conntrack -L` line the walk reported for each entry (EV_CONNTRACK),
 * its reply tuple altered as soon as a NAT target binds, as the kernel
 * does, not only when the entry is next reported; and each helper's
 * expectation (`conntrack -L expect`) under its master, from when the
 * helper made it until a connection used it up (an entry whose line says
 * master=N). */
#ifndef NFWALK_TUI_CTVIEW_H
#define NFWALK_TUI_CTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "sinks/record.h"

struct ct_row {
	unsigned id;       /* the entry's, or for an expectation its master's */
	bool expect;       /* an expectation, listed after its master */
	const char *line;  /* points into the recording, or at own */
	size_t changed_at; /* event index of the latest report */
	bool owned;        /* line is own */
	char own[320];     /* the line with the reply tuple a NAT binding altered */
};

/* Rows for events [0, upto], ordered by entry id (an expectation after
 * its master); returns how many were
 * written (at most max). */
size_t ctview_compute(const struct recording *rec, size_t upto, struct ct_row *rows, size_t max);

#endif
