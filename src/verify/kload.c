/* kload.c - the scenario's rules in the kernel, and the map back from
 * what the trace names (table, chain, rule handle) to what the scenario
 * wrote (the n-th rule of a chain). */
#include "kload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/nf.h"
#include "lib/words.h"

void kruleset_free(struct kruleset *k)
{
	for (size_t i = 0; i < k->nrules; i++)
		free(k->rules[i].text);
	free(k->rules);
	free(k->chains);
	*k = (struct kruleset){0};
}

/* --- iptables commands -> iptables-restore sections --- */

struct table_lines {
	char name[16];
	struct strbuf text;
	int *src; /* scenario line index of each line in text */
	size_t n;
};

/* Words that name the program itself, as a shell line would start. */
static const char *const program_words[] = {"iptables", "iptables-nft", "iptables-legacy"};

static bool is_program_word(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(program_words); i++)
		if (strcmp(w, program_words[i]) == 0)
			return true;
	return false;
}

/* The table a command names and its text without the -t option (and
 * without a leading program name).  -1 with err->col at the bad word. */
static int split_table(const char *line, char *table, size_t tn, struct strbuf *rest,
		       struct nf_error *err)
{
	struct word_list w;
	if (word_split_line(&w, line, WORD_QUOTES) != WORD_OK)
		return nf_err(err, w.err_col, "unclosed quote");
	str_copy(table, tn, "filter");
	bool *cut = xcalloc(w.n ? w.n : 1, sizeof(*cut));
	int rc = 0;
	if (w.n && is_program_word(w.v[0].s))
		cut[0] = true;
	for (size_t i = 0; i < w.n && rc == 0; i++) {
		const char *t = w.v[i].s;
		if (strcmp(t, "-t") == 0 || strcmp(t, "--table") == 0) {
			if (i + 1 >= w.n) {
				rc = nf_err(err, (int)w.v[i].col, "`%s` needs a table name", t);
				break;
			}
			str_copy(table, tn, w.v[i + 1].s);
			cut[i] = cut[i + 1] = true;
			i++;
		} else if (str_starts(t, "--table=")) {
			str_copy(table, tn, t + strlen("--table="));
			cut[i] = true;
		} else if (str_starts(t, "-t") && t[2] && t[1] == 't' && t[0] == '-') {
			str_copy(table, tn, t + 2);
			cut[i] = true;
		}
	}
	if (rc == 0 && table_by_name(table) < 0)
		rc = nf_err(err, 0, "unknown table `%s`", table);
	/* Keep the original spelling (quotes included) of what is left. */
	size_t pos = 0;
	for (size_t i = 0; i < w.n && rc == 0; i++) {
		if (!cut[i]) {
			sb_addf(rest, "%s%.*s", pos ? " " : "", (int)(w.v[i].end - w.v[i].col),
				line + w.v[i].col);
			pos++;
		}
	}
	free(cut);
	word_list_free(&w);
	return rc;
}

static struct table_lines *table_slot(struct table_lines *v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	struct table_lines *t = &v[(*n)++];
	memset(t, 0, sizeof(*t));
	str_copy(t->name, sizeof(t->name), name);
	return t;
}

static void table_add(struct table_lines *t, const char *text, int src)
{
	sb_addf(&t->text, "%s\n", text);
	t->src = xrealloc(t->src, (t->n + 1) * sizeof(*t->src));
	t->src[t->n++] = src;
}

static void note_line(int *line_of, size_t nline_of, size_t out_line, int src)
{
	if (line_of && out_line < nline_of)
		line_of[out_line] = src;
}

/* One section: header, every built-in chain, the lines, COMMIT. */
static void emit_section(const struct table_lines *t, struct strbuf *out, size_t *out_line,
			 int *line_of, size_t nline_of)
{
	sb_addf(out, "*%s\n", t->name);
	note_line(line_of, nline_of, ++*out_line, -1);
	unsigned hooks = table_hooks((enum nf_table)table_by_name(t->name));
	for (int h = 0; h < HOOK_COUNT; h++) {
		if (hooks & HOOKBIT(h)) {
			sb_addf(out, ":%s ACCEPT [0:0]\n", hook_name((enum nf_hook)h));
			note_line(line_of, nline_of, ++*out_line, -1);
		}
	}
	sb_adds(out, sb_str(&t->text));
	for (size_t i = 0; i < t->n; i++)
		note_line(line_of, nline_of, ++*out_line, t->src[i]);
	sb_adds(out, "COMMIT\n");
	note_line(line_of, nline_of, ++*out_line, -1);
}

