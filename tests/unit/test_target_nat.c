/* test_target_nat.c - the NAT targets' IPv6 forms (issue 10): ip6tables'
 * --to-source/--to-destination ranges as libxt_NAT parses and prints
 * them, NETMAP of IPv6 prefixes, REDIRECT to ::1.  The IPv4 forms are
 * test_targets' and test_iptables_t's. */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "ct6_helpers.h"
#include "engine/track/conntrack.h"
#include "engine/xt/xt.h"

/* Parse one option of type ty for a rule of family; the printed form, or
 * "error: ..." */
static const char *parsed(const struct target_type *ty, int family, const char *opt,
			  const char *arg, struct target *keep)
{
	static char out[600];
	struct target t = {.type = ty, .data = calloc(1, ty->data_size), .family = family};
	struct nf_error err = {.msg = ""};
	if (ty->parse(&t, opt, arg, false, &err) < 0) {
		snprintf(out, sizeof(out), "error: %s", err.msg);
	} else {
		struct strbuf sb = STRBUF_INIT;
		ty->print(&t, &sb);
		snprintf(out, sizeof(out), "%s", sb_str(&sb));
		sb_free(&sb);
	}
	if (keep)
		*keep = t;
	else
		free(t.data);
	return out;
}

static void test_parse(void)
{
	/* ip6tables-nft-save on 6.18 printed these back */
	is_str(parsed(&target_snat, FAMILY_IPV6, "--to-source",
		      "[2001:db8:2::100-2001:db8:2::109]:1000-2000", NULL),
	       " --to-source [2001:db8:2::100-2001:db8:2::109]:1000-2000",
	       "an IPv6 range with ports, bracketed");
	is_str(parsed(&target_snat, FAMILY_IPV6, "--to-source", "2001:db8:2::100", NULL),
	       " --to-source 2001:db8:2::100", "one IPv6 address, no brackets without ports");
	is_str(parsed(&target_snat, FAMILY_IPV6, "--to-source", "2001:db8::1-2001:db8::9", NULL),
	       " --to-source 2001:db8::1-2001:db8::9", "a range without ports needs no brackets");
	is_str(parsed(&target_dnat, FAMILY_IPV6, "--to-destination", "[fd00::2]:80", NULL),
	       " --to-destination [fd00::2]:80", "DNAT to [fd00::2]:80");
	is_str(parsed(&target_dnat, FAMILY_IPV6, "--to-destination", "[fd00::2]", NULL),
	       " --to-destination fd00::2", "[fd00::2] alone");
	ok(strncmp(parsed(&target_snat, FAMILY_IPV6, "--to-source",
			  "[2001:db8:2::100]-[2001:db8:2::109]:1000-2000", NULL),
		   "error", 5) == 0,
	   "each end bracketed is refused, as ip6tables refuses it");
	ok(strncmp(parsed(&target_dnat, FAMILY_IPV4, "--to-destination", "[10.0.0.1]:80", NULL),
		   "error", 5) == 0,
	   "iptables takes no brackets");
	ok(strncmp(parsed(&target_dnat, FAMILY_IPV4, "--to-destination", "fd00::2", NULL), "error",
		   5) == 0,
	   "nor an IPv6 address");
	ok(strncmp(parsed(&target_dnat, FAMILY_IPV6, "--to-destination", "10.0.0.1", NULL), "error",
		   5) == 0,
	   "and ip6tables no IPv4 one");
	is_str(parsed(&target_dnat, FAMILY_IPV4, "--to-destination", "10.0.0.1:80-90", NULL),
	       " --to-destination 10.0.0.1:80-90", "IPv4 unchanged");
	is_str(parsed(&target_netmap, FAMILY_IPV6, "--to", "2001:db8:2::/64", NULL),
	       " --to 2001:db8:2::/64", "NETMAP of an IPv6 prefix");
	is_str(parsed(&target_netmap, FAMILY_IPV4, "--to", "172.16.0.0/255.255.0.0", NULL),
	       " --to 172.16.0.0/16", "NETMAP IPv4 unchanged");
}

static struct conntrack ct;

/* Run the target on a new IPv6 connection at hook h; the entry. */
static struct ct_entry *run(const struct target *t, struct packet *p, enum nf_hook h,
			    enum verdict *v, char *why)
{
	ct_in(&ct, p, NULL, 0);
	struct xt_ctx ctx = {.ct = &ct, .p = p, .hook = h, .table = TABLE_NAT, .in = "eth0"};
	*v = t->type->exec(t, &ctx);
	strcpy(why, ctx.why);
	return p->ct;
}

static void test_exec(void)
{
	conntrack_init(&ct);
	char why[256];
	enum verdict v;
	struct target t;
	const char *c = "2001:db8:1::2";
	parsed(&target_netmap, FAMILY_IPV6, "--to", "2001:db8:2::/64", &t);
	struct packet *p = v6tcp(c, 40000, "2001:db8:1::5", 80, TCPF_SYN, 1, 0);
	struct ct_entry *e = run(&t, p, HOOK_PREROUTING, &v, why);
	union inet_addr want = A6("2001:db8:2::5");
	ok(v == V_ACCEPT && e && inet_eq(&e->tuple[CT_DIR_REPLY].src, &want),
	   "NETMAP66 keeps the host part: 2001:db8:1::5 -> 2001:db8:2::5 (%s)", why);
	packet_free(p);
	free(t.data);

	parsed(&target_redirect, FAMILY_IPV6, "--to-ports", "8080", &t);
	p = v6tcp("::1", 40001, "2001:db8:1::5", 80, TCPF_SYN, 1, 0);
	e = run(&t, p, HOOK_OUTPUT, &v, why);
	want = A6("::1");
	ok(v == V_ACCEPT && e && inet_eq(&e->tuple[CT_DIR_REPLY].src, &want) &&
		   e->tuple[CT_DIR_REPLY].sport == 8080,
	   "REDIRECT66 in OUTPUT: to [::1]:8080");
	packet_free(p);
	free(t.data);

	parsed(&target_dnat, FAMILY_IPV6, "--to-destination", "[fd00::2]:80", &t);
	p = v6tcp(c, 40002, "2001:db8:1::1", 8080, TCPF_SYN, 1, 0);
	e = run(&t, p, HOOK_PREROUTING, &v, why);
	ok(v == V_ACCEPT && strstr(why, "becomes tcp [2001:db8:1::2]:40002 -> [fd00::2]:80"),
	   "DNAT66 binds: %s", why);
	packet_free(p);
	free(t.data);
	conntrack_free(&ct);
}

int main(void)
{
	test_parse();
	test_exec();
	return tap_done();
}
