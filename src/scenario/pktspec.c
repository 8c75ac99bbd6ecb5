/* pktspec.c - the packet short form of a scenario:
 *
 *   PROTO SRC -> DST WORD...
 *   tcp 198.51.100.7:40000 -> 203.0.113.1:8080 syn on eth0
 *   udp local -> 8.8.8.8:53 mark 0x1
 *   icmp 192.0.2.7 -> 10.0.0.1 echo-request id 7 seq 1 on eth0
 *   tcp [2001:db8::1]:4000 -> [2001:db8:1::2]:80 on eth0
 *   icmp6 2001:db8::1 -> 2001:db8:1::2 echo-request on eth0
 *
 * IPv6 addresses go in brackets when a port follows (as ip and ss print
 * them); icmp6 (or icmpv6, ipv6-icmp) is ICMPv6 and takes ip6tables'
 * type names (neighbour-solicitation, packet-too-big, port-unreachable).
 * One packet per line, read like tcpdump prints it.  Every refusal names
 * the word and gives its column, so the loader can point at it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/inet.h"
#include "lib/words.h"
#include "scenario/scenario.h"

/* Defaults a person would not want to spell out. */
enum {
	DEFAULT_TCP_SEQ = 1000,
	DEFAULT_LOCAL_PORT = 40000, /* an ephemeral port for `local` without one */
	DEFAULT_ICMP_ID = 1,
	DEFAULT_ICMP_SEQ = 1,
	ND_HOP_LIMIT = 255, /* neighbour discovery's, RFC 4861 */
};

/* Which protocols a word applies to. */
enum { FOR_TCP = 1, FOR_UDP = 2, FOR_ICMP = 4, FOR_SCTP = 8, FOR_ANY = 15 };

static unsigned proto_bit(uint8_t proto)
{
	switch (proto) {
	case PROTO_TCP:
		return FOR_TCP;
	case PROTO_UDP:
		return FOR_UDP;
	case PROTO_SCTP:
		return FOR_SCTP;
	default:
		return FOR_ICMP;
	}
}

static const struct {
	const char *name;
	uint8_t proto;
	unsigned l4_header; /* bytes, to bound `len` */
} protos[] = {
	{"tcp", PROTO_TCP, 20},
	{"udp", PROTO_UDP, 8},
	{"icmp", PROTO_ICMP, 8},
	{"sctp", PROTO_SCTP, 12},
	{"icmp6", PROTO_ICMPV6, 8},
	{"icmpv6", PROTO_ICMPV6, 8},
	{"ipv6-icmp", PROTO_ICMPV6, 8},
};

/* SCTP chunks by the short form's word: type, flags and the bytes of
 * their value after the 4-byte chunk header (zeros but for the fields a
 * receiver would refuse as 0: INIT's tag, streams and window, a DATA
 * chunk's TSN and a byte of data). */
static const struct {
	const char *word;
	uint8_t type, flags;
	uint8_t value_len;
} sctp_chunks[] = {
	{"data", 0, 0x03, 16},	      {"init", 1, 0, 16},	  {"init-ack", 2, 0, 16},
	{"sack", 3, 0, 12},	      {"heartbeat", 4, 0, 8},	  {"heartbeat-ack", 5, 0, 8},
	{"abort", 6, 0, 0},	      {"shutdown", 7, 0, 4},	  {"shutdown-ack", 8, 0, 0},
	{"error", 9, 0, 0},	      {"cookie-echo", 10, 0, 4},  {"cookie-ack", 11, 0, 0},
	{"shutdown-complete", 14, 0, 0},
};
enum { SCTP_MAX_CHUNKS = 16, SCTP_DEFAULT_VTAG = 0x1, SCTP_CHUNK_HDR_LEN = 4 };

static const struct {
	const char *name;
	char letter;
	uint8_t bit;
} tcp_flags[] = {
	{"fin", 'F', TCPF_FIN}, {"syn", 'S', TCPF_SYN}, {"rst", 'R', TCPF_RST},
	{"psh", 'P', TCPF_PSH}, {"ack", 'A', TCPF_ACK}, {"urg", 'U', TCPF_URG},
	{"ece", 'E', TCPF_ECE}, {"cwr", 'W', TCPF_CWR},
};

static int flag_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(tcp_flags); i++)
		if (strcmp(tcp_flags[i].name, name) == 0)
			return tcp_flags[i].bit;
	return -1;
}

