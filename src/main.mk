# main.mk - the program: options, and which front end runs.
bin_PROGRAMS += nfwalk
nfwalk_SOURCES = src/main.c src/tutor_opts.c src/tutor_opts.h
nfwalk_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
nfwalk_LDADD = libnfverify.a libnftui.a libnfcapture.a libnfruleset.a libnfnft.a $(SCENARIO_LIBS) \
	$(NCURSES_LIBS) $(YAML_LIBS) $(PCAP_LIBS)
