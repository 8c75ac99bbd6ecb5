/* nft_types.c - datatypes, their symbols, the selectors and the named
 * priorities.  The numbers are the kernel's (linux/netfilter*.h, icmp.h,
 * icmpv6.h) and the names nft's own (nft describe TYPE lists them). */
#define _POSIX_C_SOURCE 200809L

#include "engine/nft/nft_types.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sym {
	enum nft_dtype type;
	const char *name;
	unsigned long val;
};

/* One table for every symbolic type: the first name of a value is the
 * one nft prints (ipv6-icmp for 58; icmpv6 is read too). */
static const struct sym syms[] = {
	{DT_L4PROTO, "icmp", 1}, {DT_L4PROTO, "igmp", 2}, {DT_L4PROTO, "tcp", 6},
	{DT_L4PROTO, "udp", 17}, {DT_L4PROTO, "ipv6", 41}, {DT_L4PROTO, "gre", 47},
	{DT_L4PROTO, "esp", 50}, {DT_L4PROTO, "ah", 51}, {DT_L4PROTO, "ipv6-icmp", 58},
	{DT_L4PROTO, "icmpv6", 58}, {DT_L4PROTO, "sctp", 132}, {DT_L4PROTO, "udplite", 136},
	{DT_L4PROTO, "dccp", 33}, {DT_L4PROTO, "ipip", 4}, {DT_L4PROTO, "ospf", 89},
	{DT_L4PROTO, "vrrp", 112}, {DT_L4PROTO, "pim", 103},
	{DT_NFPROTO, "ipv4", 2}, {DT_NFPROTO, "ipv6", 10},
	{DT_ICMP_TYPE, "echo-reply", 0}, {DT_ICMP_TYPE, "destination-unreachable", 3},
	{DT_ICMP_TYPE, "source-quench", 4}, {DT_ICMP_TYPE, "redirect", 5},
	{DT_ICMP_TYPE, "echo-request", 8}, {DT_ICMP_TYPE, "router-advertisement", 9},
	{DT_ICMP_TYPE, "router-solicitation", 10}, {DT_ICMP_TYPE, "time-exceeded", 11},
	{DT_ICMP_TYPE, "parameter-problem", 12}, {DT_ICMP_TYPE, "timestamp-request", 13},
	{DT_ICMP_TYPE, "timestamp-reply", 14}, {DT_ICMP_TYPE, "info-request", 15},
	{DT_ICMP_TYPE, "info-reply", 16}, {DT_ICMP_TYPE, "address-mask-request", 17},
	{DT_ICMP_TYPE, "address-mask-reply", 18},
	{DT_ICMPV6_TYPE, "destination-unreachable", 1}, {DT_ICMPV6_TYPE, "packet-too-big", 2},
	{DT_ICMPV6_TYPE, "time-exceeded", 3}, {DT_ICMPV6_TYPE, "parameter-problem", 4},
	{DT_ICMPV6_TYPE, "echo-request", 128}, {DT_ICMPV6_TYPE, "echo-reply", 129},
	{DT_ICMPV6_TYPE, "mld-listener-query", 130}, {DT_ICMPV6_TYPE, "mld-listener-report", 131},
	{DT_ICMPV6_TYPE, "mld-listener-done", 132}, {DT_ICMPV6_TYPE, "mld-listener-reduction", 132},
	{DT_ICMPV6_TYPE, "nd-router-solicit", 133}, {DT_ICMPV6_TYPE, "nd-router-advert", 134},
	{DT_ICMPV6_TYPE, "nd-neighbor-solicit", 135}, {DT_ICMPV6_TYPE, "nd-neighbor-advert", 136},
	{DT_ICMPV6_TYPE, "nd-redirect", 137}, {DT_ICMPV6_TYPE, "router-renumbering", 138},
	{DT_ICMPV6_TYPE, "ind-neighbor-solicit", 141}, {DT_ICMPV6_TYPE, "ind-neighbor-advert", 142},
	{DT_ICMPV6_TYPE, "mld2-listener-report", 143},
	{DT_ICMP_CODE, "net-unreachable", 0}, {DT_ICMP_CODE, "host-unreachable", 1},
	{DT_ICMP_CODE, "prot-unreachable", 2}, {DT_ICMP_CODE, "port-unreachable", 3},
	{DT_ICMP_CODE, "frag-needed", 4}, {DT_ICMP_CODE, "net-prohibited", 9},
	{DT_ICMP_CODE, "host-prohibited", 10}, {DT_ICMP_CODE, "admin-prohibited", 13},
	{DT_ICMPV6_CODE, "no-route", 0}, {DT_ICMPV6_CODE, "admin-prohibited", 1},
	{DT_ICMPV6_CODE, "addr-unreachable", 3}, {DT_ICMPV6_CODE, "port-unreachable", 4},
	{DT_ICMPV6_CODE, "policy-fail", 5}, {DT_ICMPV6_CODE, "reject-route", 6},
	{DT_ICMPX_CODE, "no-route", 0}, {DT_ICMPX_CODE, "port-unreachable", 1},
	{DT_ICMPX_CODE, "host-unreachable", 2}, {DT_ICMPX_CODE, "admin-prohibited", 3},
	{DT_CT_STATE, "invalid", 1}, {DT_CT_STATE, "established", 2}, {DT_CT_STATE, "related", 4},
	{DT_CT_STATE, "new", 8}, {DT_CT_STATE, "untracked", 64},
	{DT_CT_STATUS, "expected", 1}, {DT_CT_STATUS, "seen-reply", 2}, {DT_CT_STATUS, "assured", 4},
	{DT_CT_STATUS, "confirmed", 8}, {DT_CT_STATUS, "snat", 16}, {DT_CT_STATUS, "dnat", 32},
	{DT_CT_STATUS, "dying", 512},
	{DT_CT_DIR, "original", 0}, {DT_CT_DIR, "reply", 1},
	{DT_CT_EVENT, "new", 1}, {DT_CT_EVENT, "related", 2}, {DT_CT_EVENT, "destroy", 4},
	{DT_CT_EVENT, "reply", 8}, {DT_CT_EVENT, "assured", 16}, {DT_CT_EVENT, "protoinfo", 32},
	{DT_CT_EVENT, "helper", 64}, {DT_CT_EVENT, "mark", 128}, {DT_CT_EVENT, "seqadj", 256},
	{DT_CT_EVENT, "secmark", 512}, {DT_CT_EVENT, "label", 1024},
	/* if_arp.h's ARPHRD_*, as nft's iface_type */
	{DT_IFTYPE, "ether", 1}, {DT_IFTYPE, "ppp", 512}, {DT_IFTYPE, "ipip", 768},
	{DT_IFTYPE, "ipip6", 769}, {DT_IFTYPE, "loopback", 772}, {DT_IFTYPE, "sit", 776},
	{DT_IFTYPE, "ipgre", 778},
	{DT_REALM, "cosmos", 0},
	{DT_DEVGROUP, "default", 0},
	{DT_PKTTYPE, "host", 0}, {DT_PKTTYPE, "broadcast", 1}, {DT_PKTTYPE, "multicast", 2},
	{DT_PKTTYPE, "other", 3},
	{DT_TCP_FLAGS, "fin", 1}, {DT_TCP_FLAGS, "syn", 2}, {DT_TCP_FLAGS, "rst", 4},
	{DT_TCP_FLAGS, "psh", 8}, {DT_TCP_FLAGS, "ack", 16}, {DT_TCP_FLAGS, "urg", 32},
	{DT_TCP_FLAGS, "ecn", 64}, {DT_TCP_FLAGS, "cwr", 128},
	{DT_DSCP, "cs0", 0}, {DT_DSCP, "lephb", 1}, {DT_DSCP, "cs1", 8}, {DT_DSCP, "af11", 10},
	{DT_DSCP, "af12", 12}, {DT_DSCP, "af13", 14}, {DT_DSCP, "cs2", 16}, {DT_DSCP, "af21", 18},
	{DT_DSCP, "af22", 20}, {DT_DSCP, "af23", 22}, {DT_DSCP, "cs3", 24}, {DT_DSCP, "af31", 26},
	{DT_DSCP, "af32", 28}, {DT_DSCP, "af33", 30}, {DT_DSCP, "cs4", 32}, {DT_DSCP, "af41", 34},
	{DT_DSCP, "af42", 36}, {DT_DSCP, "af43", 38}, {DT_DSCP, "cs5", 40}, {DT_DSCP, "va", 44},
	{DT_DSCP, "ef", 46}, {DT_DSCP, "cs6", 48}, {DT_DSCP, "cs7", 56},
	{DT_ECN, "not-ect", 0}, {DT_ECN, "ect1", 1}, {DT_ECN, "ect0", 2}, {DT_ECN, "ce", 3},
	{DT_ETHERTYPE, "ip", 0x0800}, {DT_ETHERTYPE, "arp", 0x0806}, {DT_ETHERTYPE, "ip6", 0x86dd},
	{DT_ETHERTYPE, "8021q", 0x8100}, {DT_ETHERTYPE, "vlan", 0x8100},
	{DT_FIB_ADDRTYPE, "unspec", 0}, {DT_FIB_ADDRTYPE, "unicast", 1}, {DT_FIB_ADDRTYPE, "local", 2},
	{DT_FIB_ADDRTYPE, "broadcast", 3}, {DT_FIB_ADDRTYPE, "anycast", 4},
	{DT_FIB_ADDRTYPE, "multicast", 5}, {DT_FIB_ADDRTYPE, "blackhole", 6},
	{DT_FIB_ADDRTYPE, "unreachable", 7}, {DT_FIB_ADDRTYPE, "prohibit", 8},
	{DT_BOOL, "missing", 0}, {DT_BOOL, "exists", 1},
	{DT_DAY, "Sunday", 0}, {DT_DAY, "Monday", 1}, {DT_DAY, "Tuesday", 2},
	{DT_DAY, "Wednesday", 3}, {DT_DAY, "Thursday", 4}, {DT_DAY, "Friday", 5},
	{DT_DAY, "Saturday", 6},
};