/* tcpdump's letters ("S", "SA", "FA", "." for a bare ACK). */
static int parse_flag_letters(const char *s, int col, uint8_t *out, struct nf_error *err)
{
	uint8_t flags = 0;
	for (size_t i = 0; s[i]; i++) {
		int bit = -1;
		if (s[i] == '.')
			bit = TCPF_ACK;
		for (size_t f = 0; f < ARRAY_SIZE(tcp_flags) && bit < 0; f++)
			if (tcp_flags[f].letter == s[i])
				bit = tcp_flags[f].bit;
		if (bit < 0)
			return nf_err(err, col + (int)i,
				      "unknown TCP flag letter `%c` in `%s` (expected letters of FSRPAUEW.)",
				      s[i], s);
		flags |= (uint8_t)bit;
	}
	*out = flags;
	return 0;
}

bool iface_name_ok(const char *name)
{
	/* dev_valid_name(): not empty, shorter than IFNAMSIZ, no '/', ':' or
	 * white space, not "." or "..". */
	size_t n = strlen(name);
	if (n == 0 || n >= IFNAME_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == ':' || isspace((unsigned char)name[i]))
			return false;
	return true;
}

bool mac_addr_parse(const char *s, uint8_t mac[6])
{
	uint8_t out[6];
	for (int i = 0; i < 6; i++) {
		int digits = 0;
		unsigned v = 0;
		while (isxdigit((unsigned char)*s) && digits < 3) {
			char c = (char)tolower((unsigned char)*s++);
			v = v * 16 + (unsigned)(isdigit((unsigned char)c) ? c - '0' : c - 'a' + 10);
			digits++;
		}
		if (digits < 1 || digits > 2)
			return false;
		out[i] = (uint8_t)v;
		if (i < 5 && *s != ':' && *s != '-')
			return false;
		if (i < 5)
			s++;
	}
	if (*s)
		return false;
	memcpy(mac, out, 6);
	return true;
}

/* --- splitting into words, each with its column --- */

/* Any white space separates; nothing quotes. */
static void split(const char *text, struct word_list *ws)
{
	word_split(ws, text, strlen(text), &(struct word_opts){.blanks = " \t\n\v\f\r"});
}

int pktspec_parse_flags(const char *text, uint8_t *flags, struct nf_error *err)
{
	struct word_list ws;
	split(text, &ws);
	int rc = 0;
	uint8_t out = 0;
	if (ws.n == 0)
		rc = nf_err(err, 0, "expected TCP flags (syn ack fin rst psh urg ece cwr, or letters like SA)");
	for (size_t i = 0; i < ws.n && rc == 0; i++) {
		const char *w = ws.v[i].s;
		uint8_t letters = 0; /* gcc -O3 cannot see parse_flag_letters sets it */
		int bit = flag_by_name(w);
		if (strcmp(w, "none") == 0 && ws.n == 1)
			bit = 0;
		else if (bit < 0 && (isupper((unsigned char)w[0]) || w[0] == '.')) {
			rc = parse_flag_letters(w, ws.v[i].col, &letters, err);
			bit = letters;
		} else if (bit < 0) {
			rc = nf_err(err, ws.v[i].col,
				    "unknown TCP flag `%s` (expected syn ack fin rst psh urg ece cwr, or letters like SA)",
				    w);
		} else if (out & bit) {
			rc = nf_err(err, ws.v[i].col, "TCP flag `%s` given twice", w);
		}
		out |= (uint8_t)(bit > 0 ? bit : 0);
	}
	word_list_free(&ws);
	if (rc == 0)
		*flags = out;
	return rc;
}

/* --- the parse --- */

/* Words that exclude each other share a slot: `ttl 1 ttl 2` and
 * `echo-request type 3` are both refused. */
enum slot {
	SLOT_ORIGIN,
	SLOT_FLAGS,
	SLOT_ICMP_TYPE,
	SLOT_ICMP_CODE,
	SLOT_ICMP_ID,
	SLOT_SEQ,
	SLOT_TTL,
	SLOT_TOS,
	SLOT_LEN,
	SLOT_MARK,
	SLOT_MAC,
	SLOT_UID,
	SLOT_GID,
	SLOT_CLASSID,
	SLOT_CGROUP,
	SLOT_MSS,
	SLOT_COUNT
};

