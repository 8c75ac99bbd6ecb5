/* ct_proto.h - the per-protocol halves of connection tracking, private to
 * conntrack.c: ICMP's tuple rules (ct_tuple.c) and the TCP state machine
 * (ct_tcp.c), each following its nf_conntrack_proto_* counterpart. */
#ifndef NFWALK_CT_PROTO_H
#define NFWALK_CT_PROTO_H

#include "engine/track/conntrack.h"
#include "lib/fmt.h"
#include "lib/util.h"

/* ICMP's protocol number in a family: 1, or 58 for IPv6. */
uint8_t ct_icmp_proto(int family);
/* The tuple is ICMP of its family (type and id in dport and sport). */
bool ct_tuple_is_icmp(const struct ct_tuple *t);
/* ICMP query types have an answer type (echo <-> echo reply, ...; for
 * ICMPv6 echo 128 <-> 129 and node information 139 <-> 140); only those
 * can be tracked (icmp_invert_tuple, the invmap of each family). */
bool ct_icmp_invertible(int family, uint8_t type);
/* The query types that may open an entry (valid_new[]): for IPv4 echo,
 * timestamp, info and address requests; for IPv6 echo request and node
 * information query. */
bool ct_icmp_may_open(int family, uint8_t type);
/* ICMPv6 types conntrack leaves untracked (noct_valid_new: MLD and
 * neighbour discovery). */
bool ct_icmp_untracked(int family, uint8_t type);
/* A protocol's name as conntrack -L prints it ("icmpv6" for 58). */
const char *ct_proto_name(uint8_t proto, char buf[16]);
/* The same with its length: the table's name, or "proto N" in buf. */
struct piece ct_proto_piece(uint8_t proto, char buf[16]);
/* A tuple as conntrack -L prints one: "src=a dst=b sport=p dport=q" or,
 * for ICMP, "src=a dst=b type=8 code=0 id=7". */
void ct_tuple_fmt_kv(const struct ct_tuple *t, struct fmt_cursor *o);

/* tcp_error: NULL when the segment may be tracked, else why it is
 * INVALID (truncated header, impossible flag combination). */
const char *ct_tcp_error(const struct packet *p);
/* tcp_new: true with the first state when this segment may open an
 * entry; false with why when it may not (SYN/ACK, RST, FIN, or an ACK
 * while tcp_loose is off). */
bool ct_tcp_new(const struct packet *p, bool loose, enum ct_tcp_state *state,
		struct strbuf *why);

enum ct_tcp_verdict {
	CT_TCP_ACCEPT,  /* the segment belongs to the entry */
	CT_TCP_INVALID, /* it does not: INVALID, no entry */
	CT_TCP_REOPEN,  /* a SYN reopening a closed connection: drop the entry, look again */
	CT_TCP_KILL,    /* accepted, then the entry goes (a RST before any reply) */
};
/* nf_conntrack_tcp_packet for a segment of e in direction dir; why gets
 * the transition ("SYN_SENT -> SYN_RECV"). */
enum ct_tcp_verdict ct_tcp_packet(struct ct_entry *e, const struct packet *p, enum ct_dir dir,
				  struct strbuf *why);

#endif
