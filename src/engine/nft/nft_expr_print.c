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

/* --- an anonymous interval set, merged as the kernel holds it --- */

struct span {
	unsigned char lo[16], hi[16];
};

static bool elem_span(const struct nft_expr *e, struct span *sp, int *bits);
static void put_addr(struct strbuf *sb, const unsigned char k[16], int bits);

/* An address prefix as the kernel keeps it: host bits cleared, a full
 * length as the address alone (10.0.0.1/24 lists 10.0.0.0/24, ::1/128
 * lists ::1). */
static void print_prefix(struct strbuf *sb, const struct nft_expr *e)
{
	struct span sp;
	int bits, len = atoi(e->text);
	if (elem_span(e, &sp, &bits) && len >= 0 && len <= bits) {
		put_addr(sb, sp.lo, bits);
		if (len < bits)
			sb_addf(sb, "/%d", len);
		return;
	}
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

static int span_cmp(const void *a, const void *b)
{
	return memcmp(((const struct span *)a)->lo, ((const struct span *)b)->lo, 16);
}

/* An address's bytes (IPv4 in the last four); *bits 32 or 128. */
static bool addr_key(const struct nft_expr *e, unsigned char key[16], int *bits)
{
	memset(key, 0, 16);
	if (e->kind != EK_VALUE)
		return false;
	if (inet_pton(AF_INET, e->text, key + 12) == 1) {
		*bits = 32;
		return true;
	}
	*bits = 128;
	return inet_pton(AF_INET6, e->text, key) == 1;
}

/* The first and last address an element covers; bits the family's. */
static bool elem_span(const struct nft_expr *e, struct span *sp, int *bits)
{
	int b2;
	if (e->kind == EK_RANGE)
		return e->nsub == 2 && addr_key(e->sub[0], sp->lo, bits) &&
		       addr_key(e->sub[1], sp->hi, &b2) && b2 == *bits;
	if (e->kind == EK_PREFIX) {
		if (!addr_key(e->sub[0], sp->lo, bits))
			return false;
		int len = atoi(e->text) + (128 - *bits);
		memcpy(sp->hi, sp->lo, 16);
		for (int i = 0; i < 128; i++)
			if (i >= len) {
				sp->lo[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
				sp->hi[i / 8] |= (unsigned char)(0x80u >> (i % 8));
			}
		return true;
	}
	if (!addr_key(e, sp->lo, bits))
		return false;
	memcpy(sp->hi, sp->lo, 16);
	return true;
}

/* a + 1 == b ? (big-endian 16 bytes) */
static bool next_to(const unsigned char a[16], const unsigned char b[16])
{
	unsigned char c[16];
	memcpy(c, a, 16);
	for (int i = 15; i >= 0 && ++c[i] == 0; i--)
		;
	return memcmp(c, b, 16) == 0;
}

static void put_addr(struct strbuf *sb, const unsigned char k[16], int bits)
{
	char buf[64];
	inet_ntop(bits == 32 ? AF_INET : AF_INET6, bits == 32 ? k + 12 : k, buf, sizeof(buf));
	sb_adds(sb, buf);
}

/* The span as nft lists it: an address, a prefix when it is one, or
 * a range. */
static void put_span(struct strbuf *sb, const struct span *sp, int bits)
{
	put_addr(sb, sp->lo, bits);
	if (!memcmp(sp->lo, sp->hi, 16))
		return;
	int first = 0; /* the first bit where lo and hi differ */
	while (first < 128 && ((sp->lo[first / 8] ^ sp->hi[first / 8]) & (0x80u >> (first % 8))) == 0)
		first++;
	bool prefix = true;
	for (int i = first; i < 128 && prefix; i++) {
		unsigned m = 0x80u >> (i % 8);
		prefix = !(sp->lo[i / 8] & m) && (sp->hi[i / 8] & m);
	}
	if (prefix) {
		sb_addf(sb, "/%d", first - (128 - bits));
		return;
	}
	sb_adds(sb, "-");
	put_addr(sb, sp->hi, bits);
}

/* An anonymous set of addresses with a prefix or range in it is an
 * interval set, and the kernel merges what overlaps or touches:
 * { 2001:db8:0:1::/64, 2001:db8:0:2::/64 } lists as one range.  false
 * when e is no such set. */
static bool print_intervals(struct strbuf *sb, const struct nft_expr *e)
{
	if (e->text || e->nsub < 2)
		return false;
	bool interval = false;
	int bits = 0;
	struct span *sp = xcalloc(e->nsub, sizeof(*sp));
	for (size_t i = 0; i < e->nsub; i++) {
		int b;
		const struct nft_expr *el = e->sub[i];
		interval = interval || el->kind == EK_PREFIX || el->kind == EK_RANGE;
		if (!elem_span(el, &sp[i], &b) || (bits && b != bits)) {
			free(sp);
			return false;
		}
		bits = b;
	}
	if (!interval) {
		free(sp);
		return false;
	}
	qsort(sp, e->nsub, sizeof(*sp), span_cmp);
	size_t n = 0;
	for (size_t i = 0; i < e->nsub; i++) {
		if (n && (memcmp(sp[i].lo, sp[n - 1].hi, 16) <= 0 || next_to(sp[n - 1].hi, sp[i].lo))) {
			if (memcmp(sp[i].hi, sp[n - 1].hi, 16) > 0)
				memcpy(sp[n - 1].hi, sp[i].hi, 16);
			continue;
		}
		sp[n++] = sp[i];
	}
	/* braces stay: the set was made before its elements merged */
	sb_adds(sb, "{ ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, ", ");
		put_span(sb, &sp[i], bits);
	}
	sb_adds(sb, " }");
	free(sp);
	return true;
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
	if (print_intervals(sb, e))
		return;
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

/* A number an operand holds, or false. */
static bool literal(const struct nft_expr *e, unsigned long *v)
{
	char *end;
	if (e->kind != EK_VALUE || !isdigit((unsigned char)e->text[0]))
		return false;
	*v = strtoul(e->text, &end, 0);
	return !*end && *v <= 0xffffffffUL;
}

/* A chain of & | ^ with constants on a 32-bit mark is one nft_bitwise in
 * the kernel, reg = (reg & mask) ^ xor, and nft lists it back from those
 * two: the xor bits outside the mask as `| O` (the mask then shown with
 * them set), the rest as `^ X` before it, the mask left out when it is all ones
 * (meta mark and 0xffff0054 xor 0xab lists meta mark & 0xffff00ff |
 * 0x000000ab).  false when e is no such chain of two operations or more. */
static bool print_folded(struct strbuf *sb, const struct nft_expr *e)
{
	unsigned long mask, x, v;
	int ops = 0;
	const struct nft_expr *base = e;
	enum nft_dtype t = DT_INVALID;
	while (base->kind == EK_BINOP && base->nsub == 2) {
		if (!literal(base->sub[1], &v) || !strchr("&|^", base->text[0]) || base->text[1])
			return false;
		t = base->sub[1]->type;
		ops++;
		base = base->sub[0];
	}
	if (ops < 2 || t != DT_MARK || base->kind == EK_BINOP)
		return false;
	/* the chain was read outermost first: apply it innermost first */
	mask = 0xffffffffUL;
	x = 0;
	const struct nft_expr *chain[32];
	int n = 0;
	for (const struct nft_expr *b = e; b != base && n < 32; b = b->sub[0])
		chain[n++] = b;
	while (n-- > 0) {
		literal(chain[n]->sub[1], &v);
		const char *op = chain[n]->text;
		if (!strcmp(op, "&")) {
			mask &= v;
			x &= v;
		} else if (!strcmp(op, "|")) {
			mask &= ~v & 0xffffffffUL;
			x |= v;
		} else {
			x ^= v;
		}
	}
	unsigned long or_bits = x & ~mask & 0xffffffffUL, xor_bits = x & mask;
	unsigned long shown = mask | or_bits;
	char num[16];
	nft_expr_print(sb, base);
	if (shown != 0xffffffffUL) {
		snprintf(num, sizeof(num), "0x%lx", shown);
		sb_adds(sb, " & ");
		nft_value_print(sb, t, num);
	}
	if (xor_bits) {
		snprintf(num, sizeof(num), "0x%lx", xor_bits);
		sb_adds(sb, " ^ ");
		nft_value_print(sb, t, num);
	}
	if (or_bits) {
		snprintf(num, sizeof(num), "0x%lx", or_bits);
		sb_adds(sb, " | ");
		nft_value_print(sb, t, num);
	}
	return true;
}

static void print_binop(struct strbuf *sb, const struct nft_expr *e)
{
	if (print_folded(sb, e))
		return;
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
