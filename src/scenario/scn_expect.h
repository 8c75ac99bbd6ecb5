/* scn_expect.h - the `expect:` part of a scenario packet: what the walk
 * must show.  Each value is checked when the scenario loads (a fate name,
 * a stage name, "TABLE CHAIN N", ...), so the checker only compares. */
#ifndef NFWALK_SCN_EXPECT_H
#define NFWALK_SCN_EXPECT_H

#include "scenario/scenario.h"
#include "scenario/ydoc.h"

/* Every expectation key, once.  X(key, list, value):
 *   key    as written in `expect:`; the checker's function is check_KEY
 *          (check.c);
 *   list   whether the key takes a list (one expectation per element);
 *   value  the kind of value, read and stored in canonical spelling by
 *          read_VALUE (scn_expect.c).
 * Adding a key: its line here, its check_KEY, and a read_VALUE when no
 * kind of value fits.  `answers` (the expectations of the packets a packet
 * causes) is not a key of this list: scn_expect.c reads it apart. */
#define EXPECT_KEYS(X)                   \
	X(fate, false, fate)             \
	X(oif, false, iface)             \
	X(src, false, endpoint)          \
	X(dst, false, endpoint)          \
	X(sport, false, port)            \
	X(dport, false, port)            \
	X(quoted_src, false, endpoint)   \
	X(quoted_dst, false, endpoint)   \
	X(mark, false, u32)              \
	X(ctstate, false, ctstate)       \
	X(class, false, class)           \
	X(hits, true, rule_ref)          \
	X(misses, true, rule_ref)        \
	X(visits, true, stage)           \
	X(skips, true, stage)

/* Fill pk->expect and pk->answers from the `expect` mapping n.  s gives
 * the declared interfaces, for `oif`. */
int scn_expect_parse(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
		     struct scn_packet *pk);
void scn_expect_clear(struct expect *x);

#endif
