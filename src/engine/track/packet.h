/* packet.h - a packet as the kernel holds it: the real bytes of an IPv4
 * datagram (from the IP header on) plus the sk_buff metadata netfilter
 * reads and writes (iif, oif, nfmark, conntrack, ...).
 *
 * Every reader is bounds-checked against len: a truncated or malformed
 * packet yields "absent" (0 / false), never a read past the end.  Every
 * writer keeps the IP and L4 checksums correct. */
#ifndef NFWALK_PACKET_H
#define NFWALK_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/inet.h"

#define IFNAME_MAX 16

/* An interface name's length, counted in line: shorter than a strlen
 * call's cost, and a trace says the devices of every packet often. */
static inline size_t ifname_len(const char *name)
{
	size_t n = 0;
	while (n < IFNAME_MAX - 1 && name[n])
		n++;
	return n;
}

/* Two interface names equal (strcmp's answer for names under IFNAME_MAX
 * bytes), compared in line: rules, routing and -m rpfilter compare
 * names at every packet, and a strcmp call cost more than the bytes. */
static inline bool ifname_eq(const char *a, const char *b)
{
	for (size_t i = 0; i < IFNAME_MAX; i++) {
		if (a[i] != b[i])
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

enum { PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMPV6 = 58, PROTO_SCTP = 132 };

/* TCP flag bits as in the header's 13th byte. */
enum {
	TCPF_FIN = 0x01,
	TCPF_SYN = 0x02,
	TCPF_RST = 0x04,
	TCPF_PSH = 0x08,
	TCPF_ACK = 0x10,
	TCPF_URG = 0x20,
	TCPF_ECE = 0x40,
	TCPF_CWR = 0x80,
};

enum { ICMP_ECHOREPLY = 0, ICMP_DEST_UNREACH = 3, ICMP_ECHO = 8, ICMP_TIME_EXCEEDED = 11 };

/* ICMPv6 types (RFC 4443, RFC 4861) and codes, the kernel's names. */
enum {
	ICMPV6_DEST_UNREACH = 1,
	ICMPV6_PKT_TOOBIG = 2,
	ICMPV6_TIME_EXCEED = 3,
	ICMPV6_PARAMPROB = 4,
	ICMPV6_ECHO_REQUEST = 128,
	ICMPV6_ECHO_REPLY = 129,
	ICMPV6_ROUTER_SOLICIT = 133,
	ICMPV6_ROUTER_ADVERT = 134,
	ICMPV6_NEIGH_SOLICIT = 135,
	ICMPV6_NEIGH_ADVERT = 136,
	ICMPV6_REDIRECT = 137,
};
enum {
	ICMPV6_NOROUTE = 0,
	ICMPV6_ADM_PROHIBITED = 1,
	ICMPV6_NOT_NEIGHBOUR = 2, /* beyond scope of source address */
	ICMPV6_ADDR_UNREACH = 3,
	ICMPV6_PORT_UNREACH = 4,
	ICMPV6_POLICY_FAIL = 5,
	ICMPV6_REJECT_ROUTE = 6,
};
enum { ICMPV6_EXC_HOPLIMIT = 0, ICMPV6_EXC_FRAGTIME = 1 };
enum { ICMPV6_HDR_FIELD = 0, ICMPV6_UNK_NEXTHDR = 1, ICMPV6_UNK_OPTION = 2 };

/* Conntrack's view of this packet (enum ip_conntrack_info plus the
 * INVALID / UNTRACKED cases, which the kernel expresses with ct == NULL or
 * the template). */
enum ct_info {
	CTINFO_NONE,      /* conntrack has not looked at it (yet) */
	CTINFO_NEW,
	CTINFO_ESTABLISHED,
	CTINFO_RELATED,
	CTINFO_ESTABLISHED_REPLY,
	CTINFO_RELATED_REPLY,
	CTINFO_INVALID,
	CTINFO_UNTRACKED,
};

struct ct_entry;

struct packet {
	uint8_t *data; /* IPv4 header or IPv6 fixed header first */
	size_t len;    /* bytes present (may be < tot_len for a truncated capture) */
	size_t cap;
	/* pkt_family's answer once it found an IP header (the family), 0
	 * until then: every reader below asks it, a hundred times a packet.
	 * Code that changes len or the version byte after a reader ran
	 * calls pkt_header_changed. */
	uint8_t family_memo;
	/* l4_span's answer (packet.c), kept beside family_memo and forgotten
	 * with it: where the transport header starts, how many of its bytes
	 * are there, its protocol.  l4_memo: 0 not asked yet, 1 known, 2 no
	 * transport header (bad IP header, later fragment). */
	uint8_t l4_memo, l4_memo_proto;
	uint32_t l4_memo_off, l4_memo_avail;

	/* sk_buff metadata */
	char iif[IFNAME_MAX]; /* "" for locally generated */
	char oif[IFNAME_MAX]; /* set by routing */
	uint8_t src_mac[6];
	bool has_mac;
	uint32_t mark;     /* skb->mark (nfmark) */
	uint32_t priority; /* skb->priority: tc class (major<<16|minor), set by CLASSIFY */
	int imq_todev;     /* IMQ --todev, -1 when unset */
	bool nftrace;      /* TRACE target, meta nftrace set (skb->nf_trace) */
	bool local_out;    /* generated on this host (OUTPUT path) */
	/* The sending socket's owner (-m owner): only a packet a local
	 * process's socket sends has one; forwarded packets and the kernel's
	 * own (REJECT's answers, ICMP errors) have none. */
	bool has_owner;
	uint32_t uid, gid;
	/* A socket without an owner: the kernel's own (icmp_send's, the TCP
	 * control socket's RST); -m owner --socket-exists sees it. */
	bool has_sock;
	/* The sending socket's control groups (-m cgroup), with has_owner:
	 * net_cls's classid and the cgroup v2 path ("" is the root, "/"). */
	uint32_t classid;
	char cgroup[64];
	union inet_addr nexthop;   /* gateway from routing, zero when on-link */
	union inet_addr route_src; /* preferred source from the route (informational) */
	uint32_t realms;   /* the routing decision's dst->tclassid (-m realm) */
	/* When it arrived or was sent, in seconds: a capture's timestamp, or
	 * the scenario's `at:` (seconds since it started).  A policer's bucket
	 * and conntrack's timeouts read it; 0 to conntrack: no time, nothing
	 * expires. */
	double t;

	struct ct_entry *ct; /* borrowed from the conntrack table */
	enum ct_info ctinfo;
	bool notrack; /* raw table CT --notrack / NOTRACK was applied */
	/* CT --helper: the template's helper, attached when conntrack creates
	 * the packet's entry (a packet of a known connection ignores it). */
	char ct_helper[16];
	/* A copy TEE made (nf_dup_ipv4): output routing sends it to this
	 * gateway instead of its destination, it is untracked (notrack set
	 * too), and TEE never copies it again (nf_skb_duplicated); 0: not a
	 * copy.  tee_oif: TEE --oif, "" for any. */
	uint32_t tee_gw;
	char tee_oif[IFNAME_MAX];

	size_t alloc; /* bytes data holds (>= cap, len): packet.c's own */
};

/* Allocate an empty packet with room for cap bytes (metadata zeroed,
 * imq_todev = -1). */
struct packet *packet_new(size_t cap);
/* A packet holding a copy of bytes[0..len). */
struct packet *packet_from_bytes(const uint8_t *bytes, size_t len);
struct packet *packet_clone(const struct packet *p);
void packet_free(struct packet *p);

/* --- header readers (bounds-checked; 0/false when absent) --- */
/* The IPv4 readers and the family test are inline: the walk asks them
 * dozens of times a packet (every stage, view, rule and conntrack
 * look-up), and the calls into packet.c were a tenth of a summary run.
 * IPv6's extension header walks stay in packet.c. */
static inline uint16_t pkt_be16_(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}
static inline uint32_t pkt_be32_(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}
/* The packet's family by its version nibble: FAMILY_IPV4 for a whole IPv4
 * header, FAMILY_IPV6 for a whole IPv6 fixed header (data then starts
 * there, and the readers below read IPv6); 0 for neither. */
static inline int pkt_family_of_bytes_(const struct packet *p)
{
	if (!p->data || p->len < 20)
		return 0;
	uint8_t v = p->data[0];
	size_t ihl = (size_t)(v & 0x0f) * 4;
	if ((v >> 4) == 4)
		return ihl >= 20 && ihl <= p->len ? FAMILY_IPV4 : 0;
	return (v >> 4) == 6 && p->len >= 40 ? FAMILY_IPV6 : 0;
}
static inline int pkt_family(const struct packet *p)
{
	if (!p)
		return 0;
	if (p->family_memo)
		return p->family_memo;
	int f = pkt_family_of_bytes_(p);
	/* a memo, not a change of the packet: readers take it const */
	((struct packet *)p)->family_memo = (uint8_t)f;
	return f;
}
/* Forget the memo: len or the header's first byte changed. */
static inline void pkt_header_changed(struct packet *p)
{
	p->family_memo = 0;
	p->l4_memo = 0;
}
/* a full IPv4 header is present */
static inline bool pkt_ip_ok(const struct packet *p)
{
	return pkt_family(p) == FAMILY_IPV4;
}
/* version 6 and a whole fixed header (pkt_ip_ok cannot also hold) */
static inline bool pkt_is_v6_(const struct packet *p)
{
	return pkt_family(p) == FAMILY_IPV6;
}
static inline union inet_addr pkt_addr_at_(const struct packet *p, size_t off4, size_t off6)
{
	union inet_addr a;
	if (pkt_ip_ok(p))
		return inet_v4(pkt_be32_(p->data + off4));
	if (!pkt_is_v6_(p))
		return inet_v4(0);
	for (int i = 0; i < 16; i++)
		a.in6.b[i] = p->data[off6 + (size_t)i];
	return a;
}
/* Source and destination of either family (inet.h); zero when absent. */
static inline union inet_addr pkt_src(const struct packet *p)
{
	return pkt_addr_at_(p, 12, 8);
}
static inline union inet_addr pkt_dst(const struct packet *p)
{
	return pkt_addr_at_(p, 16, 24);
}
/* A readable IP packet of either family (pkt_family != 0): the question
 * to ask before the family-generic readers below. */
static inline bool pkt_l3_ok(const struct packet *p)
{
	return pkt_family(p) != 0;
}
/* IPv4 only; 0 for IPv6 */
static inline uint8_t pkt_ihl_bytes(const struct packet *p)
{
	return pkt_ip_ok(p) ? (uint8_t)((p->data[0] & 0x0f) * 4) : 0;
}
/* Where the L4 header starts: the IPv4 header length (a fragment's
 * too, as pkt_ihl_bytes), or for IPv6 the fixed header plus the
 * extension headers before the upper-layer protocol (ipv6_find_hdr), 0
 * for a later fragment or a broken chain; 0 for no IP packet. */
size_t pkt_l4_offset_slow_(const struct packet *p);
static inline size_t pkt_l4_offset(const struct packet *p)
{
	/* the memo's offset is the same for IPv4 (ihl) and IPv6 (l4off) */
	return p->l4_memo == 1 ? p->l4_memo_off : pkt_l4_offset_slow_(p);
}
/* IPv4 tot_len; IPv6 40 + payload length (capped at 65535). */
static inline uint16_t pkt_tot_len(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return pkt_be16_(p->data + 2);
	if (!pkt_is_v6_(p))
		return 0;
	size_t tot = 40 + (size_t)pkt_be16_(p->data + 4);
	return tot > 65535 ? 65535 : (uint16_t)tot;
}
/* IPv6: the traffic class */
static inline uint8_t pkt_tos(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return p->data[1];
	return pkt_is_v6_(p) ? (uint8_t)((p->data[0] & 0x0f) << 4 | p->data[1] >> 4) : 0;
}
/* IPv6: the hop limit */
static inline uint8_t pkt_ttl(const struct packet *p)
{
	if (pkt_ip_ok(p))
		return p->data[8];
	return pkt_is_v6_(p) ? p->data[7] : 0;
}
/* IPv4: the protocol field.  IPv6: the upper-layer protocol as
 * ip6tables' -p sees it (ipv6_find_hdr with target -1: extension headers
 * skipped, a later fragment's next header), 0 for a broken chain. */
uint8_t pkt_proto6_(const struct packet *p);
static inline uint8_t pkt_proto(const struct packet *p)
{
	return pkt_ip_ok(p) ? p->data[9] : pkt_proto6_(p);
}
static inline uint32_t pkt_saddr(const struct packet *p) /* IPv4 only */
{
	return pkt_ip_ok(p) ? pkt_be32_(p->data + 12) : 0;
}
static inline uint32_t pkt_daddr(const struct packet *p) /* IPv4 only */
{
	return pkt_ip_ok(p) ? pkt_be32_(p->data + 16) : 0;
}
/* Offset in 8-byte units: IPv4's, or the IPv6 fragment header's (0
 * without one). */
uint16_t pkt_frag_off(const struct packet *p);
bool pkt_is_fragment_slow_(const struct packet *p);
/* offset != 0.  An IPv4 packet whose transport header was found (the
 * memo) is no later fragment. */
static inline bool pkt_is_fragment(const struct packet *p)
{
	if (p->l4_memo == 1 && p->family_memo == FAMILY_IPV4)
		return false;
	return pkt_is_fragment_slow_(p);
}
bool pkt_more_fragments(const struct packet *p); /* MF set */
bool pkt_df(const struct packet *p);             /* DF set (IPv4 only) */
/* IPv4: the id field.  IPv6: the fragment header's identification's low
 * 16 bits, 0 without one (pkt_frag_id has all 32). */
uint16_t pkt_ip_id(const struct packet *p);
/* IPv4: the id; IPv6: the fragment header's 32-bit identification. */
uint32_t pkt_frag_id(const struct packet *p);
/* IPv6: the fragment header is present (even an atomic one). */
bool pkt_has_frag_hdr(const struct packet *p);
/* L4: NULL when the header is not fully present or the packet is a
 * non-first fragment. */
const uint8_t *pkt_l4_slow_(const struct packet *p, size_t need);
static inline const uint8_t *pkt_l4(const struct packet *p, size_t need)
{
	/* the dozen readers a packet meets take the kept answer inline */
	if (p->l4_memo == 1)
		return need <= p->l4_memo_avail ? p->data + p->l4_memo_off : NULL;
	return pkt_l4_slow_(p, need);
}
/* L4 bytes present: up to tot_len, fewer when the capture is truncated. */
size_t pkt_l4_avail(const struct packet *p);
/* TCP/UDP whose ports (the first 4 bytes of the header) are readable:
 * enough for a header quoted in an ICMP error. */
bool pkt_has_ports_slow_(const struct packet *p);
uint16_t pkt_sport_slow_(const struct packet *p);
uint16_t pkt_dport_slow_(const struct packet *p);
/* TCP or UDP with its ports there, as pkt_has_ports, from the memo */
static inline const uint8_t *pkt_ports_known_(const struct packet *p)
{
	return p->l4_memo == 1 && (p->l4_memo_proto == PROTO_TCP || p->l4_memo_proto == PROTO_UDP) &&
			       p->l4_memo_avail >= 4
		       ? p->data + p->l4_memo_off
		       : NULL;
}
static inline bool pkt_has_ports(const struct packet *p)
{
	return pkt_ports_known_(p) || (p->l4_memo != 1 && pkt_has_ports_slow_(p));
}
static inline uint16_t pkt_sport(const struct packet *p)
{
	const uint8_t *l4 = pkt_ports_known_(p);
	return l4 ? pkt_be16_(l4) : pkt_sport_slow_(p);
}
/* Both ports from one parse of the headers (conntrack's tuple); false
 * where pkt_has_ports is. */
bool pkt_ports_slow_(const struct packet *p, uint16_t *sport, uint16_t *dport);
static inline bool pkt_ports(const struct packet *p, uint16_t *sport, uint16_t *dport)
{
	const uint8_t *l4 = pkt_ports_known_(p);
	if (!l4)
		return pkt_ports_slow_(p, sport, dport);
	*sport = pkt_be16_(l4);
	*dport = pkt_be16_(l4 + 2);
	return true;
}
static inline uint16_t pkt_dport(const struct packet *p)
{
	const uint8_t *l4 = pkt_ports_known_(p);
	return l4 ? pkt_be16_(l4 + 2) : pkt_dport_slow_(p); /* dport: bytes 2-3 */
}
uint8_t pkt_tcp_flags_slow_(const struct packet *p);
static inline uint8_t pkt_tcp_flags(const struct packet *p)
{
	if (p->l4_memo == 1 && p->l4_memo_proto == PROTO_TCP && p->l4_memo_avail >= 14) /* flags: byte 13 */
		return p->data[p->l4_memo_off + 13];
	return pkt_tcp_flags_slow_(p);
}
uint32_t pkt_tcp_seq(const struct packet *p);
uint32_t pkt_tcp_ack(const struct packet *p);
uint16_t pkt_tcp_window(const struct packet *p);
uint8_t pkt_tcp_hdr_len(const struct packet *p); /* data offset in bytes */
/* ICMP of the packet's family: ICMP (1) in IPv4, ICMPv6 (58) in IPv6.
 * The type numbers differ by family: check pkt_family before comparing. */
bool pkt_icmp_slow_(const struct packet *p, uint8_t *type, uint8_t *code);
static inline bool pkt_icmp(const struct packet *p, uint8_t *type, uint8_t *code)
{
	if (p->l4_memo != 1)
		return pkt_icmp_slow_(p, type, code);
	uint8_t icmp = p->family_memo == FAMILY_IPV6 ? PROTO_ICMPV6 : PROTO_ICMP;
	if (p->l4_memo_proto != icmp || p->l4_memo_avail < 8) /* the ICMP header */
		return false;
	const uint8_t *h = p->data + p->l4_memo_off;
	if (type)
		*type = h[0];
	if (code)
		*code = h[1];
	return true;
}
uint16_t pkt_icmp_id(const struct packet *p); /* echo id */
/* What pkt_proto, pkt_has_ports, pkt_sport, pkt_dport, pkt_tcp_flags,
 * pkt_icmp and pkt_icmp_id answer, from one parse of the headers (the
 * walk's packet view reads them all for every event). */
struct pkt_l4_fields {
	uint8_t proto;
	bool ports;
	uint16_t sport, dport;
	uint8_t tcp_flags;
	bool icmp;
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id;
};
void pkt_l4_fields(const struct packet *p, struct pkt_l4_fields *f);
uint16_t pkt_icmp_seq(const struct packet *p); /* echo sequence */
/* The ICMP types that quote a datagram (icmp_is_err): 3, 4, 5, 11, 12. */
bool icmp_type_is_error(uint8_t type);
/* ICMPv6 errors that quote a datagram: 1..4 (destination unreachable,
 * packet too big, time exceeded, parameter problem). */
bool icmp6_type_is_error(uint8_t type);
/* p is an ICMP error of its family (the family-aware question). */
bool pkt_icmp_is_error(const struct packet *p);
/* Bytes after the L4 header, per tot_len (TCP: after its data offset). */
size_t pkt_payload_len(const struct packet *p);
/* For ICMP errors: the quoted original datagram, as a packet of its own
 * (NULL when absent or truncated below the IP header + 8 bytes; for
 * ICMPv6, the 40-byte header + 8). */
struct packet *pkt_icmp_inner(const struct packet *p);
/* The quoted datagram's addresses and ports (the echo id in sport for a
 * quoted echo), read in place without a copy; false, and zeros, when p
 * quotes nothing readable.  IPv4 only: pkt_icmp_quoted_addr is generic. */
bool pkt_icmp_quoted(const struct packet *p, uint32_t *src, uint32_t *dst, uint16_t *sport,
		     uint16_t *dport);
/* The same for either family: *family is the quoted datagram's. */
bool pkt_icmp_quoted_addr(const struct packet *p, int *family, union inet_addr *src,
			  union inet_addr *dst, uint16_t *sport, uint16_t *dport);
/* Write a (rewritten) copy from pkt_icmp_inner back into the error and
 * recompute the ICMP checksum; false when it does not fit exactly. */
bool pkt_icmp_set_inner(struct packet *p, const struct packet *inner);

/* --- writers: each keeps the IP header and L4 checksums right --- */
void pkt_set_saddr(struct packet *p, uint32_t a); /* IPv4 only */
void pkt_set_daddr(struct packet *p, uint32_t a); /* IPv4 only */
/* Either family (a's family must be the packet's): the L4 checksum
 * follows its pseudo-header (TCP, UDP with a checksum, ICMPv6). */
void pkt_set_src(struct packet *p, union inet_addr a);
void pkt_set_dst(struct packet *p, union inet_addr a);
/* frag-needed's next-hop MTU (RFC 1191: the low 16 bits of the word where
 * a redirect keeps its gateway); ICMPv6 packet-too-big's 32-bit MTU. */
void pkt_set_icmp_mtu(struct packet *p, uint16_t mtu);
void pkt_set_sport(struct packet *p, uint16_t port);
void pkt_set_dport(struct packet *p, uint16_t port);
void pkt_set_icmp_id(struct packet *p, uint16_t id); /* the query types' id */
void pkt_set_ttl(struct packet *p, uint8_t ttl);
/* ICMP redirect: the gateway address in bytes 4..7 of the ICMP header. */
void pkt_set_icmp_gateway(struct packet *p, uint32_t gw);
void pkt_set_tos(struct packet *p, uint8_t tos);
/* Replace oldlen bytes at off in a whole TCP segment's payload with
 * newlen others (nf_nat_mangle_tcp_packet): the datagram grows or
 * shrinks, tot_len and the checksums follow.  False when the packet is
 * not a whole TCP segment or the span is not in its payload. */
bool pkt_splice_payload(struct packet *p, size_t off, size_t oldlen, const uint8_t *bytes,
			size_t newlen);
/* Set Don't Fragment (nf_dup_ipv4 does on TEE's copies). */
void pkt_set_df(struct packet *p);
/* Recompute every checksum from scratch. */
void packet_fix_checksums(struct packet *p);
/* True when the IP header checksum and the L4 checksum (if the whole
 * segment is present) verify. */
bool packet_checksums_ok(const struct packet *p);

/* --- crafting --- */
struct pkt_spec {
	uint8_t proto;
	int family; /* 0 or FAMILY_IPV4: IPv4; FAMILY_IPV6 */
	/* src zero on a local packet: routing picks it.  IPv4 in .ip (host
	 * order), so `.src.ip = a` is how IPv4 callers write it. */
	union inet_addr src, dst;
	uint16_t sport, dport;
	uint8_t tcp_flags;
	uint32_t seq, ack; /* SCTP: seq is the verification tag */
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq;
	uint8_t ttl; /* 0 -> 64 */
	uint8_t tos;
	uint16_t payload; /* bytes of zero payload */
	uint16_t ip_id;
	uint16_t mss; /* TCP: an MSS option (4 bytes, data offset 6) when not 0 */
	const uint8_t *data; /* the payload's bytes (payload of them); NULL: zeros */
};
/* Build real bytes for the spec (checksums set).  IPv6 (family
 * FAMILY_IPV6): a 40-byte fixed header, no extension headers, flow label
 * 0, hop limit 64 by default, tos as the traffic class; ICMPv6 (58) with
 * type, code and id/seq in bytes 4..7 as ICMP.  Metadata is left zero
 * (imq_todev -1).  IPv4 header of 20 bytes; TCP with data offset 5 and
 * window 64240; DF set for TCP, UDP and echo requests as Linux sockets
 * send them (IP_PMTUDISC_WANT), not for other ICMP.  A payload that would
 * overflow tot_len is cut to fit. */
struct packet *packet_build(const struct pkt_spec *s);
/* The ICMP error icmp_send makes about orig, from src: it quotes as much
 * of orig as fits in 576 bytes (not only the IP header + 8 bytes), with
 * ttl 64, no DF, ip id 0 (Linux: ip_select_ident) and tos 0xc0 | (orig's
 * tos & 0x1e).  NULL where icmp_send stays silent: orig is an ICMP error
 * or unknown type, a non-first fragment, to a broadcast or multicast, or
 * from 0.0.0.0.  Verified with tcpdump: 128 bytes of UDP give "tos 0xc0,
 * ttl 64, flags [none], length 156"; 1028 bytes give "length 576"; tos
 * 0x23 gives 0xc2. */
struct packet *packet_icmp_error(const struct packet *orig, uint8_t type, uint8_t code,
				 uint32_t src);
/* The same for orig of either family.  IPv6 (icmp6_send): quotes as much
 * as fits in 1280 bytes, hop limit 64, traffic class 0, info (packet too
 * big's MTU, parameter problem's pointer) in bytes 4..7; NULL about an
 * ICMPv6 error, from an unspecified or multicast source, or to a
 * multicast destination unless the error is packet too big or a
 * parameter problem about an option whose type asks for it. */
struct packet *packet_icmp_error_addr(const struct packet *orig, uint8_t type, uint8_t code,
				      union inet_addr src, uint32_t info);
/* The TCP RST the kernel sends for orig (nf_send_reset): addresses and
 * ports swapped; if orig has ACK, seq = its ack and flags R, else seq 0,
 * ack = seq + SYN + FIN + payload and flags R.; window 0, ip id 0, DF,
 * ttl 64, tos 0.  NULL for a RST, a fragment, no whole TCP header, or a
 * multicast/broadcast destination.  Verified: a SYN seq 1000 got "[R.],
 * seq 0, ack 1001, win 0" with "tos 0x0, ttl 64, id 0, flags [DF]"; "[P.]
 * seq 1000:1005, ack 777" got "[R], seq 777". */
struct packet *packet_tcp_reset(const struct packet *orig);
/* A protocol answer from a local socket, addresses and ports swapped,
 * local_out set: SYN -> SYN/ACK (ack = seq + 1, a reproducible ISN hashed
 * from the 4-tuple, id 0, DF); SYN/ACK -> ACK; data or FIN -> its ACK;
 * echo request -> echo reply (same id, seq, data and tos; no DF); UDP ->
 * a datagram back carrying the same payload.  NULL when there is nothing
 * to answer (RST, bare ACK, other protocols). */
struct packet *packet_answer(const struct packet *orig);

/* One line for people: "tcp 10.0.1.2:40000 -> 10.0.2.2:80 [S] len 60",
 * "icmp 10.0.1.2 -> 10.0.2.2 echo request id 9 seq 1 len 84", "icmp
 * 10.0.1.1 -> 10.0.1.2 port unreachable [quoting udp 10.0.1.2:48003 ->
 * 10.0.2.2:9] len 156", "not an IP packet (3 bytes)"; IPv6: "tcp
 * [2001:db8::1]:4000 -> [2001:db8:1::2]:80 [S] len 60", "icmp6
 * 2001:db8::1 -> 2001:db8:1::2 echo request id 9 seq 1 len 104". */
size_t packet_describe(const struct packet *p, char *buf, size_t n); /* returns the length */
/* TCP flags exactly as tcpdump prints them between brackets, letters in
 * tcpdump's order F S R P . U E W with "." for ACK: "S" (SYN), "S." (SYN
 * and ACK), "." (ACK only), "F.", "P.", "R."; "none" when no flag is set. */
size_t tcp_flags_fmt(uint8_t flags, char *buf, size_t n); /* returns the length */
/* "echo request", "port unreachable", ...; NULL for an unknown type. */
const char *icmp_type_name(uint8_t type, uint8_t code);
/* ICMPv6 by ip6tables' --icmpv6-type names: the code's name when it has
 * one ("port-unreachable", "no-route"), else the type's ("echo-request",
 * "packet-too-big", "neighbour-solicitation"); NULL for an unknown type. */
const char *icmp6_type_name(uint8_t type, uint8_t code);
/* The reverse, aliases included ("ping", "neighbor-solicitation",
 * "adm-prohibited"): *code -1 for a whole type.  False when unknown. */
bool icmp6_type_by_name(const char *name, uint8_t *type, int *code);
/* "tcp", "udp", "icmp", "ipv6-icmp" (58, as /etc/protocols), or NULL */
const char *proto_name(uint8_t proto);
/* The same with its length ({NULL, 0} when unknown). */
struct piece proto_name_piece(uint8_t proto);
/* "tcp", "udp", "icmp", "icmpv6"/"ipv6-icmp"/"icmp6" (any case) or a
 * number 0..255; -1 when unknown. */
int proto_by_name(const char *name);
/* The enum's own name: "NEW", "ESTABLISHED", "RELATED", "ESTABLISHED_REPLY",
 * "RELATED_REPLY", "INVALID", "UNTRACKED"; "-" for CTINFO_NONE. */
const char *ctinfo_name(enum ct_info ci);
/* The same with its length: a trace names the state of every packet. */
struct piece ctinfo_name_piece(enum ct_info ci);
/* The state as -m conntrack --ctstate sees it: the _REPLY forms fold into
 * ESTABLISHED and RELATED. */
const char *ctinfo_state_name(enum ct_info ci);

#endif
