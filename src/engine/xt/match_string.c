/* match_string.c - -m string (xt_string): a pattern (--string TEXT or
 * --hex-string "|0d0a|" mixed with text) searched for in the packet's
 * bytes from --from to --to (offsets from the IP header, as
 * skb_find_text counts them; the pattern must lie wholly inside), with
 * --algo bm or kmp (both find the same matches) and --icase. */
#include "engine/xt/xt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define STRING_MAX 128 /* XT_STRING_MAX_PATTERN_SIZE */

struct string_info {
	uint8_t pat[STRING_MAX];
	size_t len;
	bool hex, inv, icase, given;
	char algo[8];
	uint32_t from, to;
};

enum { O_ALGO, O_FROM, O_TO, O_STRING, O_HEX, O_ICASE };

static const struct xt_option string_opts[] = {
	[O_ALGO] = {"algo", true, false, false},
	[O_FROM] = {"from", true, false, false},
	[O_TO] = {"to", true, false, false},
	[O_STRING] = {"string", true, true, false},
	[O_HEX] = {"hex-string", true, true, false},
	[O_ICASE] = {"icase", false, false, false},
	{NULL, false, false, false},
};

static void string_init(void *data)
{
	((struct string_info *)data)->to = 65535;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* "text|0d 0a|text": parse_hex_string of libxt_string. */
static bool parse_hex(const char *s, uint8_t *out, size_t *len)
{
	bool in_hex = false;
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '|') {
			in_hex = !in_hex;
			continue;
		}
		if (in_hex && s[i] == ' ')
			continue;
		if (n == STRING_MAX)
			return false;
		if (in_hex) {
			int hi = hexval((unsigned char)s[i]), lo = s[i + 1] ? hexval((unsigned char)s[i + 1]) : -1;
			if (hi < 0 || lo < 0)
				return false;
			out[n++] = (uint8_t)(hi << 4 | lo);
			i++;
		} else {
			out[n++] = (uint8_t)s[i];
		}
	}
	*len = n;
	return !in_hex && n > 0;
}

static int string_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct string_info *in = m->data;
	uint32_t v;
	switch (xt_option_index(string_opts, opt + 2)) {
	case O_ALGO:
		if (strcmp(arg, "bm") != 0 && strcmp(arg, "kmp") != 0)
			return nf_err(err, -1, "bad --algo \"%s\" (bm or kmp)", arg);
		str_copy(in->algo, sizeof(in->algo), arg);
		return 0;
	case O_FROM:
	case O_TO:
		if (!xt_parse_u32(arg, 65535, &v))
			return nf_err(err, -1, "bad %s \"%s\" (0-65535)", opt, arg);
		*(opt[2] == 'f' ? &in->from : &in->to) = v;
		return 0;
	case O_STRING:
		if (in->given)
			return nf_err(err, -1, "only one --string or --hex-string");
		in->len = strlen(arg);
		if (in->len == 0 || in->len > STRING_MAX)
			return nf_err(err, -1, "bad --string (1-%d bytes)", STRING_MAX);
		memcpy(in->pat, arg, in->len);
		in->given = true;
		in->inv = invert;
		return 0;
	case O_HEX:
		if (in->given)
			return nf_err(err, -1, "only one --string or --hex-string");
		if (!parse_hex(arg, in->pat, &in->len))
			return nf_err(err, -1, "bad --hex-string \"%s\" (text and |hex pairs|, 1-%d bytes)",
				      arg, STRING_MAX);
		in->given = in->hex = true;
		in->inv = invert;
		return 0;
	default:
		in->icase = true;
		return 0;
	}
}

static int string_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct string_info *in = m->data;
	if (!in->given)
		return nf_err(err, -1, "-m string needs --string or --hex-string");
	if (!in->algo[0])
		return nf_err(err, -1, "-m string needs --algo bm or --algo kmp");
	if (in->from > in->to)
		return nf_err(err, -1, "--from is after --to");
	return 0;
}

static void string_print(const struct match *m, struct strbuf *sb)
{
	const struct string_info *in = m->data;
	bool printable = true;
	for (size_t i = 0; i < in->len; i++)
		printable &= isprint(in->pat[i]) != 0;
	xt_print_inv(sb, in->inv);
	if (printable && !in->hex) {
		sb_adds(sb, " --string \"");
		for (size_t i = 0; i < in->len; i++)
			sb_addf(sb, "%s%c", in->pat[i] == '"' || in->pat[i] == '\\' ? "\\" : "",
				in->pat[i]);
	} else {
		sb_adds(sb, " --hex-string \"|");
		for (size_t i = 0; i < in->len; i++)
			sb_addf(sb, "%02x", in->pat[i]);
		sb_adds(sb, "|");
	}
	sb_addf(sb, "\" --algo %s", in->algo);
	if (in->from)
		sb_addf(sb, " --from %u", in->from);
	if (in->to != 65535)
		sb_addf(sb, " --to %u", in->to);
	if (in->icase)
		sb_adds(sb, " --icase");
}

static bool same(const uint8_t *a, const uint8_t *b, size_t n, bool icase)
{
	for (size_t i = 0; i < n; i++)
		if (icase ? tolower(a[i]) != tolower(b[i]) : a[i] != b[i])
			return false;
	return true;
}

static bool string_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct string_info *in = m->data;
	const struct packet *p = ctx->p;
	size_t end = p->len < (size_t)in->to ? p->len : in->to;
	long at = -1;
	for (size_t i = in->from; at < 0 && i + in->len <= end; i++)
		if (same(p->data + i, in->pat, in->len, in->icase))
			at = (long)i;
	if (at >= 0)
		snprintf(why, n, "found at byte %ld of the packet", at);
	else
		snprintf(why, n, "not in bytes %u-%zu of the packet", in->from, end);
	return (at >= 0) != in->inv;
}

const struct match_type match_string = {
	.name = "string",
	.options = string_opts,
	.data_size = sizeof(struct string_info),
	.init = string_init,
	.parse = string_parse,
	.final_check = string_check,
	.eval = string_eval,
	.print = string_print,
};
