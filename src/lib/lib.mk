# lib.mk - the bottom layer: allocation, the string buffer and error
# printer, IPv4 and IPv6 addresses and prefixes, the one word splitter, where data
# files are looked up.  Depends on nothing of nfwalk's.
noinst_LIBRARIES += libnfutil.a
libnfutil_a_SOURCES = \
	src/lib/util.c src/lib/util.h \
	src/lib/fmt.c src/lib/fmt.h \
	src/lib/hugeheap.c src/lib/hugeheap.h \
	src/lib/addr.c src/lib/addr.h \
	src/lib/addr6.c src/lib/addr6.h \
	src/lib/inet.c src/lib/inet.h \
	src/lib/words.c src/lib/words.h src/lib/cmdwords.h \
	src/lib/datapath.c src/lib/datapath.h

check_PROGRAMS += tests/unit/test_words
TESTS += tests/unit/test_words
tests_unit_test_words_SOURCES = tests/unit/test_words.c
tests_unit_test_words_LDADD = libnfutil.a

check_PROGRAMS += tests/unit/test_datapath
TESTS += tests/unit/test_datapath
tests_unit_test_datapath_SOURCES = tests/unit/test_datapath.c
tests_unit_test_datapath_LDADD = libnfutil.a

check_PROGRAMS += tests/unit/test_addr6
TESTS += tests/unit/test_addr6
tests_unit_test_addr6_SOURCES = tests/unit/test_addr6.c
tests_unit_test_addr6_LDADD = libnfutil.a

check_PROGRAMS += tests/unit/test_inet
TESTS += tests/unit/test_inet
tests_unit_test_inet_SOURCES = tests/unit/test_inet.c
tests_unit_test_inet_LDADD = libnfutil.a

check_PROGRAMS += tests/unit/test_fmt
TESTS += tests/unit/test_fmt
tests_unit_test_fmt_SOURCES = tests/unit/test_fmt.c
tests_unit_test_fmt_LDADD = libnfutil.a
