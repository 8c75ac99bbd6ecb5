/* match_pkttype.c - -m pkttype --pkt-type unicast|broadcast|multicast:
 * the link-layer class of a received frame (skb->pkt_type).  nfwalk keeps
 * no destination MAC, so the class is the one the frame must have had for
 * its IP destination: the limited or a subnet broadcast address came in a
 * broadcast frame, 224.0.0.0/4 in a multicast one, the rest to this
 * host.  Locally generated packets are PACKET_HOST. */
#include "engine/net/net.h"
#include "engine/xt/xt.h"
#include "lib/inet.h"

#include <stdio.h>

enum { PT_UNICAST, PT_BROADCAST, PT_MULTICAST };

static const char *const type_names[] = {"unicast", "broadcast", "multicast", NULL};

struct pkttype_info {
	int type;
	bool inv, given;
};

static const struct xt_option pkttype_opts[] = {
	{"pkt-type", true, true, false},
	{NULL, false, false, false},
};

static int pkttype_parse(struct match *m, const char *opt, const char *arg, bool invert,
			 struct nf_error *err)
{
	struct pkttype_info *in = m->data;
	in->type = xt_name_index(type_names, arg);
	if (in->type < 0)
		return nf_err(err, -1, "bad --pkt-type \"%s\" (unicast, broadcast or multicast)", arg);
	in->inv = invert;
	in->given = true;
	return 0;
}

static int pkttype_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct pkttype_info *)m->data)->given)
		return nf_err(err, -1, "-m pkttype needs --pkt-type");
	return 0;
}

static void pkttype_print(const struct match *m, struct strbuf *sb)
{
	const struct pkttype_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " --pkt-type %s", type_names[in->type]);
}

/* The link-layer type the destination gives: IPv6 has multicast
 * (ff00::/8) and no broadcast. */
static int type_of(const struct xt_ctx *ctx)
{
	if (ctx->p->local_out)
		return PT_UNICAST;
	if (pkt_family(ctx->p) == FAMILY_IPV6)
		return pkt_dst(ctx->p).in6.b[0] == 0xff ? PT_MULTICAST : PT_UNICAST;
	uint32_t d = pkt_daddr(ctx->p);
	if ((d >> 28) == 0xe)
		return PT_MULTICAST;
	return net_is_broadcast(ctx->net, d) ? PT_BROADCAST : PT_UNICAST;
}

static bool pkttype_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct pkttype_info *in = m->data;
	int type = type_of(ctx);
	snprintf(why, n, "a %s packet", type_names[type]);
	return (type == in->type) != in->inv;
}

const struct match_type match_pkttype = {
	.name = "pkttype",
	.options = pkttype_opts,
	.data_size = sizeof(struct pkttype_info),
	.parse = pkttype_parse,
	.final_check = pkttype_check,
	.eval = pkttype_eval,
	.print = pkttype_print,
};
