/* syscall_plan_internal.h — the argument helpers of syscall_plan.c,
 * shared with the planners of other call families (syscall_msg.c).
 * Each returns -1 after filling *err. */
#ifndef TCPCERT_RUN_SYSCALL_PLAN_INTERNAL_H
#define TCPCERT_RUN_SYSCALL_PLAN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/run/syscall_plan.h"

/* err = fmt with one %s (what); returns -1. */
int plan_fail(struct plan_error *err, struct script_loc loc, const char *fmt, const char *what);
const char *plan_expr_kind_text(enum expr_kind k);
/* An integer argument: a number, a known symbol, A|B, or [N]. */
int plan_eval_int(const struct expr *e, int64_t *out, struct plan_error *err);
/* The case's address of the stack (local) or of the harness, port 8080. */
void plan_default_address(const struct sut_config *cfg, bool local, struct sut_call *c);
/* A script descriptor, mapped to the stack's (fds NULL: checked only). */
int plan_fd(const struct expr *e, const struct fd_map *fds, int *out, struct plan_error *err);
int plan_want_args(const struct script_syscall *sc, struct script_loc line, size_t lo, size_t hi,
		   struct plan_error *err);

/* syscall_msg.c: send, sendto, sendmsg, recv, recvfrom, recvmsg as
 * SUT_CALL_WRITE/READ with their sut_io.  Returns 1 when `sc` is one of
 * them (planned into c, or -1 on error), 0 when it is another call. */
int plan_msg_call(const struct script_syscall *sc, struct script_loc line,
		  const struct sut_config *cfg, const struct fd_map *fds, struct sut_call *c,
		  struct plan_error *err);

/* recvmsg's expected msg_flags against the returned ones. */
bool check_msg_result(const struct script_syscall *sc, const struct sut_result *res,
		      const struct script_clock *clk, char *why, size_t cap);

/* syscall_cmsg.c: recvmsg's msg_control=[...] (checked at plan time) and
 * the stack's ancillary data against it. */
int plan_cmsg_list(const struct expr *list, struct plan_error *err);
bool check_cmsg_list(const struct expr *list, const struct sut_result *res,
		     const struct script_clock *clk, char *why, size_t cap);

/* syscall_ctl.c: ioctl and poll as SUT_CALL_FCNTL with their sut_ctl;
 * the same return convention as plan_msg_call(). */
int plan_ctl_call(const struct script_syscall *sc, struct script_loc line,
		  const struct fd_map *fds, struct sut_call *c, struct plan_error *err);

/* ioctl's [N] and poll's revents against the stack's. */
bool check_ctl_result(const struct script_syscall *sc, const struct sut_call *call,
		      const struct sut_result *res, char *why, size_t cap);

#endif
