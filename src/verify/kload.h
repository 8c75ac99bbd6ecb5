/* kload.h - the scenario's rules, as nfwalk's own parser read them and
 * printed back iptables-save style, loaded into the router namespace with
 * iptables-nft-restore (ip6tables-nft-restore for the IPv6 rules), and
 * read back: which nf_tables rule handle is which 1-based rule of which
 * chain (`nft -a list table ip|ip6 T`), and how iptables itself prints it
 * (`iptables-nft -S`, `ip6tables-nft -S`).  ip6tables' tables are
 * nf_tables tables of family ip6 with the IPv4 ones' names, so every
 * table, chain and rule here is keyed by its family too (FAMILY_IPV4 or
 * FAMILY_IPV6, the trace's NFTA_TRACE_NFPROTO).  Also the harness's own
 * table that turns tracing on; its events never count as the walk. */
#ifndef NFWALK_KLOAD_H
#define NFWALK_KLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/nft/nft_ast.h"
#include "engine/xt/rule.h"
#include "lib/util.h"
#include "scenario/scenario.h"
#include "nsexec.h"

/* The harness's table: sets nftrace before raw PREROUTING/OUTPUT, and
 * marks the end of the INPUT and POSTROUTING paths. */
#define KLOAD_TRACE_TABLE "nfwalk_verify"
#define KLOAD_CHAIN_LOCAL_DONE "local_done" /* input, after every table */
#define KLOAD_CHAIN_OUT_DONE "out_done"     /* postrouting, after SNAT */

struct krule {
	int family; /* FAMILY_IPV4 (table ip) or FAMILY_IPV6 (table ip6) */
	char table[64];
	char chain[64];
	uint64_t handle;
	int pos;     /* 1-based in its chain */
	char *text;  /* "-A CHAIN ..." as iptables-nft -S prints it, the rule as
		      * `nft list` does for an nftables table, or NULL */
};

struct kchain {
	int family;
	char table[64];
	char name[64];
	bool base;
	bool before_ct; /* a base chain at prerouting or output that runs before
			 * conntrack (priority below -200, as raw's -300) */
};

struct kruleset {
	struct krule *rules;
	size_t nrules;
	struct kchain *chains;
	size_t nchains;
	struct {
		int family; /* nfgenmsg's: NFPROTO_INET (1) for an inet table */
		char name[64];
		bool nft;   /* the scenario's nftables ruleset's, not iptables' */
	} tables[32]; /* tables the scenario loaded, of every family */
	size_t ntables;
};

void kruleset_free(struct kruleset *k);

/* The iptables-nft-restore input for the ruleset the engine parsed from
 * the scenario (rs): one section per table the scenario loaded, every
 * chain declared (built-ins with their policy, so the whole table exists
 * as with iptables-legacy), each rule as the engine's formatter prints
 * it.  line_of (optional) receives an array, freed by the caller, mapping
 * each 1-based input line to the index of the scenario line it came from,
 * or -1. */
void kload_restore_text(const struct scenario *s, const struct ruleset *rs, struct strbuf *out,
			int **line_of, size_t *nline_of, struct kruleset *k);
/* Load the IPv4 rules (rs) and the IPv6 ones (rs6, NULL: none) into ns
 * and index the result.  -1 with err (file:line of the scenario line the
 * kernel refused). */
int kload_rules(const struct scenario *s, const struct ruleset *rs, const struct ruleset *rs6,
		const struct netns *ns, struct kruleset *k, struct nf_error *err);
/* The harness's trace table: `table ip`, and with ipv6 the same as
 * `table ip6`.  Unless keep_mld, the ip6 one drops the router's own MLD
 * reports before they are traced (it joins ff02::2 when it forwards):
 * nothing of a scenario's, they would show as answers nfwalk never
 * makes. */
int kload_trace_table(const struct netns *ns, bool ipv6, bool keep_mld, struct nf_error *err);
/* The harness table's text (exposed for the unit test). */
void kload_trace_text(bool ipv6, bool keep_mld, struct strbuf *out);

/* Parsers of the two listings (exposed for the unit test). */
void kload_parse_nft(const char *listing, int family, const char *table, struct kruleset *k);
void kload_parse_save(const char *listing, int family, const char *table, struct kruleset *k);

/* Load the scenario's nftables ruleset (its `nftables:` text or the
 * file of --rules FILE.nft) with `nft -f`, after the iptables tables as
 * the walk assumes (hookchain.c: of two hooks at one priority the later
 * registered runs first), and index each of its tables (rs, the parsed
 * ruleset, names them) from `nft -a list table`.  -1 with err (at the
 * scenario line of nft's complaint when it names one). */
int kload_nft(const struct scenario *s, const struct nft_ruleset *rs, const struct netns *ns,
	      struct kruleset *k, struct nf_error *err);
/* Is (family, table) one of the scenario's nftables tables? */
bool kruleset_is_nft(const struct kruleset *k, int family, const char *table);
/* nft's family word of an nfgenmsg family: "inet", "ip", "ip6", ... */
const char *kload_family_word(int family);

const struct krule *kruleset_rule(const struct kruleset *k, int family, const char *table,
				  uint64_t handle);
/* A base chain that runs before conntrack has looked at the packet. */
bool kruleset_before_ct(const struct kruleset *k, int family, const char *table,
			const char *chain);
/* A base chain (bound to a hook), as opposed to a user chain. */
bool kruleset_is_base(const struct kruleset *k, int family, const char *table,
		      const char *chain);

#endif
