/* ipset_cmd.c - the ipset command language: `ipset create/add/del`
 * lines as an admin types them, `ipset save` output (what `ipset
 * restore` reads), and writing the sets back in that form.  Messages
 * are ipset's own where it has one. */
#define _POSIX_C_SOURCE 200809L

#include "engine/xt/ipset.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/track/packet.h"
#include "engine/xt/xt.h"
#include "lib/addr.h"
#include "lib/datapath.h"
#include "lib/words.h"

/* ipset expands a range into elements; a larger one is refused here
 * rather than filling memory (hash:ip's default maxelem). */
#define EXPAND_MAX 65536u

struct cmd {
	struct word_list wl;
	size_t i; /* next word */
	bool exist;
	double now;
	struct ipset_store *st;
	struct nf_error *err;
};

static const struct word_tok *peek(struct cmd *c)
{
	return c->i < c->wl.n ? &c->wl.v[c->i] : NULL;
}

static const struct word_tok *next(struct cmd *c)
{
	return c->i < c->wl.n ? &c->wl.v[c->i++] : NULL;
}

/* The column after the last word, for "missing ..." errors. */
static int end_col(const struct cmd *c)
{
	return c->wl.n ? c->wl.v[c->wl.n - 1].end : 0;
}

static int bad(struct cmd *c, const struct word_tok *w, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct cmd *c, const struct word_tok *w, const char *fmt, ...)
{
	char msg[sizeof(c->err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return nf_err(c->err, w ? w->col : end_col(c), "%s", msg);
}

static bool parse_u32(const char *s, uint32_t *out)
{
	return xt_parse_u32(s, UINT32_MAX, out);
}

/* --- elements --- */

/* One component's range of values. */
struct span {
	uint32_t lo, hi; /* addresses or ports */
	uint8_t cidr;    /* IC_NET: the prefix when not a range */
	uint8_t proto;
	bool range;      /* IC_NET written a-b: split into prefixes */
};

static bool parse_ip_span(const char *s, bool net, struct span *sp)
{
	char buf[64];
	str_copy(buf, sizeof(buf), s);
	char *dash = strchr(buf, '-'), *slash = strchr(buf, '/');
	sp->cidr = 32;
	if (dash) {
		*dash = '\0';
		if (!addr_parse(buf, &sp->lo) || !addr_parse(dash + 1, &sp->hi) || sp->lo > sp->hi)
			return false;
		sp->range = net;
		return true;
	}
	if (slash) {
		uint64_t len;
		*slash = '\0';
		if (!addr_parse(buf, &sp->lo) || !parse_uint(slash + 1, 32, &len))
			return false;
		sp->cidr = (uint8_t)len;
		sp->lo &= prefix_mask((int)len);
		sp->hi = net ? sp->lo : sp->lo | ~prefix_mask((int)len);
		return true;
	}
	if (!addr_parse(buf, &sp->lo))
		return false;
	sp->hi = sp->lo;
	return true;
}

/* "[proto:]port[-port]"; ICMP "icmp:TYPE/CODE" or "icmp:NAME". */
static bool parse_port_span(const char *s, bool bitmap, struct span *sp)
{
	char buf[64];
	str_copy(buf, sizeof(buf), s);
	char *colon = strchr(buf, ':'), *p = buf;
	sp->proto = PROTO_TCP;
	if (colon) {
		*colon = '\0';
		if (!xt_proto_parse(buf, &sp->proto))
			return false;
		p = colon + 1;
		if (bitmap && sp->proto != PROTO_TCP && sp->proto != PROTO_UDP)
			return false;
	}
	if (sp->proto == PROTO_ICMP) {
		uint16_t tc;
		uint32_t t, c;
		char *sl = strchr(p, '/');
		if (ipset_icmp_by_name(p, &tc)) {
			sp->lo = sp->hi = tc;
			return true;
		}
		if (!sl)
			return false;
		*sl = '\0';
		if (!xt_parse_u32(p, 255, &t) || !xt_parse_u32(sl + 1, 255, &c))
			return false;
		sp->lo = sp->hi = t << 8 | c;
		return true;
	}
	uint16_t lo, hi;
	char *dash = strchr(p, '-');
	if (dash) {
		*dash = '\0';
		if (!xt_parse_port(p, &lo) || !xt_parse_port(dash + 1, &hi) || lo > hi)
			return false;
	} else if (!xt_parse_port(p, &lo)) {
		return false;
	} else {
		hi = lo;
	}
	sp->lo = lo;
	sp->hi = hi;
	return true;
}

/* The largest prefix starting at a that stays within [a, hi]
 * (ip_set_range_to_cidr). */
static uint8_t range_cidr(uint32_t a, uint32_t hi)
{
	for (int len = 0; len <= 32; len++) {
		uint32_t m = prefix_mask(len);
		if ((a & m) == a && (a | ~m) <= hi)
			return (uint8_t)len;
	}
	return 32;
}

struct elem_parse {
	struct ipset_elem proto; /* the options and fixed parts */
	struct span sp[3];
	unsigned ncomp;
};

static int parse_component(struct cmd *c, const struct ipset *s, unsigned d, const char *part,
			   const struct word_tok *w, struct elem_parse *ep)
{
	struct span *sp = &ep->sp[d];
	switch (ipset_type_comp(s->type, d)) {
	case IC_IP:
	case IC_NET: {
		bool net = ipset_type_comp(s->type, d) == IC_NET;
		if (!parse_ip_span(part, net, sp))
			return bad(c, w, "Syntax error: '%s' is not a valid IPv4 address, network "
					 "or range",
				   part);
		if (net && !sp->range && sp->cidr == 0)
			return bad(c, w, "The value of the CIDR parameter of the IP address is "
					 "invalid (%s)",
				   part);
		return 0;
	}
	case IC_PORT:
		if (!parse_port_span(part, s->type == IPS_BITMAP_PORT, sp))
			return bad(c, w, "Syntax error: '%s' is not a valid proto:port", part);
		if (s->type == IPS_BITMAP_PORT && (sp->lo < s->port_lo || sp->hi > s->port_hi))
			return bad(c, w, "Element is out of the range of the set (%s)", part);
		return 0;
	case IC_IFACE:
		if (str_starts(part, "physdev:")) {
			ep->proto.physdev = true;
			part += 8;
		}
		if (!*part || strlen(part) >= sizeof(ep->proto.iface))
			return bad(c, w, "Syntax error: bad interface name '%s'", part);
		str_copy(ep->proto.iface, sizeof(ep->proto.iface), part);
		return 0;
	case IC_SETNAME: {
		const struct ipset *m = ipset_find(c->st, part);
		if (!m)
			return bad(c, w, "Set to be added/deleted/tested as element does not exist "
					 "(%s)",
				   part);
		if (m->type == IPS_LIST_SET)
			return bad(c, w, "a list:set cannot hold a list:set (%s)", part);
		str_copy(ep->proto.member, sizeof(ep->proto.member), part);
		return 0;
	}
	case IC_NONE:
		break;
	}
	return bad(c, w, "Syntax error: too many components in '%s'", part);
}

static int parse_elem_text(struct cmd *c, const struct ipset *s, const struct word_tok *w,
			   struct elem_parse *ep)
{
	char buf[256];
	str_copy(buf, sizeof(buf), w->s);
	unsigned dim = ipset_type_dim(s->type), d = 0;
	char *save = NULL;
	/* a list:set member is one name even if it has a ',' */
	for (char *part = s->type == IPS_LIST_SET ? buf : strtok_r(buf, ",", &save); part;
	     part = s->type == IPS_LIST_SET ? NULL : strtok_r(NULL, ",", &save), d++) {
		if (d >= dim)
			return bad(c, w, "Syntax error: elem separator in '%s', but the set type "
					 "takes fewer components",
				   w->s);
		if (parse_component(c, s, d, part, w, ep))
			return -1;
	}
	if (d < dim)
		return bad(c, w, "Syntax error: second/third component missing from '%s'", w->s);
	ep->ncomp = dim;
	return 0;
}

/* Element options: timeout, packets, bytes, comment, nomatch. */
static int parse_elem_opts(struct cmd *c, const struct ipset *s, bool add, struct elem_parse *ep,
			   uint32_t *timeout)
{
	const struct word_tok *w;
	while ((w = next(c))) {
		const char *o = w->s;
		bool valued = strcmp(o, "timeout") == 0 || strcmp(o, "packets") == 0 ||
			      strcmp(o, "bytes") == 0 || strcmp(o, "comment") == 0;
		const struct word_tok *v = valued ? next(c) : NULL;
		if (valued && !v)
			return bad(c, NULL, "Missing mandatory argument of option '%s'", o);
		if (strcmp(o, "nomatch") == 0) {
			if (s->type != IPS_HASH_NET && s->type != IPS_HASH_NET_PORT &&
			    s->type != IPS_HASH_NET_IFACE)
				return bad(c, w, "Syntax error: argument '%s' is not supported by the "
						 "set type",
					   o);
			ep->proto.nomatch = true;
		} else if (!add && valued) {
			return bad(c, w, "Syntax error: argument '%s' goes with add only", o);
		} else if (strcmp(o, "timeout") == 0) {
			if (!s->has_timeout)
				return bad(c, w, "Timeout cannot be used: set was created without "
						 "timeout support");
			if (!xt_parse_u32(v->s, 2147483, timeout))
				return bad(c, v, "Syntax error: '%s' is invalid as a timeout", v->s);
		} else if (strcmp(o, "packets") == 0 || strcmp(o, "bytes") == 0) {
			uint64_t n;
			if (!s->counters)
				return bad(c, w, "Packet/byte counters cannot be used: set was created "
						 "without counter support");
			if (!parse_uint(v->s, UINT64_MAX, &n))
				return bad(c, v, "Syntax error: '%s' is invalid as a number", v->s);
			*(o[0] == 'p' ? &ep->proto.packets : &ep->proto.bytes) = n;
		} else if (strcmp(o, "comment") == 0) {
			if (!s->comment)
				return bad(c, w, "Comment cannot be used: set was created without "
						 "comment support");
			free(ep->proto.comment);
			ep->proto.comment = xstrdup(v->s);
		} else {
			return bad(c, w, "Syntax error: argument '%s' is not supported here (nfwalk "
					 "takes timeout, packets, bytes, comment, nomatch)",
				   o);
		}
	}
	return 0;
}

static uint64_t span_count(const struct span *sp, bool net)
{
	if (net && sp->range) {
		uint64_t n = 0;
		for (uint64_t a = sp->lo; a <= sp->hi; n++)
			a += 1ull << (32 - range_cidr((uint32_t)a, sp->hi));
		return n;
	}
	return net ? 1 : (uint64_t)sp->hi - sp->lo + 1;
}

/* Apply every element the spans describe. */
static int apply_elems(struct cmd *c, struct ipset *s, const struct word_tok *w, bool add,
		       struct elem_parse *ep, uint32_t timeout)
{
	uint64_t total = 1;
	for (unsigned d = 0; d < ep->ncomp; d++) {
		enum ipset_comp k = ipset_type_comp(s->type, d);
		if (k == IC_IP || k == IC_NET || k == IC_PORT)
			total *= span_count(&ep->sp[d], k == IC_NET);
		else
			ep->sp[d].lo = ep->sp[d].hi = 0;
	}
	if (total > EXPAND_MAX)
		return bad(c, w, "'%s' is too large a range (nfwalk expands at most 65536 elements)",
			   w->s);
	struct ipset_elem e = ep->proto;
	struct span *a = &ep->sp[0], *b = &ep->sp[1], *t = &ep->sp[2];
	bool net = ipset_type_comp(s->type, 0) == IC_NET;
	/* hash:ip with a netmask: one element per netmask block */
	uint64_t step = s->type == IPS_HASH_IP ? 1ull << (32 - s->netmask) : 1;
	if (step > 1)
		a->lo &= prefix_mask(s->netmask);
	for (uint64_t x = a->lo; x <= a->hi;) {
		e.ip = (uint32_t)x;
		e.cidr = net ? (a->range ? range_cidr((uint32_t)x, a->hi) : a->cidr) : 32;
		if (ipset_type_comp(s->type, 0) == IC_PORT) {
			e.ip = 0;
			e.port = (uint16_t)x;
			e.proto = 0;
		}
		for (uint64_t y = b->lo; y <= b->hi; y++) {
			if (ipset_type_comp(s->type, 1) == IC_PORT) {
				e.port = (uint16_t)y;
				e.proto = b->proto;
			}
			for (uint64_t z = t->lo; z <= t->hi; z++) {
				e.ip2 = (uint32_t)z;
				struct nf_error in = {.col = -1};
				int rc = add ? ipset_uadd(s, &e, timeout, c->exist, c->now, &in)
					     : ipset_udel(s, &e, c->exist, c->now, &in);
				if (rc)
					return bad(c, w, "%s", in.msg);
			}
		}
		x += net ? 1ull << (32 - e.cidr) : step;
	}
	return 0;
}

static int cmd_adt(struct cmd *c, bool add)
{
	const struct word_tok *nw = next(c), *ew = next(c);
	if (!nw || !ew)
		return bad(c, NULL, "Syntax error: %s needs a set name and an element",
			   add ? "add" : "del");
	struct ipset *s = ipset_find(c->st, nw->s);
	if (!s)
		return bad(c, nw, "The set with the given name does not exist (%s)", nw->s);
	struct elem_parse ep;
	memset(&ep, 0, sizeof(ep));
	uint32_t timeout = UINT32_MAX;
	int rc = -1;
	if (parse_elem_text(c, s, ew, &ep) == 0 && parse_elem_opts(c, s, add, &ep, &timeout) == 0)
		rc = apply_elems(c, s, ew, add, &ep, timeout);
	free(ep.proto.comment);
	return rc;
}

/* --- create --- */

static int create_opt(struct cmd *c, struct ipset *s, const struct word_tok *w)
{
	static const char *const flags[] = {"counters", "comment", "forceadd", NULL};
	static const char *const valued[] = {"family", "hashsize", "maxelem", "timeout",
					     "netmask", "bucketsize", "initval", "range",
					     "size", NULL};
	int f = xt_name_index(flags, w->s);
	if (f == 0)
		s->counters = true;
	if (f == 1)
		s->comment = true;
	if (f >= 0)
		return 0;
	int k = xt_name_index(valued, w->s);
	if (k < 0)
		return bad(c, w, "Syntax error: argument '%s' is not supported by nfwalk's sets "
				 "(skbinfo and IPv6 are not modelled)",
			   w->s);
	const struct word_tok *v = next(c);
	if (!v)
		return bad(c, NULL, "Missing mandatory argument of option '%s'", w->s);
	uint32_t n = 0;
	bool num = parse_u32(v->s, &n);
	switch (k) {
	case 0:
		if (strcmp(v->s, "inet") != 0)
			return bad(c, v, "family %s: nfwalk models IPv4 (family inet) only", v->s);
		return 0;
	case 1:
		s->hashsize = n;
		break;
	case 2:
		s->maxelem = n;
		break;
	case 3:
		if (n > 2147483)
			num = false;
		s->timeout = n;
		s->has_timeout = true;
		break;
	case 4:
		if (s->type != IPS_HASH_IP || n < 1 || n > 32)
			return bad(c, v, "Syntax error: netmask %s: hash:ip takes 1-32", v->s);
		s->netmask = (uint8_t)n;
		break;
	case 5:
	case 6:
		return 0; /* the hash table's own shape: nothing a walk sees */
	case 7: {
		struct span sp = {0};
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", v->s);
		if (!parse_port_span(buf, true, &sp) || sp.proto != PROTO_TCP)
			return bad(c, v, "Syntax error: '%s' is not a valid port range", v->s);
		s->port_lo = (uint16_t)sp.lo;
		s->port_hi = (uint16_t)sp.hi;
		num = true;
		break;
	}
	case 8:
		s->size = n;
		break;
	}
	if (!num)
		return bad(c, v, "Syntax error: '%s' is not a valid value", v->s);
	return 0;
}

static bool type_takes(enum ipset_type t, const char *opt)
{
	bool hash = t != IPS_BITMAP_PORT && t != IPS_LIST_SET;
	if (!strcmp(opt, "range"))
		return t == IPS_BITMAP_PORT;
	if (!strcmp(opt, "size"))
		return t == IPS_LIST_SET;
	if (!strcmp(opt, "family") || !strcmp(opt, "hashsize") || !strcmp(opt, "maxelem") ||
	    !strcmp(opt, "bucketsize") || !strcmp(opt, "initval") || !strcmp(opt, "forceadd"))
		return hash;
	if (!strcmp(opt, "netmask"))
		return t == IPS_HASH_IP;
	return true;
}

static int cmd_create(struct cmd *c)
{
	const struct word_tok *nw = next(c), *tw = next(c), *w;
	if (!nw || !tw)
		return bad(c, NULL, "Syntax error: create needs a set name and a type");
	if (strlen(nw->s) > IPSET_NAME_MAX)
		return bad(c, nw, "Syntax error: setname '%s' is longer than 31 characters", nw->s);
	int t = ipset_type_by_name(tw->s);
	if (t < 0)
		return bad(c, tw, "Syntax error: typename '%s' is unknown or not modelled (nfwalk "
				  "has hash:ip, hash:net, hash:ip,port, hash:net,port, hash:ip,port,ip, "
				  "hash:net,iface, bitmap:port, list:set)",
			   tw->s);
	struct ipset_store scratch = {0};
	struct ipset *s = ipset_create(&scratch, nw->s, (enum ipset_type)t, NULL);
	int rc = 0;
	while (!rc && (w = next(c))) {
		if (!type_takes(s->type, w->s))
			rc = bad(c, w, "Syntax error: argument '%s' is not supported by the set type",
				 w->s);
		else
			rc = create_opt(c, s, w);
	}
	if (!rc && s->type == IPS_BITMAP_PORT && s->port_hi == 0 && s->port_lo == 0)
		rc = bad(c, tw, "Syntax error: bitmap:port needs 'range FROM-TO'");
	if (!rc && ipset_find(c->st, s->name) && !c->exist)
		rc = bad(c, nw, "Set cannot be created: set with the same name already exists");
	if (!rc && !ipset_find(c->st, s->name)) {
		c->st->v = xrealloc(c->st->v, (c->st->n + 1) * sizeof(*c->st->v));
		c->st->v[c->st->n++] = s;
		scratch.n = 0;
	}
	ipset_store_free(&scratch);
	return rc;
}

/* flush/destroy without a name act on every set. */
static int cmd_flush_destroy(struct cmd *c, bool destroy)
{
	const struct word_tok *nw = next(c);
	for (size_t i = 0; i < c->st->n;) {
		struct ipset *s = c->st->v[i];
		if (nw && strcmp(s->name, nw->s) != 0) {
			i++;
			continue;
		}
		for (size_t k = 0; k < s->n; k++)
			ipset_elem_free(&s->v[k]);
		s->n = 0;
		if (!destroy) {
			i++;
			continue;
		}
		free(s->v);
		free(s);
		memmove(&c->st->v[i], &c->st->v[i + 1], (c->st->n - i - 1) * sizeof(*c->st->v));
		c->st->n--;
	}
	if (nw && !destroy && !ipset_find(c->st, nw->s))
		return bad(c, nw, "The set with the given name does not exist (%s)", nw->s);
	return 0;
}

int ipset_command(struct ipset_store *st, const char *line, double now, struct nf_error *err)
{
	struct cmd c = {.st = st, .now = now, .err = err};
	int rc = word_split_line(&c.wl, line, WORD_QUOTES | WORD_ESCAPES | WORD_COMMENT);
	if (rc != WORD_OK) {
		word_list_free(&c.wl);
		return nf_err(err, c.wl.err_col, "unclosed quote");
	}
	/* global options may stand anywhere: take them out */
	size_t k = 0;
	for (size_t i = 0; i < c.wl.n; i++) {
		const char *s = c.wl.v[i].s;
		if (strcmp(s, "-exist") == 0 || strcmp(s, "-!") == 0 || strcmp(s, "--exist") == 0)
			c.exist = true;
		else
			c.wl.v[k++] = c.wl.v[i];
	}
	c.wl.n = k;
	if (peek(&c) && strcmp(peek(&c)->s, "ipset") == 0)
		c.i++;
	const struct word_tok *w = next(&c);
	if (!w)
		rc = 0;
	else if (!strcmp(w->s, "create") || !strcmp(w->s, "-N") || !strcmp(w->s, "n"))
		rc = cmd_create(&c);
	else if (!strcmp(w->s, "add") || !strcmp(w->s, "-A") || !strcmp(w->s, "a"))
		rc = cmd_adt(&c, true);
	else if (!strcmp(w->s, "del") || !strcmp(w->s, "-D"))
		rc = cmd_adt(&c, false);
	else if (!strcmp(w->s, "flush") || !strcmp(w->s, "-F"))
		rc = cmd_flush_destroy(&c, false);
	else if (!strcmp(w->s, "destroy") || !strcmp(w->s, "-X") || !strcmp(w->s, "x"))
		rc = cmd_flush_destroy(&c, true);
	else
		rc = bad(&c, w, "Syntax error: unknown ipset command '%s' (nfwalk takes create, add, "
				"del, flush, destroy)",
			 w->s);
	word_list_free(&c.wl);
	return rc;
}

int ipset_restore_text(struct ipset_store *st, const char *file, const char *text,
		       struct nf_error *err)
{
	int line = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *l = xstrndup(p, len);
		line++;
		struct nf_error e = {.col = -1};
		/* ipset restore's COMMIT ends a batch; there is nothing to end */
		int rc = strcmp(l, "COMMIT") == 0 ? 0 : ipset_command(st, l, 0, &e);
		free(l);
		if (rc) {
			if (err) {
				*err = e;
				str_copy(err->file, sizeof(err->file), file);
				err->line = line;
				if (err->col < 0)
					err->col = 0;
			}
			return -1;
		}
		p = nl ? nl + 1 : p + len;
	}
	return 0;
}

int ipset_restore_file(struct ipset_store *st, const char *path, struct nf_error *err)
{
	FILE *f = datapath_is_stdin(path) ? stdin : fopen(path, "r");
	if (!f) {
		if (err) {
			str_copy(err->file, sizeof(err->file), path);
			err->line = 0;
		}
		return nf_err(err, -1, "cannot read: %s", strerror(errno));
	}
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addf(&sb, "%.*s", (int)n, buf);
	if (f != stdin)
		fclose(f);
	int rc = ipset_restore_text(st, datapath_display_name(path), sb_str(&sb), err);
	sb_free(&sb);
	return rc;
}

/* --- ipset save --- */

static void save_header(const struct ipset *s, struct strbuf *out)
{
	sb_addf(out, "create %s %s", s->name, ipset_type_name(s->type));
	if (s->type == IPS_BITMAP_PORT)
		sb_addf(out, " range %u-%u", s->port_lo, s->port_hi);
	else if (s->type == IPS_LIST_SET)
		sb_addf(out, " size %u", s->size);
	else
		sb_addf(out, " family inet hashsize %u maxelem %u", s->hashsize, s->maxelem);
	if (s->netmask != 32)
		sb_addf(out, " netmask %u", s->netmask);
	if (s->has_timeout)
		sb_addf(out, " timeout %u", s->timeout);
	if (s->counters)
		sb_adds(out, " counters");
	if (s->comment)
		sb_adds(out, " comment");
	sb_adds(out, "\n");
}

static void save_elem(const struct ipset *s, const struct ipset_elem *e, double now,
		      struct strbuf *out)
{
	char text[96];
	ipset_elem_fmt(s, e, text, sizeof(text));
	sb_addf(out, "add %s %s", s->name, text);
	if (s->has_timeout) {
		/* ip_set_timeout_get: whole seconds left, at least 1 */
		uint64_t left = e->expires > 0 ? (uint64_t)(e->expires - now) : 0;
		sb_addf(out, " timeout %llu", (unsigned long long)(e->expires > 0 && !left ? 1 : left));
	}
	if (e->nomatch)
		sb_adds(out, " nomatch");
	if (s->counters)
		sb_addf(out, " packets %llu bytes %llu", (unsigned long long)e->packets,
			(unsigned long long)e->bytes);
	if (s->comment && e->comment) {
		sb_adds(out, " comment \"");
		for (const char *p = e->comment; *p; p++)
			sb_addf(out, "%s%c", *p == '"' || *p == '\\' ? "\\" : "", *p);
		sb_adds(out, "\"");
	}
	sb_adds(out, "\n");
}

/* list:set last, as ipset save writes them: their members come first. */
void ipset_save(const struct ipset_store *st, double now, struct strbuf *out)
{
	for (size_t j = 0; st && j < 2 * st->n; j++) {
		const struct ipset *s = st->v[j % st->n];
		if ((s->type == IPS_LIST_SET) != (j >= st->n))
			continue;
		save_header(s, out);
		for (size_t k = 0; k < s->n; k++)
			if (!(s->v[k].expires > 0 && now > s->v[k].expires))
				save_elem(s, &s->v[k], now, out);
	}
}