static const struct nft_selector selectors[] = {
	{"ip", "version", DT_INTEGER, false}, {"ip", "hdrlength", DT_INTEGER, false},
	{"ip", "dscp", DT_DSCP, false}, {"ip", "ecn", DT_ECN, false},
	{"ip", "length", DT_INTEGER, false}, {"ip", "id", DT_INTEGER, false},
	{"ip", "frag-off", DT_INTEGER, false}, {"ip", "ttl", DT_INTEGER, false},
	{"ip", "protocol", DT_L4PROTO, false}, {"ip", "checksum", DT_INTEGER, false},
	{"ip", "saddr", DT_IPV4, false}, {"ip", "daddr", DT_IPV4, false},
	{"ip6", "version", DT_INTEGER, false}, {"ip6", "dscp", DT_DSCP, false},
	{"ip6", "ecn", DT_ECN, false}, {"ip6", "flowlabel", DT_INTEGER, false},
	{"ip6", "length", DT_INTEGER, false}, {"ip6", "nexthdr", DT_L4PROTO, false},
	{"ip6", "hoplimit", DT_INTEGER, false}, {"ip6", "saddr", DT_IPV6, false},
	{"ip6", "daddr", DT_IPV6, false},
	{"tcp", "sport", DT_PORT, false}, {"tcp", "dport", DT_PORT, false},
	{"tcp", "sequence", DT_INTEGER, false}, {"tcp", "ackseq", DT_INTEGER, false},
	{"tcp", "doff", DT_INTEGER, false}, {"tcp", "flags", DT_TCP_FLAGS, false},
	{"tcp", "window", DT_INTEGER, false}, {"tcp", "checksum", DT_INTEGER, false},
	{"tcp", "urgptr", DT_INTEGER, false},
	{"udp", "sport", DT_PORT, false}, {"udp", "dport", DT_PORT, false},
	{"udp", "length", DT_INTEGER, false}, {"udp", "checksum", DT_INTEGER, false},
	{"udplite", "sport", DT_PORT, false}, {"udplite", "dport", DT_PORT, false},
	{"sctp", "sport", DT_PORT, false}, {"sctp", "dport", DT_PORT, false},
	{"sctp", "vtag", DT_INTEGER, false}, {"sctp", "checksum", DT_INTEGER, false},
	{"dccp", "sport", DT_PORT, false}, {"dccp", "dport", DT_PORT, false},
	{"th", "sport", DT_PORT, false}, {"th", "dport", DT_PORT, false},
	{"icmp", "type", DT_ICMP_TYPE, false}, {"icmp", "code", DT_ICMP_CODE, false},
	{"icmp", "checksum", DT_INTEGER, false}, {"icmp", "id", DT_INTEGER, false},
	{"icmp", "sequence", DT_INTEGER, false}, {"icmp", "mtu", DT_INTEGER, false},
	{"icmp", "gateway", DT_IPV4, false},
	{"icmpv6", "type", DT_ICMPV6_TYPE, false}, {"icmpv6", "code", DT_ICMPV6_CODE, false},
	{"icmpv6", "checksum", DT_INTEGER, false}, {"icmpv6", "id", DT_INTEGER, false},
	{"icmpv6", "sequence", DT_INTEGER, false}, {"icmpv6", "mtu", DT_INTEGER, false},
	{"icmpv6", "max-delay", DT_INTEGER, false},
	{"ah", "spi", DT_INTEGER, false}, {"esp", "spi", DT_INTEGER, false},
	{"ether", "saddr", DT_LLADDR, false}, {"ether", "daddr", DT_LLADDR, false},
	{"ether", "type", DT_ETHERTYPE, false},
	{"vlan", "id", DT_INTEGER, false}, {"vlan", "pcp", DT_INTEGER, false},
	{"meta", "iif", DT_IFINDEX, true}, {"meta", "oif", DT_IFINDEX, true},
	{"meta", "iifname", DT_IFNAME, true}, {"meta", "oifname", DT_IFNAME, true},
	{"meta", "iiftype", DT_IFTYPE, true}, {"meta", "oiftype", DT_IFTYPE, true},
	{"meta", "mark", DT_MARK, false}, {"meta", "skuid", DT_UID, true},
	{"meta", "skgid", DT_GID, true}, {"meta", "pkttype", DT_PKTTYPE, true},
	{"meta", "l4proto", DT_L4PROTO, false}, {"meta", "nfproto", DT_NFPROTO, false},
	{"meta", "protocol", DT_ETHERTYPE, false}, {"meta", "length", DT_INTEGER, false},
	{"meta", "priority", DT_CLASSID, false}, {"meta", "nftrace", DT_INTEGER, true},
	{"meta", "rtclassid", DT_REALM, true}, {"meta", "cpu", DT_INTEGER, true},
	{"meta", "iifgroup", DT_DEVGROUP, true}, {"meta", "oifgroup", DT_DEVGROUP, true},
	{"meta", "cgroup", DT_INTEGER, true}, {"meta", "random", DT_INTEGER, false},
	{"meta", "secpath", DT_BOOL, false}, {"meta", "ipsec", DT_BOOL, true},
	{"meta", "time", DT_TIME, false}, {"meta", "day", DT_DAY, false},
	{"meta", "hour", DT_HOUR, false}, {"meta", "sdif", DT_IFINDEX, false},
	{"meta", "sdifname", DT_IFNAME, false},
	{"ct", "state", DT_CT_STATE, false}, {"ct", "status", DT_CT_STATUS, false},
	{"ct", "direction", DT_CT_DIR, false}, {"ct", "mark", DT_MARK, false},
	{"ct", "expiration", DT_DURATION, false}, {"ct", "helper", DT_STRING, false},
	{"ct", "zone", DT_INTEGER, false}, {"ct", "count", DT_INTEGER, false},
	{"ct", "l3proto", DT_NFPROTO, false}, {"ct", "protocol", DT_L4PROTO, false},
	{"ct", "saddr", DT_INVALID, false}, {"ct", "daddr", DT_INVALID, false},
	{"ct", "proto-src", DT_PORT, false}, {"ct", "proto-dst", DT_PORT, false},
	{"ct", "bytes", DT_INTEGER, false}, {"ct", "packets", DT_INTEGER, false},
	{"ct", "avgpkt", DT_INTEGER, false}, {"ct", "label", DT_INTEGER, false},
	{"ct", "id", DT_INTEGER, false}, {"ct", "event", DT_CT_EVENT, false},
	{"rt", "classid", DT_REALM, false}, {"rt", "nexthop", DT_INVALID, false},
	{"rt", "mtu", DT_INTEGER, false}, {"rt", "ipsec", DT_BOOL, false},
	{"fib", NULL, DT_INVALID, false},
	{"numgen", NULL, DT_INTEGER, false}, {"jhash", NULL, DT_INTEGER, false},
	{"symhash", NULL, DT_INTEGER, false},
	{"socket", "transparent", DT_INTEGER, false}, {"socket", "mark", DT_MARK, false},
	{"socket", "wildcard", DT_INTEGER, false},
	{"osf", "name", DT_STRING, false},
};

