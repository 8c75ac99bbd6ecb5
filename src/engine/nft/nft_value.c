/* nft_value.c - what a selector reads from a packet (nft's payload, meta
 * and ct expressions into a register) and what a literal of its datatype
 * stands for.  A selector with nothing to read (tcp dport of a UDP
 * packet, ct direction without conntrack) ends the rule, as the kernel's
 * NFT_BREAK does. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* timegm, gmtime_r */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/nft/nft_value.h"
#include "lib/addr.h"

/* ---- reading the packet ---- */

typedef bool (*read_fn)(const struct nft_ctx *c, struct nval *v);

static bool num(struct nval *v, uint64_t n)
{
	v->is_str = false;
	v->fam = 0;
	v->n = n;
	return true;
}

static bool addr6(struct nval *v, union inet_addr a)
{
	num(v, 0);
	v->fam = FAMILY_IPV6;
	v->a = a;
	return true;
}

static bool str(struct nval *v, const char *s)
{
	if (!s)
		return false;
	v->is_str = true;
	str_copy(v->s, sizeof(v->s), s); /* every interface name a rule reads */
	return true;
}

static bool is_v4(const struct nft_ctx *c)
{
	return pkt_family(c->p) == FAMILY_IPV4 && pkt_ip_ok(c->p);
}

static bool is_v6(const struct nft_ctx *c)
{
	return pkt_family(c->p) == FAMILY_IPV6;
}

/* The transport header as nft_set_pktinfo finds it: after IPv4's
 * options or IPv6's extension headers (ipv6_find_hdr), and not in a
 * later fragment (pkt->fragoff: the th base breaks). */
static bool has_l4(const struct nft_ctx *c)
{
	return pkt_l3_ok(c->p) && !pkt_is_fragment(c->p) && pkt_l4_offset(c->p) != 0;
}

static bool has_th(const struct nft_ctx *c, uint8_t proto)
{
	return has_l4(c) && pkt_proto(c->p) == proto && pkt_has_ports(c->p);
}

static bool r_ip_saddr(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_saddr(c->p)); }
static bool r_ip_daddr(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_daddr(c->p)); }
static bool r_ip_proto(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_proto(c->p)); }
static bool r_ip_ttl(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_ttl(c->p)); }
static bool r_ip_len(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_tot_len(c->p)); }
static bool r_ip_id(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_ip_id(c->p)); }
static bool r_ip_dscp(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_tos(c->p) >> 2); }
static bool r_ip_version(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, 4); }

static bool r_tcp_sport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 6) && num(v, pkt_sport(c->p)); }
static bool r_tcp_dport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 6) && num(v, pkt_dport(c->p)); }
static bool r_tcp_flags(const struct nft_ctx *c, struct nval *v) { return has_th(c, 6) && num(v, pkt_tcp_flags(c->p)); }
static bool r_udp_sport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 17) && num(v, pkt_sport(c->p)); }
static bool r_udp_dport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 17) && num(v, pkt_dport(c->p)); }

/* th: the transport header whatever the protocol, ports at its start */
static bool r_th_sport(const struct nft_ctx *c, struct nval *v)
{
	return has_l4(c) && pkt_has_ports(c->p) && num(v, pkt_sport(c->p));
}
static bool r_th_dport(const struct nft_ctx *c, struct nval *v)
{
	return has_l4(c) && pkt_has_ports(c->p) && num(v, pkt_dport(c->p));
}

static bool icmp_of(const struct nft_ctx *c, uint8_t *type, uint8_t *code)
{
	return is_v4(c) && !pkt_is_fragment(c->p) && pkt_icmp(c->p, type, code);
}
static bool r_icmp_type(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp_of(c, &t, &k) && num(v, t);
}
static bool r_icmp_code(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp_of(c, &t, &k) && num(v, k);
}
static bool r_icmp_id(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp_of(c, &t, &k) && num(v, pkt_icmp_id(c->p));
}

/* More of the headers, at their offsets: what pkt_l4 cannot give (a
 * header cut short) breaks the rule as reading past the packet does. */
