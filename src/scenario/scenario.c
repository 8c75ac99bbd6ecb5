/* scenario.c - loading a YAML scenario (nfwalk-scenario(5)) into a
 * struct scenario, refusing anything it does not understand with the
 * file:line:column of the offending word and what was expected there.
 *
 * The document is read in two passes over libyaml's node tree: the host
 * (interfaces, routes, rules, ...) first, then the packets, which refer to
 * the host's interfaces.  Finally an engine is built once from the result,
 * so a bad iptables or ip route line is reported at load time too. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/datapath.h"
#include "engine/nft/nft.h"
#include "scenario/scenario.h"
#include "scenario/scn_expect.h"
#include "scenario/scn_icmp.h"
#include "scenario/scn_tutor.h"
#include "scenario/ydoc.h"

/* A scenario is a few kilobytes; anything past this is not one. */
#define SCENARIO_MAX_BYTES (16u << 20)

/* --- small value readers --- */

static int read_string(struct ydoc *d, const yaml_node_t *n, const char *what, char **out)
{
	const char *v;
	if (ydoc_scalar(d, n, what, &v))
		return -1;
	/* Block scalars end with a newline nobody wants to print. */
	size_t len = strlen(v);
	while (len && isspace((unsigned char)v[len - 1]))
		len--;
	free(*out);
	*out = xstrndup(v, len);
	return 0;
}

static int read_number(struct ydoc *d, const yaml_node_t *n, const char *what, uint64_t max,
		       uint64_t *out)
{
	const char *v;
	if (ydoc_scalar(d, n, what, &v))
		return -1;
	if (!parse_uint(v, max, out))
		return ydoc_err(d, n, 0, "bad %s `%s` (expected a number up to %llu)", what, v,
				(unsigned long long)max);
	return 0;
}

/* Pass an error from a one-line parser (err->col an offset into the text
 * of node n) on as a position in the file.  The message is copied first:
 * it lives in the same record ydoc_err writes. */
static int relay_error(struct ydoc *d, const yaml_node_t *n, size_t base)
{
	char msg[sizeof(d->err->msg)];
	str_copy(msg, sizeof(msg), d->err->msg);
	size_t off = base + (d->err->col > 0 ? (size_t)d->err->col : 0);
	return ydoc_err(d, n, off, "%s", msg);
}

/* --- the host: header keys --- */

static int top_name(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	return read_string(d, n, "name", &s->name);
}

static int top_description(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	return read_string(d, n, "description", &s->description);
}

/* `nftables: |`: a literal block, read by the engine's nft reader with
 * the block's place, so its errors point into the scenario. */
static int top_nftables(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	if (!ydoc_is_scalar(n) || !ydoc_is_literal(n))
		return ydoc_err(d, n, 0, "expected a literal block (`nftables: |`) holding an nft ruleset");
	size_t count;
	struct ydoc_line *lines = ydoc_block_lines(d, n, &count);
	s->nft_line = count ? lines[0].line : 1;
	s->nft_col = count ? lines[0].col : 0;
	free(lines);
	free(s->nftables);
	s->nftables = xstrdup(ydoc_str(n));
	return 0;
}

static int top_era(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	static const struct {
		const char *name;
		enum era era;
	} eras[] = {{"kptd", ERA_KPTD}, {"modern", ERA_MODERN}};
	const char *v;
	if (ydoc_scalar(d, n, "era", &v))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(eras); i++) {
		if (strcmp(eras[i].name, v) == 0) {
			s->era = eras[i].era;
			s->era_set = true;
			return 0;
		}
	}
	return ydoc_err(d, n, 0, "bad era `%s` (expected kptd or modern)", v);
}

/* `backend: nft | legacy`: which iptables loaded the rules. */
static int top_backend(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	const char *v;
	if (ydoc_scalar(d, n, "backend", &v))
		return -1;
	if (strcmp(v, "nft") && strcmp(v, "legacy"))
		return ydoc_err(d, n, 0, "bad backend `%s` (expected nft or legacy)", v);
	s->backend = strcmp(v, "legacy") == 0 ? BACKEND_LEGACY : BACKEND_NFT;
	return 0;
}

/* `model: iptables` (the default) or `model: ipchains` (Linux 2.2) */
static int top_model(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	const char *v;
	if (ydoc_scalar(d, n, "model", &v))
		return -1;
	if (strcmp(v, "iptables") == 0)
		s->model = FW_IPTABLES;
	else if (strcmp(v, "ipchains") == 0)
		s->model = FW_IPCHAINS;
	else
		return ydoc_err(d, n, 0, "bad model `%s` (expected iptables or ipchains)", v);
	return 0;
}

/* `kernel: skip REASON` */
static int top_kernel(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	const char *v;
	if (ydoc_scalar(d, n, "kernel", &v))
		return -1;
	size_t skip = strlen("skip");
	const char *reason = "";
	if (strncmp(v, "skip", skip) == 0 && isspace((unsigned char)v[skip]))
		reason = v + skip;
	while (isspace((unsigned char)*reason))
		reason++;
	if (!*reason)
		return ydoc_err(d, n, 0, "bad kernel `%s` (expected `skip REASON`)", v);
	free(s->kernel_skip);
	s->kernel_skip = xstrdup(reason);
	return 0;
}

