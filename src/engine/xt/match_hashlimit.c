/* match_hashlimit.c - -m hashlimit (xt_hashlimit): a token bucket per
 * hash key, the key made of the fields --hashlimit-mode names (srcip,
 * srcport, dstip, dstport; addresses masked by --hashlimit-srcmask and
 * -dstmask; no mode: one bucket for all).  Each new key's bucket starts
 * full (--hashlimit-burst packets, or in byte mode (a rate such as
 * 4kb/s) the burst in bytes, each packet costing its length).  Time does
 * not pass between the packets of an nfwalk scenario, so buckets only
 * empty.  --hashlimit-upto matches while the bucket has tokens,
 * --hashlimit-above once it is empty.  With --hashlimit-rate-match the
 * measured rate is compared instead: all packets of a key fall in one
 * interval, so it matches (upto) while the key's packets number at most
 * rate x interval.  The table options (--hashlimit-htable-*) are kept
 * and printed; each rule keeps its own table, where the kernel shares
 * one per --hashlimit-name. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HL_SCALE 1000000ull /* XT_HASHLIMIT_SCALE_v2 */
#define HL_BURST_DEFAULT 5
#define HL_GC_DEFAULT 1000
#define HL_NAME_MAX 15
#define HL_KEYS 128

enum { HM_SIP = 1, HM_SPT = 2, HM_DIP = 4, HM_DPT = 8 };
static const char *const mode_names[] = {"srcip", "srcport", "dstip", "dstport", NULL};

struct hl_bucket {
	union inet_addr sip, dip; /* of the packet's family */
	uint16_t spt, dpt;
	uint64_t tokens; /* packets, or bytes in byte mode */
	uint64_t seen;   /* packets, for --hashlimit-rate-match */
};

struct hashlimit_info {
	bool given, above, bytes;
	uint64_t avg;   /* packet mode: 1e-6 s per packet; byte mode: bytes per second */
	uint64_t burst; /* packets or bytes; byte mode 0 when not given */
	bool burst_given;
	unsigned mode;
	char name[HL_NAME_MAX + 1];
	uint32_t size, max, gc, expire;
	bool expire_given;
	int srcmask, dstmask; /* -1: the family's whole address (32 or 128) */
	bool rate_match;
	uint32_t interval;
	size_t n;
	struct hl_bucket b[HL_KEYS];
};

enum { O_UPTO, O_ABOVE, O_BURST, O_MODE, O_NAME, O_SIZE, O_MAX, O_GC, O_EXPIRE, O_SRCMASK,
       O_DSTMASK, O_RATE_MATCH, O_RATE_INTERVAL };

static const struct xt_option hl_opts[] = {
	[O_UPTO] = {"hashlimit-upto", true, true, false},
	[O_ABOVE] = {"hashlimit-above", true, true, false},
	[O_BURST] = {"hashlimit-burst", true, false, false},
	[O_MODE] = {"hashlimit-mode", true, false, false},
	[O_NAME] = {"hashlimit-name", true, false, false},
	[O_SIZE] = {"hashlimit-htable-size", true, false, false},
	[O_MAX] = {"hashlimit-htable-max", true, false, false},
	[O_GC] = {"hashlimit-htable-gcinterval", true, false, false},
	[O_EXPIRE] = {"hashlimit-htable-expire", true, false, false},
	[O_SRCMASK] = {"hashlimit-srcmask", true, false, false},
	[O_DSTMASK] = {"hashlimit-dstmask", true, false, false},
	[O_RATE_MATCH] = {"hashlimit-rate-match", false, false, false},
	[O_RATE_INTERVAL] = {"hashlimit-rate-interval", true, false, false},
	{NULL, false, false, false},
};

static const struct {
	const char *name;
	uint64_t secs;
} rate_units[] = {{"day", 86400}, {"hour", 3600}, {"min", 60}, {"sec", 1}};

