/* rule_parse.c - the arguments of an iptables rule (what follows
 * "-A CHAIN"), read the way iptables reads them: short and long options
 * (-p tcp, -ptcp, --protocol tcp, --protocol=tcp), "!" before an option
 * to invert it, -m to load a match, -j / -g for the action, and each
 * extension's options going to the extension loaded last that knows them.
 * As in iptables, an option of the protocol's own match (--dport after
 * -p tcp) loads that match implicitly.  Every refusal names the word. */
#include "engine/xt/rule_priv.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IFNAME_LEN_MAX (IFNAME_MAX - 1)
#define CHAIN_NAME_MAX 28 /* XT_EXTENSION_MAXNAMELEN - 1 */

/* Per loaded extension: the options it already got, where it was named. */
struct ext_slot {
	unsigned seen;
	int col;
};

struct parser {
	const struct rtokens *t;
	size_t i, end;
	struct rule *r;
	enum nf_table table;
	int family;        /* FAMILY_IPV4: iptables; FAMILY_IPV6: ip6tables */
	enum nf_hook hook; /* HOOK_NONE in a user chain */
	struct ext_slot *mslots; /* parallel to r->matches */
	struct ext_slot mslot_room[8]; /* mslots while a rule has few matches */
	struct ext_slot tslot;
	size_t target_at; /* matches loaded before the target */
	unsigned core_seen;
	int col_in, col_out, col_action;
	struct nf_error *err;
};

/* One option as written: its name, its argument when attached. */
struct opt_word {
	char name[64];
	const char *arg;
	int col, arg_col;
	bool inv;
	int inv_col;
};

/* --- registry lookups, remembered ---
 *
 * Extensions and protocols are found by name in linear tables (strcmp
 * each entry); a save file names the same few on each of its 50,000
 * lines, so the last answers per name and family are kept.  The tables
 * are constant, so a remembered answer is the table's answer. */

struct memo_slot {
	char name[32];
	int family;
	const void *val;
};
#define MEMO_SLOTS 16

static unsigned memo_hash(const char *name, size_t len)
{
	return ((unsigned)len * 31u + (unsigned char)name[0] * 7u +
		(unsigned char)name[len ? len - 1 : 0]) % MEMO_SLOTS;
}

/* The slot for (name, family): *hit when it holds the answer. */
static struct memo_slot *memo_find(struct memo_slot *memo, const char *name, int family,
				   bool *hit)
{
	size_t len = strlen(name);
	struct memo_slot *m = &memo[memo_hash(name, len)];
	*hit = m->family == family && len < sizeof(m->name) && memcmp(m->name, name, len + 1) == 0;
	if (*hit || len >= sizeof(m->name))
		return *hit ? m : NULL;
	memcpy(m->name, name, len + 1);
	m->family = family;
	return m;
}

static const struct match_type *match_lookup(const char *name, int family)
{
	static struct memo_slot memo[MEMO_SLOTS];
	bool hit;
	struct memo_slot *m = memo_find(memo, name, family, &hit);
	if (hit)
		return m->val;
	const struct match_type *mt = match_find_family(name, family);
	if (m)
		m->val = mt;
	return mt;
}

static const struct target_type *target_lookup(const char *name, int family)
{
	static struct memo_slot memo[MEMO_SLOTS];
	bool hit;
	struct memo_slot *m = memo_find(memo, name, family, &hit);
	if (hit)
		return m->val;
	const struct target_type *tt = target_find_family(name, family);
	if (m)
		m->val = tt;
	return tt;
}

/* --- the ipt_ip part and the action --- */

/* libxtables' own spelling for ip6tables (not in /etc/protocols). */
static bool proto_parse(const struct parser *ps, const char *s, uint8_t *proto)
{
	if (ps->family == FAMILY_IPV6 && strcmp(s, "icmp6") == 0) {
		*proto = 58;
		return true;
	}
	/* remembered as the number plus one; 0: not a protocol */
	static struct memo_slot memo[MEMO_SLOTS];
	bool hit;
	struct memo_slot *m = memo_find(memo, s, 0, &hit);
	uintptr_t v;
	if (hit) {
		v = (uintptr_t)m->val;
	} else {
		v = xt_proto_parse(s, proto) ? (uintptr_t)*proto + 1 : 0;
		if (m)
			m->val = (const void *)v;
	}
	if (v)
		*proto = (uint8_t)(v - 1);
	return v != 0;
}