/* `sysctls:` (and `sysctl:`, its older spelling, kept so existing
 * scenarios load): a map of sysctls to values, each by its kernel name or
 * its short alias, as engine/net/sysctl.c's one table lists them.  Read
 * after `interfaces`, which the per-interface names name. */
static bool scn_has_iface(const void *ctx, const char *name)
{
	const struct scenario *s = ctx;
	for (size_t i = 0; i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, name) == 0)
			return true;
	return false;
}

/* The sysctls the engine keeps in fields of its own (engine_field in the
 * table) move into the scenario's copies of them. */
static void sysctls_to_fields(struct scenario *s)
{
	static const struct {
		const char *name;
		size_t off; /* an unsigned in struct ct_timeouts */
	} timeouts[] = {
#define TIMEOUT(n, field) {"net.netfilter.nf_conntrack_" n, offsetof(struct ct_timeouts, field)}
		TIMEOUT("tcp_timeout_syn_sent", tcp[CT_TCP_SYN_SENT]),
		TIMEOUT("tcp_timeout_syn_recv", tcp[CT_TCP_SYN_RECV]),
		TIMEOUT("tcp_timeout_established", tcp[CT_TCP_ESTABLISHED]),
		TIMEOUT("tcp_timeout_fin_wait", tcp[CT_TCP_FIN_WAIT]),
		TIMEOUT("tcp_timeout_close_wait", tcp[CT_TCP_CLOSE_WAIT]),
		TIMEOUT("tcp_timeout_last_ack", tcp[CT_TCP_LAST_ACK]),
		TIMEOUT("tcp_timeout_time_wait", tcp[CT_TCP_TIME_WAIT]),
		TIMEOUT("tcp_timeout_close", tcp[CT_TCP_CLOSE]),
		TIMEOUT("tcp_timeout_unacknowledged", tcp_unack),
		TIMEOUT("udp_timeout", udp),
		TIMEOUT("udp_timeout_stream", udp_stream),
		TIMEOUT("icmp_timeout", icmp),
		TIMEOUT("generic_timeout", generic),
#undef TIMEOUT
	};
	s->ip_forward = sysctl_get(&s->sysctls, "net.ipv4.ip_forward", s->ip_forward) != 0;
	s->tcp_loose = sysctl_get(&s->sysctls, "net.netfilter.nf_conntrack_tcp_loose", s->tcp_loose) != 0;
	for (size_t i = 0; i < ARRAY_SIZE(timeouts); i++) {
		unsigned *field = (unsigned *)((char *)&s->ct_timeouts + timeouts[i].off);
		*field = (unsigned)sysctl_get(&s->sysctls, timeouts[i].name, (long)*field);
	}
	/* as the kernel's sysctl, syn_sent sets SYN_SENT2 too */
	s->ct_timeouts.tcp[CT_TCP_SYN_SENT2] = s->ct_timeouts.tcp[CT_TCP_SYN_SENT];
}

static int top_sysctls(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	if (!ydoc_is_mapping(n))
		return ydoc_err(d, n, 0, "expected a mapping for `sysctls` (NAME: VALUE)");
	for (size_t i = 0; i < ydoc_map_len(n); i++) {
		const yaml_node_t *key, *val;
		const char *name, *v;
		ydoc_map_pair(d, n, i, &key, &val);
		if (ydoc_scalar(d, key, "sysctls", &name))
			return -1;
		if (sysctl_check_name(name, scn_has_iface, s, d->err))
			return relay_error(d, key, 0);
		if (ydoc_scalar(d, val, name, &v))
			return -1;
		if (sysctls_set(&s->sysctls, name, v, scn_has_iface, s, d->err))
			return relay_error(d, val, 0);
	}
	sysctls_to_fields(s);
	return 0;
}

/* --- the host: interfaces --- */

/* An IPv6 address goes to the interface's IPv6 list (as `ip -6 addr
 * add`); a missing length is /128 there, as ip's. */
static int iface_addr6(struct ydoc *d, const yaml_node_t *n, struct iface *ifc,
		       const union inet_addr *a, int plen)
{
	if (ifc->naddr6 >= IFACE_MAX_ADDRS)
		return ydoc_err(d, n, 0, "too many IPv6 addresses on %s (at most %d)", ifc->name,
				IFACE_MAX_ADDRS);
	if (addr6_is_unspecified(&a->in6) || addr6_is_multicast(&a->in6))
		return ydoc_err(d, n, 0, "`%s` is not a unicast address", ydoc_str(n));
	ifc->addr6[ifc->naddr6] = a->in6;
	ifc->plen6[ifc->naddr6++] = plen;
	return 0;
}

