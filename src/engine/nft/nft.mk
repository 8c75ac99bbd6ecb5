# nft.mk - the nftables language: lexer, parser to a tree made for the
# walk to evaluate (issue 11), and a printer as nft list ruleset prints.
# Uses src/lib and engine/core only, beside engine/xt.
noinst_LIBRARIES += libnfnft.a
libnfnft_a_SOURCES = \
	src/engine/nft/nft.h src/engine/nft/nft_ast.h src/engine/nft/nft_lex.h \
	src/engine/nft/nft_types.h src/engine/nft/nft_parse_priv.h \
	src/engine/nft/nft_lex.c \
	src/engine/nft/nft_types.c \
	src/engine/nft/nft_ast.c \
	src/engine/nft/nft_expr_print.c \
	src/engine/nft/nft_expr_parse.c \
	src/engine/nft/nft_stmt_parse.c \
	src/engine/nft/nft_parse.c \
	src/engine/nft/nft_print.c \
	src/engine/nft/nft_eval.h src/engine/nft/nft_eval_priv.h src/engine/nft/nft_value.h \
	src/engine/nft/nft_value.c \
	src/engine/nft/nft_eval.c \
	src/engine/nft/nft_classify.c \
	src/engine/nft/nft_fib.c \
	src/engine/nft/nft_ct.c \
	src/engine/nft/nft_tcpopt.c \
	src/engine/nft/nft_stmt_eval.c \
	src/engine/nft/nft_gen.c \
	src/engine/nft/nft_map.c \
	src/engine/nft/nft_dynset.c \
	src/engine/nft/nft_payload_set.c \
	src/engine/nft/nft_objects.c \
	src/engine/nft/nft_check.c

# nftables' own vectors (tests/data/nft-py, a curated GPL-2.0 subset).
check_PROGRAMS += tests/unit/test_nft_py
TESTS += tests/unit/test_nft_py
tests_unit_test_nft_py_SOURCES = tests/unit/test_nft_py.c
tests_unit_test_nft_py_LDADD = libnfnft.a libnfutil.a
EXTRA_DIST += tests/data/nft-py

# Evaluation: each expression kind matching and not (issue 11).
check_PROGRAMS += tests/unit/test_nft_eval
TESTS += tests/unit/test_nft_eval
tests_unit_test_nft_eval_SOURCES = tests/unit/test_nft_eval.c
tests_unit_test_nft_eval_LDADD = libnfnft.a libnfnet.a libnftrack.a libnfcore.a libnfutil.a

# The stateful and value-making forms: jhash against the kernel's values,
# numgen, maps, dynamic sets with timeouts, byte limits, named objects,
# payload writes, meta time, fib oifname, queue (issue 11).
check_PROGRAMS += tests/unit/test_nft_stateful
TESTS += tests/unit/test_nft_stateful
tests_unit_test_nft_stateful_SOURCES = tests/unit/test_nft_stateful.c
tests_unit_test_nft_stateful_LDADD = libnfnft.a libnfnet.a libnftrack.a libnfcore.a libnfutil.a
