/* export_cast.c - the live diagram stepping through the walk, recorded
 * as asciicast v2 (see export.h): the TUI draws each step into a curses
 * screen whose terminal is a temporary file, and every frame's bytes
 * become one output event, a second apart. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "export.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "draw.h"
#include "replay.h"
#include "term.h"

#define CAST_COLS 80
#define CAST_ROWS 24
#define CAST_STEP_SECONDS 1.0

static void json_bytes(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* The bytes curses wrote since the last frame. */
static void frame(FILE *term, long *done, FILE *out, double t)
{
	fflush(term);
	long end = ftell(term);
	if (end <= *done)
		return;
	size_t n = (size_t)(end - *done);
	char *buf = xmalloc(n);
	fseek(term, *done, SEEK_SET);
	size_t got = fread(buf, 1, n, term);
	fseek(term, end, SEEK_SET);
	*done = end;
	fprintf(out, "[%.3f, \"o\", ", t);
	json_bytes(out, buf, got);
	fputs("]\n", out);
	free(buf);
}

int export_cast(const struct tui_opts *o, const char *path, struct nf_error *err)
{
	FILE *out = fopen(path, "w");
	if (!out)
		return nf_err(err, -1, "cannot write %s: %s", path, strerror(errno)), 2;
	struct replay r;
	struct tui_source src;
	struct tui_app app;
	replay_source(&r, o->scn, &src);
	if (app_init(&app, &src, o, err) < 0) {
		fclose(out);
		replay_free(&r);
		return 2;
	}
	setlocale(LC_CTYPE, "");
	char cols[8], rows[8];
	snprintf(cols, sizeof(cols), "%d", CAST_COLS);
	snprintf(rows, sizeof(rows), "%d", CAST_ROWS);
	setenv("COLUMNS", cols, 1);
	setenv("LINES", rows, 1);
	FILE *term = tmpfile();
	FILE *in = fopen("/dev/null", "r");
	SCREEN *scr = term && in ? newterm("xterm-256color", term, in) : NULL;
	if (!scr) {
		nf_err(err, -1, "cannot draw the recording: no xterm-256color terminfo");
		if (term)
			fclose(term);
		if (in)
			fclose(in);
		fclose(out);
		app_free(&app);
		replay_free(&r);
		return 2;
	}
	curs_set(0);
	app.lines = o->ascii ? LINES_ASCII : term_utf8() ? LINES_UNICODE : LINES_ACS;
	app_apply_theme(&app);
	app_resize(&app, CAST_ROWS, CAST_COLS);
	fprintf(out, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %ld, "
		     "\"env\": {\"TERM\": \"xterm-256color\"}, \"title\": ",
		CAST_COLS, CAST_ROWS, (long)time(NULL));
	json_bytes(out, o->scn->name, strlen(o->scn->name));
	fputs("}\n", out);
	long done = 0;
	double t = 0;
	for (size_t s = 0; s < (app.tl.nsteps ? app.tl.nsteps : 1); s++) {
		app_goto(&app, s);
		draw_screen(&app);
		frame(term, &done, out, t);
		t += CAST_STEP_SECONDS;
	}
	endwin();
	frame(term, &done, out, t);
	delscreen(scr);
	fclose(term);
	fclose(in);
	app_free(&app);
	replay_free(&r);
	if (fclose(out) != 0)
		return nf_err(err, -1, "cannot write %s: %s", path, strerror(errno)), 2;
	return 0;
}
