# core.mk - the engine's vocabulary: hooks, tables, verdicts, fates and the
# stages (boxes) a packet can pass, as X-macro lists with their names.
noinst_LIBRARIES += libnfcore.a
libnfcore_a_SOURCES = \
	src/engine/core/nf.c src/engine/core/nf.h \
	src/engine/core/stage.c src/engine/core/stage.h