static int opt_protocol(struct parser *ps, const struct opt_word *w)
{
	uint8_t proto;
	if (!proto_parse(ps, w->arg, &proto))
		return nf_err(ps->err, w->arg_col, "unknown protocol \"%s\"", w->arg);
	if (proto == 0 && w->inv)
		return nf_err(ps->err, w->inv_col, "\"! -p %s\" would never match a packet", w->arg);
	ps->r->proto = proto;
	ps->r->proto_inv = w->inv;
	return 0;
}

/* ip6tables' "ADDR/LEN" or "ADDR/MASK" (xtables_ip6parse_multiple):
 * the address is masked, as ip6tables stores it. */
bool xt_parse_addr6_mask(const char *s, union inet_addr *addr, union inet_addr *mask)
{
	char buf[INET_STRLEN + 64];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen >= sizeof(buf))
		return false;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (!addr6_parse(buf, &addr->in6))
		return false;
	uint32_t plen = 128;
	struct addr6 m;
	if (slash && addr6_parse(slash + 1, &m)) {
		mask->in6 = m;
	} else {
		if (slash && !xt_parse_u32(slash + 1, 128, &plen))
			return false;
		memset(mask, 0, sizeof(*mask));
		for (uint32_t i = 0; i < plen; i++)
			mask->in6.b[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	}
	for (int i = 0; i < 16; i++)
		addr->in6.b[i] &= mask->in6.b[i];
	return true;
}

static int parse_address(struct parser *ps, const struct opt_word *w, union inet_addr *addr,
			 union inet_addr *mask)
{
	if (strchr(w->arg, ','))
		return nf_err(ps->err, w->arg_col,
			      "\"%s\" lists several addresses, which %s turns into several "
			      "rules: write one rule per address",
			      w->arg, ruleset_program(ps->family));
	memset(addr, 0, sizeof(*addr));
	memset(mask, 0, sizeof(*mask));
	if (ps->family == FAMILY_IPV6) {
		if (!xt_parse_addr6_mask(w->arg, addr, mask))
			return nf_err(ps->err, w->arg_col,
				      "bad IPv6 address \"%s\" (an IPv6 address, with /len or "
				      "/mask; host names are not looked up)",
				      w->arg);
		return 0;
	}
	if (!xt_parse_addr_mask(w->arg, &addr->ip, &mask->ip))
		return nf_err(ps->err, w->arg_col,
			      "bad address \"%s\" (an a.b.c.d address, with /len or /mask; "
			      "host names are not looked up)",
			      w->arg);
	return 0;
}

static int opt_source(struct parser *ps, const struct opt_word *w)
{
	ps->r->src_inv = w->inv;
	return parse_address(ps, w, &ps->r->src, &ps->r->smsk);
}

static int opt_destination(struct parser *ps, const struct opt_word *w)
{
	ps->r->dst_inv = w->inv;
	return parse_address(ps, w, &ps->r->dst, &ps->r->dmsk);
}

/* "+" alone is any interface; iptables-save drops it unless inverted. */
static int parse_iface(struct parser *ps, const struct opt_word *w, char *name, bool *inv)
{
	if (strlen(w->arg) > IFNAME_LEN_MAX)
		return nf_err(ps->err, w->arg_col,
			      "interface name \"%s\" is longer than %d characters", w->arg,
			      IFNAME_LEN_MAX);
	if (strchr(w->arg, '/') || strchr(w->arg, ' '))
		return nf_err(ps->err, w->arg_col,
			      "interface name \"%s\": '/' and ' ' are not allowed by the kernel",
			      w->arg);
	*inv = w->inv;
	str_copy(name, IFNAME_MAX, strcmp(w->arg, "+") == 0 && !w->inv ? "" : w->arg);
	return 0;
}

static int opt_in(struct parser *ps, const struct opt_word *w)
{
	ps->col_in = w->col;
	return parse_iface(ps, w, ps->r->iif, &ps->r->iif_inv);
}