const struct nft_selector *nft_selector_find(const char *proto, const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(selectors); i++) {
		const struct nft_selector *s = &selectors[i];
		if (strcmp(s->proto, proto))
			continue;
		if (!s->field || (field && !strcmp(s->field, field)))
			return s;
	}
	return NULL;
}

const struct nft_selector *nft_selector_bare(const char *field)
{
	/* mark is bare too when read, though nft prints it "meta mark" */
	if (!strcmp(field, "mark"))
		return nft_selector_find("meta", "mark");
	for (size_t i = 0; i < ARRAY_SIZE(selectors); i++)
		if (selectors[i].bare && !strcmp(selectors[i].field, field))
			return &selectors[i];
	return NULL;
}

bool nft_selector_proto(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(selectors); i++)
		if (!strcmp(selectors[i].proto, word))
			return true;
	return false;
}

static const struct {
	const char *name;
	enum nft_dtype type;
} dtype_names[] = {
	{"ipv4_addr", DT_IPV4}, {"ipv6_addr", DT_IPV6}, {"inet_service", DT_PORT},
	{"inet_proto", DT_L4PROTO}, {"ifname", DT_IFNAME}, {"iface_index", DT_IFINDEX},
	{"mark", DT_MARK}, {"ether_addr", DT_LLADDR}, {"ether_type", DT_ETHERTYPE},
	{"verdict", DT_VERDICT}, {"ct_state", DT_CT_STATE}, {"ct_status", DT_CT_STATUS},
	{"icmp_type", DT_ICMP_TYPE}, {"icmpv6_type", DT_ICMPV6_TYPE}, {"dscp", DT_DSCP},
	{"uid", DT_UID}, {"gid", DT_GID}, {"integer", DT_INTEGER}, {"string", DT_STRING},
	{"nf_proto", DT_NFPROTO}, {"pkt_type", DT_PKTTYPE}, {"tcp_flag", DT_TCP_FLAGS},
	{"ecn", DT_ECN}, {"time", DT_TIME}, {"day", DT_DAY}, {"hour", DT_HOUR},
	{"fib_addrtype", DT_FIB_ADDRTYPE}, {"classid", DT_CLASSID}, {"boolean", DT_BOOL},
	{"ct_dir", DT_CT_DIR},
};

