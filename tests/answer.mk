# answer.mk - one-line answers (--packet): the end-to-end test, and the
# bench of one answer on the largest real ruleset.
TESTS += tests/answer.sh
EXTRA_DIST += tests/answer.sh tests/data/answer tests/bench/answer_bench.sh

bench: bench-answer
bench-answer: nfwalk$(EXEEXT)
	top_srcdir=$(top_srcdir) NFWALK=./nfwalk$(EXEEXT) $(SHELL) $(top_srcdir)/tests/bench/answer_bench.sh 20
.PHONY: bench-answer
