/* shell_compat.h — packetdrill's conventions for a case's shell lines,
 * applied to the command text before /bin/sh runs it:
 *
 *   - A line whose command is a "*.sh" path that is not executable (a
 *     read-only checkout) runs through /bin/sh, as packetdrill's users do
 *     by hand.
 *   - A "*.sh" file that holds only a relative path is a symbolic link
 *     stored as a file (git without symlink support writes the target as
 *     the content): it is followed, relative to its own folder.
 *   - packetdrill runs each script in a fresh namespace, with the kernel's
 *     defaults (and the host's default congestion control), which its
 *     common/defaults.sh then adjusts.  A line running a
 *     ".../common/defaults.sh" first sets the namespace's net.ipv4.tcp_*
 *     and icmp_* sysctls to a fresh namespace's ("unshare -n sysctl -a"),
 *     over the values tcpcert pinned for its own cases.
 *   - packetdrill's helper common/set_sysctls.py ("PATH=VALUE ..." written
 *     to /proc/sys, with a restore script /tmp/sysctl_restore_$PPID.sh for
 *     the cleanup line) is emulated by a shell function, whether or not
 *     the script's tree ships it: the real one wants "#!/usr/bin/python"
 *     (Python 2's name, absent where only python3 is installed) and
 *     packetdrill's PACKETDRILL_PID.  The namespace's sysctls vanish with
 *     it, so the restore script only removes itself.
 *
 * Anything else is left as written. */
#ifndef TCPCERT_RUN_SHELL_COMPAT_H
#define TCPCERT_RUN_SHELL_COMPAT_H

/* The command to give to "sh -c", run from `workdir`; heap-allocated
 * (free()), NULL when out of memory. */
char *shell_compat_rewrite(const char *command, const char *workdir);

#endif
