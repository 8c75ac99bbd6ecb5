/* nft_expr_print.c - the table of expression kinds: each kind's name and
 * how nft list ruleset prints it. */
#include "engine/nft/nft_ast.h"

#include <stdio.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void print_value(struct strbuf *sb, const struct nft_expr *e)
{
	bool quoted = e->text[0] == '"';
	if (e->type == DT_HOUR || e->type == DT_DAY) { /* listed quoted, whatever was written */
		char *bare = quoted ? xstrndup(e->text + 1, strlen(e->text) - 2) : xstrdup(e->text);
		nft_value_print(sb, e->type, bare);
		free(bare);
		return;
	}
	bool wants_quotes = e->type == DT_IFNAME || e->type == DT_IFINDEX || e->type == DT_STRING;
	if (wants_quotes && !quoted) {
		sb_addf(sb, "\"%s\"", e->text);
	} else if (quoted && !wants_quotes && e->type != DT_INVALID && e->type != DT_TIME && e->type != DT_HOUR) {
		/* "icmp" where a protocol is meant is the symbol icmp */
		char *bare = xstrndup(e->text + 1, strlen(e->text) - 2);
		nft_value_print(sb, e->type, bare);
		free(bare);
	} else
		nft_value_print(sb, e->type, e->text);
}

static void print_selector(struct strbuf *sb, const struct nft_expr *e)
{
	sb_adds(sb, e->text);
}

static void print_prefix(struct strbuf *sb, const struct nft_expr *e)
{
	nft_expr_print(sb, e->sub[0]);
	sb_addf(sb, "/%s", e->text);
}

static void print_joined(struct strbuf *sb, const struct nft_expr *e, const char *sep)
{
	for (size_t i = 0; i < e->nsub; i++) {
		if (i)
			sb_adds(sb, sep);
		nft_expr_print(sb, e->sub[i]);
	}
}

static void print_range(struct strbuf *sb, const struct nft_expr *e) { print_joined(sb, e, "-"); }
static void print_concat(struct strbuf *sb, const struct nft_expr *e) { print_joined(sb, e, " . "); }
static void print_list(struct strbuf *sb, const struct nft_expr *e) { print_joined(sb, e, ","); }

/* The key an element sorts by: its value as 16 bytes, big-endian (a
 * number, a symbol's number, an address; a prefix or range by its start,
 * a mapping by its key).  false when it has none (strings, concatenations). */
static bool sort_key(const struct nft_expr *e, unsigned char key[16])
{
	while (e->kind == EK_MAPPING || e->kind == EK_ELEM || e->kind == EK_PREFIX || e->kind == EK_RANGE)
		e = e->sub[0];
	if (e->kind != EK_VALUE)
		return false;
	memset(key, 0, 16);
	if (e->text[0] == '"') { /* "Monday" where a day is meant is the symbol */
		unsigned long sv;
		char *bare = xstrndup(e->text + 1, strlen(e->text) - 2);
		bool known = nft_sym_value(e->type, bare, &sv);
		free(bare);
		for (int i = 15; known && i >= 8; i--, sv >>= 8)
			key[i] = (unsigned char)(sv & 0xff);
		return known;
	}
	if (inet_pton(AF_INET6, e->text, key) == 1)
		return true;
	if (inet_pton(AF_INET, e->text, key + 12) == 1)
		return true;
	unsigned long v;
	char *end;
	if (isdigit((unsigned char)e->text[0])) {
		v = strtoul(e->text, &end, 0);
		if (*end)
			return false;
	} else if (!nft_sym_value(e->type, e->text, &v)) {
		return false;
	}
	for (int i = 15; i >= 8; i--, v >>= 8)
		key[i] = (unsigned char)(v & 0xff);
	return true;
}

struct keyed {
	unsigned char key[16];
	const struct nft_expr *e;
};

static int keyed_cmp(const void *a, const void *b)
{
	return memcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key, 16);
}

/* nft folds an anonymous set of one plain element into the element, and
 * lists the elements of a set of numbers, symbols or addresses in
 * ascending order, as the kernel's bitmap and interval sets hold them
 * (meta day { Monday, Sunday } is listed { "Sunday", "Monday" }). */
