/* fuzz.h - what the libFuzzer harnesses share: the entry point's
 * prototype, a NUL-terminated copy of the input, and the linear bound on
 * work.  The loaders count their work in nf_work (lib/util.h); an input
 * whose count grows faster than its size (the cubic jump-graph check, the
 * quadratic line search of a long YAML block) fails like a crash, in the
 * fuzzer and in the regression run of make check alike. */
#ifndef NFWALK_FUZZ_H
#define NFWALK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Work allowed: a base for fixed costs, then so much per input byte. */
#define FUZZ_WORK_BASE 100000ULL
#define FUZZ_WORK_PER_BYTE 64ULL

static inline void fuzz_work_start(void)
{
	nf_work = 0;
}

static inline void fuzz_work_check(const char *what, size_t size)
{
	unsigned long long bound = FUZZ_WORK_BASE + FUZZ_WORK_PER_BYTE * (unsigned long long)size;
	if (nf_work > bound) {
		fprintf(stderr, "fuzz: %s did %llu units of work for %zu bytes (bound %llu): "
				"slower than linear\n",
			what, nf_work, size, bound);
		abort();
	}
}

/* The input as a C string (parsers that take one stop at a NUL). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