static bool r_ip_ecn(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_tos(c->p) & 3); }
static bool r_ip6_ecn(const struct nft_ctx *c, struct nval *v) { return is_v6(c) && num(v, pkt_tos(c->p) & 3); }
static bool r_ip_hdrlength(const struct nft_ctx *c, struct nval *v) { return is_v4(c) && num(v, pkt_ihl_bytes(c->p) / 4); }
static bool r_ip_checksum(const struct nft_ctx *c, struct nval *v)
{
	return is_v4(c) && num(v, (uint64_t)c->p->data[10] << 8 | c->p->data[11]);
}
/* ip frag-off: the 16 bits of flags and offset as the header has them */
static bool r_ip_frag_off(const struct nft_ctx *c, struct nval *v)
{
	return is_v4(c) && num(v, (uint64_t)c->p->data[6] << 8 | c->p->data[7]);
}
static bool l4_u16(const struct nft_ctx *c, uint8_t proto, size_t off, struct nval *v)
{
	const uint8_t *h = has_l4(c) && pkt_proto(c->p) == proto ? pkt_l4(c->p, off + 2) : NULL;
	return h && num(v, (uint64_t)h[off] << 8 | h[off + 1]);
}
static bool l4_u32(const struct nft_ctx *c, uint8_t proto, size_t off, struct nval *v)
{
	const uint8_t *h = has_l4(c) && pkt_proto(c->p) == proto ? pkt_l4(c->p, off + 4) : NULL;
	return h && num(v, (uint64_t)h[off] << 24 | (uint64_t)h[off + 1] << 16 | (uint64_t)h[off + 2] << 8 | h[off + 3]);
}
static bool r_tcp_seq(const struct nft_ctx *c, struct nval *v) { return l4_u32(c, 6, 4, v); }
static bool r_tcp_ackseq(const struct nft_ctx *c, struct nval *v) { return l4_u32(c, 6, 8, v); }
static bool r_tcp_window(const struct nft_ctx *c, struct nval *v) { return l4_u16(c, 6, 14, v); }
static bool r_tcp_checksum(const struct nft_ctx *c, struct nval *v) { return l4_u16(c, 6, 16, v); }
static bool r_tcp_urgptr(const struct nft_ctx *c, struct nval *v) { return l4_u16(c, 6, 18, v); }
static bool r_tcp_doff(const struct nft_ctx *c, struct nval *v)
{
	const uint8_t *h = has_l4(c) && pkt_proto(c->p) == 6 ? pkt_l4(c->p, 13) : NULL;
	return h && num(v, h[12] >> 4);
}
static bool r_udp_length(const struct nft_ctx *c, struct nval *v) { return l4_u16(c, 17, 4, v); }
static bool r_udp_checksum(const struct nft_ctx *c, struct nval *v) { return l4_u16(c, 17, 6, v); }
static bool r_icmp_seq(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp_of(c, &t, &k) && num(v, pkt_icmp_seq(c->p));
}
static bool r_sctp_sport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 132) && num(v, pkt_sport(c->p)); }
static bool r_sctp_dport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 132) && num(v, pkt_dport(c->p)); }
static bool r_sctp_vtag(const struct nft_ctx *c, struct nval *v) { return l4_u32(c, 132, 4, v); }
static bool r_ah_spi(const struct nft_ctx *c, struct nval *v) { return l4_u32(c, 51, 4, v); }
static bool r_esp_spi(const struct nft_ctx *c, struct nval *v) { return l4_u32(c, 50, 0, v); }
static bool r_dccp_sport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 33) && num(v, pkt_sport(c->p)); }
static bool r_dccp_dport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 33) && num(v, pkt_dport(c->p)); }
static bool r_udplite_sport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 136) && num(v, pkt_sport(c->p)); }
static bool r_udplite_dport(const struct nft_ctx *c, struct nval *v) { return has_th(c, 136) && num(v, pkt_dport(c->p)); }
/* meta nftrace: as meta nftrace set left it */
static bool r_nftrace(const struct nft_ctx *c, struct nval *v) { return num(v, c->p->nftrace); }
/* ct protocol: the entry's, which is the packet's own */
static bool r_ct_protocol(const struct nft_ctx *c, struct nval *v) { return c->p->ct && num(v, pkt_proto(c->p)); }

