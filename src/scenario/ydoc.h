/* ydoc.h - a thin layer over libyaml's document API that never loses the
 * place a value came from: every error it reports is file:line:column plus
 * what was expected there.  The scenario loader is written against this,
 * not against libyaml directly. */
#ifndef NFWALK_YDOC_H
#define NFWALK_YDOC_H

#include <yaml.h>

#include "lib/util.h"

struct ydoc {
	const char *name; /* file name used in messages */
	const char *buf;  /* the source text, to find the lines of literal blocks */
	size_t len;
	size_t *line_start; /* where each source line starts, nlines of them */
	size_t nlines;
	yaml_document_t doc;
	bool loaded;
	struct nf_error *err;
};

/* Parse buf (one YAML document).  Syntax errors come back with libyaml's
 * own position and problem text.  d->err is kept for later errors. */
int ydoc_load(struct ydoc *d, const char *name, const char *buf, size_t len,
	      struct nf_error *err);
void ydoc_free(struct ydoc *d);
/* The document's root node, NULL for an empty stream. */
const yaml_node_t *ydoc_root(struct ydoc *d);

/* Set d->err at node n (offset bytes into its text for a scalar) and
 * return -1. */
int ydoc_err(struct ydoc *d, const yaml_node_t *n, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Set d->err at an explicit 1-based line and 0-based column. */
int ydoc_err_at(struct ydoc *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Where byte `offset` of scalar n's value sits in the file (1-based line,
 * 0-based column).  Exact for single-line plain and quoted scalars; the
 * lines of a literal block are located by ydoc_block_lines. */
void ydoc_text_pos(const struct ydoc *d, const yaml_node_t *n, size_t offset, int *line,
		   int *col);

bool ydoc_is_scalar(const yaml_node_t *n);
bool ydoc_is_sequence(const yaml_node_t *n);
bool ydoc_is_mapping(const yaml_node_t *n);
/* A scalar's text (NUL-terminated; libyaml keeps it so). */
const char *ydoc_str(const yaml_node_t *n);

/* The scalar value of n, or an error "expected a string for `what`" (also
 * refused: values holding a NUL byte). */
int ydoc_scalar(struct ydoc *d, const yaml_node_t *n, const char *what, const char **out);

/* Items of a sequence node. */
size_t ydoc_seq_len(const yaml_node_t *n);
const yaml_node_t *ydoc_seq_item(struct ydoc *d, const yaml_node_t *n, size_t i);

#define YDOC_MAX_FIELDS 32
/* Check that n is a mapping whose keys are all among names[0..count),
 * each at most once, and store each key's value node in vals[i] (NULL when
 * absent) and its key node in keys[i] (keys may be NULL).  Errors: "expected
 * a mapping for `what`", "unknown key `k` (expected one of: ...)",
 * "duplicate key `k`". */
int ydoc_fields(struct ydoc *d, const yaml_node_t *n, const char *what, const char *const *names,
		size_t count, const yaml_node_t **vals, const yaml_node_t **keys);

/* Number of pairs of a mapping node and the i-th key/value. */
size_t ydoc_map_len(const yaml_node_t *n);
void ydoc_map_pair(struct ydoc *d, const yaml_node_t *n, size_t i, const yaml_node_t **key,
		   const yaml_node_t **val);

/* One line of a literal block scalar (`|`), with its place in the file. */
struct ydoc_line {
	const char *text; /* points into the scalar's value; not terminated */
	size_t len;
	int line, col;
};
/* Split a literal block scalar into its lines.  Returns a heap array of
 * *n lines (free it), or NULL with *n = 0 for an empty block. */
struct ydoc_line *ydoc_block_lines(const struct ydoc *d, const yaml_node_t *n, size_t *count);
bool ydoc_is_literal(const yaml_node_t *n);
/* A command line YAML took for a one-pair mapping because it holds ": "
 * (`qdisc add dev eth1 root handle 1: htb`): when n is such a mapping of
 * two plain scalars on one line, point text and len at the line's own bytes
 * from the key to the end of the value and return true. */
bool ydoc_colon_line(const struct ydoc *d, const yaml_node_t *n, const char **text, size_t *len);
bool ydoc_is_folded(const yaml_node_t *n);

#endif
