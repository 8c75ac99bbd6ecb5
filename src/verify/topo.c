/* topo.c - building the scenario's host in network namespaces.
 *
 * Order matters as in a shell script: namespaces, links, addresses, then
 * routes (which need their devices), ip rules, qdiscs, sockets.  Every
 * command's failure names the scenario line that asked for it. */
#define _GNU_SOURCE
#include "topo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanup.h"
#include "lib/addr.h"
#include "lib/words.h"

#define TOPO_PREFIX "nfwv-" /* namespaces are nfwv-PID-RUN-r and nfwv-PID-RUN-pN */
#define PEER_DEV "wire"
#define LOOPBACK_IFINDEX 1 /* lo is always the first device of a namespace */
#define WIRE_RCVBUF (1 << 20)
#define LISTEN_BACKLOG 16

static unsigned run_counter;

static int run_cmd(const struct netns *ns, const char *const argv[], struct nf_error *err)
{
	struct cmd_result r;
	int rc = ns_run(ns, argv, NULL, &r, err);
	cmd_result_free(&r);
	return rc;
}

/* Attach the scenario line to an error from a command it asked for. */
static int line_error(const struct scenario *s, const struct scn_line *l, struct nf_error *err)
{
	struct strbuf msg = STRBUF_INIT;
	sb_addf(&msg, "the kernel refused `%s`: %s", l->text, err->msg);
	str_copy(err->file, sizeof(err->file), s->path ? s->path : "");
	err->line = l->line;
	err->col = l->col;
	str_copy(err->msg, sizeof(err->msg), sb_str(&msg));
	sb_free(&msg);
	return -1;
}

static int netns_add(const char *name, struct netns *ns, struct nf_error *err)
{
	ns->fd = -1;
	str_copy(ns->name, sizeof(ns->name), name);
	/* Remembered first: a signal during `ip netns add` still cleans up. */
	if (cleanup_add_netns(name) != 0)
		return nf_err(err, -1, "too many namespaces for one run");
	const char *argv[] = {"ip", "netns", "add", name, NULL};
	if (run_cmd(NULL, argv, err))
		return -1;
	if (netns_open(ns, name, err))
		return -1;
	/* No IPv6: no router solicitations or DAD on the wires. */
	if (netns_sysctl(ns, "net/ipv6/conf/all/disable_ipv6", "1", true, err) ||
	    netns_sysctl(ns, "net/ipv6/conf/default/disable_ipv6", "1", true, err))
		return -1;
	return 0;
}

static void netns_remove(struct netns *ns)
{
	if (!ns->name[0])
		return;
	netns_close(ns);
	cleanup_del_netns(ns->name);
	ns->name[0] = '\0';
}

static void mac_text(const uint8_t mac[6], char *buf, size_t n)
{
	snprintf(buf, n, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
}

/* ifindex and MAC of a device, asked from inside its namespace. */
static int device_identity(const struct netns *ns, const char *dev, int *ifindex, uint8_t mac[6],
			   struct nf_error *err)
{
	int fd = netns_socket(ns, AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return nf_err(err, -1, "socket in %s: %s", ns->name, strerror(errno));
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	str_copy(ifr.ifr_name, sizeof(ifr.ifr_name), dev);
	int rc = 0;
	if (ioctl(fd, SIOCGIFINDEX, &ifr) != 0) {
		rc = nf_err(err, -1, "no device %s in %s: %s", dev, ns->name, strerror(errno));
	} else {
		*ifindex = ifr.ifr_ifindex;
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) != 0)
			rc = nf_err(err, -1, "no MAC for %s in %s: %s", dev, ns->name,
				    strerror(errno));
		else
			memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	close(fd);
	return rc;
}

/* The peer's end of the wire: one packet socket that sends what the
 * scenario injects and captures what the router puts on the wire. */
static int open_wire(struct topo_link *l, struct nf_error *err)
{
	int fd = netns_socket(&l->peer, AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
	if (fd < 0)
		return nf_err(err, -1, "packet socket in %s: %s", l->peer.name, strerror(errno));
	int size = WIRE_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = l->peer_ifindex,
	};
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		int saved = errno;
		close(fd);
		return nf_err(err, -1, "bind to %s in %s: %s", PEER_DEV, l->peer.name,
			      strerror(saved));
	}
	l->wire_fd = fd;
	return 0;
}

