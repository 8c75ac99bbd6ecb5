# rules.mk - tables, chains, rules; the iptables command parser; matches
# and targets (one file per family), and their unit tests.
noinst_LIBRARIES += libnfrules.a
libnfrules_a_SOURCES = \
	src/engine/rule.h src/engine/rule_priv.h src/engine/xt.h \
	src/engine/rule.c \
	src/engine/rule_check.c \
	src/engine/rule_token.c \
	src/engine/rule_parse.c \
	src/engine/rule_command.c \
	src/engine/rule_format.c \
	src/engine/rule_match.c \
	src/engine/xt_parse.c src/engine/xt_print.c src/engine/xt_names.c \
	src/engine/match.c \
	src/engine/match_tcpudp.c \
	src/engine/match_icmp.c \
	src/engine/match_multiport.c \
	src/engine/match_iprange.c \
	src/engine/match_mark.c \
	src/engine/match_conntrack.c \
	src/engine/match_addrtype.c \
	src/engine/match_comment.c \
	src/engine/match_mac.c \
	src/engine/match_length.c \
	src/engine/match_ttl.c \
	src/engine/match_dscp.c \
	src/engine/match_ipsec.c \
	src/engine/match_ecn.c \
	src/engine/match_tcpmss.c \
	src/engine/match_pkttype.c \
	src/engine/match_rpfilter.c \
	src/engine/match_limit.c \
	src/engine/match_helper.c \
	src/engine/match_recent.c \
	src/engine/target.c \
	src/engine/target_reject.c \
	src/engine/target_log.c \
	src/engine/target_mark.c \
	src/engine/target_nat.c \
	src/engine/target_ct.c \
	src/engine/target_header.c \
	src/engine/target_classify.c \
	src/engine/target_trace.c \
	src/engine/target_nfqueue.c \
	src/engine/target_imq.c \
	src/engine/target_nflog.c \
	src/engine/target_checksum.c

RULES_TEST_LIBS = libnfrules.a libnfnet.a libnftrack.a libnfcore.a

check_PROGRAMS += tests/unit/test_rule_parse tests/unit/test_rule_match \
	tests/unit/test_targets tests/unit/test_iptables_t
TESTS += tests/unit/test_rule_parse tests/unit/test_rule_match \
	tests/unit/test_targets tests/unit/test_iptables_t
tests_unit_test_rule_parse_SOURCES = tests/unit/test_rule_parse.c
tests_unit_test_rule_parse_LDADD = $(RULES_TEST_LIBS)
tests_unit_test_rule_match_SOURCES = tests/unit/test_rule_match.c tests/unit/rules_fixture.h
tests_unit_test_rule_match_LDADD = $(RULES_TEST_LIBS)
tests_unit_test_targets_SOURCES = tests/unit/test_targets.c tests/unit/rules_fixture.h
tests_unit_test_targets_LDADD = $(RULES_TEST_LIBS)
tests_unit_test_iptables_t_SOURCES = tests/unit/test_iptables_t.c
tests_unit_test_iptables_t_LDADD = $(RULES_TEST_LIBS)
