/* sysctl_pin.h — pin the namespace's sysctls that change TCP timers,
 * segment timing or content, or that put other traffic on the wire, and
 * read every one back.
 *
 * Only per-namespace sysctls are listed (a fresh namespace shows only
 * those under /proc/sys/net), and netns_check_private() runs before any
 * write, so the host's settings cannot change.  A knob the kernel does not
 * have is recorded with the value "absent"; a write the kernel refuses, or
 * a value that reads back differently, is an error naming the sysctl.
 */
#ifndef TCPCERT_WIRE_SYSCTL_PIN_H
#define TCPCERT_WIRE_SYSCTL_PIN_H

#include <stddef.h>

#include "harness/wire/netns.h"

/* Called once per pinned sysctl with its dotted name and the value read
 * back (whitespace runs as one space), or "absent".  Returns 0, or -1 to
 * stop (e.g. no room). */
typedef int (*sysctl_record_fn)(void *ctx, const char *name, const char *value);

/* Namespace-wide knobs, including net.ipv6.conf.{all,default}: call before
 * creating devices, so new devices inherit the defaults. */
int sysctl_pin_netns(const struct netns_private *ns, sysctl_record_fn record, void *ctx, char *err,
		     size_t errcap);

/* The net.ipv6.conf.<device>.* knobs: call after creating the device and
 * before bringing it up. */
int sysctl_pin_device(const struct netns_private *ns, const char *device, sysctl_record_fn record,
		      void *ctx, char *err, size_t errcap);

/* Read a sysctl by dotted name ("net.ipv4.tcp_sack") into out, whitespace
 * runs as one space, no trailing newline.  0; 1 when it does not exist;
 * -1 with a message.  Reading is harmless anywhere (tests use it on the host). */
int sysctl_read(const char *name, char *out, size_t cap, char *err, size_t errcap);

#endif
