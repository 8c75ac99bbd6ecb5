/* sysctl.h - every sysctl nfwalk reads, in one table (sysctl.c): its
 * kernel name, its short alias (the spelling of the old `sysctl:` key),
 * its range and its default in a fresh network namespace.
 *
 * net.ipv4.conf.{all,IFACE}.KEY combine all with the interface as the
 * kernel does (include/linux/inetdevice.h):
 *   rp_filter         IN_DEV_MAXCONF: the larger of all and the interface
 *   accept_local      IN_DEV_ORCONF: either
 *   send_redirects    IN_DEV_ORCONF: either
 *   accept_redirects  IN_DEV_RX_REDIRECTS: both when the interface
 *                     forwards, either when it does not
 *   forwarding        IN_DEV_FORWARD: the interface's own (the input
 *                     interface's decides whether a packet is forwarded);
 *                     -1 when not set, ip_forward then says
 * Global ones hold one value.  Which of them the walk reads from here
 * (sysctl_get / sysctl_conf) and which the scenario moves into the engine
 * itself (ip_forward, tcp_loose, the conntrack timeouts) the table says. */
#ifndef NFWALK_SYSCTL_H
#define NFWALK_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

struct sysctl_kv {
	char *name; /* the kernel's dotted name */
	long value;
};

struct sysctls {
	struct sysctl_kv *v;
	size_t n;
	/* how many of v are net.ipv4.conf.* ones: with none, sysctl_conf
	 * answers the defaults without reading v (asked thrice a packet) */
	size_t nconf;
};

/* One row of the table. */
struct sysctl_def {
	const char *name;  /* kernel name; "net.ipv4.conf.*.KEY" for the per-interface ones */
	const char *alias; /* short name, NULL when none */
	long max, dflt;    /* range 0..max; the default (-1: "not set") */
	int how;           /* sysctl.c's combine rule */
	bool engine_field; /* the scenario moves it into an engine field (not read here) */
};

/* The table, NULL-name terminated, in the order documentation lists it. */
const struct sysctl_def *sysctl_defs(void);
/* The row of a kernel name or alias (a per-interface name matches its
 * net.ipv4.conf.*.KEY row), NULL when nfwalk does not read it. */
const struct sysctl_def *sysctl_def_of(const char *name);

/* Whether name (kernel name or alias) is one nfwalk reads; a per-interface
 * name must name `all` or an interface iface_ok knows (NULL: any).  The
 * error says which names nfwalk reads. */
int sysctl_check_name(const char *name, bool (*iface_ok)(const void *ctx, const char *name),
		      const void *ctx, struct nf_error *err);
/* Set name (kernel name or alias; kept under the kernel name) to the
 * value text: a number 0..max, or for switches also true/false, yes/no,
 * on/off.  Checks the name first, as sysctl_check_name. */
int sysctls_set(struct sysctls *s, const char *name, const char *value,
		bool (*iface_ok)(const void *ctx, const char *name), const void *ctx,
		struct nf_error *err);
/* A sysctl's value as set (by kernel name), or dflt when not set. */
long sysctl_get(const struct sysctls *s, const char *name, long dflt);
/* The effective net.ipv4.conf value of key for iface, combined with
 * `all` as the kernel does (see above). */
long sysctl_conf(const struct sysctls *s, const char *key, const char *iface);
/* accept_redirects for iface (C_RX: it needs the forwarding state, which
 * ip_forward gives an interface whose forwarding is not set). */
long sysctl_accept_redirects(const struct sysctls *s, const char *iface, bool ip_forward);
/* Whether ip6_forward forwards a packet that came in on iif: only
 * net.ipv6.conf.all.forwarding decides (Linux 6.18's ip6_forward; also
 * the interface's force_forwarding, which nfwalk does not model).
 * Writing all.forwarding sets every interface's forwarding too
 * (addrconf_fixup_forwarding), but an interface's own value only makes
 * it a router or a host for neighbour discovery: seen on 6.18,
 * all.forwarding=1 then veth0.forwarding=0 leaves all at 1.  So nfwalk
 * takes only `all`.  IPv6 has no rp_filter (rpf.h). */
bool sysctl_ip6_forwarding(const struct sysctls *s, const char *iif);
/* Set every value of src in dst too, but those the scenario keeps in
 * engine fields (engine_field). */
void sysctls_copy(struct sysctls *dst, const struct sysctls *src);
void sysctls_free(struct sysctls *s);

#endif
