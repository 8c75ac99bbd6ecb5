/* nft_fib.c - the fib expression, as nft_fib4_eval / nft_fib6_eval and
 * their _type variants run it: a routing look-up of the packet's source
 * (reverse path: `fib saddr . iif oif missing drop`) or destination,
 * through the engine's route_lookup of the packet's family.  oifname
 * gives the interface's name, "" when there is none (nft_fib_store_result
 * zeroes the register), which no name equals. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

enum { F_SADDR = 1, F_DADDR = 2, F_MARK = 4, F_IIF = 8, F_OIF = 16 };
enum fib_result { FR_OIF, FR_OIFNAME, FR_TYPE, FR_OTHER };

static unsigned fib_flags(const char *text, enum fib_result *res)
{
	static const struct {
		const char *w;
		unsigned f;
	} words[] = {{"saddr", F_SADDR}, {"daddr", F_DADDR}, {"mark", F_MARK}, {"iif", F_IIF}, {"oif", F_OIF}};
	unsigned f = 0;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", text);
	char *last = strrchr(buf, ' ');
	*res = FR_OTHER;
	if (!last)
		return 0;
	if (!strcmp(last + 1, "oif"))
		*res = FR_OIF;
	else if (!strcmp(last + 1, "oifname"))
		*res = FR_OIFNAME;
	else if (!strcmp(last + 1, "type"))
		*res = FR_TYPE;
	*last = '\0';
	for (char *w = strtok(buf, " ."); w; w = strtok(NULL, " ."))
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			if (!strcmp(w, words[i].w))
				f |= words[i].f;
	return f;
}

bool nft_fib_can(const struct nft_expr *e, const char **why)
{
	enum fib_result r;
	unsigned f = fib_flags(e->text, &r);
	*why = NULL;
	if (r == FR_OTHER)
		*why = "fib gives oif, oifname or type";
	else if (!(f & (F_SADDR | F_DADDR)) || ((f & F_SADDR) && (f & F_DADDR)))
		*why = "fib needs one of saddr or daddr";
	else if ((f & F_IIF) && (f & F_OIF))
		*why = "fib takes iif or oif, not both";
	return *why == NULL;
}

static const struct iface *restrict_dev(const struct nft_ctx *c, unsigned f)
{
	const char *d = f & F_IIF ? c->in : f & F_OIF ? c->out : NULL;
	return d ? netconf_iface(c->net, d) : NULL;
}

static bool on_dev(const struct iface *d, int fam, const union inet_addr *a)
{
	for (int i = 0; fam == FAMILY_IPV4 && i < d->naddr; i++)
		if (d->addr[i] == a->ip)
			return true;
	for (int i = 0; fam == FAMILY_IPV6 && i < d->naddr6; i++)
		if (!memcmp(d->addr6[i].b, a->in6.b, 16))
			return true;
	return false;
}

/* RTN_* as fib_addrtype numbers them */
enum { RTN_UNICAST_ = 1, RTN_LOCAL_ = 2, RTN_BROADCAST_ = 3, RTN_MULTICAST_ = 5, RTN_UNREACHABLE_ = 7 };

/* nft_fib4_eval_type (inet_dev_addr_type) and nft_fib6_type_get: local
 * when the address is this host's (on the interface, when one is named),
 * broadcast and multicast by address, else unicast (IPv6: unreachable
 * without a route). */
static unsigned addr_type(const struct nft_ctx *c, unsigned f, int fam, const union inet_addr *a)
{
	const struct iface *d = restrict_dev(c, f);
	if (fam == FAMILY_IPV4) {
		if (a->ip == 0 || net_is_broadcast(c->net, a->ip))
			return RTN_BROADCAST_;
		if ((a->ip >> 28) == 0xe)
			return RTN_MULTICAST_;
		if (d ? on_dev(d, fam, a) : net_is_local(c->net, a->ip))
			return RTN_LOCAL_;
		return RTN_UNICAST_;
	}
	if (a->in6.b[0] == 0xff)
		return RTN_MULTICAST_;
	if (d ? on_dev(d, fam, a) : net_is_local_inet(c->net, fam, a))
		return RTN_LOCAL_;
	struct route_query q = {.family = fam, .dst = *a, .mark = f & F_MARK ? c->p->mark : 0, .quiet = true};
	struct route_result r;
	return route_lookup(c->net, &q, &r) < 0 ? RTN_UNREACHABLE_ : RTN_UNICAST_;
}

