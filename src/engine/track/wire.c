/* wire.c - the Internet checksum, whole and incremental. */
#include "engine/track/wire.h"

#include "engine/track/packet.h"

static const struct l4_layout layouts[] = {
	{PROTO_ICMP, ICMP_HDR_LEN, ICMP_OFF_CHECK, false},
	{PROTO_TCP, TCP_HDR_MIN, TCP_OFF_CHECK, true},
	{PROTO_UDP, UDP_HDR_LEN, UDP_OFF_CHECK, true},
	{PROTO_SCTP, SCTP_HDR_LEN, SCTP_OFF_CHECK, false},
};

/* IPv6's: ICMPv6 instead of ICMP. */
static const struct l4_layout layouts6[] = {
	{PROTO_ICMPV6, ICMP_HDR_LEN, ICMP_OFF_CHECK, true},
	{PROTO_TCP, TCP_HDR_MIN, TCP_OFF_CHECK, true},
	{PROTO_UDP, UDP_HDR_LEN, UDP_OFF_CHECK, true},
	{PROTO_SCTP, SCTP_HDR_LEN, SCTP_OFF_CHECK, false},
};

uint32_t sctp_crc32c(const uint8_t *b, size_t n)
{
	enum { CRC32C_POLY_REFLECTED = 0x82f63b78u };
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		uint8_t byte = i >= SCTP_OFF_CHECK && i < SCTP_OFF_CHECK + 4u ? 0 : b[i];
		crc ^= byte;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (CRC32C_POLY_REFLECTED & (0u - (crc & 1u)));
	}
	return ~crc;
}

const struct l4_layout *l4_layout_of(uint8_t proto)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].proto == proto)
			return &layouts[i];
	return NULL;
}

const struct l4_layout *l4_layout_for(int family, uint8_t proto)
{
	if (family != FAMILY_IPV6)
		return l4_layout_of(proto);
	for (size_t i = 0; i < sizeof(layouts6) / sizeof(layouts6[0]); i++)
		if (layouts6[i].proto == proto)
			return &layouts6[i];
	return NULL;
}

uint32_t csum_add_bytes(uint32_t sum, const uint8_t *b, size_t n)
{
	/* 32-bit words into 64 bits, folded once at the end (as the
	 * kernel's do_csum): 2^16 = 1 in one's complement, so a word's two
	 * halves add as two 16-bit words would, and 64 bits cannot overflow
	 * below 2^32 words.  The header of every captured packet and every
	 * answer nfwalk builds is summed here. */
	uint64_t s = sum;
	size_t i = 0;
	for (; i + 4 <= n; i += 4)
		s += get32(b + i);
	if (i + 2 <= n) {
		s += get16(b + i);
		i += 2;
	}
	if (i < n)
		s += (uint32_t)b[i] << 8;
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	uint32_t x = (uint32_t)s;
	x = (x & 0xffff) + (x >> 16);
	return (x & 0xffff) + (x >> 16);
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t csum_pseudo(uint32_t saddr, uint32_t daddr, uint8_t proto, uint16_t l4_len)
{
	uint32_t sum = (saddr >> 16) + (saddr & 0xffff) + (daddr >> 16) + (daddr & 0xffff);
	sum += proto;
	sum += l4_len;
	return sum;
}

uint32_t csum_pseudo6(const uint8_t *saddr, const uint8_t *daddr, uint8_t proto,
		      uint32_t l4_len)
{
	uint32_t sum = csum_add_bytes(0, saddr, 16);
	sum = csum_add_bytes(sum, daddr, 16);
	sum += (l4_len >> 16) + (l4_len & 0xffff) + proto;
	return sum;
}

void csum_replace16(uint8_t *field, uint16_t old, uint16_t new_word)
{
	uint32_t sum = (uint16_t)~get16(field);
	sum += (uint16_t)~old;
	sum += new_word;
	put16(field, csum_fold(sum));
}

void csum_replace32(uint8_t *field, uint32_t old, uint32_t new_word)
{
	csum_replace16(field, (uint16_t)(old >> 16), (uint16_t)(new_word >> 16));
	csum_replace16(field, (uint16_t)old, (uint16_t)new_word);
}

void csum_replace_bytes(uint8_t *field, const uint8_t *old, const uint8_t *new_bytes, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		csum_replace16(field, get16(old + i), get16(new_bytes + i));
}
