/* cleanup.c - removing the kernel check's namespaces on every exit path.
 *
 * `ip netns add` bind-mounts the namespace on /run/netns/NAME; `ip netns
 * del` is umount2(MNT_DETACH) plus unlink.  Both are system calls, so a
 * signal handler can do the same without calling anything unsafe.  The
 * namespace itself dies with the last reference to it: our own sockets
 * and fds go when the process does. */
#define _GNU_SOURCE
#include "cleanup.h"
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLEANUP_MAX_NETNS 64
#define NETNS_DIR "/run/netns/"

/* Paths kept ready, so the handler only makes system calls. */
static char netns_paths[CLEANUP_MAX_NETNS][96];
static volatile sig_atomic_t netns_used[CLEANUP_MAX_NETNS];
static volatile pid_t running_child;
static bool installed;

static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void remove_path(const char *path)
{
	umount2(path, MNT_DETACH);
	unlink(path);
}

static void remove_all_netns(void)
{
	for (int i = 0; i < CLEANUP_MAX_NETNS; i++) {
		if (netns_used[i]) {
			netns_used[i] = 0;
			remove_path(netns_paths[i]);
		}
	}
}

static void on_fatal_signal(int sig)
{
	pid_t child = running_child;
	if (child > 0) {
		/* Reaped before the paths go: `ip netns add` must not create
		 * one after we removed it. */
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	remove_all_netns();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	remove_all_netns();
}

void cleanup_install(void)
{
	if (installed)
		return;
	installed = true;
	atexit(at_exit);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
		struct sigaction old;
		/* Someone who chose to ignore the signal keeps ignoring it. */
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

int cleanup_add_netns(const char *name)
{
	size_t len = strlen(NETNS_DIR) + strlen(name);
	if (len >= sizeof(netns_paths[0]))
		return -1;
	for (int i = 0; i < CLEANUP_MAX_NETNS; i++) {
		if (netns_used[i])
			continue;
		strcpy(netns_paths[i], NETNS_DIR);
		strcat(netns_paths[i], name);
		/* The path is complete before a handler can see the slot used. */
		atomic_signal_fence(memory_order_seq_cst);
		netns_used[i] = 1;
		return 0;
	}
	return -1;
}

void cleanup_del_netns(const char *name)
{
	for (int i = 0; i < CLEANUP_MAX_NETNS; i++) {
		if (netns_used[i] && strcmp(netns_paths[i] + strlen(NETNS_DIR), name) == 0) {
			netns_used[i] = 0;
			remove_path(netns_paths[i]);
		}
	}
}

void cleanup_all(void)
{
	remove_all_netns();
}

/* Remove the stale namespaces of prefix, naming each on out (if set);
 * the number removed, or -1 with errno from the first that could not be
 * (its name in failed). */
static int remove_stale(const char *prefix, FILE *out, char *failed, size_t n)
{
	DIR *d = opendir(NETNS_DIR);
	int removed = 0;
	if (!d)
		return 0;
	size_t plen = strlen(prefix);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		long pid = 0;
		if (strncmp(de->d_name, prefix, plen) != 0 ||
		    sscanf(de->d_name + plen, "%ld-", &pid) != 1 || pid <= 0)
			continue;
		/* Only a run that is gone: a live one (or a reused pid) keeps it. */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char path[sizeof(netns_paths[0]) + 256];
		snprintf(path, sizeof(path), "%s%s", NETNS_DIR, de->d_name);
		if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
			int e = errno;
			snprintf(failed, n, "%s", de->d_name);
			closedir(d);
			errno = e;
			return -1;
		}
		if (unlink(path) == 0) {
			removed++;
			if (out)
				fprintf(out, "removed network namespace %s\n", de->d_name);
		}
	}
	closedir(d);
	return removed;
}

void cleanup_stale(const char *prefix)
{
	char failed[256];
	remove_stale(prefix, NULL, failed, sizeof(failed));
}

int verify_cleanup(FILE *out, struct nf_error *err)
{
	char failed[256] = "";
	int n = remove_stale("nfwv-", out, failed, sizeof(failed)); /* topo.c's TOPO_PREFIX */
	if (n < 0) {
		nf_err(err, -1, "cannot remove network namespace %s: %s%s", failed, strerror(errno),
		       errno == EPERM ? " (run as root)" : "");
		return 2;
	}
	fprintf(out, "%d stale network namespace%s removed\n", n, n == 1 ? "" : "s");
	return 0;
}

void cleanup_set_child(pid_t pid)
{
	running_child = pid;
}