int kload_restore_text(const struct scenario *s, struct strbuf *out, int *line_of, size_t nline_of,
		       struct kruleset *k, struct nf_error *err)
{
	struct table_lines tables[TABLE_COUNT];
	size_t ntables = 0;
	int rc = 0;
	for (size_t i = 0; line_of && i < nline_of; i++)
		line_of[i] = -1;
	for (size_t i = 0; i < s->niptables && rc == 0; i++) {
		char table[16];
		struct strbuf rest = STRBUF_INIT;
		rc = split_table(s->iptables[i].text, table, sizeof(table), &rest, err);
		/* split_table accepts known tables only: at most TABLE_COUNT slots. */
		if (rc == 0)
			table_add(table_slot(tables, &ntables, table), sb_str(&rest), (int)i);
		if (rc) {
			str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
			err->line = s->iptables[i].line;
			err->col = s->iptables[i].col + (err->col > 0 ? err->col : 0);
		}
		sb_free(&rest);
	}
	size_t out_line = 0;
	for (size_t i = 0; i < ntables; i++) {
		if (rc == 0)
			emit_section(&tables[i], out, &out_line, line_of, nline_of);
		if (rc == 0 && k && k->ntables < ARRAY_SIZE(k->tables))
			str_copy(k->tables[k->ntables++], sizeof(k->tables[0]), tables[i].name);
		sb_free(&tables[i].text);
		free(tables[i].src);
	}
	return rc;
}

/* --- reading the kernel's listing back --- */

static void add_chain(struct kruleset *k, const char *table, const char *name, bool base)
{
	k->chains = xrealloc(k->chains, (k->nchains + 1) * sizeof(*k->chains));
	struct kchain *c = &k->chains[k->nchains++];
	str_copy(c->table, sizeof(c->table), table);
	str_copy(c->name, sizeof(c->name), name);
	c->base = base;
}

static struct kchain *find_chain(struct kruleset *k, const char *table, const char *name)
{
	for (size_t i = 0; i < k->nchains; i++)
		if (strcmp(k->chains[i].table, table) == 0 && strcmp(k->chains[i].name, name) == 0)
			return &k->chains[i];
	return NULL;
}

static void add_rule(struct kruleset *k, const char *table, const char *chain, uint64_t handle,
		     int pos)
{
	k->rules = xrealloc(k->rules, (k->nrules + 1) * sizeof(*k->rules));
	struct krule *r = &k->rules[k->nrules++];
	memset(r, 0, sizeof(*r));
	str_copy(r->table, sizeof(r->table), table);
	str_copy(r->chain, sizeof(r->chain), chain);
	r->handle = handle;
	r->pos = pos;
}

/* "chain NAME {" or "chain \"NAME\" {" -> NAME */
static void chain_name_of(const char *p, char *name, size_t n)
{
	p += strlen("chain ");
	if (*p == '"') {
		const char *end = strchr(p + 1, '"');
		size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
		snprintf(name, n, "%.*s", (int)len, p + 1);
		return;
	}
	size_t len = strcspn(p, " {");
	snprintf(name, n, "%.*s", (int)len, p);
}

/* The number after the last "# handle " of a line, or false. */
static bool handle_of(const char *line, uint64_t *h)
{
	const char *mark = NULL, *p = line;
	while ((p = strstr(p, "# handle ")) != NULL)
		mark = p++;
	if (!mark)
		return false;
	char num[24];
	size_t len = strspn(mark + strlen("# handle "), "0123456789");
	if (len == 0 || len >= sizeof(num))
		return false;
	snprintf(num, sizeof(num), "%.*s", (int)len, mark + strlen("# handle "));
	return parse_uint(num, UINT64_MAX, h);
}

void kload_parse_nft(const char *listing, const char *table, struct kruleset *k)
{
	char chain[64] = "";
	int pos = 0;
	const char *p = listing;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char line[1024];
		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		const char *t = line + strspn(line, " \t");
		uint64_t h;
		if (str_starts(t, "chain ")) {
			chain_name_of(t, chain, sizeof(chain));
			pos = 0;
			add_chain(k, table, chain, false);
		} else if (str_starts(t, "}")) {
			chain[0] = '\0';
		} else if (chain[0] && str_starts(t, "type ") && strstr(t, " hook ")) {
			find_chain(k, table, chain)->base = true;
		} else if (chain[0] && handle_of(t, &h)) {
			add_rule(k, table, chain, h, ++pos);
		}
	}
}

void kload_parse_save(const char *listing, const char *table, struct kruleset *k)
{
	char chain[64] = "";
	int pos = 0;
	const char *p = listing;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);
		p += len + (p[len] == '\n');
		if (str_starts(line, "-A ")) {
			char name[64];
			size_t nlen = strcspn(line + 3, " ");
			snprintf(name, sizeof(name), "%.*s", (int)nlen, line + 3);
			pos = strcmp(name, chain) == 0 ? pos + 1 : 1;
			str_copy(chain, sizeof(chain), name);
			for (size_t i = 0; i < k->nrules; i++) {
				struct krule *r = &k->rules[i];
				if (r->pos == pos && !r->text && strcmp(r->table, table) == 0 &&
				    strcmp(r->chain, name) == 0) {
					r->text = line;
					line = NULL;
					break;
				}
			}
		}
		free(line);
	}
}