static int iface_addr(struct ydoc *d, const yaml_node_t *n, struct iface *ifc)
{
	const char *v;
	uint32_t addr, mask;
	int plen, family = 0;
	union inet_addr a6;
	if (ydoc_scalar(d, n, "addr", &v))
		return -1;
	if (strchr(v, ':') && inet_prefix_parse(v, &family, &a6, &plen) &&
	    family == FAMILY_IPV6)
		return iface_addr6(d, n, ifc, &a6, plen);
	if (!prefix_parse(v, &addr, &mask, &plen) || plen < 0)
		return ydoc_err(d, n, 0,
				"bad address `%s` (expected ADDR/LEN, like 10.0.0.1/24 or "
				"2001:db8::1/64)",
				v);
	if (ifc->naddr >= IFACE_MAX_ADDRS)
		return ydoc_err(d, n, 0, "too many addresses on %s (at most %d)", ifc->name,
				IFACE_MAX_ADDRS);
	ifc->addr[ifc->naddr] = addr;
	ifc->plen[ifc->naddr] = plen;
	ifc->naddr++;
	return 0;
}

/* YAML's ways of writing nothing: `eth2:`, `eth2: ~`, `eth2: null`. */
static bool yaml_null(const yaml_node_t *n)
{
	const char *v = ydoc_str(n);
	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0);
}

/* One address, a list of them, or nothing (also `eth2: []`). */
static int iface_addrs(struct ydoc *d, const yaml_node_t *n, struct iface *ifc)
{
	if (ydoc_is_scalar(n))
		return yaml_null(n) ? 0 : iface_addr(d, n, ifc);
	if (!ydoc_is_sequence(n))
		return ydoc_err(d, n, 0, "expected an address or a list of addresses for `%s`",
				ifc->name);
	for (size_t i = 0; i < ydoc_seq_len(n); i++)
		if (iface_addr(d, ydoc_seq_item(d, n, i), ifc))
			return -1;
	return 0;
}

static int iface_details(struct ydoc *d, const yaml_node_t *n, struct iface *ifc)
{
	static const char *const names[] = {"addr", "mac", "mtu", "group"};
	const yaml_node_t *vals[ARRAY_SIZE(names)];
	if (ydoc_fields(d, n, ifc->name, names, ARRAY_SIZE(names), vals, NULL))
		return -1;
	if (vals[0] && iface_addrs(d, vals[0], ifc))
		return -1;
	if (vals[1]) {
		const char *mac;
		if (ydoc_scalar(d, vals[1], "mac", &mac))
			return -1;
		if (!mac_addr_parse(mac, ifc->mac))
			return ydoc_err(d, vals[1], 0,
					"bad MAC address `%s` (expected XX:XX:XX:XX:XX:XX)", mac);
		ifc->has_mac = true;
	}
	if (vals[2]) {
		const char *mtu;
		char *end;
		if (ydoc_scalar(d, vals[2], "mtu", &mtu))
			return -1;
		long v = strtol(mtu, &end, 10);
		if (*end || end == mtu || v < 68 || v > 65535)
			return ydoc_err(d, vals[2], 0, "bad MTU `%s` (68 to 65535)", mtu);
		ifc->mtu = (int)v;
	}
	if (vals[3]) {
		const char *group;
		uint64_t v;
		if (ydoc_scalar(d, vals[3], "group", &group))
			return -1;
		if (!parse_uint(group, UINT32_MAX, &v))
			return ydoc_err(d, vals[3], 0,
					"bad group `%s` (a number 0 to 4294967295, as ip link's group)",
					group);
		ifc->group = (uint32_t)v;
	}
	return 0;
}

static int top_interfaces(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	if (!ydoc_is_mapping(n))
		return ydoc_err(d, n, 0, "expected a mapping for `interfaces` (NAME: ADDR/LEN)");
	size_t count = ydoc_map_len(n);
	s->ifaces = xcalloc(count ? count : 1, sizeof(*s->ifaces));
	for (size_t i = 0; i < count; i++) {
		const yaml_node_t *key, *val;
		const char *name;
		ydoc_map_pair(d, n, i, &key, &val);
		if (ydoc_scalar(d, key, "interfaces", &name))
			return -1;
		if (!iface_name_ok(name))
			return ydoc_err(d, key, 0,
					"bad interface name `%s` (1 to 15 characters, no '/', ':' or spaces)",
					name);
		for (size_t j = 0; j < s->nifaces; j++)
			if (strcmp(s->ifaces[j].ifc.name, name) == 0)
				return ydoc_err(d, key, 0,
						"duplicate interface `%s` (first given at line %d)",
						name, s->ifaces[j].line);
		struct scn_iface *si = &s->ifaces[s->nifaces++];
		str_copy(si->ifc.name, sizeof(si->ifc.name), name);
		ydoc_text_pos(d, key, 0, &si->line, &si->col);
		int rc = ydoc_is_mapping(val) ? iface_details(d, val, &si->ifc)
					       : iface_addrs(d, val, &si->ifc);
		if (rc)
			return -1;
	}
	return 0;
}