struct spec_parse {
	const char *text;
	struct word_list ws;
	size_t i; /* next word */
	struct scn_packet *pk;
	struct nf_error *err;
	unsigned l4_header;
	bool local_source; /* SRC was `local` */
	int word_col;      /* column of the word being applied */
	uint8_t flag_words;
	const char *slot_word[SLOT_COUNT];
};

struct word_rule {
	const char *name;
	unsigned protos;
	const char *arg; /* what the argument is, for "`ttl` needs a number"; NULL: none */
	enum slot slot;
	int (*apply)(struct spec_parse *sp, const char *arg, int col);
};

/* A number argument in 0..max (hex with 0x). */
static int number_arg(struct spec_parse *sp, const char *what, const char *arg, int col,
		      uint64_t min, uint64_t max, uint64_t *out)
{
	if (!parse_uint(arg, max, out) || *out < min)
		return nf_err(sp->err, col, "bad %s `%s` (expected %llu..%llu)", what, arg,
			      (unsigned long long)min, (unsigned long long)max);
	return 0;
}

static int apply_on(struct spec_parse *sp, const char *arg, int col)
{
	if (sp->local_source)
		return nf_err(sp->err, sp->word_col,
			      "`on` conflicts with the `local` source: a local packet arrives on no interface");
	if (!iface_name_ok(arg))
		return nf_err(sp->err, col, "bad interface name `%s`", arg);
	str_copy(sp->pk->iif, sizeof(sp->pk->iif), arg);
	return 0;
}

static int apply_local(struct spec_parse *sp, const char *arg, int col)
{
	sp->pk->local = true;
	return 0;
}

static int apply_flag_letters(struct spec_parse *sp, const char *arg, int col)
{
	if (sp->flag_words)
		return nf_err(sp->err, sp->word_col, "`flags` conflicts with the flag words before it");
	if (strcmp(arg, "none") == 0) {
		sp->pk->spec.tcp_flags = 0;
		return 0;
	}
	return parse_flag_letters(arg, col, &sp->pk->spec.tcp_flags, sp->err);
}

static bool is_icmp6(const struct spec_parse *sp)
{
	return sp->pk->spec.proto == PROTO_ICMPV6;
}

static int apply_echo_request(struct spec_parse *sp, const char *arg, int col)
{
	sp->pk->spec.icmp_type = is_icmp6(sp) ? ICMPV6_ECHO_REQUEST : ICMP_ECHO;
	return 0;
}

static int apply_echo_reply(struct spec_parse *sp, const char *arg, int col)
{
	sp->pk->spec.icmp_type = is_icmp6(sp) ? ICMPV6_ECHO_REPLY : ICMP_ECHOREPLY;
	return 0;
}

static int apply_type(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "icmp type", arg, col, 0, 255, &v))
		return -1;
	sp->pk->spec.icmp_type = (uint8_t)v;
	return 0;
}

static int apply_code(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "icmp code", arg, col, 0, 255, &v))
		return -1;
	sp->pk->spec.icmp_code = (uint8_t)v;
	return 0;
}

static int apply_id(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "icmp id", arg, col, 0, 65535, &v))
		return -1;
	sp->pk->spec.icmp_id = (uint16_t)v;
	return 0;
}

static int apply_seq(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	bool tcp = sp->pk->spec.proto == PROTO_TCP;
	if (number_arg(sp, "sequence number", arg, col, 0, tcp ? UINT32_MAX : 65535, &v))
		return -1;
	if (tcp)
		sp->pk->spec.seq = (uint32_t)v;
	else
		sp->pk->spec.icmp_seq = (uint16_t)v;
	return 0;
}

static int apply_ttl(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "ttl", arg, col, 1, 255, &v))
		return -1;
	sp->pk->spec.ttl = (uint8_t)v;
	return 0;
}

static int apply_tos(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "tos", arg, col, 0, 255, &v))
		return -1;
	sp->pk->spec.tos = (uint8_t)v;
	return 0;
}

static int apply_len(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	/* The whole datagram must fit the IP total length (IPv6's payload
	 * length does not count its header, but one limit keeps it simple). */
	if (number_arg(sp, "payload length", arg, col, 0, 65535 - 20 - sp->l4_header, &v))
		return -1;
	sp->pk->spec.payload = (uint16_t)v;
	return 0;
}

