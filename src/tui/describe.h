/* describe.h - one line saying what a step is, for the log panel and the
 * status line: "filter FORWARD rule 2: --dport 80: no, packet has 443". */
#ifndef NFWALK_TUI_DESCRIBE_H
#define NFWALK_TUI_DESCRIBE_H

#include <stddef.h>

#include "timeline.h"

void describe_step(const struct timeline *tl, size_t step, char *buf, size_t n);
/* "filter FORWARD", "route-input": where an event happens. */
void describe_place(const struct event *ev, char *buf, size_t n);
/* Which packet a walk is: "packet 2", "packet 2, answer 1". */
void describe_walk(const struct event *ev, char *buf, size_t n);

#endif
