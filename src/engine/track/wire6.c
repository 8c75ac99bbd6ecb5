/* wire6.c - IPv6 extension headers, walked as net/ipv6/exthdrs_core.c
 * walks them.  The lengths: AH counts 4-byte words minus 2 (RFC 4302),
 * the fragment header is always 8 bytes, every other extension counts
 * 8-byte words minus 1 (RFC 8200). */
#include "engine/track/wire6.h"

#include "engine/track/wire.h"

bool ip6_is_ext_hdr(uint8_t nexthdr)
{
	switch (nexthdr) {
	case NEXTHDR_HOP:
	case NEXTHDR_ROUTING:
	case NEXTHDR_FRAGMENT:
	case NEXTHDR_AUTH:
	case NEXTHDR_NONE:
	case NEXTHDR_DEST:
		return true;
	default:
		return false;
	}
}

/* The generic header every extension starts with: next header, length. */
static bool opt_hdr(const uint8_t *pkt, size_t len, size_t at, uint8_t *next, uint8_t *hdrlen)
{
	if (at > len || len - at < 2)
		return false;
	*next = pkt[at];
	*hdrlen = pkt[at + 1];
	return true;
}

static bool frag_field(const uint8_t *pkt, size_t len, size_t at, uint16_t *field)
{
	if (at > len || len - at < FRAG6_OFF_OFFSET + 2)
		return false;
	*field = get16(pkt + at + FRAG6_OFF_OFFSET);
	return true;
}

static size_t ext_len(uint8_t type, uint8_t hdrlen)
{
	if (type == NEXTHDR_FRAGMENT)
		return FRAG6_HDR_LEN;
	if (type == NEXTHDR_AUTH)
		return ((size_t)hdrlen + 2) << 2;
	return ((size_t)hdrlen + 1) << 3;
}

long ip6_skip_exthdr(const uint8_t *pkt, size_t len, size_t start, uint8_t *nexthdr,
		     uint16_t *frag_off)
{
	uint8_t type = *nexthdr;
	*frag_off = 0;
	while (ip6_is_ext_hdr(type)) {
		uint8_t next, hdrlen;
		if (type == NEXTHDR_NONE || !opt_hdr(pkt, len, start, &next, &hdrlen))
			return -1;
		if (type == NEXTHDR_FRAGMENT) {
			if (!frag_field(pkt, len, start, frag_off))
				return -1;
			if (*frag_off & FRAG6_OFFSET_MASK)
				break; /* a later fragment: what follows is payload */
		}
		start += ext_len(type, hdrlen);
		type = next;
	}
	*nexthdr = type;
	return (long)start;
}

enum find_action { FIND_NEXT, FIND_STOP, FIND_RETURN };

/* One step of ipv6_find_hdr on the header `type` at `at`: go on to the
 * next header (*step bytes on), stop here, or return *ret at once. */
static enum find_action find_step(const uint8_t *pkt, size_t len, size_t at, uint8_t type,
				  int target, uint16_t *fragoff, int *flags, bool *found,
				  size_t *step, uint8_t *next, int *ret)
{
	uint8_t hdrlen;
	*ret = IP6_FIND_EBADMSG;
	if (!opt_hdr(pkt, len, at, next, &hdrlen))
		return FIND_RETURN;
	if (type == NEXTHDR_ROUTING) {
		/* segments_left is the routing header's fourth byte */
		if (len - at < 4)
			return FIND_RETURN;
		if (flags && (*flags & IP6_FH_F_SKIP_RH) && pkt[at + 3] == 0)
			*found = false;
	}
	if (type == NEXTHDR_FRAGMENT) {
		uint16_t field;
		if (flags)
			*flags |= IP6_FH_F_FRAG;
		if (!frag_field(pkt, len, at, &field))
			return FIND_RETURN;
		if (field & FRAG6_OFFSET_MASK) {
			/* A later fragment: only its protocol is known. */
			*ret = IP6_FIND_ENOENT;
			if (target < 0 && (!ip6_is_ext_hdr(*next) || *next == NEXTHDR_NONE)) {
				if (fragoff)
					*fragoff = field & FRAG6_OFFSET_MASK;
				*ret = *next;
				return FIND_RETURN;
			}
			if (!*found)
				return FIND_RETURN;
			/* looking for the fragment header itself: here it is */
			if (fragoff)
				*fragoff = field & FRAG6_OFFSET_MASK;
			return FIND_STOP;
		}
	} else if (type == NEXTHDR_AUTH && flags && (*flags & IP6_FH_F_AUTH) && target < 0) {
		return FIND_STOP; /* the caller wants AH itself as the protocol */
	}
	*step = ext_len(type, hdrlen);
	return FIND_NEXT;
}

int ip6_find_hdr(const uint8_t *pkt, size_t len, size_t *offset, int target, uint16_t *fragoff,
		 int *flags)
{
	if (len < IP6_HDR_LEN)
		return IP6_FIND_EBADMSG;
	size_t start = IP6_HDR_LEN;
	uint8_t type = pkt[IP6_OFF_NEXTHDR];
	bool found;
	if (fragoff)
		*fragoff = 0;
	do {
		found = (type == target);
		if (!ip6_is_ext_hdr(type) || type == NEXTHDR_NONE) {
			if (target < 0)
				break;
			return IP6_FIND_ENOENT;
		}
		size_t step = 0;
		uint8_t next = 0;
		int ret;
		enum find_action act = find_step(pkt, len, start, type, target, fragoff, flags,
						 &found, &step, &next, &ret);
		if (act == FIND_RETURN)
			return ret;
		if (act == FIND_STOP)
			break;
		if (!found) {
			type = next;
			start += step;
		}
	} while (!found);
	*offset = start;
	return type;
}
