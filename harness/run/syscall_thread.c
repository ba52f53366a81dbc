/* syscall_thread.c — see syscall_thread.h. */
#include "harness/run/syscall_thread.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness/run/clock.h"

enum { STOP_TRIES = 100, STOP_RETRY_US = 10000 };   /* up to 1 s to interrupt a blocked call */

static void *thread_main(void *arg)
{
	struct syscall_thread *t = arg;

	pthread_mutex_lock(&t->mu);
	t->tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_broadcast(&t->cv);
	for (;;) {
		while (!t->quit && !(t->has_job && !t->started))
			pthread_cond_wait(&t->cv, &t->mu);
		if (t->quit)
			break;
		struct sut_call call = t->call;
		t->started = true;
		pthread_mutex_unlock(&t->mu);

		struct sut_result res;
		struct sut_error err = { .message = "" };
		memset(&res, 0, sizeof res);
		int rc = t->sut->ops->call(t->sut, &call, &res, &err);

		pthread_mutex_lock(&t->mu);
		t->res = res;
		t->err = err;
		t->rc = rc;
		t->done = true;
		t->done_us = clock_now_us();
		pthread_cond_broadcast(&t->cv);
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

int syscall_thread_start(struct syscall_thread *t, struct sut *sut)
{
	memset(t, 0, sizeof *t);
	t->sut = sut;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->thread, NULL, thread_main, t) != 0)
		return -1;
	pthread_mutex_lock(&t->mu);
	while (t->tid == 0)
		pthread_cond_wait(&t->cv, &t->mu);
	t->running = true;
	pthread_mutex_unlock(&t->mu);
	return 0;
}

void syscall_thread_submit(struct syscall_thread *t, const struct sut_call *call,
			   size_t event_index)
{
	pthread_mutex_lock(&t->mu);
	t->call = *call;
	t->event_index = event_index;
	t->has_job = true;
	t->started = false;
	t->done = false;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

/* The thread's scheduler state from /proc: 'R' running, 'S' asleep, ... */
static char thread_state(pid_t tid)
{
	char path[64], buf[512];

	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *close_paren = strrchr(buf, ')');
	return close_paren && close_paren[1] == ' ' ? close_paren[2] : '?';
}

enum call_state syscall_thread_settle(struct syscall_thread *t, int64_t max_wait_us)
{
	int64_t deadline = clock_now_us() + max_wait_us;
	int asleep = 0;

	for (;;) {
		pthread_mutex_lock(&t->mu);
		bool has_job = t->has_job, started = t->started, done = t->done;
		pthread_mutex_unlock(&t->mu);
		if (!has_job)
			return CALL_IDLE;
		if (done)
			return CALL_DONE;
		/* Asleep in the call twice in a row, 100 us apart: it blocks. */
		if (started && thread_state(t->tid) == 'S') {
			if (++asleep >= 2)
				return CALL_BLOCKED;
		} else {
			asleep = 0;
		}
		if (clock_now_us() >= deadline)
			return CALL_RUNNING;
		usleep(100);
	}
}

bool syscall_thread_done(struct syscall_thread *t)
{
	pthread_mutex_lock(&t->mu);
	bool done = t->has_job && t->done;
	pthread_mutex_unlock(&t->mu);
	return done;
}

void syscall_thread_collect(struct syscall_thread *t)
{
	pthread_mutex_lock(&t->mu);
	t->has_job = false;
	t->started = false;
	t->done = false;
	pthread_mutex_unlock(&t->mu);
}

static void on_wake(int sig)
{
	(void)sig;
}

/* A call still blocked in the kernel is interrupted by a signal (EINTR:
 * its handler does not restart calls), not cancelled: a thread unwound
 * by pthread_cancel trips AddressSanitizer's own thread teardown. */
static bool interrupt_blocked(struct syscall_thread *t)
{
	struct sigaction sa = { .sa_handler = on_wake };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < STOP_TRIES; i++) {
		pthread_mutex_lock(&t->mu);
		bool done = t->done;
		pthread_mutex_unlock(&t->mu);
		if (done)
			return true;
		pthread_kill(t->thread, SIGUSR1);
		usleep(STOP_RETRY_US);
	}
	return false;
}

void syscall_thread_stop(struct syscall_thread *t)
{
	if (!t->running)
		return;
	pthread_mutex_lock(&t->mu);
	bool blocked = t->has_job && t->started && !t->done;
	t->quit = true;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
	if (blocked && !interrupt_blocked(t)) {
		/* Still in the kernel: the worker process exits after the case. */
		pthread_detach(t->thread);
		t->running = false;
		return;
	}
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	t->running = false;
}
