# netstack.mk - interfaces, routes, the policy database, local sockets, tc.
noinst_LIBRARIES += libnfnet.a
libnfnet_a_SOURCES = \
	src/engine/net.h \
	src/engine/local.h \
	src/engine/qos.h \
	src/engine/fib.h \
	src/engine/cmdwords.c src/engine/cmdwords.h \
	src/engine/iface.c \
	src/engine/route.c \
	src/engine/rpdb.c \
	src/engine/sockconn.h \
	src/engine/sockets.c \
	src/engine/local.c \
	src/engine/tc.h \
	src/engine/qos.c \
	src/engine/tc_parse.c \
	src/engine/tc_classify.c

check_PROGRAMS += tests/unit/test_route tests/unit/test_rpdb tests/unit/test_local \
	tests/unit/test_qos
TESTS += tests/unit/test_route tests/unit/test_rpdb tests/unit/test_local \
	tests/unit/test_qos
tests_unit_test_route_SOURCES = tests/unit/test_route.c
tests_unit_test_route_LDADD = libnfnet.a libnfcore.a
tests_unit_test_rpdb_SOURCES = tests/unit/test_rpdb.c
tests_unit_test_rpdb_LDADD = libnfnet.a libnfcore.a
tests_unit_test_local_SOURCES = tests/unit/test_local.c
tests_unit_test_local_LDADD = libnfnet.a libnftrack.a libnfcore.a
tests_unit_test_qos_SOURCES = tests/unit/test_qos.c
tests_unit_test_qos_LDADD = libnfnet.a libnftrack.a libnfcore.a