static int apply_mark(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "mark", arg, col, 0, UINT32_MAX, &v))
		return -1;
	sp->pk->mark = (uint32_t)v;
	return 0;
}

static int apply_mac(struct spec_parse *sp, const char *arg, int col)
{
	if (!mac_addr_parse(arg, sp->pk->mac))
		return nf_err(sp->err, col, "bad MAC address `%s` (expected XX:XX:XX:XX:XX:XX)", arg);
	sp->pk->has_mac = true;
	return 0;
}

static int apply_uid(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "uid", arg, col, 0, UINT32_MAX - 1, &v))
		return -1;
	sp->pk->uid = (uint32_t)v;
	return 0;
}

static int apply_gid(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "gid", arg, col, 0, UINT32_MAX - 1, &v))
		return -1;
	sp->pk->gid = (uint32_t)v;
	return 0;
}

static int apply_classid(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "classid", arg, col, 0, UINT32_MAX, &v))
		return -1;
	sp->pk->classid = (uint32_t)v;
	return 0;
}

static int apply_cgroup(struct spec_parse *sp, const char *arg, int col)
{
	if (arg[0] != '/' || strlen(arg) >= sizeof(sp->pk->cgroup))
		return nf_err(sp->err, col, "bad cgroup `%s` (an absolute path like /system.slice/app, "
				      "shorter than %zu)",
			      arg, sizeof(sp->pk->cgroup));
	str_copy(sp->pk->cgroup, sizeof(sp->pk->cgroup), arg);
	return 0;
}

static int apply_mss(struct spec_parse *sp, const char *arg, int col)
{
	uint64_t v;
	if (number_arg(sp, "MSS", arg, col, 1, 65535, &v))
		return -1;
	sp->pk->spec.mss = (uint16_t)v;
	sp->l4_header += 4;
	return 0;
}

/* One byte of a payload text at *s, where a backslash starts C's escapes
 * \r \n \t \0 \\ and \xHH (an FTP command ends in "\r\n"); advances *s.
 * False on a backslash that starts none of them. */
static bool payload_byte(const char **s, uint8_t *b)
{
	static const char from[] = "rnt0\\", to[] = "\r\n\t\0\\";
	const char *c = *s;
	if (*c != '\\') {
		*b = (uint8_t)*c;
		*s = c + 1;
		return true;
	}
	const char *k = c[1] ? strchr(from, c[1]) : NULL;
	if (k) {
		*b = (uint8_t)to[k - from];
		*s = c + 2;
		return true;
	}
	if (c[1] == 'x' && isxdigit((unsigned char)c[2]) && isxdigit((unsigned char)c[3])) {
		char pair[3] = {c[2], c[3], 0};
		*b = (uint8_t)strtoul(pair, NULL, 16);
		*s = c + 4;
		return true;
	}
	return false;
}

/* `payload TEXT` (quoted when it has blanks; C escapes as payload_byte
 * reads them) or `payload 0xHEX`. */
static int apply_payload(struct spec_parse *sp, const char *arg, int col)
{
	size_t n = strlen(arg);
	bool hex = n > 2 && arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
	size_t cap = hex ? (n - 2) / 2 : n;
	if (cap == 0 || (hex && (n - 2) % 2))
		return nf_err(sp->err, col, "bad payload `%s` (text, or 0x and pairs of hex digits)",
			      arg);
	uint8_t *b = xcalloc(cap, 1);
	size_t len = 0;
	for (const char *s = arg; hex ? len < cap : *s != '\0'; len++) {
		if (!hex) {
			if (payload_byte(&s, &b[len]))
				continue;
			free(b);
			return nf_err(sp->err, col,
				      "bad escape in payload `%s` (\\r \\n \\t \\0 \\\\ or \\xHH)", arg);
		}
		char pair[3] = {arg[2 + 2 * len], arg[3 + 2 * len], 0};
		char *end;
		b[len] = (uint8_t)strtoul(pair, &end, 16);
		if (*end) {
			free(b);
			return nf_err(sp->err, col, "bad payload `%s` (0x and pairs of hex digits)",
				      arg);
		}
	}
	if (len > 65535u - 20 - sp->l4_header) {
		free(b);
		return nf_err(sp->err, col, "bad payload `%s` (text, or 0x and pairs of hex digits)",
			      arg);
	}
	free(sp->pk->payload_data);
	sp->pk->payload_data = b;
	sp->pk->spec.data = b;
	sp->pk->spec.payload = (uint16_t)len;
	return 0;
}

