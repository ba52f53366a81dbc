/* case_runner.c — see case_runner.h. */
#include "harness/run/case_runner.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness/packet/segment.h"
#include "harness/run/clock.h"
#include "harness/run/conn_table.h"
#include "harness/run/model_check.h"
#include "harness/run/packet_build.h"
#include "harness/run/packet_match.h"
#include "harness/run/shell_event.h"
#include "harness/run/state_check.h"
#include "harness/run/state_compare.h"
#include "harness/run/syscall_plan.h"
#include "harness/run/syscall_thread.h"
#include "harness/wire/capture.h"

enum {
	PACKET_BUF = 65536,
	/* How long a socket call may run before it counts as blocked even
	 * when its thread is not seen asleep (a busy machine). */
	CALL_SETTLE_US = 200000,
	/* How long a "*" outbound line waits for its segment. */
	ANY_TIME_WAIT_US = 10000000,
};

struct case_run {
	const struct script *script;
	const struct run_options *opt;
	struct case_result *res;
	struct sut sut;
	bool attached;
	struct sut_config cfg;
	struct conn_table conns;
	struct fd_map fds;
	struct syscall_thread calls;
	struct capture *pcap;
	char workdir[CASE_PATH_MAX];
	int64_t t0;                 /* monotonic time of script time 0 */
	int64_t tolerance;
	int64_t call_end_due;       /* script end time of the pending call, -1 if none */
	int64_t last_action_us;     /* when the harness last acted (sent, called, ran a command) */
	uint16_t ip_id;
	bool finished;              /* a verdict other than pass was set */
	struct model_check *model;  /* the oracle; NULL with --model=off */
	struct model_profile profile; /* the run's profile with the case's --knob settings */
	bool outbound_by_model;     /* the case has no ">" lines: the model judges what the stack sends */
	uint8_t buf[PACKET_BUF];
};

/* ---- verdicts ------------------------------------------------------- */

static void set_verdict(struct case_run *r, enum verdict v, struct script_loc loc,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set_verdict(struct case_run *r, enum verdict v, struct script_loc loc,
			const char *fmt, ...)
{
	va_list ap;

	if (r->finished)
		return;
	r->finished = true;
	r->res->verdict = v;
	r->res->line = loc.line;
	r->res->col = loc.col;
	va_start(ap, fmt);
	vsnprintf(r->res->message, sizeof r->res->message, fmt, ap);
	va_end(ap);
	trace_printf(&r->res->trace, "!! %d:%d: %s\n", loc.line, loc.col, r->res->message);
}

static double script_secs(const struct case_run *r, int64_t mono_us)
{
	return (double)(mono_us - r->t0) / 1e6;
}

/* ---- the wire ------------------------------------------------------- */

static void record(struct case_run *r, const uint8_t *pkt, size_t len)
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
static int next_outbound(struct case_run *r, int64_t until, struct seg *out, int64_t *when);

static void finish_blocked_call(struct case_run *r);

static int next_outbound(struct case_run *r, int64_t until, struct seg *out, int64_t *when)
{
	struct sut_error err = { .message = "" };
	struct seg_error perr;

	for (;;) {
		if (syscall_thread_done(&r->calls))
			finish_blocked_call(r);
		if (r->finished)
			return -1;
		int64_t now = clock_now_us();
		if (now >= until)
			return 0;
		int64_t slice = until - now < 1000 ? until - now : 1000;
		ssize_t n = r->sut.ops->receive(&r->sut, r->buf, sizeof r->buf, slice, &err);
		if (n < 0) {
			set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
				    "cannot read from the stack: %s", err.message);
			return -1;
		}
		if (n == 0)
			continue;
		*when = clock_now_us();
		record(r, r->buf, (size_t)n);
		if (seg_parse(r->buf, (size_t)n, out, &perr) != SEG_OK) {
			trace_printf(&r->res->trace, "   %8.4f  noise: %zd bytes (%s)\n",
				     script_secs(r, *when), n, perr.message);
			continue;
		}
		if (!is_case_segment(r, out))
			continue;
		return 1;
	}
}

