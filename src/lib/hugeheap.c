/* hugeheap.c - a stretch of malloc's heap in huge pages, for a load that
 * makes many small allocations at once (save.c's big rules files).
 * A process-wide setting (malloc's top padding) is changed for the
 * length of the load only, and only under glibc. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* sbrk, madvise */
#endif
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "lib/hugeheap.h"
#include "lib/util.h"

/* A big file's rules in huge pages.  Each rule is a few small
 * allocations from malloc's heap, and 50,000 of them fault in 6,000
 * pages one by one: on the machine of `make bench` half of the load's
 * time went to page faults (with glibc.malloc.hugetlb=1 the load took
 * half the time).  So before a big file is read the heap is grown once
 * by about what its rules will take, and that stretch is asked to be
 * huge pages (transparent_hugepage "madvise").  glibc only; elsewhere,
 * or when the heap does not grow as expected, nothing changes. */
#define HEAP_HUGE_MIN ((size_t)8 << 20)
#define HEAP_HUGE (2u << 20)

bool heap_grow_huge(size_t bytes)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD) && defined(MADV_HUGEPAGE)
	if (bytes < HEAP_HUGE_MIN || bytes > ((size_t)1 << 30))
		return false;
	mallopt(M_TOP_PAD, (int)bytes);
	/* blocks below the mmap threshold until the heap grows: it then
	 * grows by M_TOP_PAD more, and keeps that much when they are freed */
	char *before = sbrk(0), *after = before;
	void *blocks[64];
	size_t n = 0;
	while (n < ARRAY_SIZE(blocks) && after == before) {
		blocks[n++] = malloc(96 * 1024);
		after = sbrk(0);
	}
	uintptr_t start = ((uintptr_t)before + HEAP_HUGE - 1) & ~(uintptr_t)(HEAP_HUGE - 1);
	if (before != (char *)-1 && after != (char *)-1 && (uintptr_t)after > start + HEAP_HUGE)
		madvise((void *)start, (uintptr_t)after - start, MADV_HUGEPAGE);
	for (size_t i = 0; i < n; i++)
		free(blocks[i]);
	return true;
#else
	(void)bytes;
	return false;
#endif
}

/* malloc's default padding again (the heap then shrinks as it did). */
void heap_grow_done(bool grown)
{
#if defined(__GLIBC__) && defined(M_TOP_PAD)
	if (grown)
		mallopt(M_TOP_PAD, 128 * 1024);
#else
	(void)grown;
#endif
}