static void hl_init(void *data)
{
	struct hashlimit_info *in = data;
	in->burst = HL_BURST_DEFAULT;
	in->gc = HL_GC_DEFAULT;
	in->srcmask = in->dstmask = -1;
	in->interval = 1;
}

/* "N{b,kb,mb}/s" bytes per second, else a packet rate "N[/unit]". */
static bool parse_rate(struct hashlimit_info *in, const char *s)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} byte_units[] = {{"b/s", 1}, {"kb/s", 1024}, {"mb/s", 1024 * 1024}};
	size_t len = strspn(s, "0123456789");
	uint32_t r, secs;
	for (size_t i = 0; len && i < ARRAY_SIZE(byte_units); i++) {
		if (strcmp(s + len, byte_units[i].suffix) != 0)
			continue;
		char num[16];
		if (len >= sizeof(num))
			return false;
		memcpy(num, s, len);
		num[len] = '\0';
		if (!xt_parse_u32(num, UINT32_MAX, &r) || r == 0)
			return false;
		in->bytes = true;
		in->avg = r * byte_units[i].mult;
		if (!in->burst_given)
			in->burst = 0;
		return true;
	}
	if (!xt_parse_packet_rate(s, &r, &secs))
		return false;
	in->bytes = false;
	in->avg = HL_SCALE * secs / r;
	return in->avg != 0;
}

/* "N", "Nb", "Nkb", "Nmb" bytes. */
static bool parse_bytes(const char *s, uint64_t *out)
{
	size_t len = strspn(s, "0123456789");
	char num[24];
	uint32_t v;
	if (len == 0 || len >= sizeof(num))
		return false;
	memcpy(num, s, len);
	num[len] = '\0';
	if (!xt_parse_u32(num, UINT32_MAX, &v))
		return false;
	const char *u = s + len;
	uint64_t mult = !*u || strcmp(u, "b") == 0 ? 1 : strcmp(u, "kb") == 0 ? 1024
						 : strcmp(u, "mb") == 0 ? 1024 * 1024 : 0;
	*out = v * mult;
	return mult != 0;
}

static int hl_parse(struct match *m, const char *opt, const char *arg, bool invert,
		    struct nf_error *err)
{
	struct hashlimit_info *in = m->data;
	uint32_t v;
	size_t bad;
	int o = xt_option_index(hl_opts, opt + 2);
	switch (o) {
	case O_UPTO:
	case O_ABOVE:
		if (in->given)
			return nf_err(err, -1, "--hashlimit-upto and --hashlimit-above exclude each other");
		if (!parse_rate(in, arg))
			return nf_err(err, -1,
				      "bad rate \"%s\" (N/sec, N/minute, N/hour, N/day or N{b,kb,mb}/s)",
				      arg);
		in->above = (o == O_ABOVE) != invert;
		in->given = true;
		return 0;
	case O_BURST:
		if (in->bytes) {
			if (!parse_bytes(arg, &in->burst))
				return nf_err(err, -1, "bad --hashlimit-burst \"%s\"", arg);
		} else if (strspn(arg, "0123456789") != strlen(arg)) {
			if (!parse_bytes(arg, &in->burst))
				return nf_err(err, -1, "bad --hashlimit-burst \"%s\"", arg);
		} else {
			if (!xt_parse_u32(arg, 1000000, &v) || v == 0)
				return nf_err(err, -1, "bad --hashlimit-burst \"%s\" (1-1000000)", arg);
			in->burst = v;
		}
		in->burst_given = true;
		return 0;
	case O_MODE:
		if (!xt_parse_name_list(arg, mode_names, &in->mode, &bad))
			return nf_err(err, -1,
				      "bad --hashlimit-mode \"%s\" (srcip, srcport, dstip, dstport)",
				      arg + bad);
		return 0;
	case O_NAME:
		if (!*arg || strlen(arg) > HL_NAME_MAX)
			return nf_err(err, -1, "bad --hashlimit-name \"%s\" (1-%d characters)", arg,
				      HL_NAME_MAX);
		str_copy(in->name, sizeof(in->name), arg);
		return 0;
	case O_SRCMASK:
	case O_DSTMASK:
		if (!xt_parse_u32(arg, m->family == FAMILY_IPV6 ? 128 : 32, &v))
			return nf_err(err, -1, "bad %s \"%s\" (0-%d)", opt, arg,
				      m->family == FAMILY_IPV6 ? 128 : 32);
		*(o == O_SRCMASK ? &in->srcmask : &in->dstmask) = (int)v;
		return 0;
	case O_RATE_MATCH:
		in->rate_match = true;
		return 0;
	default:
		if (!xt_parse_u32(arg, UINT32_MAX, &v))
			return nf_err(err, -1, "bad %s \"%s\"", opt, arg);
		if (o == O_SIZE)
			in->size = v;
		else if (o == O_MAX)
			in->max = v;
		else if (o == O_GC)
			in->gc = v;
		else if (o == O_EXPIRE) {
			in->expire = v;
			in->expire_given = true;
		} else {
			if (v == 0)
				return nf_err(err, -1, "bad --hashlimit-rate-interval \"%s\"", arg);
			in->interval = v;
		}
		return 0;
	}
}

