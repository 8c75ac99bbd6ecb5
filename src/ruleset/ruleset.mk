# ruleset.mk - rules files as admins have them: iptables-save in (with
# iptables-restore's semantics, every unsupported extension listed) and
# out (--print-rules), and the scenario built around a --rules file.
noinst_LIBRARIES += libnfruleset.a
libnfruleset_a_SOURCES = \
	src/ruleset/save.h src/ruleset/save.c src/ruleset/save_family.c src/ruleset/save_print.c \
	src/ruleset/save_scenario.h src/ruleset/save_scenario.c \
	src/ruleset/ipset_scenario.h src/ruleset/ipset_scenario.c \
	src/ruleset/oneline.h src/ruleset/oneline.c \
	src/ruleset/snapshot.h src/ruleset/snapshot.c
RULESET_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

# iptables-save reading and printing, with the real-world rulesets of
# ../shared/peer/rulesets when they are there.
check_PROGRAMS += tests/unit/test_save
TESTS += tests/unit/test_save
tests_unit_test_save_SOURCES = tests/unit/test_save.c
tests_unit_test_save_CPPFLAGS = $(RULESET_TEST_CPPFLAGS)
tests_unit_test_save_LDADD = libnfruleset.a $(SCENARIO_LIBS) $(YAML_LIBS)

# The jump graph at load time: linear work, the kernel's nesting limit.
check_PROGRAMS += tests/unit/test_rule_graph
TESTS += tests/unit/test_rule_graph
tests_unit_test_rule_graph_SOURCES = tests/unit/test_rule_graph.c
tests_unit_test_rule_graph_LDADD = libnfruleset.a $(SCENARIO_LIBS) $(YAML_LIBS)
