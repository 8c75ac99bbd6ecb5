/* nft_types.h - what nft knows of values: datatypes with their symbols
 * (icmp type echo-request is 8), the selectors that produce them (ip
 * saddr, meta mark, ct state), and the named base chain priorities. */
#ifndef NFWALK_NFT_TYPES_H
#define NFWALK_NFT_TYPES_H

#include <stdbool.h>

#include "lib/util.h"

enum nft_dtype {
	DT_INVALID,
	DT_INTEGER,
	DT_STRING,
	DT_IFNAME,
	DT_IPV4,
	DT_IPV6,
	DT_PORT,
	DT_L4PROTO,
	DT_NFPROTO,
	DT_ICMP_TYPE,
	DT_ICMPV6_TYPE,
	DT_ICMP_CODE,
	DT_ICMPV6_CODE,
	DT_ICMPX_CODE,
	DT_CT_STATE,
	DT_CT_STATUS,
	DT_CT_DIR,
	DT_CT_EVENT,
	DT_MARK,
	DT_IFINDEX,
	DT_PKTTYPE,
	DT_TCP_FLAGS,
	DT_DSCP,
	DT_ECN,
	DT_LLADDR,
	DT_ETHERTYPE,
	DT_UID,
	DT_GID,
	DT_TIME,
	DT_FIB_ADDRTYPE,
	DT_VERDICT,
	DT_CLASSID,
	DT_BOOL,
	DT_DAY,
	DT_HOUR,
	DT_DURATION, /* nft's time: 1h2m3s, 500ms; milliseconds */
	DT_IFTYPE,   /* a device's ARPHRD_* type */
	DT_REALM,    /* a route's realm (rt_realms: 0 is cosmos) */
	DT_DEVGROUP, /* a device group (iproute2's group file: 0 is default) */
	DT__N
};

/* A selector: the words that name it and the datatype of what it gives.
 * bare: may be written without its first word (iifname "x" for meta
 * iifname "x"), and is printed so. */
struct nft_selector {
	const char *proto; /* ip, tcp, meta, ct, rt, ... */
	const char *field; /* saddr, dport, mark; NULL when the proto word is all */
	enum nft_dtype type;
	bool bare;
};

/* The selector "proto field", or NULL. */
const struct nft_selector *nft_selector_find(const char *proto, const char *field);
/* A meta key written without "meta" (mark, iifname), or NULL. */
const struct nft_selector *nft_selector_bare(const char *field);
/* Is word the first word of some selector (ip, tcp, meta, ct, ...)? */
bool nft_selector_proto(const char *word);

/* The datatype's name as nft's "type" clause spells it (ipv4_addr), or
 * DT_INVALID. */
enum nft_dtype nft_dtype_by_name(const char *name);
/* Is sym a symbol of type t? *val then holds its number. */
bool nft_sym_value(enum nft_dtype t, const char *sym, unsigned long *val);
/* Print a literal of type t as nft list prints it: numbers of symbolic
 * types as their symbols (icmp type 8 is echo-request), marks in hex. */
void nft_value_print(struct strbuf *sb, enum nft_dtype t, const char *text);

/* Base chain priorities.  The family is "ip", "ip6" or "inet". */
bool nft_prio_named(const char *name, int *val);
/* Print prio the way nft list does for this hook: the nearest standard
 * name within 10 (filter, mangle - 5) when it is valid there, else the
 * number. */
void nft_prio_print(struct strbuf *sb, int prio, const char *hook);

#endif