/* no device: "" (and ifindex 0), not a break (nft_meta_store_ifname) */
static bool r_iifname(const struct nft_ctx *c, struct nval *v) { return str(v, c->in ? c->in : ""); }
static bool r_oifname(const struct nft_ctx *c, struct nval *v) { return str(v, c->out ? c->out : ""); }
static bool r_mark(const struct nft_ctx *c, struct nval *v) { return num(v, c->p->mark); }
static bool r_priority(const struct nft_ctx *c, struct nval *v) { return num(v, c->p->priority); }
static bool r_length(const struct nft_ctx *c, struct nval *v) { return num(v, pkt_tot_len(c->p)); }
/* pkt->tprot: IPv6's after the extension headers (ipv6_find_hdr) */
static bool r_l4proto(const struct nft_ctx *c, struct nval *v)
{
	return pkt_l3_ok(c->p) && pkt_l4_offset(c->p) != 0 && num(v, pkt_proto(c->p));
}
static bool r_nfproto(const struct nft_ctx *c, struct nval *v) { return num(v, (uint64_t)pkt_family(c->p)); }
static bool r_protocol(const struct nft_ctx *c, struct nval *v)
{
	return num(v, pkt_family(c->p) == FAMILY_IPV6 ? 0x86dd : 0x0800);
}
/* meta time, day and hour: the packet's time (a scenario's `at:`
 * counted from 1970-01-01 00:00:00 UTC, a capture's timestamp) in the
 * kernel's units: nanoseconds since the epoch, the weekday (0 Sunday)
 * and seconds since midnight, nfwalk's kernel time zone being UTC. */
static int64_t secs_of(const struct nft_ctx *c)
{
	return c->p->t > 0 ? (int64_t)c->p->t : 0;
}
static bool r_time(const struct nft_ctx *c, struct nval *v)
{
	return num(v, c->p->t > 0 ? (uint64_t)(c->p->t * 1e9) : 0);
}
static bool r_day(const struct nft_ctx *c, struct nval *v) { return num(v, (uint64_t)((secs_of(c) / 86400 + 4) % 7)); }
static bool r_hour(const struct nft_ctx *c, struct nval *v) { return num(v, (uint64_t)(secs_of(c) % 86400)); }
/* rt mtu (NFT_RT_TCPMSS's get_tcpmss, as nft reads `rt mtu`): the MSS
 * the route allows, the smaller MTU of the way out and of the way back
 * to the source (the interface the packet came in on here), less the IP
 * and TCP headers; only once the packet is routed (it has a dst). */
static int mtu_of(const struct nft_ctx *c, const char *name)
{
	const struct iface *ifc = name && *name ? netconf_iface(c->net, name) : NULL;
	if (ifc && ifc->mtu)
		return ifc->mtu;
	return name && !strcmp(name, "lo") ? 65536 : 1500;
}
static bool r_rt_mtu(const struct nft_ctx *c, struct nval *v)
{
	if (!c->out)
		return false;
	int mtu = mtu_of(c, c->out), minlen = is_v6(c) ? 60 : 40;
	if (c->in && mtu_of(c, c->in) < mtu)
		mtu = mtu_of(c, c->in);
	return num(v, mtu <= minlen || mtu > 0xffff ? 536 : (uint64_t)(mtu - minlen));
}
/* The link-layer header (NFT_PAYLOAD_LL_HEADER): a packet received from
 * an interface keeps its Ethernet header, also while forwarded; one the
 * host sent has none yet.  The source is known when the packet has one
 * (a capture's frame, a scenario packet's mac:), the destination is the
 * input interface's address (an interface with mac:), the type the
 * packet's family. */
static bool received(const struct nft_ctx *c)
{
	return !c->p->local_out && pkt_l3_ok(c->p);
}
static uint64_t mac48(const uint8_t m[6])
{
	uint64_t n = 0;
	for (int i = 0; i < 6; i++)
		n = n << 8 | m[i];
	return n;
}
static bool r_ether_saddr(const struct nft_ctx *c, struct nval *v)
{
	return received(c) && c->p->has_mac && num(v, mac48(c->p->src_mac));
}
static bool r_ether_daddr(const struct nft_ctx *c, struct nval *v)
{
	const struct iface *ifc = c->p->iif[0] ? netconf_iface(c->net, c->p->iif) : NULL;
	return received(c) && ifc && ifc->has_mac && num(v, mac48(ifc->mac));
}
static bool r_ether_type(const struct nft_ctx *c, struct nval *v)
{
	return received(c) && num(v, is_v6(c) ? 0x86dd : 0x0800);
}

/* rt nexthop, rt classid, meta rtclassid read the packet's route
 * (skb_dst): it has one once routed, from INPUT, FORWARD and OUTPUT on.
 * nexthop: the route's gateway, else the destination (rt_nexthop). */
