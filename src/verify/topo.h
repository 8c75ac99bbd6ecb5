/* topo.h - a scenario's host made real: a router namespace holding the
 * scenario's interfaces, addresses, routes, ip rules, qdiscs, sysctls and
 * listening sockets, and behind each interface a veth whose other end sits
 * alone in a peer namespace, the wire where packets arrive and leave.
 *
 * The router's interfaces run with ARP off: a packet routed out is put on
 * the wire at once with the router's own MAC as destination, so the peer
 * sees every packet that leaves, and nothing (no ARP, no IPv6) chatters on
 * the wires besides what the scenario sends.
 *
 * IPv6 is off in every namespace unless the scenario has some (an IPv6
 * address, route, rule, socket, ip6tables rule or packet).  Then the
 * router runs it quietly: no DAD, no router solicitations, no RAs taken,
 * and no address of its own making (addr_gen_mode none): the harness adds
 * exactly the link-local addresses nfwalk's interfaces have (fe80::EUI-64
 * of a given MAC, or the scenario's own), so both sides hold the same
 * addresses whatever MAC the kernel gave a veth.  With `arp off` the
 * router sends without neighbour discovery; only MLD reports (the
 * groups the addresses join) reach the wires, and capture.c drops them.
 * The peers keep IPv6 off: their packet socket sees IPv6 frames anyway. */
#ifndef NFWALK_TOPO_H
#define NFWALK_TOPO_H

#include <stdint.h>

#include "engine/walk/engine.h"
#include "scenario/scenario.h"
#include "nsexec.h"

struct topo_link {
	char ifname[IFNAME_MAX];  /* the scenario's name, inside the router */
	int router_ifindex;
	uint8_t router_mac[6];
	struct netns peer;        /* the peer namespace */
	int peer_ifindex;
	uint8_t peer_mac[6];
	int wire_fd;              /* AF_PACKET on the peer's end: sends and captures */
};

struct topo {
	char base[48];            /* unique per run: nfwv-PID-N */
	struct netns router;
	struct topo_link *links;
	size_t nlinks;
	int *sockets;             /* listening sockets of the scenario, and the
				   * sockets local packets were sent from */
	size_t nsockets;
	bool ipv6;                /* the router runs IPv6 (topo_wants_ipv6) */
	char kernel[64];          /* uname -r, for the report */
	struct strbuf notes;      /* how the harness adapted the scenario, one per line */
};

/* Does the scenario have any IPv6: addresses it gave (not the link-local
 * ones nfwalk derives from a MAC), IPv6 routes or rules, IPv6 sockets,
 * ip6tables rules, IPv6 packets? */
bool topo_wants_ipv6(const struct scenario *s, const struct engine *e);

/* Build everything but the rules.  -1 with err set; the partial topology
 * is still destroyed by topo_destroy. */
int topo_build(const struct scenario *s, const struct engine *e, struct topo *t,
	       struct nf_error *err);
/* Sysctls that only exist once the rules loaded conntrack. */
int topo_late_sysctls(const struct engine *e, struct topo *t, struct nf_error *err);
void topo_destroy(struct topo *t);

/* Say how the harness had to adapt the scenario to this kernel. */
void topo_note(struct topo *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keep a socket open until the topology goes. */
void topo_keep_socket(struct topo *t, int fd);
/* The link of a router interface, by name or by ifindex; NULL if none. */
const struct topo_link *topo_link_named(const struct topo *t, const char *ifname);
const char *topo_ifname(const struct topo *t, uint32_t ifindex);

#endif
