/* nft_ct.c - the ct expression's keys beyond the packet's own state (ct
 * state, status, mark, direction are nft_value.c's): a direction's tuple
 * (ct original ip saddr, ct reply proto-dst), the master's helper, the
 * accounting counters, the time left, the zone and the layer 3 protocol,
 * as nft_ct_get_eval reads them; and ct count, which is nft_connlimit:
 * the rule keeps its own list of connections (nf_conncount) and compares
 * how many are live with its limit.  Without an entry the rule ends
 * there (NFT_BREAK), as for every ct key but state. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"
#include "engine/track/conncount.h"
#include "engine/track/conntrack.h"

/* ct id is a hash of the entry's address with a boot-time secret
 * (nf_ct_get_id); labels are names from connlabel.conf nfwalk never
 * sets; secmark needs SELinux. */
static const char *const unknowable[][2] = {
	{"id", "`ct id` is a hash of the entry's address with a secret the kernel picks at boot "
	       "(nf_ct_get_id): nfwalk cannot know it"},
	{"label", "`ct label` is not evaluated by nfwalk yet"},
	{"event", "`ct event` is only set, never read"},
};

static const char *const keys[] = {"saddr",	"daddr", "proto-src", "proto-dst", "l3proto", "helper",
				   "zone",	"bytes", "packets",   "avgpkt",	   "expiration", "count"};

static bool is_ct(const struct nft_expr *e, const char *field)
{
	return e->kind == EK_SELECTOR && e->sel && e->sel->field && !strcmp(e->sel->proto, "ct") &&
	       (!field || !strcmp(e->sel->field, field));
}

bool nft_is_ct_key(const struct nft_expr *e)
{
	for (size_t i = 0; is_ct(e, NULL) && i < ARRAY_SIZE(keys); i++)
		if (!strcmp(e->sel->field, keys[i]))
			return true;
	return false;
}

bool nft_ct_can(const struct nft_expr *e, const char **why)
{
	for (size_t i = 0; is_ct(e, NULL) && i < ARRAY_SIZE(unknowable); i++)
		if (!strcmp(e->sel->field, unknowable[i][0])) {
			*why = unknowable[i][1];
			return false;
		}
	return true;
}

bool nft_ct_counts(const struct nft_expr *e)
{
	return is_ct(e, "bytes") || is_ct(e, "packets") || is_ct(e, "avgpkt");
}

/* The direction the expression names: CT_DIR_ORIGINAL, CT_DIR_REPLY, or
 * -1 for none (both, for the counters). */
static int dir_of(const struct nft_expr *e)
{
	if (!strncmp(e->text, "ct original ", 12))
		return CT_DIR_ORIGINAL;
	if (!strncmp(e->text, "ct reply ", 9))
		return CT_DIR_REPLY;
	return -1;
}

static bool num(struct nval *v, uint64_t n)
{
	*v = (struct nval){.n = n};
	return true;
}

static bool addr(struct nval *v, int fam, union inet_addr a)
{
	if (fam == FAMILY_IPV6)
		*v = (struct nval){.fam = FAMILY_IPV6, .a = a};
	else
		*v = (struct nval){.n = a.ip};
	return true;
}

/* nft_ct_get_eval_counter: one direction's, or both added */
static uint64_t counter(const struct ct_acct *a, bool bytes, int dir)
{
	if (!a)
		return 0;
	if (dir >= 0)
		return bytes ? a->bytes[dir] : a->pkts[dir];
	return counter(a, bytes, CT_DIR_ORIGINAL) + counter(a, bytes, CT_DIR_REPLY);
}

/* NFT_CT_EXPIRATION: jiffies_to_msecs(nf_ct_expires(ct)).  An entry not
 * yet confirmed holds its timeout relative, less the clock that reads
 * it, which nf_ct_expires clamps to 0 on any machine up for more than
 * the timeout; a confirmed one the time left, here in packet time. */
static uint64_t expiration_ms(const struct ct_entry *e, double now)
{
	if (!(e->status & CTS_CONFIRMED) || e->expires <= now)
		return 0;
	return (uint64_t)((e->expires - now) * 1000.0 + 0.5);
}

/* NFT_CT_HELPER: the helper of the connection that expected this one
 * (ct->master's), so `ct helper "ftp"` matches an ftp data connection. */
static bool helper(const struct ct_entry *e, struct nval *v)
{
	const struct ct_entry *m = ct_master(e);
	const struct ct_help *h = m ? ct_help(m) : NULL;
	if (!h || !h->name[0])
		return false;
	*v = (struct nval){.is_str = true};
	snprintf(v->s, sizeof(v->s), "%s", h->name);
	return true;
}

bool nft_ct_read(const struct nft_ctx *c, const struct nft_expr *e, struct nval *v)
{
	const struct ct_entry *ct = c->p->ct;
	if (!ct)
		return false;
	int dir = dir_of(e);
	const char *k = e->sel->field;
	const struct ct_tuple *t = &ct->tuple[dir == CT_DIR_REPLY ? CT_DIR_REPLY : CT_DIR_ORIGINAL];
	if (!strcmp(k, "saddr") || !strcmp(k, "daddr")) {
		/* the register holds the address of the expression's version */
		if ((e->type == DT_IPV6) != (ct_family(ct) == FAMILY_IPV6))
			return false;
		return addr(v, ct_family(ct), k[0] == 's' ? t->src : t->dst);
	}
	if (!strcmp(k, "proto-src"))
		return num(v, t->sport);
	if (!strcmp(k, "proto-dst"))
		return num(v, t->dport);
	if (!strcmp(k, "l3proto"))
		return num(v, (uint64_t)ct_family(ct));
	if (!strcmp(k, "zone")) /* one conntrack table: every entry is in zone 0 */
		return num(v, 0);
	if (!strcmp(k, "helper"))
		return helper(ct, v);
	if (!strcmp(k, "expiration"))
		return num(v, expiration_ms(ct, c->p->t));
	const struct ct_acct *a = ct_acct(ct);
	if (!strcmp(k, "avgpkt")) {
		uint64_t p = counter(a, false, dir);
		return num(v, p ? counter(a, true, dir) / p : 0);
	}
	return num(v, counter(a, !strcmp(k, "bytes"), dir));
}

/* ct count [over] N (nft_connlimit_do_eval): the packet's connection
 * joins the rule's list; the rule goes on when the live count is at most
 * N (with over: above N).  A packet without a tuple is dropped. */
int nft_ct_count(struct nft_ctx *c, const struct nft_expr *e, const struct nft_expr *limit, char *why,
		 size_t n)
{
	struct nval lim;
	if (!nval_parse(DT_INTEGER, limit->text, &lim))
		return -1;
	struct ct_tuple mine;
	if (c->p->ct)
		mine = c->p->ct->tuple[CT_DIR_ORIGINAL];
	else if (!ct_tuple_of(c->p, &mine)) {
		snprintf(why, n, "ct count: no connection tuple for this packet: dropped");
		return -2;
	}
	struct nft_state *st = nft_state_of(c, e);
	if (!st->conns)
		st->conns = xcalloc(1, sizeof(*st->conns));
	union inet_addr all = {0}; /* one list for the rule: no key */
	uint32_t count = conncount_add(st->conns, c->ct, &all, &mine);
	bool over = strstr(e->text, " over") != NULL;
	bool ok = (count > lim.n) == over;
	snprintf(why, n, "ct count: %u connection%s in this rule's list, %s %llu", count, count == 1 ? "" : "s",
		 over ? "over" : "at most", (unsigned long long)lim.n);
	return ok;
}
