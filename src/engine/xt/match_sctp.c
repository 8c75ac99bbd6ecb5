/* match_sctp.c - -m sctp (xt_sctp): source and destination port ranges
 * and the chunk types of an SCTP packet (--chunk-types all|any|only
 * TYPE[:FLAGS],...; a flag letter in capitals must be set, in small
 * letters clear).  The rule needs -p sctp, as the kernel checks.  The
 * chunks are read from the packet's bytes (common header of 12 bytes,
 * then type, flags, length, padded to 4), so a captured SCTP packet is
 * judged as sctp_mt judges it. */
#include "engine/xt/xt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { CM_ANY, CM_ALL, CM_ONLY };
enum { SC_SPORT = 1, SC_DPORT = 2, SC_CHUNKS = 4 };

#define SCTP_MAX_FLAG_RULES 8

struct sctp_info {
	uint16_t spts[2], dpts[2];
	unsigned given, inv;
	int chunk_match;
	uint8_t map[32]; /* bit per chunk type */
	size_t nflags;
	struct {
		uint8_t type, flags, mask;
	} fl[SCTP_MAX_FLAG_RULES];
};

static const struct {
	const char *name;
	uint8_t type;
	const char *flags; /* the letters of bits 7..0, '-' for none */
} chunks[] = {
	{"DATA", 0, "----IUBE"},
	{"INIT", 1, NULL},
	{"INIT_ACK", 2, NULL},
	{"SACK", 3, NULL},
	{"HEARTBEAT", 4, NULL},
	{"HEARTBEAT_ACK", 5, NULL},
	{"ABORT", 6, "-------T"},
	{"SHUTDOWN", 7, NULL},
	{"SHUTDOWN_ACK", 8, NULL},
	{"ERROR", 9, NULL},
	{"COOKIE_ECHO", 10, NULL},
	{"COOKIE_ACK", 11, NULL},
	{"ECN_ECNE", 12, NULL},
	{"ECN_CWR", 13, NULL},
	{"SHUTDOWN_COMPLETE", 14, "-------T"},
	{"I_DATA", 64, "----IUBE"},
	{"RE_CONFIG", 130, NULL},
	{"PAD", 132, NULL},
	{"ASCONF", 193, NULL},
	{"ASCONF_ACK", 128, NULL},
	{"FORWARD_TSN", 192, NULL},
	{"I_FORWARD_TSN", 194, NULL},
};

enum { O_SPORT, O_DPORT, O_SPORT_LONG, O_DPORT_LONG, O_CHUNKS };

static const struct xt_option sctp_opts[] = {
	[O_SPORT] = {"sport", true, true, false},
	[O_DPORT] = {"dport", true, true, false},
	[O_SPORT_LONG] = {"source-port", true, true, false},
	[O_DPORT_LONG] = {"destination-port", true, true, false},
	[O_CHUNKS] = {"chunk-types", true, true, true},
	{NULL, false, false, false},
};

static void sctp_init(void *data)
{
	struct sctp_info *in = data;
	in->spts[1] = in->dpts[1] = 65535;
}

static bool map_has(const uint8_t *map, unsigned t)
{
	return map[t / 8] & (1u << (t % 8));
}

