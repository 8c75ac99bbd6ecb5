/* nft_lex.c - the nftables lexer.  It follows nft's own scanner where the
 * two could disagree: a symbol may hold '-', '.' and '/' (port-unreachable,
 * Q.931), an IPv6 address wins over a symbol starting with hex letters
 * (fe80::1), and digits with a unit glued on are one time or size word
 * (10m, 1h30s).  '#' comments run to the end of the line; a '\' before a
 * newline joins the lines. */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft_lex.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

struct lexer {
	const char *s;
	size_t len, i;
	int line, col;
	const char *file;
	struct nft_toks *out;
};

static void push(struct lexer *lx, enum nft_tok_kind k, const char *text, size_t n, int line, int col)
{
	struct nft_toks *t = lx->out;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n++] = (struct nft_tok){k, xstrndup(text, n), {lx->file, line, col}};
}

static void advance(struct lexer *lx, size_t n)
{
	for (size_t k = 0; k < n && lx->i < lx->len; k++, lx->i++) {
		if (lx->s[lx->i] == '\n') {
			lx->line++;
			lx->col = 1;
		} else {
			lx->col++;
		}
	}
}

static bool is_hexc(int c) { return isxdigit(c) || c == ':' || c == '.'; }
static bool is_wordc(int c) { return isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/'; }
static bool is_namec(int c) { return isalnum(c) || c == '_' || c == '-' || c == '.'; }

/* The longest IPv6 address at p (at least two colons), or 0. */
static size_t ip6_len(const char *p, size_t avail)
{
	size_t run = 0;
	while (run < avail && run < 64 && is_hexc((unsigned char)p[run]))
		run++;
	for (size_t l = run; l >= 2; l--) {
		int colons = 0;
		for (size_t k = 0; k < l; k++)
			colons += p[k] == ':';
		if (colons < 2)
			break;
		char buf[65];
		memcpy(buf, p, l);
		buf[l] = '\0';
		struct in6_addr a;
		/* a '-' after it starts the other end of a range (fd00::1-fd00::9) */
		bool range = l + 1 < avail && p[l] == '-' && is_hexc((unsigned char)p[l + 1]);
		if (inet_pton(AF_INET6, buf, &a) == 1 &&
		    (l == avail || range || !is_namec((unsigned char)p[l])))
			return l;
	}
	return 0;
}

/* xx:xx:xx:xx:xx:xx, or 0. */
static size_t lladdr_len(const char *p, size_t avail)
{
	if (avail < 17)
		return 0;
	for (int k = 0; k < 17; k++)
		if (k % 3 == 2 ? p[k] != ':' : !isxdigit((unsigned char)p[k]))
			return 0;
	return (avail == 17 || !is_hexc((unsigned char)p[17])) ? 17 : 0;
}

/* a.b.c.d, or 0. */
static size_t ip4_len(const char *p, size_t avail)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		size_t d = 0;
		while (i < avail && isdigit((unsigned char)p[i]) && d < 3)
			i++, d++;
		if (d == 0)
			return 0;
		if (part < 3) {
			if (i >= avail || p[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < avail && (isalnum((unsigned char)p[i]) || p[i] == '.'))
		return 0;
	char buf[16];
	if (i >= sizeof(buf))
		return 0;
	memcpy(buf, p, i);
	buf[i] = '\0';
	struct in_addr a;
	return inet_pton(AF_INET, buf, &a) == 1 ? i : 0;
}

static size_t span(const char *p, size_t avail, bool (*in)(int))
{
	size_t n = 0;
	while (n < avail && in((unsigned char)p[n]))
		n++;
	return n;
}

static bool is_alnum_c(int c) { return isalnum(c) != 0; }
static bool is_xdigit_c(int c) { return isxdigit(c) != 0; }
static bool is_digit_c(int c) { return isdigit(c) != 0; }

/* A number, hex number or digits with a unit: the kind and the length. */
static size_t number_len(const char *p, size_t avail, enum nft_tok_kind *k)
{
	*k = NT_NUM;
	if (avail > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2]))
		return 2 + span(p + 2, avail - 2, is_xdigit_c);
	size_t n = span(p, avail, is_digit_c);
	if (n < avail && isalpha((unsigned char)p[n])) {
		*k = NT_TIME;
		n += span(p + n, avail - n, is_alnum_c);
	}
	return n;
}

static const char *const two_char_ops[] = {"==", "!=", "<=", ">=", "<<", ">>"};
static const char one_char_ops[] = "{}()[];,:./-+=*&|^!<>~";

