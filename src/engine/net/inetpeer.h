/* inetpeer.h - what the kernel remembers per remote host (struct
 * inet_peer) that changes a walk: how many ICMP redirects it was sent
 * and when, which ip_rt_send_redirect (net/ipv4/route.c) reads to
 * rate-limit them.  Times are packet time in seconds (struct packet's t). */
#ifndef NFWALK_INETPEER_H
#define NFWALK_INETPEER_H

#include <stddef.h>
#include <stdint.h>

/* The kernel's constants, in seconds: ip_rt_redirect_load = HZ/50,
 * ip_rt_redirect_number = 9, ip_rt_redirect_silence = load << (9 + 1). */
#define REDIRECT_LOAD 0.02
#define REDIRECT_NUMBER 9
#define REDIRECT_SILENCE (REDIRECT_LOAD * 1024)

struct inetpeer {
	uint32_t addr;
	double rate_last;     /* when the last redirect was sent (or ignored) */
	unsigned n_redirects; /* sent since the last silence */
};

struct inetpeers {
	struct inetpeer *v;
	size_t n, cap;
};

enum redirect_decision {
	REDIRECT_SEND,      /* sent: the first, or the gap has passed */
	REDIRECT_TOO_SOON,  /* within load << n_redirects of the last */
	REDIRECT_SILENCED,  /* 9 sent and ignored: quiet until a silence */
};

void inetpeers_init(struct inetpeers *t);
void inetpeers_free(struct inetpeers *t);
/* ip_rt_send_redirect's decision for a packet from saddr at time now,
 * with the peer's state updated as the kernel updates it.  *next: the
 * earliest time the next redirect could go (TOO_SOON), or when the
 * silence ends if no packet comes before (SILENCED). */
enum redirect_decision inetpeer_redirect(struct inetpeers *t, uint32_t saddr, double now,
					 double *next);

#endif
