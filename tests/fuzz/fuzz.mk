# fuzz.mk - libFuzzer harnesses, one per input format nfwalk reads, and
# their regression corpora.
#
# make check runs tests/fuzz/regress/TARGET/* (every input that ever
# crashed, hung or did more than linear work) and two large generated
# inputs through each harness, compiled with the normal compiler and a
# plain main (regress_main.c).
#
# make fuzz needs a build configured with --enable-fuzzers CC=clang
# (clang's libFuzzer): it builds tests/fuzz/fuzz_TARGET and runs each for
# FUZZ_SECONDS, all at once under nice, their corpora in
# tests/fuzz/corpus/TARGET (not distributed), seeded from the tree and
# from ../shared/peer where present.  A crash is left as
# tests/fuzz/crash-*: add it to tests/fuzz/regress/TARGET/ once fixed.
FUZZ_TARGETS = scenario rules pktspec capture theme diagram nft
FUZZ_SECONDS = 60
FUZZ_JOBS = 1
FUZZ_RSS_MB = 2048
# Seconds one input may take before it counts as a hang: generous, as a
# niced fuzzer on a busy machine waits long for the CPU (slowness in
# the work itself is caught by the harnesses' linear bound instead).
FUZZ_TIMEOUT = 300
FUZZ_SHARED = $(abs_top_srcdir)/../shared/peer

FUZZ_REGRESS = tests/fuzz/regress_scenario tests/fuzz/regress_rules \
	tests/fuzz/regress_pktspec tests/fuzz/regress_capture tests/fuzz/regress_theme \
	tests/fuzz/regress_diagram tests/fuzz/regress_nft
check_PROGRAMS += $(FUZZ_REGRESS)
TESTS += $(FUZZ_REGRESS)
EXTRA_DIST += tests/fuzz/fuzz.h tests/fuzz/regress tests/fuzz/README.md

FUZZ_CAPTURE_LIBS = libnfcapture.a libnfruleset.a $(SCENARIO_LIBS) $(YAML_LIBS) $(PCAP_LIBS)
FUZZ_TUI_LIBS = libnftui.a $(SCENARIO_LIBS) $(YAML_LIBS) $(NCURSES_LIBS)

tests_fuzz_regress_scenario_SOURCES = tests/fuzz/fuzz_scenario.c tests/fuzz/regress_main.c
tests_fuzz_regress_scenario_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"scenario"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/scenario"'
tests_fuzz_regress_scenario_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)
tests_fuzz_regress_rules_SOURCES = tests/fuzz/fuzz_rules.c tests/fuzz/regress_main.c
tests_fuzz_regress_rules_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"rules"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/rules"'
tests_fuzz_regress_rules_LDADD = libnfruleset.a $(SCENARIO_LIBS) $(YAML_LIBS)
tests_fuzz_regress_pktspec_SOURCES = tests/fuzz/fuzz_pktspec.c tests/fuzz/regress_main.c
tests_fuzz_regress_pktspec_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"pktspec"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/pktspec"'
tests_fuzz_regress_pktspec_LDADD = $(SCENARIO_LIBS) $(YAML_LIBS)
tests_fuzz_regress_capture_SOURCES = tests/fuzz/fuzz_capture.c tests/fuzz/regress_main.c
tests_fuzz_regress_capture_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"capture"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/capture"'
tests_fuzz_regress_capture_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_fuzz_regress_capture_LDADD = $(FUZZ_CAPTURE_LIBS)
tests_fuzz_regress_theme_SOURCES = tests/fuzz/fuzz_theme.c tests/fuzz/regress_main.c
tests_fuzz_regress_theme_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"theme"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/theme"'
tests_fuzz_regress_theme_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_fuzz_regress_theme_LDADD = $(FUZZ_TUI_LIBS)
tests_fuzz_regress_diagram_SOURCES = tests/fuzz/fuzz_diagram.c tests/fuzz/regress_main.c
tests_fuzz_regress_diagram_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"diagram"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/diagram"'
tests_fuzz_regress_diagram_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_fuzz_regress_diagram_LDADD = $(FUZZ_TUI_LIBS)
tests_fuzz_regress_nft_SOURCES = tests/fuzz/fuzz_nft.c tests/fuzz/regress_main.c
tests_fuzz_regress_nft_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"nft"' \
	-DREGRESS_DIR='"$(abs_top_srcdir)/tests/fuzz/regress/nft"'
tests_fuzz_regress_nft_LDADD = $(ENGINE_LIBS)

if FUZZERS
FUZZ_PROGS = tests/fuzz/fuzz_scenario tests/fuzz/fuzz_rules tests/fuzz/fuzz_pktspec \
	tests/fuzz/fuzz_capture tests/fuzz/fuzz_theme tests/fuzz/fuzz_diagram tests/fuzz/fuzz_nft
