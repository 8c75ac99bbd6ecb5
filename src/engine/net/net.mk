# net.mk - interfaces, routes, the policy database, local sockets, tc.
noinst_LIBRARIES += libnfnet.a
libnfnet_a_SOURCES = \
	src/engine/net/net.h \
	src/engine/net/local.h \
	src/engine/net/qos.h \
	src/engine/net/fib.h \
	src/engine/net/iface.c \
	src/engine/net/saddr6.c \
	src/engine/net/natsrc.h src/engine/net/natsrc.c \
	src/engine/net/sysctl.h src/engine/net/sysctl.c \
	src/engine/net/rpf.h src/engine/net/rpf.c \
	src/engine/net/inetpeer.h src/engine/net/inetpeer.c \
	src/engine/net/route.c \
	src/engine/net/fib_index.c \
	src/engine/net/rpdb.c \
	src/engine/net/sockconn.h \
	src/engine/net/sockets.c \
	src/engine/net/local.c \
	src/engine/net/tc.h \
	src/engine/net/qos.c \
	src/engine/net/tc_parse.c \
	src/engine/net/tc_classify.c \
	src/engine/net/tc_u32.c \
	src/engine/net/tc_police.c

check_PROGRAMS += tests/unit/test_route tests/unit/test_rpdb tests/unit/test_local \
	tests/unit/test_qos
TESTS += tests/unit/test_route tests/unit/test_rpdb tests/unit/test_local \
	tests/unit/test_qos
tests_unit_test_route_SOURCES = tests/unit/test_route.c
tests_unit_test_route_LDADD = libnfnet.a libnfcore.a libnfutil.a
tests_unit_test_rpdb_SOURCES = tests/unit/test_rpdb.c
tests_unit_test_rpdb_LDADD = libnfnet.a libnfcore.a libnfutil.a
tests_unit_test_local_SOURCES = tests/unit/test_local.c
tests_unit_test_local_LDADD = libnfnet.a libnftrack.a libnfcore.a libnfutil.a
tests_unit_test_qos_SOURCES = tests/unit/test_qos.c
tests_unit_test_qos_LDADD = libnfnet.a libnftrack.a libnfcore.a libnfutil.a

check_PROGRAMS += tests/unit/test_inetpeer
TESTS += tests/unit/test_inetpeer
tests_unit_test_inetpeer_SOURCES = tests/unit/test_inetpeer.c
tests_unit_test_inetpeer_LDADD = libnfnet.a libnfcore.a libnfutil.a

# IPv6 look-ups against the kernel's `ip -6 route get` (root; skipped
# otherwise): tests/kernel/route6.sh drives route6_get.
check_PROGRAMS += tests/kernel/route6_get
tests_kernel_route6_get_SOURCES = tests/kernel/route6_get.c
tests_kernel_route6_get_LDADD = libnfnet.a libnfcore.a libnfutil.a
TESTS += tests/kernel/route6.sh
EXTRA_DIST += tests/kernel/route6.sh