static bool routed(const struct nft_ctx *c)
{
	return c->hook != HOOK_PREROUTING;
}
static bool r_rt_nexthop(const struct nft_ctx *c, struct nval *v)
{
	if (!routed(c) || !pkt_l3_ok(c->p))
		return false;
	union inet_addr gw = c->p->nexthop, zero = {0};
	bool none = inet_eq(&gw, &zero);
	if (is_v6(c))
		return addr6(v, none ? pkt_dst(c->p) : gw);
	return num(v, none ? pkt_daddr(c->p) : gw.ip);
}
static bool r_rt_classid(const struct nft_ctx *c, struct nval *v) { return routed(c) && num(v, c->p->realms); }
/* NFT_META_RTCLASSID: the route's tclassid, 0 before routing */
static bool r_rtclassid(const struct nft_ctx *c, struct nval *v) { return num(v, routed(c) ? c->p->realms : 0); }
/* a device's type and group: nothing to read without the device */
static bool r_iftype(const char *name, struct nval *v)
{
	return name && num(v, !strcmp(name, "lo") ? 772 : 1); /* loopback, else ether */
}
/* meta iiftype reads skb->dev (NFT_META_IFTYPE, as nft uses it for its
 * link-layer dependency): the input device until ip_output makes it the
 * output device at POSTROUTING, none yet at OUTPUT */
static bool r_iiftype(const struct nft_ctx *c, struct nval *v)
{
	return r_iftype(c->hook == HOOK_POSTROUTING ? c->out : c->hook == HOOK_OUTPUT ? NULL : c->in, v);
}
static bool r_oiftype(const struct nft_ctx *c, struct nval *v) { return r_iftype(c->out, v); }
static bool r_group(const struct nft_ctx *c, const char *name, struct nval *v)
{
	const struct iface *ifc = name ? netconf_iface(c->net, name) : NULL;
	return name && num(v, ifc ? ifc->group : 0);
}
static bool r_iifgroup(const struct nft_ctx *c, struct nval *v) { return r_group(c, c->in, v); }
static bool r_oifgroup(const struct nft_ctx *c, struct nval *v) { return r_group(c, c->out, v); }
static bool r_skuid(const struct nft_ctx *c, struct nval *v) { return c->p->has_owner && num(v, c->p->uid); }
static bool r_skgid(const struct nft_ctx *c, struct nval *v) { return c->p->has_owner && num(v, c->p->gid); }

/* skb->pkt_type as the input device set it: multicast and limited
 * broadcast destinations are told apart by the address here (the walk
 * keeps no link-layer type); locally generated packets are host. */
static bool r_pkttype(const struct nft_ctx *c, struct nval *v)
{
	if (!pkt_l3_ok(c->p) || c->p->local_out)
		return num(v, 0);
	if (is_v6(c))
		return num(v, pkt_dst(c->p).in6.b[0] == 0xff ? 2 : 0);
	uint32_t d = pkt_daddr(c->p);
	if ((d >> 28) == 0xe)
		return num(v, 2);
	return num(v, d == 0xffffffffu ? 1 : 0);
}

/* ct state's bits: NF_CT_STATE_BIT(ctinfo), invalid without an entry */
static bool r_ct_state(const struct nft_ctx *c, struct nval *v)
{
	static const uint8_t bits[] = {
		[CTINFO_NONE] = 1,	      [CTINFO_NEW] = 8,		     [CTINFO_ESTABLISHED] = 2,
		[CTINFO_RELATED] = 4,	      [CTINFO_ESTABLISHED_REPLY] = 2, [CTINFO_RELATED_REPLY] = 4,
		[CTINFO_INVALID] = 1,	      [CTINFO_UNTRACKED] = 64,
	};
	return num(v, bits[c->p->ctinfo]);
}
static bool r_ct_dir(const struct nft_ctx *c, struct nval *v)
{
	if (!c->p->ct)
		return false;
	enum ct_info i = c->p->ctinfo;
	return num(v, i == CTINFO_ESTABLISHED_REPLY || i == CTINFO_RELATED_REPLY);
}
static bool r_ct_status(const struct nft_ctx *c, struct nval *v) { return c->p->ct && num(v, c->p->ct->status); }
static bool r_ct_mark(const struct nft_ctx *c, struct nval *v) { return c->p->ct && num(v, c->p->ct->mark); }

/* The IPv6 fixed header's fields, as the ip6 payload expression reads
 * them at their offsets (nexthdr is the fixed header's, not the one after
 * the extension headers: that is meta l4proto).  An IPv4 packet has none:
 * in inet tables nft adds `meta nfproto ipv6` before them. */
