/* nft_payload_set.c - statements that write the packet's headers, as
 * nft_payload_set_eval does: ip dscp set cs1, ip ttl set 64, ip6 dscp
 * set, ip6 hoplimit set, tcp/udp/th sport|dport set.  The checksums stay
 * right as the kernel keeps them (the IPv4 header's, and the transport
 * one's over the ports: NFT_PAYLOAD_CSUM_INET with
 * NFT_PAYLOAD_L4CSUM_PSEUDOHDR), through the packet's writers.  dscp
 * writes keep the ECN bits (nft makes a masked write of the byte). */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

enum field { F_DSCP, F_TTL, F_SPORT, F_DPORT, F_MSS };

static const struct writable {
	const char *proto, *field;
	enum field f;
	int fam;      /* the family the header is of (0: the transport's) */
	uint8_t l4;   /* the transport protocol, 0: any with ports (th) */
	unsigned max; /* the largest value the field holds */
} writable[] = {
	{"ip", "dscp", F_DSCP, FAMILY_IPV4, 0, 63},	  {"ip", "ttl", F_TTL, FAMILY_IPV4, 0, 255},
	{"ip6", "dscp", F_DSCP, FAMILY_IPV6, 0, 63},	  {"ip6", "hoplimit", F_TTL, FAMILY_IPV6, 0, 255},
	{"tcp", "sport", F_SPORT, 0, 6, 65535},		  {"tcp", "dport", F_DPORT, 0, 6, 65535},
	{"udp", "sport", F_SPORT, 0, 17, 65535},	  {"udp", "dport", F_DPORT, 0, 17, 65535},
	{"th", "sport", F_SPORT, 0, 0, 65535},		  {"th", "dport", F_DPORT, 0, 0, 65535},
};

/* tcp option maxseg size (nft_exthdr's TCP option write) */
static const struct writable tcp_mss = {"tcp", "option maxseg size", F_MSS, 0, 6, 65535};

static const struct writable *writable_of(const struct nft_expr *lhs)
{
	if (lhs->kind != EK_SELECTOR || !lhs->sel || !lhs->sel->field)
		return NULL;
	if (lhs->text && !strcmp(lhs->text, "tcp option maxseg size"))
		return &tcp_mss;
	for (size_t i = 0; i < ARRAY_SIZE(writable); i++)
		if (!strcmp(writable[i].proto, lhs->sel->proto) && !strcmp(writable[i].field, lhs->sel->field))
			return &writable[i];
	return NULL;
}

bool nft_payload_set_can(const struct nft_expr *lhs)
{
	return writable_of(lhs) != NULL;
}

/* Is the header there to write (the payload expression's base)? */
static bool present(const struct nft_ctx *c, const struct writable *w)
{
	const struct packet *p = c->p;
	if (w->fam)
		return pkt_family(p) == w->fam && pkt_l3_ok(p);
	return pkt_l3_ok(p) && !pkt_is_fragment(p) && pkt_l4_offset(p) && pkt_has_ports(p) &&
	       (!w->l4 || pkt_proto(p) == w->l4);
}

static unsigned get16(const uint8_t *b) { return (unsigned)b[0] << 8 | b[1]; }

/* nft_exthdr_tcp_set_eval: the MSS option is written only downwards
 * ("increase can cause connection to stall"); a segment without the
 * option is left as it is (nft adds none). */
static bool mss_set(struct nft_ctx *c, unsigned mss, struct tests *t)
{
	struct packet *p = c->p;
	size_t off = pkt_l4_offset(p), hdr = pkt_tcp_hdr_len(p);
	if (hdr < 20 || !pkt_l4(p, hdr))
		return nft_record(t, false, "tcp option maxseg size set: no whole TCP header (the rule ends)");
	uint8_t *tcp = p->data + off;
	const uint8_t *o = nft_tcpopt_find(tcp, hdr, 2);
	size_t i = o ? (size_t)(o - tcp) : 0;
	/* the option must hold the field: 2 bytes at 2 */
	if (o && o[1] >= 4 && i + o[1] <= hdr) {
		unsigned old = get16(tcp + i + 2);
		if (old <= mss)
			return nft_record(t, true, "tcp option maxseg size set %u: %u kept (never raised)", mss, old);
		tcp[i + 2] = (uint8_t)(mss >> 8);
		tcp[i + 3] = (uint8_t)mss;
		packet_fix_checksums(p);
		return nft_record(t, true, "tcp option maxseg size set %u: %u -> %u (the checksum kept)", mss, old,
				  mss);
	}
	return nft_record(t, true, "tcp option maxseg size set %u: no MSS option, nothing written", mss);
}

bool nft_payload_set(struct nft_ctx *c, const struct nft_stmt *s, struct tests *t)
{
	const struct nft_expr *lhs = s->expr->sub[0], *val = s->expr->sub[1];
	const struct writable *w = writable_of(lhs);
	struct nval v;
	if (!present(c, w)) {
		/* no such header: the write breaks the rule (NFT_BREAK), as
		 * nft's dependency (meta l4proto, meta nfproto) would first */
		return nft_record(t, false, "%s %s set: no %s header here (the rule ends)", w->proto, w->field,
				  w->proto);
	}
	if (!nft_value_of(c, val, lhs->sel->type, &v) || v.is_str || v.fam) {
		return nft_record(t, false, "%s %s set: nothing to set it from (the rule ends)", w->proto, w->field);
	}
	unsigned n = (unsigned)(v.n & w->max);
	struct packet *p = c->p;
	if (w->f == F_MSS)
		return mss_set(c, n, t);
	switch (w->f) {
	case F_DSCP:
		pkt_set_tos(p, (uint8_t)((pkt_tos(p) & 0x3) | n << 2));
		break;
	case F_TTL:
		pkt_set_ttl(p, (uint8_t)n);
		break;
	case F_SPORT:
		pkt_set_sport(p, (uint16_t)n);
		break;
	case F_DPORT:
		pkt_set_dport(p, (uint16_t)n);
		break;
	case F_MSS:
		break;
	}
	char shown[64];
	nval_fmt(&v, lhs->sel->type, shown, sizeof(shown));
	return nft_record(t, true, "%s %s set %s%s", w->proto, w->field, shown,
		   w->fam == FAMILY_IPV4 ? " (the header checksum kept)"
		   : w->fam		 ? ""
					 : " (the transport checksum kept)");
}
