/* state_compare.h — after each event, the state the stack reports for
 * every connection the model follows (for Linux: inet_diag) must be the
 * state the model is in, and its TIME-WAIT timer must expire when the
 * model's does (RFC 9293 §3.6.1, MUST-13). */
#ifndef TCPCERT_RUN_STATE_COMPARE_H
#define TCPCERT_RUN_STATE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/run/conn_table.h"
#include "harness/run/model_check.h"
#include "stack-under-test/sut.h"

/* Returns 1 when everything agrees, 0 on a difference (why says which,
 * with its rule), -1 when the stack could not be asked. */
int state_compare(const struct model_check *mc, const struct conn_table *conns, struct sut *sut,
		  int family, uint64_t now_us, uint64_t tolerance_us, char *why, size_t cap);

#endif
