/* case_wire.c — the stack's segments while the runner waits: read them,
 * record them, and fail on one nothing expects (case_run_internal.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/run/case_run_internal.h"
#include "harness/run/clock.h"

/* Every datagram, both ways, goes to the pcap as it crosses. */
void case_record(struct case_run *r, const uint8_t *pkt, size_t len)
{
	struct timeval tv;

	if (!r->pcap)
		return;
	clock_wall_timeval(&tv);
	if (capture_write(r->pcap, pkt, len, &tv) < 0) {
		trace_printf(&r->res->trace, "!! cannot write the pcap: %s\n", strerror(errno));
		capture_close(r->pcap);
		r->pcap = NULL;
	}
}

/* A TCP segment of the case's address family, or noise (router
 * solicitations and the like), which is recorded and otherwise ignored. */
static bool is_case_segment(const struct case_run *r, const struct seg *s)
{
	return s->ip.version == (r->cfg.family == AF_INET6 ? 6 : 4);
}

/* Wait until `until` (monotonic) for the stack's next TCP segment.
 * Returns 1 with *out and *when set, 0 on timeout, -1 on a harness fault
 * (verdict set).  Calls that finish meanwhile are checked on the way. */
/* The next segment from the wire itself (not the held ones). */
static int next_from_wire(struct case_run *r, int64_t until, struct seg *out, int64_t *when)
{
	struct sut_error err = { .message = "" };
	struct seg_error perr;

	for (;;) {
		if (syscall_thread_done(&r->calls))
			case_finish_blocked_call(r);
		if (r->finished)
			return -1;
		/* Even when the harness is already late, what the stack has
		 * queued is read first: it happened before the next action (a
		 * write() whose segment is still in the queue precedes the ACK
		 * the script sends for it). */
		int64_t now = clock_now_us();
		int64_t slice = until - now < 1000 ? until - now : 1000;
		if (slice < 0)
			slice = 0;
		ssize_t n = r->sut.ops->receive(&r->sut, r->buf, sizeof r->buf, slice, &err);
		if (n < 0) {
			case_set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
				    "cannot read from the stack: %s", err.message);
			return -1;
		}
		if (n == 0) {
			if (now >= until)
				return 0;
			continue;
		}
		*when = clock_now_us();
		r->buf_len = (size_t)n;
		case_record(r, r->buf, (size_t)n);
		if (seg_parse(r->buf, (size_t)n, out, &perr) != SEG_OK) {
			trace_printf(&r->res->trace, "   %8.4f  noise: %zd bytes (%s)\n",
				     case_secs(r, *when), n, perr.message);
			continue;
		}
		if (!is_case_segment(r, out))
			continue;
		return 1;
	}
}

int case_next_outbound(struct case_run *r, int64_t until, struct seg *out, int64_t *when)
{
	struct seg_error perr;

	while (r->held_count) {
		struct held_segment h = r->held[0];
		memmove(r->held, r->held + 1, (r->held_count - 1) * sizeof *r->held);
		r->held_count--;
		memcpy(r->buf, h.bytes, h.len);
		free(h.bytes);
		r->buf_len = h.len;
		*when = h.when;
		if (seg_parse(r->buf, r->buf_len, out, &perr) == SEG_OK)
			return 1;
	}
	return next_from_wire(r, until, out, when);
}

static bool held_insert(struct case_run *r, size_t at, int64_t when)
{
	if (r->held_count == r->held_cap) {
		size_t cap = r->held_cap ? 2 * r->held_cap : 8;
		struct held_segment *h = realloc(r->held, cap * sizeof *h);
		if (!h)
			return false;
		r->held = h;
		r->held_cap = cap;
	}
	uint8_t *bytes = malloc(r->buf_len ? r->buf_len : 1);
	if (!bytes)
		return false;
	memcpy(bytes, r->buf, r->buf_len);
	memmove(r->held + at + 1, r->held + at, (r->held_count - at) * sizeof *r->held);
	r->held[at] = (struct held_segment){ .bytes = bytes, .len = r->buf_len, .when = when };
	r->held_count++;
	return true;
}

bool case_push_back(struct case_run *r, int64_t when)
{
	return held_insert(r, 0, when);
}

bool case_hold(struct case_run *r, int64_t when)
{
	return held_insert(r, r->held_count, when);
}

void case_held_free(struct case_run *r)
{
	for (size_t i = 0; i < r->held_count; i++)
		free(r->held[i].bytes);
	free(r->held);
	r->held = NULL;
	r->held_count = r->held_cap = 0;
}

/* packetdrill's scripts run its common/defaults.sh first; such a case
 * runs with packetdrill's conventions: a segment the stack sends while no
 * ">" line is due is kept for the next ">" line rather than failing the
 * case, and segments of a socket the script has left behind are not
 * compared (packetdrill looks only at its socket under test). */
bool case_is_packetdrill(const struct script *s)
{
	for (size_t i = 0; i < s->event_count; i++)
		if (s->events[i].kind == EVENT_SHELL && strstr(s->events[i].u.shell, "common/defaults.sh"))
			return true;
	return false;
}

void case_trace_segment(struct case_run *r, const char *dir, int64_t when, const struct seg *s)
{
	char text[512];

	seg_format(s, text, sizeof text);
	trace_printf(&r->res->trace, "   %8.4f %s %s\n", case_secs(r, when), dir, text);
}

/* A case without ">" lines leaves the stack's segments to the model: find
 * the connection (binding a port and ISS the stack chose) and feed it. */
static bool model_judges(struct case_run *r, const struct seg *s, int64_t when)
{
	int conn = conn_table_find(&r->conns, s->sport, s->dport);

	for (int i = 0; conn < 0 && i < CONN_MAX; i++) {
		struct conn_binding *c = &r->conns.conn[i];
		if (c->used && c->stack_opened && !c->local_port_known && c->remote_port == s->dport) {
			c->local_port = s->sport;
			c->local_port_known = true;
			conn = i;
		}
	}
	if (conn < 0)
		return false;
	struct conn_binding *c = &r->conns.conn[conn];
	if ((s->flags & TCP_FLAG_SYN) && !c->iss_known) {
		c->iss = s->seq;
		c->iss_known = true;
	}
	model_check_output(r->model, (unsigned)conn, s, (uint64_t)(when - r->t0));
	return true;
}

/* Sleep until `until`, failing on any segment the stack sends meanwhile
 * (unless the model judges them). */
void case_quiet_until(struct case_run *r, int64_t until, const struct event *next)
{
	struct seg s;
	int64_t when;
	int got;

	if (r->packetdrill) {
		while ((got = next_from_wire(r, until, &s, &when)) == 1) {
			if (r->held_count >= HELD_MAX) {
				case_set_verdict(r, VERDICT_FAIL, next->loc,
					    "more than %d segments from the stack that no line takes", HELD_MAX);
				return;
			}
			if (!case_hold(r, when)) {
				case_set_verdict(r, VERDICT_HARNESS_FAULT, next->loc, "out of memory");
				return;
			}
		}
		return;
	}
	while ((got = case_next_outbound(r, until, &s, &when)) == 1) {
		case_trace_segment(r, "> ", when, &s);
		if (!r->outbound_by_model || !model_judges(r, &s, when))
			break;
	}
	if (got != 1)
		return;
	char text[512];
	seg_format(&s, text, sizeof text);
	case_set_verdict(r, VERDICT_FAIL, next->loc,
		    "unexpected outbound segment at %.4f s, before this line was due:\n  observed: %s",
		    case_secs(r, when), text);
}
