/* match_conntrack.c - -m conntrack (revision 3) and -m state, which
 * iptables implements as an alias of conntrack with only --state.  The
 * tests follow the kernel's conntrack_mt in order: the state (with SNAT /
 * DNAT from the entry's status), then, only when the packet has an entry,
 * direction, tuple addresses, protocol and ports, status and expiry.
 * Without an entry the match succeeds exactly when it tests the state. */
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum ct_flag {
	F_STATE = 1u << 0,
	F_PROTO = 1u << 1,
	F_ADDR0 = 1u << 2, /* origsrc, origdst, replsrc, repldst: F_ADDR0 << i */
	F_PORT0 = 1u << 6, /* the four ports: F_PORT0 << i */
	F_STATUS = 1u << 10,
	F_EXPIRES = 1u << 11,
	F_DIR = 1u << 12, /* inverted: REPLY */
};

/* In iptables-save's order. */
static const char *const state_names[] = {"INVALID",   "NEW",  "RELATED", "ESTABLISHED",
					  "UNTRACKED", "SNAT", "DNAT",	  NULL};
enum { ST_INVALID, ST_NEW, ST_RELATED, ST_ESTABLISHED, ST_UNTRACKED, ST_SNAT, ST_DNAT };

static const char *const status_names[] = {"EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED",
					   "NONE", NULL};
enum { SS_EXPECTED, SS_SEEN_REPLY, SS_ASSURED, SS_CONFIRMED, SS_NONE };

/* Which tuple field each address/port option reads. */
static const struct {
	const char *addr_opt, *port_opt;
	enum ct_dir dir;
	bool src;
} fields[4] = {
	{"ctorigsrc", "ctorigsrcport", CT_DIR_ORIGINAL, true},
	{"ctorigdst", "ctorigdstport", CT_DIR_ORIGINAL, false},
	{"ctreplsrc", "ctreplsrcport", CT_DIR_REPLY, true},
	{"ctrepldst", "ctrepldstport", CT_DIR_REPLY, false},
};

struct ct_match {
	unsigned flags, inv;
	unsigned states, statuses;
	uint8_t proto;
	union inet_addr addr[4], mask[4]; /* of the rule's family */
	uint16_t port[4][2];
	uint32_t expires[2];
};

enum {
	O_STATE, O_PROTO, O_ORIGSRC, O_ORIGDST, O_REPLSRC, O_REPLDST, O_ORIGSRCPORT,
	O_ORIGDSTPORT, O_REPLSRCPORT, O_REPLDSTPORT, O_STATUS, O_EXPIRE, O_DIR,
};

static const struct xt_option conntrack_opts[] = {
	[O_STATE] = {"ctstate", true, true, false},
	[O_PROTO] = {"ctproto", true, true, false},
	[O_ORIGSRC] = {"ctorigsrc", true, true, false},
	[O_ORIGDST] = {"ctorigdst", true, true, false},
	[O_REPLSRC] = {"ctreplsrc", true, true, false},
	[O_REPLDST] = {"ctrepldst", true, true, false},
	[O_ORIGSRCPORT] = {"ctorigsrcport", true, true, false},
	[O_ORIGDSTPORT] = {"ctorigdstport", true, true, false},
	[O_REPLSRCPORT] = {"ctreplsrcport", true, true, false},
	[O_REPLDSTPORT] = {"ctrepldstport", true, true, false},
	[O_STATUS] = {"ctstatus", true, true, false},
	[O_EXPIRE] = {"ctexpire", true, true, false},
	[O_DIR] = {"ctdir", true, false, false},
	{NULL, false, false, false},
};

static const struct xt_option state_opts[] = {
	{"state", true, true, false},
	{NULL, false, false, false},
};

static void set_flag(struct ct_match *in, unsigned flag, bool invert)
{
	in->flags |= flag;
	if (invert)
		in->inv |= flag;
}

static int parse_list(const char *arg, const char *opt, const char *const *names,
		      unsigned *bits, struct nf_error *err)
{
	size_t bad;
	if (!xt_parse_name_list(arg, names, bits, &bad))
		return nf_err(err, -1, "bad %s \"%s\"", opt, arg + bad);
	return 0;
}

/* "ADDR[/LEN]" of the family (an IPv4 mask may be dotted); the address
 * is masked, as iptables stores it. */
