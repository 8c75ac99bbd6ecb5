/* nat_ftp.h - nf_nat_ftp: when the ftp helper reads a command in a NATed
 * control connection, the address and port in it are those of the far
 * side of the NAT, so the command is rewritten to what the other end
 * must connect to (the NATed address, the same port when no other
 * expectation holds it), and the data connection that fits is NATed as
 * its master (nf_nat_follow_master).
 *
 * Not modelled: the TCP sequence adjustment (nf_ct_seqadj) that shifts
 * the later segments of the direction by the change in length. */
#ifndef NFWALK_NAT_FTP_H
#define NFWALK_NAT_FTP_H

#include "engine/track/ct_expect.h"

/* enum nf_ct_ftp_type: what the numbers are. */
enum ftp_cmd_type { FTP_CMD_PORT, FTP_CMD_PASV, FTP_CMD_EPRT, FTP_CMD_EPSV };

struct nat_ftp_result {
	struct ct_expect *exp; /* the expectation added, or NULL */
	bool drop;             /* no free port, or the payload could not be changed */
	char old_val[48], new_val[48]; /* the numbers before and after */
};

/* p's payload holds the numbers at [matchoff, matchoff + matchlen) (from
 * the start of the TCP payload); x is the expectation nf_conntrack_ftp
 * made, not yet in the table. */
void nat_ftp(struct conntrack *ct, struct packet *p, enum ftp_cmd_type type, size_t matchoff,
	     size_t matchlen, struct ct_expect *x, struct nat_ftp_result *r);

#endif
