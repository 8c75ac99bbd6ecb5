/* nat.h - NAT bindings.  The nat table's targets only *choose* a binding
 * (nat_setup on the first packet of a connection, stored in the conntrack
 * entry's reply tuple); the rewrite itself is nat_apply, run by the walk
 * at the nat hooks for every packet of the connection, as nf_nat_packet.
 * Replies get the inverse rewrite (the diagram's DE-MASQUERADE). */
#ifndef NFWALK_NAT_H
#define NFWALK_NAT_H

#include "engine/track/conntrack.h"
#include "engine/core/nf.h"

enum nat_manip { NAT_MANIP_SRC, NAT_MANIP_DST };

/* nf_nat_range2: addresses of the family of the connection it binds
 * (IPv4 in .ip, host order; IPv6 ranges compare as 128-bit numbers). */
struct nat_range {
	int family; /* FAMILY_IPV4 (or 0, which means it) or FAMILY_IPV6 */
	union inet_addr min_addr, max_addr; /* has_addr false: keep the address */
	uint16_t min_port, max_port; /* 0,0: keep the port (if free) */
	bool has_addr, has_port;
	bool random, persistent, fully_random;
};

/* Which manip a hook performs: DST at PREROUTING/OUTPUT, SRC at
 * POSTROUTING/INPUT. */
enum nat_manip nat_manip_of_hook(enum nf_hook h);
/* Bind: rewrite the entry's reply tuple so that the connection's packets
 * are translated into range.  A port already used by another entry with
 * the same reply tuple is avoided as the kernel's get_unique_tuple does.
 * The address is the kernel's own choice (its hash, reproduced exactly);
 * where the kernel picks a random port nfwalk picks the next free one
 * (see nat.c).  Returns 0 (also for an already confirmed entry, which
 * keeps its tuples, as nf_nat_setup_info does), or -1 when the manip is
 * bound already; why (may be NULL) says what was chosen. */
int nat_setup(struct conntrack *ct, struct ct_entry *e, enum nat_manip m,
	      const struct nat_range *r, char *why, size_t n);
/* True when the entry has this manip bound already (DST_NAT_DONE etc). */
bool nat_done(const struct ct_entry *e, enum nat_manip m);
/* After a first packet's nat chain found no NAT rule: the null binding
 * (nf_nat_alloc_null_binding), so later packets skip the chain too.  The
 * address stays, but the port moves if the tuple would clash with another
 * connection's (verified: the router's own 10.0.2.100:6001 -> 10.0.2.2:7003
 * was rewritten to another port while 10.0.1.2:6001 was SNATed to
 * 10.0.2.100:6001 for the same server). */
void nat_null_binding(struct conntrack *ct, struct ct_entry *e, enum nat_manip m);
/* Rewrite the packet per its entry for the manip of hook h (both
 * directions).  Returns true when the packet changed.  ICMP errors
 * RELATED to a NATed flow get their quoted header translated too. */
bool nat_apply(struct packet *p, enum nf_hook h);
/* Can nat_apply change the packet at hook h: its entry carries the NAT
 * status bit for this manip in the packet's direction.  False means
 * nat_apply returns false; a trace asks first, to spare the view of the
 * packet before (most packets at most nat boxes are not translated). */
bool nat_applies(const struct packet *p, enum nf_hook h);

#endif