static const uint8_t *ip6h(const struct nft_ctx *c)
{
	return is_v6(c) ? c->p->data : NULL;
}
static bool r_ip6_saddr(const struct nft_ctx *c, struct nval *v) { return ip6h(c) && addr6(v, pkt_src(c->p)); }
static bool r_ip6_daddr(const struct nft_ctx *c, struct nval *v) { return ip6h(c) && addr6(v, pkt_dst(c->p)); }
static bool r_ip6_nexthdr(const struct nft_ctx *c, struct nval *v) { return ip6h(c) && num(v, ip6h(c)[6]); }
static bool r_ip6_hoplimit(const struct nft_ctx *c, struct nval *v) { return ip6h(c) && num(v, ip6h(c)[7]); }
static bool r_ip6_version(const struct nft_ctx *c, struct nval *v) { return ip6h(c) && num(v, 6); }
static bool r_ip6_length(const struct nft_ctx *c, struct nval *v)
{
	const uint8_t *h = ip6h(c);
	return h && num(v, (uint64_t)h[4] << 8 | h[5]);
}
static bool r_ip6_dscp(const struct nft_ctx *c, struct nval *v) { return ip6h(c) && num(v, pkt_tos(c->p) >> 2); }
static bool r_ip6_flowlabel(const struct nft_ctx *c, struct nval *v)
{
	const uint8_t *h = ip6h(c);
	return h && num(v, (uint64_t)(h[1] & 0x0f) << 16 | (uint64_t)h[2] << 8 | h[3]);
}

static bool icmp6_of(const struct nft_ctx *c, uint8_t *type, uint8_t *code)
{
	return is_v6(c) && has_l4(c) && pkt_proto(c->p) == 58 && pkt_icmp(c->p, type, code);
}
static bool r_icmp6_type(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp6_of(c, &t, &k) && num(v, t);
}
static bool r_icmp6_code(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp6_of(c, &t, &k) && num(v, k);
}
static bool r_icmp6_id(const struct nft_ctx *c, struct nval *v)
{
	uint8_t t, k;
	return icmp6_of(c, &t, &k) && num(v, pkt_icmp_id(c->p));
}

static const struct reader {
	const char *proto, *field;
	read_fn read;
} readers[] = {
	{"ip", "saddr", r_ip_saddr},	 {"ip", "daddr", r_ip_daddr},	{"ip", "protocol", r_ip_proto},
	{"ip", "ttl", r_ip_ttl},	 {"ip", "length", r_ip_len},	{"ip", "id", r_ip_id},
	{"ip", "dscp", r_ip_dscp},	 {"ip", "version", r_ip_version},
	{"tcp", "sport", r_tcp_sport},	 {"tcp", "dport", r_tcp_dport}, {"tcp", "flags", r_tcp_flags},
	{"udp", "sport", r_udp_sport},	 {"udp", "dport", r_udp_dport},
	{"th", "sport", r_th_sport},	 {"th", "dport", r_th_dport},
	{"icmp", "type", r_icmp_type},	 {"icmp", "code", r_icmp_code}, {"icmp", "id", r_icmp_id},
	{"ip6", "saddr", r_ip6_saddr},	 {"ip6", "daddr", r_ip6_daddr},	{"ip6", "nexthdr", r_ip6_nexthdr},
	{"ip6", "hoplimit", r_ip6_hoplimit}, {"ip6", "dscp", r_ip6_dscp}, {"ip6", "length", r_ip6_length},
	{"ip6", "flowlabel", r_ip6_flowlabel}, {"ip6", "version", r_ip6_version},
	{"icmpv6", "type", r_icmp6_type}, {"icmpv6", "code", r_icmp6_code}, {"icmpv6", "id", r_icmp6_id},
	{"meta", "iifname", r_iifname},	 {"meta", "oifname", r_oifname},
	/* the walk's interfaces are their names: iif "eth0" compares those */
	{"meta", "iif", r_iifname},	 {"meta", "oif", r_oifname},	{"meta", "mark", r_mark},
	{"meta", "priority", r_priority}, {"meta", "length", r_length}, {"meta", "l4proto", r_l4proto},
	{"meta", "nfproto", r_nfproto},	 {"meta", "protocol", r_protocol},
	{"meta", "pkttype", r_pkttype},	 {"meta", "skuid", r_skuid},	{"meta", "skgid", r_skgid},
	{"ct", "state", r_ct_state},	 {"ct", "direction", r_ct_dir}, {"ct", "status", r_ct_status},
	{"ct", "mark", r_ct_mark},
	{"rt", "mtu", r_rt_mtu},
	{"ip", "ecn", r_ip_ecn},	 {"ip6", "ecn", r_ip6_ecn},	 {"ip", "hdrlength", r_ip_hdrlength}, {"ip", "checksum", r_ip_checksum},
	{"ip", "frag-off", r_ip_frag_off}, {"tcp", "sequence", r_tcp_seq}, {"tcp", "ackseq", r_tcp_ackseq},
	{"tcp", "window", r_tcp_window}, {"tcp", "checksum", r_tcp_checksum}, {"tcp", "urgptr", r_tcp_urgptr},
	{"tcp", "doff", r_tcp_doff},	 {"udp", "length", r_udp_length}, {"udp", "checksum", r_udp_checksum},
	{"icmp", "sequence", r_icmp_seq}, {"sctp", "sport", r_sctp_sport}, {"sctp", "dport", r_sctp_dport},
	{"sctp", "vtag", r_sctp_vtag},	 {"dccp", "sport", r_dccp_sport}, {"dccp", "dport", r_dccp_dport},
	{"udplite", "sport", r_udplite_sport}, {"udplite", "dport", r_udplite_dport},
	{"meta", "nftrace", r_nftrace},	 {"ct", "protocol", r_ct_protocol},
	{"meta", "time", r_time},	 {"meta", "day", r_day},	{"meta", "hour", r_hour},
	{"rt", "nexthop", r_rt_nexthop}, {"rt", "classid", r_rt_classid}, {"meta", "rtclassid", r_rtclassid},
	{"meta", "iiftype", r_iiftype},	 {"meta", "oiftype", r_oiftype},
	{"meta", "iifgroup", r_iifgroup}, {"meta", "oifgroup", r_oifgroup},
	{"ah", "spi", r_ah_spi},	 {"esp", "spi", r_esp_spi},
	{"ether", "saddr", r_ether_saddr}, {"ether", "daddr", r_ether_daddr}, {"ether", "type", r_ether_type},
};