static int add_addresses(struct topo *t, const struct iface *ifc, struct nf_error *err)
{
	for (int i = 0; i < ifc->naddr; i++) {
		char a[ADDR_STRLEN], cidr[32];
		snprintf(cidr, sizeof(cidr), "%s/%d", addr_fmt(ifc->addr[i], a), ifc->plen[i]);
		const char *argv[] = {"ip", "-n", t->router.name, "addr", "add", cidr, "dev",
				      ifc->name, NULL};
		if (run_cmd(NULL, argv, err))
			return -1;
	}
	return 0;
}

/* One veth: the scenario's interface in the router, "wire" in the peer. */
static int add_link(struct topo *t, const struct iface *ifc, struct nf_error *err)
{
	struct topo_link *l = &t->links[t->nlinks];
	memset(l, 0, sizeof(*l));
	l->wire_fd = -1;
	l->peer.fd = -1;
	str_copy(l->ifname, sizeof(l->ifname), ifc->name);
	char peer_name[64];
	snprintf(peer_name, sizeof(peer_name), "%s-p%zu", t->base, t->nlinks);
	t->nlinks++;
	if (netns_add(peer_name, &l->peer, err))
		return -1;
	const char *add[] = {"ip", "-n", t->router.name, "link", "add", ifc->name, "type", "veth",
			     "peer", "name", PEER_DEV, "netns", peer_name, NULL};
	if (run_cmd(NULL, add, err))
		return -1;
	if (ifc->has_mac) {
		char mac[32];
		mac_text(ifc->mac, mac, sizeof(mac));
		const char *set_mac[] = {"ip", "-n", t->router.name, "link", "set", ifc->name,
					 "address", mac, NULL};
		if (run_cmd(NULL, set_mac, err))
			return -1;
	}
	if (ifc->mtu) {
		char mtu[16];
		snprintf(mtu, sizeof(mtu), "%d", ifc->mtu);
		const char *set_mtu[] = {"ip", "-n", t->router.name, "link", "set", ifc->name,
					 "mtu", mtu, NULL};
		const char *peer_mtu[] = {"ip", "-n", peer_name, "link", "set", PEER_DEV,
					  "mtu", mtu, NULL};
		if (run_cmd(NULL, set_mtu, err) || run_cmd(NULL, peer_mtu, err))
			return -1;
	}
	if (ifc->group) {
		char group[16];
		snprintf(group, sizeof(group), "%u", ifc->group);
		const char *set_group[] = {"ip", "-n", t->router.name, "link", "set", ifc->name,
					   "group", group, NULL};
		if (run_cmd(NULL, set_group, err))
			return -1;
	}
	const char *up[] = {"ip", "-n", t->router.name, "link", "set", ifc->name, "arp", "off",
			    "up", NULL};
	const char *peer_up[] = {"ip", "-n", peer_name, "link", "set", PEER_DEV, "up", NULL};
	if (run_cmd(NULL, up, err) || run_cmd(NULL, peer_up, err))
		return -1;
	if (add_addresses(t, ifc, err))
		return -1;
	if (device_identity(&t->router, ifc->name, &l->router_ifindex, l->router_mac, err) ||
	    device_identity(&l->peer, PEER_DEV, &l->peer_ifindex, l->peer_mac, err))
		return -1;
	return open_wire(l, err);
}

/* A line may repeat its command's own words ("ip route add ...", "tc ..."):
 * the argument part starts after them. */
static const char *skip_words(const char *text, const char *const words[])
{
	const char *p = text;
	for (size_t i = 0; words[i]; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t len = strlen(words[i]);
		if (strncmp(p, words[i], len) == 0 && (p[len] == ' ' || p[len] == '\t'))
			p += len;
	}
	return p;
}

/* Kernels built without cls_fw (CONFIG_NET_CLS_FW) usually have cls_bpf,
 * and a classic BPF program makes the same test fw does, skb->mark & mask
 * == handle, returning -1 ("the filter's classid") on a match:
 *   ld #mark; and #MASK; jeq #HANDLE, match, miss; match: ret #-1; miss: ret #0
 * "... handle 6[/MASK] fw classid 1:10" becomes "... bpf bytecode '...'
 * classid 1:10".  false when the line has no fw filter. */
