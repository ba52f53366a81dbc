/* pool.h — run cases in parallel, one worker process per case.
 *
 * Each worker is forked from the runner, so it inherits the parsed case,
 * attaches the stack (for Linux: a private network namespace that belongs
 * to that process alone) and sends its struct case_result back through a
 * pipe.  A namespace therefore dies with its worker on every exit path,
 * SIGKILL included; workers die with the runner (PR_SET_PDEATHSIG).
 * A worker that crashes, or runs past the case timeout, becomes a harness
 * fault for its case; the other cases go on.  When *stop becomes non-zero
 * (SIGINT, SIGTERM) the running workers are killed and pool_run returns;
 * every result reported before that has already reached the callback. */
#ifndef TCPCERT_RUN_POOL_H
#define TCPCERT_RUN_POOL_H

#include <signal.h>
#include <stddef.h>

#include "harness/run/case_result.h"
#include "harness/run/run_options.h"
#include "harness/script/script.h"

struct pool_case {
	const char *path;
	const struct script *script;
	const char *pcap_path;        /* NULL: no pcap */
};

struct pool_progress {
	size_t total, done, running;
};

struct pool_callbacks {
	/* A case finished (called in the runner process, in completion order). */
	void (*on_result)(const struct case_result *res, const struct pool_progress *p, void *ctx);
	/* Something changed: update a progress line. */
	void (*on_progress)(const struct pool_progress *p, void *ctx);
	void *ctx;
};

/* Returns the number of cases that finished (== n unless stopped). */
size_t pool_run(const struct pool_case *cases, size_t n, const struct run_options *opt,
		const struct pool_callbacks *cb, volatile sig_atomic_t *stop);

#endif
