# tests.mk - end-to-end tests of the program (shell, TAP) and the
# engine-wide unit test.  Module unit tests are listed in their modules'
# fragments.
TESTS += tests/cli.sh tests/golden.sh tests/check.sh tests/jsonl.sh tests/valgrind.sh
EXTRA_DIST += tests/cli.sh tests/golden.sh tests/check.sh tests/jsonl.sh tests/valgrind.sh \
	tests/golden tests/data/check

# Write errors, closed pipes, cut captures: exit statuses and messages.
TESTS += tests/errors.sh
EXTRA_DIST += tests/errors.sh tests/data/errors

check_PROGRAMS += tests/unit/test_walk
TESTS += tests/unit/test_walk
tests_unit_test_walk_SOURCES = tests/unit/test_walk.c
tests_unit_test_walk_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)

# make bench: the engine's own speed (a measurement only).
EXTRA_PROGRAMS += tests/bench/engine_bench
tests_bench_engine_bench_SOURCES = tests/bench/engine_bench.c
tests_bench_engine_bench_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)
CLEANFILES += tests/bench/engine_bench$(EXEEXT)
EXTRA_DIST += tests/bench/masquerade.yaml
bench: bench-engine
bench-engine: tests/bench/engine_bench$(EXEEXT)
	./tests/bench/engine_bench$(EXEEXT) $(top_srcdir)/tests/bench/masquerade.yaml 200000
.PHONY: bench-engine
