/* cmdwords.c - split a command line into words that remember their column. */
#include "lib/cmdwords.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int cmdwords_split(struct cmdwords *cw, const char *line, int *too_many_col)
{
	memset(cw, 0, sizeof(*cw));
	size_t len = strlen(line);
	cw->end_col = (int)len;
	cw->buf = xmalloc(len + 1);
	memcpy(cw->buf, line, len + 1);
	size_t i = 0;
	while (i < len) {
		while (i < len && is_blank(cw->buf[i]))
			i++;
		if (i >= len)
			break;
		if (cw->n == CMDWORDS_MAX) {
			if (too_many_col)
				*too_many_col = (int)i;
			cw->n = 0;
			return -1;
		}
		cw->w[cw->n] = cw->buf + i;
		cw->col[cw->n] = (int)i;
		cw->n++;
		while (i < len && !is_blank(cw->buf[i]))
			i++;
		if (i < len)
			cw->buf[i++] = '\0';
	}
	return 0;
}

void cmdwords_free(struct cmdwords *cw)
{
	free(cw->buf);
	memset(cw, 0, sizeof(*cw));
}

size_t cmdwords_skip_prefix(const struct cmdwords *cw, const char *const *prefix, size_t nprefix)
{
	size_t i = 0;
	for (size_t k = 0; k < nprefix && i < cw->n; k++)
		if (strcmp(cw->w[i], prefix[k]) == 0)
			i++;
	return i;
}