static const struct reader *reader_find(const struct nft_selector *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		if (!strcmp(readers[i].proto, s->proto) && !strcmp(readers[i].field, s->field))
			return &readers[i];
	return NULL;
}

/* The table searched by name for every value a rule reads was a fifth of
 * a summary walk through an nft ruleset (two strcmp a reader): the answer
 * is kept by the selector's address, with its two names' addresses, so a
 * selector elsewhere at the same address is never taken for another. */
static const struct reader *reader_of(const struct nft_selector *s)
{
	static struct {
		const struct nft_selector *sel;
		const char *proto, *field;
		const struct reader *r;
	} memo[64];
	if (!s || !s->field)
		return NULL;
	size_t i = ((uintptr_t)s >> 4) % ARRAY_SIZE(memo);
	if (memo[i].sel != s || memo[i].proto != s->proto || memo[i].field != s->field) {
		memo[i].r = reader_find(s);
		memo[i].sel = s;
		memo[i].proto = s->proto;
		memo[i].field = s->field;
	}
	return memo[i].r;
}

bool nval_can_read(const struct nft_selector *s)
{
	return reader_of(s) != NULL;
}

bool nval_read(const struct nft_ctx *c, const struct nft_selector *s, struct nval *v)
{
	const struct reader *r = reader_of(s);
	return r && r->read(c, v);
}

/* ---- literals ---- */

/* The services nft knows by name that rulesets use most (nft resolves
 * them with getservbyname; a table keeps the walk independent of
 * /etc/services). */
static const struct {
	const char *name;
	unsigned port;
} services[] = {
	{"ftp", 21},	{"ssh", 22},	 {"telnet", 23}, {"smtp", 25},	   {"domain", 53},
	{"bootps", 67}, {"bootpc", 68},	 {"http", 80},	 {"ntp", 123},	   {"https", 443},
	{"imap", 143},	{"snmp", 161},	 {"submission", 587}, {"imaps", 993}, {"pop3", 110},
	{"pop3s", 995}, {"microsoft-ds", 445}, {"ldap", 389}, {"mysql", 3306}, {"http-alt", 8080},
};

static bool parse_num(const char *t, uint64_t *out)
{
	char *end;
	if (!*t)
		return false;
	unsigned long long n = strtoull(t, &end, 0);
	if (*end)
		return false;
	*out = n;
	return true;
}

/* nft's time: 1d2h3m4s, 500ms, or bare seconds. */
bool nft_duration_parse(const char *s, double *out)
{
	double total = 0;
	bool any = false;
	while (*s) {
		char *end;
		double n = strtod(s, &end);
		if (end == s)
			return false;
		any = true;
		if (!strncmp(end, "ms", 2))
			total += n / 1000, end += 2;
		else if (*end == 'd')
			total += n * 86400, end++;
		else if (*end == 'h')
			total += n * 3600, end++;
		else if (*end == 'm')
			total += n * 60, end++;
		else if (*end == 's')
			total += n, end++;
		else if (!*end)
			total += n;
		else
			return false;
		s = end;
	}
	*out = total;
	return any;
}

