/* ydoc.c - libyaml's document API with positions kept for every error. */
#include "scenario/ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libyaml marks are 0-based; messages use 1-based lines. */
static int mark_line(yaml_mark_t m)
{
	return (int)m.line + 1;
}

static int mark_col(yaml_mark_t m)
{
	return (int)m.column;
}

/* Line and column of a byte offset in the source (the reader reports
 * encoding problems by offset only). */
static void offset_pos(const struct ydoc *d, size_t offset, int *line, int *col)
{
	int l = 1;
	size_t start = 0;
	for (size_t i = 0; i < offset && i < d->len; i++) {
		bool cr_lf = d->buf[i] == '\r' && i + 1 < d->len && d->buf[i + 1] == '\n';
		if (d->buf[i] == '\n' || (d->buf[i] == '\r' && !cr_lf)) {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*col = (int)(offset - start);
}

static int vset_err(struct ydoc *d, int line, int col, const char *fmt, va_list ap)
{
	struct nf_error *err = d->err;
	if (!err)
		return -1;
	str_copy(err->file, sizeof(err->file), d->name);
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int ydoc_err_at(struct ydoc *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset_err(d, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int ydoc_err(struct ydoc *d, const yaml_node_t *n, size_t offset, const char *fmt, ...)
{
	int line = 0, col = -1;
	/* About a block scalar as a whole: point at its `|` or `>`. */
	bool whole_block = offset == 0 && (ydoc_is_literal(n) || ydoc_is_folded(n));
	if (n && whole_block) {
		line = mark_line(n->start_mark);
		col = mark_col(n->start_mark);
	} else if (n) {
		ydoc_text_pos(d, n, offset, &line, &col);
	}
	va_list ap;
	va_start(ap, fmt);
	vset_err(d, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

static size_t line_offset(const struct ydoc *d, size_t line);
static void index_lines(struct ydoc *d);
static size_t column_offset(const struct ydoc *d, size_t off, size_t col);

/* The source byte at a mark, 0 past the end. */
static char char_at(const struct ydoc *d, yaml_mark_t m)
{
	size_t off = line_offset(d, m.line);
	if (off == (size_t)-1)
		return 0;
	off = column_offset(d, off, m.column);
	return off < d->len ? d->buf[off] : 0;
}

/* libyaml's problem, with the construct it was reading when that helps
 * ("did not find expected key (while parsing a block mapping started at
 * line 2)"). */
static int syntax_error(struct ydoc *d, const yaml_parser_t *p)
{
	int line, col;
	const char *problem = p->problem ? p->problem : "malformed YAML";
	if (p->error == YAML_MEMORY_ERROR)
		return ydoc_err_at(d, 0, -1, "out of memory while reading YAML");
	if (p->error == YAML_READER_ERROR) {
		offset_pos(d, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			return ydoc_err_at(d, line, col, "%s (byte 0x%02x)", problem,
					   (unsigned)p->problem_value & 0xff);
		return ydoc_err_at(d, line, col, "%s", problem);
	}
	line = mark_line(p->problem_mark);
	col = mark_col(p->problem_mark);
	/* The two usual causes in a scenario: a tc or iptables line with
	 * "1: " in it written as a plain string, and a tab. */
	if (strcmp(problem, "mapping values are not allowed in this context") == 0)
		return ydoc_err_at(d, line, col,
				   "%s (check the indentation; a command holding `: ` must be "
				   "quoted or written in a `|` block)",
				   problem);
	if (char_at(d, p->problem_mark) == '\t')
		return ydoc_err_at(d, line, col, "a tab cannot indent YAML: use spaces");
	if (p->context)
		return ydoc_err_at(d, line, col, "%s (%s started at line %d)", problem, p->context,
				   mark_line(p->context_mark));
	return ydoc_err_at(d, line, col, "%s", problem);
}

int ydoc_load(struct ydoc *d, const char *name, const char *buf, size_t len,
	      struct nf_error *err)
{
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->buf = buf;
	d->len = len;
	d->err = err;
	index_lines(d);

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return ydoc_err_at(d, 0, -1, "out of memory while reading YAML");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	int rc = 0;
	if (!yaml_parser_load(&parser, &d->doc)) {
		rc = syntax_error(d, &parser);
	} else {
		d->loaded = true;
		/* A second document would be silently ignored: say so instead. */
		yaml_document_t extra;
		if (!yaml_parser_load(&parser, &extra)) {
			rc = syntax_error(d, &parser);
		} else {
			yaml_node_t *root = yaml_document_get_root_node(&extra);
			if (root)
				rc = ydoc_err_at(d, mark_line(extra.start_mark),
						 mark_col(extra.start_mark),
						 "expected a single YAML document, found a second one");
			yaml_document_delete(&extra);
		}
	}
	yaml_parser_delete(&parser);
	return rc;
}

void ydoc_free(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
	free(d->line_start);
	d->line_start = NULL;
	d->nlines = 0;
}

const yaml_node_t *ydoc_root(struct ydoc *d)
{
	return d->loaded ? yaml_document_get_root_node(&d->doc) : NULL;
}

bool ydoc_is_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

bool ydoc_is_sequence(const yaml_node_t *n)
{
	return n && n->type == YAML_SEQUENCE_NODE;
}

bool ydoc_is_mapping(const yaml_node_t *n)
{
	return n && n->type == YAML_MAPPING_NODE;
}

bool ydoc_is_literal(const yaml_node_t *n)
{
	return ydoc_is_scalar(n) && n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE;
}

bool ydoc_is_folded(const yaml_node_t *n)
{
	return ydoc_is_scalar(n) && n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
}

const char *ydoc_str(const yaml_node_t *n)
{
	return ydoc_is_scalar(n) ? (const char *)n->data.scalar.value : "";
}

int ydoc_scalar(struct ydoc *d, const yaml_node_t *n, const char *what, const char **out)
{
	if (!ydoc_is_scalar(n))
		return ydoc_err(d, n, 0, "expected a string for `%s`", what);
	const char *s = ydoc_str(n);
	if (strlen(s) != n->data.scalar.length)
		return ydoc_err(d, n, strlen(s), "NUL byte in `%s`", what);
	*out = s;
	return 0;
}

size_t ydoc_seq_len(const yaml_node_t *n)
{
	if (!ydoc_is_sequence(n))
		return 0;
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

const yaml_node_t *ydoc_seq_item(struct ydoc *d, const yaml_node_t *n, size_t i)
{
	if (i >= ydoc_seq_len(n))
		return NULL;
	return yaml_document_get_node(&d->doc, n->data.sequence.items.start[i]);
}

size_t ydoc_map_len(const yaml_node_t *n)
{
	if (!ydoc_is_mapping(n))
		return 0;
	return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

void ydoc_map_pair(struct ydoc *d, const yaml_node_t *n, size_t i, const yaml_node_t **key,
		   const yaml_node_t **val)
{
	*key = *val = NULL;
	if (i >= ydoc_map_len(n))
		return;
	const yaml_node_pair_t *pair = &n->data.mapping.pairs.start[i];
	*key = yaml_document_get_node(&d->doc, pair->key);
	*val = yaml_document_get_node(&d->doc, pair->value);
}

static int unknown_key(struct ydoc *d, const yaml_node_t *key, const char *const *names,
		       size_t count)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < count; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", names[i]);
	ydoc_err(d, key, 0, "unknown key `%s` (expected one of: %s)", ydoc_str(key), sb_str(&sb));
	sb_free(&sb);
	return -1;
}

int ydoc_fields(struct ydoc *d, const yaml_node_t *n, const char *what, const char *const *names,
		size_t count, const yaml_node_t **vals, const yaml_node_t **keys)
{
	for (size_t i = 0; i < count; i++) {
		vals[i] = NULL;
		if (keys)
			keys[i] = NULL;
	}
	if (!ydoc_is_mapping(n))
		return ydoc_err(d, n, 0, "expected a mapping for `%s`", what);
	if (count > YDOC_MAX_FIELDS)
		return ydoc_err(d, n, 0, "too many fields for `%s`", what);
	/* Which pair set each field, to name the first on a duplicate. */
	const yaml_node_t *first_key[YDOC_MAX_FIELDS] = {0};
	for (size_t p = 0; p < ydoc_map_len(n); p++) {
		const yaml_node_t *key, *val;
		ydoc_map_pair(d, n, p, &key, &val);
		if (!ydoc_is_scalar(key))
			return ydoc_err(d, key, 0, "expected a plain key in `%s`", what);
		size_t i = 0;
		while (i < count && strcmp(names[i], ydoc_str(key)) != 0)
			i++;
		if (i == count)
			return unknown_key(d, key, names, count);
		if (first_key[i])
			return ydoc_err(d, key, 0, "duplicate key `%s` (first given at line %d)",
					names[i], mark_line(first_key[i]->start_mark));
		first_key[i] = key;
		vals[i] = val;
		if (keys)
			keys[i] = key;
	}
	return 0;
}

/* Byte offset of the start of 0-based line `line` in the source, or
 * (size_t)-1 when the source is shorter: from the index ydoc_load made,
 * so finding the place of every line of a long block stays linear. */
static size_t line_offset(const struct ydoc *d, size_t line)
{
	NF_WORK(1);
	return line < d->nlines ? d->line_start[line] : (size_t)-1;
}

/* Where each source line starts (a line ends at \n, \r or \r\n). */
static bool ends_line(const struct ydoc *d, size_t i)
{
	return d->buf[i] == '\n' || (d->buf[i] == '\r' && (i + 1 >= d->len || d->buf[i + 1] != '\n'));
}

static void index_lines(struct ydoc *d)
{
	size_t n = 1;
	for (size_t i = 0; i < d->len; i++)
		n += ends_line(d, i);
	d->line_start = xmalloc(n * sizeof(*d->line_start));
	d->line_start[0] = 0;
	d->nlines = 1;
	for (size_t i = 0; i < d->len; i++)
		if (ends_line(d, i))
			d->line_start[d->nlines++] = i + 1;
	NF_WORK(d->len);
}

/* Length of the source line starting at off, without its line break. */
static size_t line_length(const struct ydoc *d, size_t off)
{
	size_t e = off;
	while (e < d->len && d->buf[e] != '\n' && d->buf[e] != '\r')
		e++;
	return e - off;
}

/* The column where a literal block's line `text` sits on 0-based source
 * line src_line: the line ends with the text, the indentation comes
 * before it.  Falls back to `fallback` when the source disagrees. */
static int block_line_col(const struct ydoc *d, size_t src_line, const char *text, size_t len,
			  int fallback)
{
	size_t off = line_offset(d, src_line);
	if (off == (size_t)-1)
		return fallback;
	size_t l = line_length(d, off);
	if (l < len || memcmp(d->buf + off + l - len, text, len) != 0)
		return fallback;
	return (int)(l - len);
}

/* Byte offset of character column `col` on the source line starting at
 * off (libyaml counts columns in characters). */
static size_t column_offset(const struct ydoc *d, size_t off, size_t col)
{
	size_t i = off, end = off + line_length(d, off);
	for (size_t c = 0; c < col && i < end; c++) {
		i++;
		while (i < end && ((unsigned char)d->buf[i] & 0xc0) == 0x80)
			i++; /* UTF-8 continuation bytes */
	}
	return i;
}

static bool plain_scalar(const yaml_node_t *n)
{
	return ydoc_is_scalar(n) && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

bool ydoc_colon_line(const struct ydoc *d, const yaml_node_t *n, const char **text, size_t *len)
{
	if (ydoc_map_len(n) != 1)
		return false;
	const yaml_node_pair_t *pair = &n->data.mapping.pairs.start[0];
	yaml_document_t *doc = (yaml_document_t *)&d->doc; /* libyaml's accessor is not const */
	const yaml_node_t *key = yaml_document_get_node(doc, pair->key);
	const yaml_node_t *val = yaml_document_get_node(doc, pair->value);
	if (!plain_scalar(key) || !plain_scalar(val) || key->start_mark.line != val->end_mark.line)
		return false;
	size_t off = line_offset(d, key->start_mark.line);
	if (off == (size_t)-1)
		return false;
	size_t from = column_offset(d, off, key->start_mark.column);
	size_t to = column_offset(d, off, val->end_mark.column);
	if (to <= from)
		return false;
	*text = d->buf + from;
	*len = to - from;
	return true;
}

struct ydoc_line *ydoc_block_lines(const struct ydoc *d, const yaml_node_t *n, size_t *count)
{
	*count = 0;
	if (!ydoc_is_scalar(n))
		return NULL;
	const char *v = ydoc_str(n);
	size_t vlen = n->data.scalar.length;
	size_t cap = 1;
	for (size_t i = 0; i < vlen; i++)
		cap += v[i] == '\n';
	struct ydoc_line *lines = xcalloc(cap, sizeof(*lines));
	/* Content starts on the line after the `|` header. */
	size_t first = n->start_mark.line + 1;
	size_t k = 0, start = 0;
	while (start < vlen && k < cap) {
		const char *nl = memchr(v + start, '\n', vlen - start);
		size_t end = nl ? (size_t)(nl - v) : vlen;
		struct ydoc_line *ln = &lines[k];
		ln->text = v + start;
		ln->len = end - start;
		ln->line = (int)(first + k) + 1;
		ln->col = ln->len ? block_line_col(d, first + k, ln->text, ln->len,
						   mark_col(n->start_mark))
				  : 0;
		k++;
		start = end + 1;
	}
	*count = k;
	if (!k) {
		free(lines);
		return NULL;
	}
	return lines;
}

void ydoc_text_pos(const struct ydoc *d, const yaml_node_t *n, size_t offset, int *line,
		   int *col)
{
	*line = mark_line(n->start_mark);
	*col = mark_col(n->start_mark);
	if (!ydoc_is_scalar(n))
		return;
	switch (n->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		*col += 1 + (int)offset; /* past the opening quote */
		return;
	case YAML_LITERAL_SCALAR_STYLE: {
		size_t nlines;
		struct ydoc_line *lines = ydoc_block_lines(d, n, &nlines);
		const char *v = ydoc_str(n);
		for (size_t k = 0; k < nlines; k++) {
			size_t start = (size_t)(lines[k].text - v);
			if (offset <= start + lines[k].len) {
				*line = lines[k].line;
				*col = lines[k].col + (int)(offset - start);
				break;
			}
		}
		free(lines);
		return;
	}
	case YAML_FOLDED_SCALAR_STYLE:
		*line += 1; /* folding loses the columns: point at the block */
		*col = 0;
		return;
	default:
		*col += (int)offset;
		return;
	}
}
