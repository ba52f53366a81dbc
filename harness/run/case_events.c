/* case_events.c — one function per kind of script line: inbound and
 * outbound segments, socket calls, shell commands, state checks
 * (case_run_internal.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness/run/case_run_internal.h"
#include "harness/run/clock.h"
#include "harness/run/packet_build.h"
#include "harness/run/packet_match.h"
#include "harness/run/shell_event.h"
#include "harness/run/state_check.h"
#include "harness/run/tso_merge.h"

void case_run_inbound(struct case_run *r, const struct event *ev)
{
	const struct script_packet *p = &ev->u.packet;
	struct conn_binding *c = &r->conns.conn[p->conn];
	struct sut_error err = { .message = "" };
	char why[256];
	struct seg s;

	if (!c->local_port_known) {
		case_set_verdict(r, VERDICT_BAD_INPUT, ev->loc,
			    "expected an outbound segment of connection @%u before this inbound one, found none: its port is unknown",
			    p->conn);
		return;
	}
	if (r->packetdrill && (p->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN &&
	    r->new_socket && c->iss_known && !c->stack_opened) {
		/* A SYN to a new listener after an earlier connection: as
		 * packetdrill, from a new port, with new bindings. */
		c->remote_port = (uint16_t)(c->remote_port + CONN_MAX);
		c->iss_known = false;
		c->ts_known = false;
		c->remote_synced = false;
		r->new_socket = false;
	}
	if ((p->flags & TCP_FLAG_SYN) && !c->remote_synced) {
		c->remote_isn = p->seq_start;
		c->remote_isn_known = true;
	}
	if (!(p->flags & TCP_FLAG_SYN) && c->remote_isn_known)
		c->remote_synced = true;
	if (packet_build_inbound(p, c, &r->cfg, r->ip_id++, &s, why, sizeof why) < 0) {
		case_set_verdict(r, VERDICT_BAD_INPUT, ev->loc, "%s", why);
		return;
	}
	size_t n = seg_emit(&s, r->buf, sizeof r->buf);
	if (n == 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "cannot encode the segment");
		return;
	}
	int64_t now = clock_now_us();
	case_record(r, r->buf, n);
	case_trace_segment(r, "< ", now, &s);
	r->last_action_us = clock_now_us();
	if (r->sut.ops->inject(&r->sut, r->buf, n, &err) < 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "cannot send the segment: %s",
			    err.message);
		return;
	}
	/* A segment from or to an address no connection can have ("ip src/dst")
	 * is not the connection's: the model has no part in it (RFC 9293
	 * §3.9.2.3: a SYN to or from an invalid address is dropped, whatever
	 * its ports). */
	bool martian = (p->ip.src_family && packet_ip_is_martian(p->ip.src_family, p->ip.src)) ||
		       (p->ip.dst_family && packet_ip_is_martian(p->ip.dst_family, p->ip.dst));
	if (r->model && !martian) {
		s.tcp_csum_ok = !p->bad_checksum;
		model_check_input(r->model, p->conn, &s, (uint64_t)(now - r->t0));
	}
}

/* packetdrill compares the stack's segments with its socket under test
 * only: when a line expects a new connection's SYN, segments of the old
 * ones (their FIN, an ACK) are passed over; otherwise those from another
 * port. */
static bool of_socket_under_test(const struct case_run *r, const struct script_packet *p,
				 const struct conn_binding *c, const struct seg *s)
{
	const uint16_t syn_ack = TCP_FLAG_SYN | TCP_FLAG_ACK;
	if (c->stack_opened && (p->flags & syn_ack) == TCP_FLAG_SYN) {
		/* After a new socket(), the old one's SYN retransmissions
		 * (its port and ISS) are not the line's; a new socket may
		 * reuse the port (IP_LOCAL_PORT_RANGE, TIME-WAIT reuse). */
		if (r->new_socket && c->local_port_known && s->sport == c->local_port &&
		    c->iss_known && s->seq == c->iss)
			return false;
		return (s->flags & TCP_FLAG_SYN) != 0;
	}
	if (c->local_port_known && s->sport != c->local_port)
		return false;
	return s->dport == c->remote_port;
}

