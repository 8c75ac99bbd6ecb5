# verify.mk - `nfwalk --verify-kernel`: a scenario run by nfwalk and by the
# running kernel in network namespaces, compared step by step.
noinst_LIBRARIES += libnfverify.a
libnfverify_a_SOURCES = \
	src/verify/verify.h src/verify/verify.c \
	src/verify/cleanup.h src/verify/cleanup.c \
	src/verify/nsexec.h src/verify/nsexec.c \
	src/verify/topo.h src/verify/topo.c \
	src/verify/kload.h src/verify/kload.c \
	src/verify/ktrace.h src/verify/ktrace.c \
	src/verify/inject.h src/verify/inject.c \
	src/verify/capture.h src/verify/capture.c \
	src/verify/ctlist.h src/verify/ctlist.c \
	src/verify/kclass.h src/verify/kclass.c \
	src/verify/vwalk.h src/verify/vwalk.c \
	src/verify/nwalk.h src/verify/nwalk.c \
	src/verify/kwalk.h src/verify/kwalk.c \
	src/verify/compare.h src/verify/compare.c

# The parsers and the comparison, without root or a kernel.
check_PROGRAMS += tests/unit/test_verify
TESTS += tests/unit/test_verify
tests_unit_test_verify_SOURCES = tests/unit/test_verify.c
tests_unit_test_verify_LDADD = libnfverify.a $(SCENARIO_LIBS) $(YAML_LIBS)

# Every shipped scenario against the kernel (root, namespaces, iptables-nft;
# skipped otherwise), and cleanup when interrupted.
TESTS += tests/kernel/verify.sh tests/kernel/cleanup.sh
# the lock that keeps cleanup.sh's dead run apart from the other tests'
# --verify-kernel runs (tests/lib.sh)
CLEANFILES += kernel-tests.lock
EXTRA_DIST += tests/kernel/verify.sh tests/kernel/cleanup.sh tests/kernel/known-differences \
	tests/kernel/probes doc/KERNEL-DIFFERENCES.md