static int opt_out(struct parser *ps, const struct opt_word *w)
{
	ps->col_out = w->col;
	return parse_iface(ps, w, ps->r->oif, &ps->r->oif_inv);
}

static int opt_fragment(struct parser *ps, const struct opt_word *w)
{
	if (ps->family == FAMILY_IPV6)
		return nf_err(ps->err, w->col,
			      "unknown option \"%s\": ip6tables has no -f (IPv6 fragments are "
			      "matched with -m frag)",
			      w->name);
	ps->r->frag = true;
	ps->r->frag_inv = w->inv;
	return 0;
}

static const struct {
	const char *name;
	enum verdict v;
} standard_verdicts[] = {
	{"ACCEPT", V_ACCEPT},
	{"DROP", V_DROP},
	{"QUEUE", V_QUEUE},
	{"RETURN", V_RETURN},
};

static int standard_verdict(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(standard_verdicts); i++)
		if (strcmp(standard_verdicts[i].name, name) == 0)
			return (int)standard_verdicts[i].v;
	return -1;
}

/* iptables refuses blanks in a target or chain name, and names longer
 * than a chain name can be. */
static int check_action_free(struct parser *ps, const struct opt_word *w)
{
	if (ps->r->action != RA_NONE)
		return nf_err(ps->err, w->col, "a rule has one action: -j and -g cannot be combined");
	ps->col_action = w->col;
	if (!*w->arg)
		return nf_err(ps->err, w->arg_col, "%s needs a target or chain name", w->name);
	if (strpbrk(w->arg, " \t\n\r\v\f"))
		return nf_err(ps->err, w->arg_col, "invalid target name \"%s\" (no blanks)", w->arg);
	if (strlen(w->arg) > CHAIN_NAME_MAX)
		return nf_err(ps->err, w->arg_col, "invalid target name \"%s\" (%d characters at most)",
			      w->arg, CHAIN_NAME_MAX);
	return 0;
}

static void load_target(struct parser *ps, const struct target_type *tt, int col)
{
	struct rule *r = ps->r;
	r->action = RA_TARGET;
	r->target.type = tt;
	r->target.data = xcalloc(1, tt->data_size ? tt->data_size : 1);
	r->target.family = ps->family;
	if (tt->init)
		tt->init(r->target.data);
	ps->tslot = (struct ext_slot){0, col};
	ps->target_at = r->nmatches;
}

static int opt_jump(struct parser *ps, const struct opt_word *w)
{
	if (check_action_free(ps, w) < 0)
		return -1;
	int v = standard_verdict(w->arg);
	/* a standard verdict needs no target lookup: it wins over one */
	const struct target_type *tt = v < 0 ? target_lookup(w->arg, ps->family) : NULL;
	/* (iptables takes -j HL as a user chain, as it always did) */
	if (!tt && v < 0 && ps->family == FAMILY_IPV6 && target_find(w->arg))
		return nf_err(ps->err, w->arg_col,
			      "ip6tables has no target %s (it is iptables' only): Couldn't load "
			      "target `%s'",
			      w->arg, w->arg);
	if (v == V_DROP && ps->table == TABLE_NAT)
		return nf_err(ps->err, w->arg_col,
			      "the nat table is not for filtering: iptables refuses DROP there");
	if (v >= 0) {
		ps->r->action = RA_VERDICT;
		ps->r->verdict = (enum verdict)v;
	} else if (tt) {
		load_target(ps, tt, w->arg_col);
	} else {
		ps->r->action = RA_JUMP;
		ps->r->jump = xstrdup(w->arg);
	}
	return 0;
}

static int opt_goto(struct parser *ps, const struct opt_word *w)
{
	if (check_action_free(ps, w) < 0)
		return -1;
	if (standard_verdict(w->arg) >= 0 || target_lookup(w->arg, ps->family))
		return nf_err(ps->err, w->arg_col, "-g needs a user-defined chain, not %s", w->arg);
	ps->r->action = RA_GOTO;
	ps->r->jump = xstrdup(w->arg);
	return 0;
}

