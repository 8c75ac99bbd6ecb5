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

const struct target_type *target_find_family(const char *name, int family)
{
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		const struct target_type *t = targets[i].type;
		if (strcmp(t->name, name) == 0 && (!t->family || t->family == family))
			return t;
	}
	return NULL;
}

const struct target_type *target_find(const char *name)
{
	return target_find_family(name, FAMILY_IPV4);
}

const char *const *target_names(void)
{
	static const char *names[ARRAY_SIZE(targets) + 1];
	/* once each: iptables' and ip6tables' extensions may share a name */
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(names[k], targets[i].type->name) == 0;
		if (!seen)
			names[n++] = targets[i].type->name;
	}
	names[n] = NULL;
	return names;
}

bool target_needs_ct(const struct target_type *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		if (targets[i].type == type)
			return targets[i].needs_ct;
	return false;
}