static bool parse_addr(int family, const char *arg, union inet_addr *addr, union inet_addr *mask)
{
	int plen;
	memset(addr, 0, sizeof(*addr));
	memset(mask, 0, sizeof(*mask));
	if (family != FAMILY_IPV6)
		return prefix_parse(arg, &addr->ip, &mask->ip, &plen);
	if (!inet_prefix_parse(arg, &family, addr, &plen))
		return false;
	for (int b = 0; b < plen; b++)
		mask->in6.b[b / 8] |= (uint8_t)(0x80u >> (b % 8));
	for (int k = 0; k < 4; k++)
		addr->all[k] &= mask->all[k];
	return true;
}

static int parse_field(struct ct_match *in, int family, int which, const char *arg, bool invert,
		       struct nf_error *err)
{
	int i = (which - O_ORIGSRC) % 4;
	if (which < O_ORIGSRCPORT) {
		if (!parse_addr(family, arg, &in->addr[i], &in->mask[i]))
			return nf_err(err, -1, "bad address \"%s\" for --%s", arg,
				      fields[i].addr_opt);
		set_flag(in, F_ADDR0 << i, invert);
		return 0;
	}
	if (!xt_parse_port_range(arg, &in->port[i][0], &in->port[i][1]))
		return nf_err(err, -1, "bad port or range \"%s\" for --%s", arg, fields[i].port_opt);
	set_flag(in, F_PORT0 << i, invert);
	return 0;
}

static int parse_dir(struct ct_match *in, const char *arg, struct nf_error *err)
{
	if (strcasecmp(arg, "ORIGINAL") == 0)
		set_flag(in, F_DIR, false);
	else if (strcasecmp(arg, "REPLY") == 0)
		set_flag(in, F_DIR, true);
	else
		return nf_err(err, -1, "bad --ctdir \"%s\" (ORIGINAL or REPLY)", arg);
	return 0;
}

static int conntrack_parse(struct match *m, const char *opt, const char *arg, bool invert,
			   struct nf_error *err)
{
	struct ct_match *in = m->data;
	int which = xt_option_index(conntrack_opts, opt + 2);
	switch (which) {
	case O_STATE:
		set_flag(in, F_STATE, invert);
		return parse_list(arg, opt, state_names, &in->states, err);
	case O_PROTO:
		if (!xt_proto_parse(arg, &in->proto))
			return nf_err(err, -1, "unknown protocol \"%s\"", arg);
		if (in->proto == 0)
			return nf_err(err, -1, "--ctproto %s would never match", arg);
		set_flag(in, F_PROTO, invert);
		return 0;
	case O_STATUS:
		set_flag(in, F_STATUS, invert);
		if (parse_list(arg, opt, status_names, &in->statuses, err) < 0)
			return -1;
		in->statuses &= ~(1u << SS_NONE);
		return 0;
	case O_EXPIRE:
		if (!xt_parse_range(arg, ':', UINT32_MAX, &in->expires[0], &in->expires[1]))
			return nf_err(err, -1, "bad --ctexpire \"%s\" (seconds or MIN:MAX)", arg);
		set_flag(in, F_EXPIRES, invert);
		return 0;
	case O_DIR:
		return parse_dir(in, arg, err);
	default:
		return parse_field(in, m->family, which, arg, invert, err);
	}
}

static int state_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct ct_match *in = m->data;
	set_flag(in, F_STATE, invert);
	/* -m state knows no SNAT/DNAT */
	static const char *const names[] = {"INVALID", "NEW", "RELATED", "ESTABLISHED",
					    "UNTRACKED", NULL};
	return parse_list(arg, opt, names, &in->states, err);
}

static int conntrack_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct ct_match *)m->data)->flags)
		return nf_err(err, -1, "-m %s needs an option", m->type->name);
	return 0;
}

static void print_opt(struct strbuf *sb, const struct ct_match *in, unsigned flag,
		      const char *name)
{
	xt_print_inv(sb, in->inv & flag);
	sb_addf(sb, " --%s ", name);
}

static void print_status(struct strbuf *sb, unsigned statuses)
{
	if (statuses)
		xt_print_name_list(sb, status_names, statuses);
	else
		sb_adds(sb, "NONE");
}

