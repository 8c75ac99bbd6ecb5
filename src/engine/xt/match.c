/* match.c - the matches nfwalk implements, by the name -m takes. */
#include "engine/xt/xt.h"

#include <string.h>

static const struct match_type *const matches[] = {
	&match_tcp,	&match_udp,	&match_icmp,	 &match_multiport, &match_iprange,
	&match_mark,	&match_connmark, &match_conntrack, &match_state,   &match_addrtype,
	&match_comment, &match_mac,	&match_length,	 &match_ttl,	   &match_tos,
	&match_dscp,	&match_esp,	&match_ah,	 &match_ecn,	   &match_tcpmss,
	&match_pkttype, &match_rpfilter, &match_limit,	 &match_helper,	   &match_recent,
};

const struct match_type *match_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		if (strcmp(matches[i]->name, name) == 0)
			return matches[i];
	return NULL;
}

const char *const *match_names(void)
{
	static const char *names[ARRAY_SIZE(matches) + 1];
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		names[i] = matches[i]->name;
	return names;
}
