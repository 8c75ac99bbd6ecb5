# core.mk - engine vocabulary (stages, names, helpers), events and the walk.
noinst_LIBRARIES += libnfcore.a libnfwalk.a
libnfcore_a_SOURCES = \
	src/engine/nf.c src/engine/nf.h \
	src/engine/stage.c src/engine/stage.h \
	src/engine/util.c src/engine/util.h \
	src/engine/addr.c src/engine/addr.h \
	src/engine/event.c src/engine/event.h
libnfwalk_a_SOURCES = \
	src/engine/engine.c src/engine/engine.h \
	src/engine/walker.h src/engine/emit.c src/engine/chain.c \
	src/engine/walk.c

# Every engine library, in link order (dependents first).
ENGINE_LIBS = libnfwalk.a libnfrules.a libnfnet.a libnftrack.a libnfcore.a