static const struct word_rule word_rules[] = {
	{"on", FOR_ANY, "an interface", SLOT_ORIGIN, apply_on},
	{"local", FOR_ANY, NULL, SLOT_ORIGIN, apply_local},
	{"flags", FOR_TCP, "TCP flag letters", SLOT_FLAGS, apply_flag_letters},
	{"echo-request", FOR_ICMP, NULL, SLOT_ICMP_TYPE, apply_echo_request},
	{"echo-reply", FOR_ICMP, NULL, SLOT_ICMP_TYPE, apply_echo_reply},
	{"type", FOR_ICMP, "a number", SLOT_ICMP_TYPE, apply_type},
	{"code", FOR_ICMP, "a number", SLOT_ICMP_CODE, apply_code},
	{"id", FOR_ICMP, "a number", SLOT_ICMP_ID, apply_id},
	{"seq", FOR_TCP | FOR_ICMP, "a number", SLOT_SEQ, apply_seq},
	{"ttl", FOR_ANY, "a number", SLOT_TTL, apply_ttl},
	{"tos", FOR_ANY, "a number", SLOT_TOS, apply_tos},
	{"len", FOR_TCP | FOR_UDP | FOR_ICMP, "a number", SLOT_LEN, apply_len},
	{"mark", FOR_ANY, "a number", SLOT_MARK, apply_mark},
	{"mac", FOR_ANY, "a MAC address", SLOT_MAC, apply_mac},
	{"uid", FOR_ANY, "a number", SLOT_UID, apply_uid},
	{"gid", FOR_ANY, "a number", SLOT_GID, apply_gid},
	{"classid", FOR_ANY, "a number", SLOT_CLASSID, apply_classid},
	{"cgroup", FOR_ANY, "a path", SLOT_CGROUP, apply_cgroup},
	{"mss", FOR_TCP, "a number", SLOT_MSS, apply_mss},
	{"payload", FOR_TCP | FOR_UDP, "text or 0xHEX", SLOT_LEN, apply_payload},
};

static const char *cur_proto_name(const struct spec_parse *sp)
{
	for (size_t i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].proto == sp->pk->spec.proto)
			return protos[i].name;
	return "?";
}

static int end_col(const struct spec_parse *sp)
{
	return (int)strlen(sp->text);
}

static int parse_proto(struct spec_parse *sp)
{
	if (sp->ws.n == 0)
		return nf_err(sp->err, 0, "empty packet: expected PROTO SRC -> DST (e.g. `tcp 10.0.0.2:40000 -> 10.0.1.2:80 syn on eth0`)");
	const char *w = sp->ws.v[0].s;
	for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
		if (strcmp(protos[i].name, w) == 0) {
			sp->pk->spec.proto = protos[i].proto;
			sp->l4_header = protos[i].l4_header;
			sp->i = 1;
			return 0;
		}
	}
	return nf_err(sp->err, sp->ws.v[0].col, "unknown protocol `%s` (expected tcp, udp, icmp, icmp6 or sctp)", w);
}

/* "[ADDR6]" or "[ADDR6]:PORT": the address in w (the brackets cut out),
 * *rest after the ']'. */
static int bracketed(struct spec_parse *sp, const char *which, char *w, int col, char **rest)
{
	char *close = strchr(w, ']');
	if (!close)
		return nf_err(sp->err, col + (int)strlen(w),
			      "missing `]` after the %s address `%s` (IPv6 with a port is [ADDR]:PORT)",
			      which, w);
	*close = '\0';
	*rest = close + 1;
	if (**rest != '\0' && **rest != ':')
		return nf_err(sp->err, col + (int)(*rest - w), "unexpected `%s` after `]` (expected :PORT)",
			      *rest);
	return 0;
}

/* The address of either family in w; *family is set from it. */
static int endpoint_addr(struct spec_parse *sp, const char *which, const char *w, int col,
			 bool v6_only, int *family, union inet_addr *addr)
{
	int fam = v6_only ? FAMILY_IPV6 : 0;
	if (inet_parse(w, &fam, addr)) {
		*family = fam;
		return 0;
	}
	return nf_err(sp->err, col, "bad %s %saddress `%s`", which, v6_only ? "IPv6 " : "", w);
}

