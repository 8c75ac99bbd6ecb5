/* cmdwords.h - an `ip` or `tc` command line split into words (by the one
 * splitter, lib/words.h), each with the column it started at, so a parser
 * can point at the bad word. */
#ifndef NFWALK_CMDWORDS_H
#define NFWALK_CMDWORDS_H

#include <stdbool.h>
#include <stddef.h>

#define CMDWORDS_MAX 64

struct cmdwords {
	size_t n;
	char *w[CMDWORDS_MAX];
	int col[CMDWORDS_MAX];
	int end_col; /* length of the line: where a missing word would go */
	char *buf;   /* every word, NUL-separated */
};

/* Split on blanks.  Returns -1 (words left empty) when the line has more
 * than CMDWORDS_MAX words; *too_many_col is then where the excess starts. */
int cmdwords_split(struct cmdwords *cw, const char *line, int *too_many_col);
void cmdwords_free(struct cmdwords *cw);

/* Skip a leading command name like "ip route add": each word of prefix
 * that is present in order is consumed.  Returns the first index left. */
size_t cmdwords_skip_prefix(const struct cmdwords *cw, const char *const *prefix, size_t nprefix);

#endif
