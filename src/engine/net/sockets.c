/* sockets.c - the local process' sockets: the listening or bound ones a
 * scenario declares ("tcp 22", "udp 10.0.0.1:53") and the connections
 * they hold between packets. */
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

/* "22", "*:22", "0.0.0.0:22", "10.0.0.1:22". */
static int parse_endpoint(const char *w, int col, uint32_t *addr, uint16_t *port,
			  struct nf_error *err)
{
	const char *colon = strrchr(w, ':');
	*addr = 0;
	if (!colon)
		return parse_port(w, col, port, err);
	char a[ADDR_STRLEN];
	size_t alen = (size_t)(colon - w);
	if (alen >= sizeof(a))
		return nf_err(err, col, "\"%.*s\" is not an address (a.b.c.d or *)", (int)alen, w);
	memcpy(a, w, alen);
	a[alen] = '\0';
	if (strcmp(a, "*") != 0 && !addr_parse(a, addr))
		return nf_err(err, col, "\"%s\" is not an address (a.b.c.d or *)", a);
	return parse_port(colon + 1, col + (int)alen + 1, port, err);
}

static void sock_text(struct sock *s)
{
	char a[ADDR_STRLEN], buf[80];
	int len = snprintf(buf, sizeof(buf), "%s %s:%u", proto_name(s->proto), addr_fmt(s->addr, a),
			   s->port);
	if (s->uid || s->gid)
		snprintf(buf + len, sizeof(buf) - (size_t)len, " uid %u gid %u", s->uid, s->gid);
	s->text = xstrdup(buf);
}

/* bind(2): the same port with overlapping addresses is taken. */
static const struct sock *clash(const struct socket_table *t, const struct sock *s)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct sock *o = &t->v[i];
		if (o->proto == s->proto && o->port == s->port &&
		    (o->addr == s->addr || !o->addr || !s->addr))
			return o;
	}
	return NULL;
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
	if (parse_endpoint(cw->w[1], cw->col[1], &s->addr, &s->port, err) != 0)
		return -1;
	for (size_t i = 2; i < cw->n; i += 2) {
		bool uid = strcmp(cw->w[i], "uid") == 0;
		if (!uid && strcmp(cw->w[i], "gid") != 0)
			return nf_err(err, cw->col[i], "unexpected \"%s\" after the socket (uid N, gid N)",
				      cw->w[i]);
		char *end;
		unsigned long v = i + 1 < cw->n ? strtoul(cw->w[i + 1], &end, 10) : 0;
		if (i + 1 >= cw->n || *end || end == cw->w[i + 1] || v >= UINT32_MAX)
			return nf_err(err, i + 1 < cw->n ? cw->col[i + 1] : cw->end_col,
				      "`%s` needs a number", cw->w[i]);
		*(uid ? &s->uid : &s->gid) = (uint32_t)v;
	}
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

const struct sock *sockets_lookup(const struct socket_table *t, uint8_t proto, uint32_t addr,
				  uint16_t port)
{
	const struct sock *wild = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct sock *s = &t->v[i];
		if (s->proto != proto || s->port != port)
			continue;
		if (s->addr == addr)
			return s;
		if (!s->addr)
			wild = s;
	}
	return wild;
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

struct sock_conn *conn_find(struct sock_memory *m, uint8_t proto, uint32_t laddr, uint16_t lport,
			    uint32_t raddr, uint16_t rport)
{
	for (size_t i = 0; m && i < m->n; i++) {
		struct sock_conn *c = &m->v[i];
		if (c->proto == proto && c->laddr == laddr && c->lport == lport &&
		    c->raddr == raddr && c->rport == rport)
			return c;
	}
	return NULL;
}

struct sock_conn *conn_remember(struct sock_memory *m, const struct sock_conn *c)
{
	struct sock_conn *known = conn_find(m, c->proto, c->laddr, c->lport, c->raddr, c->rport);
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
