/* ipset.h - the kernel's IP sets (ip_set_core and its set types), as
 * far as a walk needs them: named sets of addresses, networks, ports and
 * interfaces that -m set tests and -j SET changes.  The sets belong to
 * the network namespace, not to a table: the ruleset holds them
 * (struct ruleset's sets) and every rule naming a set shares it.
 *
 * Types (family inet): hash:ip, hash:net, hash:ip,port, hash:net,port,
 * hash:ip,port,ip, hash:net,iface, bitmap:port, list:set.  Extensions:
 * timeout, counters, comment, nomatch (the hash:net types).
 *
 * A test follows the kernel's kadt functions: each dimension takes the
 * source or the destination of the packet as the rule's flags say, a
 * rule giving fewer flags than the type has dimensions never matches,
 * the hash:net types look the address up from the longest prefix in the
 * set to the shortest and stop at the first element found (a nomatch
 * element ends the search unmatched), ports are proto:port (ICMP's are
 * type/code, other protocols port 0), and an element whose timeout has
 * passed (by the packet's time) is not there.  (ipset_cmd.c reads and
 * writes the ipset command language.) */
#ifndef NFWALK_IPSET_H
#define NFWALK_IPSET_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/util.h"

struct packet;
struct ruleset;

#define IPSET_NAME_MAX 31 /* IPSET_MAXNAMELEN - 1 */
#define IPSET_DIM_MAX 6

/* The set types, with what each dimension holds. */
enum ipset_comp { IC_NONE, IC_IP, IC_NET, IC_PORT, IC_IFACE, IC_SETNAME };

#define IPSET_TYPE_LIST(X)                                                         \
	X(IPS_HASH_IP, "hash:ip", IC_IP, IC_NONE, IC_NONE)                         \
	X(IPS_HASH_NET, "hash:net", IC_NET, IC_NONE, IC_NONE)                      \
	X(IPS_HASH_IP_PORT, "hash:ip,port", IC_IP, IC_PORT, IC_NONE)               \
	X(IPS_HASH_NET_PORT, "hash:net,port", IC_NET, IC_PORT, IC_NONE)            \
	X(IPS_HASH_IP_PORT_IP, "hash:ip,port,ip", IC_IP, IC_PORT, IC_IP)           \
	X(IPS_HASH_NET_IFACE, "hash:net,iface", IC_NET, IC_IFACE, IC_NONE)         \
	X(IPS_BITMAP_PORT, "bitmap:port", IC_PORT, IC_NONE, IC_NONE)               \
	X(IPS_LIST_SET, "list:set", IC_SETNAME, IC_NONE, IC_NONE)

enum ipset_type {
#define X(id, name, c1, c2, c3) id,
	IPSET_TYPE_LIST(X)
#undef X
	IPS_TYPE_COUNT
};

struct ipset_elem {
	uint32_t ip, ip2;
	uint8_t cidr; /* the net's prefix length (32 for the ip types) */
	uint8_t proto;
	uint16_t port;
	char iface[16];
	bool physdev; /* hash:net,iface "physdev:NAME": a bridge port */
	char member[IPSET_NAME_MAX + 1]; /* list:set */
	bool nomatch;
	double expires; /* packet time it times out at; 0: never */
	uint64_t packets, bytes;
	char *comment;
};

struct ipset {
	char name[IPSET_NAME_MAX + 1];
	enum ipset_type type;
	uint32_t maxelem, hashsize, size;
	uint32_t timeout; /* the default timeout; 0: the set has none */
	bool has_timeout, counters, comment;
	uint8_t netmask;           /* hash:ip netmask (32: none) */
	uint16_t port_lo, port_hi; /* bitmap:port range */
	struct ipset_elem *v;
	size_t n, cap;
};

struct ipset_store {
	struct ipset **v;
	size_t n;
};

/* What a test asks (ip_set_adt_opt): the rule's src/dst flags, one per
 * dimension given, and the counter options of -m set. */
enum ipset_counter_op { ICO_NONE, ICO_EQ, ICO_NE, ICO_LT, ICO_GT };
struct ipset_opt {
	uint8_t dim;
	bool src[IPSET_DIM_MAX];
	bool skip_counters, skip_subcounters, match_counters;
	enum ipset_counter_op packets_op, bytes_op;
	uint64_t packets, bytes;
	bool return_nomatch;
	/* the SET target's --timeout; UINT32_MAX: the set's default */
	uint32_t timeout;
	bool exist;
	/* interfaces at this hook (NULL: none) */
	const char *in, *out;
};