static struct match *load_match(struct parser *ps, const struct match_type *mt, int col)
{
	struct rule *r = ps->r;
	r->matches = xrealloc(r->matches, (r->nmatches + 1) * sizeof(*r->matches));
	if (r->nmatches < ARRAY_SIZE(ps->mslot_room)) {
		ps->mslots = ps->mslot_room;
	} else if (ps->mslots == ps->mslot_room) {
		ps->mslots = xmalloc((r->nmatches + 1) * sizeof(*ps->mslots));
		memcpy(ps->mslots, ps->mslot_room, sizeof(ps->mslot_room));
	} else {
		ps->mslots = xrealloc(ps->mslots, (r->nmatches + 1) * sizeof(*ps->mslots));
	}
	struct match *m = &r->matches[r->nmatches];
	m->type = mt;
	m->data = xcalloc(1, mt->data_size ? mt->data_size : 1);
	m->family = ps->family;
	m->label = NULL;
	m->label_n = 0;
	if (mt->init)
		mt->init(m->data);
	ps->mslots[r->nmatches] = (struct ext_slot){0, col};
	r->nmatches++;
	return m;
}

/* xtables_find_match's aliases: icmpv6, ipv6-icmp and icmp6 are icmp6. */
static const struct match_type *find_match(const struct parser *ps, const char *name)
{
	if (ps->family == FAMILY_IPV6 &&
	    (strcmp(name, "icmpv6") == 0 || strcmp(name, "ipv6-icmp") == 0))
		name = "icmp6";
	return match_lookup(name, ps->family);
}

static int opt_match(struct parser *ps, const struct opt_word *w)
{
	const struct match_type *mt = find_match(ps, w->arg);
	if (!mt && ps->family == FAMILY_IPV6 && match_find(w->arg))
		return nf_err(ps->err, w->arg_col,
			      "ip6tables has no match %s (it is iptables' only): Couldn't load "
			      "match `%s'",
			      w->arg, w->arg);
	if (!mt && ps->family == FAMILY_IPV4 && match_find_family(w->arg, FAMILY_IPV6))
		return nf_err(ps->err, w->arg_col,
			      "iptables has no match %s (it is ip6tables' only): Couldn't load "
			      "match `%s'",
			      w->arg, w->arg);
	if (!mt && match_refusal(w->arg))
		return nf_err(ps->err, w->arg_col, "%s", match_refusal(w->arg));
	if (!mt)
		return nf_err(ps->err, w->arg_col, "match \"%s\" is not supported by nfwalk", w->arg);
	load_match(ps, mt, w->arg_col);
	return 0;
}

/* "-c PACKETS,BYTES" or "-c PACKETS BYTES". */
static int opt_counters(struct parser *ps, const struct opt_word *w)
{
	uint64_t pkts, bytes;
	const char *comma = strchr(w->arg, ',');
	char first[32];
	size_t len = comma ? (size_t)(comma - w->arg) : strlen(w->arg);
	if (len >= sizeof(first))
		len = sizeof(first) - 1;
	memcpy(first, w->arg, len);
	first[len] = '\0';
	const char *second = comma ? comma + 1 : NULL;
	if (!comma && ps->i < ps->end)
		second = ps->t->v[ps->i++].s;
	if (!parse_uint(first, UINT64_MAX, &pkts) || !second ||
	    !parse_uint(second, UINT64_MAX, &bytes))
		return nf_err(ps->err, w->arg_col, "-c needs PACKETS,BYTES (two numbers), not \"%s\"",
			      w->arg);
	ps->r->pkts = pkts;
	ps->r->bytes = bytes;
	return 0;
}

struct core_opt {
	char letter;
	const char *name, *alias;
	bool has_arg, invertible, repeatable;
	int (*handle)(struct parser *ps, const struct opt_word *w);
};

static const struct core_opt core_opts[] = {
	{'p', "--protocol", NULL, true, true, false, opt_protocol},
	{'s', "--source", "--src", true, true, false, opt_source},
	{'d', "--destination", "--dst", true, true, false, opt_destination},
	{'i', "--in-interface", NULL, true, true, false, opt_in},
	{'o', "--out-interface", NULL, true, true, false, opt_out},
	{'f', "--fragment", NULL, false, true, false, opt_fragment},
	{'j', "--jump", NULL, true, false, false, opt_jump},
	{'g', "--goto", NULL, true, false, false, opt_goto},
	{'m', "--match", NULL, true, false, true, opt_match},
	{'c', "--set-counters", NULL, true, false, false, opt_counters},
};

