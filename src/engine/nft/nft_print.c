/* nft_print.c - the ruleset as `nft list ruleset` prints it: a table's
 * objects, sets, flowtables and chains, each block after a blank line,
 * tabs for indentation, counters with their counts, defines expanded. */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_nat_flag(const char *k)
{
	static const char *const flags[] = {"persistent", "random", "fully-random", "netmap", "prefix"};
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (!strcmp(flags[i], k))
			return true;
	return false;
}

/* A statement of keywords and values: counter packets 0 bytes 0, dnat ip
 * to [2001:db8::1]:25, redirect to :53, masquerade random,persistent. */
static void words_print(struct strbuf *sb, const struct nft_stmt *s)
{
	sb_adds(sb, s->name);
	bool had_to = false, had_flag = false;
	for (size_t i = 0; i < s->nargs; i++) {
		const struct nft_arg *a = &s->args[i];
		if (a->key && !strcmp(a->key, ":")) {
			sb_adds(sb, had_to ? ":" : " to :");
			nft_expr_print(sb, a->val);
			continue;
		}
		if (a->key && !a->val && is_nat_flag(a->key)) {
			sb_addf(sb, "%s%s", had_flag ? "," : " ", a->key);
			had_flag = true;
			continue;
		}
		if (a->key)
			sb_addf(sb, " %s", a->key);
		if (!a->val)
			continue;
		sb_adds(sb, " ");
		bool to = a->key && !strcmp(a->key, "to");
		bool port_next = i + 1 < s->nargs && s->args[i + 1].key && !strcmp(s->args[i + 1].key, ":");
		if (to && port_next && a->val->kind == EK_VALUE && strchr(a->val->text, ':'))
			sb_addf(sb, "[%s]", a->val->text);
		else
			nft_expr_print(sb, a->val);
		had_to |= to;
	}
}

static void stmt_print(struct strbuf *sb, const struct nft_stmt *s)
{
	if (s->kind == SK_WORDS)
		words_print(sb, s);
	else
		nft_expr_print(sb, s->expr);
}

/* The selector a match tests (through a bitwise mask), or NULL. */
static const struct nft_expr *match_selector(const struct nft_stmt *s)
{
	if (s->kind != SK_MATCH || !s->expr || s->expr->kind != EK_RELATION)
		return NULL;
	const struct nft_expr *l = s->expr->sub[0];
	while (l->kind == EK_BINOP || l->kind == EK_CONCAT)
		l = l->sub[0];
	return l->kind == EK_SELECTOR ? l : NULL;
}

/* "ipv4" or "ipv6" when s is meta nfproto == that family, else NULL. */
static const char *nfproto_match(const struct nft_stmt *s)
{
	const struct nft_expr *l = match_selector(s);
	if (!l || strcmp(l->text, "meta nfproto") || strcmp(s->expr->text, "==") ||
	    s->expr->sub[1]->kind != EK_VALUE)
		return NULL;
	const char *v = s->expr->sub[1]->text;
	return !strcmp(v, "ipv4") || !strcmp(v, "2") ? "ipv4" : !strcmp(v, "ipv6") || !strcmp(v, "10") ? "ipv6" : NULL;
}

/* Does the match imply the family (ip saddr: ipv4; meta l4proto
 * ipv6-icmp: ipv6)? */
static bool implies_family(const struct nft_stmt *s, const char *fam)
{
	const struct nft_expr *l = match_selector(s);
	if (!l)
		return false;
	bool v4 = !strcmp(fam, "ipv4");
	const char *proto = l->sel->proto;
	if (!strcmp(proto, v4 ? "ip" : "ip6") || !strcmp(proto, v4 ? "icmp" : "icmpv6"))
		return true;
	if (strcmp(l->text, "meta l4proto") || s->expr->sub[1]->kind != EK_VALUE)
		return false;
	unsigned long p;
	const char *t = s->expr->sub[1]->text;
	return nft_sym_value(DT_L4PROTO, t, &p) && p == (v4 ? 1UL : 58UL);
}

/* The protocol number s matches when it is meta l4proto == P (ip
 * protocol, ip6 nexthdr likewise), or -1. */
static long l4proto_match(const struct nft_stmt *s)
{
	const struct nft_expr *l = match_selector(s);
	if (!l || l != s->expr->sub[0] || strcmp(s->expr->text, "==") ||
	    s->expr->sub[1]->kind != EK_VALUE ||
	    (strcmp(l->text, "meta l4proto") && strcmp(l->text, "ip protocol") &&
	     strcmp(l->text, "ip6 nexthdr")))
		return -1;
	unsigned long p;
	const char *t = s->expr->sub[1]->text;
	char *end;
	p = strtoul(t, &end, 0);
	if (*end && !nft_sym_value(DT_L4PROTO, t, &p))
		return -1;
	return (long)p;
}

