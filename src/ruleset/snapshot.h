/* snapshot.h - `nfwalk --snapshot`: the running host (or network
 * namespace) written as a scenario that reproduces it (snapshot.c). */
#ifndef NFWALK_SNAPSHOT_H
#define NFWALK_SNAPSHOT_H

#include <stdio.h>

/* Write the scenario to out; problems to problems.  Returns the exit
 * status: 0, or 2 when the host could not be read. */
int snapshot_write(FILE *out, FILE *problems);

#endif