static void conntrack_print(const struct match *m, struct strbuf *sb)
{
	const struct ct_match *in = m->data;
	bool alias = m->type->options == state_opts;
	if (in->flags & F_STATE) {
		print_opt(sb, in, F_STATE, alias ? "state" : "ctstate");
		xt_print_name_list(sb, state_names, in->states);
	}
	if (in->flags & F_PROTO) {
		print_opt(sb, in, F_PROTO, "ctproto");
		sb_addf(sb, "%u", in->proto);
	}
	for (int i = 0; i < 4; i++)
		if (in->flags & (F_ADDR0 << i)) {
			print_opt(sb, in, F_ADDR0 << i, fields[i].addr_opt);
			xt_print_inet_mask(sb, m->family, &in->addr[i], &in->mask[i], false);
		}
	for (int i = 0; i < 4; i++)
		if (in->flags & (F_PORT0 << i)) {
			print_opt(sb, in, F_PORT0 << i, fields[i].port_opt);
			sb_addf(sb, "%u", in->port[i][0]);
			if (in->port[i][1] != in->port[i][0])
				sb_addf(sb, ":%u", in->port[i][1]);
		}
	if (in->flags & F_STATUS) {
		print_opt(sb, in, F_STATUS, "ctstatus");
		print_status(sb, in->statuses);
	}
	if (in->flags & F_EXPIRES) {
		print_opt(sb, in, F_EXPIRES, "ctexpire");
		sb_addf(sb, "%u", in->expires[0]);
		if (in->expires[1] != in->expires[0])
			sb_addf(sb, ":%u", in->expires[1]);
	}
	if (in->flags & F_DIR)
		sb_addf(sb, " --ctdir %s", in->inv & F_DIR ? "REPLY" : "ORIGINAL");
}

/* --- evaluation --- */

static bool is_reply(enum ct_info ci)
{
	return ci == CTINFO_ESTABLISHED_REPLY || ci == CTINFO_RELATED_REPLY;
}

/* The packet's state bit; ct is NULL for INVALID and UNTRACKED. */
static int state_of(const struct packet *p, const struct ct_entry **ct)
{
	*ct = NULL;
	if (p->notrack || p->ctinfo == CTINFO_UNTRACKED)
		return ST_UNTRACKED;
	if (!p->ct)
		return ST_INVALID;
	*ct = p->ct;
	switch (p->ctinfo) {
	case CTINFO_NEW:
		return ST_NEW;
	case CTINFO_RELATED:
	case CTINFO_RELATED_REPLY:
		return ST_RELATED;
	case CTINFO_ESTABLISHED:
	case CTINFO_ESTABLISHED_REPLY:
		return ST_ESTABLISHED;
	default:
		*ct = NULL;
		return ST_INVALID;
	}
}

static unsigned status_bits(const struct ct_entry *ct)
{
	return (ct_master(ct) ? 1u << SS_EXPECTED : 0) |
	       (ct->status & CTS_SEEN_REPLY ? 1u << SS_SEEN_REPLY : 0) |
	       (ct->status & CTS_ASSURED ? 1u << SS_ASSURED : 0) |
	       (ct->status & CTS_CONFIRMED ? 1u << SS_CONFIRMED : 0);
}

/* Seconds left on the entry.  Time does not pass in nfwalk, so this is
 * the timeout the packet's protocol handler just set (nf_conntrack's
 * defaults); an unconfirmed entry has no deadline yet and counts as 0. */
static uint32_t expires_of(const struct ct_entry *ct)
{
	static const uint32_t tcp_timeouts[] = {
		[CT_TCP_NONE] = 0,	     [CT_TCP_SYN_SENT] = 120, [CT_TCP_SYN_RECV] = 60,
		[CT_TCP_ESTABLISHED] = 432000, [CT_TCP_FIN_WAIT] = 120, [CT_TCP_CLOSE_WAIT] = 60,
		[CT_TCP_LAST_ACK] = 30,	     [CT_TCP_TIME_WAIT] = 120, [CT_TCP_CLOSE] = 10,
	};
	const uint32_t tcp_unack = 300;
	if (!(ct->status & CTS_CONFIRMED))
		return 0;
	switch (ct->tuple[CT_DIR_ORIGINAL].proto) {
	case PROTO_TCP: {
		uint32_t t = (size_t)ct->tcp_state < ARRAY_SIZE(tcp_timeouts)
				     ? tcp_timeouts[ct->tcp_state]
				     : 0;
		return !(ct->status & CTS_ASSURED) && t > tcp_unack ? tcp_unack : t;
	}
	case PROTO_UDP: /* a reply within 2 s does not yet extend it */
	case PROTO_ICMP:
		return 30;
	default:
		return 600;
	}
}

/* A tuple's address as a rule compares it. */
static union inet_addr tuple_addr(const struct ct_tuple *t, bool src)
{
	return src ? t->src : t->dst;
}

