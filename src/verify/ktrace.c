/* ktrace.c - reading nf_tables trace events from netlink.
 *
 * The kernel sends one NFT_MSG_TRACE message per traced step
 * (nf_tables_trace.c): a rule that matched (type RULE, with the verdict it
 * produced), the end of a user chain (RETURN) or of a base chain (POLICY).
 * The first message of each base chain also carries the packet's headers,
 * and since 6.5 its conntrack state.  Every number is big-endian. */
#define _GNU_SOURCE
#include "ktrace.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/addr6.h"
#include "lib/util.h"

/* Attributes newer than the uapi headers some systems ship (Linux 6.5). */
enum {
	KTRACE_ATTR_CT_ID = NFTA_TRACE_PAD + 1,
	KTRACE_ATTR_CT_DIRECTION,
	KTRACE_ATTR_CT_STATUS,
	KTRACE_ATTR_CT_STATE,
	KTRACE_ATTR_MAX = KTRACE_ATTR_CT_STATE,
};

/* The kernel may queue a burst (every step of a REJECT and its answer):
 * a large buffer keeps ENOBUFS away. */
#define KTRACE_RCVBUF (4 << 20)
#define PROTO_ICMP_NUMBER 1
#define PROTO_ICMPV6_NUMBER 58

double ktrace_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ktrace_open(struct ktrace *t, const struct netns *ns, struct nf_error *err)
{
	*t = (struct ktrace){.fd = -1};
	int fd = netns_socket(ns, AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK, NETLINK_NETFILTER);
	if (fd < 0)
		return nf_err(err, -1, "cannot open a netfilter netlink socket in %s: %s", ns->name,
			      strerror(errno));
	int size = KTRACE_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	int group = NFNLGRP_NFTRACE;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) != 0) {
		int saved = errno;
		close(fd);
		return nf_err(err, -1, "cannot subscribe to nf_tables trace events: %s",
			      strerror(saved));
	}
	t->fd = fd;
	return 0;
}

void ktrace_close(struct ktrace *t)
{
	if (t->fd >= 0)
		close(t->fd);
	free(t->v);
	*t = (struct ktrace){.fd = -1};
}

/* --- attribute reading, bounds-checked --- */

struct attr {
	uint16_t type;
	const uint8_t *data;
	size_t len;
};

/* Next attribute at *off in buf[0..len); false at the end or on junk. */
static bool next_attr(const uint8_t *buf, size_t len, size_t *off, struct attr *a)
{
	if (*off + NLA_HDRLEN > len)
		return false;
	struct nlattr h;
	memcpy(&h, buf + *off, sizeof(h));
	if (h.nla_len < NLA_HDRLEN || *off + h.nla_len > len)
		return false;
	a->type = h.nla_type & NLA_TYPE_MASK;
	a->data = buf + *off + NLA_HDRLEN;
	a->len = h.nla_len - NLA_HDRLEN;
	*off += NLA_ALIGN(h.nla_len);
	return true;
}

static uint32_t be32_of(const struct attr *a)
{
	if (a->len < 4)
		return 0;
	return (uint32_t)a->data[0] << 24 | (uint32_t)a->data[1] << 16 |
	       (uint32_t)a->data[2] << 8 | a->data[3];
}

static uint64_t be64_of(const struct attr *a)
{
	if (a->len < 8)
		return 0;
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | a->data[i];
	return v;
}

static void string_of(const struct attr *a, char *buf, size_t n)
{
	size_t len = strnlen((const char *)a->data, a->len);
	if (len >= n)
		len = n - 1;
	memcpy(buf, a->data, len);
	buf[len] = '\0';
}

static void bytes_of(const struct attr *a, uint8_t *buf, size_t cap, size_t *len)
{
	*len = a->len < cap ? a->len : cap;
	memcpy(buf, a->data, *len);
}

static void decode_verdict(const struct attr *nest, struct ktrace_ev *ev)
{
	size_t off = 0;
	struct attr a;
	while (next_attr(nest->data, nest->len, &off, &a)) {
		if (a.type == NFTA_VERDICT_CODE) {
			ev->verdict = (int32_t)be32_of(&a);
			ev->has_verdict = true;
		} else if (a.type == NFTA_VERDICT_CHAIN) {
			string_of(&a, ev->jump, sizeof(ev->jump));
		}
	}
}

