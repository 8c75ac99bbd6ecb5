/* ct_slab.c - conntrack entries from blocks (ct_slab.h). */
#include "engine/track/ct_slab.h"

#include <stdlib.h>
#include <string.h>

#include "engine/track/conntrack.h"
#include "lib/util.h"

#if defined(__SANITIZE_ADDRESS__)
#define CT_SLAB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CT_SLAB_SANITIZED 1
#endif
#endif

enum { BLOCK_ENTRIES = 4096 };

struct ct_block {
	struct ct_block *next;
	struct ct_entry e[BLOCK_ENTRIES];
};

#ifdef CT_SLAB_SANITIZED
struct ct_entry *ct_slab_get(struct ct_slab *s)
{
	(void)s;
	return xcalloc(1, sizeof(struct ct_entry));
}

void ct_slab_put(struct ct_slab *s, struct ct_entry *e)
{
	(void)s;
	free(e);
}
#else
struct ct_entry *ct_slab_get(struct ct_slab *s)
{
	if (!s->free) {
		/* calloc: a block's pages are touched as its entries are used */
		struct ct_block *b = xcalloc(1, sizeof(*b));
		b->next = s->blocks;
		s->blocks = b;
		for (size_t i = BLOCK_ENTRIES; i-- > 0;) {
			b->e[i].next = s->free;
			s->free = &b->e[i];
		}
	}
	struct ct_entry *e = s->free;
	s->free = e->next;
	memset(e, 0, sizeof(*e));
	return e;
}

void ct_slab_put(struct ct_slab *s, struct ct_entry *e)
{
	e->next = s->free;
	s->free = e;
}
#endif

void ct_slab_free(struct ct_slab *s)
{
	while (s->blocks) {
		struct ct_block *next = s->blocks->next;
		free(s->blocks);
		s->blocks = next;
	}
	s->free = NULL;
}