static void trace_segment(struct case_run *r, const char *dir, int64_t when, const struct seg *s)
{
	char text[512];

	seg_format(s, text, sizeof text);
	trace_printf(&r->res->trace, "   %8.4f %s %s\n", script_secs(r, when), dir, text);
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
static void quiet_until(struct case_run *r, int64_t until, const struct event *next)
{
	struct seg s;
	int64_t when;
	int got;

	while ((got = next_outbound(r, until, &s, &when)) == 1) {
		trace_segment(r, "> ", when, &s);
		if (!r->outbound_by_model || !model_judges(r, &s, when))
			break;
	}
	if (got != 1)
		return;
	char text[512];
	seg_format(&s, text, sizeof text);
	set_verdict(r, VERDICT_FAIL, next->loc,
		    "unexpected outbound segment at %.4f s, before this line was due:\n  observed: %s",
		    script_secs(r, when), text);
}

/* ---- event times ---------------------------------------------------- */

static int64_t resolve_time(const struct script_time *t, int64_t prev)
{
	switch (t->kind) {
	case TIME_ABSOLUTE: return t->usecs;
	case TIME_RELATIVE: return prev + t->usecs;
	case TIME_ANY: return prev;
	}
	return prev;
}

static int64_t resolve_end(const struct script_time *t, int64_t start, int64_t prev)
{
	switch (t->kind) {
	case TIME_ABSOLUTE: return t->is_range ? t->end_usecs : t->usecs;
	case TIME_RELATIVE: return prev + (t->is_range ? t->end_usecs : t->usecs);
	case TIME_ANY: return start;
	}
	return start;
}

/* ---- events --------------------------------------------------------- */

static void run_inbound(struct case_run *r, const struct event *ev)
{
	const struct script_packet *p = &ev->u.packet;
	struct conn_binding *c = &r->conns.conn[p->conn];
	struct sut_error err = { .message = "" };
	char why[256];
	struct seg s;

	if (!c->local_port_known) {
		set_verdict(r, VERDICT_BAD_INPUT, ev->loc,
			    "expected an outbound segment of connection @%u before this inbound one, found none: its port is unknown",
			    p->conn);
		return;
	}
	if (packet_build_inbound(p, c, &r->cfg, r->ip_id++, &s, why, sizeof why) < 0) {
		set_verdict(r, VERDICT_BAD_INPUT, ev->loc, "%s", why);
		return;
	}
	size_t n = seg_emit(&s, r->buf, sizeof r->buf);
	if (n == 0) {
		set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "cannot encode the segment");
		return;
	}
	int64_t now = clock_now_us();
	record(r, r->buf, n);
	trace_segment(r, "< ", now, &s);
	r->last_action_us = clock_now_us();
	if (r->sut.ops->inject(&r->sut, r->buf, n, &err) < 0) {
		set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "cannot send the segment: %s",
			    err.message);
		return;
	}
	if (r->model) {
		s.tcp_csum_ok = !p->bad_checksum;
		model_check_input(r->model, p->conn, &s, (uint64_t)(now - r->t0));
	}
}

/* Wait for the segment due in [due, end_due] (script times) and check it.
 * Returns the monotonic time it was seen (for relative times). */
