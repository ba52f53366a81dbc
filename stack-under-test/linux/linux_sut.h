/* linux_sut.h — the pieces of the Linux adapter (linux_adapter.c holds the
 * ops table): socket calls and the sock_diag state query.  Both are
 * stateless and safe to call from any thread of the worker process. */
#ifndef TCPCERT_SUT_LINUX_SUT_H
#define TCPCERT_SUT_LINUX_SUT_H

#include <stddef.h>

#include "stack-under-test/sut.h"

/* Carry out one socket call in the calling process (linux_calls.c). */
int linux_call(const struct sut_call *call, struct sut_result *res, struct sut_error *err);

/* SOCK_DIAG_BY_FAMILY dump of TCP sockets matching q (inet_diag.c). */
int linux_inet_diag_query(const struct sut_conn_query *q, struct sut_conn_info *out, size_t cap,
			  size_t *n, struct sut_error *err);

#endif
