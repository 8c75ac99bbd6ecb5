# tui.mk - the ncurses live diagram.
include themes/themes.mk

DIAGRAM_FILES = \
	src/tui/diagrams/kptd.diagram \
	src/tui/diagrams/modern.diagram
diagramdir = $(pkgdatadir)/diagrams
dist_diagram_DATA = $(DIAGRAM_FILES)
# What each box does (narration, key m without man): from nfwalk(7).
EXPLAIN_FILES = src/tui/explain/boxes.explain
explaindir = $(pkgdatadir)/explains
dist_explain_DATA = $(EXPLAIN_FILES)

noinst_LIBRARIES += libnftui.a
libnftui_a_SOURCES = \
	src/tui/tui.c src/tui/tui.h \
	src/tui/app.c src/tui/app.h \
	src/tui/actions.c \
	src/tui/assets.c src/tui/assets.h \
	src/tui/breakpoints.c src/tui/breakpoints.h \
	src/tui/counters.c src/tui/counters.h \
	src/tui/ctview.c src/tui/ctview.h \
	src/tui/describe.c src/tui/describe.h \
	src/tui/diagram.c src/tui/diagram.h \
	src/tui/diagram_build.c src/tui/diagram_build.h \
	src/tui/draw.c src/tui/draw.h \
	src/tui/draw_diagram.c \
	src/tui/embedded.h \
	src/tui/follow.c src/tui/follow.h \
	src/tui/glyph.c src/tui/glyph.h \
	src/tui/help.c \
	src/tui/hints.c src/tui/hints.h \
	src/tui/keys.c src/tui/keys.h \
	src/tui/layout.c src/tui/layout.h \
	src/tui/listing.c src/tui/listing.h \
	src/tui/live.c src/tui/live.h \
	src/tui/menu.c src/tui/menu.h \
	src/tui/narration.c src/tui/narration.h \
	src/tui/present.c src/tui/present.h \
	src/tui/quiz.c src/tui/quiz.h \
	src/tui/manpage.c src/tui/manpage.h \
	src/tui/prompt.c src/tui/prompt.h \
	src/tui/search.c src/tui/search.h \
	src/tui/chainstep.c src/tui/chainstep.h \
	src/tui/whatif.c src/tui/whatif.h \
	src/tui/whatif_diff.c src/tui/whatif_diff.h \
	src/tui/whatif_packet.c src/tui/whatif_packet.h \
	src/tui/whatif_write.c \
	src/tui/export.c src/tui/export.h src/tui/export_cast.c \
	src/tui/explain.c src/tui/explain.h \
	src/tui/panel_narration.c \
	src/tui/palette.c src/tui/palette.h \
	src/tui/pan.c src/tui/pan.h \
	src/tui/pane.c src/tui/pane.h \
	src/tui/panel_conntrack.c \
	src/tui/panel_log.c \
	src/tui/panel_packet.c \
	src/tui/panel_rule.c \
	src/tui/replay.c src/tui/replay.h \
	src/tui/source.h \
	src/tui/term.c src/tui/term.h \
	src/tui/theme.c src/tui/theme.h \
	src/tui/timeline.c src/tui/timeline.h \
	src/tui/words.c src/tui/words.h
nodist_libnftui_a_SOURCES = src/tui/embedded.c
libnftui_a_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)

# The shipped diagrams and themes, compiled in so nfwalk runs uninstalled.
BUILT_SOURCES += src/tui/embedded.c
CLEANFILES += src/tui/embedded.c
EXTRA_DIST += src/tui/embed_assets.sh
src/tui/embedded.c: $(DIAGRAM_FILES) $(THEME_FILES) $(EXPLAIN_FILES) $(top_srcdir)/src/tui/embed_assets.sh
	$(AM_V_GEN)$(MKDIR_P) src/tui && args= && \
	for f in $(DIAGRAM_FILES); do args="$$args diagram=$(top_srcdir)/$$f"; done && \
	for f in $(THEME_FILES); do args="$$args theme=$(top_srcdir)/$$f"; done && \
	for f in $(EXPLAIN_FILES); do args="$$args explain=$(top_srcdir)/$$f"; done && \
	$(SHELL) $(top_srcdir)/src/tui/embed_assets.sh $$args > $@.tmp && mv $@.tmp $@

# Unit tests: the data-file parsers and the pure parts of the TUI.
TUI_TEST_LIBS = libnftui.a libnfruleset.a $(SCENARIO_LIBS) $(NCURSES_LIBS) $(YAML_LIBS)
TUI_UNIT_TESTS = tests/unit/test_theme tests/unit/test_diagram tests/unit/test_timeline \
	tests/unit/test_diagram_build \
	tests/unit/test_app tests/unit/test_layout tests/unit/test_follow \
	tests/unit/test_tutor_fixes tests/unit/test_narration \
	tests/unit/test_whatif tests/unit/test_term
