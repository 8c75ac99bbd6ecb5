# capture.mk - real rulesets and real traffic: iptables-save files in and
# out, pcap/pcapng input (libpcap), pcap output of the walk, live capture,
# and the batch front end that walks captures with a summary.
noinst_LIBRARIES += libnfcapture.a
libnfcapture_a_SOURCES = \
	src/io/save.h src/io/save.c src/io/save_print.c \
	src/io/save_scenario.h src/io/save_scenario.c \
	src/io/capture.h src/io/frame.c src/io/pcap_in.c src/io/live.c \
	src/io/pcap_out.h src/io/pcap_out.c \
	src/io/tally.h src/io/tally.c \
	src/io/progress.h src/io/progress.c \
	src/io/capture_run.h src/io/capture_run.c
libnfcapture_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)

CAPTURE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'

# iptables-save reading and printing, with the real-world rulesets of
# ../shared/peer/rulesets when they are there.
check_PROGRAMS += tests/unit/test_save
TESTS += tests/unit/test_save
tests_unit_test_save_SOURCES = tests/unit/test_save.c
tests_unit_test_save_CPPFLAGS = $(CAPTURE_TEST_CPPFLAGS)
tests_unit_test_save_LDADD = libnfcapture.a $(ENGINE_LIBS)

# Frames of every link type, built by hand, through the decoder.
check_PROGRAMS += tests/unit/test_frame
TESTS += tests/unit/test_frame
tests_unit_test_frame_SOURCES = tests/unit/test_frame.c
tests_unit_test_frame_LDADD = libnfcapture.a $(ENGINE_LIBS) $(PCAP_LIBS)

# The program on captures: every capture of ../shared/peer/pcaps, pcap
# output read back by tcpdump, --rules and --print-rules, live capture on
# a veth pair in a namespace of its own.
TESTS += tests/pcaps.sh tests/pcap_out.sh tests/rules.sh tests/live.sh
EXTRA_DIST += tests/pcaps.sh tests/pcap_out.sh tests/rules.sh tests/live.sh \
	tests/data/capture
