/* match_recent.c - -m recent (xt_recent): named lists of addresses seen,
 * with --set to add, --rcheck / --update to test (and --update to count
 * another hit), --remove to forget.  The lists belong to the ruleset and
 * are shared by every rule that names them.  Time does not pass in an
 * nfwalk scenario, so every hit is within --seconds and --reap never
 * finds an old one: the classic "fourth SYN within a minute" rule drops
 * the fourth SYN. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECENT_NAME_MAX 199 /* XT_RECENT_NAME_LEN - 1 */
/* recent_mt_check refuses hit_count >= XT_RECENT_MAX_NSTAMPS (65536);
 * Linux 6.18 accepted --hitcount 348 in a test namespace */
#define RECENT_HITCOUNT_MAX 65535

enum recent_op { OP_SET = 1u << 0, OP_CHECK = 1u << 1, OP_UPDATE = 1u << 2, OP_REMOVE = 1u << 3 };

struct recent_entry {
	union inet_addr addr; /* of either family: a list holds both, as xt_recent's */
	int family;
	uint8_t ttl;
	unsigned hits;
	struct recent_entry *next;
};

/* xt_recent's ip_list_tot: a list holds at most this many addresses; a
 * new one pushes out the least recently seen (recent_entry_init), so a
 * long capture's lists stay small. */
enum { RECENT_LIST_TOT = 100 };

struct recent_list {
	char name[RECENT_NAME_MAX + 1];
	union inet_addr mask; /* the first rule's, as the kernel keeps it per list */
	int mask_family;
	struct recent_entry *entries; /* least recently seen first (lru_list) */
	unsigned count;
	struct recent_list *next;
};

struct recent_info {
	unsigned op;
	bool inv, reap, rttl, dest;
	uint32_t seconds, hitcount;
	union inet_addr mask; /* all ones by default, either family */
	char name[RECENT_NAME_MAX + 1];
};

enum { O_SET, O_RCHECK, O_UPDATE, O_REMOVE, O_SECONDS, O_REAP, O_HITCOUNT, O_RTTL, O_NAME,
       O_MASK, O_RSOURCE, O_RDEST };

static const struct xt_option recent_opts[] = {
	[O_SET] = {"set", false, true, false},
	[O_RCHECK] = {"rcheck", false, true, false},
	[O_UPDATE] = {"update", false, true, false},
	[O_REMOVE] = {"remove", false, true, false},
	[O_SECONDS] = {"seconds", true, false, false},
	[O_REAP] = {"reap", false, false, false},
	[O_HITCOUNT] = {"hitcount", true, false, false},
	[O_RTTL] = {"rttl", false, false, false},
	[O_NAME] = {"name", true, false, false},
	[O_MASK] = {"mask", true, false, false},
	[O_RSOURCE] = {"rsource", false, false, false},
	[O_RDEST] = {"rdest", false, false, false},
	{NULL, false, false, false},
};

static void recent_init(void *data)
{
	struct recent_info *in = data;
	str_copy(in->name, sizeof(in->name), "DEFAULT");
	memset(&in->mask, 0xff, sizeof(in->mask));
}

static int parse_value(struct recent_info *in, int family, int which, const char *arg,
		       struct nf_error *err)
{
	switch (which) {
	case O_SECONDS:
		if (!xt_parse_u32(arg, UINT32_MAX, &in->seconds) || in->seconds == 0)
			return nf_err(err, -1, "bad --seconds \"%s\" (1-4294967295)", arg);
		return 0;
	case O_HITCOUNT:
		if (!xt_parse_u32(arg, RECENT_HITCOUNT_MAX, &in->hitcount))
			return nf_err(err, -1, "bad --hitcount \"%s\" (0-%d)", arg, RECENT_HITCOUNT_MAX);
		return 0;
	case O_NAME:
		if (!*arg || strlen(arg) > RECENT_NAME_MAX || strpbrk(arg, " \t\n"))
			return nf_err(err, -1, "bad --name \"%s\" (1-%d characters, no blanks)", arg,
				      RECENT_NAME_MAX);
		str_copy(in->name, sizeof(in->name), arg);
		return 0;
	default:
		memset(&in->mask, 0, sizeof(in->mask));
		if (!inet_parse(arg, &family, &in->mask))
			return nf_err(err, -1, "bad --mask \"%s\" (an %s netmask)", arg,
				      family == FAMILY_IPV6 ? "IPv6" : "IPv4 dotted");
		return 0;
	}
}

static int recent_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct recent_info *in = m->data;
	int which = xt_option_index(recent_opts, opt + 2);
	if (which <= O_REMOVE) {
		if (in->op)
			return nf_err(err, -1, "recent takes one of --set, --rcheck, --update, --remove");
		in->op = 1u << which;
		in->inv = invert;
		return 0;
	}
	if (which == O_REAP || which == O_RTTL) {
		*(which == O_REAP ? &in->reap : &in->rttl) = true;
		return 0;
	}
	if (which == O_RSOURCE || which == O_RDEST) {
		in->dest = which == O_RDEST;
		return 0;
	}
	return parse_value(in, m->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4, which, arg, err);
}