/* What a lookup found, for the why-text. */
struct ipset_found {
	int result;    /* 1 found, 0 not found, -1 a nomatch element */
	char key[80];  /* the element looked up ("10.1.2.3,tcp:80") */
	char elem[80]; /* the element that decided ("10.0.0.0/8"), "" none */
	char via[IPSET_NAME_MAX + 1]; /* list:set: the member set that decided */
	const char *refused; /* why nothing could be looked up, or NULL */
	char msg[96];        /* where refused points when it is made up */
};

const char *ipset_type_name(enum ipset_type t);
int ipset_type_by_name(const char *name);
/* Dimensions of the type (list:set: that of its members, 1 here). */
unsigned ipset_type_dim(enum ipset_type t);
enum ipset_comp ipset_type_comp(enum ipset_type t, unsigned dim);

/* The ruleset's sets, made empty on first use. */
struct ipset_store *ruleset_ipsets(struct ruleset *rs);
struct ipset *ipset_find(const struct ipset_store *st, const char *name);
/* A new empty set with the type's defaults; NULL (err set) when the name
 * is taken. */
struct ipset *ipset_create(struct ipset_store *st, const char *name, enum ipset_type t,
			   struct nf_error *err);
void ipset_store_free(struct ipset_store *st);
void ipset_elem_free(struct ipset_elem *e);

/* ip_set_test: true when the packet matches (after -m set's counter
 * options); updates the counters as the kernel does. */
bool ipset_test(struct ipset_store *st, struct ipset *s, const struct packet *p,
		const struct ipset_opt *o, struct ipset_found *f);
/* ip_set_add / ip_set_del from a packet (-j SET).  Returns 0, or a
 * negative value with f->refused saying why nothing changed. */
int ipset_kadd(struct ipset_store *st, struct ipset *s, const struct packet *p,
	       const struct ipset_opt *o, struct ipset_found *f);
int ipset_kdel(struct ipset_store *st, struct ipset *s, const struct packet *p,
	       const struct ipset_opt *o, struct ipset_found *f);

/* Add or delete an element written by a person (ipset_cmd.c parses it);
 * timeout UINT32_MAX: the set's default; exist: -exist.  0, or -1 with err set (ipset's message). */
int ipset_uadd(struct ipset *s, const struct ipset_elem *e, uint32_t timeout, bool exist,
	       double now, struct nf_error *err);
int ipset_udel(struct ipset *s, const struct ipset_elem *e, bool exist, double now,
	       struct nf_error *err);

/* The element as ipset writes it ("10.0.0.1,tcp:80", "10.0.0.0/8"). */
void ipset_elem_fmt(const struct ipset *s, const struct ipset_elem *e, char *buf, size_t n);
/* An ICMP type/code by ipset's name ("echo-request"). */
bool ipset_icmp_by_name(const char *name, uint16_t *port);
/* proto:port as ipset writes it ("tcp:80", "icmp:echo-request"). */
void ipset_port_fmt(uint8_t proto, uint16_t port, char *buf, size_t n);

/* --- shared by -m set and -j SET (match_set.c) --- */

/* "NAME src,dst" (a two_args option's argument) into name and o's
 * flags, as libxt_set.h's parse_dirs; opt names the option in errors. */
int set_parse_name_dirs(const char *opt, const char *arg, char *name, struct ipset_opt *o,
			struct nf_error *err);
/* " OPT NAME src,dst" */
void set_print_name_dirs(const char *opt, const char *name, const struct ipset_opt *o,
			 struct strbuf *sb);

/* --- the ipset command language (ipset_cmd.c) --- */

/* One command as ipset takes it, with or without the leading "ipset":
 * create NAME TYPE [options], add|del NAME ELEMENT [options], flush
 * [NAME], destroy [NAME]; "-exist" ("-!") anywhere.  Elements may be
 * ranges (a-b, a/len, proto:lo-hi) as ipset expands them.  now: the
 * time the elements' timeouts start from.  0, or -1 with err set
 * (err->col: the offset of the bad word). */
int ipset_command(struct ipset_store *st, const char *line, double now, struct nf_error *err);
/* `ipset save` output (what `ipset restore` reads): one command per
 * line, '#' comments and blank lines allowed; errors name file:line:col. */
int ipset_restore_text(struct ipset_store *st, const char *file, const char *text,
		       struct nf_error *err);
int ipset_restore_file(struct ipset_store *st, const char *path, struct nf_error *err);
/* Every set as `ipset save` writes it (timeouts left at time now). */
void ipset_save(const struct ipset_store *st, double now, struct strbuf *out);

#endif
