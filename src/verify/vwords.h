/* vwords.h - a command line split into words the way a shell (and
 * iptables-restore) would: blanks separate, double or single quotes group
 * and are removed.  Each word remembers the span it came from, so a caller
 * can cut words out of the original text. */
#ifndef NFWALK_VWORDS_H
#define NFWALK_VWORDS_H

#include <stddef.h>

struct vword {
	char *text;       /* unquoted */
	size_t start, end; /* span in the line, quotes included */
};

struct vwords {
	struct vword *v;
	size_t n;
};

/* Returns 0, or -1 when a quote is not closed (*bad_col: where it opened). */
int vwords_split(const char *line, struct vwords *w, int *bad_col);
void vwords_free(struct vwords *w);

#endif
