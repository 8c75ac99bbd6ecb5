/* fuzz_capture.c - captures: the input is written to a temporary file
 * and opened as libpcap opens any capture (pcap or pcapng), its frames
 * turned into packets (every link type nfwalk reads) and walked through a
 * small gateway. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* mkstemp */
#endif
#include "fuzz.h"

#include <unistd.h>

#include "capture/capture.h"
#include "capture/capture_run.h"
#include "engine/walk/engine.h"
#include "scenario/scenario.h"

static const char topology[] = "name: gateway\n"
			       "sysctl: {ip_forward: 1}\n"
			       "interfaces: {eth0: 192.0.2.1/24, eth1: 10.0.0.1/24}\n"
			       "routes: [default via 192.0.2.254 dev eth0]\n"
			       "capture: {iface: eth0}\n"
			       "sockets: [tcp 22, udp 53]\n"
			       "iptables: |\n"
			       "  -t nat -A POSTROUTING -o eth0 -j MASQUERADE\n"
			       "  -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
			       "  -A INPUT -p tcp --dport 22 -j ACCEPT\n"
			       "  -A INPUT -p udp -j REJECT\n"
			       "  -A FORWARD -i eth1 -j ACCEPT\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scenario s;
	static bool loaded;
	struct nf_error err = {.col = -1};
	if (!loaded) {
		if (scenario_load_string("gateway.yaml", topology, sizeof(topology) - 1, &s, &err))
			abort();
		loaded = true;
	}
	char path[] = "/tmp/nfwalk-fuzz-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	bool written = write(fd, data, size) == (ssize_t)size;
	close(fd);
	struct engine e;
	struct capture c;
	engine_init(&e);
	memset(&c, 0, sizeof(c));
	if (written && scenario_build_engine(&s, &e, &err) == 0 &&
	    capture_open_for_host(&c, &s, &e, path, NULL, NULL, &err) == 0) {
		struct packet *p;
		int n = 0;
		while (capture_next(&c, &p) == CAP_PACKET)
			walk_packet(&e, p, ++n, NULL);
		capture_close(&c);
	}
	engine_free(&e);
	unlink(path);
	return 0;
}
