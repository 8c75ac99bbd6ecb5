/* inetpeer.c - the per-peer ICMP redirect limit of ip_rt_send_redirect:
 * the first redirect goes, each later one only after twice the previous
 * gap (20 ms, 40 ms, ...), none after 9 until 20.48 s pass with no
 * redirected packet from the peer.  A linear table: a walk meets few
 * hosts that hairpin. */
#include "engine/net/inetpeer.h"

#include <stdlib.h>

#include "lib/util.h"

void inetpeers_init(struct inetpeers *t)
{
	*t = (struct inetpeers){0};
}

void inetpeers_free(struct inetpeers *t)
{
	free(t->v);
	inetpeers_init(t);
}

/* inet_getpeer_v4: a new peer's rate_last is 60 s ago, "chosen enough
 * high so that the first calculation of tokens is at its maximum". */
static struct inetpeer *peer_of(struct inetpeers *t, uint32_t addr, double now)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].addr == addr)
			return &t->v[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n] = (struct inetpeer){.addr = addr, .rate_last = now - 60};
	return &t->v[t->n++];
}

enum redirect_decision inetpeer_redirect(struct inetpeers *t, uint32_t saddr, double now,
					 double *next)
{
	struct inetpeer *p = peer_of(t, saddr, now);
	if (now > p->rate_last + REDIRECT_SILENCE)
		p->n_redirects = 0; /* no redirected packet for a while: start again */
	if (p->n_redirects >= REDIRECT_NUMBER) {
		p->rate_last = now; /* each ignored packet pushes the silence on */
		*next = now + REDIRECT_SILENCE;
		return REDIRECT_SILENCED;
	}
	double gap = REDIRECT_LOAD * (double)(1u << p->n_redirects);
	if (p->n_redirects == 0 || now > p->rate_last + gap) {
		p->rate_last = now;
		p->n_redirects++;
		return REDIRECT_SEND;
	}
	*next = p->rate_last + gap;
	return REDIRECT_TOO_SOON;
}
