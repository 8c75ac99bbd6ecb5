/* target_hmark.c - HMARK: set the packet's mark to a hash of its
 * addresses, ports and protocol, so a cluster of hosts (or of routing
 * tables) shares out flows the same way everywhere.  The mark is
 *
 *   reciprocal_scale(jhash_3words(lo addr, hi addr, ports, rnd)
 *                    ^ (proto & proto-mask), mod) + offset
 *
 * exactly as net/netfilter/xt_HMARK.c computes it: addresses masked by
 * the prefixes, the lower first; ports masked (and OR-ed with
 * --hmark-sport/--hmark-dport), the higher in the upper 16 bits, so both
 * directions of a flow get the same mark.  ICMP errors hash the datagram
 * they quote; fragments and ICMP hash no ports.  --hmark-tuple ct hashes
 * the connection's original source and reply source instead (the
 * addresses before and after NAT as conntrack saw them).
 *
 * Options and iptables-save's form follow libxt_HMARK: --hmark-tuple
 * src,dst,sport,dport,spi,proto set the matching mask to all ones and
 * print back as those masks.
 *
 * ip6tables' HMARK (hmark_pkt_set_htuple_ipv6, hmark_ct_set_htuple):
 * prefixes up to 128, and an IPv6 address enters the hash as the XOR of
 * its four masked words (hmark_addr6_mask); the protocol is the one after
 * the extension headers, an ICMPv6 error (type < 128) hashes what it
 * quotes. */
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The option ids are the kernel's XT_HMARK_* flag bits. */
enum {
	F_SADDR_MASK,
	F_DADDR_MASK,
	F_SPI,
	F_SPI_MASK,
	F_SPORT,
	F_DPORT,
	F_SPORT_MASK,
	F_DPORT_MASK,
	F_PROTO_MASK,
	F_RND,
	F_MODULUS,
	F_OFFSET,
	F_CT, /* set by --hmark-tuple ct only */
};
/* --hmark-tuple sits in the option table where F_CT would: no option
 * sets F_CT alone. */
enum { O_TUPLE = F_CT };
#define FL(f) (1u << (f))

struct hmark_info {
	uint32_t src_mask, dst_mask;
	int src_plen, dst_plen; /* as given (IPv6 masks); 128 from --hmark-tuple */
	uint16_t sport_mask, dport_mask, sport_set, dport_set;
	uint32_t spi_mask, spi_set; /* the two port halves as one word */
	uint16_t proto_mask;
	uint32_t rnd, mod, offset;
	unsigned flags;
};

static const struct xt_option hmark_opts[] = {
	[F_SADDR_MASK] = {"hmark-src-prefix", true, false, false},
	[F_DADDR_MASK] = {"hmark-dst-prefix", true, false, false},
	[F_SPI] = {"hmark-spi", true, false, false},
	[F_SPI_MASK] = {"hmark-spi-mask", true, false, false},
	[F_SPORT] = {"hmark-sport", true, false, false},
	[F_DPORT] = {"hmark-dport", true, false, false},
	[F_SPORT_MASK] = {"hmark-sport-mask", true, false, false},
	[F_DPORT_MASK] = {"hmark-dport-mask", true, false, false},
	[F_PROTO_MASK] = {"hmark-proto-mask", true, false, false},
	[F_RND] = {"hmark-rnd", true, false, false},
	[F_MODULUS] = {"hmark-mod", true, false, false},
	[F_OFFSET] = {"hmark-offset", true, false, false},
	[O_TUPLE] = {"hmark-tuple", true, false, false},
	{NULL, false, false, false},
};

/* One word of --hmark-tuple (libxt_HMARK's hmark_parse: a prefix of the
 * name is enough, as it compares with strncasecmp over the word). */
static bool tuple_word(struct hmark_info *in, const char *w, size_t len)
{
	static const char *const names[] = {"ct", "src", "dst", "sport", "dport", "proto", "spi"};
	static const int flag[] = {F_CT, F_SADDR_MASK, F_DADDR_MASK, F_SPORT_MASK,
				   F_DPORT_MASK, F_PROTO_MASK, F_SPI_MASK};
	for (size_t i = 0; len && i < ARRAY_SIZE(names); i++) {
		if (strncasecmp(w, names[i], len) != 0)
			continue;
		switch (flag[i]) {
		case F_SADDR_MASK: in->src_mask = UINT32_MAX; in->src_plen = 128; break;
		case F_DADDR_MASK: in->dst_mask = UINT32_MAX; in->dst_plen = 128; break;
		case F_SPORT_MASK: in->sport_mask = 0xffff; break;
		case F_DPORT_MASK: in->dport_mask = 0xffff; break;
		case F_PROTO_MASK: in->proto_mask = 0xffff; break;
		case F_SPI_MASK: in->spi_mask = UINT32_MAX; break;
		default: break;
		}
		in->flags |= FL(flag[i]);
		return true;
	}
	return false;
}

