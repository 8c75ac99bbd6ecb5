/* nat_ftp.c - nf_nat_ftp.c and nf_nat_follow_master (nf_nat_helper.c). */
#include "engine/track/nat_ftp.h"

#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "engine/track/nat.h"

/* The kernel gives up after this many ports (nf_nat_exp_find_port). */
#define FIND_PORT_ATTEMPTS 128

/* nf_nat_follow_master: the child's source becomes where the master's
 * packets go, its destination the master's other end at the port the
 * command named. */
static void follow_master(struct conntrack *ct, struct ct_entry *e, const struct ct_expect *x)
{
	const struct ct_tuple *t = &x->master->tuple[!x->dir];
	struct nat_range src = {.family = t->family, .min_addr = t->dst, .max_addr = t->dst,
				.has_addr = true};
	nat_setup(ct, e, NAT_MANIP_SRC, &src, NULL, 0);
	struct nat_range dst = {.family = t->family,
				.min_addr = t->src,
				.max_addr = t->src,
				.has_addr = true,
				.min_port = x->saved_port,
				.max_port = x->saved_port,
				.has_port = true};
	nat_setup(ct, e, NAT_MANIP_DST, &dst, NULL, 0);
}

/* nf_nat_ftp_fmt_cmd (PORT and 227 carry the IPv4 address's bytes) */
static void fmt_cmd(enum ftp_cmd_type type, int family, const union inet_addr *addr,
		    uint16_t port, char *buf, size_t n)
{
	char s[INET_STRLEN];
	uint32_t a = addr->ip;
	switch (type) {
	case FTP_CMD_PORT:
	case FTP_CMD_PASV:
		snprintf(buf, n, "%u,%u,%u,%u,%u,%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
			 a & 0xff, port >> 8, port & 0xff);
		return;
	case FTP_CMD_EPRT:
		snprintf(buf, n, "|%c|%s|%u|", family == FAMILY_IPV6 ? '2' : '1',
			 inet_fmt(family, addr, s), port);
		return;
	case FTP_CMD_EPSV:
		snprintf(buf, n, "|||%u|", port);
		return;
	}
	buf[0] = '\0';
}

/* nf_nat_exp_find_port: the same port if it is free, else another; the
 * kernel draws the others at random, nfwalk takes the next ones. */
static struct ct_expect *find_port(struct conntrack *ct, struct ct_expect *x, double now)
{
	uint32_t port = x->saved_port;
	for (int i = 0; i < FIND_PORT_ATTEMPTS && port <= 65535; i++, port++) {
		x->tuple.dport = (uint16_t)port;
		struct ct_expect *added = ct_expect_add(ct, x, 1, now);
		if (added)
			return added;
	}
	return NULL;
}

void nat_ftp(struct conntrack *ct, struct packet *p, enum ftp_cmd_type type, size_t matchoff,
	     size_t matchlen, struct ct_expect *x, struct nat_ftp_result *r)
{
	*r = (struct nat_ftp_result){0};
	const struct ct_entry *m = x->master;
	int dir = ct_packet_dir(p);
	/* the connection will come from wherever this packet goes: !dir */
	union inet_addr newaddr = m->tuple[!dir].dst;
	x->saved_port = x->tuple.dport;
	x->dir = (enum ct_dir)!dir;
	x->expectfn = follow_master;
	r->exp = find_port(ct, x, p->t);
	if (!r->exp) {
		r->drop = true;
		return;
	}
	char cmd[64];
	fmt_cmd(type, ct_family(m), &newaddr, r->exp->tuple.dport, cmd, sizeof(cmd));
	const uint8_t *l4 = pkt_l4(p, pkt_tcp_hdr_len(p) + matchoff + matchlen);
	if (!l4) {
		ct_expect_remove(ct, r->exp);
		r->exp = NULL;
		r->drop = true;
		return;
	}
	size_t shown = matchlen < sizeof(r->old_val) ? matchlen : sizeof(r->old_val) - 1;
	memcpy(r->old_val, l4 + pkt_tcp_hdr_len(p) + matchoff, shown);
	r->old_val[shown] = '\0';
	str_copy(r->new_val, sizeof(r->new_val), cmd);
	if (!pkt_splice_payload(p, matchoff, matchlen, (const uint8_t *)cmd, strlen(cmd))) {
		/* "cannot mangle packet": the expectation goes again */
		ct_expect_remove(ct, r->exp);
		r->exp = NULL;
		r->drop = true;
	}
}
