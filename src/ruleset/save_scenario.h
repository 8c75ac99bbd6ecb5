/* save_scenario.h - `--rules FILE`: an iptables-save file added to a
 * scenario, as iptables-restore would apply it on the scenario's host. */
#ifndef NFWALK_SAVE_SCENARIO_H
#define NFWALK_SAVE_SCENARIO_H

#include <stdio.h>

#include "ruleset/save.h"
#include "scenario/scenario.h"

/* Load path; when every line loads, append its tables to s->iptables as
 * the commands that replace those tables.  Otherwise print each problem
 * ("nfwalk: FILE:LINE:COL: ...") to problems (may be NULL) and return -1
 * with err summing them up (with the extensions nfwalk lacks). */
int save_add_to_scenario(struct scenario *s, const char *path, FILE *problems,
			 struct nf_error *err);
/* `--rules6 FILE`: the same for an ip6tables-save file (refused when the
 * file tells it is iptables-save's); its tables become ip6tables lines,
 * which build the host's IPv6 rules.  (--rules FILE takes a file of
 * either family: the file says which.) */
int save_add6_to_scenario(struct scenario *s, const char *path, FILE *problems,
			  struct nf_error *err);
/* Print every problem of rep as "nfwalk: FILE:LINE:COL: MSG"; returns how
 * many. */
int save_report_print(const char *path, const struct save_report *rep, FILE *out);
/* `--print-rules`: the ruleset of s's host (its iptables lines, with any
 * --rules file already added), or of the file rules_path alone when it
 * is given (s then only lends its `ipsets:`), printed to out as iptables-save prints it.  Problems go to stderr.
 * Returns the exit status, 0 or 2. */
int save_print_host(const struct scenario *s, const char *rules_path, FILE *out);

#endif