static int hl_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct hashlimit_info *in = m->data;
	if (!in->given)
		return nf_err(err, -1, "-m hashlimit needs --hashlimit-upto or --hashlimit-above");
	if (!in->name[0])
		return nf_err(err, -1, "-m hashlimit needs --hashlimit-name");
	return 0;
}

/* The largest unit that divides evenly, as iptables prints a rate; the
 * unit's length in ms is the default expiry. */
static uint32_t print_rate(struct strbuf *sb, uint64_t avg)
{
	size_t i;
	for (i = 1; i < ARRAY_SIZE(rate_units); i++) {
		uint64_t mult = rate_units[i].secs * HL_SCALE;
		if (avg > mult || mult / avg < mult % avg)
			break;
	}
	sb_addf(sb, " %llu/%s", (unsigned long long)(rate_units[i - 1].secs * HL_SCALE / avg),
		rate_units[i - 1].name);
	return (uint32_t)(rate_units[i - 1].secs * 1000);
}

static void print_bytes(struct strbuf *sb, uint64_t v, const char *suffix)
{
	if (v >= 1024 * 1024 && v % (1024 * 1024) == 0)
		sb_addf(sb, " %llumb%s", (unsigned long long)(v / (1024 * 1024)), suffix);
	else if (v >= 1024 && v % 1024 == 0)
		sb_addf(sb, " %llukb%s", (unsigned long long)(v / 1024), suffix);
	else
		sb_addf(sb, " %llub%s", (unsigned long long)v, suffix);
}

static void hl_print(const struct match *m, struct strbuf *sb)
{
	const struct hashlimit_info *in = m->data;
	uint32_t quantum;
	sb_addf(sb, " --hashlimit-%s", in->above ? "above" : "upto");
	if (in->bytes) {
		print_bytes(sb, in->avg, "/s");
		quantum = 0;
		if (in->burst) {
			sb_adds(sb, " --hashlimit-burst");
			print_bytes(sb, in->burst, "");
		}
	} else {
		quantum = print_rate(sb, in->avg);
		sb_addf(sb, " --hashlimit-burst %llu", (unsigned long long)in->burst);
	}
	if (in->mode) {
		sb_adds(sb, " --hashlimit-mode ");
		xt_print_name_list(sb, mode_names, in->mode);
	}
	sb_addf(sb, " --hashlimit-name %s", in->name);
	if (in->size)
		sb_addf(sb, " --hashlimit-htable-size %u", in->size);
	if (in->max)
		sb_addf(sb, " --hashlimit-htable-max %u", in->max);
	if (in->gc != HL_GC_DEFAULT)
		sb_addf(sb, " --hashlimit-htable-gcinterval %u", in->gc);
	if (in->expire_given && in->expire != quantum)
		sb_addf(sb, " --hashlimit-htable-expire %u", in->expire);
	int full = m->family == FAMILY_IPV6 ? 128 : 32;
	if (in->srcmask >= 0 && in->srcmask != full)
		sb_addf(sb, " --hashlimit-srcmask %d", in->srcmask);
	if (in->dstmask >= 0 && in->dstmask != full)
		sb_addf(sb, " --hashlimit-dstmask %d", in->dstmask);
	if (in->rate_match) {
		sb_adds(sb, " --hashlimit-rate-match");
		if (in->interval != 1)
			sb_addf(sb, " --hashlimit-rate-interval %u", in->interval);
	}
}

