/* explain.c - the built-in explanation of each box (see explain.h). */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "assets.h"

static void append(char **para, const char *line, size_t len)
{
	size_t old = *para ? strlen(*para) : 0;
	*para = xrealloc(*para, old + len + 2);
	if (old)
		(*para)[old++] = ' ';
	memcpy(*para + old, line, len);
	(*para)[old + len] = '\0';
}

void explain_free(char *paras[ST_COUNT])
{
	for (int i = 0; i < ST_COUNT; i++) {
		free(paras[i]);
		paras[i] = NULL;
	}
}

int explain_parse(const char *origin, const char *text, char *out[ST_COUNT],
		  struct nf_error *err)
{
	memset(out, 0, sizeof(char *) * ST_COUNT);
	int cur = -1, lineno = 0;
	const char *p = text;
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		lineno++;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		if (len && p[0] == '[' && p[len - 1] == ']') {
			char name[64];
			size_t n = len - 2 < sizeof(name) - 1 ? len - 2 : sizeof(name) - 1;
			memcpy(name, p + 1, n);
			name[n] = '\0';
			cur = stage_by_name(name);
			if (cur < 0) {
				str_copy(err->file, sizeof(err->file), origin);
				err->line = lineno;
				explain_free(out);
				return nf_err(err, 0, "unknown box `%s`", name);
			}
		} else if (len && p[0] != '#') {
			if (cur < 0) {
				str_copy(err->file, sizeof(err->file), origin);
				err->line = lineno;
				explain_free(out);
				return nf_err(err, 0, "text before the first [box] line");
			}
			append(&out[cur], p, len);
		}
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

const char *explain_box(enum stage_id st)
{
	static char *paras[ST_COUNT];
	static bool loaded;
	if (!loaded) {
		loaded = true;
		struct asset_text a;
		struct nf_error err = {.col = -1};
		if (asset_load("explain", "boxes", &a, &err) == 0) {
			explain_parse(a.origin, a.data, paras, &err);
			asset_text_free(&a);
		}
	}
	return (int)st >= 0 && st < ST_COUNT ? paras[st] : NULL;
}