static int core_index(const char *name)
{
	/* "-x": the letter alone decides; "--name": the long names */
	if (name[0] == '-' && name[1] != '-') {
		for (size_t i = 0; i < ARRAY_SIZE(core_opts); i++)
			if (name[1] == core_opts[i].letter && !name[2])
				return (int)i;
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(core_opts); i++) {
		const struct core_opt *o = &core_opts[i];
		/* the third byte first: most --options are an extension's */
		if ((o->name[2] == name[2] && strcmp(name, o->name) == 0) ||
		    (o->alias && o->alias[2] == name[2] && strcmp(name, o->alias) == 0))
			return (int)i;
	}
	return -1;
}

/* --- words --- */

/* Give w its argument: attached, or the next word. */
static int take_arg(struct parser *ps, struct opt_word *w, bool has_arg)
{
	if (!has_arg) {
		if (w->arg)
			return nf_err(ps->err, w->col, "option %s takes no argument", w->name);
		return 0;
	}
	if (w->arg)
		return 0;
	if (ps->i >= ps->end)
		return nf_err(ps->err, w->col, "option %s needs an argument", w->name);
	const struct word_tok *a = &ps->t->v[ps->i++];
	if (strcmp(a->s, "!") == 0)
		return nf_err(ps->err, a->col, "\"!\" goes before the option: write \"! %s ...\"",
			      w->name);
	w->arg = a->s;
	w->arg_col = a->col;
	return 0;
}

/* "--name=value", "-xVALUE", "--name" or "-x"; false for a non-option. */
static bool split_word(const struct word_tok *tk, struct opt_word *w)
{
	const char *s = tk->s;
	size_t len;
	if (s[0] != '-' || !s[1])
		return false;
	if (s[1] == '-') {
		const char *eq = strchr(s, '=');
		len = eq ? (size_t)(eq - s) : strlen(s);
		if (eq) {
			w->arg = eq + 1;
			w->arg_col = tk->col + (int)(eq + 1 - s);
		}
	} else {
		len = 2;
		if (s[2]) {
			w->arg = s + 2;
			w->arg_col = tk->col + 2;
		}
	}
	if (len >= sizeof(w->name))
		len = sizeof(w->name) - 1;
	memcpy(w->name, s, len);
	w->name[len] = '\0';
	return true;
}

static int core_option(struct parser *ps, int ci, struct opt_word *w)
{
	const struct core_opt *o = &core_opts[ci];
	if (w->inv && !o->invertible)
		return nf_err(ps->err, w->inv_col, "\"!\" is not allowed before %s", w->name);
	if (!o->repeatable && (ps->core_seen & (1u << ci)))
		return nf_err(ps->err, w->col, "multiple -%c flags not allowed", o->letter);
	ps->core_seen |= 1u << ci;
	if (take_arg(ps, w, o->has_arg) < 0)
		return -1;
	return o->handle(ps, w);
}

/* --- extension options --- */

struct owner {
	const struct xt_option *opt;
	struct ext_slot *slot;
	struct match *m;   /* NULL: the target */
	int index;
};

static bool try_options(const struct xt_option *opts, const char *name, struct owner *o)
{
	int k = opts ? xt_option_index(opts, name + 2) : -1;
	if (k < 0)
		return false;
	o->opt = &opts[k];
	o->index = k;
	return true;
}

/* The extension loaded last that knows the option. */
static bool find_owner(struct parser *ps, const char *name, struct owner *o)
{
	struct rule *r = ps->r;
	bool has_target = r->action == RA_TARGET;
	for (size_t k = r->nmatches;; k--) {
		if (has_target && k == ps->target_at &&
		    try_options(r->target.type->options, name, o)) {
			o->m = NULL;
			o->slot = &ps->tslot;
			return true;
		}
		if (k == 0)
			return false;
		if (try_options(r->matches[k - 1].type->options, name, o)) {
			o->m = &r->matches[k - 1];
			o->slot = &ps->mslots[k - 1];
			return true;
		}
	}
}