/* recent_mt_check's rules. */
static int recent_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct recent_info *in = m->data;
	if (!in->op)
		return nf_err(err, -1, "-m recent needs one of --set, --rcheck, --update, --remove");
	if ((in->op & (OP_SET | OP_REMOVE)) &&
	    (in->seconds || in->hitcount || in->reap || in->rttl))
		return nf_err(err, -1, "--seconds, --hitcount, --reap and --rttl go with --rcheck "
				       "or --update");
	if (in->reap && !in->seconds)
		return nf_err(err, -1, "--reap needs --seconds");
	return 0;
}

static void recent_print(const struct match *m, struct strbuf *sb)
{
	const struct recent_info *in = m->data;
	char a[INET_STRLEN];
	int family = m->family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	xt_print_inv(sb, in->inv);
	for (int i = O_SET; i <= O_REMOVE; i++)
		if (in->op & (1u << i))
			sb_addf(sb, " --%s", recent_opts[i].name);
	if (in->seconds)
		sb_addf(sb, " --seconds %u", in->seconds);
	if (in->reap)
		sb_adds(sb, " --reap");
	if (in->hitcount)
		sb_addf(sb, " --hitcount %u", in->hitcount);
	if (in->rttl)
		sb_adds(sb, " --rttl");
	sb_addf(sb, " --name %s --mask %s %s", in->name, inet_fmt(family, &in->mask, a),
		in->dest ? "--rdest" : "--rsource");
}

/* --- the lists --- */

void recent_lists_free(struct recent_list *l)
{
	while (l) {
		struct recent_list *next = l->next;
		for (struct recent_entry *e = l->entries, *en; e; e = en) {
			en = e->next;
			free(e);
		}
		free(l);
		l = next;
	}
}

static struct recent_list *list_of(struct recent_list **head, const struct recent_info *in,
				   int family)
{
	struct recent_list **at = head;
	for (; *at; at = &(*at)->next)
		if (strcmp((*at)->name, in->name) == 0)
			return *at;
	*at = xcalloc(1, sizeof(**at));
	str_copy((*at)->name, sizeof((*at)->name), in->name);
	(*at)->mask = in->mask;
	(*at)->mask_family = family;
	return *at;
}

/* recent_entry_lookup: a TTL of 0 on either side matches any. */
static struct recent_entry **entry_of(struct recent_list *l, int family,
				      const union inet_addr *addr, uint8_t ttl)
{
	struct recent_entry **at = &l->entries;
	for (; *at; at = &(*at)->next)
		if ((*at)->family == family && inet_eq(&(*at)->addr, addr) &&
		    (ttl == 0 || (*at)->ttl == 0 || (*at)->ttl == ttl))
			return at;
	return at;
}

static bool recent_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct recent_info *in = m->data;
	const struct packet *p = ctx->p;
	/* the TTL as received: forwarding has already decremented it */
	uint8_t ttl = (uint8_t)(pkt_ttl(p) + (ctx->out && !p->local_out ? 1 : 0));
	int family = pkt_family(p) == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	struct recent_list *l = list_of(ctx->recent, in, family);
	/* the list's mask, as the kernel keeps one per list (a list an
	 * other family's rule made is masked with this rule's) */
	const union inet_addr *mask = l->mask_family == family ? &l->mask : &in->mask;
	union inet_addr addr = in->dest ? pkt_dst(p) : pkt_src(p);
	for (int i = 0; i < 4; i++)
		addr.all[i] &= mask->all[i];
	struct recent_entry **at = entry_of(l, family, &addr, in->rttl ? ttl : 0), *e = *at;
	char a[INET_STRLEN];
	bool ret = in->inv;
	inet_fmt(family, &addr, a);
	if (!e) {
		if (!(in->op & OP_SET)) {
			snprintf(why, n, "%s not in %s", a, l->name);
			return ret;
		}
		if (l->count >= RECENT_LIST_TOT) {
			struct recent_entry *old = l->entries;
			l->entries = old->next;
			l->count--;
			if (at == &old->next)
				at = &l->entries;
			free(old);
		}
		e = *at = xcalloc(1, sizeof(*e));
		*e = (struct recent_entry){addr, family, ttl, 1, NULL};
		l->count++;
		snprintf(why, n, "%s added to %s", a, l->name);
		return !ret;
	}
	if (in->op & OP_REMOVE) {
		*at = e->next;
		l->count--;
		free(e);
		snprintf(why, n, "%s removed from %s", a, l->name);
		return !ret;
	}
	if ((in->op & OP_SET) || !in->hitcount || e->hits >= in->hitcount)
		ret = !ret;
	if ((in->op & OP_SET) || ((in->op & OP_UPDATE) && ret)) {
		e->hits++;
		e->ttl = ttl;
		/* recent_entry_update: now the most recently seen */
		if (e->next) {
			*at = e->next;
			struct recent_entry **end = at;
			while (*end)
				end = &(*end)->next;
			*end = e;
			e->next = NULL;
		}
	}
	snprintf(why, n, "%s: %u hit%s in %s", a, e->hits, e->hits == 1 ? "" : "s", l->name);
	return ret;
}

const struct match_type match_recent = {
	.name = "recent",
	.options = recent_opts,
	.data_size = sizeof(struct recent_info),
	.init = recent_init,
	.parse = recent_parse,
	.final_check = recent_check,
	.eval = recent_eval,
	.print = recent_print,
};
