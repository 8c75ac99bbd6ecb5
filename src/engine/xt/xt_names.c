/* xt_names.c - protocol and service names.  iptables asks the C library
 * (getprotobyname, getservbyname), i.e. /etc/protocols and /etc/services;
 * nfwalk carries the Debian netbase names instead so that a scenario means
 * the same on every machine. */
#include "engine/xt/xt.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct proto_name {
	const char *name;
	uint8_t num;
};

/* /etc/protocols (netbase), first name of each number first: that is the
 * name iptables-save prints. */
static const struct proto_name protocols[] = {
	{"ip", 0},        {"icmp", 1},       {"igmp", 2},        {"ggp", 3},
	{"ipencap", 4},   {"st", 5},         {"tcp", 6},         {"egp", 8},
	{"igp", 9},       {"pup", 12},       {"udp", 17},        {"hmp", 20},
	{"xns-idp", 22},  {"rdp", 27},       {"iso-tp4", 29},    {"dccp", 33},
	{"xtp", 36},      {"ddp", 37},       {"idpr-cmtp", 38},  {"ipv6", 41},
	{"ipv6-route", 43}, {"ipv6-frag", 44}, {"idrp", 45},     {"rsvp", 46},
	{"gre", 47},      {"esp", 50},       {"ah", 51},         {"skip", 57},
	{"ipv6-icmp", 58}, {"ipv6-nonxt", 59}, {"ipv6-opts", 60}, {"rspf", 73},
	{"vmtp", 81},     {"eigrp", 88},     {"ospf", 89},       {"ax.25", 93},
	{"ipip", 94},     {"etherip", 97},   {"encap", 98},      {"pim", 103},
	{"ipcomp", 108},  {"vrrp", 112},     {"l2tp", 115},      {"isis", 124},
	{"sctp", 132},    {"fc", 133},       {"mobility-header", 135}, {"udplite", 136},
	{"mpls-in-ip", 137}, {"manet", 138}, {"hip", 139},       {"shim6", 140},
	{"wesp", 141},    {"rohc", 142},     {"ethernet", 143},
	/* libxtables' own names (xtables_chain_protos) */
	{"all", 0},       {"icmpv6", 58},    {"ipv6-mh", 135},   {"mh", 135},
};

/* Well-known /etc/services names (netbase). */
static const struct {
	const char *name;
	uint16_t port;
} services[] = {
	{"tcpmux", 1},     {"echo", 7},          {"discard", 9},      {"daytime", 13},
	{"chargen", 19},   {"ftp-data", 20},     {"ftp", 21},         {"ssh", 22},
	{"telnet", 23},    {"smtp", 25},         {"time", 37},        {"whois", 43},
	{"tacacs", 49},    {"domain", 53},       {"bootps", 67},      {"bootpc", 68},
	{"tftp", 69},      {"gopher", 70},       {"finger", 79},      {"http", 80},
	{"www", 80},       {"kerberos", 88},     {"pop3", 110},       {"sunrpc", 111},
	{"auth", 113},     {"nntp", 119},        {"ntp", 123},        {"epmap", 135},
	{"netbios-ns", 137}, {"netbios-dgm", 138}, {"netbios-ssn", 139}, {"imap2", 143},
	{"imap", 143},     {"snmp", 161},        {"snmp-trap", 162},  {"xdmcp", 177},
	{"bgp", 179},      {"ldap", 389},        {"https", 443},      {"microsoft-ds", 445},
	{"kpasswd", 464},  {"submissions", 465}, {"isakmp", 500},     {"exec", 512},
	{"biff", 512},     {"login", 513},       {"who", 513},        {"shell", 514},
	{"syslog", 514},   {"printer", 515},     {"talk", 517},       {"ntalk", 518},
	{"route", 520},    {"uucp", 540},        {"rtsp", 554},       {"submission", 587},
	{"ipp", 631},      {"ldaps", 636},       {"domain-s", 853},   {"rsync", 873},
	{"ftps-data", 989}, {"ftps", 990},       {"telnets", 992},    {"imaps", 993},
	{"pop3s", 995},    {"socks", 1080},      {"openvpn", 1194},   {"ms-sql-s", 1433},
	{"radius", 1812},  {"radius-acct", 1813}, {"nfs", 2049},      {"mysql", 3306},
	{"ms-wbt-server", 3389}, {"ipsec-nat-t", 4500}, {"sip", 5060}, {"mdns", 5353},
	{"postgresql", 5432}, {"redis", 6379},   {"http-alt", 8080},
};

bool xt_proto_parse(const char *s, uint8_t *proto)
{
	uint32_t v;
	char lower[32];
	size_t len = strlen(s);
	if (xt_parse_u32(s, 255, &v)) {
		*proto = (uint8_t)v;
		return true;
	}
	/* iptables lowercases the name before looking it up. */
	if (len == 0 || len >= sizeof(lower))
		return false;
	for (size_t i = 0; i <= len; i++)
		lower[i] = (char)tolower((unsigned char)s[i]);
	for (size_t i = 0; i < ARRAY_SIZE(protocols); i++) {
		if (strcmp(protocols[i].name, lower) == 0) {
			*proto = protocols[i].num;
			return true;
		}
	}
	return false;
}

const char *xt_proto_name(uint8_t proto)
{
	for (size_t i = 0; i < ARRAY_SIZE(protocols); i++)
		if (protocols[i].num == proto)
			return protocols[i].name;
	return NULL;
}

bool xt_service_port(const char *name, uint16_t *port)
{
	for (size_t i = 0; i < ARRAY_SIZE(services); i++) {
		if (strcmp(services[i].name, name) == 0) {
			*port = services[i].port;
			return true;
		}
	}
	return false;
}

bool xt_dscp_class(const char *name, uint8_t *dscp)
{
	static const struct {
		const char *name;
		uint8_t dscp;
	} classes[] = {
		{"CS0", 0x00},	{"CS1", 0x08},	{"CS2", 0x10},	{"CS3", 0x18},	{"CS4", 0x20},
		{"CS5", 0x28},	{"CS6", 0x30},	{"CS7", 0x38},	{"BE", 0x00},	{"AF11", 0x0a},
		{"AF12", 0x0c}, {"AF13", 0x0e}, {"AF21", 0x12}, {"AF22", 0x14}, {"AF23", 0x16},
		{"AF31", 0x1a}, {"AF32", 0x1c}, {"AF33", 0x1e}, {"AF41", 0x22}, {"AF42", 0x24},
		{"AF43", 0x26}, {"EF", 0x2e},
	};
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		if (strcasecmp(classes[i].name, name) == 0) {
			*dscp = classes[i].dscp;
			return true;
		}
	}
	return false;
}

int xt_parse_dscp(const char *arg, bool by_class, uint8_t *dscp, struct nf_error *err)
{
	uint32_t v;
	if (by_class) {
		if (!xt_dscp_class(arg, dscp))
			return nf_err(err, -1, "unknown DSCP class \"%s\"", arg);
		return 0;
	}
	if (!xt_parse_u32(arg, 0x3f, &v))
		return nf_err(err, -1, "bad DSCP \"%s\" (0-0x3f)", arg);
	*dscp = (uint8_t)v;
	return 0;
}
