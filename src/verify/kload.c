/* kload.c - the scenario's rules in the kernel, and the map back from
 * what the trace names (table, chain, rule handle) to what the scenario
 * wrote (the n-th rule of a chain). */
#include "kload.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/nf.h"
#include "engine/xt/ipset.h"
#include "lib/inet.h"

/* The programs and nft's family word of each family's tables. */
struct family_tools {
	int family;
	const char *nft_family, *restore, *save;
};

static const struct family_tools family_tools[] = {
	{FAMILY_IPV4, "ip", "iptables-nft-restore", "iptables-nft"},
	{FAMILY_IPV6, "ip6", "ip6tables-nft-restore", "ip6tables-nft"},
};

static const struct family_tools *tools_of(int family)
{
	return &family_tools[family == FAMILY_IPV6];
}

static int family_of(const struct ruleset *rs)
{
	return rs->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
}

void kruleset_free(struct kruleset *k)
{
	for (size_t i = 0; i < k->nrules; i++)
		free(k->rules[i].text);
	free(k->rules);
	free(k->chains);
	*k = (struct kruleset){0};
}

/* --- the engine's parsed ruleset -> iptables-restore sections --- */

struct restore_out {
	struct strbuf *text;
	int *line_of; /* 1-based restore line -> scenario line index, or -1 */
	size_t nlines;
};

static void add_line(struct restore_out *o, int src, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_line(struct restore_out *o, int src, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(o->text, fmt, ap);
	va_end(ap);
	sb_adds(o->text, "\n");
	o->nlines++;
	o->line_of = xrealloc(o->line_of, (o->nlines + 1) * sizeof(*o->line_of));
	o->line_of[0] = -1;
	o->line_of[o->nlines] = src;
}

/* The scenario line a rule was written on, or -1. */
static int source_of(const struct scenario *s, const struct rule *r)
{
	for (size_t i = 0; r->src_line > 0 && i < s->niptables; i++)
		if (s->iptables[i].line == r->src_line)
			return (int)i;
	return -1;
}

/* One table: its chains (built-ins with their policy), its rules as the
 * engine's formatter prints them, COMMIT. */
static void emit_table(const struct scenario *s, const struct ruleset *rs, enum nf_table t,
		       struct restore_out *o)
{
	const struct table *tb = &rs->t[t];
	add_line(o, -1, "*%s", table_name(t));
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		add_line(o, -1, ":%s %s [0:0]", c->name, c->builtin ? verdict_name(c->policy) : "-");
	}
	struct strbuf rule = STRBUF_INIT;
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i];
		for (size_t k = 0; k < c->nrules; k++) {
			sb_reset(&rule);
			rule_format(c->rules[k], &rule);
			add_line(o, source_of(s, c->rules[k]), "-A %s%s%s", c->name,
				 rule.len ? " " : "", sb_str(&rule));
		}
	}
	sb_free(&rule);
	add_line(o, -1, "COMMIT");
}

void kload_restore_text(const struct scenario *s, const struct ruleset *rs, struct strbuf *out,
			int **line_of, size_t *nline_of, struct kruleset *k)
{
	struct restore_out o = {.text = out};
	for (int t = 0; t < TABLE_COUNT; t++) {
		if (!rs->t[t].loaded)
			continue;
		emit_table(s, rs, (enum nf_table)t, &o);
		if (k && k->ntables < ARRAY_SIZE(k->tables)) {
			k->tables[k->ntables].family = family_of(rs);
			str_copy(k->tables[k->ntables++].name, sizeof(k->tables[0].name),
				 table_name((enum nf_table)t));
		}
	}
	if (line_of) {
		*line_of = o.line_of;
		*nline_of = o.line_of ? o.nlines + 1 : 0;
	} else {
		free(o.line_of);
	}
}

/* --- reading the kernel's listing back --- */

static void add_chain(struct kruleset *k, int family, const char *table, const char *name,
		      bool base)
{
	k->chains = xrealloc(k->chains, (k->nchains + 1) * sizeof(*k->chains));
	struct kchain *c = &k->chains[k->nchains++];
	*c = (struct kchain){0}; /* before_ct: set only for nft base chains */
	c->family = family;
	str_copy(c->table, sizeof(c->table), table);
	str_copy(c->name, sizeof(c->name), name);
	c->base = base;
}

