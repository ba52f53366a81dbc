/* syscall_thread.h — runs the case's socket calls on a thread of their
 * own, so that a call that blocks (accept, connect, read) does not stop the
 * runner from sending the packets that will unblock it (packetdrill's
 * syscall thread).  The runner submits a call, then waits until it returns
 * or until the thread is seen asleep in the kernel; a blocked call is
 * checked when it returns. */
#ifndef TCPCERT_RUN_SYSCALL_THREAD_H
#define TCPCERT_RUN_SYSCALL_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stack-under-test/sut.h"

struct syscall_thread {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct sut *sut;
	pid_t tid;
	bool running;            /* the thread exists */
	bool has_job;            /* a call is submitted and not yet collected */
	bool started, done, quit;
	size_t event_index;      /* which script event the call belongs to */
	int64_t done_us;         /* when it returned */
	struct sut_call call;
	struct sut_result res;
	int rc;                  /* sut call() return: -1 is a harness fault */
	struct sut_error err;
};

int syscall_thread_start(struct syscall_thread *t, struct sut *sut);

/* Submit a call; the thread must be idle (no job). */
void syscall_thread_submit(struct syscall_thread *t, const struct sut_call *call,
			   size_t event_index);

enum call_state { CALL_IDLE, CALL_RUNNING, CALL_BLOCKED, CALL_DONE };

/* Wait up to max_wait_us for the call to return or block. */
enum call_state syscall_thread_settle(struct syscall_thread *t, int64_t max_wait_us);

/* Without waiting: is the submitted call done? */
bool syscall_thread_done(struct syscall_thread *t);

/* Take the finished call's outcome and make the thread idle again. */
void syscall_thread_collect(struct syscall_thread *t);

/* Stop the thread, interrupting a call still blocked in the kernel. */
void syscall_thread_stop(struct syscall_thread *t);

#endif
