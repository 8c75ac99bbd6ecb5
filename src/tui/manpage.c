/* manpage.c - key m (see manpage.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "manpage.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "draw.h"
#include "explain.h"

bool man_available(void)
{
	const char *path = getenv("PATH");
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char file[1024];
		snprintf(file, sizeof(file), "%.*s/man", (int)len, len ? path : ".");
		if (access(file, X_OK) == 0)
			return true;
		path = colon ? colon + 1 : NULL;
	}
	return false;
}

/* Run man with the terminal given back; its exit status, or -1. */
static int run_man(const char *stage)
{
	char pager[128];
	snprintf(pager, sizeof(pager), "less +/%s", stage);
	def_prog_mode();
	endwin();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execlp("man", "man", "-P", pager, "7", "nfwalk", (char *)NULL);
		_exit(127);
	}
	int status = -1;
	if (pid > 0)
		waitpid(pid, &status, 0);
	reset_prog_mode();
	refresh();
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void manpage_open(struct tui_app *app)
{
	enum stage_id st = app_focus_stage(app);
	if (st == ST_NONE)
		return;
	const char *name = stage_info(st)->name;
	if (man_available()) {
		int rc = run_man(name);
		if (rc == 0) {
			app_set_message(app, false, "nfwalk(7) at %s", name);
			return;
		}
		app_set_message(app, false, "man could not show nfwalk(7) (status %d): built-in text",
				rc);
	}
	app->overlay = OV_EXPLAIN;
	app->explain_stage = st;
}

void draw_explain(const struct tui_app *app)
{
	struct rect r = {1, 0, app->lay.rows - 2, app->lay.cols};
	struct pane p;
	attr_t a = palette_attr(&app->pal, EL_PANEL);
	pane_start(&p, &r, a);
	char head[160];
	const struct stage_info *si = stage_info(app->explain_stage);
	snprintf(head, sizeof(head), "%s (%s), from nfwalk(7)   (any key closes)", si->title,
		 si->name);
	pane_heading(&p, palette_attr(&app->pal, EL_PANEL_TITLE), head);
	const char *text = explain_box(app->explain_stage);
	pane_add(&p, a, " ");
	pane_wrap(&p, a, text ? text : "nfwalk has no explanation of this box.", 1);
}
