/* match_multiport.c - -m multiport --sports/--dports/--ports (revision 1):
 * up to 15 ports, a range counting as two.  --ports matches when either
 * port is listed.  Only for protocols with ports, as the kernel checks. */
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

#define MULTIPORT_MAX 15

enum mp_flags { MP_SRC, MP_DST, MP_ANY };

struct multiport_info {
	enum mp_flags flags;
	bool inv, given;
	uint8_t count;
	uint16_t ports[MULTIPORT_MAX];
	bool is_range[MULTIPORT_MAX]; /* ports[i]..ports[i+1] */
};

enum { O_SPORTS, O_DPORTS, O_PORTS, O_SPORTS_LONG, O_DPORTS_LONG };

static const struct xt_option multiport_opts[] = {
	[O_SPORTS] = {"sports", true, true, false},
	[O_DPORTS] = {"dports", true, true, false},
	[O_PORTS] = {"ports", true, true, false},
	[O_SPORTS_LONG] = {"source-ports", true, true, false},
	[O_DPORTS_LONG] = {"destination-ports", true, true, false},
	{NULL, false, false, false},
};

static const enum mp_flags option_flags[] = {MP_SRC, MP_DST, MP_ANY, MP_SRC, MP_DST};
static const char *const flag_opt[] = {"--sports", "--dports", "--ports"};

/* One list element: "p" or "lo:hi". */
static bool add_element(struct multiport_info *in, const char *word)
{
	uint16_t lo, hi;
	bool range = strchr(word, ':') != NULL;
	if (!xt_parse_port_range(word, &lo, &hi) || in->count + (range ? 2 : 1) > MULTIPORT_MAX)
		return false;
	in->is_range[in->count] = range;
	in->ports[in->count++] = lo;
	if (range)
		in->ports[in->count++] = hi;
	return true;
}

static int multiport_parse(struct match *m, const char *opt, const char *arg, bool invert,
			   struct nf_error *err)
{
	struct multiport_info *in = m->data;
	char list[256], *w = list;
	if (in->given)
		return nf_err(err, -1, "multiport takes one of --sports, --dports, --ports");
	in->given = true;
	in->flags = option_flags[xt_option_index(multiport_opts, opt + 2)];
	in->inv = invert;
	str_copy(list, sizeof(list), arg);
	for (;;) {
		char *comma = strchr(w, ',');
		if (comma)
			*comma = '\0';
		if (!add_element(in, w))
			return nf_err(err, -1,
				      "bad port list \"%s\" for %s (at most %d ports, a range "
				      "counting as two)",
				      arg, opt, MULTIPORT_MAX);
		if (!comma)
			return 0;
		w = comma + 1;
	}
}

static int multiport_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct multiport_info *in = m->data;
	if (!in->given)
		return nf_err(err, -1, "-m multiport needs --sports, --dports or --ports");
	if (!xt_rule_has_ports(r))
		return nf_err(err, -1,
			      "-m multiport needs -p tcp, udp, udplite, sctp or dccp (not inverted)");
	return 0;
}

static void multiport_print(const struct match *m, struct strbuf *sb)
{
	const struct multiport_info *in = m->data;
	xt_print_inv(sb, in->inv);
	sb_addf(sb, " %s ", flag_opt[in->flags]);
	for (uint8_t i = 0; i < in->count; i++) {
		sb_addf(sb, "%s%u", i ? "," : "", in->ports[i]);
		if (in->is_range[i])
			sb_addf(sb, ":%u", in->ports[++i]);
	}
}

static bool listed(const struct multiport_info *in, uint16_t port)
{
	for (uint8_t i = 0; i < in->count; i++) {
		if (in->is_range[i]) {
			if (port >= in->ports[i] && port <= in->ports[i + 1])
				return true;
			i++;
		} else if (port == in->ports[i]) {
			return true;
		}
	}
	return false;
}

/* The kernel reads the first four bytes after the IP header as the two
 * ports, whatever the protocol (the rule pinned one with ports). */
static bool multiport_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct multiport_info *in = m->data;
	const struct packet *p = ctx->p;
	const uint8_t *l4 = pkt_l4(p, 4);
	if (!l4) {
		snprintf(why, n, "%s", pkt_is_fragment(p) ? "a later fragment has no ports"
							   : "ports cut short (the kernel drops it)");
		return false;
	}
	uint16_t sp = (uint16_t)(l4[0] << 8 | l4[1]), dp = (uint16_t)(l4[2] << 8 | l4[3]);
	bool hit = (in->flags != MP_DST && listed(in, sp)) || (in->flags != MP_SRC && listed(in, dp));
	snprintf(why, n, "sport %u, dport %u", sp, dp);
	return hit != in->inv;
}

const struct match_type match_multiport = {
	.name = "multiport",
	.options = multiport_opts,
	.data_size = sizeof(struct multiport_info),
	.parse = multiport_parse,
	.final_check = multiport_check,
	.eval = multiport_eval,
	.print = multiport_print,
};
