/* words.h - splitting the TUI's data files (themes, diagrams) into lines
 * and words, keeping each word's column so errors can point at it. */
#ifndef NFWALK_TUI_WORDS_H
#define NFWALK_TUI_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#define WORDS_MAX 48
#define WORDS_LINE_MAX 1024

/* A cursor over a text buffer that need not be NUL-terminated. */
struct line_reader {
	const char *text;
	size_t len, pos;
	int lineno; /* 1-based number of the line last returned */
};

void line_reader_init(struct line_reader *lr, const char *text, size_t len);
/* The next line without its newline (a trailing '\r' is dropped too);
 * false at the end. */
bool line_reader_next(struct line_reader *lr, const char **line, size_t *len);

struct words {
	char buf[WORDS_LINE_MAX];
	char *w[WORDS_MAX];
	int col[WORDS_MAX]; /* 0-based column of each word in the line */
	int n;
	bool truncated; /* more words, or a longer line, than fit */
};

/* Split on blanks; '#' starts a comment that runs to the end of the line;
 * each character of `alone` (may be "") is a word by itself, so
 * "highlight=red" splits as "highlight", "=", "red". */
void words_split(struct words *ws, const char *line, size_t len, const char *alone);

#endif
