/* nft_value.h - a register's worth of value: what a selector reads from
 * the packet and what a literal of its datatype means (internal to the
 * evaluator). */
#ifndef NFWALK_NFT_VALUE_H
#define NFWALK_NFT_VALUE_H

#include "engine/nft/nft_eval.h"
#include "lib/inet.h"

struct nval {
	bool is_str;
	uint64_t n;	     /* numbers, IPv4 addresses in host order */
	int fam;	     /* FAMILY_IPV6 when `a` holds an IPv6 address, else 0 */
	union inet_addr a;   /* IPv6 addresses (wire order: memcmp orders them) */
	char s[IFNAME_MAX]; /* interface names */
};

/* nft's time (1d2h3m4s, 500ms, bare seconds) in seconds. */
bool nft_duration_parse(const char *s, double *secs);
/* Does the evaluator know how to read s? */
bool nval_can_read(const struct nft_selector *s);
/* Read s from the packet; false when there is nothing to read (NFT_BREAK). */
bool nval_read(const struct nft_ctx *c, const struct nft_selector *s, struct nval *v);
/* A literal of type t (a number, a symbol, an address, a service, a name). */
bool nval_parse(enum nft_dtype t, const char *text, struct nval *v);
/* have against want: 0 when equal (a name pattern with * matches its
 * prefix), else the order of numbers. */
int nval_cmp(const struct nval *have, const struct nval *want);
/* As nft prints a value of type t. */
void nval_fmt(const struct nval *v, enum nft_dtype t, char *buf, size_t n);

#endif
