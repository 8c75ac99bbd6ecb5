/* ct_expect.c - the expectation table: a short list, oldest first. */
#include "engine/track/ct_expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static bool fits(const struct ct_expect *x, const struct ct_tuple *t)
{
	return x->tuple.proto == t->proto && x->tuple.family == t->family &&
	       inet_eq(&x->tuple.src, &t->src) && inet_eq(&x->tuple.dst, &t->dst) &&
	       x->tuple.dport == t->dport;
}

static bool expired(const struct ct_expect *x, double now)
{
	return now > 0 && x->expires > 0 && now >= x->expires;
}

/* Unlink *pp's expectation and free it; *pp then holds the next one. */
static void drop(struct ct_expect **pp)
{
	struct ct_expect *x = *pp;
	*pp = x->next;
	free(x);
}

static unsigned count_of(const struct conntrack *ct, const struct ct_entry *master)
{
	unsigned n = 0;
	for (const struct ct_expect *x = ct->expects; x; x = x->next)
		n += x->master == master;
	return n;
}

struct ct_expect *ct_expect_add(struct conntrack *ct, const struct ct_expect *exp,
				unsigned max_expected, double now)
{
	/* __nf_ct_expect_check: the same tuple from the same master is
	 * replaced; from another master it is refused */
	for (struct ct_expect **pp = &ct->expects; *pp;) {
		struct ct_expect *x = *pp;
		if (expired(x, now)) {
			drop(pp);
		} else if (fits(x, &exp->tuple)) {
			if (x->master != exp->master)
				return NULL;
			drop(pp);
		} else {
			pp = &x->next;
		}
	}
	/* evict_oldest_expect: the list is oldest first */
	while (max_expected && count_of(ct, exp->master) >= max_expected)
		for (struct ct_expect **pp = &ct->expects; *pp; pp = &(*pp)->next)
			if ((*pp)->master == exp->master) {
				drop(pp);
				break;
			}
	struct ct_expect *x = xcalloc(1, sizeof(*x));
	*x = *exp;
	if (!ct->next_exp_id)
		ct->next_exp_id = 1;
	x->id = ct->next_exp_id++;
	x->expires = now > 0 ? now + x->timeout : 0;
	x->next = NULL;
	struct ct_expect **tail = &ct->expects;
	while (*tail)
		tail = &(*tail)->next;
	*tail = x;
	return x;
}

struct ct_expect *ct_expect_take(struct conntrack *ct, const struct ct_tuple *t, double now,
				 unsigned *expired_id)
{
	if (expired_id)
		*expired_id = 0;
	for (struct ct_expect **pp = &ct->expects; *pp;) {
		struct ct_expect *x = *pp;
		if (expired(x, now)) {
			if (expired_id && fits(x, t))
				*expired_id = x->id;
			drop(pp);
			continue;
		}
		/* nf_ct_find_expectation: a master not yet confirmed cannot
		 * have told the other end anything */
		if (fits(x, t) && (x->master->status & CTS_CONFIRMED) &&
		    !(x->master->status & CTS_DYING)) {
			*pp = x->next;
			x->next = NULL;
			return x;
		}
		pp = &x->next;
	}
	return NULL;
}

void ct_expect_remove(struct conntrack *ct, struct ct_expect *x)
{
	for (struct ct_expect **pp = &ct->expects; *pp; pp = &(*pp)->next)
		if (*pp == x) {
			drop(pp);
			return;
		}
}

void ct_expect_forget_master(struct conntrack *ct, const struct ct_entry *master)
{
	for (struct ct_expect **pp = &ct->expects; *pp;)
		if ((*pp)->master == master)
			drop(pp);
		else
			pp = &(*pp)->next;
}

void ct_expect_free_all(struct conntrack *ct)
{
	while (ct->expects)
		drop(&ct->expects);
}

void ct_expect_fmt(const struct ct_expect *x, char *buf, size_t n)
{
	char s[INET_STRLEN], d[INET_STRLEN], ms[INET_STRLEN], md[INET_STRLEN];
	const struct ct_tuple *m = &x->master->tuple[CT_DIR_ORIGINAL];
	int f = x->tuple.family;
	/* the mask is all ones over the family's address length */
	const char *mask = f == FAMILY_IPV6 ? "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
					    : "255.255.255.255";
	snprintf(buf, n,
		 "proto=%u src=%s dst=%s sport=0 dport=%u mask-src=%s "
		 "mask-dst=%s sport=0 dport=65535 master-src=%s master-dst=%s "
		 "sport=%u dport=%u class=0 helper=%s",
		 x->tuple.proto, inet_fmt(f, &x->tuple.src, s), inet_fmt(f, &x->tuple.dst, d),
		 x->tuple.dport, mask, mask, inet_fmt(f, &m->src, ms), inet_fmt(f, &m->dst, md),
		 m->sport, m->dport, x->helper);
}

bool ct_expect_line(const char *detail)
{
	return detail && strncmp(detail, "proto=", 6) == 0;
}
