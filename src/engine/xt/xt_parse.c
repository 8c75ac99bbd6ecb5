/* xt_parse.c - the value parsers extensions share.  Each accepts what
 * libxtables accepts for the same kind of argument and refuses the rest,
 * so a rule iptables takes is taken here and one it refuses is refused. */
#include "engine/xt/xt.h"

#include <string.h>
#include <strings.h>

bool xt_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;
	if (!parse_uint(s, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Copy s[0..len) into buf as a string; false when it does not fit. */
static bool word_copy(const char *s, size_t len, char *buf, size_t size)
{
	if (len >= size)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/* One end of a range: empty means "the default end". */
static bool range_end(const char *s, size_t len, uint32_t max, uint32_t dflt, uint32_t *out)
{
	char buf[32];
	if (len == 0) {
		*out = dflt;
		return true;
	}
	return word_copy(s, len, buf, sizeof(buf)) && xt_parse_u32(buf, max, out);
}

bool xt_parse_range(const char *s, char sep, uint32_t max, uint32_t *lo, uint32_t *hi)
{
	const char *mid = strchr(s, sep);
	if (!mid) {
		if (!xt_parse_u32(s, max, lo))
			return false;
		*hi = *lo;
		return true;
	}
	if (!range_end(s, (size_t)(mid - s), max, 0, lo) ||
	    !range_end(mid + 1, strlen(mid + 1), max, max, hi))
		return false;
	return *lo <= *hi;
}

bool xt_parse_value_mask(const char *s, uint32_t *value, uint32_t *mask)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!xt_parse_u32(buf, UINT32_MAX, value))
		return false;
	*mask = UINT32_MAX;
	return !slash || xt_parse_u32(slash + 1, UINT32_MAX, mask);
}

bool xt_parse_val_mask_named(const char *s, const char *zero_name, uint32_t *value,
			     uint32_t *mask)
{
	if (xt_parse_value_mask(s, value, mask))
		return true;
	if (!zero_name || strcmp(s, zero_name) != 0)
		return false;
	*value = 0;
	*mask = UINT32_MAX;
	return true;
}

bool xt_parse_port(const char *s, uint16_t *port)
{
	uint32_t v;
	if (xt_parse_u32(s, 65535, &v)) {
		*port = (uint16_t)v;
		return true;
	}
	return xt_service_port(s, port);
}

static bool port_end(const char *s, size_t len, uint16_t dflt, uint16_t *out)
{
	char buf[64];
	if (len == 0) {
		*out = dflt;
		return true;
	}
	return word_copy(s, len, buf, sizeof(buf)) && xt_parse_port(buf, out);
}

bool xt_parse_port_range(const char *s, uint16_t *lo, uint16_t *hi)
{
	const char *colon = strchr(s, ':');
	if (!colon) {
		if (!xt_parse_port(s, lo))
			return false;
		*hi = *lo;
		return true;
	}
	if (!port_end(s, (size_t)(colon - s), 0, lo) ||
	    !port_end(colon + 1, strlen(colon + 1), 65535, hi))
		return false;
	return *lo <= *hi;
}

/* "a.b.c.d" or "a.b.c.d/N", the form iptables-save writes, read in one
 * pass (prefix_parse copies and scans the word several times); false
 * for anything else, which prefix_parse then decides. */
static bool quad_prefix(const char *s, uint32_t *addr, uint32_t *mask)
{
	uint32_t a = 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return false;
		a = (a << 8) | v;
		if (i < 3 && *s++ != '.')
			return false;
	}
	unsigned len = 32;
	if (*s == '/') {
		s++;
		if (*s < '0' || *s > '9')
			return false;
		len = (unsigned)(*s++ - '0');
		if (*s >= '0' && *s <= '9')
			len = len * 10 + (unsigned)(*s++ - '0');
		if (len > 32)
			return false;
	}
	if (*s)
		return false;
	*addr = a;
	*mask = prefix_mask((int)len);
	return true;
}

bool xt_parse_addr_mask(const char *s, uint32_t *addr, uint32_t *mask)
{
	if (quad_prefix(s, addr, mask)) {
		*addr &= *mask;
		return true;
	}
	int plen;
	if (!prefix_parse(s, addr, mask, &plen))
		return false;
	*addr &= *mask;
	return true;
}

bool xt_parse_tos(const char *s, uint8_t *value, uint8_t *mask)
{
	static const struct {
		const char *name;
		uint8_t tos;
	} names[] = {
		{"Minimize-Cost", 0x02},      {"Maximize-Reliability", 0x04},
		{"Maximize-Throughput", 0x08}, {"Minimize-Delay", 0x10},
		{"Normal-Service", 0x00},
	};
	uint32_t v, m;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcasecmp(names[i].name, s) == 0) {
			*value = names[i].tos;
			*mask = 0x3f;
			return true;
		}
	}
	if (!xt_parse_value_mask(s, &v, &m) || v > 0xff || (strchr(s, '/') && m > 0xff))
		return false;
	*value = (uint8_t)v;
	*mask = strchr(s, '/') ? (uint8_t)m : 0xff;
	return true;
}

static uint32_t rate_unit_seconds(const char *unit)
{
	static const struct {
		const char *word;
		uint32_t secs;
	} units[] = {{"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}};
	size_t ul = strlen(unit);
	for (size_t i = 0; ul && i < ARRAY_SIZE(units); i++)
		if (strncasecmp(units[i].word, unit, ul) == 0)
			return units[i].secs;
	return 0;
}

bool xt_parse_packet_rate(const char *s, uint32_t *n, uint32_t *secs)
{
	char num[16];
	size_t len = strspn(s, "0123456789");
	if (len == 0 || len >= sizeof(num))
		return false;
	memcpy(num, s, len);
	num[len] = '\0';
	if (!xt_parse_u32(num, UINT32_MAX, n) || *n == 0)
		return false;
	*secs = 1;
	if (s[len] == '\0')
		return true;
	return s[len] == '/' && (*secs = rate_unit_seconds(s + len + 1)) != 0;
}

int xt_name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcasecmp(names[i], s) == 0)
			return i;
	return -1;
}

bool xt_parse_name_list(const char *s, const char *const *names, unsigned *bits, size_t *bad)
{
	const char *p = s;
	*bits = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char word[32];
		*bad = (size_t)(p - s);
		if (len == 0 || len >= sizeof(word))
			return false;
		memcpy(word, p, len);
		word[len] = '\0';
		int i = xt_name_index(names, word);
		if (i < 0)
			return false;
		*bits |= 1u << i;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

int xt_option_index(const struct xt_option *opts, const char *opt)
{
	for (int i = 0; opts[i].name; i++)
		if (strcmp(opts[i].name, opt) == 0)
			return i;
	return -1;
}

bool xt_rule_proto_is(const struct rule *r, uint8_t proto)
{
	return r->proto == proto && !r->proto_inv;
}

bool xt_rule_has_ports(const struct rule *r)
{
	static const uint8_t with_ports[] = {PROTO_TCP, PROTO_UDP, 136 /* udplite */,
					     132 /* sctp */, 33 /* dccp */};
	for (size_t i = 0; i < ARRAY_SIZE(with_ports); i++)
		if (xt_rule_proto_is(r, with_ports[i]))
			return true;
	return false;
}