static void decode_attr(const struct attr *a, struct ktrace_ev *ev)
{
	switch (a->type) {
	case NFTA_TRACE_TABLE:
		string_of(a, ev->table, sizeof(ev->table));
		break;
	case NFTA_TRACE_CHAIN:
		string_of(a, ev->chain, sizeof(ev->chain));
		break;
	case NFTA_TRACE_RULE_HANDLE:
		ev->handle = be64_of(a);
		ev->has_handle = true;
		break;
	case NFTA_TRACE_TYPE:
		ev->type = (enum ktrace_type)be32_of(a);
		break;
	case NFTA_TRACE_VERDICT:
		decode_verdict(a, ev);
		break;
	case NFTA_TRACE_ID:
		ev->id = be32_of(a);
		break;
	case NFTA_TRACE_NETWORK_HEADER:
		bytes_of(a, ev->net, sizeof(ev->net), &ev->net_len);
		break;
	case NFTA_TRACE_TRANSPORT_HEADER:
		bytes_of(a, ev->l4, sizeof(ev->l4), &ev->l4_len);
		break;
	case NFTA_TRACE_IIF:
		ev->iif = be32_of(a);
		break;
	case NFTA_TRACE_OIF:
		ev->oif = be32_of(a);
		break;
	case NFTA_TRACE_MARK:
		ev->mark = be32_of(a);
		break;
	case NFTA_TRACE_NFPROTO:
		ev->nfproto = be32_of(a);
		break;
	case NFTA_TRACE_POLICY:
		ev->policy = be32_of(a);
		ev->has_policy = true;
		break;
	case KTRACE_ATTR_CT_ID:
		ev->ct_id = be32_of(a);
		break;
	case KTRACE_ATTR_CT_DIRECTION:
		if (a->len >= 1) {
			ev->ct_dir = a->data[0];
			ev->has_ct_dir = true;
		}
		break;
	case KTRACE_ATTR_CT_STATUS:
		ev->ct_status = be32_of(a);
		break;
	case KTRACE_ATTR_CT_STATE:
		ev->ct_state = be32_of(a);
		ev->has_ct = true;
		break;
	default:
		break;
	}
}

bool ktrace_decode(const uint8_t *msg, size_t len, struct ktrace_ev *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (len < NLMSG_HDRLEN + sizeof(struct nfgenmsg))
		return false;
	struct nlmsghdr h;
	memcpy(&h, msg, sizeof(h));
	if (h.nlmsg_len > len || h.nlmsg_len < NLMSG_HDRLEN + sizeof(struct nfgenmsg))
		return false;
	if (h.nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_TRACE))
		return false;
	struct nfgenmsg g;
	memcpy(&g, msg + NLMSG_HDRLEN, sizeof(g));
	ev->table_family = g.nfgen_family;
	const uint8_t *attrs = msg + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
	size_t alen = h.nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(sizeof(struct nfgenmsg));
	size_t off = 0;
	struct attr a;
	while (next_attr(attrs, alen, &off, &a))
		decode_attr(&a, ev);
	return ev->type != KT_UNSPEC;
}

static void push(struct ktrace *t, const struct ktrace_ev *ev)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n] = *ev;
	t->v[t->n].seq = (unsigned)t->n;
	t->n++;
}

/* Every message of one datagram. */
static size_t take_datagram(struct ktrace *t, const uint8_t *buf, size_t len)
{
	size_t added = 0, off = 0;
	double now = ktrace_now();
	while (off + NLMSG_HDRLEN <= len) {
		struct nlmsghdr h;
		memcpy(&h, buf + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || off + h.nlmsg_len > len)
			break;
		struct ktrace_ev ev;
		if (ktrace_decode(buf + off, h.nlmsg_len, &ev)) {
			ev.when = now;
			push(t, &ev);
			added++;
		}
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	return added;
}

size_t ktrace_poll(struct ktrace *t, int wait_ms)
{
	size_t added = 0;
	static uint8_t buf[1 << 16];
	struct pollfd p = {.fd = t->fd, .events = POLLIN};
	if (poll(&p, 1, wait_ms) <= 0)
		return 0;
	for (;;) {
		ssize_t n = recv(t->fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS) {
				t->overrun = true;
				continue;
			}
			break;
		}
		added += take_datagram(t, buf, (size_t)n);
	}
	return added;
}