/* iptables loads the protocol's match when its option is used without -m. */
static bool load_protocol_match(struct parser *ps, int col)
{
	const char *pname = ps->r->proto ? xt_proto_name(ps->r->proto) : NULL;
	const struct match_type *mt = pname ? find_match(ps, pname) : NULL;
	if (!mt)
		return false;
	for (size_t k = 0; k < ps->r->nmatches; k++)
		if (ps->r->matches[k].type == mt)
			return false;
	load_match(ps, mt, col);
	return true;
}

static int ext_option(struct parser *ps, struct opt_word *w)
{
	struct owner o;
	if (!find_owner(ps, w->name, &o) &&
	    !(load_protocol_match(ps, w->col) && find_owner(ps, w->name, &o))) {
		if (ps->r->action == RA_JUMP)
			return nf_err(ps->err, w->col,
				      "unknown option \"%s\" (-j %s is taken as a user chain: nfwalk "
				      "has no target of that name)",
				      w->name, ps->r->jump);
		return nf_err(ps->err, w->col, "unknown option \"%s\"", w->name);
	}
	const char *ext = o.m ? o.m->type->name : ps->r->target.type->name;
	if (w->inv && !o.opt->invertible)
		return nf_err(ps->err, w->inv_col, "%s: option \"%s\" cannot be inverted", ext,
			      w->name);
	if ((o.slot->seen & (1u << o.index)) &&
	    !(o.m && (o.m->type->repeat_mask & (1u << o.index))))
		return nf_err(ps->err, w->col, "%s: option \"%s\" can only be used once", ext,
			      w->name);
	o.slot->seen |= 1u << o.index;
	if (take_arg(ps, w, o.opt->has_arg) < 0)
		return -1;
	char both[256];
	if (o.opt->two_args) {
		if (ps->i >= ps->end)
			return nf_err(ps->err, w->col, "option %s needs two arguments", w->name);
		snprintf(both, sizeof(both), "%s %s", w->arg, ps->t->v[ps->i++].s);
		w->arg = both;
	}
	ps->err->col = -1;
	int rc = o.m ? o.m->type->parse(o.m, w->name, w->arg, w->inv, ps->err)
		     : ps->r->target.type->parse(&ps->r->target, w->name, w->arg, w->inv, ps->err);
	if (rc < 0 && ps->err->col < 0)
		ps->err->col = w->arg ? w->arg_col : w->col;
	return rc;
}

static int parse_words(struct parser *ps)
{
	bool inv = false;
	int inv_col = -1;
	while (ps->i < ps->end) {
		const struct word_tok *tk = &ps->t->v[ps->i++];
		if (strcmp(tk->s, "!") == 0) {
			if (inv)
				return nf_err(ps->err, tk->col, "multiple \"!\" flags not allowed");
			inv = true;
			inv_col = tk->col;
			continue;
		}
		/* name is split_word's to write: not zeroed for every word */
		struct opt_word w;
		w.arg = NULL;
		w.col = tk->col;
		w.arg_col = 0;
		w.inv = inv;
		w.inv_col = inv_col;
		inv = false;
		if (!split_word(tk, &w))
			return nf_err(ps->err, tk->col, "unexpected argument \"%s\"", tk->s);
		int ci = core_index(w.name);
		int rc;
		if (ci >= 0)
			rc = core_option(ps, ci, &w);
		else if (w.name[1] == '-')
			rc = ext_option(ps, &w);
		else
			rc = nf_err(ps->err, w.col, "unknown option \"%s\"", w.name);
		if (rc < 0)
			return -1;
	}
	if (inv)
		return nf_err(ps->err, inv_col, "\"!\" must be followed by an option");
	return 0;
}

/* --- checks once every word is read --- */

static int fix_col(struct nf_error *err, int col)
{
	if (err->col < 0)
		err->col = col;
	return -1;
}

static int table_refused(struct parser *ps, const char *what, unsigned tables, int col)
{
	char list[64] = "";
	for (int t = 0; t < TABLE_COUNT; t++)
		if (tables & (1u << t))
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 list[0] ? " and " : "", table_name(t));
	return nf_err(ps->err, col, "%s is only valid in the %s table%s", what, list,
		      strstr(list, " and ") ? "s" : "");
}

