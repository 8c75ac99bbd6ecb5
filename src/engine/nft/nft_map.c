/* nft_map.c - data maps: `KEY map { k : v, ... }` and `KEY map @m` give
 * the value of the element the key falls in, as nft_lookup does with a
 * map (NFT_SET_MAP) into the destination register; no element, and the
 * rule ends there (NFT_BREAK).  Statements take the value: meta mark set
 * tcp dport map { 22 : 1 }, dnat to ip daddr map { 1.2.3.4 : 10.0.0.1 },
 * snat to ip saddr map @m, with concatenated keys and values. */
#include <stdio.h>
#include <string.h>

#include "engine/nft/nft_eval_priv.h"

const struct nft_expr *nft_map_lookup(const struct nft_ctx *c, const struct nft_expr *e, bool *readable)
{
	*readable = false;
	if (e->kind != EK_MAP || e->nsub != 2)
		return NULL;
	const struct nft_expr *el = nft_lookup(c, e->sub[1], e->sub[0], readable);
	if (!el || el->kind != EK_MAPPING || el->nsub != 2)
		return NULL;
	return el->sub[1];
}

bool nft_map_can(const struct nft_table *t, const struct nft_expr *e, const char **why)
{
	if (strcmp(e->text, "map")) {
		*why = "a verdict map where a value is wanted";
		return false;
	}
	const struct nft_expr *rhs = e->sub[1];
	if (rhs->kind == EK_SETREF) {
		const struct nft_set *s = nft_find_set(t, rhs->text);
		if (!s) {
			*why = "no such map in this table";
			return false;
		}
		if (!s->is_map) {
			*why = "a set where a map is wanted";
			return false;
		}
		if (s->data_type && !strcmp(s->data_type, "verdict")) {
			*why = "a verdict map where a value is wanted";
			return false;
		}
		return true;
	}
	if (rhs->kind != EK_SET) {
		*why = "a map needs { key : value, ... } or @name";
		return false;
	}
	for (size_t i = 0; i < rhs->nsub; i++)
		if (rhs->sub[i]->kind != EK_MAPPING) {
			*why = "an element of the map has no value (key : value)";
			return false;
		}
	return true;
}
