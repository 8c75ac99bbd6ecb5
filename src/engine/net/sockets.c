/* sockets.c - the local process' sockets: the listening or bound ones a
 * scenario declares ("tcp 22", "udp 10.0.0.1:53") and the connections
 * they hold between packets. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/cmdwords.h"
#include "engine/net/sockconn.h"

void sockets_init(struct socket_table *t)
{
	memset(t, 0, sizeof(*t));
	t->mem = xcalloc(1, sizeof(*t->mem));
}

void sockets_free(struct socket_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	if (t->mem)
		free(t->mem->v);
	free(t->mem);
	memset(t, 0, sizeof(*t));
}

/* ---- "PROTO [ADDR:]PORT" ---- */

static int parse_proto(const char *w, int col, uint8_t *proto, struct nf_error *err)
{
	int p = proto_by_name(w);
	if (p != PROTO_TCP && p != PROTO_UDP)
		return nf_err(err, col, "\"%s\" is not a socket protocol (tcp or udp)", w);
	*proto = (uint8_t)p;
	return 0;
}

static int parse_port(const char *w, int col, uint16_t *port, struct nf_error *err)
{
	uint64_t v;
	if (!parse_uint(w, 65535, &v) || v == 0 || !(w[0] >= '0' && w[0] <= '9'))
		return nf_err(err, col, "\"%s\" is not a port (1..65535)", w);
	*port = (uint16_t)v;
	return 0;
}

/* "[ADDR6]:PORT" (as ss prints it): an IPv6 socket. */
static int parse_endpoint6(const char *w, int col, struct sock *s, struct nf_error *err)
{
	const char *close = strchr(w, ']');
	char a[INET_STRLEN];
	size_t alen = close ? (size_t)(close - w - 1) : 0;
	if (!close || close[1] != ':' || alen >= sizeof(a))
		return nf_err(err, col, "\"%s\" is not [ADDR]:PORT (like [::]:22)", w);
	memcpy(a, w + 1, alen);
	a[alen] = '\0';
	int f = FAMILY_IPV6;
	if (!inet_parse(a, &f, &s->addr))
		return nf_err(err, col + 1, "\"%s\" is not an IPv6 address", a);
	s->family = FAMILY_IPV6;
	return parse_port(close + 2, col + (int)alen + 3, &s->port, err);
}

/* "22", "*:22", "0.0.0.0:22", "10.0.0.1:22", "[::]:22". */
static int parse_endpoint(const char *w, int col, struct sock *s, struct nf_error *err)
{
	const char *colon = strrchr(w, ':');
	memset(&s->addr, 0, sizeof(s->addr));
	s->family = FAMILY_IPV4;
	if (w[0] == '[')
		return parse_endpoint6(w, col, s, err);
	if (!colon)
		return parse_port(w, col, &s->port, err);
	char a[ADDR_STRLEN];
	size_t alen = (size_t)(colon - w);
	if (alen >= sizeof(a))
		return nf_err(err, col, "\"%.*s\" is not an address (a.b.c.d, [ADDR6] or *)",
			      (int)alen, w);
	memcpy(a, w, alen);
	a[alen] = '\0';
	if (strcmp(a, "*") != 0 && !addr_parse(a, &s->addr.ip))
		return nf_err(err, col, "\"%s\" is not an address (a.b.c.d, [ADDR6] or *)", a);
	return parse_port(colon + 1, col + (int)alen + 1, &s->port, err);
}

static void sock_text(struct sock *s)
{
	char a[INET_STRLEN + 8], buf[120];
	int len = snprintf(buf, sizeof(buf), "%s %s", proto_name(s->proto),
			   inet_fmt_port(s->family, &s->addr, s->port, a, sizeof(a)));
	if (s->v6only)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " v6only");
	if (s->uid || s->gid)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, " uid %u gid %u", s->uid, s->gid);
	s->text = xstrdup(buf);
}

/* The IPv4 addresses a dual-stack IPv6 socket takes: all for ::, one
 * for ::ffff:a.b.c.d (*v4 set), none otherwise (false). */
static bool takes_ipv4(const struct sock *s, bool *any, uint32_t *v4)
{
	if (s->family != FAMILY_IPV6 || s->v6only)
		return false;
	*any = inet_is_zero(&s->addr);
	if (!*any && !addr6_is_v4mapped(&s->addr.in6))
		return false;
	const uint8_t *b = s->addr.in6.b;
	*v4 = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
	return true;
}

/* inet_csk_bind_conflict: two sockets overlap when of one family with
 * equal addresses or either a wildcard, or when a dual-stack IPv6 one
 * takes the IPv4 one's address (inet_bind_conflict's ipv6_only check). */