static int parse_tuple(struct hmark_info *in, const char *arg, struct nf_error *err)
{
	const char *w = arg;
	for (;;) {
		const char *comma = strchr(w, ',');
		size_t len = comma ? (size_t)(comma - w) : strlen(w);
		if (!tuple_word(in, w, len))
			return nf_err(err, -1, "bad --hmark-tuple \"%s\" (a list of src, dst, sport, "
					       "dport, spi, proto, ct without spaces)", arg);
		if (!comma)
			return 0;
		w = comma + 1;
	}
}

static int hmark_parse(struct target *t, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct hmark_info *in = t->data;
	int id = xt_option_index(hmark_opts, opt + 2);
	uint32_t v;
	if (id == O_TUPLE)
		return parse_tuple(in, arg, err);
	bool prefix = id == F_SADDR_MASK || id == F_DADDR_MASK;
	bool u16 = id == F_SPORT || id == F_DPORT || id == F_SPORT_MASK || id == F_DPORT_MASK ||
		   id == F_PROTO_MASK;
	bool v6 = t->family == FAMILY_IPV6;
	uint32_t max = prefix ? (v6 ? 128 : 32) : u16 ? 0xffff : UINT32_MAX;
	if (!xt_parse_u32(arg, max, &v) || (id == F_MODULUS && v == 0))
		return nf_err(err, -1, "bad %s \"%s\" (%s)", opt, arg,
			      prefix ? (v6 ? "a prefix length 0-128" : "a prefix length 0-32")
			      : id == F_MODULUS ? "1-4294967295"
			      : u16 ? "0-0xffff" : "a 32-bit number");
	switch (id) {
	case F_SADDR_MASK: in->src_mask = prefix_mask(v > 32 ? 32 : (int)v); in->src_plen = (int)v; break;
	case F_DADDR_MASK: in->dst_mask = prefix_mask(v > 32 ? 32 : (int)v); in->dst_plen = (int)v; break;
	case F_SPI: in->spi_set = v; break;
	case F_SPI_MASK: in->spi_mask = v; break;
	case F_SPORT: in->sport_set = (uint16_t)v; break;
	case F_DPORT: in->dport_set = (uint16_t)v; break;
	case F_SPORT_MASK: in->sport_mask = (uint16_t)v; break;
	case F_DPORT_MASK: in->dport_mask = (uint16_t)v; break;
	case F_PROTO_MASK: in->proto_mask = (uint16_t)v; break;
	case F_RND: in->rnd = v; break;
	case F_MODULUS: in->mod = v; break;
	default: in->offset = v; break;
	}
	in->flags |= FL(id);
	return 0;
}

/* HMARK_check (iptables) then hmark_tg_check (the kernel). */
static int hmark_check(const struct target *t, const struct rule *r, struct nf_error *err)
{
	const struct hmark_info *in = t->data;
	unsigned pkt = FL(F_SADDR_MASK) | FL(F_DADDR_MASK) | FL(F_SPI_MASK) | FL(F_SPORT_MASK) |
		       FL(F_DPORT_MASK) | FL(F_PROTO_MASK) | FL(F_SPORT) | FL(F_DPORT) | FL(F_SPI);
	if (!(in->flags & FL(F_MODULUS)))
		return nf_err(err, -1, "HMARK: --hmark-mod is mandatory");
	if (!(in->flags & FL(F_RND)))
		return nf_err(err, -1, "HMARK: --hmark-rnd is mandatory");
	if ((in->flags & FL(F_SPI_MASK)) && (in->flags & (FL(F_SPORT_MASK) | FL(F_DPORT_MASK))))
		return nf_err(err, -1, "HMARK: you cannot use --hmark-spi-mask and "
				       "--hmark-?port-mask at the same time");
	if ((in->flags & FL(F_SPI)) && (in->flags & (FL(F_SPORT) | FL(F_DPORT))))
		return nf_err(err, -1, "HMARK: --hmark-spi and --hmark-sport/--hmark-dport cannot "
				       "be combined");
	if (!(in->flags & (pkt | FL(F_CT))))
		return nf_err(err, -1, "HMARK: you have to specify --hmark-tuple at least");
	return 0;
}