/* text without its quotes, in buf. */
static const char *bare(const char *text, char *buf, size_t n)
{
	size_t l = strlen(text);
	if (l >= 2 && text[0] == '"' && text[l - 1] == '"')
		str_copy_n(buf, n, text + 1, l - 2);
	else
		str_copy_n(buf, n, text, l);
	return buf;
}

/* "2022-05-30 21:51:23" (seconds and the time may be left out) as
 * nanoseconds since the epoch, UTC; a bare number is nanoseconds. */
static bool time_parse(const char *text, uint64_t *ns)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (sscanf(text, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec) < 3)
		return parse_num(text, ns);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
	time_t secs = timegm(&tm);
	if (secs < 0)
		return false;
	*ns = (uint64_t)secs * 1000000000ull;
	return true;
}

/* "21:51:23" or "21:51" as seconds since midnight. */
static bool hour_parse(const char *text, uint64_t *out)
{
	int h, m, sec = 0;
	if (sscanf(text, "%d:%d:%d", &h, &m, &sec) < 2 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return parse_num(text, out);
	*out = (uint64_t)(h * 3600 + m * 60 + sec);
	return true;
}

static bool parse_value(enum nft_dtype t, const char *text, struct nval *v)
{
	num(v, 0);
	unsigned long sym;
	char plain[64];
	switch (t) {
	case DT_TIME:
		return time_parse(bare(text, plain, sizeof(plain)), &v->n);
	case DT_HOUR:
		return hour_parse(bare(text, plain, sizeof(plain)), &v->n);
	case DT_DURATION: {
		double secs;
		if (!nft_duration_parse(bare(text, plain, sizeof(plain)), &secs) || secs < 0)
			return false;
		return num(v, (uint64_t)(secs * 1000.0 + 0.5));
	}
	case DT_DAY:
		if (nft_sym_value(t, bare(text, plain, sizeof(plain)), &sym))
			return num(v, sym);
		return parse_num(plain, &v->n);
	case DT_STRING:
	case DT_IFNAME:
	case DT_IFINDEX: {
		size_t n = strlen(text);
		if (n < 2 || text[0] != '"' || text[n - 1] != '"')
			return str(v, text);
		v->is_str = true; /* as written: "eth0" */
		str_copy_n(v->s, sizeof(v->s), text + 1, n - 2);
		return true;
	}
	case DT_IPV4: {
		uint32_t a;
		if (!addr_parse(text, &a))
			return false;
		return num(v, a);
	}
	case DT_IPV6: {
		/* [fd00::2] as a nat statement writes it before a port */
		char buf[INET_STRLEN + 2];
		size_t n = strlen(text);
		if (n >= 2 && n < sizeof(buf) && text[0] == '[' && text[n - 1] == ']') {
			snprintf(buf, sizeof(buf), "%.*s", (int)(n - 2), text + 1);
			text = buf;
		}
		int fam = FAMILY_IPV6;
		union inet_addr a;
		return inet_parse(text, &fam, &a) && addr6(v, a);
	}
	case DT_LLADDR: { /* 00:11:22:33:44:55 as a 48-bit number */
		unsigned b[6];
		int used = 0;
		if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &used) != 6 ||
		    text[used])
			return false;
		uint64_t n = 0;
		for (int i = 0; i < 6; i++)
			n = n << 8 | b[i];
		return num(v, n);
	}
	case DT_PORT:
		for (size_t i = 0; i < ARRAY_SIZE(services); i++)
			if (!strcmp(services[i].name, text))
				return num(v, services[i].port);
		return parse_num(text, &v->n);
	default: /* a symbol may be quoted: iifgroup "default" */
		if (nft_sym_value(t, bare(text, plain, sizeof(plain)), &sym))
			return num(v, sym);
		return parse_num(text, &v->n);
	}
}

/* A rule's constants are parsed where they are compared, for every packet
 * (a fifth of an nft summary walk, with the names of its symbols looked
 * up each time).  The same words of the same type always give the same
 * value, so the last ones parsed are kept, found by the words' address
 * and type and taken only when the words are still the same. */
