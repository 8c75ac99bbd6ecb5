/* regress_main.c - a plain main for a fuzz harness, so make check runs
 * every input that ever crashed, hung or grew slower than linear
 * (tests/fuzz/regress/TARGET/) through LLVMFuzzerTestOneInput with the
 * normal compiler, no libFuzzer needed; and the large inputs that caught
 * the cubic and quadratic loaders, made here rather than kept in git.
 * A failing input aborts (the harness's own checks, the sanitizers of a
 * sanitized build): the test fails at the file it names. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* scandir */
#endif
#include "fuzz.h"

#include <dirent.h>

static int n_tests;

static void run(const char *name, const uint8_t *data, size_t size)
{
	printf("# %s (%zu bytes)\n", name, size);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, size);
	printf("ok %d - %s/%s\n", ++n_tests, FUZZ_TARGET, name);
	fflush(stdout);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void run_file(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++n_tests, path);
		return;
	}
	char buf[65536];
	size_t n, total = 0;
	uint8_t *data = NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		data = xrealloc(data, total + n);
		memcpy(data + total, buf, n);
		total += n;
	}
	fclose(f);
	run(name, data ? data : (const uint8_t *)"", total);
	free(data);
}

/* The inputs of the two slow loaders, made to size. */
static void run_generated(void)
{
	struct strbuf sb = STRBUF_INIT;
	if (strcmp(FUZZ_TARGET, "rules") == 0) {
		/* 1,000 chains, each jumping to the next: cubic before. */
		sb_adds(&sb, "*filter\n:INPUT ACCEPT [0:0]\n");
		for (int i = 1; i <= 1000; i++)
			sb_addf(&sb, ":C%d - [0:0]\n", i);
		for (int i = 1; i < 1000; i++)
			sb_addf(&sb, "-A C%d -j C%d\n", i, i + 1);
		sb_adds(&sb, "-A INPUT -j C1\nCOMMIT\n");
		run("generated: 1000 chains jumping one into the next", (const uint8_t *)sb.s,
		    sb.len);
	} else if (strcmp(FUZZ_TARGET, "scenario") == 0) {
		/* A 10,000-line iptables block: quadratic before. */
		sb_adds(&sb, "name: big\ninterfaces: {eth0: 192.0.2.1/24}\niptables: |\n");
		for (int i = 0; i < 10000; i++)
			sb_addf(&sb, "  -A INPUT -p tcp --dport %d -j ACCEPT\n", i % 65535 + 1);
		sb_adds(&sb, "packets:\n  - send: tcp 192.0.2.9:1000 -> 192.0.2.1:22 syn on eth0\n");
		run("generated: a 10000-line iptables block", (const uint8_t *)sb.s, sb.len);
	}
	sb_free(&sb);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : REGRESS_DIR;
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			run_file(dir, names[i]->d_name);
		free(names[i]);
	}
	if (n > 0)
		free(names);
	run_generated();
	printf("1..%d\n", n_tests);
	return 0;
}