/* A new socket's SYN from the old one's port (TIME-WAIT reuse through
 * IP_LOCAL_PORT_RANGE): it binds ISS, TS and the peer's ISN afresh, as one
 * from a new port does (packet_match.c). */
static void rebind_same_port(const struct case_run *r, const struct script_packet *p,
			     struct conn_binding *c, const struct seg *s)
{
	const uint16_t syn_ack = TCP_FLAG_SYN | TCP_FLAG_ACK;
	if (!r->new_socket || !c->stack_opened || (p->flags & syn_ack) != TCP_FLAG_SYN ||
	    (s->flags & syn_ack) != TCP_FLAG_SYN || !c->local_port_known ||
	    s->sport != c->local_port || !c->iss_known || s->seq == c->iss)
		return;
	c->iss_known = false;
	c->ts_known = false;
	c->remote_isn_known = false;
	c->remote_synced = false;
}

/* A line longer than the segment seen: take the rest of the burst
 * (tso_merge.h).  False after a harness fault. */
static bool merge_burst(struct case_run *r, const struct script_packet *p, struct seg *s)
{
	int64_t last = clock_now_us();

	while (tso_merge_wants_more(s, p->payload_len)) {
		struct seg next;
		int64_t when;
		int got = case_next_outbound(r, last + TSO_MERGE_GAP_US, &next, &when);
		if (got < 0)
			return false;
		if (got == 0)
			break;
		if (!tso_merge(s, &next, p->payload_len)) {
			case_push_back(r, when);
			break;
		}
		/* Without TSO the kernel also pushes in mid-burst (forced
		 * push): PSH is not compared on a merged burst. */
		s->flags = (uint16_t)((s->flags & ~TCP_FLAG_PSH) | (p->flags & TCP_FLAG_PSH));
		case_trace_segment(r, "> ", when, &next);
		last = when;
	}
	return true;
}

/* Wait for the segment due in [due, end_due] (script times) and check it.
 * Returns the monotonic time it was seen (for relative times). */
int64_t case_run_outbound(struct case_run *r, const struct event *ev, int64_t due,
			    int64_t end_due)
{
	const struct script_packet *p = &ev->u.packet;
	struct conn_binding *c = &r->conns.conn[p->conn];
	char expected[512], observed[512], why[1024];
	int64_t earliest, latest, when = 0;
	struct seg s;

	int64_t tolerance = case_tolerance(r, due - r->prev_due);
	if (ev->time.kind == TIME_ANY) {
		earliest = clock_now_us();
		latest = earliest + ANY_TIME_WAIT_US;
	} else {
		earliest = r->t0 + due - tolerance;
		/* When the harness itself ran late (a slow shell line, a loaded
		 * machine), the stack cannot answer before it was asked. */
		int64_t due_at = r->t0 + end_due;
		latest = (r->last_action_us > due_at ? r->last_action_us : due_at) + tolerance;
	}
	script_packet_format(p, expected, sizeof expected);
	int got = case_next_outbound(r, latest, &s, &when);
	while (got == 1 && r->packetdrill && !of_socket_under_test(r, p, c, &s)) {
		case_trace_segment(r, "> ", when, &s);
		trace_printf(&r->res->trace, "              (a socket the script left behind: not compared)\n");
		got = case_next_outbound(r, latest, &s, &when);
	}
	if (got < 0)
		return 0;
	if (got == 0) {
		case_set_verdict(r, VERDICT_FAIL, ev->loc,
			    "outbound segment: expected one by %.4f s, observed none\n  expected: %s",
			    case_secs(r, latest), expected);
		return 0;
	}
	case_trace_segment(r, "> ", when, &s);
	/* Only for packetdrill's scripts, written for a device with
	 * segmentation offload: tcpcert's own cases name every segment. */
	if (r->packetdrill && !merge_burst(r, p, &s))
		return 0;
	if (r->packetdrill)
		rebind_same_port(r, p, c, &s);
	seg_format(&s, observed, sizeof observed);
	if (!packet_match_outbound(p, c, &s, &r->cfg, why, sizeof why)) {
		case_set_verdict(r, VERDICT_FAIL, ev->loc,
			    "outbound segment: %s  expected: %s\n  observed: %s", why, expected,
			    observed);
		return when;
	}
	if (p->flags & TCP_FLAG_SYN)
		r->new_socket = false;
	if (r->model)
		model_check_output(r->model, p->conn, &s, (uint64_t)(when - r->t0));
	if (when < earliest) {
		case_set_verdict(r, VERDICT_FAIL, ev->loc,
			    "outbound segment: field time: expected %.4f s (tolerance %.4f s), observed %.4f s\n  observed: %s",
			    (double)due / 1e6, (double)tolerance / 1e6, case_secs(r, when),
			    observed);
	}
	return when;
}

