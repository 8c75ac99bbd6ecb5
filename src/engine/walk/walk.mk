# walk.mk - the walk: the event record, the engine that owns a host's
# state, ipt_do_table (chain.c) and the paths through the hooks (walk.c).
noinst_LIBRARIES += libnfwalk.a
libnfwalk_a_SOURCES = \
	src/engine/walk/event.c src/engine/walk/event.h \
	src/engine/walk/engine.c src/engine/walk/engine.h \
	src/engine/walk/walker.h src/engine/walk/emit.c \
	src/engine/walk/chain.c src/engine/walk/walk.c src/engine/walk/hookchain.c \
	src/engine/walk/classify.c src/engine/walk/classify.h

# The Linux 2.2 (ipchains) path through the same boxes.
libnfwalk_a_SOURCES += src/engine/walk/walk_ipchains.c

# Every engine library, in link order (dependents first).
ENGINE_LIBS = libnfwalk.a libnfxt.a libnfnft.a libnfnet.a libnftrack.a libnfcore.a libnfutil.a
