/* nsexec.c - entering namespaces and running commands inside them.
 *
 * A command runs in a child that joins the namespace with setns(2) and
 * then execs: no shell, no `ip netns exec` (whose private /sys mount none
 * of our tools need).  Output is read with poll(2) on both pipes so a
 * chatty command can never block on a full pipe. */
#define _GNU_SOURCE
#include "nsexec.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "lib/words.h"

#define NS_RUN_MAX_ARGS 96

/* Root's tools live in sbin even when PATH forgets it. */
static const char *const extra_dirs[] = {"/usr/local/sbin", "/usr/sbin", "/sbin"};

static int home_ns_fd = -1;

/* Signals whose handlers (cleanup.c) belong to the parent only; SIGPIPE
 * is ignored while we feed a child that may stop reading. */
static const int child_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};

static int home_ns(void)
{
	if (home_ns_fd < 0)
		home_ns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	return home_ns_fd;
}

int netns_open(struct netns *ns, const char *name, struct nf_error *err)
{
	char path[128];
	str_copy(ns->name, sizeof(ns->name), name);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	ns->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ns->fd < 0)
		return nf_err(err, -1, "cannot open network namespace %s: %s", path, strerror(errno));
	if (home_ns() < 0)
		return nf_err(err, -1, "cannot open /proc/self/ns/net: %s", strerror(errno));
	return 0;
}

void netns_close(struct netns *ns)
{
	if (ns->fd >= 0)
		close(ns->fd);
	ns->fd = -1;
}

int netns_enter(const struct netns *ns)
{
	if (home_ns() < 0)
		return -1;
	return setns(ns->fd, CLONE_NEWNET);
}

int netns_leave(void)
{
	if (home_ns() < 0)
		return -1;
	return setns(home_ns(), CLONE_NEWNET);
}

int netns_socket(const struct netns *ns, int domain, int type, int protocol)
{
	if (netns_enter(ns) != 0)
		return -1;
	int fd = socket(domain, type | SOCK_CLOEXEC, protocol);
	int saved = errno;
	if (netns_leave() != 0) {
		/* Staying in the wrong namespace would poison every later step. */
		perror("nfwalk: cannot return to the original network namespace");
		abort();
	}
	errno = saved;
	return fd;
}

int netns_sysctl(const struct netns *ns, const char *key, const char *value, bool optional,
		 struct nf_error *err)
{
	char path[160];
	snprintf(path, sizeof(path), "/proc/sys/%s", key);
	if (netns_enter(ns) != 0)
		return nf_err(err, -1, "cannot enter namespace %s: %s", ns->name, strerror(errno));
	/* /proc/sys/net shows the namespace of whoever opens it. */
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int saved = errno;
	if (netns_leave() != 0) {
		perror("nfwalk: cannot return to the original network namespace");
		abort();
	}
	if (fd < 0) {
		if (optional && saved == ENOENT)
			return 0;
		return nf_err(err, -1, "cannot open %s in %s: %s", path, ns->name, strerror(saved));
	}
	size_t len = strlen(value);
	ssize_t n = write(fd, value, len);
	saved = errno;
	close(fd);
	if (n != (ssize_t)len)
		return nf_err(err, -1, "cannot set %s to %s in %s: %s", key, value, ns->name,
			      strerror(saved));
	return 0;
}

void cmd_result_free(struct cmd_result *r)
{
	sb_free(&r->out);
	sb_free(&r->err);
}

static bool executable(const char *path)
{
	return access(path, X_OK) == 0;
}

/* The program's full path in buf, or false. */
static bool find_program(const char *program, char *buf, size_t n)
{
	if (strchr(program, '/')) {
		str_copy(buf, n, program);
		return executable(buf);
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		snprintf(buf, n, "%.*s/%s", (int)len, path, program);
		if (len && executable(buf))
			return true;
		path += len + (path[len] == ':');
	}
	for (size_t i = 0; i < sizeof(extra_dirs) / sizeof(extra_dirs[0]); i++) {
		snprintf(buf, n, "%s/%s", extra_dirs[i], program);
		if (executable(buf))
			return true;
	}
	return false;
}

bool program_available(const char *program)
{
	char buf[512];
	return find_program(program, buf, sizeof(buf));
}

