# capture.mk - real traffic: pcap/pcapng input (libpcap), live capture,
# frames to packets, and the batch front end that walks captures with a
# summary.
noinst_LIBRARIES += libnfcapture.a
libnfcapture_a_SOURCES = \
	src/capture/capture.h src/capture/frame.c src/capture/pcap_in.c src/capture/live.c \
	src/capture/capture_run.h src/capture/capture_run.c
libnfcapture_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)

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
