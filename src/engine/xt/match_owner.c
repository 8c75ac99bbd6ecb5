/* match_owner.c - -m owner (xt_owner): the user and group of the socket
 * that sent the packet.  Only a locally generated packet has a sending
 * socket, so the match is allowed at OUTPUT and POSTROUTING only, as the
 * kernel's check says.  A packet without a socket (forwarded, or a
 * REJECT --reject-with tcp-reset) matches only when every option given
 * is inverted, as owner_mt answers for a socketless skb; one from the
 * kernel's own sockets (icmp_send's errors, echo replies, the stack's
 * RSTs) has a socket but no file: --socket-exists holds, and uid and
 * gid tests only when inverted.  In nfwalk a packet sent `local` has an
 * owner, uid and gid 0 unless its short form says `uid N gid N`; a
 * SYN/ACK has its listener's (`sockets: [tcp 22 uid N gid N]`).  Supplementary groups are not modelled:
 * --suppl-groups tests the primary group only. */
#include "engine/xt/xt.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OWN_SOCKET = 1, OWN_UID = 2, OWN_GID = 4, OWN_SUPPL = 8 };

struct owner_info {
	uint32_t uid[2], gid[2];
	unsigned match, invert; /* OWN_* bits */
};

enum { O_UID, O_GID, O_SOCKET, O_SUPPL };

static const struct xt_option owner_opts[] = {
	[O_UID] = {"uid-owner", true, true, false},
	[O_GID] = {"gid-owner", true, true, false},
	[O_SOCKET] = {"socket-exists", false, true, false},
	[O_SUPPL] = {"suppl-groups", false, false, false},
	{NULL, false, false, false},
};

/* "N", "N-M" or a user/group name, as xtables_parse_... does for owner. */
static bool parse_id_range(const char *arg, bool is_uid, uint32_t out[2])
{
	if (xt_parse_range(arg, '-', UINT32_MAX - 1, &out[0], &out[1]))
		return true;
	if (is_uid) {
		const struct passwd *pw = getpwnam(arg);
		if (!pw)
			return false;
		out[0] = out[1] = (uint32_t)pw->pw_uid;
	} else {
		const struct group *gr = getgrnam(arg);
		if (!gr)
			return false;
		out[0] = out[1] = (uint32_t)gr->gr_gid;
	}
	return true;
}

static int owner_parse(struct match *m, const char *opt, const char *arg, bool invert,
		       struct nf_error *err)
{
	struct owner_info *in = m->data;
	unsigned bit;
	switch (xt_option_index(owner_opts, opt + 2)) {
	case O_UID:
		if (!parse_id_range(arg, true, in->uid))
			return nf_err(err, -1, "bad --uid-owner \"%s\" (a user name, N or N-M)", arg);
		bit = OWN_UID;
		break;
	case O_GID:
		if (!parse_id_range(arg, false, in->gid))
			return nf_err(err, -1, "bad --gid-owner \"%s\" (a group name, N or N-M)", arg);
		bit = OWN_GID;
		break;
	case O_SOCKET:
		bit = OWN_SOCKET;
		break;
	default:
		if (!(in->match & OWN_GID))
			return nf_err(err, -1, "--suppl-groups needs --gid-owner before it");
		bit = OWN_SUPPL;
		break;
	}
	in->match |= bit;
	if (invert)
		in->invert |= bit;
	return 0;
}

static int owner_check(const struct match *m, const struct rule *r, struct nf_error *err)
{
	if (!((const struct owner_info *)m->data)->match)
		return nf_err(err, -1,
			      "-m owner needs --uid-owner, --gid-owner or --socket-exists");
	return 0;
}

static void print_item(struct strbuf *sb, const struct owner_info *in, unsigned bit,
		       const char *label, const uint32_t *range)
{
	if (!(in->match & bit))
		return;
	xt_print_inv(sb, in->invert & bit);
	sb_addf(sb, " %s", label);
	if (range)
		xt_print_range(sb, range[0], range[1], '-');
}

static void owner_print(const struct match *m, struct strbuf *sb)
{
	const struct owner_info *in = m->data;
	print_item(sb, in, OWN_SOCKET, "--socket-exists", NULL);
	print_item(sb, in, OWN_UID, "--uid-owner", in->uid);
	print_item(sb, in, OWN_GID, "--gid-owner", in->gid);
	print_item(sb, in, OWN_SUPPL, "--suppl-groups", NULL);
}

static bool owner_eval(const struct match *m, const struct xt_ctx *ctx, char *why, size_t n)
{
	const struct owner_info *in = m->data;
	const struct packet *p = ctx->p;
	if (!p->has_owner && !p->has_sock) {
		bool ok = (in->match ^ in->invert) == 0;
		snprintf(why, n, "the packet has no sending socket (%s)",
			 p->local_out ? "made by the kernel" : "not generated on this host");
		return ok;
	}
	if (in->match & in->invert & OWN_SOCKET) {
		snprintf(why, n, "the packet has a sending socket");
		return false;
	}
	if (!p->has_owner) {
		snprintf(why, n, "the kernel's own socket sent it: no user or group");
		return ((in->match ^ in->invert) & (OWN_UID | OWN_GID)) == 0;
	}
	if (in->match & OWN_UID) {
		bool hit = p->uid >= in->uid[0] && p->uid <= in->uid[1];
		if (hit == !!(in->invert & OWN_UID)) {
			snprintf(why, n, "socket owner uid %u", p->uid);
			return false;
		}
	}
	if (in->match & OWN_GID) {
		bool hit = p->gid >= in->gid[0] && p->gid <= in->gid[1];
		if (hit == !!(in->invert & OWN_GID)) {
			snprintf(why, n, "socket group gid %u%s", p->gid,
				 in->match & OWN_SUPPL ? " (no supplementary groups modelled)" : "");
			return false;
		}
	}
	snprintf(why, n, "sent by a socket of uid %u gid %u", p->uid, p->gid);
	return true;
}

const struct match_type match_owner = {
	.name = "owner",
	.options = owner_opts,
	.data_size = sizeof(struct owner_info),
	.parse = owner_parse,
	.final_check = owner_check,
	.eval = owner_eval,
	.print = owner_print,
	.hooks_mask = HOOKBIT(HOOK_OUTPUT) | HOOKBIT(HOOK_POSTROUTING),
};
