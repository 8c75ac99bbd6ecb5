# scenario.mk - the YAML scenario loader, the packet short form, the
# runner that sends a scenario's packets through an engine, and the
# checker that compares the walk with a scenario's expectations.
noinst_LIBRARIES += libnfscenario.a
libnfscenario_a_SOURCES = \
	src/scenario/scenario.h src/scenario/scenario.c \
	src/scenario/scenario_build.c \
	src/scenario/scn_expect.h src/scenario/scn_expect.c \
	src/scenario/scn_icmp.h src/scenario/scn_icmp.c \
	src/scenario/scn_tutor.h src/scenario/scn_tutor.c \
	src/scenario/catalog.h src/scenario/catalog.c \
	src/scenario/ydoc.h src/scenario/ydoc.c \
	src/scenario/pktspec.c \
	src/scenario/runner.h src/scenario/runner.c \
	src/scenario/session.h src/scenario/session.c \
	src/scenario/check.c src/scenario/check.h \
	src/scenario/answer_run.h src/scenario/answer_run.c
libnfscenario_a_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
SCENARIO_LIBS = libnfscenario.a libnfsinks.a $(ENGINE_LIBS)

# The built-in tour, compiled in.
nodist_nfwalk_SOURCES = src/scenario/tour_data.c
BUILT_SOURCES += src/scenario/tour_data.c
CLEANFILES += src/scenario/tour_data.c
EXTRA_DIST += tools/embed.sh
src/scenario/tour_data.c: $(top_srcdir)/scenarios/tour.yaml $(top_srcdir)/tools/embed.sh
	$(AM_V_GEN)$(MKDIR_P) src/scenario && \
	$(SHELL) $(top_srcdir)/tools/embed.sh nfwalk_tour_yaml $(top_srcdir)/scenarios/tour.yaml > $@.tmp && mv $@.tmp $@

# Unit tests.  The loader's tests read tests/data/bad/*.yaml, each with the
# exact error it must produce in the matching .err file.
SCENARIO_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

check_PROGRAMS += tests/unit/test_pktspec
TESTS += tests/unit/test_pktspec
tests_unit_test_pktspec_SOURCES = tests/unit/test_pktspec.c
tests_unit_test_pktspec_LDADD = libnfscenario.a libnftrack.a libnfcore.a libnfutil.a

check_PROGRAMS += tests/unit/test_scenario
TESTS += tests/unit/test_scenario
tests_unit_test_scenario_SOURCES = tests/unit/test_scenario.c
tests_unit_test_scenario_CPPFLAGS = $(SCENARIO_TEST_CPPFLAGS)
tests_unit_test_scenario_LDADD = libnfscenario.a libnfxt.a libnfnft.a libnfnet.a libnftrack.a \
	libnfcore.a libnfutil.a $(YAML_LIBS)

check_PROGRAMS += tests/unit/test_runner
TESTS += tests/unit/test_runner
tests_unit_test_runner_SOURCES = tests/unit/test_runner.c
tests_unit_test_runner_CPPFLAGS = $(SCENARIO_TEST_CPPFLAGS)
tests_unit_test_runner_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)