/* "ADDR[:PORT]", "[ADDR6]:PORT", a bare IPv6 "ADDR6" (no port), or for
 * the source also "local[:PORT]"; *family: 0 for `local`. */
static int parse_endpoint(struct spec_parse *sp, bool is_src, union inet_addr *addr,
			  uint16_t *port, int *family)
{
	const char *which = is_src ? "source" : "destination";
	if (sp->i >= sp->ws.n)
		return nf_err(sp->err, end_col(sp), "expected the %s address", which);
	char *w = sp->ws.v[sp->i].s;
	int col = sp->ws.v[sp->i].col;
	sp->i++;
	*family = 0;
	char *colon = NULL;
	if (w[0] == '[') {
		if (bracketed(sp, which, w + 1, col + 1, &colon) ||
		    endpoint_addr(sp, which, w + 1, col + 1, true, family, addr))
			return -1;
		if (*colon == '\0')
			colon = NULL;
	} else {
		colon = strchr(w, ':');
		if (colon && strchr(colon + 1, ':'))
			colon = NULL; /* two colons: a bare IPv6 address */
		if (colon)
			*colon = '\0';
		if (is_src && strcmp(w, "local") == 0) {
			sp->local_source = true;
			sp->pk->local = true;
			memset(addr, 0, sizeof(*addr));
		} else if (endpoint_addr(sp, which, w, col, false, family, addr)) {
			return -1;
		}
	}
	bool ports = sp->pk->spec.proto != PROTO_ICMP && sp->pk->spec.proto != PROTO_ICMPV6;
	if (colon) {
		int pcol = col + (int)(colon - w) + 1;
		uint64_t v;
		if (!ports)
			return nf_err(sp->err, pcol - 1, "unexpected port `:%s`: %s has no ports",
				      colon + 1, cur_proto_name(sp));
		if (!parse_uint(colon + 1, 65535, &v) || v == 0)
			return nf_err(sp->err, pcol, "bad port `%s` (expected 1..65535)", colon + 1);
		*port = (uint16_t)v;
	} else if (ports && sp->local_source && is_src) {
		*port = DEFAULT_LOCAL_PORT;
	} else if (ports) {
		return nf_err(sp->err, col, "missing port: %s needs %s, got `%s`", cur_proto_name(sp),
			      *family == FAMILY_IPV6 ? "[ADDR]:PORT" : "ADDR:PORT",
			      w[0] == '[' ? w + 1 : w);
	}
	return 0;
}

/* One family for the packet: both addresses agree (a `local` source
 * takes the destination's), and ICMP goes with its own IP. */
static int settle_family(struct spec_parse *sp, int sfam, int dfam, int dcol)
{
	struct pkt_spec *s = &sp->pk->spec;
	int fam = dfam;
	if (sfam && sfam != dfam)
		return nf_err(sp->err, dcol, "the source is %s but the destination is %s",
			      sfam == FAMILY_IPV6 ? "IPv6" : "IPv4", dfam == FAMILY_IPV6 ? "IPv6" : "IPv4");
	if (s->proto == PROTO_ICMPV6 && fam != FAMILY_IPV6)
		return nf_err(sp->err, dcol, "icmp6 needs IPv6 addresses");
	if (s->proto == PROTO_ICMP && fam == FAMILY_IPV6)
		return nf_err(sp->err, dcol, "icmp is IPv4's: IPv6 uses icmp6");
	s->family = fam == FAMILY_IPV6 ? FAMILY_IPV6 : 0;
	return 0;
}

static int parse_arrow(struct spec_parse *sp)
{
	if (sp->i >= sp->ws.n)
		return nf_err(sp->err, end_col(sp), "expected `->` after the source");
	if (strcmp(sp->ws.v[sp->i].s, "->") != 0)
		return nf_err(sp->err, sp->ws.v[sp->i].col, "expected `->` after the source, found `%s`",
			      sp->ws.v[sp->i].s);
	sp->i++;
	return 0;
}

static int claim_slot(struct spec_parse *sp, enum slot slot, const char *word, int col)
{
	const char *prev = sp->slot_word[slot];
	if (prev && strcmp(prev, word) == 0)
		return nf_err(sp->err, col, "`%s` given twice", word);
	if (prev)
		return nf_err(sp->err, col, "`%s` conflicts with `%s`", word, prev);
	sp->slot_word[slot] = word;
	return 0;
}

