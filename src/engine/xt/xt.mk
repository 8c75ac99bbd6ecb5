# xt.mk - tables, chains, rules; the iptables command parser; matches
# and targets (one file per family, each listed once in xt_list.h), and
# their unit tests.
noinst_LIBRARIES += libnfxt.a
libnfxt_a_SOURCES = \
	src/engine/xt/rule.h src/engine/xt/rule_priv.h src/engine/xt/xt.h src/engine/xt/xt_list.h \
	src/engine/xt/rule.c \
	src/engine/xt/rule_check.c \
	src/engine/xt/rule_parse.c \
	src/engine/xt/rule_command.c \
	src/engine/xt/rule_format.c \
	src/engine/xt/rule_match.c \
	src/engine/xt/rule_unevaluable.c \
	src/engine/xt/xt_parse.c src/engine/xt/xt_print.c src/engine/xt/xt_names.c \
	src/engine/xt/match.c \
	src/engine/xt/match_tcpudp.c \
	src/engine/xt/match_icmp.c \
	src/engine/xt/match_multiport.c \
	src/engine/xt/match_iprange.c \
	src/engine/xt/match_mark.c \
	src/engine/xt/match_conntrack.c \
	src/engine/xt/match_addrtype.c \
	src/engine/xt/match_comment.c \
	src/engine/xt/match_mac.c \
	src/engine/xt/match_length.c \
	src/engine/xt/match_ttl.c \
	src/engine/xt/xt_ip6.c src/engine/xt/match_icmp6.c src/engine/xt/match_hl.c \
	src/engine/xt/target_hl.c src/engine/xt/target_reject6.c \
	src/engine/xt/match_ah6.c src/engine/xt/match_frag.c src/engine/xt/match_opts6.c \
	src/engine/xt/match_rt.c src/engine/xt/match_ipv6header.c src/engine/xt/match_mh.c \
	src/engine/xt/match_eui64.c \
	src/engine/xt/match_dscp.c \
	src/engine/xt/match_ipsec.c \
	src/engine/xt/match_ecn.c \
	src/engine/xt/match_tcpmss.c \
	src/engine/xt/match_pkttype.c \
	src/engine/xt/match_rpfilter.c \
	src/engine/xt/match_limit.c \
	src/engine/xt/match_helper.c \
	src/engine/xt/match_recent.c \
	src/engine/xt/match_owner.c \
	src/engine/xt/match_policy.c \
	src/engine/xt/match_physdev.c \
	src/engine/xt/match_sctp.c \
	src/engine/xt/match_connlimit.c \
	src/engine/xt/match_hashlimit.c \
	src/engine/xt/match_statistic.c \
	src/engine/xt/match_quota.c \
	src/engine/xt/match_string.c \
	src/engine/xt/match_u32.c \
	src/engine/xt/match_time.c \
	src/engine/xt/match_set.c \
	src/engine/xt/ipset.h \
	src/engine/xt/ipset.c \
	src/engine/xt/ipset_cmd.c \
	src/engine/xt/match_devgroup.c \
	src/engine/xt/match_realm.c \
	src/engine/xt/match_connbytes.c \
	src/engine/xt/match_cgroup.c \
	src/engine/xt/match_socket.c \
	src/engine/xt/target.c \
	src/engine/xt/target_reject.c \
	src/engine/xt/target_log.c \
	src/engine/xt/target_mark.c \
	src/engine/xt/target_nat.c \
	src/engine/xt/target_ct.c \
	src/engine/xt/target_header.c \
	src/engine/xt/target_classify.c \
	src/engine/xt/target_trace.c \
	src/engine/xt/target_nfqueue.c \
	src/engine/xt/target_imq.c \
	src/engine/xt/target_nflog.c \
	src/engine/xt/target_checksum.c \
	src/engine/xt/target_set.c \
	src/engine/xt/target_tcpmss.c \
	src/engine/xt/target_hmark.c \
	src/engine/xt/target_audit.c \
	src/engine/xt/target_tee.c \
	src/engine/xt/target_synproxy.c

# ipchains (Linux 2.2): its rules, its parser, its matching and masq table.
libnfxt_a_SOURCES += src/engine/xt/ipchains.h src/engine/xt/ipchains.c \
	src/engine/xt/ipchains_match.c

XT_TEST_LIBS = libnfxt.a libnfnet.a libnftrack.a libnfcore.a libnfutil.a

check_PROGRAMS += tests/unit/test_rule_parse tests/unit/test_rule_match tests/unit/test_rule_ip6 \
	tests/unit/test_targets tests/unit/test_iptables_t tests/unit/test_match_admin
TESTS += tests/unit/test_rule_parse tests/unit/test_rule_match tests/unit/test_rule_ip6 \
	tests/unit/test_targets tests/unit/test_iptables_t tests/unit/test_match_admin
tests_unit_test_rule_parse_SOURCES = tests/unit/test_rule_parse.c
tests_unit_test_rule_parse_LDADD = $(XT_TEST_LIBS)
tests_unit_test_rule_match_SOURCES = tests/unit/test_rule_match.c tests/unit/rules_fixture.h
tests_unit_test_rule_match_LDADD = $(XT_TEST_LIBS)
tests_unit_test_rule_ip6_SOURCES = tests/unit/test_rule_ip6.c tests/unit/rules_fixture.h
tests_unit_test_rule_ip6_LDADD = $(XT_TEST_LIBS)
tests_unit_test_targets_SOURCES = tests/unit/test_targets.c tests/unit/rules_fixture.h
tests_unit_test_targets_LDADD = $(XT_TEST_LIBS)
tests_unit_test_iptables_t_SOURCES = tests/unit/test_iptables_t.c
tests_unit_test_iptables_t_LDADD = $(XT_TEST_LIBS)
tests_unit_test_match_admin_SOURCES = tests/unit/test_match_admin.c tests/unit/rules_fixture.h
tests_unit_test_match_admin_LDADD = $(XT_TEST_LIBS)

check_PROGRAMS += tests/unit/test_ipset
TESTS += tests/unit/test_ipset
tests_unit_test_ipset_SOURCES = tests/unit/test_ipset.c tests/unit/rules_fixture.h
tests_unit_test_ipset_LDADD = $(XT_TEST_LIBS)

check_PROGRAMS += tests/unit/test_ipchains
TESTS += tests/unit/test_ipchains
tests_unit_test_ipchains_SOURCES = tests/unit/test_ipchains.c
tests_unit_test_ipchains_LDADD = $(XT_TEST_LIBS)

# the NAT targets' IPv6 forms (target_nat.c)
check_PROGRAMS += tests/unit/test_target_nat
TESTS += tests/unit/test_target_nat
tests_unit_test_target_nat_SOURCES = tests/unit/test_target_nat.c tests/unit/ct6_helpers.h
tests_unit_test_target_nat_LDADD = $(XT_TEST_LIBS)