static int64_t run_outbound(struct case_run *r, const struct event *ev, int64_t due,
			    int64_t end_due)
{
	const struct script_packet *p = &ev->u.packet;
	struct conn_binding *c = &r->conns.conn[p->conn];
	char expected[512], observed[512], why[1024];
	int64_t earliest, latest, when = 0;
	struct seg s;

	if (ev->time.kind == TIME_ANY) {
		earliest = clock_now_us();
		latest = earliest + ANY_TIME_WAIT_US;
	} else {
		earliest = r->t0 + due - r->tolerance;
		/* When the harness itself ran late (a slow shell line, a loaded
		 * machine), the stack cannot answer before it was asked. */
		int64_t due_at = r->t0 + end_due;
		latest = (r->last_action_us > due_at ? r->last_action_us : due_at) + r->tolerance;
	}
	script_packet_format(p, expected, sizeof expected);
	int got = next_outbound(r, latest, &s, &when);
	if (got < 0)
		return 0;
	if (got == 0) {
		set_verdict(r, VERDICT_FAIL, ev->loc,
			    "outbound segment: expected one by %.4f s, observed none\n  expected: %s",
			    script_secs(r, latest), expected);
		return 0;
	}
	trace_segment(r, "> ", when, &s);
	seg_format(&s, observed, sizeof observed);
	if (!packet_match_outbound(p, c, &s, &r->cfg, why, sizeof why)) {
		set_verdict(r, VERDICT_FAIL, ev->loc,
			    "outbound segment: %s  expected: %s\n  observed: %s", why, expected,
			    observed);
		return when;
	}
	if (r->model)
		model_check_output(r->model, p->conn, &s, (uint64_t)(when - r->t0));
	if (when < earliest) {
		set_verdict(r, VERDICT_FAIL, ev->loc,
			    "outbound segment: field time: expected %.4f s (tolerance %.4f s), observed %.4f s\n  observed: %s",
			    (double)due / 1e6, (double)r->tolerance / 1e6, script_secs(r, when),
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
		set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%s(): %s", sc->name,
			    r->calls.err.message);
		return;
	}
	trace_printf(&r->res->trace, "   %8.4f   %s() = %ld%s%s\n", script_secs(r, r->calls.done_us),
		     sc->name, r->calls.res.ret, r->calls.res.ret == -1 ? " " : "",
		     r->calls.res.ret == -1 ? strerror(r->calls.res.err) : "");
	if (!syscall_check_result(sc, &r->calls.call, &r->calls.res, &r->fds, why, sizeof why))
		set_verdict(r, VERDICT_FAIL, ev->loc, "%s(): result: %s", sc->name, why);
	if (r->model)
		model_check_call(r->model, &r->calls.call, &r->calls.res,
				 (uint64_t)(r->calls.done_us - r->t0));
}

/* A call that blocked has returned: check it, and its end time if given. */
static void finish_blocked_call(struct case_run *r)
{
	size_t index = r->calls.event_index;
	const struct event *ev = &r->script->events[index];

	check_call_result(r, index);
	if (r->call_end_due >= 0) {
		int64_t late = r->calls.done_us - (r->t0 + r->call_end_due);
		if (late > r->tolerance || late < -r->tolerance)
			set_verdict(r, VERDICT_FAIL, ev->loc,
				    "%s(): field end time: expected %.4f s (tolerance %.4f s), observed %.4f s",
				    ev->u.syscall.name, (double)r->call_end_due / 1e6,
				    (double)r->tolerance / 1e6, script_secs(r, r->calls.done_us));
	}
	syscall_thread_collect(&r->calls);
}

static void run_syscall(struct case_run *r, const struct event *ev, size_t index, int64_t end_due)
{
	struct sut_call call;
	struct plan_error perr;

	/* One call at a time: a still-blocked call must return first. */
	if (r->calls.has_job) {
		enum call_state st = syscall_thread_settle(&r->calls, r->tolerance);
		if (st == CALL_DONE) {
			finish_blocked_call(r);
		} else {
			const struct event *blocked = &r->script->events[r->calls.event_index];
			set_verdict(r, VERDICT_FAIL, ev->loc,
				    "%s() from line %d is still blocked when this call is due",
				    blocked->u.syscall.name, blocked->loc.line);
			return;
		}
		if (r->finished)
			return;
	}
	if (syscall_plan(&ev->u.syscall, ev->loc, &r->cfg, &r->fds, &call, &perr) < 0) {
		set_verdict(r, VERDICT_BAD_INPUT, perr.loc, "%s", perr.message);
		return;
	}
	syscall_thread_submit(&r->calls, &call, index);
	r->last_action_us = clock_now_us();
	r->call_end_due = ev->u.syscall.has_end_time ? end_due : -1;
	enum call_state st = syscall_thread_settle(&r->calls, CALL_SETTLE_US);
	switch (st) {
	case CALL_DONE:
		finish_blocked_call(r);
		break;
	case CALL_BLOCKED:
	case CALL_RUNNING:
		trace_printf(&r->res->trace, "   %8.4f   %s() blocks\n", script_secs(r, clock_now_us()),
			     ev->u.syscall.name);
		break;
	case CALL_IDLE:
		break;
	}
}