static void check_call_result(struct case_run *r, size_t index)
{
	const struct event *ev = &r->script->events[index];
	const struct script_syscall *sc = &ev->u.syscall;
	char why[256];

	if (r->calls.rc < 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%s(): %s", sc->name,
			    r->calls.err.message);
		return;
	}
	trace_printf(&r->res->trace, "   %8.4f   %s() = %ld%s%s\n", case_secs(r, r->calls.done_us),
		     sc->name, r->calls.res.ret, r->calls.res.ret == -1 ? " " : "",
		     r->calls.res.ret == -1 ? strerror(r->calls.res.err) : "");
	if ((r->calls.call.kind == SUT_CALL_SOCKET || r->calls.call.kind == SUT_CALL_ACCEPT) &&
	    r->calls.res.ret >= 0) {
		r->socket_under_test = (int)r->calls.res.ret;
		r->new_socket = r->calls.call.kind == SUT_CALL_SOCKET;
	}
	/* Script time 0 on the stack's realtime clock, for its timestamps. */
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	int64_t mono = clock_now_us();
	struct script_clock clk = {
		.start_realtime_ns = (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec - (mono - r->t0) * 1000,
		.tolerance_ns = case_tolerance(r, 0) * 1000,
	};
	if (!syscall_check_result_at(sc, &r->calls.call, &r->calls.res, &r->fds, &clk, why, sizeof why))
		case_set_verdict(r, VERDICT_FAIL, ev->loc, "%s(): result: %s", sc->name, why);
	if (r->model)
		model_check_call(r->model, &r->calls.call, &r->calls.res,
				 (uint64_t)(r->calls.done_us - r->t0));
}

/* A call that blocked has returned: check it, and its end time if given. */
void case_finish_blocked_call(struct case_run *r)
{
	size_t index = r->calls.event_index;
	const struct event *ev = &r->script->events[index];

	check_call_result(r, index);
	if (r->call_end_due >= 0) {
		int64_t late = r->calls.done_us - (r->t0 + r->call_end_due);
		if (late > r->call_tolerance || late < -r->call_tolerance)
			case_set_verdict(r, VERDICT_FAIL, ev->loc,
				    "%s(): field end time: expected %.4f s (tolerance %.4f s), observed %.4f s",
				    ev->u.syscall.name, (double)r->call_end_due / 1e6,
				    (double)r->call_tolerance / 1e6, case_secs(r, r->calls.done_us));
	}
	syscall_thread_collect(&r->calls);
}