static bool overlaps(const struct sock *a, const struct sock *b)
{
	if (a->family == b->family)
		return inet_eq(&a->addr, &b->addr) || inet_is_zero(&a->addr) ||
		       inet_is_zero(&b->addr);
	const struct sock *v6 = a->family == FAMILY_IPV6 ? a : b, *v4 = v6 == a ? b : a;
	bool any;
	uint32_t m;
	if (!takes_ipv4(v6, &any, &m))
		return false;
	return any || !v4->addr.ip || m == v4->addr.ip;
}

/* bind(2): the same port with overlapping addresses is taken. */
static const struct sock *clash(const struct socket_table *t, const struct sock *s)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct sock *o = &t->v[i];
		if (o->proto == s->proto && o->port == s->port && overlaps(o, s))
			return o;
	}
	return NULL;
}

/* The words after the endpoint: uid N, gid N, classid N, mark N,
 * cgroup /PATH, transparent. */
static int sock_option(const struct cmdwords *cw, size_t *i, struct sock *s, struct nf_error *err)
{
	static const struct {
		const char *word;
		size_t off;
	} numbers[] = {
		{"uid", offsetof(struct sock, uid)},
		{"gid", offsetof(struct sock, gid)},
		{"classid", offsetof(struct sock, classid)},
		{"mark", offsetof(struct sock, mark)},
	};
	const char *w = cw->w[*i];
	if (strcmp(w, "transparent") == 0) {
		s->transparent = true;
		return 0;
	}
	if (strcmp(w, "v6only") == 0) {
		if (s->family != FAMILY_IPV6)
			return nf_err(err, cw->col[*i], "`v6only` is for an IPv6 socket ([ADDR]:PORT)");
		s->v6only = true;
		return 0;
	}
	const char *arg = *i + 1 < cw->n ? cw->w[*i + 1] : NULL;
	int arg_col = *i + 1 < cw->n ? cw->col[*i + 1] : cw->end_col;
	if (strcmp(w, "cgroup") == 0) {
		if (!arg || arg[0] != '/' || strlen(arg) >= sizeof(s->cgroup))
			return nf_err(err, arg_col, "`cgroup` needs an absolute path (/a/b, shorter than %d)",
				      SOCK_CGROUP_MAX);
		str_copy(s->cgroup, sizeof(s->cgroup), arg);
		(*i)++;
		return 0;
	}
	for (size_t k = 0; k < ARRAY_SIZE(numbers); k++) {
		if (strcmp(w, numbers[k].word) != 0)
			continue;
		uint64_t v;
		if (!arg || !parse_uint(arg, UINT32_MAX - 1, &v))
			return nf_err(err, arg_col, "`%s` needs a number", w);
		*(uint32_t *)((char *)s + numbers[k].off) = (uint32_t)v;
		(*i)++;
		return 0;
	}
	return nf_err(err, cw->col[*i],
		      "unexpected \"%s\" after the socket (uid N, gid N, classid N, cgroup /PATH, "
		      "mark N, transparent, v6only)",
		      w);
}

static int parse_sock(const struct cmdwords *cw, struct sock *s, struct nf_error *err)
{
	if (cw->n == 0)
		return nf_err(err, 0,
			      "missing the protocol (like \"tcp 22\" or \"udp 10.0.0.1:53\")");
	if (parse_proto(cw->w[0], cw->col[0], &s->proto, err) != 0)
		return -1;
	if (cw->n < 2)
		return nf_err(err, cw->end_col,
			      "missing the port (like \"tcp 22\" or \"udp 10.0.0.1:53\")");
	if (parse_endpoint(cw->w[1], cw->col[1], s, err) != 0)
		return -1;
	for (size_t i = 2; i < cw->n; i++) {
		if (sock_option(cw, &i, s, err))
			return -1;
	}
	if (!s->cgroup[0])
		str_copy(s->cgroup, sizeof(s->cgroup), "/");
	return 0;
}

int sockets_add(struct socket_table *t, const char *text, struct nf_error *err)
{
	struct cmdwords cw;
	int col = 0;
	if (cmdwords_split(&cw, text, &col) != 0)
		return nf_err(err, col, "too many words");
	struct sock s = {0};
	int rc = parse_sock(&cw, &s, err);
	cmdwords_free(&cw);
	if (rc != 0)
		return -1;
	sock_text(&s);
	const struct sock *o = clash(t, &s);
	if (o) {
		nf_err(err, 0, "%s conflicts with %s (bind: Address already in use)", s.text,
		       o->text);
		free(s.text);
		return -1;
	}
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n++] = s;
	return 0;
}

/* How well s takes a packet of family to addr: 0 not at all, 1 a
 * dual-stack wildcard, 2 a wildcard of the family, 3 the address itself
 * (compute_score's order). */