#define BPF_LD_MARK (BPF_LD | BPF_W | BPF_ABS)
#define BPF_AND_K (BPF_ALU | BPF_AND | BPF_K)
#define BPF_JEQ_K (BPF_JMP | BPF_JEQ | BPF_K)
#define BPF_RET_K (BPF_RET | BPF_K)
#define BPF_MARK_OFFSET ((uint32_t)(SKF_AD_OFF + SKF_AD_MARK))

static bool fw_as_bpf(const char *line, struct strbuf *out)
{
	struct word_list w;
	if (word_split_line(&w, line, WORD_QUOTES) != WORD_OK)
		return false;
	size_t fw = w.n, handle = w.n;
	for (size_t i = 0; i < w.n; i++) {
		if (strcmp(w.v[i].s, "fw") == 0)
			fw = i;
		else if (strcmp(w.v[i].s, "handle") == 0 && i + 1 < w.n)
			handle = i;
	}
	uint64_t value = 0, mask = UINT32_MAX;
	bool ok = fw < w.n && handle + 1 < w.n && handle + 1 != fw;
	if (ok) {
		char text[64];
		str_copy(text, sizeof(text), w.v[handle + 1].s);
		char *slash = strchr(text, '/');
		if (slash)
			*slash = '\0';
		ok = parse_uint(text, UINT32_MAX, &value) &&
		     (!slash || parse_uint(slash + 1, UINT32_MAX, &mask));
	}
	for (size_t i = 0; ok && i < w.n; i++) {
		if (i == handle || i == handle + 1)
			continue;
		if (i == fw)
			sb_addf(out, "%sbpf bytecode '5,%u 0 0 %u,%u 0 0 %llu,%u 0 1 %llu,%u 0 0 %u,%u 0 0 0'",
				out->len ? " " : "", BPF_LD_MARK, BPF_MARK_OFFSET, BPF_AND_K,
				(unsigned long long)mask, BPF_JEQ_K, (unsigned long long)value,
				BPF_RET_K, UINT32_MAX, BPF_RET_K);
		else
			sb_addf(out, "%s%s", out->len ? " " : "", w.v[i].s);
	}
	word_list_free(&w);
	return ok;
}

static int run_tc_line(struct topo *t, const char *const command[], const char *args,
		       char *adapted, size_t nadapted, struct nf_error *err)
{
	struct cmd_result r;
	int rc = ns_run_line(&t->router, command, args, &r, err);
	bool no_classifier = rc && strstr(sb_str(&r.err), "classifier not found");
	cmd_result_free(&r);
	struct strbuf bpf = STRBUF_INIT;
	if (no_classifier && fw_as_bpf(args, &bpf)) {
		rc = ns_run_line(&t->router, command, sb_str(&bpf), &r, err);
		cmd_result_free(&r);
		if (rc == 0)
			snprintf(adapted, nadapted, "tc %s", sb_str(&bpf));
	}
	sb_free(&bpf);
	return rc;
}

struct section {
	size_t lines, count;           /* offsets in struct scenario */
	const char *const *command;    /* argv prefix */
	const char *const *own_words;  /* words a line may start with */
};

static const char *const ip_route[] = {"ip", "route", "add", NULL};
static const char *const ip_rule[] = {"ip", "rule", "add", NULL};
static const char *const tc_cmd[] = {"tc", NULL};

static const struct section sections[] = {
	{offsetof(struct scenario, routes), offsetof(struct scenario, nroutes), ip_route, ip_route},
	{offsetof(struct scenario, iprules), offsetof(struct scenario, niprules), ip_rule, ip_rule},
	{offsetof(struct scenario, tc), offsetof(struct scenario, ntc), tc_cmd, tc_cmd},
};

