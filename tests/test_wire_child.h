/* test_wire_child.h — run a check in a forked child that attaches the
 * Linux adapter, so the test process itself never leaves the host's
 * network namespace.  The child reports through its exit status and a
 * message on a pipe; the parent turns a failure into a CUnit failure that
 * carries the child's message. */
#ifndef TCPCERT_TESTS_TEST_WIRE_CHILD_H
#define TCPCERT_TESTS_TEST_WIRE_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "stack-under-test/sut.h"

/* A check run in the attached child: 0 on success, -1 with a message. */
typedef int (*wire_child_fn)(struct sut *sut, void *arg, char *msg, size_t cap);

/* Fork, attach sut_linux_ops with sut_config_default() in the child, run
 * fn, detach.  Records a CUnit failure (with the child's message) and
 * returns false when anything failed.  *pid_out (may be NULL) gets the
 * child's pid. */
bool wire_in_child(wire_child_fn fn, void *arg, const char *what, int line, pid_t *pid_out);
#define WIRE_CHILD(fn, arg) wire_in_child((fn), (arg), #fn, __LINE__, NULL)

/* Inside a wire_child_fn: fail with a formatted message. */
#define REQUIRE(cond, ...)                                   \
	do {                                                 \
		if (!(cond)) {                               \
			snprintf(msg, cap, __VA_ARGS__);     \
			return -1;                           \
		}                                            \
	} while (0)

/* Run a sut call in the child; REQUIREs it to be carried out. */
#define SUT_CALL(sut, callp, resp)                                                      \
	do {                                                                            \
		struct sut_error call_err_;                                             \
		REQUIRE((sut)->ops->call((sut), (callp), (resp), &call_err_) == 0,      \
			"call failed: %s", call_err_.message);                         \
	} while (0)

#endif
