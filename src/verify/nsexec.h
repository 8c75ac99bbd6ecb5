/* nsexec.h - doing things inside a named network namespace: entering it
 * for a moment to open a socket (a socket stays in the namespace it was
 * made in), and running a command there with its output captured. */
#ifndef NFWALK_NSEXEC_H
#define NFWALK_NSEXEC_H

#include <stdbool.h>

#include "lib/util.h"

/* An open handle on /run/netns/NAME (fd < 0: none). */
struct netns {
	char name[64];
	int fd;
};

/* Open the namespace `ip netns add NAME` made.  -1 with err set. */
int netns_open(struct netns *ns, const char *name, struct nf_error *err);
void netns_close(struct netns *ns);

/* Switch this thread into ns, and back to the namespace the program
 * started in.  Both return -1 (errno set) on failure. */
int netns_enter(const struct netns *ns);
int netns_leave(void);

/* socket(2) made inside ns: -1 with errno set. */
int netns_socket(const struct netns *ns, int domain, int type, int protocol);

/* Write text to a /proc/sys file of ns ("net/ipv4/ip_forward").  A file
 * that does not exist (module not loaded) is not an error when optional. */
int netns_sysctl(const struct netns *ns, const char *key, const char *value, bool optional,
		 struct nf_error *err);

struct cmd_result {
	int status; /* exit status; 126/127 when it could not be run */
	struct strbuf out, err;
};

void cmd_result_free(struct cmd_result *r);

/* Run argv (argv[0] looked up in PATH) inside ns (NULL: where we are),
 * feeding it input (NULL: /dev/null).  Returns 0 when it ran and exited
 * 0; else -1 with err naming the command and its complaint. */
int ns_run(const struct netns *ns, const char *const argv[], const char *input,
	   struct cmd_result *r, struct nf_error *err);

/* Like ns_run with the words of line (split at blanks, double quotes
 * grouping) after prefix words; e.g. ("tc", "qdisc add dev eth0 ..."). */
int ns_run_line(const struct netns *ns, const char *const prefix[], const char *line,
		struct cmd_result *r, struct nf_error *err);

/* Is program found in PATH (or /usr/sbin, /sbin, where root's tools
 * live even when PATH forgets them)? */
bool program_available(const char *program);

#endif