/* Does e read a header of protocol p (tcp dport for 6)? */
static bool reads_l4(const struct nft_expr *e, long p)
{
	if (!e)
		return false;
	if (e->kind == EK_SELECTOR && e->sel) {
		unsigned long q;
		const char *proto = e->sel->proto;
		if (!strcmp(proto, "icmpv6"))
			proto = "ipv6-icmp";
		if (nft_sym_value(DT_L4PROTO, proto, &q) && (long)q == p)
			return true;
	}
	for (size_t i = 0; i < e->nsub; i++)
		if (reads_l4(e->sub[i], p))
			return true;
	return false;
}

/* nft lists an inet rule without a meta nfproto match that a later match
 * implies (netlink_delinearize's dependency killing): meta nfproto ipv4
 * ip saddr 10.0.0.1 is listed as ip saddr 10.0.0.1; and any rule without
 * a meta l4proto (ip protocol, ip6 nexthdr) match a later match of that
 * protocol's header implies: meta l4proto tcp ip saddr . tcp dport @s
 * is listed as ip saddr . tcp dport @s. */
static bool implied_dependency(const struct nft_rule *r, size_t i, enum nft_family fam)
{
	long l4 = l4proto_match(&r->stmts[i]);
	for (size_t j = i + 1; l4 >= 0 && j < r->nstmts && r->stmts[j].kind == SK_MATCH; j++)
		if (reads_l4(r->stmts[j].expr, l4))
			return true;
	const char *nf = fam == NF_FAM_INET ? nfproto_match(&r->stmts[i]) : NULL;
	if (!nf)
		return false;
	for (size_t j = i + 1; j < r->nstmts && r->stmts[j].kind == SK_MATCH; j++)
		if (implies_family(&r->stmts[j], nf))
			return true;
	return false;
}

void nft_rule_print(struct strbuf *sb, const struct nft_rule *r, enum nft_family fam)
{
	bool first = true;
	for (size_t i = 0; i < r->nstmts; i++) {
		if (implied_dependency(r, i, fam))
			continue;
		if (!first)
			sb_adds(sb, " ");
		stmt_print(sb, &r->stmts[i]);
		first = false;
	}
	if (r->comment)
		sb_addf(sb, "%scomment \"%s\"", first ? "" : " ", r->comment);
}

static void chain_print(struct strbuf *sb, const struct nft_chain *c, enum nft_family fam)
{
	sb_addf(sb, "\tchain %s {\n", c->name);
	if (c->comment)
		sb_addf(sb, "\t\tcomment \"%s\"\n", c->comment);
	if (c->base) {
		sb_addf(sb, "\t\ttype %s hook %s", c->type, c->hook);
		if (c->device)
			sb_addf(sb, " device \"%s\"", c->device);
		sb_adds(sb, " priority ");
		nft_prio_print(sb, c->prio, c->hook);
		sb_addf(sb, "; policy %s;\n", c->has_policy ? c->policy : "accept");
	}
	for (size_t i = 0; i < c->nrules; i++) {
		sb_adds(sb, "\t\t");
		nft_rule_print(sb, &c->rules[i], fam);
		sb_adds(sb, "\n");
	}
	sb_adds(sb, "\t}\n");
}

/* How many elements nft puts on a line (expression.c calculate_delim):
 * 5 numbers, 2 IPv4 addresses, 1 of anything else (IPv6 addresses,
 * concatenations: TYPE_IP6ADDR is not in its list). */
static size_t per_line(const struct nft_set *s)
{
	if (!s->type || strchr(s->type, '.'))
		return 1;
	enum nft_dtype t = nft_dtype_by_name(s->type);
	switch (t) {
	case DT_NFPROTO: case DT_INTEGER: case DT_L4PROTO: case DT_PORT: case DT_TCP_FLAGS:
	case DT_MARK: case DT_IFINDEX: case DT_CLASSID: case DT_UID: case DT_GID: case DT_CT_DIR:
		return 5;
	case DT_IPV4: case DT_CT_STATE: case DT_CT_STATUS: case DT_PKTTYPE:
		return 2;
	default:
		return 1;
	}
}

static void elements_print(struct strbuf *sb, const struct nft_set *s)
{
	size_t per = per_line(s);
	sb_adds(sb, "\t\telements = { ");
	for (size_t i = 0; i < s->elements->nsub; i++) {
		if (i)
			sb_adds(sb, i % per ? ", " : ",\n\t\t\t     ");
		nft_expr_print(sb, s->elements->sub[i]);
	}
	sb_adds(sb, " }\n");
}

