/* vwords.c - splitting a command line at blanks, with quotes. */
#include "vwords.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void push(struct vwords *w, struct strbuf *word, size_t start, size_t end)
{
	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	w->v[w->n].text = xstrdup(sb_str(word));
	w->v[w->n].start = start;
	w->v[w->n].end = end;
	w->n++;
	sb_reset(word);
}

int vwords_split(const char *line, struct vwords *w, int *bad_col)
{
	*w = (struct vwords){0};
	struct strbuf word = STRBUF_INIT;
	size_t i = 0, len = strlen(line);
	while (i < len) {
		while (i < len && is_blank(line[i]))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		while (i < len && !is_blank(line[i])) {
			char q = line[i];
			if (q != '"' && q != '\'') {
				sb_addf(&word, "%c", q);
				i++;
				continue;
			}
			size_t close = i + 1;
			while (close < len && line[close] != q)
				close++;
			if (close >= len) {
				if (bad_col)
					*bad_col = (int)i;
				sb_free(&word);
				vwords_free(w);
				return -1;
			}
			sb_addf(&word, "%.*s", (int)(close - i - 1), line + i + 1);
			i = close + 1;
		}
		push(w, &word, start, i);
	}
	sb_free(&word);
	return 0;
}

void vwords_free(struct vwords *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].text);
	free(w->v);
	*w = (struct vwords){0};
}
