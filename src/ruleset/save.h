/* save.h - iptables-save files (as written by iptables-save,
 * iptables-legacy-save and iptables-nft-save, with or without -c): read
 * them into a ruleset the way iptables-restore applies them, and print a
 * ruleset back in iptables-save's canonical form.
 *
 * The format, one item per line:
 *   # comment
 *   *TABLE                   starts a table; COMMIT applies it
 *   :CHAIN POLICY [p:b]      a built-in chain's policy (ACCEPT or DROP), or
 *                            a user chain (POLICY "-")
 *   [p:b] -A CHAIN ARGS      a rule, with its counters (iptables-save -c)
 *   -A CHAIN ARGS            a rule; ARGS are read by rule_parse()
 *   COMMIT
 * Other iptables commands (-I, -N, -P, -F, -X, -D) are accepted too, as
 * iptables-restore accepts them.  A table named in the file replaces the
 * ruleset's table of that name; other tables are left alone. */
#ifndef NFWALK_SAVE_H
#define NFWALK_SAVE_H

#include "engine/xt/rule.h"
#include "lib/util.h"

/* One line that could not be loaded. */
struct save_problem {
	int line, col; /* 1-based line, 0-based column */
	/* The extension nfwalk does not support, as written: "-m recent",
	 * "-j LOG"; "" when the line failed for another reason. */
	char ext[48];
	char msg[400];
};

/* What a lenient load found: every problem, not only the first. */
struct save_report {
	struct save_problem *v;
	size_t n, cap;
	size_t tables, chains, rules; /* seen in the file */
	size_t rules_loaded;
	/* Set by the caller (--lenient): a rule that cannot be loaded stays
	 * in its chain as a stand-in (rule_unevaluable); counted here. */
	bool keep;
	size_t rules_kept;
};

/* The family the text's writer had: FAMILY_IPV6 for ip6tables-save's
 * (its header comment, an IPv6 address after -s/-d, an extension only
 * ip6tables has), FAMILY_IPV4 for iptables-save's, 0 when nothing tells.
 * The first line that tells decides. (save_family.c) */
int save_text_family(const char *text);

/* Load iptables-save or ip6tables-save text into rs.  A ruleset with no
 * table loaded yet takes the family the text tells (save_text_family);
 * a loaded one refuses a text of the other family.  file names the text in messages.
 * rep NULL: stop at the first problem, return -1 with err set
 * (file:line:col and what is wrong, naming an unsupported extension).
 * rep set: skip each line that cannot be loaded and record why; return 0
 * when everything loaded, 1 when rep holds problems. */
int save_load_text(struct ruleset *rs, const char *file, const char *text,
		   struct save_report *rep, struct nf_error *err);
/* The same from a file; -1 with err set when it cannot be read. */
int save_load_file(struct ruleset *rs, const char *path, struct save_report *rep,
		   struct nf_error *err);
void save_report_free(struct save_report *rep);
/* The distinct unsupported extensions of rep, sorted, joined by ", "
 * ("-j LOG, -m limit, -m recent"); "" when there are none. */
void save_report_extensions(const struct save_report *rep, struct strbuf *out);
/* "FILE:LINE:COL: MSG" for problem i. */
void save_problem_format(const char *file, const struct save_problem *p, char *buf, size_t n);

/* Every loaded table of rs in iptables-save's canonical form (an IPv6
 * ruleset in ip6tables-save's, after a comment line that says so): tables in
 * iptables-save's order (mangle, security, raw, filter, nat), each with
 * its chains (built-ins in hook order with their policy, then user chains
 * by name, all with [0:0]), its rules as -A lines (rule_format), COMMIT. */
void save_print(const struct ruleset *rs, struct strbuf *out);
/* Some table of rs is loaded. */
bool save_has_tables(const struct ruleset *rs);

#endif
