/* checksum_ref.h - an Internet checksum verifier for the tests that shares
 * nothing with src/engine/track/wire.c: it copies the pseudo-header and the
 * segment into one buffer and sums it byte by byte, the slow obvious way
 * (RFC 1071).  A correct header or segment sums to 0xffff. */
#ifndef NFWALK_CHECKSUM_REF_H
#define NFWALK_CHECKSUM_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned long ref_sum(const uint8_t *b, size_t n)
{
	unsigned long s = 0;
	for (size_t i = 0; i < n; i++)
		s += (i % 2 == 0) ? (unsigned long)b[i] << 8 : b[i];
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

static size_t ref_ihl(const uint8_t *ip)
{
	return (size_t)(ip[0] & 0x0f) * 4;
}

/* The IPv4 header checksum of the datagram at ip. */
static bool ref_ip_ok(const uint8_t *ip)
{
	return ref_sum(ip, ref_ihl(ip)) == 0xffff;
}

/* The TCP/UDP/ICMP checksum of a whole datagram of len bytes. */
static bool ref_l4_ok(const uint8_t *ip, size_t len)
{
	size_t ihl = ref_ihl(ip);
	size_t tot = (size_t)ip[2] << 8 | ip[3];
	if (tot > len || tot < ihl)
		return false;
	size_t seg = tot - ihl;
	uint8_t proto = ip[9];
	if (proto == 1)
		return ref_sum(ip + ihl, seg) == 0xffff;
	if (proto == 17 && ip[ihl + 6] == 0 && ip[ihl + 7] == 0)
		return true; /* no UDP checksum */
	uint8_t *buf = calloc(12 + seg, 1);
	memcpy(buf, ip + 12, 8); /* source and destination */
	buf[9] = proto;
	buf[10] = (uint8_t)(seg >> 8);
	buf[11] = (uint8_t)seg;
	memcpy(buf + 12, ip + ihl, seg);
	bool ok = ref_sum(buf, 12 + seg) == 0xffff;
	free(buf);
	return ok;
}

/* The upper-layer checksum of an IPv6 packet whose upper-layer header
 * (protocol proto: TCP, UDP or ICMPv6, all over the pseudo-header) starts
 * at l4off; the payload length field says where the packet ends.  A zero
 * UDP checksum is wrong in IPv6 (RFC 8200 8.1). */
static inline bool ref6_l4_ok(const uint8_t *ip6, size_t len, size_t l4off, uint8_t proto)
{
	size_t tot = 40 + ((size_t)ip6[4] << 8 | ip6[5]);
	if (tot > len || tot < l4off)
		return false;
	size_t seg = tot - l4off;
	uint8_t *buf = calloc(40 + seg, 1);
	memcpy(buf, ip6 + 8, 32); /* source and destination */
	buf[34] = (uint8_t)(seg >> 8);
	buf[35] = (uint8_t)seg;
	buf[39] = proto;
	memcpy(buf + 40, ip6 + l4off, seg);
	bool ok = ref_sum(buf, 40 + seg) == 0xffff;
	free(buf);
	return ok;
}

#endif