/* --- the host: command lines (routes, ip rules, iptables, sockets, tc) --- */

/* Where a shell comment starts: a '#' at the start of a word, outside
 * quotes (so `--comment "a #1"` survives). */
static size_t comment_start(const char *s, size_t len)
{
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		if (quote) {
			quote = s[i] == quote ? 0 : quote;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '#' && (i == 0 || isspace((unsigned char)s[i - 1]))) {
			return i;
		}
	}
	return len;
}

/* Add text[0..len) at (line, col) unless it is blank; surrounding white
 * space is dropped and the column moved past the leading part. */
static void add_line(struct scn_line **v, size_t *n, const char *text, size_t len, int line,
		     int col)
{
	size_t lead = 0;
	while (lead < len && isspace((unsigned char)text[lead]))
		lead++;
	while (len > lead && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == lead)
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	struct scn_line *l = &(*v)[(*n)++];
	l->text = xstrndup(text + lead, len - lead);
	l->line = line;
	l->col = col + (int)lead;
}

static int lines_from_block(struct ydoc *d, const yaml_node_t *n, struct scn_line **v, size_t *cnt)
{
	size_t count;
	struct ydoc_line *lines = ydoc_block_lines(d, n, &count);
	for (size_t i = 0; i < count; i++)
		add_line(v, cnt, lines[i].text, comment_start(lines[i].text, lines[i].len),
			 lines[i].line, lines[i].col);
	free(lines);
	return 0;
}

static int lines_from_list(struct ydoc *d, const yaml_node_t *n, const char *what,
			   struct scn_line **v, size_t *cnt)
{
	for (size_t i = 0; i < ydoc_seq_len(n); i++) {
		const yaml_node_t *item = ydoc_seq_item(d, n, i);
		const char *text;
		size_t len;
		int line, col;
		if (ydoc_colon_line(d, item, &text, &len)) {
			/* `- qdisc add dev eth1 root handle 1: htb` is a line, not
			 * a mapping: take it as written. */
			ydoc_text_pos(d, item, 0, &line, &col);
			add_line(v, cnt, text, len, line, col);
			continue;
		}
		if (ydoc_scalar(d, item, what, &text))
			return -1;
		if (ydoc_is_literal(item) || ydoc_is_folded(item))
			return ydoc_err(d, item, 0,
					"expected one line per item in `%s`, not a block", what);
		ydoc_text_pos(d, item, 0, &line, &col);
		add_line(v, cnt, text, strlen(text), line, col);
	}
	return 0;
}

/* A list of strings, a literal block (one per line, # comments), or a
 * single line. */
static int read_lines(struct ydoc *d, const yaml_node_t *n, const char *what,
		      struct scn_line **v, size_t *cnt)
{
	if (ydoc_is_sequence(n))
		return lines_from_list(d, n, what, v, cnt);
	if (ydoc_is_folded(n))
		return ydoc_err(d, n, 0,
				"`%s` folds its lines into one: use a literal block (`|`) or a list",
				what);
	const char *text;
	if (!ydoc_is_scalar(n))
		return ydoc_err(d, n, 0, "expected a list of strings or a literal block (`|`) for `%s`",
				what);
	if (ydoc_scalar(d, n, what, &text))
		return -1;
	if (ydoc_is_literal(n))
		return lines_from_block(d, n, v, cnt);
	int line, col;
	ydoc_text_pos(d, n, 0, &line, &col);
	add_line(v, cnt, text, strlen(text), line, col);
	return 0;
}

/* --- the packets --- */

enum pkt_key {
	PK_SEND,
	PK_REPLY,
	PK_FLAGS,
	PK_NOTE,
	PK_EXPECT,
	PK_MARK,
	PK_MAC,
	PK_TTL,
	PK_TOS,
	PK_PAYLOAD,
	PK_AT,
	PK_NOTES,
	PK_ICMP,
	PK_FROM,
	PK_AFTER,
	PK_COUNT
};

static const char *const packet_keys[PK_COUNT] = {
	[PK_SEND] = "send", [PK_REPLY] = "reply", [PK_FLAGS] = "flags",
	[PK_NOTE] = "note", [PK_EXPECT] = "expect", [PK_MARK] = "mark",
	[PK_MAC] = "mac",   [PK_TTL] = "ttl",       [PK_TOS] = "tos",
	[PK_PAYLOAD] = "payload", [PK_AT] = "at", [PK_NOTES] = "notes",
	[PK_ICMP] = "icmp",
	[PK_FROM] = "from",
	[PK_AFTER] = "after",
};

/* Column of the interface after `on` in a short form (for "unknown
 * interface"), 0 when absent. */
static size_t iface_word_offset(const char *text)
{
	const char *p = text;
	while ((p = strstr(p, "on")) != NULL) {
		bool word = (p == text || isspace((unsigned char)p[-1])) && isspace((unsigned char)p[2]);
		p += 2;
		if (!word)
			continue;
		while (isspace((unsigned char)*p))
			p++;
		return (size_t)(p - text);
	}
	return 0;
}

