/* wire6.h - the wire format of IPv6 (RFC 8200): the fixed header's field
 * offsets and the walk over extension headers, done as the kernel does
 * it (net/ipv6/exthdrs_core.c), with every read bounds-checked against
 * the bytes there are.  The first piece of the IPv6 walk (issue 10). */
#ifndef NFWALK_WIRE6_H
#define NFWALK_WIRE6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fixed header. */
enum {
	IP6_HDR_LEN = 40,
	IP6_OFF_VER_TC_FLOW = 0,
	IP6_OFF_PAYLOAD_LEN = 4,
	IP6_OFF_NEXTHDR = 6,
	IP6_OFF_HOP_LIMIT = 7,
	IP6_OFF_SADDR = 8,
	IP6_OFF_DADDR = 24,
};

/* Next-header values of the extension headers (the kernel's NEXTHDR_*)
 * and of the protocols an IPv6 walk meets. */
enum {
	NEXTHDR_HOP = 0,
	NEXTHDR_TCP = 6,
	NEXTHDR_UDP = 17,
	NEXTHDR_IPV6 = 41,
	NEXTHDR_ROUTING = 43,
	NEXTHDR_FRAGMENT = 44,
	NEXTHDR_ESP = 50,
	NEXTHDR_AUTH = 51,
	NEXTHDR_ICMP = 58,
	NEXTHDR_NONE = 59,
	NEXTHDR_DEST = 60,
	NEXTHDR_MOBILITY = 135,
};

/* Fragment header: next header, reserved, offset+flags, identification. */
enum {
	FRAG6_HDR_LEN = 8,
	FRAG6_OFF_OFFSET = 2,
	FRAG6_OFFSET_MASK = 0xfff8, /* the offset in 8-byte units, shifted */
	FRAG6_FLAG_MF = 0x0001,
};

/* The headers ipv6_ext_hdr() calls extensions: not ESP, whose contents
 * are encrypted and so end the walk. */
bool ip6_is_ext_hdr(uint8_t nexthdr);

/* ipv6_skip_exthdr(): from `start` (the first byte after the fixed
 * header) with *nexthdr the fixed header's next-header value, skip the
 * extension headers.  Returns the offset of the upper-layer header with
 * *nexthdr its protocol, or -1 for a truncated chain or "no next header".
 * *frag_off is the fragment header's offset+flags field in host order
 * (0 without one); a non-first fragment stops the walk there. */
long ip6_skip_exthdr(const uint8_t *pkt, size_t len, size_t start, uint8_t *nexthdr,
		     uint16_t *frag_off);

/* ipv6_find_hdr()'s flags. */
enum {
	IP6_FH_F_FRAG = 1 << 0,    /* out: the packet is a fragment */
	IP6_FH_F_AUTH = 1 << 1,    /* in: stop at AH when looking for the protocol */
	IP6_FH_F_SKIP_RH = 1 << 2, /* in: routing headers with no segments left do not count */
};
/* Errors of ip6_find_hdr, the kernel's negated errno values. */
enum { IP6_FIND_ENOENT = -2, IP6_FIND_EBADMSG = -74 };

/* ipv6_find_hdr(): the offset of header `target` in the packet whose
 * fixed header starts at 0, or with target < 0 the upper-layer protocol
 * (what ip6tables' `-p` compares, ip6_packet_match).  Returns the header
 * type with *offset set, or IP6_FIND_ENOENT / IP6_FIND_EBADMSG.  For a
 * non-first fragment with target < 0 it returns the fragment header's
 * next-header value and sets *fragoff (then *offset is meaningless). */
int ip6_find_hdr(const uint8_t *pkt, size_t len, size_t *offset, int target, uint16_t *fragoff,
		 int *flags);

#endif
