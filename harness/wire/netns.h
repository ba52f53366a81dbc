/* netns.h — enter a private, anonymous network namespace.
 *
 * netns_enter_private() calls unshare(CLONE_NEWNET) in the calling process,
 * which must be single-threaded (a namespace belongs to a thread; threads
 * started afterwards inherit it).  The namespace has no name and no bind
 * mount: it dies with the last process in it, on every exit path including
 * SIGKILL, so there is nothing to clean up.
 *
 * Everything that writes network configuration (sysctl_pin, rtnl) first
 * calls netns_check_private(), so host settings cannot be touched by
 * construction: without a successful netns_enter_private() in this thread
 * they refuse to run.
 */
#ifndef TCPCERT_WIRE_NETNS_H
#define TCPCERT_WIRE_NETNS_H

#include <stddef.h>
#include <sys/types.h>

struct netns_private {
	dev_t dev;
	ino_t host_ino;   /* the namespace we left */
	ino_t own_ino;    /* the private one we are in */
};

/* Returns 0, or -1 with a message (not root, not single-threaded, ...). */
int netns_enter_private(struct netns_private *ns, char *err, size_t errcap);

/* 0 when the calling thread is in ns->own_ino and that is not the host's
 * namespace; -1 with a message otherwise. */
int netns_check_private(const struct netns_private *ns, char *err, size_t errcap);

/* The inode of the calling thread's network namespace, or 0 with a message. */
ino_t netns_current_ino(dev_t *dev, char *err, size_t errcap);

#endif