# Malformed scenarios, each with the one error line it must produce.
EXTRA_DIST += \
	tests/data/bad/answers-not-list.err \
	tests/data/bad/answers-not-list.yaml \
	tests/data/bad/icmp-unknown.err \
	tests/data/bad/icmp-unknown.yaml \
	tests/data/bad/bad-address-in-list.err \
	tests/data/bad/bad-address-in-list.yaml \
	tests/data/bad/bad-address.err \
	tests/data/bad/bad-address.yaml \
	tests/data/bad/bad-ctstate.err \
	tests/data/bad/bad-ctstate.yaml \
	tests/data/bad/bad-era.err \
	tests/data/bad/bad-era.yaml \
	tests/data/bad/bad-expect-port.err \
	tests/data/bad/bad-expect-port.yaml \
	tests/data/bad/bad-fate.err \
	tests/data/bad/bad-fate.yaml \
	tests/data/bad/bad-group.err \
	tests/data/bad/bad-group.yaml \
	tests/data/bad/bad-hit-chain.err \
	tests/data/bad/bad-hit-chain.yaml \
	tests/data/bad/bad-hit-number.err \
	tests/data/bad/bad-hit-number.yaml \
	tests/data/bad/bad-interface-name.err \
	tests/data/bad/bad-interface-name.yaml \
	tests/data/bad/bad-mac.err \
	tests/data/bad/bad-mac.yaml \
	tests/data/bad/bad-mark-key.err \
	tests/data/bad/bad-mark-key.yaml \
	tests/data/bad/bad-pktspec-quoted.err \
	tests/data/bad/bad-pktspec-quoted.yaml \
	tests/data/bad/bad-pktspec-word.err \
	tests/data/bad/bad-pktspec-word.yaml \
	tests/data/bad/bad-realm.err \
	tests/data/bad/bad-realm.yaml \
	tests/data/bad/bad-reply-flags.err \
	tests/data/bad/bad-reply-flags.yaml \
	tests/data/bad/bad-stage.err \
	tests/data/bad/bad-stage.yaml \
	tests/data/bad/bad-socket-cgroup.err \
	tests/data/bad/bad-socket-cgroup.yaml \
	tests/data/bad/bad-sysctl-value.err \
	tests/data/bad/bad-sysctl-value.yaml \
	tests/data/bad/block-in-list.err \
	tests/data/bad/block-in-list.yaml \
	tests/data/bad/capture-unknown-iface.err \
	tests/data/bad/capture-unknown-iface.yaml \
	tests/data/bad/cgroup-needs-local.err \
	tests/data/bad/cgroup-needs-local.yaml \
	tests/data/bad/duplicate-interface.err \
	tests/data/bad/duplicate-interface.yaml \
	tests/data/bad/duplicate-key.err \
	tests/data/bad/duplicate-key.yaml \
	tests/data/bad/empty.err \
	tests/data/bad/empty.yaml \
	tests/data/bad/expect-list-for-one.err \
	tests/data/bad/expect-list-for-one.yaml \
	tests/data/bad/flags-on-send.err \
	tests/data/bad/flags-on-send.yaml \
	tests/data/bad/folded-iptables.err \
	tests/data/bad/folded-iptables.yaml \
	tests/data/bad/interfaces-not-mapping.err \
	tests/data/bad/interfaces-not-mapping.yaml \
	tests/data/bad/iptables-mapping.err \
	tests/data/bad/iptables-mapping.yaml \
	tests/data/bad/kernel-no-reason.err \
	tests/data/bad/kernel-no-reason.yaml \
	tests/data/bad/name-not-string.err \
	tests/data/bad/name-not-string.yaml \
	tests/data/bad/nested-answers.err \
	tests/data/bad/nested-answers.yaml \
	tests/data/bad/packet-without-send.err \
	tests/data/bad/packet-without-send.yaml \
	tests/data/bad/packets-not-list.err \
	tests/data/bad/packets-not-list.yaml \
	tests/data/bad/pktspec-no-origin.err \
	tests/data/bad/pktspec-no-origin.yaml \
	tests/data/bad/reply-flags-udp.err \
	tests/data/bad/reply-flags-udp.yaml \
	tests/data/bad/reply-to-later.err \
	tests/data/bad/reply-to-later.yaml \
	tests/data/bad/send-and-reply.err \
	tests/data/bad/send-and-reply.yaml \
	tests/data/bad/syntax-colon-in-line.err \
	tests/data/bad/syntax-colon-in-line.yaml \
	tests/data/bad/syntax-indent.err \
	tests/data/bad/syntax-indent.yaml \
	tests/data/bad/tab-indent.err \
	tests/data/bad/tab-indent.yaml \
	tests/data/bad/truncated-flow.err \
	tests/data/bad/truncated-flow.yaml \
	tests/data/bad/truncated-quote.err \
	tests/data/bad/truncated-quote.yaml \
	tests/data/bad/two-documents.err \
	tests/data/bad/two-documents.yaml \
	tests/data/bad/unknown-iface-in-send.err \
	tests/data/bad/unknown-iface-in-send.yaml \
	tests/data/bad/unknown-interface-key.err \
	tests/data/bad/unknown-interface-key.yaml \
	tests/data/bad/unknown-key.err \
	tests/data/bad/unknown-key.yaml \
	tests/data/bad/unknown-oif.err \
	tests/data/bad/unknown-oif.yaml \
	tests/data/bad/unknown-packet-key.err \
	tests/data/bad/unknown-packet-key.yaml \
	tests/data/bad/unknown-sysctl.err \
	tests/data/bad/unknown-sysctl.yaml \
	tests/data/bad/bad-after.err \
	tests/data/bad/bad-after.yaml \
	tests/data/bad/after-and-at.err \
	tests/data/bad/after-and-at.yaml

# ipchains scenarios (model: ipchains) refused with their place; a
# packet time (at:) that goes backwards.
EXTRA_DIST += \
	tests/data/bad/at-backwards.err \
	tests/data/bad/at-backwards.yaml \
	tests/data/bad/ipchains-bad-target.err \
	tests/data/bad/ipchains-bad-target.yaml \
	tests/data/bad/ipchains-ports-need-proto.err \
	tests/data/bad/ipchains-ports-need-proto.yaml \
	tests/data/bad/ipchains-upper-case-chain.err \
	tests/data/bad/ipchains-upper-case-chain.yaml \
	tests/data/bad/ipchains-without-model.err \
	tests/data/bad/ipchains-without-model.yaml \
	tests/data/bad/iptables-under-ipchains.err \
	tests/data/bad/iptables-under-ipchains.yaml

# A long iptables block: work linear in its length.
check_PROGRAMS += tests/unit/test_scenario_big
TESTS += tests/unit/test_scenario_big
tests_unit_test_scenario_big_SOURCES = tests/unit/test_scenario_big.c
tests_unit_test_scenario_big_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)
