/* test_frame.c - captured frames to packets, built by hand for every link
 * type nfwalk reads (Ethernet with and without VLAN tags, Linux cooked v1
 * and v2, raw IP, IPv4, IPv6, BSD loopback in both byte orders) for both
 * IP versions, plus what is skipped: ARP, other protocols, truncated
 * frames, and the IPv4 and IPv6 headers ip_rcv_core() and ip6_rcv_core()
 * drop. */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "capture/capture.h"

/* A UDP datagram 192.0.2.7:5000 -> 10.0.0.1:53 with 4 bytes of data. */
static size_t ipv4_udp(uint8_t *b)
{
	struct pkt_spec s = {.proto = PROTO_UDP, .src.ip = 0xc0000207, .dst.ip = 0x0a000001,
			     .sport = 5000, .dport = 53, .payload = 4};
	struct packet *p = packet_build(&s);
	size_t n = p->len;
	memcpy(b, p->data, n);
	packet_free(p);
	return n;
}

/* A UDP datagram [2001:db8::7]:5000 -> [2001:db8::1]:53 with 4 bytes. */
static size_t ipv6_udp(uint8_t *b)
{
	struct pkt_spec s = {.proto = PROTO_UDP, .family = FAMILY_IPV6, .sport = 5000,
			     .dport = 53, .payload = 4};
	s.src.in6.b[0] = s.dst.in6.b[0] = 0x20;
	s.src.in6.b[1] = s.dst.in6.b[1] = 0x01;
	s.src.in6.b[2] = s.dst.in6.b[2] = 0x0d;
	s.src.in6.b[3] = s.dst.in6.b[3] = 0xb8;
	s.src.in6.b[15] = 7;
	s.dst.in6.b[15] = 1;
	struct packet *p = packet_build(&s);
	size_t n = p->len;
	memcpy(b, p->data, n);
	packet_free(p);
	return n;
}

static const uint8_t mac_src[6] = {0x02, 0, 0, 0, 0, 0x07};
static const uint8_t mac_host[6] = {0x02, 0, 0, 0, 0, 0x01};

/* Ethernet header, tags (each 0x8100 0x0005), then type. */
static size_t ether(uint8_t *b, int tags, uint16_t type)
{
	memcpy(b, mac_host, 6);
	memcpy(b + 6, mac_src, 6);
	size_t at = 12;
	for (int i = 0; i < tags; i++) {
		b[at] = i ? 0x81 : 0x88; /* 802.1ad outer, 802.1Q inner */
		b[at + 1] = i ? 0x00 : 0xa8;
		b[at + 2] = 0;
		b[at + 3] = 5;
		at += 4;
	}
	b[at] = (uint8_t)(type >> 8);
	b[at + 1] = (uint8_t)type;
	return at + 2;
}

static struct capture cap_of(int dlt)
{
	struct capture c;
	memset(&c, 0, sizeof(c));
	c.dlt = dlt;
	str_copy(c.iface, sizeof(c.iface), "eth0");
	return c;
}

static enum cap_skip decode(struct capture *c, const uint8_t *b, size_t caplen, size_t len,
			    struct packet **p)
{
	return frame_to_packet(c, b, caplen, len, p);
}

/* The frame becomes the datagram, on eth0, with nothing else. */
static void expect_packet(int dlt, const uint8_t *b, size_t n, bool with_mac, const char *name)
{
	struct capture c = cap_of(dlt);
	struct packet *p;
	enum cap_skip s = decode(&c, b, n, n, &p);
	ok(s == CAP_TAKEN && p && p->len == 32 && pkt_saddr(p) == 0xc0000207 &&
		   pkt_dport(p) == 53 && strcmp(p->iif, "eth0") == 0,
	   "%s: the IPv4 datagram, arriving on eth0", name);
	ok(p && p->has_mac == with_mac &&
		   (!with_mac || memcmp(p->src_mac, mac_src, 6) == 0),
	   "%s: %s", name, with_mac ? "the source MAC kept for -m mac" : "no MAC");
	packet_free(p);
}

static void expect_skip(int dlt, const uint8_t *b, size_t caplen, size_t len, enum cap_skip want,
			const char *name);

static void expect_packet6(int dlt, const uint8_t *b, size_t n, bool with_mac, const char *name)
{
	struct capture c = cap_of(dlt);
	struct packet *p;
	enum cap_skip s = decode(&c, b, n, n, &p);
	union inet_addr src = p ? pkt_src(p) : (union inet_addr){{0}};
	ok(s == CAP_TAKEN && p && p->len == 52 && pkt_family(p) == FAMILY_IPV6 &&
		   src.in6.b[15] == 7 && pkt_dport(p) == 53 && strcmp(p->iif, "eth0") == 0,
	   "%s: the IPv6 packet, arriving on eth0", name);
	ok(p && p->has_mac == with_mac, "%s: %s", name, with_mac ? "with its MAC" : "no MAC");
	if (s != CAP_TAKEN)
		printf("#   got \"%s\"\n", cap_skip_text(s));
	packet_free(p);
}

