/* frame.c - from a captured frame to the packet ip_rcv would receive.
 *
 * One decoder per link type (a table, keyed by the number pcap_datalink()
 * reports) finds the network header, the source MAC and, where the link
 * layer records it, the direction.  IPv4 datagrams are then held to the
 * checks ip_rcv_core() makes before any netfilter hook sees a packet
 * (net/ipv4/ip_input.c): a whole header, version 4, ihl >= 5, a good
 * header checksum, ihl*4 <= tot_len <= the bytes received; the datagram is
 * then trimmed to tot_len (pskb_trim_rcsum), which drops Ethernet padding.
 * IPv6 packets are held to ipv6_rcv's (ip6_rcv_core, net/ipv6/ip6_input.c):
 * a whole fixed header, version 6, a source that is not multicast, 40 +
 * payload length <= the bytes received, then trimmed to it; a payload
 * length of 0 (a jumbogram, BIG TCP's hop-by-hop) is not modelled. */
#include <string.h>

#include "capture/capture.h"
#include "engine/track/wire.h"

/* What a link-layer decoder found. */
struct link_frame {
	const uint8_t *b;
	size_t n;            /* captured bytes */
	size_t l3;           /* offset of the network header */
	const uint8_t *mac;  /* source MAC, NULL when the link layer has none */
	bool outgoing;       /* the link layer says the capturing host sent it */
	bool v6;             /* the link layer says IPv6 (EtherType, family, version) */
};

