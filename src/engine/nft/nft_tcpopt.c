/* nft_tcpopt.c - tcp option matches (nft_exthdr's TCP options): the
 * option of a kind is looked for in the whole TCP header as
 * nft_exthdr_tcp_eval walks it (a kind byte of 0 or 1, or a length of 0,
 * moves on by one byte), and a field of it read at its offset; with
 * `exists` or `missing` only whether the option is there.  An option
 * that is not there, or shorter than the field, ends the rule. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

/* nft's tcpopt.c: the options by name, and their fields (offset and
 * length in bytes inside the option); kind and length for every one */
static const struct tcpopt {
	const char *name;
	uint8_t kind;
	struct {
		const char *name;
		uint8_t off, len;
	} fields[4];
} options[] = {
	{"maxseg", 2, {{"size", 2, 2}}},
	{"window", 3, {{"count", 2, 1}}},
	{"sack-perm", 4, {{NULL, 0, 0}}},
	{"sack", 5, {{"left", 2, 4}, {"right", 6, 4}}},
	{"sack0", 5, {{"left", 2, 4}, {"right", 6, 4}}},
	{"sack1", 5, {{"left", 10, 4}, {"right", 14, 4}}},
	{"sack2", 5, {{"left", 18, 4}, {"right", 22, 4}}},
	{"sack3", 5, {{"left", 26, 4}, {"right", 30, 4}}},
	{"timestamp", 8, {{"tsval", 2, 4}, {"tsecr", 6, 4}}},
};

struct tcpopt_ref {
	uint8_t kind, off, len; /* len 0: the option as a whole (exists/missing) */
};

/* "tcp option NAME [FIELD]" to what it reads; false when unknown. */
static bool ref_of(const struct nft_expr *e, struct tcpopt_ref *r)
{
	char name[24] = "", field[24] = "";
	if (sscanf(e->text, "tcp option %23s %23s", name, field) < 1)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		if (strcmp(options[i].name, name))
			continue;
		*r = (struct tcpopt_ref){.kind = options[i].kind};
		if (!field[0])
			return true;
		if (!strcmp(field, "kind"))
			return r->len = 1, true;
		if (!strcmp(field, "length"))
			return r->off = 1, r->len = 1, true;
		for (size_t f = 0; f < ARRAY_SIZE(options[i].fields) && options[i].fields[f].name; f++)
			if (!strcmp(options[i].fields[f].name, field)) {
				r->off = options[i].fields[f].off;
				r->len = options[i].fields[f].len;
				return true;
			}
		return false;
	}
	return false;
}

bool nft_is_tcpopt(const struct nft_expr *e)
{
	return e->kind == EK_SELECTOR && e->text && !strncmp(e->text, "tcp option ", 11);
}

bool nft_tcpopt_can(const struct nft_expr *e, const char **why)
{
	struct tcpopt_ref r;
	if (ref_of(e, &r))
		return true;
	*why = "this tcp option or field is not evaluated by nfwalk yet (maxseg, window, sack-perm, sack, "
	       "sack0-3, timestamp are)";
	return false;
}

/* optlen(): how far the walk moves from the byte at i */
static size_t step(const uint8_t *opt, size_t i, size_t hdr)
{
	return opt[i] <= 1 || i + 1 >= hdr || opt[i + 1] == 0 ? 1 : opt[i + 1];
}

const uint8_t *nft_tcpopt_find(const uint8_t *tcp, size_t hdr, uint8_t kind)
{
	for (size_t i = 20; i + 1 < hdr; i += step(tcp, i, hdr))
		if (tcp[i] == kind)
			return tcp + i;
	return NULL;
}

bool nft_tcpopt_read(const struct nft_ctx *c, const struct nft_expr *e, bool present, struct nval *v)
{
	struct tcpopt_ref r;
	const struct packet *p = c->p;
	if (!ref_of(e, &r))
		return false;
	size_t hdr = pkt_l3_ok(p) && !pkt_is_fragment(p) && pkt_l4_offset(p) && pkt_proto(p) == PROTO_TCP
			     ? pkt_tcp_hdr_len(p)
			     : 0;
	const uint8_t *tcp = hdr >= 20 ? pkt_l4(p, hdr) : NULL;
	const uint8_t *o = tcp ? nft_tcpopt_find(tcp, hdr, r.kind) : NULL;
	bool fits = o && (size_t)(o - tcp) + r.off + r.len <= hdr;
	if (present) { /* no TCP header: not there either */
		*v = (struct nval){.n = fits};
		return true;
	}
	if (!fits || !r.len)
		return false;
	uint64_t n = 0;
	for (uint8_t i = 0; i < r.len; i++)
		n = n << 8 | o[r.off + i];
	*v = (struct nval){.n = n};
	return true;
}