/* The child: join the namespace, wire the pipes, exec. */
static void run_child(const struct netns *ns, const char *path, const char *const argv[],
		      int in_fd, int out_fd, int err_fd)
{
	/* The parent's handlers must not clean up from in here: they were
	 * blocked across fork(), and are reset before being let through. */
	for (size_t i = 0; i < sizeof(child_signals) / sizeof(child_signals[0]); i++)
		signal(child_signals[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (ns && setns(ns->fd, CLONE_NEWNET) != 0) {
		dprintf(err_fd, "setns %s: %s\n", ns->name, strerror(errno));
		_exit(126);
	}
	dup2(in_fd, STDIN_FILENO);
	dup2(out_fd, STDOUT_FILENO);
	dup2(err_fd, STDERR_FILENO);
	execv(path, (char *const *)argv);
	dprintf(STDERR_FILENO, "exec %s: %s\n", path, strerror(errno));
	_exit(127);
}

/* Feed input and collect both outputs until the child closes them. */
static void pump(int in_fd, const char *input, int out_fd, int err_fd, struct cmd_result *r)
{
	size_t in_left = input ? strlen(input) : 0;
	struct pollfd p[3] = {
		{.fd = out_fd, .events = POLLIN},
		{.fd = err_fd, .events = POLLIN},
		{.fd = in_left ? in_fd : -1, .events = POLLOUT},
	};
	if (!in_left)
		close(in_fd);
	struct strbuf *sinks[2] = {&r->out, &r->err};
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[2].fd >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(in_fd, input, in_left);
			if (n > 0) {
				input += n;
				in_left -= (size_t)n;
			}
			if (n <= 0 || !in_left) {
				close(in_fd);
				p[2].fd = -1;
			}
		}
		for (int k = 0; k < 2; k++) {
			if (p[k].fd < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[4096];
			ssize_t n = read(p[k].fd, buf, sizeof(buf));
			if (n > 0) {
				sb_addf(sinks[k], "%.*s", (int)n, buf);
			} else if (n == 0 || errno != EINTR) {
				close(p[k].fd);
				p[k].fd = -1;
			}
		}
	}
	if (p[2].fd >= 0)
		close(in_fd);
}

static void argv_text(const char *const argv[], char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; argv[i]; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", argv[i]);
	str_copy(buf, n, sb_str(&sb));
	sb_free(&sb);
}

/* The command's complaint: its last non-empty stderr line. */
static void last_line(const char *text, char *buf, size_t n)
{
	const char *end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	const char *start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(buf, n, "%.*s", (int)(end - start), start);
}

int ns_run(const struct netns *ns, const char *const argv[], const char *input,
	   struct cmd_result *r, struct nf_error *err)
{
	*r = (struct cmd_result){.status = -1};
	char cmd[256];
	argv_text(argv, cmd, sizeof(cmd));
	char path[512];
	if (!find_program(argv[0], path, sizeof(path)))
		return nf_err(err, -1, "`%s` not found: install it to check against the kernel",
			      argv[0]);
	int in[2], out[2], errp[2];
	if (pipe2(in, O_CLOEXEC) != 0)
		return nf_err(err, -1, "pipe: %s", strerror(errno));
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		return nf_err(err, -1, "pipe: %s", strerror(errno));
	}
	fflush(NULL);
	sigset_t fatal, old_mask;
	sigemptyset(&fatal);
	for (size_t i = 0; i < sizeof(child_signals) / sizeof(child_signals[0]); i++)
		sigaddset(&fatal, child_signals[i]);
	struct sigaction ignore = {.sa_handler = SIG_IGN}, old_pipe;
	sigaction(SIGPIPE, &ignore, &old_pipe);
	sigprocmask(SIG_BLOCK, &fatal, &old_mask);
	pid_t pid = fork();
	if (pid == 0)
		run_child(ns, path, argv, in[0], out[1], errp[1]);
	int fork_errno = errno;
	if (pid > 0)
		cleanup_set_child(pid);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	close(in[0]);
	close(out[1]);
	close(errp[1]);
	if (pid < 0) {
		close(in[1]);
		close(out[0]);
		close(errp[0]);
		sigaction(SIGPIPE, &old_pipe, NULL);
		return nf_err(err, -1, "fork: %s", strerror(fork_errno));
	}
	pump(in[1], input, out[0], errp[0], r);
	int wstatus = 0;
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	cleanup_set_child(0);
	sigaction(SIGPIPE, &old_pipe, NULL);
	r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	if (r->status == 0)
		return 0;
	char why[300];
	last_line(sb_str(&r->err), why, sizeof(why));
	return nf_err(err, -1, "`%s`%s%s failed (status %d)%s%s", cmd, ns ? " in " : "",
		      ns ? ns->name : "", r->status, why[0] ? ": " : "", why);
}

int ns_run_line(const struct netns *ns, const char *const prefix[], const char *line,
		struct cmd_result *r, struct nf_error *err)
{
	struct word_list w;
	*r = (struct cmd_result){.status = -1};
	if (word_split_line(&w, line, WORD_QUOTES) != WORD_OK)
		return nf_err(err, w.err_col, "unclosed quote in `%s`", line);
	const char *argv[NS_RUN_MAX_ARGS];
	size_t n = 0;
	for (size_t i = 0; prefix[i] && n < NS_RUN_MAX_ARGS - 1; i++)
		argv[n++] = prefix[i];
	for (size_t i = 0; i < w.n && n < NS_RUN_MAX_ARGS - 1; i++)
		argv[n++] = w.v[i].s;
	argv[n] = NULL;
	int rc = -1;
	if (n >= NS_RUN_MAX_ARGS - 1)
		nf_err(err, -1, "too many words in `%s`", line);
	else
		rc = ns_run(ns, argv, NULL, r, err);
	word_list_free(&w);
	return rc;
}
