/* netns.c — see netns.h. */
#include "harness/wire/netns.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/wire/wire_error.h"

ino_t netns_current_ino(dev_t *dev, char *err, size_t errcap)
{
	struct stat st;
	if (stat("/proc/thread-self/ns/net", &st) != 0) {
		wire_errf(err, errcap, "cannot stat /proc/thread-self/ns/net: %s — is /proc mounted?",
			  strerror(errno));
		return 0;
	}
	if (dev)
		*dev = st.st_dev;
	return st.st_ino;
}

/* The "Threads:" line of /proc/self/status, or -1. */
static int thread_count(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	if (!f)
		return -1;
	char line[256];
	int n = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

int netns_enter_private(struct netns_private *ns, char *err, size_t errcap)
{
	memset(ns, 0, sizeof *ns);
	int threads = thread_count();
	if (threads != 1)
		return wire_errf(err, errcap,
				 "cannot enter a private network namespace: the process has %d threads — "
				 "attach before starting any thread (the worker must be single-threaded)",
				 threads);
	ns->host_ino = netns_current_ino(&ns->dev, err, errcap);
	if (ns->host_ino == 0)
		return -1;
	if (unshare(CLONE_NEWNET) != 0)
		return wire_errf(err, errcap, "unshare(CLONE_NEWNET): %s — run as root or with CAP_SYS_ADMIN",
				 strerror(errno));
	dev_t dev;
	ns->own_ino = netns_current_ino(&dev, err, errcap);
	if (ns->own_ino == 0)
		return -1;
	if (ns->own_ino == ns->host_ino || dev != ns->dev)
		return wire_errf(err, errcap, "unshare(CLONE_NEWNET) succeeded but the namespace did not change");
	return 0;
}

int netns_check_private(const struct netns_private *ns, char *err, size_t errcap)
{
	if (!ns || ns->own_ino == 0)
		return wire_errf(err, errcap, "refusing to configure the network: no private namespace entered "
				 "(call netns_enter_private first)");
	dev_t dev;
	ino_t cur = netns_current_ino(&dev, err, errcap);
	if (cur == 0)
		return -1;
	if (cur != ns->own_ino || cur == ns->host_ino || dev != ns->dev)
		return wire_errf(err, errcap, "refusing to configure the network: this thread is not in the "
				 "private namespace (netns inode %lu, expected %lu)",
				 (unsigned long)cur, (unsigned long)ns->own_ino);
	return 0;
}