static struct kchain *find_chain(struct kruleset *k, int family, const char *table,
				 const char *name)
{
	for (size_t i = 0; i < k->nchains; i++)
		if (k->chains[i].family == family && strcmp(k->chains[i].table, table) == 0 &&
		    strcmp(k->chains[i].name, name) == 0)
			return &k->chains[i];
	return NULL;
}

static void add_rule(struct kruleset *k, int family, const char *table, const char *chain,
		     uint64_t handle, int pos)
{
	k->rules = xrealloc(k->rules, (k->nrules + 1) * sizeof(*k->rules));
	struct krule *r = &k->rules[k->nrules++];
	memset(r, 0, sizeof(*r));
	r->family = family;
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

/* The priority words nft lists (the inet/ip/ip6 ones). */
static const struct {
	const char *word;
	int prio;
} prio_words[] = {{"raw", -300}, {"mangle", -150}, {"dstnat", -100}, {"filter", 0},
		  {"security", 50}, {"srcnat", 100}};

/* "type filter hook prerouting priority raw; ..." (or "filter - 10",
 * "-400"): before conntrack's -200 at a hook where conntrack starts? */
static bool runs_before_ct(const char *t)
{
	const char *h = strstr(t, " hook "), *p = strstr(t, " priority ");
	if (!h || !p || (!str_starts(h + 6, "prerouting") && !str_starts(h + 6, "output")))
		return false;
	p += strlen(" priority ");
	int prio = 0, add = 0;
	char sign = 0;
	if (sscanf(p, "%d", &prio) != 1) {
		size_t len = strcspn(p, " ;");
		for (size_t i = 0; i < ARRAY_SIZE(prio_words); i++)
			if (strlen(prio_words[i].word) == len && !strncmp(p, prio_words[i].word, len))
				prio = prio_words[i].prio;
		if (sscanf(p + len, " %c %d", &sign, &add) == 2)
			prio += sign == '-' ? -add : sign == '+' ? add : 0;
	}
	return prio < -200;
}

/* A listed rule's length without its " # handle N". */
static size_t rule_len(const char *t)
{
	const char *mark = strstr(t, " # handle ");
	return mark ? (size_t)(mark - t) : strlen(t);
}

void kload_parse_nft(const char *listing, int family, const char *table, struct kruleset *k)
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
			add_chain(k, family, table, chain, false);
		} else if (str_starts(t, "}")) {
			chain[0] = '\0';
		} else if (chain[0] && str_starts(t, "type ") && strstr(t, " hook ")) {
			struct kchain *c = find_chain(k, family, table, chain);
			c->base = true;
			c->before_ct = runs_before_ct(t);
		} else if (chain[0] && handle_of(t, &h)) {
			add_rule(k, family, table, chain, h, ++pos);
			if (kruleset_is_nft(k, family, table))
				k->rules[k->nrules - 1].text = xstrndup(t, rule_len(t));
		}
	}
}

