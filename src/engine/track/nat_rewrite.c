/* nat_rewrite.c - applying a connection's NAT binding to its packets, as
 * nf_nat_packet / nf_nat_manip_pkt: every packet, either direction, is
 * rewritten to look like the inverse of the other direction's tuple.
 * ICMP and ICMPv6 errors about a NATed connection get the quoted header translated
 * too (nf_nat_icmp_reply_translation), so the host that receives the
 * error recognises its own packet in it.
 *
 * Verified on Linux 6.18 (router namespace, tcpdump on both sides): an
 * ICMP port unreachable from 10.0.2.2 about a DNATed SYN (10.0.1.2:49000
 * -> 10.0.1.1:8080 DNAT to 10.0.2.2:80) reaches the client from 10.0.1.1
 * quoting 10.0.1.2:49000 -> 10.0.1.1:8080; a time exceeded sent to the
 * SNAT address 10.0.2.100 about 10.0.2.100:49002 -> 10.0.2.2:443 reaches
 * 10.0.1.2 quoting 10.0.1.2:49002 -> 10.0.2.2:443. */
#include "engine/track/ct_proto.h"
#include "engine/track/nat.h"

/* The status bit that says this manip applies to a packet going in dir:
 * SRC_NAT for the source manip of the original direction, and crossed
 * over for the reply direction (the reply of a SNATed connection gets
 * its destination rewritten). */
static unsigned status_bit(enum nat_manip m, enum ct_dir dir)
{
	bool src = m == NAT_MANIP_SRC;
	if (dir == CT_DIR_REPLY)
		src = !src;
	return src ? CTS_SRC_NAT : CTS_DST_NAT;
}

static enum nat_manip other_manip(enum nat_manip m)
{
	return m == NAT_MANIP_SRC ? NAT_MANIP_DST : NAT_MANIP_SRC;
}

/* icmp_manip_pkt / icmpv6_manip_pkt change the id of the query types
 * only. */
static bool is_icmp_query(const struct packet *p)
{
	uint8_t type;
	return pkt_icmp(p, &type, NULL) && ct_icmp_invertible(pkt_family(p), type);
}

/* Make the manipulated half of p's header equal target's: address and
 * port (or ICMP id).  Every writer keeps the checksums right. */
static bool manip(struct packet *p, const struct ct_tuple *target, enum nat_manip m)
{
	bool changed = false;
	bool src = m == NAT_MANIP_SRC;
	union inet_addr addr = src ? target->src : target->dst;
	uint16_t port = src ? target->sport : target->dport;
	union inet_addr now = src ? pkt_src(p) : pkt_dst(p);
	if (!inet_eq(&now, &addr)) {
		(src ? pkt_set_src : pkt_set_dst)(p, addr);
		changed = true;
	}
	if (pkt_has_ports(p) && (src ? pkt_sport(p) : pkt_dport(p)) != port) {
		(src ? pkt_set_sport : pkt_set_dport)(p, port);
		changed = true;
	}
	if (is_icmp_query(p) && pkt_icmp_id(p) != target->sport) {
		pkt_set_icmp_id(p, target->sport);
		changed = true;
	}
	return changed;
}

/* The inner header went the other way, so it gets the other manip, with
 * the other direction's tuple as it is; the outer header then looks like
 * a reply to that direction. */
static bool icmp_reply_translation(struct packet *p, const struct ct_entry *e, enum nat_manip m,
				   enum ct_dir dir)
{
	const struct ct_tuple *other = &e->tuple[dir == CT_DIR_REPLY ? CT_DIR_ORIGINAL : CT_DIR_REPLY];
	bool changed = false;
	struct packet *inner = pkt_icmp_inner(p);
	if (inner && manip(inner, other, other_manip(m)))
		changed = pkt_icmp_set_inner(p, inner);
	packet_free(inner);
	struct ct_tuple target;
	ct_tuple_invert(other, &target);
	return manip(p, &target, m) || changed;
}

bool nat_applies(const struct packet *p, enum nf_hook h)
{
	return p->ct && (p->ct->status & status_bit(nat_manip_of_hook(h), ct_packet_dir(p)));
}

bool nat_apply(struct packet *p, enum nf_hook h)
{
	if (!nat_applies(p, h))
		return false;
	const struct ct_entry *e = p->ct;
	enum nat_manip m = nat_manip_of_hook(h);
	enum ct_dir dir = ct_packet_dir(p);
	if ((p->ctinfo == CTINFO_RELATED || p->ctinfo == CTINFO_RELATED_REPLY) &&
	    pkt_icmp_is_error(p))
		return icmp_reply_translation(p, e, m, dir);
	struct ct_tuple target;
	ct_tuple_invert(&e->tuple[dir == CT_DIR_REPLY ? CT_DIR_ORIGINAL : CT_DIR_REPLY], &target);
	return manip(p, &target, m);
}