static void set_print(struct strbuf *sb, const struct nft_set *s)
{
	sb_addf(sb, "\t%s %s {\n", s->is_map ? "map" : "set", s->name);
	if (s->type)
		sb_addf(sb, "\t\ttype %s", s->type);
	else if (s->typeof_text)
		sb_addf(sb, "\t\ttypeof %s", s->typeof_text);
	if (s->data_type)
		sb_addf(sb, " : %s", s->data_type);
	sb_adds(sb, "\n");
	if (s->size)
		sb_addf(sb, "\t\tsize %s\n", s->size);
	if (s->policy)
		sb_addf(sb, "\t\tpolicy %s\n", s->policy);
	if (s->flags)
		sb_addf(sb, "\t\tflags %s\n", s->flags);
	if (s->counter)
		sb_adds(sb, "\t\tcounter\n");
	if (s->timeout)
		sb_addf(sb, "\t\ttimeout %s\n", s->timeout);
	if (s->gc_interval)
		sb_addf(sb, "\t\tgc-interval %s\n", s->gc_interval);
	if (s->auto_merge)
		sb_adds(sb, "\t\tauto-merge\n");
	if (s->comment)
		sb_addf(sb, "\t\tcomment \"%s\"\n", s->comment);
	if (s->elements && s->elements->nsub)
		elements_print(sb, s);
	sb_adds(sb, "\t}\n");
}

/* Objects are kept as their statements; they are not modelled.  A ct
 * helper lists its l3proto, the table's family when none was given. */
static void object_print(struct strbuf *sb, const struct nft_object *o, enum nft_family fam)
{
	sb_addf(sb, "\t%s %s {\n", o->kind, o->name);
	const char *b = o->body ? o->body : "";
	bool l3proto = false;
	while (*b) {
		const char *nl = strchr(b, '\n');
		size_t n = nl ? (size_t)(nl - b) : strlen(b);
		sb_addf(sb, "\t\t%.*s\n", (int)n, b);
		l3proto |= !strncmp(b, "l3proto ", 8);
		b += n + (nl != NULL);
	}
	if (!strcmp(o->kind, "ct helper") && !l3proto)
		sb_addf(sb, "\t\tl3proto %s\n", nft_family_name(fam));
	sb_adds(sb, "\t}\n");
}

static void table_print(struct strbuf *sb, const struct nft_table *t)
{
	sb_addf(sb, "table %s %s {\n", nft_family_name(t->family), t->name);
	bool first = true;
	if (t->flags) {
		sb_addf(sb, "\tflags %s\n", t->flags);
		first = false;
	}
	for (int pass = 0; pass < 3; pass++) {
		/* ct helpers and named objects, then sets, then flowtables */
		for (size_t i = 0; i < t->nobjs; i++) {
			bool ft = !strcmp(t->objs[i].kind, "flowtable");
			if ((pass == 0 && !ft) || (pass == 2 && ft)) {
				if (!first)
					sb_adds(sb, "\n");
				object_print(sb, &t->objs[i], t->family);
				first = false;
			}
		}
		for (size_t i = 0; pass == 1 && i < t->nsets; i++) {
			if (!first)
				sb_adds(sb, "\n");
			set_print(sb, &t->sets[i]);
			first = false;
		}
	}
	for (size_t i = 0; i < t->nchains; i++) {
		if (!first)
			sb_adds(sb, "\n");
		chain_print(sb, &t->chains[i], t->family);
		first = false;
	}
	sb_adds(sb, "}\n");
}

void nft_print(struct strbuf *sb, const struct nft_ruleset *rs)
{
	for (size_t i = 0; i < rs->ntables; i++)
		table_print(sb, &rs->tables[i]);
}

/* The first word of the first line that is not blank or a comment. */
bool nft_detect(const char *text)
{
	static const char *const words[] = {"table", "flush", "define", "include", "add", "insert", "chain"};
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '#') {
			p += strcspn(p, "\n");
			continue;
		}
		break;
	}
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		size_t n = strlen(words[i]);
		if (!strncmp(p, words[i], n) && (p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return true;
	}
	return false;
}

/* Is the file at path an nftables ruleset (table, flush, define, include
 * at its top) rather than iptables-save output?  An unreadable file is
 * left to the iptables reader, which says why. */
bool nft_file_detect(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char head[4096];
	size_t n = fread(head, 1, sizeof(head) - 1, f);
	fclose(f);
	head[n] = '\0';
	return nft_detect(head);
}