static int run_sections(const struct scenario *s, struct topo *t, struct nf_error *err)
{
	for (size_t k = 0; k < ARRAY_SIZE(sections); k++) {
		const struct scn_line *lines =
			*(struct scn_line *const *)((const char *)s + sections[k].lines);
		size_t n = *(const size_t *)((const char *)s + sections[k].count);
		for (size_t i = 0; i < n; i++) {
			const char *args = skip_words(lines[i].text, sections[k].own_words);
			char adapted[200] = "";
			int rc;
			if (sections[k].command == tc_cmd) {
				rc = run_tc_line(t, sections[k].command, args, adapted,
						 sizeof(adapted), err);
			} else {
				struct cmd_result r;
				rc = ns_run_line(&t->router, sections[k].command, args, &r, err);
				cmd_result_free(&r);
			}
			if (rc)
				return line_error(s, &lines[i], err);
			if (adapted[0])
				topo_note(t, "no cls_fw in this kernel: line %d runs as `%s`",
					  lines[i].line, adapted);
		}
	}
	return 0;
}

void topo_note(struct topo *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&t->notes, fmt, ap);
	va_end(ap);
	sb_adds(&t->notes, "\n");
}

void topo_keep_socket(struct topo *t, int fd)
{
	t->sockets = xrealloc(t->sockets, (t->nsockets + 1) * sizeof(*t->sockets));
	t->sockets[t->nsockets++] = fd;
}

/* The scenario's sockets, as the engine understood them, made real. */
static int open_listeners(const struct engine *e, struct topo *t, struct nf_error *err)
{
	for (size_t i = 0; i < e->socks.n; i++) {
		const struct sock *sk = &e->socks.v[i];
		bool tcp = sk->proto == PROTO_TCP;
		/* -m owner reads the socket file's fsuid/fsgid */
		int old_gid = setfsgid((gid_t)sk->gid), old_uid = setfsuid((uid_t)sk->uid);
		int fd = netns_socket(&t->router, AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
		setfsuid((uid_t)old_uid);
		setfsgid((gid_t)old_gid);
		if (fd < 0)
			return nf_err(err, -1, "socket for `%s`: %s", sk->text, strerror(errno));
		topo_keep_socket(t, fd);
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		/* -m socket --transparent and --restore-skmark read these */
		if ((sk->transparent &&
		     setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &one, sizeof(one)) != 0) ||
		    (sk->mark && setsockopt(fd, SOL_SOCKET, SO_MARK, &sk->mark, sizeof(sk->mark)) != 0))
			return nf_err(err, -1, "setsockopt `%s`: %s", sk->text, strerror(errno));
		struct sockaddr_in sin = {.sin_family = AF_INET,
					  .sin_port = htons(sk->port),
					  .sin_addr.s_addr = htonl(sk->addr.ip)};
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
			return nf_err(err, -1, "bind `%s`: %s", sk->text, strerror(errno));
		if (tcp && listen(fd, LISTEN_BACKLOG) != 0)
			return nf_err(err, -1, "listen `%s`: %s", sk->text, strerror(errno));
	}
	return 0;
}

/* ip_forward first (it resets every interface's forwarding), then the
 * scenario's `sysctls:`, net.ipv4.conf.IFACE.KEY as net/ipv4/conf/IFACE/KEY
 * (an interface name may hold dots). */
#define NETFILTER_PREFIX "net.netfilter."

static int router_sysctls(const struct engine *e, struct topo *t, struct nf_error *err)
{
	if (netns_sysctl(&t->router, "net/ipv4/ip_forward", e->net.ip_forward ? "1" : "0", false,
			 err))
		return -1;
	static const char conf[] = "net.ipv4.conf.";
	for (size_t i = 0; i < e->net.sysctls.n; i++) {
		const struct sysctl_kv *kv = &e->net.sysctls.v[i];
		char path[160], value[24];
		if (strncmp(kv->name, NETFILTER_PREFIX, strlen(NETFILTER_PREFIX)) == 0)
			continue; /* once conntrack is loaded: topo_late_sysctls */
		const char *key = strrchr(kv->name, '.');
		if (strncmp(kv->name, conf, strlen(conf)) == 0 && key)
			snprintf(path, sizeof(path), "net/ipv4/conf/%.*s/%s",
				 (int)(key - kv->name - strlen(conf)), kv->name + strlen(conf),
				 key + 1);
		else
			for (size_t k = 0; k < sizeof(path) && (k == 0 || path[k - 1]); k++)
				path[k] = kv->name[k] == '.' ? '/' : kv->name[k];
		path[sizeof(path) - 1] = '\0';
		snprintf(value, sizeof(value), "%ld", kv->value);
		if (netns_sysctl(&t->router, path, value, false, err))
			return -1;
	}
	return 0;
}