static void test_ipv6(void)
{
	uint8_t b[256];
	size_t h = ether(b, 0, 0x86dd);
	size_t n = h + ipv6_udp(b + h);
	expect_packet6(1, b, n, true, "Ethernet IPv6");
	memset(b + n, 0xee, 80 - n);
	expect_packet6(1, b, 80, true, "Ethernet IPv6 with trailing bytes trimmed");
	h = ether(b, 2, 0x86dd);
	expect_packet6(1, b, h + ipv6_udp(b + h), true, "Ethernet IPv6, 802.1ad + 802.1Q tags");
	memset(b, 0, 16);
	b[3] = 1;
	b[5] = 6;
	memcpy(b + 6, mac_src, 6);
	b[14] = 0x86;
	b[15] = 0xdd;
	expect_packet6(113, b, 16 + ipv6_udp(b + 16), true, "LINUX_SLL IPv6");
	n = ipv6_udp(b);
	expect_packet6(101, b, n, false, "RAW IPv6");
	expect_packet6(229, b, n, false, "IPV6 link (229)");
	static const uint8_t af_inet6_bsd[4] = {24, 0, 0, 0};
	memcpy(b, af_inet6_bsd, 4);
	expect_packet6(0, b, 4 + ipv6_udp(b + 4), false, "NULL with AF_INET6 (24)");

	n = ipv6_udp(b);
	uint8_t bad[96];
	memcpy(bad, b, n);
	expect_skip(101, bad, 39, 39, SKIP_IPV6_HEADER, "39 bytes of IPv6");
	bad[8] = 0xff;
	expect_skip(101, bad, n, n, SKIP_IPV6_HEADER, "a multicast source");
	memcpy(bad, b, n);
	bad[5] = (uint8_t)(bad[5] + 1);
	expect_skip(101, bad, n, n, SKIP_IPV6_LENGTH, "payload length past the frame");
	memcpy(bad, b, n);
	bad[4] = bad[5] = 0;
	bad[6] = 0; /* hop-by-hop */
	expect_skip(101, bad, n, n, SKIP_IPV6_LENGTH, "payload length 0 (a jumbogram)");
	memcpy(bad, b, n);
	bad[0] = 0x45;
	expect_skip(229, bad, n, n, SKIP_IPV6_HEADER, "IPV6 link carrying version 4");
	size_t eh = ether(bad, 0, 0x86dd);
	memcpy(bad + eh, b, n);
	bad[eh] = 0x45;
	expect_skip(1, bad, eh + n, eh + n, SKIP_IPV6_HEADER, "EtherType IPv6 carrying version 4");
}

static void expect_skip(int dlt, const uint8_t *b, size_t caplen, size_t len, enum cap_skip want,
			const char *name)
{
	struct capture c = cap_of(dlt);
	struct packet *p;
	enum cap_skip s = decode(&c, b, caplen, len, &p);
	ok(s == want && p == NULL, "%s: skipped as \"%s\"", name, cap_skip_text(want));
	if (s != want)
		printf("#   got \"%s\"\n", s == CAP_TAKEN ? "taken" : cap_skip_text(s));
	packet_free(p);
}

static void test_link_types(void)
{
	uint8_t b[256];
	size_t h = ether(b, 0, 0x0800);
	size_t n = h + ipv4_udp(b + h);
	expect_packet(1, b, n, true, "Ethernet");

	/* Ethernet pads short frames to 60 bytes: ip_rcv trims to tot_len */
	memset(b + n, 0xee, 60 - n);
	expect_packet(1, b, 60, true, "Ethernet with padding");

	h = ether(b, 2, 0x0800);
	expect_packet(1, b, h + ipv4_udp(b + h), true, "Ethernet, 802.1ad + 802.1Q tags");

	/* LINUX_SLL: pkttype 0 (to us), hatype 1, halen 6, addr, protocol */
	memset(b, 0, 16);
	b[3] = 1;
	b[5] = 6;
	memcpy(b + 6, mac_src, 6);
	b[14] = 0x08;
	expect_packet(113, b, 16 + ipv4_udp(b + 16), true, "LINUX_SLL");

	/* LINUX_SLL2: protocol, reserved, ifindex, hatype, pkttype, halen, addr */
	memset(b, 0, 20);
	b[0] = 0x08;
	b[9] = 1;
	b[11] = 6;
	memcpy(b + 12, mac_src, 6);
	expect_packet(276, b, 20 + ipv4_udp(b + 20), true, "LINUX_SLL2");

	n = ipv4_udp(b);
	expect_packet(12, b, n, false, "RAW (DLT 12)");
	expect_packet(14, b, n, false, "RAW (DLT 14, OpenBSD)");
	expect_packet(101, b, n, false, "RAW (LINKTYPE 101)");
	expect_packet(228, b, n, false, "IPV4 (228)");

	/* BSD loopback: AF_INET = 2 in the writer's order (NULL) or network
	 * order (LOOP) */
	static const uint8_t le2[4] = {2, 0, 0, 0}, be2[4] = {0, 0, 0, 2};
	memcpy(b, le2, 4);
	expect_packet(0, b, 4 + ipv4_udp(b + 4), false, "NULL, little-endian family");
	memcpy(b, be2, 4);
	expect_packet(0, b, 4 + ipv4_udp(b + 4), false, "NULL, big-endian family");
	expect_packet(108, b, 4 + ipv4_udp(b + 4), false, "LOOP");
}

