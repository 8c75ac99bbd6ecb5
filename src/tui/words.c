/* words.c - lines and words of the TUI's data files; the words come from
 * the one splitter (lib/words.h). */
#include "words.h"

#include <string.h>

#include "lib/words.h"

void line_reader_init(struct line_reader *lr, const char *text, size_t len)
{
	*lr = (struct line_reader){.text = text, .len = len};
}

bool line_reader_next(struct line_reader *lr, const char **line, size_t *len)
{
	if (lr->pos >= lr->len)
		return false;
	const char *start = lr->text + lr->pos;
	const char *nl = memchr(start, '\n', lr->len - lr->pos);
	size_t n = nl ? (size_t)(nl - start) : lr->len - lr->pos;
	lr->pos += n + (nl ? 1 : 0);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	lr->lineno++;
	*line = start;
	*len = n;
	return true;
}

/* The TUI's data files: blanks are spaces and tabs, '#' ends the line
 * anywhere, no quotes; the words that fit in ws are kept. */
void words_split(struct words *ws, const char *line, size_t len, const char *alone)
{
	struct word_list wl;
	word_split(&wl, line, len,
		   &(struct word_opts){.flags = WORD_COMMENT_ANYWHERE, .blanks = " \t", .alone = alone});
	size_t out = 0;
	ws->n = 0;
	ws->truncated = false;
	for (size_t i = 0; i < wl.n; i++) {
		size_t wl_len = strlen(wl.v[i].s);
		if (ws->n == WORDS_MAX || out + wl_len + 1 > sizeof(ws->buf)) {
			ws->truncated = true;
			break;
		}
		memcpy(ws->buf + out, wl.v[i].s, wl_len + 1);
		ws->w[ws->n] = ws->buf + out;
		ws->col[ws->n++] = wl.v[i].col;
		out += wl_len + 1;
	}
	word_list_free(&wl);
}
