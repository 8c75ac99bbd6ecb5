/* match_connbytes.c - -m connbytes (xt_connbytes): how much the packet's
 * connection has carried so far, in packets, bytes or bytes per packet
 * (avgpkt), in the original direction, the reply one or both, counted by
 * conntrack (the entry's acct counters, the current packet included:
 * conntrack counts it at its hook, before mangle and filter look).  A
 * packet without a connection (untracked, invalid, or in the raw table,
 * before conntrack) never matches, inverted or not, as connbytes_mt
 * answers.  `! --connbytes A:B` swaps the bounds, as iptables does, and
 * the kernel then matches outside [A, B]. */
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CB_PKTS, CB_BYTES, CB_AVGPKT };
enum { CB_ORIGINAL, CB_REPLY, CB_BOTH };
enum { O_COUNT, O_DIR, O_MODE };

struct connbytes_info {
	uint64_t from, to;
	int what, dir;
	unsigned given; /* bit per O_* */
};

static const struct xt_option connbytes_opts[] = {
	[O_COUNT] = {"connbytes", true, true, false},
	[O_DIR] = {"connbytes-dir", true, false, false},
	[O_MODE] = {"connbytes-mode", true, false, false},
	{NULL, false, false, false},
};

static const char *const mode_names[] = {"packets", "bytes", "avgpkt", NULL};
static const char *const dir_names[] = {"original", "reply", "both", NULL};

/* One end of XTTYPE_UINT64RC: empty (dflt) or a whole unsigned 64-bit
 * number, no sign. */
static bool u64_end(const char *s, size_t len, uint64_t dflt, uint64_t *out)
{
	char buf[32];
	if (!len) {
		*out = dflt;
		return true;
	}
	if (len >= sizeof(buf) || s[0] == '-' || s[0] == '+')
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	errno = 0;
	unsigned long long v = strtoull(buf, &end, 0);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

static bool parse_count(const char *arg, struct connbytes_info *in)
{
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	if (!colon && !len)
		return false;
	if (!u64_end(arg, len, 0, &in->from))
		return false;
	in->to = UINT64_MAX;
	if (colon && !u64_end(colon + 1, strlen(colon + 1), UINT64_MAX, &in->to))
		return false;
	return in->from <= in->to;
}

static int connbytes_parse(struct match *m, const char *opt, const char *arg, bool invert,
			   struct nf_error *err)
{
	struct connbytes_info *in = m->data;
	int o = xt_option_index(connbytes_opts, opt + 2);
	switch (o) {
	case O_COUNT:
		if (!parse_count(arg, in))
			return nf_err(err, -1, "bad --connbytes \"%s\" (FROM[:TO], 64-bit, FROM <= TO)",
				      arg);
		if (invert) {
			uint64_t t = in->from;
			in->from = in->to;
			in->to = t;
		}
		break;
	case O_DIR:
		if ((in->dir = xt_name_index(dir_names, arg)) < 0 || strcmp(arg, dir_names[in->dir]))
			return nf_err(err, -1, "Unknown --connbytes-dir `%s' (original, reply, both)",
				      arg);
		break;
	default:
		if ((in->what = xt_name_index(mode_names, arg)) < 0 ||
		    strcmp(arg, mode_names[in->what]))
			return nf_err(err, -1, "Unknown --connbytes-mode `%s' (packets, bytes, avgpkt)",
				      arg);
		break;
	}
	in->given |= 1u << o;
	return 0;
}

static int connbytes_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct connbytes_info *in = m->data;
	for (int o = O_COUNT; o <= O_MODE; o++)
		if (!(in->given & (1u << o)))
			return nf_err(err, -1, "-m connbytes needs --%s", connbytes_opts[o].name);
	return 0;
}

/* print_from_to: the bounds in order, "!" when they were swapped; the
 * upper one only when it is neither 0 nor the maximum. */
static void connbytes_print(const struct match *m, struct strbuf *sb)
{
	const struct connbytes_info *in = m->data;
	bool inv = in->from > in->to;
	uint64_t from = inv ? in->to : in->from, to = inv ? in->from : in->to;
	xt_print_inv(sb, inv);
	sb_addf(sb, " --connbytes %" PRIu64, from);
	if (to && to < UINT64_MAX)
		sb_addf(sb, ":%" PRIu64, to);
	sb_addf(sb, " --connbytes-mode %s --connbytes-dir %s", mode_names[in->what],
		dir_names[in->dir]);
}

static bool connbytes_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct connbytes_info *in = m->data;
	const struct ct_entry *e = ctx->p->ct;
	if (!e) {
		snprintf(why, n, "no connection (untracked, invalid, or before conntrack)");
		return false;
	}
	const struct ct_acct *acct = ct_acct(e);
	if (!acct) {
		snprintf(why, n, "connection %u has no counters (made before accounting was on)", e->id);
		return false;
	}
	uint64_t pkts = 0, bytes = 0;
	for (int d = 0; d < 2; d++) {
		if (in->dir == CB_BOTH || in->dir == d) {
			pkts += acct->pkts[d];
			bytes += acct->bytes[d];
		}
	}
	uint64_t what = in->what == CB_PKTS    ? pkts
			: in->what == CB_BYTES ? bytes
			: pkts		       ? bytes / pkts
					       : 0;
	snprintf(why, n, "connection %u has %" PRIu64 " %s%s (%" PRIu64 " packets, %" PRIu64
		 " bytes)",
		 e->id, what, in->what == CB_AVGPKT ? "bytes per packet" : mode_names[in->what],
		 in->dir == CB_BOTH ? " both ways" : in->dir == CB_REPLY ? " in reply" : " original",
		 pkts, bytes);
	if (in->to >= in->from)
		return what >= in->from && what <= in->to;
	return what < in->to || what > in->from;
}

const struct match_type match_connbytes = {
	.name = "connbytes",
	.options = connbytes_opts,
	.data_size = sizeof(struct connbytes_info),
	.parse = connbytes_parse,
	.final_check = connbytes_check,
	.eval = connbytes_eval,
	.print = connbytes_print,
};