enum nft_dtype nft_dtype_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(dtype_names); i++)
		if (!strcmp(dtype_names[i].name, name))
			return dtype_names[i].type;
	return DT_INVALID;
}

bool nft_sym_value(enum nft_dtype t, const char *sym, unsigned long *val)
{
	for (size_t i = 0; i < ARRAY_SIZE(syms); i++) {
		if (syms[i].type == t && !strcmp(syms[i].name, sym)) {
			*val = syms[i].val;
			return true;
		}
	}
	return false;
}

static const char *sym_name(enum nft_dtype t, unsigned long v)
{
	for (size_t i = 0; i < ARRAY_SIZE(syms); i++)
		if (syms[i].type == t && syms[i].val == v)
			return syms[i].name;
	return NULL;
}

static bool numeric(const char *text, unsigned long *v);
/* text as a number (decimal or 0x hex), or false. */
static bool numeric(const char *text, unsigned long *v)
{
	if (!isdigit((unsigned char)text[0]))
		return false;
	char *end;
	*v = strtoul(text, &end, 0);
	return *end == '\0';
}

/* meta hour "21:51:00" is listed "21:51": seconds only when not zero. */
static bool hour_print(struct strbuf *sb, const char *text)
{
	int h, m, sec = 0;
	char tail;
	if (sscanf(text, "%d:%d:%d%c", &h, &m, &sec, &tail) < 2 && sscanf(text, "%d:%d%c", &h, &m, &tail) != 2)
		return false;
	if (sec)
		sb_addf(sb, "\"%02d:%02d:%02d\"", h, m, sec);
	else
		sb_addf(sb, "\"%02d:%02d\"", h, m);
	return true;
}

