/* rule_priv.h - what the rule modules share among themselves and with
 * nobody else: the command tokenizer, the word-level rule parser the
 * command and save-file readers both use, and rule comparison for -D. */
#ifndef NFWALK_RULE_PRIV_H
#define NFWALK_RULE_PRIV_H

#include "engine/xt/rule.h"
#include "lib/words.h"

/* The words of a command: each after quote removal, and where it was
 * written (lib/words.h's word_tok, so the splitter's array is the list). */
struct rtokens {
	struct word_tok *v;
	size_t n;
	char *buf; /* the words' text, owned (NULL in a borrowed list) */
};

/* Split a command line as a POSIX shell would split its words (the one
 * splitter, lib/words.h): blanks separate, '...' is literal, "..." allows
 * \" \\ \$ \` escapes, a backslash outside quotes escapes the next byte,
 * and an unquoted word starting with # begins a comment.  Refuses an
 * unterminated quote. */
int rtokens_split(const char *text, struct rtokens *out, struct nf_error *err);
void rtokens_free(struct rtokens *t);
/* The same into room on the caller's stack (a rule line of a save file:
 * no allocation per line unless it is long); release with
 * rtokens_release(t, room). */
#define RTOKENS_ROOM 64
struct rtokens_room {
	struct word_tok v[RTOKENS_ROOM];
	char buf[2 * 1024];
};
int rtokens_split_room(const char *text, struct rtokens *out, struct rtokens_room *room,
		       struct nf_error *err);
void rtokens_release(struct rtokens *t, const struct rtokens_room *room);

/* Parse words [from, to) of t (the rule arguments) of a rule for `chain`
 * of `table`; text is the line the columns refer to. */
struct rule *rule_parse_tokens(const struct rtokens *t, size_t from, size_t to, const char *text,
			       int family, enum nf_table table, const char *chain, int src_line,
			       struct nf_error *err);

/* How many words the rule option at t->v[i] spans with its arguments
 * (1 for a word that is not a rule option), so the command reader can set
 * rule words apart from -t and the command without misreading an
 * argument that looks like an option. */
size_t rule_word_span(const struct rtokens *t, size_t i);

/* The same rule as iptables would compare them for -D: equal canonical
 * forms. */
bool rule_same(const struct rule *a, const struct rule *b);

/* rule_check.c keeps each table's chains by name and what reaches them;
 * removing or renaming rules or chains makes that stale. */
struct chain *table_chain(const struct table *tb, const char *name);
void table_graph_stale(void);
void table_graph_free(struct table *tb);

/* The hook a built-in chain name stands for in table t, or HOOK_NONE. */
enum nf_hook builtin_hook(enum nf_table t, const char *chain);

#endif