static bool iface_declared(const struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->nifaces; i++)
		if (strcmp(s->ifaces[i].ifc.name, name) == 0)
			return true;
	return false;
}

static int packet_send(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
		       struct scn_packet *pk)
{
	const char *text;
	if (ydoc_scalar(d, n, "send", &text))
		return -1;
	free(pk->text);
	pk->text = xstrdup(text);
	free(pk->payload_data);
	if (pktspec_parse(text, pk, d->err))
		return relay_error(d, n, 0);
	if (pk->iif[0] && !iface_declared(s, pk->iif)) {
		struct strbuf names = STRBUF_INIT;
		for (size_t i = 0; i < s->nifaces; i++)
			sb_addf(&names, "%s%s", i ? ", " : "", s->ifaces[i].ifc.name);
		ydoc_err(d, n, iface_word_offset(text), "unknown interface `%s` (declared: %s)",
			 pk->iif, s->nifaces ? sb_str(&names) : "none");
		sb_free(&names);
		return -1;
	}
	return 0;
}

static int packet_reply(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
			size_t index, struct scn_packet *pk)
{
	uint64_t to;
	const char *v;
	if (ydoc_scalar(d, n, "reply", &v))
		return -1;
	if (!parse_uint(v, SIZE_MAX, &to) || to == 0 || to > index)
		return ydoc_err(d, n, 0,
				"bad reply `%s`: expected the number of an earlier packet (this is packet %zu)",
				v, index + 1);
	pk->reply_to = (int)to;
	free(pk->text);
	pk->text = xstrdup("");
	/* The answer speaks the protocol of the packet it answers. */
	pk->spec.proto = s->packets[to - 1].spec.proto;
	return 0;
}

static int packet_flags(struct ydoc *d, const yaml_node_t *n, const yaml_node_t *key,
			struct scn_packet *pk)
{
	const char *v;
	if (!pk->reply_to)
		return ydoc_err(d, key, 0,
				"`flags` belongs to a `reply`; write the flags of a sent packet in `send`");
	if (pk->spec.proto != PROTO_TCP)
		return ydoc_err(d, key, 0, "`flags` needs a TCP packet, and packet %d is not one",
				pk->reply_to);
	if (ydoc_scalar(d, n, "flags", &v))
		return -1;
	if (pktspec_parse_flags(v, &pk->tcp_flags, d->err))
		return relay_error(d, n, 0);
	pk->has_flags = true;
	return 0;
}

/* icmp and from: a reply that is an ICMP error (scn_icmp.c). */
static int packet_icmp_keys(struct ydoc *d, const yaml_node_t **vals, const yaml_node_t **keys,
			    struct scn_packet *pk)
{
	if ((vals[PK_ICMP] || vals[PK_FROM]) && !pk->reply_to)
		return ydoc_err(d, keys[vals[PK_ICMP] ? PK_ICMP : PK_FROM], 0,
				"`%s` belongs to a `reply`: the far end's answer to an earlier packet",
				vals[PK_ICMP] ? "icmp" : "from");
	if (vals[PK_FROM] && !vals[PK_ICMP])
		return ydoc_err(d, keys[PK_FROM], 0,
				"`from` needs `icmp`: only an ICMP error comes from a router beyond");
	if (vals[PK_ICMP] && vals[PK_FLAGS])
		return ydoc_err(d, keys[PK_FLAGS], 0, "`flags` conflicts with `icmp`: an ICMP error has no TCP flags");
	if (vals[PK_ICMP] && scn_icmp_parse(d, vals[PK_ICMP], pk))
		return -1;
	if (vals[PK_FROM] && scn_icmp_from(d, vals[PK_FROM], pk))
		return -1;
	return 0;
}

/* mark, mac, ttl, tos, payload: the same as the short form's words, for
 * replies and for people who prefer keys. */
static int packet_metadata(struct ydoc *d, const yaml_node_t **vals, struct scn_packet *pk)
{
	uint64_t v;
	if (vals[PK_MARK]) {
		if (read_number(d, vals[PK_MARK], "mark", UINT32_MAX, &v))
			return -1;
		pk->mark = (uint32_t)v;
	}
	if (vals[PK_TTL]) {
		if (read_number(d, vals[PK_TTL], "ttl", 255, &v))
			return -1;
		if (v == 0)
			return ydoc_err(d, vals[PK_TTL], 0, "bad ttl `0` (expected 1..255)");
		pk->spec.ttl = (uint8_t)v;
	}
	if (vals[PK_TOS]) {
		if (read_number(d, vals[PK_TOS], "tos", 255, &v))
			return -1;
		pk->spec.tos = (uint8_t)v;
	}
	if (vals[PK_PAYLOAD]) {
		uint64_t l4 = pk->spec.proto == PROTO_TCP ? 20 : 8;
		if (read_number(d, vals[PK_PAYLOAD], "payload", 65535 - 20 - l4, &v))
			return -1;
		pk->spec.payload = (uint16_t)v;
	}
	if (vals[PK_MAC]) {
		const char *mac;
		if (ydoc_scalar(d, vals[PK_MAC], "mac", &mac))
			return -1;
		if (!mac_addr_parse(mac, pk->mac))
			return ydoc_err(d, vals[PK_MAC], 0,
					"bad MAC address `%s` (expected XX:XX:XX:XX:XX:XX)", mac);
		pk->has_mac = true;
	}
	return 0;
}

