/* catalog.c - lessons and scenarios by name (see catalog.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* opendir */
#endif
#include "catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/datapath.h"
#include "scenario.h"

#ifndef NFWALK_DATADIR
#define NFWALK_DATADIR "/usr/local/share/nfwalk"
#endif

#define CATALOG_DIRS_MAX 24
#define CATALOG_FILES_MAX 256

struct dirs {
	char v[CATALOG_DIRS_MAX][512];
	bool lessons[CATALOG_DIRS_MAX];
	size_t n;
};

static void add_dir(struct dirs *d, const char *dir, size_t len, bool lessons)
{
	if (d->n == CATALOG_DIRS_MAX || len == 0 || len >= sizeof(d->v[0]))
		return;
	memcpy(d->v[d->n], dir, len);
	d->v[d->n][len] = '\0';
	d->lessons[d->n++] = lessons;
}

static void search_dirs(struct dirs *d)
{
	d->n = 0;
	const char *env = getenv("NFWALK_PATH");
	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t len = colon ? (size_t)(colon - env) : strlen(env);
		const char *base = env;
		size_t blen = len;
		while (blen && base[blen - 1] == '/')
			blen--;
		bool lessons = blen >= 7 && strncmp(base + blen - 7, "lessons", 7) == 0;
		add_dir(d, env, len, lessons);
		env = colon ? colon + 1 : NULL;
	}
	/* The user's XDG directories, then the installed data (datapath.h). */
	char data[DATAPATH_DIRS_MAX][DATAPATH_PATH_MAX];
	size_t nd = datapath_dirs(NFWALK_DATADIR, data);
	for (size_t i = 0; i < nd; i++) {
		char buf[512];
		int w = snprintf(buf, sizeof(buf), "%s/scenarios/lessons", data[i]);
		if (w > 0 && (size_t)w < sizeof(buf))
			add_dir(d, buf, (size_t)w, true);
		w = snprintf(buf, sizeof(buf), "%s/scenarios", data[i]);
		if (w > 0 && (size_t)w < sizeof(buf))
			add_dir(d, buf, (size_t)w, false);
	}
}

static bool has_yaml(const char *s)
{
	size_t n = strlen(s);
	return n > 5 && strcmp(s + n - 5, ".yaml") == 0;
}

/* "07-dnat-before-routing.yaml" -> its name without the order prefix
 * and the extension, "dnat-before-routing". */
static void short_name(const char *file, char *out, size_t n)
{
	const char *p = file;
	while (isdigit((unsigned char)*p))
		p++;
	if (p != file && *p == '-')
		file = p + 1;
	size_t len = strlen(file) - 5;
	if (len >= n)
		len = n - 1;
	memcpy(out, file, len);
	out[len] = '\0';
}

static bool names_match(const char *file, const char *name)
{
	char full[256], brief[256];
	size_t len = strlen(file) - 5;
	if (len >= sizeof(full))
		return false;
	memcpy(full, file, len);
	full[len] = '\0';
	short_name(file, brief, sizeof(brief));
	return strcmp(full, name) == 0 || strcmp(brief, name) == 0;
}

bool catalog_find(const char *name, char *path, size_t n)
{
	str_copy(path, n, name);
	if (strchr(name, '/') || has_yaml(name) || access(name, R_OK) == 0)
		return false;
	struct dirs d;
	search_dirs(&d);
	for (size_t i = 0; i < d.n; i++) {
		DIR *dir = opendir(d.v[i]);
		if (!dir)
			continue;
		struct dirent *de;
		bool found = false;
		while (!found && (de = readdir(dir)) != NULL)
			if (has_yaml(de->d_name) && names_match(de->d_name, name)) {
				snprintf(path, n, "%s/%s", d.v[i], de->d_name);
				found = true;
			}
		closedir(dir);
		if (found)
			return true;
	}
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One directory's files, sorted, each listed once (an earlier directory
 * of the search hides a later one's file of the same name). */
static int list_dir(FILE *out, const char *dir, char **seen, size_t *nseen)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	char *files[CATALOG_FILES_MAX];
	size_t nf = 0;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL && nf < CATALOG_FILES_MAX)
		if (has_yaml(de->d_name))
			files[nf++] = xstrdup(de->d_name);
	closedir(dp);
	qsort(files, nf, sizeof(files[0]), by_name);
	int listed = 0;
	for (size_t i = 0; i < nf; i++) {
		char name[256];
		short_name(files[i], name, sizeof(name));
		bool dup = strcmp(name, "tour") == 0; /* listed as built in */
		for (size_t j = 0; j < *nseen && !dup; j++)
			dup = strcmp(seen[j], name) == 0;
		if (dup || *nseen == CATALOG_FILES_MAX) {
			free(files[i]);
			continue;
		}
		seen[(*nseen)++] = xstrdup(name);
		char path[1024];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		struct scenario s;
		struct nf_error err = {0};
		if (scenario_load(path, &s, &err) == 0) {
			fprintf(out, "  %-26s %s\n", name, s.name);
			scenario_free(&s);
		} else {
			fprintf(out, "  %-26s (does not load: %s)\n", name, err.msg);
		}
		listed++;
		free(files[i]);
	}
	return listed;
}

int catalog_list(FILE *out)
{
	struct dirs d;
	search_dirs(&d);
	char *seen[CATALOG_FILES_MAX];
	size_t nseen = 0;
	int total = 0;
	for (int lessons = 1; lessons >= 0; lessons--) {
		/* A lesson may share its name with a scenario: nfwalk NAME
		 * opens the lesson, --list shows both. */
		for (size_t i = 0; i < nseen; i++)
			free(seen[i]);
		nseen = 0;
		fprintf(out, "%s\n", lessons ? "Lessons (nfwalk NAME opens one):" : "Scenarios:");
		int n = 0;
		if (!lessons)
			fprintf(out, "  %-26s %s\n", "tour", "the built-in tour (nfwalk with no file)");
		for (size_t i = 0; i < d.n; i++)
			if (d.lessons[i] == (bool)lessons)
				n += list_dir(out, d.v[i], seen, &nseen);
		if (n == 0 && lessons)
			fprintf(out, "  (none installed; searched $NFWALK_PATH and %s/scenarios/lessons)\n",
				NFWALK_DATADIR);
		total += n;
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	return total;
}
