/* export.h - walks people can keep: --export svg|html|cast FILE.
 *   svg   the diagram once per packet walk, its visited boxes lit and
 *         numbered in order, beside the list of boxes, the rules that
 *         decided, every rewrite and the fate;
 *   html  the same drawings in a page with every step of every walk;
 *   cast  the live diagram stepping through the walk, as an asciicast v2
 *         recording (asciinema play FILE), drawn by the TUI's own code
 *         into a terminal that is a file. */
#ifndef NFWALK_TUI_EXPORT_H
#define NFWALK_TUI_EXPORT_H

#include "tui.h"

enum export_format { EXPORT_SVG, EXPORT_HTML, EXPORT_CAST };

/* "svg", "html", "cast"; false for anything else. */
bool export_format_of(const char *name, enum export_format *f);
/* Walk o->scn and write the export.  Returns 0, or 2 with err set. */
int export_walk(const struct tui_opts *o, enum export_format f, const char *path,
		struct nf_error *err);
/* The asciicast writer (export_cast.c). */
int export_cast(const struct tui_opts *o, const char *path, struct nf_error *err);

#endif
