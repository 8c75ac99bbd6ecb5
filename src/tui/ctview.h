/* ctview.h - the conntrack table as it stood at a step: the latest
 * `conntrack -L` line the walk reported for each entry (EV_CONNTRACK). */
#ifndef NFWALK_TUI_CTVIEW_H
#define NFWALK_TUI_CTVIEW_H

#include <stddef.h>

#include "sinks/record.h"

struct ct_row {
	unsigned id;
	const char *line;  /* points into the recording */
	size_t changed_at; /* event index of the latest report */
};

/* Rows for events [0, upto], ordered by entry id; returns how many were
 * written (at most max). */
size_t ctview_compute(const struct recording *rec, size_t upto, struct ct_row *rows, size_t max);

#endif
