/* run_options.h — how `tcpcert run` runs cases: parsed by the CLI, read by
 * the pool and each case runner. */
#ifndef TCPCERT_RUN_RUN_OPTIONS_H
#define TCPCERT_RUN_RUN_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/model/profile.h"
#include "stack-under-test/sut.h"

struct run_options {
	const struct sut_ops *stack;    /* the adapter, e.g. &sut_linux_ops */
	int family;                     /* AF_INET or AF_INET6 */
	int jobs;                       /* cases in parallel */
	int64_t tolerance_us;           /* default timing tolerance; a case's --tolerance_usecs overrides */
	int64_t case_timeout_us;        /* a case still running after this is killed */
	const char *pcap_dir;           /* NULL: no pcaps */
	bool verbose;                   /* print the trace of passing cases too */
	const struct model_profile *profile; /* how the model reads the RFC */
	bool model;                     /* check every run against the model (a case's --model=off wins) */
	bool explain;                   /* put the model's predictions in the trace */
};

#endif
