# tests.mk - end-to-end tests of the program (shell, TAP) and the
# engine-wide unit test.  Module unit tests are listed in their modules'
# fragments.
TESTS += tests/cli.sh tests/golden.sh tests/check.sh tests/jsonl.sh tests/valgrind.sh
EXTRA_DIST += tests/cli.sh tests/golden.sh tests/check.sh tests/jsonl.sh tests/valgrind.sh \
	tests/golden tests/data/check

check_PROGRAMS += tests/unit/test_walk
TESTS += tests/unit/test_walk
tests_unit_test_walk_SOURCES = tests/unit/test_walk.c
tests_unit_test_walk_LDADD = libnfio.a libnfscenario.a $(ENGINE_LIBS) $(YAML_LIBS)