static int sock_score(const struct sock *s, int family, const union inet_addr *addr)
{
	if (s->family == family)
		return inet_is_zero(&s->addr) ? 2 : inet_eq(&s->addr, addr) ? 3 : 0;
	bool any;
	uint32_t m;
	if (family != FAMILY_IPV4 || !takes_ipv4(s, &any, &m))
		return 0;
	return any ? 1 : m == addr->ip ? 3 : 0;
}

const struct sock *sockets_lookup(const struct socket_table *t, int family, uint8_t proto,
				  const union inet_addr *addr, uint16_t port)
{
	const struct sock *best = NULL;
	int best_score = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct sock *s = &t->v[i];
		if (s->proto != proto || s->port != port)
			continue;
		int score = sock_score(s, family, addr);
		if (score > best_score) {
			best = s;
			best_score = score;
		}
	}
	return best;
}

bool sockets_xt_lookup(const struct socket_table *t, uint8_t proto, uint32_t laddr,
		       uint16_t lport, uint32_t raddr, uint16_t rport, struct sock_found *f)
{
	union inet_addr l = inet_v4(laddr), r = inet_v4(raddr);
	return sockets_xt_lookup_inet(t, FAMILY_IPV4, proto, &l, lport, &r, rport, f);
}

bool sockets_xt_lookup_inet(const struct socket_table *t, int family, uint8_t proto,
			    const union inet_addr *laddr, uint16_t lport,
			    const union inet_addr *raddr, uint16_t rport, struct sock_found *f)
{
	if (!t)
		return false;
	const struct sock_conn *c = conn_find(t->mem, family, proto, laddr, lport, raddr, rport);
	*f = (struct sock_found){.s = sockets_lookup(t, family, proto, laddr, lport), .full = true};
	if (c) {
		/* a connection's socket has its local address even when its
		 * listener was bound to 0.0.0.0: never a wildcard */
		f->state = conn_state_name(c->state);
		f->full = c->state != CONN_SYN_RECV;
		if (c->state != CONN_SYN_RECV && c->state != CONN_ESTABLISHED)
			f->s = NULL; /* opened from here: no listener behind it */
		return true;
	}
	if (!f->s)
		return false;
	f->state = proto == PROTO_TCP ? "LISTEN" : "bound";
	f->wildcard = inet_is_zero(&f->s->addr);
	return true;
}

bool sockets_early_demux(const struct socket_table *t, const struct packet *p, uint32_t *classid,
			 const char **cgroup)
{
	if (!t || !pkt_has_ports(p))
		return false;
	const struct sock_conn *c = conn_of_packet(t->mem, p);
	if (!c || c->state == CONN_SYN_RECV)
		return false;
	*classid = c->classid;
	*cgroup = c->cgroup;
	return true;
}

/* ---- connections ---- */

const char *conn_state_name(enum conn_state s)
{
	static const char *const names[] = {
#define X(id, name) [id] = name,
		CONN_STATE_LIST(X)
#undef X
	};
	return (size_t)s < ARRAY_SIZE(names) ? names[s] : "?";
}

struct sock_conn *conn_find(struct sock_memory *m, int family, uint8_t proto,
			    const union inet_addr *laddr, uint16_t lport, const union inet_addr *raddr,
			    uint16_t rport)
{
	for (size_t i = 0; m && i < m->n; i++) {
		struct sock_conn *c = &m->v[i];
		if (c->proto == proto && c->family == family && c->lport == lport &&
		    c->rport == rport && inet_eq(&c->laddr, laddr) && inet_eq(&c->raddr, raddr))
			return c;
	}
	return NULL;
}

struct sock_conn *conn_of_packet(struct sock_memory *m, const struct packet *p)
{
	union inet_addr l = pkt_dst(p), r = pkt_src(p);
	return conn_find(m, pkt_family(p), pkt_proto(p), &l, pkt_dport(p), &r, pkt_sport(p));
}

struct sock_conn *conn_remember(struct sock_memory *m, const struct sock_conn *c)
{
	struct sock_conn *known =
		conn_find(m, c->family, c->proto, &c->laddr, c->lport, &c->raddr, c->rport);
	if (known) {
		known->state = c->state;
		return known;
	}
	if (m->n == SOCK_CONN_MAX) {
		memmove(&m->v[0], &m->v[1], (m->n - 1) * sizeof(*m->v));
		m->n--;
	}
	m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	m->v[m->n] = *c;
	return &m->v[m->n++];
}

void conn_forget(struct sock_memory *m, struct sock_conn *c)
{
	size_t i = (size_t)(c - m->v);
	if (i >= m->n)
		return;
	memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
	m->n--;
}
