/* ctlist.h - the kernel's conntrack table as `conntrack -L` prints it,
 * read into tuples nfwalk can be held against (NAT bindings live in the
 * reply tuple; the connmark in mark=). */
#ifndef NFWALK_CTLIST_H
#define NFWALK_CTLIST_H

#include "engine/track/conntrack.h"
#include "nsexec.h"

struct kct {
	struct ct_tuple tuple[2]; /* ICMP: id in sport, type << 8 | code in dport */
	char state[16];           /* TCP state ("SYN_SENT"), "" for others */
	uint32_t mark;
	bool assured, unreplied;
	char *line;               /* as printed */
};

struct kctlist {
	struct kct *v;
	size_t n;
};

/* One line into e (line is copied); false when it is not an entry. */
bool ctlist_parse_line(const char *line, struct kct *e);
/* Every entry of ns.  -1 with err when conntrack could not run. */
int ctlist_read(const struct netns *ns, struct kctlist *l, struct nf_error *err);
void ctlist_free(struct kctlist *l);
/* The entry one of whose tuples is t (an ICMP tuple matches by
 * addresses and id), and which one; NULL when none. */
const struct kct *ctlist_find(const struct kctlist *l, const struct ct_tuple *t, enum ct_dir *dir);
/* Do two tuples name the same flow (ICMP: addresses and id)? */
bool ctlist_tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b);

#endif
