/* runner.c - sending a scenario's packets through an engine, in order.
 *
 * A `send:` entry becomes the packet its short form describes.  A
 * `reply: N` entry becomes the answer the far end would send to packet N:
 * the addresses and ports of N's conntrack reply tuple (so a DNATed
 * connection is answered by the real server, as on the wire), arriving on
 * the interface N left by, or generated here when N was delivered here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/runner.h"

/* The far end's sequence number, for traces that show one. */
#define REPLY_TCP_SEQ 5000

/* An error at the packet's entry in the scenario. */
static int runner_err(const struct scenario *s, const struct scn_packet *pk,
		      struct nf_error *err, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int runner_err(const struct scenario *s, const struct scn_packet *pk,
		      struct nf_error *err, const char *fmt, ...)
{
	if (!err)
		return -1;
	str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
	err->line = pk->line;
	err->col = pk->col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static struct packet *packet_with_metadata(const struct pkt_spec *spec,
					   const struct scn_packet *pk)
{
	struct packet *p = packet_build(spec);
	if (!p)
		return NULL;
	p->mark = pk->mark;
	if (pk->has_mac) {
		memcpy(p->src_mac, pk->mac, sizeof(p->src_mac));
		p->has_mac = true;
	}
	p->imq_todev = -1;
	return p;
}

static struct packet *make_sent(const struct scn_packet *pk)
{
	struct packet *p = packet_with_metadata(&pk->spec, pk);
	if (!p)
		return NULL;
	str_copy(p->iif, sizeof(p->iif), pk->iif);
	p->local_out = pk->local;
	p->has_owner = pk->local;
	p->uid = pk->uid;
	p->gid = pk->gid;
	p->classid = pk->classid;
	str_copy(p->cgroup, sizeof(p->cgroup), pk->cgroup);
	return p;
}

/* The flags the far end answers with: SYN -> SYN/ACK, anything else ->
 * ACK, unless the scenario says otherwise. */
static uint8_t reply_flags(const struct scn_packet *pk, const struct walk_result *orig)
{
	if (pk->has_flags)
		return pk->tcp_flags;
	uint8_t f = orig->final.tcp_flags;
	if ((f & TCPF_SYN) && !(f & TCPF_ACK))
		return TCPF_SYN | TCPF_ACK;
	return TCPF_ACK;
}

/* Whether packet N was itself going the reply way (a SYN/ACK): its
 * answer (the ACK) then goes from the client again, by the connection's
 * original tuple. */
static bool went_reply_way(const struct walk_result *orig)
{
	enum ct_info ci = orig->final.ctinfo;
	return ci == CTINFO_ESTABLISHED_REPLY || ci == CTINFO_RELATED_REPLY;
}

/* The first packet of a chain of replies: the one the scenario sent. */
static const struct scn_packet *first_of_chain(const struct scenario *s,
					       const struct scn_packet *pk)
{
	while (pk->reply_to > 0 && &s->packets[pk->reply_to - 1] < pk)
		pk = &s->packets[pk->reply_to - 1];
	return pk;
}

/* Sequence numbers that read like a handshake: the far end starts at
 * REPLY_TCP_SEQ, the sender where its short form said. */
static void reply_seq(const struct scenario *s, const struct scn_packet *pk, bool from_client,
		      struct pkt_spec *spec)
{
	uint32_t client = first_of_chain(s, pk)->spec.seq;
	spec->seq = from_client ? client + 1 : REPLY_TCP_SEQ;
	spec->ack = from_client ? REPLY_TCP_SEQ + 1 : client + 1;
}

/* Header fields of the answer, from the connection's tuple (or, without
 * conntrack, the packet as it left, swapped).  from_client: the answer
 * goes the original way. */
static void reply_spec(const struct scenario *s, const struct scn_packet *pk,
		       const struct walk_result *orig, struct pkt_spec *spec)
{
	bool from_client = orig->ct && went_reply_way(orig);
	struct ct_tuple wire;
	const struct ct_tuple *t = &wire;
	if (orig->ct) {
		t = &orig->ct->tuple[from_client ? CT_DIR_ORIGINAL : CT_DIR_REPLY];
	} else {
		/* ipchains: the far end answers the packet as it saw it; an
		 * ICMP tuple keeps the echo id in sport and the answer's type
		 * << 8 | code in dport, as conntrack's does */
		const struct pkt_view *v = &orig->final;
		wire = (struct ct_tuple){.family = (uint8_t)v->family, .proto = v->proto, .src = v->dst,
					 .dst = v->src, .sport = v->dport, .dport = v->sport};
		if (v->proto == PROTO_ICMP || v->proto == PROTO_ICMPV6) {
			bool v4 = v->proto == PROTO_ICMP;
			uint8_t echo = v4 ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
			uint8_t reply = v4 ? ICMP_ECHOREPLY : ICMPV6_ECHO_REPLY;
			wire.sport = v->sport;
			wire.dport = (uint16_t)((v->icmp_type == echo ? reply : v->icmp_type) << 8);
		}
	}
	memset(spec, 0, sizeof(*spec));
	spec->proto = t->proto;
	spec->family = t->family;
	spec->src = t->src;
	spec->dst = t->dst;
	/* What the packet entry itself says (ttl, tos, payload). */
	spec->ttl = pk->spec.ttl;
	spec->tos = pk->spec.tos;
	spec->payload = pk->spec.payload;
	if (t->proto == PROTO_ICMP || t->proto == PROTO_ICMPV6) {
		/* The tuple keeps the echo id in sport and type << 8 | code in
		 * dport, already turned into the answer's type (echo ->
		 * echo reply) by conntrack. */
		spec->icmp_type = (uint8_t)(t->dport >> 8);
		spec->icmp_code = (uint8_t)(t->dport & 0xff);
		spec->icmp_id = t->sport;
		spec->icmp_seq = first_of_chain(s, pk)->spec.icmp_seq;
		return;
	}
	spec->sport = t->sport;
	spec->dport = t->dport;
	if (t->proto == PROTO_TCP) {
		spec->tcp_flags = reply_flags(pk, orig);
		reply_seq(s, pk, from_client, spec);
	}
}

/* Packet N as it left the modelled host (after its NAT rewrites and TTL
 * decrement), rebuilt from what the walk kept of it: the scenario's
 * spec for what no box changes (sequence numbers, options, payload), the
 * final view for what boxes may have. */
static struct packet *as_it_left(const struct scenario *s, int n, const struct pkt_view *v)
{
	const struct scn_packet *sent = &s->packets[n - 1];
	struct pkt_spec q = {0};
	if (!sent->reply_to)
		q = sent->spec;
	else if (v->proto == PROTO_TCP)
		q.seq = REPLY_TCP_SEQ;
	size_t hdr = v->proto == PROTO_TCP ? 20u + (q.mss ? 4u : 0u) : 8u;
	hdr += v->family == FAMILY_IPV6 ? 40u : 20u; /* the IP header */
	if (sent->reply_to)
		q.payload = (uint16_t)(v->len > hdr ? v->len - hdr : 0);
	q.proto = v->proto;
	q.family = v->family == FAMILY_IPV6 ? FAMILY_IPV6 : 0;
	q.src = v->src;
	q.dst = v->dst;
	q.ttl = v->ttl;
	q.tos = v->tos;
	if (v->proto == PROTO_ICMP || v->proto == PROTO_ICMPV6) {
		q.icmp_type = v->icmp_type;
		q.icmp_code = v->icmp_code;
		q.icmp_id = v->sport;
	} else {
		q.sport = v->sport;
		q.dport = v->dport;
		q.tcp_flags = v->tcp_flags;
	}
	return packet_build(&q);
}

/* `icmp:`: the far end (N's destination, or the router `from:` names)
 * answers packet N with an ICMP error quoting N as it left here; it
 * arrives on the interface N left by. */
static struct packet *make_icmp_error(const struct scenario *s, const struct scn_packet *pk,
				      const struct walk_result *orig, struct nf_error *err)
{
	int n = pk->reply_to;
	if (orig->fate != FATE_FORWARDED && orig->fate != FATE_SENT) {
		runner_err(s, pk, err,
			   "packet %d was %s: only a packet that left has a far end to answer with an "
			   "ICMP error", n, fate_name(orig->fate));
		return NULL;
	}
	if (!orig->oif[0]) {
		runner_err(s, pk, err, "packet %d left by no known interface", n);
		return NULL;
	}
	int family = orig->final.family;
	bool v6 = family == FAMILY_IPV6;
	if (!(v6 ? pk->icmp6_ok : pk->icmp4_ok)) {
		runner_err(s, pk, err, "packet %d is %s: `%s` is no %s error", n,
			   v6 ? "IPv6" : "IPv4", pk->icmp_name, v6 ? "ICMPv6" : "ICMP");
		return NULL;
	}
	if (pk->icmp_from_family && pk->icmp_from_family != family) {
		runner_err(s, pk, err, "packet %d is %s: `from:` must be an %s address", n,
			   v6 ? "IPv6" : "IPv4", v6 ? "IPv6" : "IPv4");
		return NULL;
	}
	struct packet *quoted = as_it_left(s, n, &orig->final);
	union inet_addr from = pk->icmp_from_family ? pk->icmp_from : orig->final.dst;
	struct packet *p =
		!quoted ? NULL
		: v6	? packet_icmp_error_addr(quoted, pk->icmp6_type, pk->icmp6_code, from,
						 pk->icmp_mtu)
			: packet_icmp_error(quoted, pk->icmp_type, pk->icmp_code, from.ip);
	packet_free(quoted);
	if (!p) {
		runner_err(s, pk, err, "packet %d gets no ICMP error: the kernel sends none about an "
			   "ICMP error, a fragment or a broadcast", n);
		return NULL;
	}
	if (pk->icmp_mtu && !v6)
		pkt_set_icmp_mtu(p, pk->icmp_mtu);
	if (pk->spec.ttl)
		pkt_set_ttl(p, pk->spec.ttl);
	p->has_sock = false; /* it comes from afar, not from our ICMP socket */
	p->mark = pk->mark;
	if (pk->has_mac) {
		memcpy(p->src_mac, pk->mac, sizeof(p->src_mac));
		p->has_mac = true;
	}
	p->imq_todev = -1;
	str_copy(p->iif, sizeof(p->iif), orig->oif);
	return p;
}

static struct packet *make_reply(const struct scenario *s, size_t i,
				 const struct walk_result *results, struct nf_error *err)
{
	const struct scn_packet *pk = &s->packets[i];
	int n = pk->reply_to;
	if (n < 1 || (size_t)n > i || !results) {
		runner_err(s, pk, err, "reply to packet %d: only an earlier packet can be answered", n);
		return NULL;
	}
	const struct walk_result *orig = &results[n - 1];
	if (!orig->ct && s->model != FW_IPCHAINS) {
		runner_err(s, pk, err, "packet %d has no connection to reply to", n);
		return NULL;
	}
	if (pk->icmp_error)
		return make_icmp_error(s, pk, orig, err);
	bool left = orig->fate == FATE_FORWARDED || orig->fate == FATE_SENT;
	if (!left && orig->fate != FATE_LOCAL) {
		runner_err(s, pk, err, "packet %d was %s: nothing answers it", n,
			   fate_name(orig->fate));
		return NULL;
	}
	if (left && !orig->oif[0]) {
		runner_err(s, pk, err, "packet %d left by no known interface", n);
		return NULL;
	}
	struct pkt_spec spec;
	reply_spec(s, pk, orig, &spec);
	struct packet *p = packet_with_metadata(&spec, pk);
	if (!p) {
		runner_err(s, pk, err, "cannot build the reply to packet %d", n);
		return NULL;
	}
	/* The far end is where the original went: it arrives back on that
	 * wire; an answer to a packet delivered here is sent from here. */
	if (left)
		str_copy(p->iif, sizeof(p->iif), orig->oif);
	p->local_out = !left;
	return p;
}

struct packet *runner_make_packet(const struct scenario *s, size_t i,
				  const struct walk_result *results, struct nf_error *err)
{
	if (i >= s->npackets)
		return NULL;
	const struct scn_packet *pk = &s->packets[i];
	struct packet *p = pk->reply_to ? make_reply(s, i, results, err) : make_sent(pk);
	if (!p && !pk->reply_to)
		runner_err(s, pk, err, "cannot build packet %d", (int)i + 1);
	if (p)
		p->t = pk->at;
	return p;
}

int runner_run(const struct scenario *s, struct engine *e, struct walk_result *results,
	       struct nf_error *err)
{
	/* Replies need the earlier results even when the caller does not. */
	struct walk_result *res = results ? results : xcalloc(s->npackets ? s->npackets : 1,
							      sizeof(*res));
	int rc = 0;
	for (size_t i = 0; i < s->npackets; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		struct packet *p = runner_make_packet(s, i, res, err);
		if (!p) {
			rc = -1;
			break;
		}
		walk_packet(e, p, (int)i + 1, &res[i]);
	}
	if (res != results)
		free(res);
	return rc;
}
