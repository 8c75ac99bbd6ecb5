/* test_datapath.c - the order in which data files are looked up by name:
 * $XDG_CONFIG_HOME/nfwalk, $XDG_DATA_HOME/nfwalk, the system directory;
 * the HOME defaults; `-` as standard input. */
#define _POSIX_C_SOURCE 200809L /* setenv, mkdtemp */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/datapath.h"
#include "../tap.h"

static char root[64];

static void put(const char *rel)
{
	char path[512], dir[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	/* make every parent directory */
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(p - path), path);
		mkdir(dir, 0700);
	}
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}

static const char *rel(const char *path)
{
	size_t n = strlen(root);
	return strncmp(path, root, n) == 0 ? path + n + 1 : path;
}

/* What datapath_find finds, relative to the test's root ("" for nothing). */
static const char *found(const char *subdir, const char *name, const char *ext, bool bare_too)
{
	static char buf[DATAPATH_PATH_MAX];
	char sys[128];
	snprintf(sys, sizeof(sys), "%s/sys", root);
	return datapath_find(sys, subdir, name, ext, bare_too, buf, sizeof(buf)) ? rel(buf) : "";
}

static void rm_tree(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "# could not remove %s\n", root);
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/test_datapath.XXXXXX");
	if (!mkdtemp(root)) {
		printf("1..0 # SKIP no temporary directory\n");
		return 0;
	}
	char sys[128], cfg[128], data[128], home[128], buf[DATAPATH_PATH_MAX];
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(cfg, sizeof(cfg), "%s/cfg", root);
	snprintf(data, sizeof(data), "%s/data", root);
	snprintf(home, sizeof(home), "%s/home", root);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", cfg, 1);
	setenv("XDG_DATA_HOME", data, 1);

	char dirs[DATAPATH_DIRS_MAX][DATAPATH_PATH_MAX];
	size_t nd = datapath_dirs(sys, dirs);
	is_int(nd, 3, "three directories with HOME and both XDG variables");
	is_str(rel(dirs[0]), "cfg/nfwalk", "XDG_CONFIG_HOME first");
	is_str(rel(dirs[1]), "data/nfwalk", "XDG_DATA_HOME second");
	is_str(rel(dirs[2]), "sys", "the system directory last");

	ok(!datapath_find(sys, "themes", "mine", ".theme", false, buf, sizeof(buf)),
	   "nothing found in empty directories");
	is_str(buf, "", "and the buffer is empty");

	put("sys/themes/mine.theme");
	is_str(found("themes", "mine", ".theme", false), "sys/themes/mine.theme",
	       "found in the system directory");
	put("data/nfwalk/themes/mine.theme");
	is_str(found("themes", "mine", ".theme", false), "data/nfwalk/themes/mine.theme",
	       "XDG_DATA_HOME beats the system");
	put("cfg/nfwalk/themes/mine.theme");
	is_str(found("themes", "mine", ".theme", false), "cfg/nfwalk/themes/mine.theme",
	       "XDG_CONFIG_HOME beats both");

	put("sys/themes/bare");
	is_str(found("themes", "bare", ".theme", false), "",
	       "a file without the extension is not a theme");
	is_str(found("themes", "bare", ".theme", true), "sys/themes/bare",
	       "... but is found when the bare name is allowed");

	put("data/nfwalk/scenarios/web.yaml");
	put("sys/scenarios/web");
	is_str(found("scenarios", "web", ".yaml", true), "data/nfwalk/scenarios/web.yaml",
	       "a directory before a later one");
	put("data/nfwalk/scenarios/web");
	is_str(found("scenarios", "web", ".yaml", true), "data/nfwalk/scenarios/web",
	       "the bare name first in one directory");

	is_str(found("scenarios", "nfwalk/scenarios/web", ".yaml", true), "",
	       "a name with a slash is a path, not looked up");
	is_str(found("", "scenarios", "", true), "", "a directory is not a file");

	/* Defaults: relative or unset XDG variables fall back to HOME. */
	setenv("XDG_CONFIG_HOME", "relative/cfg", 1);
	unsetenv("XDG_DATA_HOME");
	nd = datapath_dirs(sys, dirs);
	is_int(nd, 3, "three directories with HOME alone");
	is_str(rel(dirs[0]), "home/.config/nfwalk", "a relative XDG_CONFIG_HOME is ignored");
	is_str(rel(dirs[1]), "home/.local/share/nfwalk", "XDG_DATA_HOME defaults under HOME");
	put("home/.config/nfwalk/themes/mine.theme");
	is_str(found("themes", "mine", ".theme", false), "home/.config/nfwalk/themes/mine.theme",
	       "~/.config/nfwalk is searched");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	nd = datapath_dirs(sys, dirs);
	is_int(nd, 1, "without HOME only the system directory");
	nd = datapath_dirs(NULL, dirs);
	is_int(nd, 0, "and nothing without it");

	ok(datapath_is_stdin("-"), "- is standard input");
	ok(!datapath_is_stdin("-x") && !datapath_is_stdin("./-"), "-x and ./- are files");
	is_str(datapath_display_name("-"), "<stdin>", "- is shown as <stdin>");
	is_str(datapath_display_name("a.yaml"), "a.yaml", "a file is shown by its name");

	rm_tree();
	return tap_done();
}