/* One token at lx->i (whitespace and comments already skipped). */
static int lex_one(struct lexer *lx, struct nf_error *err)
{
	const char *p = lx->s + lx->i;
	size_t avail = lx->len - lx->i;
	int line = lx->line, col = lx->col;
	size_t n;
	enum nft_tok_kind k;
	unsigned char c = (unsigned char)*p;

	if (c == '"') {
		const char *end = memchr(p + 1, '"', avail - 1);
		const char *nl = memchr(p + 1, '\n', avail - 1);
		if (!end || (nl && nl < end)) {
			snprintf(err->file, sizeof(err->file), "%s", lx->file);
			err->line = line;
			return nf_err(err, col - 1, "this string has no closing '\"' on its line");
		}
		push(lx, NT_STRING, p + 1, (size_t)(end - p - 1), line, col);
		advance(lx, (size_t)(end - p) + 1);
		return 0;
	}
	if ((c == '$' || c == '@') && avail > 1 && is_namec((unsigned char)p[1])) {
		n = 1 + span(p + 1, avail - 1, is_namec);
		push(lx, c == '$' ? NT_VAR : NT_SETREF, p + 1, n - 1, line, col);
		advance(lx, n);
		return 0;
	}
	if ((n = lladdr_len(p, avail)) || (n = ip6_len(p, avail))) {
		push(lx, n == 17 && lladdr_len(p, avail) ? NT_LLADDR : NT_IP6, p, n, line, col);
		advance(lx, n);
		return 0;
	}
	if (isdigit(c)) {
		if ((n = ip4_len(p, avail))) {
			k = NT_IP4;
		} else {
			n = number_len(p, avail, &k);
		}
		push(lx, k, p, n, line, col);
		advance(lx, n);
		return 0;
	}
	if (isalpha(c) || c == '_') {
		n = span(p, avail, is_wordc);
		push(lx, NT_WORD, p, n, line, col);
		advance(lx, n);
		return 0;
	}
	for (size_t o = 0; o < ARRAY_SIZE(two_char_ops); o++) {
		if (avail >= 2 && !strncmp(p, two_char_ops[o], 2)) {
			push(lx, NT_PUNCT, p, 2, line, col);
			advance(lx, 2);
			return 0;
		}
	}
	if (c && strchr(one_char_ops, c)) {
		push(lx, NT_PUNCT, p, 1, line, col);
		advance(lx, 1);
		return 0;
	}
	snprintf(err->file, sizeof(err->file), "%s", lx->file);
	err->line = line;
	if (isprint(c))
		return nf_err(err, col - 1, "unexpected character '%c'", c);
	return nf_err(err, col - 1, "unexpected byte 0x%02x", c);
}

/* nft -a prints handles as comments ("# handle 4"): they become the words
 * handle N, so the parser can keep them. */
static bool handle_comment(struct lexer *lx)
{
	const char *p = lx->s + lx->i;
	size_t avail = lx->len - lx->i;
	if (avail < 10 || strncmp(p, "# handle ", 9) || !isdigit((unsigned char)p[9]))
		return false;
	int line = lx->line, col = lx->col;
	size_t n = span(p + 9, avail - 9, is_digit_c);
	push(lx, NT_WORD, "handle", 6, line, col + 2);
	push(lx, NT_NUM, p + 9, n, line, col + 9);
	advance(lx, 9 + n);
	return true;
}

int nft_lex(const char *text, size_t len, const char *file, struct nft_toks *out, struct nf_error *err)
{
	struct lexer lx = {text, len, 0, 1, 1, file, out};
	while (lx.i < lx.len) {
		char c = text[lx.i];
		if (c == ' ' || c == '\t' || c == '\r') {
			advance(&lx, 1);
		} else if (c == '\\' && lx.i + 1 < lx.len && (text[lx.i + 1] == '\n' ||
				(text[lx.i + 1] == '\r' && lx.i + 2 < lx.len && text[lx.i + 2] == '\n'))) {
			advance(&lx, text[lx.i + 1] == '\n' ? 2 : 3);
		} else if (c == '#' && handle_comment(&lx)) {
			continue;
		} else if (c == '#') {
			while (lx.i < lx.len && text[lx.i] != '\n')
				advance(&lx, 1);
		} else if (c == '\n') {
			push(&lx, NT_NL, "\n", 1, lx.line, lx.col);
			advance(&lx, 1);
		} else if (lex_one(&lx, err)) {
			return -1;
		}
	}
	push(&lx, NT_EOF, "", 0, lx.line, lx.col);
	return 0;
}

void nft_toks_free(struct nft_toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	*t = (struct nft_toks){0};
}

const char *nft_tok_kind_name(enum nft_tok_kind k)
{
	static const char *const names[] = {
		[NT_EOF] = "the end of the file", [NT_NL] = "the end of the line", [NT_WORD] = "a word",
		[NT_NUM] = "a number", [NT_TIME] = "a time or size", [NT_IP4] = "an IPv4 address",
		[NT_IP6] = "an IPv6 address", [NT_LLADDR] = "a link-layer address", [NT_STRING] = "a string",
		[NT_VAR] = "a variable", [NT_SETREF] = "a set reference", [NT_PUNCT] = "punctuation",
	};
	return names[k];
}

bool nft_tok_is(const struct nft_tok *t, const char *p)
{
	return (t->kind == NT_PUNCT || t->kind == NT_WORD) && !strcmp(t->text, p);
}