/* names from iproute2's files (devices' groups, realms) are listed quoted */
static void sym_print(struct strbuf *sb, enum nft_dtype t, const char *name)
{
	bool quote = t == DT_REALM || t == DT_DEVGROUP;
	sb_addf(sb, quote ? "\"%s\"" : "%s", name);
}

void nft_value_print(struct strbuf *sb, enum nft_dtype t, const char *text)
{
	unsigned long v;
	const char *name;
	if (t == DT_HOUR && hour_print(sb, text))
		return;
	if (t == DT_DAY && (nft_sym_value(t, text, &v) || numeric(text, &v)) && (name = sym_name(t, v))) {
		sb_addf(sb, "\"%s\"", name); /* nft lists days quoted */
		return;
	}
	if (numeric(text, &v)) {
		if (t == DT_MARK) {
			sb_addf(sb, "0x%08lx", v);
			return;
		}
		if ((name = sym_name(t, v))) {
			sym_print(sb, t, name);
			return;
		}
		if (t != DT_INVALID && t != DT_INTEGER && t != DT_PORT && t != DT_UID && t != DT_GID &&
		    strncmp(text, "0x", 2) == 0) {
			sb_addf(sb, "%lu", v);
			return;
		}
		if (t == DT_INTEGER || t == DT_PORT) {
			sb_addf(sb, "%lu", v);
			return;
		}
	} else if (nft_sym_value(t, text, &v) && (name = sym_name(t, v))) {
		sym_print(sb, t, name); /* the name nft prints for an alias (icmpv6 is ipv6-icmp) */
		return;
	}
	sb_adds(sb, text);
}

