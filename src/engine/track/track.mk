# track.mk - packet bytes and metadata, connection tracking, NAT.
noinst_LIBRARIES += libnftrack.a
libnftrack_a_SOURCES = \
	src/engine/track/packet.c src/engine/track/packet.h \
	src/engine/track/wire.c src/engine/track/wire.h \
	src/engine/track/wire6.c src/engine/track/wire6.h \
	src/engine/track/craft.c \
	src/engine/track/packet_fmt.c \
	src/engine/track/conntrack.c src/engine/track/conntrack.h \
	src/engine/track/ct_slab.c src/engine/track/ct_slab.h \
	src/engine/track/conncount.c src/engine/track/conncount.h \
	src/engine/track/ct_tuple.c src/engine/track/ct_tcp.c src/engine/track/ct_proto.h \
	src/engine/track/ct_expect.c src/engine/track/ct_expect.h \
	src/engine/track/ct_helper_ftp.c src/engine/track/ct_helper.h \
	src/engine/track/nat_ftp.c src/engine/track/nat_ftp.h \
	src/engine/track/nat.c src/engine/track/nat_rewrite.c src/engine/track/nat.h

check_PROGRAMS += tests/unit/test_packet tests/unit/test_conntrack tests/unit/test_nat
TESTS += tests/unit/test_packet tests/unit/test_conntrack tests/unit/test_nat
check_PROGRAMS += tests/unit/test_ct_helper
TESTS += tests/unit/test_ct_helper
tests_unit_test_ct_helper_SOURCES = tests/unit/test_ct_helper.c tests/unit/pkt_helpers.h
tests_unit_test_ct_helper_LDADD = libnftrack.a libnfcore.a libnfutil.a
tests_unit_test_packet_SOURCES = tests/unit/test_packet.c tests/unit/checksum_ref.h tests/unit/pkt_helpers.h
tests_unit_test_packet_LDADD = libnftrack.a libnfcore.a libnfutil.a
tests_unit_test_conntrack_SOURCES = tests/unit/test_conntrack.c tests/unit/pkt_helpers.h
tests_unit_test_conntrack_LDADD = libnftrack.a libnfcore.a libnfutil.a
tests_unit_test_nat_SOURCES = tests/unit/test_nat.c tests/unit/checksum_ref.h tests/unit/pkt_helpers.h
tests_unit_test_nat_LDADD = libnftrack.a libnfcore.a libnfutil.a

check_PROGRAMS += tests/unit/test_wire6
TESTS += tests/unit/test_wire6
tests_unit_test_wire6_SOURCES = tests/unit/test_wire6.c
tests_unit_test_wire6_LDADD = libnftrack.a libnfcore.a libnfutil.a
