/* pool.c — see pool.h. */
#include "harness/run/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/run/case_runner.h"
#include "harness/run/clock.h"

struct worker {
	pid_t pid;
	int fd;                      /* read end of the result pipe */
	size_t case_index;
	int64_t started_us;
	struct case_result *res;     /* filled as bytes arrive */
	size_t got;                  /* bytes of *res received */
};

enum { WORKER_NICE = -10 };

/* In the worker: run one case and write the result whole to `fd`. */
static void worker_main(const struct pool_case *pc, const struct run_options *opt, int fd)
{
	struct case_result *res = calloc(1, sizeof *res);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The worker times what it observes: ahead of the machine's other
	 * work, a busy CPU delays its reading less (docs/timing.md).  Only
	 * root may raise it; elsewhere it stays as it is. */
	(void)setpriority(PRIO_PROCESS, 0, WORKER_NICE);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (!res)
		_exit(3);
	snprintf(res->path, sizeof res->path, "%s", pc->path);
	if (pc->pcap_path)
		snprintf(res->pcap_path, sizeof res->pcap_path, "%s", pc->pcap_path);
	trace_init(&res->trace);
	case_run(pc->script, opt, res);
	const uint8_t *p = (const uint8_t *)res;
	size_t left = sizeof *res;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		p += n;
		left -= (size_t)n;
	}
	_exit(0);
}

static int spawn(struct worker *w, const struct pool_case *pc, size_t index,
		 const struct run_options *opt)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		worker_main(pc, opt, fds[1]);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	memset(w, 0, sizeof *w);
	w->pid = pid;
	w->fd = fds[0];
	w->case_index = index;
	w->started_us = clock_now_us();
	w->res = calloc(1, sizeof *w->res);
	return w->res ? 0 : -1;
}

/* The worker ended (EOF on its pipe) or was killed: reap it and make sure
 * its case has a result. */
static void reap(struct worker *w, const struct pool_case *pc, const char *killed_why)
{
	int status = 0;

	close(w->fd);
	w->fd = -1;
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (w->got == sizeof *w->res && !killed_why)
		return;
	struct case_result *res = w->res;
	memset(res, 0, sizeof *res);
	snprintf(res->path, sizeof res->path, "%s", pc->path);
	if (pc->pcap_path)
		snprintf(res->pcap_path, sizeof res->pcap_path, "%s", pc->pcap_path);
	res->verdict = VERDICT_HARNESS_FAULT;
	res->duration_us = clock_now_us() - w->started_us;
	if (killed_why)
		snprintf(res->message, sizeof res->message, "%s", killed_why);
	else if (WIFSIGNALED(status))
		snprintf(res->message, sizeof res->message,
			 "the worker running this case died of signal %d (%s); see its pcap",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(res->message, sizeof res->message,
			 "the worker running this case exited with status %d without a result",
			 WEXITSTATUS(status));
}

static void drain(struct worker *w)
{
	for (;;) {
		ssize_t n = read(w->fd, (uint8_t *)w->res + w->got, sizeof *w->res - w->got);
		if (n > 0) {
			w->got += (size_t)n;
			if (w->got == sizeof *w->res)
				return;
			continue;
		}
		return;
	}
}

static void kill_all(struct worker *ws, size_t nw)
{
	for (size_t i = 0; i < nw; i++) {
		if (ws[i].fd < 0)
			continue;
		kill(ws[i].pid, SIGKILL);
		close(ws[i].fd);
		ws[i].fd = -1;
		while (waitpid(ws[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

size_t pool_run(const struct pool_case *cases, size_t n, const struct run_options *opt,
		const struct pool_callbacks *cb, volatile sig_atomic_t *stop)
{
	size_t jobs = opt->jobs > 0 ? (size_t)opt->jobs : 1;
	struct worker *ws = calloc(jobs, sizeof *ws);
	struct pollfd *pfds = calloc(jobs, sizeof *pfds);
	struct pool_progress prog = { .total = n };
	size_t next = 0;

	if (!ws || !pfds) {
		free(ws);
		free(pfds);
		return 0;
	}
	for (size_t i = 0; i < jobs; i++)
		ws[i].fd = -1;

	while (prog.done < n && !*stop) {
		/* Fill free slots. */
		for (size_t i = 0; i < jobs && next < n; i++) {
			if (ws[i].fd >= 0)
				continue;
			if (spawn(&ws[i], &cases[next], next, opt) < 0) {
				struct case_result res = { .verdict = VERDICT_HARNESS_FAULT };
				snprintf(res.path, sizeof res.path, "%s", cases[next].path);
				snprintf(res.message, sizeof res.message, "cannot start a worker: %s",
					 strerror(errno));
				prog.done++;
				cb->on_result(&res, &prog, cb->ctx);
			} else {
				prog.running++;
			}
			next++;
		}
		cb->on_progress(&prog, cb->ctx);

		size_t np = 0;
		for (size_t i = 0; i < jobs; i++) {
			if (ws[i].fd < 0)
				continue;
			pfds[np] = (struct pollfd){ .fd = ws[i].fd, .events = POLLIN };
			np++;
		}
		if (np == 0)
			continue;
		int rc = poll(pfds, np, 200);
		if (rc < 0 && errno != EINTR)
			break;

		/* Interrupted: the workers got the signal too; their deaths are
		 * not results. */
		if (*stop)
			break;
		int64_t now = clock_now_us();
		for (size_t i = 0; i < jobs; i++) {
			struct worker *w = &ws[i];
			if (w->fd < 0)
				continue;
			const char *killed = NULL;
			char why[160];
			short revents = 0;
			for (size_t k = 0; k < np; k++)
				if (pfds[k].fd == w->fd)
					revents = pfds[k].revents;
			if (revents & POLLIN)
				drain(w);
			bool ended = (revents & (POLLHUP | POLLERR)) && !(revents & POLLIN);
			if (!ended && now - w->started_us > opt->case_timeout_us) {
				kill(w->pid, SIGKILL);
				snprintf(why, sizeof why,
					 "the case did not finish within %.0f s (the stack or a blocked call hangs); killed",
					 (double)opt->case_timeout_us / 1e6);
				killed = why;
				ended = true;
			}
			if (!ended)
				continue;
			reap(w, &cases[w->case_index], killed);
			prog.running--;
			prog.done++;
			cb->on_result(w->res, &prog, cb->ctx);
			free(w->res);
			w->res = NULL;
		}
	}
	kill_all(ws, jobs);
	for (size_t i = 0; i < jobs; i++)
		free(ws[i].res);
	free(ws);
	free(pfds);
	return prog.done;
}