static void run_shell(struct case_run *r, const struct event *ev)
{
	trace_printf(&r->res->trace, "   %8.4f   `%s`\n", script_secs(r, clock_now_us()), ev->u.shell);
	int status = shell_event_run(ev->u.shell, r->workdir, &r->res->trace);
	r->last_action_us = clock_now_us();
	/* 126 and 127 are the shell's own: the command could not run. */
	const char *hint = status == 126   ? " (found but not executable: check its mode)"
			   : status == 127 ? " (command not found)"
			   : status < 0    ? " (could not start /bin/sh)"
					   : "";
	if (status != 0)
		set_verdict(r, VERDICT_FAIL, ev->loc, "shell command `%s` exited with status %d%s",
			    ev->u.shell, status, hint);
}

static void run_expect(struct case_run *r, const struct event *ev)
{
	char why[256], seen[256];

	int ok = state_check(&ev->u.expect, &r->conns, &r->sut, r->cfg.family, why, sizeof why,
			     seen, sizeof seen);
	trace_printf(&r->res->trace, "   %8.4f   expect: %s\n", script_secs(r, clock_now_us()), seen);
	if (ok < 0)
		set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%s", why);
	else if (ok == 0)
		set_verdict(r, VERDICT_FAIL, ev->loc, "socket state: %s", why);
}

/* ---- the case ------------------------------------------------------- */

/* "--knob=syn_cookies=false": the case changed the stack (e.g. a sysctl)
 * and tells the model. */
static int apply_knob(struct model_profile *profile, const char *text, char *err, size_t cap)
{
	char name[64];
	const char *eq = strchr(text, '=');

	if (!eq || (size_t)(eq - text) >= sizeof name) {
		snprintf(err, cap, "expected --knob=NAME=VALUE, found '--knob=%s'", text);
		return -1;
	}
	snprintf(name, sizeof name, "%.*s", (int)(eq - text), text);
	return model_profile_set(profile, name, eq + 1, err, cap);
}

/* The script's options: its tolerance and the knobs it sets on its own
 * copy of the profile. */
static int apply_script_flags(const struct script *s, const struct run_options *opt,
			      int64_t *tolerance, struct model_profile *profile,
			      struct case_result *res)
{
	*tolerance = opt->tolerance_us;
	*profile = *opt->profile;
	for (size_t i = 0; i < s->flag_count; i++) {
		const struct script_flag *f = &s->flags[i];
		char *end;
		if (strcmp(f->name, "model") == 0 && f->value &&
		    (strcmp(f->value, "off") == 0 || strcmp(f->value, "on") == 0)) {
			continue;
		}
		if (strcmp(f->name, "knob") == 0 && f->value) {
			if (apply_knob(profile, f->value, res->message, sizeof res->message) == 0)
				continue;
		} else
		if (strcmp(f->name, "tolerance_usecs") == 0 && f->value) {
			long long v = strtoll(f->value, &end, 10);
			if (*end == '\0' && v >= 0 && v <= 10000000) {
				*tolerance = v;
				continue;
			}
			snprintf(res->message, sizeof res->message,
				 "expected a number of microseconds from 0 to 10000000, found '%s'", f->value);
		} else {
			snprintf(res->message, sizeof res->message,
				 "expected a supported script option (--tolerance_usecs=N, --model=off, "
				 "--knob=NAME=VALUE), found '--%s'",
				 f->name);
		}
		res->verdict = VERDICT_BAD_INPUT;
		res->line = f->loc.line;
		res->col = f->loc.col;
		return -1;
	}
	return 0;
}

/* "--model=off" at the top of a case turns the oracle off for it. */
static bool case_wants_model(const struct script *s)
{
	for (size_t i = 0; i < s->flag_count; i++)
		if (strcmp(s->flags[i].name, "model") == 0 && s->flags[i].value &&
		    strcmp(s->flags[i].value, "off") == 0)
			return false;
	return true;
}

static bool case_has_outbound_lines(const struct script *s)
{
	for (size_t i = 0; i < s->event_count; i++)
		if (s->events[i].kind == EVENT_PACKET && s->events[i].u.packet.dir == PKT_OUTBOUND)
			return true;
	return false;
}

