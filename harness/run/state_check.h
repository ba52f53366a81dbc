/* state_check.h — tcpcert's "expect" lines: compare what the stack reports
 * about its sockets (state, timer, remaining time, retransmissions; for
 * Linux read through inet_diag) with what the case requires. */
#ifndef TCPCERT_RUN_STATE_CHECK_H
#define TCPCERT_RUN_STATE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/run/conn_table.h"
#include "harness/script/script.h"
#include "stack-under-test/sut.h"

/* Returns 1 when the stack matches, 0 when it does not (why says how),
 * -1 when the stack could not be asked (a harness fault; why says why).
 * `seen` gets a one-line description of what the stack reported. */
int state_check(const struct script_expect *x, const struct conn_table *conns, struct sut *sut,
		int family, char *why, size_t cap, char *seen, size_t seen_cap);

#endif
