/* datapath.h - where nfwalk looks for data files given by name (themes,
 * diagrams, scenarios), and `-` as standard input.  Plain C library only:
 * nothing of nfwalk's.
 *
 * The directories, best first:
 *   $XDG_CONFIG_HOME/nfwalk   (default ~/.config/nfwalk)
 *   $XDG_DATA_HOME/nfwalk     (default ~/.local/share/nfwalk)
 *   the system data directory the caller gives ($(pkgdatadir))
 * A relative or empty XDG variable is ignored (the default is used), as
 * the XDG Base Directory specification asks; without HOME the user
 * directories are skipped. */
#ifndef NFWALK_LIB_DATAPATH_H
#define NFWALK_LIB_DATAPATH_H

#include <stdbool.h>
#include <stddef.h>

#define DATAPATH_DIRS_MAX 3
#define DATAPATH_PATH_MAX 4096

/* The directories above into dirs, best first; returns how many. */
size_t datapath_dirs(const char *sysdir, char dirs[][DATAPATH_PATH_MAX]);

/* The first regular file DIR/SUBDIR/NAME EXT in those directories; with
 * bare_too, DIR/SUBDIR/NAME is tried first in each directory.  True with
 * its path in buf; false (buf "") when none is there or NAME has a '/'. */
bool datapath_find(const char *sysdir, const char *subdir, const char *name, const char *ext,
		   bool bare_too, char *buf, size_t n);

/* True for the argument `-`: read standard input. */
bool datapath_is_stdin(const char *arg);
/* The name to show in messages: "<stdin>" for `-`, else arg. */
const char *datapath_display_name(const char *arg);

#endif
