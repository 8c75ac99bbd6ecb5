/* local.h - the local process: listening sockets that answer what is
 * delivered to this host (SYN -> SYN/ACK, closed TCP port -> RST, closed
 * UDP port -> ICMP port unreachable, echo request -> echo reply). */
#ifndef NFWALK_LOCAL_H
#define NFWALK_LOCAL_H

#include "engine/track/packet.h"
#include "lib/util.h"

#define SOCK_CGROUP_MAX 64

struct sock {
	uint8_t proto;   /* PROTO_TCP or PROTO_UDP */
	int family;      /* FAMILY_IPV4, or FAMILY_IPV6 (`[ADDR]:PORT`) */
	union inet_addr addr; /* zero: any address (0.0.0.0 or ::) */
	/* IPV6_V6ONLY (`v6only`).  Without it an IPv6 socket bound to ::
	 * (or to ::ffff:a.b.c.d) takes IPv4 too, as net.ipv6.bindv6only=0
	 * makes every IPv6 socket dual-stack by default. */
	bool v6only;
	uint16_t port;
	uint32_t uid, gid; /* the owning process's (-m owner); 0 unless `uid N gid N` */
	/* The process's control groups (-m cgroup): net_cls's classid
	 * (`classid N`) and the cgroup v2 path (`cgroup /PATH`, "/" when
	 * not given). */
	uint32_t classid;
	char cgroup[SOCK_CGROUP_MAX];
	bool transparent; /* IP_TRANSPARENT (`transparent`; -m socket --transparent) */
	uint32_t mark;    /* SO_MARK (`mark N`; -m socket --restore-skmark) */
	char *text;
};

struct sock_memory; /* connections the stack holds (sockconn.h) */

struct socket_table {
	struct sock *v;
	size_t n;
	/* What the sockets remember between packets: handshakes in
	 * progress, accepted and connect()ed connections, UDP sockets
	 * awaiting a reply.  Reached through a pointer so local_deliver can
	 * update it while the configuration stays const.  NULL (a table
	 * that was not sockets_init'ed) means every packet is judged alone. */
	struct sock_memory *mem;
	/* net.ipv4.icmp_echo_ignore_all: echo requests get no reply */
	bool echo_ignore_all;
};

void sockets_init(struct socket_table *t);
void sockets_free(struct socket_table *t);
/* "tcp 22", "tcp 10.0.0.1:80", "udp *:53", "udp 0.0.0.0:53", and IPv6
 * "tcp [::]:22", "tcp [2001:db8::1]:80 v6only"; text becomes "tcp
 * 0.0.0.0:22" or "tcp [::]:22" as ss prints it.  Two sockets on the same
 * port whose addresses overlap are refused (bind: Address already in
 * use): a dual-stack [::] overlaps every IPv4 address. */
int sockets_add(struct socket_table *t, const char *text, struct nf_error *err);
/* What -m socket finds for a packet from raddr:rport to laddr:lport
 * (nf_sk_lookup_slow_v4: an established connection first, then a
 * listener or bound socket). */
struct sock_found {
	const struct sock *s; /* the socket, or the listener a connection came
				 through; NULL for one this host opened */
	bool full;            /* not a SYN_RECV request socket */
	bool wildcard;        /* a listener bound to 0.0.0.0 */
	const char *state;    /* "ESTABLISHED", "LISTEN", ... for the trace */
};
/* False when no socket would take it. */
bool sockets_xt_lookup(const struct socket_table *t, uint8_t proto, uint32_t laddr,
		       uint16_t lport, uint32_t raddr, uint16_t rport, struct sock_found *f);
/* The same for either family (nf_sk_lookup_slow_v6 for IPv6). */
bool sockets_xt_lookup_inet(const struct socket_table *t, int family, uint8_t proto,
			    const union inet_addr *laddr, uint16_t lport,
			    const union inet_addr *raddr, uint16_t rport, struct sock_found *f);
/* Early demux (ip_rcv_finish, net.ipv4.tcp_early_demux and
 * udp_early_demux on by default): the full socket a packet arriving for
 * this host is already attached to before INPUT, an established (or
 * connecting) TCP connection or a connected UDP one; NULL for a
 * listener's packets (and a SYN_RECV request socket, not a full one).
 * Fills its control groups. */
bool sockets_early_demux(const struct socket_table *t, const struct packet *p, uint32_t *classid,
			 const char **cgroup);
/* The socket a packet of family to addr:port reaches; one bound to addr
 * itself beats a wildcard one, and for IPv4 an IPv4 wildcard beats a
 * dual-stack [::] (compute_score's PF_INET point). */
const struct sock *sockets_lookup(const struct socket_table *t, int family, uint8_t proto,
				  const union inet_addr *addr, uint16_t port);
/* What the stack does with a delivered packet: returns the answer (a new
 * locally generated packet, not yet routed) or NULL when the packet is
 * consumed silently.  why says what happened ("tcp 22 is listening:
 * SYN answered with SYN/ACK"). */
struct packet *local_deliver(const struct socket_table *t, const struct packet *p, char *why,
			     size_t n);
/* A locally generated packet left the host: remember the socket behind
 * it, so what comes back is taken as the kernel would (a connect()ed TCP
 * socket answers the SYN/ACK with an ACK; a UDP socket reads its reply
 * instead of the stack sending port unreachable).  Call it with the packet
 * as the socket sent it: source chosen, before any NAT. */
void local_sent(const struct socket_table *t, const struct packet *p);
/* Forget every remembered connection (a new run of the same scenario). */
void local_forget(const struct socket_table *t);

#endif
