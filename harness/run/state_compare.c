/* state_compare.c — see state_compare.h. */
#include "harness/run/state_compare.h"

#include <stdio.h>

enum { COMPARE_QUERY_MAX = 16 };

static const struct sut_conn_info *find_tuple(const struct sut_conn_info *found, size_t n,
					      uint16_t remote_port)
{
	for (size_t i = 0; i < n; i++)
		if (found[i].remote_port == remote_port)
			return &found[i];
	return NULL;
}

/* TIME-WAIT lasts 2*MSL from its start: the stack's remaining time must be
 * inside the model's window, give or take the tolerance. */
static int compare_time_wait(const struct model_check *mc, unsigned conn,
			     const struct sut_conn_info *ci, uint64_t now_us, uint64_t tol,
			     char *why, size_t cap)
{
	uint64_t lo, hi;

	if (!model_check_timer(mc, conn, MTIMER_TIME_WAIT, &lo, &hi) || ci->timer != SUT_TIMER_TIME_WAIT)
		return 1;
	uint64_t left_us = (uint64_t)ci->timer_expires_ms * 1000;
	uint64_t at = now_us + left_us;
	/* inet_diag reports whole milliseconds, rounded by jiffies. */
	uint64_t slack = tol + 10000;
	if (at + slack >= lo && at <= hi + slack)
		return 1;
	snprintf(why, cap,
		 "MUST-13 (RFC 9293 §3.6.1): @%u: TIME-WAIT ends in %.3f s, the model expects %.3f~%.3f s",
		 conn, (double)left_us / 1e6, (double)(lo - now_us) / 1e6, (double)(hi - now_us) / 1e6);
	return 0;
}

int state_compare(const struct model_check *mc, const struct conn_table *conns, struct sut *sut,
		  int family, uint64_t now_us, uint64_t tolerance_us, char *why, size_t cap)
{
	for (unsigned i = 0; i < CONN_MAX; i++) {
		const struct conn_binding *c = &conns->conn[i];
		struct sut_conn_info found[COMPARE_QUERY_MAX];
		struct sut_conn_query q = { .family = family };
		struct sut_error err = { .message = "" };
		size_t n = 0;

		if (!model_check_tracks(mc, i) || !c->local_port_known)
			continue;
		q.local_port = c->local_port;
		q.remote_port = c->remote_port;
		if (sut->ops->query(sut, &q, found, COMPARE_QUERY_MAX, &n, &err) < 0) {
			snprintf(why, cap, "cannot read the stack's sockets: %s", err.message);
			return -1;
		}
		if (n > COMPARE_QUERY_MAX)
			n = COMPARE_QUERY_MAX;
		const struct sut_conn_info *ci = find_tuple(found, n, c->remote_port);
		enum tcp_state seen = ci ? ci->state : TCP_STATE_CLOSED;
		enum tcp_state want = model_check_state(mc, i);
		if (seen != want) {
			snprintf(why, cap, "@%u: the stack is in %s, the model is in %s", i,
				 tcp_state_name(seen), tcp_state_name(want));
			return 0;
		}
		if (ci && compare_time_wait(mc, i, ci, now_us, tolerance_us, why, cap) == 0)
			return 0;
	}
	return 1;
}
