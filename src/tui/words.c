/* words.c - lines and words of the TUI's data files. */
#include "words.h"

#include <string.h>

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

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alone(char c, const char *alone)
{
	return c != '\0' && strchr(alone, c) != NULL;
}

/* Length of the word starting at line[i]. */
static size_t word_length(const char *line, size_t len, size_t i, const char *alone)
{
	if (is_alone(line[i], alone))
		return 1;
	size_t j = i;
	while (j < len && line[j] != '\0' && !is_blank(line[j]) && line[j] != '#' &&
	       !is_alone(line[j], alone))
		j++;
	return j - i;
}

void words_split(struct words *ws, const char *line, size_t len, const char *alone)
{
	size_t out = 0, i = 0;
	ws->n = 0;
	ws->truncated = false;
	for (;;) {
		while (i < len && is_blank(line[i]))
			i++;
		if (i >= len || line[i] == '#' || line[i] == '\0')
			return;
		size_t wl = word_length(line, len, i, alone);
		if (ws->n == WORDS_MAX || out + wl + 1 > sizeof(ws->buf)) {
			ws->truncated = true;
			return;
		}
		memcpy(ws->buf + out, line + i, wl);
		ws->buf[out + wl] = '\0';
		ws->w[ws->n] = ws->buf + out;
		ws->col[ws->n++] = (int)i;
		out += wl + 1;
		i += wl;
	}
}