/* `at: SECONDS`: a time, not before the previous packet's. */
static int packet_at(struct ydoc *d, const yaml_node_t *n, const struct scenario *s, size_t index,
		     struct scn_packet *pk)
{
	const char *v;
	if (ydoc_scalar(d, n, "at", &v))
		return -1;
	char *end;
	errno = 0;
	double t = strtod(v, &end);
	if (!*v || *end || errno || !(t >= 0 && t < 1e9))
		return ydoc_err(d, n, 0, "bad time `%s` (expected seconds since the start, like 0.25)",
				v);
	if (index > 0 && t < s->packets[index - 1].at)
		return ydoc_err(d, n, 0, "at %s is before packet %zu's %g: packets are sent in order", v,
				index, s->packets[index - 1].at);
	pk->at = t;
	return 0;
}

/* `after: DURATION`: so long after the previous packet (after the
 * start for the first): a number with a unit ms, s, m or h (seconds
 * without one), like 100ms or 2.5s. */
static int packet_after(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
			size_t index, struct scn_packet *pk)
{
	static const struct {
		const char *unit;
		double secs;
	} units[] = {{"", 1}, {"ms", 0.001}, {"s", 1}, {"m", 60}, {"h", 3600}};
	const char *v;
	if (ydoc_scalar(d, n, "after", &v))
		return -1;
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	size_t u = 0;
	while (u < ARRAY_SIZE(units) && strcmp(end, units[u].unit) != 0)
		u++;
	if (!*v || end == v || errno || u == ARRAY_SIZE(units) || !(x >= 0 && x < 1e9))
		return ydoc_err(d, n, 0,
				"bad duration `%s` (expected a number and a unit ms, s, m or h, like 100ms)",
				v);
	pk->at = (index > 0 ? s->packets[index - 1].at : 0) + x * units[u].secs;
	return 0;
}

static int packet_mapping(struct ydoc *d, const yaml_node_t *n, const struct scenario *s,
			  size_t index, struct scn_packet *pk)
{
	const yaml_node_t *vals[PK_COUNT], *keys[PK_COUNT];
	char what[32];
	snprintf(what, sizeof(what), "packet %zu", index + 1);
	if (ydoc_fields(d, n, what, packet_keys, PK_COUNT, vals, keys))
		return -1;
	if (vals[PK_SEND] && vals[PK_REPLY])
		return ydoc_err(d, keys[PK_REPLY], 0,
				"`reply` conflicts with `send`: a packet is one or the other");
	if (!vals[PK_SEND] && !vals[PK_REPLY])
		return ydoc_err(d, n, 0,
				"packet %zu needs `send` (a new packet) or `reply` (the answer to an earlier one)",
				index + 1);
	/* The short form first: the keys after it refine what it said. */
	if (vals[PK_SEND] ? packet_send(d, vals[PK_SEND], s, pk)
			  : packet_reply(d, vals[PK_REPLY], s, index, pk))
		return -1;
	if (vals[PK_FLAGS] && packet_flags(d, vals[PK_FLAGS], keys[PK_FLAGS], pk))
		return -1;
	if (packet_icmp_keys(d, vals, keys, pk))
		return -1;
	if (packet_metadata(d, vals, pk))
		return -1;
	if (vals[PK_AT] && vals[PK_AFTER])
		return ydoc_err(d, keys[PK_AFTER], 0,
				"`after` conflicts with `at`: a packet's time is one or the other");
	if (vals[PK_AFTER] && packet_after(d, vals[PK_AFTER], s, index, pk))
		return -1;
	if (vals[PK_AT] && packet_at(d, vals[PK_AT], s, index, pk))
		return -1;
	if (vals[PK_NOTE] && read_string(d, vals[PK_NOTE], "note", &pk->note))
		return -1;
	if (vals[PK_NOTES] && scn_read_notes(d, vals[PK_NOTES], "notes", &pk->notes))
		return -1;
	if (vals[PK_EXPECT] && scn_expect_parse(d, vals[PK_EXPECT], s, pk))
		return -1;
	return 0;
}

static int top_packets(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	if (!ydoc_is_sequence(n))
		return ydoc_err(d, n, 0, "expected a list for `packets`");
	size_t count = ydoc_seq_len(n);
	s->packets = xcalloc(count ? count : 1, sizeof(*s->packets));
	for (size_t i = 0; i < count; i++) {
		const yaml_node_t *item = ydoc_seq_item(d, n, i);
		/* Counted before it is read, so scenario_free sees a half-read one. */
		struct scn_packet *pk = &s->packets[s->npackets++];
		ydoc_text_pos(d, item, 0, &pk->line, &pk->col);
		if (i > 0)
			pk->at = s->packets[i - 1].at + 0.001; /* unless `at` says otherwise */
		int rc = ydoc_is_scalar(item) ? packet_send(d, item, s, pk)
					      : packet_mapping(d, item, s, i, pk);
		if (rc)
			return -1;
		if (!pk->note)
			pk->note = xstrdup("");
	}
	return 0;
}

