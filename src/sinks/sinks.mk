# sinks.mk - front ends that only consume events: the recorder (a deep
# copy for stepping and checking), the text and JSON Lines traces, the pcap
# writer, the per-fate/box/rule tally, progress on stderr.
noinst_LIBRARIES += libnfsinks.a
libnfsinks_a_SOURCES = \
	src/sinks/record.c src/sinks/record.h \
	src/sinks/trace.h src/sinks/outline.h src/sinks/outline.c src/sinks/trace_text.c src/sinks/trace_jsonl.c \
	src/sinks/trace_nft.c \
	src/sinks/pcap_out.h src/sinks/pcap_out.c \
	src/sinks/tally.h src/sinks/tally.c \
	src/sinks/progress.h src/sinks/progress.c \
	src/sinks/answer.h src/sinks/answer.c src/sinks/answer_dot.c
libnfsinks_a_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
