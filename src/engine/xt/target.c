/* target.c - the extension targets nfwalk implements, by the name -j
 * takes.  ACCEPT, DROP, RETURN and QUEUE are standard verdicts, not
 * targets (RA_VERDICT), as in the kernel. */
#include "engine/xt/xt.h"

#include <string.h>

static const struct target_type *const targets[] = {
	&target_reject,	 &target_log,	  &target_mark,	   &target_connmark, &target_dnat,
	&target_snat,	 &target_masquerade, &target_redirect, &target_netmap,	 &target_ct,
	&target_notrack, &target_ttl,	  &target_tos,	   &target_dscp,     &target_classify,
	&target_trace,	 &target_nfqueue, &target_imq,	   &target_nflog,    &target_checksum,
};

const struct target_type *target_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		if (strcmp(targets[i]->name, name) == 0)
			return targets[i];
	return NULL;
}

const char *const *target_names(void)
{
	static const char *names[ARRAY_SIZE(targets) + 1];
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		names[i] = targets[i]->name;
	return names;
}