void kload_parse_save(const char *listing, int family, const char *table, struct kruleset *k)
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
				if (r->pos == pos && !r->text && r->family == family &&
				    strcmp(r->table, table) == 0 &&
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

static int restore(const struct scenario *s, const struct netns *ns, int family,
		   const char *input, const int *line_of, size_t nline_of, struct nf_error *err)
{
	const char *argv[] = {tools_of(family)->restore, NULL};
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

static int read_back(const struct netns *ns, int family, const char *table, struct kruleset *k,
		     struct nf_error *err)
{
	const struct family_tools *ft = tools_of(family);
	const char *nft[] = {"nft", "-a", "list", "table", ft->nft_family, table, NULL};
	const char *save[] = {ft->save, "-t", table, "-S", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, nft, NULL, &r, err);
	if (rc == 0)
		kload_parse_nft(sb_str(&r.out), family, table, k);
	cmd_result_free(&r);
	if (rc == 0) {
		rc = ns_run(ns, save, NULL, &r, err);
		if (rc == 0)
			kload_parse_save(sb_str(&r.out), family, table, k);
		cmd_result_free(&r);
	}
	return rc;
}

/* The sets first, as `ipset save` writes them (the rules name them). */
static int restore_sets(const struct scenario *s, const struct ruleset *rs,
			const struct netns *ns, struct nf_error *err)
{
	if (!rs->sets || !rs->sets->n)
		return 0;
	const char *argv[] = {"ipset", "restore", NULL};
	struct strbuf text = STRBUF_INIT;
	struct cmd_result r;
	ipset_save(rs->sets, 0, &text);
	int rc = ns_run(ns, argv, sb_str(&text), &r, err);
	if (rc) {
		char why[200];
		refusal(sb_str(&r.err), why, sizeof(why));
		str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
		err->line = s->nipsets ? s->ipsets[0].line : 0;
		err->col = s->nipsets ? s->ipsets[0].col : -1;
		snprintf(err->msg, sizeof(err->msg), "the kernel refused the sets (ipset restore): %s",
			 why[0] ? why : "failed");
	}
	cmd_result_free(&r);
	sb_free(&text);
	return rc;
}

/* One family's tables: restored in one go, then read back. */
static int load_family(const struct scenario *s, const struct ruleset *rs,
		       const struct netns *ns, struct kruleset *k, struct nf_error *err)
{
	size_t first = k->ntables;
	int *line_of = NULL;
	size_t nline_of = 0;
	struct strbuf text = STRBUF_INIT;
	kload_restore_text(s, rs, &text, &line_of, &nline_of, k);
	int rc = 0;
	if (k->ntables > first)
		rc = restore(s, ns, family_of(rs), sb_str(&text), line_of, nline_of, err);
	for (size_t i = first; i < k->ntables && rc == 0; i++)
		rc = read_back(ns, k->tables[i].family, k->tables[i].name, k, err);
	sb_free(&text);
	free(line_of);
	return rc;
}

int kload_rules(const struct scenario *s, const struct ruleset *rs, const struct ruleset *rs6,
		const struct netns *ns, struct kruleset *k, struct nf_error *err)
{
	*k = (struct kruleset){0};
	if (restore_sets(s, rs, ns, err) || load_family(s, rs, ns, k, err))
		return -1;
	return rs6 ? load_family(s, rs6, ns, k, err) : 0;
}

/* ICMPv6 types of MLD (130-132, 143): the router's own reports. */
#define MLD_TYPES "{ 130, 131, 132, 143 }"

void kload_trace_text(bool ipv6, bool keep_mld, struct strbuf *out)
{
	static const char *const families[] = {"ip", "ip6"};
	for (size_t f = 0; f < (ipv6 ? 2u : 1u); f++) {
		const char *quiet = f == 1 && !keep_mld ? " icmpv6 type " MLD_TYPES " drop;" : "";
		sb_addf(out,
			"table %s " KLOAD_TRACE_TABLE " {\n"
			"\tchain trace_in { type filter hook prerouting priority -500; policy accept;"
			" meta nftrace set 1; }\n"
			"\tchain trace_local { type filter hook output priority -500; policy accept;"
			"%s meta nftrace set 1; }\n"
			"\tchain " KLOAD_CHAIN_LOCAL_DONE " { type filter hook input priority 500;"
			" policy accept; }\n"
			"\tchain " KLOAD_CHAIN_OUT_DONE " { type filter hook postrouting priority 500;"
			" policy accept; }\n"
			"}\n",
			families[f], quiet);
	}
}

int kload_trace_table(const struct netns *ns, bool ipv6, bool keep_mld, struct nf_error *err)
{
	struct strbuf text = STRBUF_INIT;
	kload_trace_text(ipv6, keep_mld, &text);
	const char *argv[] = {"nft", "-f", "-", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, argv, sb_str(&text), &r, err);
	cmd_result_free(&r);
	sb_free(&text);
	return rc;
}

/* --- the scenario's nftables ruleset --- */

static const struct {
	enum nft_family f;
	int nfproto; /* nfgenmsg's family of such a table */
} nft_families[] = {{NF_FAM_IP, 2}, {NF_FAM_IP6, 10}, {NF_FAM_INET, 1}};

const char *kload_family_word(int family)
{
	static const char *const words[] = {[1] = "inet", [2] = "ip", [3] = "arp", [5] = "netdev",
					    [7] = "bridge", [10] = "ip6"};
	return family > 0 && (size_t)family < ARRAY_SIZE(words) && words[family] ? words[family]
										 : "?";
}

static int nfproto_of(enum nft_family f)
{
	for (size_t i = 0; i < ARRAY_SIZE(nft_families); i++)
		if (nft_families[i].f == f)
			return nft_families[i].nfproto;
	return 0;
}

bool kruleset_is_nft(const struct kruleset *k, int family, const char *table)
{
	for (size_t i = 0; i < k->ntables; i++)
		if (k->tables[i].nft && k->tables[i].family == family &&
		    strcmp(k->tables[i].name, table) == 0)
			return true;
	return false;
}

/* nft's complaint "/dev/stdin:7:3-9: Error: ..." (or FILE:7:...): the
 * line it names, 0 when none. */
static int nft_error_line(const char *text, int *col)
{
	for (const char *p = strstr(text, ": Error:"); p; p = NULL) {
		const char *q = p;
		while (q > text && q[-1] != '\n')
			q--;
		int line = 0, c = 0;
		const char *colon = strchr(q, ':');
		if (colon && colon < p && sscanf(colon, ":%d:%d", &line, &c) >= 1) {
			*col = c;
			return line;
		}
	}
	return 0;
}

static void nft_refused(const struct scenario *s, const char *why, struct nf_error *err)
{
	int col = 0;
	int line = nft_error_line(why, &col);
	const char *e = strstr(why, "Error: ");
	char msg[200];
	snprintf(msg, sizeof(msg), "%.*s", (int)strcspn(e ? e + 7 : why, "\n"), e ? e + 7 : why);
	str_copy(err->file, sizeof(err->file), s->nft_path ? s->nft_path : s->path ? s->path : "");
	if (line > 0 && !s->nft_path && s->nftables) {
		err->line = s->nft_line + line - 1;
		err->col = s->nft_col + col - 1;
	} else {
		err->line = line;
		err->col = line > 0 ? col : -1;
	}
	snprintf(err->msg, sizeof(err->msg), "the kernel refused the nftables ruleset (nft -f): %s",
		 msg);
}

int kload_nft(const struct scenario *s, const struct nft_ruleset *rs, const struct netns *ns,
	      struct kruleset *k, struct nf_error *err)
{
	if (!rs || (!s->nftables && !s->nft_path))
		return 0;
	const char *from_file[] = {"nft", "-f", s->nft_path, NULL};
	const char *from_text[] = {"nft", "-f", "-", NULL};
	struct cmd_result r;
	int rc = ns_run(ns, s->nft_path ? from_file : from_text, s->nft_path ? NULL : s->nftables,
			&r, err);
	if (rc)
		nft_refused(s, r.err.len ? sb_str(&r.err) : err->msg, err);
	cmd_result_free(&r);
	for (size_t i = 0; i < rs->ntables && rc == 0; i++) {
		const struct nft_table *t = &rs->tables[i];
		int fam = nfproto_of(t->family);
		if (kruleset_is_nft(k, fam, t->name) || k->ntables >= ARRAY_SIZE(k->tables))
			continue;
		k->tables[k->ntables].family = fam;
		k->tables[k->ntables].nft = true;
		str_copy(k->tables[k->ntables++].name, sizeof(k->tables[0].name), t->name);
		const char *argv[] = {"nft", "-a", "list", "table", nft_family_name(t->family),
				      t->name, NULL};
		rc = ns_run(ns, argv, NULL, &r, err);
		if (rc == 0)
			kload_parse_nft(sb_str(&r.out), fam, t->name, k);
		cmd_result_free(&r);
	}
	return rc;
}

const struct krule *kruleset_rule(const struct kruleset *k, int family, const char *table,
				  uint64_t handle)
{
	for (size_t i = 0; i < k->nrules; i++)
		if (k->rules[i].handle == handle && k->rules[i].family == family &&
		    strcmp(k->rules[i].table, table) == 0)
			return &k->rules[i];
	return NULL;
}

bool kruleset_before_ct(const struct kruleset *k, int family, const char *table,
			const char *chain)
{
	for (size_t i = 0; i < k->nchains; i++)
		if (k->chains[i].family == family && strcmp(k->chains[i].table, table) == 0 &&
		    strcmp(k->chains[i].name, chain) == 0)
			return k->chains[i].before_ct;
	return false;
}

bool kruleset_is_base(const struct kruleset *k, int family, const char *table,
		      const char *chain)
{
	for (size_t i = 0; i < k->nchains; i++)
		if (k->chains[i].family == family && strcmp(k->chains[i].table, table) == 0 &&
		    strcmp(k->chains[i].name, chain) == 0)
			return k->chains[i].base;
	return false;
}
