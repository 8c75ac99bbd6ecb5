/* ipchains.h - the Linux 2.2 firewall (ipchains): the built-in input,
 * forward and output chains, user chains, rules in ipchains' own syntax,
 * and the masquerading table the forward chain's MASQ target fills.
 *
 * Sources: linux-2.2 net/ipv4/ip_fw.c (ip_rule_match, ip_fw_check,
 * find_special), ip_masq.c (ip_fw_masquerade, ip_fw_demasquerade), and
 * the IPCHAINS-HOWTO, section 4.1 "How Packets Traverse The Filters".
 * There is no connection tracking: every packet is judged alone. */
#ifndef NFWALK_IPCHAINS_H
#define NFWALK_IPCHAINS_H

#include "engine/track/packet.h"
#include "engine/xt/rule.h"
#include "lib/util.h"

/* IP_FW_MAX_LABEL_LENGTH in linux/ip_fw.h. */
#define IPC_LABEL_MAX 8

/* ip_fw.c's FW_* results, as the chain walk returns them. */
enum ipc_verdict {
	IPC_NONE,     /* no target: counting only (FW_SKIP) */
	IPC_ACCEPT,
	IPC_DENY,     /* FW_BLOCK */
	IPC_REJECT,
	IPC_MASQ,
	IPC_REDIRECT,
	IPC_RETURN,
	IPC_JUMP,     /* a user chain */
};

enum { IPC_INPUT, IPC_FORWARD, IPC_OUTPUT, IPC_BUILTINS };

struct ipc_rule {
	uint32_t src, smsk, dst, dmsk;
	bool inv_src, inv_dst, inv_proto, inv_sport, inv_dport, inv_iface, inv_frag, inv_syn;
	uint8_t proto; /* 0: all */
	uint16_t spts[2], dpts[2]; /* port ranges (ICMP: type and code) */
	char iface[IFNAME_MAX];    /* "": any; a trailing '+' is a wildcard */
	bool frag, syn, log;
	enum ipc_verdict verdict;
	char target[IPC_LABEL_MAX + 1]; /* the user chain of IPC_JUMP */
	uint16_t redirpt;		/* REDIRECT [port]; 0: the packet's own */
	int line;			/* scenario line that made it */
};

struct ipc_chain {
	char name[IPC_LABEL_MAX + 1];
	bool builtin;
	enum ipc_verdict policy; /* built-in chains: ACCEPT, DENY, REJECT, MASQ */
	struct ipc_rule *rules;
	size_t nrules;
};

/* One masqueraded connection (struct ip_masq): the inside end, the port
 * on the firewall's address that stands for it, the outside end. */
struct ipc_masq {
	uint8_t proto;
	uint32_t saddr, maddr, daddr;
	uint16_t sport, mport, dport;
};

struct ipchains {
	struct ipc_chain *chains; /* input, forward, output first */
	size_t nchains;
	struct ipc_masq *masq;
	size_t nmasq;
	uint16_t next_mport;
};

void ipchains_init(struct ipchains *ic);
void ipchains_free(struct ipchains *ic);
/* One ipchains command (a leading "ipchains" is allowed): -A -I -D -R
 * -N -X -F -P.  err->col is the offset of the bad word. */
int ipchains_command(struct ipchains *ic, const char *text, int line, struct nf_error *err);
struct ipc_chain *ipchains_chain(const struct ipchains *ic, const char *name);
const char *ipc_verdict_name(enum ipc_verdict v);
/* The rule as `ipchains -A CHAIN` would take it back. */
void ipc_rule_format(const struct ipc_rule *r, struct strbuf *sb);

/* Does rule r match packet p on interface ifname?  One result per test. */
bool ipc_rule_match(const struct ipc_rule *r, const struct packet *p, const char *ifname,
		    struct match_result *res, int max, int *nres);

/* PORT_MASQ_BEGIN .. PORT_MASQ_END of net/ip_masq.h */
#define IPC_MASQ_PORT_BEGIN 61000
#define IPC_MASQ_PORT_END 65096
/* The masquerading entry for an outgoing packet, made when new. */
const struct ipc_masq *ipc_masq_out(struct ipchains *ic, const struct packet *p, uint32_t maddr);
/* The entry an arriving packet answers (proto, dst = maddr:mport, src =
 * the outside end), or NULL. */
const struct ipc_masq *ipc_masq_in(const struct ipchains *ic, const struct packet *p);

#endif
