/* datapath.c - the user's and the system's data directories (see
 * datapath.h). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* stat */
#endif
#include "datapath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* $VAR/nfwalk when VAR is absolute, else $HOME/fallback/nfwalk; false
 * when neither is usable. */
static bool user_dir(const char *var, const char *fallback, char *buf, size_t n)
{
	const char *v = getenv(var);
	int len;
	if (v && v[0] == '/') {
		len = snprintf(buf, n, "%s/nfwalk", v);
	} else {
		const char *home = getenv("HOME");
		if (!home || home[0] != '/')
			return false;
		len = snprintf(buf, n, "%s/%s/nfwalk", home, fallback);
	}
	return len > 0 && (size_t)len < n;
}

size_t datapath_dirs(const char *sysdir, char dirs[][DATAPATH_PATH_MAX])
{
	size_t k = 0;
	if (user_dir("XDG_CONFIG_HOME", ".config", dirs[k], DATAPATH_PATH_MAX))
		k++;
	if (user_dir("XDG_DATA_HOME", ".local/share", dirs[k], DATAPATH_PATH_MAX))
		k++;
	if (sysdir && *sysdir && strlen(sysdir) < DATAPATH_PATH_MAX) {
		memcpy(dirs[k], sysdir, strlen(sysdir) + 1);
		k++;
	}
	return k;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool try_path(const char *dir, const char *subdir, const char *name, const char *ext,
		     char *buf, size_t n)
{
	int len = snprintf(buf, n, "%s/%s/%s%s", dir, subdir, name, ext);
	return len > 0 && (size_t)len < n && is_file(buf);
}

bool datapath_find(const char *sysdir, const char *subdir, const char *name, const char *ext,
		   bool bare_too, char *buf, size_t n)
{
	if (n)
		buf[0] = '\0';
	if (!*name || strchr(name, '/'))
		return false;
	char dirs[DATAPATH_DIRS_MAX][DATAPATH_PATH_MAX];
	size_t nd = datapath_dirs(sysdir, dirs);
	for (size_t i = 0; i < nd; i++) {
		if (bare_too && try_path(dirs[i], subdir, name, "", buf, n))
			return true;
		if (try_path(dirs[i], subdir, name, ext ? ext : "", buf, n))
			return true;
	}
	if (n)
		buf[0] = '\0';
	return false;
}

bool datapath_is_stdin(const char *arg)
{
	return arg && strcmp(arg, "-") == 0;
}

const char *datapath_display_name(const char *arg)
{
	return datapath_is_stdin(arg) ? "<stdin>" : arg;
}
