/* match_connlimit.c - -m connlimit (xt_connlimit, nf_conncount): how many
 * connections share the packet's source (or destination) address, masked
 * by --connlimit-mask.  As the kernel does, the rule keeps its own list of
 * the connections it saw, per masked address: the packet's connection is
 * added when new, and a connection is forgotten when conntrack no longer
 * has it or it is closing (TIME_WAIT, CLOSE).  --connlimit-above N matches
 * when the count (this connection included) exceeds N, --connlimit-upto N
 * when it does not.  ip6tables keys on IPv6 addresses, the mask up to 128
 * and 128 by default (libxt_connlimit's connlimit6_init). */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#include "engine/track/conncount.h"
#include "engine/track/conntrack.h"
#include "lib/inet.h"

struct connlimit_info {
	uint32_t limit;
	bool upto;  /* XT_CONNLIMIT_INVERT */
	bool daddr; /* key on the destination */
	bool given, addr_given;
	int plen; /* -1: not given, the family's full length */
	struct conncount list; /* the rule's nf_conncount list */
};

enum { O_UPTO, O_ABOVE, O_MASK, O_SADDR, O_DADDR };

static const struct xt_option connlimit_opts[] = {
	[O_UPTO] = {"connlimit-upto", true, true, false},
	[O_ABOVE] = {"connlimit-above", true, true, false},
	[O_MASK] = {"connlimit-mask", true, false, false},
	[O_SADDR] = {"connlimit-saddr", false, false, false},
	[O_DADDR] = {"connlimit-daddr", false, false, false},
	{NULL, false, false, false},
};

static void connlimit_init(void *data)
{
	((struct connlimit_info *)data)->plen = -1;
}

static int connlimit_parse(struct match *m, const char *opt, const char *arg, bool invert,
			   struct nf_error *err)
{
	struct connlimit_info *in = m->data;
	uint32_t v;
	int o = xt_option_index(connlimit_opts, opt + 2);
	switch (o) {
	case O_UPTO:
	case O_ABOVE:
		if (in->given)
			return nf_err(err, -1, "--connlimit-upto and --connlimit-above exclude each other");
		if (!xt_parse_u32(arg, UINT32_MAX, &in->limit))
			return nf_err(err, -1, "bad %s \"%s\" (0-4294967295)", opt, arg);
		in->upto = (o == O_UPTO) != invert;
		in->given = true;
		return 0;
	case O_MASK:
		if (!xt_parse_u32(arg, (uint32_t)inet_bits(m->family), &v))
			return nf_err(err, -1, "bad --connlimit-mask \"%s\" (0-%d)", arg,
				      inet_bits(m->family));
		in->plen = (int)v;
		return 0;
	default:
		if (in->addr_given && in->daddr != (o == O_DADDR))
			return nf_err(err, -1, "--connlimit-saddr and --connlimit-daddr exclude each other");
		in->daddr = o == O_DADDR;
		in->addr_given = true;
		return 0;
	}
}

static int connlimit_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct connlimit_info *)m->data)->given)
		return nf_err(err, -1, "-m connlimit needs --connlimit-upto or --connlimit-above");
	return 0;
}

static int plen_of(const struct match *m)
{
	const struct connlimit_info *in = m->data;
	return in->plen >= 0 ? in->plen : inet_bits(m->family);
}

static void connlimit_print(const struct match *m, struct strbuf *sb)
{
	const struct connlimit_info *in = m->data;
	sb_addf(sb, " --connlimit-%s %u --connlimit-mask %d --connlimit-%s",
		in->upto ? "upto" : "above", in->limit, plen_of(m), in->daddr ? "daddr" : "saddr");
}

/* The address masked to its first plen bits. */
static union inet_addr masked(int family, union inet_addr a, int plen)
{
	if (family != FAMILY_IPV6) {
		a.ip &= prefix_mask(plen);
		return a;
	}
	for (int i = 0; i < 16; i++) {
		int keep = plen - 8 * i;
		a.in6.b[i] &= keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
	}
	return a;
}

static bool connlimit_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	struct connlimit_info *in = m->data;
	const struct packet *p = ctx->p;
	struct ct_tuple mine;
	if (p->ct)
		mine = p->ct->tuple[CT_DIR_ORIGINAL];
	else if (!ct_tuple_of(p, &mine)) {
		snprintf(why, n, "no connection tuple for this packet");
		return false;
	}
	int f = m->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4, plen = plen_of(m);
	union inet_addr key = masked(f, in->daddr ? pkt_dst(p) : pkt_src(p), plen);
	uint32_t count = conncount_add(&in->list, ctx->ct, &key, &mine);
	char a[INET_STRLEN];
	bool over = count > in->limit;
	snprintf(why, n, "%u connection%s %s %s/%d, limit %u",
		 count, count == 1 ? "" : "s", in->daddr ? "to" : "from", inet_fmt(f, &key, a), plen,
		 in->limit);
	return over != in->upto;
}

const struct match_type match_connlimit = {
	.name = "connlimit",
	.options = connlimit_opts,
	.data_size = sizeof(struct connlimit_info),
	.init = connlimit_init,
	.parse = connlimit_parse,
	.final_check = connlimit_check,
	.eval = connlimit_eval,
	.print = connlimit_print,
};