void case_run_syscall(struct case_run *r, const struct event *ev, size_t index, int64_t end_due)
{
	struct sut_call call;
	struct plan_error perr;

	/* One call at a time: a still-blocked call must return first. */
	if (r->calls.has_job) {
		enum call_state st = syscall_thread_settle(&r->calls, r->tolerance);
		if (st == CALL_DONE) {
			case_finish_blocked_call(r);
		} else {
			const struct event *blocked = &r->script->events[r->calls.event_index];
			case_set_verdict(r, VERDICT_FAIL, ev->loc,
				    "%s() from line %d is still blocked when this call is due",
				    blocked->u.syscall.name, blocked->loc.line);
			return;
		}
		if (r->finished)
			return;
	}
	if (syscall_plan(&ev->u.syscall, ev->loc, &r->cfg, &r->fds, &call, &perr) < 0) {
		case_set_verdict(r, VERDICT_BAD_INPUT, perr.loc, "%s", perr.message);
		return;
	}
	syscall_thread_submit(&r->calls, &call, index);
	r->last_action_us = clock_now_us();
	r->call_end_due = ev->u.syscall.has_end_time ? end_due : -1;
	r->call_tolerance = case_tolerance(r, end_due - (r->last_action_us - r->t0));
	enum call_state st = syscall_thread_settle(&r->calls, CALL_SETTLE_US);
	switch (st) {
	case CALL_DONE:
		case_finish_blocked_call(r);
		break;
	case CALL_BLOCKED:
	case CALL_RUNNING:
		trace_printf(&r->res->trace, "   %8.4f   %s() blocks\n", case_secs(r, clock_now_us()),
			     ev->u.syscall.name);
		break;
	case CALL_IDLE:
		break;
	}
}

void case_run_shell(struct case_run *r, const struct event *ev)
{
	trace_printf(&r->res->trace, "   %8.4f   `%s`\n", case_secs(r, clock_now_us()), ev->u.shell);
	int status = shell_event_run(ev->u.shell, r->workdir, &r->res->trace);
	r->last_action_us = clock_now_us();
	/* 126 and 127 are the shell's own: the command could not run. */
	const char *hint = status == 126   ? " (found but not executable: check its mode)"
			   : status == 127 ? " (command not found)"
			   : status < 0    ? " (could not start /bin/sh)"
					   : "";
	if (status != 0)
		case_set_verdict(r, VERDICT_FAIL, ev->loc, "shell command `%s` exited with status %d%s",
			    ev->u.shell, status, hint);
}

void case_run_expect(struct case_run *r, const struct event *ev)
{
	char why[256], seen[256];

	int ok = state_check(&ev->u.expect, &r->conns, &r->sut, r->cfg.family, why, sizeof why,
			     seen, sizeof seen);
	trace_printf(&r->res->trace, "   %8.4f   expect: %s\n", case_secs(r, clock_now_us()), seen);
	if (ok < 0)
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%s", why);
	else if (ok == 0)
		case_set_verdict(r, VERDICT_FAIL, ev->loc, "socket state: %s", why);
}

/* A %{ }% block: record the socket under test's TCP_INFO with the code;
 * everything runs at the end (case_run_python). */
void case_run_code(struct case_run *r, const struct event *ev)
{
	struct sut_call call = { .kind = SUT_CALL_GETSOCKOPT, .optlen = SUT_OPTVAL_MAX };
	struct sut_result res;
	struct sut_error err = { .message = "" };

	if (r->socket_under_test < 0) {
		case_set_verdict(r, VERDICT_FAIL, ev->loc,
			    "%%{ }%% block: no socket to read TCP_INFO from (no socket() or accept() yet)");
		return;
	}
	call.fd = r->socket_under_test;
	python_block_sockopt(&call.level, &call.optname);
	if (r->sut.ops->call(&r->sut, &call, &res, &err) < 0) {
		case_set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%%{ }%% block: %s", err.message);
		return;
	}
	if (res.ret != 0) {
		case_set_verdict(r, VERDICT_FAIL, ev->loc, "%%{ }%% block: getsockopt(TCP_INFO): %s",
			    strerror(res.err));
		return;
	}
	trace_printf(&r->res->trace, "   %8.4f   %%{ %s }%%\n", case_secs(r, clock_now_us()), ev->u.code);
	python_block_add(&r->python, r->res->path, ev->loc.line, res.optval, res.optlen, ev->u.code);
}

void case_run_python(struct case_run *r)
{
	char why[700];
	int rc = python_block_run(&r->python, why, sizeof why);
	if (rc == 0)
		return;
	const struct event *last = &r->script->events[r->script->event_count - 1];
	case_set_verdict(r, rc < 0 ? VERDICT_HARNESS_FAULT : VERDICT_FAIL, last->loc,
		    "%%{ }%% blocks: %s", why);
}