static void test_skipped(void)
{
	uint8_t b[256];
	memset(b, 0, sizeof(b));
	size_t h = ether(b, 0, 0x0806);
	expect_skip(1, b, h + 28, h + 28, SKIP_ARP, "Ethernet ARP");
	h = ether(b, 0, 0x88cc);
	expect_skip(1, b, h + 20, h + 20, SKIP_OTHER_L3, "Ethernet LLDP");
	expect_skip(1, b, 10, 10, SKIP_SHORT_FRAME, "a 10-byte Ethernet frame");
	h = ether(b, 1, 0x8100);
	expect_skip(1, b, h, h, SKIP_SHORT_FRAME, "a VLAN tag cut short");
	b[0] = 0x60;
	expect_skip(228, b, 40, 40, SKIP_IPV4_HEADER, "IPV4 link carrying version 6");
	expect_skip(147, b, 40, 40, SKIP_LINKTYPE, "a link type nfwalk does not read");
	expect_skip(12, b, 0, 0, SKIP_SHORT_FRAME, "an empty RAW frame");

	size_t n = ipv4_udp(b);
	expect_skip(12, b, n - 1, n, SKIP_TRUNCATED, "caplen < len");
	uint8_t bad[64];
	memcpy(bad, b, n);
	bad[0] = 0x44;
	expect_skip(12, bad, n, n, SKIP_IPV4_HEADER, "IHL 4");
	memcpy(bad, b, n);
	bad[10] ^= 0xff;
	expect_skip(12, bad, n, n, SKIP_IPV4_CSUM, "a bad header checksum");
	memcpy(bad, b, n);
	expect_skip(12, bad, 19, 19, SKIP_IPV4_HEADER, "19 bytes of IPv4");
	/* tot_len 0 (BIG TCP) with the checksum made right again */
	struct packet *p = packet_from_bytes(b, n);
	p->data[2] = p->data[3] = 0;
	pkt_header_changed(p); /* bytes the memo read */
	packet_fix_checksums(p);
	expect_skip(12, p->data, n, n, SKIP_IPV4_LENGTH, "tot_len 0");
	p->data[3] = (uint8_t)(n + 1);
	pkt_header_changed(p); /* bytes the memo read */
	packet_fix_checksums(p);
	expect_skip(12, p->data, n, n, SKIP_IPV4_LENGTH, "tot_len past the frame");
	packet_free(p);
}

/* Frames the host itself sent: its own packets walk OUTPUT, others (a
 * forwarded copy leaving it) are skipped. */
static void test_direction(void)
{
	uint8_t b[256];
	struct capture c = cap_of(113);
	uint32_t host[] = {0x0a000001, 0xc0000207};
	struct packet *p;
	memset(b, 0, 16);
	b[1] = 4; /* PACKET_OUTGOING */
	b[14] = 0x08;
	size_t n = 16 + ipv4_udp(b + 16);
	ok(frame_to_packet(&c, b, n, n, &p) == SKIP_FORWARDED_COPY,
	   "an outgoing cooked frame not from the host is a forwarded copy");
	capture_set_host(&c, NULL, host, 2);
	ok(frame_to_packet(&c, b, n, n, &p) == CAP_TAKEN && p->local_out && !p->iif[0],
	   "an outgoing frame from a host address walks as locally generated");
	packet_free(p);

	struct capture e = cap_of(1);
	size_t h = ether(b, 0, 0x0800);
	n = h + ipv4_udp(b + h);
	capture_set_host(&e, mac_src, NULL, 0);
	ok(frame_to_packet(&e, b, n, n, &p) == SKIP_FORWARDED_COPY,
	   "an Ethernet frame from the interface's own MAC was sent by the host");
	capture_set_host(&e, mac_host, NULL, 0);
	ok(frame_to_packet(&e, b, n, n, &p) == CAP_TAKEN && !p->local_out,
	   "a frame from another MAC arrives");
	packet_free(p);
}

static void test_names(void)
{
	is_str(frame_linktype_name(276), "LINUX_SLL2", "link type names");
	ok(frame_linktype_name(9) == NULL, "PPP is not read");
	is_str(cap_skip_text(SKIP_ARP), "ARP", "skip reasons have text");
}

int main(void)
{
	test_link_types();
	test_skipped();
	test_ipv6();
	test_direction();
	test_names();
	return tap_done();
}
