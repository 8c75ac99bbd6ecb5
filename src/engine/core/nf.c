/* nf.c - name tables generated from the X-macro lists in nf.h. */
#include "engine/core/nf.h"

#include <string.h>

static const char *const hook_names[] = {
#define X(id, name) [id] = name,
	NF_HOOK_LIST(X)
#undef X
};

static const struct {
	const char *name;
	int prio;
	unsigned hooks;
} tables[] = {
#define X(id, name, prio, hooks) [id] = {name, prio, hooks},
	NF_TABLE_LIST(X)
#undef X
};

static const char *const verdict_names[] = {
#define X(id, name) [id] = name,
	NF_VERDICT_LIST(X)
#undef X
};

static const char *const fate_names[] = {
#define X(id, name) [id] = name,
	NF_FATE_LIST(X)
#undef X
};

/* their lengths: a trace says a verdict at every chain a packet passes */
static const unsigned char verdict_name_lens[] = {
#define X(id, name) [id] = sizeof(name) - 1,
	NF_VERDICT_LIST(X)
#undef X
};

static const unsigned char fate_name_lens[] = {
#define X(id, name) [id] = sizeof(name) - 1,
	NF_FATE_LIST(X)
#undef X
};

#define IN_RANGE(v, n) ((int)(v) >= 0 && (int)(v) < (int)(n))

const char *hook_name(enum nf_hook h)
{
	return IN_RANGE(h, HOOK_COUNT) ? hook_names[h] : "-";
}

const char *table_name(enum nf_table t)
{
	return IN_RANGE(t, TABLE_COUNT) ? tables[t].name : "-";
}

int table_priority(enum nf_table t)
{
	return IN_RANGE(t, TABLE_COUNT) ? tables[t].prio : 0;
}

unsigned table_hooks(enum nf_table t)
{
	return IN_RANGE(t, TABLE_COUNT) ? tables[t].hooks : 0;
}

const char *verdict_name(enum verdict v)
{
	return IN_RANGE(v, V_COUNT) ? verdict_names[v] : "?";
}

size_t verdict_name_len(enum verdict v)
{
	return IN_RANGE(v, V_COUNT) ? verdict_name_lens[v] : 1;
}

size_t fate_name_len(enum fate f)
{
	return IN_RANGE(f, FATE_COUNT) ? fate_name_lens[f] : 1;
}

const char *fate_name(enum fate f)
{
	return IN_RANGE(f, FATE_COUNT) ? fate_names[f] : "?";
}

static int lookup(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int hook_by_name(const char *name)
{
	return lookup(hook_names, HOOK_COUNT, name);
}

int table_by_name(const char *name)
{
	for (int i = 0; i < TABLE_COUNT; i++)
		if (strcmp(tables[i].name, name) == 0)
			return i;
	return -1;
}

int fate_by_name(const char *name)
{
	return lookup(fate_names, FATE_COUNT, name);
}