static const char *const type_names[] = {
	[KT_UNSPEC] = "?", [KT_POLICY] = "policy", [KT_RETURN] = "return", [KT_RULE] = "rule"};

void ktrace_format(const struct ktrace_ev *ev, char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *type = (size_t)ev->type < ARRAY_SIZE(type_names) ? type_names[ev->type] : "?";
	sb_addf(&sb, "%08x %s %s %s", ev->id, ev->table, ev->chain, type);
	if (ev->has_handle)
		sb_addf(&sb, " handle %llu", (unsigned long long)ev->handle);
	if (ev->type == KT_POLICY)
		sb_addf(&sb, " %s", ktrace_verdict_name((int32_t)ev->policy));
	else if (ev->has_verdict)
		sb_addf(&sb, " verdict %s%s%s", ktrace_verdict_name(ev->verdict),
			ev->jump[0] ? " " : "", ev->jump);
	if (ev->iif)
		sb_addf(&sb, " iif %u", ev->iif);
	if (ev->oif)
		sb_addf(&sb, " oif %u", ev->oif);
	sb_addf(&sb, " mark 0x%x", ev->mark);
	if (ev->has_ct)
		sb_addf(&sb, " ct state 0x%x dir %u id %u", ev->ct_state, ev->ct_dir, ev->ct_id);
	bool v6 = ev->net_len >= 40 && ev->net[0] >> 4 == 6;
	if (v6) {
		struct addr6 s, d;
		char st[ADDR6_STRLEN], dt[ADDR6_STRLEN];
		memcpy(s.b, ev->net + 8, 16);
		memcpy(d.b, ev->net + 24, 16);
		sb_addf(&sb, " ip6 %s -> %s nexthdr %u", addr6_fmt(&s, st), addr6_fmt(&d, dt),
			ev->net[6]);
	} else if (ev->net_len >= 20) {
		sb_addf(&sb, " ip %u.%u.%u.%u -> %u.%u.%u.%u proto %u", ev->net[12], ev->net[13],
			ev->net[14], ev->net[15], ev->net[16], ev->net[17], ev->net[18], ev->net[19],
			ev->net[9]);
	}
	if (v6 && ev->l4_len >= 2 && ev->net[6] == PROTO_ICMPV6_NUMBER)
		sb_addf(&sb, " icmp6 type %u code %u", ev->l4[0], ev->l4[1]);
	else if (ev->l4_len >= 4 && (v6 || ev->net_len < 20 || ev->net[9] != PROTO_ICMP_NUMBER))
		sb_addf(&sb, " ports %u -> %u", ev->l4[0] << 8 | ev->l4[1], ev->l4[2] << 8 | ev->l4[3]);
	str_copy(buf, n, sb_str(&sb));
	sb_free(&sb);
}

static const struct {
	int32_t code;
	const char *name;
} verdict_names[] = {
	{NF_DROP, "DROP"},       {NF_ACCEPT, "ACCEPT"},   {NF_STOLEN, "STOLEN"},
	{NF_QUEUE, "QUEUE"},     {NF_REPEAT, "REPEAT"},   {NF_STOP, "STOP"},
	{NFT_CONTINUE, "CONTINUE"}, {NFT_BREAK, "BREAK"}, {NFT_JUMP, "JUMP"},
	{NFT_GOTO, "GOTO"},      {NFT_RETURN, "RETURN"},
};

const char *ktrace_verdict_name(int32_t code)
{
	/* NF_QUEUE carries the queue number in its upper bits. */
	int32_t base = code >= 0 ? (code & NF_VERDICT_MASK) : code;
	for (size_t i = 0; i < ARRAY_SIZE(verdict_names); i++)
		if (verdict_names[i].code == base)
			return verdict_names[i].name;
	return "?";
}
