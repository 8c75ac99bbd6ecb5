/* test_scenario_big.c - a long `iptables: |` block loads in work linear
 * in its length (nf_work counts what the loader rescans; nothing is
 * timed): finding each line's column once scanned the file from its
 * start for every line. */
#include <stdlib.h>
#include <string.h>

#include "scenario/scenario.h"
#include "tests/tap.h"

static double work_per_line(size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "name: big\ninterfaces: {eth0: 192.0.2.1/24}\niptables: |\n");
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "  -A INPUT -p tcp --dport %zu -j ACCEPT\n", i % 65535 + 1);
	sb_adds(&sb, "packets:\n  - send: tcp 192.0.2.9:1000 -> 192.0.2.1:22 syn on eth0\n");
	struct scenario s;
	struct nf_error err;
	nf_work = 0;
	int rc = scenario_load_string("big.yaml", sb.s, sb.len, &s, &err);
	if (rc == 0)
		scenario_free(&s);
	else
		printf("# %s\n", err.msg);
	sb_free(&sb);
	ok(rc == 0, "%zu lines load", n);
	return (double)nf_work / (double)n;
}

int main(void)
{
	double w1 = work_per_line(1000), w10 = work_per_line(10000);
	printf("# work per line: %.1f (1000 lines), %.1f (10000)\n", w1, w10);
	ok(w10 < 200, "10000 lines: bounded work per line");
	ok(w10 < 2 * w1 + 8, "the work per line does not grow with the block");
	return tap_done();
}