/* Conntrack's sysctls exist in the namespace once it is loaded: the
 * scenario's net.netfilter.* (nf_conntrack_tcp_be_liberal), then
 * tcp_loose. */
int topo_late_sysctls(const struct engine *e, struct topo *t, struct nf_error *err)
{
	for (size_t i = 0; i < e->net.sysctls.n; i++) {
		const struct sysctl_kv *kv = &e->net.sysctls.v[i];
		char path[160], value[24];
		if (strncmp(kv->name, NETFILTER_PREFIX, strlen(NETFILTER_PREFIX)) != 0)
			continue;
		snprintf(path, sizeof(path), "net/netfilter/%s", kv->name + strlen(NETFILTER_PREFIX));
		snprintf(value, sizeof(value), "%ld", kv->value);
		if (netns_sysctl(&t->router, path, value, true, err))
			return -1;
	}
	return netns_sysctl(&t->router, "net/netfilter/nf_conntrack_tcp_loose",
			    e->ct.tcp_loose ? "1" : "0", true, err);
}

static int router_up(struct topo *t, struct nf_error *err)
{
	char name[64];
	snprintf(name, sizeof(name), "%s-r", t->base);
	if (netns_add(name, &t->router, err))
		return -1;
	const char *lo_up[] = {"ip", "-n", name, "link", "set", "lo", "up", NULL};
	return run_cmd(NULL, lo_up, err);
}

int topo_build(const struct scenario *s, const struct engine *e, struct topo *t,
	       struct nf_error *err)
{
	memset(t, 0, sizeof(*t));
	t->router.fd = -1;
	cleanup_install();
	cleanup_stale(TOPO_PREFIX);
	snprintf(t->base, sizeof(t->base), TOPO_PREFIX "%ld-%u", (long)getpid(), ++run_counter);
	struct utsname u;
	if (uname(&u) == 0)
		str_copy(t->kernel, sizeof(t->kernel), u.release);
	if (router_up(t, err))
		return -1;
	t->links = xcalloc(s->nifaces ? s->nifaces : 1, sizeof(*t->links));
	for (size_t i = 0; i < s->nifaces; i++) {
		const struct iface *ifc = &s->ifaces[i].ifc;
		int rc = strcmp(ifc->name, "lo") == 0 ? add_addresses(t, ifc, err)
						      : add_link(t, ifc, err);
		if (rc) {
			struct scn_line where = {.text = (char *)ifc->name,
						 .line = s->ifaces[i].line,
						 .col = s->ifaces[i].col};
			return line_error(s, &where, err);
		}
	}
	if (run_sections(s, t, err) || router_sysctls(e, t, err))
		return -1;
	return open_listeners(e, t, err);
}

void topo_destroy(struct topo *t)
{
	for (size_t i = 0; i < t->nsockets; i++)
		close(t->sockets[i]);
	free(t->sockets);
	for (size_t i = 0; i < t->nlinks; i++) {
		if (t->links[i].wire_fd >= 0)
			close(t->links[i].wire_fd);
		netns_remove(&t->links[i].peer);
	}
	free(t->links);
	sb_free(&t->notes);
	netns_remove(&t->router);
	memset(t, 0, sizeof(*t));
	t->router.fd = -1;
}

const struct topo_link *topo_link_named(const struct topo *t, const char *ifname)
{
	for (size_t i = 0; i < t->nlinks; i++)
		if (strcmp(t->links[i].ifname, ifname) == 0)
			return &t->links[i];
	return NULL;
}

const char *topo_ifname(const struct topo *t, uint32_t ifindex)
{
	if (ifindex == LOOPBACK_IFINDEX)
		return "lo";
	for (size_t i = 0; i < t->nlinks; i++)
		if ((uint32_t)t->links[i].router_ifindex == ifindex)
			return t->links[i].ifname;
	return "?";
}