check_PROGRAMS += $(TUI_UNIT_TESTS)
TESTS += $(TUI_UNIT_TESTS)
tests_unit_test_theme_SOURCES = tests/unit/test_theme.c
tests_unit_test_theme_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_theme_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_diagram_SOURCES = tests/unit/test_diagram.c
tests_unit_test_diagram_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_diagram_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_diagram_build_SOURCES = tests/unit/test_diagram_build.c
tests_unit_test_diagram_build_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_diagram_build_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_timeline_SOURCES = tests/unit/test_timeline.c tests/unit/tui_fixture.c \
	tests/unit/tui_fixture.h
tests_unit_test_timeline_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_timeline_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_app_SOURCES = tests/unit/test_app.c tests/unit/tui_fixture.c \
	tests/unit/tui_fixture.h
tests_unit_test_app_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_app_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_layout_SOURCES = tests/unit/test_layout.c
tests_unit_test_layout_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_layout_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_follow_SOURCES = tests/unit/test_follow.c
tests_unit_test_follow_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_follow_LDADD = $(TUI_TEST_LIBS)
tests_unit_test_narration_SOURCES = tests/unit/test_narration.c
tests_unit_test_narration_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_narration_LDADD = $(TUI_TEST_LIBS) $(YAML_LIBS)
tests_unit_test_tutor_fixes_SOURCES = tests/unit/test_tutor_fixes.c
tests_unit_test_tutor_fixes_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_tutor_fixes_LDADD = $(TUI_TEST_LIBS) $(YAML_LIBS)
tests_unit_test_whatif_SOURCES = tests/unit/test_whatif.c
tests_unit_test_whatif_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_whatif_LDADD = $(TUI_TEST_LIBS) $(YAML_LIBS)
tests_unit_test_term_SOURCES = tests/unit/test_term.c
tests_unit_test_term_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_unit_test_term_LDADD = $(TUI_TEST_LIBS)

# Screen tests: nfwalk in a detached tmux session, keys sent, the screen
# captured and compared (tests/screen/screen-lib.sh says how).
SCREEN_TESTS = \
	tests/screen/highlight.sh \
	tests/screen/rewrite.sh \
	tests/screen/ipv6.sh \
	tests/screen/nft.sh \
	tests/screen/expect.sh \
	tests/screen/pan.sh \
	tests/screen/resize.sh \
	tests/screen/help.sh \
	tests/screen/restore.sh \
	tests/screen/color.sh \
	tests/screen/run.sh \
	tests/screen/lines.sh \
	tests/screen/screens.sh \
	tests/screen/live.sh \
	tests/screen/ipchains.sh \
	tests/screen/steps.sh \
	tests/screen/first-screen.sh \
	tests/screen/narration.sh \
	tests/screen/present.sh \
	tests/screen/quiz.sh \
	tests/screen/manpage.sh \
	tests/screen/chains.sh \
	tests/screen/whatif.sh \
	tests/screen/whatif-packet.sh \
	tests/screen/keys.sh \
	tests/screen/terminal.sh
TESTS += $(SCREEN_TESTS)
EXTRA_DIST += $(SCREEN_TESTS) \
	tests/screen/screen-lib.sh \
	tests/screen/screen.yaml \
	tests/screen/attrs.theme \
	tests/screen/expected

# make bench: the redraw speed of the live diagram (a measurement only).
EXTRA_PROGRAMS += tests/bench/tui_bench
tests_bench_tui_bench_SOURCES = tests/bench/tui_bench.c
tests_bench_tui_bench_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_bench_tui_bench_LDADD = libnftui.a libnfcapture.a libnfruleset.a $(SCENARIO_LIBS) \
	$(NCURSES_LIBS) $(YAML_LIBS) $(PCAP_LIBS)
CLEANFILES += tests/bench/tui_bench$(EXEEXT)
bench: bench-tui
bench-tui: tests/bench/tui_bench$(EXEEXT)
	./tests/bench/tui_bench$(EXEEXT) $(top_srcdir)/scenarios/tour.yaml 4000
.PHONY: bench bench-tui

# nfwalk(1)'s KEYS section, generated from the key table: keys_mdoc prints
# it, tests/man_keys.sh compares, make man-keys rewrites the page.
check_PROGRAMS += keys_mdoc
keys_mdoc_SOURCES = src/tui/keys_mdoc.c
keys_mdoc_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
keys_mdoc_LDADD = libnftui.a $(NCURSES_LIBS)
TESTS += tests/man_keys.sh tests/export.sh
EXTRA_DIST += tests/man_keys.sh tests/export.sh
man-keys: keys_mdoc$(EXEEXT)
	./keys_mdoc$(EXEEXT) > keys.mdoc.new && \
	awk -v gen=keys.mdoc.new 'BEGIN { while ((getline l < gen) > 0) g = g l "\n" } \
		/^\.\\" KEYS begin/ { printf "%s", g; skip = 1; next } \
		/^\.\\" KEYS end/ { skip = 0; next } !skip' \
		$(top_srcdir)/man/nfwalk.1 > man.new && mv man.new $(top_srcdir)/man/nfwalk.1 && rm -f keys.mdoc.new
.PHONY: man-keys