int case_validate(const struct script *s, const struct run_options *opt, struct case_result *res)
{
	struct conn_table conns;
	struct sut_config cfg;
	struct plan_error perr;
	struct sut_call call;
	unsigned bad_label = 0;
	int64_t tolerance;

	struct model_profile profile;
	if (apply_script_flags(s, opt, &tolerance, &profile, res) < 0)
		return -1;
	if (!conn_table_init(&conns, s, &bad_label)) {
		res->verdict = VERDICT_BAD_INPUT;
		snprintf(res->message, sizeof res->message,
			 "expected a connection label from @0 to @%d, found @%u", CONN_MAX - 1, bad_label);
		return -1;
	}
	sut_config_default(&cfg);
	cfg.family = opt->family;
	for (size_t i = 0; i < s->event_count; i++) {
		const struct event *ev = &s->events[i];
		if (ev->kind != EVENT_SYSCALL)
			continue;
		if (syscall_plan(&ev->u.syscall, ev->loc, &cfg, NULL, &call, &perr) < 0) {
			res->verdict = VERDICT_BAD_INPUT;
			res->line = perr.loc.line;
			res->col = perr.loc.col;
			snprintf(res->message, sizeof res->message, "%s", perr.message);
			return -1;
		}
	}
	return 0;
}

/* ---- the oracle ---------------------------------------------------- */

/* A divergence the model found during the event at `ev`; with
 * --explain, what the model predicts now. */
static void model_verdict(struct case_run *r, const struct event *ev, bool explain)
{
	char why[600];

	if (r->model && explain && r->opt->explain) {
		char text[2048];
		model_check_describe(r->model, &r->conns, text, sizeof text);
		trace_printf(&r->res->trace, "%s", text);
	}

	if (r->model && !r->finished && model_check_failed(r->model, why, sizeof why))
		set_verdict(r, VERDICT_FAIL, ev->loc, "model: %s", why);
}

/* Before `ev` runs: what the model expected by now has happened, and the
 * stack reports the states (and TIME-WAIT timers) the model is in. */
static void model_checkpoint(struct case_run *r, const struct event *ev)
{
	char why[600];

	if (!r->model || r->finished)
		return;
	int64_t now = clock_now_us() - r->t0;
	model_check_time(r->model, (uint64_t)now);
	model_verdict(r, ev, false);
	if (r->finished)
		return;
	int rc = state_compare(r->model, &r->conns, &r->sut, r->cfg.family, (uint64_t)now,
			       (uint64_t)r->tolerance, why, sizeof why);
	if (rc < 0)
		set_verdict(r, VERDICT_HARNESS_FAULT, ev->loc, "%s", why);
	else if (rc == 0)
		set_verdict(r, VERDICT_FAIL, ev->loc, "model: state: %s", why);
}

static void run_events(struct case_run *r)
{
	int64_t prev = 0;

	r->t0 = clock_now_us();
	for (size_t i = 0; i < r->script->event_count && !r->finished; i++) {
		const struct event *ev = &r->script->events[i];
		int64_t due = resolve_time(&ev->time, prev);
		int64_t end_due = resolve_end(&ev->time, due, prev);

		if (ev->kind == EVENT_PACKET && ev->u.packet.dir == PKT_OUTBOUND) {
			int64_t when = run_outbound(r, ev, due, end_due);
			model_verdict(r, ev, true);
			prev = ev->time.kind == TIME_ANY || ev->time.is_range ? when - r->t0 : due;
			continue;
		}
		if (ev->time.kind != TIME_ANY)
			quiet_until(r, r->t0 + due, ev);
		model_checkpoint(r, ev);
		if (r->finished)
			break;
		switch (ev->kind) {
		case EVENT_PACKET: run_inbound(r, ev); break;
		case EVENT_SYSCALL:
			if (ev->u.syscall.has_end_time)
				/* The end time counts from the same base as the start. */
				end_due = resolve_end(&ev->u.syscall.end_time, due, prev);
			run_syscall(r, ev, i, end_due);
			break;
		case EVENT_SHELL: run_shell(r, ev); break;
		case EVENT_EXPECT: run_expect(r, ev); break;
		}
		model_verdict(r, ev, true);
		/* After a blocking call the next line counts from its start
		 * (packetdrill: "+.1...0.2 connect()" then "+0 > S"). */
		prev = ev->time.kind == TIME_ANY ? clock_now_us() - r->t0 : due;
	}
	if (r->script->event_count > 0)
		model_checkpoint(r, &r->script->events[r->script->event_count - 1]);
	/* A call still blocked at the end never returned. */
	if (!r->finished && r->calls.has_job) {
		enum call_state st = syscall_thread_settle(&r->calls, r->tolerance);
		const struct event *ev = &r->script->events[r->calls.event_index];
		if (st == CALL_DONE)
			finish_blocked_call(r);
		else
			set_verdict(r, VERDICT_FAIL, ev->loc, "%s() never returned (still blocked at the end of the case)",
				    ev->u.syscall.name);
	}
}

