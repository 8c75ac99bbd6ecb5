/* engine_bench.c - how many packets per second the engine walks, with no
 * front end attached: the cost of the walk itself (conntrack, NAT, rules,
 * routing) as a long capture would pay it.  A measurement, never a test.
 *
 *   engine_bench SCENARIO.yaml PACKETS
 *
 * Each packet is a new TCP connection from the LAN (10.0.x.y:port) to a
 * different server, arriving on the scenario's interface eth1, so the
 * conntrack table and the NAT bindings grow with the run. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "scenario/scenario.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct packet *make_syn(unsigned i)
{
	struct pkt_spec spec = {
		.proto = PROTO_TCP,
		.src.ip = 0x0a000000u | ((i >> 8) & 0xff) << 8 | ((i & 0xff) ? (i & 0xff) : 1),
		.dst.ip = 0x5db80000u | ((i >> 4) & 0xff) << 8 | (0x10 | (i & 0x0f)),
		.sport = (uint16_t)(1024 + i % 60000),
		.dport = 443,
		.tcp_flags = TCPF_SYN,
		.seq = 1000,
	};
	struct packet *p = packet_build(&spec);
	snprintf(p->iif, sizeof(p->iif), "eth1");
	return p;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: engine_bench SCENARIO.yaml PACKETS\n");
		return 2;
	}
	unsigned n = (unsigned)strtoul(argv[2], NULL, 10);
	struct scenario s;
	struct nf_error err = {0};
	struct engine e;
	if (scenario_load(argv[1], &s, &err) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 2;
	}
	engine_init(&e);
	if (scenario_build_engine(&s, &e, &err) != 0) {
		fprintf(stderr, "%s: %s\n", argv[1], err.msg);
		return 2;
	}
	double t0 = now(), c0 = (double)clock() / CLOCKS_PER_SEC;
	for (unsigned i = 0; i < n; i++)
		walk_packet(&e, make_syn(i), (int)i + 1, NULL);
	double wall = now() - t0, cpu = (double)clock() / CLOCKS_PER_SEC - c0;
	printf("engine walk, %s: %u new connections in %.3f s wall, %.3f s cpu "
	       "(%.0f packets/s, %.2f us per packet)\n",
	       argv[1], n, wall, cpu, n / cpu, cpu * 1e6 / n);
	engine_free(&e);
	scenario_free(&s);
	return 0;
}