static int chunk_index(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(chunks); i++)
		if (strlen(chunks[i].name) == len && strncasecmp(chunks[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int parse_chunk(struct sctp_info *in, const char *w, size_t len, struct nf_error *err)
{
	const char *colon = memchr(w, ':', len);
	size_t nlen = colon ? (size_t)(colon - w) : len;
	if (nlen == 3 && strncasecmp(w, "ALL", 3) == 0 && !colon) {
		memset(in->map, 0xff, sizeof(in->map));
		return 0;
	}
	if (nlen == 4 && strncasecmp(w, "NONE", 4) == 0 && !colon)
		return 0;
	int i = chunk_index(w, nlen);
	if (i < 0)
		return nf_err(err, -1, "unknown SCTP chunk type \"%.*s\"", (int)nlen, w);
	in->map[chunks[i].type / 8] |= (uint8_t)(1u << (chunks[i].type % 8));
	if (!colon)
		return 0;
	if (!chunks[i].flags || in->nflags == SCTP_MAX_FLAG_RULES)
		return nf_err(err, -1, "chunk %s takes no flags", chunks[i].name);
	uint8_t flags = 0, mask = 0;
	for (const char *c = colon + 1; c < w + len; c++) {
		const char *at = strchr(chunks[i].flags, toupper((unsigned char)*c));
		if (!at || *c == '-')
			return nf_err(err, -1, "bad flag '%c' for chunk %s", *c, chunks[i].name);
		uint8_t bit = (uint8_t)(0x80u >> (at - chunks[i].flags));
		mask |= bit;
		if (isupper((unsigned char)*c))
			flags |= bit;
	}
	in->fl[in->nflags].type = chunks[i].type;
	in->fl[in->nflags].flags = flags;
	in->fl[in->nflags].mask = mask;
	in->nflags++;
	return 0;
}

static int sctp_parse(struct match *m, const char *opt, const char *arg, bool invert,
		      struct nf_error *err)
{
	struct sctp_info *in = m->data;
	int o = xt_option_index(sctp_opts, opt + 2);
	unsigned bit = o == O_CHUNKS ? SC_CHUNKS : (o == O_SPORT || o == O_SPORT_LONG) ? SC_SPORT
											: SC_DPORT;
	if (in->given & bit)
		return nf_err(err, -1, "%s given twice", opt);
	in->given |= bit;
	if (invert)
		in->inv |= bit;
	if (bit == SC_SPORT || bit == SC_DPORT) {
		uint16_t *pts = bit == SC_SPORT ? in->spts : in->dpts;
		if (!xt_parse_port_range(arg, &pts[0], &pts[1]))
			return nf_err(err, -1, "bad port or range \"%s\" for %s", arg, opt);
		return 0;
	}
	const char *sp = strchr(arg, ' ');
	size_t mlen = sp ? (size_t)(sp - arg) : strlen(arg);
	if (mlen == 3 && strncasecmp(arg, "all", 3) == 0)
		in->chunk_match = CM_ALL;
	else if (mlen == 3 && strncasecmp(arg, "any", 3) == 0)
		in->chunk_match = CM_ANY;
	else if (mlen == 4 && strncasecmp(arg, "only", 4) == 0)
		in->chunk_match = CM_ONLY;
	else
		return nf_err(err, -1, "--chunk-types needs all, any or only first");
	if (!sp || !sp[1])
		return nf_err(err, -1, "--chunk-types needs a list of chunk types");
	for (const char *w = sp + 1; *w;) {
		size_t len = strcspn(w, ",");
		if (len == 0 || parse_chunk(in, w, len, err))
			return len ? -1 : nf_err(err, -1, "empty chunk type in \"%s\"", sp + 1);
		w += len;
		if (*w == ',')
			w++;
	}
	return 0;
}

static int sctp_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!xt_rule_proto_is(r, PROTO_SCTP))
		return nf_err(err, -1, "-m sctp needs -p sctp (not inverted) before it");
	return 0;
}

static void print_ports(struct strbuf *sb, const char *name, const uint16_t *pts, bool inv)
{
	xt_print_inv(sb, inv);
	sb_addf(sb, " --%s", name);
	xt_print_range(sb, pts[0], pts[1], ':');
}

static void sctp_print(const struct match *m, struct strbuf *sb)
{
	const struct sctp_info *in = m->data;
	if (in->given & SC_SPORT)
		print_ports(sb, "sport", in->spts, in->inv & SC_SPORT);
	if (in->given & SC_DPORT)
		print_ports(sb, "dport", in->dpts, in->inv & SC_DPORT);
	if (!(in->given & SC_CHUNKS))
		return;
	xt_print_inv(sb, in->inv & SC_CHUNKS);
	sb_addf(sb, " --chunk-types %s ",
		in->chunk_match == CM_ALL ? "all" : in->chunk_match == CM_ANY ? "any" : "only");
	bool first = true;
	for (unsigned t = 0; t < 256; t++) {
		if (!map_has(in->map, t))
			continue;
		int i = -1;
		for (size_t k = 0; k < ARRAY_SIZE(chunks); k++)
			if (chunks[k].type == t)
				i = (int)k;
		if (!first)
			sb_adds(sb, ",");
		first = false;
		if (i < 0) {
			sb_addf(sb, "%u", t);
			continue;
		}
		sb_adds(sb, chunks[i].name);
		for (size_t f = 0; f < in->nflags; f++) {
			if (in->fl[f].type != t)
				continue;
			sb_adds(sb, ":");
			for (int b = 7; b >= 0; b--)
				if (in->fl[f].mask & (1u << b)) {
					char c = chunks[i].flags[7 - b];
					sb_addf(sb, "%c", in->fl[f].flags & (1u << b)
								  ? c
								  : (char)tolower((unsigned char)c));
				}
		}
	}
	if (first)
		sb_adds(sb, "NONE");
}

static bool flags_ok(const struct sctp_info *in, uint8_t type, uint8_t flags)
{
	for (size_t f = 0; f < in->nflags; f++)
		if (in->fl[f].type == type && (flags & in->fl[f].mask) != in->fl[f].flags)
			return false;
	return true;
}

/* match_packet() of xt_sctp. */
static bool chunks_match(const struct sctp_info *in, const struct packet *p, char *why, size_t n)
{
	size_t avail = pkt_l4_avail(p);
	const uint8_t *l4 = pkt_l4(p, avail);
	uint8_t left[32];
	memcpy(left, in->map, sizeof(left));
	size_t off = 12, count = 0;
	while (off + 4 <= avail) {
		uint8_t type = l4[off], flags = l4[off + 1];
		uint16_t len = (uint16_t)(l4[off + 2] << 8 | l4[off + 3]);
		count++;
		bool in_map = map_has(in->map, type) && flags_ok(in, type, flags);
		if (in->chunk_match == CM_ANY && in_map) {
			snprintf(why, n, "chunk type %u is listed", type);
			return true;
		}
		if (in->chunk_match == CM_ALL && in_map)
			left[type / 8] &= (uint8_t)~(1u << (type % 8));
		if (in->chunk_match == CM_ONLY && !in_map) {
			snprintf(why, n, "chunk type %u is not listed", type);
			return false;
		}
		if (len < 4)
			break;
		off += (len + 3u) & ~3u;
	}
	if (in->chunk_match == CM_ANY) {
		snprintf(why, n, "none of its %zu chunks is listed", count);
		return false;
	}
	if (in->chunk_match == CM_ONLY) {
		snprintf(why, n, "all %zu chunks are listed", count);
		return true;
	}
	for (size_t i = 0; i < sizeof(left); i++)
		if (left[i]) {
			snprintf(why, n, "a listed chunk type is missing from its %zu chunks", count);
			return false;
		}
	snprintf(why, n, "every listed chunk type is present");
	return true;
}

static bool sctp_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct sctp_info *in = m->data;
	const struct packet *p = ctx->p;
	const uint8_t *l4 = pkt_proto(p) == PROTO_SCTP ? pkt_l4(p, 12) : NULL;
	if (!l4) {
		snprintf(why, n, "no SCTP header (a later fragment or a short packet)");
		return false;
	}
	uint16_t sport = (uint16_t)(l4[0] << 8 | l4[1]), dport = (uint16_t)(l4[2] << 8 | l4[3]);
	if ((in->given & SC_SPORT) &&
	    (sport >= in->spts[0] && sport <= in->spts[1]) == !!(in->inv & SC_SPORT)) {
		snprintf(why, n, "source port %u", sport);
		return false;
	}
	if ((in->given & SC_DPORT) &&
	    (dport >= in->dpts[0] && dport <= in->dpts[1]) == !!(in->inv & SC_DPORT)) {
		snprintf(why, n, "destination port %u", dport);
		return false;
	}
	if (in->given & SC_CHUNKS) {
		char chunk_why[96];
		bool ok = chunks_match(in, p, chunk_why, sizeof(chunk_why));
		snprintf(why, n, "ports %u -> %u, %s", sport, dport, chunk_why);
		return ok != !!(in->inv & SC_CHUNKS);
	}
	snprintf(why, n, "ports %u -> %u", sport, dport);
	return true;
}

const struct match_type match_sctp = {
	.name = "sctp",
	.options = sctp_opts,
	.data_size = sizeof(struct sctp_info),
	.init = sctp_init,
	.parse = sctp_parse,
	.final_check = sctp_check,
	.eval = sctp_eval,
	.print = sctp_print,
};
