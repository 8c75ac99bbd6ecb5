/* ct_helper_ftp.c - the ftp helper, after nf_conntrack_ftp.c.
 *
 * The client's PORT and EPRT commands and the server's 227 (PASV) and
 * 229 (EPSV) replies name where the data connection will go.  The helper
 * reads only a segment that starts a line (its sequence number is one
 * remembered just after a "\n" in that direction: the first segment each
 * way is never read), only once both ways have been seen (ESTABLISHED),
 * and only a command at the very start of the segment.  A command whose
 * numbers do not end where they must is a "partial match": the packet is
 * dropped.  An address other than the sender's own is not recorded
 * (the module's loose=0).  The expectation: from the other end, any
 * source port, to the address and port named, for 300 s, one at a time
 * per control connection (ftp_exp_policy). */
#include "engine/track/ct_helper.h"
#include "engine/track/nat_ftp.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

#define FTP_EXPECT_TIMEOUT 300
#define FTP_MAX_EXPECTED 1

struct ftp_cmd {
	union inet_addr addr; /* IPv4 in .ip, host order */
	int family;           /* the address's (PORT and 227 name IPv4 only) */
	uint16_t port;
};

typedef size_t (*getnum_fn)(const char *d, size_t dlen, struct ftp_cmd *cmd, char term,
			    size_t *off);

/* try_number: `n` numbers separated by sep, ended by term (or by
 * anything when term is 0); the length read, 0 when they do not fit. */
static size_t try_number(const char *d, size_t dlen, uint32_t *v, int n, char sep, char term)
{
	memset(v, 0, sizeof(*v) * (size_t)n);
	int i = 0;
	for (size_t len = 0; len < dlen && i < n; len++) {
		char c = d[len];
		if (c >= '0' && c <= '9')
			v[i] = v[i] * 10 + (uint32_t)(c - '0');
		else if (c == sep)
			i++;
		else
			return (c == term || !term) && i == n - 1 ? len : 0;
	}
	return 0;
}

/* "192,168,1,1,5,6" */
static size_t try_rfc959(const char *d, size_t dlen, struct ftp_cmd *cmd, char term, size_t *off)
{
	(void)off;
	uint32_t v[6];
	size_t len = try_number(d, dlen, v, 6, ',', term);
	if (!len)
		return 0;
	cmd->addr = inet_v4(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]);
	cmd->family = FAMILY_IPV4;
	cmd->port = (uint16_t)(v[4] << 8 | v[5]);
	return len;
}

/* RFC 1123: a 227 reply's numbers start at its first digit. */
static size_t try_rfc1123(const char *d, size_t dlen, struct ftp_cmd *cmd, char term, size_t *off)
{
	(void)term;
	size_t i = 0;
	while (i < dlen && !isdigit((unsigned char)d[i]))
		i++;
	if (i == dlen)
		return 0;
	*off += i;
	return try_rfc959(d + i, dlen - i, cmd, 0, off);
}

/* A port up to the delimiter; the offset past it, 0 when none. */
static size_t get_port(const char *d, size_t start, size_t dlen, char delim, uint16_t *port)
{
	uint16_t p = 0;
	for (size_t i = start; i < dlen; i++) {
		if (d[i] == delim) {
			if (!p)
				return 0;
			*port = p;
			return i + 1;
		}
		if (d[i] < '0' || d[i] > '9')
			return 0;
		p = (uint16_t)(p * 10 + (d[i] - '0'));
	}
	return 0;
}

static bool good_delim(char c)
{
	return !isdigit((unsigned char)c) && c >= 33 && c <= 126;
}

/* get_ipv6_addr: an IPv6 address up to the delimiter; its length, 0
 * when it does not read. */
static size_t try_ipv6(const char *d, size_t dlen, char delim, union inet_addr *a)
{
	char buf[INET_STRLEN];
	size_t len = 0;
	while (len < dlen && d[len] != delim)
		len++;
	if (len == dlen || len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, d, len);
	buf[len] = '\0';
	int family = FAMILY_IPV6;
	return inet_parse(buf, &family, a) ? len : 0;
}

/* "|1|132.235.1.2|6275|" or "|2|2001:db8::1|6275|": the protocol number
 * must be the connection's family (cmd->family on entry). */
static size_t try_eprt(const char *d, size_t dlen, struct ftp_cmd *cmd, char term, size_t *off)
{
	(void)term;
	(void)off;
	if (dlen <= 3 || !good_delim(d[0]) || d[2] != d[0])
		return 0;
	if (d[1] != (cmd->family == FAMILY_IPV6 ? '2' : '1'))
		return 0;
	size_t len;
	if (d[1] == '2') {
		len = try_ipv6(d + 3, dlen - 3, d[0], &cmd->addr);
	} else {
		uint32_t v[4];
		len = try_number(d + 3, dlen - 3, v, 4, '.', d[0]);
		if (len) {
			cmd->addr = inet_v4(v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3]);
			cmd->family = FAMILY_IPV4;
		}
	}
	if (!len)
		return 0;
	return get_port(d, 3 + len + 1, dlen, d[0], &cmd->port);
}