static int check_table(struct parser *ps)
{
	const struct rule *r = ps->r;
	unsigned here = 1u << ps->table;
	for (size_t k = 0; k < r->nmatches; k++) {
		const struct match_type *mt = r->matches[k].type;
		if (mt->tables_mask && !(mt->tables_mask & here)) {
			char what[64];
			snprintf(what, sizeof(what), "match %s", mt->name);
			return table_refused(ps, what, mt->tables_mask, ps->mslots[k].col);
		}
	}
	const struct target_type *tt = r->target.type;
	if (r->action == RA_TARGET && tt->tables_mask && !(tt->tables_mask & here))
		return table_refused(ps, tt->name, tt->tables_mask, ps->tslot.col);
	return 0;
}

static int hook_refused(struct parser *ps, const char *what, unsigned valid, int col)
{
	char v[64];
	xt_hooks_text(valid, v, sizeof(v));
	return nf_err(ps->err, col, "%s is not valid in %s: only in %s", what, hook_name(ps->hook),
		      v);
}

static int check_hooks(struct parser *ps)
{
	const struct rule *r = ps->r;
	if (ps->hook == HOOK_NONE)
		return 0;
	unsigned here = HOOKBIT(ps->hook);
	for (size_t k = 0; k < r->nmatches; k++) {
		const struct match *m = &r->matches[k];
		unsigned valid = m->type->hooks_mask ? m->type->hooks_mask : 0x1fu;
		if (m->type->instance_hooks && m->type->instance_hooks(m))
			valid &= m->type->instance_hooks(m);
		if (!(valid & here)) {
			char what[64];
			snprintf(what, sizeof(what), "match %s", m->type->name);
			return hook_refused(ps, what, valid, ps->mslots[k].col);
		}
	}
	const struct target_type *tt = r->target.type;
	if (r->action == RA_TARGET && tt->hooks_mask && !(tt->hooks_mask & here))
		return hook_refused(ps, tt->name, tt->hooks_mask, ps->tslot.col);
	if ((r->iif[0] || r->iif_inv) && (ps->hook == HOOK_OUTPUT || ps->hook == HOOK_POSTROUTING))
		return nf_err(ps->err, ps->col_in,
			      "-i cannot be used in %s: outgoing packets have no input interface",
			      hook_name(ps->hook));
	if ((r->oif[0] || r->oif_inv) && (ps->hook == HOOK_PREROUTING || ps->hook == HOOK_INPUT))
		return nf_err(ps->err, ps->col_out,
			      "-o cannot be used in %s: the packet has no output interface yet",
			      hook_name(ps->hook));
	return 0;
}

static int final_checks(struct parser *ps)
{
	struct rule *r = ps->r;
	for (size_t k = 0; k < r->nmatches; k++) {
		const struct match *m = &r->matches[k];
		ps->err->col = -1;
		if (m->type->final_check && m->type->final_check(m, r, ps->err) < 0)
			return fix_col(ps->err, ps->mslots[k].col);
	}
	ps->err->col = -1;
	if (r->action == RA_TARGET && r->target.type->final_check &&
	    r->target.type->final_check(&r->target, r, ps->err) < 0)
		return fix_col(ps->err, ps->tslot.col);
	if (check_table(ps) < 0)
		return -1;
	return check_hooks(ps);
}

static size_t option_args(const struct xt_option *o, const char *name)
{
	int k = o ? xt_option_index(o, name) : -1;
	return k < 0 ? 0 : (size_t)o[k].has_arg + (size_t)o[k].two_args;
}

/* Every option of every extension (both families), by name, with the
 * most arguments any of them takes: made once, at the first option an
 * iptables command gives.  Asking every extension at every option was
 * nine tenths of loading a scenario's iptables lines (400,000
 * instructions a rule with two long options). */
struct arity {
	const char *name;
	size_t nargs;
};
static struct arity *arities;
static size_t narities;

static void arities_add(struct arity **v, size_t *n, size_t *cap, const struct xt_option *o)
{
	for (size_t k = 0; o && o[k].name; k++) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 256;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[(*n)++] = (struct arity){o[k].name, option_args(o, o[k].name)};
	}
}

static int arity_order(const void *a, const void *b)
{
	return strcmp(((const struct arity *)a)->name, ((const struct arity *)b)->name);
}

