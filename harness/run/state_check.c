/* state_check.c — see state_check.h. */
#include "harness/run/state_check.h"

#include <stdio.h>
#include <string.h>

enum { STATE_QUERY_MAX = 256 };

static void describe(const struct sut_conn_info *ci, char *out, size_t cap)
{
	if (!ci) {
		snprintf(out, cap, "no socket (CLOSED)");
		return;
	}
	snprintf(out, cap, "%s, timer %s, expires in %u ms, retransmits %u", tcp_state_name(ci->state),
		 sut_timer_name(ci->timer), ci->timer_expires_ms, ci->retransmits);
}

static int check_one(const struct script_expect *x, const struct sut_conn_info *ci, char *why,
		     size_t cap)
{
	enum tcp_state want, got = ci ? ci->state : TCP_STATE_CLOSED;
	enum sut_timer timer;

	/* The parser accepted only known names. */
	tcp_state_from_name(x->state, &want);
	if (want != got) {
		snprintf(why, cap, "state: expected %s, observed %s", tcp_state_name(want),
			 tcp_state_name(got));
		return 0;
	}
	if (!ci)
		return 1;
	if (x->timer) {
		if (!sut_timer_from_name(x->timer, &timer)) {
			snprintf(why, cap, "timer: '%s' is not a timer name (on, keepalive, time_wait, probe, off)",
				 x->timer);
			return 0;
		}
		if (timer != ci->timer) {
			snprintf(why, cap, "timer: expected %s, observed %s", sut_timer_name(timer),
				 sut_timer_name(ci->timer));
			return 0;
		}
	}
	if (x->has_expires) {
		int64_t ms = ci->timer_expires_ms;
		if (ms * 1000 < x->expires_min_usecs || ms * 1000 > x->expires_max_usecs) {
			snprintf(why, cap, "timer expires in %.3f s, expected %.3f~%.3f s", ms / 1e3,
				 x->expires_min_usecs / 1e6, x->expires_max_usecs / 1e6);
			return 0;
		}
	}
	if (x->has_retransmits && x->retransmits != ci->retransmits) {
		snprintf(why, cap, "retransmits: expected %u, observed %u", x->retransmits,
			 ci->retransmits);
		return 0;
	}
	return 1;
}

int state_check(const struct script_expect *x, const struct conn_table *conns, struct sut *sut,
		int family, char *why, size_t cap, char *seen, size_t seen_cap)
{
	struct sut_conn_info found[STATE_QUERY_MAX];
	struct sut_conn_query q = { .family = family };
	struct sut_error err = { .message = "" };
	size_t n = 0;

	why[0] = seen[0] = '\0';
	if (x->kind == EXPECT_STATE) {
		const struct conn_binding *c = &conns->conn[x->conn];
		if (!c->used || !c->local_port_known) {
			snprintf(why, cap, "connection @%u has no packets before this line: its ports are unknown",
				 x->conn);
			return 0;
		}
		q.local_port = c->local_port;
		/* A listener has no remote end: "expect state LISTEN" asks for
		 * the socket listening on the connection's local port. */
		enum tcp_state want;
		tcp_state_from_name(x->state, &want);
		q.remote_port = want == TCP_STATE_LISTEN ? 0 : c->remote_port;
	}
	if (sut->ops->query(sut, &q, found, STATE_QUERY_MAX, &n, &err) < 0) {
		snprintf(why, cap, "cannot read the stack's sockets: %s", err.message);
		return -1;
	}
	if (n > STATE_QUERY_MAX)
		n = STATE_QUERY_MAX;

	if (x->kind == EXPECT_STATE) {
		const struct sut_conn_info *ci = NULL;
		for (size_t i = 0; i < n && !ci; i++)
			if (found[i].remote_port == q.remote_port)
				ci = &found[i];
		describe(ci, seen, seen_cap);
		return check_one(x, ci, why, cap);
	}

	enum tcp_state want;
	uint32_t count = 0;
	tcp_state_from_name(x->state, &want);
	for (size_t i = 0; i < n; i++)
		count += found[i].state == want;
	snprintf(seen, seen_cap, "%u socket(s) in %s", count, tcp_state_name(want));
	if (count != x->count) {
		snprintf(why, cap, "sockets in %s: expected %u, observed %u", tcp_state_name(want),
			 x->count, count);
		return 0;
	}
	return 1;
}
