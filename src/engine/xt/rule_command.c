/* rule_command.c - one iptables command applied to the ruleset:
 *   [iptables] [-t TABLE] -A|-I|-D|-R|-N|-X|-F|-Z|-P|-E ... [rule]
 * with long forms (--append, --table=nat, ...) and the command's words in
 * any order, as getopt lets iptables take them.  The table a command
 * names is loaded, like the kernel module iptables would load. */
#include "engine/xt/rule_priv.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/words.h"

/* --- the command's words --- */

int rtokens_split(const char *text, struct rtokens *out, struct nf_error *err)
{
	struct word_list wl;
	*out = (struct rtokens){0};
	if (word_split_line(&wl, text, WORD_QUOTES | WORD_ESCAPES | WORD_COMMENT) != WORD_OK)
		return nf_err(err, wl.err_col, "unterminated %c quote", text[wl.err_col]);
	out->v = wl.v ? wl.v : xmalloc(sizeof(*out->v));
	out->n = wl.n;
	out->buf = wl.buf;
	return 0;
}

int rtokens_split_room(const char *text, struct rtokens *out, struct rtokens_room *room,
		       struct nf_error *err)
{
	struct word_list wl;
	struct word_store st = {room->v, RTOKENS_ROOM, room->buf, sizeof(room->buf)};
	*out = (struct rtokens){0};
	if (word_split_into(&wl, text, strlen(text),
			    &(struct word_opts){.flags = WORD_QUOTES | WORD_ESCAPES | WORD_COMMENT},
			    &st) != WORD_OK)
		return nf_err(err, wl.err_col, "unterminated %c quote", text[wl.err_col]);
	/* the words and their text stay where the splitter put them */
	out->v = wl.v;
	out->n = wl.n;
	out->buf = wl.buf == room->buf ? NULL : wl.buf;
	return 0;
}

void rtokens_release(struct rtokens *t, const struct rtokens_room *room)
{
	if (t->v != room->v)
		free(t->v);
	free(t->buf);
	*t = (struct rtokens){0};
}

void rtokens_free(struct rtokens *t)
{
	free(t->v);
	free(t->buf);
	*t = (struct rtokens){0};
}

enum operand {
	OPD_NONE,
	OPD_OPTIONAL, /* a word not starting with '-' or '!', if present */
	OPD_REQUIRED,
	OPD_NUMBER_OPTIONAL, /* a rule number, if the next word is one */
};

struct cmdline;

struct command {
	char letter;
	const char *name;
	enum operand chain, arg2;
	bool takes_rule;
	int (*run)(struct ruleset *rs, struct cmdline *cl);
};

struct word {
	const char *s;
	int col;
};

struct cmdline {
	const struct command *cmd;
	struct word cmdword, chain, arg2;
	enum nf_table table;
	int family;          /* the ruleset's: FAMILY_IPV4 or FAMILY_IPV6 */
	struct rtokens rule; /* borrowed words of the rule arguments */
	const char *text;
	int src_line;
	struct nf_error *err;
};

/* --- helpers --- */

static struct chain *need_chain(struct ruleset *rs, struct cmdline *cl)
{
	struct chain *c = ruleset_chain(rs, cl->table, cl->chain.s);
	if (!c)
		nf_err(cl->err, cl->chain.col, "no chain \"%s\" in table %s", cl->chain.s,
		       table_name(cl->table));
	return c;
}

static struct rule *parse_rule(struct cmdline *cl)
{
	return rule_parse_tokens(&cl->rule, 0, cl->rule.n, cl->text, cl->family, cl->table, cl->chain.s,
				 cl->src_line, cl->err);
}

/* Rule number n (1-based) of c, accepting n up to nrules + extra. */
static int rule_number(struct cmdline *cl, const struct chain *c, size_t extra, size_t *out)
{
	uint64_t n;
	if (!parse_uint(cl->arg2.s, UINT32_MAX, &n) || n == 0)
		return nf_err(cl->err, cl->arg2.col, "bad rule number \"%s\"", cl->arg2.s);
	if (n > c->nrules + extra)
		return nf_err(cl->err, cl->arg2.col, "chain %s has %zu rule%s: no rule %s",
			      c->name, c->nrules, c->nrules == 1 ? "" : "s", cl->arg2.s);
	*out = (size_t)n - 1;
	return 0;
}

/* Insert a parsed rule; errors of the whole-table checks point at the
 * command word. */
