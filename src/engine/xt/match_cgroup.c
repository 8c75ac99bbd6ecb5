/* match_cgroup.c - -m cgroup (xt_cgroup): the control group of the
 * packet's socket, by net_cls classid (--cgroup N) or by cgroup v2 path
 * (--path P: the socket's cgroup is P or below it), each invertible,
 * never both in one match.  Only a full socket has one, so a packet
 * without a socket never matches, inverted or not (cgroup_mt_v1).  The
 * kernel allows the match at OUTPUT, POSTROUTING and INPUT: a local
 * packet carries its process's socket (`local ... classid N cgroup /P`
 * in the short form, a listener's `sockets: [tcp 80 cgroup /P]` for its
 * SYN/ACK); at INPUT only early demux has attached one, for the packets
 * of an established connection (sockets_early_demux), not a listener's
 * SYN.  The kernel's own sockets (its RSTs, ICMP errors) are taken as in
 * the root cgroup with classid 0.  The kernel refuses a --path that does
 * not exist on the host; nfwalk accepts any. */
#include "engine/net/local.h"
#include "engine/xt/xt.h"

#include <stdio.h>
#include <string.h>

enum { CG_PATH, CG_CLASSID };

struct cgroup_info {
	char path[SOCK_CGROUP_MAX];
	uint32_t classid;
	bool given[2], inv[2];
};

static const struct xt_option cgroup_opts[] = {
	[CG_PATH] = {"path", true, true, false},
	[CG_CLASSID] = {"cgroup", true, true, false},
	{NULL, false, false, false},
};

static int cgroup_parse(struct match *m, const char *opt, const char *arg, bool invert,
			struct nf_error *err)
{
	struct cgroup_info *in = m->data;
	int o = xt_option_index(cgroup_opts, opt + 2);
	if (o == CG_PATH) {
		if (!*arg || strlen(arg) >= sizeof(in->path))
			return nf_err(err, -1, "bad --path \"%s\" (a cgroup path, shorter than %zu)",
				      arg, sizeof(in->path));
		str_copy(in->path, sizeof(in->path), arg);
	} else if (!xt_parse_u32(arg, UINT32_MAX, &in->classid)) {
		return nf_err(err, -1, "bad --cgroup \"%s\" (a net_cls classid)", arg);
	}
	in->given[o] = true;
	in->inv[o] = invert;
	return 0;
}

static int cgroup_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	const struct cgroup_info *in = m->data;
	if (in->given[CG_PATH] && in->given[CG_CLASSID])
		return nf_err(err, -1, "-m cgroup takes --path or --cgroup, not both");
	if (!in->given[CG_PATH] && !in->given[CG_CLASSID])
		return nf_err(err, -1, "-m cgroup needs --path or --cgroup");
	return 0;
}

static void cgroup_print(const struct match *m, struct strbuf *sb)
{
	const struct cgroup_info *in = m->data;
	if (in->given[CG_PATH]) {
		xt_print_inv(sb, in->inv[CG_PATH]);
		sb_adds(sb, " --path");
		xt_save_string(sb, in->path);
	}
	if (in->given[CG_CLASSID]) {
		xt_print_inv(sb, in->inv[CG_CLASSID]);
		sb_addf(sb, " --cgroup %u", in->classid);
	}
}

/* cgroup_is_descendant by path: the same cgroup or one below it. */
static bool below(const char *cg, const char *ancestor)
{
	while (*cg == '/')
		cg++;
	while (*ancestor == '/')
		ancestor++;
	size_t n = strlen(ancestor);
	while (n && ancestor[n - 1] == '/')
		n--;
	return n == 0 || (strncmp(cg, ancestor, n) == 0 && (cg[n] == '\0' || cg[n] == '/'));
}

/* The socket the kernel would find on skb->sk here; false: none. */
static bool packet_socket(const struct xt_ctx *ctx, uint32_t *classid, const char **cg,
			  const char **whose)
{
	const struct packet *p = ctx->p;
	if (ctx->hook == HOOK_INPUT) {
		*whose = "early demux's socket";
		return sockets_early_demux(ctx->socks, p, classid, cg);
	}
	*whose = p->has_owner ? "the sending socket" : "the kernel's socket";
	*classid = p->has_owner ? p->classid : 0;
	*cg = p->has_owner ? p->cgroup : "/";
	return p->has_owner || p->has_sock;
}

static bool cgroup_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct cgroup_info *in = m->data;
	uint32_t classid;
	const char *cg, *whose;
	if (!packet_socket(ctx, &classid, &cg, &whose)) {
		snprintf(why, n, "%s", ctx->hook == HOOK_INPUT
					       ? "no socket yet at INPUT (early demux: connections only)"
					       : "the packet has no socket");
		return false;
	}
	if (!*cg)
		cg = "/";
	snprintf(why, n, "%s is in cgroup %s, classid 0x%x", whose, cg, classid);
	if (in->given[CG_PATH])
		return below(cg, in->path) != in->inv[CG_PATH];
	return (classid == in->classid) != in->inv[CG_CLASSID];
}

const struct match_type match_cgroup = {
	.name = "cgroup",
	.options = cgroup_opts,
	.data_size = sizeof(struct cgroup_info),
	.parse = cgroup_parse,
	.final_check = cgroup_check,
	.eval = cgroup_eval,
	.print = cgroup_print,
	.hooks_mask = HOOKBIT(HOOK_OUTPUT) | HOOKBIT(HOOK_POSTROUTING) | HOOKBIT(HOOK_INPUT),
};
