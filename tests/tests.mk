# tests.mk - end-to-end tests of the program (shell, TAP) and the
# engine-wide unit test.  Module unit tests are listed in their modules'
# fragments.
TESTS += tests/cli.sh tests/golden.sh tests/check.sh tests/jsonl.sh tests/valgrind.sh
TESTS += tests/layers.sh
TESTS += tests/packaging.sh
EXTRA_DIST += tests/cli.sh tests/golden.sh tests/check.sh tests/jsonl.sh tests/valgrind.sh \
	tests/layers.sh \
	tests/packaging.sh \
	tests/golden tests/data/check

# Write errors, closed pipes, cut captures: exit statuses and messages.
TESTS += tests/errors.sh
EXTRA_DIST += tests/errors.sh tests/data/errors

check_PROGRAMS += tests/unit/test_walk
TESTS += tests/unit/test_walk
tests_unit_test_walk_SOURCES = tests/unit/test_walk.c
tests_unit_test_walk_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)

# the big-chain classifier against the plain walk (make bench: a million)
check_PROGRAMS += tests/unit/test_classify
TESTS += tests/unit/test_classify
tests_unit_test_classify_SOURCES = tests/unit/test_classify.c
tests_unit_test_classify_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)

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

# make bench: a long capture through real and generated rulesets, beside
# tcpdump and iptables-nft-restore (BENCH_PACKETS=N for a shorter run).
EXTRA_PROGRAMS += tests/bench/gen_capture tests/bench/cputime tests/bench/kinject
tests_bench_gen_capture_SOURCES = tests/bench/gen_capture.c
tests_bench_cputime_SOURCES = tests/bench/cputime.c
tests_bench_kinject_SOURCES = tests/bench/kinject.c
tests_bench_kinject_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_bench_kinject_LDADD = $(PCAP_LIBS)
CLEANFILES += tests/bench/gen_capture$(EXEEXT) tests/bench/cputime$(EXEEXT) tests/bench/kinject$(EXEEXT)
EXTRA_DIST += tests/bench/bench.sh tests/bench/kernel_ref.sh tests/bench/one_armed.yaml
EXTRA_DIST += tests/bench/first_frame.yaml tests/bench/one_armed6.yaml
BENCH_PACKETS = 1000000
bench: bench-capture bench-classify
bench-classify: tests/unit/test_classify$(EXEEXT)
	./tests/unit/test_classify$(EXEEXT) 1000000
bench-capture: tests/bench/gen_capture$(EXEEXT) nfwalk$(EXEEXT) tests/bench/tui_bench$(EXEEXT) \
		tests/bench/cputime$(EXEEXT) tests/bench/kinject$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/bench/bench.sh $(top_srcdir) ./tests/bench/gen_capture$(EXEEXT) \
		./nfwalk$(EXEEXT) $(BENCH_PACKETS) ./tests/bench/tui_bench$(EXEEXT) \
		./tests/bench/cputime$(EXEEXT) ./tests/bench/kinject$(EXEEXT)
.PHONY: bench-capture bench-classify
clean-local: clean-bench
clean-bench:
	rm -rf bench-data
.PHONY: clean-bench

# nftables rulesets read and printed (src/engine/nft), against the kernel's listing.
TESTS += tests/nft.sh
EXTRA_DIST += tests/nft.sh tests/data/nft
# base chain order and verdicts against the kernel (root, nft, iptables-nft)
TESTS += tests/nft_kernel.sh
EXTRA_DIST += tests/nft_kernel.sh
# --print-rules of nft rulesets against the kernel's nft list ruleset (root, nft)
TESTS += tests/nft_print_kernel.sh
EXTRA_DIST += tests/nft_print_kernel.sh
# nftables' tests/py vectors through the reader and printer (NFT_PY_DIR or a fetched mirror)
TESTS += tests/nft_py.sh
EXTRA_DIST += tests/nft_py.sh
# ipset: --ipsets, the scenario's ipsets:, -m set and -j SET printed back.
TESTS += tests/ipset.sh
EXTRA_DIST += tests/ipset.sh tests/data/ipset

# event.c: view fields as their printf formats, views reused only while
# the packet is unchanged, rule texts per ruleset generation
check_PROGRAMS += tests/unit/test_event
TESTS += tests/unit/test_event
tests_unit_test_event_SOURCES = tests/unit/test_event.c
tests_unit_test_event_LDADD = $(ENGINE_LIBS)

# record.c: the recording's own copies of views and values, a view stored
# once for a run of events, kept while an event points at it
check_PROGRAMS += tests/unit/test_record
TESTS += tests/unit/test_record
tests_unit_test_record_SOURCES = tests/unit/test_record.c
tests_unit_test_record_LDADD = libnfsinks.a $(ENGINE_LIBS)