/* The extensions as the parser finds them by name: the first of each
 * name that the family has. */
static void arities_make(void)
{
	const char *const *mn = match_names(), *const *tn = target_names();
	static const int families[] = {FAMILY_IPV4, FAMILY_IPV6};
	struct arity *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t f = 0; f < ARRAY_SIZE(families); f++) {
		for (size_t i = 0; mn[i]; i++) {
			const struct match_type *mt = match_find_family(mn[i], families[f]);
			if (mt)
				arities_add(&v, &n, &cap, mt->options);
		}
		for (size_t i = 0; tn[i]; i++) {
			const struct target_type *tt = target_find_family(tn[i], families[f]);
			if (tt)
				arities_add(&v, &n, &cap, tt->options);
		}
	}
	qsort(v, n, sizeof(*v), arity_order);
	/* one per name: the most */
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out && strcmp(v[out - 1].name, v[i].name) == 0) {
			if (v[i].nargs > v[out - 1].nargs)
				v[out - 1].nargs = v[i].nargs;
			continue;
		}
		v[out++] = v[i];
	}
	arities = v;
	narities = out;
}

/* Arguments the option takes in whichever extension has it. */
static size_t extension_args(const char *name)
{
	if (!arities)
		arities_make();
	struct arity key = {name, 0};
	const struct arity *a = bsearch(&key, arities, narities, sizeof(*arities), arity_order);
	return a ? a->nargs : 0;
}

size_t rule_word_span(const struct rtokens *t, size_t i)
{
	struct opt_word w = {.arg = NULL};
	if (!split_word(&t->v[i], &w))
		return 1;
	int ci = core_index(w.name);
	size_t nargs = ci >= 0		    ? (size_t)core_opts[ci].has_arg
		       : w.name[1] == '-' ? extension_args(w.name + 2)
					  : 0;
	size_t span = 1 + nargs - (nargs && w.arg);
	if (ci >= 0 && core_opts[ci].handle == opt_counters) {
		const char *arg = w.arg ? w.arg : i + 1 < t->n ? t->v[i + 1].s : NULL;
		if (arg && !strchr(arg, ','))
			span++;
	}
	return span < t->n - i ? span : t->n - i;
}

static void mslots_free(struct parser *ps)
{
	if (ps->mslots != ps->mslot_room)
		free(ps->mslots);
}

struct rule *rule_parse_tokens(const struct rtokens *t, size_t from, size_t to, const char *text,
			       int family, enum nf_table table, const char *chain, int src_line,
			       struct nf_error *err)
{
	struct nf_error scratch;
	if (!err)
		err = &scratch;
	struct rule *r = xcalloc(1, sizeof(*r));
	struct parser ps = {
		.t = t, .i = from, .end = to, .r = r, .table = table,
		.family = family == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4,
		.hook = builtin_hook(table, chain), .err = err,
		.col_in = -1, .col_out = -1, .col_action = -1,
	};
	r->family = ps.family;
	r->src_line = src_line;
	if (parse_words(&ps) < 0 || final_checks(&ps) < 0) {
		mslots_free(&ps);
		rule_free(r);
		return NULL;
	}
	mslots_free(&ps);
	if (from < to)
		r->comment_text = xstrndup(text + t->v[from].col,
					   (size_t)(t->v[to - 1].end - t->v[from].col));
	else
		r->comment_text = xstrdup("");
	return r;
}

struct rule *rule_parse(const char *args, enum nf_table table, const char *chain, int src_line,
			struct nf_error *err)
{
	return rule_parse_family(args, FAMILY_IPV4, table, chain, src_line, err);
}

struct rule *rule_parse_family(const char *args, int family, enum nf_table table,
			       const char *chain, int src_line, struct nf_error *err)
{
	struct rtokens t;
	struct rtokens_room room;
	if (table < 0 || table >= TABLE_COUNT) {
		nf_err(err, -1, "no such table");
		return NULL;
	}
	if (rtokens_split_room(args ? args : "", &t, &room, err) < 0)
		return NULL;
	struct rule *r =
		rule_parse_tokens(&t, 0, t.n, args ? args : "", family, table, chain, src_line, err);
	rtokens_release(&t, &room);
	return r;
}
