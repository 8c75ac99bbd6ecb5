/* match.c - the matches nfwalk implements, by the name -m takes: the
 * registry generated from XT_MATCHES (xt_list.h). */
#include "engine/xt/xt.h"

#include <string.h>

static const struct {
	const struct match_type *type;
	bool needs_ct;
} matches[] = {
#define XT_MATCH_ENTRY(sym, needs_ct) {&sym, needs_ct},
	XT_MATCHES(XT_MATCH_ENTRY)
#undef XT_MATCH_ENTRY
};

const struct match_type *match_find_family(const char *name, int family)
{
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++) {
		const struct match_type *t = matches[i].type;
		if (strcmp(t->name, name) == 0 && (!t->family || t->family == family))
			return t;
	}
	return NULL;
}

const struct match_type *match_find(const char *name)
{
	return match_find_family(name, FAMILY_IPV4);
}

/* Matches iptables has that nfwalk refuses on purpose, with the reason
 * (a file naming them is refused, or under --lenient the rule is kept as
 * one that cannot be evaluated). */
static const struct {
	const char *name, *why;
} refused[] = {
	{"bpf", "nfwalk does not run BPF programs: -m bpf (--bytecode or --object-pinned) "
		"cannot be evaluated"},
};

const char *match_refusal(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		if (strcmp(refused[i].name, name) == 0)
			return refused[i].why;
	return NULL;
}

const char *const *match_names(void)
{
	static const char *names[ARRAY_SIZE(matches) + 1];
	/* once each: iptables' and ip6tables' extensions may share a name */
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++) {
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(names[k], matches[i].type->name) == 0;
		if (!seen)
			names[n++] = matches[i].type->name;
	}
	names[n] = NULL;
	return names;
}

bool match_needs_ct(const struct match_type *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		if (matches[i].type == type)
			return matches[i].needs_ct;
	return false;
}
