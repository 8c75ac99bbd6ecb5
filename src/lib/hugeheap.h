/* hugeheap.h - grow malloc's heap once, in huge pages, around a big load. */
#ifndef NFWALK_HUGEHEAP_H
#define NFWALK_HUGEHEAP_H
#include <stdbool.h>
#include <stddef.h>

/* Before BYTES of small allocations: true when the heap was grown. */
bool heap_grow_huge(size_t bytes);
/* After them: malloc's default padding again. */
void heap_grow_done(bool grown);

#endif
