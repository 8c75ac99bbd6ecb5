# track.mk - packet bytes and metadata, connection tracking, NAT.
noinst_LIBRARIES += libnftrack.a
libnftrack_a_SOURCES = \
	src/engine/packet.c src/engine/packet.h \
	src/engine/wire.c src/engine/wire.h \
	src/engine/craft.c \
	src/engine/packet_fmt.c \
	src/engine/conntrack.c src/engine/conntrack.h \
	src/engine/ct_tuple.c src/engine/ct_tcp.c src/engine/ct_proto.h \
	src/engine/nat.c src/engine/nat_rewrite.c src/engine/nat.h

check_PROGRAMS += tests/unit/test_packet tests/unit/test_conntrack tests/unit/test_nat
TESTS += tests/unit/test_packet tests/unit/test_conntrack tests/unit/test_nat
tests_unit_test_packet_SOURCES = tests/unit/test_packet.c tests/unit/checksum_ref.h tests/unit/pkt_helpers.h
tests_unit_test_packet_LDADD = libnftrack.a libnfcore.a
tests_unit_test_conntrack_SOURCES = tests/unit/test_conntrack.c tests/unit/pkt_helpers.h
tests_unit_test_conntrack_LDADD = libnftrack.a libnfcore.a
tests_unit_test_nat_SOURCES = tests/unit/test_nat.c tests/unit/checksum_ref.h tests/unit/pkt_helpers.h
tests_unit_test_nat_LDADD = libnftrack.a libnfcore.a