bool nval_parse(enum nft_dtype t, const char *text, struct nval *v)
{
	static struct {
		const char *at;
		enum nft_dtype t;
		bool ok;
		char words[48];
		struct nval v;
	} memo[256];
	size_t n = strlen(text);
	if (n >= sizeof(memo[0].words))
		return parse_value(t, text, v);
	size_t i = (((uintptr_t)text >> 3) ^ (size_t)t * 31u) % ARRAY_SIZE(memo);
	if (memo[i].at != text || memo[i].t != t || memcmp(memo[i].words, text, n + 1) != 0) {
		memo[i].ok = parse_value(t, text, &memo[i].v);
		memo[i].at = text;
		memo[i].t = t;
		memcpy(memo[i].words, text, n + 1);
	}
	*v = memo[i].v;
	return memo[i].ok;
}

/* A name against an interface name pattern (nft's trailing * is a
 * prefix match): 0 when it matches, else the order strcmp(name, pat)
 * gives.  One pass: a rule's iifname and oifname are compared for every
 * packet it tests, and most do not match. */
static int name_cmp(const char *pat, const char *name)
{
	size_t i = 0;
	while (pat[i] && !(pat[i] == '*' && !pat[i + 1]) && pat[i] == name[i])
		i++;
	if (pat[i] == '*' && !pat[i + 1])
		return 0;
	return (unsigned char)name[i] - (unsigned char)pat[i];
}

int nval_cmp(const struct nval *have, const struct nval *want)
{
	if (have->is_str || want->is_str) {
		if (!have->is_str || !want->is_str)
			return 1;
		int d = name_cmp(want->s, have->s);
		return d < 0 ? -1 : d > 0;
	}
	if (have->fam || want->fam) {
		if (have->fam != want->fam)
			return 1;
		int d = memcmp(have->a.in6.b, want->a.in6.b, 16);
		return d < 0 ? -1 : d > 0;
	}
	return have->n < want->n ? -1 : have->n > want->n;
}

/* milliseconds as nft prints a time: 1d2h3m4s500ms, 0s for none */
static void duration_fmt(uint64_t ms, char *buf, size_t n)
{
	static const struct {
		uint64_t ms;
		const char *unit;
	} units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(units) && o < n; i++) {
		if (ms < units[i].ms)
			continue;
		o += (size_t)snprintf(buf + o, n - o, "%llu%s", (unsigned long long)(ms / units[i].ms),
				      units[i].unit);
		ms %= units[i].ms;
	}
	if (!buf[0])
		snprintf(buf, n, "0s");
}

void nval_fmt(const struct nval *v, enum nft_dtype t, char *buf, size_t n)
{
	if (v->is_str) {
		snprintf(buf, n, "\"%s\"", v->s);
		return;
	}
	if (t == DT_IPV4) {
		char a[ADDR_STRLEN];
		snprintf(buf, n, "%s", addr_fmt((uint32_t)v->n, a));
		return;
	}
	if (v->fam == FAMILY_IPV6) {
		char a[INET_STRLEN];
		snprintf(buf, n, "%s", inet_fmt(FAMILY_IPV6, &v->a, a));
		return;
	}
	if (t == DT_TIME) {
		time_t secs = (time_t)(v->n / 1000000000ull);
		struct tm tm;
		gmtime_r(&secs, &tm);
		strftime(buf, n, "\"%Y-%m-%d %H:%M:%S\"", &tm);
		return;
	}
	if (t == DT_DURATION) {
		duration_fmt(v->n, buf, n);
		return;
	}
	if (t == DT_LLADDR) {
		uint64_t a = v->n;
		snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", (unsigned)(a >> 40 & 0xff), (unsigned)(a >> 32 & 0xff),
			 (unsigned)(a >> 24 & 0xff), (unsigned)(a >> 16 & 0xff), (unsigned)(a >> 8 & 0xff),
			 (unsigned)(a & 0xff));
		return;
	}
	if (t == DT_HOUR) {
		snprintf(buf, n, "\"%02u:%02u:%02u\"", (unsigned)(v->n / 3600 % 24), (unsigned)(v->n / 60 % 60),
			 (unsigned)(v->n % 60));
		return;
	}
	if (t == DT_MARK || t == DT_CT_STATUS) {
		snprintf(buf, n, "0x%08llx", (unsigned long long)v->n);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	char num_s[24];
	snprintf(num_s, sizeof(num_s), "%llu", (unsigned long long)v->n);
	nft_value_print(&sb, t, num_s);
	snprintf(buf, n, "%s", sb_str(&sb));
	sb_free(&sb);
}