static int parse_flag_word(struct spec_parse *sp, const char *w, int bit, int col)
{
	if (sp->pk->spec.proto != PROTO_TCP)
		return nf_err(sp->err, col, "`%s` is a TCP flag; this is a %s packet", w,
			      cur_proto_name(sp));
	if (sp->slot_word[SLOT_FLAGS])
		return nf_err(sp->err, col, "`%s` conflicts with `flags`", w);
	if (sp->flag_words & bit)
		return nf_err(sp->err, col, "`%s` given twice", w);
	sp->flag_words |= (uint8_t)bit;
	sp->pk->spec.tcp_flags |= (uint8_t)bit;
	return 0;
}

static const struct word_rule *word_rule(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(word_rules); i++)
		if (strcmp(word_rules[i].name, w) == 0)
			return &word_rules[i];
	return NULL;
}

/* Fill a chunk's value as a peer would send it. */
static void sctp_chunk_value(uint8_t type, uint8_t *v)
{
	switch (type) {
	case 0: /* DATA: TSN 1, stream 0, ssn 0, ppid 0, one byte of data */
		v[3] = 1;
		break;
	case 1: /* INIT, INIT_ACK: tag, a_rwnd, streams, initial TSN */
	case 2:
		v[3] = 1;
		v[5] = 1; /* a_rwnd 65536 */
		v[9] = 10;
		v[10] = 0xff;
		v[11] = 0xff;
		v[15] = 1;
		break;
	case 4: /* HEARTBEAT(_ACK): one heartbeat info parameter */
	case 5:
		v[1] = 1;
		v[3] = 8;
		break;
	default:
		break;
	}
}

/* A chunk word of an SCTP packet: appended to its chunks (the payload). */
static int sctp_chunk_word(struct spec_parse *sp, const char *w, int col, bool *taken)
{
	*taken = false;
	if (sp->pk->spec.proto != PROTO_SCTP)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(sctp_chunks); i++) {
		if (strcmp(sctp_chunks[i].word, w) != 0)
			continue;
		*taken = true;
		size_t have = sp->pk->spec.payload, len = SCTP_CHUNK_HDR_LEN + sctp_chunks[i].value_len;
		if (have + len > SCTP_MAX_CHUNKS * (SCTP_CHUNK_HDR_LEN + 16u))
			return nf_err(sp->err, col, "too many SCTP chunks (at most %d)", SCTP_MAX_CHUNKS);
		uint8_t *b = xrealloc(sp->pk->payload_data, have + len);
		memset(b + have, 0, len);
		b[have] = sctp_chunks[i].type;
		b[have + 1] = sctp_chunks[i].flags;
		b[have + 2] = (uint8_t)(len >> 8);
		b[have + 3] = (uint8_t)len;
		sctp_chunk_value(sctp_chunks[i].type, b + have + SCTP_CHUNK_HDR_LEN);
		sp->pk->payload_data = b;
		sp->pk->spec.data = b;
		sp->pk->spec.payload = (uint16_t)(have + len);
		return 0;
	}
	return 0;
}

static int parse_word(struct spec_parse *sp)
{
	const char *w = sp->ws.v[sp->i].s;
	int col = sp->ws.v[sp->i].col;
	sp->i++;
	bool chunk;
	if (sctp_chunk_word(sp, w, col, &chunk))
		return -1;
	if (chunk)
		return 0;
	int bit = flag_by_name(w);
	if (bit >= 0)
		return parse_flag_word(sp, w, bit, col);
	uint8_t type6;
	int code6;
	if (is_icmp6(sp) && !word_rule(w) && icmp6_type_by_name(w, &type6, &code6)) {
		if (claim_slot(sp, SLOT_ICMP_TYPE, w, col))
			return -1;
		sp->pk->spec.icmp_type = type6;
		sp->pk->spec.icmp_code = code6 < 0 ? 0 : (uint8_t)code6;
		return 0;
	}
	const struct word_rule *r = word_rule(w);
	if (!r)
		return nf_err(sp->err, col, "unknown word `%s` (expected on, local, a TCP flag, flags, echo-request, echo-reply, type, code, id, seq, ttl, tos, len, payload, mark, mac, uid, gid, classid, cgroup or mss)", w);
	if (!(r->protos & proto_bit(sp->pk->spec.proto)))
		return nf_err(sp->err, col, "`%s` does not apply to a %s packet", w, cur_proto_name(sp));
	const char *arg = NULL;
	int argcol = col;
	if (r->arg) {
		if (sp->i >= sp->ws.n)
			return nf_err(sp->err, col, "`%s` needs %s", w, r->arg);
		arg = sp->ws.v[sp->i].s;
		argcol = sp->ws.v[sp->i].col;
		sp->i++;
	}
	if (claim_slot(sp, r->slot, w, col))
		return -1;
	sp->word_col = col;
	return r->apply(sp, arg, argcol);
}

