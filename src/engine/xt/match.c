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

const struct match_type *match_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		if (strcmp(matches[i].type->name, name) == 0)
			return matches[i].type;
	return NULL;
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
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		names[i] = matches[i].type->name;
	return names;
}

bool match_needs_ct(const struct match_type *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		if (matches[i].type == type)
			return matches[i].needs_ct;
	return false;
}