/* get_saddr: no source key for these */
static union inet_addr key_src(int fam, union inet_addr a)
{
	if (fam == FAMILY_IPV4 && (a.ip == 0 || a.ip == 0xffffffffu || (a.ip >> 28) == 0xe))
		return inet_v4(0);
	return a;
}

/* The interface the look-up leaves through, "" for none (NULL result:
 * the register stays 0, which `missing` matches). */
static bool oif_result(const struct nft_ctx *c, unsigned f, int fam, char out[IFNAME_MAX])
{
	const struct iface *d = restrict_dev(c, f);
	union inet_addr s = pkt_src(c->p), dst = pkt_dst(c->p);
	out[0] = '\0';
	/* nft_fib_is_loopback: what arrives on lo is its own reverse path */
	if (c->hook == HOOK_PREROUTING && c->in && !strcmp(c->in, "lo")) {
		snprintf(out, IFNAME_MAX, "%s", c->in);
		return true;
	}
	if (c->hook == HOOK_PREROUTING && c->in && fam == FAMILY_IPV4 && s.ip == 0 &&
	    (dst.ip == 0xffffffffu || (dst.ip >> 8) == 0xe00000)) {
		/* DHCP discovers and IGMP from 0.0.0.0 */
		snprintf(out, IFNAME_MAX, "%s", c->in);
		return true;
	}
	if (c->hook == HOOK_PREROUTING && c->in && fam == FAMILY_IPV6 && inet_is_zero(&s) &&
	    pkt_proto(c->p) == 58 && addr6_is_link_local(&dst.in6)) {
		/* nft_fib_v6_skip_icmpv6: duplicate address detection */
		snprintf(out, IFNAME_MAX, "%s", c->in);
		return true;
	}
	struct route_query q = {.family = fam, .quiet = true};
	q.dst = f & F_DADDR ? dst : s;
	q.src = key_src(fam, f & F_DADDR ? s : dst);
	q.mark = f & F_MARK ? c->p->mark : 0;
	if (fam == FAMILY_IPV4)
		q.tos = pkt_tos(c->p) & 0xfc;
	/* nft_fib6_flowi_init: a link-local address is looked up on the
	 * interface (RT6_LOOKUP_F_IFACE) */
	if (fam == FAMILY_IPV6 && addr6_is_link_local(&q.dst.in6))
		q.oif = d ? d->name : c->in;
	struct route_result r;
	if (route_lookup(c->net, &q, &r) < 0 || r.type != RT_UNICAST)
		return false; /* errors, and "should not see RTN_LOCAL here" */
	if (d && strcmp(r.oif, d->name))
		return false; /* fib_info_nh_uses_dev */
	snprintf(out, IFNAME_MAX, "%s", r.oif);
	return true;
}

bool nft_fib_read(const struct nft_ctx *c, const struct nft_expr *e, bool present, struct nval *v)
{
	enum fib_result res;
	unsigned f = fib_flags(e->text, &res);
	int fam = pkt_family(c->p);
	if (!pkt_l3_ok(c->p))
		return false;
	*v = (struct nval){0};
	if (res == FR_TYPE) {
		union inet_addr a = f & F_DADDR ? pkt_dst(c->p) : pkt_src(c->p);
		v->n = addr_type(c, f, fam, &a);
		return true;
	}
	char dev[IFNAME_MAX];
	bool found = oif_result(c, f, fam, dev);
	if (present) {
		v->n = found;
		return true;
	}
	if (!found && res == FR_OIF)
		return true; /* 0: no interface, which no name equals */
	v->is_str = true;
	if (!found)
		dev[0] = '\0';
	snprintf(v->s, sizeof(v->s), "%s", dev);
	return true;
}