static void print_set(struct strbuf *sb, const struct nft_expr *e)
{
	if (e->nsub == 1 && e->sub[0]->kind != EK_MAPPING && e->sub[0]->kind != EK_ELEM &&
	    e->sub[0]->kind != EK_CONCAT) {
		nft_expr_print(sb, e->sub[0]);
		return;
	}
	struct keyed *k = xcalloc(e->nsub ? e->nsub : 1, sizeof(*k));
	bool sortable = e->text == NULL; /* a named set's elements are listed as the file gave them */
	for (size_t i = 0; i < e->nsub; i++) {
		k[i].e = e->sub[i];
		sortable = sortable && sort_key(e->sub[i], k[i].key);
	}
	if (sortable)
		qsort(k, e->nsub, sizeof(*k), keyed_cmp);
	sb_adds(sb, "{ ");
	for (size_t i = 0; i < e->nsub; i++) {
		if (i)
			sb_adds(sb, ", ");
		nft_expr_print(sb, k[i].e);
	}
	sb_adds(sb, " }");
	free(k);
}

static void print_setref(struct strbuf *sb, const struct nft_expr *e) { sb_addf(sb, "@%s", e->text); }

/* How tightly an operator binds, as in C: a weaker operand is parenthesized. */
static int prec(const char *op)
{
	static const char *const ops[][2] = {{"<<", "4"}, {">>", "4"}, {"&", "3"}, {"^", "2"}, {"|", "1"}};
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(ops[i][0], op))
			return ops[i][1][0] - '0';
	return 5; /* "/", a flag mask: never parenthesized */
}

static void print_binop(struct strbuf *sb, const struct nft_expr *e)
{
	for (size_t i = 0; i < 2; i++) {
		const struct nft_expr *s = e->sub[i];
		bool paren = s->kind == EK_BINOP && strcmp(e->text, "/") &&
			     (i == 1 ? prec(s->text) <= prec(e->text) : prec(s->text) < prec(e->text));
		if (i)
			sb_addf(sb, " %s ", e->text);
		if (paren)
			sb_adds(sb, "(");
		nft_expr_print(sb, s);
		if (paren)
			sb_adds(sb, ")");
	}
}

/* "==" is implied, except after a bitwise operation (tcp flags & syn == syn). */
static void print_relation(struct strbuf *sb, const struct nft_expr *e)
{
	nft_expr_print(sb, e->sub[0]);
	if (!strcmp(e->text, "==") && e->sub[0]->kind != EK_BINOP)
		sb_adds(sb, " ");
	else
		sb_addf(sb, " %s ", e->text);
	nft_expr_print(sb, e->sub[1]);
}

static void print_mapping(struct strbuf *sb, const struct nft_expr *e) { print_joined(sb, e, " : "); }

static void print_map(struct strbuf *sb, const struct nft_expr *e)
{
	nft_expr_print(sb, e->sub[0]);
	sb_addf(sb, " %s ", e->text);
	nft_expr_print(sb, e->sub[1]);
}

static void print_verdict(struct strbuf *sb, const struct nft_expr *e) { sb_adds(sb, e->text); }

static void print_elem(struct strbuf *sb, const struct nft_expr *e)
{
	nft_expr_print(sb, e->sub[0]);
	sb_addf(sb, " %s", e->text);
}

const struct nft_ekind_info nft_ekinds[EK__N] = {
	[EK_VALUE] = {"value", print_value},
	[EK_SELECTOR] = {"selector", print_selector},
	[EK_PREFIX] = {"prefix", print_prefix},
	[EK_RANGE] = {"range", print_range},
	[EK_SET] = {"set", print_set},
	[EK_SETREF] = {"set reference", print_setref},
	[EK_CONCAT] = {"concatenation", print_concat},
	[EK_LIST] = {"list", print_list},
	[EK_BINOP] = {"binary operation", print_binop},
	[EK_RELATION] = {"relation", print_relation},
	[EK_MAPPING] = {"mapping", print_mapping},
	[EK_MAP] = {"map", print_map},
	[EK_VERDICT] = {"verdict", print_verdict},
	[EK_ELEM] = {"element", print_elem},
};

void nft_expr_print(struct strbuf *sb, const struct nft_expr *e)
{
	nft_ekinds[e->kind].print(sb, e);
}