/* "|||6446|": the port only; the address stays the sender's. */
static size_t try_epsv(const char *d, size_t dlen, struct ftp_cmd *cmd, char term, size_t *off)
{
	(void)term;
	(void)off;
	if (dlen <= 3 || !good_delim(d[0]) || d[1] != d[0] || d[2] != d[0])
		return 0;
	return get_port(d, 3, dlen, d[0], &cmd->port);
}

struct ftp_search {
	const char *pattern;
	char skip, term;
	enum ftp_cmd_type type;
	const char *says; /* for people */
	getnum_fn getnum;
};

/* search[] of nf_conntrack_ftp.c, by direction. */
static const struct ftp_search ftp_search[2][2] = {
	[CT_DIR_ORIGINAL] = {{"PORT", ' ', '\r', FTP_CMD_PORT, "the client's PORT command", try_rfc959},
			     {"EPRT", ' ', '\r', FTP_CMD_EPRT, "the client's EPRT command", try_eprt}},
	[CT_DIR_REPLY] = {{"227 ", 0, 0, FTP_CMD_PASV, "the server's 227 reply (PASV)", try_rfc1123},
			  {"229 ", '(', ')', FTP_CMD_EPSV, "the server's 229 reply (EPSV)", try_epsv}},
};

enum { FOUND_NONE = 0, FOUND = 1, FOUND_PARTIAL = -1 };

/* find_pattern: the pattern at the start of the data (any case), then
 * past the skip character, the numbers (at *off, *len bytes). */
static int find_pattern(const char *d, size_t dlen, const struct ftp_search *s,
			struct ftp_cmd *cmd, size_t *off, size_t *len)
{
	size_t plen = strlen(s->pattern);
	if (dlen <= plen)
		return strncasecmp(d, s->pattern, dlen) == 0 ? FOUND_PARTIAL : FOUND_NONE;
	if (strncasecmp(d, s->pattern, plen) != 0)
		return FOUND_NONE;
	size_t i = plen;
	if (s->skip) {
		for (; d[i] != s->skip; i++)
			if (i == dlen - 1)
				return FOUND_PARTIAL;
		i++;
	}
	*off = i;
	*len = s->getnum(d + i, dlen - i, cmd, s->term, off);
	return *len ? FOUND : FOUND_PARTIAL;
}

static bool after_nl(const struct ct_help *h, int dir, uint32_t seq)
{
	for (unsigned i = 0; i < h->seq_aft_nl_num[dir]; i++)
		if (h->seq_aft_nl[dir][i] == seq)
			return true;
	return false;
}

/* update_nl_seq: remember two, replacing the older by a newer one. */
static void remember_nl(struct ct_help *h, int dir, uint32_t seq)
{
	for (unsigned i = 0; i < h->seq_aft_nl_num[dir]; i++)
		if (h->seq_aft_nl[dir][i] == seq)
			return;
	if (h->seq_aft_nl_num[dir] < 2) {
		h->seq_aft_nl[dir][h->seq_aft_nl_num[dir]++] = seq;
		return;
	}
	uint32_t *v = h->seq_aft_nl[dir];
	int oldest = (int32_t)(v[0] - v[1]) < 0 ? 0 : 1;
	if ((int32_t)(seq - v[oldest]) > 0)
		v[oldest] = seq;
}

/* The expectation the command asks for; false (with why) when the
 * helper does not record it. */
static bool expect_from(const struct ct_entry *e, int dir, const struct ftp_cmd *cmd,
			const struct ftp_search *s, struct ct_expect *x, struct strbuf *why)
{
	const struct ct_tuple *mine = &e->tuple[dir], *theirs = &e->tuple[!dir];
	char a[INET_STRLEN], b[INET_STRLEN];
	/* help(): only an address of the connection's own family is
	 * compared (a PORT on an IPv6 connection expects its own address) */
	if (cmd->family == mine->family && !inet_eq(&cmd->addr, &mine->src)) {
		sb_addf(why, "ftp helper: %s names %s, not the sender %s: not recorded (loose=0)",
			s->says, inet_fmt(cmd->family, &cmd->addr, a), inet_fmt(mine->family, &mine->src, b));
		return false;
	}
	*x = (struct ct_expect){
		.tuple = {.family = mine->family, .proto = PROTO_TCP, .src = theirs->src,
			  .dst = theirs->dst, .dport = cmd->port},
		.master = (struct ct_entry *)e,
		.timeout = FTP_EXPECT_TIMEOUT,
	};
	str_copy(x->helper, sizeof(x->helper), "ftp");
	return true;
}

