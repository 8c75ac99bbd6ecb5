/* hints.c - the keys worth pressing next (see hints.h). */
#include "hints.h"

#include <stdio.h>

#include "app.h"

void key_hint(const struct tui_app *app, char *buf, size_t n)
{
	const char *hint = "space step  b back  r run  ? help";
	if (app->overlay == OV_HELP)
		hint = "Up Down scroll  any other key closes";
	else if (app->overlay == OV_MENU)
		hint = "Up Down move  Enter choose  Esc closes";
	else if (app->running && app->opts.present)
		hint = "any key pauses  + - pace";
	else if (app->running)
		hint = "r pause  + - speed  ? help";
	else if (app->tl.nsteps && app->step + 1 >= app->tl.nsteps && !app->src->feed)
		hint = "< start  b back  ? help  q quit";
	snprintf(buf, n, "%s", hint);
}
