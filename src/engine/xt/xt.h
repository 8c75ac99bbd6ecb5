/* xt.h - what the rule parser, the matches and the targets share, and
 * what only they share: value parsers that behave like libxtables' (so
 * the same words are accepted and refused), iptables-save's printing
 * conventions, the protocol and service name tables, and the extension
 * records xt_list.h lists.
 *
 * Extension parse and check functions report errors with column -1; the
 * rule parser then points the error at the word that was being parsed. */
#ifndef NFWALK_XT_H
#define NFWALK_XT_H

#include "lib/addr.h"
#include "engine/xt/rule.h"
#include "engine/xt/xt_list.h"

/* --- numbers and ranges (xt_parse.c) --- */

/* Decimal, 0x hex or 0 octal, as strtoul(..., 0) in xtables_strtoui. */
bool xt_parse_u32(const char *s, uint32_t max, uint32_t *out);
/* "lo", "lo<sep>hi", "<sep>hi" (lo 0), "lo<sep>" (hi max) or "<sep>" (the
 * whole range); refuses lo > hi. */
bool xt_parse_range(const char *s, char sep, uint32_t max, uint32_t *lo, uint32_t *hi);
/* "value[/mask]"; mask defaults to all ones. */
bool xt_parse_value_mask(const char *s, uint32_t *value, uint32_t *mask);
/* "value[/mask]" or, as xtables_parse_val_mask with iproute2's tables,
 * a name alone: id 0's name in the file iproute2 ships (/etc/iproute2/
 * group's "default", rt_realms' "cosmos"; other names are not read). */
bool xt_parse_val_mask_named(const char *s, const char *zero_name, uint32_t *value,
			     uint32_t *mask);
/* A port by number or /etc/services name. */
bool xt_parse_port(const char *s, uint16_t *port);
/* Port range as tcp/udp/multiport write it: "a", "a:b", ":b", "a:", ":";
 * each end a number or a name. */
bool xt_parse_port_range(const char *s, uint16_t *lo, uint16_t *hi);
/* "a.b.c.d[/len|/mask]"; the address is masked as iptables does. */
bool xt_parse_addr_mask(const char *s, uint32_t *addr, uint32_t *mask);
/* ip6tables' "ADDR[/len|/mask]" (xtables_ip6parse_multiple, one
 * address); the address is masked. (rule_parse.c) */
bool xt_parse_addr6_mask(const char *s, union inet_addr *addr, union inet_addr *mask);
/* A packet rate as -m limit and -m hashlimit take it: "N" or "N/UNIT",
 * UNIT any prefix of second, minute, hour or day.  N packets (N > 0) every
 * *secs seconds; false if malformed. */
bool xt_parse_packet_rate(const char *s, uint32_t *n, uint32_t *secs);
/* Case-insensitive name lookup in a NULL-terminated table; -1 if absent. */
int xt_name_index(const char *const *names, const char *s);
/* "A,B,C" where each word is a name of table `names` (case-insensitive);
 * sets bit i for names[i].  False on an empty word or unknown name, with
 * *bad pointing at the word's start in s. */
bool xt_parse_name_list(const char *s, const char *const *names, unsigned *bits,
			size_t *bad);

/* A TOS as iptables' tos match and TOS target take it: "value[/mask]"
 * (mask 0xff when absent) or a symbolic name such as Minimize-Delay
 * (mask 0x3f). */
bool xt_parse_tos(const char *s, uint8_t *value, uint8_t *mask);

/* --- printing as iptables-save does (xt_print.c) --- */

/* " word" bare when it is safe for a shell, else " \"quoted\"" with \" \\ \'
 * escaped (xtables_save_string). */
void xt_save_string(struct strbuf *sb, const char *s);
/* " lo" or " lo<sep>hi" when they differ. */
void xt_print_range(struct strbuf *sb, uint32_t lo, uint32_t hi, char sep);
/* "a.b.c.d" then "/len" (or "/mask" when not CIDR); "/32" only when
 * with_32. */
