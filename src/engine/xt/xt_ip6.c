/* xt_ip6.c - what ip6tables' own matches read from an IPv6 packet: the
 * fixed header, and the extension headers found as ipv6_find_hdr finds
 * them (engine/track/wire6), every read bounds-checked.  An IPv6
 * packet's data starts at its fixed header. */
#include "engine/track/wire6.h"
#include "engine/xt/xt.h"

const uint8_t *xt_ip6_at(const struct packet *p, size_t off, size_t need)
{
	if (pkt_family(p) != FAMILY_IPV6 || off > p->len || p->len - off < need)
		return NULL;
	return p->data + off;
}

int xt_ip6_find(const struct packet *p, int target, size_t *off, uint16_t *fragoff)
{
	if (fragoff)
		*fragoff = 0;
	if (pkt_family(p) != FAMILY_IPV6)
		return IP6_FIND_ENOENT;
	return ip6_find_hdr(p->data, p->len, off, target, fragoff, NULL);
}

const uint8_t *xt_ip6_upper(const struct packet *p, size_t need, int *proto)
{
	size_t off;
	uint16_t fragoff;
	*proto = xt_ip6_find(p, -1, &off, &fragoff);
	if (*proto < 0 || fragoff)
		return NULL;
	return xt_ip6_at(p, off, need);
}
