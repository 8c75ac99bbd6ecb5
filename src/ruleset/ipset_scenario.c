/* ipset_scenario.c - `--ipsets FILE` into a scenario.  The file is what
 * `ipset save` writes (create and add lines, as `ipset restore` reads
 * them).  It is restored on its own first, after the scenario's own
 * `ipsets:`, so a bad line is reported with the file's name, line and
 * column; then each line joins the scenario's section. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/xt/ipset.h"
#include "lib/datapath.h"
#include "ruleset/ipset_scenario.h"

static char *slurp(const char *path, struct nf_error *err)
{
	FILE *f = datapath_is_stdin(path) ? stdin : fopen(path, "r");
	if (!f) {
		nf_err(err, -1, "cannot read: %s", strerror(errno));
		str_copy(err->file, sizeof(err->file), path);
		err->line = 0;
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addf(&sb, "%.*s", (int)n, buf);
	if (f != stdin)
		fclose(f);
	char *text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return text;
}

/* The scenario's sets, then the file's: what a bad line meets. */
static int check_text(const struct scenario *s, const char *path, const char *text,
		      struct nf_error *err)
{
	struct ruleset rs;
	ruleset_init(&rs);
	int rc = scenario_apply_ipsets(s, &rs, err);
	if (rc == 0)
		rc = ipset_restore_text(ruleset_ipsets(&rs), datapath_display_name(path), text, err);
	ruleset_free(&rs);
	return rc;
}

int ipsets_add_to_scenario(struct scenario *s, const char *path, struct nf_error *err)
{
	char *text = slurp(path, err);
	if (!text)
		return -1;
	int rc = check_text(s, path, text, err);
	int line = 0;
	for (char *p = text, *nl; rc == 0 && *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		size_t lead = strspn(p, " \t");
		if (!p[lead] || p[lead] == '#' || strcmp(p + lead, "COMMIT") == 0)
			continue;
		s->ipsets = xrealloc(s->ipsets, (s->nipsets + 1) * sizeof(*s->ipsets));
		s->ipsets[s->nipsets++] =
			(struct scn_line){.text = xstrdup(p + lead), .line = line, .col = (int)lead};
	}
	free(text);
	return rc;
}