void xt_print_addr_mask(struct strbuf *sb, uint32_t addr, uint32_t mask, bool with_32);
/* Either family: IPv4 as xt_print_addr_mask, IPv6 as ip6tables-save
 * ("/len", "/mask" when not contiguous, "/128" only when with_full).
 * (rule_format.c) */
void xt_print_inet_mask(struct strbuf *sb, int family, const union inet_addr *a,
			const union inet_addr *m, bool with_full);
/* Bits of `bits` as names joined by ','. */
void xt_print_name_list(struct strbuf *sb, const char *const *names, unsigned bits);
/* xtables_print_val_mask: " 0xV/0xM", or with the full mask the name
 * of id 0 (zero_name, may be NULL) or " 0xV". */
void xt_print_val_mask_named(struct strbuf *sb, uint32_t value, uint32_t mask,
			     const char *zero_name);
/* " !" when inv. */
void xt_print_inv(struct strbuf *sb, bool inv);

/* --- names (xt_names.c) --- */

/* "tcp", "udp", "all" (0), a number 0-255, any /etc/protocols name. */
bool xt_proto_parse(const char *s, uint8_t *proto);
/* The name iptables-save prints for a protocol number, NULL for none. */
const char *xt_proto_name(uint8_t proto);
/* /etc/services port of a well-known service name. */
bool xt_service_port(const char *name, uint16_t *port);
/* DSCP of a class name (CS0-CS7, BE, AF11-AF43, EF). */
bool xt_dscp_class(const char *name, uint8_t *dscp);
/* A DSCP given as a number (0-0x3f) or, with by_class, a class name: the
 * argument of -m dscp and of the DSCP target alike. */
int xt_parse_dscp(const char *arg, bool by_class, uint8_t *dscp, struct nf_error *err);

/* --- helpers for extension code --- */

/* Index of opt in a NULL-name-terminated option table, -1 when absent. */
int xt_option_index(const struct xt_option *opts, const char *opt);
/* The packet's protocol, with the ipt_ip protocol a rule demands. */
bool xt_rule_proto_is(const struct rule *r, uint8_t proto);
/* True when the rule pins -p to one of the protocols that have ports
 * (tcp, udp, udplite, sctp, dccp), not inverted. */
bool xt_rule_has_ports(const struct rule *r);
/* The rule has -m tcp --tcp-flags with SYN among the set flags, not
 * inverted (what TCPMSS's check demands). */
bool xt_rule_tcp_syn(const struct rule *r);
/* Hooks a table's built-in chains cover, for messages. */
void xt_hooks_text(unsigned hooks, char *buf, size_t n);

/* --- IPv6 packets, for ip6tables' matches (xt_ip6.c) --- */

/* need bytes at off of an IPv6 packet (from its fixed header), NULL when
 * the packet is not IPv6 or is shorter. */
const uint8_t *xt_ip6_at(const struct packet *p, size_t off, size_t need);
/* ipv6_find_hdr on the packet: header `target` (or with -1 the
 * upper-layer protocol), its offset in *off; < 0 when absent. */
int xt_ip6_find(const struct packet *p, int target, size_t *off, uint16_t *fragoff);
/* The upper-layer header ip6_packet_match found (need bytes of it), NULL
 * for a later fragment, a cut chain or a short packet; *proto its type. */
const uint8_t *xt_ip6_upper(const struct packet *p, size_t need, int *proto);

/* Free -m recent's lists (match_recent.c); for ruleset_free. */
void recent_lists_free(struct recent_list *l);

/* --- the extension records (one file per family), from xt_list.h --- */

#define XT_DECLARE_MATCH(sym, needs_ct) extern const struct match_type sym;
#define XT_DECLARE_TARGET(sym, needs_ct) extern const struct target_type sym;
XT_MATCHES(XT_DECLARE_MATCH)
XT_TARGETS(XT_DECLARE_TARGET)
#undef XT_DECLARE_MATCH
#undef XT_DECLARE_TARGET

#endif