static int insert_rule(struct ruleset *rs, struct cmdline *cl, struct chain *c, size_t pos,
		       struct rule *r)
{
	if (ruleset_insert(rs, cl->table, c, pos, r, cl->err) < 0) {
		rule_free(r);
		if (cl->err->col < 0)
			cl->err->col = cl->cmdword.col;
		return -1;
	}
	return 0;
}

/* --lenient: the rule that did not parse keeps its place as a stand-in
 * that names what nfwalk lacks ("-m string") or why it was refused. */
static int keep_unevaluable(struct ruleset *rs, struct cmdline *cl, struct chain *c, size_t pos)
{
	char what[160], name[48];
	const char *msg = cl->err->msg;
	if (sscanf(msg, "match \"%47[^\"]\" is not supported", name) == 1)
		snprintf(what, sizeof(what), "-m %s", name);
	else if (sscanf(msg, "target \"%47[^\"]\" is not supported", name) == 1)
		snprintf(what, sizeof(what), "-j %s", name);
	else
		snprintf(what, sizeof(what), "this rule (%.140s)", msg);
	struct rule *r = rule_unevaluable(cl->text + cl->rule.v[0].col, what, cl->src_line);
	if (ruleset_insert(rs, cl->table, c, pos, r, cl->err) < 0) {
		rule_free(r);
		return -1;
	}
	rs->unevaluable++;
	return 0;
}

static int add_rule_at(struct ruleset *rs, struct cmdline *cl, bool append)
{
	struct chain *c = need_chain(rs, cl);
	size_t pos = 0;
	if (!c)
		return -1;
	if (append)
		pos = c->nrules;
	else if (cl->arg2.s && rule_number(cl, c, 1, &pos) < 0)
		return -1;
	struct rule *r = parse_rule(cl);
	if (!r && rs->lenient && cl->rule.n)
		return keep_unevaluable(rs, cl, c, pos);
	return r ? insert_rule(rs, cl, c, pos, r) : -1;
}

static void remove_rule(struct chain *c, size_t pos)
{
	rule_free(c->rules[pos]);
	memmove(&c->rules[pos], &c->rules[pos + 1], (c->nrules - pos - 1) * sizeof(*c->rules));
	c->nrules--;
	table_graph_stale();
}

/* Rules that jump or go to chain `name`, for -X and -E. */
static const struct chain *referrer(const struct ruleset *rs, enum nf_table t, const char *name)
{
	const struct table *tb = &rs->t[t];
	for (size_t i = 0; i < tb->nchains; i++)
		for (size_t k = 0; k < tb->chains[i]->nrules; k++) {
			const struct rule *r = tb->chains[i]->rules[k];
			if (r->jump && strcmp(r->jump, name) == 0)
				return tb->chains[i];
		}
	return NULL;
}

/* --- the commands --- */

static int cmd_append(struct ruleset *rs, struct cmdline *cl)
{
	return add_rule_at(rs, cl, true);
}

static int cmd_insert(struct ruleset *rs, struct cmdline *cl)
{
	return add_rule_at(rs, cl, false);
}

static int cmd_delete(struct ruleset *rs, struct cmdline *cl)
{
	struct chain *c = need_chain(rs, cl);
	size_t pos;
	if (!c)
		return -1;
	if (cl->arg2.s) {
		if (cl->rule.n)
			return nf_err(cl->err, cl->rule.v[0].col,
				      "-D takes a rule number or a rule, not both");
		if (rule_number(cl, c, 0, &pos) < 0)
			return -1;
		remove_rule(c, pos);
		return 0;
	}
	struct rule *r = parse_rule(cl);
	if (!r)
		return -1;
	for (pos = 0; pos < c->nrules && !rule_same(c->rules[pos], r); pos++)
		;
	rule_free(r);
	if (pos == c->nrules)
		return nf_err(cl->err, cl->cmdword.col, "no rule in %s is the same as this one",
			      c->name);
	remove_rule(c, pos);
	return 0;
}

static int cmd_replace(struct ruleset *rs, struct cmdline *cl)
{
	struct chain *c = need_chain(rs, cl);
	size_t pos;
	if (!c || rule_number(cl, c, 0, &pos) < 0)
		return -1;
	struct rule *r = parse_rule(cl);
	if (!r)
		return -1;
	struct rule *old = c->rules[pos];
	memmove(&c->rules[pos], &c->rules[pos + 1], (c->nrules - pos - 1) * sizeof(*c->rules));
	c->nrules--;
	table_graph_stale();
	if (insert_rule(rs, cl, c, pos, r) < 0) {
		struct nf_error keep = *cl->err;
		ruleset_insert(rs, cl->table, c, pos, old, cl->err);
		*cl->err = keep;
		return -1;
	}
	rule_free(old);
	return 0;
}