/* The input line iptables-nft-restore names: "line 7 failed" (a commit
 * the kernel refused) or "Error occurred at line: 7" (a parse error).
 * 0 when none. */
static int failed_line(const char *text)
{
	static const char *const forms[] = {"line %d failed", "Error occurred at line: %d"};
	for (const char *p = text; *p; p++) {
		for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
			int n = 0;
			if (*p == forms[i][0] && sscanf(p, forms[i], &n) == 1 && n > 0)
				return n;
		}
	}
	return 0;
}

/* Why it refused: the first line that is not the program's advice. */
static void refusal(const char *text, char *buf, size_t n)
{
	buf[0] = '\0';
	while (*text && !buf[0]) {
		size_t len = strcspn(text, "\n");
		if (len && strncmp(text, "Try `", 5) != 0 && strncmp(text, "Error occurred", 14) != 0)
			snprintf(buf, n, "%.*s", (int)len, text);
		text += len + (text[len] == '\n');
	}
}

static int restore(const struct scenario *s, const struct netns *ns, const char *input,
		   const int *line_of, size_t nline_of, struct nf_error *err)
{
	const char *argv[] = {"iptables-nft-restore", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, argv, input, &r, err);
	if (rc) {
		int n = failed_line(sb_str(&r.err));
		int src = n > 0 && (size_t)n < nline_of ? line_of[n] : -1;
		char why[sizeof(err->msg)];
		refusal(sb_str(&r.err), why, sizeof(why));
		if (src >= 0) {
			struct strbuf msg = STRBUF_INIT;
			const struct scn_line *l = &s->iptables[src];
			sb_addf(&msg, "the kernel refused `%s`: %s", l->text, why[0] ? why : err->msg);
			str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
			err->line = l->line;
			err->col = l->col;
			str_copy(err->msg, sizeof(err->msg), sb_str(&msg));
			sb_free(&msg);
		}
	}
	cmd_result_free(&r);
	return rc;
}

static int read_back(const struct netns *ns, const char *table, struct kruleset *k,
		     struct nf_error *err)
{
	const char *nft[] = {"nft", "-a", "list", "table", "ip", table, NULL};
	const char *save[] = {"iptables-nft", "-t", table, "-S", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, nft, NULL, &r, err);
	if (rc == 0)
		kload_parse_nft(sb_str(&r.out), table, k);
	cmd_result_free(&r);
	if (rc == 0) {
		rc = ns_run(ns, save, NULL, &r, err);
		if (rc == 0)
			kload_parse_save(sb_str(&r.out), table, k);
		cmd_result_free(&r);
	}
	return rc;
}

int kload_rules(const struct scenario *s, const struct netns *ns, struct kruleset *k,
		struct nf_error *err)
{
	*k = (struct kruleset){0};
	size_t nline_of = s->niptables + 8 * TABLE_COUNT;
	int *line_of = xcalloc(nline_of, sizeof(*line_of));
	struct strbuf text = STRBUF_INIT;
	int rc = kload_restore_text(s, &text, line_of, nline_of, k, err);
	if (rc == 0 && k->ntables)
		rc = restore(s, ns, sb_str(&text), line_of, nline_of, err);
	for (size_t i = 0; i < k->ntables && rc == 0; i++)
		rc = read_back(ns, k->tables[i], k, err);
	sb_free(&text);
	free(line_of);
	return rc;
}

int kload_trace_table(const struct netns *ns, struct nf_error *err)
{
	static const char text[] =
		"table ip " KLOAD_TRACE_TABLE " {\n"
		"\tchain trace_in { type filter hook prerouting priority -500; policy accept;"
		" meta nftrace set 1; }\n"
		"\tchain trace_local { type filter hook output priority -500; policy accept;"
		" meta nftrace set 1; }\n"
		"\tchain " KLOAD_CHAIN_LOCAL_DONE " { type filter hook input priority 500;"
		" policy accept; }\n"
		"\tchain " KLOAD_CHAIN_OUT_DONE " { type filter hook postrouting priority 500;"
		" policy accept; }\n"
		"}\n";
	const char *argv[] = {"nft", "-f", "-", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, argv, text, &r, err);
	cmd_result_free(&r);
	return rc;
}

const struct krule *kruleset_rule(const struct kruleset *k, const char *table, uint64_t handle)
{
	for (size_t i = 0; i < k->nrules; i++)
		if (k->rules[i].handle == handle && strcmp(k->rules[i].table, table) == 0)
			return &k->rules[i];
	return NULL;
}

bool kruleset_is_base(const struct kruleset *k, const char *table, const char *chain)
{
	for (size_t i = 0; i < k->nchains; i++)
		if (strcmp(k->chains[i].table, table) == 0 && strcmp(k->chains[i].name, chain) == 0)
			return k->chains[i].base;
	return false;
}
