/* assets.h - finding a diagram or theme by name or path: a path is read
 * as given; a name NAME is looked up as KINDs/NAME.KIND in
 * $XDG_CONFIG_HOME/nfwalk, $XDG_DATA_HOME/nfwalk and $(pkgdatadir), in
 * that order (src/lib/datapath.h), then among the files compiled into
 * nfwalk, so users can add or override themes and the program works
 * uninstalled. */
#ifndef NFWALK_TUI_ASSETS_H
#define NFWALK_TUI_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

struct asset_text {
	char *data; /* NUL-terminated */
	size_t len;
	char origin[256]; /* file name for messages: "kptd.diagram", "/path/x.theme" */
};

/* kind: "diagram" or "theme".  Returns 0, or -1 with err->msg saying
 * what was tried. */
int asset_load(const char *kind, const char *name_or_path, struct asset_text *out,
	       struct nf_error *err);
void asset_text_free(struct asset_text *a);
/* True when the argument names a file rather than a shipped asset. */
bool asset_is_path(const char *kind, const char *name_or_path);
/* Up to max names of a kind: the embedded ones, then those in the
 * directories searched. */
size_t asset_names(const char *kind, char names[][64], size_t max);

#endif