static void record_settings(struct case_run *r)
{
	const struct sut_setting *set = NULL;
	size_t n = r->sut.ops->settings ? r->sut.ops->settings(&r->sut, &set) : 0;
	size_t len = 0;

	for (size_t i = 0; i < n && len < sizeof r->res->settings; i++) {
		int w = snprintf(r->res->settings + len, sizeof r->res->settings - len, "%s=%s\n",
				 set[i].name, set[i].value);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static void open_pcap(struct case_run *r)
{
	char err[256];

	if (!r->res->pcap_path[0])
		return;
	r->pcap = capture_open(r->res->pcap_path, err, sizeof err);
	if (!r->pcap) {
		set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
			    "cannot write the pcap: %s", err);
		r->res->pcap_path[0] = '\0';
	}
}

void case_run(const struct script *s, const struct run_options *opt, struct case_result *res)
{
	struct case_run *r = calloc(1, sizeof *r);
	struct sut_error err = { .message = "" };
	unsigned bad_label = 0;

	if (!r) {
		res->verdict = VERDICT_HARNESS_FAULT;
		snprintf(res->message, sizeof res->message, "out of memory");
		return;
	}
	r->script = s;
	r->opt = opt;
	r->res = res;
	res->verdict = VERDICT_PASS;
	int64_t start = clock_now_us();
	char path_copy[CASE_PATH_MAX];
	snprintf(path_copy, sizeof path_copy, "%s", res->path);
	snprintf(r->workdir, sizeof r->workdir, "%s", dirname(path_copy));

	if (case_validate(s, opt, res) < 0)
		goto out;
	apply_script_flags(s, opt, &r->tolerance, &r->profile, res);
	conn_table_init(&r->conns, s, &bad_label);
	fd_map_init(&r->fds);
	if (opt->model && case_wants_model(s)) {
		r->model = model_check_new(&r->profile, &r->conns, (uint64_t)r->tolerance);
		r->outbound_by_model = r->model && !case_has_outbound_lines(s);
	}
	sut_config_default(&r->cfg);
	r->cfg.family = opt->family;
	/* As packetdrill does: 20 more bytes of MTU under IPv6 so that the
	 * same case sees the same MSS (1460) over both families. */
	if (opt->family == AF_INET6)
		r->cfg.mtu += 20;
	r->ip_id = 1;
	r->sut.ops = opt->stack;
	open_pcap(r);
	if (r->finished)
		goto out;
	if (r->sut.ops->attach(&r->sut, &r->cfg, &err) < 0) {
		set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
			    "cannot attach the %s stack: %s", r->sut.ops->name, err.message);
		goto out;
	}
	r->attached = true;
	record_settings(r);
	if (syscall_thread_start(&r->calls, &r->sut) < 0) {
		set_verdict(r, VERDICT_HARNESS_FAULT, (struct script_loc){ 0, 0 },
			    "cannot start the system call thread");
		goto out;
	}
	run_events(r);
	syscall_thread_stop(&r->calls);
out:
	if (r->attached)
		r->sut.ops->detach(&r->sut);
	if (r->model)
		res->cells = *model_check_cells(r->model);
	model_check_free(r->model);
	capture_close(r->pcap);
	res->duration_us = clock_now_us() - start;
	free(r);
}