/* Tokens a fresh bucket holds, and what one packet costs. */
static uint64_t bucket_size(const struct hashlimit_info *in)
{
	if (!in->bytes)
		return in->burst;
	return in->burst ? in->burst : in->avg; /* byte mode: one second's worth */
}

/* The address under a prefix of plen bits (-1: all of them). */
static union inet_addr masked(int family, union inet_addr a, int plen)
{
	if (plen < 0)
		return a;
	if (family != FAMILY_IPV6) {
		a.ip &= prefix_mask(plen);
		return a;
	}
	for (int b = plen; b < 128; b++)
		a.in6.b[b / 8] &= (uint8_t) ~(0x80u >> (b % 8));
	return a;
}

static bool hl_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	struct hashlimit_info *in = m->data;
	const struct packet *p = ctx->p;
	struct hl_bucket key = {0};
	int family = pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	if (in->mode & HM_SIP)
		key.sip = masked(family, pkt_src(p), in->srcmask);
	if (in->mode & HM_DIP)
		key.dip = masked(family, pkt_dst(p), in->dstmask);
	if ((in->mode & (HM_SPT | HM_DPT)) && pkt_has_ports(p)) {
		if (in->mode & HM_SPT)
			key.spt = pkt_sport(p);
		if (in->mode & HM_DPT)
			key.dpt = pkt_dport(p);
	}
	struct hl_bucket *b = NULL;
	for (size_t i = 0; i < in->n && !b; i++)
		if (inet_eq(&in->b[i].sip, &key.sip) && inet_eq(&in->b[i].dip, &key.dip) &&
		    in->b[i].spt == key.spt && in->b[i].dpt == key.dpt)
			b = &in->b[i];
	if (!b) {
		/* a full table recycles its oldest entry */
		if (in->n == HL_KEYS) {
			memmove(in->b, in->b + 1, (HL_KEYS - 1) * sizeof(in->b[0]));
			in->n--;
		}
		b = &in->b[in->n++];
		*b = key;
		b->tokens = bucket_size(in);
	}
	b->seen++;
	bool under;
	if (in->rate_match) {
		uint64_t allowed = in->bytes ? in->avg * in->interval
					     : HL_SCALE * in->interval / in->avg;
		under = b->seen <= allowed;
		snprintf(why, n, "%llu packet%s of this key in one %us interval, %s the rate",
			 (unsigned long long)b->seen, b->seen == 1 ? "" : "s", in->interval,
			 under ? "within" : "over");
	} else {
		uint64_t cost = in->bytes ? pkt_tot_len(p) : 1;
		under = b->tokens >= cost;
		if (under)
			b->tokens -= cost;
		snprintf(why, n, "%s bucket %s: %llu of %llu %s left%s", in->name,
			 under ? "had a token" : "empty", (unsigned long long)b->tokens,
			 (unsigned long long)bucket_size(in), in->bytes ? "bytes" : "packets",
			 under ? "" : " (no time passes)");
	}
	return under != in->above;
}

const struct match_type match_hashlimit = {
	.name = "hashlimit",
	.options = hl_opts,
	.data_size = sizeof(struct hashlimit_info),
	.init = hl_init,
	.parse = hl_parse,
	.final_check = hl_check,
	.eval = hl_eval,
	.print = hl_print,
};
