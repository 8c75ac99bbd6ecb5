/* catalog.h - the shipped lessons and scenarios by name: `nfwalk
 * snat-masquerade` opens the installed file, `nfwalk --list` lists them
 * with their titles.  Searched, in order: the directories of
 * $NFWALK_PATH (colon-separated), then scenarios/lessons and scenarios
 * under each data directory of datapath.h (the user's XDG directories,
 * then $(pkgdatadir)). */
#ifndef NFWALK_CATALOG_H
#define NFWALK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A bare name (no '/', no .yaml): the file it names, found in the
 * catalog; "07-dnat-before-routing" and "dnat-before-routing" both name
 * lessons/07-dnat-before-routing.yaml.  False when name is a path or
 * nothing matches (path is then name itself). */
bool catalog_find(const char *name, char *path, size_t n);
/* Every lesson, then every scenario, one line each: name and title.
 * Returns how many were listed. */
int catalog_list(FILE *out);

#endif