enum {
	ETH_P_IP = 0x0800,
	ETH_P_ARP = 0x0806,
	ETH_P_IPV6 = 0x86dd,
	ETH_P_8021Q = 0x8100,
	ETH_P_8021AD = 0x88a8,
	ETH_P_QINQ1 = 0x9100,
	PACKET_OUTGOING = 4, /* sll_pkttype of a frame the host sent */
	VLAN_MAX_DEPTH = 8,
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool is_vlan(uint16_t type)
{
	return type == ETH_P_8021Q || type == ETH_P_8021AD || type == ETH_P_QINQ1;
}

/* The frame's EtherType is type and its payload starts at payload: skip
 * any 802.1Q / 802.1ad tags (2 bytes of TCI, then the next EtherType). */
static enum cap_skip by_ethertype(struct link_frame *f, uint16_t type, size_t payload)
{
	for (int depth = 0; is_vlan(type); depth++) {
		if (depth == VLAN_MAX_DEPTH || f->n < payload + 4)
			return SKIP_SHORT_FRAME;
		type = be16(f->b + payload + 2);
		payload += 4;
	}
	f->l3 = payload;
	switch (type) {
	case ETH_P_IP:
		return CAP_TAKEN;
	case ETH_P_IPV6:
		f->v6 = true;
		return CAP_TAKEN;
	case ETH_P_ARP:
		return SKIP_ARP;
	default:
		return SKIP_OTHER_L3;
	}
}

/* By the IP version nibble, for links that carry bare IP: which
 * versions the link allows (4, 6, or 0 for both). */
static enum cap_skip by_version(struct link_frame *f, size_t at, unsigned only)
{
	if (f->n <= at)
		return SKIP_SHORT_FRAME;
	f->l3 = at;
	unsigned version = f->b[at] >> 4;
	f->v6 = version == 6;
	if ((version == 4 || version == 6) && (only == 0 || only == version))
		return CAP_TAKEN;
	return only == 6 ? SKIP_IPV6_HEADER : SKIP_IPV4_HEADER;
}

static enum cap_skip decode_ether(struct link_frame *f)
{
	if (f->n < 14)
		return SKIP_SHORT_FRAME;
	f->mac = f->b + 6;
	return by_ethertype(f, be16(f->b + 12), 14);
}

/* LINUX_SLL: pkttype(2) hatype(2) halen(2) addr(8) protocol(2). */
static enum cap_skip decode_sll(struct link_frame *f)
{
	if (f->n < 16)
		return SKIP_SHORT_FRAME;
	f->outgoing = be16(f->b) == PACKET_OUTGOING;
	if (be16(f->b + 4) == 6)
		f->mac = f->b + 6;
	return by_ethertype(f, be16(f->b + 14), 16);
}

/* LINUX_SLL2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1)
 * halen(1) addr(8). */
static enum cap_skip decode_sll2(struct link_frame *f)
{
	if (f->n < 20)
		return SKIP_SHORT_FRAME;
	f->outgoing = f->b[10] == PACKET_OUTGOING;
	if (f->b[11] == 6)
		f->mac = f->b + 12;
	return by_ethertype(f, be16(f->b), 20);
}

static enum cap_skip decode_raw(struct link_frame *f)
{
	return by_version(f, 0, 0);
}

static enum cap_skip decode_ipv4_only(struct link_frame *f)
{
	return by_version(f, 0, 4);
}

static enum cap_skip decode_ipv6_only(struct link_frame *f)
{
	return by_version(f, 0, 6);
}

/* BSD loopback: a 4-byte address family.  DLT_LOOP writes it in network
 * order; DLT_NULL in the capturing host's order, so read whichever way
 * gives a small number.  AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30
 * depending on the BSD (10 on Linux). */
static enum cap_skip by_family(struct link_frame *f, uint32_t family)
{
	f->l3 = 4;
	if (family == 2)
		return CAP_TAKEN;
	if (family == 10 || family == 24 || family == 28 || family == 30) {
		f->v6 = true;
		return CAP_TAKEN;
	}
	return SKIP_OTHER_L3;
}

static enum cap_skip decode_null(struct link_frame *f)
{
	if (f->n < 4)
		return SKIP_SHORT_FRAME;
	const uint8_t *p = f->b;
	uint32_t le = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		      (uint32_t)p[3] << 24;
	uint32_t be = (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
		      (uint32_t)p[0] << 24;
	return by_family(f, le <= 0xffff ? le : be);
}

static enum cap_skip decode_loop(struct link_frame *f)
{
	if (f->n < 4)
		return SKIP_SHORT_FRAME;
	const uint8_t *p = f->b;
	return by_family(f, (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
				    p[3]);
}

/* Numbers as pcap_datalink() reports them on Linux (pcap/dlt.h): DLT_RAW
 * is 12 here and 14 on OpenBSD, and a file's LINKTYPE_RAW (101) is mapped
 * to it, but a file may still carry any of the three. */
static const struct linktype {
	int dlt;
	const char *name;
	enum cap_skip (*decode)(struct link_frame *f);
} linktypes[] = {
	{0, "NULL", decode_null},
	{1, "EN10MB", decode_ether},
	{12, "RAW", decode_raw},
	{14, "RAW", decode_raw},
	{101, "RAW", decode_raw},
	{108, "LOOP", decode_loop},
	{113, "LINUX_SLL", decode_sll},
	{228, "IPV4", decode_ipv4_only},
	{229, "IPV6", decode_ipv6_only},
	{276, "LINUX_SLL2", decode_sll2},
};

static const struct linktype *linktype_find(int dlt)
{
	for (size_t i = 0; i < ARRAY_SIZE(linktypes); i++)
		if (linktypes[i].dlt == dlt)
			return &linktypes[i];
	return NULL;
}

const char *frame_linktype_name(int dlt)
{
	const struct linktype *lt = linktype_find(dlt);
	return lt ? lt->name : NULL;
}

/* ip_rcv_core's checks; on success *tot_len is the datagram's length. */
static enum cap_skip ipv4_check(const uint8_t *ip, size_t avail, size_t *tot_len)
{
	if (avail < 20 || ip[0] >> 4 != 4 || (ip[0] & 0x0f) < 5)
		return SKIP_IPV4_HEADER;
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
	if (avail < ihl)
		return SKIP_IPV4_HEADER;
	if (csum_fold(csum_add_bytes(0, ip, ihl)) != 0)
		return SKIP_IPV4_CSUM;
	size_t len = be16(ip + 2);
	if (len > avail || len < ihl)
		return SKIP_IPV4_LENGTH;
	*tot_len = len;
	return CAP_TAKEN;
}

/* ip6_rcv_core's checks; on success *tot_len is 40 + payload length. */
static enum cap_skip ipv6_check(const uint8_t *ip, size_t avail, size_t *tot_len)
{
	enum { IP6_HDR = 40, NEXTHDR_HOP = 0 };
	if (avail < IP6_HDR || ip[0] >> 4 != 6 || ip[8] == 0xff /* multicast source */)
		return SKIP_IPV6_HEADER;
	size_t plen = be16(ip + 4);
	if (plen == 0 && ip[6] == NEXTHDR_HOP)
		return SKIP_IPV6_LENGTH; /* a jumbogram's length is in an option */
	if (IP6_HDR + plen > avail)
		return SKIP_IPV6_LENGTH;
	*tot_len = IP6_HDR + plen;
	return CAP_TAKEN;
}

static bool addr_is_host(const struct capture *c, uint32_t a)
{
	for (size_t i = 0; i < c->nlocal; i++)
		if (c->local_addrs[i] == a)
			return true;
	return false;
}

enum cap_skip frame_to_packet(const struct capture *c, const uint8_t *bytes, size_t caplen,
			      size_t len, struct packet **out)
{
	*out = NULL;
	const struct linktype *lt = linktype_find(c->dlt);
	if (!lt)
		return SKIP_LINKTYPE;
	struct link_frame f = {.b = bytes, .n = caplen};
	enum cap_skip s = lt->decode(&f);
	if (s != CAP_TAKEN)
		return s;
	if (caplen < len)
		return SKIP_TRUNCATED;
	size_t tot_len;
	bool v6 = f.v6;
	s = v6 ? ipv6_check(f.b + f.l3, f.n - f.l3, &tot_len)
	       : ipv4_check(f.b + f.l3, f.n - f.l3, &tot_len);
	if (s != CAP_TAKEN)
		return s;

	struct packet *p = packet_from_bytes(f.b + f.l3, tot_len);
	bool from_mac = f.mac && c->has_iface_mac && memcmp(f.mac, c->iface_mac, 6) == 0;
	/* (the host's IPv6 addresses are not known to a capture yet) */
	if (!v6 && addr_is_host(c, pkt_saddr(p))) {
		p->local_out = true; /* the host's own packet: the OUTPUT path */
	} else if (f.outgoing || from_mac) {
		packet_free(p);
		return SKIP_FORWARDED_COPY;
	} else {
		ifname_copy(p->iif, c->iface);
		if (f.mac) {
			memcpy(p->src_mac, f.mac, 6);
			p->has_mac = true;
		}
	}
	*out = p;
	return CAP_TAKEN;
}