/* What a person would otherwise have to write every time. */
static void apply_defaults(struct spec_parse *sp)
{
	struct pkt_spec *s = &sp->pk->spec;
	if (s->proto == PROTO_TCP) {
		if (!sp->flag_words && !sp->slot_word[SLOT_FLAGS])
			s->tcp_flags = TCPF_SYN;
		if (!sp->slot_word[SLOT_SEQ])
			s->seq = DEFAULT_TCP_SEQ;
	}
	if (s->proto == PROTO_SCTP) {
		if (!s->payload) {
			bool taken;
			sctp_chunk_word(sp, "data", 0, &taken);
		}
		/* an INIT goes with verification tag 0 (RFC 9260 8.5.1) */
		s->seq = sp->pk->payload_data[0] == 1 ? 0 : SCTP_DEFAULT_VTAG;
	}
	if (s->proto == PROTO_ICMPV6 && !sp->slot_word[SLOT_TTL] &&
	    s->icmp_type >= ICMPV6_ROUTER_SOLICIT && s->icmp_type <= ICMPV6_REDIRECT)
		s->ttl = ND_HOP_LIMIT;
	if (s->proto == PROTO_ICMP || s->proto == PROTO_ICMPV6) {
		if (!sp->slot_word[SLOT_ICMP_TYPE])
			s->icmp_type = s->proto == PROTO_ICMP ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
		if (!sp->slot_word[SLOT_ICMP_ID])
			s->icmp_id = DEFAULT_ICMP_ID;
		if (!sp->slot_word[SLOT_SEQ])
			s->icmp_seq = DEFAULT_ICMP_SEQ;
	}
}

static int parse_all(struct spec_parse *sp)
{
	struct pkt_spec *s = &sp->pk->spec;
	int sfam, dfam;
	if (parse_proto(sp) || parse_endpoint(sp, true, &s->src, &s->sport, &sfam) ||
	    parse_arrow(sp) || parse_endpoint(sp, false, &s->dst, &s->dport, &dfam) ||
	    settle_family(sp, sfam, dfam, sp->ws.v[sp->i - 1].col))
		return -1;
	while (sp->i < sp->ws.n)
		if (parse_word(sp))
			return -1;
	if (!sp->pk->local && !sp->pk->iif[0])
		return nf_err(sp->err, end_col(sp),
			      "say where the packet comes from: `on IFACE` (arriving) or `local` (generated here)");
	for (enum slot k = SLOT_UID; k <= SLOT_CGROUP; k++)
		if (sp->slot_word[k] && !sp->pk->local)
			return nf_err(sp->err, end_col(sp),
				      "`%s` needs a `local` packet: only a local process's socket has an owner or a cgroup",
				      sp->slot_word[k]);
	apply_defaults(sp);
	return 0;
}

int pktspec_parse(const char *text, struct scn_packet *pk, struct nf_error *err)
{
	memset(&pk->spec, 0, sizeof(pk->spec));
	pk->iif[0] = '\0';
	pk->local = false;
	pk->mark = 0;
	memset(pk->mac, 0, sizeof(pk->mac));
	pk->has_mac = false;
	pk->uid = pk->gid = 0;
	pk->classid = 0;
	pk->cgroup[0] = '\0';
	pk->payload_data = NULL;

	struct spec_parse sp = {.text = text, .pk = pk, .err = err};
	/* quotes group: payload "GET / HTTP/1.1" */
	word_split(&sp.ws, text, strlen(text),
		   &(struct word_opts){.flags = WORD_QUOTES | WORD_ESCAPES,
				       .blanks = " \t\n\v\f\r"});
	int rc = parse_all(&sp);
	word_list_free(&sp.ws);
	return rc;
}
