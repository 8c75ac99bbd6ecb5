/* match_u32.c - -m u32 --u32 "TESTS" (xt_u32): each test reads a 32-bit
 * big-endian word at a location in the packet (from the IP header), maybe
 * masked (&), shifted (<< >>) or used to move on (@: the word read so far
 * is added to the base, then the next number is read from there), and
 * compares it with a list of values or ranges; all tests joined by && must
 * hold.  A read past the packet's end fails the match, as u32_match_it. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U32_MAXTESTS 10
#define U32_MAXLOC 10
#define U32_MAXVAL 10

enum { OP_SET, OP_AND, OP_SHL, OP_SHR, OP_AT };

struct u32_test {
	uint8_t nloc, nval;
	struct {
		uint8_t op;
		uint32_t num;
	} loc[U32_MAXLOC + 1];
	uint32_t min[U32_MAXVAL + 1], max[U32_MAXVAL + 1];
};

struct u32_info {
	uint8_t ntests;
	bool inv;
	struct u32_test t[U32_MAXTESTS + 1];
};

static const struct xt_option u32_opts[] = {
	{"u32", true, true, false},
	{NULL, false, false, false},
};

static bool number(const char **s, uint32_t *out)
{
	while (**s == ' ')
		(*s)++;
	char *end;
	if (**s < '0' || **s > '9')
		return false;
	unsigned long long v = strtoull(*s, &end, 0);
	if (end == *s || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	*s = end;
	while (**s == ' ')
		(*s)++;
	return true;
}

static int u32_parse(struct match *m, const char *opt, const char *arg, bool invert,
		     struct nf_error *err)
{
	struct u32_info *in = m->data;
	const char *s = arg;
	in->inv = invert;
	for (;;) {
		if (in->ntests > U32_MAXTESTS)
			return nf_err(err, -1, "--u32: too many tests (at most %d)", U32_MAXTESTS + 1);
		struct u32_test *t = &in->t[in->ntests++];
		uint8_t op = OP_SET;
		for (;;) {
			if (t->nloc > U32_MAXLOC || !number(&s, &t->loc[t->nloc].num))
				return nf_err(err, -1, "--u32: expected a location at \"%s\"", s);
			t->loc[t->nloc++].op = op;
			if (*s == '&' && s[1] != '&')
				op = OP_AND, s++;
			else if (strncmp(s, "<<", 2) == 0)
				op = OP_SHL, s += 2;
			else if (strncmp(s, ">>", 2) == 0)
				op = OP_SHR, s += 2;
			else if (*s == '@')
				op = OP_AT, s++;
			else
				break;
		}
		if (*s++ != '=')
			return nf_err(err, -1, "--u32: expected '=' at \"%s\"", s - 1);
		for (;;) {
			if (t->nval > U32_MAXVAL || !number(&s, &t->min[t->nval]))
				return nf_err(err, -1, "--u32: expected a value at \"%s\"", s);
			t->max[t->nval] = t->min[t->nval];
			if (*s == ':') {
				s++;
				if (!number(&s, &t->max[t->nval]))
					return nf_err(err, -1, "--u32: expected a value at \"%s\"", s);
			}
			t->nval++;
			if (*s != ',')
				break;
			s++;
		}
		if (!*s)
			return 0;
		if (strncmp(s, "&&", 2) != 0)
			return nf_err(err, -1, "--u32: expected && at \"%s\"", s);
		s += 2;
	}
}

static int u32_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct u32_info *)m->data)->ntests)
		return nf_err(err, -1, "-m u32 needs --u32 TESTS");
	return 0;
}

static void u32_print(const struct match *m, struct strbuf *sb)
{
	static const char *const ops[] = {"", "&", "<<", ">>", "@"};
	const struct u32_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_adds(sb, " --u32 \"");
	for (unsigned i = 0; i < in->ntests; i++) {
		const struct u32_test *t = &in->t[i];
		if (i)
			sb_adds(sb, "&&");
		for (unsigned k = 0; k < t->nloc; k++)
			sb_addf(sb, "%s0x%x", ops[t->loc[k].op], t->loc[k].num);
		sb_adds(sb, "=");
		for (unsigned k = 0; k < t->nval; k++) {
			sb_addf(sb, "%s0x%x", k ? "," : "", t->min[k]);
			if (t->max[k] != t->min[k])
				sb_addf(sb, ":0x%x", t->max[k]);
		}
	}
	sb_adds(sb, "\"");
}

static uint32_t word_at(const struct packet *p, size_t at)
{
	const uint8_t *b = p->data + at;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool u32_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct u32_info *in = m->data;
	const struct packet *p = ctx->p;
	size_t len = p->len;
	for (unsigned i = 0; i < in->ntests; i++) {
		const struct u32_test *t = &in->t[i];
		size_t at = 0, pos = t->loc[0].num;
		if (len < 4 || pos > len - 4) {
			snprintf(why, n, "test %u reads past the packet's %zu bytes", i + 1, len);
			return in->inv;
		}
		uint32_t val = word_at(p, pos);
		for (unsigned k = 1; k < t->nloc; k++) {
			uint32_t num = t->loc[k].num;
			switch (t->loc[k].op) {
			case OP_AND:
				val &= num;
				break;
			case OP_SHL:
				val = num < 32 ? val << num : 0;
				break;
			case OP_SHR:
				val = num < 32 ? val >> num : 0;
				break;
			default:
				at += val;
				pos = num;
				if (at + 4 < at || len < at + 4 || pos > len - at - 4) {
					snprintf(why, n, "test %u reads past the packet's %zu bytes", i + 1,
						 len);
					return in->inv;
				}
				val = word_at(p, at + pos);
				break;
			}
		}
		bool hit = false;
		for (unsigned k = 0; k < t->nval && !hit; k++)
			hit = val >= t->min[k] && val <= t->max[k];
		if (!hit) {
			snprintf(why, n, "test %u read 0x%x, not among its values", i + 1, val);
			return in->inv;
		}
	}
	snprintf(why, n, "all %u test%s hold", in->ntests, in->ntests == 1 ? "" : "s");
	return !in->inv;
}

const struct match_type match_u32 = {
	.name = "u32",
	.options = u32_opts,
	.data_size = sizeof(struct u32_info),
	.parse = u32_parse,
	.final_check = u32_check,
	.eval = u32_eval,
	.print = u32_print,
};
