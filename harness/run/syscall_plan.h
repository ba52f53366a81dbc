/* syscall_plan.h — turn a script's system call line into a struct
 * sut_call (argument by argument) and judge the stack's result against the
 * line's "= RESULT [ERRNO]".  Script file descriptors are mapped to the
 * stack's through struct fd_map, bound when socket() or accept() returns.
 *
 * Supported calls: socket, bind, listen, accept, connect, write, read,
 * close, shutdown, setsockopt, getsockopt, fcntl, and the send/receive
 * family send, sendto, sendmsg, recv, recvfrom, recvmsg, sendfile, splice
 * (syscall_msg.c), and ioctl, poll, epoll_create, epoll_ctl, epoll_wait,
 * open, pipe (syscall_ctl.c).
 * Any other name is bad input naming the call and its line. */
#ifndef TCPCERT_RUN_SYSCALL_PLAN_H
#define TCPCERT_RUN_SYSCALL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/script/script.h"
#include "stack-under-test/sut.h"

enum { FD_MAP_MAX = 1024 };

struct fd_map {
	int live[FD_MAP_MAX];        /* -1: not bound */
};

void fd_map_init(struct fd_map *m);

struct plan_error {
	struct script_loc loc;
	char message[256];
};

/* Build the call.  With fds == NULL only the arguments' form is checked
 * (used to reject a bad case before anything runs).  Returns 0 or -1. */
int syscall_plan(const struct script_syscall *sc, struct script_loc line,
		 const struct sut_config *cfg, const struct fd_map *fds, struct sut_call *out,
		 struct plan_error *err);

/* Compare the result with the script; bind a new descriptor on success of
 * socket()/accept().  Returns true when it matches; otherwise `why` says
 * how it differs. */
bool syscall_check_result(const struct script_syscall *sc, const struct sut_call *call,
			  const struct sut_result *res, struct fd_map *fds, char *why, size_t cap);

/* Where script time 0 is on the stack's CLOCK_REALTIME, and how far a
 * timestamp the stack reports (recvmsg's scm_timestamping) may be from the
 * script's. */
struct script_clock {
	int64_t start_realtime_ns;
	int64_t tolerance_ns;
};

/* The same, with timestamps judged against `clk` (NULL: a timestamp
 * cannot be checked and fails). */
bool syscall_check_result_at(const struct script_syscall *sc, const struct sut_call *call,
			     const struct sut_result *res, struct fd_map *fds,
			     const struct script_clock *clk, char *why, size_t cap);

#endif
