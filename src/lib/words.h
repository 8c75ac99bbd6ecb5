/* words.h - the one word splitter: a line cut into words, each word
 * remembering the span it was written in so an error can point at it.
 * The formats that use it differ only in the options: which bytes are
 * blanks, whether quotes group (and backslashes escape) as in a shell,
 * where a '#' comment may start, and which bytes are words by themselves. */
#ifndef NFWALK_LIB_WORDS_H
#define NFWALK_LIB_WORDS_H

#include <stddef.h>

enum word_flags {
	/* '...' and "..." group blanks into the word and are removed. */
	WORD_QUOTES = 1 << 0,
	/* With WORD_QUOTES, the shell's backslashes: outside quotes a
	 * backslash takes the next byte as itself; inside "..." only before
	 * " \ $ ` and newline. */
	WORD_ESCAPES = 1 << 1,
	/* A word starting with an unquoted '#' begins a comment. */
	WORD_COMMENT = 1 << 2,
	/* A '#' anywhere ends the line, even in the middle of a word. */
	WORD_COMMENT_ANYWHERE = 1 << 3,
};

struct word_opts {
	unsigned flags;    /* enum word_flags */
	const char *blanks; /* the separators; NULL for " \t\n\r" */
	const char *alone;  /* bytes that are a word by themselves; NULL for none */
	size_t max;         /* more words than this is WORD_TOO_MANY; 0: no limit */
};

enum word_status {
	WORD_OK = 0,
	WORD_OPEN_QUOTE = -1, /* err_col: the quote that is not closed */
	WORD_TOO_MANY = -2,   /* err_col: where the first word too many starts */
};

struct word_tok {
	char *s;      /* the word, quotes removed */
	int col, end; /* byte offsets of its first and past-last bytes in the line */
};

struct word_list {
	struct word_tok *v;
	size_t n;
	char *buf;   /* every word's text, NUL-separated (the s point into it) */
	int err_col; /* see enum word_status */
};

/* Split text[0, len) (a NUL ends it earlier).  Returns an enum
 * word_status; on failure the list is left empty. */
int word_split(struct word_list *wl, const char *text, size_t len, const struct word_opts *o);
/* Room the caller offers (on its stack), so a short line splits without
 * allocating: the words go into v when there are at most vcap of them,
 * their text into buf when bufcap >= 2 * len + 1; what does not fit is
 * allocated.  Release the list with word_list_release(wl, st). */
struct word_store {
	struct word_tok *v;
	size_t vcap;
	char *buf;
	size_t bufcap;
};
int word_split_into(struct word_list *wl, const char *text, size_t len,
		    const struct word_opts *o, const struct word_store *st);
/* Free what word_split_into allocated (not the store's memory). */
void word_list_release(struct word_list *wl, const struct word_store *st);
/* The same for a NUL-terminated line with the default blanks. */
int word_split_line(struct word_list *wl, const char *line, unsigned flags);
void word_list_free(struct word_list *wl);

#endif
