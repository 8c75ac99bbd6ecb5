# realhost.mk - the host as admins have it: one-line answers (--packet)
# and the bench of one answer on the largest real ruleset; which iptables
# (backend: nft | legacy) against the kernel.
TESTS += tests/answer.sh tests/backend.sh tests/sysctls.sh tests/snapshot.sh
TESTS += tests/icmp_errors.sh
EXTRA_DIST += tests/icmp_errors.sh
EXTRA_DIST += tests/answer.sh tests/data/answer tests/bench/answer_bench.sh \
	tests/backend.sh tests/data/backend tests/sysctls.sh tests/snapshot.sh

bench: bench-answer
bench-answer: nfwalk$(EXEEXT)
	top_srcdir=$(top_srcdir) NFWALK=./nfwalk$(EXEEXT) $(SHELL) $(top_srcdir)/tests/bench/answer_bench.sh 20
.PHONY: bench-answer