EXTRA_PROGRAMS += $(FUZZ_PROGS)
CLEANFILES += $(FUZZ_PROGS)
FUZZ_LINK = -fsanitize=fuzzer
tests_fuzz_fuzz_scenario_SOURCES = tests/fuzz/fuzz_scenario.c
tests_fuzz_fuzz_scenario_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_scenario_LDADD = $(tests_fuzz_regress_scenario_LDADD)
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c
tests_fuzz_fuzz_rules_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_rules_LDADD = $(tests_fuzz_regress_rules_LDADD)
tests_fuzz_fuzz_pktspec_SOURCES = tests/fuzz/fuzz_pktspec.c
tests_fuzz_fuzz_pktspec_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_pktspec_LDADD = $(tests_fuzz_regress_pktspec_LDADD)
tests_fuzz_fuzz_capture_SOURCES = tests/fuzz/fuzz_capture.c
tests_fuzz_fuzz_capture_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_fuzz_fuzz_capture_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_capture_LDADD = $(FUZZ_CAPTURE_LIBS)
tests_fuzz_fuzz_theme_SOURCES = tests/fuzz/fuzz_theme.c
tests_fuzz_fuzz_theme_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_fuzz_fuzz_theme_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_theme_LDADD = $(FUZZ_TUI_LIBS)
tests_fuzz_fuzz_diagram_SOURCES = tests/fuzz/fuzz_diagram.c
tests_fuzz_fuzz_diagram_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_fuzz_fuzz_diagram_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_diagram_LDADD = $(FUZZ_TUI_LIBS)
tests_fuzz_fuzz_nft_SOURCES = tests/fuzz/fuzz_nft.c
tests_fuzz_fuzz_nft_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_nft_LDADD = $(tests_fuzz_regress_nft_LDADD)

# Seeds: the tree's scenarios, rules, themes, diagrams and captures, and
# ../shared/peer's when it is there (read in place, never copied in).
fuzz_seeds_scenario = $(top_srcdir)/scenarios $(top_srcdir)/tests/data $(top_srcdir)/tests/screen
fuzz_seeds_rules = $(top_srcdir)/tests/data/capture $(FUZZ_SHARED)/rulesets
fuzz_seeds_pktspec = $(top_srcdir)/tests/fuzz/regress/pktspec
fuzz_seeds_capture = $(FUZZ_SHARED)/pcaps
fuzz_seeds_theme = $(top_srcdir)/themes
fuzz_seeds_diagram = $(top_srcdir)/src/tui/diagrams
fuzz_seeds_nft = $(top_srcdir)/tests/data/nft $(FUZZ_SHARED)/rulesets/nft-openwrt

fuzz: $(FUZZ_PROGS)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p tests/fuzz/corpus/$$t tests/fuzz/artifacts/$$t; \
	  case $$t in \
	  scenario) seeds="$(fuzz_seeds_scenario)";; rules) seeds="$(fuzz_seeds_rules)";; \
	  pktspec) seeds="$(fuzz_seeds_pktspec)";; capture) seeds="$(fuzz_seeds_capture)";; \
	  theme) seeds="$(fuzz_seeds_theme)";; diagram) seeds="$(fuzz_seeds_diagram)";; \
	  nft) seeds="$(fuzz_seeds_nft)";; esac; \
	  dirs=; for d in $$seeds $(top_srcdir)/tests/fuzz/regress/$$t; do \
	    [ -d "$$d" ] && dirs="$$dirs $$d"; done; \
	  fork=; [ $(FUZZ_JOBS) -gt 1 ] && fork=-fork=$(FUZZ_JOBS); \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: tests/fuzz/$$t.log)"; \
	  ( nice -n 19 ./tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	      -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT) \
	      -report_slow_units=$(FUZZ_TIMEOUT) -max_len=65536 -print_final_stats=1 \
	      $$fork \
	      -artifact_prefix=tests/fuzz/artifacts/$$t/ \
	      tests/fuzz/corpus/$$t $$dirs > tests/fuzz/$$t.log 2>&1; \
	    echo "fuzz: $$t exited $$?" >> tests/fuzz/$$t.log ) & \
	done; wait; \
	status=0; for t in $(FUZZ_TARGETS); do \
	  grep -E '^#[0-9]+' tests/fuzz/$$t.log | tail -n 1 | sed "s/^/$$t: /"; \
	  grep -E 'stat::number_of_executed_units|exited' tests/fuzz/$$t.log | sed "s/^/$$t: /"; \
	  ls tests/fuzz/artifacts/$$t | grep . >/dev/null && { echo "$$t: FINDINGS in tests/fuzz/artifacts/$$t"; status=1; }; \
	done; exit $$status
else
fuzz:
	@echo "make fuzz: configure a build with --enable-fuzzers CC=clang (clang's libFuzzer)" >&2; \
	exit 1
endif
.PHONY: fuzz
