/* target.c - the extension targets nfwalk implements, by the name -j
 * takes: the registry generated from XT_TARGETS (xt_list.h).  ACCEPT,
 * DROP, RETURN and QUEUE are standard verdicts, not targets (RA_VERDICT),
 * as in the kernel. */
#include "engine/xt/xt.h"

#include <string.h>

static const struct {
	const struct target_type *type;
	bool needs_ct;
} targets[] = {
#define XT_TARGET_ENTRY(sym, needs_ct) {&sym, needs_ct},
	XT_TARGETS(XT_TARGET_ENTRY)
#undef XT_TARGET_ENTRY
};

const struct target_type *target_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		if (strcmp(targets[i].type->name, name) == 0)
			return targets[i].type;
	return NULL;
}

const char *const *target_names(void)
{
	static const char *names[ARRAY_SIZE(targets) + 1];
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		names[i] = targets[i].type->name;
	return names;
}

bool target_needs_ct(const struct target_type *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		if (targets[i].type == type)
			return targets[i].needs_ct;
	return false;
}
