/* rule_token.c - split an iptables command into words the way the shell
 * that would run it does, remembering where each word began so errors can
 * point at it. */
#include "engine/xt/rule_priv.h"

#include <stdlib.h>
#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void push(struct rtokens *t, size_t *cap, struct strbuf *w, int col, int end)
{
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		t->v = xrealloc(t->v, *cap * sizeof(*t->v));
	}
	t->v[t->n++] = (struct rtoken){xstrdup(sb_str(w)), col, end};
	sb_reset(w);
}

/* One character; a format per character made loading a ruleset of 600
 * rules take tens of milliseconds. */
static void addc(struct strbuf *w, char c)
{
	char s[2] = {c, '\0'};
	sb_adds(w, s);
}

/* Inside "...": only these follow a backslash as themselves. */
static bool dq_escapable(char c)
{
	return c == '"' || c == '\\' || c == '$' || c == '`' || c == '\n';
}

/* Consume one quoted section starting at text[*i] (the quote); false when
 * the closing quote is missing. */
static bool quoted(const char *text, size_t *i, struct strbuf *w)
{
	char q = text[(*i)++];
	while (text[*i] && text[*i] != q) {
		if (q == '"' && text[*i] == '\\' && dq_escapable(text[*i + 1]))
			(*i)++;
		addc(w, text[(*i)++]);
	}
	if (!text[*i])
		return false;
	(*i)++;
	return true;
}

int rtokens_split(const char *text, struct rtokens *out, struct nf_error *err)
{
	struct strbuf w = STRBUF_INIT;
	size_t cap = 0, i = 0;
	out->v = NULL;
	out->n = 0;
	for (;;) {
		while (is_blank(text[i]))
			i++;
		if (!text[i] || text[i] == '#')
			break;
		int col = (int)i;
		sb_reset(&w);
		sb_adds(&w, ""); /* an empty quoted word is still a word */
		while (text[i] && !is_blank(text[i])) {
			if (text[i] == '\'' || text[i] == '"') {
				size_t qcol = i;
				if (!quoted(text, &i, &w)) {
					sb_free(&w);
					rtokens_free(out);
					return nf_err(err, (int)qcol, "unterminated %c quote",
						      text[qcol]);
				}
			} else if (text[i] == '\\' && text[i + 1]) {
				addc(&w, text[i + 1]);
				i += 2;
			} else {
				addc(&w, text[i++]);
			}
		}
		push(out, &cap, &w, col, (int)i);
	}
	sb_free(&w);
	return 0;
}

void rtokens_free(struct rtokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
