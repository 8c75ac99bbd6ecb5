/* sysctl.h - the sysctls that change a packet's walk, by their kernel
 * names (net.ipv4.conf.eth0.rp_filter), and how the kernel combines
 * net.ipv4.conf.all.KEY with net.ipv4.conf.IFACE.KEY
 * (include/linux/inetdevice.h):
 *   rp_filter       IN_DEV_MAXCONF: the larger of all and the interface
 *   accept_local    IN_DEV_ORCONF: either
 *   send_redirects  IN_DEV_ORCONF: either
 *   forwarding      IN_DEV_FORWARD: the interface's own (the input
 *                   interface's decides whether a packet is forwarded);
 *                   -1 when not set, ip_forward then says
 * Values not set are the kernel's defaults in a fresh network namespace
 * (rp_filter 0, accept_local 0, send_redirects 1). */
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
};

/* Set name to the decimal value text; refuses names nfwalk does not model
 * (saying which it does) and values out of the kernel's range.  iface_ok
 * tells whether an interface name exists (NULL: any). */
int sysctls_set(struct sysctls *s, const char *name, const char *value,
		bool (*iface_ok)(const void *ctx, const char *name), const void *ctx,
		struct nf_error *err);
/* A sysctl's value as set, or dflt when not set. */
long sysctl_get(const struct sysctls *s, const char *name, long dflt);
/* The effective net.ipv4.conf value of key for iface, combined with
 * `all` as the kernel does (see above). */
long sysctl_conf(const struct sysctls *s, const char *key, const char *iface);
/* Set every value of src in dst too. */
void sysctls_copy(struct sysctls *dst, const struct sysctls *src);
void sysctls_free(struct sysctls *s);

#endif
