/* ipchains_match.c - does an ipchains rule match a packet, test by test
 * in the order of linux-2.2 net/ipv4/ip_fw.c ip_rule_match (addresses,
 * interface, fragment, SYN, protocol, ports; the first failing test ends
 * it), and the masquerading table of net/ipv4/ip_masq.c.  IPv4 only on
 * purpose (pkt_saddr/pkt_daddr): ipchains filtered no IPv6. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/xt/ipchains.h"
#include "lib/addr.h"

struct results {
	struct match_result *v;
	int max, n;
};

static bool record(struct results *rs, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool record(struct results *rs, bool ok, const char *fmt, ...)
{
	if (rs->n < rs->max) {
		struct match_result *m = &rs->v[rs->n++];
		m->ok = ok;
		va_list ap;
		va_start(ap, fmt);
		int len = vsnprintf(m->text, sizeof(m->text), fmt, ap);
		va_end(ap);
		m->n = (unsigned char)(len < 0 ? 0 : len < (int)sizeof(m->text) ? len : (int)sizeof(m->text) - 1);
	}
	return ok;
}

static bool test_addr(struct results *rs, const char *opt, uint32_t want, uint32_t mask,
		      bool inv, uint32_t have, const char *what)
{
	if (!mask && !inv)
		return true;
	char w[ADDR_STRLEN], h[ADDR_STRLEN];
	bool ok = ((have & mask) == want) != inv;
	return record(rs, ok, "%s %s%s/%d: %s, %s %s", opt, inv ? "! " : "", addr_fmt(want, w),
		      mask_len(mask), ok ? "yes" : "no", what, addr_fmt(have, h));
}

/* "eth+" is a prefix (IP_FW_F_WILDIF); "" matches every interface. */
static bool test_iface(struct results *rs, const struct ipc_rule *r, const char *have)
{
	if (!r->iface[0])
		return true;
	size_t n = strlen(r->iface);
	bool wild = r->iface[n - 1] == '+';
	bool eq = wild ? strncmp(have, r->iface, n - 1) == 0 : strcmp(have, r->iface) == 0;
	bool ok = eq != r->inv_iface;
	return record(rs, ok, "-i %s%s: %s, interface %s", r->inv_iface ? "! " : "", r->iface,
		      ok ? "yes" : "no", have[0] ? have : "(none)");
}

/* port_match: a fragment fails every port test but the full range. */
static bool test_ports(struct results *rs, const char *what, const uint16_t pts[2], bool inv,
		       uint16_t have, bool frag)
{
	if (pts[0] == 0 && pts[1] == 65535 && !inv)
		return true;
	bool ok = frag ? false : ((have >= pts[0] && have <= pts[1]) != inv);
	if (frag)
		return record(rs, false, "%s %u:%u: no, a fragment has no ports", what, pts[0],
			      pts[1]);
	if (pts[0] == pts[1])
		return record(rs, ok, "%s %s%u: %s, it is %u", what, inv ? "! " : "", pts[0],
			      ok ? "yes" : "no", have);
	return record(rs, ok, "%s %s%u:%u: %s, it is %u", what, inv ? "! " : "", pts[0], pts[1],
		      ok ? "yes" : "no", have);
}

static const char *proto_word(uint8_t proto, char *buf, size_t n)
{
	if (proto == PROTO_TCP || proto == PROTO_UDP || proto == PROTO_ICMP)
		snprintf(buf, n, "%s", proto == PROTO_TCP ? "tcp" : proto == PROTO_UDP ? "udp" : "icmp");
	else
		snprintf(buf, n, "%u", proto);
	return buf;
}

