/* conncount.c - nf_conncount's list: what -m connlimit and nft's ct
 * count remember of the connections they saw.  As the kernel does, a
 * connection is forgotten when conntrack no longer has it or it is
 * closing (TIME_WAIT, CLOSE: find_or_evict and already_closed). */
#include "engine/track/conncount.h"

static bool gone(struct conntrack *ct, const struct ct_tuple *t)
{
	enum ct_dir dir;
	const struct ct_entry *e = ct ? ct_find(ct, t, &dir) : NULL;
	return !e || (t->proto == PROTO_TCP && (e->tcp_state == CT_TCP_TIME_WAIT ||
						 e->tcp_state == CT_TCP_CLOSE));
}

uint32_t conncount_add(struct conncount *l, struct conntrack *ct, const union inet_addr *key,
		       const struct ct_tuple *mine)
{
	bool found = false;
	uint32_t count = 0;
	size_t keep = 0;
	for (size_t i = 0; i < l->n; i++) {
		bool me = ct_tuple_eq(&l->conns[i].t, mine);
		if (!me && gone(ct, &l->conns[i].t))
			continue; /* garbage-collected, as nf_conncount does */
		l->conns[keep++] = l->conns[i];
		if (inet_eq(&l->conns[i].key, key)) {
			count++;
			found |= me;
		}
	}
	l->n = keep;
	if (!found) {
		if (l->n < CONNCOUNT_MAX) {
			l->conns[l->n].key = *key;
			l->conns[l->n].t = *mine;
			l->n++;
		}
		count++;
	}
	return count;
}