/* HMARK_ip4_save's order. */
static void hmark_print(const struct target *t, struct strbuf *sb)
{
	const struct hmark_info *in = t->data;
	unsigned f = in->flags;
	bool v6 = t->family == FAMILY_IPV6;
	if (f & FL(F_SADDR_MASK))
		sb_addf(sb, " --hmark-src-prefix %d", v6 ? in->src_plen : mask_len(in->src_mask));
	if (f & FL(F_DADDR_MASK))
		sb_addf(sb, " --hmark-dst-prefix %d", v6 ? in->dst_plen : mask_len(in->dst_mask));
	if (f & FL(F_SPORT_MASK))
		sb_addf(sb, " --hmark-sport-mask 0x%04x", in->sport_mask);
	if (f & FL(F_DPORT_MASK))
		sb_addf(sb, " --hmark-dport-mask 0x%04x", in->dport_mask);
	if (f & FL(F_SPI_MASK))
		sb_addf(sb, " --hmark-spi-mask 0x%08x", in->spi_mask);
	if (f & FL(F_SPORT))
		sb_addf(sb, " --hmark-sport 0x%04x", in->sport_set);
	if (f & FL(F_DPORT))
		sb_addf(sb, " --hmark-dport 0x%04x", in->dport_set);
	if (f & FL(F_SPI))
		sb_addf(sb, " --hmark-spi 0x%08x", in->spi_set);
	if (f & FL(F_PROTO_MASK))
		sb_addf(sb, " --hmark-proto-mask 0x%02x", in->proto_mask);
	if (f & FL(F_RND))
		sb_addf(sb, " --hmark-rnd 0x%08x", in->rnd);
	if (f & FL(F_MODULUS))
		sb_addf(sb, " --hmark-mod %u", in->mod);
	if (f & FL(F_OFFSET))
		sb_addf(sb, " --hmark-offset %u", in->offset);
	if (f & FL(F_CT))
		sb_adds(sb, " --hmark-tuple ct");
}

/* --- the hash (xt_HMARK.c) --- */

static uint32_t rol32(uint32_t w, unsigned s)
{
	return w << s | w >> (32 - s);
}

/* include/linux/jhash.h: jhash_3words, i.e. __jhash_nwords with initval
 * + JHASH_INITVAL + (3 << 2), then __jhash_final. */
static uint32_t hmark_jhash_3words(uint32_t a, uint32_t b, uint32_t c, uint32_t initval)
{
	initval += 0xdeadbeefu + (3u << 2);
	a += initval;
	b += initval;
	c += initval;
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

struct htuple {
	uint32_t src, dst, ports;
	uint8_t proto;
};

/* hmark_swap_ports: mask, OR the set values, higher port on top. */
static uint32_t swap_ports(uint16_t src, uint16_t dst, const struct hmark_info *in)
{
	uint32_t word = ((uint32_t)src << 16 | dst);
	uint32_t mask = (uint32_t)in->sport_mask << 16 | in->dport_mask;
	uint32_t set = (uint32_t)in->sport_set << 16 | in->dport_set;
	if (in->flags & FL(F_SPI_MASK))
		mask = in->spi_mask;
	if (in->flags & FL(F_SPI))
		set = in->spi_set;
	word = (word & mask) | set;
	src = (uint16_t)(word >> 16);
	dst = (uint16_t)word;
	return dst > src ? (uint32_t)dst << 16 | src : (uint32_t)src << 16 | dst;
}

/* proto_ports_offset: where the ports (or ESP's SPI, AH's at 4) start. */
static int ports_offset(uint8_t proto)
{
	switch (proto) {
	case 6: case 17: case 33: case 50: case 132: case 136:
		return 0;
	case 51:
		return 4;
	default:
		return -1;
	}
}

/* hmark_addr6_mask: the first plen bits of a, its four words XOR-ed
 * (host order, as hmark_hash's ntohl of the XOR of big-endian words). */
static uint32_t addr6_fold(const union inet_addr *a, int plen)
{
	uint32_t h = 0;
	for (int w = 0; w < 4; w++) {
		int keep = plen - 32 * w;
		uint32_t mask = keep >= 32 ? UINT32_MAX : keep <= 0 ? 0 : prefix_mask(keep);
		const uint8_t *b = a->in6.b + 4 * w;
		h ^= ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]) & mask;
	}
	return h;
}

/* An ICMP error whose quoted datagram the hash takes: IPv4's icmp_is_err
 * types, ICMPv6's get_inner6_hdr (any type below 128). */
