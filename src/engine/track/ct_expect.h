/* ct_expect.h - conntrack expectations (nf_conntrack_expect.c): a
 * helper that read "connect to me at A port P" in a connection's payload
 * expects a new connection, and the first packet that fits is RELATED to
 * the connection that announced it (its master).
 *
 * An expectation names the whole tuple but the source port, which is a
 * wildcard as the ftp helper leaves it (mask sport=0).  It is used up by
 * the connection it expected, goes when its master goes, and times out
 * after its helper's policy (ftp: 300 s) in packet time; a packet without
 * a time (t == 0) never expires one. */
#ifndef NFWALK_CT_EXPECT_H
#define NFWALK_CT_EXPECT_H

#include "engine/track/conntrack.h"

struct ct_expect {
	unsigned id;            /* 1, 2, ... in creation order */
	struct ct_tuple tuple;  /* sport ignored: any source port */
	struct ct_entry *master;
	char helper[CT_HELPER_NAME_MAX];
	unsigned timeout;       /* seconds, the helper's expect policy */
	double expires;         /* packet time it goes; 0: never */
	/* Called for the connection that fits, once made (exp->expectfn):
	 * nf_nat_ftp's NAT that follows the master.  NULL: none. */
	void (*expectfn)(struct conntrack *ct, struct ct_entry *child, const struct ct_expect *x);
	enum ct_dir dir;        /* for expectfn: the master's direction the child goes */
	uint16_t saved_port;    /* for expectfn: the port the command named */
	struct ct_expect *next;
};

/* Insert exp's copy for master (nf_ct_expect_related): an expectation of
 * the same master and tuple is replaced, and past the helper's
 * max_expected (ftp: 1) the master's oldest goes.  Returns the new one,
 * or NULL when another master already expects that tuple (-EBUSY: the
 * kernel's helper then drops the packet). */
struct ct_expect *ct_expect_add(struct conntrack *ct, const struct ct_expect *exp,
				unsigned max_expected, double now);
/* The live expectation a new connection's tuple t fits (its master
 * confirmed and in the table), unlinked from the table: the caller owns
 * it (free() it).  Expired ones met on the way go; *expired (may be
 * NULL) gets the id of one that would have fitted, else 0. */
struct ct_expect *ct_expect_take(struct conntrack *ct, const struct ct_tuple *t, double now,
				 unsigned *expired);
/* Take x out of the table and free it (nf_ct_unexpect_related). */
void ct_expect_remove(struct conntrack *ct, struct ct_expect *x);
/* A master leaves the table: its expectations go with it. */
void ct_expect_forget_master(struct conntrack *ct, const struct ct_entry *master);
void ct_expect_free_all(struct conntrack *ct);
/* As `conntrack -L expect` prints one, without the timeout:
 * "proto=6 src=198.51.100.7 dst=10.0.0.5 sport=0 dport=40004
 * mask-src=255.255.255.255 mask-dst=255.255.255.255 sport=0 dport=65535
 * master-src=10.0.0.5 master-dst=198.51.100.7 sport=40000 dport=21
 * class=0 helper=ftp". */
void ct_expect_fmt(const struct ct_expect *x, char *buf, size_t n);
/* Is a conntrack event's detail an expectation (ct_expect_fmt) rather
 * than an entry (ct_entry_fmt)?  For the traces and the TUI's table. */
bool ct_expect_line(const char *detail);

#endif