/* nf_ct_expect_related, or nf_nat_ftp when the master is NATed. */
static void add_expectation(struct conntrack *ct, struct packet *p, const struct ftp_search *s,
			    size_t off, size_t len, struct ct_expect *x, struct ct_help_result *r,
			    struct strbuf *why)
{
	const struct ct_entry *e = x->master;
	bool nat = (e->status & (CTS_SRC_NAT | CTS_DST_NAT)) != 0;
	if (nat) {
		struct nat_ftp_result nr;
		nat_ftp(ct, p, s->type, off, len, x, &nr);
		r->exp = nr.exp;
		r->drop = nr.drop;
		if (strcmp(nr.old_val, nr.new_val) != 0) {
			str_copy(r->old_val, sizeof(r->old_val), nr.old_val);
			str_copy(r->new_val, sizeof(r->new_val), nr.new_val);
		}
	} else {
		r->exp = ct_expect_add(ct, x, FTP_MAX_EXPECTED, p->t);
		r->drop = !r->exp;
	}
	char a[INET_STRLEN], b[INET_STRLEN];
	int f = x->tuple.family;
	if (r->exp) {
		const struct ct_tuple *t = &r->exp->tuple;
		sb_addf(why, "ftp helper: %s; expectation %u: tcp %s:any -> %s:%u, RELATED to entry %u "
			     "(for %u s)",
			s->says, r->exp->id, inet_fmt(f, &t->src, a), inet_fmt(f, &t->dst, b), t->dport, e->id,
			r->exp->timeout);
		if (nat)
			sb_addf(why, "; nf_nat_ftp: entry %u is NATed, the command says %s and its data "
				     "connection will be NATed like it",
				e->id, r->new_val[0] ? r->new_val : "the same");
	} else if (nat) {
		sb_addf(why, "ftp helper: %s; nf_nat_ftp: no free port for the expectation, or the "
			     "payload cannot be changed: the packet is dropped",
			s->says);
	} else {
		sb_addf(why, "ftp helper: %s, but another connection expects tcp %s:any -> %s:%u: "
			     "cannot add expectation, the packet is dropped",
			s->says, inet_fmt(f, &x->tuple.src, a), inet_fmt(f, &x->tuple.dst, b), x->tuple.dport);
	}
}

static void ftp_help(struct conntrack *ct, struct packet *p, struct ct_help_result *r,
		     struct strbuf *why)
{
	struct ct_entry *e = p->ct;
	int dir = ct_packet_dir(p);
	/* "Until there's been traffic both ways, don't look in packets." */
	if (p->ctinfo != CTINFO_ESTABLISHED && p->ctinfo != CTINFO_ESTABLISHED_REPLY)
		return;
	size_t hdr = pkt_tcp_hdr_len(p), dlen = pkt_payload_len(p);
	const uint8_t *l4 = dlen ? pkt_l4(p, hdr + dlen) : NULL;
	if (!l4)
		return;
	const char *d = (const char *)l4 + hdr;
	bool ends_in_nl = d[dlen - 1] == '\n';
	uint32_t seq = pkt_tcp_seq(p);
	r->read = true;
	if (!after_nl(ct_help(e), dir, seq)) {
		sb_addf(why, "ftp helper: seq %u does not start a line it knows in this direction: not read",
			seq);
	} else {
		struct ftp_cmd cmd = {.addr = e->tuple[dir].src, .family = ct_family(e)};
		const struct ftp_search *s = NULL;
		int found = FOUND_NONE;
		size_t off = 0, len = 0;
		for (size_t i = 0; i < 2 && found == FOUND_NONE; i++) {
			s = &ftp_search[dir][i];
			found = find_pattern(d, dlen, s, &cmd, &off, &len);
		}
		if (found == FOUND_PARTIAL) {
			r->drop = true;
			sb_addf(why, "ftp helper: partial matching of `%s': the packet is dropped",
				s->pattern);
			return; /* the kernel's goto out: no line end remembered */
		}
		struct ct_expect x;
		if (found == FOUND && expect_from(e, dir, &cmd, s, &x, why))
			add_expectation(ct, p, s, off, len, &x, r, why);
	}
	if (ends_in_nl)
		remember_nl(ct_help(e), dir, seq + (uint32_t)dlen);
}

bool ct_helper_runs(const char *name)
{
	return name && strcmp(name, "ftp") == 0;
}

void ct_helper_run(struct conntrack *ct, struct packet *p, struct ct_help_result *r)
{
	*r = (struct ct_help_result){0};
	struct ct_entry *e = p->ct;
	if (!e || !ct_help(e) || pkt_proto(p) != PROTO_TCP)
		return;
	/* nf_confirm: "helper->help() do not expect ICMP packets" */
	if (p->ctinfo == CTINFO_RELATED_REPLY)
		return;
	struct strbuf why = STRBUF_INIT;
	if (ct_helper_runs(ct_help(e)->name))
		ftp_help(ct, p, r, &why);
	str_copy(r->why, sizeof(r->why), sb_str(&why));
	sb_free(&why);
}
