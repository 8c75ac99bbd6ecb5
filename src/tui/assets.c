/* assets.c - locating diagrams and themes (see assets.h). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* opendir */
#endif
#include "assets.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "lib/datapath.h"

#ifndef NFWALK_DATADIR
#define NFWALK_DATADIR "/usr/local/share/nfwalk"
#endif

/* Data files are small; anything bigger is not one of ours. */
#define ASSET_MAX_BYTES (1u << 20)

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

bool asset_is_path(const char *kind, const char *name_or_path)
{
	char ext[32];
	snprintf(ext, sizeof(ext), ".%s", kind);
	return strchr(name_or_path, '/') != NULL || has_suffix(name_or_path, ext);
}

static int read_file(const char *path, struct asset_text *out, struct nf_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return nf_err(err, -1, "cannot read %s: %s", path, strerror(errno));
	size_t cap = 4096, len = 0;
	char *data = xmalloc(cap + 1);
	size_t n;
	while ((n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap && cap <= ASSET_MAX_BYTES) {
			cap *= 2;
			data = xrealloc(data, cap + 1);
		}
	}
	bool failed = ferror(f) != 0;
	fclose(f);
	if (failed || len > ASSET_MAX_BYTES) {
		free(data);
		return nf_err(err, -1, "cannot read %s: %s", path,
			      failed ? "read error" : "larger than 1 MiB");
	}
	data[len] = '\0';
	out->data = data;
	out->len = len;
	str_copy(out->origin, sizeof(out->origin), path);
	return 0;
}

static const struct embedded_asset *find_embedded(const char *kind, const char *name)
{
	for (size_t i = 0; i < embedded_asset_count; i++)
		if (strcmp(embedded_assets[i].kind, kind) == 0 &&
		    strcmp(embedded_assets[i].name, name) == 0)
			return &embedded_assets[i];
	return NULL;
}

static void list_names(const char *kind, struct strbuf *sb)
{
	char names[32][64];
	size_t n = asset_names(kind, names, ARRAY_SIZE(names));
	for (size_t i = 0; i < n; i++)
		sb_addf(sb, "%s%s", i ? ", " : "", names[i]);
}

int asset_load(const char *kind, const char *name_or_path, struct asset_text *out,
	       struct nf_error *err)
{
	*out = (struct asset_text){0};
	if (err) { /* the messages below name what they tried; no stale file:line */
		err->file[0] = '\0';
		err->line = 0;
	}
	if (asset_is_path(kind, name_or_path))
		return read_file(name_or_path, out, err);
	char subdir[32], ext[32], path[DATAPATH_PATH_MAX];
	snprintf(subdir, sizeof(subdir), "%ss", kind);
	snprintf(ext, sizeof(ext), ".%s", kind);
	if (datapath_find(NFWALK_DATADIR, subdir, name_or_path, ext, false, path, sizeof(path)))
		return read_file(path, out, err);
	const struct embedded_asset *e = find_embedded(kind, name_or_path);
	if (e) {
		out->data = xstrndup(e->data, e->len);
		out->len = e->len;
		snprintf(out->origin, sizeof(out->origin), "%s.%s", e->name, kind);
		return 0;
	}
	struct strbuf sb = STRBUF_INIT;
	list_names(kind, &sb);
	nf_err(err, -1, "unknown %s '%s' (known: %s)", kind, name_or_path, sb_str(&sb));
	sb_free(&sb);
	return -1;
}

void asset_text_free(struct asset_text *a)
{
	free(a->data);
	*a = (struct asset_text){0};
}

static bool listed(char names[][64], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* The names of DIR/KINDs/NAME.KIND files not yet in names[0..n). */
static size_t dir_names(const char *base, const char *kind, char names[][64], size_t n,
			size_t max)
{
	char dir[DATAPATH_PATH_MAX + 32], ext[32];
	snprintf(dir, sizeof(dir), "%s/%ss", base, kind);
	snprintf(ext, sizeof(ext), ".%s", kind);
	DIR *d = opendir(dir);
	if (!d)
		return n;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < max) {
		if (!has_suffix(de->d_name, ext))
			continue;
		char name[64];
		size_t len = strlen(de->d_name) - strlen(ext);
		if (len >= sizeof(name))
			continue;
		memcpy(name, de->d_name, len);
		name[len] = '\0';
		if (!listed(names, n, name))
			str_copy(names[n++], 64, name);
	}
	closedir(d);
	return n;
}

size_t asset_names(const char *kind, char names[][64], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < embedded_asset_count && n < max; i++)
		if (strcmp(embedded_assets[i].kind, kind) == 0)
			str_copy(names[n++], 64, embedded_assets[i].name);
	char dirs[DATAPATH_DIRS_MAX][DATAPATH_PATH_MAX];
	size_t nd = datapath_dirs(NFWALK_DATADIR, dirs);
	for (size_t i = 0; i < nd; i++)
		n = dir_names(dirs[i], kind, names, n, max);
	return n;
}
