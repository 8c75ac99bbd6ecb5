/* ct_slab.h - conntrack entries from blocks of many: a million live
 * connections are a million entries, and malloc's header on each was 8
 * of every 176 bytes.  A freed entry goes on a free list for the next
 * connection; blocks are returned all at once by ct_slab_free.
 *
 * Under AddressSanitizer each entry is its own allocation again, so a
 * use after free is still caught. */
#ifndef NFWALK_CT_SLAB_H
#define NFWALK_CT_SLAB_H

struct ct_entry;

struct ct_slab {
	struct ct_block *blocks;
	struct ct_entry *free; /* linked through ->next */
};

/* A zeroed entry. */
struct ct_entry *ct_slab_get(struct ct_slab *s);
void ct_slab_put(struct ct_slab *s, struct ct_entry *e);
void ct_slab_free(struct ct_slab *s);

#endif