static int cmd_new_chain(struct ruleset *rs, struct cmdline *cl)
{
	if (!ruleset_new_chain(rs, cl->table, cl->chain.s, cl->err)) {
		cl->err->col = cl->chain.col;
		return -1;
	}
	return 0;
}

static int delete_chain(struct ruleset *rs, struct cmdline *cl, struct chain *c)
{
	struct table *tb = &rs->t[cl->table];
	const struct chain *by = referrer(rs, cl->table, c->name);
	if (c->builtin)
		return nf_err(cl->err, cl->chain.col, "cannot delete the built-in chain %s", c->name);
	if (c->nrules)
		return nf_err(cl->err, cl->chain.col,
			      "chain %s is not empty: flush it first (-F %s)", c->name, c->name);
	if (by)
		return nf_err(cl->err, cl->chain.col, "chain %s is still used by a rule in %s",
			      c->name, by->name);
	size_t i = 0;
	while (tb->chains[i] != c)
		i++;
	memmove(&tb->chains[i], &tb->chains[i + 1], (tb->nchains - i - 1) * sizeof(*tb->chains));
	tb->nchains--;
	table_graph_stale();
	free(c->rules);
	free(c->name);
	free(c);
	return 0;
}

static int cmd_delete_chain(struct ruleset *rs, struct cmdline *cl)
{
	struct table *tb = &rs->t[cl->table];
	if (cl->chain.s) {
		struct chain *c = need_chain(rs, cl);
		return c ? delete_chain(rs, cl, c) : -1;
	}
	/* Without a name: every user chain, each empty, none used by a
	 * built-in chain; all or nothing, as the table is replaced at once. */
	for (size_t i = 0; i < tb->nchains; i++) {
		const struct chain *c = tb->chains[i], *by;
		if (c->builtin)
			continue;
		if (c->nrules)
			return nf_err(cl->err, cl->cmdword.col,
				      "chain %s is not empty: flush it first (-F)", c->name);
		if ((by = referrer(rs, cl->table, c->name)))
			return nf_err(cl->err, cl->cmdword.col,
				      "chain %s is still used by a rule in %s", c->name, by->name);
	}
	for (size_t i = tb->nchains; i-- > 0;)
		if (!tb->chains[i]->builtin && delete_chain(rs, cl, tb->chains[i]) < 0)
			return -1;
	return 0;
}

static void flush_chain(struct chain *c)
{
	while (c->nrules)
		remove_rule(c, c->nrules - 1);
}

static int cmd_flush(struct ruleset *rs, struct cmdline *cl)
{
	struct table *tb = &rs->t[cl->table];
	if (cl->chain.s) {
		struct chain *c = need_chain(rs, cl);
		if (!c)
			return -1;
		flush_chain(c);
		return 0;
	}
	for (size_t i = 0; i < tb->nchains; i++)
		flush_chain(tb->chains[i]);
	return 0;
}

static void zero_chain(struct chain *c)
{
	c->policy_pkts = c->policy_bytes = 0;
	for (size_t k = 0; k < c->nrules; k++)
		c->rules[k]->pkts = c->rules[k]->bytes = 0;
}

static int cmd_zero(struct ruleset *rs, struct cmdline *cl)
{
	struct table *tb = &rs->t[cl->table];
	if (!cl->chain.s) {
		for (size_t i = 0; i < tb->nchains; i++)
			zero_chain(tb->chains[i]);
		return 0;
	}
	struct chain *c = need_chain(rs, cl);
	size_t pos;
	if (!c)
		return -1;
	if (!cl->arg2.s) {
		zero_chain(c);
		return 0;
	}
	if (rule_number(cl, c, 0, &pos) < 0)
		return -1;
	c->rules[pos]->pkts = c->rules[pos]->bytes = 0;
	return 0;
}