/* capture: {iface: NAME} - the interface a --pcap capture (or --live)
 * arrived on; read after `interfaces`, which it must name. */
static int top_capture(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	static const char *const names[] = {"iface"};
	const yaml_node_t *vals[ARRAY_SIZE(names)];
	const char *name;
	if (ydoc_fields(d, n, "capture", names, ARRAY_SIZE(names), vals, NULL))
		return -1;
	if (!vals[0])
		return ydoc_err(d, n, 0, "`capture` needs `iface` (the interface the capture arrived on)");
	if (ydoc_scalar(d, vals[0], "iface", &name))
		return -1;
	if (!iface_declared(s, name))
		return ydoc_err(d, vals[0], 0, "capture iface `%s` is not one of the `interfaces`",
				name);
	str_copy(s->capture_iface, sizeof(s->capture_iface), name);
	ydoc_text_pos(d, vals[0], 0, &s->capture_line, &s->capture_col);
	return 0;
}

/* --- the document --- */

static int top_notes(struct ydoc *d, const yaml_node_t *n, struct scenario *s)
{
	return scn_read_notes(d, n, "notes", &s->notes);
}

typedef int (*top_fn)(struct ydoc *d, const yaml_node_t *n, struct scenario *s);

/* Top-level keys, in the order they are read: the packets last, as they
 * name the interfaces. */
static const struct top_key {
	const char *name;
	top_fn read;   /* a section of its own */
	size_t lines;  /* or: offset of its struct scn_line * in struct scenario */
	size_t count;  /* and of its count */
} top_keys[] = {
	{"name", top_name, 0, 0},
	{"description", top_description, 0, 0},
	{"era", top_era, 0, 0},
	{"backend", top_backend, 0, 0},
	{"kernel", top_kernel, 0, 0},
	{"model", top_model, 0, 0},
	{"interfaces", top_interfaces, 0, 0},
	{"capture", top_capture, 0, 0},
	{"sysctls", top_sysctls, 0, 0},
	{"sysctl", top_sysctls, 0, 0}, /* the older spelling of sysctls */
	{"routes", NULL, offsetof(struct scenario, routes), offsetof(struct scenario, nroutes)},
	{"ip-rules", NULL, offsetof(struct scenario, iprules), offsetof(struct scenario, niprules)},
	{"routes6", NULL, offsetof(struct scenario, routes6), offsetof(struct scenario, nroutes6)},
	{"ip6-rules", NULL, offsetof(struct scenario, iprules6),
	 offsetof(struct scenario, niprules6)},
	{"ipsets", NULL, offsetof(struct scenario, ipsets), offsetof(struct scenario, nipsets)},
	{"iptables", NULL, offsetof(struct scenario, iptables), offsetof(struct scenario, niptables)},
	{"sockets", NULL, offsetof(struct scenario, sockets), offsetof(struct scenario, nsockets)},
	{"tc", NULL, offsetof(struct scenario, tc), offsetof(struct scenario, ntc)},
	{"ipchains", NULL, offsetof(struct scenario, ipchains), offsetof(struct scenario, nipchains)},
	{"nftables", top_nftables, 0, 0},
	{"packets", top_packets, 0, 0},
	{"notes", top_notes, 0, 0},
	{"goals", scn_read_goals, 0, 0},
	{"breakpoints", scn_read_breakpoints, 0, 0},
};

static int read_top_key(struct ydoc *d, const struct top_key *k, const yaml_node_t *n,
			struct scenario *s)
{
	if (k->read)
		return k->read(d, n, s);
	struct scn_line **lines = (struct scn_line **)((char *)s + k->lines);
	size_t *count = (size_t *)((char *)s + k->count);
	return read_lines(d, n, k->name, lines, count);
}

static int read_document(struct ydoc *d, struct scenario *s)
{
	const yaml_node_t *root = ydoc_root(d);
	if (!root || (ydoc_is_scalar(root) && !*ydoc_str(root)))
		return ydoc_err_at(d, 1, 0, "empty scenario: expected a mapping with `interfaces` and `packets`");
	const char *names[ARRAY_SIZE(top_keys)];
	const yaml_node_t *vals[ARRAY_SIZE(top_keys)];
	for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
		names[i] = top_keys[i].name;
	if (ydoc_fields(d, root, "the scenario", names, ARRAY_SIZE(names), vals, NULL))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
		if (vals[i] && read_top_key(d, &top_keys[i], vals[i], s))
			return -1;
	return 0;
}

/* The file name without its directories, as a default title. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Building an engine once is the only sure way to know every iptables,
 * ip route and tc line is accepted.  The parts are set up one by one so
 * the loader does not depend on the walk. */