static const struct {
	const char *name;
	int val;
} prios[] = {
	{"raw", -300}, {"mangle", -150}, {"dstnat", -100},
	{"filter", 0}, {"security", 50}, {"srcnat", 100},
};

bool nft_prio_named(const char *name, int *val)
{
	for (size_t i = 0; i < ARRAY_SIZE(prios); i++) {
		if (!strcmp(prios[i].name, name)) {
			*val = prios[i].val;
			return true;
		}
	}
	return false;
}

/* nft 1.0.6 (rule.c std_prio_family_hook_compat): dstnat only at
 * prerouting, srcnat only at postrouting; the others at every hook. */
static bool prio_fits_hook(int std, const char *hook)
{
	if (std == -100)
		return !strcmp(hook, "prerouting");
	if (std == 100)
		return !strcmp(hook, "postrouting");
	return true;
}

void nft_prio_print(struct strbuf *sb, int prio, const char *hook)
{
	for (size_t i = 0; i < ARRAY_SIZE(prios); i++) {
		long off = (long)prio - prios[i].val;
		if (off < -10 || off > 10)
			continue;
		if (!prio_fits_hook(prios[i].val, hook))
			break; /* as nft: the first standard in reach decides */
		sb_adds(sb, prios[i].name);
		if (off > 0)
			sb_addf(sb, " + %ld", off);
		else if (off < 0)
			sb_addf(sb, " - %ld", -off);
		return;
	}
	sb_addf(sb, "%d", prio);
}
