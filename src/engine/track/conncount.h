/* conncount.h - nf_conncount: a list of connections a rule has seen,
 * each under a key (the masked address -m connlimit counts by; nft's ct
 * count has one list and no key), for counting how many are still live. */
#ifndef NFWALK_CONNCOUNT_H
#define NFWALK_CONNCOUNT_H

#include <stdint.h>

#include "engine/track/conntrack.h"
#include "lib/inet.h"

#define CONNCOUNT_MAX 256 /* per list; more are not remembered */

struct conncount {
	size_t n;
	struct {
		union inet_addr key;
		struct ct_tuple t;
	} conns[CONNCOUNT_MAX];
};

/* nf_conncount_add, then the count under key: the connections conntrack
 * no longer has, or that are closing, are forgotten; mine joins the list
 * under key when it is not there.  How many the list holds under key,
 * mine included (also when the list is full). */
uint32_t conncount_add(struct conncount *l, struct conntrack *ct, const union inet_addr *key,
		       const struct ct_tuple *mine);

#endif
