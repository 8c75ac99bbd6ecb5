/* stage.c - the stage table generated from STAGE_LIST. */
#include "engine/core/stage.h"

#include <string.h>

const struct stage_info stage_table_[] = {
#define X(id, name, kind, hook, table, title) [id] = {name, kind, hook, table, title, sizeof(name) - 1, sizeof(title) - 1},
	STAGE_LIST(X)
#undef X
};

const char *stage_name(enum stage_id id)
{
	const struct stage_info *s = stage_info(id);
	return s ? s->name : "-";
}

int stage_by_name(const char *name)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (strcmp(stage_table_[i].name, name) == 0)
			return i;
	return -1;
}

enum stage_id stage_for_chain(enum nf_table t, enum nf_hook h)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (stage_table_[i].kind == SK_CHAIN && stage_table_[i].table == t && stage_table_[i].hook == h)
			return (enum stage_id)i;
	return ST_NONE;
}