static int validate_by_building(const struct scenario *s, struct nf_error *err)
{
	struct engine e;
	memset(&e, 0, sizeof(e));
	netconf_init(&e.net);
	ruleset_init(&e.rules);
	ruleset_init_family(&e.rules6, FAMILY_IPV6);
	conntrack_init(&e.ct);
	sockets_init(&e.socks);
	qos_init(&e.qos);
	ipchains_init(&e.ipc);
	int rc = scenario_build_engine(s, &e, err);
	if (e.nft) { /* the walk's base chains were never built: only the tree */
		nft_ruleset_free(e.nft);
		free(e.nft);
	}
	ipchains_free(&e.ipc);
	qos_free(&e.qos);
	sockets_free(&e.socks);
	conntrack_free(&e.ct);
	ruleset_free(&e.rules);
	ruleset_free(&e.rules6);
	netconf_free(&e.net);
	return rc;
}

int scenario_load_string(const char *name, const char *text, size_t len, struct scenario *s,
			 struct nf_error *err)
{
	struct nf_error local_err;
	if (!err)
		err = &local_err;
	if (!name)
		name = "<scenario>";
	memset(err, 0, sizeof(*err));
	err->col = -1;
	str_copy(err->file, sizeof(err->file), name);

	memset(s, 0, sizeof(*s));
	s->path = xstrdup(name);
	s->tcp_loose = true; /* the kernel's default; ip_forward defaults to 0 as there */
	s->ct_timeouts = ct_timeouts_default();

	struct ydoc d;
	int rc = ydoc_load(&d, name, text, len, err);
	if (rc == 0)
		rc = read_document(&d, s);
	ydoc_free(&d);
	if (rc == 0) {
		if (!s->name)
			s->name = xstrdup(base_name(name));
		if (!s->description)
			s->description = xstrdup("");
		rc = validate_by_building(s, err);
	}
	if (rc)
		scenario_free(s);
	return rc;
}

/* The whole file, NUL bytes included (libyaml refuses them with a
 * position; a C string would hide them); `-` is standard input. */
static int read_file(const char *path, char **out, size_t *len, struct nf_error *err)
{
	FILE *f = datapath_is_stdin(path) ? stdin : fopen(path, "rb");
	if (!f)
		return nf_err(err, -1, "cannot open: %s", strerror(errno));
	size_t cap = 8192, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > SCENARIO_MAX_BYTES)
			break;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	int saved = errno;
	bool failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed || n > SCENARIO_MAX_BYTES) {
		free(buf);
		if (failed)
			return nf_err(err, -1, "cannot read: %s", strerror(saved));
		return nf_err(err, -1, "too large for a scenario (more than %u bytes)",
			      SCENARIO_MAX_BYTES);
	}
	*out = buf;
	*len = n;
	return 0;
}

int scenario_load(const char *path, struct scenario *s, struct nf_error *err)
{
	struct nf_error local_err;
	if (!err)
		err = &local_err;
	memset(s, 0, sizeof(*s));
	memset(err, 0, sizeof(*err));
	err->col = -1;
	str_copy(err->file, sizeof(err->file), datapath_display_name(path));
	char *buf = NULL;
	size_t len = 0;
	if (read_file(path, &buf, &len, err))
		return -1;
	int rc = scenario_load_string(datapath_display_name(path), buf, len, s, err);
	free(buf);
	return rc;
}

static void free_lines(struct scn_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

void scenario_free(struct scenario *s)
{
	free(s->path);
	free(s->name);
	free(s->description);
	free(s->kernel_skip);
	free(s->nftables);
	free(s->nft_path);
	sysctls_free(&s->sysctls);
	free(s->ifaces);
	free_lines(s->routes, s->nroutes);
	free_lines(s->iprules, s->niprules);
	free_lines(s->routes6, s->nroutes6);
	free_lines(s->iprules6, s->niprules6);
	free_lines(s->ipsets, s->nipsets);
	free_lines(s->iptables, s->niptables);
	free_lines(s->sockets, s->nsockets);
	free_lines(s->tc, s->ntc);
	free_lines(s->ipchains, s->nipchains);
	scn_tutor_free(s);
	scenario_free_packets(s);
	if (s->preloaded) {
		ruleset_free(&s->preloaded->rs);
		free(s->preloaded);
	}
	memset(s, 0, sizeof(*s));
}

void scenario_free_packets(struct scenario *s)
{
	for (size_t i = 0; i < s->npackets; i++) {
		struct scn_packet *pk = &s->packets[i];
		free(pk->text);
		free(pk->note);
		free(pk->payload_data);
		scn_notes_free(&pk->notes);
		scn_expect_clear(&pk->expect);
		for (size_t a = 0; a < pk->nanswers; a++)
			scn_expect_clear(&pk->answers[a]);
		free(pk->answers);
	}
	free(s->packets);
	s->packets = NULL;
	s->npackets = 0;
}