static bool tuple_tests(const struct ct_match *in, int family, const struct ct_entry *ct,
			char *why, size_t n)
{
	char a[INET_STRLEN];
	for (int i = 0; i < 4; i++) {
		union inet_addr addr = tuple_addr(&ct->tuple[fields[i].dir], fields[i].src);
		bool same = true;
		for (int k = 0; k < 4; k++)
			same &= (addr.all[k] & in->mask[i].all[k]) == in->addr[i].all[k];
		if ((in->flags & (F_ADDR0 << i)) && same == !!(in->inv & (F_ADDR0 << i))) {
			snprintf(why, n, "%s is %s", fields[i].addr_opt + 2, inet_fmt(family, &addr, a));
			return false;
		}
	}
	if ((in->flags & F_PROTO) &&
	    (ct->tuple[CT_DIR_ORIGINAL].proto == in->proto) == !!(in->inv & F_PROTO)) {
		snprintf(why, n, "connection protocol %u", ct->tuple[CT_DIR_ORIGINAL].proto);
		return false;
	}
	for (int i = 0; i < 4; i++) {
		const struct ct_tuple *t = &ct->tuple[fields[i].dir];
		uint16_t port = fields[i].src ? t->sport : t->dport;
		bool hit = port >= in->port[i][0] && port <= in->port[i][1];
		if ((in->flags & (F_PORT0 << i)) && hit == !!(in->inv & (F_PORT0 << i))) {
			snprintf(why, n, "%s is %u", fields[i].port_opt + 2, port);
			return false;
		}
	}
	return true;
}

static bool entry_tests(const struct ct_match *in, const struct packet *p,
			const struct ct_entry *ct, char *why, size_t n)
{
	if ((in->flags & F_DIR) && is_reply(p->ctinfo) != !!(in->inv & F_DIR)) {
		snprintf(why, n, "direction %s", is_reply(p->ctinfo) ? "REPLY" : "ORIGINAL");
		return false;
	}
	if (!tuple_tests(in, pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4, ct, why, n))
		return false;
	unsigned st = status_bits(ct);
	if ((in->flags & F_STATUS) && !!(in->statuses & st) == !!(in->inv & F_STATUS)) {
		struct strbuf sb = STRBUF_INIT;
		print_status(&sb, st);
		snprintf(why, n, "status %s", sb_str(&sb));
		sb_free(&sb);
		return false;
	}
	if (!(in->flags & F_EXPIRES))
		return true;
	uint32_t left = expires_of(ct);
	bool in_time = left >= in->expires[0] && left <= in->expires[1];
	if (in_time == !!(in->inv & F_EXPIRES)) {
		snprintf(why, n, "expires in %u s", left);
		return false;
	}
	return true;
}

/* "state NEW,SNAT" for a set of states, each set's words made once: a
 * trace asks at every -m conntrack rule, and packets bring only a few
 * sets (ST_DNAT is the highest bit) */
static struct piece state_words(unsigned bits)
{
	static struct piece memo[1u << (ST_DNAT + 1)];
	struct piece *w = &memo[bits & ((1u << (ST_DNAT + 1)) - 1)];
	if (!w->s) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "state ");
		xt_print_name_list(&sb, state_names, bits);
		w->n = sb.len;
		w->s = xstrdup(sb_str(&sb)); /* kept for the program's life */
		sb_free(&sb);
	}
	return *w;
}

static bool conntrack_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct ct_match *in = m->data;
	const struct ct_entry *ct;
	int state = state_of(ctx->p, &ct);
	unsigned bits = 1u << state;
	if (ct && (ct->status & CTS_SRC_NAT))
		bits |= 1u << ST_SNAT;
	if (ct && (ct->status & CTS_DST_NAT))
		bits |= 1u << ST_DNAT;
	if (n) { /* n 0: nobody reads why */
		struct piece said = state_words(bits);
		str_copy_n(why, n, said.s, said.n); /* cut as snprintf would */
	}
	if ((in->flags & F_STATE) && !!(in->states & bits) == !!(in->inv & F_STATE))
		return false;
	if (!ct)
		return in->flags & F_STATE;
	if (!(in->flags & ~F_STATE))
		return true; /* --ctstate alone, the usual rule: nothing else to test */
	return entry_tests(in, ctx->p, ct, why, n);
}

const struct match_type match_conntrack = {
	.name = "conntrack",
	.options = conntrack_opts,
	.data_size = sizeof(struct ct_match),
	.parse = conntrack_parse,
	.final_check = conntrack_check,
	.eval = conntrack_eval,
	.print = conntrack_print,
};

const struct match_type match_state = {
	.name = "state",
	.options = state_opts,
	.data_size = sizeof(struct ct_match),
	.parse = state_parse,
	.final_check = conntrack_check,
	.eval = conntrack_eval,
	.print = conntrack_print,
};
