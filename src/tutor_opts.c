/* tutor_opts.c - the tutor's command-line options (see tutor_opts.h). */
#include "tutor_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/stage.h"
#include "tui/export.h"

static int bad_stage(const char *arg)
{
	fprintf(stderr, "nfwalk: --break: unknown box `%s` (boxes:", arg);
	for (int i = 0; i < ST_COUNT; i++)
		fprintf(stderr, " %s", stage_info((enum stage_id)i)->name);
	fputs(")\n", stderr);
	return 2;
}

int tutor_option(int which, const char *arg, struct tutor_opts *t, int argc, char **argv,
		 int *optind)
{
	char *end;
	switch (which) {
	case TUTOR_PRESENT:
		t->present = true;
		return 0;
	case TUTOR_PACE:
		t->pace = strtod(arg, &end);
		if (*end || !(t->pace >= 0.05 && t->pace <= 3600)) {
			fprintf(stderr, "nfwalk: --pace: expected seconds a step (0.05-3600), got `%s`\n",
				arg);
			return 2;
		}
		return 0;
	case TUTOR_EXPORT: {
		enum export_format f;
		if (!export_format_of(arg, &f)) {
			fprintf(stderr, "nfwalk: --export: expected svg, html or cast, got `%s`\n", arg);
			return 2;
		}
		if (*optind >= argc) {
			fprintf(stderr, "nfwalk: --export %s needs a FILE to write\n", arg);
			return 2;
		}
		t->export = true;
		t->export_format = (int)f;
		t->export_path = argv[(*optind)++];
		return 0;
	}
	case TUTOR_QUIZ:
		t->quiz = true;
		return 0;
	case TUTOR_QUIZ_REPORT:
		t->quiz = true;
		t->quiz_report = arg;
		return 0;
	case TUTOR_BREAK: {
		int st = stage_by_name(arg);
		if (st < 0)
			return bad_stage(arg);
		if (t->nbreaks == sizeof(t->breaks) / sizeof(t->breaks[0])) {
			fputs("nfwalk: --break: at most 32 boxes\n", stderr);
			return 2;
		}
		t->breaks[t->nbreaks++] = st;
		return 0;
	}
	}
	return 0;
}

void tutor_apply(const struct tutor_opts *t, struct tui_opts *o)
{
	o->present = t->present;
	o->pace = t->pace;
	memcpy(o->breaks, t->breaks, sizeof(o->breaks));
	o->nbreaks = t->nbreaks;
	o->quiz = t->quiz;
	o->quiz_report = t->quiz_report;
}

int tutor_export(const struct tutor_opts *t, const struct tui_opts *o)
{
	struct nf_error err = {.col = -1};
	int rc = export_walk(o, (enum export_format)t->export_format, t->export_path, &err);
	if (rc) {
		char msg[1024];
		nf_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "nfwalk: --export: %s\n", msg);
	}
	return rc;
}
