/* xt_list.h - every match and target nfwalk implements, one line each.
 * The registries (match.c, target.c), the extern declarations (xt.h) and
 * the question "does this ruleset make the kernel load conntrack?"
 * (match_needs_ct / target_needs_ct, asked by the walk) are all generated
 * from these lists.
 *
 * X(symbol, needs_ct): symbol is the extension's record (a struct
 * match_type or struct target_type defined in its family's file; its name
 * is the record's .name); needs_ct is true when a rule using it makes the
 * kernel track connections (nf_ct_netns_get in its checkentry), as a fresh
 * network namespace only tracks when some rule needs it.
 *
 * Adding an extension: its file (with the record), its line here, its
 * file in xt.mk.  The order is the order of match_names()/target_names(). */
#ifndef NFWALK_XT_LIST_H
#define NFWALK_XT_LIST_H

#define XT_MATCHES(X)                \
	X(match_tcp, false)          \
	X(match_udp, false)          \
	X(match_icmp, false)         \
	X(match_multiport, false)    \
	X(match_iprange, false)      \
	X(match_mark, false)         \
	X(match_connmark, true)      \
	X(match_conntrack, true)     \
	X(match_state, true)         \
	X(match_addrtype, false)     \
	X(match_comment, false)      \
	X(match_mac, false)          \
	X(match_length, false)       \
	X(match_ttl, false)          \
	X(match_tos, false)          \
	X(match_dscp, false)         \
	X(match_esp, false)          \
	X(match_ah, false)           \
	X(match_ecn, false)          \
	X(match_tcpmss, false)       \
	X(match_pkttype, false)      \
	X(match_rpfilter, false)     \
	X(match_limit, false)        \
	X(match_helper, true)        \
	X(match_recent, false)       \
	X(match_owner, false)        \
	X(match_policy, false)       \
	X(match_physdev, false)      \
	X(match_sctp, false)         \
	X(match_connlimit, true)     \
	X(match_hashlimit, false)    \
	X(match_statistic, false)    \
	X(match_quota, false)        \
	X(match_string, false)       \
	X(match_u32, false)          \
	X(match_time, false)         \
	X(match_set, false)            \
	X(match_devgroup, false)     \
	X(match_realm, false)        \
	X(match_connbytes, true)     \
	X(match_cgroup, false)       \
	X(match_socket, false)       \
	X(match_icmp6, false)        \
	X(match_hl, false)           \
	X(match_ah6, false)          \
	X(match_frag, false)         \
	X(match_hbh, false)          \
	X(match_dst, false)          \
	X(match_rt, false)           \
	X(match_ipv6header, false)   \
	X(match_mh, false)           \
	X(match_eui64, false)

#define XT_TARGETS(X)                \
	X(target_reject, false)      \
	X(target_log, false)         \
	X(target_mark, false)        \
	X(target_connmark, true)     \
	X(target_dnat, true)         \
	X(target_snat, true)         \
	X(target_masquerade, true)   \
	X(target_redirect, true)     \
	X(target_netmap, true)       \
	X(target_ct, true)           \
	X(target_notrack, true)      \
	X(target_ttl, false)         \
	X(target_tos, false)         \
	X(target_dscp, false)        \
	X(target_classify, false)    \
	X(target_trace, false)       \
	X(target_nfqueue, false)     \
	X(target_imq, false)         \
	X(target_nflog, false)       \
	X(target_checksum, false)    \
	X(target_tcpmss, false)      \
	X(target_set, false)           \
	X(target_hmark, false)       \
	X(target_audit, false)       \
	X(target_tee, false)         \
	X(target_synproxy, true)     \
	X(target_reject6, false)     \
	X(target_hl, false)

#endif
