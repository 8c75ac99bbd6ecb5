/* ct_helper.h - conntrack helpers: the code a connection's helper runs
 * on each of its packets (nf_confirm calls helper->help just before it
 * confirms, at POSTROUTING or INPUT), reading the payload for addresses
 * the other end will connect to and creating expectations (ct_expect.h).
 *
 * nfwalk runs the ftp helper (nf_conntrack_ftp.c); a connection given
 * another of the kernel's helpers keeps it (helper=NAME) but nothing
 * reads its payload.  In a NATed control connection nf_nat_ftp rewrites
 * the command (nat_ftp.h). */
#ifndef NFWALK_CT_HELPER_H
#define NFWALK_CT_HELPER_H

#include "engine/track/ct_expect.h"

struct ct_help_result {
	bool read;             /* the helper read this packet's payload */
	bool drop;             /* NF_DROP: a command cut short, or no room for the expectation */
	struct ct_expect *exp; /* the expectation made (in the table), or NULL */
	char old_val[48], new_val[48]; /* nf_nat_ftp's payload rewrite ("" when none) */
	char why[400];         /* what it found, for people ("" when it had nothing to say) */
};

/* Does nfwalk run this helper (false: attached, but inert)? */
bool ct_helper_runs(const char *name);
/* Run the helper attached to p's connection on p (no helper: nothing). */
void ct_helper_run(struct conntrack *ct, struct packet *p, struct ct_help_result *r);

#endif