static int cmd_policy(struct ruleset *rs, struct cmdline *cl)
{
	struct chain *c = need_chain(rs, cl);
	if (!c)
		return -1;
	if (!c->builtin)
		return nf_err(cl->err, cl->chain.col,
			      "only built-in chains have a policy; %s is a user chain", c->name);
	if (strcmp(cl->arg2.s, "ACCEPT") == 0)
		c->policy = V_ACCEPT;
	else if (strcmp(cl->arg2.s, "DROP") == 0 && cl->table == TABLE_NAT)
		return nf_err(cl->err, cl->arg2.col,
			      "the nat table is not for filtering: iptables refuses a DROP policy");
	else if (strcmp(cl->arg2.s, "DROP") == 0)
		c->policy = V_DROP;
	else
		return nf_err(cl->err, cl->arg2.col, "a policy is ACCEPT or DROP, not \"%s\"",
			      cl->arg2.s);
	return 0;
}

static int cmd_rename(struct ruleset *rs, struct cmdline *cl)
{
	struct chain *c = need_chain(rs, cl);
	if (!c)
		return -1;
	if (c->builtin)
		return nf_err(cl->err, cl->chain.col, "cannot rename the built-in chain %s", c->name);
	/* Validate the new name by creating it, then take its place. */
	struct table *tb = &rs->t[cl->table];
	if (!ruleset_new_chain(rs, cl->table, cl->arg2.s, cl->err)) {
		cl->err->col = cl->arg2.col;
		return -1;
	}
	struct chain *fresh = tb->chains[--tb->nchains];
	table_graph_stale();
	for (size_t i = 0; i < tb->nchains; i++)
		for (size_t k = 0; k < tb->chains[i]->nrules; k++) {
			struct rule *r = tb->chains[i]->rules[k];
			if (r->jump && strcmp(r->jump, c->name) == 0) {
				free(r->jump);
				r->jump = xstrdup(fresh->name);
			}
		}
	free(c->name);
	c->name = fresh->name;
	c->name_n = fresh->name_n;
	free(fresh);
	return 0;
}

static const struct command commands[] = {
	{'A', "--append", OPD_REQUIRED, OPD_NONE, true, cmd_append},
	{'I', "--insert", OPD_REQUIRED, OPD_NUMBER_OPTIONAL, true, cmd_insert},
	{'D', "--delete", OPD_REQUIRED, OPD_NUMBER_OPTIONAL, true, cmd_delete},
	{'R', "--replace", OPD_REQUIRED, OPD_REQUIRED, true, cmd_replace},
	{'N', "--new-chain", OPD_REQUIRED, OPD_NONE, false, cmd_new_chain},
	{'X', "--delete-chain", OPD_OPTIONAL, OPD_NONE, false, cmd_delete_chain},
	{'F', "--flush", OPD_OPTIONAL, OPD_NONE, false, cmd_flush},
	{'Z', "--zero", OPD_OPTIONAL, OPD_NUMBER_OPTIONAL, false, cmd_zero},
	{'P', "--policy", OPD_REQUIRED, OPD_REQUIRED, false, cmd_policy},
	{'E', "--rename-chain", OPD_REQUIRED, OPD_REQUIRED, false, cmd_rename},
};

/* Commands that only list or check: refused with a reason. */
static const char *const listing[] = {"-L", "--list", "-S", "--list-rules", "-C", "--check"};

/* Options that change nothing in the ruleset: accepted, as iptables does. */
static const char *const harmless[] = {"-v", "--verbose", "-n", "--numeric", "-x", "--exact",
				       "--line-numbers"};

/* --- reading the words --- */

struct scan {
	const struct rtokens *t;
	size_t i;
	struct cmdline *cl;
	size_t rule_cap;
};

/* The option's value: attached ("-tnat", "--table=nat") or the next word. */
static bool option_value(struct scan *sc, const char *word, size_t name_len, struct word *out)
{
	const struct word_tok *tk = &sc->t->v[sc->i - 1];
	if (word[name_len] == '=' || (word[1] != '-' && word[name_len])) {
		size_t skip = name_len + (word[name_len] == '=');
		*out = (struct word){word + skip, tk->col + (int)skip};
		return true;
	}
	if (sc->i >= sc->t->n)
		return false;
	*out = (struct word){sc->t->v[sc->i].s, sc->t->v[sc->i].col};
	sc->i++;
	return true;
}

/* Does word name the option with this letter / long name?  Returns the
 * length of the name part, 0 if not. */
static size_t option_is(const char *word, char letter, const char *name)
{
	size_t n = strlen(name);
	if (word[0] == '-' && word[1] == letter && word[1] != '-')
		return 2;
	if (strncmp(word, name, n) == 0 && (word[n] == '\0' || word[n] == '='))
		return n;
	return 0;
}

