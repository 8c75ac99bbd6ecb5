/* wire.h - the wire format of IPv4, TCP, UDP and ICMP headers: field
 * offsets, big-endian loads and stores, and the Internet checksum
 * (RFC 1071) with its incremental update (RFC 1624).  Private to the
 * packet, conntrack and NAT code; everyone else uses packet.h. */
#ifndef NFWALK_WIRE_H
#define NFWALK_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* IPv4 header (RFC 791). */
enum {
	IP_HDR_MIN = 20,
	IP_OFF_VER_IHL = 0,
	IP_OFF_TOS = 1,
	IP_OFF_TOT_LEN = 2,
	IP_OFF_ID = 4,
	IP_OFF_FRAG = 6,
	IP_OFF_TTL = 8,
	IP_OFF_PROTO = 9,
	IP_OFF_CHECK = 10,
	IP_OFF_SADDR = 12,
	IP_OFF_DADDR = 16,
	IP_FLAG_DF = 0x4000,
	IP_FLAG_MF = 0x2000,
	IP_FRAG_MASK = 0x1fff,
	IP_MAX_LEN = 65535,
};

/* TCP header (RFC 793), without options. */
enum {
	TCP_HDR_MIN = 20,
	TCP_OFF_SPORT = 0,
	TCP_OFF_DPORT = 2,
	TCP_OFF_SEQ = 4,
	TCP_OFF_ACK = 8,
	TCP_OFF_DOFF = 12,
	TCP_OFF_FLAGS = 13,
	TCP_OFF_WINDOW = 14,
	TCP_OFF_CHECK = 16,
	/* Linux's initial window for a 1460-byte MSS (tcp_select_initial_window). */
	TCP_DEFAULT_WINDOW = 64240,
};

/* UDP header (RFC 768). */
enum {
	UDP_HDR_LEN = 8,
	UDP_OFF_LEN = 4,
	UDP_OFF_CHECK = 6,
};

/* SCTP common header (RFC 9260): ports, verification tag, and a CRC32c
 * (not the Internet checksum, and not over a pseudo-header), then chunks
 * of type, flags, length, padded to 4 bytes. */
enum {
	SCTP_HDR_LEN = 12,
	SCTP_OFF_VTAG = 4,
	SCTP_OFF_CHECK = 8,
	SCTP_CHUNK_HDR = 4,
};

/* The SCTP checksum of a packet's bytes (the checksum field taken as 0),
 * as sctp_compute_cksum puts it on the wire (little-endian CRC32c). */
uint32_t sctp_crc32c(const uint8_t *b, size_t n);

/* ICMP header (RFC 792): type, code, checksum, then 4 bytes whose meaning
 * depends on the type (echo id and sequence for the query types). */
enum {
	ICMP_HDR_LEN = 8,
	ICMP_OFF_TYPE = 0,
	ICMP_OFF_CODE = 1,
	ICMP_OFF_CHECK = 2,
	ICMP_OFF_ID = 4,
	ICMP_OFF_SEQ = 6,
	/* icmp_send: the error and what it quotes fit in 576 bytes. */
	ICMP_ERROR_MAX_LEN = 576,
};

/* The fixed part of each L4 header nfwalk builds and checksums. */
struct l4_layout {
	uint8_t proto;
	uint8_t hdr_len;    /* TCP: without options */
	uint8_t check_off;  /* where the checksum field is */
	bool pseudo_header; /* the checksum also covers the pseudo-header */
};
/* NULL for a protocol nfwalk has no layout for. */
const struct l4_layout *l4_layout_of(uint8_t proto);
/* The same by family: IPv6 knows ICMPv6 (whose checksum covers the
 * pseudo-header, RFC 4443 2.3) and not ICMP. */
const struct l4_layout *l4_layout_for(int family, uint8_t proto);

static inline uint16_t get16(const uint8_t *b)
{
	return (uint16_t)((unsigned)b[0] << 8 | b[1]);
}

static inline uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* One's-complement sum of bytes (an odd last byte is padded with zero),
 * added to sum; not folded, not inverted. */
uint32_t csum_add_bytes(uint32_t sum, const uint8_t *b, size_t n);
/* Fold a sum to 16 bits and invert it: the value for a checksum field. */
uint16_t csum_fold(uint32_t sum);
/* The TCP/UDP pseudo-header's sum (addresses in host order). */
uint32_t csum_pseudo(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t l4_len);
/* The IPv6 pseudo-header's sum (RFC 8200 8.1): both 16-byte addresses,
 * the upper-layer length and the next header. */
uint32_t csum_pseudo6(const uint8_t *saddr, const uint8_t *daddr, uint8_t proto,
		      uint32_t l4_len);
/* RFC 1624 eqn. 3: fix the checksum stored at field after a 16-bit word of
 * the covered data changed from old to new.  The kernel's csum_replace2. */
void csum_replace16(uint8_t *field, uint16_t old, uint16_t new_word);
/* The same for a 32-bit value (an address): csum_replace4. */
void csum_replace32(uint8_t *field, uint32_t old, uint32_t new_word);
/* The same for n bytes (n even) changed from old to new_bytes: an IPv6
 * address, csum_replace16's 16 bytes. */
void csum_replace_bytes(uint8_t *field, const uint8_t *old, const uint8_t *new_bytes, size_t n);

#endif
