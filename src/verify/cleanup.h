/* cleanup.h - what must not outlive a kernel check: the network
 * namespaces it made and the command it is running.  Every exit path
 * removes them: a normal return, exit(), and SIGINT/SIGTERM/SIGHUP/SIGQUIT
 * (the handler does what `ip netns del` does with async-signal-safe
 * calls, then dies of the same signal). */
#ifndef NFWALK_CLEANUP_H
#define NFWALK_CLEANUP_H

#include <sys/types.h>

/* Install the handlers once; later calls do nothing. */
void cleanup_install(void);
/* Remember a namespace made with `ip netns add NAME`; -1 when full. */
int cleanup_add_netns(const char *name);
/* Remove it now (unmount and unlink /run/netns/NAME) and forget it. */
void cleanup_del_netns(const char *name);
/* Remove every remembered namespace. */
void cleanup_all(void);
/* Remove namespaces named PREFIX<pid>-... left by a run that was killed
 * outright (SIGKILL): its process no longer exists. */
void cleanup_stale(const char *prefix);
/* The child being waited for (0: none), killed by a signal's cleanup. */
void cleanup_set_child(pid_t pid);

#endif