static bool operand_here(const struct scan *sc)
{
	return sc->i < sc->t->n && sc->t->v[sc->i].s[0] != '-' && sc->t->v[sc->i].s[0] != '!';
}

static bool number_here(const struct scan *sc)
{
	uint64_t n;
	return sc->i < sc->t->n && parse_uint(sc->t->v[sc->i].s, UINT32_MAX, &n);
}

static int read_operand(struct scan *sc, enum operand kind, struct word *out, const char *what)
{
	struct cmdline *cl = sc->cl;
	bool present = kind == OPD_NUMBER_OPTIONAL ? number_here(sc)
		       : kind == OPD_REQUIRED	  ? sc->i < sc->t->n
						  : operand_here(sc);
	if (kind == OPD_NONE || !present) {
		if (kind == OPD_REQUIRED)
			return nf_err(cl->err, cl->cmdword.col, "-%c needs %s", cl->cmd->letter,
				      what);
		return 0;
	}
	*out = (struct word){sc->t->v[sc->i].s, sc->t->v[sc->i].col};
	sc->i++;
	return 0;
}

static int read_command(struct scan *sc, const struct command *cmd, const char *word,
			size_t name_len)
{
	struct cmdline *cl = sc->cl;
	const struct word_tok *tk = &sc->t->v[sc->i - 1];
	if (cl->cmd)
		return nf_err(cl->err, tk->col, "one command at a time: %s and %s",
			      cl->cmd->name, cmd->name);
	cl->cmd = cmd;
	cl->cmdword = (struct word){tk->s, tk->col};
	bool attached = word[name_len] != '\0';
	if (attached || cmd->chain == OPD_REQUIRED) {
		if (!option_value(sc, word, name_len, &cl->chain))
			return nf_err(cl->err, tk->col, "-%c needs a chain name", cmd->letter);
	} else if (cmd->chain == OPD_OPTIONAL && operand_here(sc)) {
		cl->chain = (struct word){sc->t->v[sc->i].s, sc->t->v[sc->i].col};
		sc->i++;
	}
	const char *what = cmd->run == cmd_policy	? "a policy (ACCEPT or DROP)"
			   : cmd->run == cmd_rename ? "the new chain name"
						    : "a rule number";
	return read_operand(sc, cmd->arg2, &cl->arg2, what);
}

static void add_rule_word(struct scan *sc, const struct word_tok *tk)
{
	struct rtokens *r = &sc->cl->rule;
	if (r->n == sc->rule_cap) {
		sc->rule_cap = sc->rule_cap ? sc->rule_cap * 2 : 16;
		r->v = xrealloc(r->v, sc->rule_cap * sizeof(*r->v));
	}
	r->v[r->n++] = *tk;
}

static bool in_list(const char *const *list, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], word) == 0)
			return true;
	return false;
}

static int read_table(struct scan *sc, const char *word, size_t name_len)
{
	struct word w;
	int col = sc->t->v[sc->i - 1].col;
	if (!option_value(sc, word, name_len, &w))
		return nf_err(sc->cl->err, col, "-t needs a table name");
	int t = table_by_name(w.s);
	if (t < 0)
		return nf_err(sc->cl->err, w.col,
			      "unknown table \"%s\" (raw, mangle, nat, filter or security)", w.s);
	sc->cl->table = (enum nf_table)t;
	return 0;
}

/* A bare "-w" may be followed by a number of seconds. */
static void skip_wait(struct scan *sc, const char *word)
{
	if ((strcmp(word, "-w") == 0 || strcmp(word, "--wait") == 0) && number_here(sc))
		sc->i++;
}

