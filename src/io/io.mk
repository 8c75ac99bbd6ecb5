# io.mk - the front ends that consume events (text, JSON Lines, checker),
# the scenario runner, and the program itself.
noinst_LIBRARIES += libnfio.a
libnfio_a_SOURCES = \
	src/io/runner.h
bin_PROGRAMS += nfwalk
nfwalk_SOURCES = src/main.c
nfwalk_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
nfwalk_LDADD = libnfverify.a libnftui.a libnfcapture.a libnfio.a libnfscenario.a $(ENGINE_LIBS) \
	$(NCURSES_LIBS) $(YAML_LIBS) $(PCAP_LIBS)
libnfio_a_SOURCES += \
	src/io/record.c src/io/record.h \
	src/io/trace.h src/io/trace_text.c src/io/trace_jsonl.c \
	src/io/check.c src/io/check.h
nodist_nfwalk_SOURCES = src/io/tour_data.c
BUILT_SOURCES += src/io/tour_data.c
CLEANFILES += src/io/tour_data.c
EXTRA_DIST += tools/embed.sh
src/io/tour_data.c: $(top_srcdir)/scenarios/tour.yaml $(top_srcdir)/tools/embed.sh
	$(AM_V_GEN)$(MKDIR_P) src/io && \
	$(SHELL) $(top_srcdir)/tools/embed.sh nfwalk_tour_yaml $(top_srcdir)/scenarios/tour.yaml > $@.tmp && mv $@.tmp $@