static bool hashes_inner(const struct packet *p)
{
	uint8_t type, code;
	if (!pkt_icmp(p, &type, &code))
		return false;
	if (pkt_family(p) == FAMILY_IPV6)
		return type && type < 128 && !pkt_is_fragment(p);
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* hmark_pkt_set_htuple_ipv4/_ipv6: the quoted datagram of an ICMP error;
 * false (the kernel leaves the mark alone) when it cannot be read. */
static bool pkt_tuple(const struct packet *outer, const struct hmark_info *in, struct htuple *t)
{
	struct packet *inner = NULL;
	if (hashes_inner(outer) && !(inner = pkt_icmp_inner(outer)))
		return false;
	const struct packet *p = inner ? inner : outer;
	if (pkt_family(p) == FAMILY_IPV6) {
		union inet_addr s = pkt_src(p), d = pkt_dst(p);
		t->src = addr6_fold(&s, in->src_plen);
		t->dst = addr6_fold(&d, in->dst_plen);
	} else {
		t->src = pkt_saddr(p) & in->src_mask;
		t->dst = pkt_daddr(p) & in->dst_mask;
	}
	t->proto = pkt_proto(p);
	int off = ports_offset(t->proto);
	const uint8_t *l4 = off >= 0 && !pkt_is_fragment(p) && !pkt_more_fragments(p)
				    ? pkt_l4(p, (size_t)off + 4)
				    : NULL;
	if (l4)
		t->ports = swap_ports((uint16_t)(l4[off] << 8 | l4[off + 1]),
				      (uint16_t)(l4[off + 2] << 8 | l4[off + 3]), in);
	if (inner)
		packet_free(inner);
	return true;
}

/* hmark_ct_set_htuple: the original direction's source and the reply's. */
static void ct_tuple(const struct ct_entry *ct, const struct hmark_info *in, struct htuple *t)
{
	const struct ct_tuple *o = &ct->tuple[CT_DIR_ORIGINAL], *r = &ct->tuple[CT_DIR_REPLY];
	if (o->family == FAMILY_IPV6) {
		t->src = addr6_fold(&o->src, in->src_plen);
		t->dst = addr6_fold(&r->src, in->dst_plen);
	} else {
		t->src = o->src.ip & in->src_mask;
		t->dst = r->src.ip & in->dst_mask;
	}
	t->proto = o->proto;
	if (t->proto != PROTO_ICMP && t->proto != PROTO_ICMPV6)
		t->ports = swap_ports(o->sport, r->sport, in);
}

static uint32_t hmark_hash(const struct htuple *t, const struct hmark_info *in)
{
	uint32_t lo = t->src < t->dst ? t->src : t->dst;
	uint32_t hi = t->src < t->dst ? t->dst : t->src;
	uint32_t h = hmark_jhash_3words(lo, hi, t->ports, in->rnd) ^ (t->proto & in->proto_mask);
	return (uint32_t)(((uint64_t)h * in->mod) >> 32) + in->offset; /* reciprocal_scale */
}

static enum verdict hmark_exec(const struct target *t, struct xt_ctx *ctx)
{
	const struct hmark_info *in = t->data;
	struct htuple tu = {0};
	if (in->flags & FL(F_CT)) {
		if (!ctx->p->ct) {
			snprintf(ctx->why, sizeof(ctx->why),
				 "--hmark-tuple ct but no connection (untracked): mark unchanged");
			return V_CONTINUE;
		}
		ct_tuple(ctx->p->ct, in, &tu);
	} else if (!pkt_tuple(ctx->p, in, &tu)) {
		snprintf(ctx->why, sizeof(ctx->why),
			 "an ICMP error whose quoted datagram cannot be read: mark unchanged");
		return V_CONTINUE;
	}
	uint32_t old = ctx->p->mark;
	ctx->p->mark = hmark_hash(&tu, in);
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	if (t->family == FAMILY_IPV6) { /* the folded addresses are no addresses */
		snprintf(a, sizeof(a), "0x%08x", tu.src);
		snprintf(b, sizeof(b), "0x%08x", tu.dst);
	} else {
		addr_fmt(tu.src, a);
		addr_fmt(tu.dst, b);
	}
	snprintf(ctx->why, sizeof(ctx->why),
		 "mark 0x%x -> 0x%x (hash of %s %s ports 0x%08x proto %u, mod %u + %u)", old,
		 ctx->p->mark, a, b, tu.ports, tu.proto, in->mod, in->offset);
	return V_CONTINUE;
}

const struct target_type target_hmark = {
	.name = "HMARK",
	.options = hmark_opts,
	.data_size = sizeof(struct hmark_info),
	.parse = hmark_parse,
	.final_check = hmark_check,
	.exec = hmark_exec,
	.print = hmark_print,
};