static int read_word(struct scan *sc)
{
	const struct word_tok *tk = &sc->t->v[sc->i++];
	const char *w = tk->s;
	size_t n;
	if ((n = option_is(w, 't', "--table")))
		return read_table(sc, w, n);
	if (option_is(w, 'w', "--wait")) {
		skip_wait(sc, w);
		return 0;
	}
	if (in_list(harmless, ARRAY_SIZE(harmless), w))
		return 0;
	if (in_list(listing, ARRAY_SIZE(listing), w))
		return nf_err(sc->cl->err, tk->col,
			      "%s only shows or checks rules; a scenario sets them up", w);
	/* -4 / -6: iptables-restore's per-line family filter; a line of the
	 * other family is one the program would ignore, which nfwalk
	 * refuses rather than drop silently. */
	bool v4 = strcmp(w, "-4") == 0 || strcmp(w, "--ipv4") == 0;
	if (v4 || strcmp(w, "-6") == 0 || strcmp(w, "--ipv6") == 0) {
		if ((v4 ? FAMILY_IPV4 : FAMILY_IPV6) == sc->cl->family)
			return 0;
		return nf_err(sc->cl->err, tk->col, "%s: this command is for %s, not %s", w,
			      v4 ? "iptables" : "ip6tables", ruleset_program(sc->cl->family));
	}
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
		if ((n = option_is(w, commands[k].letter, commands[k].name)))
			return read_command(sc, &commands[k], w, n);
	/* A rule option with its arguments. */
	size_t span = rule_word_span(sc->t, sc->i - 1);
	add_rule_word(sc, tk);
	for (size_t k = 1; k < span; k++)
		add_rule_word(sc, &sc->t->v[sc->i++]);
	return 0;
}

/* The program word's family: 0 when there is none, -1 when it is not
 * iptables or ip6tables. */
static int program_family(const struct rtokens *t)
{
	if (t->n == 0 || t->v[0].s[0] == '-' || t->v[0].s[0] == '!')
		return 0;
	const char *base = strrchr(t->v[0].s, '/');
	base = base ? base + 1 : t->v[0].s;
	static const struct {
		const char *name;
		int family;
	} programs[] = {{"iptables", FAMILY_IPV4}, {"ip6tables", FAMILY_IPV6}};
	for (size_t k = 0; k < ARRAY_SIZE(programs); k++) {
		size_t n = strlen(programs[k].name);
		if (str_starts(base, programs[k].name) && !str_starts(base + n, "-save") &&
		    !str_starts(base + n, "-restore"))
			return programs[k].family;
	}
	return -1;
}

int ruleset_command_family(const char *cmd)
{
	struct rtokens t;
	struct nf_error err;
	if (!cmd || rtokens_split(cmd, &t, &err) < 0)
		return FAMILY_IPV4;
	int f = program_family(&t);
	rtokens_free(&t);
	return f == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
}

/* "iptables", "/sbin/ip6tables", "iptables-nft", ...: the program must be
 * the ruleset's family's. */
static int skip_program(const struct rtokens *t, int family, size_t *i, struct nf_error *err)
{
	int f = program_family(t);
	if (f == 0)
		return 0;
	if (f < 0)
		return nf_err(err, t->v[0].col, "expected an %s command, not \"%s\"",
			      ruleset_program(family), t->v[0].s);
	if (f != family)
		return nf_err(err, t->v[0].col, "%s command given to the %s rules", t->v[0].s,
			      family == FAMILY_IPV6 ? "IPv6 (ip6tables)" : "IPv4 (iptables)");
	*i = 1;
	return 0;
}

static int run(struct ruleset *rs, struct cmdline *cl)
{
	if (!cl->cmd)
		return nf_err(cl->err, 0,
			      "no command: use -A, -I, -D, -R, -N, -X, -F, -Z, -P or -E");
	if (cl->rule.n && !cl->cmd->takes_rule)
		return nf_err(cl->err, cl->rule.v[0].col, "unexpected argument \"%s\" after %s",
			      cl->rule.v[0].s, cl->cmd->name);
	ruleset_load_table(rs, cl->table);
	return cl->cmd->run(rs, cl);
}

int ruleset_command(struct ruleset *rs, const char *cmd, int src_line, struct nf_error *err)
{
	ruleset_changed(rs); /* whatever the command changes */
	struct nf_error scratch;
	struct rtokens t;
	if (!err)
		err = &scratch;
	err->col = -1;
	if (!cmd)
		return nf_err(err, -1, "no command");
	if (rtokens_split(cmd, &t, err) < 0)
		return -1;
	struct cmdline cl = {.table = TABLE_FILTER, .text = cmd, .src_line = src_line, .err = err,
			     .family = rs->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4};
	struct scan sc = {.t = &t, .cl = &cl};
	int rc = skip_program(&t, cl.family, &sc.i, err);
	while (rc == 0 && sc.i < t.n)
		rc = read_word(&sc);
	if (rc == 0)
		rc = run(rs, &cl);
	free(cl.rule.v);
	rtokens_free(&t);
	return rc;
}
