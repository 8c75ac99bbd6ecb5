/* sockconn.h - the connections local sockets hold between packets (the
 * state behind socket_table.mem).  Private to sockets.c and local.c. */
#ifndef NFWALK_SOCKCONN_H
#define NFWALK_SOCKCONN_H

#include "engine/net/local.h"

/* TCP states the model needs, plus a UDP socket that sent a datagram and
 * takes what comes back from that peer. */
#define CONN_STATE_LIST(X)                      \
	X(CONN_SYN_SENT, "SYN_SENT")            \
	X(CONN_SYN_RECV, "SYN_RECV")            \
	X(CONN_ESTABLISHED, "ESTABLISHED")      \
	X(CONN_UDP, "UDP")

enum conn_state {
#define X(id, name) id,
	CONN_STATE_LIST(X)
#undef X
};

struct sock_conn {
	uint8_t proto;
	int family;
	union inet_addr laddr, raddr;
	uint16_t lport, rport;
	enum conn_state state;
	/* the socket's control groups (-m cgroup at INPUT, after early
	 * demux): its listener's, or those of the packet that opened it */
	uint32_t classid;
	char cgroup[SOCK_CGROUP_MAX];
};

/* Oldest connections are forgotten past this many, so a scenario that
 * opens connections forever cannot grow without bound. */
#define SOCK_CONN_MAX 4096

struct sock_memory {
	struct sock_conn *v;
	size_t n;
};

const char *conn_state_name(enum conn_state s);
/* The connection a packet arriving for laddr:lport from raddr:rport
 * belongs to, or NULL. */
struct sock_conn *conn_find(struct sock_memory *m, int family, uint8_t proto,
			    const union inet_addr *laddr, uint16_t lport, const union inet_addr *raddr,
			    uint16_t rport);
/* The connection p arrives on (its destination is the local end). */
struct sock_conn *conn_of_packet(struct sock_memory *m, const struct packet *p);
/* Remember c (updating it when already known); returns the stored one. */
struct sock_conn *conn_remember(struct sock_memory *m, const struct sock_conn *c);
void conn_forget(struct sock_memory *m, struct sock_conn *c);

#endif
