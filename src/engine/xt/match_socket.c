/* match_socket.c - -m socket (xt_socket): a local socket would take the
 * packet.  The look-up is nf_sk_lookup_slow_v4's: the packet's own
 * addresses and ports (for an ICMP error, those of the datagram it
 * quotes, turned round), the original source for the reply of a SNATed
 * connection, then an established connection of the host (nfwalk's
 * remembered connections) and else a listener or bound socket
 * (`sockets:`).  As socket_match decides: a listener bound to 0.0.0.0 does
 * not count unless --nowildcard; with --transparent only an
 * IP_TRANSPARENT socket counts (`sockets: [tcp 10.0.0.1:80 transparent]`;
 * a connection is as transparent as its listener, one this host opened is
 * not); --restore-skmark copies the socket's SO_MARK (`mark N`) into the
 * packet's mark when it matches.  Only TCP, UDP and ICMP errors can match.
 * The kernel allows it at PREROUTING and INPUT.  ip6tables' look-up is
 * nf_sk_lookup_slow_v6's, the same with ICMPv6 errors. */
#include "engine/net/local.h"
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <stdio.h>

enum { SK_TRANSPARENT = 1, SK_NOWILDCARD = 2, SK_RESTORE_SKMARK = 4 };

struct socket_info {
	unsigned flags;
};

static const struct xt_option socket_opts[] = {
	{"transparent", false, false, false},
	{"nowildcard", false, false, false},
	{"restore-skmark", false, false, false},
	{NULL, false, false, false},
};

static int socket_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct socket_info *in = m->data;
	in->flags |= 1u << xt_option_index(socket_opts, opt + 2);
	return 0;
}

static void socket_print(const struct match *m, struct strbuf *sb)
{
	const struct socket_info *in = m->data;
	for (int i = 0; socket_opts[i].name; i++)
		if (in->flags & (1u << i))
			sb_addf(sb, " --%s", socket_opts[i].name);
}

struct sk_key {
	uint8_t proto;
	union inet_addr laddr, raddr;
	uint16_t lport, rport;
};

/* The addresses nf_sk_lookup_slow_v4 looks up with; false when the
 * packet has none it can use. */
static bool lookup_key(const struct packet *p, struct sk_key *k)
{
	if (pkt_proto(p) == PROTO_TCP || pkt_proto(p) == PROTO_UDP) {
		if (!pkt_has_ports(p))
			return false;
		*k = (struct sk_key){pkt_proto(p), pkt_dst(p), pkt_src(p), pkt_dport(p),
				     pkt_sport(p)};
		return true;
	}
	if (!pkt_icmp_is_error(p))
		return false;
	struct packet *inner = pkt_icmp_inner(p);
	bool ok = inner && (pkt_proto(inner) == PROTO_TCP || pkt_proto(inner) == PROTO_UDP) &&
		  pkt_has_ports(inner);
	if (ok) /* the quoted datagram went out from here: its source is local */
		*k = (struct sk_key){pkt_proto(inner), pkt_src(inner), pkt_dst(inner),
				     pkt_sport(inner), pkt_dport(inner)};
	packet_free(inner);
	return ok;
}

static bool socket_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct socket_info *in = m->data;
	struct packet *p = ctx->p;
	struct sk_key k;
	if (!lookup_key(p, &k)) {
		snprintf(why, n, "not TCP, UDP or an ICMP error quoting them");
		return false;
	}
	const struct ct_entry *e = p->ct;
	bool reply = p->ctinfo == (k.proto == pkt_proto(p) ? CTINFO_ESTABLISHED_REPLY
							   : CTINFO_RELATED_REPLY);
	if (e && reply && (e->status & CTS_SRC_NAT_DONE)) {
		k.laddr = e->tuple[CT_DIR_ORIGINAL].src;
		k.lport = e->tuple[CT_DIR_ORIGINAL].sport;
	}
	struct sock_found f;
	int family = pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	if (!sockets_xt_lookup_inet(ctx->socks, family, k.proto, &k.laddr, k.lport, &k.raddr,
				    k.rport, &f)) {
		snprintf(why, n, "no local socket for %s port %u", k.proto == PROTO_TCP ? "tcp" : "udp",
			 k.lport);
		return false;
	}
	bool wildcard = !(in->flags & SK_NOWILDCARD) && f.full && f.wildcard;
	bool transparent = !(in->flags & SK_TRANSPARENT) || (f.s && f.s->transparent);
	const char *text = f.s ? f.s->text : "a connection opened here";
	if (wildcard) {
		snprintf(why, n, "%s is bound to %s (wildcard, no --nowildcard)", text,
			 family == FAMILY_IPV6 ? "::" : "0.0.0.0");
		return false;
	}
	if (!transparent) {
		snprintf(why, n, "%s (%s) is not transparent", text, f.state);
		return false;
	}
	if ((in->flags & SK_RESTORE_SKMARK) && f.full && f.s) {
		p->mark = f.s->mark;
		snprintf(why, n, "%s (%s) takes it; mark 0x%x restored from the socket", text, f.state,
			 f.s->mark);
		return true;
	}
	snprintf(why, n, "%s (%s) takes it", text, f.state);
	return true;
}

const struct match_type match_socket = {
	.name = "socket",
	.options = socket_opts,
	.data_size = sizeof(struct socket_info),
	.parse = socket_parse,
	.eval = socket_eval,
	.print = socket_print,
	.hooks_mask = HOOKBIT(HOOK_PREROUTING) | HOOKBIT(HOOK_INPUT),
};