bool ipc_rule_match(const struct ipc_rule *r, const struct packet *p, const char *ifname,
		    struct match_result *res, int max, int *nres)
{
	struct results rs = {res, max, 0};
	uint8_t proto = pkt_proto(p);
	bool frag = pkt_is_fragment(p);
	uint16_t sport = 0xffff, dport = 0xffff;
	uint8_t type, code;
	if (!frag && (proto == PROTO_TCP || proto == PROTO_UDP) && pkt_has_ports(p)) {
		sport = pkt_sport(p);
		dport = pkt_dport(p);
	} else if (!frag && pkt_icmp(p, &type, &code)) {
		sport = type; /* ip_fw_check: ICMP type and code stand for the ports */
		dport = code;
	}
	uint8_t fl = pkt_tcp_flags(p);
	bool syn = proto == PROTO_TCP && !frag && (fl & TCPF_SYN) && !(fl & (TCPF_ACK | TCPF_RST));
	bool ok = test_addr(&rs, "-s", r->src, r->smsk, r->inv_src, pkt_saddr(p), "source") &&
		  test_addr(&rs, "-d", r->dst, r->dmsk, r->inv_dst, pkt_daddr(p), "destination") &&
		  test_iface(&rs, r, ifname ? ifname : "");
	if (ok && r->frag)
		ok = record(&rs, frag != r->inv_frag, "%s-f: %s, %s", r->inv_frag ? "! " : "",
			    frag != r->inv_frag ? "yes" : "no",
			    frag ? "a later fragment" : "not a later fragment");
	if (ok && r->syn) {
		/* a fragment never passes a SYN test, even an inverted one */
		bool y = !frag && (syn != r->inv_syn);
		ok = record(&rs, y, "%s-y: %s, %s", r->inv_syn ? "! " : "", y ? "yes" : "no",
			    syn ? "SYN without ACK or RST (a connection request)"
				: "not a connection request");
	}
	if (ok && r->proto) {
		bool pm = (proto == r->proto) != r->inv_proto;
		char want[8], have[8];
		ok = record(&rs, pm, "-p %s%s: %s, packet is %s", r->inv_proto ? "! " : "",
			    proto_word(r->proto, want, sizeof(want)), pm ? "yes" : "no",
			    proto_word(proto, have, sizeof(have)));
		bool icmp = proto == PROTO_ICMP;
		ok = ok && test_ports(&rs, icmp ? "ICMP type" : "source port", r->spts, r->inv_sport,
				      sport, frag) &&
		     test_ports(&rs, icmp ? "ICMP code" : "destination port", r->dpts, r->inv_dport,
				dport, frag);
	}
	if (ok && rs.n == 0)
		record(&rs, true, "no tests: every packet matches");
	*nres = rs.n;
	return ok;
}

/* ---- masquerading (ip_masq.c) ---- */

/* ICMP echo of the given type, whose id stands for a port
 * (CONFIG_IP_MASQUERADE_ICMP: ip_masq.c's icmp_id). */
static bool is_echo(const struct packet *p, uint8_t want)
{
	uint8_t type, code;
	return pkt_icmp(p, &type, &code) && type == want;
}

static bool has_ports(const struct packet *p)
{
	uint8_t proto = pkt_proto(p);
	return ((proto == PROTO_TCP || proto == PROTO_UDP) && pkt_has_ports(p)) ||
	       is_echo(p, ICMP_ECHO) || is_echo(p, ICMP_ECHOREPLY);
}

/* The port-like fields: TCP/UDP ports, or an echo's id and 0. */
static uint16_t sport_of(const struct packet *p)
{
	return pkt_proto(p) == PROTO_ICMP ? pkt_icmp_id(p) : pkt_sport(p);
}

static uint16_t dport_of(const struct packet *p)
{
	return pkt_proto(p) == PROTO_ICMP ? 0 : pkt_dport(p);
}

const struct ipc_masq *ipc_masq_out(struct ipchains *ic, const struct packet *p, uint32_t maddr)
{
	uint8_t proto = pkt_proto(p);
	bool ports = has_ports(p) && !is_echo(p, ICMP_ECHOREPLY);
	uint16_t sport = ports ? sport_of(p) : 0, dport = ports ? dport_of(p) : 0;
	for (size_t i = 0; i < ic->nmasq; i++) {
		const struct ipc_masq *m = &ic->masq[i];
		if (m->proto == proto && m->saddr == pkt_saddr(p) && m->sport == sport &&
		    m->daddr == pkt_daddr(p) && m->dport == dport)
			return m;
	}
	if (ic->next_mport >= IPC_MASQ_PORT_END)
		return NULL; /* "ip_masq_new: no free ports" */
	ic->masq = xrealloc(ic->masq, (ic->nmasq + 1) * sizeof(*ic->masq));
	struct ipc_masq *m = &ic->masq[ic->nmasq++];
	*m = (struct ipc_masq){proto, pkt_saddr(p), maddr, pkt_daddr(p),
			       sport, ports ? ic->next_mport++ : 0, dport};
	return m;
}

const struct ipc_masq *ipc_masq_in(const struct ipchains *ic, const struct packet *p)
{
	uint8_t proto = pkt_proto(p);
	if (!has_ports(p) || is_echo(p, ICMP_ECHO))
		return NULL;
	/* a reply: its destination port (an echo reply: its id) is ours */
	bool echo = proto == PROTO_ICMP;
	uint16_t mport = echo ? pkt_icmp_id(p) : pkt_dport(p), far = echo ? 0 : pkt_sport(p);
	for (size_t i = 0; i < ic->nmasq; i++) {
		const struct ipc_masq *m = &ic->masq[i];
		if (m->proto == proto && m->mport && m->maddr == pkt_daddr(p) && m->mport == mport &&
		    m->daddr == pkt_saddr(p) && m->dport == far)
			return m;
	}
	return NULL;
}
